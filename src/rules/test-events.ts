/**
 * Test-only builders of typed events for rule tests: a tiny classifier for cluster.log lines (the
 * shapes rules care about, following the contracts in events/types.ts), event-log records, object-table
 * rows and incident drafts. Not imported by production code.
 */
import type { ClusterEvent, EntryPoint, EventBase, EventLogRecordEvent, Level } from '../events/types.js';
import type { IncidentDraft } from './types.js';

export interface Origin {
  readonly node?: string;
  readonly file?: string;
  readonly line?: number;
}

const PREFIX =
  /^(?:\[(\w+)\]\s*)?(?:([0-9a-f]{3,8})\.([0-9a-f]{3,8})::)?(?:(\d{4})\/(\d{2})\/(\d{2})-(\d{2}):(\d{2}):(\d{2})\.(\d{3})\s+)?(?:(INFO|WARN|ERR|DBG|CRIT)\s+)?(?:([\w:]*)\[([^\]]+)\]\s*)?(.*)$/;

const LEVELS: Readonly<Record<string, Level>> = { INFO: 'INFO', WARN: 'WARN', ERR: 'ERR', DBG: 'DBG', CRIT: 'CRIT' };

function base(raw: string, o: Origin): EventBase & { component: string | null } {
  const m = PREFIX.exec(raw) ?? [];
  const ms =
    m[4] !== undefined
      ? Date.UTC(+m[4], +(m[5] ?? 1) - 1, +(m[6] ?? 1), +(m[7] ?? 0), +(m[8] ?? 0), +(m[9] ?? 0), +(m[10] ?? 0))
      : null;
  return {
    node: o.node ?? 'NODE1',
    source: { file: o.file ?? 'cluster.log', line: o.line ?? 1 },
    sourceKind: 'cluster-log',
    wallMs: ms,
    utcMs: ms,
    timeText: m[4] !== undefined ? raw.slice(raw.indexOf('::') + 2).split(/\s/, 1)[0] ?? null : null,
    // Constants, as the real parser returns them (internalized strings compare by pointer).
    level: m[11] !== undefined ? (LEVELS[m[11]] ?? null) : null,
    pid: m[2] !== undefined ? parseInt(m[2], 16) : null,
    tid: m[3] !== undefined ? parseInt(m[3], 16) : null,
    component: m[13] ?? null,
    channel: m[1] ?? null,
    text: m[14] ?? raw,
  };
}

const ENTRY: Record<string, EntryPoint> = {
  LOOKSALIVE: 'LooksAlive',
  ISALIVE: 'IsAlive',
  ONLINERESOURCE: 'Online',
  OFFLINERESOURCE: 'Offline',
  ARBITRATE: 'Arbitrate',
  TERMINATERESOURCE: 'Terminate',
  RESOURCECONTROL: 'ResourceControl',
};

const num = (s: string | undefined): number | null => (s === undefined ? null : Number(s));

/** One cluster.log line as a typed event (the shapes rule tests use; anything else is `generic`). */
export function logLine(raw: string, o: Origin = {}): ClusterEvent {
  const b = base(raw, o);
  const t = b.text;
  const c = b.component;
  let m: RegExpExecArray | null;
  if (c === 'RES' && (m = /^([^<:]+?)\s*(?:<([^>]*)>)?\s*:\s*(?:\[(\w+)\]\s*)?(.*)$/.exec(t))) {
    return { ...b, type: 'res.message', resourceType: m[1] ?? '', resource: m[2] ?? null, subTag: m[3] ?? null, message: m[4] ?? '' };
  }
  if (c === 'RHS') {
    if ((m = /DeadlockMonitor: Call (\w+) timed out(?: by (\d+) milliseconds)? for resource '(.+?)'/.exec(t))) {
      return { ...b, type: 'rhs.call-timeout', resource: m[3] ?? null, resourceType: null, entryPoint: ENTRY[m[1] ?? ''] ?? null, call: m[1] ?? '', overrunMs: num(m[2]) };
    }
    if ((m = /^Resource (type )?(.+?) handling deadlock/.exec(t))) {
      const name = m[2] ?? '';
      return { ...b, type: 'rhs.deadlock-handling', resource: name, resourceType: m[1] ? name : null, terminatingRhs: /terminating RHS/.test(t) };
    }
    if ((m = /^Resource (.+?) (IsAlive|LooksAlive) has indicated failure/.exec(t))) {
      return { ...b, type: 'rhs.health-check-failed', resource: m[1] ?? '', entryPoint: m[2] as 'IsAlive' | 'LooksAlive' };
    }
    if ((m = /WER report is submitted\. Result : (\w+)/.exec(t))) return { ...b, type: 'rhs.wer-report', result: m[1] ?? null };
    if ((m = /(ERROR_\w+)\((\d+)\).*Unable to load resource DLL ([\w.]+)/.exec(t))) {
      return { ...b, type: 'rhs.dll-load-failed', dll: m[3] ?? null, errorCode: num(m[2]), errorName: m[1] ?? null };
    }
    if (/Cluster service has terminated/.test(t)) return { ...b, type: 'rhs.cluster-service-terminated' };
  }
  if (c === 'RCM') {
    if ((m = /Failed to create RHS process.*Error (\w+)\((\d+)\)/.exec(t))) {
      return { ...b, type: 'rcm.rhs-create-failed', errorName: m[1] ?? null, errorCode: num(m[2]) };
    }
    if ((m = /ResourceControl\((\w+)\) to (.+?) returned (\d+)/.exec(t))) {
      return { ...b, type: 'rcm.resource-control-error', control: m[1] ?? '', resource: m[2] ?? '', errorCode: num(m[3]) };
    }
    if ((m = /Arbitrating resource '(.+?)' returned error (\d+)/.exec(t))) {
      return { ...b, type: 'rcm.arbitrate-error', resource: m[1] ?? '', errorCode: num(m[2]) };
    }
    if ((m = /Resource '(.+?)' has crashed or deadlocked/.exec(t))) {
      return { ...b, type: 'rcm.crashed-or-deadlocked', resource: m[1] ?? '', separateMonitor: /separate monitor/.test(t) };
    }
  }
  if ((c === 'IM' || c === 'CHM') && /missed (?:two )?consecutive (?:heartbeats|HBs)/.test(t)) {
    return { ...b, type: 'net.missed-heartbeats', local: null, remote: null };
  }
  if (c === 'IM' && /Marking Route .* as down/.test(t)) return { ...b, type: 'net.route-down', local: null, remote: null };
  if (c === 'IM' && /Remote endpoint .* unreachable/.test(t)) return { ...b, type: 'net.endpoint-unreachable', local: null, remote: null };
  if (c === 'NDP' && /^All routes for route .* are down/.test(t)) return { ...b, type: 'net.all-routes-down', local: null, remote: null };
  if (c === 'NETFT' && /keep-alive/.test(t)) return { ...b, type: 'net.netft-keepalive-failed', local: null, remote: null };
  if (c === 'NODE' && (m = /Node (\d+): Connection to Node (\d+) is broken(?:\. Reason (\S+))?/.exec(t))) {
    return { ...b, type: 'node.connection-broken', nodeId: num(m[1]), peerId: num(m[2]), reason: m[3] ?? null };
  }
  if (c === 'RGP' && (m = /node (\d+): Node Disconnected (\d+)/.exec(t))) {
    return { ...b, type: 'node.disconnected', nodeId: num(m[1]), peerId: num(m[2]), reason: null };
  }
  if ((m = /(?:Lost quorum|lost quorum \(status = (\d+)\)|Quorum lost .*\(status = (\d+)\))/.exec(t))) {
    return { ...b, type: 'quorum.lost', status: num(m[1] ?? m[2]) };
  }
  return { ...b, type: 'generic' };
}

/**
 * A cluster.log line in the standard layout: `cl('2024/03/05-10:14:58.000', 'ERR', '[RHS] ...')`.
 * `thread` is the `PID.TID` prefix (hex).
 */
export function cl(time: string, level: 'INFO' | 'WARN' | 'ERR' | 'DBG', body: string, thread = '00000f1c.00000f28'): string {
  return `${thread}::${time} ${level.padEnd(5)} ${body}`;
}

/** Several cluster.log lines; line numbers count from `o.line` (default 1). */
export function logLines(raw: string | readonly string[], o: Origin = {}): ClusterEvent[] {
  const lines = typeof raw === 'string' ? raw.split('\n').filter((l) => l.trim() !== '') : raw;
  return lines.map((l, i) => logLine(l, { ...o, line: (o.line ?? 1) + i }));
}

export interface RecordOptions extends Origin {
  /** ISO-8601 UTC (`2021-02-24T02:50:16Z`), or null for none. */
  readonly at?: string | null;
  readonly provider?: string | null;
  readonly level?: Level | null;
  readonly levelName?: string | null;
  readonly params?: Readonly<Record<string, string>>;
}

/** A System/Application event-log record (id null = an export without ids). */
export function eventRecord(eventId: number | null, message: string, o: RecordOptions = {}): EventLogRecordEvent {
  const ms = o.at ? Date.parse(o.at) : null;
  return {
    type: 'eventlog.record',
    node: o.node ?? 'NODE1',
    source: { file: o.file ?? 'system.evtx', line: o.line ?? 1 },
    sourceKind: 'event-log',
    wallMs: ms,
    utcMs: ms,
    timeText: o.at ?? null,
    level: o.level ?? 'ERR',
    pid: null,
    tid: null,
    component: null,
    channel: 'System',
    text: message,
    eventId,
    idFrom: eventId === null ? null : 'record',
    provider: o.provider === undefined ? 'Microsoft-Windows-FailoverClustering' : o.provider,
    levelName: o.levelName ?? 'Error',
    computer: o.node ?? 'NODE1',
    recordId: null,
    task: null,
    message,
    template: null,
    params: o.params ?? {},
    data: null,
  };
}

/** One row of a 2016+ object table. */
export function configRow(table: string, row: Readonly<Record<string, string>>, o: Origin = {}): ClusterEvent {
  return {
    type: 'config.row',
    node: o.node ?? 'NODE1',
    source: { file: o.file ?? 'cluster.log', line: o.line ?? 1 },
    sourceKind: 'cluster-log',
    wallMs: null,
    utcMs: null,
    timeText: null,
    level: null,
    pid: null,
    tid: null,
    component: null,
    channel: table,
    text: Object.values(row).join(','),
    table,
    row,
  };
}

/** An incident draft with defaults for everything not given. */
export function draft(d: Partial<IncidentDraft> & Pick<IncidentDraft, 'kind'>): IncidentDraft {
  return {
    node: 'NODE1',
    resource: null,
    resourceType: null,
    group: null,
    dll: null,
    entryPoint: null,
    detectedMs: null,
    startedMs: null,
    dependencies: [],
    ...d,
  };
}

/** `Date.UTC` of a cluster.log time text (`2021/02/24-02:50:02.453`). */
export function at(time: string): number {
  const m = /(\d{4})\/(\d{2})\/(\d{2})-(\d{2}):(\d{2}):(\d{2})\.(\d{3})/.exec(time);
  if (!m) throw new Error(`bad time ${time}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
}
