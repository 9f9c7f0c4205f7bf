#!/usr/bin/env node
// Throughput and memory benchmark of `wsfc-forensics analyze` on generated collections, with
// grep/wc baselines measured on the same files in the same run. Run `npm run build` first.
//
//   node bench/run.js [--small] [--keep] [--strict] [--runs=N]      (`npm run bench` runs it with no options, then evtx.js and event-export.js)
//
// --small   4 x 25 MB UTF-16LE and 100 MB UTF-8 instead of 4 x 250 MB and 1 GB
// --keep    keep the generated data under bench/.data/ (reused by the next run)
// --strict  exit 1 when a target is missed
// --runs=N  runs of analyze per set (default 3): the median is reported, with the spread
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'bench', '.data');
const BIN = join(ROOT, 'bin', 'wsfc-forensics.js');
const MB = 1024 * 1024;
const TARGET_MBPS = 200;
const TARGET_RSS_MB = 200;
const PATHOLOGICAL_LIMIT_S = 30;

const args = new Set(process.argv.slice(2));
const runsArg = process.argv.slice(2).find((a) => a.startsWith('--runs='));
/** Runs of `analyze` per set (`--runs=N`). */
const RUNS = runsArg ? Math.max(1, Number(runsArg.slice('--runs='.length)) || 1) : 3;
const small = args.has('--small');
const keep = args.has('--keep');
const strict = args.has('--strict');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const SETS = [
  {
    id: small ? 'utf16-4x25MB' : 'utf16-4x250MB',
    title: `${small ? '4 x 25' : '4 x 250'} MB UTF-16LE (2016 dialect, as Get-ClusterLog writes it)`,
    options: { nodes: 4, sizeBytes: (small ? 25 : 250) * MB, seed: 'bench-utf16', dialect: '2016', encoding: 'utf16le', incidents: ['deadlock-dns', 'disk-storage', 'ag-health'] },
    utf16: true,
  },
  {
    id: small ? 'utf8-1x100MB' : 'utf8-1x1GB',
    title: `${small ? '100 MB' : '1 GB'} UTF-8 single node (2012 R2 dialect)`,
    options: { nodes: 1, sizeBytes: (small ? 100 : 1024) * MB, seed: 'bench-utf8', dialect: '2012r2', encoding: 'utf8', incidents: ['deadlock-fsw', 'rhs-crash', 'vm-pending'] },
    utf16: false,
  },
];

const results = [];
const verdicts = [];

function fmt(n, d = 1) {
  return Number.isFinite(n) ? n.toFixed(d) : 'n/a';
}

/** Runs a command; wall time from here, peak RSS from /usr/bin/time -v or /proc VmHWM polling. */
function measure(argv, { stdoutFile = null, shell = false, timeoutMs = 30 * 60 * 1000 } = {}) {
  return new Promise((resolvePromise) => {
    const cmd = shell ? ['/bin/sh', '-c', argv.join(' ')] : argv;
    const useTime = TIME !== null;
    const full = useTime ? [TIME, '-v', ...cmd] : cmd;
    const out = stdoutFile ? openSync(stdoutFile, 'w') : 'pipe';
    const started = process.hrtime.bigint();
    // Own process group, so a timeout can kill /usr/bin/time and the analyzer under it together.
    const child = spawn(full[0], full.slice(1), { stdio: ['ignore', out, 'pipe'], cwd: ROOT, detached: true });
    let timedOut = false;
    let stdout = '';
    let stderr = '';
    if (!stdoutFile) child.stdout.on('data', (d) => { if (stdout.length < 1 << 20) stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19)); });
    let hwmKb = 0;
    let poll = null;
    if (!useTime) {
      poll = setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
        } catch { /* exited */ }
      }, 20);
    }
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      if (typeof out === 'number') closeSync(out);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let rssKb = hwmKb;
      if (useTime) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        if (m) rssKb = Number(m[1]);
        const st = /Exit status: (\d+)/.exec(stderr);
        if (st) code = Number(st[1]);
      }
      resolvePromise({ seconds, rssMb: rssKb / 1024, code, signal, stdout, stderr, timedOut });
    });
  });
}

async function generate(set) {
  const dir = join(DATA, set.id);
  const manifestPath = join(dir, 'manifest.json');
  const want = JSON.stringify(set.options);
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (JSON.stringify(m.options) === want && m.files.every((f) => existsSync(f.path) && statSync(f.path).size === f.bytes)) {
      console.log(`reusing ${dir}`);
      return { dir, ...m };
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const gen = await import(join(ROOT, 'dist', 'generator', 'index.js'));
  console.log(`generating ${set.title} into ${dir} ...`);
  const r = gen.generateCollection({ ...set.options, out: dir });
  console.log(`  ${fmt(r.totalBytes / MB)} MB, ${r.totalLines} lines in ${fmt(r.seconds, 2)} s (${fmt(r.totalBytes / MB / r.seconds, 0)} MB/s generator)`);
  if (r.truncated.length) console.log(`  warning: incidents cut off by the size limit on ${r.truncated.join(', ')}`);
  const manifest = { options: set.options, files: r.files, totalBytes: r.totalBytes, totalLines: r.totalLines };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { dir, ...manifest };
}

const same = (a, b) => String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();

function checkIncidents(dir, reportPath) {
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch {
    return { ok: false, text: 'no JSON report' };
  }
  const incidents = Array.isArray(report.incidents) ? report.incidents : [];
  const missing = expected.incidents.filter((e) => !incidents.some((i) => i.kind === e.kind && (e.resource == null || same(i.resource, e.resource))));
  const found = expected.incidents.length - missing.length;
  return {
    ok: missing.length === 0,
    text: `${found}/${expected.incidents.length} injected incidents found, ${incidents.length} reported` +
      (missing.length ? `; missing: ${missing.map((m) => `${m.kind} ${m.resource ?? '-'}`).join(', ')}` : ''),
  };
}

function verdict(name, ok, detail) {
  verdicts.push({ name, ok });
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}: ${detail}`);
}

async function benchSet(set) {
  const data = await generate(set);
  const logs = data.files.filter((f) => f.path.endsWith('_cluster.log')).map((f) => f.path);
  const all = data.files.map((f) => f.path);
  const mb = data.totalBytes / MB;
  const reportPath = join(DATA, `${set.id}.report.json`);
  console.log(`\n== ${set.title}: ${fmt(mb)} MB, ${data.totalLines} lines, ${data.files.length} files`);

  // Wall time on a shared or virtual machine varies from run to run: analyze runs RUNS times; the figures
  // are the median run's, with the spread shown, and peak RSS is the highest of all runs.
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await measure([process.execPath, BIN, 'analyze', data.dir, '--format', 'json'], { stdoutFile: reportPath });
    runs.push(r);
    if (r.timedOut) {
      console.log('  analyze killed after the 30-minute limit');
      break;
    }
  }
  const byTime = [...runs].sort((a, b) => a.seconds - b.seconds);
  const analyze = { ...byTime[Math.floor((byTime.length - 1) / 2)], rssMb: Math.max(...runs.map((r) => r.rssMb)) };
  if (runs.length > 1) {
    console.log(`  analyze: ${runs.length} runs, wall ${runs.map((r) => fmt(r.seconds, 2)).join(' / ')} s (median ${fmt(analyze.seconds, 2)}), peak RSS up to ${fmt(analyze.rssMb, 0)} MB`);
  }
  // Large inputs are read on worker threads by default (several files side by side, or one file cut into
  // parts): the same run on one thread shows what they bring, and must give the same report.
  const single = availableParallelism() > 1
    ? await measure([process.execPath, BIN, 'analyze', data.dir, '--format', 'json', '--threads', '1'], { stdoutFile: join(DATA, `${set.id}.single.json`) })
    : null;
  const grepArgs = set.utf16
    ? // grep cannot see UTF-16 text (NUL between characters): decode with iconv first, as a person would.
      [logs.map((f) => `iconv -f UTF-16LE -t UTF-8 '${f}'`).join('; '), '|', 'grep', '-c', 'DeadlockMonitor']
    : ['grep', '-c', 'DeadlockMonitor', ...logs];
  const grep = await measure(set.utf16 ? [`{ ${grepArgs[0]}; } ${grepArgs.slice(1).join(' ')}`] : grepArgs, { shell: set.utf16 });
  const grepRaw = set.utf16 ? await measure(['grep', '-c', '-a', 'DeadlockMonitor', ...logs]) : null;
  const wc = await measure(['wc', '-l', ...all]);

  const rows = [
    [`analyze --format json${single ? ` (${Math.min(availableParallelism(), 4)} threads${logs.length === 1 ? ', one file in parts' : ''})` : ''}`, analyze],
    ...(single ? [['analyze --format json --threads 1', single]] : []),
    [set.utf16 ? 'iconv | grep -c DeadlockMonitor' : 'grep -c DeadlockMonitor', grep],
    ...(grepRaw ? [['grep -c -a DeadlockMonitor (raw UTF-16 bytes)', grepRaw]] : []),
    ['wc -l', wc],
  ];
  console.log(`  ${'command'.padEnd(48)} ${'wall s'.padStart(8)} ${'MB/s'.padStart(8)} ${'M lines/s'.padStart(10)} ${'peak RSS MB'.padStart(12)} ${'x analyze'.padStart(10)}`);
  for (const [name, r] of rows) {
    const ratio = analyze.seconds / r.seconds;
    console.log(`  ${name.padEnd(48)} ${fmt(r.seconds, 2).padStart(8)} ${fmt(mb / r.seconds, 0).padStart(8)} ${fmt(data.totalLines / r.seconds / 1e6, 2).padStart(10)} ${fmt(r.rssMb, 0).padStart(12)} ${(r === analyze ? '1.0' : fmt(ratio, 1)).padStart(10)}`);
  }
  console.log(`  (x analyze = how many times longer analyze took than the baseline)`);
  if (single) {
    const same = readFileSync(reportPath, 'utf8').replace(/"generatedAt":"[^"]*",?/g, '') === readFileSync(join(DATA, `${set.id}.single.json`), 'utf8').replace(/"generatedAt":"[^"]*",?/g, '');
    verdict(`${set.id} same report on one thread and on several`, same, same ? 'identical JSON' : 'the reports differ');
    rmSync(join(DATA, `${set.id}.single.json`), { force: true });
  }
  if (grepRaw) {
    const n = grepRaw.stdout.trim().split('\n').map((l) => Number(l.split(':').pop())).reduce((a, b) => a + b, 0);
    console.log(`  note: grep -a on raw UTF-16 bytes found ${n} matches: the pattern is not contiguous in UTF-16LE, so plain grep is blind to these files.`);
  }
  if (analyze.code !== 0) console.log(`  analyze exit status ${analyze.code}${analyze.signal ? ` (${analyze.signal})` : ''}: ${analyze.stderr.split('\n').filter((l) => l && !/^\s+(Command being timed|User time|System time|Percent|Elapsed|Average|Maximum|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status)/.test(l)).slice(0, 3).join(' | ')}`);
  const found = checkIncidents(data.dir, reportPath);
  const mbps = mb / analyze.seconds;
  verdict(`${set.id} incidents`, found.ok, found.text);
  if (!set.utf16) verdict(`${set.id} throughput >= ${TARGET_MBPS} MB/s`, mbps >= TARGET_MBPS, `${fmt(mbps, 0)} MB/s`);
  else console.log(`  info  ${set.id} throughput: ${fmt(mbps, 0)} MB/s of UTF-16 bytes (${fmt(mbps / 2, 0)} MB/s of text); the MB/s target applies to UTF-8`);
  verdict(`${set.id} peak RSS < ${TARGET_RSS_MB} MB`, analyze.rssMb > 0 && analyze.rssMb < TARGET_RSS_MB, `${fmt(analyze.rssMb, 0)} MB`);
  results.push({ set: set.id, mb, lines: data.totalLines, analyze, grep, wc });
  rmSync(reportPath, { force: true });
}

/** 10 MB of lines built to hurt regexes: long separator runs, deep brackets, unterminated quotes, prefix look-alikes. */
function pathological() {
  const dir = join(DATA, 'pathological');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'PATHO1_cluster.log');
  if (existsSync(path) && statSync(path).size >= 10 * MB) return dir;
  const fd = openSync(path, 'w');
  const K100 = 100 * 1024;
  const pieces = [
    '00000a94.00001c20::2021/03/04-09:12:17.615 INFO  [RCM] ' + ':'.repeat(K100),
    '00000a94.00001c20::2021/03/04-09:12:17.615 ERR   [RHS] RhsCall::DeadlockMonitor: Call ' + 'A'.repeat(K100) + ' timed out for resource \'' + "'".repeat(K100),
    '['.repeat(K100 / 2) + ']'.repeat(K100 / 2),
    '00000a94.00001c20::2021/03/04-09:12:17.615 INFO  [RES] Network Name <' + '<'.repeat(K100) + ': ' + '"'.repeat(K100),
    '00000a94.00001c20::'.repeat(K100 / 19),
    '"' + 'a,'.repeat(K100 / 2),
    ' '.repeat(K100) + 'x',
    '00000a94.00001c20::2021/03/04-09:12:17.615 INFO  [RCM] TransitionToState(' + '('.repeat(K100) + ') Online-->' + '-'.repeat(K100),
    '[=== ' + '='.repeat(K100) + ' ===]',
    '00000a94.00001c20::2021/03/04-09:12:17.615 INFO  [RCM] Res ' + 'x: a -> b( '.repeat(K100 / 12),
    "Cluster resource '" + "x' (resource type '".repeat(K100 / 20),
    '\t'.repeat(K100) + '.'.repeat(K100),
  ];
  let bytes = 0;
  let i = 0;
  while (bytes < 10 * MB) {
    const line = pieces[i++ % pieces.length] + '\r\n';
    bytes += writeSync(fd, line);
  }
  closeSync(fd);
  return dir;
}

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'generator', 'index.js')) || !existsSync(BIN)) {
    console.error('bench: build first (npm run build)');
    process.exitCode = 2;
    return;
  }
  mkdirSync(DATA, { recursive: true });
  console.log(`wsfc-forensics benchmark (${small ? 'small' : 'full'}), node ${process.version}, peak RSS via ${TIME ? '/usr/bin/time -v' : '/proc/<pid>/status VmHWM polling'}`);
  for (const set of SETS) await benchSet(set);

  console.log('\n== pathological input: 10 MB of adversarial lines');
  const pdir = pathological();
  const p = await measure([process.execPath, BIN, 'analyze', pdir, '--format', 'json'], { stdoutFile: join(DATA, 'pathological.report.json'), timeoutMs: 2 * PATHOLOGICAL_LIMIT_S * 1000 });
  if (p.timedOut) console.log(`  analyze did not finish: killed after ${fmt(p.seconds, 1)} s`);
  else console.log(`  analyze took ${fmt(p.seconds, 2)} s, peak RSS ${fmt(p.rssMb, 0)} MB, exit status ${p.code}${p.signal ? ` (${p.signal})` : ''}`);
  verdict(`pathological input analysed within ${PATHOLOGICAL_LIMIT_S} s`, !p.timedOut && p.seconds <= PATHOLOGICAL_LIMIT_S && !p.signal, p.timedOut ? `killed after ${fmt(p.seconds, 1)} s` : `${fmt(p.seconds, 2)} s`);

  console.log('\n== summary');
  for (const v of verdicts) console.log(`  ${v.ok ? 'PASS' : 'FAIL'}  ${v.name}`);
  if (!keep) {
    for (const e of readdirSync(DATA)) rmSync(join(DATA, e), { recursive: true, force: true });
  } else console.log(`  data kept in ${DATA}`);
  if (strict && verdicts.some((v) => !v.ok)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
