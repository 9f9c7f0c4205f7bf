import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkDecoder } from './decode.js';
import { LineSplitter } from './lines.js';
import { batchStrings, stringUnits, UnitLineSplitter, unitString, type TextUnits } from './units.js';

/** Every line of `chunks` through the units splitter, with the numbers of the lines it cut. */
function splitUnits(chunks: readonly TextUnits[], max?: number): { lines: string[]; cut: number[] } {
  const cut: number[] = [];
  const splitter = new UnitLineSplitter({ maxLineLength: max, onCutLine: (n) => cut.push(n) });
  const lines: string[] = [];
  for (const chunk of chunks) for (const b of splitter.push(chunk)) lines.push(...batchStrings(b));
  for (const b of splitter.end()) lines.push(...batchStrings(b));
  return { lines, cut };
}

function splitStrings(chunks: readonly string[], max?: number): { lines: string[]; cut: number[] } {
  const cut: number[] = [];
  const splitter = new LineSplitter({ maxLineLength: max, onCutLine: (n) => cut.push(n) });
  const lines: string[] = [];
  for (const chunk of chunks) lines.push(...splitter.push(chunk));
  lines.push(...splitter.end());
  return { lines, cut };
}

function chunked(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let at = 0;
  for (const p of points) {
    out.push(text.slice(at, p));
    at = p;
  }
  out.push(text.slice(at));
  return out;
}

describe('UnitLineSplitter', () => {
  it('splits on LF, CRLF and lone CR, across chunks', () => {
    expect(splitUnits(['a\nb\r', '\nc\rd', 'e\r'].map(stringUnits)).lines).toEqual(['a', 'b', 'c', 'de']);
  });

  it('gives the lines inside a chunk as offsets, and a line begun earlier as a batch of its own', () => {
    const splitter = new UnitLineSplitter();
    expect(splitter.push(stringUnits('first\nsec'))).toHaveLength(1);
    const batches = splitter.push(stringUnits('ond\nthird\nfourth\n'));
    expect(batches.map((b) => b.count)).toEqual([1, 2]);
    expect(batches.map(batchStrings)).toEqual([['second'], ['third', 'fourth']]);
  });

  it('gives every line of a chunk with more lines than its first offset arrays hold, and cuts long ones', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => (i % 1000 === 999 ? 'x'.repeat(40) : `l${i}`));
    const cut: number[] = [];
    const splitter = new UnitLineSplitter({ maxLineLength: 30, onCutLine: (n) => cut.push(n) });
    const batches = splitter.push(stringUnits(`${lines.join('\r\n')}\r\n`));
    expect(batches).toHaveLength(1);
    expect(batchStrings(batches[0]!)).toEqual(lines.map((l) => l.slice(0, 30)));
    expect(cut).toEqual(Array.from({ length: 10 }, (_, i) => i * 1000 + 1000));
    expect(splitter.lines).toBe(10_000);
  });

  it('mixes byte and UTF-16 chunks in one line', () => {
    expect(splitUnits(['abc', 'dé€f\ng'].map(stringUnits)).lines).toEqual(['abcdé€f', 'g']);
  });

  it('agrees with LineSplitter for any text, chunking and cap', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\r', '\n', '\uFEFF', 'é', '€'), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 1, max: 8 }), (t, cuts, max) => {
        const chunks = chunked(t, cuts);
        expect(splitUnits(chunks.map(stringUnits), max)).toEqual(splitStrings(chunks, max));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ChunkDecoder.decodeUnits', () => {
  function viaUnits(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', chunks: readonly Uint8Array[]): { text: string; warnings: string[] } {
    // Strings are made per line, from units joined across chunks (a surrogate pair may straddle two).
    const warnings: string[] = [];
    const d = new ChunkDecoder(encoding, { onWarning: (m) => warnings.push(m) });
    const splitter = new UnitLineSplitter();
    const lines: string[] = [];
    for (const c of chunks) {
      const u = d.decodeUnits(c);
      if (u !== null) for (const b of splitter.push(u)) lines.push(...batchStrings(b));
    }
    const end = d.endUnits();
    if (end !== null) for (const b of splitter.push(end)) lines.push(...batchStrings(b));
    for (const b of splitter.end()) lines.push(...batchStrings(b));
    return { text: lines.join('\n'), warnings };
  }

  function viaString(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', chunks: readonly Uint8Array[]): { text: string; warnings: string[] } {
    const warnings: string[] = [];
    const d = new ChunkDecoder(encoding, { onWarning: (m) => warnings.push(m) });
    const splitter = new LineSplitter();
    const lines: string[] = [];
    for (const c of chunks) lines.push(...splitter.push(d.decode(c)));
    lines.push(...splitter.push(d.end()), ...splitter.end());
    return { text: lines.join('\n'), warnings };
  }

  function cutBytes(bytes: Buffer, cuts: readonly number[]): Uint8Array[] {
    const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
    const out: Uint8Array[] = [];
    let at = 0;
    for (const p of points) {
      out.push(bytes.subarray(at, p));
      at = p;
    }
    out.push(bytes.subarray(at));
    return out;
  }

  it('reads UTF-16 as it is and gives the text a decoder gives, lone surrogates and odd lengths included', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '\n', '\uFEFF', 'é', '€', '\uD83D', '\uDE00', '😀'), maxLength: 40 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), fc.boolean(), (t, cuts, big, odd) => {
        let bytes = Buffer.from(t, 'utf16le');
        if (big) bytes = Buffer.from(bytes).swap16();
        if (odd) bytes = Buffer.concat([bytes, Buffer.from([0x41])]);
        const enc = big ? 'utf-16be' : 'utf-16le';
        const chunks = cutBytes(bytes, cuts);
        const a = viaUnits(enc, chunks);
        const b = viaString(enc, chunks);
        expect(a.text).toBe(b.text);
        expect(a.warnings.length).toBe(b.warnings.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives ASCII chunks as bytes and the rest of UTF-8 decoded', () => {
    const d = new ChunkDecoder('utf-8');
    expect(d.decodeUnits(Buffer.from('plain'))?.wide).toBe(false);
    const u = d.decodeUnits(Buffer.from('café €'))!;
    expect(u.wide).toBe(true);
    expect(unitString(u, 0, u.units.length)).toBe('café €');
  });

  it('reads an odd-offset UTF-16 chunk', () => {
    const backing = Buffer.alloc(9);
    Buffer.from('abcd', 'utf16le').copy(backing, 1);
    const d = new ChunkDecoder('utf-16le');
    const u = d.decodeUnits(backing.subarray(1))!;
    expect(unitString(u, 0, u.units.length)).toBe('abcd');
  });
});
