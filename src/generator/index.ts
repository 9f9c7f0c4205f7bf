/** Programmatic API of the synthetic collection generator (used by tests and bench/run.js). */
export { generateCollection, syntheticTopology, INCIDENT_KINDS, DEFAULT_START } from './collection.js';
export type { GenerateOptions, GenerateResult, GeneratorIncident } from './collection.js';
export { buildFixtures } from './fixtures/index.js';
