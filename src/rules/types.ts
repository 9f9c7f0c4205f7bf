/**
 * Contracts of the rules stage. The engine finds *that* something failed (an incident draft);
 * rules say *why*: one module per root-cause family, mostly a declarative table of signatures.
 */
import type { ClusterEvent, EntryPoint, EventType } from '../events/types.js';
import type { IncidentKind, RootCauseCategory } from '../shared/report.js';

/** Timeout properties in effect for the incident's resource (domain.md §6), when the engine knows them. */
export interface ResourceTimeouts {
  /** DeadlockTimeout in ms (default 300000). */
  readonly deadlockTimeoutMs: number | null;
  /** PendingTimeout in ms (default 180000). */
  readonly pendingTimeoutMs: number | null;
  /** Where the values came from (`[=== Resources ===]`, `resource type`, ...), for the evidence note. */
  readonly source: string | null;
}

/** The RHS thread that was inside the stuck call (same `PID.TID` as the RES lines that stop; domain.md §10). */
export interface StuckThread {
  readonly pid: number | null;
  readonly tid: number | null;
}

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
  /** The stuck RHS thread, when found: its records weigh more. */
  readonly stuckThread?: StuckThread | null | undefined;
  /** DeadlockTimeout/PendingTimeout of the resource, when known: unusually low values are a configuration cause. */
  readonly timeouts?: ResourceTimeouts | null | undefined;
}

/**
 * One piece of declarative evidence: "inside an incident's window, a record like this points at this cause".
 *
 * A record matches when every field that applies to it holds:
 * - `on` lists its type (omitted = any type);
 * - `generic` records at INFO/DBG: their component is in `components` (records at WARN and above, or
 *   without a level, need no component), so healthy chatter costs nothing;
 * - event-log records: `eventIds` contains the id; a record whose id is unknown is identified by `template`;
 * - `pattern` matches the record text (`message` of event-log and RES records, `text` otherwise);
 * - `resourceType` matches the resource type the record names (RES lines, event parameters);
 * - `when` holds.
 * Everything but `when` (and the resource type of non-RES records) is also compiled into the prefilter
 * (`isEvidenceCandidate`), so a signature on `res.message` or `generic` records must have a `pattern`.
 * The prefilter scans for the literals every match of a pattern must contain (`DNS (?:update|registration)`
 * → `dns update`, `dns registration`), so give patterns a distinctive literal, and keep them linear:
 * bounded gaps (`.{0,80}`) rather than `.*` or `\w*` before another quantifier.
 */
export interface Signature {
  /** kebab-case, unique in the family; the full id is `<family>/<name>`. */
  readonly name: string;
  /** What it looks for, in words (printed by `wsfc-forensics rules`). */
  readonly description: string;
  /** Event types it looks at; omitted = any. */
  readonly on?: readonly EventType[];
  /** Regular expression over the record's text (see above). Flags: `i` only. */
  readonly pattern?: RegExp;
  /** Event ids it looks for (event-log records only). */
  readonly eventIds?: readonly number[];
  /** Message template that identifies one of `eventIds` when the export carries no id. Flags: `i` only. */
  readonly template?: RegExp;
  /** Component tags (`NETFT`, `IM`, `RES`...) whose INFO/DBG `generic` records are looked at too. */
  readonly components?: readonly string[];
  /** Resource type the record must name (RES line type, or the `resourceType` parameter of an event). */
  readonly resourceType?: RegExp;
  /** Extra predicate, for what a regex cannot say (codes, thresholds, other records of the evidence). */
  readonly when?: (event: ClusterEvent, incident: IncidentDraft, evidence: readonly ClusterEvent[]) => boolean;
  /** Restricts the signature to some incidents (kinds, resource types, entry points). */
  readonly appliesTo?: (incident: IncidentDraft) => boolean;
  /** 0..1, combined into the finding's confidence. */
  readonly weight: number;
  /** Corroborates its family but cannot make it win alone (escalation hints, symptoms). */
  readonly supporting?: boolean;
  /** Why this record matters, one sentence (may use the event). */
  readonly explain: (event: ClusterEvent) => string;
  /** A recommendation that follows from this record, when its family wins. */
  readonly advice?: (event: ClusterEvent, incident: IncidentDraft) => string | null;
}

/** Weak evidence taken from the incident itself (kind, resource type), for when no record says more. */
export interface Prior {
  /** kebab-case, unique in the family next to the signatures. */
  readonly name: string;
  readonly description: string;
  readonly appliesTo: (incident: IncidentDraft) => boolean;
  /** 0..1; may depend on the incident (e.g. how low a timeout is). */
  readonly weight: number | ((incident: IncidentDraft) => number);
  readonly explain: (incident: IncidentDraft) => string;
}

/** A record a signature matched, as handed to a family's summary and recommendations. */
export interface SignatureHit {
  /** `<family>/<name>`. */
  readonly signature: string;
  readonly event: ClusterEvent;
  /** Weight after relevance (resource, thread, node, time). */
  readonly weight: number;
  readonly note: string;
}

/** What a family found for one incident. */
export interface FamilyFindings {
  /** Matched records, strongest first. */
  readonly hits: readonly SignatureHit[];
  /** Priors that applied, as explained sentences. */
  readonly priors: readonly string[];
  /** Nodes the hits came from, in order of first appearance. */
  readonly nodes: readonly string[];
  /** The record texts of the hits joined by newlines, for code look-ups. */
  readonly text: string;
  /** How sure a summary may sound: `possibly` when the diagnosis confidence is below 0.4. */
  readonly hedge: 'most likely' | 'possibly';
}

export interface RuleMeta {
  /** Family id = folder name (`dns`, `storage`...). */
  readonly id: string;
  readonly category: RootCauseCategory;
  readonly title: string;
  /** Summary sentence (without final period) used when this family wins; the top hit's note is appended. */
  readonly summary: (incident: IncidentDraft, findings: FamilyFindings) => string;
  /** Recommendations that follow when this family wins. */
  readonly recommendations: (incident: IncidentDraft, findings: FamilyFindings) => readonly string[];
}

export interface Rule {
  readonly meta: RuleMeta;
  readonly signatures: readonly Signature[];
  readonly priors?: readonly Prior[];
}

export const defineRule = (rule: Rule): Rule => rule;
