/**
 * Runs a rule set over an incident's evidence: every applicable signature over every record, a score
 * per family, the best family as the root cause, its evidence and recommendations.
 *
 * Scoring model:
 * - a matching record weighs `signature.weight × relevance`, capped at 0.95, where relevance boosts
 *   records about the incident's resource or its dependencies, or for a resource-type call the type's
 *   DLL lines that name no resource (×1.25), from the stuck thread (×1.2)
 *   and inside the call window shortly before detection (×1.15), and discounts records about another
 *   resource (×0.7), from another node for a resource incident (×0.75), long before the call (down to
 *   ×0.4) or well after detection (×0.5, consequences rather than causes);
 * - a record counts once per family (its best signature); the k-th record of one signature (k = 0, 1, …,
 *   strongest first) contributes `w × 0.5^k`, so repetition corroborates without swamping;
 * - priors (weak evidence from the incident itself) contribute their weight;
 * - family score = 1 − Π(1 − contribution); a family with only `supporting` hits and no prior scores 0;
 * - confidence = best − 0.3 × runner-up, clamped to 0.05..0.95: close calls are reported as such.
 */
import type { ClusterEvent } from '../events/types.js';
import { readableUtc, type Evidence, type RootCause } from '../shared/report.js';
import { isAboutIncident, MEMBERSHIP_KINDS, nodeName } from './common.js';
import { matches, recordText, subjectOf } from './match.js';
import { compilePrefilter, validateSignature } from './prefilter.js';
import type { FamilyFindings, IncidentDraft, Prior, Rule, Signature, SignatureHit } from './types.js';

export interface Diagnosis {
  readonly rootCause: RootCause;
  readonly recommendations: string[];
}

export interface RuleDescription {
  readonly id: string;
  readonly category: string;
  readonly title: string;
  readonly signatures: readonly { readonly id: string; readonly description: string }[];
  /** Weak evidence taken from the incident itself (kind, resource type, timeouts). */
  readonly priors: readonly { readonly id: string; readonly description: string }[];
}

/** What one family made of an incident (exported for tests and for `--explain`-style tooling). */
export interface FamilyResult {
  readonly rule: Rule;
  /** 0..1 */
  readonly score: number;
  /** Matched records, strongest first, one per record. */
  readonly hits: readonly SignatureHit[];
  readonly priors: readonly { readonly name: string; readonly weight: number; readonly note: string }[];
}

export interface RuleEngine {
  readonly rules: readonly Rule[];
  isEvidenceCandidate(e: ClusterEvent): boolean;
  diagnose(draft: IncidentDraft, evidence: readonly ClusterEvent[]): Diagnosis;
  /** Every family's result for an incident, best first (families that found nothing included, score 0). */
  evaluate(draft: IncidentDraft, evidence: readonly ClusterEvent[]): FamilyResult[];
  describeRules(): RuleDescription[];
}

const MAX_WEIGHT = 0.95;
const MAX_EVIDENCE = 10;
const MAX_WINNER_EVIDENCE = 8;
const MAX_RECOMMENDATIONS = 6;
const MINUTE = 60_000;
/** Call window when the start is unknown: the default DeadlockTimeout (domain.md §6). */
const DEFAULT_WINDOW_MS = 300_000;

interface Hit extends SignatureHit {
  readonly sig: Signature;
}

interface Result extends FamilyResult {
  readonly hits: readonly Hit[];
}

/** Below this confidence summaries say "possibly" instead of "most likely". */
const HEDGE_BELOW = 0.4;

/** Resource types implied by well-known names and DLLs when the engine has no type (1230 may print `resource type ''`). */
const TYPE_BY_NAME: readonly [RegExp, string][] = [
  [/^Cluster Name$/i, 'Network Name'],
  [/^File Share Witness$/i, 'File Share Witness'],
  [/^Cloud Witness$/i, 'Cloud Witness'],
  [/^Cluster Disk \d+$/i, 'Physical Disk'],
  [/^Cluster IP Address\b/i, 'IP Address'],
];
const TYPE_BY_DLL: readonly [RegExp, string][] = [
  [/^hadrres\.dll$/i, 'SQL Server Availability Group'],
  [/^sqsrvres\.dll$/i, 'SQL Server'],
  [/^vmclusres\.dll$/i, 'Virtual Machine'],
];

/** The draft with its resource type filled in from the evidence, the name or the DLL when it was missing. */
export function withResourceType(draft: IncidentDraft, evidence: readonly ClusterEvent[]): IncidentDraft {
  if (draft.resourceType !== null && draft.resourceType !== '') return draft;
  const name = draft.resource?.toLowerCase() ?? null;
  let type: string | null = null;
  if (name !== null) {
    for (const e of evidence) {
      if (e.type === 'res.message' && e.resource?.toLowerCase() === name && e.resourceType !== '') type = e.resourceType;
      else if (e.type === 'eventlog.record' && e.params['resource']?.toLowerCase() === name && e.params['resourceType']) {
        type = e.params['resourceType'];
      }
      if (type !== null) break;
    }
    type ??= TYPE_BY_NAME.find(([re]) => re.test(draft.resource ?? ''))?.[1] ?? null;
  }
  if (type === null && draft.dll !== null) type = TYPE_BY_DLL.find(([re]) => re.test(draft.dll ?? ''))?.[1] ?? null;
  return type === null ? draft : { ...draft, resourceType: type };
}

/** Node names compare by their first label, case-insensitively (`SQL19AGN1.CSSSQL` = `sql19agn1`). */
function sameNode(a: string, b: string): boolean {
  const short = (s: string) => s.split('.', 1)[0]?.toLowerCase() ?? '';
  return short(a) === short(b);
}

function timeFactor(t: number | null, d: IncidentDraft): number {
  if (t === null || d.detectedMs === null) return 1;
  const after = t - d.detectedMs;
  if (after > MINUTE) return 0.5;
  if (after >= 0) return 0.9;
  const start = d.startedMs ?? d.detectedMs - DEFAULT_WINDOW_MS;
  if (t >= start - MINUTE) return 1.15;
  return Math.max(0.4, 1 - (start - MINUTE - t) / (30 * MINUTE));
}

/** How much a record says about this incident (see the scoring model above). */
export function relevance(e: ClusterEvent, d: IncidentDraft): number {
  const membership = MEMBERSHIP_KINDS.includes(d.kind);
  let m = 1;
  if (!membership && d.resource !== null && subjectOf(e) !== null) m *= isAboutIncident(e, d) ? 1.25 : 0.7;
  // A resource-type call (ResourceTypeControl) has no resource: the type's unnamed DLL lines are its own.
  else if (!membership && d.resource === null && d.resourceType !== null && isAboutIncident(e, d)) m *= 1.25;
  const st = d.stuckThread;
  if (
    st != null &&
    st.tid !== null &&
    e.tid === st.tid &&
    (st.pid === null || e.pid === st.pid) &&
    (d.node === null || sameNode(d.node, e.node))
  ) {
    m *= 1.2;
  }
  if (!membership && d.node !== null && e.node !== '' && !sameNode(d.node, e.node)) m *= 0.75;
  return m * timeFactor(e.utcMs, d);
}

const priorWeight = (p: Prior, d: IncidentDraft): number => (typeof p.weight === 'function' ? p.weight(d) : p.weight);

/** A family's signatures by the event types they look at (signatures without `on` under every type). */
interface IndexedRule {
  readonly rule: Rule;
  readonly byType: ReadonlyMap<string, readonly Signature[]>;
  readonly anyType: readonly Signature[];
}

function indexRule(rule: Rule): IndexedRule {
  const byType = new Map<string, Signature[]>();
  const anyType = rule.signatures.filter((s) => s.on === undefined);
  for (const sig of rule.signatures) for (const t of sig.on ?? []) byType.set(t, [...(byType.get(t) ?? []), sig]);
  for (const list of byType.values()) list.push(...anyType);
  return { rule, byType, anyType };
}

function evaluateFamily(indexed: IndexedRule, draft: IncidentDraft, evidence: readonly ClusterEvent[]): Result {
  const { rule } = indexed;
  const family = rule.meta.id;
  const applicable = new Set(rule.signatures.filter((s) => s.appliesTo === undefined || s.appliesTo(draft)));
  const best = new Map<ClusterEvent, Hit>();
  for (const e of evidence) {
    for (const sig of indexed.byType.get(e.type) ?? indexed.anyType) {
      if (!applicable.has(sig) || !matches(sig, e, draft, evidence)) continue;
      const weight = Math.min(MAX_WEIGHT, sig.weight * relevance(e, draft));
      const prev = best.get(e);
      if (prev === undefined || weight > prev.weight) {
        best.set(e, { sig, signature: `${family}/${sig.name}`, event: e, weight, note: sig.explain(e) });
      }
    }
  }
  const hits = [...best.values()].sort(byWeight);
  const priors = (rule.priors ?? [])
    .filter((p) => p.appliesTo(draft))
    .map((p) => ({ name: p.name, weight: priorWeight(p, draft), note: p.explain(draft) }))
    .filter((p) => p.weight > 0);

  let rest = 1;
  const seen = new Map<string, number>();
  for (const h of hits) {
    const k = seen.get(h.signature) ?? 0;
    seen.set(h.signature, k + 1);
    rest *= 1 - h.weight * 0.5 ** k;
  }
  for (const p of priors) rest *= 1 - Math.min(MAX_WEIGHT, p.weight);
  const decisive = priors.length > 0 || hits.some((h) => h.sig.supporting !== true);
  return { rule, score: decisive ? 1 - rest : 0, hits, priors };
}

/** Strongest first; ties in time, then source order, so results never depend on input order. */
function byWeight(a: SignatureHit, b: SignatureHit): number {
  return b.weight - a.weight || byTime(a, b);
}

function byTime(a: SignatureHit, b: SignatureHit): number {
  const ta = a.event.utcMs ?? Number.POSITIVE_INFINITY;
  const tb = b.event.utcMs ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (
    compare(a.event.source.file, b.event.source.file) ||
    a.event.source.line - b.event.source.line ||
    compare(a.signature, b.signature)
  );
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Best hit of each signature first, then the rest: evidence shows the variety before the repetition. */
function diverse(hits: readonly SignatureHit[], max: number): SignatureHit[] {
  const firsts: SignatureHit[] = [];
  const rest: SignatureHit[] = [];
  const seen = new Set<string>();
  for (const h of hits) {
    if (seen.has(h.signature)) rest.push(h);
    else firsts.push(h);
    seen.add(h.signature);
  }
  return [...firsts, ...rest].slice(0, max);
}

function findingsOf(result: FamilyResult, confidence: number): FamilyFindings {
  const nodes: string[] = [];
  for (const h of result.hits) {
    const n = nodeName(h.event.node);
    if (n !== null && !nodes.includes(n)) nodes.push(n);
  }
  return {
    hits: result.hits,
    priors: result.priors.map((p) => p.note),
    nodes,
    text: result.hits
      .slice(0, 50)
      .map((h) => recordText(h.event))
      .join('\n'),
    hedge: confidence < HEDGE_BELOW ? 'possibly' : 'most likely',
  };
}

function evidenceText(e: ClusterEvent): string {
  if (e.type === 'eventlog.record') return e.message !== '' ? e.message : e.text;
  return e.text;
}

function toEvidence(h: SignatureHit): Evidence {
  const e = h.event;
  return {
    at: e.utcMs !== null ? new Date(e.utcMs).toISOString() : null,
    node: e.node,
    text: evidenceText(e),
    source: { file: e.source.file, line: e.source.line },
    signature: h.signature,
    note: h.note,
  };
}

/**
 * Drops trailing periods and blanks. A loop, not `/[.\s]+$/`: that regex backtracks quadratically over a
 * long run of blanks inside the text (a resource name can hold one).
 */
function stripPeriod(s: string): string {
  let end = s.length;
  while (end > 0) {
    const c = s.charAt(end - 1);
    if (c !== '.' && c.trim() !== '') break;
    end--;
  }
  return s.slice(0, end);
}
/** Lower-cases the first letter unless the first word is an acronym or name (`NetFT`, `DNS`, `SQL`, `'Cluster Name'`). */
const lowerFirst = (s: string): string => (/^[A-Z][a-z]*[\s:,]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

function summaryOf(draft: IncidentDraft, winner: FamilyResult, findings: FamilyFindings): string {
  const base = stripPeriod(winner.rule.meta.summary(draft, findings));
  const lead = winner.hits[0]?.note ?? winner.priors[0]?.note;
  return lead === undefined ? `${base}.` : `${base}: ${lowerFirst(stripPeriod(lead))}.`;
}

function unknownSummary(d: IncidentDraft): string {
  const what = d.resource !== null ? `the ${d.kind} of '${d.resource}'` : `the ${d.kind}`;
  const when = d.detectedMs !== null ? readableUtc(d.detectedMs) : 'the incident time';
  const node = nodeName(d.node);
  return `No root-cause evidence was found for ${what}${node !== null ? ` on ${node}` : ''}; check the infrastructure it depends on (storage, network, services) around ${when}.`;
}

function unknownRecommendations(d: IncidentDraft): string[] {
  return [
    `Collect the cluster.log of every node (Get-ClusterLog) and the System log of ${nodeName(d.node) ?? 'each node'} covering the incident, including the minutes before it.`,
    ...(d.kind === 'deadlock'
      ? ['Take a dump of the hung RHS process on the next occurrence (DebugBreakOnDeadlock or the WER dump) to see what the entry point waited on.']
      : []),
  ];
}

/** Node names an incident's recommendations may name: its node and the nodes of its evidence. */
function nodesOf(d: IncidentDraft, evidence: readonly ClusterEvent[]): string[] {
  return [...new Set([...(d.node !== null ? [d.node] : []), ...evidence.map((e) => e.node)])];
}

/** Recommendations that hold whatever the cause. */
function incidentRecommendations(d: IncidentDraft, category: string | null = null): string[] {
  const recs: string[] = [];
  if (d.resourceType !== null && /^File Share Witness$/i.test(d.resourceType) && (d.kind === 'deadlock' || d.kind === 'health-check-failure')) {
    recs.push('Run the File Share Witness in a separate monitor (SeparateMonitor = 1) so a hung share cannot take the other resources of its RHS down.');
  }
  // When the timeout itself is the cause, the configuration family says what to change instead.
  if (d.kind === 'deadlock' && category !== 'configuration') {
    recs.push('Review DeadlockTimeout only after fixing the cause: a longer timeout only delays detection of the same hang.');
  }
  return recs;
}

/** Words that name no action or object: left out when recommendations are compared. */
const FILLER = new Set(
  ('a an the and or of on in at to for from by with as is are be it its that this these those their them they ' +
    'if when then than so only any every each all other same around incident time minutes').split(' '),
);

/** Content words, lower case, plural `-s` dropped (`paths` = `path`). */
function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (w.length < 2 || FILLER.has(w)) continue;
    out.add(w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  }
  return out;
}

/** Case, blanks, quote styles and a closing period do not make another recommendation. */
export function normaliseRecommendation(text: string): string {
  return stripPeriod(
    text
      .normalize('NFKC')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/\s+/g, ' '),
  )
    .trim()
    .toLowerCase();
}

/** Word overlap (Jaccard) from which two recommendations are one action in other words. */
const SAME_ACTION = 0.5;
const MIN_SHARED_WORDS = 4;

/** What makes two similar recommendations different actions: the nodes and the quoted names they are about. */
function specifics(text: string, nodes: ReadonlySet<string>): string {
  const named = [...contentWords(text)].filter((w) => nodes.has(w)).sort();
  const quoted = [...text.matchAll(/'([^']+)'/g)].map((m) => m[1]!.toLowerCase()).sort();
  return `${named.join(',')}\u0000${[...new Set(quoted)].join('\u0000')}`;
}

/**
 * Drops recommendations that repeat an earlier one: equal after normalisation, or the same action in
 * other words (most content words shared, about the same nodes and quoted names). The earlier, more
 * specific one stays; order is kept.
 */
export function dedupeRecommendations(list: readonly string[], nodeNames: readonly string[] = []): string[] {
  const nodes = new Set(nodeNames.map((n) => n.split('.', 1)[0]!.toLowerCase()).filter((n) => n !== ''));
  const kept: { text: string; key: string; words: Set<string>; specifics: string }[] = [];
  for (const text of list) {
    const key = normaliseRecommendation(text);
    if (key === '' || kept.some((k) => k.key === key)) continue;
    const words = contentWords(text);
    const spec = specifics(text, nodes);
    const repeats = kept.some((k) => {
      if (k.specifics !== spec) return false;
      const shared = [...words].filter((w) => k.words.has(w)).length;
      return shared >= MIN_SHARED_WORDS && shared / (words.size + k.words.size - shared) >= SAME_ACTION;
    });
    if (!repeats) kept.push({ text, key, words, specifics: spec });
  }
  return kept.map((k) => k.text);
}

export function createRuleEngine(rules: readonly Rule[]): RuleEngine {
  const sorted = [...rules].sort((a, b) => compare(a.meta.id, b.meta.id));
  const families = new Set<string>();
  for (const rule of sorted) {
    if (families.has(rule.meta.id)) throw new Error(`duplicate rule family ${rule.meta.id}`);
    families.add(rule.meta.id);
    const names = new Set<string>();
    for (const item of [...rule.signatures, ...(rule.priors ?? [])]) {
      if (names.has(item.name)) throw new Error(`${rule.meta.id}/${item.name}: duplicate name`);
      names.add(item.name);
    }
    for (const sig of rule.signatures) validateSignature(rule.meta.id, sig);
  }

  const indexed = sorted.map(indexRule);
  const evaluate = (draft: IncidentDraft, evidence: readonly ClusterEvent[]): Result[] => {
    const d = withResourceType(draft, evidence);
    return indexed
      .map((rule) => evaluateFamily(rule, d, evidence))
      .sort((a, b) => b.score - a.score || compare(a.rule.meta.id, b.rule.meta.id));
  };

  const diagnose = (draft: IncidentDraft, evidence: readonly ClusterEvent[]): Diagnosis => {
    const d = withResourceType(draft, evidence);
    const results = evaluate(d, evidence);
    const contributing = results.filter((r) => r.score > 0);
    const winner = contributing[0];
    if (winner === undefined) {
      return {
        rootCause: { category: 'unknown', confidence: 0.1, summary: unknownSummary(d), rules: [], evidence: [] },
        recommendations: dedupeRecommendations([...unknownRecommendations(d), ...incidentRecommendations(d)], nodesOf(d, evidence)).slice(
          0,
          MAX_RECOMMENDATIONS,
        ),
      };
    }
    const runnerUp = contributing[1]?.score ?? 0;
    const confidence = Math.round(Math.min(0.95, Math.max(0.05, winner.score - 0.3 * runnerUp)) * 100) / 100;

    const picked: SignatureHit[] = diverse(winner.hits, MAX_WINNER_EVIDENCE);
    for (const other of contributing.slice(1)) {
      if (other.score < 0.5 * winner.score) break;
      for (const h of other.hits.slice(0, 2)) if (picked.length < MAX_EVIDENCE) picked.push(h);
    }
    // One citation per record (a record may be the best hit of two families).
    const seen = new Set<string>();
    const citations: Evidence[] = [];
    for (const h of [...picked].sort(byTime)) {
      const key = `${h.event.source.file}\u0000${h.event.source.line}\u0000${h.event.node}`;
      if (!seen.has(key)) citations.push(toEvidence(h));
      seen.add(key);
    }

    const findings = findingsOf(winner, confidence);
    // One piece of advice per signature and node: more records of one kind repeat the same action.
    const advice: string[] = [];
    const advised = new Set<string>();
    for (const h of winner.hits) {
      const key = `${h.signature}\u0000${h.event.node.split('.', 1)[0]!.toLowerCase()}`;
      if (advised.has(key)) continue;
      const a = h.sig.advice?.(h.event, d);
      if (!a) continue;
      advised.add(key);
      advice.push(a);
    }
    return {
      rootCause: {
        category: winner.rule.meta.category,
        confidence,
        summary: summaryOf(d, winner, findings),
        rules: contributing.map((r) => r.rule.meta.id),
        evidence: citations,
      },
      recommendations: dedupeRecommendations(
        [...advice, ...winner.rule.meta.recommendations(d, findings), ...incidentRecommendations(d, winner.rule.meta.category)],
        nodesOf(d, evidence),
      ).slice(0, MAX_RECOMMENDATIONS),
    };
  };

  const describeRules = (): RuleDescription[] =>
    sorted.map((rule) => ({
      id: rule.meta.id,
      category: rule.meta.category,
      title: rule.meta.title,
      signatures: rule.signatures.map((s) => ({ id: `${rule.meta.id}/${s.name}`, description: s.description })),
      priors: (rule.priors ?? []).map((p) => ({ id: `${rule.meta.id}/${p.name}`, description: p.description })),
    }));

  return { rules: sorted, isEvidenceCandidate: compilePrefilter(sorted), diagnose, evaluate, describeRules };
}
