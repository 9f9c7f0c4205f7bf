import { describe, expect, it } from 'vitest';
import type { ClusterEvent, EventBase, EventOf, EventType } from '../../events/types.js';
import fc from 'fast-check';
import { classifyDetailed, classifyPayload, classifyText, unwrap } from './classify.js';
import { entryPointOf, parseCode, win32Error } from './entry-points.js';
import { newParsedLine, parseLine } from './grammar.js';
import { MESSAGE_ROWS, splitLast } from './messages.js';

function baseFromLine(line: string): { base: EventBase; func: string | null } {
  const p = newParsedLine();
  if (!parseLine(line, p)) throw new Error(`sample does not parse: ${line}`);
  return {
    base: {
      node: 'N1',
      source: { file: 'sample.log', line: 1 },
      sourceKind: 'cluster-log',
      wallMs: p.wallMs,
      utcMs: p.wallMs,
      timeText: p.timeText,
      level: p.level,
      pid: p.pid,
      tid: p.tid,
      component: p.component,
      channel: p.channel,
      text: p.text,
    },
    func: p.func,
  };
}

function classifyLine(line: string): { event: ClusterEvent; row: string | null } {
  const { base, func } = baseFromLine(line);
  return classifyDetailed(base, func);
}

function as<T extends EventType>(event: ClusterEvent, type: T): EventOf<T> {
  expect(event.type).toBe(type);
  return event as EventOf<T>;
}

describe('message table (lnav-style samples)', () => {
  it('row names are unique', () => {
    const names = MESSAGE_ROWS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const row of MESSAGE_ROWS) {
    it(`${row.name}: has samples and each classifies to it`, () => {
      expect(row.samples.length).toBeGreaterThan(0);
      for (const sample of row.samples) {
        expect(sample).toContain(row.needle);
        expect(classifyLine(sample).row, sample).toBe(row.name);
      }
    });
  }

  // Every typed event the classifier can produce (the rest come from the reader's sections).
  const CLASSIFIED: Record<Exclude<EventType, 'eventlog.record' | 'log.header' | 'config.row' | 'generic'>, true> = {
    'rhs.call-timeout': true,
    'rhs.deadlock-handling': true,
    'rhs.health-check-failed': true,
    'rhs.cannot-come-online': true,
    'rhs.call-failed': true,
    'rhs.resource-online': true,
    'rhs.resource-offline': true,
    'rhs.wer-report': true,
    'rhs.dll-load-failed': true,
    'rhs.exception': true,
    'rhs.cluster-service-terminated': true,
    'rhs.terminating-resource': true,
    'rcm.state-transition': true,
    'rcm.group-state': true,
    'rcm.issuing-call': true,
    'rcm.monitor-reply': true,
    'rcm.crashed-or-deadlocked': true,
    'rcm.monitor-restart': true,
    'rcm.reattach': true,
    'rcm.separate-monitor-changed': true,
    'rcm.rhs-create-failed': true,
    'rcm.resource-control-error': true,
    'rcm.arbitrate-error': true,
    'rcm.group-move': true,
    'rcm.failover-decision': true,
    'res.message': true,
    'net.missed-heartbeats': true,
    'net.route-down': true,
    'net.all-routes-down': true,
    'net.endpoint-unreachable': true,
    'net.netft-keepalive-failed': true,
    'node.connection-broken': true,
    'node.disconnected': true,
    'node.new-view': true,
    'quorum.lost': true,
    'clussvc.stopping': true,
    'clussvc.starting': true,
  };

  it('covers every typed event of the union through some sample', () => {
    const produced = new Set<string>();
    for (const row of MESSAGE_ROWS) for (const s of row.samples) produced.add(classifyLine(s).event.type);
    for (const type of Object.keys(CLASSIFIED)) expect(produced, type).toContain(type);
  });

  it('every row is linear on long runs of blanks anywhere in its samples', () => {
    const run = ' '.repeat(20_000);
    for (const row of MESSAGE_ROWS) {
      for (const sample of row.samples) {
        const { base } = baseFromLine(sample);
        const text = base.text;
        const spaces = [...text.matchAll(/ /g)].map((m) => m.index);
        for (const at of [0, ...spaces, text.length]) {
          for (const tail of ['', 'x', '\nmore']) {
            const probe = text.slice(0, at) + run + tail + text.slice(at);
            const started = performance.now();
            const m = row.pattern.exec(probe);
            if (m !== null) row.build(m, { ...base, text: probe });
            expect(performance.now() - started, `${row.name} with blanks at ${at}`).toBeLessThan(250);
          }
        }
      }
    }
  });

  it('rows only run for their component', () => {
    // Right text, wrong tag: not classified.
    const e = classifyLine("00000d1c.00001f40::2021/11/03-14:22:09.318 ERR   [RCM] RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource 'X'.");
    expect(e.event.type).toBe('generic');
  });
});

describe('classified fields', () => {
  it.each([
    ['LOOKSALIVE', 'LooksAlive'],
    ['ISALIVE', 'IsAlive'],
    ['ONLINERESOURCE', 'Online'],
    ['OFFLINERESOURCE', 'Offline'],
    ['TERMINATERESOURCE', 'Terminate'],
    ['OPENRESOURCE', 'Open'],
    ['CLOSERESOURCE', 'Close'],
    ['ARBITRATE', 'Arbitrate'],
    ['ARBITRATERESOURCE', 'Arbitrate'],
    ['RELEASE', 'Release'],
    ['RELEASERESOURCE', 'Release'],
    ['RESOURCECONTROL', 'ResourceControl'],
    ['RESOURCETYPECONTROL', 'ResourceTypeControl'],
    ['FAILURENOTIFICATION', 'FailureNotification'],
    ['SHUTDOWN', 'Shutdown'],
    ['CANCEL', 'Cancel'],
    ['Online', 'Online'],
    ['IsAlive', 'IsAlive'],
    ['RESOURCE_CONTROL', 'ResourceControl'],
  ])('entry point token %s → %s', (token, ep) => {
    expect(entryPointOf(token)).toBe(ep);
    const e = as(
      classifyLine(`00000d1c.00001f40::2021/11/03-14:22:09.318 ERR   [RHS] RhsCall::DeadlockMonitor: Call ${token} timed out by 120 milliseconds for resource 'Disk (Q:)'.`).event,
      'rhs.call-timeout',
    );
    expect(e).toMatchObject({ resource: 'Disk (Q:)', resourceType: null, entryPoint: ep, call: token, overrunMs: 120 });
  });

  it('unknown call tokens keep the token, entry point null', () => {
    const e = as(classifyLine("00000d1c.00001f40::2021/11/03-14:22:09.318 ERR   [RHS] RhsCall::DeadlockMonitor: Call FROBNICATE timed out for resource 'R'.").event, 'rhs.call-timeout');
    expect(e).toMatchObject({ call: 'FROBNICATE', entryPoint: null, overrunMs: null });
  });

  it('resource type calls', () => {
    const e = as(classifyLine("00000d1c.00000a88::2021/11/03-14:30:51.002 ERR   [RHS] RhsCall::DeadlockMonitor: Call RESOURCETYPECONTROL timed out for resource type 'Virtual Machine'.").event, 'rhs.call-timeout');
    expect(e).toMatchObject({ resource: null, resourceType: 'Virtual Machine', entryPoint: 'ResourceTypeControl' });
  });

  it('deadlock handling with and without RHS termination', () => {
    expect(classifyLine('1a2b.3c4d::2021/11/03-14:22:09.318 ERR   [RHS] Resource SQL Server (INST) handling deadlock. Cleaning current operation and terminating RHS process.').event).toMatchObject({
      type: 'rhs.deadlock-handling',
      resource: 'SQL Server (INST)',
      terminatingRhs: true,
    });
    expect(classifyLine('1a2b.3c4d::2021/11/03-14:22:09.318 ERR [RHS] Resource TSM-Server-1 handling deadlock. Cleaning current operation.').event).toMatchObject({
      resource: 'TSM-Server-1',
      terminatingRhs: false,
    });
  });

  it('deadlock handling of a resource type (ResourceTypeControl): resourceType set', () => {
    expect(classifyLine('1a2b.3c4d::2021/11/03-14:30:51.003 ERR   [RHS] Resource type Network Name handling deadlock. Cleaning current operation and terminating RHS process.').event).toMatchObject({
      type: 'rhs.deadlock-handling',
      resource: 'Network Name',
      resourceType: 'Network Name',
      terminatingRhs: true,
    });
    expect(classifyLine("1a2b.3c4d::2021/11/03-14:30:51.003 ERR   [RHS] Resource type 'Virtual Machine' handling deadlock. Cleaning current operation.").event).toMatchObject({
      resource: 'Virtual Machine',
      resourceType: 'Virtual Machine',
      terminatingRhs: false,
    });
    expect(classifyLine('1a2b.3c4d::2021/11/03-14:22:09.318 ERR   [RHS] Resource Cluster Name handling deadlock. Cleaning current operation.').event).toMatchObject({
      resource: 'Cluster Name',
      resourceType: null,
    });
  });

  describe('exceptions in entry points (RHS crash)', () => {
    it.each([
      [
        "RhsCall::Perform_NativeEH: EXCEPTION_ACCESS_VIOLATION(c0000005)' because of 'Unhandled exception in ISALIVE call for resource 'ReplVol (Data.1)'; RHS will terminate.'",
        { resource: 'ReplVol (Data.1)', resourceType: null, entryPoint: 'IsAlive', call: 'ISALIVE', exceptionName: 'EXCEPTION_ACCESS_VIOLATION', exceptionCode: 0xc0000005, dll: null },
      ],
      [
        "RhsCall::Perform_NativeEH: EXCEPTION_ACCESS_VIOLATION(3221225477)' because of 'Unhandled exception in ISALIVE call for resource ReplVol-Data1 (ctsrepl.dll); RHS will terminate.'",
        { resource: 'ReplVol-Data1', entryPoint: 'IsAlive', exceptionCode: 3221225477, dll: 'ctsrepl.dll' },
      ],
      [
        "RhsCall::Perform_NativeEH: EXCEPTION_STACK_OVERFLOW(0xC00000FD)' because of 'Unhandled exception in ONLINERESOURCE call for resource File Server (\\\\FS01).'",
        { resource: 'File Server (\\\\FS01)', entryPoint: 'Online', call: 'ONLINERESOURCE', exceptionName: 'EXCEPTION_STACK_OVERFLOW', exceptionCode: 0xc00000fd, dll: null },
      ],
      [
        "RhsCall::Perform_NativeEH: STATUS_STACK_BUFFER_OVERRUN(c0000409)' because of 'Unhandled exception in RESOURCETYPECONTROL call for resource type 'Contoso Volume'.'",
        { resource: null, resourceType: 'Contoso Volume', entryPoint: 'ResourceTypeControl', exceptionName: 'STATUS_STACK_BUFFER_OVERRUN', exceptionCode: 0xc0000409 },
      ],
      [
        'RhsCall::Perform_NativeEH: EXCEPTION_BREAKPOINT(80000003)',
        { resource: null, entryPoint: null, call: null, exceptionName: 'EXCEPTION_BREAKPOINT', exceptionCode: 0x80000003 },
      ],
      [
        "Unhandled exception 0xc0000005 in LooksAlive call for resource 'App Server (Blue)' in module vendorres.dll.",
        { resource: 'App Server (Blue)', entryPoint: 'LooksAlive', exceptionName: null, exceptionCode: 0xc0000005, dll: 'vendorres.dll' },
      ],
    ] as const)('%s', (text, fields) => {
      const e = as(classifyLine(`00001d50.00003990::2022/12/07-13:18:44.558 ERR   [RHS] ${text}`).event, 'rhs.exception');
      expect(e).toMatchObject(fields);
    });

    it('a DLL that cannot be loaded stays a DLL load failure, not an exception', () => {
      const e = classifyLine("1a2b.3c4d::2015/02/11-22:17:45.260 ERR   [RHS] RhsCall::Perform_NativeEH: ERROR_MOD_NOT_FOUND(126)' because of 'Unable to load resource DLL mqclus.dll.'").event;
      expect(e.type).toBe('rhs.dll-load-failed');
    });

    it('Perform_NativeEH lines without an exception stay generic', () => {
      expect(classifyLine("1a2b.3c4d::2015/02/11-22:17:45.260 ERR   [RHS] RhsCall::Perform_NativeEH: ERROR_INVALID_STATE(5023)' because of 'Online failed'").event.type).toBe('generic');
    });
  });

  it('health check, cannot come online, call failed, came online/offline', () => {
    expect(classifyLine('1a2b.3c4d::2021/02/24-02:50:02.453 WARN [RHS] Resource AG IsAlive has indicated failure.').event).toMatchObject({ type: 'rhs.health-check-failed', resource: 'AG', entryPoint: 'IsAlive' });
    expect(classifyLine('1a2b.3c4d::2021/02/24-02:50:02.453 ERR   [RHS] Online for resource AOC.Prod 01 failed.').event).toMatchObject({ type: 'rhs.call-failed', resource: 'AOC.Prod 01', entryPoint: 'Online', errorCode: null });
    expect(classifyLine('1a2b.3c4d::2021/02/24-02:50:02.453 INFO  [RHS] Resource ag.v2 (east) has come offline. RHS is about to report resource status to RCM.').event).toMatchObject({ type: 'rhs.resource-offline', resource: 'ag.v2 (east)' });
  });

  it('DLL load failure: dll name and win32 error', () => {
    const e = as(classifyLine("1a2b.3c4d::2015/02/11-22:17:45.260 ERR   [RHS] RhsCall::Perform_NativeEH: ERROR_MOD_NOT_FOUND(126)' because of 'Unable to load resource DLL mqclus.dll.'").event, 'rhs.dll-load-failed');
    expect(e).toMatchObject({ dll: 'mqclus.dll', errorCode: 126, errorName: 'ERROR_MOD_NOT_FOUND' });
  });

  it('RCM transitions: names with spaces, dots, parentheses', () => {
    expect(classifyLine('1a2b.3c4d::2020/02/27-06:51:03.118 INFO  [RCM] Res SQL Server (MSSQL.2): Online -> WaitingToTerminate( ProcessingFailure )').event).toMatchObject({
      type: 'rcm.state-transition',
      resource: 'SQL Server (MSSQL.2)',
      from: 'Online',
      to: 'WaitingToTerminate',
      reason: 'ProcessingFailure',
    });
    expect(classifyLine('1a2b.3c4d::2020/02/27-06:51:03.118 INFO  [RCM] TransitionToState(SQL Server (MSSQL.2)) Online-->OfflineCallIssued.').event).toMatchObject({
      resource: 'SQL Server (MSSQL.2)',
      from: 'Online',
      to: 'OfflineCallIssued',
      reason: null,
    });
  });

  it('monitor replies: result N, N/M, 5015', () => {
    expect(classifyLine("1a2b.3c4d::2009/06/17-20:07:58.009 INFO [RCM] HandleMonitorReply: FAILURENOTIFICATION for 'Cluster Name', gen(0) result 4.").event).toMatchObject({
      type: 'rcm.monitor-reply',
      resource: 'Cluster Name',
      reply: 'FAILURENOTIFICATION',
      entryPoint: 'FailureNotification',
      result: 4,
      resultText: '4',
    });
    expect(classifyLine("1a2b.3c4d::2021/02/24-02:50:02.453 INFO [RCM] HandleMonitorReply: FAILURENOTIFICATION for 'AG', gen(0) result 1/0.").event).toMatchObject({ result: 1, resultText: '1/0' });
  });

  describe('`(name, x)` argument lists: names with parentheses, dots, commas', () => {
    it('reattach splits on the last `, `', () => {
      expect(classifyLine('1a2b.3c4d::2019/04/02-10:15:45.240 INFO  [RCM] rcm::RcmResource::ReattachToMonitorProcess: (File Server (\\\\FS01), Online)').event).toMatchObject({
        type: 'rcm.reattach',
        resource: 'File Server (\\\\FS01)',
        state: 'Online',
      });
      expect(classifyLine('1a2b.3c4d::2019/04/02-10:15:45.240 INFO  [RCM] rcm::RcmResource::ReattachToMonitorProcess: (SQL Server (INST.1), x), Online)').event).toMatchObject({
        resource: 'SQL Server (INST.1), x)',
        state: 'Online',
      });
      expect(classifyLine('1a2b.3c4d::2019/04/02-10:15:45.240 INFO  [RCM] rcm::RcmResource::ReattachToMonitorProcess: (Disk (Q:))').event).toMatchObject({
        resource: 'Disk (Q:)',
        state: null,
      });
    });

    it('HandleFailure keeps the whole name', () => {
      expect(classifyLine('1a2b.3c4d::2020/02/27-06:52:39.870 ERR   [RCM] rcm::RcmResource::HandleFailure: (File Server (\\\\FS01))').event).toMatchObject({
        type: 'rcm.failover-decision',
        resource: 'File Server (\\\\FS01)',
        decision: 'handle-failure',
      });
      expect(classifyLine('1a2b.3c4d::2020/02/27-06:52:39.870 ERR   [RCM] rcm::RcmResource::HandleFailure: (SQL Server (INST), Online)').event).toMatchObject({
        resource: 'SQL Server (INST)',
      });
    });

    it('group state, MoveGroup, Issuing and TransitionToState keep parentheses', () => {
      expect(classifyLine('1a2b.3c4d::2020/02/27-06:51:03.120 INFO  [RCM] rcm::RcmGroup::UpdateStateIfChanged: (SQL Server (INST), Online --> Pending)').event).toMatchObject({
        type: 'rcm.group-state',
        group: 'SQL Server (INST)',
        from: 'Online',
        to: 'Pending',
      });
      expect(classifyLine('1a2b.3c4d::2011/08/05-13:47:42.465 INFO  [RCM] rcm::RcmApi::MoveGroup: (app.v2 (east), 2)').event).toMatchObject({ group: 'app.v2 (east)', toNode: '2' });
      expect(classifyLine('1a2b.3c4d::2020/02/27-06:51:03.118 INFO  [RCM] Issuing Online(File Server (\\\\FS01)) to RHS.').event).toMatchObject({
        type: 'rcm.issuing-call',
        resource: 'File Server (\\\\FS01)',
        entryPoint: 'Online',
      });
    });

    it('splitLast', () => {
      expect(splitLast('a, b')).toEqual({ name: 'a', last: 'b' });
      expect(splitLast('File Server (x, y), Online')).toEqual({ name: 'File Server (x, y)', last: 'Online' });
      expect(splitLast('Disk (Q:)')).toEqual({ name: 'Disk (Q:)', last: null });
      expect(splitLast('a, b c')).toEqual({ name: 'a, b c', last: null });
    });
  });

  it('group moves: node down, API, offline first', () => {
    expect(classifyLine('1a2b.3c4d::2020/05/12-01:17:42.347 INFO  [RCM] move of group Cluster Group from SVR13(2) to SVR13(2) of type MoveType::NodeDown is about to succeed, failoverCount=0, lastFailoverTime=1601/01/01-00:00:00.000 targeted=false').event).toMatchObject({
      type: 'rcm.group-move',
      group: 'Cluster Group',
      fromNode: 'SVR13',
      toNode: 'SVR13',
      moveType: 'NodeDown',
      failoverCount: 0,
      planned: false,
    });
    expect(classifyLine('1a2b.3c4d::2011/08/05-13:47:42.465 INFO  [RCM] rcm::RcmApi::MoveGroup: (ag, 2)').event).toMatchObject({ group: 'ag', toNode: '2', moveType: 'api', planned: true });
  });

  it('RES lines: type with spaces, name in <>, optional sub-tag, no name', () => {
    expect(classifyLine('1a2b.3c4d::2021/02/24-02:50:02.452 ERR [RES] SQL Server Availability Group: [hadrag] Failure detected, diagnostics heartbeat is lost').event).toMatchObject({
      type: 'res.message',
      resourceType: 'SQL Server Availability Group',
      resource: null,
      subTag: 'hadrag',
      message: 'Failure detected, diagnostics heartbeat is lost',
    });
    expect(classifyLine('1a2b.3c4d::2021/02/24-02:50:02.452 INFO [RES] File Share Witness <File Share Witness>: Opening file \\\\S\\Q\\Witness.log.').event).toMatchObject({
      resourceType: 'File Share Witness',
      resource: 'File Share Witness',
      subTag: null,
      message: 'Opening file \\\\S\\Q\\Witness.log.',
    });
    expect(classifyLine('ERR [RES] SQL Server <SQL Server (INST)>: [sqsrvres] OnlineThread: Error 1 bringing resource online.').event).toMatchObject({
      resourceType: 'SQL Server',
      resource: 'SQL Server (INST)',
      subTag: 'sqsrvres',
    });
  });

  it('membership: views parse their id lists', () => {
    expect(classifyLine('1a2b.3c4d::2020/05/12-01:17:51.909 INFO  [CORE] Node 1: New View is <ViewChanged joiners=(3 4) downers=(2) newView=1301(1) oldView=1101(1 2) joiner=false form=false/> (Start Dispatch)').event).toMatchObject({
      type: 'node.new-view',
      nodeId: 1,
      joiners: [3, 4],
      downers: [2],
    });
    expect(classifyLine("1a2b.3c4d::2022/12/15-14:26:02.053 WARN [NODE] Node 1: Connection to Node 2 is broken. Reason GracefulClose(1226)' because of 'closed'").event).toMatchObject({
      type: 'node.connection-broken',
      nodeId: 1,
      peerId: 2,
      reason: "GracefulClose(1226)' because of 'closed'",
    });
  });

  it('`Checking to see if all routes ... are down` is not a route-down event', () => {
    expect(classifyLine('1a2b.3c4d::2014/06/10-07:54:34.099 INFO  [NDP] Checking to see if all routes for route (virtual) local a to remote b are down').event.type).toBe('generic');
  });

  it('quorum loss: node form, untagged status form, `because` form', () => {
    expect(classifyLine('1a2b.3c4d::2022/12/15-14:26:02.654 WARN [QUORUM] Node 1: Lost quorum (1)').event).toMatchObject({ type: 'quorum.lost', status: null });
    expect(classifyLine('1a2b.3c4d::2022/12/15-14:26:02.654 WARN lost quorum (status = 5925)').event).toMatchObject({ type: 'quorum.lost', status: 5925 });
    expect(classifyLine('21:17:51.909 ERR   Quorum lost because failed to update witness epoch after node failure (status = 5925)').event).toMatchObject({ type: 'quorum.lost', status: 5925 });
  });
});

describe('wrapped messages', () => {
  it('unwrap turns each line break and the blanks around it into one space, like /\\s*\\n\\s*/g', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30, unit: fc.constantFrom('a', 'b', ' ', '\t', '\n', '\r', '\u00a0', '\u3000') }), (text) => unwrap(text) === text.replace(/\s*\n\s*/g, ' ')),
      { numRuns: 3000 },
    );
  });

  it('a record wrapped onto a continuation line still classifies, in linear time on long blank runs', () => {
    const { base, func } = baseFromLine("00000d1c.00001f40::2021/11/03-14:22:09.318 ERR   [RHS] RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource 'SQL");
    base.text += "\n    Network Name (PRDSQL)'.";
    expect(classifyDetailed(base, func).event).toMatchObject({ type: 'rhs.call-timeout', resource: 'SQL Network Name (PRDSQL)' });
    const started = performance.now();
    const long = baseFromLine('00000d1c.00001f40::2021/11/03-14:22:09.318 ERR   [RHS] Call timed out');
    long.base.text += `${' '.repeat(100 * 1024)}x\ncontinued`;
    expect(classifyDetailed(long.base, long.func).event.type).toBe('generic');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('classifyText / classifyPayload', () => {
  const base = {
    node: 'N1',
    source: { file: 'System.evtx', line: 7 },
    sourceKind: 'event-log' as const,
    wallMs: 1000,
    utcMs: 1000,
    timeText: null,
    pid: null,
    tid: null,
    channel: 'System',
  };

  it('classifyText uses base.component', () => {
    const e = classifyText({ ...base, level: 'ERR', component: 'RHS' }, 'Resource R IsAlive has indicated failure.');
    expect(e).toMatchObject({ type: 'rhs.health-check-failed', resource: 'R', node: 'N1', text: 'Resource R IsAlive has indicated failure.' });
    expect(classifyText({ ...base, level: null, component: null }, 'anything')).toMatchObject({ type: 'generic', text: 'anything' });
  });

  it('classifyPayload reads `[RES] ...` from 2049–2051 messages', () => {
    const e = classifyPayload({ ...base, level: 'ERR' }, '[RES] SQL Server <SQL Server (PROD)>: [sqsrvres] Failure detected, diagnostics heartbeat is lost');
    expect(e).toMatchObject({
      type: 'res.message',
      component: 'RES',
      level: 'ERR',
      resourceType: 'SQL Server',
      resource: 'SQL Server (PROD)',
      subTag: 'sqsrvres',
      message: 'Failure detected, diagnostics heartbeat is lost',
      sourceKind: 'event-log',
      channel: 'System',
    });
  });

  it('classifyPayload takes an optional LEVEL prefix', () => {
    const e = classifyPayload(base, 'WARN  [RES] Distributed Network Name <CAU01>: Dns: HealthCheck: failed 9002');
    expect(e).toMatchObject({ type: 'res.message', level: 'WARN', resourceType: 'Distributed Network Name', resource: 'CAU01' });
    expect(classifyPayload(base, 'no prefix here')).toMatchObject({ type: 'generic', level: null, component: null, text: 'no prefix here' });
  });
});

describe('numbers', () => {
  it('error codes decimal or hex', () => {
    expect(parseCode('5910')).toBe(5910);
    expect(parseCode('0xd0000001')).toBe(0xd0000001);
    expect(parseCode('0x80070015')).toBe(0x80070015);
    expect(parseCode('abc')).toBeNull();
    expect(win32Error("Error ERROR_FILE_NOT_FOUND(2)")).toEqual({ name: 'ERROR_FILE_NOT_FOUND', code: 2 });
    expect(win32Error('failed, status 0x5')).toEqual({ name: null, code: 5 });
  });

  it('RCM resource control errors in hex', () => {
    expect(classifyLine('1a2b.3c4d::2019/04/02-10:15:40.011 WARN  [RCM] ResourceControl(STORAGE_GET_DISK_INFO_EX) to Cluster Disk 4 returned 0x80070015.').event).toMatchObject({
      type: 'rcm.resource-control-error',
      control: 'STORAGE_GET_DISK_INFO_EX',
      resource: 'Cluster Disk 4',
      errorCode: 0x80070015,
    });
  });
});

describe('function name before the tag', () => {
  it('HandleFailure takes the resource from the text when no parenthesis follows', () => {
    expect(classifyLine("00000e48.00001c70::2020/02/27-06:52:39.870 INFO  rcm::RcmResource::HandleFailure[RCM] Handling failure of resource 'FS01 Disk'").event).toMatchObject({
      type: 'rcm.failover-decision',
      decision: 'handle-failure',
      resource: 'FS01 Disk',
      text: "Handling failure of resource 'FS01 Disk'",
    });
  });
});

describe('res.message by hand', () => {
  const row = MESSAGE_ROWS.find((r) => r.name === 'res.message')!;
  const baseOf = (text: string): EventBase => ({
    node: 'N1',
    source: { file: 'res.log', line: 1 },
    sourceKind: 'cluster-log',
    wallMs: null,
    utcMs: null,
    timeText: null,
    level: 'INFO',
    pid: 1,
    tid: 2,
    component: 'RES',
    channel: null,
    text,
  });
  /** The event as the pattern and `build` make it, serialised (key order included); null when no match. */
  const byPattern = (text: string): string | null => {
    const m = row.pattern.exec(text);
    if (m === null) return null;
    const base = baseOf(text);
    const fields = row.build(m, base);
    return fields === null ? null : JSON.stringify(Object.assign(base, fields));
  };
  const byHand = (text: string): string | null => {
    const e = row.complete!(text, baseOf(text));
    return e === null ? null : JSON.stringify(e);
  };

  const TRICKY = [
    'Physical Disk <Cluster Disk 5>: IsAlive: disk 5 reservation held',
    'SQL Server Availability Group: [hadrag] Failed to retrieve data column.',
    'Distributed Network Name <CAUCL01x9>: Dns: HealthCheck: lookup returned 9002',
    'Type <Name>:[tag]x',
    'Type <Name>:  [tag]   x',
    'Type <Na>me>: x',
    'Type <A <B>>: x',
    'Type <A>: b>: c',
    'Type <A\nB>: c',
    'Type <A>\n: c',
    'Type:<x>: y',
    'Type<x>: y',
    ' Type: x',
    '1Type: x',
    'T: ',
    'T:',
    'T',
    '',
    'Type <>: x',
    'Type <N>: [a-b_c]\t\u00a0\u2028msg',
    'Type <N>: [] x',
    'Type <N>: [a b] x',
    'Type <N>: [tag]',
    'Type <N>: [tag',
    'Type  <N>: x',
    'Type > x: y',
    'Type <N>: [tag]\n  next line',
    'Ty\rpe\u00a0 <N>: x',
    'Type <N> x',
    'Type <N',
    'Type <',
    'Type\n<N>: x',
    'rcm::Func: Type <N>: x',
    'Élan <N>: x',
    'Type <N>: ünïcode [tag] \ufeff',
  ];

  it('agrees with the pattern on tricky lines', () => {
    for (const text of TRICKY) expect(byHand(text), JSON.stringify(text)).toBe(byPattern(text));
  });

  it('agrees with the pattern on any text', () => {
    const unit = fc.constantFrom('a', 'B', 'z', ' ', ' ', '<', '>', ':', '[', ']', '-', '_', '1', '\n', '\t', '\r', '\u00a0', '\u2028', '\ufeff', 'é');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), (text) => byHand(text) === byPattern(text)),
      { numRuns: 20_000 },
    );
    // Shaped like RES lines, so that most of them match.
    const shaped = fc
      .tuple(fc.string({ unit, maxLength: 8 }), fc.string({ unit, maxLength: 8 }), fc.string({ unit, maxLength: 8 }), fc.string({ unit, maxLength: 8 }))
      .map(([type, name, tag, rest]) => `T${type} <${name}>: [${tag}] ${rest}`);
    fc.assert(
      fc.property(shaped, (text) => byHand(text) === byPattern(text)),
      { numRuns: 20_000 },
    );
  });

  it('gives every record its own name, however names repeat or share a cache slot', () => {
    // Thousands of short names over a few letters: more names than cache slots, so slots are shared.
    const letters = ['a', 'b', 'C', ' ', '1'];
    const names: string[] = [];
    for (const x of letters) for (const y of letters) for (const z of letters) for (const w of ['', ...letters]) names.push(x + y + z + w);
    const texts: string[] = [];
    for (let i = 0; i < 12_000; i++) texts.push(`Virtual Machine <${names[(i * 7919) % names.length]!}>: [vmclusres] state ${i}`);
    for (const text of texts) expect(byHand(text)).toBe(byPattern(text));
  });

  it('classifies RES records through the row, also when the text is wrapped', () => {
    const e = classifyDetailed(baseOf('Physical Disk\n  <Cluster Disk 1>: [dll] wrapped'));
    expect(e.row).toBe('res.message');
    expect(e.event).toMatchObject({ type: 'res.message', resourceType: 'Physical Disk', resource: 'Cluster Disk 1', subTag: 'dll', message: 'wrapped' });
  });
});
