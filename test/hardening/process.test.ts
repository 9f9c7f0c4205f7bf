/**
 * The process as users drive it: output cut off by `| head`, Ctrl-C in the middle of a large file,
 * files and folders that cannot be read, symbolic link loops, and inputs that must never be written to.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvtx } from '../helpers/evtx-writer.js';
import { analyzeJson, BIN, chatterLines, crlf, deadlockLines, IS_ROOT, ROOT, runCli, stderrLines, T0, tempDirs } from './support.js';

const dirs = tempDirs('process');
afterAll(() => dirs.cleanup());

/** Spawns the CLI and closes the read end of its standard output after the first chunk, as `| head -c 1` does. */
function runIntoClosedPipe(args: readonly string[], cwd: string): Promise<{ status: number | null; signal: string | null; stderr: string; got: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let got = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.once('data', (d: Buffer) => {
      got = d.length;
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr, got });
    });
  });
}

describe('output cut off by the reader (`| head`, EPIPE)', () => {
  let dir: string;
  beforeAll(() => {
    dir = dirs.make();
    // 42 incidents and 3,000 records: every command writes well over a 64 KiB pipe buffer, so the write fails.
    for (let n = 1; n <= 3; n++) {
      const lines: string[] = [];
      for (let k = 0; k < 14; k++) {
        const at = T0 + k * 900_000;
        lines.push(...chatterLines(at - 60_000, 60), ...deadlockLines(at + n * 1000, `Resource ${n}-${k}`));
      }
      writeFileSync(join(dir, `PIPE${n}_cluster.log`), crlf(lines));
    }
  });

  it.each([['events'], ['timeline', '--format', 'ndjson'], ['analyze', '--format', 'json'], ['analyze', '--format', 'text']].map((args) => ({ name: args.join(' '), args })))(
    '$name exits 0 without a word on stderr',
    async ({ args }) => {
      const r = await runIntoClosedPipe([args[0]!, dir, ...args.slice(1)], dir);
      expect(r.got).toBeGreaterThan(0);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
    },
  );
});

describe('Ctrl-C while reading a large file', () => {
  it('stops promptly with status 130 and one line', async () => {
    const dir = dirs.make();
    const path = join(dir, 'BIG1_cluster.log');
    const fd = openSync(path, 'w');
    try {
      const block = Buffer.from(crlf(chatterLines(T0, 20_000, 7)));
      // About 80 MB: several seconds of reading on this machine, so the signal lands mid-file.
      for (let written = 0; written < 80 * 1024 * 1024; written += block.length) writeSync(fd, block);
    } finally {
      closeSync(fd);
    }
    let sentAt = 0;
    let poll: NodeJS.Timeout | undefined;
    const run = await runCli(['analyze', path, '--format', 'json'], {
      cwd: dir,
      timeoutMs: 30_000,
      onSpawn: (pid) => {
        // Signal once the child is reading the file (16 MB read), so that its Ctrl-C handler is in place
        // however slowly it started; without /proc, after a pause.
        const started = performance.now();
        poll = setInterval(() => {
          let read = 0;
          try {
            read = Number(/rchar:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
          } catch {
            read = performance.now() - started > 1500 ? Infinity : 0;
          }
          if (read < 16 * 1024 * 1024) return;
          clearInterval(poll);
          sentAt = performance.now();
          try {
            process.kill(pid, 'SIGINT');
          } catch {
            // Already gone: the status check below says so.
          }
        }, 25);
      },
    });
    clearInterval(poll);
    const stoppedAfter = performance.now() - sentAt;
    expect(run.status, `finished before the signal? stderr: ${run.stderr}`).toBe(130);
    expect(stderrLines(run)).toEqual(['wsfc-forensics: interrupted']);
    expect(run.stdout).toBe('');
    // Promptly: well before the rest of the file could have been read.
    expect(stoppedAfter).toBeLessThan(3000);
  }, 40_000);
});

describe('unreadable files and folders', () => {
  // Root reads files whatever their mode, so a chmod 000 file is readable there: nothing to test.
  it.skipIf(IS_ROOT)('are reported by name and skipped; the rest is analysed', async () => {
    const dir = dirs.make();
    writeFileSync(join(dir, 'GOOD1_cluster.log'), crlf(deadlockLines(T0, 'Cluster Name')));
    writeFileSync(join(dir, 'LOCKED1_cluster.log'), crlf(deadlockLines(T0, 'Print Spooler')));
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'INSIDE1_cluster.log'), crlf(deadlockLines(T0, 'File Server')));
    chmodSync(join(dir, 'LOCKED1_cluster.log'), 0o000);
    chmodSync(join(dir, 'locked'), 0o000);
    try {
      const { run, report } = await analyzeJson(['.'], { cwd: dir });
      expect(run.status).toBe(0);
      for (const name of ['LOCKED1_cluster.log', 'locked']) {
        expect(stderrLines(run).filter((l) => l.startsWith(`wsfc-forensics: ${name}:`) && /permission denied/.test(l)), name).toHaveLength(1);
        expect(report.skipped.map((s) => s.path)).toContain(name);
      }
      expect(report.incidents.map((i) => [i.node, i.resource])).toEqual([['GOOD1', 'Cluster Name']]);
    } finally {
      chmodSync(join(dir, 'LOCKED1_cluster.log'), 0o644);
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });
});

describe('symbolic link loops', () => {
  it('are reported by name and skipped; every real file is read once', async () => {
    const dir = dirs.make();
    mkdirSync(join(dir, 'logs', 'node2'), { recursive: true });
    writeFileSync(join(dir, 'logs', 'NODE1_cluster.log'), crlf(deadlockLines(T0, 'Cluster Name')));
    writeFileSync(join(dir, 'logs', 'node2', 'NODE2_cluster.log'), crlf(deadlockLines(T0 + 60_000, 'Print Spooler')));
    symlinkSync('..', join(dir, 'logs', 'node2', 'up')); // back to an ancestor
    symlinkSync('self', join(dir, 'logs', 'self')); // points at itself: ELOOP
    symlinkSync('b', join(dir, 'logs', 'a'));
    symlinkSync('a', join(dir, 'logs', 'b')); // a <-> b
    const { run, report } = await analyzeJson(['logs'], { cwd: dir, timeoutMs: 20_000 });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    for (const link of ['up', 'self', 'a', 'b']) {
      const path = link === 'up' ? join('logs', 'node2', 'up') : join('logs', link);
      expect(stderrLines(run).filter((l) => l.startsWith(`wsfc-forensics: ${path}:`) && /symbolic link loop/.test(l)), path).toHaveLength(1);
      expect(report.skipped.map((s) => s.path)).toContain(path);
    }
    expect(report.inputs.map((i) => i.path).sort()).toEqual([join('logs', 'NODE1_cluster.log'), join('logs', 'node2', 'NODE2_cluster.log')]);
    expect(report.incidents.map((i) => i.node).sort()).toEqual(['NODE1', 'NODE2']);
  });

  it('a loop named on the command line: one line, and the other arguments are still read', async () => {
    const dir = dirs.make();
    writeFileSync(join(dir, 'NODE1_cluster.log'), crlf(deadlockLines(T0, 'Cluster Name')));
    symlinkSync('loop', join(dir, 'loop'));
    const { run, report } = await analyzeJson(['loop', 'NODE1_cluster.log'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(stderrLines(run).filter((l) => l.startsWith('wsfc-forensics: loop:'))).toHaveLength(1);
    expect(report.incidents).toHaveLength(1);
  });
});

describe('inputs are never written to', () => {
  interface Seal {
    readonly mtimeMs: number;
    readonly size: number;
    readonly sha256: string;
  }

  function walk(dir: string, out: string[] = []): string[] {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, out);
      else if (entry.isFile()) out.push(path);
    }
    return out;
  }

  function seal(paths: readonly string[]): Map<string, Seal> {
    return new Map(
      paths.map((p) => {
        const st = statSync(p);
        return [p, { mtimeMs: st.mtimeMs, size: st.size, sha256: createHash('sha256').update(readFileSync(p)).digest('hex') }];
      }),
    );
  }

  it('analyze, events and timeline over every fixture collection leave every input as it was', async () => {
    // Compressed and binary inputs too: they go through other code paths.
    const extra = dirs.make();
    writeFileSync(join(extra, 'GZ1_cluster.log.gz'), gzipSync(Buffer.from(crlf(deadlockLines(T0, 'Cluster Name')))));
    writeFileSync(
      join(extra, 'EVTX1-System.evtx'),
      buildEvtx([
        {
          recordId: 1,
          time: T0 + 300_200,
          provider: 'Microsoft-Windows-FailoverClustering',
          eventId: 1230,
          level: 2,
          computer: 'GZ1.contoso.com',
          channel: 'System',
          data: { ResourceName: 'Cluster Name', ResourceType: 'Network Name', ResourceDll: 'clusres.dll' },
        },
      ]).bytes,
    );
    const roots = [join(ROOT, 'fixtures'), join(ROOT, 'test', 'fixtures'), extra];
    const files = roots.flatMap((r) => walk(r));
    expect(files.length).toBeGreaterThan(50);
    const before = seal(files);
    const runs = await Promise.all([['analyze', '--format', 'json'], ['events'], ['timeline', '--format', 'ndjson']].map((args) => runCli([...args, ...roots], { timeoutMs: 60_000 })));
    for (const run of runs) expect(run.status, run.stderr).toBe(0);
    const after = seal(files);
    for (const [path, s] of before) expect(after.get(path), path).toEqual(s);
    expect(walk(extra).sort()).toEqual([join(extra, 'EVTX1-System.evtx'), join(extra, 'GZ1_cluster.log.gz')]);
  }, 90_000);
});
