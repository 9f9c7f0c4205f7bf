import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanMessage } from './sink.js';

/** The per-line reading `cleanMessage` shortcuts when there is nothing to cut inside. */
function reference(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let end = line.length;
    while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
    if (end !== line.length) lines[i] = line.slice(0, end);
  }
  return lines.join('\n').trim();
}

describe('cleanMessage', () => {
  it('agrees with the line-by-line reading', () => {
    const pieces = ['a', 'word', ' ', '  ', '\t', '\n', '\r', '\r\n', '\u00a0', '\u3000', 'é'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((p) => p.join('')), (text) => {
        expect(cleanMessage(text)).toBe(reference(text));
      }),
      { numRuns: 20000 },
    );
    expect(cleanMessage('\nAPPID \n{x}')).toBe('APPID\n{x}');
  });
});
