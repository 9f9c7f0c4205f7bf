/**
 * Exit statuses and the stream contract of the built binary, spawned as a user or a CI job runs it:
 * 0 = the analysis ran, 1 = `--fail-on` matched, 2 = usage error or nothing could be read; input
 * problems on stderr, one line each and naming the file, never a stack trace; the report on stdout
 * or in `--output`; standard input as log text or as a list of paths; a reader that goes away early.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'wsfc-forensics.js');
const BUILT = join(ROOT, 'dist', 'cli', 'run.js');

const DEADLOCK_DIR = 'fixtures/01-netname-isalive-dns-shared-rhs';
/** One cluster log is enough for the deadlock and quicker than the whole folder. */
const DEADLOCK_LOG = `${DEADLOCK_DIR}/HV12N1_cluster.log`;
const DEADLOCK_CSV = `${DEADLOCK_DIR}/HV12N1_System.csv`;
const QUIET_DIR = 'fixtures/10-quiet-day';

interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface RunOptions {
  /** Bytes for standard input; without it stdin is closed at once (not a TTY, so no "no input" refusal). */
  readonly stdin?: string | Buffer;
  /** Stop reading stdout after the first line and close the pipe, as `| head -1` does. */
  readonly headOne?: boolean;
}

function cli(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['FORCE_COLOR'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (options.headOne === true && stdout.includes('\n')) {
        stdout = stdout.slice(0, stdout.indexOf('\n') + 1);
        child.stdout.destroy();
      }
    });
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    // The child may exit before it reads its input; that is not this test's failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** The CLI's own error lines never carry a stack trace. */
function expectNoStack(run: Run): void {
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/internal error/);
}

function stderrLines(run: Run): string[] {
  return run.stderr.split('\n').filter((l) => l !== '');
}

let tmp = '';
beforeAll(() => {
  expect(existsSync(BUILT), 'dist/ is missing: run `npm run build` (npm test does) before this test').toBe(true);
  tmp = mkdtempSync(join(tmpdir(), 'wsfc-exit-'));
  writeFileSync(join(tmp, 'empty_cluster.log'), '');
  // An executable header and bytes of every value: what a wrong file picked from a folder looks like.
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 7919 + 13) % 256;
  Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1').copy(bytes);
  writeFileSync(join(tmp, 'NODE1_cluster.log'), bytes);
});
afterAll(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

describe.concurrent('exit status 0: the analysis ran', () => {
  it('on a collection with incidents, without --fail-on', async () => {
    const run = await cli(['analyze', DEADLOCK_DIR, '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { incidents: unknown[] }).incidents.length).toBeGreaterThan(0);
    expectNoStack(run);
  });

  it('on the quiet day with --fail-on any', async () => {
    const run = await cli(['analyze', QUIET_DIR, '--fail-on', 'any']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/No incidents found/);
  });

  it('with --fail-on offline-failure when no offline failure happened', async () => {
    const run = await cli(['analyze', DEADLOCK_LOG, '--fail-on', 'offline-failure']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^DEADLOCK /m);
  });

  it('when one path is good and one is missing; the missing one is named on stderr', async () => {
    const missing = `${DEADLOCK_DIR}/NO_SUCH_NODE_cluster.log`;
    const run = await cli(['analyze', DEADLOCK_LOG, missing]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^DEADLOCK /m);
    const named = stderrLines(run).filter((l) => l.includes(missing));
    expect(named, run.stderr).toHaveLength(1);
    expect(named[0]).toMatch(/^wsfc-forensics: .*(no such file|not found|does not exist)/i);
    expectNoStack(run);
  });
});

describe.concurrent('exit status 1: --fail-on matched', () => {
  it.for([['deadlock'], ['any'], ['critical'], ['error'], ['offline-failure,deadlock']])('--fail-on %s on a deadlock', async ([failOn], { expect }) => {
    const run = await cli(['analyze', DEADLOCK_LOG, '--fail-on', failOn!]);
    expect(run.status, run.stderr).toBe(1);
    // The report is still written: CI keeps it as an artefact.
    expect(run.stdout).toMatch(/^DEADLOCK /m);
    expect(run.stderr).toBe('');
  });
});

describe.concurrent('exit status 2: usage errors, one line, no stack', () => {
  it.for([
    ['an unknown option', ['analyze', DEADLOCK_LOG, '--bogus'], /unknown option '--bogus'/],
    ['an unknown format', ['analyze', DEADLOCK_LOG, '--format', 'html'], /argument 'html' is invalid/],
    ['an unknown --fail-on value', ['analyze', DEADLOCK_LOG, '--fail-on', 'sometimes'], /unknown value 'sometimes'/],
    ['a bad --width', ['analyze', DEADLOCK_LOG, '--width', 'wide'], /--width/],
  ] as const)('%s', async ([, args, message], { expect }) => {
    const run = await cli(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = stderrLines(run);
    expect(lines[0]).toMatch(/^wsfc-forensics: /);
    expect(lines[0]).toMatch(message);
    // At most the message and the pointer to --help.
    expect(lines.length, run.stderr).toBeLessThanOrEqual(2);
    expectNoStack(run);
  });
});

describe.concurrent('exit status 2: no input could be read', () => {
  // Each case: exactly one stderr line names the file and says what is wrong with it.
  const cases = [
    { label: 'a missing path only', file: () => `${DEADLOCK_DIR}/NO_SUCH_NODE_cluster.log`, says: /no such file|not found|does not exist/i },
    { label: 'an empty file only', file: () => join(tmp, 'empty_cluster.log'), says: /empty/i },
    { label: 'a binary file only', file: () => join(tmp, 'NODE1_cluster.log'), says: /binary|not text/i },
  ];
  it.for(cases)('$label', async ({ file, says }, { expect }) => {
    const path = file();
    const run = await cli(['analyze', path]);
    expect(run.status, run.stderr).toBe(2);
    const named = stderrLines(run).filter((l) => l.includes(path));
    expect(named, run.stderr).toHaveLength(1);
    expect(named[0]).toMatch(/^wsfc-forensics: /);
    expect(named[0]).toMatch(says);
    expectNoStack(run);
  });

  it('empty standard input', async () => {
    const run = await cli(['analyze', '-'], { stdin: '' });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/standard input is empty/);
    expectNoStack(run);
  });
});

describe.concurrent('output', () => {
  it('--output FILE writes the report there and prints nothing on stdout', async () => {
    const out = join(tmp, 'report.json');
    const run = await cli(['analyze', DEADLOCK_LOG, '--format', 'json', '--output', out]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    const report = JSON.parse(readFileSync(out, 'utf8')) as { schemaVersion: number; incidents: { kind: string }[] };
    expect(report.schemaVersion).toBe(1);
    expect(report.incidents.map((i) => i.kind)).toContain('deadlock');
  });

  it('--output into a missing folder is one line and exit status 2', async () => {
    const out = join(tmp, 'no', 'such', 'folder', 'report.md');
    const run = await cli(['analyze', DEADLOCK_LOG, '--format', 'markdown', '-o', out]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(stderrLines(run)).toHaveLength(1);
    expect(run.stderr).toContain(out);
    expectNoStack(run);
  });

  it.for([
    ['analyze --format json', ['analyze', 'fixtures', '--format', 'json']],
    ['events', ['events', 'fixtures/03-physical-disk-isalive-storage-0x9e']],
    ['timeline --format ndjson', ['timeline', 'fixtures', '--format', 'ndjson']],
  ] as const)('`%s | head -1` stops quietly with exit status 0', async ([, args], { expect }) => {
    const run = await cli(args, { headOne: true });
    expect(run.stdout.split('\n')).toHaveLength(2);
    expect(run.status, run.stderr).toBe(0);
    expect(run.signal).toBeNull();
    expect(run.stderr).not.toMatch(/EPIPE|broken pipe|write after end|Error/i);
    expectNoStack(run);
  });
});

describe.concurrent('standard input', () => {
  it('log text piped to `analyze -` is analysed', async () => {
    const run = await cli(['analyze', '-', '--format', 'json', '--fail-on', 'deadlock'], { stdin: readFileSync(join(ROOT, DEADLOCK_LOG)) });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { inputs: { path: string }[]; incidents: { kind: string; resource: string }[] };
    expect(report.inputs.map((i) => i.path)).toEqual(['-']);
    expect(report.incidents.map((i) => [i.kind, i.resource])).toContainEqual(['deadlock', 'Cluster Name']);
  });

  it('log text piped without any path is analysed too', async () => {
    const run = await cli(['analyze', '--format', 'ndjson'], { stdin: readFileSync(join(ROOT, DEADLOCK_LOG)) });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/"kind":"deadlock"/);
  });

  it('a list of paths piped to `analyze -` reads those files (CRLF, as PowerShell writes it)', async () => {
    const run = await cli(['analyze', '-', '--format', 'json'], { stdin: `${DEADLOCK_LOG}\r\n${DEADLOCK_CSV}\r\n` });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { inputs: { path: string }[]; incidents: { kind: string }[] };
    expect(report.inputs.map((i) => i.path).sort()).toEqual([DEADLOCK_CSV, DEADLOCK_LOG].sort());
    expect(report.incidents.map((i) => i.kind)).toContain('deadlock');
  });
});
