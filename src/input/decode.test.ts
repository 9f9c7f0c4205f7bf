import { describe, expect, it } from 'vitest';
import { ChunkDecoder, SNIFF_BYTES, decodeChunks, sniffBytes, type DecodeWarningCode, type SniffResult } from './decode.js';

const utf16le = (s: string): Buffer => Buffer.from(s, 'utf16le');
const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();
const BOM_LE = Buffer.from([0xff, 0xfe]);
const BOM_BE = Buffer.from([0xfe, 0xff]);
const BOM_8 = Buffer.from([0xef, 0xbb, 0xbf]);

const LOG = '00001894.000018a4::2013/03/08-08:13:01.001 ERR   [RHS] RhsCall::DeadlockMonitor: Call ONLINERESOURCE timed out.\r\n';

/** Every byte as its own chunk, the way a slow pipe can deliver them. */
function bytewise(bytes: Uint8Array): Uint8Array[] {
  return [...bytes].map((b) => Uint8Array.of(b));
}

function decodeAll(encoding: ConstructorParameters<typeof ChunkDecoder>[0], chunks: readonly Uint8Array[], asciiHead = false) {
  const warnings: { message: string; code: DecodeWarningCode }[] = [];
  const decoder = new ChunkDecoder(encoding, { asciiHead, onWarning: (message, code) => warnings.push({ message, code }) });
  let text = '';
  for (const chunk of chunks) text += decoder.decode(chunk);
  text += decoder.end();
  return { text, warnings, encoding: decoder.encoding };
}

async function collect(chunks: readonly Uint8Array[]): Promise<{ text: string; sniffed: SniffResult | null; warnings: string[] }> {
  let sniffed: SniffResult | null = null;
  const warnings: string[] = [];
  let text = '';
  async function* source(): AsyncGenerator<Uint8Array> {
    yield* chunks;
  }
  for await (const s of decodeChunks(source(), { onSniff: (r) => (sniffed = r), onWarning: (m) => warnings.push(m) })) text += s;
  return { text, sniffed, warnings };
}

describe('sniffBytes', () => {
  it('recognises the BOMs', () => {
    expect(sniffBytes(Buffer.concat([BOM_LE, utf16le('a')]), true)).toMatchObject({ encoding: 'utf-16le', label: 'utf-16le', binary: null });
    expect(sniffBytes(Buffer.concat([BOM_BE, utf16be('a')]), true)).toMatchObject({ encoding: 'utf-16be', label: 'utf-16be' });
    expect(sniffBytes(Buffer.concat([BOM_8, Buffer.from('a')]), true)).toMatchObject({ encoding: 'utf-8', label: 'utf-8 (BOM)' });
  });

  it('recognises BOM-less UTF-16 by the NUL pattern', () => {
    expect(sniffBytes(utf16le(LOG.repeat(3)), true)).toMatchObject({ encoding: 'utf-16le', label: 'utf-16le (no BOM)', binary: null });
    expect(sniffBytes(utf16be(LOG.repeat(3)), true)).toMatchObject({ encoding: 'utf-16be', label: 'utf-16be (no BOM)', binary: null });
  });

  it('recognises BOM-less UTF-16 with some non-Latin characters', () => {
    expect(sniffBytes(utf16le(`${LOG}Ressource « Clusterdatenträger 1 » — 日本\r\n`.repeat(4)), true)).toMatchObject({
      encoding: 'utf-16le',
    });
  });

  it('takes valid UTF-8 for UTF-8 and other high bytes for windows-1252', () => {
    expect(sniffBytes(Buffer.from(`${LOG}Datenträger é\r\n`), true)).toMatchObject({ encoding: 'utf-8', label: 'utf-8', asciiHead: false });
    expect(sniffBytes(Buffer.from(`${LOG}Datentr\xe4ger \xe9\r\n`, 'latin1'), true)).toMatchObject({
      encoding: 'windows-1252',
      label: 'windows-1252',
    });
  });

  it('allows a UTF-8 character cut off at the end of an incomplete head', () => {
    const bytes = Buffer.from(`${LOG}é`).subarray(0, -1);
    expect(sniffBytes(bytes, false).encoding).toBe('utf-8');
    expect(sniffBytes(bytes, true).encoding).toBe('windows-1252');
  });

  it('marks a plain-ASCII head that is not the whole input', () => {
    expect(sniffBytes(Buffer.from(LOG), false).asciiHead).toBe(true);
    expect(sniffBytes(Buffer.from(LOG), true).asciiHead).toBe(false);
  });

  it('recognises the EVTX signature', () => {
    const evtx = Buffer.concat([Buffer.from('ElfFile\0', 'latin1'), Buffer.alloc(120)]);
    expect(sniffBytes(evtx, false)).toMatchObject({ binary: 'evtx', label: 'binary', reason: 'EVTX event log' });
  });

  it('reports a file of NUL bytes clearly', () => {
    expect(sniffBytes(Buffer.alloc(4096), true)).toMatchObject({ binary: 'unknown', reason: 'only NUL bytes (no text)' });
    expect(sniffBytes(Buffer.alloc(SNIFF_BYTES), false).reason).toMatch(/first 65536 bytes are all NUL/);
  });

  it('takes control bytes and scattered NULs for binary', () => {
    const bytes = Buffer.alloc(1000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
    expect(sniffBytes(bytes, true)).toMatchObject({ binary: 'unknown' });
    expect(sniffBytes(bytes, true).reason).toMatch(/control bytes/);
  });

  it('does not take 16-bit numbers for BOM-less UTF-16', () => {
    const words = Buffer.alloc(2000);
    for (let i = 0; i < 1000; i++) words.writeUInt16LE(i % 31, i * 2);
    expect(sniffBytes(words, true)).toMatchObject({ binary: 'unknown' });
  });

  it('reads text with a long run of NUL padding as text', () => {
    const bytes = Buffer.concat([Buffer.from(LOG.repeat(20)), Buffer.alloc(4096), Buffer.from(LOG)]);
    expect(sniffBytes(bytes, true)).toMatchObject({ binary: null, encoding: 'utf-8' });
    const wide = Buffer.concat([utf16le(LOG.repeat(5)), Buffer.alloc(8192), utf16le(LOG)]);
    expect(sniffBytes(wide, true)).toMatchObject({ binary: null, encoding: 'utf-16le' });
  });

  it('reports a short file of NUL bytes as such', () => {
    expect(sniffBytes(Buffer.alloc(3), true).reason).toBe('only NUL bytes (no text)');
  });

  it('names archives', () => {
    expect(sniffBytes(Buffer.from('PK\x03\x04rest', 'latin1'), true)).toMatchObject({ binary: 'unknown', reason: 'a ZIP archive (extract it first)' });
  });

  it('takes empty input for empty UTF-8 text', () => {
    expect(sniffBytes(new Uint8Array(0), true)).toMatchObject({ binary: null, encoding: 'utf-8' });
  });
});

describe('ChunkDecoder', () => {
  const tricky = 'Ressource « Datenträger » 😀 ok\r\n';

  it('keeps UTF-16LE code units and surrogate pairs split across chunks', () => {
    const bytes = Buffer.concat([BOM_LE, utf16le(tricky)]);
    expect(decodeAll('utf-16le', bytewise(bytes)).text).toBe(tricky);
    const pair = utf16le('😀');
    // Cut between the two code units of the pair, and inside each.
    expect(decodeAll('utf-16le', [pair.subarray(0, 1), pair.subarray(1, 2), pair.subarray(2, 3), pair.subarray(3)]).text).toBe('😀');
    expect(decodeAll('utf-16le', [pair.subarray(0, 2), pair.subarray(2)]).text).toBe('😀');
  });

  it('decodes UTF-16BE byte by byte', () => {
    expect(decodeAll('utf-16be', bytewise(Buffer.concat([BOM_BE, utf16be(tricky)]))).text).toBe(tricky);
  });

  it('drops a BOM split across chunks', () => {
    const bytes = Buffer.concat([BOM_LE, utf16le('abc')]);
    expect(decodeAll('utf-16le', [bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)]).text).toBe('abc');
    const bytes8 = Buffer.concat([BOM_8, Buffer.from('abc')]);
    expect(decodeAll('utf-8', [bytes8.subarray(0, 2), bytes8.subarray(2)]).text).toBe('abc');
  });

  it('keeps a BOM in the middle of the text (the line splitter drops it at a line start)', () => {
    expect(decodeAll('utf-8', [Buffer.from('a\n'), Buffer.concat([BOM_8, Buffer.from('b')])]).text).toBe('a\n\uFEFFb');
  });

  it('decodes UTF-8 split inside multi-byte characters', () => {
    expect(decodeAll('utf-8', bytewise(Buffer.from(tricky))).text).toBe(tricky);
  });

  it('reports an odd trailing byte of UTF-16 text', () => {
    const { text, warnings } = decodeAll('utf-16le', [Buffer.concat([utf16le('ab'), Buffer.from([0x63])])]);
    expect(text).toBe('ab\uFFFD');
    expect(warnings).toEqual([{ code: 'truncated', message: expect.stringMatching(/odd number of bytes/) }]);
  });

  it('reports UTF-16 text that ends inside a surrogate pair', () => {
    const { text, warnings } = decodeAll('utf-16le', [utf16le('a😀').subarray(0, 4)]);
    expect(text).toBe('a\uFFFD');
    expect(warnings[0]?.message).toMatch(/middle of a character/);
  });

  it('reports UTF-8 text that ends inside a character', () => {
    const { text, warnings } = decodeAll('utf-8', [Buffer.from('aé').subarray(0, 2)]);
    expect(text).toBe('a\uFFFD');
    expect(warnings.map((w) => w.code)).toEqual(['truncated']);
  });

  it('decodes windows-1252', () => {
    expect(decodeAll('windows-1252', [Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80])]).text).toBe('café €');
  });

  it('switches to windows-1252 when an ASCII head is followed by an ANSI byte', () => {
    const { text, warnings, encoding } = decodeAll('utf-8', [Buffer.from('plain\n'), Buffer.from([0x44, 0xe9, 0x6a, 0xe0])], true);
    expect(text).toBe('plain\nDéjà');
    expect(encoding).toBe('windows-1252');
    expect(warnings).toEqual([{ code: 'encoding', message: expect.stringMatching(/windows-1252 from there/) }]);
  });

  it('re-decodes a lead byte held from the previous chunk after the switch', () => {
    const { text } = decodeAll('utf-8', [Buffer.from([0x61, 0xc3]), Buffer.from([0x28])], true);
    expect(text).toBe('aÃ(');
  });

  it('replaces bad bytes with U+FFFD when the head had real UTF-8', () => {
    const { text, warnings, encoding } = decodeAll('utf-8', [Buffer.from('é\n'), Buffer.from([0x61, 0xff, 0x62])]);
    expect(text).toBe('é\na\uFFFDb');
    expect(encoding).toBe('utf-8');
    expect(warnings.map((w) => w.code)).toEqual(['encoding']);
  });

  it('takes the ASCII fast path only between whole characters', () => {
    const e = Buffer.from('é');
    expect(decodeAll('utf-8', [Buffer.from('x'), e.subarray(0, 1), e.subarray(1), Buffer.from('y')]).text).toBe('xéy');
  });
});

describe('decodeChunks', () => {
  it('waits for enough bytes before sniffing when chunks are 1 byte', async () => {
    const bytes = Buffer.concat([BOM_LE, utf16le('line one\r\nline 2\r\n')]);
    const { text, sniffed } = await collect(bytewise(bytes));
    expect(text).toBe('line one\r\nline 2\r\n');
    expect(sniffed).toMatchObject({ encoding: 'utf-16le' });
  });

  it('recognises BOM-less UTF-16LE from 1-byte chunks', async () => {
    const { text, sniffed } = await collect(bytewise(utf16le('abc\r\ndef')));
    expect(text).toBe('abc\r\ndef');
    expect(sniffed).toMatchObject({ label: 'utf-16le (no BOM)' });
  });

  it('decodes input larger than the sniffed head', async () => {
    const big = LOG.repeat(2000);
    const bytes = Buffer.from(big);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 7001) chunks.push(bytes.subarray(at, at + 7001));
    expect((await collect(chunks)).text).toBe(big);
  });

  it('yields nothing for binary input', async () => {
    const { text, sniffed } = await collect([Buffer.alloc(10)]);
    expect(text).toBe('');
    expect(sniffed).toMatchObject({ binary: 'unknown' });
  });
});
