/**
 * Writing one node's cluster.log: the optional 2016+ header (cluster state tables and event
 * sections), then background and scripted lines merged in time order, streamed to disk.
 */
import { Background, type PlannedMove } from './background.js';
import { systemSectionLines } from './exports.js';
import { type LogLine, LineFormatter, byTime, hex8, clusterTime } from './format.js';
import type { Dialect, Injection, NodeSpec, SysEvent, Topology } from './model.js';
import { ChunkWriter, type FileEncoding } from './writer.js';

export interface HeaderOptions {
  /** OS build printed as `Build Number`. */
  readonly build: number;
  /** Tables of cluster state (omitted by `Get-ClusterLog -SkipClusterState`). */
  readonly state: boolean;
  /** Events for the `[=== System ===]` section. */
  readonly systemEvents: readonly SysEvent[];
  /** Lines for the `[=== Microsoft-Windows-FailoverClustering/DiagnosticVerbose ===]` section. */
  readonly verbose?: readonly LogLine[];
  /** Text of the time zone line after `the time zone offset of this machine is `. */
  readonly offsetText?: string;
}

export interface ClusterLogOptions {
  readonly path: string;
  readonly topo: Topology;
  readonly node: string;
  readonly dialect: Dialect;
  readonly encoding: FileEncoding;
  readonly eol: '\r\n' | '\n';
  readonly from: number;
  readonly to: number;
  readonly density: number;
  readonly seed: string;
  readonly injection: Injection;
  readonly moves: readonly PlannedMove[];
  /** Stop once the file reaches this many bytes (generator); otherwise stop at `to`. */
  readonly targetBytes?: number;
  /** Get-ClusterLog -UseLocalTime: line prefixes in the node's local time. */
  readonly localTime?: boolean;
  readonly header?: HeaderOptions;
  /** Text before every prefixed line (a viewer's `[Verbose] ` tag, for instance). */
  readonly tag?: string;
  readonly collapseSpaces?: boolean;
}

export interface WrittenLog {
  readonly path: string;
  readonly bytes: number;
  readonly lines: number;
  /** Scripted lines that made it into the file (all of them unless the size target cut the story off). */
  readonly scripted: number;
  readonly scriptedTotal: number;
  readonly lastTime: number;
}

function csvRow(cells: readonly (string | number)[]): string {
  return cells.map((c) => (typeof c === 'string' && /[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : String(c))).join(',');
}

function offsetText(node: NodeSpec): string {
  const bias = -node.utcOffsetMin;
  return `${bias} minutes, or ${bias / 60} hours`;
}

/** The part of a 2016+ cluster.log before `[=== Cluster Logs ===]`. */
export function clusterHeader(o: ClusterLogOptions, h: HeaderOptions): string[] {
  const { topo } = o;
  const node = topo.nodes.find((n) => n.name === o.node) as NodeSpec;
  const out: string[] = ['[=== Cluster ===]'];
  out.push(`Build Number ${h.build}`);
  out.push(`UTC = localtime + time zone offset;the time zone offset of this machine is ${h.offsetText ?? offsetText(node)}`);
  out.push(o.localTime ? 'The logs were generated using local time' : "The logs were generated using Coordinated Universal Time (UTC). 'Get-ClusterLog -UseLocalTime' will generate in local time.");
  out.push(`The current time is ${clusterTime(o.to + (o.localTime ? node.utcOffsetMin * 60000 : 0))}`);
  out.push(`Current node: name (${node.name}) id (${node.id})`);
  out.push(`Cluster name: ${topo.cluster}`);
  out.push('');
  if (h.state) {
    out.push('[=== Resources ===]');
    out.push('Name,State,OwnerGroup,ResourceType,OwnerNode,IsCoreResource,SeparateMonitor,DeadlockTimeout,PendingTimeout,IsAlivePollInterval,LooksAlivePollInterval,RestartAction,RestartThreshold,RestartPeriod,RestartDelay,RetryPeriodOnFailure,MonitorProcessId');
    for (const r of topo.resources) {
      const g = topo.groups.find((x) => x.name === r.group);
      const core = g?.type === 'Cluster';
      out.push(csvRow([r.name, 'Online', r.group, r.type, g?.owner ?? '', core ? 'True' : 'False', r.separate ? 'True' : 'False', r.deadlockTimeoutMs ?? 300000, r.pendingTimeoutMs ?? 180000, 4294967295, 4294967295, 2, r.restartThreshold ?? (r.kind === 'disk' ? 1 : 3), 900000, 500, 3600000, g?.owner === node.name ? node.rhsPid : 0]));
    }
    out.push('', '[=== Groups ===]');
    out.push('Name,State,OwnerNode,GroupType,Priority,FailoverThreshold,FailoverPeriod,AutoFailbackType,DefaultOwner');
    for (const g of topo.groups) out.push(csvRow([g.name, 'Online', g.owner, g.type, 2000, 4294967295, 6, 0, 4294967295]));
    out.push('', '[=== Resource Types ===]');
    out.push('Name,DllName,DeadlockTimeout,PendingTimeout,LooksAlivePollInterval,IsAlivePollInterval');
    const types = new Map<string, string>();
    for (const r of topo.resources) types.set(r.type, r.dll);
    for (const [t, dll] of types) out.push(csvRow([t, dll, 300000, 180000, 5000, 60000]));
    out.push('', '[=== Nodes ===]');
    out.push('Name,Id,State,NodeWeight,DynamicWeight,BuildNumber,FaultDomain');
    for (const n of topo.nodes) out.push(csvRow([n.name, n.id, 'Up', 1, 1, h.build, '']));
    out.push('', '[=== Networks ===]');
    out.push('Name,Role,Address,AddressMask,State,Metric');
    out.push(csvRow(['Cluster Network 1', 3, `${node.ip.split('.').slice(0, 3).join('.')}.0`, '255.255.255.0', 'Up', 70240]));
    out.push(csvRow(['Cluster Network 2', 1, `${node.hbIp.split('.').slice(0, 3).join('.')}.0`, '255.255.255.0', 'Up', 30240]));
    out.push('');
  }
  out.push('[=== System ===]');
  const sys = systemSectionLines(h.systemEvents.filter((e) => (e.channel ?? 'System') === 'System'), node, '\n', o.localTime === true);
  if (sys) out.push(...sys.replace(/\n$/, '').split('\n'));
  out.push('');
  if (h.verbose) {
    out.push('[=== Microsoft-Windows-FailoverClustering/DiagnosticVerbose ===]');
    const f = new LineFormatter({ tag: '[Verbose] ', eol: '\n' });
    for (const l of [...h.verbose].sort(byTime)) out.push(f.format(l).replace(/\n$/, ''));
    out.push('');
  }
  out.push('[=== Cluster Logs ===]');
  return out;
}

export function writeClusterLog(o: ClusterLogOptions): WrittenLog {
  const node = o.topo.nodes.find((n) => n.name === o.node);
  if (!node) throw new Error(`no node ${o.node}`);
  const w = new ChunkWriter(o.path, o.encoding);
  const fmt = new LineFormatter({ eol: o.eol, shiftMs: o.localTime ? node.utcOffsetMin * 60000 : 0, ...(o.tag ? { tag: o.tag } : {}), ...(o.collapseSpaces ? { collapseSpaces: true } : {}) });
  let lines = 0;
  if (o.header) {
    for (const l of clusterHeader(o, o.header)) {
      w.write(l + o.eol);
      lines++;
    }
  }
  const scripted = [...(o.injection.lines.get(o.node) ?? [])].sort(byTime);
  let si = 0;
  let last = o.from;
  const target = o.targetBytes ?? Infinity;
  const emit = (l: LogLine): boolean => {
    w.write(fmt.format(l));
    lines += 1 + (l.text.includes('\n') ? l.text.split('\n').length - 1 : 0);
    last = l.t;
    return w.bytes < target;
  };
  const bg = new Background(o.topo, o.node, o.seed, { dialect: o.dialect, density: o.density, injection: o.injection, moves: o.moves });
  const end = Number.isFinite(target) ? o.from + 1000 * (o.to - o.from) : o.to;
  bg.run(o.from, end, (l) => {
    while (si < scripted.length && (scripted[si] as LogLine).t <= l.t) {
      if (!emit(scripted[si++] as LogLine)) return false;
    }
    return emit(l);
  });
  while (si < scripted.length && w.bytes < target) {
    const l = scripted[si++] as LogLine;
    if (l.t < end) emit(l);
  }
  w.close();
  return { path: o.path, bytes: w.bytes, lines, scripted: si, scriptedTotal: scripted.length, lastTime: last };
}

export { hex8 };
