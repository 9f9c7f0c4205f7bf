import { describe, expect, it } from 'vitest';
import type { ClusterEvent, EventLogRecordEvent } from '../../events/types.js';
import type { Diagnostic } from '../../shared/report.js';
import { buildEvtx, enc, inPieces, VT, type EvtxTestRecord, type EvtxWriteOptions } from '../../../test/helpers/evtx-writer.js';
import type { ReadContext, ReadState } from '../types.js';
import { parseChunkHeader } from './chunk-header.js';
import { parseFileHeader } from './file-header.js';
import { isEvtx, readEvtx, type EvtxReadOptions } from './index.js';

const FC = 'Microsoft-Windows-FailoverClustering';
const T0 = Date.parse('2024-03-01T10:00:00Z');

interface ReadResult {
  events: EventLogRecordEvent[];
  batches: number;
  state: ReadState;
  diagnostics: Omit<Diagnostic, 'file'>[];
}

function newState(): ReadState {
  return {
    node: 'file-node',
    nodeFrom: 'file name (fallback)',
    dialect: null,
    zone: { basis: 'unknown', offsetMinutes: null, how: 'not decided' },
    records: 0,
    unparsed: 0,
    firstUtcMs: null,
    lastUtcMs: null,
    notes: [],
  };
}

async function read(bytes: Buffer | AsyncIterable<Buffer>, options?: EvtxReadOptions, initial: Partial<ReadState> = {}): Promise<ReadResult> {
  const state = { ...newState(), ...initial };
  const diagnostics: Omit<Diagnostic, 'file'>[] = [];
  const ctx: ReadContext = { file: 'System.evtx', options: {}, state, diagnostic: (d) => diagnostics.push(d) };
  const events: EventLogRecordEvent[] = [];
  let batches = 0;
  const source = Buffer.isBuffer(bytes) ? inPieces(bytes, 65536) : bytes;
  for await (const batch of readEvtx(source, ctx, options)) {
    batches++;
    for (const e of batch as ClusterEvent[]) {
      if (e.type !== 'eventlog.record') throw new Error(`unexpected ${e.type}`);
      events.push(e);
    }
  }
  return { events, batches, state, diagnostics };
}

function rec(id: number, over: Partial<EvtxTestRecord> = {}): EvtxTestRecord {
  return {
    recordId: id,
    time: T0 + id * 1000,
    provider: FC,
    eventId: 1230,
    level: 2,
    computer: 'NODE1.contoso.com',
    channel: 'System',
    task: 3,
    data: { ResourceName: 'SQL Server (MSSQLSERVER)', ResourceType: 'SQL Server', ResourceDll: 'sqsrvres.dll' },
    ...over,
  };
}

function build(records: readonly EvtxTestRecord[], options?: EvtxWriteOptions): Buffer {
  return buildEvtx(records, options).bytes;
}

function byId(events: readonly EventLogRecordEvent[], id: number): EventLogRecordEvent {
  const e = events.find((x) => x.recordId === id);
  if (e === undefined) throw new Error(`record ${id} not read`);
  return e;
}

describe('file and chunk headers', () => {
  const built = buildEvtx([rec(1), rec(2), rec(3)], { recordsPerChunk: 2, dirty: true, version: [3, 2] });
  const bytes = built.bytes;

  it('recognises the ElfFile signature', () => {
    expect(isEvtx(bytes)).toBe(true);
    expect(isEvtx(Buffer.from('ElfChnk\0'))).toBe(false);
    expect(isEvtx(Buffer.from('Elf'))).toBe(false);
  });

  it('reads the file header fields and checks its CRC32', () => {
    const h = parseFileHeader(bytes.subarray(0, 4096));
    expect(h).toMatchObject({
      firstChunk: 0,
      lastChunk: 1,
      nextRecordId: 4,
      headerSize: 128,
      majorVersion: 3,
      minorVersion: 2,
      headerBlockSize: 4096,
      chunkCount: 2,
      dirty: true,
      full: false,
      checksumOk: true,
    });
    const broken = Buffer.from(bytes.subarray(0, 4096));
    broken[42] = 9;
    expect(parseFileHeader(broken)?.checksumOk).toBe(false);
  });

  it('reads the chunk header fields and both CRC32s', () => {
    const chunk = bytes.subarray(4096, 4096 + 65536);
    const h = parseChunkHeader(chunk, chunk.length);
    const second = built.locations.get(2)!;
    expect(h).toMatchObject({
      magicOk: true,
      empty: false,
      firstRecordNumber: 1,
      lastRecordNumber: 2,
      firstRecordId: 1,
      lastRecordId: 2,
      headerSize: 128,
      lastRecordOffset: second.offset,
      freeSpaceOffset: second.offset + second.size,
      headerChecksumOk: true,
      recordsChecksumOk: true,
    });
    const damaged = Buffer.from(chunk);
    damaged[600] = damaged[600]! ^ 0xff;
    expect(parseChunkHeader(damaged, damaged.length).recordsChecksumOk).toBe(false);
    damaged[200] = damaged[200]! ^ 0xff;
    expect(parseChunkHeader(damaged, damaged.length).headerChecksumOk).toBe(false);
    expect(parseChunkHeader(Buffer.alloc(65536), 65536).empty).toBe(true);
  });
});

describe('records → eventlog.record events', async () => {
  const records = [
    rec(101, { qualifiers: 0, providerGuid: '{BAF908EA-3421-4CA9-9B84-6689B8C6F85F}', userSid: 'S-1-5-18', processId: 2156, threadId: 4400 }),
    rec(102, { time: '2024-03-01T10:05:00.1234567Z', level: 4, eventId: 1146, data: {} }),
  ];
  const { events, batches, state, diagnostics } = await read(build(records));
  const e = byId(events, 101);

  it('reads every record, one batch per chunk, without diagnostics', () => {
    expect(events).toHaveLength(2);
    expect(batches).toBe(1);
    expect(diagnostics).toEqual([]);
    expect(state.records).toBe(2);
    expect(state.unparsed).toBe(0);
  });

  it('fills the System fields', () => {
    expect(e).toMatchObject({
      type: 'eventlog.record',
      sourceKind: 'event-log',
      source: { file: 'System.evtx', line: 101 },
      eventId: 1230,
      idFrom: 'record',
      provider: FC,
      level: 'ERR',
      levelName: 'Error',
      computer: 'NODE1.contoso.com',
      channel: 'System',
      recordId: 101,
      task: '3',
      pid: 2156,
      tid: 4400,
      component: null,
    });
  });

  it('takes the time from TimeCreated@SystemTime as UTC, with 100 ns digits', () => {
    expect(e.wallMs).toBe(T0 + 101_000);
    expect(e.utcMs).toBe(e.wallMs);
    expect(e.timeText).toBe('2024-03-01T10:01:41.000000000Z');
    const later = byId(events, 102);
    expect(later.timeText).toBe('2024-03-01T10:05:00.123000000Z');
    expect(state.zone).toEqual({ basis: 'utc', offsetMinutes: 0, how: 'evtx records carry UTC' });
    expect(state.firstUtcMs).toBe(T0 + 101_000);
    expect(state.lastUtcMs).toBe(Date.parse('2024-03-01T10:05:00.123Z'));
    expect(state.dialect).toBe('EVTX 3.1');
  });

  it('names the node after the Computer (short name) and records where it came from', () => {
    expect(e.node).toBe('NODE1');
    expect(state.node).toBe('NODE1');
    expect(state.nodeFrom).toBe('computer field');
  });

  it('keeps a node named by the file name or --node for the input, and uses it for records without a Computer', async () => {
    const r = await read(build([...records, rec(103, { computer: '' })]), {}, { node: 'SQLN01', nodeFrom: '--node-name' });
    expect(r.state).toMatchObject({ node: 'SQLN01', nodeFrom: '--node-name' });
    expect(r.events.map((x) => x.node)).toEqual(['NODE1', 'NODE1', 'SQLN01']);
    expect(r.events[2]!.computer).toBeNull();
  });

  it('keeps EventData by name and renders catalogued messages', () => {
    expect(e.data).toEqual({ ResourceName: 'SQL Server (MSSQLSERVER)', ResourceType: 'SQL Server', ResourceDll: 'sqsrvres.dll' });
    expect(e.template).toBe('1230/deadlock-2016');
    expect(e.params).toEqual({ resource: 'SQL Server (MSSQLSERVER)', resourceType: 'SQL Server', dll: 'sqsrvres.dll' });
    expect(e.message).toContain("cluster resource 'SQL Server (MSSQLSERVER)' (resource type 'SQL Server', DLL 'sqsrvres.dll')");
    expect(e.text).toBe(e.message);
  });

  it('gives no data for an empty EventData', () => {
    const x = byId(events, 102);
    expect(x.data).toBeNull();
    expect(x.template).toBe('1146/terminated');
  });

});

describe('levels', async () => {
  const levels = [0, 1, 2, 3, 4, 5, 16];
  const { events } = await read(build(levels.map((level, i) => rec(i + 1, { level, eventId: 9000 + i }))));
  it('normalises numeric levels (0 = LogAlways shows as Information)', () => {
    expect(events.map((e) => [e.level, e.levelName])).toEqual([
      ['INFO', 'Information'],
      ['CRIT', 'Critical'],
      ['ERR', 'Error'],
      ['WARN', 'Warning'],
      ['INFO', 'Information'],
      ['VERBOSE', 'Verbose'],
      ['VERBOSE', 'Level 16'],
    ]);
  });
  it('uses the EventData as text when the catalogue has no message', () => {
    expect(events[0]!.message).toBe('');
    expect(events[0]!.template).toBeNull();
    expect(events[0]!.text).toBe('ResourceName: SQL Server (MSSQLSERVER); ResourceType: SQL Server; ResourceDll: sqsrvres.dll');
  });
});

describe('EventData and UserData layouts', async () => {
  const data = { ResourceName: 'Cluster Disk 2', ResourceType: 'Physical Disk', ResourceDll: 'clusres.dll' };
  const records = [
    rec(1, { layout: 'unnamed', data }),
    rec(2, { layout: 'nested', data, binary: 'E107070003000C00', qualifiers: 49152 }),
    rec(3, { layout: 'nested-plain', data }),
    rec(4, { layout: 'userdata', data }),
    rec(5, { staticData: true, data: { Literal: 'fixed text' } }),
  ];
  const { events, diagnostics } = await read(build(records));

  it('reads all layouts', () => {
    expect(events).toHaveLength(5);
    expect(diagnostics).toEqual([]);
  });

  it('numbers unnamed <Data> by position', () => {
    expect(byId(events, 1).data).toEqual({ '1': 'Cluster Disk 2', '2': 'Physical Disk', '3': 'clusres.dll' });
    expect(byId(events, 1).params).toEqual({ resource: 'Cluster Disk 2', resourceType: 'Physical Disk', dll: 'clusres.dll' });
  });

  it('reads EventData held in a BinXml substitution with its own template, and <Binary>', () => {
    expect(byId(events, 2).data).toEqual({ '1': 'Cluster Disk 2', '2': 'Physical Disk', '3': 'clusres.dll', Binary: 'E107070003000C00' });
    expect(byId(events, 2).message).toContain("'Cluster Disk 2'");
  });

  it('reads a BinXml value made of elements without dependency identifiers', () => {
    expect(byId(events, 3).data).toEqual({ '1': 'Cluster Disk 2', '2': 'Physical Disk', '3': 'clusres.dll' });
  });

  it('flattens UserData by element name', () => {
    expect(byId(events, 4).data).toEqual(data);
    expect(byId(events, 4).params).toMatchObject({ resource: 'Cluster Disk 2' });
  });

  it('reads literal template text', () => {
    expect(byId(events, 5).data).toEqual({ Literal: 'fixed text' });
  });
});

describe('templates and names are defined once per chunk, then referenced', async () => {
  const records = Array.from({ length: 40 }, (_, i) => rec(i + 1, { data: { ResourceName: `R${i}`, ResourceType: 'T', ResourceDll: 'd.dll' } }));
  const built = buildEvtx(records, { recordsPerChunk: 20 });
  const { events } = await read(built.bytes);

  it('writes the definition in the first record of each chunk only', () => {
    const size = (id: number): number => built.locations.get(id)!.size;
    expect(size(1)).toBeGreaterThan(size(2) + 500);
    expect(size(21)).toBe(size(1));
    expect(size(2)).toBe(size(3));
  });

  it('reads every instance with its own values', () => {
    expect(events).toHaveLength(40);
    expect(events.map((e) => e.data?.['ResourceName'])).toEqual(records.map((r) => r.data['ResourceName']));
  });
});

describe('value types', async () => {
  const guid = '{0C0A3A5F-1B2C-4D5E-8F90-A1B2C3D4E5F6}';
  const when = Date.parse('2023-11-05T06:07:08.901Z');
  const typed = [
    { name: 'Int8', type: VT.int8, bytes: Buffer.from([0xfb]) },
    { name: 'UInt8', type: VT.uint8, bytes: enc.u8(250) },
    { name: 'Int16', type: VT.int16, bytes: Buffer.from([0x18, 0xfc]) },
    { name: 'UInt16', type: VT.uint16, bytes: enc.u16(65000) },
    { name: 'Int32', type: VT.int32, bytes: enc.i32(-7) },
    { name: 'UInt32', type: VT.uint32, bytes: enc.u32(4_000_000_000) },
    { name: 'Int64', type: VT.int64, bytes: enc.i64(-(2n ** 40n)) },
    { name: 'UInt64', type: VT.uint64, bytes: enc.u64(2n ** 63n + 5n) },
    { name: 'Real32', type: VT.real32, bytes: enc.f32(1.5) },
    { name: 'Real64', type: VT.real64, bytes: enc.f64(-3.25) },
    { name: 'BoolTrue', type: VT.bool, bytes: enc.u32(1) },
    { name: 'BoolFalse', type: VT.bool, bytes: enc.u32(0) },
    { name: 'Binary', type: VT.binary, bytes: Buffer.from('00ff10', 'hex') },
    { name: 'Guid', type: VT.guid, bytes: enc.guid(guid) },
    { name: 'SizeT32', type: VT.sizeT, bytes: enc.u32(0x1234) },
    { name: 'SizeT64', type: VT.sizeT, bytes: enc.u64(0x1_0000_0000n) },
    { name: 'FileTime', type: VT.filetime, bytes: enc.filetime(when, 1234) },
    { name: 'SystemTime', type: VT.systemtime, bytes: enc.systemtime(new Date(when)) },
    { name: 'Sid', type: VT.sid, bytes: enc.sid('S-1-5-21-3623811015-3361044348-30300820-1013') },
    { name: 'HexInt32', type: VT.hexInt32, bytes: enc.u32(0xc00000b5) },
    { name: 'HexInt64', type: VT.hexInt64, bytes: enc.u64(0x8080000000000000n) },
    { name: 'Ansi', type: VT.ansi, bytes: Buffer.from('caf\xe9\0', 'latin1') },
    { name: 'StringNul', type: VT.string, bytes: Buffer.from('end\0', 'utf16le') },
    { name: 'Strings', type: VT.string | VT.array, bytes: Buffer.from('one\0two\0', 'utf16le') },
    { name: 'UInt16s', type: VT.uint16 | VT.array, bytes: Buffer.concat([enc.u16(1), enc.u16(2), enc.u16(3)]) },
    { name: 'Empty', type: VT.string, bytes: Buffer.alloc(0) },
  ];
  const { events, diagnostics } = await read(build([rec(1, { data: {}, typed })]));
  const data = events[0]?.data ?? {};

  it('renders each type as Event Viewer shows it', () => {
    expect(diagnostics).toEqual([]);
    expect(data).toMatchObject({
      Int8: '-5',
      UInt8: '250',
      Int16: '-1000',
      UInt16: '65000',
      Int32: '-7',
      UInt32: '4000000000',
      Int64: '-1099511627776',
      UInt64: '9223372036854775813',
      Real32: '1.5',
      Real64: '-3.25',
      BoolTrue: 'true',
      BoolFalse: 'false',
      Binary: '00FF10',
      Guid: guid,
      SizeT32: '0x1234',
      SizeT64: '0x100000000',
      FileTime: '2023-11-05T06:07:08.901123400Z',
      SystemTime: '2023-11-05T06:07:08.901000000Z',
      Sid: 'S-1-5-21-3623811015-3361044348-30300820-1013',
      HexInt32: '0xc00000b5',
      HexInt64: '0x8080000000000000',
      Ansi: 'café',
      StringNul: 'end',
      Empty: '',
    });
  });

  it('repeats the element once per item of an array value', () => {
    expect(data).toMatchObject({ Strings: 'one', Strings_2: 'two', UInt16s: '1', UInt16s_2: '2', UInt16s_3: '3' });
  });
});

describe('cluster events of interest', async () => {
  const records = [
    rec(1, { eventId: 1230, level: 2 }),
    rec(2, {
      eventId: 1230,
      data: { ResourceName: 'AG1', ResourceType: 'SQL Server Availability Group', ResourceDll: 'hadrres.dll', ControlCode: '16777345;' },
    }),
    rec(3, { eventId: 1146, level: 1, data: {} }),
    rec(4, { eventId: 1069, data: { ResourceName: 'Cluster Name', ResourceGroup: 'Cluster Group', ResTypeName: 'Network Name' } }),
    rec(5, { eventId: 1135, level: 1, data: { NodeName: 'NODE2' } }),
    rec(6, { eventId: 1177, level: 1, data: {} }),
    rec(7, { eventId: 5120, data: { VolumeName: 'Volume1', ResourceName: 'Cluster Disk 1', ErrorCode: 'STATUS_IO_TIMEOUT(c00000b5)' } }),
    rec(8, { provider: 'storport', eventId: 129, level: 3, layout: 'nested', qualifiers: 32772, data: { DeviceName: '\\Device\\RaidPort1' }, binary: '0F0018000100' }),
    rec(9, { provider: 'storport', eventId: 153, level: 3, layout: 'nested', qualifiers: 32772, data: { Disk: '\\Device\\Harddisk3\\DR3', Addr: '0x42' } }),
  ];
  const { events } = await read(build(records));

  it('1230: resource, type and DLL', () => {
    expect(byId(events, 1)).toMatchObject({ eventId: 1230, level: 'ERR', template: '1230/deadlock-2016', params: { resource: 'SQL Server (MSSQLSERVER)', dll: 'sqsrvres.dll' } });
  });

  it('1230 with a control code picks the control-code wording', () => {
    expect(byId(events, 2).template).toBe('1230/control-code-2016');
    expect(byId(events, 2).params).toMatchObject({ resource: 'AG1', controlCode: '16777345' });
  });

  it('1146, 1135, 1177', () => {
    expect(byId(events, 3)).toMatchObject({ level: 'CRIT', template: '1146/terminated' });
    expect(byId(events, 5).params).toMatchObject({ node: 'NODE2' });
    expect(byId(events, 5).message).toContain("Cluster node 'NODE2' was removed");
    expect(byId(events, 6).eventId).toBe(1177);
    expect(byId(events, 6).message).toContain('quorum');
  });

  it('1069: parameters by the catalogue position, and from EventData names', () => {
    expect(byId(events, 4).params).toMatchObject({ resource: 'Cluster Name', group: 'Cluster Group' });
    expect(byId(events, 4).data).toEqual({ ResourceName: 'Cluster Name', ResourceGroup: 'Cluster Group', ResTypeName: 'Network Name' });
  });

  it('5120: CSV volume and status', () => {
    expect(byId(events, 7).data).toMatchObject({ VolumeName: 'Volume1', ErrorCode: 'STATUS_IO_TIMEOUT(c00000b5)' });
    expect(byId(events, 7).params).toMatchObject({ volume: 'Volume1' });
  });

  it('storport 129/153: classic events with positional insertion strings', () => {
    expect(byId(events, 8)).toMatchObject({ provider: 'storport', eventId: 129, level: 'WARN', data: { '1': '\\Device\\RaidPort1', Binary: '0F0018000100' } });
    expect(byId(events, 9).data).toEqual({ '1': '\\Device\\Harddisk3\\DR3', '2': '0x42' });
    expect(byId(events, 9).message).not.toBe('');
  });
});

describe('early skipping by provider and event id', async () => {
  const records = [
    rec(1),
    rec(2, { provider: 'Service Control Manager', eventId: 7036, eventSourceName: 'Service Control Manager', layout: 'nested' }),
    rec(3, { eventId: 1069 }),
    rec(4, { provider: 'Microsoft-Windows-Kernel-General', eventId: 12 }),
  ];
  const bytes = build(records);

  it('keeps only the providers asked for (any case, Name or EventSourceName)', async () => {
    const r = await read(bytes, { providers: new Set(['microsoft-windows-failoverclustering', 'Service Control Manager']) });
    expect(r.events.map((e) => e.recordId)).toEqual([1, 2, 3]);
    expect(r.state.records).toBe(4);
    expect(r.state.notes).toContain('1 records counted but not decoded: left out by the provider / event id filter');
  });

  it('keeps only the event ids asked for', async () => {
    const r = await read(bytes, { eventIds: new Set([1230, 12]) });
    expect(r.events.map((e) => e.recordId)).toEqual([1, 4]);
  });

  it('combines both filters', async () => {
    const r = await read(bytes, { providers: new Set([FC]), eventIds: new Set([1069]) });
    expect(r.events.map((e) => e.recordId)).toEqual([3]);
  });
});

describe('streaming', async () => {
  const records = Array.from({ length: 300 }, (_, i) => rec(i + 1, { layout: (['named', 'nested', 'userdata'] as const)[i % 3] }));
  const bytes = build(records, { emptyChunks: 2 });
  const whole = await read(bytes);

  it.each([1, 7, 4097, 70_000, 1 << 20])('gives the same events for pieces of %i bytes', async (size) => {
    const r = await read(inPieces(bytes, size));
    expect(r.events).toEqual(whole.events);
    expect(r.diagnostics).toEqual([]);
  });

  it('yields one batch per chunk that holds records', () => {
    expect(whole.events).toHaveLength(300);
    expect(whole.batches).toBe(buildEvtx(records).chunks);
  });

  it('reads chunks without a file header (carved)', async () => {
    const r = await read(build(records.slice(0, 50), { noFileHeader: true }));
    expect(r.events).toHaveLength(50);
    expect(r.state.dialect).toBe('EVTX (no file header)');
  });
});
