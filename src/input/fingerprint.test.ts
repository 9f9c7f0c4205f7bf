import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FINGERPRINT_EDGE_BYTES, fingerprintFile, sameContent } from './fingerprint.js';

const DIR = mkdtempSync(join(tmpdir(), 'wsfc-fingerprint-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const LINE = '000014e8.00001f40::2024/03/08-08:15:00.123 ERR   [RHS] RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource \'Cluster Name\'.\r\n';

function file(name: string, content: Buffer | string): { path: string; size: number } {
  const path = join(DIR, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return { path, size: statSync(path).size };
}

/** A log-like buffer of `size` bytes with one byte changed at `at` (or none). */
function logBytes(size: number, at: number | null = null): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i += LINE.length) b.write(LINE, i, 'latin1');
  if (at !== null) b[at] = b[at] === 0x41 ? 0x42 : 0x41;
  return b;
}

describe('fingerprintFile', () => {
  it('gives the same fingerprint to the same content under two names', async () => {
    const a = file('a/NODE1_cluster.log', LINE.repeat(20));
    const b = file('b/NODE1_cluster - Copy.log', LINE.repeat(20));
    const fa = await fingerprintFile(a.path, a.size);
    expect(fa).toMatch(new RegExp(`^${a.size}:[0-9a-f]{64}$`));
    expect(await fingerprintFile(b.path, b.size)).toBe(fa);
  });

  it('tells apart small files of the same size that differ anywhere', async () => {
    const a = file('small-a.log', logBytes(5000));
    const b = file('small-b.log', logBytes(5000, 2500));
    expect(await fingerprintFile(a.path, a.size)).not.toBe(await fingerprintFile(b.path, b.size));
  });

  it('hashes the whole file up to twice the edge size', async () => {
    const size = 2 * FINGERPRINT_EDGE_BYTES;
    const a = file('edge-a.log', logBytes(size));
    const b = file('edge-b.log', logBytes(size, FINGERPRINT_EDGE_BYTES));
    expect(await fingerprintFile(a.path, a.size)).not.toBe(await fingerprintFile(b.path, b.size));
  });

  it('sees a change in the first or the last 64 KiB of a large file', async () => {
    const size = 3 * FINGERPRINT_EDGE_BYTES + 17;
    const base = await fingerprintFile(file('big.log', logBytes(size)).path, size);
    const head = file('big-head.log', logBytes(size, 10));
    const tail = file('big-tail.log', logBytes(size, size - 3));
    expect(await fingerprintFile(head.path, size)).not.toBe(base);
    expect(await fingerprintFile(tail.path, size)).not.toBe(base);
  });

  it('does not see the middle of a large file (sameContent does)', async () => {
    const size = 3 * FINGERPRINT_EDGE_BYTES;
    const a = file('mid-a.log', logBytes(size));
    const b = file('mid-b.log', logBytes(size, Math.floor(size / 2)));
    expect(await fingerprintFile(a.path, size)).toBe(await fingerprintFile(b.path, size));
    expect(await sameContent(a.path, b.path)).toBe(false);
    expect(await sameContent(a.path, file('mid-c.log', logBytes(size)).path)).toBe(true);
  });

  it('includes the size: a prefix of the same bytes is another file', async () => {
    const a = file('prefix-a.log', LINE.repeat(10));
    const b = file('prefix-b.log', LINE.repeat(10) + LINE);
    expect(await fingerprintFile(a.path, a.size)).not.toBe(await fingerprintFile(b.path, b.size));
  });

  it('gives null for standard input, pipes, missing files, folders and a size that no longer matches', async () => {
    const a = file('null.log', LINE);
    expect(await fingerprintFile(null, 10)).toBeNull();
    expect(await fingerprintFile(a.path, null)).toBeNull();
    expect(await fingerprintFile(join(DIR, 'missing.log'), 10)).toBeNull();
    expect(await fingerprintFile(DIR, 4096)).toBeNull();
    expect(await fingerprintFile(a.path, a.size + 1)).toBeNull();
  });

  it('never opens a pipe (size null), which would block or consume it', async () => {
    const fifo = join(DIR, 'pipe');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo here: nothing to check
    }
    // Opening a FIFO with no writer blocks; returning at all proves it was not opened.
    expect(await fingerprintFile(fifo, null)).toBeNull();
  });

  it('leaves the file untouched', async () => {
    const a = file('untouched.log', logBytes(300_000));
    const before = statSync(a.path);
    await fingerprintFile(a.path, a.size);
    await sameContent(a.path, a.path);
    const after = statSync(a.path);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.size).toBe(before.size);
  });
});
