import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hang, truncate, truncateAnsi, truncateMiddle, visibleWidth, wrapLine } from './layout.js';

describe('visibleWidth', () => {
  it('ignores colour codes and counts wide characters twice', () => {
    expect(visibleWidth('\x1b[31mred\x1b[39m')).toBe(3);
    expect(visibleWidth('名前')).toBe(4);
  });
});

describe('wrapLine', () => {
  it('breaks at spaces and keeps the spacing inside lines', () => {
    expect(wrapLine('aaa  bbb ccc ddd', 9)).toEqual(['aaa  bbb', 'ccc ddd']);
  });

  it('cuts words longer than a line', () => {
    expect(wrapLine('0123456789abc', 5)).toEqual(['01234', '56789', 'abc']);
  });

  it('gives the first line its own width', () => {
    expect(wrapLine('aa bb cc dd', 8, 2)).toEqual(['aa', 'bb cc dd']);
  });

  it('fits every line and loses no word', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 30 }), fc.integer({ min: 5, max: 60 }), (words, width) => {
        const lines = wrapLine(words.join(' '), width);
        for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/ /g, '')).toBe(words.join(''));
      }),
    );
  });
});

describe('hang', () => {
  it('indents continuation lines under the text, not under the label', () => {
    expect(hang('Label: ', 'one two three four', 16)).toEqual(['Label: one two', '       three four']);
  });

  it('keeps paragraphs of multi-line text', () => {
    expect(hang('> ', 'a\nb', 20)).toEqual(['> a', '  b']);
  });

  it('leaves blank lines inside the text without trailing spaces', () => {
    expect(hang('> ', 'a\n\nb', 20)).toEqual(['> a', '', '  b']);
  });

  it('does not wrap when the width is unbounded', () => {
    expect(hang('', 'x '.repeat(200).trim(), 0)).toHaveLength(1);
  });
});

describe('truncate', () => {
  it('ends cut text with an ellipsis inside the width', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });

  it('can cut in the middle, keeping the end that tells names apart', () => {
    expect(truncateMiddle('Virtual Machine Configuration SQLVM07', 24)).toBe('Virtual Mach…ion SQLVM07');
    expect(truncateMiddle('Cluster Disk 12', 20)).toBe('Cluster Disk 12');
    for (const width of [3, 10, 24]) expect(visibleWidth(truncateMiddle('Virtual Machine Configuration SQLVM07', width))).toBe(width);
  });

  it('keeps colour codes, counts only visible text, and resets after the cut', () => {
    const out = truncateAnsi('\x1b[2mabcdef\x1b[22m', 4);
    expect(out).toBe('\x1b[2mabc…\x1b[0m');
    expect(visibleWidth(out)).toBe(4);
  });
});
