/**
 * Public API of the rules stage: the built-in families, the evidence prefilter the engine runs on
 * every record, `diagnose` for an incident, and `describeRules` for `wsfc-forensics rules`.
 */
import type { ClusterEvent } from '../events/types.js';
import { createRuleEngine } from './engine.js';
import type { Diagnosis, RuleDescription } from './engine.js';
import * as registry from './registry.js';
import type { IncidentDraft, Rule } from './types.js';

/** Every built-in family, sorted by id. */
export const builtinRules: readonly Rule[] = Object.values(registry).sort((a, b) =>
  a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0,
);

const engine = createRuleEngine(builtinRules);

/**
 * Cheap prefilter for the hot path: true when some signature could match the record. Records it
 * rejects can never be evidence; records it accepts may still not match (resource type, `when`).
 */
export const isEvidenceCandidate: (e: ClusterEvent) => boolean = engine.isEvidenceCandidate;

/** Root cause and recommendations of an incident from the records around it. */
export function diagnose(draft: IncidentDraft, evidence: readonly ClusterEvent[]): Diagnosis {
  return engine.diagnose(draft, evidence);
}

/** The families and their signatures, for `wsfc-forensics rules`. */
export function describeRules(): RuleDescription[] {
  return engine.describeRules();
}

export { createRuleEngine, dedupeRecommendations, normaliseRecommendation, relevance, withResourceType } from './engine.js';
export type { Diagnosis, FamilyResult, RuleDescription, RuleEngine } from './engine.js';
export { defineRule } from './types.js';
export type {
  FamilyFindings,
  IncidentDraft,
  Prior,
  ResourceTimeouts,
  Rule,
  RuleMeta,
  Signature,
  SignatureHit,
  StuckThread,
} from './types.js';
