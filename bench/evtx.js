#!/usr/bin/env node
// Throughput of the .evtx reader and of `analyze` on a large generated System.evtx, with libevtx's
// evtxexport measured on the same file in the same run. Run `npm run build` first.
//
//   node bench/evtx.js [--size-mb N] [--fresh]     (default 256 MB; --fresh rebuilds the file)
//
// The file is written once with the EVTX writer (dist/parse/evtx/writer.js) into bench/.data/evtx/
// and reused while its size and the generator version match. Every measurement runs in its own
// process (wall time, peak RSS), so one does not warm up or fill the heap of the next.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rng } from './rng.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'parse', 'evtx');
const DATA = join(ROOT, 'bench', '.data', 'evtx');
const COLLECTION = join(DATA, 'collection');
const FILE = join(COLLECTION, 'System.evtx');
const META = join(DATA, 'meta.json');
const BIN = join(ROOT, 'bin', 'wsfc-forensics.js');
const MB = 1024 * 1024;
/** Bump when the generated content changes, so that a cached file is rebuilt. */
const GENERATOR_VERSION = 1;
/** Published single-thread figure of the Rust `evtx` crate (not measured here). */
const RUST_EVTX_MBPS = 420;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const FC = 'Microsoft-Windows-FailoverClustering';

// ---------------------------------------------------------------- generator


const SCM = { provider: 'Service Control Manager', providerGuid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}', eventSourceName: 'Service Control Manager', qualifiers: 16384 };
const SERVICES = ['Windows Update', 'Background Intelligent Transfer Service', 'WinHTTP Web Proxy Auto-Discovery Service', 'Device Setup Manager', 'Windows Modules Installer', 'Software Protection', 'Windows Defender Antivirus Service'];
const STATES = ['running', 'stopped'];

/**
 * A System log's usual mix (shares from real System logs of servers): kernel, Windows Update,
 * service state changes, NIC driver link events, DNS client, time service, DCOM, power, PnP,
 * group policy, ... and about one record in a hundred from FailoverClustering.
 */
const MIX = [
  [24, (r, pick) => ({ provider: 'Microsoft-Windows-Kernel-General', eventId: pick([16, 12, 13, 1]), level: 4, data: { FinalNameLength: String(40 + Math.floor(r() * 30)), HiveName: `\\??\\C:\\Windows\\ServiceProfiles\\NetworkService\\NTUSER.DAT.${Math.floor(r() * 1e6)}` } })],
  [15, (r, pick) => ({ ...SCM, eventId: 7036, level: 4, data: { param1: pick(SERVICES), param2: pick(STATES) }, binary: '570069006E0064006F0077007300' })],
  [2, (r, pick) => ({ ...SCM, eventId: 7040, level: 4, data: { param1: pick(SERVICES), param2: 'demand start', param3: 'auto start', param4: 'BITS' } })],
  [10, (r) => ({ provider: 'Microsoft-Windows-WindowsUpdateClient', eventId: 19, level: 4, data: { updateTitle: `Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.${300 + Math.floor(r() * 99)}.${Math.floor(r() * 9999)}.0)`, updateGuid: '{2A8F7B2C-9D1E-4C3B-8F6A-1B2C3D4E5F60}', updateRevisionNumber: '200' } })],
  [8, (r) => ({ provider: 'e1iexpress', eventId: r() < 0.5 ? 27 : 32, level: r() < 0.5 ? 3 : 4, layout: 'nested', data: { '1': '\\Device\\NDMP3', '2': 'Intel(R) Ethernet Connection I217-LM' } })],
  [6, (r) => ({ provider: 'Microsoft-Windows-DNS-Client', eventId: 1014, level: 3, data: { QueryName: `host${Math.floor(r() * 500)}.contoso.com`, AddressLength: '128', Address: '02000035C0A80A0A0000000000000000' } })],
  [5, () => ({ provider: 'Microsoft-Windows-Time-Service', eventId: 37, level: 4, data: { TimeSource: 'DC01.contoso.com (ntp.d|10.0.0.5:123->10.0.0.10:123)' } })],
  [5, (r) => ({ provider: 'Microsoft-Windows-DistributedCOM', eventId: 10016, level: 3, data: { param1: 'application-specific', param2: 'Local', param3: 'Activation', param4: '{D63B10C5-BB46-4990-A94F-E40B9D520160}', param5: '{9CA88EE3-ACB7-47C8-AFC4-AB702511C276}', param6: 'NT AUTHORITY', param7: 'SYSTEM', param8: 'S-1-5-18', param9: 'LocalHost (Using LRPC)', param10: 'Unavailable', param11: `Unavailable${Math.floor(r() * 10)}` } })],
  [4, (r) => ({ provider: 'Microsoft-Windows-Kernel-Processor-Power', eventId: 55, level: 4, data: { Group: '0', Number: String(Math.floor(r() * 16)), IdleStateCount: '1', PerformanceStateCount: '1', ThrottleStateCount: '0' } })],
  [3, () => ({ provider: 'Microsoft-Windows-UserPnp', eventId: 20001, level: 4, data: { DriverName: 'netvsc.inf', DriverVersion: '10.0.17763.1', DriverProvider: 'Microsoft', DeviceInstanceID: 'VMBUS\\{F8615163-DF3E-46C5-913F-F2D2F965ED0E}' } })],
  [3, (r) => ({ provider: 'Microsoft-Windows-FilterManager', eventId: 6, level: 4, data: { FinalStatus: '0x0', DeviceVersionMajor: '2', DeviceVersionMinor: '0', DeviceNameLength: '15', DeviceName: `\\Device\\WcnfsF${Math.floor(r() * 9)}` } })],
  [2, () => ({ provider: 'Microsoft-Windows-Kernel-Power', eventId: 105, level: 4, data: { AcOnline: 'true', RemainingCapacity: '0', FullChargeCapacity: '0' } })],
  [2, () => ({ provider: 'Microsoft-Windows-Dhcp-Client', eventId: 50036, level: 4, data: { HRESULT: '0', InterfaceGuid: '{6B9B3D8C-2C1A-4A3E-9F7B-1D2E3F4A5B6C}' } })],
  [2, (r) => ({ provider: 'EventLog', eventId: 6013, level: 4, layout: 'nested', data: { '1': String(Math.floor(r() * 1e7)), '2': '60', '3': '-60 Coordinated Universal Time' } })],
  [2, (r) => ({ provider: 'Microsoft-Windows-GroupPolicy', eventId: 1502, level: 4, data: { SupportInfo1: '1', SupportInfo2: '5012', ProcessingMode: '0', ProcessingTimeInMilliseconds: String(Math.floor(r() * 3000)), NumberOfGroupPolicyObjects: '3' } })],
  [1.5, () => ({ provider: 'Microsoft-Windows-Ntfs', eventId: 98, level: 4, data: { DriveName: 'C:', DeviceName: '\\Device\\HarddiskVolume4', CorruptionState: '0x0' } })],
  [1.5, (r) => ({ provider: 'Microsoft-Windows-Winlogon', eventId: r() < 0.5 ? 7001 : 7002, level: 4, layout: 'userdata', data: { TSId: '2', UserSid: 'S-1-5-21-1004336348-1177238915-682003330-1105' } })],
  [1, () => ({ provider: 'Microsoft-Windows-Hyper-V-VmSwitch', eventId: 233, level: 4, data: { NicNameLen: '36', NicName: 'E3C6C5E2-8D0F-4B3C-9A1E-2F3D4C5B6A79', Operation: 'Create' } })],
  [0.5, () => ({ provider: 'Microsoft-Windows-Security-Kerberos', eventId: 4, level: 2, layout: 'nested', data: { '1': 'contoso\\svc-sql', '2': 'CONTOSO.COM', '3': 'MSSQLSvc/sql01.contoso.com:1433' } })],
  [0.3, () => ({ provider: 'NETLOGON', eventId: 5719, level: 2, layout: 'nested', data: { '1': 'CONTOSO', '2': '%%1311' }, binary: '5E0000C0' })],
  [0.2, () => ({ provider: 'storvsc', eventId: 129, level: 3, layout: 'nested', data: { '1': '\\Device\\RaidPort1' }, binary: '0F0018000100' })],
  [0.6, (r, pick) => ({ provider: FC, eventId: 1641, level: 4, task: 3, data: { GroupName: pick(['SQL Server (MSSQLSERVER)', 'Cluster Group', 'VM01']), SourceNode: 'NODE2', DestinationNode: 'NODE1' } })],
  [0.4, (r, pick) => ({ provider: FC, eventId: 1201, level: 4, task: 3, data: { GroupName: pick(['SQL Server (MSSQLSERVER)', 'Cluster Group', 'VM01']) } })],
];
const MIX_TOTAL = MIX.reduce((n, [w]) => n + w, 0);

/** A deadlock story every this many records: 1579, then 1230, 1146 and the 1069s five minutes later. */
const STORY_EVERY = 50_000;

function story(t) {
  const d = { ResourceName: 'Cluster Name', ResourceType: 'Network Name', ResourceDll: 'clusres.dll' };
  return [
    [t, { provider: FC, eventId: 1579, level: 3, task: 3, data: { ResourceName: 'Cluster Name', Name: 'CLU01', ErrorCode: '9002', AdapterName: 'Cluster Network 1' } }],
    [t + 300_000, { provider: FC, eventId: 1230, level: 2, task: 3, data: d }],
    [t + 301_000, { provider: FC, eventId: 1146, level: 1, task: 3, data: {} }],
    [t + 301_500, { provider: FC, eventId: 1069, level: 2, task: 3, data: { ResourceName: 'Cluster Name', ResourceGroup: 'Cluster Group', ResTypeName: 'Network Name' } }],
    [t + 301_600, { provider: FC, eventId: 1069, level: 2, task: 3, data: { ResourceName: 'Cluster IP Address', ResourceGroup: 'Cluster Group', ResTypeName: 'IP Address' } }],
  ];
}

async function generate(sizeMb) {
  const { EvtxChunkWriter, evtxFileHeader, FILE_HEADER_SIZE } = await import(pathToFileURL(join(DIST, 'writer.js')).href);
  mkdirSync(COLLECTION, { recursive: true });
  const r = rng(0x5eed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const choose = () => {
    let x = r() * MIX_TOTAL;
    for (const [w, make] of MIX) {
      x -= w;
      if (x < 0) return make;
    }
    return MIX[0][1];
  };
  const target = sizeMb * MB;
  const writer = new EvtxChunkWriter({ trackLocations: false });
  const fd = openSync(FILE, 'w');
  writeSync(fd, Buffer.alloc(FILE_HEADER_SIZE));
  let written = FILE_HEADER_SIZE;
  let id = 1;
  let t = Date.parse('2024-01-01T00:00:00Z');
  const pending = [];
  const started = process.hrtime.bigint();
  const put = (time, spec) => {
    const chunk = writer.add({ computer: 'NODE1.contoso.com', channel: 'System', ...spec, recordId: id++, time });
    if (chunk !== null) {
      writeSync(fd, chunk);
      written += chunk.length;
    }
  };
  while (written < target) {
    t += Math.floor(r() * 4000);
    if (id % STORY_EVERY === 0) pending.push(...story(t));
    while (pending.length > 0 && pending[0][0] <= t) {
      const [time, spec] = pending.shift();
      put(time, spec);
    }
    put(t, choose()(r, pick));
  }
  const last = writer.finish();
  if (last !== null) writeSync(fd, last);
  writeSync(fd, evtxFileHeader({ chunkCount: writer.chunks, nextRecordId: writer.nextRecordId }), 0, FILE_HEADER_SIZE, 0);
  closeSync(fd);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const meta = { version: GENERATOR_VERSION, sizeMb, records: id - 1, chunks: writer.chunks, bytes: statSync(FILE).size };
  writeFileSync(META, JSON.stringify(meta));
  console.log(`  wrote ${fmt(meta.bytes / MB)} MB, ${meta.records} records, ${meta.chunks} chunks in ${fmt(seconds, 1)} s`);
  return meta;
}

function cached(sizeMb) {
  if (!existsSync(META) || !existsSync(FILE)) return null;
  try {
    const meta = JSON.parse(readFileSync(META, 'utf8'));
    return meta.version === GENERATOR_VERSION && meta.sizeMb === sizeMb && statSync(FILE).size === meta.bytes ? meta : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- child: one reader run

const MODES = {
  full: () => ({}),
  analysis: (m) => m.ANALYSIS_FILTER,
  'fc-ids': () => ({ providers: new Set([FC]), eventIds: new Set([1069, 1146, 1230]) }),
};

async function child(mode, file) {
  const m = await import(pathToFileURL(join(DIST, 'index.js')).href);
  const state = { node: 'bench', nodeFrom: 'file name (fallback)', dialect: null, zone: { basis: 'unknown', offsetMinutes: null, how: '' }, records: 0, unparsed: 0, firstUtcMs: null, lastUtcMs: null, notes: [] };
  let diagnostics = 0;
  const ctx = { file, options: {}, state, diagnostic: () => diagnostics++ };
  let events = 0;
  const started = process.hrtime.bigint();
  for await (const batch of m.readEvtx(createReadStream(file, { highWaterMark: MB }), ctx, MODES[mode](m))) events += batch.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ records: state.records, events, unparsed: state.unparsed, diagnostics, seconds }));
}

// ---------------------------------------------------------------- measuring

function fmt(n, d = 1) {
  return Number.isFinite(n) ? n.toFixed(d) : 'n/a';
}

/**
 * Runs a command; wall time from here, CPU time (user + system) and peak RSS from /usr/bin/time -v
 * when present. CPU time is the steadier figure on a shared machine.
 */
function measure(argv, { stdoutFile = null } = {}) {
  return new Promise((done) => {
    const full = TIME !== null ? [TIME, '-v', ...argv] : argv;
    const out = stdoutFile !== null ? openSync(stdoutFile, 'w') : 'pipe';
    const started = process.hrtime.bigint();
    const p = spawn(full[0], full.slice(1), { stdio: ['ignore', out, 'pipe'], cwd: ROOT });
    let stdout = '';
    let stderr = '';
    if (stdoutFile === null) p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19));
    });
    p.on('close', (code) => {
      if (typeof out === 'number') closeSync(out);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const cpu = user && sys ? Number(user[1]) + Number(sys[1]) : NaN;
      done({ code, seconds, cpu, rssMb: rss ? Number(rss[1]) / 1024 : NaN, stdout, stderr });
    });
  });
}

function tool(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim() || null;
}

/**
 * Measures the reader (full, analysis filter, FailoverClustering-only), `analyze` and evtxexport on
 * one generated file and prints one table. Exported for bench/run.js.
 */
export async function benchEvtx({ sizeMb = 256 } = {}) {
  if (!existsSync(join(DIST, 'writer.js')) || !existsSync(BIN)) {
    console.error('bench/evtx.js: build first (npm run build)');
    return null;
  }
  console.log(`\n== .evtx: ${sizeMb} MB generated System log, node ${process.version}`);
  const meta = cached(sizeMb) ?? (console.log(`  generating ${FILE} ...`), await generate(sizeMb));
  const mb = meta.bytes / MB;
  console.log(`  ${FILE}: ${fmt(mb)} MB, ${meta.records} records, ${meta.chunks} chunks`);

  const rows = [];
  for (const [mode, title] of [
    ['full', 'reader, full read'],
    ['analysis', 'reader, analysis filter (ANALYSIS_FILTER)'],
    ['fc-ids', 'reader, FailoverClustering 1069/1146/1230 only'],
  ]) {
    const r = await measure([process.execPath, fileURLToPath(import.meta.url), '--child', mode, FILE]);
    const out = r.code === 0 ? JSON.parse(r.stdout) : null;
    if (out === null) console.log(`  ${title}: failed (${r.stderr.split('\n').slice(-3).join(' | ')})`);
    rows.push({ title, r, records: out?.records ?? NaN, note: out ? `${out.events} decoded; ${fmt(mb / out.seconds, 0)} MB/s without process start` : '' });
  }

  const report = join(DATA, 'report.json');
  const a = await measure([process.execPath, BIN, 'analyze', COLLECTION, '--format', 'json'], { stdoutFile: report });
  let note = '';
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    const input = json.inputs.find((i) => i.format === 'evtx');
    const filtered = (input?.notes ?? []).some((n) => /analysis filter/.test(n));
    note = `${json.incidents.length} incidents; ${filtered ? 'analysis filter on' : 'no filter in read.ts'}`;
  } catch {
    note = `exit ${a.code}: ${a.stderr.split('\n').filter((l) => l && !/^\s/.test(l)).slice(0, 2).join(' | ')}`;
  }
  rows.push({ title: 'analyze --format json (folder with the file)', r: a, records: meta.records, note });

  const evtxexport = tool('evtxexport');
  let floor = null;
  if (evtxexport !== null) {
    const e = await measure(['sh', '-c', `${evtxexport} -f xml '${FILE}' > /dev/null`]);
    floor = mb / e.seconds;
    rows.push({ title: 'evtxexport -f xml (libevtx, C)', r: e, records: meta.records, note: e.code === 0 ? '' : `exit ${e.code}` });
  } else {
    console.log('  evtxexport not installed (apt-get install libevtx-utils): no floor measured');
  }

  console.log(
    `  ${'what'.padEnd(50)} ${'wall s'.padStart(7)} ${'MB/s'.padStart(6)} ${'k rec/s'.padStart(8)} ${'CPU s'.padStart(6)} ${'MB/CPU-s'.padStart(9)} ${'RSS MB'.padStart(7)} ${'x evtxexport'.padStart(12)} ${'of Rust ref'.padStart(11)}  note`,
  );
  const floorCpu = floor !== null ? mb / rows[rows.length - 1].r.cpu : NaN;
  for (const { title, r, records, note: n } of rows) {
    const mbps = mb / r.seconds;
    const perCpu = mb / r.cpu;
    const vsFloor = floor !== null ? `${fmt(mbps / floor, 1)} (${fmt(perCpu / floorCpu, 1)})` : 'n/a';
    console.log(
      `  ${title.padEnd(50)} ${fmt(r.seconds, 2).padStart(7)} ${fmt(mbps, 0).padStart(6)} ${fmt(records / r.seconds / 1000, 0).padStart(8)} ${fmt(r.cpu, 2).padStart(6)} ${fmt(perCpu, 0).padStart(9)} ${fmt(r.rssMb, 0).padStart(7)} ${vsFloor.padStart(12)} ${`${fmt((perCpu / RUST_EVTX_MBPS) * 100, 0)}%`.padStart(11)}  ${n}`,
    );
  }
  console.log(`  ${'Rust evtx crate, 1 thread (published, not measured)'.padEnd(50)} ${''.padStart(7)} ${`~${RUST_EVTX_MBPS}`.padStart(6)}`);
  console.log('  (wall time includes process start; x evtxexport = wall MB/s over evtxexport\'s, in brackets per CPU second; of Rust ref: MB per CPU second;');
  console.log('   evtxexport 20181227 leaves out records that end exactly at the end of their chunk, which python-evtx and this reader read)');
  return {
    mb,
    records: meta.records,
    rows: rows.map(({ title, r, records }) => ({ title, seconds: r.seconds, cpuSeconds: r.cpu, mbps: mb / r.seconds, recordsPerSecond: records / r.seconds, rssMb: r.rssMb })),
    floorMbps: floor,
  };
}

const invoked = process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (invoked) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    child(args[1], args[2]).catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
  } else {
    const at = args.indexOf('--size-mb');
    const sizeMb = at >= 0 ? Number(args[at + 1]) : 256;
    if (!Number.isFinite(sizeMb) || sizeMb <= 0) {
      console.error('usage: node bench/evtx.js [--size-mb N]');
      process.exitCode = 2;
    } else {
      if (args.includes('--fresh')) rmSync(DATA, { recursive: true, force: true });
      benchEvtx({ sizeMb }).then((r) => {
        if (r === null) process.exitCode = 2;
      });
    }
  }
}
