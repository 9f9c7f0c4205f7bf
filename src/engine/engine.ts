/**
 * The correlation engine: keeps what matters from every input as it streams past, then aligns times,
 * runs the resource state machine and turns correlated failure records into incidents.
 */
import type { ClusterEvent } from '../events/types.js';
import type { Diagnostic, Incident, InputSummary, ZoneDecision } from '../shared/report.js';
import { alignInputs, zoneConflicts } from './align.js';
import type { BuildContext } from './context.js';
import { chainRetries } from './chains.js';
import { withoutDuplicateEvents } from './duplicates.js';
import { correlate } from './correlate.js';
import { repeatedDeadlocks } from './escalation.js';
import { HostingTracker } from './hosting.js';
import { FileIngest, HOSTING, SIGNIFICANT, TOPOLOGY, type FileDigest, type TimeSpan } from './ingest.js';
import { finalizeOrder } from './ids.js';
import { buildIncident, type IncidentDraftOut } from './incidents.js';
import { nameKey, nodeKeyOf } from './names.js';
import { compareKeys, NodeScope, orderRecords } from './order.js';
import { DEFAULT_LIMITS, EvidenceStore, type RetentionLimits } from './retention.js';
import type { RulesPort } from './rules-port.js';
import { severityOf } from './severity.js';
import { buildSignals } from './signals.js';
import { clockSkew } from './skew.js';
import { ResourceStates } from './states.js';
import { Topology } from './topology.js';

export interface EngineOptions {
  /** `--event-tz` was given: local-time exports have a stated zone, checked against the cluster logs. */
  readonly eventTzGiven?: boolean;
}

export interface EngineResult {
  readonly incidents: Incident[];
  /** Significant records, time-aligned, in timeline order. */
  readonly timeline: ClusterEvent[];
  /** Zone decision per input path (revised where an offset was inferred). */
  readonly zones: Map<string, ZoneDecision>;
  /**
   * First and last UTC time (ms) per input path after alignment: inputs whose offset was inferred get
   * their range here (the reader could not know it); null where no time is known.
   */
  readonly timeRanges: Map<string, { from: number | null; to: number | null }>;
  readonly diagnostics: Diagnostic[];
}

export class CorrelationEngine {
  private readonly significant: ClusterEvent[] = [];
  private readonly store: EvidenceStore;
  private readonly hosting = new HostingTracker();
  private readonly topology = new Topology();
  private readonly spans = new Map<string, TimeSpan>();

  /** Files taken in through `ingest`, not adopted yet. */
  private readonly intakes = new Map<string, FileIngest>();

  constructor(
    private readonly options: EngineOptions,
    private readonly rules: RulesPort,
    private readonly limits: RetentionLimits = DEFAULT_LIMITS,
  ) {
    this.store = new EvidenceStore(limits);
  }

  /**
   * Takes in records as they are read. Each file goes through its own `FileIngest`, as on a worker thread,
   * and is adopted when the engine finishes, in the order files first came: one set of decisions for both ways in.
   */
  ingest(batch: readonly ClusterEvent[]): void {
    let from = 0;
    while (from < batch.length) {
      const file = batch[from]!.source.file;
      let to = from + 1;
      while (to < batch.length && batch[to]!.source.file === file) to++;
      let intake = this.intakes.get(file);
      if (intake === undefined) this.intakes.set(file, (intake = new FileIngest(file, this.rules, this.limits)));
      intake.add(from === 0 && to === batch.length ? batch : batch.slice(from, to));
      from = to;
    }
  }

  /**
   * Takes in a file read elsewhere by a `FileIngest` (ingest.ts): the same state as `ingest` of all the
   * file's records. Digests must come in input order, as batches do.
   */
  adopt(d: FileDigest): void {
    if (d.span !== null) this.spans.set(d.file, { ...d.span });
    const { events, roles } = d;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const role = roles[i]!;
      if (role & TOPOLOGY) this.topology.learn(e);
      if (role & HOSTING) this.hosting.observe(e);
      if (role & SIGNIFICANT) this.significant.push(e);
    }
    this.store.adopt(d.evidence);
  }

  finish(inputs: readonly InputSummary[]): EngineResult {
    for (const intake of this.intakes.values()) this.adopt(intake.finish());
    this.intakes.clear();
    const aligned = alignInputs(inputs, this.significant, () => this.store.all(), this.options.eventTzGiven ?? false);
    const recs = orderRecords(this.significant);
    const scope = new NodeScope(inputs);
    const filesByNode = new Map<string, Set<string>>();
    for (const input of inputs) addTo(filesByNode, nodeKeyOf(input.node), input.path);
    for (const r of recs) addTo(filesByNode, r.nodeKey, r.file);
    const timeRanges = new Map<string, { from: number | null; to: number | null }>();
    for (const [file, span] of this.spans) {
      const offset = aligned.zones.get(file)?.offsetMinutes;
      const shift = (wall: number | null): number | null => (wall !== null && offset != null ? wall + offset * 60_000 : null);
      timeRanges.set(file, { from: span.minUtc ?? shift(span.minWall), to: span.maxUtc ?? shift(span.maxWall) });
    }
    const fileEnd = (file: string): number | null => timeRanges.get(file)?.to ?? null;
    const filesOfNode = (nodeKey: string): ReadonlySet<string> => filesByNode.get(nodeKey) ?? new Set();

    const states = new ResourceStates(recs);
    const signals = buildSignals(recs, {
      states,
      topology: this.topology,
      fileEnd,
      compatible: (a, b) => scope.compatible(a, b),
      certain: (file) => scope.isCertain(file),
    });
    const groups = chainRetries(correlate(signals, { scope, topology: this.topology, hosting: this.hosting, filesOfNode }), states, this.topology);

    const ctx: BuildContext = {
      recs,
      scope,
      topology: this.topology,
      hosting: this.hosting,
      states,
      evidence: evidencePool(this.store.all(), this.significant),
      rules: this.rules,
      filesOfNode,
      fileEnd,
    };
    const diagnostics: Diagnostic[] = [...aligned.diagnostics, ...zoneConflicts(this.significant, aligned.zones)];
    const built: IncidentDraftOut[] = [];
    for (const g of groups) {
      const { incident, diagnostic } = buildIncident(g, ctx);
      built.push(incident);
      if (diagnostic !== null) diagnostics.push(diagnostic);
    }
    const repeated = repeatedDeadlocks(built, (resource) => this.topology.policies(nameKey(resource)).separateMonitor.value === 1);
    const incidents = finalizeOrder(
      built.map((i) => {
        const extra = repeated.get(i);
        if (extra === undefined) return i;
        const escalation = [...i.escalation, extra];
        return { ...i, escalation, severity: severityOf(i.kind, i.outcome, i.collateral.length, escalation.length) };
      }),
    );
    diagnostics.push(...clockSkew(groups));
    if (this.store.pinnedOverflow > 0) {
      diagnostics.push({
        level: 'warning',
        code: 'evidence-limit',
        file: null,
        line: null,
        message: `${this.store.pinnedOverflow} records near failures were not kept as evidence (retention limit reached); root causes may miss them`,
      });
    }
    // The merged timeline shows an event read from both a `[System]` section and an export once, as incidents do.
    const timeline = withoutDuplicateEvents(recs.map((r) => r.e), (e) => e);
    return { incidents, timeline, zones: aligned.zones, timeRanges, diagnostics };
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  set.add(value);
}

/** Evidence records, each once, in timeline order with untimed records last. */
function evidencePool(retained: Iterable<ClusterEvent>, significant: readonly ClusterEvent[]): ClusterEvent[] {
  const all = [...new Set([...retained, ...significant])];
  const key = (e: ClusterEvent) => ({ t: e.utcMs, nodeKey: nodeKeyOf(e.node), file: e.source.file, line: e.source.line });
  const keyed = all.map((e) => ({ e, k: key(e) }));
  keyed.sort((a, b) => compareKeys(a.k, b.k));
  return keyed.map((x) => x.e);
}
