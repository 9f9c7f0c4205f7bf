import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { openInput, type InputWarningCode, type OpenOptions } from './open.js';
import type { InputFile } from './types.js';
import { unitString } from './units.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Memory still in use after a full collection; large decoded strings live outside the heap (`external`). */
function retainedHeap(): number {
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wsfc-open-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const utf16le = (s: string): Buffer => Buffer.from(s, 'utf16le');
const BOM_LE = Buffer.from([0xff, 0xfe]);

function logLines(n: number, from = 1): string[] {
  return Array.from({ length: n }, (_, i) => `00001894.000018a4::2013/03/08-08:13:01.001 INFO  [RCM] line ${from + i}`);
}

async function fixture(name: string, bytes: Uint8Array): Promise<InputFile> {
  const absolutePath = join(dir, name);
  await writeFile(absolutePath, bytes);
  return { path: `logs/${name}`, absolutePath, size: bytes.length };
}

async function read(file: InputFile, options: OpenOptions = {}) {
  const warnings: { message: string; code: InputWarningCode }[] = [];
  const opened = await openInput(file, { ...options, onWarning: (message, code) => warnings.push({ message, code }) });
  const lines: string[] = [];
  const batches: number[] = [];
  for await (const batch of opened.lines) {
    batches.push(batch.length);
    lines.push(...batch);
  }
  return { opened, lines, batches, warnings };
}

function stdinFile(): InputFile {
  return { path: '-', absolutePath: null, size: null };
}

async function openFds(): Promise<number | null> {
  try {
    return (await readdir('/proc/self/fd')).length;
  } catch {
    return null;
  }
}

describe('openInput', () => {
  it('reads UTF-16LE with BOM and CRLF', async () => {
    const text = logLines(3).join('\r\n') + '\r\n';
    const file = await fixture('u16.log', Buffer.concat([BOM_LE, utf16le(text)]));
    const { opened, lines, warnings } = await read(file);
    expect(opened.encoding).toBe('utf-16le');
    expect(opened.binary).toBeNull();
    expect(lines).toEqual(logLines(3));
    expect(opened.head).toEqual(logLines(3));
    expect(opened.bytesRead()).toBe(file.size);
    expect(warnings).toEqual([]);
  });

  it('reads BOM-less UTF-16LE and UTF-16BE with and without BOM', async () => {
    const text = logLines(5).join('\r\n');
    const le = await read(await fixture('le-nobom.log', utf16le(text)));
    expect(le.opened.encoding).toBe('utf-16le (no BOM)');
    expect(le.lines).toEqual(logLines(5));
    const be = await read(await fixture('be.log', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16le(text).swap16()])));
    expect(be.opened.encoding).toBe('utf-16be');
    expect(be.lines).toEqual(logLines(5));
    const beNoBom = await read(await fixture('be-nobom.log', utf16le(text).swap16()));
    expect(beNoBom.opened.encoding).toBe('utf-16be (no BOM)');
    expect(beNoBom.lines).toEqual(logLines(5));
  });

  it('reads UTF-8 with BOM, and windows-1252', async () => {
    const bom = await read(await fixture('bom.log', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Datenträger\nb')])));
    expect(bom.opened.encoding).toBe('utf-8 (BOM)');
    expect(bom.lines).toEqual(['Datenträger', 'b']);
    const ansi = await read(await fixture('ansi.log', Buffer.from('caf\xe9\r\nDatentr\xe4ger\r\n', 'latin1')));
    expect(ansi.opened.encoding).toBe('windows-1252');
    expect(ansi.lines).toEqual(['café', 'Datenträger']);
  });

  it('reports the switch to windows-1252 for an ANSI byte after a plain-ASCII first chunk', async () => {
    const ascii = logLines(30_000).join('\r\n');
    const file = await fixture('late-ansi.log', Buffer.concat([Buffer.from(ascii), Buffer.from('\r\nResource caf\xe9\r\n', 'latin1')]));
    expect(ascii.length).toBeGreaterThan(1024 * 1024);
    const early = await openInput(file);
    expect(early.encoding).toBe('utf-8');
    await early.close();
    const { opened, lines, warnings } = await read(file);
    expect(lines.at(-1)).toBe('Resource café');
    expect(opened.encoding).toBe('windows-1252');
    expect(warnings.map((w) => w.code)).toEqual(['encoding']);
  });

  it('keeps a lone-CR file as separate lines', async () => {
    const { lines } = await read(await fixture('cr.log', Buffer.from('one\rtwo\r\rthree')));
    expect(lines).toEqual(['one', 'two', '', 'three']);
  });

  it('keeps the head to 200 lines and replays it through lines', async () => {
    const all = logLines(50_000);
    const file = await fixture('big.log', Buffer.from(all.join('\r\n') + '\r\n'));
    const { opened, lines, batches } = await read(file);
    expect(opened.head).toEqual(all.slice(0, 200));
    expect(lines).toEqual(all);
    expect(batches.length).toBeGreaterThan(1);
    expect(opened.bytesRead()).toBe(file.size);
  });

  it('reads gzip by its magic bytes, whatever the name', async () => {
    const text = logLines(300).join('\r\n') + '\r\n';
    const gz = gzipSync(Buffer.concat([BOM_LE, utf16le(text)]));
    const file = await fixture('node1_cluster.log', gz);
    const { opened, lines, warnings } = await read(file);
    expect(opened.encoding).toBe('utf-16le+gzip');
    expect(lines).toEqual(logLines(300));
    expect(opened.bytesRead()).toBe(gz.length);
    expect(warnings).toEqual([]);
  });

  it('keeps what a truncated gzip file held, with a warning and no throw', async () => {
    const all = logLines(100_000);
    const gz = gzipSync(Buffer.from(all.join('\n') + '\n'));
    const file = await fixture('cut.log.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const { opened, lines, warnings } = await read(file);
    expect(opened.encoding).toBe('utf-8+gzip');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'truncated', message: expect.stringMatching(/^unexpected end of gzip data/) });
    // Everything before the cut is there, in order; only the last line may be partial.
    expect(lines.length).toBeGreaterThan(50_000);
    expect(lines.slice(0, -1)).toEqual(all.slice(0, lines.length - 1));
    expect(all[lines.length - 1]!.startsWith(lines.at(-1)!)).toBe(true);
  });

  it('keeps the last decompressed bytes before the end of a gzip file cut in its trailer', async () => {
    const all = logLines(20_000);
    const gz = gzipSync(Buffer.from(all.join('\n')));
    const { lines, warnings } = await read(await fixture('trailer.gz', gz.subarray(0, gz.length - 4)));
    expect(lines).toEqual(all);
    expect(warnings.map((w) => w.code)).toEqual(['truncated']);
  });

  it('reports corrupt gzip data', async () => {
    const gz = Buffer.from(gzipSync(Buffer.from(logLines(10).join('\n'))));
    gz.fill(0xff, 20, 40);
    const { warnings } = await read(await fixture('corrupt.gz', gz));
    expect(warnings.map((w) => w.code)).toEqual(['corrupt']);
  });

  it('hands EVTX content to bytes and yields no lines', async () => {
    const body = Buffer.concat([Buffer.from('ElfFile\0', 'latin1'), Buffer.alloc(4096 * 100, 7)]);
    const file = await fixture('System.evtx', body);
    const opened = await openInput(file);
    expect(opened.binary).toBe('evtx');
    expect(opened.encoding).toBe('binary');
    expect(opened.head).toEqual([]);
    const lines: string[][] = [];
    for await (const batch of opened.lines) lines.push(batch);
    expect(lines).toEqual([]);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.bytes) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
  });

  it('reports a file of NUL bytes as binary with a clear reason', async () => {
    const opened = await openInput(await fixture('zeros.log', Buffer.alloc(10_000)));
    expect(opened.binary).toBe('unknown');
    expect(opened.binaryReason).toBe('only NUL bytes (no text)');
    expect(opened.head).toEqual([]);
  });

  it('reads an empty file as no lines', async () => {
    const { opened, lines } = await read(await fixture('empty.log', new Uint8Array(0)));
    expect(opened.binary).toBeNull();
    expect(lines).toEqual([]);
    expect(opened.head).toEqual([]);
  });

  it('reports an odd trailing byte of UTF-16 text', async () => {
    const file = await fixture('odd.log', Buffer.concat([BOM_LE, utf16le('a\r\nb'), Buffer.from([0x63])]));
    const { lines, warnings } = await read(file);
    expect(lines).toEqual(['a', 'b\uFFFD']);
    expect(warnings).toEqual([{ code: 'truncated', message: expect.stringMatching(/odd number of bytes/) }]);
  });

  it('rejects a missing file with a one-line InputError naming it', async () => {
    const missing: InputFile = { path: 'logs/nope.log', absolutePath: join(dir, 'nope.log'), size: null };
    const err = await openInput(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ code: 'not-found', file: 'logs/nope.log', reason: 'no such file or directory' });
    expect((err as Error).message).toBe('logs/nope.log: no such file or directory');
    expect((err as InputError).toDiagnostic()).toEqual({
      level: 'error',
      code: 'unreadable',
      file: 'logs/nope.log',
      line: null,
      message: 'no such file or directory',
    });
  });

  it('rejects a directory', async () => {
    const err = await openInput({ path: 'logs', absolutePath: dir, size: null }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InputError', code: 'is-directory', message: 'logs: is a directory' });
  });

  it('rejects `-` without a standard input stream', async () => {
    await expect(openInput(stdinFile())).rejects.toMatchObject({ code: 'no-stdin' });
  });

  it('reads standard input delivered one byte at a time', async () => {
    const text = 'first\r\nsecond\r\nDatenträger\r\n';
    const bytes = Buffer.concat([BOM_LE, utf16le(text)]);
    const stdin = Readable.from([...bytes].map((b) => Buffer.from([b])));
    const { opened, lines } = await read(stdinFile(), { stdin });
    expect(opened.encoding).toBe('utf-16le');
    expect(lines).toEqual(['first', 'second', 'Datenträger']);
    expect(opened.bytesRead()).toBe(bytes.length);
  });

  it('cuts a 100 MB line without newline, with flat memory and one warning', async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x78);
    let before = 0;
    let during = 0;
    async function* huge(): AsyncGenerator<Buffer> {
      yield Buffer.from('before\n');
      before = retainedHeap();
      for (let i = 0; i < 100; i++) yield mib;
      // Everything has been read and split, the line is not finished: only its first 1 MiB may be held.
      during = retainedHeap();
    }
    const { lines, warnings, opened } = await read(stdinFile(), { stdin: Readable.from(huge(), { objectMode: false, highWaterMark: 1 }) });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('before');
    expect(lines[1]).toHaveLength(1024 * 1024);
    expect(warnings).toEqual([{ code: 'long-line', message: expect.stringMatching(/^1 line was longer than 1048576 characters .*line 2/) }]);
    expect(opened.bytesRead()).toBe(100 * 1024 * 1024 + 7);
    expect(during - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('honours a smaller line cap', async () => {
    const { lines, warnings } = await read(await fixture('long.log', Buffer.from('short\nabcdefghij\nabcdefghij\n')), { maxLineLength: 4 });
    expect(lines).toEqual(['shor', 'abcd', 'abcd']);
    expect(warnings[0]?.message).toMatch(/^3 lines were longer than 4 characters .*first: line 1/);
  });

  it('gives the same lines through units, chunk after chunk, when chunk memory is read into again', async () => {
    // Lines of every length, some longer than a chunk, so that many lines span chunk boundaries; CRLF and LF.
    const lines: string[] = [];
    for (let i = 0; lines.join('\n').length < 3 * 1024 * 1024; i++) {
      const width = i % 97 === 0 ? 300_000 + i : (i * 7919) % 400;
      lines.push(`00001894.000018a4::2013/03/08-08:13:01.001 INFO  [RCM] line ${i} ${'x'.repeat(width)}`);
    }
    const text = lines.map((l, i) => (i % 3 === 0 ? `${l}\r\n` : `${l}\n`)).join('');
    for (const [name, bytes] of [
      ['chunks.log', Buffer.from(text, 'latin1')],
      ['chunks16.log', Buffer.concat([BOM_LE, utf16le(text)])],
    ] as const) {
      const file = await fixture(name, bytes);
      const opened = await openInput(file);
      const got: string[] = [];
      // Made into strings as each chunk's batches come, as the contract of `units` says.
      for await (const chunk of opened.units) for (const batch of chunk) for (let i = 0; i < batch.count; i++) got.push(unitString(batch, batch.starts[i]!, batch.ends[i]!));
      expect(got.length, name).toBe(lines.length);
      for (let i = 0; i < lines.length; i++) if (got[i] !== lines[i]) expect(got[i], `${name} line ${i + 1}`).toBe(lines[i]);
    }
  });

  it('can be read only once', async () => {
    const opened = await openInput(await fixture('once.log', Buffer.from('a\nb\n')));
    for await (const batch of opened.lines) void batch;
    expect(() => opened.lines[Symbol.asyncIterator]()).toThrow(/can be read once/);
    expect(() => opened.bytes[Symbol.asyncIterator]()).toThrow(/can be read once/);
  });

  it('gives raw bytes of a text file through bytes', async () => {
    const body = Buffer.from(logLines(40_000).join('\n'));
    const opened = await openInput(await fixture('raw.log', body));
    const chunks: Buffer[] = [];
    for await (const chunk of opened.bytes) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
  });

  it('holds no file descriptor between openInput and reading, and none after stopping early', async () => {
    const fds = await openFds();
    if (fds === null) return;
    const file = await fixture('fd.log', Buffer.from(logLines(100_000).join('\n')));
    const opened = await openInput(file);
    expect(await openFds()).toBe(fds);
    for await (const batch of opened.lines) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    expect(await openFds()).toBe(fds);
    await opened.close();
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    const file = await fixture('abort.log', Buffer.from(logLines(100_000).join('\n')));
    const opened = await openInput(file, { signal: controller.signal });
    controller.abort();
    const consume = async (): Promise<void> => {
      for await (const batch of opened.lines) void batch;
    };
    await expect(consume()).rejects.toMatchObject({ name: 'AbortError' });
    const early = new AbortController();
    early.abort();
    await expect(openInput(file, { signal: early.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
