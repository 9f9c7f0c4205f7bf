/**
 * Log text is untrusted. A cluster log and a System export whose resource names and messages carry
 * terminal escape sequences, hyperlinks, title changes, backspaces, carriage returns, C1 controls and
 * bidi controls go through the built CLI: the human formats must show them escaped (never raw), the
 * machine formats must keep them exactly, escaped in the bytes.
 *
 * The fixture bytes are written by `hostileFiles()` below, the readable source of truth; the committed
 * copies under test/fixtures/hostile/ must match it. After changing it, rewrite them with
 * `WRITE_HOSTILE_FIXTURES=1 npx vitest run test/hostile.test.ts`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'wsfc-forensics.js');
const BUILT = join(ROOT, 'dist', 'cli', 'run.js');
const DIR = 'test/fixtures/hostile';
const LOG = `${DIR}/HOSTILE1_cluster.log`;
const CSV = `${DIR}/HOSTILE1_System.csv`;

const ESC = '\x1b';
const BEL = '\x07';
const BS = '\b';
const CR = '\r';
const C1_CSI = '\u009b';
const RLO = '\u202e';
const LRI = '\u2066';
const PDI = '\u2069';

/** ANSI colour, erase screen, an OSC 8 hyperlink (ST-terminated), an OSC 0 title (BEL-terminated), backspaces, a C1 CSI, bidi override and isolate. */
const NAME =
  `Evil${ESC}[31mRed${ESC}[2J` +
  `${ESC}]8;;https://evil.example/${ESC}\\Click${ESC}]8;;${ESC}\\` +
  `${ESC}]0;pwned${BEL}${BS}${BS}X${C1_CSI}2J${RLO}cod.exe${LRI}iso${PDI}`;
const GROUP = `AppGroup${ESC}]8;;https://evil.example/g${BEL}link${ESC}]8;;${BEL}`;
const RES_TEXT = `IsAlive: waiting on ${ESC}]0;owned${BEL}share \\\\FS9\\app ${RLO}gnp.exe${BS}${BS}${BS}`;
/** A carriage return inside a line: a terminal would return to the start and overwrite what was printed. */
const CR_TEXT = `IsAlive: progress 10%${CR}progress 100% ${C1_CSI}31m done`;

function hostileFiles(): Record<string, Buffer> {
  const line = (pid: string, time: string, level: string, comp: string, text: string): string =>
    `${pid}::2024/03/01-${time} ${level.padEnd(5)} [${comp}] ${text}`;
  const log = [
    line('00000d80.00000fbc', '19:50:00.000', 'INFO', 'GUM', 'Node 1: Executing locally gumId: 100, updates: 1, first action: /dm/update'),
    line('000017a0.00005754', '20:00:58.000', 'DBG', 'RES', `Generic Application <${NAME}>: IsAlive: process 4242 is running`),
    line('000017a0.00005754', '20:02:58.009', 'INFO', 'RES', `Generic Application <${NAME}>: ${RES_TEXT}`),
    line('000017a0.00005754', '20:03:10.000', 'WARN', 'RES', `Generic Application <${NAME}>: ${CR_TEXT}`),
    line('000017a0.00001111', '20:07:58.025', 'ERR', 'RHS', `RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource '${NAME}'.`),
    line('000017a0.00001111', '20:07:58.026', 'ERR', 'RHS', `Resource ${NAME} handling deadlock. Cleaning current operation and terminating RHS process.`),
    line('00000d80.00001afc', '20:07:58.030', 'INFO', 'RCM', `HandleMonitorReply: FAILURENOTIFICATION for '${NAME}', gen(3) result 4/0.`),
    line('00000d80.00001afc', '20:07:58.031', 'WARN', 'RCM', `rcm::RcmResource::HandleMonitorReply: Resource '${NAME}' has crashed or deadlocked; marking it to run in a separate monitor.`),
    line('00000d80.000011b8', '20:07:58.032', 'INFO', 'RCM', `Res ${NAME}: Online -> ProcessingFailure( StateUnknown )`),
    line('00000d80.000011b8', '20:07:58.032', 'INFO', 'RCM', `TransitionToState(${NAME}) Online-->ProcessingFailure.`),
    line('00000d80.00001afc', '20:07:58.033', 'ERR', 'RCM', `rcm::RcmResource::HandleFailure: (${NAME})`),
    line('00000d80.00001afc', '20:07:58.034', 'INFO', 'RCM', `rcm::RcmGroup::UpdateStateIfChanged: (${GROUP}, Online --> Pending)`),
    line('00000d80.000011b8', '20:07:59.100', 'INFO', 'RCM', `rcm::RcmMonitor::RestartResources: Monitor restart for resource ${NAME}`),
    line('00000d80.000011b8', '20:08:00.000', 'INFO', 'RCM', `Res ${NAME}: ProcessingFailure -> WaitingToTerminate( DelayRestartingResource )`),
    line('00000d80.000011b8', '20:08:00.100', 'INFO', 'RCM', `Issuing Online(${NAME}) to RHS.`),
    line('00002b00.00005754', '20:08:03.000', 'INFO', 'RHS', `Resource ${NAME} has come online. RHS is about to report status change to RCM`),
    line('00000d80.000011b8', '20:08:03.002', 'INFO', 'RCM', `Res ${NAME}: OnlinePending -> Online( StateUnknown )`),
    '',
  ].join('\r\n');
  const csvText = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const csv = [
    'Level,Date and Time,Source,Event ID,Task Category',
    `Error,3/1/2024 8:07:59 PM,Microsoft-Windows-FailoverClustering,1069,Resource Control Manager,${csvText(
      `Cluster resource '${NAME}' of type 'Generic Application' in clustered role '${GROUP}' failed.\r\n\r\nBased on the failure policies for the resource and role, the cluster service may try to bring the resource online on this node or move the group to another node of the cluster and then restart it.`,
    )}`,
    `Critical,3/1/2024 8:07:58 PM,Microsoft-Windows-FailoverClustering,1146,Resource Control Manager,${csvText(
      'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted. This is typically associated with cluster health detection and recovery of a resource. Refer to the System event log to determine which resource and resource DLL is causing the issue.',
    )}`,
    `Error,3/1/2024 8:07:58 PM,Microsoft-Windows-FailoverClustering,1230,Resource Control Manager,${csvText(
      `Cluster resource '${NAME}' (resource type 'Generic Application', DLL 'clusres.dll') did not respond to a request in a timely fashion. Cluster health detection will attempt to automatically recover by terminating the Resource Hosting Subsystem (RHS) process running this resource.`,
    )}`,
    '',
  ].join('\r\n');
  return {
    [LOG]: Buffer.from(log, 'utf8'),
    [CSV]: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]),
  };
}

/** Anything a terminal or a bidi-aware viewer acts on: C0 but newline, DEL, C1, bidi embeddings/overrides/isolates, zero-width marks, BOM. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['FORCE_COLOR'];
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ status: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stdout, stderr });
    });
  });
}

function firstRaw(text: string): string | null {
  const m = RAW_CONTROL.exec(text);
  if (m === null) return null;
  const code = m[0].codePointAt(0) ?? 0;
  return `U+${code.toString(16).padStart(4, '0')} at ${m.index}: …${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 10))}`;
}

/** Every string anywhere in a parsed JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return [...Object.keys(value), ...Object.values(value).flatMap(strings)];
  return [];
}

beforeAll(() => {
  expect(existsSync(BUILT), 'dist/ is missing: run `npm run build` (npm test does) before this test').toBe(true);
  if (process.env['WRITE_HOSTILE_FIXTURES'] === '1') {
    mkdirSync(join(ROOT, DIR), { recursive: true });
    for (const [path, bytes] of Object.entries(hostileFiles())) writeFileSync(join(ROOT, path), bytes);
  }
});

describe('hostile fixture', () => {
  it.each(Object.keys(hostileFiles()))('%s is committed as hostileFiles() writes it', (path) => {
    expect(existsSync(join(ROOT, path)), `${path} is missing: WRITE_HOSTILE_FIXTURES=1 npx vitest run test/hostile.test.ts`).toBe(true);
    expect(readFileSync(join(ROOT, path)).equals(hostileFiles()[path]!), `${path} differs from hostileFiles()`).toBe(true);
  });

  it('carries every kind of hostile character', () => {
    const text = Object.values(hostileFiles()).map((b) => b.toString('utf8')).join('');
    for (const ch of [`${ESC}[31m`, `${ESC}[2J`, `${ESC}]8;;`, `${ESC}]0;`, BEL, BS, CR, C1_CSI, RLO, LRI]) expect(text).toContain(ch);
  });
});

describe('human formats show hostile characters escaped, never raw', () => {
  // `whole`: the layout leaves room for the whole name, so the whole escaped sequence must be there.
  const cases = [
    { label: 'analyze text', args: ['analyze', LOG, CSV, '--no-color', '--width', '100'], whole: true },
    { label: 'analyze text (colour forced on)', args: ['analyze', LOG, CSV, '--color', '--width', '100'], whole: true },
    { label: 'analyze markdown', args: ['analyze', LOG, CSV, '--format', 'markdown'], whole: true },
    { label: 'timeline text', args: ['timeline', LOG, CSV, '--no-color', '--width', '100'], whole: false },
    { label: 'timeline text, wide', args: ['timeline', LOG, CSV, '--no-color', '--width', '400'], whole: true },
  ];
  it.each(cases)('$label', async ({ args, whole }) => {
    const run = await cli(args);
    expect(run.status, run.stderr).toBe(0);
    // With colour on, the only escape sequences are the reporter's own SGR codes.
    const out = args.includes('--color') ? run.stdout.replace(/\x1b\[[0-9;]*m/g, '') : run.stdout;
    expect(firstRaw(out), 'raw control or bidi character in stdout').toBeNull();
    expect(firstRaw(run.stderr), 'raw control or bidi character in stderr').toBeNull();
    // The name is shown escaped: a reader sees that the log held escapes. Wrapped lines are rejoined.
    expect(out).toContain('Evil\\x1b[31mRed\\x1b[2J');
    if (whole) expect(out.replace(/\n +/g, '')).toContain('\\x1b]0;pwned\\x07\\x08\\x08X\\x9b2J\\u202ecod.exe\\u2066iso\\u2069');
  });

  it('analyze text still finds the deadlock of the hostile resource', async () => {
    const run = await cli(['analyze', LOG, CSV, '--no-color', '--width', '100']);
    expect(run.stdout).toMatch(/^DEADLOCK {2}Evil\\x1b\[31mRed/m);
    expect(run.stdout).toMatch(/^ {2}Incident {4}deadlock-/m);
  });
});

describe('machine formats keep hostile characters, escaped in the bytes', () => {
  it('analyze json is valid JSON with the original name', async () => {
    const run = await cli(['analyze', LOG, CSV, '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    // Pretty-printing newlines are the only raw control character allowed in the bytes.
    expect(firstRaw(run.stdout), 'raw control in JSON bytes').toBeNull();
    const report = JSON.parse(run.stdout) as { incidents: { kind: string; resource: string | null }[] };
    expect(report.incidents.map((i) => [i.kind, i.resource])).toContainEqual(['deadlock', NAME]);
    expect(strings(report)).toContain(GROUP);
  });

  it('analyze ndjson is one valid JSON object per line with the original name', async () => {
    const run = await cli(['analyze', LOG, CSV, '--format', 'ndjson']);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect(firstRaw(line)).toBeNull();
    const records = lines.map((line) => JSON.parse(line) as { type: string; resource?: string });
    expect(records.filter((r) => r.type === 'incident').map((r) => r.resource)).toContain(NAME);
    expect(records.at(-1)?.type).toBe('summary');
  });

  it('events ndjson keeps every hostile character of the records', async () => {
    const run = await cli(['events', LOG, CSV]);
    expect(run.status, run.stderr).toBe(0);
    expect(firstRaw(run.stderr)).toBeNull();
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect(firstRaw(line), line.slice(0, 120)).toBeNull();
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const all = strings(events);
    expect(all.filter((s) => s.includes(NAME)).length).toBeGreaterThan(5);
    expect(all.some((s) => s.includes(RES_TEXT))).toBe(true);
    expect(all.some((s) => s.includes(GROUP))).toBe(true);
    // A carriage return in the middle of a line is a line break for the reader, so it does not survive as text.
    expect(events.some((e) => e['type'] === 'rhs.call-timeout' && e['resource'] === NAME)).toBe(true);
  });

  it('analyze junit is well-formed XML whose attributes and text hold no raw controls', async () => {
    const run = await cli(['analyze', LOG, CSV, '--format', 'junit']);
    expect(run.status, run.stderr).toBe(0);
    expect(firstRaw(run.stdout)).toBeNull();
    const parser = new SaxesParser();
    const names: string[] = [];
    parser.on('error', (err) => {
      throw err;
    });
    parser.on('opentag', (tag) => names.push(tag.name));
    parser.write(run.stdout).close();
    expect(names).toContain('failure');
  });
});
