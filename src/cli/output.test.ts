import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Capture } from '../../test/helpers/fake-cli.js';
import { BrokenPipeError, OutputError } from './errors.js';
import { openSink, streamSink } from './output.js';

describe('sinks', () => {
  it('waits for drain when the reader is slow, and keeps the order', async () => {
    const slow = new Capture({ highWaterMark: 4, delayMs: 2 });
    const sink = streamSink(slow, { owned: false, name: 'standard output' });
    for (let i = 0; i < 20; i += 1) await sink.write(`line ${i}\n`);
    await sink.close();
    expect(slow.text.split('\n')).toHaveLength(21);
    expect(slow.text.startsWith('line 0\nline 1\n')).toBe(true);
  });

  it('turns EPIPE into a BrokenPipeError', async () => {
    const closed = new Writable({
      write(_chunk, _enc, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const sink = streamSink(closed, { owned: false, name: 'standard output' });
    await sink.write('x').catch(() => undefined);
    await expect(sink.write('y')).rejects.toBeInstanceOf(BrokenPipeError);
  });

  it('writes files and reports write errors in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsfc-sink-'));
    const sink = openSink(join(dir, 'report.txt'), new Capture());
    await sink.write('hello\n');
    await sink.close();
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toBe('hello\n');

    const bad = openSink(join(dir, 'missing', 'report.txt'), new Capture());
    const error = await bad.write('x').then(() => bad.close()).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toMatch(/missing.report\.txt: cannot write: ENOENT/);
  });
});
