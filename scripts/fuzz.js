#!/usr/bin/env node
// Fuzzing loop for longer runs than the test suite affords: mutates the fixture files and generated
// lines, runs the library entry points from dist/ in a worker thread with a per-case time limit, and
// records every exception, hang or accounting mismatch with an input that reproduces it.
//
//   npm run build && npm run fuzz -- --seconds 120 [--seed S] [--out DIR] [--timeout MS] [--jobs N]
//   npm run fuzz -- --seed S --case N        run one case again (prints its outcome, writes nothing)
//   npm run fuzz -- --replay DIR             run a recorded finding again
//
// --seconds N     how long to run (default 60)
// --seed S        seed of the run (default: time-based, printed); case N of seed S is always the same input
// --out DIR       where findings go (default: <os tmpdir>/wsfc-fuzz-findings-<seed>)
// --timeout MS    a case taking longer is a hang (default 5000; inputs are at most --max-bytes)
// --max-bytes N   largest input a mutation grows a case to, roughly (default 262144)
// --jobs N        worker threads (default: 2, or 1 on a single core)
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

function parseArgs(argv) {
  const out = { seconds: 60, seed: null, out: null, timeout: 5000, maxBytes: 256 * 1024, jobs: Math.min(2, availableParallelism()), case: null, replay: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seconds') out.seconds = Number(value());
    else if (a === '--seed') out.seed = value();
    else if (a === '--out') out.out = resolve(value());
    else if (a === '--timeout') out.timeout = Number(value());
    else if (a === '--max-bytes') out.maxBytes = Number(value());
    else if (a === '--jobs') out.jobs = Math.max(1, Number(value()));
    else if (a === '--case') out.case = Number(value());
    else if (a === '--replay') out.replay = resolve(value());
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see --help)`);
  }
  if (!(out.seconds > 0) || !(out.timeout > 0) || !(out.maxBytes > 0)) throw new Error('--seconds, --timeout and --max-bytes must be positive numbers');
  return out;
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`fuzz: ${err.message}`);
  process.exit(2);
}
if (!existsSync(join(DIST, 'fuzz', 'pool.js'))) {
  console.error('fuzz: dist/fuzz/pool.js is missing: run `npm run build` first');
  process.exit(2);
}

const load = (path) => import(pathToFileURL(join(DIST, path)).href);
const { CaseRunner } = await load('fuzz/pool.js');
const { caseSize } = await load('fuzz/cases.js');
const { mutateLines, mutateBytes, joinLines, encode, gzip, pathologicalLine, ENCODINGS } = await load('fuzz/mutate.js');
const { Rng } = await load('generator/rng.js');
const { textReaders, pickReader } = await load('parse/index.js');
// The EVTX writer builds files of known content; without it the run has no .evtx cases.
const evtxWriter = await load('parse/evtx/writer.js').catch(() => null);

// ---------------------------------------------------------------- corpus

function decodeLines(bytes) {
  let text;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes);
  else if (bytes.length > 1 && bytes[1] === 0 && bytes[0] !== 0) text = new TextDecoder('utf-16le').decode(bytes);
  else text = new TextDecoder('utf-8').decode(bytes);
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function corpusFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) corpusFiles(path, out);
    else if (st.isFile() && !/\.(ts|md|json)$/i.test(name) && st.size < 4 * 1024 * 1024) out.push(path);
  }
  return out;
}

const CORPUS = [join(ROOT, 'fixtures'), join(ROOT, 'test', 'fixtures')]
  .filter((d) => existsSync(d))
  .flatMap((d) => corpusFiles(d))
  .map((path) => {
    const bytes = readFileSync(path);
    const lines = decodeLines(bytes);
    // Sniffed once here, on intact fixtures; cases sniff only inside the worker, where a hang can be cut short.
    return { name: basename(path), bytes, lines, reader: pickReader(lines.slice(0, 200))?.id ?? null };
  });
if (CORPUS.length === 0) {
  console.error('fuzz: no fixture files found under fixtures/ or test/fixtures/');
  process.exit(2);
}
const LINE_POOL = CORPUS.map((f) => f.lines);
const BYTE_POOL = CORPUS.map((f) => f.bytes);
const READER_IDS = textReaders.map((r) => r.id);

// ---------------------------------------------------------------- case generation

/** A window of a fixture's lines (whole files are large; damage is local anyway). */
function someLines(rng, maxLines = 400) {
  const f = rng.pick(CORPUS);
  if (f.lines.length <= maxLines || rng.chance(0.2)) return { from: f.name, reader: f.reader, lines: f.lines.slice(0, maxLines) };
  const start = rng.chance(0.5) ? 0 : rng.int(f.lines.length - maxLines);
  return { from: f.name, reader: f.reader, lines: f.lines.slice(start, start + maxLines) };
}

/** Lines as the input stage hands them to readers: a CR or LF inside a mutated line is a line break there. */
function asInputLines(lines) {
  return lines.flatMap((l) => l.split(/\r\n|\r|\n/));
}

function mutatedLines(rng, maxBytes) {
  const { from, reader, lines } = someLines(rng);
  const mutations = [];
  const n = rng.between(0, 5);
  for (let i = 0; i < n; i++) mutations.push(mutateLines(rng, lines, LINE_POOL, Math.min(maxBytes / 4, 100 * 1024)));
  return { from, reader, lines: asInputLines(lines), mutations };
}

function generatedLines(rng, maxBytes) {
  const lines = [];
  const n = rng.between(1, 30);
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.3)) lines.push(pathologicalLine(rng, Math.min(maxBytes / 4, 100 * 1024)));
    else lines.push(rng.pick(rng.pick(LINE_POOL)) ?? '');
  }
  return { from: 'generated', reader: null, lines: asInputLines(lines), mutations: ['generated'] };
}

function evtxRecord(rng, id, t0) {
  const text = () => Array.from({ length: rng.between(0, 40) }, () => String.fromCharCode(rng.chance(0.9) ? rng.between(32, 126) : rng.between(0xa0, 0xd7ff))).join('');
  return {
    recordId: id,
    time: t0 + id * rng.between(1, 5000),
    provider: rng.pick(['Microsoft-Windows-FailoverClustering', 'Service Control Manager', 'Microsoft-Windows-Kernel-General', 'disk']),
    eventId: rng.pick([1230, 1146, 1069, 1135, 1177, 7036, 129, 153, rng.between(1, 65535)]),
    level: rng.between(0, 5),
    computer: rng.pick(['NODE1.contoso.com', 'NODE2', '', text()]),
    channel: 'System',
    data: Object.fromEntries(Array.from({ length: rng.between(0, 4) }, (_, i) => [rng.pick(['ResourceName', 'ResourceType', 'ResourceDll', 'NodeName', `param${i + 1}`]), text()])),
    layout: rng.pick(['named', 'unnamed', 'nested', 'nested-plain', 'userdata']),
  };
}

function evtxBytes(rng, maxBytes) {
  const records = Array.from({ length: rng.between(1, 60) }, (_, i) => evtxRecord(rng, i + 1, Date.UTC(2024, 0, 1)));
  let built;
  try {
    built = evtxWriter.buildEvtx(records, { recordsPerChunk: rng.between(1, 30), dirty: rng.chance(0.2), emptyChunks: rng.between(0, 1) });
  } catch {
    built = evtxWriter.buildEvtx(records.slice(0, 1), {});
  }
  let bytes = built.bytes;
  const mutations = [];
  const n = rng.between(0, 4);
  for (let i = 0; i < n; i++) {
    const m = mutateBytes(rng, bytes, [bytes], maxBytes);
    bytes = m.bytes;
    mutations.push(m.kind);
  }
  return { bytes, mutations };
}

function fileFor(rng, index, maxBytes) {
  const source = rng.chance(0.85) ? mutatedLines(rng, maxBytes) : generatedLines(rng, maxBytes);
  const { text, endings } = joinLines(rng, source.lines);
  const enc = rng.pick(ENCODINGS);
  const second = rng.chance(0.1) ? rng.pick(ENCODINGS) : null;
  let bytes = encode(text, enc, second, rng.next());
  const mutations = [...source.mutations, `endings:${endings}`, `encoding:${enc}${second ? `>${second}` : ''}`];
  if (rng.chance(0.2)) {
    const m = mutateBytes(rng, bytes, BYTE_POOL, maxBytes);
    bytes = m.bytes;
    mutations.push(m.kind);
  }
  let name = rng.pick([`NODE${index + 1}_cluster.log`, `NODE${index + 1}-System.csv`, `NODE${index + 1}.txt`, source.from]);
  if (rng.chance(0.15)) {
    const z = gzip(rng, bytes);
    bytes = z.bytes;
    name += '.gz';
    mutations.push(z.cut ? 'gzip-cut' : 'gzip');
  }
  return { name: `${index}-${name}`, bytes, from: source.from, mutations };
}

/** Case `index` of the run: the same seed and index always give the same case. */
function makeCase(seed, index, maxBytes) {
  const rng = new Rng(`${seed}:${index}`);
  const roll = rng.next();
  if (roll < 0.3) {
    const src = rng.chance(0.8) ? mutatedLines(rng, maxBytes) : generatedLines(rng, maxBytes);
    const reader = src.reader !== null && rng.chance(0.6) ? src.reader : rng.pick(READER_IDS);
    return { case: { kind: 'reader', reader, lines: src.lines, batch: rng.between(1, 64) }, from: src.from, mutations: src.mutations };
  }
  if (roll < 0.45) {
    const src = rng.chance(0.8) ? mutatedLines(rng, maxBytes) : generatedLines(rng, maxBytes);
    return { case: { kind: 'cluster-lines', lines: src.lines }, from: src.from, mutations: src.mutations };
  }
  if (roll < 0.65) {
    const src = rng.chance(0.6) ? mutatedLines(rng, maxBytes) : generatedLines(rng, maxBytes);
    return { case: { kind: 'sniff-read', lines: src.lines, batch: rng.between(1, 64) }, from: src.from, mutations: src.mutations };
  }
  if (roll < 0.8 && evtxWriter) {
    const { bytes, mutations } = evtxBytes(rng, maxBytes);
    return { case: { kind: 'evtx', bytes, piece: rng.pick([65536, 4096, 512, 7, rng.between(1, 70000)]) }, from: 'evtx-writer', mutations };
  }
  const files = Array.from({ length: rng.between(1, 3) }, (_, i) => fileFor(rng, i, maxBytes));
  return {
    case: { kind: 'analyze', files: files.map((f) => ({ name: f.name, bytes: f.bytes })) },
    from: files.map((f) => f.from).join(' + '),
    mutations: files.flatMap((f) => f.mutations),
  };
}

// ---------------------------------------------------------------- findings

/** Groups findings that are the same bug: numbers and quoted values do not make a new one. */
function signatureOf(kind, status, problem) {
  const p = (problem ?? '').replace(/'[^']*'/g, "'…'").replace(/\d+/g, '#');
  return `${status} ${kind} ${p}`.trim();
}

function saveFinding(dir, n, meta, c) {
  const at = join(dir, `${String(n).padStart(3, '0')}-${meta.status}-${c.kind}`);
  mkdirSync(at, { recursive: true });
  if (c.kind === 'evtx') writeFileSync(join(at, 'input.evtx'), c.bytes);
  else if (c.kind === 'analyze') {
    mkdirSync(join(at, 'files'), { recursive: true });
    for (const f of c.files) writeFileSync(join(at, 'files', f.name), f.bytes);
  } else {
    // Lines as JSON keep line breaks inside a line (lost CRLFs) exactly; input.txt is for reading.
    writeFileSync(join(at, 'lines.json'), JSON.stringify(c.lines));
    writeFileSync(join(at, 'input.txt'), c.lines.join('\n'));
  }
  const { lines, bytes, files, ...rest } = c;
  writeFileSync(join(at, 'case.json'), `${JSON.stringify({ ...meta, case: rest }, null, 2)}\n`);
  return at;
}

function loadFinding(dir) {
  const meta = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8'));
  const c = { ...meta.case };
  if (c.kind === 'evtx') c.bytes = readFileSync(join(dir, 'input.evtx'));
  else if (c.kind === 'analyze') c.files = readdirSync(join(dir, 'files')).sort().map((name) => ({ name, bytes: readFileSync(join(dir, 'files', name)) }));
  else c.lines = JSON.parse(readFileSync(join(dir, 'lines.json'), 'utf8'));
  return { meta, c };
}

function describe(outcome) {
  if (outcome.status === 'hang') return `no result after ${Math.round(outcome.ms)} ms`;
  return outcome.problem ?? 'passed';
}

// ---------------------------------------------------------------- modes

if (args.replay) {
  const { meta, c } = loadFinding(args.replay);
  const runner = new CaseRunner();
  const outcome = await runner.run(c, args.timeout);
  await runner.close();
  console.log(`recorded: ${meta.status}: ${meta.problem}`);
  console.log(`now:      ${outcome.status}: ${describe(outcome)} (${Math.round(outcome.ms)} ms)`);
  if (outcome.stack) console.log(outcome.stack);
  process.exit(outcome.status === 'done' && outcome.problem === null ? 0 : 1);
}

const seed = args.seed ?? String(Date.now());

if (args.case !== null) {
  const made = makeCase(seed, args.case, args.maxBytes);
  const runner = new CaseRunner();
  const outcome = await runner.run(made.case, args.timeout);
  await runner.close();
  console.log(`case ${args.case} of seed ${seed}: ${made.case.kind}${made.case.reader ? ` ${made.case.reader}` : ''} from ${made.from} [${made.mutations.join(', ')}], ${caseSize(made.case)} bytes`);
  console.log(`${outcome.status}: ${describe(outcome)} (${Math.round(outcome.ms)} ms)`);
  if (outcome.stack) console.log(outcome.stack);
  process.exit(outcome.status === 'done' && outcome.problem === null ? 0 : 1);
}

const outDir = args.out ?? join(tmpdir(), `wsfc-fuzz-findings-${seed}`);
const deadline = Date.now() + args.seconds * 1000;
const started = performance.now();
const stats = { cases: 0, byKind: {}, findings: 0 };
const signatures = new Map();
let nextIndex = 0;
let stopping = false;
process.once('SIGINT', () => {
  stopping = true;
});

console.log(`fuzz: seed ${seed}, ${args.seconds} s, ${args.jobs} worker(s), time limit ${args.timeout} ms per case, ${CORPUS.length} fixture files${evtxWriter ? '' : ', no EVTX writer in dist (no .evtx cases)'}`);

async function job() {
  const runner = new CaseRunner();
  try {
    while (!stopping && Date.now() < deadline) {
      const index = nextIndex++;
      let made;
      try {
        made = makeCase(seed, index, args.maxBytes);
      } catch (err) {
        console.error(`fuzz: could not build case ${index}: ${err.stack ?? err}`);
        continue;
      }
      const outcome = await runner.run(made.case, args.timeout);
      stats.cases++;
      stats.byKind[made.case.kind] = (stats.byKind[made.case.kind] ?? 0) + 1;
      if (outcome.status === 'done' && outcome.problem === null) continue;
      const problem = describe(outcome);
      const sig = signatureOf(made.case.kind === 'reader' ? `${made.case.kind}:${made.case.reader}` : made.case.kind, outcome.status, outcome.status === 'hang' ? '' : problem);
      const entry = signatures.get(sig) ?? { count: 0, saved: [] };
      entry.count++;
      signatures.set(sig, entry);
      stats.findings++;
      if (entry.saved.length < 3) {
        const meta = {
          status: outcome.status,
          problem,
          stack: outcome.stack ?? null,
          ms: Math.round(outcome.ms),
          seed,
          index,
          from: made.from,
          mutations: made.mutations,
          bytes: caseSize(made.case),
          rerun: `npm run fuzz -- --seed ${seed} --case ${index}`,
        };
        const at = saveFinding(outDir, stats.findings, meta, made.case);
        entry.saved.push(at);
        if (entry.saved.length === 1) console.log(`finding: ${sig}\n  ${at}`);
      }
    }
  } finally {
    await runner.close();
  }
}

await Promise.all(Array.from({ length: args.jobs }, () => job()));

const seconds = (performance.now() - started) / 1000;
console.log('');
console.log(`cases run   ${stats.cases} in ${seconds.toFixed(1)} s (${(stats.cases / seconds).toFixed(1)} cases/s)`);
console.log(`by kind     ${Object.entries(stats.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`findings    ${stats.findings} (${signatures.size} distinct)`);
for (const [sig, e] of [...signatures].sort((a, b) => b[1].count - a[1].count)) {
  console.log(`  ${String(e.count).padStart(5)} × ${sig}`);
  for (const at of e.saved) console.log(`          ${at}`);
}
if (stats.findings > 0) console.log(`reproducers in ${outDir} (replay one with: npm run fuzz -- --replay <dir>)`);
process.exitCode = stats.findings > 0 ? 1 : 0;
