import { describe, expect, it } from 'vitest';
import type { EventLogRecordEvent } from '../../events/types.js';
import type { Diagnostic } from '../../shared/report.js';
import { buildEvtx, inPieces, type EvtxTestRecord, type EvtxWriteOptions } from '../../../test/helpers/evtx-writer.js';
import type { ReadContext, ReadState } from '../types.js';
import { readEvtx } from './index.js';

const T0 = Date.parse('2024-05-10T08:00:00Z');

interface Result {
  events: EventLogRecordEvent[];
  ids: number[];
  state: ReadState;
  diagnostics: Omit<Diagnostic, 'file'>[];
  codes: string[];
}

async function read(source: Buffer | AsyncIterable<Buffer>): Promise<Result> {
  const state: ReadState = {
    node: 'n',
    nodeFrom: 'file name (fallback)',
    dialect: null,
    zone: { basis: 'unknown', offsetMinutes: null, how: '' },
    records: 0,
    unparsed: 0,
    firstUtcMs: null,
    lastUtcMs: null,
    notes: [],
  };
  const diagnostics: Omit<Diagnostic, 'file'>[] = [];
  const ctx: ReadContext = { file: 'damaged.evtx', options: {}, state, diagnostic: (d) => diagnostics.push(d) };
  const events: EventLogRecordEvent[] = [];
  for await (const batch of readEvtx(Buffer.isBuffer(source) ? inPieces(source, 65536) : source, ctx)) {
    for (const e of batch) if (e.type === 'eventlog.record') events.push(e);
  }
  return { events, ids: events.map((e) => e.recordId!), state, diagnostics, codes: [...new Set(diagnostics.map((d) => d.code))] };
}

function rec(id: number): EvtxTestRecord {
  return {
    recordId: id,
    time: T0 + id * 1000,
    provider: 'Microsoft-Windows-FailoverClustering',
    eventId: 1069,
    level: 2,
    computer: 'NODE2',
    channel: 'System',
    data: { ResourceName: `Resource ${id}`, ResourceGroup: 'Group', ResTypeName: 'Generic Service' },
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** 30 records, 10 per chunk: chunk 0 holds 1–10, chunk 1 holds 11–20, chunk 2 holds 21–30. */
const RECORDS = range(1, 30).map(rec);
const build = (options: EvtxWriteOptions): Buffer => buildEvtx(RECORDS, { recordsPerChunk: 10, ...options }).bytes;

describe('damaged chunks', () => {
  it('reads a chunk whose header CRC32 is wrong, and reports it', async () => {
    const r = await read(build({ damage: [{ kind: 'chunk-header-crc', chunk: 1 }] }));
    expect(r.ids).toEqual(range(1, 30));
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'bad-checksum', level: 'warning', message: expect.stringMatching(/offset 69632: chunk header CRC32/) })]);
    expect(r.state.unparsed).toBe(0);
  });

  it('reads a chunk whose records CRC32 is wrong, and reports it', async () => {
    const r = await read(build({ damage: [{ kind: 'records-crc', chunk: 2 }] }));
    expect(r.ids).toEqual(range(1, 30));
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/event records CRC32 mismatch/)]);
  });

  it('reports a chunk with a bad signature and keeps only records that check out in it', async () => {
    const r = await read(build({ damage: [{ kind: 'chunk-magic', chunk: 1 }] }));
    expect(r.codes).toEqual(['bad-chunk']);
    // The writer's records are intact, so each one passes the strict checks (size copy, name hashes).
    expect(r.ids.slice(0, 10)).toEqual(range(1, 10));
    expect(r.ids.slice(10, 20)).toEqual(range(21, 30));
    expect([...r.ids].sort((a, b) => a - b)).toEqual(range(1, 30));
    expect(r.state.notes).toContain('10 records recovered from chunks with a damaged signature');
  });

  it('skips a chunk whose signature and records are both gone', async () => {
    const bytes = build({});
    bytes.fill(0x5a, 4096 + 65536, 4096 + 65536 + 65536);
    const r = await read(bytes);
    expect(r.ids).toEqual([...range(1, 10), ...range(21, 30)]);
    expect(r.codes).toEqual(['bad-chunk']);
  });

  it('ignores preallocated empty chunks', async () => {
    const r = await read(build({ emptyChunks: 3 }));
    expect(r.ids).toEqual(range(1, 30));
    expect(r.diagnostics).toEqual([]);
  });

  it('scans every chunk of a dirty copy whose header lists fewer chunks', async () => {
    const r = await read(build({ dirty: true, headerChunkCount: 1 }));
    expect(r.ids).toEqual(range(1, 30));
    expect(r.state.notes).toEqual([
      'file header marked dirty (not closed cleanly, e.g. a copy of a live log): all chunks scanned',
      'file header lists 1 chunks; 3 found by signature',
    ]);
  });
});

describe('damaged records', () => {
  it('skips a record cut in half, counts it, and goes on with the next record', async () => {
    const r = await read(build({ damage: [{ kind: 'cut-record', recordId: 14 }] }));
    expect(r.ids).toEqual(range(1, 30).filter((id) => id !== 14));
    expect(r.state.unparsed).toBe(1);
    expect(r.state.records).toBe(29);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'bad-record', line: 14, message: expect.stringContaining('record 14') }));
  });

  it('reads a record whose size and size copy are zero, up to the next record', async () => {
    const r = await read(build({ damage: [{ kind: 'record-size', recordId: 5, size: 0, alsoCopy: true }] }));
    expect(r.ids).toEqual(range(1, 30));
    expect(r.state.unparsed).toBe(0);
  });

  it('reads a record whose size field is broken but whose size copy is intact', async () => {
    const r = await read(build({ damage: [{ kind: 'record-size', recordId: 6, size: 0x7fff_0000 }] }));
    expect(r.ids).toEqual(range(1, 30));
  });

  it('reads the last record of a chunk whose size points past the chunk', async () => {
    const r = await read(build({ damage: [{ kind: 'record-size', recordId: 10, size: 70_000, alsoCopy: true }] }));
    expect(r.ids).toEqual(range(1, 30));
  });

  it('skips a record with broken binary XML and counts it', async () => {
    const r = await read(build({ damage: [{ kind: 'binxml', recordId: 22 }] }));
    expect(r.ids).toEqual(range(1, 30).filter((id) => id !== 22));
    expect(r.state.unparsed).toBe(1);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'bad-record', line: 22, message: expect.stringMatching(/unknown binary XML token 0x1f/) }));
    // Changing the record also breaks its chunk's records CRC32.
    expect(r.codes).toEqual(['bad-checksum', 'bad-record']);
  });

  it('loses the records of a template whose element name offset is bad, in that chunk only', async () => {
    const r = await read(build({ damage: [{ kind: 'bad-name-offset', recordId: 1 }] }));
    expect(r.ids).toEqual(range(11, 30));
    expect(r.state.unparsed).toBe(10);
    expect(r.codes).toEqual(['bad-checksum', 'bad-record']);
  });

  it('reads records of a damaged template definition when the same template was read in an earlier chunk', async () => {
    const r = await read(build({ damage: [{ kind: 'bad-name-offset', recordId: 11 }] }));
    expect(r.ids).toEqual(range(1, 30));
  });

  it('limits repeated diagnostics and says how many more there were', async () => {
    const r = await read(build({ damage: range(1, 30).map((recordId) => ({ kind: 'binxml' as const, recordId })) }));
    expect(r.events).toEqual([]);
    expect(r.state.unparsed).toBe(30);
    const listed = r.diagnostics.filter((d) => d.code === 'bad-record');
    expect(listed).toHaveLength(11);
    expect(listed.at(-1)).toMatchObject({ level: 'info', code: 'bad-record', message: "20 more 'bad-record' problems in this file not listed" });
  });
});

describe('truncated and unreadable input', () => {
  it('keeps the records before the cut of a truncated file and reports the cut one', async () => {
    const built = buildEvtx(RECORDS, { recordsPerChunk: 10 });
    const at = built.locations.get(25)!;
    const cut = 4096 + 2 * 65536 + at.offset + 40;
    const r = await read(built.bytes.subarray(0, cut));
    expect(r.ids).toEqual(range(1, 24));
    expect(r.codes).toContain('truncated');
    expect(r.state.unparsed).toBe(6);
  });

  it('reports a file cut inside its header', async () => {
    const r = await read(build({}).subarray(0, 1000));
    expect(r.events).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ level: 'error', code: 'truncated' })]);
  });

  it('reports input that is not EVTX', async () => {
    const r = await read(Buffer.from('Log Name: System\r\nSource: x\r\n'));
    expect(r.diagnostics).toEqual([expect.objectContaining({ level: 'error', code: 'unrecognised' })]);
  });

  it('never throws when the byte stream fails; records already read are kept', async () => {
    const bytes = build({});
    async function* failing(): AsyncIterable<Buffer> {
      yield bytes.subarray(0, 4096 + 65536 * 2);
      throw new Error('EIO: read error');
    }
    const r = await read(failing());
    expect(r.ids).toEqual(range(1, 20));
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ level: 'error', code: 'unreadable', message: 'reading stopped: EIO: read error' }));
  });

  it('reads nothing from an empty stream, quietly', async () => {
    const r = await read(Buffer.alloc(0));
    expect(r.events).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'unrecognised' })]);
  });
});

describe('older records left after the free-space offset', () => {
  it('recovers them after the live records when their ids were not read live', async () => {
    const r = await read(build({ damage: [{ kind: 'stale-tail', chunk: 0, keep: 7 }] }));
    expect(r.ids).toEqual([...range(1, 7), ...range(11, 30), 8, 9, 10]);
    expect(r.state.records).toBe(30);
    expect(r.state.notes).toContain('3 older records recovered from unused space in chunks');
    expect(r.diagnostics).toEqual([]);
  });

  it('drops them when the same record ids were read live elsewhere', async () => {
    const records = [...range(1, 10), ...range(8, 17)].map(rec);
    const r = await read(buildEvtx(records, { recordsPerChunk: 10, damage: [{ kind: 'stale-tail', chunk: 0, keep: 7 }] }).bytes);
    expect(r.ids).toEqual(range(1, 17));
    expect(r.state.notes).not.toContainEqual(expect.stringContaining('recovered'));
  });
});
