/**
 * Shared pieces of the hardening tests: running the built CLI as a user would (with a kill timeout and
 * the child's peak memory), temporary folders, and small realistic log lines (domain.md §2 and §8).
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../src/shared/report.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'wsfc-forensics.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** True when the tests run as root, which ignores file modes: permission tests cannot fail there. */
export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** A fresh folder under the system temp folder; `cleanup()` removes every folder made so far. */
export function tempDirs(prefix: string): { make(): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), `wsfc-${prefix}-`));
      made.push(dir);
      return dir;
    },
    cleanup() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the run was killed for exceeding its time limit. */
  readonly timedOut: boolean;
  /** Peak resident set size of the analyzer in KiB, when it could be measured. */
  readonly peakRssKb: number | null;
  readonly ms: number;
}

export interface CliOptions {
  readonly cwd?: string;
  /** Kill the run after this long; a hang then fails the test instead of stalling the suite. */
  readonly timeoutMs?: number;
  /** Measure peak RSS (with /usr/bin/time, else by polling /proc/<pid>/status VmHWM). */
  readonly measureMemory?: boolean;
  /** Called once the child is running (to signal it). */
  readonly onSpawn?: (pid: number) => void;
  readonly env?: Record<string, string>;
}

/** Runs `node bin/wsfc-forensics.js ...args` without a shell. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const memory = options.measureMemory === true;
  const rssFile = memory && TIME ? join(mkdtempSync(join(tmpdir(), 'wsfc-rss-')), 'rss') : null;
  const argv = [process.execPath, BIN, ...args];
  const full = rssFile ? [TIME!, '-f', '%M', '-o', rssFile, ...argv] : argv;
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(full[0]!, full.slice(1), spawnOptions);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let polledKb: number | null = null;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const poll =
      memory && !rssFile
        ? setInterval(() => {
            try {
              const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
              if (m) polledKb = Math.max(polledKb ?? 0, Number(m[1]));
            } catch {
              // The process has just exited.
            }
          }, 20)
        : null;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('spawn', () => options.onSpawn?.(child.pid!));
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      let peakRssKb = polledKb;
      if (rssFile) {
        try {
          // /usr/bin/time may add a "Command exited with non-zero status" line first.
          const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
          peakRssKb = Number(lines[lines.length - 1]);
        } catch {
          peakRssKb = null;
        }
        rmSync(join(rssFile, '..'), { recursive: true, force: true });
      }
      resolve({ status, signal, stdout, stderr, timedOut, peakRssKb, ms: performance.now() - started });
    });
  });
}

/** `analyze ... --format json`, with the report parsed. */
export async function analyzeJson(args: readonly string[], options: CliOptions = {}): Promise<{ run: CliRun; report: Report }> {
  const run = await runCli(['analyze', ...args, '--format', 'json'], options);
  if (run.timedOut) throw new Error(`analyze ${args.join(' ')} did not finish within ${options.timeoutMs ?? 30_000} ms`);
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`analyze ${args.join(' ')} exited ${run.status} without a JSON report; stderr:\n${run.stderr}`);
  }
  return { run, report };
}

/** Non-empty stderr lines. */
export function stderrLines(run: CliRun): string[] {
  return run.stderr.split('\n').filter((l) => l.trim() !== '');
}

// ---------------------------------------------------------------- realistic lines

/** `2024/03/08-08:15:00.123`, the cluster.log time field (UTC). */
export function clusterTime(ms: number): string {
  const d = new Date(ms).toISOString();
  return `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}-${d.slice(11, 23)}`;
}

/** One 2008+ cluster.log line: `PPPPPPPP.TTTTTTTT::time LEVEL [COMP] text` (level padded to 6). */
export function clusterLine(ms: number, level: 'INFO' | 'WARN' | 'ERR' | 'DBG', component: string, text: string, pid = 0x14e8, tid = 0x1f40): string {
  const hex = (n: number): string => n.toString(16).padStart(8, '0');
  return `${hex(pid)}.${hex(tid)}::${clusterTime(ms)} ${level.padEnd(6)}[${component}] ${text}`;
}

export const T0 = Date.UTC(2024, 2, 8, 8, 10, 0);

/**
 * A Network Name IsAlive deadlock as RHS and RCM log it, starting `at`: the DNS health check that hangs,
 * the DeadlockMonitor timeout five minutes later and RHS being terminated (domain.md §2, §9).
 */
export function deadlockLines(at: number, resource = 'Cluster Name', rhsPid = 0x14e8): string[] {
  return [
    clusterLine(at - 100, 'INFO', 'RCM', 'rcm::RcmGroup::UpdateStateIfChanged: (Cluster Group, Online --> Pending)', 0xc20, 0x12a4),
    clusterLine(at, 'INFO', 'RES', `Network Name <${resource}>: Dns: HealthCheck: querying DNS server 10.0.0.10`, rhsPid),
    clusterLine(at + 300_113, 'ERR', 'RHS', `RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource '${resource}'.`, rhsPid),
    clusterLine(at + 300_114, 'ERR', 'RHS', `Resource ${resource} handling deadlock. Cleaning current operation and terminating RHS process.`, rhsPid),
    clusterLine(at + 300_290, 'INFO', 'RCM', `Separate monitor flag has changed for resource '${resource}'.  Now hosted by RHS process 4412`, 0xc20, 0x12a4),
  ];
}

/** Ordinary chatter between incidents. */
export function chatterLines(from: number, count: number, stepMs = 250): string[] {
  const texts = [
    ['GUM', 'Node 1: Executing locally gumId: 357, updates: 1, first action: /dm/update'],
    ['NM', 'Received request from client address NODE2.'],
    ['RES', 'Physical Disk <Cluster Disk 2>: VolumeIsAlive: path \\\\?\\GLOBALROOT\\Device\\Harddisk3\\Partition2 is online'],
    ['RCM', 'Res Cluster Disk 2: Online -> Online( StateUnknown )'],
  ] as const;
  return Array.from({ length: count }, (_, i) => {
    const [component, text] = texts[i % texts.length]!;
    return clusterLine(from + i * stepMs, 'INFO', component, text, 0xfe4, 0x1a10 + (i % 5));
  });
}

/** Joins lines with CRLF, as Get-ClusterLog writes them. */
export function crlf(lines: readonly string[]): string {
  return lines.map((l) => `${l}\r\n`).join('');
}

/** One `wevtutil qe /f:xml` event on one line (UTC SystemTime), with named EventData. */
export function eventXml(eventId: number, recordId: number, utcMs: number, computer: string, data: Readonly<Record<string, string>>, level = 2): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const at = `${new Date(utcMs).toISOString().slice(0, 23)}0000Z`;
  const fields = Object.entries(data)
    .map(([k, v]) => `<Data Name="${esc(k)}">${esc(v)}</Data>`)
    .join('');
  return (
    `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-FailoverClustering" ` +
    `Guid="{BAF908EA-3421-4CA9-9B84-6689B8C6F85F}" /><EventID>${eventId}</EventID><Version>0</Version><Level>${level}</Level><Task>16</Task>` +
    `<Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime="${at}" /><EventRecordID>${recordId}</EventRecordID>` +
    `<Correlation /><Execution ProcessID="2432" ThreadID="5180" /><Channel>System</Channel><Computer>${esc(computer)}</Computer>` +
    `<Security UserID="S-1-5-18" /></System><EventData>${fields}</EventData></Event>`
  );
}

/** `3/8/2024 8:15:00 AM`: Event Viewer's en-US date and time. */
export function usDateTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** Quotes a CSV field the way Event Viewer does (always, with doubled quotes). */
export function csvQuote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export const MESSAGE_1230 = (resource: string, type: string, dll: string): string =>
  `A component on the server did not respond in a timely fashion. This caused the cluster resource '${resource}' (resource type '${type}', DLL '${dll}') to exceed its time-out threshold. As part of cluster health detection, recovery actions will be taken. The cluster will try to automatically recover by terminating and restarting the Resource Hosting Subsystem (RHS) process that is running this resource. Verify that the underlying infrastructure (such as storage, networking, or services) that are associated with the resource are functioning correctly.`;

export const MESSAGE_1146 =
  'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted. This is typically associated with cluster health detection and recovery of a resource. Refer to the System event log to determine which resource and resource DLL is causing the issue.';

export const MESSAGE_1069 = (resource: string, type: string, group: string): string =>
  `Cluster resource '${resource}' of type '${type}' in clustered role '${group}' failed.`;
