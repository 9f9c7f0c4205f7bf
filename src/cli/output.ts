/**
 * Where a report goes: standard output or `-o <file>`. Writes respect back-pressure (await 'drain'),
 * a reader that goes away (`| head`, EPIPE) becomes a BrokenPipeError, and file errors an OutputError.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { BrokenPipeError, OutputError } from './errors.js';

export interface Sink {
  write(text: string): Promise<void>;
  /** Flushes; ends the stream when the sink owns it (files, never stdout). */
  close(): Promise<void>;
}

function isBrokenPipe(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END';
}

export function streamSink(stream: Writable, options: { readonly owned: boolean; readonly name: string }): Sink {
  let failure: Error | null = null;
  const fail = (err: unknown): Error =>
    (failure ??= isBrokenPipe(err) ? new BrokenPipeError() : new OutputError(`${options.name}: cannot write: ${(err as Error).message}`));
  // Stays attached: an EPIPE can arrive after the last write, and an unheard 'error' would crash the process.
  stream.on('error', fail);

  const settle = (register: (done: (err?: unknown) => void) => void): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const onError = (err: unknown): void => {
        cleanup();
        reject(fail(err));
      };
      const onClose = (): void => {
        cleanup();
        if (failure !== null) reject(failure);
        else if (!options.owned) reject(fail(Object.assign(new Error('closed'), { code: 'EPIPE' })));
        else resolve();
      };
      const cleanup = (): void => {
        stream.off('error', onError);
        stream.off('close', onClose);
      };
      stream.on('error', onError);
      stream.on('close', onClose);
      register((err?: unknown) => {
        cleanup();
        if (err !== undefined && err !== null) reject(fail(err));
        else if (failure !== null) reject(failure);
        else resolve();
      });
    });

  return {
    async write(text: string): Promise<void> {
      if (failure !== null) throw failure;
      if (stream.destroyed) throw fail(Object.assign(new Error('closed'), { code: 'EPIPE' }));
      if (stream.write(text)) return;
      await settle((done) => stream.once('drain', () => done()));
    },
    async close(): Promise<void> {
      if (failure !== null) throw failure;
      if (options.owned) await settle((done) => stream.end(done));
      else if (!stream.destroyed) await settle((done) => stream.write('', done));
    },
  };
}

/** `-o <file>` or standard output. */
export function openSink(path: string | undefined, stdout: Writable): Sink {
  if (path === undefined || path === '-') return streamSink(stdout, { owned: false, name: 'standard output' });
  return streamSink(createWriteStream(path), { owned: true, name: path });
}
