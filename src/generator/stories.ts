/**
 * Scripted failure stories, written from shared/domain.md (§4 RCM/RHS shapes, §6 escalation,
 * §9 root-cause lines, §10 timeline). Each adds its lines, events, side effects and the incident
 * an analyzer must report to `ctx.inj`, and returns the time the story is over.
 */
import { fakeGuid, offlineText } from './background.js';
import {
  ev1001Bugcheck, ev1014, ev1069, ev1135, ev1230, ev1146, ev1177, ev1196, ev1205, ev1254, ev1265, ev129, ev153,
  ev1564, ev1579, ev21502, ev5120, ev5719, ev6008, ev7031, ev7036, ev833, ev1000AppCrash, ev1001Wer, ev19406,
} from './messages.js';
import { type NodeSpec, type ResourceSpec, HOUR, MIN, SEC, nodeByName, resourceByName, rhsPidOf } from './model.js';
import { NodeWriter, nodeWriter, type StoryContext, rhsDeadlockLines, rhsTerminated } from './story.js';

const p2 = (n: number): string => String(n).padStart(2, '0');

function iso(t: number): string {
  return new Date(t).toISOString();
}

/** A few healthy-looking System events around a story, so exports are never just the incident. */
export function noiseEvents(ctx: StoryContext, node: string, from: number, to: number, count: number): void {
  const services = ['Windows Modules Installer', 'WinHTTP Web Proxy Auto-Discovery Service', 'Windows Update', 'Device Setup Manager', 'Software Protection', 'Background Intelligent Transfer Service'];
  for (let i = 0; i < count; i++) {
    const t = from + ctx.rng.int(Math.max(1, to - from));
    const svc = ctx.rng.pick(services);
    ctx.inj.event(node, { ...ev7036(svc, 'running'), t });
    ctx.inj.event(node, { ...ev7036(svc, 'stopped'), t: t + 2 * MIN + ctx.rng.int(3 * MIN) });
  }
}

// ---------------------------------------------------------------------------------------------
// Network Name IsAlive hung on DNS (the founding story: shared/seeds, techgenix part 2)

export interface DnsDeadlockCast {
  readonly node: string;
  readonly netname: string;
  /** Co-hosted resources re-attached after the RHS restart, and those that failed and restarted. */
  readonly reattach: readonly string[];
  readonly fail: readonly string[];
}

export function netnameIsAliveDns(ctx: StoryContext, cast: DnsDeadlockCast, t: number): number {
  const { topo, rng } = ctx;
  const w = nodeWriter(ctx, cast.node);
  const nn = resourceByName(topo, cast.netname);
  const fqdn = nn.detail ?? `${nn.name}.${topo.domain}`;
  const host = fqdn.split('.')[0] ?? fqdn;
  const ip = topo.resources.find((r) => r.kind === 'ip' && r.group === nn.group)?.detail ?? w.node.ip;
  const [dns1 = '10.0.0.10', dns2 = dns1] = topo.dnsServers;
  const pid = w.node.rhsPid;
  const stuck = w.tid();
  const worker = w.tid();
  const timeout = nn.deadlockTimeoutMs ?? 300000;
  ctx.inj.quiet.push({ node: cast.node, resource: nn.name, from: t - 30 * SEC, to: t + timeout + 40 * SEC });
  ctx.inj.busy.push({ from: t - 30 * MIN, to: t + timeout + 20 * MIN });

  w.res(t, pid, stuck, 'INFO', nn, `Dns: HealthCheck: ${host} - record refresh is due, starting dynamic update`);
  w.res(t + 9, pid, stuck, 'INFO', nn, `Dns: DnsUpdate: sending update of A record ${fqdn} -> ${ip} to server ${dns1}`);
  let x = t + 15 * SEC + rng.int(200);
  w.res(x, pid, worker, 'WARN', nn, `Dns: DNS update to server ${dns1} timed out after 15000 ms, error 1460 (This operation returned because the timeout period expired.)`);
  w.res(x + 2, pid, worker, 'INFO', nn, `Dns: DnsUpdate: retrying update of ${fqdn} with server ${dns2}`);
  x += 15 * SEC + rng.int(200);
  w.res(x, pid, worker, 'ERR', nn, `Dns: DNS update to server ${dns2} timed out, error 9002 (DNS server failure.)`);
  w.res(x + 3, pid, worker, 'WARN', nn, `Dns: HealthCheck: ${host} - dynamic update failed on all configured DNS servers, status 9002`);
  w.event(x + 400, { ...ev1196(nn.name, 'DNS server failure.'), pid });
  w.event(x + 420, { ...ev1579(nn.name, host, 'Cluster Network 1', 9002), pid });
  w.event(x + 9 * SEC, ev1014(fqdn));
  for (let k = 1; k <= 3; k++) {
    const y = t + k * 75 * SEC + rng.int(900);
    w.res(y, pid, worker, 'WARN', nn, `Dns: Slow Operation, state: Reading, prevWorkState: Initialized, elapsed ${k * 75000 + 9000} ms`);
    w.res(y + 20 * SEC, pid, worker, 'ERR', nn, `Dns: DNS update to server ${k % 2 ? dns1 : dns2} timed out, error 1460 (This operation returned because the timeout period expired.)`);
  }
  const t0 = t + timeout + 3 + rng.int(40);
  rhsDeadlockLines(w, t0, pid, 'ISALIVE', nn.name);
  const pool = (names: readonly string[]): ResourceSpec[] => names.map((n) => resourceByName(topo, n));
  const end = rhsTerminated(ctx, {
    w, culprit: nn, reattach: pool(cast.reattach), fail: pool(cast.fail), t: t0 + 4,
    oldPid: pid, newDefaultPid: pid + 0x2a8, separatePid: pid + 0x4f4, deadlock: {},
  });
  w.res(end - 400, pid + 0x4f4, w.tid(), 'INFO', nn, `Dns: DnsUpdate of ${fqdn} on server ${dns1} succeeded`);
  w.res(end + 58 * SEC, pid + 0x4f4, w.tid(), 'INFO', nn, `Dns: HealthCheck: ${host} - registered records are current`);
  ctx.inj.expected.push({
    kind: 'deadlock', resource: nn.name, entryPoint: 'IsAlive', rootCause: ['dns', 'network'],
    collateral: [...cast.reattach, ...cast.fail], node: cast.node, outcome: ['restarted-separate-monitor', 'recovered'],
    timeoutMs: timeout, at: iso(t0),
  });
  return end;
}

// ---------------------------------------------------------------------------------------------
// 2008 R2: Cluster Name LooksAlive blocked behind a computer-object update stuck on an unreachable DC

export function netnameLooksAliveAd2008(ctx: StoryContext, cast: { node: string; netname: string; collateral: readonly string[] }, t: number): number {
  const { topo, rng } = ctx;
  const w = nodeWriter(ctx, cast.node);
  const nn = resourceByName(topo, cast.netname);
  const host = (nn.detail ?? nn.name).split('.')[0] ?? nn.name;
  const netbiosDomain = (topo.domain.split('.')[0] ?? topo.domain).toUpperCase();
  const pid = rhsPidOf(topo, ctx.dialect, w.node, nn);
  const worker = w.tid();
  const timeout = nn.deadlockTimeoutMs ?? 300000;
  ctx.inj.quiet.push({ node: cast.node, resource: nn.name, from: t - 70 * SEC, to: t + timeout + 60 * SEC });
  ctx.inj.busy.push({ from: t - 30 * MIN, to: t + timeout + 20 * MIN });

  const s = t - 62 * SEC;
  w.res(s, pid, worker, 'INFO', nn, `Computer object ${host}$ password is 30 days old, starting password change`);
  w.res(s + 4, pid, worker, 'INFO', nn, `Getting a writable DC for domain ${netbiosDomain} to update ${host}$`);
  w.res(s + 21 * SEC, pid, worker, 'WARN', nn, `DsGetDcName for domain ${topo.domain} (writable, force rediscovery) returned 1355 (The specified domain either does not exist or could not be contacted.)`);
  w.res(s + 21 * SEC + 6, pid, worker, 'INFO', nn, `Trying DC \\\\dc02.${topo.domain} from the site cache`);
  w.res(s + 42 * SEC, pid, worker, 'ERR', nn, `LDAP bind to \\\\dc02.${topo.domain} failed, status 0x51 (LDAP_SERVER_DOWN). Holding resource lock while retrying`);
  w.event(s + 44 * SEC, ev5719(netbiosDomain));
  // LooksAlive needs the resource lock the password worker holds: the call never returns.
  for (let k = 1; k <= 4; k++) {
    w.res(s + 42 * SEC + k * 63 * SEC + rng.int(500), pid, worker, 'ERR', nn, `LDAP bind to \\\\dc0${1 + (k % 2)}.${topo.domain} failed, status 0x51 (LDAP_SERVER_DOWN). Retry ${k} of 10`);
  }
  const t0 = t + timeout + rng.int(30);
  w.cs(t0 - 41 * SEC, 'WARN', `[RCM] ResourceControl(GET_NETWORK_NAME) to ${nn.name} returned 5910.`, w.rcmTid2);
  rhsDeadlockLines(w, t0, pid, 'LOOKSALIVE', nn.name);
  const end = rhsTerminated(ctx, {
    w, culprit: nn, reattach: cast.collateral.map((n) => resourceByName(topo, n)), fail: [], t: t0 + 2,
    oldPid: pid, newDefaultPid: pid + 0x1f0, separatePid: pid + 0x36c, deadlock: {},
  });
  ctx.inj.expected.push({
    kind: 'deadlock', resource: nn.name, entryPoint: 'LooksAlive', rootCause: ['active-directory', 'network'],
    collateral: cast.collateral, node: cast.node, outcome: ['restarted-separate-monitor', 'recovered'], timeoutMs: timeout, at: iso(t0),
  });
  return end;
}

// ---------------------------------------------------------------------------------------------
// Physical Disk IsAlive hung on storage I/O; rhs.exe cannot exit; NetFT bugchecks the node (0x9E)

export interface DiskHangCast {
  readonly node: string;
  readonly survivor: string;
  readonly disk: string;
  readonly csv?: string;
  readonly csvVolume?: string;
  readonly diskNumber: number;
  readonly miniport: string;
}

export function diskIsAliveStorage(ctx: StoryContext, cast: DiskHangCast, t: number): number {
  const { topo, rng, dialect } = ctx;
  const w = nodeWriter(ctx, cast.node);
  const sw = nodeWriter(ctx, cast.survivor);
  const disk = resourceByName(topo, cast.disk);
  const timeout = disk.deadlockTimeoutMs ?? 300000;
  const pid = w.node.rhsPid;
  const stuck = w.tid();
  const resv = w.tid();
  const pdo = `\\Device\\000000${(0x3a + cast.diskNumber).toString(16)}`;
  ctx.inj.quiet.push({ node: cast.node, resource: disk.name, from: t - 5 * SEC, to: t + 2 * HOUR });
  ctx.inj.pinned.push(...topo.groups.filter((g) => g.owner === cast.node).map((g) => g.name));
  ctx.inj.frozen.push(cast.node);
  ctx.inj.busy.push({ from: t - 30 * MIN, to: t + 5 * timeout + 40 * MIN });

  // Path trouble starts minutes before the hung call.
  for (let k = 0; k < 9; k++) {
    const y = t - 7 * MIN + k * (70 * SEC + rng.int(20 * SEC));
    w.event(y, ev153(`0x${(0x1c2f400 + k * 0x8800).toString(16)}`, cast.diskNumber, pdo));
    if (k % 3 === 1) w.event(y + 1500, ev129(cast.miniport, `\\Device\\RaidPort${1 + (k % 2)}`));
  }
  w.res(t - 95 * SEC, pid, resv, 'WARN', disk, `ReservationThread: persistent reservation refresh on disk ${cast.diskNumber} took 31250 ms`);
  w.res(t, pid, stuck, 'INFO', disk, `IsAlive: issuing sanity check I/O to \\\\?\\GLOBALROOT\\Device\\Harddisk${cast.diskNumber}\\ClusterPartition2`);
  w.res(t + 28 * SEC, pid, resv, 'ERR', disk, `ReservationThread: persistent reservation refresh on disk ${cast.diskNumber} failed, status 1117 (The request could not be performed because of an I/O device error.)`);
  w.res(t + 88 * SEC, pid, resv, 'ERR', disk, `HardDiskpReadWriteSector: I/O to disk ${cast.diskNumber} failed, status STATUS_IO_TIMEOUT(c00000b5)`);
  if (cast.csv && cast.csvVolume) {
    const csv = resourceByName(topo, cast.csv);
    w.cs(t + 47 * SEC, 'WARN', `[DCM] Volume ${cast.csvVolume} (${csv.name}): redirected I/O not completed in 120 seconds, status STATUS_IO_TIMEOUT(c00000b5); pausing`);
    w.event(t + 47 * SEC + 20, { ...ev5120(cast.csvVolume, csv.name, 'STATUS_IO_TIMEOUT(c00000b5)'), pid: w.pids.clussvc });
    w.cs(t + 52 * SEC, 'INFO', `[DCM] Volume ${cast.csvVolume} (${csv.name}): resumed after path recovery`);
  }
  const t0 = t + timeout + rng.int(25);
  rhsDeadlockLines(w, t0, pid, 'ISALIVE', disk.name);
  w.cs(t0 + 2, 'INFO', `[RCM] HandleMonitorReply: FAILURENOTIFICATION for '${disk.name}', gen(${6 + rng.int(5)}) result 4/0.`, w.rcmTid2);
  w.cs(t0 + 3, 'WARN', `[RCM] rcm::RcmResource::HandleMonitorReply: Resource '${disk.name}' has crashed or deadlocked; marking it to run in a separate monitor.`, w.rcmTid2);
  w.trans(t0 + 4, disk.name, 'Online', 'ProcessingFailure');
  w.cs(t0 + 5, 'ERR', `[RCM] rcm::RcmResource::HandleFailure: (${disk.name})`, w.rcmTid2);
  w.event(t0 + 6, { ...ev1230(disk.name, disk.type, disk.dll, dialect), pid: w.pids.clussvc });
  w.cs(t0 + 9, 'INFO', `[RCM] rcm::RcmMonitor::TerminateProcess: terminating RHS process ${pid} (hosting ${disk.name})`, w.rcmTid2);
  // rhs.exe has a thread stuck in a kernel I/O and does not exit; the cluster service waits 4 x DeadlockTimeout.
  const limit = 4 * timeout;
  for (let k = 1; k * 5 * MIN < limit; k++) {
    w.cs(t0 + k * 5 * MIN + rng.int(900), 'WARN', `[RCM] rcm::RcmMonitor::WaitForProcessExit: RHS process ${pid} has not exited after ${k * 300} seconds (limit ${limit / 1000} seconds)`, w.rcmTid2);
  }
  const crash = t0 + limit + 40 + rng.int(200);
  const boot = crash + 4 * MIN + rng.int(60 * SEC);
  const back = boot + 95 * SEC;
  const newClus = w.node.clussvcPid + 0x6c0;
  const newRhs = w.node.rhsPid + 0x5d8;
  ctx.inj.down.push({ node: cast.node, from: crash - 2200, to: back, clussvcPid: newClus, rhsPid: newRhs });
  // Peer: heartbeats stop, node removed, roles move here.
  const sn = sw.node;
  const dn = w.node;
  const hb = crash + 5 * SEC + rng.int(400);
  sw.cs(hb, 'INFO', `[IM] got event: LocalEndpoint ${sn.hbIp}:~3343~ has missed two consecutive heartbeats from ${dn.hbIp}:~3343~`, sw.rcmTid2);
  sw.cs(hb + 1, 'INFO', `[CHM] Received notification for two consecutive missed HBs to the remote endpoint ${dn.hbIp}:~3343~ from ${sn.hbIp}:~3343~`, sw.rcmTid2);
  const down = hb + 8 * SEC;
  sw.cs(down, 'DBG', `[NETFTAPI] Signaled NetftRemoteUnreachable event, local address ${sn.hbIp}:3343 remote address ${dn.hbIp}:3343`, sw.rcmTid2);
  sw.cs(down + 1, 'INFO', `[IM] got event: Remote endpoint ${dn.hbIp}:~3343~ unreachable from ${sn.hbIp}:~3343~`, sw.rcmTid2);
  sw.cs(down + 2, 'INFO', `[IM] Marking Route from ${sn.hbIp}:~3343~ to ${dn.hbIp}:~3343~ as down`, sw.rcmTid2);
  sw.cs(down + 20, 'WARN', `[NODE] Node ${sn.id}: Connection to Node ${dn.id} is broken. Reason GracefulClose(1226)' because of 'channel to remote endpoint ${dn.hbIp}:~3343~ is closed'`);
  sw.cs(down + 600, 'INFO', `[CORE] Node ${sn.id}: New View is <ViewChanged joiners=() downers=(${dn.id}) newView=${900 + sn.id}(${sn.id}) oldView=${800 + dn.id}(${dn.id} ${sn.id}) joiner=false form=false/> (Start Dispatch)`);
  sw.event(down + 650, { ...ev1135(dn.name), pid: sw.pids.clussvc });
  const groups = topo.groups.filter((g) => g.owner === cast.node);
  let y = down + 900;
  for (const g of groups) {
    sw.cs(y, 'INFO', `[RCM] move of group ${g.name} from ${dn.name}(${dn.id}) to ${sn.name}(${sn.id}) of type MoveType::NodeDown is about to succeed, failoverCount=0, lastFailoverTime=1601/01/01-00:00:00.000 targeted=false`);
    ctx.inj.moves.push({ t: y, group: g.name, to: sn.name });
    for (const r of topo.resources.filter((x) => x.group === g.name)) {
      y = sw.online(y, r, sn.rhsPid, { call: 10, dll: 40, pending: 45, wait: 1200, jitter: 2500, online: 3, reply: false });
    }
  }
  // After the reboot: the bugcheck is reported, the service starts and joins.
  const nw = new NodeWriter(ctx, cast.node, { clussvc: newClus, rhs: newRhs });
  const loc = new Date(crash + dn.utcOffsetMin * MIN);
  w.event(boot + 20 * SEC, ev6008(`${p2(loc.getUTCHours())}:${p2(loc.getUTCMinutes())}:${p2(loc.getUTCSeconds())}`, `${loc.getUTCMonth() + 1}/${loc.getUTCDate()}/${loc.getUTCFullYear()}`));
  w.event(boot + 55 * SEC, ev1001Bugcheck('0x0000009e', `0xffffc20e4d5f8080, 0x${(limit / 1000).toString(16)}, 0x0000000000000065, 0x0000000000000000`, 'C:\\Windows\\MEMORY.DMP', fakeGuid(rng)));
  nw.cs(back, 'INFO', '[CS] Starting clussvc as a service');
  nw.cs(back + 30, 'INFO', '[CS] cluster service logging level is 3');
  nw.cs(back + 4 * SEC, 'INFO', `[NODE] Node ${dn.id}: New join with n${sn.id}: stage: 'Attempt Initial Connection'`);
  nw.cs(back + 6 * SEC, 'INFO', `[NODE] Node ${dn.id}: New join with n${sn.id}: stage: 'Join Succeeded'`);
  sw.cs(back + 6 * SEC + 200, 'INFO', `[NODE] Node ${sn.id}: New join with n${dn.id}: stage: 'Join Succeeded'`);
  ctx.inj.expected.push({
    kind: 'deadlock', resource: disk.name, entryPoint: 'IsAlive', rootCause: ['storage'], node: cast.node,
    outcome: ['node-bugchecked'], timeoutMs: timeout, at: iso(t0),
  });
  return back + 10 * SEC;
}

// ---------------------------------------------------------------------------------------------
// File Share Witness LooksAlive hung on an unreachable share; the AG in the same RHS goes down too

export function fswLooksAlive(ctx: StoryContext, cast: { node: string; fsw: string; reattach: readonly string[]; witnessGuid: string }, t: number): number {
  const { topo, rng } = ctx;
  const w = nodeWriter(ctx, cast.node);
  const fsw = resourceByName(topo, cast.fsw);
  const share = topo.witnessShare ?? '\\\\fs01\\witness';
  const dir = `${share}\\${cast.witnessGuid}`;
  const pid = w.node.rhsPid;
  const stuck = w.tid();
  const timeout = fsw.deadlockTimeoutMs ?? 300000;
  ctx.inj.quiet.push({ node: cast.node, resource: fsw.name, from: t - 5 * SEC, to: t + timeout + 3 * MIN });
  ctx.inj.busy.push({ from: t - 30 * MIN, to: t + timeout + 20 * MIN });
  w.res(t, pid, stuck, 'INFO', fsw, `IsAlive: validating witness directory ${dir}`);
  const overrun = 11 + rng.int(30);
  const t0 = t + timeout + overrun;
  rhsDeadlockLines(w, t0, pid, 'LOOKSALIVE', fsw.name, false, overrun);
  const reattach = cast.reattach.map((n) => resourceByName(topo, n));
  const separate = pid + 0x3b0;
  // In its own monitor the witness first fails to arbitrate (file server still rebooting: 121), then succeeds.
  const culpritRestart = (x: number, spid: number): number => {
    const at = w.tid();
    w.trans(x, fsw.name, 'ProcessingFailure', 'WaitingToTerminate', 'DelayRestartingResource');
    w.trans(x + 2, fsw.name, 'WaitingToTerminate', 'Terminating', 'DelayRestartingResource');
    w.trans(x + 40, fsw.name, 'Terminating', 'DelayRestartingResource', 'OnlineCallIssued');
    let y = x + 540;
    w.trans(y, fsw.name, 'DelayRestartingResource', 'OnlineCallIssued');
    w.cs(y + 1, 'INFO', `rcm::RcmResource::OnlineWorker[RCM] Issuing Arbitrate(${fsw.name}) to RHS.`);
    w.rhs(y + 3, spid, at, 'INFO', '[RHS] Enqueuing Arbitrate call.');
    w.res(y + 10, spid, at, 'INFO', fsw, 'Beginning arbitration ...');
    y += 21 * SEC + rng.int(400);
    w.res(y, spid, at, 'ERR', fsw, `Failed to create or open directory ${dir}, error 121.`);
    w.res(y + 1, spid, at, 'ERR', fsw, `Failed to arbitrate for ${dir} with 121.`);
    w.cs(y + 3, 'ERR', `[RCM] Arbitrating resource '${fsw.name}' returned error 121`);
    w.trans(y + 4, fsw.name, 'OnlineCallIssued', 'ProcessingFailure');
    w.event(y + 60, { ...ev1564(fsw.name, share), pid: spid });
    w.trans(y + 8, fsw.name, 'ProcessingFailure', 'WaitingToTerminate', 'DelayRestartingResource');
    w.trans(y + 10, fsw.name, 'WaitingToTerminate', 'Terminating', 'DelayRestartingResource');
    w.trans(y + 50, fsw.name, 'Terminating', 'DelayRestartingResource', 'OnlineCallIssued');
    y += 550;
    w.trans(y, fsw.name, 'DelayRestartingResource', 'OnlineCallIssued');
    w.cs(y + 1, 'INFO', `rcm::RcmResource::OnlineWorker[RCM] Issuing Arbitrate(${fsw.name}) to RHS.`);
    w.res(y + 10, spid, at, 'INFO', fsw, 'Beginning arbitration ...');
    w.res(y + 90, spid, at, 'INFO', fsw, `Opening file ${dir}\\Witness.log.`);
    w.res(y + 95, spid, at, 'INFO', fsw, `Attempting to lock file ${dir}\\Witness.log, try 1 of 30.`);
    w.res(y + 140, spid, at, 'INFO', fsw, `Succeeded in locking file ${dir}\\Witness.log`);
    w.cs(y + 150, 'INFO', `[RCM] Issuing Online(${fsw.name}) to RHS.`);
    w.trans(y + 152, fsw.name, 'OnlineCallIssued', 'OnlinePending');
    w.rhs(y + 900, spid, at, 'INFO', `[RHS] Resource ${fsw.name} has come online. RHS is about to report status change to RCM`);
    w.trans(y + 903, fsw.name, 'OnlinePending', 'Online');
    return y + 903;
  };
  const end = rhsTerminated(ctx, { w, culprit: fsw, reattach, fail: [], t: t0 + 3, oldPid: pid, newDefaultPid: pid + 0x2c4, separatePid: separate, deadlock: {}, culpritRestart });
  ctx.inj.expected.push({
    kind: 'deadlock', resource: fsw.name, entryPoint: 'LooksAlive', rootCause: ['network', 'storage'],
    collateral: cast.reattach, node: cast.node, outcome: ['restarted-separate-monitor', 'recovered'], timeoutMs: timeout, at: iso(t0),
  });
  return end;
}

// ---------------------------------------------------------------------------------------------
// SQL AG IsAlive returned failure (diagnostics heartbeat lost) during storage latency; failover

export function agHealthFailure(ctx: StoryContext, cast: { node: string; partner: string; ag: string; diskNumber: number; dbFile: string }, t: number): number {
  const { topo, rng, dialect } = ctx;
  const w = nodeWriter(ctx, cast.node);
  const pw = nodeWriter(ctx, cast.partner);
  const ag = resourceByName(topo, cast.ag);
  const members = topo.resources.filter((r) => r.group === ag.group);
  const pid = w.node.rhsPid;
  const hc = w.tid();
  const pdo = `\\Device\\000000${(0x40 + cast.diskNumber).toString(16)}`;
  ctx.inj.busy.push({ from: t - 30 * MIN, to: t + 30 * MIN });
  ctx.inj.pinned.push(ag.group);
  for (const r of members) ctx.inj.quiet.push({ node: cast.node, resource: r.name, from: t - 2 * SEC, to: t + 3 * HOUR });
  for (let k = 0; k < 6; k++) {
    const y = t - 150 * SEC + k * (22 * SEC + rng.int(6000));
    w.event(y, ev153(`0x${(0x9a3c00 + k * 0x4400).toString(16)}`, cast.diskNumber, pdo));
    if (k === 3) w.event(y + 900, ev129('storvsc', '\\Device\\RaidPort0'));
  }
  w.event(t - 40 * SEC, ev833(4, cast.dbFile, 7, 27431));
  w.res(t - 58 * SEC, pid, hc, 'WARN', ag, `[hadrag] SQL Server component 'io_subsystem' health state has been changed from 'clean' to 'warning' at ${new Date(t - 58 * SEC).toISOString().replace('T', ' ').replace('Z', '')}`);
  w.res(t - 21 * SEC, pid, hc, 'WARN', ag, `[hadrag] Failed to retrieve data column. Return code -1`);
  w.res(t, pid, hc, 'ERR', ag, '[hadrag] Failure detected, diagnostics heartbeat is lost');
  w.res(t + 1, pid, hc, 'ERR', ag, '[hadrag] Availability Group is not healthy with given HealthCheckTimeout and FailureConditionLevel');
  w.res(t + 1, pid, hc, 'ERR', ag, '[hadrag] Resource Alive result 0.');
  w.rhs(t + 2, pid, hc, 'WARN', `[RHS] Resource ${ag.name} IsAlive has indicated failure.`);
  w.cs(t + 3, 'INFO', `[RCM] HandleMonitorReply: FAILURENOTIFICATION for '${ag.name}', gen(0) result 1/0.`, w.rcmTid2);
  w.trans(t + 4, ag.name, 'Online', 'ProcessingFailure');
  w.cs(t + 5, 'ERR', `[RCM] rcm::RcmResource::HandleFailure: (${ag.name})`, w.rcmTid2);
  w.cs(t + 6, 'INFO', `[RCM] resource ${ag.name}: failure count: 1, restartAction: 2 persistentState: 1.`, w.rcmTid2);
  w.cs(t + 7, 'INFO', `[RCM] Will failover the group ${ag.group}: restart threshold (${ag.restartThreshold ?? 0}) of resource ${ag.name} exceeded`, w.rcmTid2);
  w.event(t + 30, { ...ev1069(ag.name, ag.group, ag.type, dialect), pid: w.pids.clussvc });
  w.event(t + 2 * SEC, ev19406(ag.name, 'PRIMARY_NORMAL', 'RESOLVING_NORMAL'));
  w.trans(t + 10, ag.name, 'ProcessingFailure', 'WaitingToTerminate', 'Failed');
  w.trans(t + 12, ag.name, 'WaitingToTerminate', 'Terminating', 'Failed');
  w.rhs(t + 15, pid, w.tid(), 'INFO', `[RHS] Terminating resource ${ag.name}`);
  w.res(t + 40, pid, hc, 'INFO', ag, '[hadrag] Terminate request.');
  w.res(t + 260, pid, hc, 'ERR', ag, '[hadrag] Lease Thread terminated');
  w.res(t + 300, pid, hc, 'INFO', ag, '[hadrag] Disconnect from SQL Server');
  w.trans(t + 900, ag.name, 'Terminating', 'Failed');
  let y = t + 950;
  for (const r of members.filter((m) => m.name !== ag.name).reverse()) {
    w.trans(y, r.name, 'Online', 'OfflineCallIssued');
    w.cs(y + 1, 'INFO', `[RCM] Issuing Offline(${r.name}) to RHS.`);
    w.res(y + 40, pid, w.tid(), 'INFO', r, offlineText(r));
    w.rhs(y + 300, pid, w.tid(), 'INFO', `[RHS] Resource ${r.name} has come offline. RHS is about to report resource status to RCM.`);
    w.trans(y + 302, r.name, 'OfflineCallIssued', 'Offline');
    y += 400;
  }
  const from = w.node;
  const to = pw.node;
  w.cs(y + 20, 'INFO', `[RCM] Failing over group ${ag.group} to node ${to.name}`, w.rcmTid2);
  w.cs(y + 40, 'INFO', `[RCM] move of group ${ag.group} from ${from.name}(${from.id}) to ${to.name}(${to.id}) of type MoveType::Failover is about to succeed, failoverCount=1, lastFailoverTime=1601/01/01-00:00:00.000 targeted=false`, w.rcmTid2);
  ctx.inj.moves.push({ t: y + 40, group: ag.group, to: to.name });
  let z = y + 1500;
  for (const r of members) z = pw.online(z, r, to.rhsPid, { call: 0, dll: 30, pending: 32, wait: 1800, jitter: 3000, online: 2, reply: false });
  ctx.inj.expected.push({
    kind: 'health-check-failure', resource: ag.name, entryPoint: 'IsAlive', rootCause: ['storage', 'performance'],
    node: cast.node, outcome: ['failed-over'], at: iso(t),
  });
  return z;
}

// ---------------------------------------------------------------------------------------------
// Virtual Machine Configuration Online pending past PendingTimeout on every node; role left failed

export function vmConfigPending(ctx: StoryContext, cast: { nodes: readonly string[]; config: string; vm: string; csvPath: string }, t: number): number {
  const { topo, rng, dialect } = ctx;
  const cfg = resourceByName(topo, cast.config);
  const vm = resourceByName(topo, cast.vm);
  const group = cfg.group;
  ctx.inj.pinned.push(group);
  const pending = 180000;
  const threshold = cfg.restartThreshold ?? 1;
  const vmId = fakeGuid(rng).toUpperCase();
  let x = t;
  const first = cast.nodes[0] ?? '';
  const firstWriter = nodeWriter(ctx, first);
  firstWriter.cs(x - 3 * SEC, 'INFO', `[RCM] rcm::RcmApi::OnlineGroup: (${group})`, firstWriter.rcmTid2);
  ctx.inj.busy.push({ from: t - 30 * MIN, to: t + 3 * HOUR });
  for (let ni = 0; ni < cast.nodes.length; ni++) {
    const name = cast.nodes[ni] ?? '';
    const w = ni === 0 ? firstWriter : nodeWriter(ctx, name);
    const pid = w.node.rhsPid;
    if (ni > 0) {
      ctx.inj.moves.push({ t: x - 2 * SEC, group, to: name });
    }
    w.cs(x, 'INFO', `[RCM] rcm::RcmGroup::UpdateStateIfChanged: (${group}, Offline --> Pending)`);
    w.cs(x + 2, 'INFO', `[RCM] ${vm.name}: Cannot come online(WaitingForDependencies); waiting on ${cfg.name}`);
    for (let attempt = 0; attempt <= threshold; attempt++) {
      const tid = w.tid();
      if (attempt === 0) {
        w.trans(x + 5, cfg.name, 'Offline', 'OnlineCallIssued');
      } else {
        // Restart in place: terminate, RestartDelay, Online again.
        w.trans(x, cfg.name, 'ProcessingFailure', 'WaitingToTerminate', 'DelayRestartingResource');
        w.trans(x + 2, cfg.name, 'WaitingToTerminate', 'Terminating', 'DelayRestartingResource');
        w.rhs(x + 5, pid, tid, 'INFO', `[RHS] Terminating resource ${cfg.name}`);
        w.trans(x + 400, cfg.name, 'Terminating', 'DelayRestartingResource', 'OnlineCallIssued');
        x += 900;
        w.trans(x + 5, cfg.name, 'DelayRestartingResource', 'OnlineCallIssued');
      }
      w.cs(x + 6, 'INFO', `[RCM] Issuing Online(${cfg.name}) to RHS.`);
      w.trans(x + 8, cfg.name, 'OnlineCallIssued', 'OnlinePending');
      w.res(x + 30, pid, tid, 'INFO', cfg, `Online: registering configuration '${cast.csvPath}\\Virtual Machines\\${vmId}.xml' with the Virtual Machine Management Service`);
      w.res(x + 35, pid, tid, 'INFO', cfg, `VMMS: RealizePlannedSystem for '${vm.detail ?? vm.name}' (${vmId}) submitted, job 0x${(0x2c1 + attempt).toString(16)}`);
      for (let k = 1; k <= 2; k++) w.res(x + k * 60 * SEC + rng.int(300), pid, tid, 'WARN', cfg, `VMMS: still waiting for job 0x${(0x2c1 + attempt).toString(16)} to complete (${k * 60} seconds), VMMS has not answered`);
      const to = x + pending + 20 + rng.int(60);
      w.cs(to, 'ERR', `[RCM] rcm::RcmResource::OnlinePendingTimeout: resource '${cfg.name}' has been in OnlinePending for ${pending / 1000} seconds (PendingTimeout ${pending}), terminating`);
      w.trans(to + 2, cfg.name, 'OnlinePending', 'ProcessingFailure');
      w.cs(to + 3, 'ERR', `[RCM] rcm::RcmResource::HandleFailure: (${cfg.name})`);
      w.cs(to + 5, 'INFO', `[RCM] resource ${cfg.name}: failure count: ${attempt + 1}, restartAction: 2 persistentState: 1.`);
      w.res(to + 40, pid, tid, 'ERR', cfg, `Online: VMMS did not register '${vm.detail ?? vm.name}' in time, error 1460 (This operation returned because the timeout period expired.)`);
      w.event(to + 80, ev21502(cfg.name, vm.detail ?? vm.name, 'This operation returned because the timeout period expired. (0x800705B4)', 'Der Vorgang wurde wegen Ablauf des Zeitlimits zurückgegeben. (0x800705B4)'));
      w.event(to + 120, { ...ev1069(cfg.name, group, cfg.type, dialect), pid: w.pids.clussvc });
      x = to + 500;
      if (attempt < threshold) continue;
      w.trans(to + 8, cfg.name, 'ProcessingFailure', 'WaitingToTerminate', 'Failed');
      w.trans(to + 10, cfg.name, 'WaitingToTerminate', 'Terminating', 'Failed');
      w.rhs(to + 14, pid, w.tid(), 'INFO', `[RHS] Terminating resource ${cfg.name}`);
      w.trans(to + 600, cfg.name, 'Terminating', 'Failed');
      w.cs(to + 602, 'INFO', `[RCM] rcm::RcmGroup::UpdateStateIfChanged: (${group}, Pending --> Failed)`);
      x = to + 700;
    }
    const next = cast.nodes[ni + 1];
    if (next) {
      const nn = nodeByName(topo, next);
      w.cs(x, 'INFO', `[RCM] Failing over group ${group} to node ${next}`);
      w.cs(x + 20, 'INFO', `[RCM] move of group ${group} from ${w.node.name}(${w.node.id}) to ${nn.name}(${nn.id}) of type MoveType::Failover is about to succeed, failoverCount=${ni + 1}, lastFailoverTime=${iso(t).slice(0, 10).replace(/-/g, '/')}-${iso(t).slice(11, 23)} targeted=false`);
      x += 2500 + rng.int(1000);
    } else {
      w.cs(x, 'WARN', `[RCM] Not failing over group ${group}, failoverCount ${ni + 1}, failover threshold ${cast.nodes.length - 1} exceeded`);
      w.event(x + 50, { ...ev1205(group), pid: w.pids.clussvc });
      w.event(x + 80, { ...ev1254(group), pid: w.pids.clussvc });
    }
  }
  ctx.inj.expected.push({
    kind: 'online-failure', resource: cfg.name, entryPoint: 'Online', rootCause: ['hyper-v'], node: first,
    outcome: ['left-failed'], at: iso(t),
  });
  return x;
}

// ---------------------------------------------------------------------------------------------
// ResourceControl deadlock (1230 with a control code) and ResourceTypeControl time-out (1265)

export function resourceControlDeadlock(ctx: StoryContext, cast: { node: string; netname: string; reattach: readonly string[] }, t: number): number {
  const { topo, rng } = ctx;
  const w = nodeWriter(ctx, cast.node);
  const nn = resourceByName(topo, cast.netname);
  const host = (nn.detail ?? nn.name).split('.')[0] ?? nn.name;
  const pid = w.node.rhsPid;
  const tid = w.tid();
  const timeout = nn.deadlockTimeoutMs ?? 300000;
  const code = 'CLUSCTL_RESOURCE_NETNAME_REPAIR_VCO';
  ctx.inj.busy.push({ from: t - 30 * MIN, to: t + timeout + 20 * MIN });
  ctx.inj.quiet.push({ node: cast.node, resource: nn.name, from: t - 5 * SEC, to: t + timeout + 60 * SEC });
  w.cs(t - 20, 'INFO', `[RCM] rcm::RcmApi::ResourceControl: (${nn.name}, ${code})`, w.rcmTid2);
  w.res(t, pid, tid, 'INFO', nn, `Repair: resetting the password of computer object ${host}$ in domain ${topo.domain}`);
  w.res(t + 12, pid, tid, 'INFO', nn, `Getting a writable DC for domain ${topo.domain}`);
  w.res(t + 21 * SEC, pid, tid, 'WARN', nn, `DsGetDcName for ${topo.domain} (writable) returned 1355 (The specified domain either does not exist or could not be contacted.)`);
  w.res(t + 42 * SEC, pid, tid, 'ERR', nn, `LDAP bind to dc03.${topo.domain} failed, status 0x51 (LDAP_SERVER_DOWN)`);
  w.event(t + 50 * SEC, ev5719((topo.domain.split('.')[0] ?? '').toUpperCase()));
  const t0 = t + timeout + rng.int(30);
  rhsDeadlockLines(w, t0, pid, 'RESOURCECONTROL', nn.name);
  w.cs(t0 + 1, 'WARN', `[RCM] ResourceControl(NETNAME_REPAIR_VCO) to ${nn.name} returned 5910.`, w.rcmTid2);
  const end = rhsTerminated(ctx, {
    w, culprit: nn, reattach: cast.reattach.map((n) => resourceByName(topo, n)), fail: [], t: t0 + 3,
    oldPid: pid, newDefaultPid: pid + 0x314, separatePid: pid + 0x5a0, deadlock: { controlCode: code },
  });
  ctx.inj.expected.push({
    kind: 'deadlock', resource: nn.name, entryPoint: 'ResourceControl', rootCause: ['active-directory', 'network'],
    collateral: cast.reattach, node: cast.node, timeoutMs: timeout, at: iso(t0),
  });
  return end;
}

export function resourceTypeControlTimeout(ctx: StoryContext, cast: { node: string; type: string; candidate: string; hosted: readonly string[] }, t: number): number {
  const { topo, rng } = ctx;
  const w = nodeWriter(ctx, cast.node);
  const pid = w.node.rhsPid;
  const tid = w.tid();
  const code = 'CLUSCTL_RESOURCE_TYPE_NETNAME_VALIDATE_NETNAME';
  for (const n of cast.hosted) ctx.inj.pinned.push(resourceByName(topo, n).group);
  ctx.inj.busy.push({ from: t - 30 * MIN, to: t + 30 * MIN });
  w.cs(t - 15, 'INFO', `[RCM] rcm::RcmApi::ResourceTypeControl: (${cast.type}, ${code})`, w.rcmTid2);
  w.rhs(t, pid, tid, 'INFO', `[RES] ${cast.type}: ValidateNetname: checking that ${cast.candidate} is not in use in domain ${topo.domain}`);
  w.rhs(t + 21 * SEC, pid, tid, 'WARN', `[RES] ${cast.type}: ValidateNetname: DsGetDcName for ${topo.domain} returned 1355 (The specified domain either does not exist or could not be contacted.)`);
  w.rhs(t + 42 * SEC, pid, tid, 'ERR', `[RES] ${cast.type}: ValidateNetname: LDAP search for ${cast.candidate}$ on dc03.${topo.domain} failed, status 0x51 (LDAP_SERVER_DOWN)`);
  const t0 = t + 300000 + rng.int(30);
  rhsDeadlockLines(w, t0, pid, 'RESOURCETYPECONTROL', cast.type, true);
  w.cs(t0 + 1, 'WARN', `[RCM] ResourceTypeControl(NETNAME_VALIDATE_NETNAME) to ${cast.type} returned 5910.`, w.rcmTid2);
  w.event(t0 + 5, { ...ev1265(cast.type, code), pid: w.pids.clussvc });
  const exit = t0 + 1100 + rng.int(300);
  w.event(exit + 40, { ...ev1146(ctx.dialect), pid: w.pids.clussvc });
  ctx.inj.pids.push({ node: cast.node, t: exit, resources: 'default', pid: pid + 0x1d4 });
  ctx.inj.frozen.push(cast.node);
  let dt = 0;
  for (const n of cast.hosted) {
    w.cs(exit + dt, 'INFO', `rcm::RcmMonitor::RestartResources[RCM] rcm::RcmMonitor::RestartResources: Monitor restart for resource ${n}`);
    w.cs(exit + dt + 1, 'INFO', `[RCM] rcm::RcmResource::ReattachToMonitorProcess: (${n}, Online)`);
    w.rhs(exit + dt + 900 + rng.int(900), pid + 0x1d4, w.tid(), 'INFO', `[RHS] Resource ${n} has come online. RHS is about to report status change to RCM`);
    dt += 3;
  }
  ctx.inj.expected.push({
    kind: 'deadlock', resource: null, resourceType: cast.type, entryPoint: 'ResourceTypeControl', rootCause: ['active-directory', 'network'],
    node: cast.node, timeoutMs: 300000, at: iso(t0),
  });
  return exit + 5 * SEC;
}

// ---------------------------------------------------------------------------------------------
// rhs.exe crashed (access violation in a third-party resource DLL), no deadlock

export function rhsCrash(ctx: StoryContext, cast: { node: string; culprit: string; reattach: readonly string[]; fail: readonly string[]; module: string; modulePath: string }, t: number): number {
  const { topo, rng } = ctx;
  const w = nodeWriter(ctx, cast.node);
  const r = resourceByName(topo, cast.culprit);
  const pid = w.node.rhsPid;
  const tid = w.tid();
  ctx.inj.busy.push({ from: t - 30 * MIN, to: t + 20 * MIN });
  ctx.inj.quiet.push({ node: cast.node, resource: r.name, from: t - 2 * SEC, to: t + 40 * SEC });
  w.res(t, pid, tid, 'INFO', r, `IsAlive: querying replication session 3 (partner ${r.detail ?? 'DR01'})`);
  w.res(t + 38, pid, tid, 'WARN', r, `IsAlive: session 3 state 'Resyncing', queue depth 18344, refreshing bitmap`);
  w.rhs(t + 41, pid, tid, 'ERR', `[RHS] RhsCall::Perform_NativeEH: EXCEPTION_ACCESS_VIOLATION(3221225477)' because of 'Unhandled exception in ISALIVE call for resource ${r.name} (${cast.module}); RHS will terminate.'`);
  w.rhs(t + 44, pid, tid, 'ERR', '[RHS] About to send WER report.');
  w.rhs(t + 930, pid, tid, 'ERR', '[RHS] WER report is submitted. Result : WerReportQueued.');
  const c = t + 1200 + rng.int(200);
  w.cs(c, 'ERR', `[RCM] rcm::RcmMonitor::MonitorProcessExited: RHS process ${pid} exited unexpectedly, exit code 0xc0000005`, w.rcmTid2);
  const report = fakeGuid(rng);
  w.event(t + 60, ev1000AppCrash('rhs.exe', '10.0.14393.4704', cast.module, '4.2.1.880', '0xc0000005', '0x000000000001a3f4', pid, 'C:\\Windows\\Cluster\\rhs.exe', cast.modulePath, report));
  w.event(t + 4 * SEC, ev1001Wer('rhs.exe', cast.module, 'c0000005', report));
  const end = rhsTerminated(ctx, {
    w, culprit: r, reattach: cast.reattach.map((n) => resourceByName(topo, n)), fail: cast.fail.map((n) => resourceByName(topo, n)),
    t: c + 5, oldPid: pid, newDefaultPid: pid + 0x2f0, separatePid: pid + 0x61c,
  });
  ctx.inj.expected.push({
    kind: 'rhs-failure', resource: r.name, entryPoint: 'IsAlive', rootCause: ['application', 'resource-host'],
    collateral: [...cast.reattach, ...cast.fail], node: cast.node, outcome: ['restarted-separate-monitor', 'recovered'], at: iso(c),
  });
  return end;
}

// ---------------------------------------------------------------------------------------------
// A node loses its network: missed heartbeats, route down, removed (1135), loses quorum (1177)

export function nodeRemoved(ctx: StoryContext, cast: { lost: string; outageMs: number }, t: number): number {
  const { topo, rng } = ctx;
  const lost = nodeByName(topo, cast.lost);
  const survivors = topo.nodes.filter((n) => n.name !== lost.name);
  const lw = nodeWriter(ctx, lost.name);
  ctx.inj.busy.push({ from: t - 30 * MIN, to: t + cast.outageMs + 30 * MIN });
  ctx.inj.pinned.push(...topo.groups.filter((g) => g.owner === cast.lost).map((g) => g.name));
  const threshold = 10;
  const viewBase = 1400 + rng.int(300);
  // Survivors: heartbeats from the lost node stop.
  const lead = survivors[0] as NodeSpec;
  for (const s of survivors) {
    const w = nodeWriter(ctx, s.name);
    const hb = t + 2 * SEC + rng.int(300);
    w.cs(hb, 'INFO', `[IM] got event: LocalEndpoint ${s.hbIp}:~3343~ has missed two consecutive heartbeats from ${lost.hbIp}:~3343~`, w.rcmTid2);
    w.cs(hb + 1, 'INFO', `[CHM] Received notification for two consecutive missed HBs to the remote endpoint ${lost.hbIp}:~3343~ from ${s.hbIp}:~3343~`, w.rcmTid2);
    const down = t + threshold * SEC + rng.int(200);
    w.cs(down, 'DBG', `[NETFTAPI] Signaled NetftRemoteUnreachable event, local address ${s.hbIp}:3343 remote address ${lost.hbIp}:3343`, w.rcmTid2);
    w.cs(down + 1, 'INFO', `[IM] got event: Remote endpoint ${lost.hbIp}:~3343~ unreachable from ${s.hbIp}:~3343~`, w.rcmTid2);
    w.cs(down + 1, 'INFO', `[IM] Marking Route from ${s.hbIp}:~3343~ to ${lost.hbIp}:~3343~ as down`, w.rcmTid2);
    for (let k = 1; k <= 3; k++) {
      const ts = new Date(t - (k - 1) * 1000).toISOString().replace(/-/g, '/').replace('T', '-').replace('Z', '');
      w.cs(down + 2, 'INFO', `[IM] Route history ${k}: Old: ${String(k + 8).padStart(2, '0')}.${500 + k * 3}, Message: ${k % 2 ? 'Response' : 'Request'}, Route sequence: ${88210 - k}, Received sequence: ${88210 - k}, Heartbeats counter/threshold: ${threshold}/${threshold}, Error: Success, NtStatus: 0 Timestamp: ${ts}, Ticks since last sending: 4`, w.rcmTid2);
    }
    w.cs(down + 3, 'INFO', `[NDP] All routes for route (virtual) local fe80::${(s.id * 0x1111).toString(16)}:~0~ to remote fe80::${(lost.id * 0x1111).toString(16)}:~0~ are down`, w.rcmTid2);
    w.cs(down + 6, 'WARN', `[NODE] Node ${s.id}: Connection to Node ${lost.id} is broken. Reason GracefulClose(1226)' because of 'channel to remote endpoint ${lost.hbIp}:~3343~ is closed'`);
    w.cs(down + 8, 'INFO', `[RGP] node ${s.id}: Node Disconnected ${lost.id} 00000000000000000000000000000000000000000000000000000000000000${lost.id === 3 ? '1000' : '0100'}`);
    const view = down + 620;
    const survivorIds = survivors.map((n) => n.id).join(' ');
    w.cs(view, 'INFO', `[CORE] Node ${s.id}: New View is <ViewChanged joiners=() downers=(${lost.id}) newView=${viewBase + 100}(${survivorIds}) oldView=${viewBase}(${topo.nodes.map((n) => n.id).join(' ')}) joiner=false form=false/> (Start Dispatch)`);
    w.cs(view + 2, 'INFO', `[GUM] Node ${s.id}: one of the active nodes went down, epoch change is required`);
    w.cs(view + 3, 'INFO', `[QUORUM] Node ${s.id}: Node will remain up, network connectivity is assumed to be available.`);
    w.event(view + 40, { ...ev1135(lost.name), pid: s.clussvcPid });
  }
  // Groups of the lost node fail over to the lead survivor.
  const lwr = nodeWriter(ctx, lead.name);
  let y = t + threshold * SEC + 1800;
  for (const g of topo.groups.filter((x) => x.owner === lost.name)) {
    lwr.cs(y, 'INFO', `[RCM] move of group ${g.name} from ${lost.name}(${lost.id}) to ${lead.name}(${lead.id}) of type MoveType::NodeDown is about to succeed, failoverCount=0, lastFailoverTime=1601/01/01-00:00:00.000 targeted=false`);
    ctx.inj.moves.push({ t: y, group: g.name, to: lead.name });
    for (const r of topo.resources.filter((x) => x.group === g.name)) {
      y = lwr.online(y, r, lead.rhsPid, { call: 5, dll: 30, pending: 31, wait: 900, jitter: 3000, online: 2, reply: false });
    }
    y += 500;
  }
  // The lost node: every route down, alone, no quorum, service stops.
  lw.cs(t - 300, 'WARN', `[NETFTAPI] Failed to query parameters for ${lost.hbIp} (status 0x80070490) -- ERROR_NOT_FOUND`, lw.rcmTid2);
  let z = t + 2 * SEC;
  for (const s of survivors) {
    lw.cs(z, 'INFO', `[IM] got event: LocalEndpoint ${lost.hbIp}:~3343~ has missed two consecutive heartbeats from ${s.hbIp}:~3343~`, lw.rcmTid2);
    z += 40;
  }
  z = t + threshold * SEC + 100;
  for (const s of survivors) {
    lw.cs(z, 'INFO', `[IM] Marking Route from ${lost.hbIp}:~3343~ to ${s.hbIp}:~3343~ as down`, lw.rcmTid2);
    lw.cs(z + 2, 'WARN', `[NODE] Node ${lost.id}: Connection to Node ${s.id} is broken. Reason GracefulClose(1226)' because of 'channel to remote endpoint ${s.hbIp}:~3343~ is closed'`);
    lw.cs(z + 3, 'INFO', `[RGP] node ${lost.id}: Node Disconnected ${s.id}`);
    z += 30;
  }
  lw.cs(z + 600, 'INFO', `[CORE] Node ${lost.id}: New View is <ViewChanged joiners=() downers=(${survivors.map((n) => n.id).join(' ')}) newView=${viewBase + 100 + lost.id}(${lost.id}) oldView=${viewBase}(${topo.nodes.map((n) => n.id).join(' ')}) joiner=false form=false/> (Start Dispatch)`);
  const q = z + 700;
  lw.cs(q, 'ERR', `[QUORUM] Node ${lost.id}: Lost quorum (${lost.id})`);
  lw.cs(q + 1, 'ERR', `[QUORUM] Node ${lost.id}: goingAway: 0, core.IsServiceShutdown: 0`);
  lw.cs(q + 2, 'ERR', 'lost quorum (status = 5925)');
  lw.cs(q + 3, 'INFO', '[NETFT] Cluster Service preterminate succeeded.');
  lw.cs(q + 4, 'WARN', 'lost quorum (status = 5925), executing OnStop');
  lw.cs(q + 5, 'INFO', '[DM] Shutting down, so unloading the cluster database (waitForLock: false).');
  lw.cs(q + 9, 'INFO', '[CS] Service Stopped...');
  lw.rhs(q + 12, lost.rhsPid, lw.tid(), 'WARN', '[RHS] Cluster service has terminated. Cluster.Service.Running.Event got signaled.');
  for (const s of survivors) lw.event(q - 80, { ...ev1135(s.name), pid: lost.clussvcPid });
  lw.event(q + 5, { ...ev1177(), pid: lost.clussvcPid });
  lw.event(q + 900, ev7031('Cluster Service', 1, 60000));
  const back = t + cast.outageMs;
  const newClus = lost.clussvcPid + 0x33c;
  const newRhs = lost.rhsPid + 0x2d0;
  ctx.inj.down.push({ node: lost.name, from: q + 20, to: back, clussvcPid: newClus, rhsPid: newRhs });
  for (const g of topo.groups.filter((x) => x.owner === lost.name)) for (const r of topo.resources.filter((x) => x.group === g.name)) ctx.inj.quiet.push({ node: lost.name, resource: r.name, from: t, to: back + HOUR });
  const nw = new NodeWriter(ctx, lost.name, { clussvc: newClus, rhs: newRhs });
  nw.cs(back, 'INFO', '[CS] Starting clussvc as a service');
  nw.cs(back + 25, 'INFO', '[CS] cluster service logging level is 3');
  for (const s of survivors) {
    nw.cs(back + 3 * SEC + s.id * 300, 'INFO', `[NODE] Node ${lost.id}: New join with n${s.id}: stage: 'Attempt Initial Connection'`);
    nw.cs(back + 5 * SEC + s.id * 300, 'INFO', `[NODE] Node ${lost.id}: New join with n${s.id}: stage: 'Join Succeeded'`);
    nodeWriter(ctx, s.name).cs(back + 5 * SEC + s.id * 300 + 40, 'INFO', `[NODE] Node ${s.id}: New join with n${lost.id}: stage: 'Join Succeeded'`);
  }
  nw.event(back - 2 * SEC, ev7036('Cluster Service', 'running'));
  ctx.inj.expected.push({ kind: 'node-down', resource: null, rootCause: ['network'], node: lost.name, at: iso(t + threshold * SEC) });
  ctx.inj.expected.push({ kind: 'quorum-loss', resource: null, rootCause: ['network'], node: lost.name, at: iso(q) });
  return back + 10 * SEC;
}

export { ev1146, ev7036 };
