/**
 * What the rules see for one incident, and what they say back: retained evidence records of the
 * incident's node (plus cluster-wide membership and storage records) from a few minutes before the call
 * started to shortly after detection, the RES lines of the resource and its dependencies (for a
 * resource-type call, the RES lines of that type on its node), and the incident's own records. The engine adds recommendations only where the rules said nothing about them.
 */
import type { ClusterEvent } from '../events/types.js';
import type { Diagnostic, RootCause } from '../shared/report.js';
import type { IncidentDraft } from '../rules/types.js';
import { onIncidentNode, type BuildContext, type IncidentFacts } from './context.js';
import { withoutDuplicateEvents } from './duplicates.js';
import { nameKey, nodeKeyOf, resourceOf } from './names.js';
import { between, compareKeys, eventTime, untimedTail } from './order.js';

const BEFORE_MS = 3 * 60_000;
const AFTER_MS = 30_000;
/** Enough for any rule; beyond it the records farthest from detection are left out. */
const MAX_EVIDENCE = 5_000;

/** Records that matter cluster-wide: membership and CSV/storage (every node's view counts). */
const CLUSTER_WIDE_TYPES = /^(?:node\.|net\.|quorum\.)/;
const CLUSTER_WIDE_IDS: ReadonlySet<number> = new Set([1135, 1177, 1127, 1129, 1130, 5120, 5142, 5150, 5157, 1038]);

function isClusterWide(e: ClusterEvent): boolean {
  if (CLUSTER_WIDE_TYPES.test(e.type)) return true;
  return e.type === 'eventlog.record' && e.eventId !== null && CLUSTER_WIDE_IDS.has(e.eventId);
}

export function evidenceFor(f: IncidentFacts, startT: number | null, ctx: BuildContext): ClusterEvent[] {
  const related = new Set([f.resourceKey, ...(f.resourceKey !== null ? ctx.topology.groupMates(f.resourceKey) : []).map(nameKey)]);
  related.delete(null);
  const ownFiles = new Set(f.own.map((r) => r.file));
  const from = f.detectT !== null ? (startT ?? f.detectT) - BEFORE_MS : null;
  const to = f.detectT !== null ? f.detectT + AFTER_MS : null;
  const picked = new Set<ClusterEvent>(f.members.map((r) => r.e));
  const timed = from !== null && to !== null ? between(ctx.evidence, eventTime, from, to) : [];
  // Records without a time count when they come from the incident's node (or its own files).
  const untimed = untimedTail(ctx.evidence, eventTime).filter(
    (e) => ownFiles.has(e.source.file) || onIncidentNode(f, ctx.scope, { nodeKey: nodeKeyOf(e.node), file: e.source.file }),
  );
  // A resource-type call (ResourceTypeControl) names no resource: the DLL lines of that type on its node
  // are what it was doing, most of them without a resource name (`[RES] Network Name: ValidateNetname: ...`).
  const typeKey = f.resourceKey === null && f.resourceType !== null ? nameKey(f.resourceType) : null;
  for (const e of [...timed, ...untimed]) {
    const res = e.type === 'res.message' ? resourceOf(e) : null;
    if (res !== null && related.has(nameKey(res))) picked.add(e);
    else if (typeKey !== null && e.type === 'res.message' && nameKey(e.resourceType) === typeKey && onIncidentNode(f, ctx.scope, { nodeKey: nodeKeyOf(e.node), file: e.source.file })) {
      picked.add(e);
    } else if (!ctx.rules.isEvidenceCandidate(e)) continue;
    else if (isClusterWide(e) || onIncidentNode(f, ctx.scope, { nodeKey: nodeKeyOf(e.node), file: e.source.file })) picked.add(e);
  }
  // A System event read from both a cluster log's [System] section and an export is one record of evidence.
  const out = withoutDuplicateEvents([...picked], (e) => e);
  if (out.length > MAX_EVIDENCE && f.detectT !== null) {
    const d = f.detectT;
    out.sort((a, b) => Math.abs((a.utcMs ?? d) - d) - Math.abs((b.utcMs ?? d) - d));
    out.length = MAX_EVIDENCE;
  }
  const key = (e: ClusterEvent) => ({ t: e.utcMs, nodeKey: nodeKeyOf(e.node), file: e.source.file, line: e.source.line });
  return out.sort((a, b) => compareKeys(key(a), key(b)));
}

const UNKNOWN_CAUSE: RootCause = { category: 'unknown', confidence: 0, summary: 'No root cause could be determined.', rules: [], evidence: [] };

export interface Diagnosis {
  readonly rootCause: RootCause;
  readonly recommendations: string[];
  readonly diagnostic: Diagnostic | null;
}

/** Calls the rules; a failing rule costs that incident its root cause, not the whole analysis. */
export function diagnoseIncident(draft: IncidentDraft, evidence: readonly ClusterEvent[], ctx: BuildContext): Diagnosis {
  try {
    const { rootCause, recommendations } = ctx.rules.diagnose(draft, evidence);
    return { rootCause, recommendations: [...recommendations], diagnostic: null };
  } catch (err) {
    return {
      rootCause: UNKNOWN_CAUSE,
      recommendations: [],
      diagnostic: {
        level: 'error',
        code: 'rules-failed',
        file: null,
        line: null,
        message: `root-cause rules failed for the ${draft.kind} of ${draft.resource ?? draft.node ?? 'the cluster'}: ${err instanceof Error ? err.message : String(err)}`,
      },
    };
  }
}

/** An engine recommendation and the words that show the rules already cover it. */
export interface EngineAdvice {
  readonly text: string;
  readonly coveredBy: RegExp;
}

/** Case, blanks and a closing period do not make another recommendation. */
function sameText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\.$/, '').toLowerCase();
}

/** The rules' recommendations, then the engine's own where no recommendation says the same already. */
export function mergeRecommendations(fromRules: readonly string[], advice: readonly EngineAdvice[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const text of [...fromRules, ...advice.filter((a) => !fromRules.some((r) => a.coveredBy.test(r))).map((a) => a.text)]) {
    const key = sameText(text);
    if (!seen.has(key)) out.push(text);
    seen.add(key);
  }
  return out;
}
