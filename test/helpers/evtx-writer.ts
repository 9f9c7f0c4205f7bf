/** The EVTX writer lives in src/parse/evtx/writer.ts (the benchmark uses its compiled copy). */
export * from '../../src/parse/evtx/writer.js';
export type { EvtxRecordSpec as EvtxTestRecord } from '../../src/parse/evtx/writer.js';
