import { describe, expect, it } from 'vitest';
import { createProgress, isCi, PROGRESS_MIN_BYTES } from './progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 60, write: (text: string) => writes.push(text) };
}

const big = { bytesRead: PROGRESS_MIN_BYTES, bytesTotal: 4 * PROGRESS_MIN_BYTES, filesDone: 1, filesTotal: 3 };

describe('progress', () => {
  it('draws in place on a terminal and clears itself', () => {
    const s = stream(true);
    let now = 0;
    const p = createProgress({ stream: s, env: {}, quiet: false, now: () => now });
    p.update(big);
    now += 50;
    p.update({ ...big, bytesRead: big.bytesRead + 1 }); // throttled
    now += 100;
    p.update({ ...big, filesDone: 2 });
    p.clear();
    p.clear();
    expect(s.writes).toEqual([
      '\rreading 4.0 MiB of 16.0 MiB (25%) · 1/3 files\x1b[K',
      '\rreading 4.0 MiB of 16.0 MiB (25%) · 2/3 files\x1b[K',
      '\r\x1b[K',
    ]);
  });

  it.each([
    ['a pipe', false, {}, false],
    ['CI', true, { CI: 'true' }, false],
    ['--quiet', true, {}, true],
  ] as const)('stays silent on %s', (_name, isTTY, env, quiet) => {
    const s = stream(isTTY);
    const p = createProgress({ stream: s, env, quiet, now: () => 0 });
    p.update(big);
    p.clear();
    expect(s.writes).toEqual([]);
  });

  it('stays silent for small inputs', () => {
    const s = stream(true);
    createProgress({ stream: s, env: {}, quiet: false, now: () => 0 }).update({ ...big, bytesTotal: 1000 });
    expect(s.writes).toEqual([]);
  });

  it('reads CI=false and CI=0 as not CI', () => {
    expect([isCi({ CI: '1' }), isCi({ CI: 'false' }), isCi({ CI: '0' }), isCi({})]).toEqual([true, false, false, false]);
  });
});
