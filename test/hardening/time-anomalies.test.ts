/**
 * Time anomalies, through the built CLI: clocks that jump back inside a file, repeated lines, the same
 * log handed over twice, and a node whose clock is minutes off the others'.
 */
import { cpSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/shared/report.js';
import { analyzeJson, chatterLines, clusterLine, crlf, deadlockLines, eventXml, runCli, stderrLines, T0, tempDirs } from './support.js';

const dirs = tempDirs('time');
afterAll(() => dirs.cleanup());

const HOUR = 3_600_000;

interface NdjsonEvent {
  readonly type: string;
  readonly utc: string | null;
  readonly node: string;
  readonly file: string;
  readonly line: number;
}

function ndjson(text: string): NdjsonEvent[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as NdjsonEvent);
}

function isSorted(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || values[i - 1]! <= v);
}

describe('a clock that jumps back inside one file (ETL files merged out of order)', () => {
  // The newer ETL file's text comes first, then the older one's: times go back an hour at line 31.
  const newer = [...chatterLines(T0 + HOUR - 30_000, 25), ...deadlockLines(T0 + HOUR, 'Print Spooler')];
  const older = [...chatterLines(T0 - 30_000, 25), ...deadlockLines(T0, 'Cluster Name')];
  const lines = [...newer, ...older];

  it('reads every line, finds both incidents and orders them by time', async () => {
    const dir = dirs.make();
    writeFileSync(join(dir, 'ETL1_cluster.log'), crlf(lines));
    const { run, report } = await analyzeJson([dir], { cwd: dir });
    expect(run.status).toBe(0);
    expect(report.inputs[0]).toMatchObject({ records: lines.length, unparsed: 0 });
    expect(report.incidents.map((i) => [i.kind, i.resource])).toEqual([
      ['deadlock', 'Cluster Name'],
      ['deadlock', 'Print Spooler'],
    ]);
    for (const incident of report.incidents) {
      const times = incident.timeline.map((t) => Date.parse(t.at ?? ''));
      expect(isSorted(times), `${incident.resource} timeline out of order`).toBe(true);
      // Each incident keeps to its own hour: records from the other ETL file are not pulled in.
      const own = incident.resource === 'Print Spooler' ? [1, newer.length] : [newer.length + 1, lines.length];
      for (const t of incident.timeline) {
        expect(t.source.line).toBeGreaterThanOrEqual(own[0]!);
        expect(t.source.line).toBeLessThanOrEqual(own[1]!);
      }
    }
  });

  it('events keeps line order and loses nothing; timeline is in time order', async () => {
    const dir = dirs.make();
    writeFileSync(join(dir, 'ETL1_cluster.log'), crlf(lines));
    const events = await runCli(['events', dir], { cwd: dir });
    expect(events.status).toBe(0);
    expect(ndjson(events.stdout).map((e) => e.line)).toEqual(lines.map((_, i) => i + 1));
    const timeline = await runCli(['timeline', dir, '--format', 'ndjson'], { cwd: dir });
    expect(timeline.status).toBe(0);
    const entries = ndjson(timeline.stdout);
    expect(entries.length).toBeGreaterThanOrEqual(8);
    expect(isSorted(entries.map((e) => Date.parse(e.utc ?? '')))).toBe(true);
    // Both hours are on it.
    expect(new Set(entries.map((e) => (e.utc ?? '').slice(11, 13)))).toEqual(new Set(['08', '09']));
  });
});

describe('repeated lines', () => {
  it('the same line twice, and a whole stretch repeated, make one incident, not two', async () => {
    const dir = dirs.make();
    const story = deadlockLines(T0, 'Cluster Name');
    const doubledLine = [...story.slice(0, 3), story[2]!, ...story.slice(3)];
    // An overlap between two merged ETL files repeats a stretch of lines.
    const doubledStretch = [...chatterLines(T0 - 20_000, 10), ...story, ...story, ...chatterLines(T0 + 400_000, 10)];
    writeFileSync(join(dir, 'DUP1_cluster.log'), crlf(doubledLine));
    writeFileSync(join(dir, 'DUP2_cluster.log'), crlf(doubledStretch));
    const { report } = await analyzeJson([dir], { cwd: dir });
    const byNode = (node: string): Report['incidents'] => report.incidents.filter((i) => i.node === node);
    expect(byNode('DUP1').map((i) => [i.kind, i.resource])).toEqual([['deadlock', 'Cluster Name']]);
    expect(byNode('DUP2').map((i) => [i.kind, i.resource])).toEqual([['deadlock', 'Cluster Name']]);
    expect(report.inputs.map((i) => i.records).sort()).toEqual([doubledLine.length, doubledStretch.length].sort());
  });
});

describe('the same log handed over twice under two names', () => {
  it('is analysed once, and the report says so', async () => {
    const dir = dirs.make();
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'NODE1_cluster.log'), crlf([...chatterLines(T0 - 20_000, 10), ...deadlockLines(T0, 'Cluster Name')]));
    cpSync(join(dir, 'a', 'NODE1_cluster.log'), join(dir, 'b', 'NODE1_cluster.log'));
    cpSync(join(dir, 'a', 'NODE1_cluster.log'), join(dir, 'NODE1_cluster - Copy.log'));
    const first = join('a', 'NODE1_cluster.log');
    const { run, report } = await analyzeJson(['a', 'b', 'NODE1_cluster - Copy.log'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(report.inputs.map((i) => i.path)).toEqual([first]);
    for (const dup of [join('b', 'NODE1_cluster.log'), 'NODE1_cluster - Copy.log']) {
      const skipped = report.skipped.find((s) => s.path === dup);
      expect(skipped?.reason, dup).toBe(`same content as ${first} (analysed once)`);
      expect(report.diagnostics.some((d) => d.file === dup && d.message.includes('same content'))).toBe(true);
      expect(stderrLines(run).filter((l) => l.startsWith(`wsfc-forensics: ${dup}:`) && l.includes('same content'))).toHaveLength(1);
    }
    expect(report.incidents.map((i) => [i.kind, i.resource, i.node])).toEqual([['deadlock', 'Cluster Name', 'NODE1']]);
  });
});

describe('two logs that differ only in the middle', () => {
  // The duplicate check fingerprints the first and last 64 KiB; a file that differs elsewhere must still be read.
  it('are both analysed', async () => {
    const dir = dirs.make();
    const edge = chatterLines(T0 - 3_600_000, 800);
    const tail = chatterLines(T0 + 3_600_000, 800);
    writeFileSync(join(dir, 'MID1_cluster.log'), crlf([...edge, ...deadlockLines(T0, 'Print Spooler'), ...tail]));
    writeFileSync(join(dir, 'MID2_cluster.log'), crlf([...edge, ...deadlockLines(T0, 'File Server 1'), ...tail]));
    // Same size, same first and last 64 KiB: only the resource name in the middle differs.
    expect(statSync(join(dir, 'MID1_cluster.log')).size).toBe(statSync(join(dir, 'MID2_cluster.log')).size);
    expect(Buffer.byteLength(crlf(edge))).toBeGreaterThan(64 * 1024);
    expect(Buffer.byteLength(crlf(tail))).toBeGreaterThan(64 * 1024);
    const { report } = await analyzeJson([dir], { cwd: dir });
    expect(report.skipped).toEqual([]);
    expect(report.incidents.map((i) => [i.node, i.resource]).sort()).toEqual([
      ['MID1', 'Print Spooler'],
      ['MID2', 'File Server 1'],
    ]);
  });
});

describe('a node whose clock is minutes ahead of the others', () => {
  /**
   * Four-node cluster; APPN4 drops off the network and APPN1–3 each log its removal (routes down,
   * connection broken, new view, event 1135). APPN2's clock is `skewMin` minutes ahead.
   */
  function collection(skewMin: number): string {
    const dir = dirs.make();
    const at = Date.UTC(2024, 4, 10, 10, 20, 30, 100);
    for (const [id, skew] of [
      [1, 0],
      [2, skewMin * 60_000],
      [3, 300],
    ] as const) {
      const t = at + skew;
      const ip = `10.1.0.2${id}`;
      const log = (off: number, level: 'INFO' | 'WARN', component: string, text: string, tid = 0x179c): string =>
        clusterLine(t + off, level, component, text, 0xfe4, tid);
      const lines = [
        ...chatterLines(t - 60_000, 8),
        log(0, 'INFO', 'IM', `got event: Remote endpoint 10.1.0.24:~3343~ unreachable from ${ip}:~3343~`),
        log(10, 'INFO', 'IM', `Marking Route from ${ip}:~3343~ to 10.1.0.24:~3343~ as down`),
        log(950, 'WARN', 'NODE', `Node ${id}: Connection to Node 4 is broken. Reason GracefulClose(1226)' because of 'channel to remote endpoint 10.1.0.24:~3343~ is closed'`),
        log(960, 'INFO', 'RGP', `node ${id}: Node Disconnected 4 00000000000000000000000000000000000000000000000000000000000001110`, 0x1628),
        log(1600, 'INFO', 'CORE', `Node ${id}: New View is <ViewChanged joiners=() downers=(4) newView=1a01(1 2 3) oldView=1901(1 2 3 4) joiner=false form=false/> (Start Dispatch)`, 0x1628),
        ...chatterLines(t + 90_000, 8),
      ];
      writeFileSync(join(dir, `APPN${id}_cluster.log`), crlf(lines));
      writeFileSync(join(dir, `APPN${id}-System.xml`), `${eventXml(1135, 4100 + id, t + 1700, `APPN${id}.contoso.com`, { NodeName: 'APPN4' }, 1)}\r\n`);
    }
    return dir;
  }

  it.each([1, 4])('+%i min: one node-down, a clock-skew diagnostic naming the node, its times left as logged', async (skewMin) => {
    const dir = collection(skewMin);
    const { report } = await analyzeJson([dir], { cwd: dir });
    const downs = report.incidents.filter((i) => i.kind === 'node-down');
    expect(downs.map((i) => i.node)).toEqual(['APPN4']);
    const skew = report.diagnostics.filter((d) => d.code === 'clock-skew');
    expect(skew).toHaveLength(1);
    expect(skew[0]!.message).toMatch(/APPN2/);
    expect(skew[0]!.message).not.toMatch(/APPN3.*APPN1|APPN1.*APPN3/);
    const timeline = downs[0]!.timeline;
    // Every node's records are there, in that node's own line order, at the times it logged them.
    for (const node of ['APPN1', 'APPN2', 'APPN3']) {
      const own = timeline.filter((t) => t.node === node && t.source.file.endsWith('_cluster.log'));
      expect(own.length, node).toBeGreaterThanOrEqual(4);
      expect(isSorted(own.map((t) => t.source.line)), `${node} reordered`).toBe(true);
    }
    const appn2 = timeline.find((t) => t.node === 'APPN2' && t.event === 'node.new-view');
    expect(appn2?.at).toBe(new Date(Date.UTC(2024, 4, 10, 10, 20, 31, 700) + skewMin * 60_000).toISOString());
  });
});
