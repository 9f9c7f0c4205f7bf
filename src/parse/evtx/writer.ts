/**
 * An EVTX writer: builds files the way Windows lays them out (file header, 64 KiB chunks, records
 * whose binary XML is a template instance with System + EventData substitutions, names and templates
 * defined in place on first use in a chunk and referenced afterwards, CRC32s), and damages them on
 * request. Used by the tests and the benchmark to make files of known content; not by the analysis.
 * Format: libyal libevtx "Windows XML Event Log (EVTX)".
 */
import { crc32 } from 'node:zlib';

export const CHUNK_SIZE = 65536;
export const FILE_HEADER_SIZE = 4096;
const CHUNK_HEADER_SIZE = 512;

/** Substitution value types (libevtx "Value types"). */
export const VT = {
  null: 0x00,
  string: 0x01,
  ansi: 0x02,
  int8: 0x03,
  uint8: 0x04,
  int16: 0x05,
  uint16: 0x06,
  int32: 0x07,
  uint32: 0x08,
  int64: 0x09,
  uint64: 0x0a,
  real32: 0x0b,
  real64: 0x0c,
  bool: 0x0d,
  binary: 0x0e,
  guid: 0x0f,
  sizeT: 0x10,
  filetime: 0x11,
  systemtime: 0x12,
  sid: 0x13,
  hexInt32: 0x14,
  hexInt64: 0x15,
  binXml: 0x21,
  array: 0x80,
} as const;

/** An EventData value of an explicit type (value-type tests): raw little-endian bytes. */
export interface TypedValue {
  readonly name: string;
  readonly type: number;
  readonly bytes: Buffer;
}

export interface EvtxRecordSpec {
  readonly recordId: number;
  /** ISO-8601 text, epoch milliseconds or a Date (written as FILETIME, UTC). */
  readonly time: Date | number | string;
  readonly provider: string;
  readonly eventId: number;
  readonly level: number;
  readonly computer: string;
  readonly channel: string;
  /** EventData values: `<Data Name="key">value</Data>`. */
  readonly data: Readonly<Record<string, string>>;
  readonly qualifiers?: number;
  readonly task?: number;
  readonly providerGuid?: string;
  readonly eventSourceName?: string;
  readonly processId?: number;
  readonly threadId?: number;
  readonly userSid?: string;
  /**
   * How the data is laid out: `named` (manifest events), `unnamed` (`<Data>` without Name, classic
   * events), `nested` (EventData inside a BinXml substitution holding its own template instance, as
   * Windows writes classic events), `nested-plain` (BinXml value with elements and no template),
   * `userdata` (`<UserData><Event xmlns=...><Key>value</Key>...`).
   */
  readonly layout?: 'named' | 'unnamed' | 'nested' | 'nested-plain' | 'userdata';
  /** Hex bytes for `<Binary>` after the Data elements (classic events). */
  readonly binary?: string;
  /** Extra typed `<Data Name=...>` values after `data`. */
  readonly typed?: readonly TypedValue[];
  /** Static content instead of substitutions for EventData (records without values). */
  readonly staticData?: boolean;
}

export type EvtxDamage =
  | { readonly kind: 'chunk-magic'; readonly chunk: number }
  | { readonly kind: 'chunk-header-crc'; readonly chunk: number }
  /** A wrong records CRC32 (the header CRC32 stays valid). */
  | { readonly kind: 'records-crc'; readonly chunk: number }
  /** Zero the second half of a record (a write cut short by a copy of a live log). */
  | { readonly kind: 'cut-record'; readonly recordId: number }
  /** Overwrite the size field (and its copy with `alsoCopy`). */
  | { readonly kind: 'record-size'; readonly recordId: number; readonly size: number; readonly alsoCopy?: boolean }
  /** Replace the record's first template-instance byte with an unknown token. */
  | { readonly kind: 'binxml'; readonly recordId: number }
  /** Point the name of the record's first element at the end of the chunk (first record of a chunk only: it holds the template definition). */
  | { readonly kind: 'bad-name-offset'; readonly recordId: number }
  /**
   * Rewrite the chunk header as if only its first `keep` records were written: the rest stay as
   * stale bytes after the free-space offset (a reused chunk). CRCs are recomputed.
   */
  | { readonly kind: 'stale-tail'; readonly chunk: number; readonly keep: number }
  /** Keep only the first `length` bytes of the file. */
  | { readonly kind: 'truncate'; readonly length: number };

export interface EvtxWriteOptions {
  /** Start a new chunk after this many records (default: as many as fit). */
  readonly recordsPerChunk?: number;
  /** Set the dirty flag (a copy of a live log). */
  readonly dirty?: boolean;
  /** Chunk count written in the file header (default: the real count). */
  readonly headerChunkCount?: number;
  /** Empty (all-zero) chunks appended after the written ones, as Windows preallocates. */
  readonly emptyChunks?: number;
  readonly damage?: readonly EvtxDamage[];
  readonly version?: readonly [number, number];
  /** Omit the 4096-byte file header (a carved chunk stream). */
  readonly noFileHeader?: boolean;
}

/** Where each record ended up, for tests that damage or inspect bytes. */
export interface RecordLocation {
  readonly chunk: number;
  /** Offset in the chunk. */
  readonly offset: number;
  readonly size: number;
}

export interface BuiltEvtx {
  readonly bytes: Buffer;
  readonly locations: ReadonlyMap<number, RecordLocation>;
  readonly chunks: number;
}

// ---------------------------------------------------------------- bytes

class Out {
  private buf = Buffer.alloc(256);
  len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  u8(v: number): this {
    this.room(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }
  u16(v: number): this {
    this.room(2);
    this.buf.writeUInt16LE(v & 0xffff, this.len);
    this.len += 2;
    return this;
  }
  u32(v: number): this {
    this.room(4);
    this.buf.writeUInt32LE(v >>> 0, this.len);
    this.len += 4;
    return this;
  }
  bytes(b: Buffer): this {
    this.room(b.length);
    b.copy(this.buf, this.len);
    this.len += b.length;
    return this;
  }
  patch32(at: number, v: number): void {
    this.buf.writeUInt32LE(v >>> 0, at);
  }
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

// ---------------------------------------------------------------- value encoders

export const enc = {
  string: (s: string): Buffer => Buffer.from(s, 'utf16le'),
  u8: (n: number): Buffer => Buffer.from([n & 0xff]),
  u16: (n: number): Buffer => {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(n);
    return b;
  },
  u32: (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    return b;
  },
  i32: (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return b;
  },
  u64: (n: number | bigint): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    return b;
  },
  i64: (n: number | bigint): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(n));
    return b;
  },
  f32: (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    return b;
  },
  f64: (n: number): Buffer => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(n);
    return b;
  },
  /** FILETIME from epoch milliseconds plus extra 100 ns ticks. */
  filetime: (ms: number, ticks = 0): Buffer => enc.u64(BigInt(ms + 11_644_473_600_000) * 10_000n + BigInt(ticks)),
  systemtime: (d: Date): Buffer => {
    const b = Buffer.alloc(16);
    [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDay(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()].forEach(
      (v, i) => b.writeUInt16LE(v, i * 2),
    );
    return b;
  },
  /** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` → the little-endian GUID layout. */
  guid: (text: string): Buffer => {
    const h = text.replace(/[{}-]/g, '');
    const b = Buffer.alloc(16);
    b.writeUInt32LE(parseInt(h.slice(0, 8), 16), 0);
    b.writeUInt16LE(parseInt(h.slice(8, 12), 16), 4);
    b.writeUInt16LE(parseInt(h.slice(12, 16), 16), 6);
    Buffer.from(h.slice(16), 'hex').copy(b, 8);
    return b;
  },
  /** `S-1-5-21-...` → revision, count, 48-bit big-endian authority, 32-bit sub-authorities. */
  sid: (text: string): Buffer => {
    const [, rev, auth, ...subs] = text.split('-');
    const b = Buffer.alloc(8 + subs.length * 4);
    b[0] = Number(rev);
    b[1] = subs.length;
    b.writeUIntBE(Number(auth), 2, 6);
    subs.forEach((s, i) => b.writeUInt32LE(Number(s), 8 + i * 4));
    return b;
  },
};

function timeMs(t: Date | number | string): number {
  return t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
}

// ---------------------------------------------------------------- binary XML

type WValue = { readonly text: string } | { readonly sub: number; readonly type: number; readonly optional?: boolean };
interface WElem {
  readonly name: string;
  readonly attrs?: readonly (readonly [string, WValue])[];
  readonly children?: readonly (WElem | WValue)[];
}

function isElem(n: WElem | WValue): n is WElem {
  return 'name' in n;
}

/** The names a chunk already holds (name → offset), and templates (key → offset, id). */
interface ChunkTables {
  readonly names: Map<string, number>;
  readonly templates: Map<string, { offset: number; id: number }>;
}

/** Name hash as Windows stores it (not checked by readers). */
function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

class XmlWriter {
  constructor(
    readonly out: Out,
    /** Chunk offset of `out[0]`. */
    readonly base: number,
    readonly tables: ChunkTables,
    readonly added: ChunkTables,
    /** Element starts carry the 2-byte dependency identifier (template definitions do). */
    readonly depId: boolean,
  ) {}

  here(): number {
    return this.base + this.out.len;
  }

  name(name: string): void {
    const known = this.tables.names.get(name) ?? this.added.names.get(name);
    if (known !== undefined) {
      this.out.u32(known);
      return;
    }
    const at = this.here() + 4;
    this.out.u32(at);
    this.added.names.set(name, at);
    this.out.u32(0).u16(nameHash(name)).u16(name.length).bytes(enc.string(name)).u16(0);
  }

  value(v: WValue): void {
    if ('text' in v) this.out.u8(0x05).u8(0x01).u16(v.text.length).bytes(enc.string(v.text));
    else this.out.u8(v.optional === false ? 0x0d : 0x0e).u16(v.sub).u8(v.type);
  }

  element(e: WElem): void {
    const o = this.out;
    const attrs = e.attrs ?? [];
    o.u8(attrs.length > 0 ? 0x41 : 0x01);
    if (this.depId) o.u16(0xffff);
    const sizeAt = o.len;
    o.u32(0);
    this.name(e.name);
    if (attrs.length > 0) {
      const listAt = o.len;
      o.u32(0);
      attrs.forEach(([name, value], i) => {
        o.u8(i === attrs.length - 1 ? 0x06 : 0x46);
        this.name(name);
        this.value(value);
      });
      o.patch32(listAt, o.len - listAt - 4);
    }
    const children = e.children ?? [];
    if (children.length === 0) o.u8(0x03);
    else {
      o.u8(0x02);
      for (const c of children) {
        if (isElem(c)) this.element(c);
        else this.value(c);
      }
      o.u8(0x04);
    }
    o.patch32(sizeAt, o.len - sizeAt - 4);
  }

  /** Template instance: token, 1, id, definition offset, [definition], values. */
  instance(key: string, body: WElem, values: readonly ((base: number) => [number, Buffer])[]): void {
    const o = this.out;
    const known = this.tables.templates.get(key) ?? this.added.templates.get(key);
    const id = known?.id ?? templateId(key);
    o.u8(0x0c).u8(0x01).u32(id);
    if (known !== undefined) o.u32(known.offset);
    else {
      const at = this.here() + 4;
      o.u32(at);
      this.added.templates.set(key, { offset: at, id });
      o.u32(0).u32(id).bytes(Buffer.from(key.padEnd(12, '#').slice(0, 12), 'latin1'));
      const sizeAt = o.len;
      o.u32(0);
      o.u8(0x0f).u8(1).u8(1).u8(0);
      new XmlWriter(o, this.base, this.tables, this.added, true).element(body);
      o.u8(0x00);
      o.patch32(sizeAt, o.len - sizeAt - 4);
    }
    o.u32(values.length);
    const descAt = o.len;
    for (let i = 0; i < values.length; i++) o.u32(0);
    for (let i = 0; i < values.length; i++) {
      const [type, bytes] = values[i]!(this.here());
      o.patch32(descAt + i * 4, bytes.length | (type << 16));
      o.bytes(bytes);
    }
  }
}

function templateId(key: string): number {
  return (crc32(Buffer.from(key)) | 1) >>> 0;
}

// ---------------------------------------------------------------- record layout

/** Optional substitution (0x0e), as Windows writes most; `normal` gives a normal one (0x0d). */
const S = (sub: number, type: number, normal = false): WValue => ({ sub, type, optional: !normal });

/** The System part, numbered like Windows' own System template (Level first, provider near the end). */
function systemElement(r: EvtxRecordSpec): WElem {
  const provider: [string, WValue][] = [['Name', S(12, VT.string)]];
  if (r.providerGuid !== undefined) provider.push(['Guid', S(13, VT.guid)]);
  if (r.eventSourceName !== undefined) provider.push(['EventSourceName', S(15, VT.string)]);
  return {
    name: 'System',
    children: [
      { name: 'Provider', attrs: provider },
      { name: 'EventID', attrs: r.qualifiers !== undefined ? [['Qualifiers', S(4, VT.uint16)]] : [], children: [S(3, VT.uint16, true)] },
      { name: 'Version', children: [S(16, VT.uint8)] },
      { name: 'Level', children: [S(0, VT.uint8)] },
      { name: 'Task', children: [S(2, VT.uint16)] },
      { name: 'Opcode', children: [S(1, VT.uint8)] },
      { name: 'Keywords', children: [S(5, VT.hexInt64)] },
      { name: 'TimeCreated', attrs: [['SystemTime', S(6, VT.filetime)]] },
      { name: 'EventRecordID', children: [S(7, VT.uint64, true)] },
      { name: 'Correlation' },
      { name: 'Execution', attrs: [['ProcessID', S(8, VT.uint32)], ['ThreadID', S(9, VT.uint32)]] },
      { name: 'Channel', children: [S(10, VT.string)] },
      { name: 'Computer', children: [S(11, VT.string)] },
      { name: 'Security', attrs: r.userSid !== undefined ? [['UserID', S(14, VT.sid)]] : [] },
    ],
  };
}

type ValueFn = (base: number) => [number, Buffer];
const fixed =
  (type: number, bytes: Buffer): ValueFn =>
  () => [type, bytes];

function systemValues(r: EvtxRecordSpec): ValueFn[] {
  return [
    fixed(VT.uint8, enc.u8(r.level)),
    fixed(VT.uint8, enc.u8(0)),
    fixed(VT.uint16, enc.u16(r.task ?? 0)),
    fixed(VT.uint16, enc.u16(r.eventId)),
    r.qualifiers !== undefined ? fixed(VT.uint16, enc.u16(r.qualifiers)) : fixed(VT.null, Buffer.alloc(0)),
    fixed(VT.hexInt64, enc.u64(0x8080000000000000n)),
    fixed(VT.filetime, enc.filetime(timeMs(r.time))),
    fixed(VT.uint64, enc.u64(r.recordId)),
    fixed(VT.uint32, enc.u32(r.processId ?? 1234)),
    fixed(VT.uint32, enc.u32(r.threadId ?? 5678)),
    fixed(VT.string, enc.string(r.channel)),
    fixed(VT.string, enc.string(r.computer)),
    fixed(VT.string, enc.string(r.provider)),
    r.providerGuid !== undefined ? fixed(VT.guid, enc.guid(r.providerGuid)) : fixed(VT.null, Buffer.alloc(0)),
    r.userSid !== undefined ? fixed(VT.sid, enc.sid(r.userSid)) : fixed(VT.null, Buffer.alloc(0)),
    r.eventSourceName !== undefined ? fixed(VT.string, enc.string(r.eventSourceName)) : fixed(VT.null, Buffer.alloc(0)),
    fixed(VT.uint8, enc.u8(0)),
  ];
}
const FIRST_DATA_SUB = 17;

function dataEntries(r: EvtxRecordSpec): { name: string | null; type: number; bytes: Buffer }[] {
  const named = (r.layout ?? 'named') !== 'unnamed' && r.layout !== 'nested' && r.layout !== 'nested-plain';
  const list = Object.entries(r.data).map(([k, v]) => ({ name: named ? k : null, type: VT.string as number, bytes: enc.string(v) }));
  for (const t of r.typed ?? []) list.push({ name: t.name, type: t.type, bytes: t.bytes });
  return list;
}

/** `<EventData>` with Data elements whose values are substitutions from `first` on (or static text). */
function eventDataElement(r: EvtxRecordSpec, first: number, entries: ReturnType<typeof dataEntries>): WElem {
  const children: WElem[] = entries.map((e, i) => ({
    name: 'Data',
    attrs: e.name !== null ? [['Name', { text: e.name }] as const] : [],
    children: [r.staticData === true ? { text: e.bytes.toString('utf16le') } : S(first + i, e.type)],
  }));
  if (r.binary !== undefined) children.push({ name: 'Binary', children: [S(first + entries.length, VT.binary)] });
  return { name: 'EventData', children };
}

function dataValues(r: EvtxRecordSpec, entries: ReturnType<typeof dataEntries>): ValueFn[] {
  if (r.staticData === true) return [];
  const values = entries.map((e) => fixed(e.type, e.bytes));
  if (r.binary !== undefined) values.push(fixed(VT.binary, Buffer.from(r.binary, 'hex')));
  return values;
}

function layoutKey(r: EvtxRecordSpec, entries: ReturnType<typeof dataEntries>): string {
  return JSON.stringify([
    r.layout ?? 'named',
    r.qualifiers !== undefined,
    r.providerGuid !== undefined,
    r.eventSourceName !== undefined,
    r.userSid !== undefined,
    r.binary !== undefined,
    r.staticData === true ? entries.map((e) => e.bytes.toString('hex')) : null,
    entries.map((e) => [e.name, e.type]),
  ]);
}

/** Encodes one record's binary XML at chunk offset `base`. */
function recordXml(r: EvtxRecordSpec, base: number, tables: ChunkTables, added: ChunkTables): Buffer {
  const out = new Out();
  out.u8(0x0f).u8(1).u8(1).u8(0);
  const w = new XmlWriter(out, base, tables, added, false);
  const entries = dataEntries(r);
  const layout = r.layout ?? 'named';
  const values = systemValues(r);
  let rest: WElem | WValue;
  if (layout === 'userdata') {
    rest = {
      name: 'UserData',
      children: [
        {
          name: 'ClusterEvent',
          attrs: [['xmlns', { text: 'http://manifests.microsoft.com/win/2004/08/windows/test' }]],
          children: entries.map((e, i) => ({ name: e.name ?? `Value${i + 1}`, children: [S(FIRST_DATA_SUB + i, e.type)] })),
        },
      ],
    };
    values.push(...entries.map((e) => fixed(e.type, e.bytes)));
  } else if (layout === 'nested' || layout === 'nested-plain') {
    // EventData in one BinXml value, as Windows writes events of classic (non-manifest) sources.
    rest = S(FIRST_DATA_SUB, VT.binXml);
    values.push((vbase) => {
      const o = new Out();
      o.u8(0x0f).u8(1).u8(1).u8(0);
      const nw = new XmlWriter(o, vbase, tables, added, false);
      if (layout === 'nested') {
        nw.instance(`nested:${layoutKey(r, entries)}`, eventDataElement(r, 0, entries), dataValues(r, entries));
      } else {
        nw.element({
          name: 'EventData',
          children: entries.map((e) => ({ name: 'Data', children: [{ text: e.bytes.toString('utf16le') }] })),
        });
      }
      o.u8(0x00);
      return [VT.binXml, o.result()];
    });
  } else {
    rest = eventDataElement(r, FIRST_DATA_SUB, entries);
    values.push(...dataValues(r, entries));
  }
  const body: WElem = {
    name: 'Event',
    attrs: [['xmlns', { text: 'http://schemas.microsoft.com/win/2004/08/events/event' }]],
    children: [systemElement(r), rest],
  };
  w.instance(`event:${layoutKey(r, entries)}`, body, values);
  out.u8(0x00);
  return out.result();
}

// ---------------------------------------------------------------- chunks and file

interface ChunkState {
  readonly buf: Buffer;
  readonly tables: ChunkTables;
  pos: number;
  lastRecordOffset: number;
  readonly ids: number[];
}

function newChunk(): ChunkState {
  return { buf: Buffer.alloc(CHUNK_SIZE), tables: { names: new Map(), templates: new Map() }, pos: CHUNK_HEADER_SIZE, lastRecordOffset: 0, ids: [] };
}

function finishChunk(c: ChunkState, firstNumber: number, dirty: boolean): void {
  const b = c.buf;
  b.write('ElfChnk\0', 0, 'latin1');
  const ids = c.ids;
  b.writeBigUInt64LE(BigInt(firstNumber), 8);
  b.writeBigUInt64LE(BigInt(firstNumber + ids.length - 1), 16);
  b.writeBigUInt64LE(BigInt(ids[0] ?? 0), 24);
  b.writeBigUInt64LE(BigInt(ids[ids.length - 1] ?? 0), 32);
  b.writeUInt32LE(128, 40);
  b.writeUInt32LE(c.lastRecordOffset, 44);
  b.writeUInt32LE(c.pos, 48);
  b.writeUInt32LE(crc32(b.subarray(CHUNK_HEADER_SIZE, c.pos)), 52);
  b.writeUInt32LE(dirty ? 1 : 0, 120);
  // String and template tables: bucket heads (readers do not need them; Windows fills them).
  for (const [name, offset] of c.tables.names) b.writeUInt32LE(offset - 4, 128 + (nameHash(name) % 64) * 4);
  for (const { offset, id } of c.tables.templates.values()) b.writeUInt32LE(offset, 384 + (id % 32) * 4);
  b.writeUInt32LE(crc32(b.subarray(128, 512), crc32(b.subarray(0, 120))), 124);
}

export interface EvtxChunkWriterOptions {
  /** Start a new chunk after this many records (default: as many as fit). */
  readonly recordsPerChunk?: number;
  /** Set the dirty flag in each chunk header. */
  readonly dirty?: boolean;
  /** Keep where each record went (`locations`); off for files too large to index. */
  readonly trackLocations?: boolean;
}

/**
 * Packs records into finished 64 KiB chunks one at a time, so that a file of any size can be
 * written without holding it in memory: `add` returns a chunk whenever one fills up, `finish` the
 * last one. The file header (`evtxFileHeader`) goes before the chunks.
 */
export class EvtxChunkWriter {
  private chunk = newChunk();
  private number = 1;
  private done = 0;
  private lastId = 0;
  private readonly perChunk: number;
  private readonly dirty: boolean;
  readonly locations = new Map<number, RecordLocation>();

  constructor(private readonly options: EvtxChunkWriterOptions = {}) {
    this.perChunk = options.recordsPerChunk ?? Infinity;
    this.dirty = options.dirty === true;
  }

  /** Chunks returned so far. */
  get chunks(): number {
    return this.done;
  }

  /** The record id after the last one written (the file header's next record id). */
  get nextRecordId(): number {
    return this.lastId + 1;
  }

  add(r: EvtxRecordSpec): Buffer | null {
    let closed: Buffer | null = null;
    for (let attempt = 0; ; attempt++) {
      const chunk = this.chunk;
      const added: ChunkTables = { names: new Map(), templates: new Map() };
      const xml = recordXml(r, chunk.pos + 24, chunk.tables, added);
      const size = Math.ceil((24 + xml.length + 4) / 8) * 8;
      if (chunk.ids.length >= this.perChunk || chunk.pos + size > CHUNK_SIZE) {
        if (attempt > 0 || chunk.ids.length === 0) throw new Error(`record ${r.recordId} does not fit in a chunk`);
        closed = this.close();
        continue;
      }
      const b = chunk.buf;
      const p = chunk.pos;
      b.writeUInt32LE(0x2a2a, p);
      b.writeUInt32LE(size, p + 4);
      b.writeBigUInt64LE(BigInt(r.recordId), p + 8);
      enc.filetime(timeMs(r.time)).copy(b, p + 16);
      xml.copy(b, p + 24);
      b.writeUInt32LE(size, p + size - 4);
      for (const [k, v] of added.names) chunk.tables.names.set(k, v);
      for (const [k, v] of added.templates) chunk.tables.templates.set(k, v);
      if (this.options.trackLocations !== false) this.locations.set(r.recordId, { chunk: this.done, offset: p, size });
      chunk.ids.push(r.recordId);
      chunk.lastRecordOffset = p;
      chunk.pos = p + size;
      this.number++;
      this.lastId = r.recordId;
      return closed;
    }
  }

  /** The last, partly filled chunk; null when it holds no record. */
  finish(): Buffer | null {
    return this.chunk.ids.length > 0 ? this.close() : null;
  }

  private close(): Buffer {
    const c = this.chunk;
    finishChunk(c, this.number - c.ids.length, this.dirty);
    this.chunk = newChunk();
    this.done++;
    return c.buf;
  }
}

export interface EvtxFileHeaderFields {
  readonly chunkCount: number;
  readonly nextRecordId: number;
  readonly dirty?: boolean;
  readonly version?: readonly [number, number];
}

/** The 4096-byte file header with its CRC32. */
export function evtxFileHeader(f: EvtxFileHeaderFields): Buffer {
  const header = Buffer.alloc(FILE_HEADER_SIZE);
  const [major, minor] = f.version ?? [3, 1];
  header.write('ElfFile\0', 0, 'latin1');
  header.writeBigUInt64LE(0n, 8);
  header.writeBigUInt64LE(BigInt(Math.max(0, f.chunkCount - 1)), 16);
  header.writeBigUInt64LE(BigInt(f.nextRecordId), 24);
  header.writeUInt32LE(128, 32);
  header.writeUInt16LE(minor, 36);
  header.writeUInt16LE(major, 38);
  header.writeUInt16LE(FILE_HEADER_SIZE, 40);
  header.writeUInt16LE(f.chunkCount, 42);
  header.writeUInt32LE(f.dirty === true ? 1 : 0, 120);
  header.writeUInt32LE(crc32(header.subarray(0, 120)), 124);
  return header;
}

/** Builds an EVTX file from records (in the order given). */
export function buildEvtx(records: readonly EvtxRecordSpec[], options: EvtxWriteOptions = {}): BuiltEvtx {
  const writer = new EvtxChunkWriter({
    ...(options.recordsPerChunk !== undefined ? { recordsPerChunk: options.recordsPerChunk } : {}),
    dirty: options.dirty === true,
  });
  const chunks: Buffer[] = [];
  for (const r of records) {
    const closed = writer.add(r);
    if (closed !== null) chunks.push(closed);
  }
  const last = writer.finish();
  if (last !== null) chunks.push(last);
  const locations = writer.locations;

  const dirty = options.dirty === true;
  const empty = options.emptyChunks ?? 0;
  const header =
    options.noFileHeader === true
      ? Buffer.alloc(0)
      : evtxFileHeader({
          chunkCount: options.headerChunkCount ?? chunks.length,
          nextRecordId: (records[records.length - 1]?.recordId ?? 0) + 1,
          dirty,
          ...(options.version !== undefined ? { version: options.version } : {}),
        });
  let bytes = Buffer.concat([header, ...chunks, Buffer.alloc(empty * CHUNK_SIZE)]);
  const chunkAt = (i: number): number => header.length + i * CHUNK_SIZE;

  for (const d of options.damage ?? []) {
    switch (d.kind) {
      case 'chunk-magic':
        bytes.write('ElfJunk\0', chunkAt(d.chunk), 'latin1');
        break;
      case 'chunk-header-crc':
        bytes.writeUInt32LE((bytes.readUInt32LE(chunkAt(d.chunk) + 124) ^ 0xdeadbeef) >>> 0, chunkAt(d.chunk) + 124);
        break;
      case 'records-crc': {
        // A stale records CRC under a valid header CRC, as in copies of live logs.
        const c = bytes.subarray(chunkAt(d.chunk), chunkAt(d.chunk) + CHUNK_SIZE);
        c.writeUInt32LE((c.readUInt32LE(52) ^ 0xdeadbeef) >>> 0, 52);
        c.writeUInt32LE(crc32(c.subarray(128, 512), crc32(c.subarray(0, 120))), 124);
        break;
      }
      case 'cut-record': {
        const at = locate(locations, d.recordId);
        const start = chunkAt(at.chunk) + at.offset;
        bytes.fill(0, start + Math.floor(at.size / 2), start + at.size);
        break;
      }
      case 'record-size': {
        const at = locate(locations, d.recordId);
        const start = chunkAt(at.chunk) + at.offset;
        bytes.writeUInt32LE(d.size, start + 4);
        if (d.alsoCopy === true) bytes.writeUInt32LE(d.size, start + at.size - 4);
        break;
      }
      case 'binxml': {
        const at = locate(locations, d.recordId);
        bytes[chunkAt(at.chunk) + at.offset + 24 + 4] = 0x1f;
        break;
      }
      case 'bad-name-offset': {
        // Event element name offset: fragment header (4) + instance (10) + definition header (24) +
        // fragment header (4) + token (1) + dependency id (2) + size (4) = 49 bytes into the XML.
        const at = locate(locations, d.recordId);
        bytes.writeUInt32LE(CHUNK_SIZE - 2, chunkAt(at.chunk) + at.offset + 24 + 49);
        break;
      }
      case 'stale-tail': {
        const kept = [...locations.entries()].filter(([, l]) => l.chunk === d.chunk).slice(0, d.keep);
        const last = kept[kept.length - 1];
        if (last === undefined) throw new Error(`chunk ${d.chunk} has no records`);
        const c = bytes.subarray(chunkAt(d.chunk), chunkAt(d.chunk) + CHUNK_SIZE);
        const first = c.readBigUInt64LE(8);
        c.writeBigUInt64LE(first + BigInt(kept.length - 1), 16);
        c.writeBigUInt64LE(BigInt(last[0]), 32);
        c.writeUInt32LE(last[1].offset, 44);
        c.writeUInt32LE(last[1].offset + last[1].size, 48);
        c.writeUInt32LE(crc32(c.subarray(CHUNK_HEADER_SIZE, last[1].offset + last[1].size)), 52);
        c.writeUInt32LE(crc32(c.subarray(128, 512), crc32(c.subarray(0, 120))), 124);
        break;
      }
      case 'truncate':
        bytes = bytes.subarray(0, d.length);
        break;
    }
  }
  return { bytes, locations, chunks: chunks.length };
}

function locate(locations: ReadonlyMap<number, RecordLocation>, id: number): RecordLocation {
  const at = locations.get(id);
  if (at === undefined) throw new Error(`no record ${id}`);
  return at;
}

/** Yields a buffer in pieces of `size` bytes (streams cut at arbitrary places). */
export async function* inPieces(bytes: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
