/**
 * Reading files in worker threads must not change the report: the same collection analysed on one
 * thread and on several gives byte-identical JSON. Runs the built package (`npm test` builds first),
 * since worker threads start the compiled `dist/parallel/worker.js`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCollection } from '../src/generator/index.js';

const FIXTURES = resolve(__dirname, '..', 'fixtures');

const DIST = resolve(__dirname, '..', 'dist');
const hasDist = existsSync(join(DIST, 'parallel', 'worker.js'));
const MB = 1024 * 1024;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Dist {
  analyze(request: { paths: string[]; workers?: number; segmentBytes?: number }): Promise<{
    report: unknown;
    segmented: { joined: string[]; readAgain: string[] };
  }>;
  renderJson(report: unknown): string;
}

async function loadDist(): Promise<Dist> {
  const { analyze } = (await import(join(DIST, 'analyze.js'))) as { analyze: Dist['analyze'] };
  const { reporters } = (await import(join(DIST, 'report', 'index.js'))) as { reporters: Record<string, (r: unknown, o: unknown) => string> };
  return { analyze, renderJson: (r) => reporters.json!(r, { color: false, width: 100 }) };
}

describe.skipIf(!hasDist)('worker threads', () => {
  it('give the same JSON report as one thread, for several nodes, encodings and injected incidents', async () => {
    const out = mkdtempSync(join(tmpdir(), 'wsfc-par-'));
    dirs.push(out);
    generateCollection({ out, nodes: 3, sizeBytes: 3 * MB, seed: 'parallel', dialect: '2016', encoding: 'utf16le', incidents: ['deadlock-dns', 'disk-storage', 'ag-health'] });
    const utf8 = join(out, 'utf8');
    generateCollection({ out: utf8, nodes: 2, sizeBytes: 2 * MB, seed: 'parallel-8', dialect: '2012r2', encoding: 'utf8', incidents: ['deadlock-fsw', 'rhs-crash'] });
    expect(readdirSync(out).filter((f) => f.endsWith('_cluster.log')).length).toBe(3);

    const { analyze, renderJson } = await loadDist();
    const one = renderJson((await analyze({ paths: [out], workers: 1 })).report);
    const two = renderJson((await analyze({ paths: [out], workers: 2 })).report);
    const four = renderJson((await analyze({ paths: [out], workers: 4 })).report);
    const parsed = JSON.parse(one) as { incidents: unknown[]; inputs: unknown[] };
    // The comparison means something only if there is something to compare.
    expect(parsed.incidents.length).toBeGreaterThanOrEqual(5);
    expect(parsed.inputs.length).toBeGreaterThanOrEqual(7);
    expect(two).toBe(one);
    expect(four).toBe(one);
  }, 120_000);

  it('still reads every file when node was started with options a worker thread cannot take', () => {
    const out = mkdtempSync(join(tmpdir(), 'wsfc-par-'));
    dirs.push(out);
    generateCollection({ out, nodes: 2, sizeBytes: MB, seed: 'parallel-flags', dialect: '2012r2', encoding: 'utf8', incidents: ['deadlock-dns'] });
    const bin = resolve(__dirname, '..', 'bin', 'wsfc-forensics.js');
    const run = (flags: string[]) =>
      spawnSync(process.execPath, [...flags, bin, 'analyze', out, '--threads', '2', '--format', 'json', '--quiet'], { encoding: 'utf8' });
    const plain = run([]);
    const flagged = run(['--max-semi-space-size=8', '--max-old-space-size=512']);
    expect(plain.status, plain.stderr).toBe(0);
    expect(flagged.status, flagged.stderr).toBe(0);
    expect(flagged.stdout).toBe(plain.stdout);
    expect((JSON.parse(plain.stdout) as { incidents: unknown[] }).incidents.length).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('give the same JSON report when one file is cut into parts read on several threads', async () => {
    const out = mkdtempSync(join(tmpdir(), 'wsfc-seg-'));
    dirs.push(out);
    generateCollection({ out, nodes: 1, sizeBytes: 4 * MB, seed: 'segments-8', dialect: '2012r2', encoding: 'utf8', incidents: ['deadlock-fsw', 'rhs-crash', 'vm-pending'] });
    const wide = mkdtempSync(join(tmpdir(), 'wsfc-seg-'));
    dirs.push(wide);
    generateCollection({ out: wide, nodes: 1, sizeBytes: 3 * MB, seed: 'segments-16', dialect: '2012r2', encoding: 'utf16le', incidents: ['deadlock-dns'] });
    const { analyze, renderJson } = await loadDist();
    for (const dir of [out, wide]) {
      const one = renderJson((await analyze({ paths: [dir], workers: 1 })).report);
      expect((JSON.parse(one) as { incidents: unknown[] }).incidents.length).toBeGreaterThanOrEqual(1);
      for (const workers of [2, 4]) {
        const cut = await analyze({ paths: [dir], workers, segmentBytes: 256 * 1024 });
        // Joined from its parts, not read again whole: otherwise the comparison proves nothing.
        expect(cut.segmented.joined.length, dir).toBe(1);
        expect(renderJson(cut.report)).toBe(one);
      }
    }
  }, 120_000);

  it('give the same JSON report for every fixture collection cut into small parts and joined', async () => {
    const { analyze, renderJson } = await loadDist();
    let joined = 0;
    let readAgain = 0;
    for (const name of readdirSync(FIXTURES).filter((n) => /^\d\d-/.test(n))) {
      const dir = join(FIXTURES, name);
      const one = renderJson((await analyze({ paths: [dir], workers: 1 })).report);
      for (const segmentBytes of [4096, 700]) {
        const cut = await analyze({ paths: [dir], workers: 4, segmentBytes });
        joined += cut.segmented.joined.length;
        readAgain += cut.segmented.readAgain.length;
        expect(renderJson(cut.report), `${name} in parts of ${segmentBytes} bytes`).toBe(one);
      }
    }
    expect(joined).toBeGreaterThanOrEqual(30);
    expect(readAgain).toBe(0);
  }, 180_000);

  it('read a file again whole when its parts cannot be joined (a byte that is not UTF-8 in a later part)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'wsfc-seg-'));
    dirs.push(out);
    generateCollection({ out, nodes: 1, sizeBytes: 2 * MB, seed: 'segments-1252', dialect: '2012r2', encoding: 'utf8', incidents: ['deadlock-fsw'] });
    const log = readdirSync(out).find((f) => f.endsWith('_cluster.log'))!;
    const bytes = readFileSync(join(out, log));
    // Windows-1252 'é' in a message three quarters in: the decoder of that part switches encoding and says so.
    const at = bytes.indexOf('[GUM] Node', Math.floor(bytes.length * 0.75));
    expect(at).toBeGreaterThan(0);
    bytes[at + 8] = 0xe9;
    writeFileSync(join(out, log), bytes);
    const { analyze, renderJson } = await loadDist();
    const one = renderJson((await analyze({ paths: [out], workers: 1 })).report);
    expect(one).toContain('windows-1252');
    const cut = await analyze({ paths: [out], workers: 2, segmentBytes: 256 * 1024 });
    expect(cut.segmented).toEqual({ joined: [], readAgain: [join(out, log)] });
    expect(renderJson(cut.report)).toBe(one);
  }, 120_000);
});
