/** Input errors: a file that cannot be opened or read; `message` is one line, `<file>: <reason>`. */
import type { Diagnostic } from '../shared/report.js';

export type InputErrorCode = 'not-found' | 'permission-denied' | 'is-directory' | 'unreadable' | 'no-stdin';

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly code: InputErrorCode;
  /** The path as given. */
  readonly file: string;
  /** The message without the file name (`no such file or directory`), for records that carry the file apart. */
  readonly reason: string;

  constructor(code: InputErrorCode, file: string, reason: string, options?: { cause?: unknown }) {
    super(`${file}: ${reason}`, options);
    this.code = code;
    this.file = file;
    this.reason = reason;
  }

  /** As a report diagnostic (code `unreadable`; the message is the reason, the file goes in `file`). */
  toDiagnostic(): Diagnostic {
    return { level: 'error', code: 'unreadable', file: this.file, line: null, message: this.reason };
  }
}

/** Turns a Node file-system error into an `InputError`. */
export function toInputError(err: unknown, file: string): InputError {
  if (err instanceof InputError) return err;
  const sys = err as NodeJS.ErrnoException | null;
  switch (sys?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new InputError('not-found', file, 'no such file or directory', { cause: err });
    case 'EACCES':
    case 'EPERM':
      return new InputError('permission-denied', file, 'permission denied', { cause: err });
    case 'EISDIR':
      return new InputError('is-directory', file, 'is a directory', { cause: err });
    case 'ELOOP':
      return new InputError('unreadable', file, 'too many levels of symbolic links', { cause: err });
    default: {
      const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
      return new InputError('unreadable', file, `cannot read (${detail})`, { cause: err });
    }
  }
}
