/**
 * Public API of the correlation engine: feed it every batch of typed events (`ingest`), then ask for
 * incidents, the aligned timeline and the zone decisions (`finish`).
 */
import { diagnose, isEvidenceCandidate } from '../rules/index.js';
import { keepsGeneric } from '../rules/sieve.js';
import { CorrelationEngine, type EngineOptions } from './engine.js';
import { FileIngest } from './ingest.js';
export { FileIngest, type FileDigest } from './ingest.js';

export type { EngineOptions, EngineResult } from './engine.js';
export type { RulesPort } from './rules-port.js';
export { CorrelationEngine } from './engine.js';

/** The engine wired to the built-in root-cause rules. */
export class Engine extends CorrelationEngine {
  constructor(options: EngineOptions = {}) {
    super(options, { diagnose, isEvidenceCandidate, keepsGeneric });
  }
}

/** The intake of one input file for `Engine.adopt`, with the built-in rules' prefilter and sieve. */
export function fileIntake(file: string): FileIngest {
  return new FileIngest(file, { isEvidenceCandidate, keepsGeneric });
}

/** The intake of one segment of a file read in parts (`mergeSegmentDigests` joins them). */
export function segmentIntake(file: string, lookbackMs: number): FileIngest {
  return new FileIngest(file, { isEvidenceCandidate, keepsGeneric }, undefined, { lookbackMs });
}
