/**
 * A hand-made Report for reporter and CLI tests: a Network Name LooksAlive deadlock (DNS), a node
 * removed from membership (heartbeats) and the quorum loss that followed, across three cluster logs
 * and a System export. One collateral resource has a hostile name: ANSI colour, an OSC 8 hyperlink,
 * backspace, carriage return and a right-to-left override.
 */
import type { Incident, Report, TimelineEntry } from '../../src/shared/report.js';

export const HOSTILE_NAME = 'Backup\x1b[31mRED\x1b]8;;https://evil.example/\x07click\x1b]8;;\x1b\\\b\rOK\u202eexe.txt';

const LOGS = 'C:\\temp\\logs';
const NODE1_LOG = `${LOGS}\\NODE1_cluster.log`;
const NODE2_LOG = `${LOGS}\\NODE2_cluster.log`;
const NODE3_LOG = `${LOGS}\\NODE3_cluster.log`;
const SYSTEM = `${LOGS}\\System.csv`;

function step(at: string | null, node: string, file: string, line: number, event: string, resource: string | null, text: string): TimelineEntry {
  return { at, node, text, source: { file, line }, event, resource };
}

const deadlock: Incident = {
  id: 'deadlock-node1-cluster-name-20240301t200758025z',
  kind: 'deadlock',
  severity: 'critical',
  title: 'LooksAlive deadlock of Cluster Name',
  node: 'NODE1',
  resource: 'Cluster Name',
  resourceType: 'Network Name',
  group: 'Cluster Group',
  dll: 'clusres.dll',
  entryPoint: 'LooksAlive',
  rhsPid: 0xf1c,
  startedAt: '2024-03-01T20:02:58.009Z',
  startedFrom: 'stuck-thread-last-line',
  detectedAt: '2024-03-01T20:07:58.025Z',
  timeoutMs: 300_000,
  overrunMs: 16,
  activity:
    'LooksAlive of a Network Name checks that its DNS registration is current; it blocks while the DNS server does not answer.',
  outcome: 'restarted-separate-monitor',
  outcomeDetail: 'now hosted by RHS process 0x2a4',
  failedOverTo: null,
  collateral: ['File Server (FS01)', HOSTILE_NAME, 'IP Address 10.0.0.50'],
  escalation: ['Second deadlock of this resource within 1h; a third in the failover period leaves Cluster Group failed (event 1254).'],
  rootCause: {
    category: 'dns',
    confidence: 0.82,
    summary: 'The DNS server 10.0.0.2 did not answer the Network Name health check; the call blocked until the deadlock timeout.',
    rules: ['dns', 'network'],
    evidence: [
      {
        at: '2024-03-01T20:03:01.120Z',
        node: 'NODE1',
        text: "[RES] Network Name <Cluster Name>: Dns: HealthCheck: DnsQuery for 'CLUSTER01' failed with error 1460 (ERROR_TIMEOUT) after 15000 ms",
        source: { file: NODE1_LOG, line: 48_213 },
        signature: 'dns/health-check-timeout',
        note: 'The Network Name health check waited on DNS.',
      },
      {
        at: '2024-03-01T20:04:10.000Z',
        node: 'NODE1',
        text:
          "Cluster network name resource 'Cluster Name' failed registration of one or more associated DNS name(s) for the following reason:\nDNS server failure. ``` fence-like `backticks` |pipe|",
        source: { file: SYSTEM, line: 17 },
        signature: 'dns/registration-failed',
        note: 'Event 1196: the DNS server returned SERVFAIL (9002).',
      },
    ],
  },
  recommendations: [
    'Check DNS server 10.0.0.2 at 20:03Z: query latency, dynamic-update failures, forwarders.',
    'Verify the CNO CLUSTER01$ may update its A record (secure zone ACL).',
    `Move collateral resources (${HOSTILE_NAME}) out of the shared monitor only after the DNS fault is fixed.`,
  ],
  timeline: [
    step('2024-03-01T20:02:58.009Z', 'NODE1', NODE1_LOG, 48_190, 'res.message', 'Cluster Name', '[RES] Network Name <Cluster Name>: Dns: HealthCheck: starting check for CLUSTER01'),
    step('2024-03-01T20:03:01.120Z', 'NODE1', NODE1_LOG, 48_213, 'res.message', 'Cluster Name', "[RES] Network Name <Cluster Name>: Dns: HealthCheck: DnsQuery for 'CLUSTER01' failed with error 1460"),
    step('2024-03-01T20:04:10.000Z', 'NODE1', SYSTEM, 17, 'eventlog.1196', 'Cluster Name', "Cluster network name resource 'Cluster Name' failed registration of one or more associated DNS name(s)."),
    step('2024-03-01T20:07:58.025Z', 'NODE1', NODE1_LOG, 51_877, 'rhs.call-timeout', 'Cluster Name', "RhsCall::DeadlockMonitor: Call LOOKSALIVE timed out by 16 milliseconds for resource 'Cluster Name'."),
    step('2024-03-01T20:07:58.026Z', 'NODE1', NODE1_LOG, 51_878, 'rhs.deadlock-handling', 'Cluster Name', 'Resource Cluster Name handling deadlock. Cleaning current operation and terminating RHS process.'),
    step('2024-03-01T20:07:58.275Z', 'NODE1', NODE1_LOG, 51_881, 'rhs.wer-report', null, 'WER report is submitted. Result : WerReportQueued.'),
    step('2024-03-01T20:07:59.300Z', 'NODE1', NODE1_LOG, 51_902, 'rcm.crashed-or-deadlocked', 'Cluster Name', "rcm::RcmResource::HandleMonitorReply: Resource 'Cluster Name' has crashed or deadlocked; marking it to run in a separate monitor."),
    step('2024-03-01T20:08:00.000Z', 'NODE1', SYSTEM, 18, 'eventlog.1230', 'Cluster Name', "A component on the server did not respond in a timely fashion. This caused the cluster resource 'Cluster Name' (resource type 'Network Name', DLL 'clusres.dll') to exceed its time-out threshold."),
    step('2024-03-01T20:08:00.000Z', 'NODE1', SYSTEM, 19, 'eventlog.1146', null, 'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted.'),
    step('2024-03-01T20:08:01.410Z', 'NODE1', NODE1_LOG, 51_950, 'rcm.monitor-restart', HOSTILE_NAME, `rcm::RcmMonitor::RestartResources: Monitor restart for resource ${HOSTILE_NAME}`),
    step('2024-03-01T20:08:10.025Z', 'NODE1', NODE1_LOG, 52_004, 'rcm.separate-monitor-changed', 'Cluster Name', "Separate monitor flag has changed for resource 'Cluster Name'.  Now hosted by RHS process 676"),
    step('2024-03-01T20:08:10.530Z', 'NODE1', NODE1_LOG, 52_011, 'rhs.resource-online', 'Cluster Name', 'Resource Cluster Name has come online. RHS is about to report status change to RCM'),
  ],
};

const nodeDown: Incident = {
  id: 'node-down-node2-20240301t203115400z',
  kind: 'node-down',
  severity: 'error',
  title: 'NODE2 removed from membership',
  node: 'NODE2',
  resource: null,
  resourceType: null,
  group: 'SQLAG01',
  dll: null,
  entryPoint: null,
  rhsPid: null,
  startedAt: '2024-03-01T20:31:05.380Z',
  startedFrom: 'first-missed-heartbeat',
  detectedAt: '2024-03-01T20:31:15.400Z',
  timeoutMs: 10_000,
  overrunMs: null,
  activity: null,
  outcome: 'failed-over',
  outcomeDetail: 'SQLAG01 moved (MoveType::NodeDown)',
  failedOverTo: 'NODE1',
  collateral: ['SQLAG01'],
  escalation: [],
  rootCause: {
    category: 'network',
    confidence: 0.74,
    summary: 'Heartbeats between NODE1 and NODE2 stopped on every route for 10 s (SameSubnetThreshold 10).',
    rules: ['network'],
    evidence: [
      {
        at: '2024-03-01T20:31:07.390Z',
        node: 'NODE1',
        text: '[IM] got event: LocalEndpoint 10.0.0.11:~3343~ has missed two consecutive heartbeats from 10.0.0.12:~3343~',
        source: { file: NODE1_LOG, line: 60_114 },
        signature: 'network/missed-heartbeats',
        note: null,
      },
    ],
  },
  recommendations: ['Check the NIC, switch ports and driver updates of NODE2 around 20:31Z.'],
  timeline: [
    step('2024-03-01T20:31:07.390Z', 'NODE1', NODE1_LOG, 60_114, 'net.missed-heartbeats', null, '[IM] got event: LocalEndpoint 10.0.0.11:~3343~ has missed two consecutive heartbeats from 10.0.0.12:~3343~'),
    step('2024-03-01T20:31:14.900Z', 'NODE1', NODE1_LOG, 60_160, 'net.all-routes-down', null, '[NDP] All routes for route (virtual) local fe80::1:~0~ to remote fe80::2:~0~ are down'),
    step('2024-03-01T20:31:15.400Z', 'NODE1', NODE1_LOG, 60_171, 'node.connection-broken', null, "[NODE] Node 1: Connection to Node 2 is broken. Reason GracefulClose(1226)' because of 'channel to remote endpoint 10.0.0.12:~3343~ is closed'"),
    step('2024-03-01T20:31:15.650Z', 'NODE1', NODE1_LOG, 60_190, 'node.new-view', null, '[CORE] Node 1: New View is <ViewChanged joiners=() downers=(2) newView=1e(1) oldView=1f(1 2)/>'),
    step('2024-03-01T20:31:16.000Z', 'NODE1', SYSTEM, 31, 'eventlog.1135', null, "Cluster node 'NODE2' was removed from the active failover cluster membership."),
    step('2024-03-01T20:31:18.210Z', 'NODE1', NODE1_LOG, 60_244, 'rcm.group-move', 'SQLAG01', 'move of group SQLAG01 from NODE2(2) to NODE1(1) of type MoveType::NodeDown is about to succeed, failoverCount=0'),
  ],
};

const quorumLoss: Incident = {
  id: 'quorum-loss-node2-20240301t203120100z',
  kind: 'quorum-loss',
  severity: 'critical',
  title: 'Quorum lost on NODE2',
  node: 'NODE2',
  resource: null,
  resourceType: null,
  group: null,
  dll: null,
  entryPoint: null,
  rhsPid: null,
  startedAt: null,
  startedFrom: null,
  detectedAt: '2024-03-01T20:31:20.100Z',
  timeoutMs: null,
  overrunMs: null,
  activity: null,
  outcome: 'cluster-service-stopped',
  outcomeDetail: null,
  failedOverTo: null,
  collateral: [],
  escalation: ['The Cluster service on NODE2 stopped (event 1177); it restarts and tries to join again.'],
  rootCause: {
    category: 'unknown',
    confidence: 0.3,
    summary: 'NODE2 was isolated and could not reach the file share witness.',
    rules: [],
    evidence: [],
  },
  recommendations: [],
  timeline: [
    step('2024-03-01T20:31:20.100Z', 'NODE2', NODE2_LOG, 71_002, 'quorum.lost', null, '[QUORUM] Node 2: Lost quorum (1)'),
    step('2024-03-01T20:31:20.350Z', 'NODE2', NODE2_LOG, 71_010, 'clussvc.stopping', null, '[CS] Service Stopping...'),
    step(null, 'NODE2', NODE2_LOG, 71_011, 'generic', null, '(continuation without a time)'),
  ],
};

export function sampleReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'wsfc-forensics', version: '0.0.0-test' },
    inputs: [
      {
        path: NODE1_LOG,
        kind: 'cluster-log',
        format: 'cluster-log',
        dialect: '2016+',
        node: 'NODE1',
        nodeFrom: 'header',
        encoding: 'utf-16le',
        bytes: 25_165_824,
        records: 120_450,
        unparsed: 3,
        timeRange: { from: '2024-03-01T19:58:01.000Z', to: '2024-03-01T20:45:10.221Z' },
        zone: { basis: 'utc', offsetMinutes: 0, how: '2016+ header: UTC' },
        notes: [],
      },
      {
        path: NODE2_LOG,
        kind: 'cluster-log',
        format: 'cluster-log',
        dialect: '2016+',
        node: 'NODE2',
        nodeFrom: 'header',
        encoding: 'utf-16le',
        bytes: 20_971_520,
        records: 98_211,
        unparsed: 2,
        timeRange: { from: '2024-03-01T19:58:03.112Z', to: '2024-03-01T20:31:20.351Z' },
        zone: { basis: 'utc', offsetMinutes: 0, how: '2016+ header: UTC' },
        notes: [],
      },
      {
        path: NODE3_LOG,
        kind: 'cluster-log',
        format: 'cluster-log',
        dialect: '2008 R2–2012 R2',
        node: 'NODE3',
        nodeFrom: 'file name',
        encoding: 'utf-8',
        bytes: 1_048_576,
        records: 8_022,
        unparsed: 0,
        timeRange: { from: '2024-03-01T19:58:02.500Z', to: '2024-03-01T20:45:09.000Z' },
        zone: { basis: 'utc', offsetMinutes: 0, how: 'cluster.log default (no header)' },
        notes: [],
      },
      {
        path: SYSTEM,
        kind: 'event-log',
        format: 'eventlog-csv',
        dialect: 'M/d/yyyy h:mm:ss tt',
        node: 'NODE1',
        nodeFrom: 'computer field',
        encoding: 'utf-8 (BOM)',
        bytes: 183_402,
        records: 412,
        unparsed: 0,
        timeRange: { from: '2024-03-01T19:00:00.000Z', to: '2024-03-01T21:00:00.000Z' },
        zone: { basis: 'local', offsetMinutes: -60, how: '--event-tz Europe/Berlin' },
        notes: ['date format assumed M/d/yyyy (no day above 12)'],
      },
    ],
    skipped: [{ path: `${LOGS}\\readme.txt`, reason: 'not a cluster log or event export (no reader matched the first 200 lines)' }],
    diagnostics: [
      { level: 'warning', code: 'bad-record', file: NODE2_LOG, line: 48_812, message: 'line longer than 1 MiB, cut' },
      { level: 'info', code: 'clock-skew', file: null, line: null, message: 'NODE2 clock is 2.3 s ahead of NODE1 (aligned on 1135/NetFT)' },
    ],
    incidents: [nodeDown, deadlock, quorumLoss],
    summary: {
      incidents: 3,
      byKind: { 'node-down': 1, deadlock: 1, 'quorum-loss': 1 },
      bySeverity: { error: 1, critical: 2 },
      byNode: { NODE2: 2, NODE1: 1 },
      byResource: { 'Cluster Name': 1, [HOSTILE_NAME]: 1 },
      recordsRead: 227_095,
      recordsUnparsed: 5,
    },
  };
}

/** The same inputs, nothing found. */
export function emptyReport(): Report {
  const report = sampleReport();
  return {
    ...report,
    incidents: [],
    summary: { ...report.summary, incidents: 0, byKind: {}, bySeverity: {}, byNode: {}, byResource: {} },
  };
}
