/**
 * Progress on standard error for big inputs: bytes read of the total and files done, redrawn in place.
 * Only on a terminal, never under CI or with --quiet, and cleared before anything else is printed.
 */
import type { Progress } from '../analyze.js';
import { formatBytes } from '../report/format.js';
import { truncate } from '../report/layout.js';

/** Smaller runs finish before a progress line would help. */
export const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;
const REDRAW_MS = 100;

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

export interface ProgressOptions {
  readonly stream: ProgressStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly quiet: boolean;
  /** Wall clock, for throttling only. */
  readonly now: () => number;
}

export interface ProgressLine {
  update(progress: Progress): void;
  /** Erases the line (before printing something else); the next update draws it again. */
  clear(): void;
}

export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export function progressText(p: Progress): string {
  const percent = p.bytesTotal > 0 ? ` (${Math.floor((100 * p.bytesRead) / p.bytesTotal)}%)` : '';
  return `reading ${formatBytes(p.bytesRead)} of ${formatBytes(p.bytesTotal)}${percent} · ${p.filesDone}/${p.filesTotal} files`;
}

export function createProgress(options: ProgressOptions): ProgressLine {
  const enabled = !options.quiet && options.stream.isTTY === true && !isCi(options.env);
  let drawn = false;
  let last = Number.NEGATIVE_INFINITY;
  return {
    update(p) {
      if (!enabled || p.bytesTotal < PROGRESS_MIN_BYTES) return;
      const now = options.now();
      if (now - last < REDRAW_MS && p.filesDone < p.filesTotal) return;
      last = now;
      const width = (options.stream.columns ?? 80) - 1;
      options.stream.write(`\r${truncate(progressText(p), width)}\x1b[K`);
      drawn = true;
    },
    clear() {
      if (!drawn) return;
      options.stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
