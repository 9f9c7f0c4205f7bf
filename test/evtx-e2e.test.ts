/**
 * Seed scenarios with their System events supplied as .evtx: each collection is the fixture's
 * cluster logs plus a System.evtx written with the EVTX writer (the events of the fixture's own
 * export, in UTC, among unrelated records of other providers). The built CLI must report the
 * incidents of the fixture's expected.json, with the .evtx records in the deadlock's timeline.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvtx, type EvtxTestRecord, type EvtxWriteOptions } from './helpers/evtx-writer.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'wsfc-forensics.js');
const FC = 'Microsoft-Windows-FailoverClustering';
const SCM = 'Service Control Manager';
const SCM_GUID = '{555908D1-A6D7-4695-8E1E-26931D2012F4}';
const FC_GUID = '{BAF908EA-3421-4CA9-9B84-6689B8C6F85F}';

const CRIT = 1;
const ERR = 2;
const WARN = 3;
const INFO = 4;

interface ExpectedIncident {
  readonly kind: string;
  readonly resource: string | null;
  readonly entryPoint?: string;
  readonly rootCause?: readonly string[];
  readonly collateral?: readonly string[];
}

interface Expected {
  readonly incidents: readonly ExpectedIncident[];
  readonly maxIncidents?: number;
}

interface Report {
  readonly inputs: readonly {
    path: string;
    kind: string;
    format: string;
    encoding: string;
    node: string;
    records: number;
    unparsed: number;
    zone: { basis: string };
    notes: readonly string[];
  }[];
  readonly diagnostics: readonly { level: string; code: string; file: string | null; message: string }[];
  readonly incidents: readonly {
    kind: string;
    resource: string | null;
    entryPoint?: string | null;
    collateral?: readonly string[];
    rootCause?: { category?: string };
    timeline?: readonly { source?: { file?: string } }[];
  }[];
}

/** One event of a scenario: time in UTC, the rest as Windows writes the record. */
type Spec = Omit<EvtxTestRecord, 'recordId' | 'computer' | 'channel'>;

const fc = (time: string, eventId: number, level: number, data: Record<string, string>): Spec => ({
  time, provider: FC, providerGuid: FC_GUID, eventId, level, task: 3, data,
});

/** Service Control Manager 7036, a classic source with named data and a binary blob. */
const scm = (time: string, service: string, state: string): Spec => ({
  time, provider: SCM, providerGuid: SCM_GUID, eventSourceName: SCM, qualifiers: 16384, eventId: 7036, level: INFO,
  data: { param1: service, param2: state }, binary: '570069006E0064006F0077007300',
});

/**
 * Unrelated records every `stepMs` over the window, from providers a System log is mostly made of,
 * including a Time-Service 129 (the id storport uses) and classic records with unnamed data.
 */
function noise(fromIso: string, toIso: string, stepMs: number): Spec[] {
  const kinds: ((t: number, i: number) => Spec)[] = [
    (t) => ({ time: t, provider: 'Microsoft-Windows-Kernel-General', eventId: 16, level: INFO, data: { FinalNameLength: '52', HiveName: '\\??\\C:\\Windows\\System32\\config\\COMPONENTS' } }),
    (t) => ({ time: t, provider: 'Microsoft-Windows-Time-Service', eventId: 37, level: INFO, data: { TimeSource: 'dc01.contoso.com,0x8 (ntp.m|0x8|0.0.0.0:123->10.0.0.5:123)' } }),
    (t, i) => ({ time: t, provider: 'Microsoft-Windows-WindowsUpdateClient', eventId: 19, level: INFO, data: { updateTitle: `Security Intelligence Update - KB2267602 (Version 1.305.${i})`, updateRevisionNumber: '200' } }),
    (t) => ({ time: t, provider: 'e1iexpress', eventId: 32, level: INFO, layout: 'nested', data: { '1': '\\Device\\NDMP3', '2': 'Intel(R) Ethernet Connection I217-LM' } }),
    (t) => ({ time: t, provider: 'Microsoft-Windows-Kernel-Processor-Power', eventId: 55, level: INFO, data: { Group: '0', Number: '3', IdleStateCount: '1' } }),
    (t) => ({ time: t, provider: 'Microsoft-Windows-Time-Service', eventId: 129, level: WARN, data: { ErrorMessage: 'The entry is not found. (0x800706E1)', RetryMinutes: '15' } }),
    (t) => ({ time: t, provider: 'Microsoft-Windows-DistributedCOM', eventId: 10016, level: WARN, data: { param1: 'application-specific', param2: 'Local', param3: 'Activation' } }),
    (t) => ({ time: t, provider: 'Microsoft-Windows-UserPnp', eventId: 20001, level: INFO, data: { DeviceInstanceID: 'ROOT\\LEGACY_NDPROXY\\0000', DriverProvider: 'Microsoft' } }),
  ];
  const out: Spec[] = [];
  const end = Date.parse(toIso);
  let i = 0;
  for (let t = Date.parse(fromIso); t <= end; t += stepMs, i++) out.push(kinds[i % kinds.length]!(t, i));
  return out;
}

/** Records in time order with ids from 1, as the System log numbers them. */
function records(specs: readonly Spec[], computer: string): EvtxTestRecord[] {
  const ms = (t: Spec['time']): number => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t));
  return [...specs]
    .sort((a, b) => ms(a.time) - ms(b.time))
    .map((s, i) => ({ ...s, recordId: 1001 + i, computer, channel: 'System' }));
}

/** Fixture 01 (2012 R2, HV12N1): the Event Viewer CSV's records, local EST + 5 h = UTC. */
const HV12N1_EVENTS: Spec[] = [
  scm('2019-11-06T14:33:53.120Z', 'Windows Update', 'running'),
  scm('2019-11-06T14:36:55.410Z', 'Windows Update', 'stopped'),
  fc('2019-11-06T16:36:43.210Z', 1196, ERR, { ResourceName: 'Cluster Name', ErrorString: 'DNS server failure.' }),
  fc('2019-11-06T16:36:43.220Z', 1579, WARN, { ResourceName: 'Cluster Name', Name: 'HVCLU12', ErrorCode: '9002', AdapterName: 'Cluster Network 1' }),
  {
    time: '2019-11-06T16:36:51.730Z', provider: 'Microsoft-Windows-DNS-Client', eventId: 1014, level: WARN, task: 1014,
    data: { QueryName: 'HVCLU12.tailspin.local', AddressLength: '128', Address: '02000035C0A80A0A0000000000000000' },
  },
  fc('2019-11-06T16:41:12.431Z', 1230, ERR, { ResourceName: 'Cluster Name', ResourceType: 'Network Name', ResourceDll: 'clusres.dll' }),
  fc('2019-11-06T16:41:13.510Z', 1146, CRIT, {}),
  fc('2019-11-06T16:41:13.540Z', 1069, ERR, { ResourceName: 'Cluster Name', ResourceGroup: 'Cluster Group', ResTypeName: 'Network Name' }),
  fc('2019-11-06T16:41:13.545Z', 1069, ERR, { ResourceName: 'Cluster IP Address', ResourceGroup: 'Cluster Group', ResTypeName: 'IP Address' }),
  scm('2019-11-06T17:00:07.300Z', 'Device Setup Manager', 'running'),
  scm('2019-11-06T17:02:35.900Z', 'Device Setup Manager', 'stopped'),
  scm('2019-11-06T17:30:20.050Z', 'WinHTTP Web Proxy Auto-Discovery Service', 'running'),
  scm('2019-11-06T17:35:18.600Z', 'WinHTTP Web Proxy Auto-Discovery Service', 'stopped'),
];

/** Fixture 02 (2008 R2, SQLN01): the pasted events, local EDT + 4 h = UTC; NETLOGON is a classic source. */
const SQLN01_EVENTS: Spec[] = [
  scm('2011-06-14T18:48:30.200Z', 'Device Setup Manager', 'running'),
  scm('2011-06-14T18:53:14.700Z', 'Device Setup Manager', 'stopped'),
  {
    time: '2011-06-14T19:07:23.880Z', provider: 'NETLOGON', eventId: 5719, level: ERR, qualifiers: 0, layout: 'nested',
    data: { '1': 'FABRIKAM', '2': 'There are currently no logon servers available to service the logon request.' }, binary: '5E0000C0',
  },
  fc('2011-06-14T19:12:41.120Z', 1230, ERR, { ResourceName: 'Cluster Name', ResourceType: 'Network Name', ResourceDll: 'clusres.dll' }),
  fc('2011-06-14T19:12:42.030Z', 1146, CRIT, {}),
  fc('2011-06-14T19:12:42.070Z', 1069, ERR, { ResourceName: 'Cluster Name', ResourceGroup: 'Cluster Group' }),
  fc('2011-06-14T19:12:42.072Z', 1069, ERR, { ResourceName: 'Cluster IP Address', ResourceGroup: 'Cluster Group' }),
  fc('2011-06-14T19:12:42.074Z', 1069, ERR, { ResourceName: 'Cluster Disk 1', ResourceGroup: 'Cluster Group' }),
  fc('2011-06-14T19:12:42.076Z', 1069, ERR, { ResourceName: 'Cluster Disk 4', ResourceGroup: 'Available Storage' }),
  scm('2011-06-14T19:41:32.500Z', 'Windows Update', 'running'),
  scm('2011-06-14T19:46:22.300Z', 'Windows Update', 'stopped'),
];

interface Scenario {
  readonly fixture: string;
  readonly computer: string;
  readonly records: EvtxTestRecord[];
}

const SCENARIOS: Record<'s01' | 's02', Scenario> = {
  s01: {
    fixture: '01-netname-isalive-dns-shared-rhs',
    computer: 'HV12N1.tailspin.local',
    records: records([...HV12N1_EVENTS, ...noise('2019-11-06T14:00:00.000Z', '2019-11-06T17:45:00.000Z', 45_000)], 'HV12N1.tailspin.local'),
  },
  s02: {
    fixture: '02-cluster-name-looksalive-deadlock-2008r2',
    computer: 'sqln01.fabrikam.com',
    records: records([...SQLN01_EVENTS, ...noise('2011-06-14T17:15:00.000Z', '2011-06-14T20:10:00.000Z', 40_000)], 'sqln01.fabrikam.com'),
  },
};

/** Small chunks, so that a file has several and damage can hit one. */
const RECORDS_PER_CHUNK = 40;

const dirs: string[] = [];

/** A temporary collection: the fixture's cluster logs and the .evtx under `evtxName`. */
function collection(s: Scenario, evtxName: string, options: EvtxWriteOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsfc-evtx-e2e-'));
  dirs.push(dir);
  const fixture = join(ROOT, 'fixtures', s.fixture);
  for (const f of readdirSync(fixture)) if (/_cluster\.log$/i.test(f)) copyFileSync(join(fixture, f), join(dir, f));
  writeFileSync(join(dir, evtxName), buildEvtx(s.records, { recordsPerChunk: RECORDS_PER_CHUNK, ...options }).bytes);
  return dir;
}

function analyze(dir: string): Report {
  let out: string;
  try {
    out = execFileSync(process.execPath, [BIN, 'analyze', dir, '--format', 'json'], {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    // A non-zero exit may only mean "incidents found"; the report is still on stdout.
    out = (e as { stdout?: string }).stdout ?? '';
    if (out.trim() === '') throw e;
  }
  return JSON.parse(out) as Report;
}

const same = (a: unknown, b: unknown): boolean => String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();

function expectedOf(s: Scenario): Expected {
  return JSON.parse(readFileSync(join(ROOT, 'fixtures', s.fixture, 'expected.json'), 'utf8')) as Expected;
}

/** The report's incidents are those of expected.json: kind, resource, entry point, an accepted root cause, collateral. */
function checkIncidents(report: Report, expected: Expected): void {
  const got = report.incidents.map((i) => `${i.kind} ${i.resource ?? '-'} (${i.entryPoint ?? '-'}, ${i.rootCause?.category ?? '-'})`);
  expect(report.incidents.map((i) => `${i.kind} ${i.resource}`).sort(), got.join('; ')).toEqual(
    expected.incidents.map((i) => `${i.kind} ${i.resource}`).sort(),
  );
  if (expected.maxIncidents !== undefined) expect(report.incidents.length).toBeLessThanOrEqual(expected.maxIncidents);
  for (const exp of expected.incidents) {
    const inc = report.incidents.find((i) => i.kind === exp.kind && same(i.resource, exp.resource));
    expect(inc, `${exp.kind} ${exp.resource}; got ${got.join('; ')}`).toBeDefined();
    if (inc === undefined) continue;
    if (exp.entryPoint !== undefined) expect(inc.entryPoint).toBe(exp.entryPoint);
    if (exp.rootCause !== undefined) expect(exp.rootCause, `root cause ${inc.rootCause?.category}`).toContain(inc.rootCause?.category);
    const missing = (exp.collateral ?? []).filter((r) => !(inc.collateral ?? []).some((c) => same(c, r)));
    expect(missing, `collateral ${JSON.stringify(inc.collateral)}`).toEqual([]);
  }
}

/** Basenames of the files the deadlock incident's timeline entries come from. */
function deadlockTimelineFiles(report: Report): Set<string> {
  const deadlock = report.incidents.find((i) => i.kind === 'deadlock');
  return new Set((deadlock?.timeline ?? []).map((t) => basename(String(t.source?.file ?? ''))));
}

function evtxInput(report: Report, name: string): Report['inputs'][number] {
  const input = report.inputs.find((i) => basename(i.path) === name);
  if (input === undefined) throw new Error(`${name} not among the inputs: ${report.inputs.map((i) => i.path).join(', ')}`);
  return input;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each([
  ['s01', 'HV12N1_cluster.log', 'HV12N1'],
  ['s02', 'SQLN01_cluster.log', 'SQLN01'],
] as const)('%s: cluster logs + System.evtx', (key, clusterLog, node) => {
  const s = SCENARIOS[key];
  let report: Report;

  beforeAll(() => {
    expect(existsSync(BIN), `${BIN} not found: run npm run build`).toBe(true);
    report = analyze(collection(s, 'System.evtx'));
  });

  it("reports the fixture's incidents", () => {
    checkIncidents(report, expectedOf(s));
  });

  it('puts records of both the cluster log and System.evtx in the deadlock timeline', () => {
    const files = deadlockTimelineFiles(report);
    expect([...files]).toContain(clusterLog);
    expect([...files]).toContain('System.evtx');
  });

  it('summarises the .evtx input: evtx, binary, event log, every record counted, UTC', () => {
    const input = evtxInput(report, 'System.evtx');
    expect(input).toMatchObject({ format: 'evtx', encoding: 'binary', kind: 'event-log', records: s.records.length, unparsed: 0, node });
    expect(input.zone.basis).toBe('utc');
  });
});

describe('s02 with the .evtx named System.log: recognised by content', () => {
  let report: Report;

  beforeAll(() => {
    report = analyze(collection(SCENARIOS.s02, 'System.log'));
  });

  it('reads it as an .evtx and finds the same incident', () => {
    expect(evtxInput(report, 'System.log')).toMatchObject({ format: 'evtx', encoding: 'binary', records: SCENARIOS.s02.records.length });
    checkIncidents(report, expectedOf(SCENARIOS.s02));
    expect([...deadlockTimelineFiles(report)]).toContain('System.log');
  });
});

describe('s01 with a damaged System.evtx', () => {
  const s = SCENARIOS.s01;
  const at = buildEvtx(s.records, { recordsPerChunk: RECORDS_PER_CHUNK }).locations;
  const id1230 = s.records.find((r) => r.eventId === 1230)!.recordId;
  const badChunk = at.get(id1230)!.chunk;
  // The first record of another chunk (not the first), cut in half: it holds template definitions that
  // later records of its chunk use, and those are found again among the templates of earlier chunks.
  const cut = s.records.find((r) => {
    const where = at.get(r.recordId)!;
    return where.offset === 512 && where.chunk > 0 && where.chunk !== badChunk && r.provider !== FC;
  })!.recordId;
  let report: Report;

  beforeAll(() => {
    report = analyze(collection(s, 'System.evtx', { damage: [{ kind: 'records-crc', chunk: badChunk }, { kind: 'cut-record', recordId: cut }] }));
  });

  it('still finds the incident, with the .evtx records in its timeline', () => {
    checkIncidents(report, expectedOf(s));
    expect([...deadlockTimelineFiles(report)]).toContain('System.evtx');
  });

  it('reports the bad checksum and the cut record with the file name, and counts the lost record', () => {
    const mine = report.diagnostics.filter((d) => basename(String(d.file ?? '')) === 'System.evtx');
    expect(mine.some((d) => d.code === 'bad-checksum' && /CRC32/.test(d.message)), JSON.stringify(mine)).toBe(true);
    expect(mine.some((d) => d.code === 'bad-record' && d.message.includes(`record ${cut}`)), JSON.stringify(mine)).toBe(true);
    const input = evtxInput(report, 'System.evtx');
    expect(input.unparsed).toBe(1);
    expect(input.records).toBe(s.records.length - 1);
  });
});
