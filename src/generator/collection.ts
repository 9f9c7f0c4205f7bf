/**
 * The synthetic collection generator: a deterministic multi-node collection of a requested
 * size per node, background traffic plus incidents injected at known times, and the matching
 * expected.json (fixtures/README.md schema).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Background, type PlannedMove, fakeGuid } from './background.js';
import { writeClusterLog, type WrittenLog } from './clusterlog.js';
import { eventViewerCsv } from './exports.js';
import { LineFormatter } from './format.js';
import { type Dialect, type ExpectedIncident, type GroupSpec, HOUR, Injection, MIN, type NodeSpec, type ResourceSpec, type SysEvent, type Topology } from './model.js';
import { Rng } from './rng.js';
import {
  agHealthFailure, diskIsAliveStorage, fswLooksAlive, netnameIsAliveDns, netnameLooksAliveAd2008, nodeRemoved, noiseEvents,
  resourceControlDeadlock, resourceTypeControlTimeout, rhsCrash, vmConfigPending,
} from './stories.js';
import type { StoryContext } from './story.js';
import { encodeText, type FileEncoding } from './writer.js';

export const INCIDENT_KINDS = [
  'deadlock-dns', 'deadlock-fsw', 'disk-storage', 'ag-health', 'node-down', 'rhs-crash', 'vm-pending', 'resctl-deadlock', 'looksalive-ad',
] as const;
export type GeneratorIncident = (typeof INCIDENT_KINDS)[number];

export interface GenerateOptions {
  readonly out: string;
  readonly nodes?: number;
  /** Bytes per node cluster.log. */
  readonly sizeBytes: number;
  readonly seed?: string;
  readonly incidents?: readonly GeneratorIncident[];
  readonly dialect?: Dialect;
  readonly encoding?: 'utf16le' | 'utf8';
  /** Fixed base time (UTC ms); the default keeps output independent of the clock. */
  readonly start?: number;
  readonly onProgress?: (message: string) => void;
}

export interface GenerateResult {
  readonly dir: string;
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly lines: number }[];
  readonly expected: { readonly description: string; readonly incidents: readonly ExpectedIncident[] };
  readonly totalBytes: number;
  readonly totalLines: number;
  readonly seconds: number;
  /** Incidents whose scripted lines were cut off by the size limit (should be empty). */
  readonly truncated: readonly string[];
}

export const DEFAULT_START = Date.UTC(2023, 2, 6, 0, 0, 0);

const NODE_NAMES = ['CLN01', 'CLN02', 'CLN03', 'CLN04', 'CLN05', 'CLN06', 'CLN07', 'CLN08'];

/** A cluster with one of every resource family the incident kinds need. */
export function syntheticTopology(count: number, seed: string): Topology {
  const rng = new Rng(`${seed}:topology`);
  const domain = 'corp.example.net';
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < count; i++) {
    const name = NODE_NAMES[i] ?? `CLN${String(i + 1).padStart(2, '0')}`;
    nodes.push({
      name, id: i + 1, fqdn: `${name.toLowerCase()}.${domain}`, ip: `10.20.1.${11 + i}`, hbIp: `10.20.9.${11 + i}`,
      clussvcPid: 0x900 + rng.int(0x300) * 4, rhsPid: 0xd00 + rng.int(0x300) * 4, utcOffsetMin: -300,
    });
  }
  const owner = (i: number): string => (nodes[i % nodes.length] as NodeSpec).name;
  const groups: GroupSpec[] = [
    { name: 'Cluster Group', owner: owner(0), type: 'Cluster' },
    { name: 'Available Storage', owner: owner(1), type: 'AvailableStorage' },
    { name: 'AG1', owner: owner(0), type: 'Unknown' },
    { name: 'FS01', owner: owner(1), type: 'FileServer' },
    { name: 'ERP', owner: owner(1), type: 'GenericService' },
  ];
  const resources: ResourceSpec[] = [
    { name: 'Cluster Name', type: 'Network Name', kind: 'netname', group: 'Cluster Group', dll: 'clusres.dll', detail: `CLUSGEN.${domain}` },
    { name: 'Cluster IP Address', type: 'IP Address', kind: 'ip', group: 'Cluster Group', dll: 'clusres.dll', detail: '10.20.1.50' },
    { name: 'File Share Witness', type: 'File Share Witness', kind: 'fsw', group: 'Cluster Group', dll: 'clusres2.dll' },
    { name: 'Cluster Disk 2', type: 'Physical Disk', kind: 'disk', group: 'Available Storage', dll: 'clusres.dll', detail: '2', restartThreshold: 1 },
    { name: 'AG1', type: 'SQL Server Availability Group', kind: 'ag', group: 'AG1', dll: 'hadrres.dll', restartThreshold: 0 },
    { name: 'AG1_LSNR', type: 'Network Name', kind: 'netname', group: 'AG1', dll: 'clusres.dll', detail: `AG1LSNR.${domain}` },
    { name: 'AG1_10.20.1.60', type: 'IP Address', kind: 'ip', group: 'AG1', dll: 'clusres.dll', detail: '10.20.1.60' },
    { name: 'FS01', type: 'Network Name', kind: 'netname', group: 'FS01', dll: 'clusres.dll', detail: `FS01.${domain}` },
    { name: 'IP Address 10.20.1.70', type: 'IP Address', kind: 'ip', group: 'FS01', dll: 'clusres.dll', detail: '10.20.1.70' },
    { name: 'Cluster Disk 4', type: 'Physical Disk', kind: 'disk', group: 'FS01', dll: 'clusres.dll', detail: '4' },
    { name: 'File Server (\\\\FS01)', type: 'File Server', kind: 'fileserver', group: 'FS01', dll: 'clusres2.dll', detail: 'FS01' },
    { name: 'ERP-Repl', type: 'Contoso Replication Volume', kind: 'generic', group: 'ERP', dll: 'ctsrepl.dll', detail: 'ERP-DR01' },
    { name: 'Cluster Disk 5', type: 'Physical Disk', kind: 'disk', group: 'ERP', dll: 'clusres.dll', detail: '5' },
  ];
  for (let i = 0; i < count * 2; i++) {
    const vm = `VM${String(i + 1).padStart(2, '0')}`;
    groups.push({ name: vm, owner: owner(i), type: 'VirtualMachine' });
    resources.push({ name: `Virtual Machine Configuration ${vm}`, type: 'Virtual Machine Configuration', kind: 'vmconfig', group: vm, dll: 'vmclusres.dll', detail: vm, restartThreshold: 1 });
    resources.push({ name: `Virtual Machine ${vm}`, type: 'Virtual Machine', kind: 'vm', group: vm, dll: 'vmclusres.dll', detail: vm });
  }
  return { cluster: 'CLUSGEN', domain, nodes, groups, resources, dnsServers: ['10.20.0.5', '10.20.0.6'], witnessShare: '\\\\fs-wit.corp.example.net\\ClusterWitness$' };
}

/** Admin moves every few hours, never near an incident. */
export function plannedMoves(topo: Topology, from: number, to: number, inj: Injection, seed: string, everyMs = 3 * HOUR): PlannedMove[] {
  const { busy, pinned, frozen } = inj;
  const rng = new Rng(`${seed}:moves`);
  const movable = topo.groups.filter((g) => g.type !== 'Cluster' && g.type !== 'AvailableStorage' && !pinned.includes(g.name));
  const owners = new Map(topo.groups.map((g) => [g.name, g.owner]));
  const moves: PlannedMove[] = [];
  if (topo.nodes.length < 2 || movable.length === 0) return moves;
  for (let t = from + everyMs / 2; t < to; t += everyMs * (0.6 + rng.next() * 0.8)) {
    if (busy.some((b) => t > b.from - 15 * MIN && t < b.to + 15 * MIN)) continue;
    const g = rng.pick(movable);
    const cur = owners.get(g.name) ?? g.owner;
    const others = topo.nodes.filter((n) => n.name !== cur && !frozen.includes(n.name));
    if (frozen.includes(cur) || others.length === 0) continue;
    const dest = rng.pick(others).name;
    moves.push({ t: Math.round(t), group: g.name, from: cur, to: dest });
    owners.set(g.name, dest);
  }
  return moves;
}

/** Bytes one hour of background takes on a node, to turn a size into a time span. */
function calibrate(topo: Topology, seed: string, dialect: Dialect, start: number, unit: number, density: number): number {
  const bg = new Background(topo, (topo.nodes[0] as NodeSpec).name, `${seed}:calibration`, { dialect, density, injection: new Injection(), moves: [] });
  const f = new LineFormatter({ eol: '\r\n' });
  let chars = 0;
  bg.run(start, start + 2 * HOUR, (l) => {
    chars += f.format(l).length;
    return true;
  });
  return (chars * unit) / 2;
}

function inject(ctx: StoryContext, kind: GeneratorIncident, t: number, nodeIndex: number): number {
  const { topo } = ctx;
  const n = (i: number): string => (topo.nodes[(nodeIndex + i) % topo.nodes.length] as NodeSpec).name;
  const ownerOf = (group: string): string => topo.groups.find((g) => g.name === group)?.owner ?? n(0);
  switch (kind) {
    case 'deadlock-dns':
      return netnameIsAliveDns(ctx, { node: ownerOf('Cluster Group'), netname: 'Cluster Name', reattach: ['File Share Witness'], fail: ['Cluster IP Address'] }, t);
    case 'looksalive-ad':
      return netnameLooksAliveAd2008(ctx, { node: ownerOf('Cluster Group'), netname: 'Cluster Name', collateral: ['Cluster IP Address', 'File Share Witness'] }, t);
    case 'deadlock-fsw':
      return fswLooksAlive(ctx, { node: ownerOf('Cluster Group'), fsw: 'File Share Witness', reattach: ['Cluster Name', 'Cluster IP Address'], witnessGuid: fakeGuid(ctx.rng) }, t);
    case 'disk-storage': {
      const owner = ownerOf('Available Storage');
      const survivor = topo.nodes.find((x) => x.name !== owner)?.name ?? owner;
      return diskIsAliveStorage(ctx, { node: owner, survivor, disk: 'Cluster Disk 2', diskNumber: 2, miniport: 'ql2300' }, t);
    }
    case 'ag-health': {
      const owner = ownerOf('AG1');
      const partner = topo.nodes.find((x) => x.name !== owner)?.name ?? owner;
      return agHealthFailure(ctx, { node: owner, partner, ag: 'AG1', diskNumber: 3, dbFile: 'F:\\Data\\Sales.mdf' }, t);
    }
    case 'node-down':
      return nodeRemoved(ctx, { lost: n(topo.nodes.length - 1), outageMs: 4 * MIN }, t);
    case 'rhs-crash':
      return rhsCrash(ctx, { node: ownerOf('ERP'), culprit: 'ERP-Repl', reattach: ['Cluster Disk 5'], fail: [], module: 'ctsrepl.dll', modulePath: 'C:\\Program Files\\Contoso\\Replication\\ctsrepl.dll' }, t);
    case 'vm-pending': {
      const vm = 'VM01';
      const order = [ownerOf(vm), ...topo.nodes.map((x) => x.name).filter((x) => x !== ownerOf(vm))];
      return vmConfigPending(ctx, { nodes: order, config: `Virtual Machine Configuration ${vm}`, vm: `Virtual Machine ${vm}`, csvPath: `C:\\ClusterStorage\\Volume1\\${vm}` }, t);
    }
    case 'resctl-deadlock': {
      const end = resourceControlDeadlock(ctx, { node: ownerOf('FS01'), netname: 'FS01', reattach: ['File Server (\\\\FS01)', 'Cluster Disk 4'] }, t);
      const other = topo.nodes.find((x) => x.name !== ownerOf('FS01'))?.name ?? n(0);
      const hosted = topo.resources.filter((r) => topo.groups.find((g) => g.name === r.group)?.owner === other && r.kind !== 'vmconfig' && r.kind !== 'vm').map((r) => r.name).slice(0, 3);
      return resourceTypeControlTimeout(ctx, { node: other, type: 'Network Name', candidate: 'FS02', hosted }, end + 20 * MIN);
    }
  }
}

export function generateCollection(options: GenerateOptions): GenerateResult {
  const began = process.hrtime.bigint();
  const seed = options.seed ?? '1';
  const count = Math.max(1, Math.min(8, options.nodes ?? 2));
  const dialect = options.dialect ?? '2016';
  const encoding: FileEncoding = (options.encoding ?? (dialect === '2016' ? 'utf16le' : 'utf8')) === 'utf16le' ? 'utf16le' : 'utf8';
  const unit = encoding === 'utf16le' ? 2 : 1;
  const start = options.start ?? DEFAULT_START;
  const kinds = options.incidents ?? [];
  const topo = syntheticTopology(count, seed);
  mkdirSync(options.out, { recursive: true });

  // Each story needs about an hour and a half of log; small sizes get a thinner background instead of a cut-off story.
  const needed = (kinds.length + 1) * 90 * MIN;
  let density = 1;
  let perHour = calibrate(topo, seed, dialect, start, unit, density);
  if ((options.sizeBytes / perHour) * HOUR < needed) {
    density = Math.max(0.05, ((options.sizeBytes / perHour) * HOUR) / needed);
    perHour = calibrate(topo, seed, dialect, start, unit, density);
  }
  const span = Math.max(needed, (options.sizeBytes / perHour) * HOUR);
  const rng = new Rng(`${seed}:incidents`);
  const inj = new Injection();
  const ctx: StoryContext = { topo, dialect, rng, inj };
  // Stories are spread over the first 80% of the span so the size limit never cuts one off.
  let floor = start + 30 * MIN;
  kinds.forEach((kind, i) => {
    const t = Math.max(floor, start + Math.round(((i + 1) / (kinds.length + 1)) * span * 0.8));
    const part = new Injection();
    const end = inject({ ...ctx, inj: part }, kind, t, i);
    inj.merge(part);
    floor = end + 30 * MIN;
  });
  const moves = plannedMoves(topo, start, start + span * 1.5, inj, seed);
  const files: { path: string; bytes: number; lines: number }[] = [];
  const truncated: string[] = [];
  for (const node of topo.nodes) {
    const path = join(options.out, `${node.fqdn}_cluster.log`);
    options.onProgress?.(`writing ${path}`);
    const sys: SysEvent[] = [...(inj.events.get(node.name) ?? [])];
    const nctx: StoryContext = { topo, dialect, rng: new Rng(`${seed}:${node.name}:events`), inj: new Injection() };
    noiseEvents(nctx, node.name, start, start + span, Math.max(4, Math.round(span / (4 * HOUR))));
    sys.push(...(nctx.inj.events.get(node.name) ?? []));
    const written: WrittenLog = writeClusterLog({
      path, topo, node: node.name, dialect, encoding, eol: '\r\n', from: start, to: start + span, density, seed,
      injection: inj, moves, targetBytes: options.sizeBytes,
      ...(dialect === '2016' ? { header: { build: 17763, state: true, systemEvents: sys } } : {}),
    });
    if (written.scripted < written.scriptedTotal) truncated.push(node.name);
    files.push({ path, bytes: written.bytes, lines: written.lines });
    const csvPath = join(options.out, `${node.name}_System.csv`);
    const csv = encodeText(eventViewerCsv(sys, node, 'en-US'), 'utf8-bom');
    writeFileSync(csvPath, csv);
    files.push({ path: csvPath, bytes: csv.length, lines: csv.toString('utf8').split('\r\n').length - 1 });
  }
  // Consequences an analyzer may report as incidents of their own (fixtures/README.md).
  const optional: { kind: string; resource: string | null }[] = [];
  if (kinds.includes('disk-storage')) optional.push({ kind: 'node-down', resource: null }, { kind: 'csv-failure', resource: null });
  if (kinds.includes('node-down')) optional.push({ kind: 'cluster-service-failure', resource: null });
  const expected = {
    description: `Synthetic ${count}-node ${dialect} collection (seed ${seed}) with ${kinds.length ? kinds.join(', ') : 'no incidents'}.`,
    incidents: inj.expected,
    ...(optional.length ? { optional } : {}),
    maxIncidents: inj.expected.length + optional.length,
  };
  writeFileSync(join(options.out, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  return {
    dir: options.out, files, expected, seconds, truncated,
    totalBytes: files.reduce((a, f) => a + f.bytes, 0),
    totalLines: files.reduce((a, f) => a + f.lines, 0),
  };
}
