/** Terminal layout helpers: widths are measured on text with ANSI colour stripped. */
import { stripVTControlCharacters } from 'node:util';

/** East Asian wide and fullwidth ranges, emoji: two columns on a terminal. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function charWidth(code: number): number {
  if (code >= 0x300 && code <= 0x36f) return 0; // combining diacritics
  for (const [from, to] of WIDE) if (code >= from && code <= to) return 2;
  return 1;
}

/** Columns a string occupies on a terminal, ignoring colour codes. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const ch of stripVTControlCharacters(text)) width += charWidth(ch.codePointAt(0) ?? 0);
  return width;
}

/** True when `width` asks for no fitting at all. */
export function isUnbounded(width: number): boolean {
  return !Number.isFinite(width) || width <= 0;
}

/** Cuts plain text to `width` columns, ending in `…` when cut. */
export function truncate(text: string, width: number): string {
  if (isUnbounded(width) || visibleWidth(text) <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0) ?? 0);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/**
 * Cuts plain text to `width` columns in the middle: `Virtual Mach…ion SQLVM07`. For names whose start and
 * end both matter (`Cluster Disk 1` vs `Cluster Disk 2`, `node1_cluster.log` vs `node2_cluster.log`).
 * `keepEnd` is the share of the room given to the end.
 */
export function truncateMiddle(text: string, width: number, keepEnd = 0.5): string {
  if (isUnbounded(width) || visibleWidth(text) <= width) return text;
  if (width <= 2) return truncate(text, width);
  const chars = [...text];
  const room = width - 1;
  const tailRoom = Math.max(1, Math.floor(room * keepEnd));
  let tail = '';
  let used = 0;
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    const ch = chars[i] ?? '';
    const w = charWidth(ch.codePointAt(0) ?? 0);
    if (used + w > tailRoom) break;
    tail = ch + tail;
    used += w;
  }
  const head = truncate(text, room - used + 1).replace(/…$/, '');
  return `${head}…${tail}`;
}

/**
 * Cuts coloured text to `width` visible columns: escape sequences are copied without being counted,
 * and a reset is added after the `…` so no colour leaks into the next line.
 */
export function truncateAnsi(text: string, width: number): string {
  if (isUnbounded(width) || visibleWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  let styled = false;
  for (const [, escape, ch] of text.matchAll(/(\x1b\[[0-9;]*m)|([\s\S])/gu)) {
    if (escape !== undefined) {
      out += escape;
      styled = true;
      continue;
    }
    const w = charWidth(ch?.codePointAt(0) ?? 0);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…${styled ? '\x1b[0m' : ''}`;
}

/** Pads (possibly coloured) text with spaces to `width` visible columns. */
export function padEnd(text: string, width: number): string {
  const missing = width - visibleWidth(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

/**
 * Greedy word wrap of one plain line: the first line gets `firstWidth` columns, the others `width`.
 * Spacing inside a line is kept as written (log text is often column-aligned); only the spaces at a
 * break are dropped. A word wider than a line is cut hard.
 */
export function wrapLine(text: string, width: number, firstWidth: number = width): string[] {
  if (isUnbounded(width) || visibleWidth(text) <= firstWidth) return [text];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const room = (): number => Math.max(1, lines.length === 0 ? firstWidth : width);
  for (const [, space = '', word = ''] of text.matchAll(/( *)([^ ]+| +$)/g)) {
    const gap = line === '' ? '' : space;
    if (used + gap.length + visibleWidth(word) <= room()) {
      line += gap + word;
      used += gap.length + visibleWidth(word);
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    used = 0;
    for (const ch of word) {
      const w = charWidth(ch.codePointAt(0) ?? 0);
      if (used + w > room() && line !== '') {
        lines.push(line);
        line = '';
        used = 0;
      }
      line += ch;
      used += w;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/**
 * Wraps plain (multi-line) text so that every line fits `width` once `prefix` is put in front of
 * the first line and `indent` spaces in front of the others: a hanging indent.
 * `prefix` may be coloured; the text must not be (colour it through `paint`).
 */
export function hang(
  prefix: string,
  text: string,
  width: number,
  indent: number = visibleWidth(prefix),
  paint: (line: string) => string = (line) => line,
): string[] {
  const room = isUnbounded(width) ? width : Math.max(10, width - indent);
  const firstRoom = isUnbounded(width) ? width : Math.max(10, width - visibleWidth(prefix));
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  text.split('\n').forEach((paragraph, p) => {
    const lines = wrapLine(paragraph, room, p === 0 ? firstRoom : room);
    // An empty paragraph (a blank line inside an event message) gets no indent: no trailing spaces.
    lines.forEach((line, i) => out.push(line === '' && p > 0 ? '' : (p === 0 && i === 0 ? prefix : pad) + paint(line)));
  });
  return out;
}
