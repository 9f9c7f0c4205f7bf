import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSplitter, splitPlain, type CsvSplitterOptions } from './csv.js';

/** Records and problems line by line, so that their order is compared too. */
async function split(lines: readonly string[], options: CsvSplitterOptions): Promise<unknown[]> {
  const s = new CsvSplitter(options);
  const out: unknown[] = [];
  lines.forEach((l, i) => out.push(s.push(l, i + 1), s.problems.splice(0)));
  out.push(await s.end(), s.problems.splice(0));
  return out;
}

describe('CsvSplitter', () => {
  // Records read by hand must come out as csv-parse's streaming parser gives them, in the same order.
  const FIELDS = ['a', 'Error', '6/17/2009 4:07:58 PM', '1230', '"q"', '"a,b"', '"x""y"', '""', 'b"c', ' "d"', '"e"f', '"g" ', '"h', 'i"', '', '\t', ';', '"multi', 'line"', '\ud800', 'é'];
  const line = (d: string) => fc.array(fc.constantFrom(...FIELDS), { maxLength: 7 }).map((f) => f.join(d));
  const rowStart = (l: string) => /^(Error|a),/.test(l);

  for (const d of [',', '\t', ';']) {
    it(`reads records as csv-parse does (delimiter ${JSON.stringify(d)})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(line(d), { maxLength: 12 }), fc.boolean(), async (lines, starts) => {
          const options = { delimiter: d, isRecordStart: starts ? rowStart : undefined };
          expect(await split(lines, options)).toEqual(await split(lines, { ...options, streaming: true }));
        }),
        { numRuns: 1500 },
      );
    });
  }

  it('reads plain records by hand, others not', () => {
    expect(splitPlain('a,"b,c","d""e",', ',')).toEqual(['a', 'b,c', 'd"e', '']);
    expect(splitPlain('x,b"c', ',')).toEqual(['x', 'b"c']);
    expect(splitPlain('"a"b,c', ',')).toBeUndefined();
    expect(splitPlain('a,\ud800', ',')).toBeUndefined();
  });
});
