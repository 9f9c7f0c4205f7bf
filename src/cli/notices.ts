/**
 * Input problems on standard error, one line each and naming the file:
 * `wsfc-forensics: C:\logs\node2.log:12: not a cluster log (...)`. Never a stack.
 */
import type { Diagnostic, SkippedInput } from '../shared/report.js';
import { sanitize } from '../report/sanitize.js';
import type { ProgressLine } from './progress.js';

export function noticeLine(file: string | null, line: number | null, message: string): string {
  const where = file === null ? '' : `${sanitize(file)}${line !== null ? `:${line}` : ''}: `;
  return `wsfc-forensics: ${where}${sanitize(message)}\n`;
}

export interface Notices {
  /** Prints a diagnostic once, however often it is handed over (as it happens, then in the final report). */
  diagnostic(d: Diagnostic): void;
  /** Skipped inputs that no diagnostic has already named. */
  skipped(inputs: readonly SkippedInput[]): void;
  message(text: string): void;
}

export function createNotices(stderr: { write(text: string): unknown }, progress: ProgressLine): Notices {
  const named = new Set<string>();
  const printed = new Set<string>();
  const print = (text: string): void => {
    progress.clear();
    stderr.write(text);
  };
  return {
    diagnostic(d) {
      // Info records (clock skew found, zone inferred) belong in the report, not among the problems.
      if (d.level === 'info') return;
      const key = JSON.stringify([d.level, d.code, d.file, d.line, d.message]);
      if (printed.has(key)) return;
      printed.add(key);
      if (d.file !== null) named.add(d.file);
      print(noticeLine(d.file, d.line, d.message));
    },
    skipped(inputs) {
      for (const s of inputs) if (!named.has(s.path)) print(noticeLine(s.path, null, `skipped: ${s.reason}`));
    },
    message(text) {
      print(noticeLine(null, null, text));
    },
  };
}
