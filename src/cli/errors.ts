/**
 * The error classes the CLI's one error boundary (`main.ts`) tells apart. Only an unexpected error
 * (a bug) is printed with a stack; everything the user can fix is one line.
 */
import { sanitize } from '../report/sanitize.js';

/** Bad flags or arguments, or an input choice that cannot work: one line, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The report could not be written (`-o` to a missing folder, disk full): one line, exit status 2. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/** The reader of standard output went away (`| head`): stop quietly, exit status 0. */
export class BrokenPipeError extends Error {
  override readonly name = 'BrokenPipeError';
  constructor() {
    super('broken pipe');
  }
}

/** Errors other stages may throw for problems the user can fix (by name, so no stage needs to import this file). */
const USER_FACING = new Set(['UsageError', 'InputError', 'OutputError']);

export function isUserFacing(err: unknown): err is Error {
  return err instanceof Error && USER_FACING.has(err.name);
}

export function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || (err as { code?: unknown }).code === 'ABORT_ERR');
}

/** The only output with a stack: enough for a bug report, nothing else. */
export function internalErrorText(err: unknown, version: string): string {
  const detail = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return [
    'wsfc-forensics: internal error; this is a bug. Please report it with the text below.',
    `wsfc-forensics ${version} · Node ${process.version} · ${process.platform} ${process.arch}`,
    sanitize(detail, { newlines: true, tabs: true }),
    '',
  ].join('\n');
}
