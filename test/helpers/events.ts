/**
 * Hand-built typed events for engine tests: one `Source` per input file numbers its lines, turns the
 * wall-clock time as written into `wallMs`/`utcMs`, and builds each event type with realistic text.
 */
import type { ClusterEvent, EntryPoint, EventBase, EventOf, EventType, Level, SourceKind } from '../../src/events/types.js';
import { CorrelationEngine, type EngineResult } from '../../src/engine/engine.js';
import type { RetentionLimits } from '../../src/engine/retention.js';
import type { RulesPort } from '../../src/engine/rules-port.js';
import type { IncidentDraft } from '../../src/rules/types.js';
import type { InputSummary, RootCause, RootCauseCategory, ZoneDecision } from '../../src/shared/report.js';

export interface SourceOptions {
  readonly file: string;
  readonly node: string;
  readonly kind?: SourceKind;
  /** Minutes to add to the wall clock to get UTC; `null` = local time with unknown offset (utcMs null). */
  readonly offsetMinutes?: number | null;
  readonly nodeFrom?: string;
}

export interface LineOptions {
  readonly pid?: number | null;
  readonly tid?: number | null;
  readonly level?: Level | null;
  readonly component?: string | null;
  /** Node of this record when it differs from the source's (Computer field of an export). */
  readonly node?: string;
}

/** `at`: wall-clock time as written, `YYYY-MM-DD HH:MM:SS.mmm` (or ISO); null = no time on the line. */
export type At = string | null;

const CALL_TOKENS: Readonly<Record<string, EntryPoint>> = {
  LOOKSALIVE: 'LooksAlive',
  ISALIVE: 'IsAlive',
  ONLINERESOURCE: 'Online',
  OFFLINERESOURCE: 'Offline',
  TERMINATERESOURCE: 'Terminate',
  ARBITRATE: 'Arbitrate',
  RESOURCECONTROL: 'ResourceControl',
  FAILURENOTIFICATION: 'FailureNotification',
};

/** The variant of a type (also for variants that share an interface, where `EventOf` gives `never`). */
export type Of<T extends EventType> = ClusterEvent & { readonly type: T };

export function wallOf(at: At): number | null {
  if (at === null) return null;
  const iso = at.includes('T') ? at : at.replace(' ', 'T');
  return Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);
}

export class Source {
  private line = 0;

  constructor(readonly opts: SourceOptions) {}

  get file(): string {
    return this.opts.file;
  }

  private base(at: At, text: string, o: LineOptions = {}): EventBase {
    const wallMs = wallOf(at);
    const offset = this.opts.offsetMinutes === undefined ? 0 : this.opts.offsetMinutes;
    const kind = this.opts.kind ?? 'cluster-log';
    return {
      node: o.node ?? this.opts.node,
      source: { file: this.opts.file, line: ++this.line },
      sourceKind: kind,
      wallMs,
      utcMs: wallMs === null || offset === null ? null : wallMs + offset * 60_000,
      timeText: at,
      level: o.level === undefined ? 'INFO' : o.level,
      pid: o.pid ?? null,
      tid: o.tid ?? null,
      component: o.component ?? null,
      channel: null,
      text,
    };
  }

  /** Any typed event, with the base fields filled in; `fields` are the variant's own fields. */
  event<T extends EventType>(type: T, at: At, text: string, fields: Record<string, unknown>, o: LineOptions = {}): Of<T> {
    return { ...this.base(at, text, o), type, ...fields } as unknown as Of<T>;
  }

  skip(lines: number): this {
    this.line += lines;
    return this;
  }

  generic(at: At, text: string, o: LineOptions = {}): ClusterEvent {
    return this.event('generic', at, text, {}, o);
  }

  res(at: At, resourceType: string, resource: string | null, message: string, o: LineOptions = {}): Of<'res.message'> {
    const who = resource !== null ? `${resourceType} <${resource}>` : resourceType;
    return this.event('res.message', at, `${who}: ${message}`, { resourceType, resource, subTag: null, message }, { component: 'RES', ...o });
  }

  callTimeout(at: At, resource: string, call: string, o: LineOptions = {}): Of<'rhs.call-timeout'> {
    return this.event(
      'rhs.call-timeout',
      at,
      `RhsCall::DeadlockMonitor: Call ${call} timed out for resource '${resource}'.`,
      { resource, resourceType: null, entryPoint: CALL_TOKENS[call] ?? null, call, overrunMs: null },
      { level: 'ERR', component: 'RHS', ...o },
    );
  }

  deadlockHandling(at: At, resource: string, terminatingRhs: boolean, o: LineOptions = {}): Of<'rhs.deadlock-handling'> {
    const text = `Resource ${resource} handling deadlock. Cleaning current operation${terminatingRhs ? ' and terminating RHS process' : ''}.`;
    return this.event('rhs.deadlock-handling', at, text, { resource, terminatingRhs }, { level: 'ERR', component: 'RHS', ...o });
  }

  healthFailed(at: At, resource: string, entryPoint: 'IsAlive' | 'LooksAlive', o: LineOptions = {}): Of<'rhs.health-check-failed'> {
    return this.event('rhs.health-check-failed', at, `Resource ${resource} ${entryPoint} has indicated failure.`, { resource, entryPoint }, { level: 'WARN', component: 'RHS', ...o });
  }

  resourceOnline(at: At, resource: string, o: LineOptions = {}): Of<'rhs.resource-online'> {
    return this.event('rhs.resource-online', at, `Resource ${resource} has come online. RHS is about to report status change to RCM`, { resource }, { component: 'RHS', ...o });
  }

  transition(at: At, resource: string, from: string, to: string, o: LineOptions = {}): Of<'rcm.state-transition'> {
    return this.event('rcm.state-transition', at, `TransitionToState(${resource}) ${from}-->${to}.`, { resource, from, to, reason: null }, { component: 'RCM', ...o });
  }

  issuing(at: At, resource: string, entryPoint: EntryPoint, o: LineOptions = {}): Of<'rcm.issuing-call'> {
    return this.event('rcm.issuing-call', at, `Issuing ${entryPoint}(${resource}) to RHS.`, { resource, entryPoint, call: entryPoint }, { component: 'RCM', ...o });
  }

  monitorReply(at: At, resource: string, reply: string, result: number, o: LineOptions = {}): Of<'rcm.monitor-reply'> {
    return this.event(
      'rcm.monitor-reply',
      at,
      `HandleMonitorReply: ${reply} for '${resource}', gen(0) result ${result}.`,
      { resource, reply, entryPoint: CALL_TOKENS[reply] ?? null, result, resultText: String(result) },
      { component: 'RCM', ...o },
    );
  }

  crashed(at: At, resource: string, o: LineOptions = {}): Of<'rcm.crashed-or-deadlocked'> {
    return this.event(
      'rcm.crashed-or-deadlocked',
      at,
      `rcm::RcmResource::HandleMonitorReply: Resource '${resource}' has crashed or deadlocked; marking it to run in a separate monitor.`,
      { resource, separateMonitor: true },
      { level: 'WARN', component: 'RCM', ...o },
    );
  }

  monitorRestart(at: At, resource: string, o: LineOptions = {}): Of<'rcm.monitor-restart'> {
    return this.event('rcm.monitor-restart', at, `rcm::RcmMonitor::RestartResources: Monitor restart for resource ${resource}`, { resource }, { component: 'RCM', ...o });
  }

  reattach(at: At, resource: string, state: string, o: LineOptions = {}): Of<'rcm.reattach'> {
    return this.event('rcm.reattach', at, `rcm::RcmResource::ReattachToMonitorProcess: (${resource}, ${state})`, { resource, state }, { component: 'RCM', ...o });
  }

  separateMonitor(at: At, resource: string, rhsPid: number, o: LineOptions = {}): Of<'rcm.separate-monitor-changed'> {
    return this.event(
      'rcm.separate-monitor-changed',
      at,
      `Separate monitor flag has changed for resource '${resource}'.  Now hosted by RHS process ${rhsPid}`,
      { resource, rhsPid },
      { component: 'RCM', ...o },
    );
  }

  groupMove(at: At, group: string, fromNode: string, toNode: string, moveType: string, o: LineOptions = {}): Of<'rcm.group-move'> {
    return this.event(
      'rcm.group-move',
      at,
      `move of group ${group} from ${fromNode}(1) to ${toNode}(2) of type MoveType::${moveType} is about to succeed, failoverCount=0`,
      { group, fromNode, toNode, moveType, failoverCount: 0, planned: /manual|api|move/i.test(moveType) },
      { component: 'RCM', ...o },
    );
  }

  newView(at: At, nodeId: number, downers: number[], o: LineOptions = {}): Of<'node.new-view'> {
    return this.event(
      'node.new-view',
      at,
      `Node ${nodeId}: New View is <ViewChanged joiners=() downers=(${downers.join(' ')}) newView=1302(${nodeId}) oldView=1101(1 2)/>`,
      { nodeId, joiners: [], downers },
      { component: 'CORE', ...o },
    );
  }

  connectionBroken(at: At, nodeId: number, peerId: number, o: LineOptions = {}): Of<'node.connection-broken'> {
    return this.event(
      'node.connection-broken',
      at,
      `Node ${nodeId}: Connection to Node ${peerId} is broken. Reason GracefulClose(1226)`,
      { nodeId, peerId, reason: 'GracefulClose(1226)' },
      { level: 'WARN', component: 'NODE', ...o },
    );
  }

  routeDown(at: At, type: 'net.route-down' | 'net.all-routes-down' | 'net.missed-heartbeats' = 'net.route-down', o: LineOptions = {}): ClusterEvent {
    return this.event(type, at, `${type} from 10.0.0.1:~3343~ to 10.0.0.2:~3343~`, { local: '10.0.0.1:~3343~', remote: '10.0.0.2:~3343~' }, { component: 'IM', ...o });
  }

  quorumLost(at: At, o: LineOptions = {}): Of<'quorum.lost'> {
    return this.event('quorum.lost', at, 'lost quorum (status = 5925)', { status: 5925 }, { level: 'ERR', ...o });
  }

  serviceTerminated(at: At, o: LineOptions = {}): Of<'rhs.cluster-service-terminated'> {
    return this.event('rhs.cluster-service-terminated', at, 'Cluster service has terminated. Cluster.Service.Running.Event got signaled.', {}, { level: 'WARN', component: 'RHS', ...o });
  }

  rhsCreateFailed(at: At, o: LineOptions = {}): Of<'rcm.rhs-create-failed'> {
    const text = "RcmMonitor: Failed to create RHS process 'C:\\Windows\\Cluster\\rhs.exe -key SYSTEM\\CurrentControlSet\\Services\\ClusSvc\\Parameters\\Rhs\\Default'. Error ERROR_FILE_NOT_FOUND(2)";
    return this.event('rcm.rhs-create-failed', at, text, { errorCode: 2, errorName: 'ERROR_FILE_NOT_FOUND' }, { level: 'ERR', component: 'RCM', ...o });
  }

  stopping(at: At, o: LineOptions = {}): Of<'clussvc.stopping'> {
    return this.event('clussvc.stopping', at, 'Cluster Service preterminate succeeded.', {}, { component: 'NETFT', ...o });
  }

  row(table: string, row: Record<string, string>): Of<'config.row'> {
    return this.event('config.row', null, Object.values(row).join(','), { table, row }, { level: null });
  }

  /** An event-log record; `params` as the catalogue extracts them. */
  record(at: At, eventId: number, message: string, params: Record<string, string> = {}, o: LineOptions & { provider?: string } = {}): Of<'eventlog.record'> {
    return this.event(
      'eventlog.record',
      at,
      message,
      {
        eventId,
        idFrom: 'record',
        provider: o.provider ?? 'Microsoft-Windows-FailoverClustering',
        levelName: 'Error',
        computer: o.node ?? this.opts.node,
        channel: 'System',
        recordId: null,
        task: null,
        message,
        template: null,
        params,
        data: null,
      },
      { level: 'ERR', ...o },
    );
  }

  /** The input summary a reader would report for this source. */
  input(zone?: Partial<ZoneDecision>): InputSummary {
    const kind = this.opts.kind ?? 'cluster-log';
    const offset = this.opts.offsetMinutes === undefined ? 0 : this.opts.offsetMinutes;
    return {
      path: this.opts.file,
      kind,
      format: kind === 'cluster-log' ? 'cluster-log' : 'eventlog-text',
      dialect: null,
      node: this.opts.node,
      nodeFrom: this.opts.nodeFrom ?? (kind === 'cluster-log' ? 'header' : 'computer field'),
      encoding: 'utf-8',
      bytes: 0,
      records: this.line,
      unparsed: 0,
      timeRange: { from: null, to: null },
      zone: {
        basis: offset === null ? 'unknown' : offset === 0 ? 'utc' : 'local',
        offsetMinutes: offset,
        how: offset === null ? 'local time, offset not stated' : 'test',
        ...zone,
      },
      notes: [],
    };
  }
}

export const log = (file: string, node: string, opts: Omit<SourceOptions, 'file' | 'node'> = {}): Source => new Source({ file, node, ...opts });
export const exportOf = (file: string, node: string, offsetMinutes: number | null = null): Source =>
  new Source({ file, node, kind: 'event-log', offsetMinutes });

/**
 * Runs the engine over the sources' records with stand-in rules. Batches are fed per source in the order
 * given (the engine must not depend on it); `inputs` defaults to the sources' own summaries.
 */
export function runEngine(
  sources: readonly Source[],
  events: readonly ClusterEvent[],
  options: { eventTzGiven?: boolean; rules?: ReturnType<typeof fakeRules>; inputs?: InputSummary[]; limits?: RetentionLimits } = {},
): EngineResult & { rules: ReturnType<typeof fakeRules> } {
  const rules = options.rules ?? fakeRules();
  const engine = new CorrelationEngine({ eventTzGiven: options.eventTzGiven ?? false }, rules, options.limits);
  for (const s of sources) engine.ingest(events.filter((e) => e.source.file === s.file));
  return { ...engine.finish(options.inputs ?? sources.map((s) => s.input())), rules };
}

export interface DiagnoseCall {
  readonly draft: IncidentDraft;
  readonly evidence: readonly ClusterEvent[];
}

/**
 * Stand-in rules: a record mentioning DNS makes the cause `dns`, anything else `unknown`; every call is
 * kept so tests can look at the draft and the evidence the engine handed over.
 */
export function fakeRules(candidate: (e: ClusterEvent) => boolean = (e) => /dns|error|fail/i.test(e.text)): RulesPort & { calls: DiagnoseCall[] } {
  const calls: DiagnoseCall[] = [];
  return {
    calls,
    isEvidenceCandidate: candidate,
    diagnose(draft, evidence) {
      calls.push({ draft, evidence });
      const dns = evidence.find((e) => /\bdns\b/i.test(e.text));
      const category: RootCauseCategory = dns !== undefined ? 'dns' : 'unknown';
      const rootCause: RootCause = {
        category,
        confidence: dns !== undefined ? 0.8 : 0,
        summary: dns !== undefined ? `DNS: ${dns.text}` : 'unknown',
        rules: dns !== undefined ? ['dns'] : [],
        evidence: [],
      };
      return { rootCause, recommendations: dns !== undefined ? ['Check the DNS servers.'] : [] };
    },
  };
}

// ---- Single ready-made records (used by the report and CLI tests) ----------------------------------

/** Base fields of a record on NODE1 at 2024-03-01 20:07:58.025 UTC; `overrides` replaces any of them. */
export function baseEvent(overrides: Partial<EventBase> = {}): EventBase {
  return {
    node: 'NODE1',
    source: { file: 'C:\\logs\\NODE1_cluster.log', line: 10 },
    sourceKind: 'cluster-log',
    wallMs: Date.UTC(2024, 2, 1, 20, 7, 58, 25),
    utcMs: Date.UTC(2024, 2, 1, 20, 7, 58, 25),
    timeText: '2024/03/01-20:07:58.025',
    level: 'ERR',
    pid: 0xf1c,
    tid: 0x1a2,
    component: 'RHS',
    channel: null,
    text: "RhsCall::DeadlockMonitor: Call LOOKSALIVE timed out by 16 milliseconds for resource 'Cluster Name'.",
    ...overrides,
  };
}

export function callTimeout(overrides: Partial<EventBase> = {}): EventOf<'rhs.call-timeout'> {
  return {
    ...baseEvent(overrides),
    type: 'rhs.call-timeout',
    resource: 'Cluster Name',
    resourceType: null,
    entryPoint: 'LooksAlive',
    call: 'LOOKSALIVE',
    overrunMs: 16,
  };
}

export function eventRecord1230(overrides: Partial<EventBase> = {}): EventOf<'eventlog.record'> {
  return {
    ...baseEvent({ sourceKind: 'event-log', component: null, pid: null, tid: null, source: { file: 'System.csv', line: 18 }, ...overrides }),
    type: 'eventlog.record',
    eventId: 1230,
    idFrom: 'record',
    provider: 'Microsoft-Windows-FailoverClustering',
    levelName: 'Error',
    computer: 'NODE1.contoso.com',
    channel: 'System',
    recordId: 4711,
    task: 'Resource Control Manager',
    message: "A component on the server did not respond in a timely fashion. This caused the cluster resource 'Cluster Name' to exceed its time-out threshold.",
    template: '1230/deadlock',
    params: { resource: 'Cluster Name', resourceType: 'Network Name', dll: 'clusres.dll' },
    data: null,
  };
}

export function generic(overrides: Partial<EventBase> = {}): EventOf<'generic'> {
  return { ...baseEvent({ level: 'INFO', component: 'NM', text: 'something else', ...overrides }), type: 'generic' };
}
