/**
 * Public API of the correlation engine: feed it every batch of typed events (`ingest`), then ask for
 * incidents, the aligned timeline and the zone decisions (`finish`).
 */
import { diagnose, isEvidenceCandidate } from '../rules/index.js';
import { CorrelationEngine, type EngineOptions } from './engine.js';

export type { EngineOptions, EngineResult } from './engine.js';
export type { RulesPort } from './rules-port.js';
export { CorrelationEngine } from './engine.js';

/** The engine wired to the built-in root-cause rules. */
export class Engine extends CorrelationEngine {
  constructor(options: EngineOptions = {}) {
    super(options, { diagnose, isEvidenceCandidate });
  }
}
