/** The cluster a collection describes, and what an incident script adds to it. */
import type { Level, LogLine } from './format.js';

export type Dialect = '2008r2' | '2012r2' | '2016';

export interface NodeSpec {
  /** NetBIOS name, upper case, as Get-ClusterLog names the file. */
  readonly name: string;
  readonly id: number;
  readonly fqdn: string;
  /** Client-facing address and the heartbeat (cluster-only) network address. */
  readonly ip: string;
  readonly hbIp: string;
  /** clussvc.exe and default rhs.exe process ids at the start of the log. */
  readonly clussvcPid: number;
  readonly rhsPid: number;
  /** Minutes to add to UTC to get this node's wall clock (EST = -300). */
  readonly utcOffsetMin: number;
}

export type ResourceKind =
  | 'netname'
  | 'ip'
  | 'disk'
  | 'csv'
  | 'fsw'
  | 'ag'
  | 'vm'
  | 'vmconfig'
  | 'fileserver'
  | 'sql'
  | 'sqlagent'
  | 'generic';

export interface ResourceSpec {
  readonly name: string;
  /** Resource type display name (`Physical Disk`, `SQL Server Availability Group`...). */
  readonly type: string;
  readonly kind: ResourceKind;
  readonly group: string;
  readonly dll: string;
  /** Runs in its own rhs.exe from the start (SeparateMonitor). */
  readonly separate?: boolean;
  readonly deadlockTimeoutMs?: number;
  readonly pendingTimeoutMs?: number;
  readonly restartThreshold?: number;
  /** Address for IP resources, DNS name for network names, share path for witnesses, VM id for VMs. */
  readonly detail?: string;
}

export interface GroupSpec {
  readonly name: string;
  /** Node name that owns the group at the start. */
  readonly owner: string;
  readonly type: 'Cluster' | 'AvailableStorage' | 'VirtualMachine' | 'FileServer' | 'GenericService' | 'Unknown' | 'ClusterStoragePool';
}

export interface Topology {
  readonly cluster: string;
  readonly domain: string;
  readonly nodes: readonly NodeSpec[];
  readonly groups: readonly GroupSpec[];
  readonly resources: readonly ResourceSpec[];
  /** DNS servers the network names register with. */
  readonly dnsServers: readonly string[];
  readonly witnessShare?: string;
}

export type EventLevel = 'Critical' | 'Error' | 'Warning' | 'Information';

/** One Windows event-log record, before any export format is applied. */
export interface SysEvent {
  readonly t: number;
  readonly id: number;
  readonly provider: string;
  readonly level: EventLevel;
  readonly task: string;
  readonly message: string;
  readonly channel?: 'System' | 'Application';
  /** Named insertion strings, as EventData carries them. */
  readonly data?: readonly (readonly [string, string])[];
  readonly pid?: number;
  readonly tid?: number;
  /** Event written under a localized display language: message and task for that language. */
  readonly localized?: { readonly message: string; readonly task: string };
}

/** What an analyzer must report for an injected or scripted failure (fixtures/README.md). */
export interface ExpectedIncident {
  readonly kind: string;
  readonly resource: string | null;
  readonly resourceType?: string;
  readonly entryPoint?: string;
  readonly rootCause?: readonly string[];
  readonly collateral?: readonly string[];
  readonly node?: string;
  readonly outcome?: readonly string[];
  readonly timeoutMs?: number;
  readonly timelineFrom?: readonly string[];
  /** Not part of the schema the test reads: where the generator put it, for humans. */
  readonly at?: string;
}

/** Lines, events and side effects of one scripted story, merged into the background stream. */
export class Injection {
  readonly lines = new Map<string, LogLine[]>();
  readonly events = new Map<string, SysEvent[]>();
  /** Health-check lines of `resource` on `node` stop in [from, to): the call is hung or the resource is down. */
  readonly quiet: { node: string; resource: string; from: number; to: number }[] = [];
  /** From `t` on, these resources on `node` are hosted by rhs.exe `pid` (an RHS restart). */
  readonly pids: { node: string; t: number; resources: readonly string[] | 'default' | 'core'; pid: number }[] = [];
  /** Ownership changes written by the script itself (failovers). */
  readonly moves: { t: number; group: string; to: string }[] = [];
  /** The node writes nothing in [from, to): bugchecked, rebooting, or service stopped. */
  readonly down: { node: string; from: number; to: number; clussvcPid?: number; rhsPid?: number }[] = [];
  /** Groups the background must leave alone (no planned moves) in [from, to). */
  readonly busy: { from: number; to: number }[] = [];
  /** Groups a story owns: planned moves never touch them, so ownership stays what the story assumes. */
  readonly pinned: string[] = [];
  /** Nodes whose default rhs.exe a story kills: no planned move may change what it hosts. */
  readonly frozen: string[] = [];
  readonly expected: ExpectedIncident[] = [];

  log(node: string, t: number, pid: number, tid: number, level: Level, text: string): void {
    let list = this.lines.get(node);
    if (!list) this.lines.set(node, (list = []));
    list.push({ t: Math.round(t), pid, tid, level, text });
  }

  event(node: string, e: SysEvent): void {
    let list = this.events.get(node);
    if (!list) this.events.set(node, (list = []));
    list.push({ ...e, t: Math.round(e.t) });
  }

  merge(other: Injection): void {
    for (const [n, l] of other.lines) for (const x of l) this.log(n, x.t, x.pid, x.tid, x.level, x.text);
    for (const [n, l] of other.events) for (const e of l) this.event(n, e);
    this.quiet.push(...other.quiet);
    this.pids.push(...other.pids);
    this.moves.push(...other.moves);
    this.down.push(...other.down);
    this.busy.push(...other.busy);
    this.pinned.push(...other.pinned);
    this.frozen.push(...other.frozen);
    this.expected.push(...other.expected);
  }
}

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

export function nodeByName(topo: Topology, name: string): NodeSpec {
  const n = topo.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name}`);
  return n;
}

export function resourceByName(topo: Topology, name: string): ResourceSpec {
  const r = topo.resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}`);
  return r;
}

/** 2008 R2 hosts the core group and Available Storage in their own rhs.exe (shared/seeds, RHS in 2008). */
export const CORE_RHS_OFFSET = 0x10c;

export function isCoreHosted(topo: Topology, dialect: Dialect, resource: ResourceSpec): boolean {
  if (dialect !== '2008r2') return false;
  const type = topo.groups.find((g) => g.name === resource.group)?.type;
  return type === 'Cluster' || type === 'AvailableStorage';
}

/** rhs.exe process id hosting `resource` on `node` at the start of the log. */
export function rhsPidOf(topo: Topology, dialect: Dialect, node: NodeSpec, resource: ResourceSpec): number {
  return isCoreHosted(topo, dialect, resource) ? node.rhsPid + CORE_RHS_OFFSET : node.rhsPid;
}
