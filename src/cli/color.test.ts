import { describe, expect, it } from 'vitest';
import { colorLevel, createChalk } from './color.js';

describe('colorLevel', () => {
  it.each([
    // flag, env, isTTY, level
    [undefined, {}, true, 1],
    [undefined, {}, false, 0],
    [true, {}, false, 1],
    [false, {}, true, 0],
    [undefined, { NO_COLOR: '1' }, true, 0],
    [undefined, { NO_COLOR: '' }, true, 1],
    [true, { NO_COLOR: '1' }, false, 1],
    [undefined, { FORCE_COLOR: '1' }, false, 1],
    [undefined, { FORCE_COLOR: '3' }, false, 3],
    [undefined, { FORCE_COLOR: '0' }, true, 0],
    [undefined, { FORCE_COLOR: 'false' }, true, 0],
    [undefined, { FORCE_COLOR: '' }, false, 1],
    [undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }, true, 0],
    [false, { FORCE_COLOR: '3' }, true, 0],
    [true, { FORCE_COLOR: '2' }, false, 2],
    [undefined, { TERM: 'dumb' }, true, 0],
  ] as const)('flag %s, env %j, TTY %s → level %i', (flag, env, isTTY, level) => {
    expect(colorLevel({ flag, env, isTTY })).toBe(level);
  });

  it('builds a Chalk instance that returns plain strings at level 0', () => {
    expect(createChalk({ flag: false, env: {}, isTTY: true }).red('x')).toBe('x');
    expect(createChalk({ flag: true, env: {}, isTTY: false }).red('x')).toBe('\x1b[31mx\x1b[39m');
  });
});
