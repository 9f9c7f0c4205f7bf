/**
 * Rendering of cluster.log lines. Hot path of the generator: the date part is cached per
 * minute and hex ids per value, so a line costs one template string.
 */
export type Level = 'INFO' | 'WARN' | 'ERR' | 'DBG';

/** One cluster.log record. `t` is always UTC ms; dialects shift it when printing local time. */
export interface LogLine {
  readonly t: number;
  readonly pid: number;
  readonly tid: number;
  readonly level: Level;
  /** Everything after the level column, e.g. `[RCM] Issuing Online(X) to RHS.`; `\n` starts an unprefixed continuation line. */
  readonly text: string;
}

const LEVEL_COLUMN: Record<Level, string> = { INFO: 'INFO  ', WARN: 'WARN  ', ERR: 'ERR   ', DBG: 'DBG   ' };
const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const HEX = new Map<number, string>();

/** `00000a94`: 8 hex digits, as cluster.log prints process and thread ids. */
export function hex8(n: number): string {
  let s = HEX.get(n);
  if (s === undefined) {
    s = n.toString(16).padStart(8, '0');
    if (HEX.size < 65536) HEX.set(n, s);
  }
  return s;
}

/** `2019/11/06-16:41:12.418` for a UTC ms value. */
export function clusterTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${PAD2[d.getUTCMonth() + 1]}/${PAD2[d.getUTCDate()]}-${PAD2[d.getUTCHours()]}:${PAD2[d.getUTCMinutes()]}:${PAD2[d.getUTCSeconds()]}.${PAD3[d.getUTCMilliseconds()]}`;
}

export interface LineStyle {
  /** Added to `t` before printing (Get-ClusterLog -UseLocalTime): local minus UTC, in ms. */
  readonly shiftMs?: number;
  /** Text put before every prefixed line, e.g. `[System] ` or `[Verbose] `. */
  readonly tag?: string;
  readonly eol: '\r\n' | '\n';
  /** Runs of spaces collapsed to one, as text pasted through HTML (a web ticket, a forum) arrives. */
  readonly collapseSpaces?: boolean;
}

export class LineFormatter {
  private minute = Number.NaN;
  private minuteText = '';
  private readonly shift: number;
  private readonly tag: string;
  private readonly collapse: boolean;
  readonly eol: string;

  constructor(style: LineStyle) {
    this.shift = style.shiftMs ?? 0;
    this.tag = style.tag ?? '';
    this.eol = style.eol;
    this.collapse = style.collapseSpaces === true;
  }

  /** The line with its end-of-line. */
  format(line: LogLine): string {
    const t = line.t + this.shift;
    const minute = Math.floor(t / 60000);
    if (minute !== this.minute) {
      this.minute = minute;
      const d = new Date(minute * 60000);
      this.minuteText = `${d.getUTCFullYear()}/${PAD2[d.getUTCMonth() + 1]}/${PAD2[d.getUTCDate()]}-${PAD2[d.getUTCHours()]}:${PAD2[d.getUTCMinutes()]}:`;
    }
    const inMinute = t - minute * 60000;
    const sec = Math.floor(inMinute / 1000);
    const text = line.text.includes('\n') ? line.text.split('\n').join(this.eol) : line.text;
    const out = `${this.tag}${hex8(line.pid)}.${hex8(line.tid)}::${this.minuteText}${PAD2[sec]}.${PAD3[inMinute - sec * 1000]} ${LEVEL_COLUMN[line.level]}${text}${this.eol}`;
    return this.collapse ? out.replace(/ {2,}/g, ' ') : out;
  }
}

export function byTime(a: { t: number }, b: { t: number }): number {
  return a.t - b.t;
}
