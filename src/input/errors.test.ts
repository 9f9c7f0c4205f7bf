import { describe, expect, it } from 'vitest';
import { InputError, toInputError } from './errors.js';

const sys = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: something, open 'x'`), { code });

describe('toInputError', () => {
  it.each([
    ['ENOENT', 'not-found', 'no such file or directory'],
    ['EACCES', 'permission-denied', 'permission denied'],
    ['EPERM', 'permission-denied', 'permission denied'],
    ['EISDIR', 'is-directory', 'is a directory'],
    ['ELOOP', 'unreadable', 'too many levels of symbolic links'],
    ['EIO', 'unreadable', "cannot read (EIO: something, open 'x')"],
  ])('%s → %s', (errno, code, reason) => {
    const err = toInputError(sys(errno), 'node1\\cluster.log');
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ code, reason, file: 'node1\\cluster.log', message: `node1\\cluster.log: ${reason}` });
    expect(err.message).not.toContain('\n');
  });

  it('keeps an InputError as it is', () => {
    const err = new InputError('no-stdin', '-', 'no standard input to read');
    expect(toInputError(err, 'other')).toBe(err);
  });
});
