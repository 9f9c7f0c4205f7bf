import { describe, expect, it } from 'vitest';
import type { InputFile } from '../input/types.js';
import { planReading, threadCount } from './pool.js';

const MB = 1024 * 1024;
const file = (name: string, size: number | null, absolute = true): InputFile => ({ path: name, absolutePath: absolute ? `/logs/${name}` : null, size });
const count = (files: InputFile[], requested?: number, cores = 8): number => threadCount(files, requested, cores, true);

describe('threadCount', () => {
  it('one thread per core, up to the number of large files and at most four', () => {
    const four = [file('a', 250 * MB), file('b', 250 * MB), file('c', 250 * MB), file('d', 250 * MB), file('e', MB)];
    expect(count(four, undefined, 2)).toBe(2);
    expect(count(four, undefined, 16)).toBe(4);
    expect(count(four.slice(0, 3), undefined, 16)).toBe(3);
    expect(count(four, undefined, 1)).toBe(0);
  });

  it('gives no thread to small files: one large log and its small exports stay on one thread', () => {
    expect(count([file('n1_cluster.log', 500 * MB), file('n1_System.csv', 2 * MB), file('n2_System.csv', 2 * MB)])).toBe(0);
    expect(count([file('a', 10 * MB), file('b', 10 * MB), file('c', 10 * MB)])).toBe(0);
  });

  it('honours --threads, capped at the number of files', () => {
    const files = [file('a', MB), file('b', MB), file('c', MB)];
    expect(count(files, 2)).toBe(2);
    expect(count(files, 8)).toBe(3);
    expect(count(files, 1)).toBe(0);
    expect(count(files, 0)).toBe(0);
  });

  it('reads one file, or standard input, on the calling thread, and everything there without a compiled worker', () => {
    expect(count([file('a', 900 * MB)], 4)).toBe(0);
    expect(count([file('a', 900 * MB), file('-', null, false)], 4)).toBe(0);
    expect(threadCount([file('a', 900 * MB), file('b', 900 * MB)], 2, 8, false)).toBe(0);
  });
});

describe('planReading', () => {
  const plan = (files: InputFile[], requested?: number, cores = 2) => planReading(files, requested, cores, true);

  it('cuts one large log into a part per core, and leaves its small exports whole', () => {
    const files = [file('n1_cluster.log', 1024 * MB), file('n1_System.csv', 2 * MB)];
    expect(plan(files)).toEqual({ threads: 2, parts: [2, 1] });
    expect(plan(files, undefined, 8)).toEqual({ threads: 4, parts: [4, 1] });
    expect(plan(files, 3)).toEqual({ threads: 3, parts: [3, 1] });
  });

  it('cuts nothing when there are as many large files as threads', () => {
    const files = [file('a', 250 * MB), file('b', 250 * MB), file('c', 250 * MB), file('d', 250 * MB)];
    expect(plan(files)).toEqual({ threads: 2, parts: [1, 1, 1, 1] });
  });

  it('cuts the larger of two files when cores are left', () => {
    expect(plan([file('a', 900 * MB), file('b', 100 * MB)], undefined, 4)).toEqual({ threads: 4, parts: [3, 1] });
  });

  it('keeps parts at least 32 MB, and reads on one thread when asked to or for standard input', () => {
    expect(plan([file('a', 40 * MB)])).toEqual({ threads: 0, parts: [1] });
    expect(plan([file('a', 64 * MB)])).toEqual({ threads: 2, parts: [2] });
    expect(plan([file('a', 1024 * MB)], 1).threads).toBe(0);
    expect(plan([file('a', 1024 * MB), file('-', null, false)]).threads).toBe(0);
    expect(planReading([file('a', 1024 * MB)], undefined, 2, false).threads).toBe(0);
  });
});

