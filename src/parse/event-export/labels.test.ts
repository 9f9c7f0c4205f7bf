import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LABEL_LINE, labelLine, labelParts } from './labels.js';

describe('labelLine', () => {
  it('reads labelled lines of the block exports', () => {
    expect(labelLine('Log Name:      System')).toEqual({ field: 'log', value: 'System', indent: 0 });
    expect(labelLine('  Event ID: 1230')).toEqual({ field: 'id', value: '1230', indent: 2 });
    expect(labelLine('Description:')).toEqual({ field: 'description', value: '', indent: 0 });
    expect(labelLine('Nom du journal :  Système')).toEqual({ field: 'log', value: 'Système', indent: 0 });
    expect(labelLine('ソース：  Microsoft-Windows-FailoverClustering')?.field).toBe('source');
    expect(labelLine('The error was: 5')).toBeNull();
    expect(labelLine('12:30:00 something')).toBeNull();
  });

  // The hand-written reading must match the regular expression it replaces, group by group.
  const PIECES = ['Log Name', 'Source', 'Date', 'Event ID', 'x', '1', ' ', '  ', '\t', '\u00a0', '\u3000', '\u2028', ':', '：', 'a:b', 'é', '日本', 'Description', 'value', '0x5b4'];
  const lines = fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }).map((p) => p.join(''));

  it('agrees with LABEL_LINE', () => {
    fc.assert(
      fc.property(fc.oneof(lines, fc.string({ maxLength: 60 })), (line) => {
        const m = LABEL_LINE.exec(line);
        const expected = m ? { indent: (m[1] ?? '').length, label: m[2] ?? '', value: m[3] ?? '' } : null;
        expect(labelParts(line)).toEqual(expected);
      }),
      { numRuns: 20000 },
    );
  });

  it('agrees with LABEL_LINE on long labels and values', () => {
    for (const n of [37, 38, 39, 40, 41]) {
      for (const line of [`${'a'.repeat(n)}: v`, `  ${'a'.repeat(n)}   : v`, `${'a '.repeat(n)}: v`]) {
        const m = LABEL_LINE.exec(line);
        expect(labelParts(line)).toEqual(m ? { indent: (m[1] ?? '').length, label: m[2] ?? '', value: m[3] ?? '' } : null);
      }
    }
  });
});
