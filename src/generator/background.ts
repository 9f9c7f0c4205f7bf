/**
 * Background traffic of one node: component chatter, healthy LooksAlive/IsAlive cadence per
 * resource, planned group moves, membership and database updates. Deterministic for a seed,
 * produced in time order, and shaped by an Injection (hung resources fall silent, RHS restarts
 * change process ids, a crashed node writes nothing).
 */
import type { Level, LogLine } from './format.js';
import { Rng } from './rng.js';
import { CORE_RHS_OFFSET, type Dialect, type GroupSpec, type Injection, type NodeSpec, type ResourceSpec, type Topology, MIN, SEC, isCoreHosted } from './model.js';

export interface PlannedMove {
  readonly t: number;
  readonly group: string;
  readonly from: string;
  readonly to: string;
}

export interface BackgroundOptions {
  readonly dialect: Dialect;
  /** 1 = about 5,000 lines an hour per node; fixtures use ~0.2. */
  readonly density: number;
  readonly injection: Injection;
  readonly moves: readonly PlannedMove[];
}

interface Source {
  next: number;
  fire(t: number): void;
}

const GUID_CHARS = '0123456789abcdef';

export function fakeGuid(rng: Rng): string {
  let s = '';
  for (let i = 0; i < 32; i++) {
    s += GUID_CHARS[rng.int(16)];
    if (i === 7 || i === 11 || i === 15 || i === 19) s += '-';
  }
  return s;
}

/** Ownership of groups over time: initial owners, then planned and scripted moves in time order. */
export class Ownership {
  private readonly owners = new Map<string, string>();
  private readonly changes: { t: number; group: string; to: string }[];
  private i = 0;

  constructor(groups: readonly GroupSpec[], moves: readonly { t: number; group: string; to: string }[]) {
    for (const g of groups) this.owners.set(g.name, g.owner);
    this.changes = [...moves].sort((a, b) => a.t - b.t);
  }

  advance(t: number): void {
    while (this.i < this.changes.length) {
      const c = this.changes[this.i];
      if (!c || c.t > t) break;
      this.owners.set(c.group, c.to);
      this.i++;
    }
  }

  owner(group: string): string | undefined {
    return this.owners.get(group);
  }
}

export class Background {
  private readonly node: NodeSpec;
  private readonly rng: Rng;
  private readonly sources: Source[] = [];
  private pending: LogLine[] = [];
  private readonly ownership: Ownership;
  private readonly d: number;
  private gumId: number;
  private gemSeq: number;
  private gen = 3;
  private clussvcPid: number;
  private rhsPid: number;
  private corePid: number;
  private readonly separatePid = new Map<string, number>();
  private pidIndex = 0;
  private readonly pidChanges: Injection['pids'];
  private readonly down: Injection['down'];
  private readonly quiet: Injection['quiet'];
  private readonly peers: NodeSpec[];
  private readonly tids: Record<'rcm' | 'rhs' | 'gum' | 'api' | 'nm' | 'misc', number[]>;

  constructor(private readonly topo: Topology, nodeName: string, seed: string, private readonly opts: BackgroundOptions) {
    const node = topo.nodes.find((n) => n.name === nodeName);
    if (!node) throw new Error(`no node ${nodeName}`);
    this.node = node;
    this.rng = new Rng(`${seed}:${nodeName}:background`);
    this.d = Math.max(0.01, opts.density);
    this.gumId = 1000 + this.rng.int(40000);
    this.gemSeq = 100 + this.rng.int(5000);
    this.clussvcPid = node.clussvcPid;
    this.rhsPid = node.rhsPid;
    this.corePid = node.rhsPid + CORE_RHS_OFFSET;
    this.peers = topo.nodes.filter((n) => n.name !== nodeName);
    const pool = (n: number): number[] => Array.from({ length: n }, () => 0x400 + this.rng.int(0x3000) * 4);
    this.tids = { rcm: pool(5), rhs: pool(6), gum: pool(2), api: pool(4), nm: pool(2), misc: pool(4) };
    let sep = 0x1400 + this.rng.int(0x800) * 4;
    for (const r of topo.resources) if (r.separate) this.separatePid.set(r.name, (sep += 0x1c4));
    this.pidChanges = opts.injection.pids.filter((p) => p.node === nodeName).sort((a, b) => a.t - b.t);
    this.down = opts.injection.down.filter((p) => p.node === nodeName);
    this.quiet = opts.injection.quiet.filter((p) => p.node === nodeName);
    this.ownership = new Ownership(topo.groups, [
      ...opts.moves.map((m) => ({ t: m.t + 4 * SEC, group: m.group, to: m.to })),
      ...opts.injection.moves,
    ]);
    this.addSources();
  }

  /** Calls `sink` for every background line in [from, to), in time order; stops early when `sink` returns false. */
  run(from: number, to: number, sink: (line: LogLine) => boolean): boolean {
    for (const s of this.sources) if (s.next < from) s.next = from + this.rng.int(60 * SEC);
    for (;;) {
      let best: Source | undefined;
      for (const s of this.sources) if (!best || s.next < best.next) best = s;
      if (!best) return true;
      const t = best.next;
      while (this.pending.length && (this.pending[0]?.t ?? Infinity) <= t) {
        const l = this.pending.shift() as LogLine;
        if (l.t >= to) return true;
        if (!sink(l)) return false;
      }
      if (t >= to) {
        for (const l of this.pending) if (l.t < to && !sink(l)) return false;
        this.pending = this.pending.filter((l) => l.t >= to);
        return true;
      }
      this.ownership.advance(t);
      this.advancePids(t);
      if (!this.isDown(t)) best.fire(t);
      else best.next = t + 30 * SEC;
    }
  }

  // --- effects -------------------------------------------------------------------------------

  private isDown(t: number): boolean {
    for (const d of this.down) {
      if (t >= d.from && t < d.to) return true;
    }
    return false;
  }

  private advancePids(t: number): void {
    while (this.pidIndex < this.pidChanges.length) {
      const c = this.pidChanges[this.pidIndex];
      if (!c || c.t > t) break;
      if (c.resources === 'default') this.rhsPid = c.pid;
      else if (c.resources === 'core') this.corePid = c.pid;
      else for (const r of c.resources) this.separatePid.set(r, c.pid);
      this.pidIndex++;
    }
    for (const d of this.down) {
      if (t >= d.to && d.clussvcPid !== undefined && this.clussvcPid !== d.clussvcPid) {
        this.clussvcPid = d.clussvcPid;
        if (d.rhsPid !== undefined) {
          this.rhsPid = d.rhsPid;
          this.corePid = d.rhsPid + CORE_RHS_OFFSET;
        }
      }
    }
  }

  private isQuiet(resource: string, t: number): boolean {
    for (const q of this.quiet) if (q.resource === resource && t >= q.from && t < q.to) return true;
    return false;
  }

  private pidOf(r: ResourceSpec): number {
    return this.separatePid.get(r.name) ?? (isCoreHosted(this.topo, this.opts.dialect, r) ? this.corePid : this.rhsPid);
  }

  private online(r: ResourceSpec, t: number): boolean {
    return this.ownership.owner(r.group) === this.node.name && !this.isQuiet(r.name, t);
  }

  // --- emission ------------------------------------------------------------------------------

  private push(t: number, pid: number, tid: number, level: Level, text: string): void {
    const line: LogLine = { t: Math.round(t), pid, tid, level, text };
    const p = this.pending;
    let i = p.length;
    while (i > 0 && (p[i - 1] as LogLine).t > line.t) i--;
    p.splice(i, 0, line);
  }

  private tid(pool: keyof Background['tids']): number {
    return this.rng.pick(this.tids[pool]);
  }

  /** Random gap with the given mean, scaled by density; plain arithmetic (no Math.log) keeps bytes identical across platforms. */
  private gap(meanMs: number): number {
    const u = this.rng.next() + this.rng.next();
    return Math.max(1, Math.round((u * meanMs) / this.d));
  }

  private every(meanMs: number, fire: (t: number) => void): void {
    const src: Source = {
      next: 0,
      fire: (t) => {
        fire(t);
        src.next = t + this.gap(meanMs);
      },
    };
    this.sources.push(src);
  }

  /** A periodic call with jitter (health checks keep their cadence whatever the density). */
  private periodic(periodMs: number, fire: (t: number) => void): void {
    const src: Source = {
      next: 0,
      fire: (t) => {
        fire(t);
        src.next = t + periodMs + this.rng.int(40);
      },
    };
    this.sources.push(src);
  }

  private addSources(): void {
    const { node, topo } = this;
    const peer = (): NodeSpec => (this.peers.length ? this.rng.pick(this.peers) : node);
    const rcm = (t: number, level: Level, text: string): void => this.push(t, this.clussvcPid, this.tid('rcm'), level, text);
    const cs = (t: number, pool: keyof Background['tids'], level: Level, text: string): void => this.push(t, this.clussvcPid, this.tid(pool), level, text);

    // Global update manager: the busiest component at level 3.
    this.every(5 * SEC, (t) => {
      const id = ++this.gumId;
      const r = this.rng.next();
      if (r < 0.6) cs(t, 'gum', 'INFO', `[GUM] Node ${node.id}: Executing locally gumId: ${id}, updates: 1, first action: /dm/update`);
      else if (r < 0.85) {
        const p = peer();
        cs(t, 'gum', 'INFO', `[GUM] Node ${node.id}: Processing RequestLock ${p.id}:${this.gumId % 977}`);
        cs(t + 1, 'gum', 'INFO', `[GUM] Node ${node.id}: Processing GrantLock to ${p.id} (sent by ${node.id} gumid: ${id})`);
      } else cs(t, 'gum', 'INFO', `[GUM] Node ${node.id}: executing request locally, gumId:${id}, my action: /dm/update, # of updates: 1`);
    });
    // Group event manager acknowledgements.
    this.every(18 * SEC, (t) => {
      const p = peer();
      const a = this.gemSeq;
      this.gemSeq += 1 + this.rng.int(3);
      cs(t, 'misc', 'INFO', `[GEM] Node ${node.id}: Deleting [${p.id}:${a} , ${p.id}:${this.gemSeq - 1}] (both included) as it has been ack'd by every node`);
    });
    // Cluster API calls from management and monitoring tools.
    this.every(9 * SEC, (t) => {
      const r = this.rng.next();
      const res = this.rng.pick(topo.resources);
      if (r < 0.3) cs(t, 'api', 'INFO', '[API] s_ApiGetQuorumResource final status 0.');
      else if (r < 0.55) cs(t, 'api', 'INFO', `[API] s_ApiOpenResourceEx: Resource ${res.name} opened with access 0x1, status 0`);
      else if (r < 0.75) cs(t, 'api', 'INFO', `[API] s_ApiOpenGroupEx: Group ${res.group} opened with access 0x1, status 0`);
      else if (r < 0.9) rcm(t, 'INFO', `[RCM] rcm::RcmApi::ResourceControl: (${res.name}, CLUSCTL_RESOURCE_GET_RO_COMMON_PROPERTIES)`);
      else cs(t, 'api', 'INFO', `[API] s_ApiCloseResource: Resource ${res.name} closed, status 0`);
    });
    // Node manager client requests.
    this.every(50 * SEC, (t) => cs(t, 'nm', 'INFO', `[NM] Received request from client address ${peer().name}.`));
    // Database: checkpoints and paxos tag reads are rarer.
    this.every(12 * MIN, (t) => {
      const tag = 40 + (node.id % 7);
      cs(t, 'misc', 'INFO', `[DM] Node ${node.id}: Checkpointing the cluster database, sequence ${this.gumId * 3}`);
      if (this.rng.chance(0.3)) cs(t + 3, 'misc', 'INFO', `[DM] Paxos Tag Read from Hive: ${tag}:${tag}:${this.gumId}`);
    });
    // Disk membership (DCM) for clusters with shared storage.
    if (topo.resources.some((r) => r.kind === 'disk' || r.kind === 'csv')) {
      this.every(25 * MIN, (t) => {
        const set = topo.nodes.map((n) => n.id).join(' ');
        cs(t, 'misc', 'INFO', `[DCM] UpdateClusDiskMembership (enter): ctl 300224 nodeSet (${set})`);
        cs(t + 16, 'misc', 'INFO', `[DCM] UpdateClusDiskMembership: ctl 300224 nodeSet (${set}), status 0`);
      });
    }
    // Interface manager: periodic interface state dump, one record over several lines sharing a prefix.
    this.every(40 * MIN, (t) => {
      const tid = this.tid('nm');
      const p = peer();
      this.push(t, this.clussvcPid, tid, 'INFO', `[IM] Changing the state of adapters according to result: <class mscs::InterfaceResult>`);
      this.push(t, this.clussvcPid, tid, 'INFO', `  <fromNode>${node.id}</fromNode>`);
      this.push(t, this.clussvcPid, tid, 'INFO', `  <toNode>${p.id}</toNode>`);
      this.push(t, this.clussvcPid, tid, 'INFO', `  <realLocal>${node.hbIp}:~3343~</realLocal>`);
      this.push(t, this.clussvcPid, tid, 'INFO', `  <realRemote>${p.hbIp}:~3343~</realRemote>`);
      this.push(t, this.clussvcPid, tid, 'INFO', `  <state>Up</state>`);
      this.push(t, this.clussvcPid, tid, 'INFO', `</class mscs::InterfaceResult>`);
    });
    // Heartbeat route keepalives are not logged at level 3, but NetFT re-reports reachability now and then.
    this.every(70 * MIN, (t) => {
      const p = peer();
      cs(t, 'nm', 'DBG', `[NETFTAPI] Signaled NetftRemoteReachable event, local address ${node.hbIp}:3343 remote address ${p.hbIp}:3343`);
      cs(t + 2, 'nm', 'INFO', `[IM] got event: Remote endpoint ${p.hbIp}:~3343~ reachable from ${node.hbIp}:~3343~`);
    });

    for (const r of topo.resources) this.addHealthCheck(r);
    this.addPlannedMoves();
  }

  private addHealthCheck(r: ResourceSpec): void {
    const { node } = this;
    const res = (t: number, level: Level, msg: string): void => this.push(t, this.pidOf(r), this.tid('rhs'), level, `[RES] ${r.type} <${r.name}>: ${msg}`);
    const host = (r.detail ?? r.name).split('.')[0] ?? r.name;
    switch (r.kind) {
      case 'netname':
        this.periodic(60 * SEC, (t) => {
          if (!this.online(r, t)) return;
          res(t, 'INFO', `Dns: HealthCheck: ${host} - registered records are current`);
        });
        return;
      case 'ip':
        this.periodic(5 * MIN, (t) => {
          if (this.online(r, t)) res(t, 'DBG', `IsAlive: address ${r.detail ?? '0.0.0.0'} is online on interface ${node.ip}`);
        });
        return;
      case 'disk':
      case 'csv':
        this.periodic(60 * SEC, (t) => {
          if (this.online(r, t)) res(t, 'DBG', `IsAlive: disk ${r.detail ?? '1'} reservation held, volume check succeeded`);
        });
        return;
      case 'fsw':
        this.periodic(60 * SEC, (t) => {
          if (this.online(r, t)) res(t, 'DBG', `IsAlive: validated witness directory on ${this.topo.witnessShare ?? '\\\\fs\\witness'}`);
        });
        return;
      case 'ag':
        this.periodic(10 * MIN, (t) => {
          if (this.online(r, t)) res(t, 'INFO', `[hadrag] SQL Server component 'query_processing' health state is 'clean'`);
        });
        return;
      case 'vm':
        this.periodic(60 * SEC, (t) => {
          if (this.online(r, t)) res(t, 'DBG', `IsAlive: '${r.detail ?? r.name}' is in state Running, integration heartbeat OK`);
        });
        return;
      case 'fileserver':
        this.periodic(5 * MIN, (t) => {
          if (this.online(r, t)) res(t, 'DBG', `IsAlive: ${this.rng.between(2, 9)} shares scoped to ${host} are online`);
        });
        return;
      case 'sql':
        this.periodic(5 * MIN, (t) => {
          if (this.online(r, t)) res(t, 'INFO', `[sqsrvres] Health check: sp_server_diagnostics result 'clean'`);
        });
        return;
      default:
        return;
    }
  }

  /** Admin moves: offline on the source node, online on the destination a few seconds later. */
  private addPlannedMoves(): void {
    const mine = this.opts.moves.filter((m) => m.from === this.node.name || m.to === this.node.name);
    let i = 0;
    const src: Source = {
      next: mine[0]?.t ?? Infinity,
      fire: (t) => {
        const m = mine[i++];
        if (m) this.emitMove(m, t);
        src.next = mine[i]?.t ?? Infinity;
      },
    };
    this.sources.push(src);
  }

  private emitMove(m: PlannedMove, t: number): void {
    const { topo, node } = this;
    const modern = this.opts.dialect === '2016';
    const members = topo.resources.filter((r) => r.group === m.group);
    const to = topo.nodes.find((n) => n.name === m.to);
    const from = topo.nodes.find((n) => n.name === m.from);
    if (!to || !from) return;
    const rcmTid = this.tid('rcm');
    const rcm = (dt: number, text: string): void => this.push(t + dt, this.clussvcPid, rcmTid, 'INFO', text);
    const trans = (dt: number, r: string, a: string, b: string): void => {
      if (modern) rcm(dt, `[RCM] Res ${r}: ${a} -> ${b}( StateUnknown )`);
      rcm(dt, `[RCM] TransitionToState(${r}) ${a}-->${b}.`);
    };
    if (m.from === node.name) {
      rcm(0, `[RCM] rcm::RcmApi::MoveGroup: (${m.group}, ${to.id})`);
      rcm(12, `[RCM] rcm::RcmGroup::Move: Bringing group '${m.group}' offline first...`);
      rcm(13, `[RCM] rcm::RcmGroup::UpdateStateIfChanged: (${m.group}, Online --> Pending)`);
      let dt = 20;
      for (const r of [...members].reverse()) {
        trans(dt, r.name, 'Online', 'OfflineCallIssued');
        rcm(dt + 1, `[RCM] Issuing Offline(${r.name}) to RHS.`);
        const tid = this.tid('rhs');
        this.push(t + dt + 30, this.pidOf(r), tid, 'INFO', `[RES] ${r.type} <${r.name}>: ${offlineText(r)}`);
        this.push(t + dt + 180, this.pidOf(r), tid, 'INFO', `[RHS] Resource ${r.name} has come offline. RHS is about to report resource status to RCM.`);
        trans(dt + 182, r.name, 'OfflineCallIssued', 'OfflinePending');
        trans(dt + 183, r.name, 'OfflinePending', 'Offline');
        dt += 200 + this.rng.int(300);
      }
      rcm(dt, `[RCM] rcm::RcmGroup::UpdateStateIfChanged: (${m.group}, Pending --> Offline)`);
      rcm(dt + 5, `[RCM] move of group ${m.group} from ${from.name}(${from.id}) to ${to.name}(${to.id}) of type MoveType::Manual is about to succeed, failoverCount=0, lastFailoverTime=1601/01/01-00:00:00.000 targeted=true`);
    } else {
      const start = 2 * SEC + this.rng.int(1500);
      rcm(start, `[RCM] rcm::RcmGroup::UpdateStateIfChanged: (${m.group}, Offline --> Pending)`);
      let dt = start + 10;
      for (const r of members) {
        trans(dt, r.name, 'Offline', 'OnlineCallIssued');
        rcm(dt + 1, `[RCM] Issuing Online(${r.name}) to RHS.`);
        const tid = this.tid('rhs');
        this.push(t + dt + 20, this.pidOf(r), tid, 'INFO', `[RES] ${r.type} <${r.name}>: ${onlineText(r)}`);
        trans(dt + 25, r.name, 'OnlineCallIssued', 'OnlinePending');
        const took = 150 + this.rng.int(1800);
        this.push(t + dt + took, this.pidOf(r), tid, 'INFO', `[RHS] Resource ${r.name} has come online. RHS is about to report status change to RCM`);
        rcm(dt + took + 2, `[RCM] HandleMonitorReply: ONLINERESOURCE for '${r.name}', gen(${this.gen++}) result 0/0.`);
        trans(dt + took + 3, r.name, 'OnlinePending', 'Online');
        dt += took + 20;
      }
      rcm(dt, `[RCM] rcm::RcmGroup::UpdateStateIfChanged: (${m.group}, Pending --> Online)`);
    }
  }
}

export function offlineText(r: ResourceSpec): string {
  switch (r.kind) {
    case 'disk':
    case 'csv':
      return `Offline: dismounting volumes on disk ${r.detail ?? '1'} and releasing the reservation`;
    case 'netname':
      return `Offline: unregistering ${r.detail ?? r.name} from NetBT and the RDR`;
    case 'ip':
      return `Offline: deleting address ${r.detail ?? ''} from the interface`;
    case 'ag':
      return '[hadrag] Offline request.';
    case 'vm':
      return `Offline: saving state of '${r.detail ?? r.name}'`;
    default:
      return 'Offline request.';
  }
}

export function onlineText(r: ResourceSpec): string {
  switch (r.kind) {
    case 'disk':
    case 'csv':
      return `Online: arbitrating disk ${r.detail ?? '1'}, SCSI-3 reservation acquired`;
    case 'netname':
      return `Dns: Registration of ${r.detail ?? r.name} succeeded`;
    case 'ip':
      return `Online: added address ${r.detail ?? ''} to the interface`;
    case 'ag':
      return '[hadrag] Online request.';
    case 'vm':
      return `Online: starting '${r.detail ?? r.name}'`;
    default:
      return 'Online request.';
  }
}
