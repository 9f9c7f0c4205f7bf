/**
 * Contracts of the rules stage. The engine finds *that* something failed (an incident draft);
 * rules say *why*: one module per root-cause family, mostly a declarative table of signatures.
 */
import type { ClusterEvent, EntryPoint } from '../events/types.js';
import type { IncidentKind, RootCauseCategory } from '../shared/report.js';

/** What the engine knows about an incident when it asks the rules for a root cause. */
export interface IncidentDraft {
  readonly kind: IncidentKind;
  readonly node: string | null;
  readonly resource: string | null;
  readonly resourceType: string | null;
  readonly group: string | null;
  readonly dll: string | null;
  readonly entryPoint: EntryPoint | null;
  /** UTC ms of detection (T0) and of the call start when known. */
  readonly detectedMs: number | null;
  readonly startedMs: number | null;
  /** Resources the incident's resource depends on, when known (same group, from the object tables). */
  readonly dependencies: readonly string[];
}

/** One piece of declarative evidence: "inside an incident's window, a record like this points at this cause". */
export interface Signature {
  /** kebab-case, unique in the family; the full id is `<family>/<name>`. */
  readonly name: string;
  /** What it looks for, in words (printed by `wsfc-forensics rules`). */
  readonly description: string;
  /** Event types it looks at; omitted = any. */
  readonly on?: readonly ClusterEvent['type'][];
  /** Regular expression over the record's text (message for event-log records). */
  readonly pattern?: RegExp;
  /** Extra predicate, for what a regex cannot say (event ids, codes, resource types). */
  readonly when?: (event: ClusterEvent, incident: IncidentDraft) => boolean;
  /** Restricts the signature to some incidents (kinds, resource types, entry points). */
  readonly appliesTo?: (incident: IncidentDraft) => boolean;
  /** 0..1, combined into the finding's confidence. */
  readonly weight: number;
  /** Why this record matters, one sentence (may use the event). */
  readonly explain: (event: ClusterEvent) => string;
}

export interface RuleMeta {
  /** Family id = folder name (`dns`, `storage`...). */
  readonly id: string;
  readonly category: RootCauseCategory;
  readonly title: string;
  /** Summary sentence template used when this family wins. */
  readonly summary: (incident: IncidentDraft) => string;
  /** Recommendations that follow when this family wins. */
  readonly recommendations: (incident: IncidentDraft) => readonly string[];
}

export interface Rule {
  readonly meta: RuleMeta;
  readonly signatures: readonly Signature[];
}

export const defineRule = (rule: Rule): Rule => rule;
