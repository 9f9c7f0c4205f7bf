/**
 * Throughput of the line grammar and of the whole reader on typical 2008+ lines.
 * Opt-in (`PERF=1 npx vitest run src/parse/cluster-log/grammar.perf`): timings on a shared
 * machine are not assertions; the target for the grammar alone is ≥ 1.5 M lines/s.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../events/types.js';
import type { ReadState } from '../types.js';
import { newParsedLine, parseLine } from './grammar.js';
import { ClusterLogParser } from './parser.js';

const COMPONENTS = ['RCM', 'RHS', 'RES', 'NM', 'IM', 'GUM', 'NETFT', 'QUORUM', 'DCM', 'CS'];
const TEXTS = [
  'Res Cluster Disk 2: Online -> Online( StateUnknown )',
  'Resource Cluster Name has come online. RHS is about to report status change to RCM',
  'Physical Disk <Cluster Disk 2>: VolumeIsAlive: path \\\\?\\GLOBALROOT\\Device\\Harddisk3\\Partition2 is online',
  'Received request from client address NODE1.',
  'got event: Local endpoint 10.0.0.1:~3343~ connected to remote endpoint 10.0.0.2:~3343~',
  'Node 1: Executing locally gumId: 357, updates: 1, first action: /dm/update',
];
const LEVELS = ['INFO  ', 'WARN  ', 'ERR   ', 'DBG   '];

function typicalLines(n: number): string[] {
  const lines = new Array<string>(n);
  const t0 = Date.UTC(2023, 0, 9, 17, 0, 0);
  for (let i = 0; i < n; i++) {
    const iso = new Date(t0 + i * 37).toISOString();
    const ts = `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
    const tid = (0x1000 + (i % 50)).toString(16).padStart(8, '0');
    lines[i] = `00000fe4.${tid}::${ts} ${LEVELS[i % 4]}[${COMPONENTS[i % 10]}] ${TEXTS[i % 6]}`;
  }
  return lines;
}

function rate(n: number, ms: number): string {
  return `${(n / ms / 1000).toFixed(2)} M lines/s`;
}

/** CPU time of this process in ms: steadier than wall time on a shared machine. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

describe.skipIf(!process.env['PERF'])('throughput', () => {
  const N = 1_000_000;
  const lines = typicalLines(N);

  it('grammar alone', () => {
    const p = newParsedLine();
    let best = Infinity;
    let bestCpu = Infinity;
    for (let round = 0; round < 5; round++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      let n = 0;
      for (const l of lines) if (parseLine(l, p)) n++;
      best = Math.min(best, performance.now() - start);
      bestCpu = Math.min(bestCpu, cpuMs(cpu));
      expect(n).toBe(N);
    }
    console.log(`cluster-log grammar: ${rate(N, best)} wall, ${rate(N, bestCpu)} of CPU time (best of 5, ${N} lines)`);
  });

  it('grammar + record assembly + classification', () => {
    let best = Infinity;
    let bestCpu = Infinity;
    for (let round = 0; round < 3; round++) {
      const state: ReadState = {
        node: 'n',
        nodeFrom: 'file name',
        dialect: null,
        zone: { basis: 'utc', offsetMinutes: 0, how: '' },
        records: 0,
        unparsed: 0,
        firstUtcMs: null,
        lastUtcMs: null,
        notes: [],
      };
      const parser = new ClusterLogParser({ file: 'perf.log', options: {}, state, diagnostic: () => undefined });
      let out: ClusterEvent[] = [];
      const cpu = process.cpuUsage();
      const start = performance.now();
      for (const l of lines) {
        parser.push(l, out);
        if (out.length >= 4096) out = [];
      }
      parser.finish(out);
      best = Math.min(best, performance.now() - start);
      bestCpu = Math.min(bestCpu, cpuMs(cpu));
      expect(parser.stats.records).toBe(N);
    }
    console.log(`cluster-log parser (typed events): ${rate(N, best)} wall, ${rate(N, bestCpu)} of CPU time (best of 3, ${N} lines)`);
  });
});
