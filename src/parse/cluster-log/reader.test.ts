import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent, EventOf, EventType } from '../../events/types.js';
import type { Diagnostic } from '../../shared/report.js';
import type { ReadContext, ReadState } from '../types.js';
import { ClusterLogParser, clusterLogReader } from './index.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/cluster-log/', import.meta.url));

/** Decodes like the input stage will: BOM-sniffed UTF-16LE or UTF-8, lines split on CRLF/LF. */
function fixtureLines(name: string): string[] {
  const bytes = readFileSync(FIXTURES + name);
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8').decode(bytes);
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

interface ReadResult {
  events: ClusterEvent[];
  state: ReadState;
  diagnostics: Omit<Diagnostic, 'file'>[];
}

function newState(node = 'file-node'): ReadState {
  return {
    node,
    nodeFrom: 'file name',
    dialect: null,
    zone: { basis: 'unknown', offsetMinutes: null, how: 'not decided' },
    records: 0,
    unparsed: 0,
    firstUtcMs: null,
    lastUtcMs: null,
    notes: [],
  };
}

function context(state: ReadState, diagnostics: Omit<Diagnostic, 'file'>[] = []): ReadContext {
  return { file: 'input.log', options: {}, state, diagnostic: (d) => diagnostics.push(d) };
}

async function* batches(lines: readonly string[], size = 7): AsyncIterable<string[]> {
  for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size);
}

async function read(lines: readonly string[], node?: string): Promise<ReadResult> {
  const state = newState(node);
  const diagnostics: Omit<Diagnostic, 'file'>[] = [];
  const events: ClusterEvent[] = [];
  for await (const batch of clusterLogReader.read(batches(lines), context(state, diagnostics))) events.push(...batch);
  return { events, state, diagnostics };
}

function only<T extends EventType>(events: readonly ClusterEvent[], type: T): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> => e.type === type);
}

/** records + continuations + unparsed must equal the number of lines. */
function accounting(lines: readonly string[]): { lines: number; records: number; continuations: number; unparsed: number } {
  const parser = new ClusterLogParser(context(newState()));
  const out: ClusterEvent[] = [];
  for (const l of lines) parser.push(l, out);
  parser.finish(out);
  expect(out.length).toBe(parser.stats.records);
  return { ...parser.stats };
}

describe('2016+ UTF-16LE file: header, tables, System section, local time', async () => {
  const lines = fixtureLines('ws2019-local-time-csv-isalive-deadlock.utf16le.log');
  const { events, state, diagnostics } = await read(lines);

  it('decodes the BOM-marked UTF-16LE with CRLF', () => {
    expect(lines[0]).toBe('[=== Cluster ===]');
    expect(lines.every((l) => !l.includes('\r'))).toBe(true);
  });

  it('emits one log.header and takes node, zone and dialect from it', () => {
    const [header, ...more] = only(events, 'log.header');
    expect(more).toHaveLength(0);
    expect(header).toMatchObject({
      buildNumber: '17763',
      utcOffsetMinutes: -60,
      localTime: true,
      currentNode: 'HVN02',
      node: 'HVN02',
      source: { file: 'input.log', line: 1 },
    });
    expect(state.node).toBe('HVN02');
    expect(state.nodeFrom).toBe('header');
    expect(state.zone).toMatchObject({ basis: 'local', offsetMinutes: -60 });
    expect(state.dialect).toBe('2016+ (build 17763)');
    expect(state.notes.join(' ')).toMatch(/local time|UseLocalTime/i);
  });

  it('object tables become config.row events keyed by column name', () => {
    const rows = only(events, 'config.row');
    const resources = rows.filter((r) => r.table === 'Resources');
    expect(resources.map((r) => r.row['Name'])).toEqual(['Cluster IP Address', 'Cluster Name', 'CSV Vol Tenant A', 'Witness']);
    const disk = resources.find((r) => r.row['Name'] === 'CSV Vol Tenant A');
    expect(disk?.row).toMatchObject({ Type: 'Physical Disk', DeadlockTimeout: '120000', PendingTimeout: '180000', OwnerGroup: 'Available Storage' });
    // A quoted cell spanning two physical lines, with doubled quotes.
    expect(disk?.row['Description']).toBe('Tenant A volume, "gold" tier\nmoved from SAN-02 in 2023');
    expect(rows.filter((r) => r.table === 'Resource Types')).toHaveLength(2);
    expect(rows.filter((r) => r.table === 'Nodes').map((r) => r.row['Name'])).toEqual(['HVN01', 'HVN02']);
    expect(rows.filter((r) => r.table === 'Groups')[0]?.row).toMatchObject({ OwnerNode: 'HVN02', FailoverThreshold: '4294967295' });
  });

  it('System section lines are event-log records with multi-line messages and levels as written', () => {
    const sys = only(events, 'eventlog.record').filter((e) => e.channel === 'System');
    expect(sys).toHaveLength(2);
    expect(sys[0]).toMatchObject({ levelName: 'ERR', level: 'ERR', pid: 0xa14, tid: 0x1d30, timeText: '2024/03/05-11:08:02.431' });
    expect(sys[0]?.message.split('\n')).toHaveLength(2);
    expect(sys[0]?.message).toContain("cluster resource 'CSV Vol Tenant A'");
    expect(sys[0]?.message).toContain('The cluster will try to automatically recover');
    // A blank line inside the message is kept.
    expect(sys[1]?.message).toContain('recovery of a resource.\n\nRefer to the System event log');
    expect(sys[1]?.levelName).toBe('DBG');
  });

  it('System records are identified by their message template (event catalogue)', () => {
    const sys = only(events, 'eventlog.record').filter((e) => e.channel === 'System');
    expect(sys.map((e) => [e.eventId, e.idFrom])).toEqual([
      [1230, 'template'],
      [1146, 'template'],
    ]);
    expect(sys[0]?.params).toMatchObject({ resource: 'CSV Vol Tenant A', resourceType: 'Physical Disk', dll: 'clusres.dll' });
    expect(sys[0]?.template).toMatch(/^1230\//);
  });

  it('Operational section records keep their channel', () => {
    const op = only(events, 'eventlog.record').filter((e) => e.channel === 'Operational');
    expect(op).toHaveLength(1);
    expect(op[0]?.message).toMatch(/has transitioned from state ProcessingFailure/);
  });

  it('local time: utcMs = wallMs + offset (UTC = localtime + offset)', () => {
    const timeout = only(events, 'rhs.call-timeout')[0];
    expect(timeout).toMatchObject({ resource: 'CSV Vol Tenant A', entryPoint: 'IsAlive', channel: 'Cluster Logs' });
    expect(timeout?.wallMs).toBe(Date.UTC(2024, 2, 5, 11, 8, 2, 430));
    expect(timeout?.utcMs).toBe(Date.UTC(2024, 2, 5, 10, 8, 2, 430));
    expect(state.firstUtcMs).toBe(Date.UTC(2024, 2, 5, 10, 5, 58, 4));
    expect(state.lastUtcMs).toBe(Date.UTC(2024, 2, 5, 10, 8, 5, 771));
  });

  it('Cluster Logs records are classified; unknown sections kept as generic', () => {
    const types = events.map((e) => e.type);
    for (const t of ['rhs.deadlock-handling', 'rcm.monitor-reply', 'rcm.crashed-or-deadlocked', 'rhs.wer-report', 'rcm.monitor-restart', 'rcm.reattach', 'rcm.separate-monitor-changed', 'rcm.issuing-call', 'rhs.resource-online'] as const) {
      expect(types).toContain(t);
    }
    const perf = events.filter((e) => e.channel === 'Performance');
    expect(perf.map((e) => e.text)).toEqual(['[=== Performance ===]', 'Counter sampling disabled on this node']);
    expect(perf.every((e) => e.type === 'generic')).toBe(true);
  });

  it('every line is accounted for', () => {
    const a = accounting(lines);
    expect(a.records + a.continuations + a.unparsed).toBe(lines.length);
    expect(a.unparsed).toBe(0);
    expect(state.records).toBe(events.length);
    expect(diagnostics).toEqual([]);
  });
});

describe('2016+ sections without a header', () => {
  it('event-channel lines carrying cluster-log text (2049–2051) are classified; others stay event records', async () => {
    const { events, state } = await read([
      '[=== Microsoft-Windows-FailoverClustering/Operational logs ===]',
      '[Operational] 00000a14.00001d30::2024/03/05-11:08:03.120 WARN  [RES] Distributed Network Name <CAU01>: Dns: HealthCheck: lookup failed 9002',
      '[Operational] 00000a14.00001d30::2024/03/05-11:08:03.121 INFO  [XYZ] an unknown tagged message',
      '[=== Cluster Logs ===]',
      '[Verbose] 00000a14.00001d30::2024/03/05-11:08:04.000 INFO  [RHS] Resource X has come online.',
    ]);
    expect(events.map((e) => e.type)).toEqual(['generic', 'res.message', 'eventlog.record', 'generic', 'rhs.resource-online']);
    expect(events[1]).toMatchObject({ channel: 'Operational', resource: 'CAU01', resourceType: 'Distributed Network Name' });
    expect(only(events, 'eventlog.record')[0]?.message).toBe('[XYZ] an unknown tagged message');
    expect(events[4]?.channel).toBe('Verbose');
    expect(state.dialect).toBe('2016+');
  });
});

describe('zone handling', () => {
  const body = ['[=== Cluster Logs ===]', '00000a14.00001d30::2024/03/05-11:08:02.431 INFO  [RCM] x'];

  it('logs without a header: UTC by default, said so', async () => {
    const { events, state } = await read(body.slice(1));
    expect(state.zone).toEqual({ basis: 'utc', offsetMinutes: 0, how: expect.stringMatching(/default.*no 2016\+ header/) });
    expect(events[0]?.utcMs).toBe(events[0]?.wallMs);
    expect(state.nodeFrom).toBe('file name');
  });

  it('2016+ header in UTC (default Get-ClusterLog)', async () => {
    const { events, state } = await read([
      '[=== Cluster ===]',
      'UTC= localtime + time zone offset; with daylight savings, the time zone offset of this machine is 420 minutes, or 7 hours',
      'The logs were generated using Coordinated Universal Time (UTC).',
      ...body,
    ]);
    expect(state.zone).toMatchObject({ basis: 'utc', offsetMinutes: 0 });
    const rec = events.find((e) => e.type === 'generic' && e.component === 'RCM');
    expect(rec?.utcMs).toBe(Date.UTC(2024, 2, 5, 11, 8, 2, 431));
    expect(only(events, 'log.header')[0]).toMatchObject({ utcOffsetMinutes: 420, localTime: false });
  });

  it('local time with a positive offset (UTC-7 ⇒ +420)', async () => {
    const { events } = await read([
      '[=== Cluster ===]',
      'UTC= localtime + time zone offset; with daylight savings, the time zone offset of this machine is 420 minutes, or 7 hours',
      'The logs were generated using local time',
      ...body,
    ]);
    const rec = events.find((e) => e.component === 'RCM');
    expect(rec?.utcMs).toBe(Date.UTC(2024, 2, 5, 18, 8, 2, 431));
  });

  it('local time without a readable offset: zone unknown, utcMs null until aligned', async () => {
    const { events, state } = await read(['[=== Cluster ===]', 'The logs were generated using local time', ...body]);
    expect(state.zone).toMatchObject({ basis: 'unknown', offsetMinutes: null });
    const rec = events.find((e) => e.component === 'RCM');
    expect(rec?.wallMs).toBe(Date.UTC(2024, 2, 5, 11, 8, 2, 431));
    expect(rec?.utcMs).toBeNull();
  });
});

describe('2008 R2 file', async () => {
  const lines = fixtureLines('ws2008r2-netname-online-deadlock.log');
  const { events, state } = await read(lines, 'FS2');

  it('dialect, node from the caller, UTC', () => {
    expect(state.dialect).toBe('2008–2012 R2');
    expect(state.node).toBe('FS2');
    expect(events.every((e) => e.node === 'FS2' && e.sourceKind === 'cluster-log')).toBe(true);
    expect(events.every((e) => e.utcMs === e.wallMs && e.utcMs !== null)).toBe(true);
    expect(events).toHaveLength(lines.length);
  });

  it('the deadlock story is typed end to end', () => {
    expect(events.map((e) => e.type)).toEqual([
      'rcm.group-move',
      'rcm.state-transition',
      'rcm.issuing-call',
      'res.message',
      'res.message',
      'res.message',
      'rcm.resource-control-error',
      'rhs.call-timeout',
      'rhs.deadlock-handling',
      'rcm.monitor-reply',
      'rcm.crashed-or-deadlocked',
      'rcm.state-transition',
      'rcm.failover-decision',
      'rcm.state-transition',
      'rhs.terminating-resource',
      'rcm.separate-monitor-changed',
      'rcm.issuing-call',
      'rhs.cannot-come-online',
      'rcm.monitor-reply',
      'rcm.failover-decision',
      'rcm.group-move',
    ]);
    expect(only(events, 'rhs.call-timeout')[0]).toMatchObject({ resource: 'FILESRV-CAP', entryPoint: 'Online', source: { line: 8 } });
    expect(only(events, 'rcm.failover-decision').map((e) => e.decision)).toEqual(['handle-failure', 'failover']);
    expect(only(events, 'rcm.group-move').at(-1)).toMatchObject({ fromNode: 'FS2', toNode: 'FS1', moveType: 'Failover', failoverCount: 1, planned: false });
  });
});

describe('2012 R2 file: struct dumps and same-prefix lines', async () => {
  const lines = fixtureLines('ws2012r2-heartbeat-node-removal.log');
  const { events, state } = await read(lines);

  it('a struct dump sharing one prefix stays with the line that opened it', () => {
    const route = events.find((e) => e.text.startsWith('Removing route'));
    expect(route?.component).toBe('NETFT');
    expect(route?.text.split('\n')).toEqual([
      'Removing route <struct mscs::FaultTolerantRoute>',
      '<realLocal>192.168.40.13:~3343~</realLocal>',
      '<realRemote>192.168.40.11:~3343~</realRemote>',
      '<Delay>1000</Delay>',
      '<Threshold>10</Threshold>',
      '</struct mscs::FaultTolerantRoute>',
      'removed',
    ]);
    const a = accounting(lines);
    expect(a.continuations).toBe(6);
    expect(a.records + a.continuations).toBe(lines.length);
  });

  it('untagged lines with the same prefix stay separate records', () => {
    const sameKey = events.filter((e) => e.timeText === '2015/04/22-16:05:02.118');
    expect(sameKey.map((e) => e.type)).toEqual(['quorum.lost', 'quorum.lost', 'clussvc.stopping']);
  });

  it('membership events', () => {
    expect(only(events, 'net.missed-heartbeats')).toHaveLength(2);
    expect(only(events, 'net.all-routes-down')).toHaveLength(1);
    expect(only(events, 'node.new-view')[0]).toMatchObject({ nodeId: 3, joiners: [], downers: [1] });
    expect(only(events, 'rcm.issuing-call')[0]).toMatchObject({ resource: 'SQLAG01', entryPoint: 'Online' });
    expect(state.dialect).toBe('2008–2012 R2');
  });
});

describe('trimmed excerpts', () => {
  it('time-only prefixes keep timeText with a null wall time', async () => {
    const lines = fixtureLines('trimmed-time-only-quorum.log');
    const { events, state } = await read(lines);
    expect(state.dialect).toBe('trimmed excerpt');
    expect(events.every((e) => e.wallMs === null && e.utcMs === null && e.timeText !== null)).toBe(true);
    expect(only(events, 'rcm.arbitrate-error')[0]).toMatchObject({ resource: 'Quorum Witness', errorCode: 121 });
    expect(only(events, 'quorum.lost')[0]).toMatchObject({ status: 5925, component: null });
    // The leading blank line has nothing to attach to.
    expect(state.unparsed).toBe(1);
    expect(state.firstUtcMs).toBeNull();
  });

  it('level-only prefixes', async () => {
    const lines = fixtureLines('trimmed-level-only-fsw.log');
    const { events, state } = await read(lines);
    expect(state.dialect).toBe('trimmed excerpt');
    expect(events.map((e) => e.type)).toEqual(['res.message', 'res.message', 'res.message', 'rhs.health-check-failed', 'rcm.monitor-reply', 'quorum.lost']);
    // The author's `.` ellipsis lines are continuations of the record before them.
    expect(events[2]?.text.endsWith('error 121.\n.\n.')).toBe(true);
  });
});

describe('legacy dialects', () => {
  it('Windows 2000/2003: no level column, wrapped messages continue unprefixed', async () => {
    const lines = fixtureLines('legacy-w2k.log');
    const { events, state } = await read(lines);
    expect(state.dialect).toBe('legacy (2000/2003)');
    expect(events).toHaveLength(6);
    expect(events.every((e) => e.level === null)).toBe(true);
    expect(events[2]?.text).toBe('Node 2 is no longer reachable on network Public. Marking\nthe interface as unreachable and waiting for the regroup to finish');
    expect(events[4]).toMatchObject({ pid: 0x464, tid: 0x3c0, component: 'FM' });
    expect(events[3]?.source.line).toBe(5);
  });

  it('NT4: day of month only → wallMs null, timeText kept', async () => {
    const lines = fixtureLines('nt4.log');
    const { events, state } = await read(lines);
    expect(state.dialect).toBe('NT4');
    expect(events).toHaveLength(5);
    expect(events.every((e) => e.wallMs === null && e.timeText !== null && e.tid !== null)).toBe(true);
    expect(events[2]).toMatchObject({ timeText: '14-08:30:15.922', tid: 0xd8, component: 'RM' });
  });

  it('NT4 lines take the date from a full date seen earlier, rolling over month ends', async () => {
    const { events } = await read([
      '00000534.00000500::1999/10/30-23:09:01.999 [NM] full date known',
      '0c4::31-08:30:12.204 [FM] same month',
      '0c4::01-00:00:01.015 [FM] next month',
    ]);
    expect(events[1]?.wallMs).toBe(Date.UTC(1999, 9, 31, 8, 30, 12, 204));
    expect(events[2]?.wallMs).toBe(Date.UTC(1999, 10, 1, 0, 0, 1, 15));
  });
});

describe('continuations and accounting', () => {
  it('lines before the first record are unparsed and reported once', async () => {
    const { events, state, diagnostics } = await read(['garbage line', '', '00000a14.00001d30::2024/03/05-11:08:02.431 INFO  [RCM] x', 'wrapped']);
    expect(events).toHaveLength(1);
    expect(events[0]?.text).toBe('x\nwrapped');
    expect(state.unparsed).toBe(2);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'bad-record', line: 1, level: 'warning' });
  });

  it('a record is classified once complete (continuation text joined with \\n)', async () => {
    const { events } = await read([
      '00001c44.00002b18::2024/03/05-11:08:02.430 ERR   [RHS] RhsCall::DeadlockMonitor: Call ISALIVE timed out',
      "for resource 'Wrapped Disk'.",
    ]);
    expect(events[0]).toMatchObject({ type: 'rhs.call-timeout', resource: 'Wrapped Disk', text: "RhsCall::DeadlockMonitor: Call ISALIVE timed out\nfor resource 'Wrapped Disk'." });
  });

  it('a BOM left on the first line is ignored', async () => {
    const { events } = await read(['\ufeff00000a14.00001d30::2024/03/05-11:08:02.431 INFO  [RCM] x']);
    expect(events[0]?.pid).toBe(0xa14);
  });

  it('empty input yields nothing', async () => {
    const { events, state } = await read([]);
    expect(events).toEqual([]);
    expect(state.records).toBe(0);
  });
});

describe('sniff', () => {
  it('recognises every fixture', () => {
    for (const name of [
      'ws2019-local-time-csv-isalive-deadlock.utf16le.log',
      'ws2008r2-netname-online-deadlock.log',
      'ws2012r2-heartbeat-node-removal.log',
      'trimmed-time-only-quorum.log',
      'trimmed-level-only-fsw.log',
      'legacy-w2k.log',
      'nt4.log',
    ]) {
      expect(clusterLogReader.sniff(fixtureLines(name)), name).toBeGreaterThan(0.5);
    }
  });

  it('stays below the threshold on other text', () => {
    expect(clusterLogReader.sniff(['Level,Date and Time,Source,Event ID,Task Category', 'Error,9/29/2026 10:01:02 AM,Microsoft-Windows-FailoverClustering,1230,Resource Control Manager,"Cluster resource..."'])).toBeLessThan(0.3);
    expect(clusterLogReader.sniff(['Log Name:      System', 'Source:        Microsoft-Windows-FailoverClustering', 'Event ID:      1135'])).toBeLessThan(0.3);
    expect(clusterLogReader.sniff([])).toBe(0);
  });
});
