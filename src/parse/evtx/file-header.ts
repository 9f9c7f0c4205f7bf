/** The 4096-byte EVTX file header (libevtx "File header"). */
import { crc32 } from 'node:zlib';
import { u16, u32, u64 } from './bytes.js';

export const FILE_SIGNATURE = Buffer.from('ElfFile\0', 'latin1');
export const CHUNK_SIGNATURE = Buffer.from('ElfChnk\0', 'latin1');
export const FILE_HEADER_BLOCK_SIZE = 4096;
export const CHUNK_SIZE = 65536;

/** File flags: 0x1 dirty (not closed cleanly, e.g. a copy of a live log), 0x2 full, 0x4 no CRC32 (seen with 3.2 logs). */
export const FILE_FLAG_DIRTY = 0x1;
export const FILE_FLAG_FULL = 0x2;
export const FILE_FLAG_NO_CRC32 = 0x4;

export interface FileHeader {
  readonly firstChunk: number;
  readonly lastChunk: number;
  readonly nextRecordId: number;
  readonly headerSize: number;
  readonly minorVersion: number;
  readonly majorVersion: number;
  /** Offset of the first chunk; always 4096 in files written by Windows. */
  readonly headerBlockSize: number;
  readonly chunkCount: number;
  readonly flags: number;
  readonly dirty: boolean;
  readonly full: boolean;
  /** CRC32 of the first 120 bytes matches; true when the file says it carries no checksums. */
  readonly checksumOk: boolean;
}

/** True when the bytes start with the `ElfFile\0` signature. */
export function isEvtx(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(0, 8).equals(FILE_SIGNATURE);
}

/** True when the bytes start with a chunk signature (a carved chunk or a file without its header). */
export function isChunkStart(b: Buffer, p = 0): boolean {
  return b.length >= p + 8 && b.subarray(p, p + 8).equals(CHUNK_SIGNATURE);
}

/** Parses the header; null when the signature is missing or fewer than 128 bytes are present. */
export function parseFileHeader(b: Buffer): FileHeader | null {
  if (b.length < 128 || !isEvtx(b)) return null;
  const flags = u32(b, 120);
  const checksumOk = (flags & FILE_FLAG_NO_CRC32) !== 0 || crc32(b.subarray(0, 120)) === u32(b, 124);
  return {
    firstChunk: u64(b, 8),
    lastChunk: u64(b, 16),
    nextRecordId: u64(b, 24),
    headerSize: u32(b, 32),
    minorVersion: u16(b, 36),
    majorVersion: u16(b, 38),
    headerBlockSize: u16(b, 40),
    chunkCount: u16(b, 42),
    flags,
    dirty: (flags & FILE_FLAG_DIRTY) !== 0,
    full: (flags & FILE_FLAG_FULL) !== 0,
    checksumOk,
  };
}
