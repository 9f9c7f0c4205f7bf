/**
 * Mutations that real damage and real handling make to log files, for the fuzzer: bit flips and cuts
 * (bad disks, interrupted copies), splices between formats (files pasted together), encoding switches
 * (re-saved in another editor, or concatenated across encodings), line-ending changes (copied between
 * systems), repeated runs of one character (padding, corruption), and pathological lines.
 * All driven by a seeded `Rng`, so that a seed reproduces a case exactly.
 */
import { gzipSync } from 'node:zlib';
import type { Rng } from '../generator/rng.js';

/** One text mutation's name, recorded with a finding. */
export type TextMutation =
  | 'truncate'
  | 'drop-lines'
  | 'dup-lines'
  | 'swap-lines'
  | 'join-lines'
  | 'split-line'
  | 'insert-noise'
  | 'char-repeat'
  | 'pathological-line'
  | 'splice'
  | 'bom-mid'
  | 'control-chars'
  | 'digits-shift';

export type ByteMutation = 'bit-flips' | 'truncate-bytes' | 'zero-range' | 'byte-repeat' | 'splice-bytes' | 'nul-run';

export type Encoding = 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'utf16le' | 'utf16be-bom' | 'latin1';

export const ENCODINGS: readonly Encoding[] = ['utf8', 'utf8-bom', 'utf16le-bom', 'utf16le', 'utf16be-bom', 'latin1'];

/** Characters that grammars and regexes split or nest on. */
const SEPARATORS = [' ', '\t', ':', '.', '-', '/', '[', ']', '(', ')', '<', '>', '"', "'", ',', ';', '=', '{', '}', '\\', '|', '*', '0', 'x', '~', '\u00a0', '\u3000'];

/** Starts that put a line on each reader's interesting paths. */
const LINE_STARTS = [
  '00000a94.00001c20::2021/03/04-09:12:17.615 INFO  [RCM] ',
  '00000a94.00001c20::2021/03/04-09:12:17.615 ERR   [RHS] RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource \'',
  '00000a94.00001c20::2021/03/04-09:12:17.615 INFO  [RES] Network Name <',
  '[=== ',
  '[System] ',
  'Event[3]:',
  '  Source: ',
  'Description: ',
  'TimeCreated  : ',
  'Message      : ',
  'Error,3/14/2023 9:20:05 AM,FailoverClustering,1135,Node Mgr,"',
  '03/04/2023 04:07:58 PM Error NODE1.contoso.com. 1230 ',
  '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>',
  '{"Id": 1230, "Message": "',
  "Cluster resource '",
  'INFO  [RCM] ',
  '',
];

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** A run of one separator (or a short pattern) repeated: 100 B to `max` characters. */
export function charRun(rng: Rng, max: number): string {
  const unit = rng.chance(0.7) ? rng.pick(SEPARATORS) : Array.from({ length: rng.between(2, 4) }, () => rng.pick(SEPARATORS)).join('');
  const n = Math.max(1, Math.floor(rng.between(100, Math.max(100, max)) / unit.length));
  return unit.repeat(n);
}

/** A line built to stress a grammar: a realistic start, then runs and a tail. */
export function pathologicalLine(rng: Rng, max: number): string {
  let line = rng.pick(LINE_STARTS);
  const runs = rng.between(1, 3);
  for (let i = 0; i < runs; i++) line += charRun(rng, Math.floor(max / runs));
  if (rng.chance(0.5)) line += rng.pick(['x', '.', ':', ']', '===]', '"', "'", '>', ')', ' ===]', 'Event ID: 1230']);
  return line;
}

/** Applies one random text mutation; returns its name. `max` bounds the characters a mutation adds. */
export function mutateLines(rng: Rng, lines: string[], pool: readonly (readonly string[])[], max: number): TextMutation {
  const at = lines.length === 0 ? 0 : rng.int(lines.length);
  const line = lines[at] ?? '';
  const col = line.length === 0 ? 0 : rng.int(line.length + 1);
  const kinds: TextMutation[] = [
    'truncate',
    'drop-lines',
    'dup-lines',
    'swap-lines',
    'join-lines',
    'split-line',
    'insert-noise',
    'char-repeat',
    'pathological-line',
    'splice',
    'bom-mid',
    'control-chars',
    'digits-shift',
  ];
  const kind = rng.pick(kinds);
  switch (kind) {
    case 'truncate':
      lines.length = at;
      if (rng.chance(0.5)) lines.push(line.slice(0, col));
      break;
    case 'drop-lines':
      lines.splice(at, rng.between(1, 5));
      break;
    case 'dup-lines': {
      const n = rng.between(1, 5);
      lines.splice(at, 0, ...lines.slice(at, at + n));
      break;
    }
    case 'swap-lines': {
      const j = clamp(at + rng.between(-3, 3), 0, Math.max(0, lines.length - 1));
      [lines[at], lines[j]] = [lines[j] ?? '', line];
      break;
    }
    case 'join-lines': {
      // A lost line break (CR-only endings read as one line, or a paste into one line).
      const n = rng.between(2, 6);
      lines.splice(at, n, lines.slice(at, at + n).join(rng.pick(['', ' ', '\t', '\r'])));
      break;
    }
    case 'split-line':
      lines.splice(at, 1, line.slice(0, col), line.slice(col));
      break;
    case 'insert-noise': {
      const noise = Array.from({ length: rng.between(1, 12) }, () => String.fromCharCode(rng.chance(0.8) ? rng.between(32, 126) : rng.between(0, 0xffff))).join('');
      lines[at] = line.slice(0, col) + noise + line.slice(col);
      break;
    }
    case 'char-repeat':
      lines[at] = line.slice(0, col) + charRun(rng, max) + line.slice(col);
      break;
    case 'pathological-line':
      lines.splice(at, 0, pathologicalLine(rng, max));
      break;
    case 'splice': {
      // Another file's lines pasted in: formats mixed in one input.
      const other = pool.length > 0 ? rng.pick(pool) : [];
      const from = other.length === 0 ? 0 : rng.int(other.length);
      lines.splice(at, rng.chance(0.5) ? lines.length : 0, ...other.slice(from, from + rng.between(1, 40)));
      break;
    }
    case 'bom-mid':
      lines[at] = `\ufeff${line}`;
      break;
    case 'control-chars':
      lines[at] = line.slice(0, col) + rng.pick(['\0', '\x1b[2J', '\x07', '\u202e', '\u2028', '\ud800', '\x00\x00\x00', '\r']) + line.slice(col);
      break;
    case 'digits-shift': {
      const k = rng.between(1, 9);
      lines[at] = line.replace(/\d/g, (d) => String((Number(d) + k) % 10));
      break;
    }
  }
  return kind;
}

/** Applies one random byte mutation; returns the new bytes and the mutation's name. */
export function mutateBytes(rng: Rng, bytes: Buffer, pool: readonly Buffer[], max: number): { bytes: Buffer; kind: ByteMutation } {
  const kind = rng.pick<ByteMutation>(['bit-flips', 'truncate-bytes', 'zero-range', 'byte-repeat', 'splice-bytes', 'nul-run']);
  const at = bytes.length === 0 ? 0 : rng.int(bytes.length);
  switch (kind) {
    case 'bit-flips': {
      const out = Buffer.from(bytes);
      const n = rng.between(1, 16);
      for (let i = 0; i < n && out.length > 0; i++) {
        const p = rng.int(out.length);
        out[p] = (out[p] ?? 0) ^ (1 << rng.int(8));
      }
      return { bytes: out, kind };
    }
    case 'truncate-bytes':
      return { bytes: bytes.subarray(0, at), kind };
    case 'zero-range': {
      const out = Buffer.from(bytes);
      out.fill(rng.chance(0.5) ? 0 : 0xff, at, Math.min(out.length, at + rng.between(1, 4096)));
      return { bytes: out, kind };
    }
    case 'byte-repeat': {
      const unit = bytes.subarray(at, at + rng.between(1, 4));
      const run = Buffer.alloc(Math.min(max, rng.between(1000, Math.max(1000, max))), unit.length > 0 ? unit : Buffer.from(' '));
      return { bytes: Buffer.concat([bytes.subarray(0, at), run, bytes.subarray(at)]), kind };
    }
    case 'splice-bytes': {
      const other = pool.length > 0 ? rng.pick(pool) : Buffer.alloc(0);
      const from = other.length === 0 ? 0 : rng.int(other.length);
      return { bytes: Buffer.concat([bytes.subarray(0, at), other.subarray(from, from + rng.between(1, 65536))]), kind };
    }
    case 'nul-run':
      return { bytes: Buffer.concat([bytes.subarray(0, at), Buffer.alloc(rng.between(1, 8192)), bytes.subarray(at)]), kind };
  }
}

/** Line endings: all CRLF, LF or CR, or a random one per line. */
export function joinLines(rng: Rng, lines: readonly string[]): { text: string; endings: string } {
  const style = rng.pick(['crlf', 'lf', 'cr', 'mixed', 'none-at-end'] as const);
  const one = { crlf: '\r\n', lf: '\n', cr: '\r' } as const;
  if (style === 'mixed') return { text: lines.map((l) => l + rng.pick(['\r\n', '\n', '\r', '\r\r\n'])).join(''), endings: style };
  if (style === 'none-at-end') return { text: lines.join('\r\n'), endings: style };
  return { text: lines.map((l) => l + one[style]).join(''), endings: style };
}

/** Encodes text; `switchAt` (0..1) re-encodes the rest of the text in a second encoding from there. */
export function encode(text: string, encoding: Encoding, second: Encoding | null = null, switchAt = 0.5): Buffer {
  if (second !== null) {
    const cut = Math.floor(text.length * switchAt);
    return Buffer.concat([encode(text.slice(0, cut), encoding), encode(text.slice(cut), second).subarray(bomLength(second))]);
  }
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be-bom': {
      const le = Buffer.from(text, 'utf16le');
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
    }
    case 'latin1':
      return Buffer.from(text, 'latin1');
  }
}

function bomLength(e: Encoding): number {
  return e === 'utf8-bom' ? 3 : e === 'utf16le-bom' || e === 'utf16be-bom' ? 2 : 0;
}

/** Gzips the bytes; sometimes cuts the result short (a download that stopped). */
export function gzip(rng: Rng, bytes: Buffer): { bytes: Buffer; cut: boolean } {
  const z = gzipSync(bytes);
  if (!rng.chance(0.4)) return { bytes: z, cut: false };
  return { bytes: z.subarray(0, rng.between(2, Math.max(2, z.length - 1))), cut: true };
}
