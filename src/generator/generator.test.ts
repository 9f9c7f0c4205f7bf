import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCollection } from './collection.js';
import { buildFixtures } from './fixtures/index.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'wsfc-gen-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const MB = 1024 * 1024;

function decode(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  return buf.toString('utf8');
}

describe('generateCollection', () => {
  it('is deterministic: same seed, same bytes', () => {
    const a = tmp();
    const b = tmp();
    const opts = { nodes: 2, sizeBytes: 2 * MB, seed: 'det', incidents: ['deadlock-dns' as const] };
    generateCollection({ ...opts, out: a });
    generateCollection({ ...opts, out: b });
    const files = readdirSync(a).sort();
    expect(readdirSync(b).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
  });

  it('a different seed gives different content', () => {
    const a = tmp();
    const b = tmp();
    generateCollection({ out: a, nodes: 1, sizeBytes: MB, seed: 'one' });
    generateCollection({ out: b, nodes: 1, sizeBytes: MB, seed: 'two' });
    const log = readdirSync(a).find((f) => f.endsWith('_cluster.log')) as string;
    expect(readFileSync(join(a, log)).equals(readFileSync(join(b, log)))).toBe(false);
  });

  it.each([
    ['2016', 'utf16le'],
    ['2012r2', 'utf8'],
  ] as const)('writes each node log within 1 percent of the requested size (dialect %s, %s)', (dialect, encoding) => {
    const out = tmp();
    const size = 3 * MB;
    const r = generateCollection({ out, nodes: 3, sizeBytes: size, seed: 's', dialect, encoding, incidents: ['ag-health'] });
    const logs = r.files.filter((f) => f.path.endsWith('_cluster.log'));
    expect(logs).toHaveLength(3);
    for (const f of logs) {
      expect(Math.abs(f.bytes - size) / size).toBeLessThan(0.01);
      const head = readFileSync(f.path).subarray(0, 2);
      expect(head[0] === 0xff && head[1] === 0xfe).toBe(encoding === 'utf16le');
    }
    expect(r.truncated).toEqual([]);
  });

  it('injects the requested incidents as lines and lists them in expected.json', () => {
    const out = tmp();
    const r = generateCollection({ out, nodes: 3, sizeBytes: 4 * MB, seed: 'inc', incidents: ['deadlock-dns', 'ag-health', 'node-down', 'rhs-crash'] });
    expect(r.truncated).toEqual([]);
    const text = r.files.filter((f) => f.path.endsWith('_cluster.log')).map((f) => decode(readFileSync(f.path))).join('\n');
    expect(text).toContain("RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource 'Cluster Name'.");
    expect(text).toContain('[RHS] Resource AG1 IsAlive has indicated failure.');
    expect(text).toMatch(/\[QUORUM\] Node \d: Lost quorum/);
    expect(text).toContain('RhsCall::Perform_NativeEH: EXCEPTION_ACCESS_VIOLATION');
    const expected = JSON.parse(readFileSync(join(out, 'expected.json'), 'utf8')) as { incidents: { kind: string; resource: string | null }[] };
    expect(expected.incidents.map((i) => `${i.kind}:${i.resource ?? '-'}`)).toEqual([
      'deadlock:Cluster Name', 'health-check-failure:AG1', 'node-down:-', 'quorum-loss:-', 'rhs-failure:ERP-Repl',
    ]);
  });

  it('keeps background lines in time order within a node', () => {
    const out = tmp();
    const r = generateCollection({ out, nodes: 2, sizeBytes: MB, seed: 'order', dialect: '2012r2' });
    const log = r.files.find((f) => f.path.endsWith('_cluster.log'));
    const times = decode(readFileSync(log?.path ?? '')).split('\r\n').map((l) => /::(\S+)/.exec(l)?.[1]).filter((t): t is string => t !== undefined);
    expect(times.length).toBeGreaterThan(1000);
    let disorder = 0;
    for (let i = 1; i < times.length; i++) if ((times[i] as string) < (times[i - 1] as string)) disorder++;
    expect(disorder).toBe(0);
  });
});

describe('fixture collections', () => {
  it('the committed fixtures are exactly what the builder writes (rebuild: npm run gen -- --fixtures fixtures)', () => {
    const out = tmp();
    const built = buildFixtures(out);
    expect(built).toHaveLength(14);
    const committed = fileURLToPath(new URL('../../fixtures', import.meta.url));
    for (const f of built) {
      for (const file of f.files) {
        const mine = readFileSync(join(out, f.dir, file.name));
        const theirs = readFileSync(join(committed, f.dir, file.name));
        expect(mine.equals(theirs), `${f.dir}/${file.name} differs from the committed file`).toBe(true);
      }
    }
  });
});
