/**
 * End-to-end check of the analyzer on the fixture collections (fixtures/NN-name/): runs the built
 * CLI on each folder and compares the JSON report with the folder's expected.json
 * (schema in fixtures/README.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'fixtures');
const BIN = join(ROOT, 'bin', 'wsfc-forensics.js');

interface ExpectedIncident {
  readonly kind: string;
  readonly resource: string | null;
  readonly resourceType?: string;
  readonly entryPoint?: string;
  readonly rootCause?: readonly string[];
  readonly collateral?: readonly string[];
  readonly node?: string;
  readonly outcome?: string | readonly string[];
  readonly timeoutMs?: number;
  readonly timelineFrom?: readonly string[];
}

interface ExpectedFile {
  readonly description: string;
  readonly incidents: readonly ExpectedIncident[];
  readonly optional?: readonly { readonly kind: string; readonly resource: string | null }[];
  readonly maxIncidents?: number;
}

/** The parts of the report (src/shared/report.ts) this test reads. */
interface ReportedIncident {
  readonly kind: string;
  readonly resource: string | null;
  readonly resourceType?: string | null;
  readonly node?: string | null;
  readonly entryPoint?: string | null;
  readonly outcome?: string;
  readonly timeoutMs?: number | null;
  readonly collateral?: readonly string[];
  readonly rootCause?: { readonly category?: string };
  readonly timeline?: readonly { readonly source?: { readonly file?: string } }[];
}

const same = (a: unknown, b: unknown): boolean => String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();
/** Node names may come back as NetBIOS or FQDN. */
const sameNode = (a: unknown, b: unknown): boolean => same(String(a ?? '').split('.')[0], String(b ?? '').split('.')[0]);

/** kind + resource; a null resource matches a resource-less incident or, for type-level calls, the resource type. */
function matches(inc: ReportedIncident, exp: { kind: string; resource: string | null; resourceType?: string }): boolean {
  if (inc.kind !== exp.kind) return false;
  if (exp.resource !== null) return same(inc.resource, exp.resource);
  const noResource = inc.resource == null || inc.resource === '';
  if (exp.resourceType === undefined) return noResource;
  // A resource-type call: no resource (type given or not), or the type reported in place of a resource.
  return (noResource && (inc.resourceType == null || same(inc.resourceType, exp.resourceType))) || same(inc.resource, exp.resourceType);
}

function describeIncident(i: ReportedIncident): string {
  return `${i.kind} ${i.resource ?? '-'} on ${i.node ?? '-'} (${i.entryPoint ?? '-'}, ${i.rootCause?.category ?? '-'})`;
}

const collections = existsSync(FIXTURES)
  ? readdirSync(FIXTURES).filter((d) => /^\d\d-/.test(d) && statSync(join(FIXTURES, d)).isDirectory() && existsSync(join(FIXTURES, d, 'expected.json')))
  : [];

describe('fixture collections are well formed', () => {
  it('there are collections to check', () => {
    expect(collections.length).toBeGreaterThanOrEqual(10);
  });
  it.each(collections)('%s: expected.json follows the schema and names existing files', (dir) => {
    const exp = JSON.parse(readFileSync(join(FIXTURES, dir, 'expected.json'), 'utf8')) as ExpectedFile;
    expect(typeof exp.description).toBe('string');
    expect(Array.isArray(exp.incidents)).toBe(true);
    const files = readdirSync(join(FIXTURES, dir));
    for (const inc of exp.incidents) {
      expect(typeof inc.kind).toBe('string');
      expect(inc.resource === null || typeof inc.resource === 'string').toBe(true);
      for (const f of inc.timelineFrom ?? []) expect(files).toContain(f);
    }
    if (exp.maxIncidents !== undefined) expect(exp.maxIncidents).toBeGreaterThanOrEqual(exp.incidents.length);
  });
});

describe.each(collections)('analyze %s', (dir) => {
  const folder = join(FIXTURES, dir);
  const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as ExpectedFile;
  let incidents: ReportedIncident[] = [];
  let failure = '';

  beforeAll(() => {
    if (!existsSync(BIN)) {
      failure = `${BIN} not found`;
      return;
    }
    let out = '';
    try {
      out = execFileSync(process.execPath, [BIN, 'analyze', folder, '--format', 'json'], {
        cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      // A non-zero exit may only mean "incidents found"; the report is still on stdout.
      const err = e as { stdout?: string; stderr?: string; message?: string };
      out = err.stdout ?? '';
      if (!out.trim()) failure = (err.stderr || err.message || 'analyze failed').toString().split('\n').slice(0, 5).join('\n');
    }
    if (!failure) {
      try {
        const report = JSON.parse(out) as { incidents?: ReportedIncident[] };
        incidents = Array.isArray(report.incidents) ? report.incidents : [];
      } catch {
        failure = `stdout is not a JSON report: ${out.slice(0, 200)}`;
      }
    }
  });

  it('reports exactly the expected incidents', () => {
    expect(failure).toBe('');
    const got = incidents.map(describeIncident);
    // Each expected (kind, resource) is reported as often as it is expected.
    for (const exp of expected.incidents) {
      const want = expected.incidents.filter((e) => e.kind === exp.kind && same(e.resource, exp.resource) && same(e.resourceType, exp.resourceType)).length;
      const have = incidents.filter((i) => matches(i, exp)).length;
      expect(have, `${exp.kind} ${exp.resource ?? exp.resourceType ?? '-'} reported ${have}x, expected ${want}x; got: ${got.join('; ')}`).toBe(want);
    }
    // Nothing else, apart from tolerated consequences listed under "optional".
    const extra = incidents.filter((i) => !expected.incidents.some((e) => matches(i, e)) && !(expected.optional ?? []).some((o) => matches(i, o)));
    expect(extra.map(describeIncident), 'unexpected incidents').toEqual([]);
    if (expected.maxIncidents !== undefined) expect(incidents.length, `got: ${got.join('; ')}`).toBeLessThanOrEqual(expected.maxIncidents);
  });

  // Details, one test per expected incident; expected entries sharing kind+resource pair up in report order.
  expected.incidents.forEach((exp, index) => {
    const label = `${exp.kind} ${exp.resource ?? exp.resourceType ?? '(no resource)'}`;
    it(`${label}: entry point, root cause, collateral, node, outcome, timeline`, () => {
      expect(failure).toBe('');
      const peers = expected.incidents.filter((e) => e.kind === exp.kind && same(e.resource, exp.resource) && same(e.resourceType, exp.resourceType));
      const candidates = incidents.filter((i) => matches(i, exp));
      const inc = candidates[peers.indexOf(exp)];
      expect(inc, `${label} not reported (#${index}); got: ${incidents.map(describeIncident).join('; ')}`).toBeDefined();
      if (!inc) return;
      if (exp.entryPoint !== undefined) expect(inc.entryPoint, 'entryPoint').toBe(exp.entryPoint);
      if (exp.rootCause !== undefined) expect(exp.rootCause, `rootCause.category ${inc.rootCause?.category}`).toContain(inc.rootCause?.category);
      if (exp.collateral !== undefined) {
        const missing = exp.collateral.filter((r) => !(inc.collateral ?? []).some((c) => same(c, r)));
        expect(missing, `collateral missing from ${JSON.stringify(inc.collateral ?? [])}`).toEqual([]);
      }
      if (exp.node !== undefined) expect(sameNode(inc.node, exp.node), `node ${inc.node} ≠ ${exp.node}`).toBe(true);
      if (exp.outcome !== undefined) {
        const allowed = typeof exp.outcome === 'string' ? [exp.outcome] : exp.outcome;
        expect(allowed, `outcome ${inc.outcome}`).toContain(inc.outcome);
      }
      if (exp.timeoutMs !== undefined) expect(inc.timeoutMs, 'timeoutMs').toBe(exp.timeoutMs);
      for (const file of exp.timelineFrom ?? []) {
        const from = (inc.timeline ?? []).filter((t) => same(basename(String(t.source?.file ?? '')), file));
        expect(from.length, `no timeline entry from ${file}`).toBeGreaterThan(0);
      }
    });
  });
});
