/** The 512-byte chunk header (libevtx "Chunk header"). */
import { crc32 } from 'node:zlib';
import { isZero, u32, u64 } from './bytes.js';
import { CHUNK_SIGNATURE } from './file-header.js';

export const CHUNK_HEADER_SIZE = 512;
/** Chunk flag 0x4: the chunk carries no CRC32 values (seen in `Application_no_crc32.evtx`). */
export const CHUNK_FLAG_NO_CRC32 = 0x4;

export interface ChunkHeader {
  /** The `ElfChnk\0` signature is present. */
  readonly magicOk: boolean;
  /** The whole 512-byte header is zero: an allocated chunk never written to. */
  readonly empty: boolean;
  readonly firstRecordNumber: number;
  readonly lastRecordNumber: number;
  readonly firstRecordId: number;
  readonly lastRecordId: number;
  readonly headerSize: number;
  readonly lastRecordOffset: number;
  readonly freeSpaceOffset: number;
  readonly flags: number;
  /** CRC32 over bytes 0–120 and 128–512 matches (true when the chunk carries no checksums). */
  readonly headerChecksumOk: boolean;
  /** CRC32 over the records (512 to the free-space offset) matches (true when not checked). */
  readonly recordsChecksumOk: boolean;
}

export function parseChunkHeader(b: Buffer, length: number): ChunkHeader {
  const empty = length >= CHUNK_HEADER_SIZE ? isZero(b, 0, CHUNK_HEADER_SIZE) : isZero(b, 0, length);
  const magicOk = length >= 8 && b.subarray(0, 8).equals(CHUNK_SIGNATURE);
  if (length < CHUNK_HEADER_SIZE) {
    return {
      magicOk,
      empty,
      firstRecordNumber: 0,
      lastRecordNumber: 0,
      firstRecordId: 0,
      lastRecordId: 0,
      headerSize: 0,
      lastRecordOffset: 0,
      freeSpaceOffset: 0,
      flags: 0,
      headerChecksumOk: false,
      recordsChecksumOk: false,
    };
  }
  const flags = u32(b, 120);
  const noCrc = (flags & CHUNK_FLAG_NO_CRC32) !== 0;
  const freeSpaceOffset = u32(b, 48);
  const headerChecksumOk = noCrc || crc32(b.subarray(128, 512), crc32(b.subarray(0, 120))) === u32(b, 124);
  const recordsEnd = Math.min(freeSpaceOffset, length);
  const recordsChecksumOk =
    noCrc || (recordsEnd >= CHUNK_HEADER_SIZE && crc32(b.subarray(CHUNK_HEADER_SIZE, recordsEnd)) === u32(b, 52));
  return {
    magicOk,
    empty,
    firstRecordNumber: u64(b, 8),
    lastRecordNumber: u64(b, 16),
    firstRecordId: u64(b, 24),
    lastRecordId: u64(b, 32),
    headerSize: u32(b, 40),
    lastRecordOffset: u32(b, 44),
    freeSpaceOffset,
    flags,
    headerChecksumOk,
    recordsChecksumOk,
  };
}
