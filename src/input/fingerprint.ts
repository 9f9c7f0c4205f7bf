/**
 * Content fingerprints, to read a log only once when it is handed over twice under two names
 * (`NODE1_cluster.log` and `NODE1_cluster - Copy.log`, or the same collection copied into two folders).
 * Cheap by design: the size and a SHA-256 of the first and last 64 KiB, so a 1 GB log costs two reads.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

/** Bytes hashed at each end of the file. */
export const FINGERPRINT_EDGE_BYTES = 64 * 1024;

/**
 * `<size>:<sha256 hex>` of the file's first and last 64 KiB (the whole file when it is at most 128 KiB),
 * or null when there is nothing to fingerprint: standard input (`absolutePath` null), a pipe or device
 * (`size` null: reading it here would consume it), or a file that cannot be read.
 * `size` is the size the input stage saw; a file that changed size since then gets null.
 */
export async function fingerprintFile(absolutePath: string | null, size: number | null): Promise<string | null> {
  if (absolutePath === null || size === null || !Number.isSafeInteger(size) || size < 0) return null;
  let handle: FileHandle | null = null;
  try {
    handle = await open(absolutePath, 'r');
    const st = await handle.stat();
    if (!st.isFile() || st.size !== size) return null;
    const hash = createHash('sha256');
    const edge = FINGERPRINT_EDGE_BYTES;
    if (size <= 2 * edge) {
      hash.update(await readAt(handle, 0, size));
    } else {
      hash.update(await readAt(handle, 0, edge));
      hash.update(await readAt(handle, size - edge, edge));
    }
    return `${size}:${hash.digest('hex')}`;
  } catch {
    return null;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Whether two files hold the same bytes, compared in full. For confirming a fingerprint match before a
 * file is left out: the fingerprint does not see the middle of large files. False when either cannot be read.
 */
export async function sameContent(pathA: string, pathB: string): Promise<boolean> {
  let a: FileHandle | null = null;
  let b: FileHandle | null = null;
  try {
    a = await open(pathA, 'r');
    b = await open(pathB, 'r');
    const [sa, sb] = await Promise.all([a.stat(), b.stat()]);
    if (!sa.isFile() || !sb.isFile() || sa.size !== sb.size) return false;
    const block = 1024 * 1024;
    const bufA = Buffer.allocUnsafe(block);
    const bufB = Buffer.allocUnsafe(block);
    for (let at = 0; at < sa.size; at += block) {
      const want = Math.min(block, sa.size - at);
      const [ra, rb] = await Promise.all([a.read(bufA, 0, want, at), b.read(bufB, 0, want, at)]);
      if (ra.bytesRead !== want || rb.bytesRead !== want) return false;
      if (!bufA.subarray(0, want).equals(bufB.subarray(0, want))) return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
  }
}

/** Exactly `length` bytes from `position`, looping over short reads; fewer only at end of file. */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}
