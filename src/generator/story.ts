/**
 * Building blocks for scripted failure stories: RCM state walks, RHS termination and
 * recovery, failovers. Stories (stories.ts) compose them; fixtures and the generator share them.
 */
import type { Level } from './format.js';
import { onlineText } from './background.js';
import { ev1069, ev1146, ev1230 } from './messages.js';
import type { Rng } from './rng.js';
import { type Dialect, type Injection, type NodeSpec, type ResourceSpec, type SysEvent, type Topology, SEC, isCoreHosted, nodeByName, resourceByName } from './model.js';

export interface StoryContext {
  readonly topo: Topology;
  readonly dialect: Dialect;
  readonly rng: Rng;
  readonly inj: Injection;
}

/** Process ids a node uses during a story (rhs.exe changes after every RHS restart). */
export interface Pids {
  clussvc: number;
  rhs: number;
}

/** Writes one node's lines with a fixed clussvc pid and a few stable thread ids. */
/** The writer of a node's log with the node's own cluster-service and RHS processes. */
export function nodeWriter(ctx: StoryContext, node: string): NodeWriter {
  const n = nodeByName(ctx.topo, node);
  return new NodeWriter(ctx, node, { clussvc: n.clussvcPid, rhs: n.rhsPid });
}

export class NodeWriter {
  readonly node: NodeSpec;
  readonly rcmTid: number;
  readonly rcmTid2: number;
  readonly rhsTid: number;
  constructor(private readonly ctx: StoryContext, name: string, readonly pids: Pids) {
    this.node = nodeByName(ctx.topo, name);
    this.rcmTid = 0x1000 + ctx.rng.int(0x800) * 4;
    this.rcmTid2 = 0x1000 + ctx.rng.int(0x800) * 4;
    this.rhsTid = 0x1000 + ctx.rng.int(0x800) * 4;
  }
  get name(): string {
    return this.node.name;
  }
  tid(): number {
    return 0x400 + this.ctx.rng.int(0x1800) * 4;
  }
  /** A clussvc line (RCM, GUM, NM, QUORUM...). */
  cs(t: number, level: Level, text: string, tid = this.rcmTid): void {
    this.ctx.inj.log(this.node.name, t, this.pids.clussvc, tid, level, text);
  }
  /** A line from an rhs.exe process. */
  rhs(t: number, pid: number, tid: number, level: Level, text: string): void {
    this.ctx.inj.log(this.node.name, t, pid, tid, level, text);
  }
  res(t: number, pid: number, tid: number, level: Level, r: ResourceSpec, msg: string): void {
    this.ctx.inj.log(this.node.name, t, pid, tid, level, `[RES] ${r.type} <${r.name}>: ${msg}`);
  }
  event(t: number, e: Omit<SysEvent, 't'>): void {
    this.ctx.inj.event(this.node.name, { ...e, t });
  }
  /**
   * RCM brings `r` online here, hosted by rhs.exe `rhsPid`, starting at `t`: the call issued, the DLL's
   * online line, and after `wait` (+ up to `jitter`) RHS reporting it online. Returns that last time.
   */
  online(t: number, r: ResourceSpec, rhsPid: number, o: OnlineTiming): number {
    this.trans(t + o.call, r.name, 'Offline', 'OnlineCallIssued');
    this.cs(t + o.call + 1, 'INFO', `[RCM] Issuing Online(${r.name}) to RHS.`);
    const tid = this.tid();
    this.res(t + o.dll, rhsPid, tid, 'INFO', r, onlineText(r));
    this.trans(t + o.pending, r.name, 'OnlineCallIssued', 'OnlinePending');
    const up = t + o.wait + this.ctx.rng.int(o.jitter);
    this.rhs(up, rhsPid, tid, 'INFO', `[RHS] Resource ${r.name} has come online. RHS is about to report status change to RCM`);
    if (o.reply) this.cs(up + 2, 'INFO', `[RCM] HandleMonitorReply: ONLINERESOURCE for '${r.name}', gen(${2 + this.ctx.rng.int(6)}) result 0/0.`);
    this.trans(up + o.online, r.name, 'OnlinePending', 'Online');
    return up;
  }

  /** Both RCM transition shapes on 2012 R2 and later, the TransitionToState shape alone on 2008 R2. */
  trans(t: number, r: string, from: string, to: string, reason = 'StateUnknown'): void {
    if (this.ctx.dialect !== '2008r2') this.cs(t, 'INFO', `[RCM] Res ${r}: ${from} -> ${to}( ${reason} )`);
    this.cs(t, 'INFO', `[RCM] TransitionToState(${r}) ${from}-->${to}.`);
  }
}

/** Offsets (ms) of `NodeWriter.online`'s lines: each story keeps its own pace. */
export interface OnlineTiming {
  /** The online call issued (`Issuing Online` one ms later). */
  readonly call: number;
  /** The DLL's online line. */
  readonly dll: number;
  /** OnlinePending. */
  readonly pending: number;
  /** Until RHS reports it online, plus up to `jitter`. */
  readonly wait: number;
  readonly jitter: number;
  /** The Online transition after RHS's report. */
  readonly online: number;
  /** RCM's `HandleMonitorReply` line too. */
  readonly reply: boolean;
}

export function jitter(rng: Rng, ms: number): number {
  return rng.int(ms);
}

/**
 * RCM restarting a failed resource in place: terminate, delay, online again. Returns when it is online.
 * `pid` is the rhs.exe that hosts it after the restart.
 */
export function restartInPlace(ctx: StoryContext, w: NodeWriter, r: ResourceSpec, t: number, pid: number, onlineMs: number, fromState = 'ProcessingFailure'): number {
  const rt = w.tid();
  w.trans(t, r.name, fromState, 'WaitingToTerminate', 'DelayRestartingResource');
  w.trans(t + 2, r.name, 'WaitingToTerminate', 'Terminating', 'DelayRestartingResource');
  w.rhs(t + 6, pid, rt, 'INFO', `[RHS] Terminating resource ${r.name}`);
  w.trans(t + 40, r.name, 'Terminating', 'DelayRestartingResource', 'OnlineCallIssued');
  const t2 = t + 540 + jitter(ctx.rng, 40);
  w.trans(t2, r.name, 'DelayRestartingResource', 'OnlineCallIssued');
  w.cs(t2 + 1, 'INFO', `[RCM] Issuing Online(${r.name}) to RHS.`);
  w.trans(t2 + 3, r.name, 'OnlineCallIssued', 'OnlinePending');
  const done = t2 + onlineMs;
  w.rhs(done, pid, rt, 'INFO', `[RHS] Resource ${r.name} has come online. RHS is about to report status change to RCM`);
  w.cs(done + 2, 'INFO', `[RCM] HandleMonitorReply: ONLINERESOURCE for '${r.name}', gen(${5 + ctx.rng.int(20)}) result 0/0.`);
  w.trans(done + 3, r.name, 'OnlinePending', 'Online');
  return done + 3;
}

export interface TerminationPlan {
  readonly w: NodeWriter;
  /** The resource whose call hung or crashed RHS. */
  readonly culprit: ResourceSpec;
  /** Other resources hosted by the same rhs.exe. */
  readonly reattach: readonly ResourceSpec[];
  readonly fail: readonly ResourceSpec[];
  /** When RCM learns of the deadlock/crash. */
  readonly t: number;
  readonly oldPid: number;
  readonly newDefaultPid: number;
  readonly separatePid: number;
  /** 1230 details; omitted for a crash. */
  readonly deadlock?: { readonly controlCode?: string };
  /** Writes the culprit's restart in its new monitor instead of a plain successful restart; returns when it is online. */
  readonly culpritRestart?: (t: number, pid: number) => number;
}

/**
 * What follows a terminated rhs.exe: failure notification, separate monitor for the culprit,
 * monitor restart, re-attach (2012+) or fail-and-restart of the co-hosted resources, 1230/1146/1069.
 * Returns when everything is online again.
 */
export function rhsTerminated(ctx: StoryContext, p: TerminationPlan): number {
  const { w, culprit, t, dialect } = { ...p, dialect: ctx.dialect };
  ctx.inj.pinned.push(culprit.group, ...p.reattach.map((r) => r.group), ...p.fail.map((r) => r.group));
  ctx.inj.frozen.push(w.name);
  const group = (r: ResourceSpec): string => r.group;
  w.cs(t + 2, 'INFO', `[RCM] HandleMonitorReply: FAILURENOTIFICATION for '${culprit.name}', gen(${3 + ctx.rng.int(9)}) result ${dialect === '2008r2' ? '4' : '4/0'}.`, w.rcmTid2);
  w.cs(t + 3, 'WARN', `[RCM] rcm::RcmResource::HandleMonitorReply: Resource '${culprit.name}' has crashed or deadlocked; marking it to run in a separate monitor.`, w.rcmTid2);
  w.trans(t + 4, culprit.name, 'Online', 'ProcessingFailure');
  w.cs(t + 5, 'ERR', `[RCM] rcm::RcmResource::HandleFailure: (${culprit.name})`, w.rcmTid2);
  w.cs(t + 6, 'INFO', `[RCM] rcm::RcmGroup::UpdateStateIfChanged: (${group(culprit)}, Online --> Pending)`, w.rcmTid2);
  if (p.deadlock) w.event(t + 5, { ...ev1230(culprit.name, culprit.type, culprit.dll, dialect, p.deadlock.controlCode), pid: w.pids.clussvc });
  const exit = t + 900 + ctx.rng.int(300);
  w.event(exit + 40, { ...ev1146(dialect), pid: w.pids.clussvc });
  w.event(exit + 60, { ...ev1069(culprit.name, culprit.group, culprit.type, dialect), pid: w.pids.clussvc });
  ctx.inj.pids.push({ node: w.name, t: exit, resources: isCoreHosted(ctx.topo, dialect, culprit) ? 'core' : 'default', pid: p.newDefaultPid });
  ctx.inj.pids.push({ node: w.name, t: exit, resources: [culprit.name], pid: p.separatePid });

  let end = exit;
  let dt = 0;
  for (const r of p.reattach) {
    const x = exit + dt;
    if (dialect === '2008r2') {
      w.cs(x, 'INFO', `[RCM] HandleMonitorReply: FAILURENOTIFICATION for '${r.name}', gen(${4 + ctx.rng.int(9)}) result 4.`);
      w.trans(x + 1, r.name, 'Online', 'ProcessingFailure');
      w.event(x + 70, { ...ev1069(r.name, r.group, r.type, dialect), pid: w.pids.clussvc });
      end = Math.max(end, restartInPlace(ctx, w, r, x + 3, p.newDefaultPid, 400 + ctx.rng.int(900)));
    } else {
      w.cs(x, 'INFO', `rcm::RcmMonitor::RestartResources[RCM] rcm::RcmMonitor::RestartResources: Monitor restart for resource ${r.name}`);
      w.cs(x + 1, 'INFO', `[RCM] rcm::RcmResource::ReattachToMonitorProcess: (${r.name}, Online)`);
      w.rhs(x + 300 + ctx.rng.int(2000), p.newDefaultPid, w.tid(), 'INFO', `[RHS] Resource ${r.name} has come online. RHS is about to report status change to RCM`);
    }
    dt += 3;
  }
  for (const r of p.fail) {
    const x = exit + dt;
    if (dialect !== '2008r2') w.cs(x, 'INFO', `rcm::RcmMonitor::RestartResources[RCM] rcm::RcmMonitor::RestartResources: Monitor restart for resource ${r.name}`);
    w.cs(x + 1, 'INFO', `[RCM] HandleMonitorReply: FAILURENOTIFICATION for '${r.name}', gen(${4 + ctx.rng.int(9)}) result ${dialect === '2008r2' ? '4' : '4/0'}.`);
    w.trans(x + 2, r.name, 'Online', 'ProcessingFailure');
    w.cs(x + 3, 'ERR', `[RCM] rcm::RcmResource::HandleFailure: (${r.name})`);
    w.event(x + 80, { ...ev1069(r.name, r.group, r.type, dialect), pid: w.pids.clussvc });
    end = Math.max(end, restartInPlace(ctx, w, r, x + 5, p.newDefaultPid, 300 + ctx.rng.int(1500)));
    dt += 4;
  }
  // The culprit comes back in its own rhs.exe.
  const x = exit + dt + 10;
  if (dialect !== '2008r2') {
    w.cs(x, 'INFO', `rcm::RcmMonitor::RestartResources[RCM] rcm::RcmMonitor::RestartResources: Monitor restart for resource ${culprit.name}`);
  }
  w.cs(x + 2, 'INFO', `[RCM] Separate monitor flag has changed for resource '${culprit.name}'.  Now hosted by RHS process ${p.separatePid}`);
  end = Math.max(end, p.culpritRestart ? p.culpritRestart(x + 4, p.separatePid) : restartInPlace(ctx, w, culprit, x + 4, p.separatePid, 1500 + ctx.rng.int(3000)));
  w.cs(end + 5, 'INFO', `[RCM] rcm::RcmGroup::UpdateStateIfChanged: (${culprit.group}, Pending --> Online)`, w.rcmTid2);
  return end + 5;
}

/** The RHS side of a deadlock: DeadlockMonitor, cleanup, WER dump. */
export function rhsDeadlockLines(w: NodeWriter, t: number, pid: number, call: string, target: string, byType = false, overrunMs?: number): void {
  const wd = w.tid();
  const by = overrunMs !== undefined ? ` by ${overrunMs} milliseconds` : '';
  w.rhs(t, pid, wd, 'ERR', `[RHS] RhsCall::DeadlockMonitor: Call ${call} timed out${by} for resource${byType ? ' type' : ''} '${target}'.`);
  // For a resource-type call there is no resource to clean up: RHS goes straight to the dump and termination.
  if (!byType) w.rhs(t + 1, pid, wd, 'ERR', `[RHS] Resource ${target} handling deadlock. Cleaning current operation and terminating RHS process.`);
  w.rhs(t + 3, pid, wd, 'ERR', '[RHS] About to send WER report.');
  w.rhs(t + 780, pid, wd, 'ERR', '[RHS] WER report is submitted. Result : WerReportQueued.');
}

/** Resources of a topology hosted by the default rhs.exe on the node that owns `group`s. */
export function coHosted(topo: Topology, groups: readonly string[], except: string): ResourceSpec[] {
  return topo.resources.filter((r) => groups.includes(r.group) && r.name !== except && !r.separate);
}

export { resourceByName, nodeByName, SEC };
