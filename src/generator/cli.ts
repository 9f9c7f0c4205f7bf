/**
 * `npm run gen -- --out DIR --nodes N --size 250MB --seed S [--incident KIND ...] [--dialect 2012r2|2016|2008r2] [--encoding utf16le|utf8]`
 * `npm run gen -- --fixtures DIR` rebuilds the committed fixture collections.
 */
import { resolve } from 'node:path';
import { INCIDENT_KINDS, type GeneratorIncident, generateCollection } from './collection.js';
import { buildFixtures } from './fixtures/index.js';
import type { Dialect } from './model.js';

export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(text.trim());
  if (!m) throw new Error(`bad size '${text}' (use e.g. 250MB, 1GB, 512KB)`);
  const n = Number(m[1]);
  const u = (m[2] ?? 'b').toLowerCase();
  const mult = u.startsWith('g') ? 1024 ** 3 : u.startsWith('m') ? 1024 ** 2 : u.startsWith('k') ? 1024 : 1;
  return Math.round(n * mult);
}

const USAGE = `usage: gen --out DIR [--nodes N] [--size 250MB] [--seed S] [--incident KIND ...]
           [--dialect 2016|2012r2|2008r2] [--encoding utf16le|utf8]
       gen --fixtures DIR
kinds: ${INCIDENT_KINDS.join(', ')}`;

export function main(argv: readonly string[]): number {
  let out: string | undefined;
  let fixtures: string | undefined;
  let nodes = 2;
  let size = 10 * 1024 * 1024;
  let seed = '1';
  let dialect: Dialect = '2016';
  let encoding: 'utf16le' | 'utf8' | undefined;
  const incidents: GeneratorIncident[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--out') out = v();
    else if (a === '--fixtures') fixtures = v();
    else if (a === '--nodes') nodes = Number(v());
    else if (a === '--size') size = parseSize(v());
    else if (a === '--seed') seed = v();
    else if (a === '--incident') {
      for (const k of v().split(',')) {
        if (!(INCIDENT_KINDS as readonly string[]).includes(k)) throw new Error(`unknown incident kind '${k}'\n${USAGE}`);
        incidents.push(k as GeneratorIncident);
      }
    } else if (a === '--dialect') {
      const d = v();
      if (d !== '2016' && d !== '2012r2' && d !== '2008r2') throw new Error(`unknown dialect '${d}'`);
      dialect = d;
    } else if (a === '--encoding') {
      const e = v();
      if (e !== 'utf16le' && e !== 'utf8') throw new Error(`unknown encoding '${e}'`);
      encoding = e;
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return 0;
    } else throw new Error(`unknown argument '${a}'\n${USAGE}`);
  }
  if (fixtures) {
    for (const f of buildFixtures(resolve(fixtures))) console.log(`${f.dir}: ${f.files.map((x) => `${x.name} (${x.bytes} B)`).join(', ')}`);
    return 0;
  }
  if (!out) throw new Error(USAGE);
  const r = generateCollection({ out: resolve(out), nodes, sizeBytes: size, seed, incidents, dialect, ...(encoding ? { encoding } : {}), onProgress: (m) => console.error(m) });
  for (const f of r.files) console.log(`${f.path}\t${f.bytes} bytes\t${f.lines} lines`);
  console.log(`${(r.totalBytes / 1048576).toFixed(1)} MB, ${r.totalLines} lines in ${r.seconds.toFixed(2)} s (${(r.totalBytes / 1048576 / r.seconds).toFixed(0)} MB/s)`);
  if (r.truncated.length) console.error(`warning: the size limit cut scripted lines off on ${r.truncated.join(', ')}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
