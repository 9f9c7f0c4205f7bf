import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LINE_LENGTH, LineSplitter, splitLines } from './lines.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Memory still in use after a full collection; large decoded strings live outside the heap (`external`). */
function retainedHeap(): number {
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** Splits `chunks` with a fresh splitter and returns every line. */
function split(chunks: readonly string[], max?: number): { lines: string[]; cut: number[] } {
  const cut: number[] = [];
  const splitter = new LineSplitter({ maxLineLength: max, onCutLine: (n) => cut.push(n) });
  const lines: string[] = [];
  for (const chunk of chunks) lines.push(...splitter.push(chunk));
  lines.push(...splitter.end());
  return { lines, cut };
}

/** What a one-shot split of the whole text must give. */
function reference(text: string, max = DEFAULT_MAX_LINE_LENGTH): string[] {
  if (text === '') return [];
  const parts = text.split(/\r\n|\r|\n/);
  if (/[\r\n]$/.test(text)) parts.pop();
  return parts.map((p) => (p.charCodeAt(0) === 0xfeff ? p.slice(1) : p)).map((p) => (p.length > max ? p.slice(0, max) : p));
}

/** Cuts `text` at the given offsets. */
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

describe('LineSplitter', () => {
  it('splits on LF, CRLF and lone CR', () => {
    expect(split(['a\nb\r\nc\rd']).lines).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps empty lines and does not add one for a final line break', () => {
    expect(split(['a\n\nb\n']).lines).toEqual(['a', '', 'b']);
    expect(split(['\n']).lines).toEqual(['']);
    expect(split(['\r\n\r\n']).lines).toEqual(['', '']);
    expect(split(['']).lines).toEqual([]);
    expect(split([]).lines).toEqual([]);
  });

  it('emits the last line without a final newline', () => {
    expect(split(['a\nlast']).lines).toEqual(['a', 'last']);
  });

  it('does not emit an empty line for a CRLF split across chunks', () => {
    expect(split(['a\r', '\nb\r', '\n']).lines).toEqual(['a', 'b']);
  });

  it('treats a CR at the end of a chunk followed by text as a lone CR', () => {
    expect(split(['a\r', 'b']).lines).toEqual(['a', 'b']);
  });

  it('waits across empty chunks for the LF after a CR', () => {
    expect(split(['a\r', '', '', '\nb']).lines).toEqual(['a', 'b']);
  });

  it('ends cleanly on a CR at the very end', () => {
    expect(split(['a\r']).lines).toEqual(['a']);
    expect(split(['a\r\r']).lines).toEqual(['a', '']);
  });

  it('handles a lone-CR file fed one character at a time', () => {
    expect(split([...'one\rtwo\r\rthree']).lines).toEqual(['one', 'two', '', 'three']);
  });

  it('handles CRLF text fed one character at a time', () => {
    expect(split([...'one\r\ntwo\r\n\r\nthree\r\n']).lines).toEqual(['one', 'two', '', 'three']);
  });

  it('strips a BOM at the start of any line (concatenated files)', () => {
    expect(split(['\uFEFFfirst\r\nx\r\n\uFEFFsecond\r\nmid\uFEFFdle']).lines).toEqual(['first', 'x', 'second', 'mid\uFEFFdle']);
  });

  it('counts lines', () => {
    const s = new LineSplitter();
    s.push('a\nb\nc');
    expect(s.lines).toBe(2);
    s.end();
    expect(s.lines).toBe(3);
  });

  it('cuts an over-long line at the cap and drops the rest up to the line break', () => {
    const { lines, cut } = split(['abcdefghij\nok\n0123456789abc'], 4);
    expect(lines).toEqual(['abcd', 'ok', '0123']);
    expect(cut).toEqual([1, 3]);
  });

  it('does not cut a line exactly at the cap', () => {
    const { lines, cut } = split(['abcd\nab', 'cd\n'], 4);
    expect(lines).toEqual(['abcd', 'abcd']);
    expect(cut).toEqual([]);
  });

  it('cuts an over-long line spread over many chunks', () => {
    const { lines, cut } = split(['ab', 'cd', 'ef', 'gh\r', '\nxyz'], 3);
    expect(lines).toEqual(['abc', 'xyz']);
    expect(cut).toEqual([1]);
  });

  it('cuts when the carried part is at the cap and the break comes later in the next chunk', () => {
    const { lines, cut } = split(['abc', 'd\ne'], 3);
    expect(lines).toEqual(['abc', 'e']);
    expect(cut).toEqual([1]);
  });

  it('keeps memory flat for a 100 MB line without a line break', () => {
    const base = 'x'.repeat(1024 * 1024 - 1);
    const splitter = new LineSplitter();
    const before = retainedHeap();
    let emitted = 0;
    // A distinct 1 MiB string per chunk, as a decoder makes them.
    for (let i = 0; i < 100; i++) emitted += splitter.push(`${i % 10}${base}`).length;
    const growth = retainedHeap() - before;
    const last = splitter.end();
    expect(emitted).toBe(0);
    expect(last).toHaveLength(1);
    expect(last[0]).toHaveLength(DEFAULT_MAX_LINE_LENGTH);
    expect(splitter.cutLines).toBe(1);
    // A buffered 100 MB line would show up here as ~100 MB of heap.
    expect(growth).toBeLessThan(8 * 1024 * 1024);
  });

  it('rejects a bad cap', () => {
    expect(() => new LineSplitter({ maxLineLength: 0 })).toThrow(RangeError);
  });

  it('matches a one-shot split for any text and any chunking', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\r', '\n', '\uFEFF', 'é'), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 1, max: 8 }), (t, cuts, max) => {
        expect(split(chunked(t, cuts), max).lines).toEqual(reference(t, max));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('splitLines', () => {
  it('yields one batch per chunk that completes lines', async () => {
    const batches: string[][] = [];
    for await (const batch of splitLines(['a\nb', 'c', '\nd\n', 'e'])) batches.push(batch);
    expect(batches).toEqual([['a'], ['bc', 'd'], ['e']]);
  });

  it('accepts an async source', async () => {
    async function* source(): AsyncGenerator<string> {
      yield 'x\r';
      yield '\ny';
    }
    const lines: string[] = [];
    for await (const batch of splitLines(source())) lines.push(...batch);
    expect(lines).toEqual(['x', 'y']);
  });
});
