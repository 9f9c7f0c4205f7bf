/**
 * Reads input files side by side: on the calling thread and in worker threads, one file per thread at a
 * time, largest first. Each thread keeps what the engine needs of its file (`FileIngest`); a worker posts
 * back only that, so memory does not grow with the files. The caller takes results in input order.
 * The calling thread reads too: a worker costs a heap of its own (~35 MB with the code loaded), the
 * calling thread's is there anyway.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InputFile } from '../input/types.js';
import { fileIntake } from '../engine/index.js';
import { readFile, type FileResult, type ReadSettings } from '../read.js';
import type { Request, Response } from './protocol.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** More threads than this bring nothing: the disk and the main thread's share become the limit. */
const MAX_WORKERS = 4;

/**
 * Files smaller than this are not worth a thread of their own: starting one (loading the code, compiling the
 * rules, a heap of its own) costs about what reading 10 MB does.
 */
const MIN_PARALLEL_FILE_BYTES = 16 * 1024 * 1024;

/**
 * How many threads to read these files with, the calling one included; 0 or 1 to read them one after
 * the other in place. `requested`: a count the caller asked for (0 = none), else one per core, up to the
 * number of large files.
 */
export function threadCount(
  files: readonly InputFile[],
  requested?: number,
  cores: number = availableParallelism(),
  // Run from the TypeScript sources (tests) there is no compiled worker to start.
  workerAvailable: boolean = existsSync(fileURLToPath(WORKER_URL)),
): number {
  if (requested === 0 || requested === 1 || files.length < 2 || !workerAvailable) return 0;
  // Standard input can only be read where it was opened.
  if (files.some((f) => f.absolutePath === null)) return 0;
  if (requested !== undefined) return Math.min(requested, files.length);
  const large = files.filter((f) => (f.size ?? 0) >= MIN_PARALLEL_FILE_BYTES).length;
  const n = Math.min(cores, MAX_WORKERS, large);
  return n >= 2 ? n : 0;
}

export interface PoolOptions {
  /** Threads, the calling one included (so `threads - 1` workers). */
  readonly threads: number;
  readonly signal?: AbortSignal | undefined;
  /** A file is done (in completion order). */
  onResult(file: InputFile, result: FileResult): void;
  /** Bytes read so far from the files not done yet. */
  readonly onProgress?: ((bytesRead: number) => void) | undefined;
}

/** Reads every file; resolves when all are done (or when `signal` aborts, leaving the rest unread). */
export function readParallel(files: readonly InputFile[], settings: ReadSettings, opts: PoolOptions): Promise<void> {
  const queue = files.map((file, i) => ({ file, i })).sort((a, b) => (b.file.size ?? 0) - (a.file.size ?? 0) || a.i - b.i);
  const workers = new Set<Worker>();
  const reading = new Map<number, number>();
  let nextId = 1;
  let left = files.length;

  return new Promise<void>((resolve) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      opts.signal?.removeEventListener('abort', finish);
      for (const w of workers) void w.terminate();
      workers.clear();
      resolve();
    };
    if (left === 0 || opts.signal?.aborted) {
      finish();
      return;
    }
    opts.signal?.addEventListener('abort', finish, { once: true });

    const progress = (): void => {
      let n = 0;
      for (const b of reading.values()) n += b;
      opts.onProgress?.(n);
    };

    const start = (): void => {
      const job = queue.shift();
      if (job === undefined) return;
      // A smaller young generation than the default: the heap of a thread that only parses is short-lived
      // garbage and its rings, and every MB counts three times over.
      let worker: Worker;
      try {
        // No Node options for the worker: V8 and process options given to `node` (--max-semi-space-size, ...)
        // make the Worker constructor throw, and reading needs none.
        worker = new Worker(WORKER_URL, { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      } catch {
        // No thread to be had: this thread reads the rest of the queue.
        return;
      }
      workers.add(worker);
      let current: { id: number; file: InputFile } | null = null;
      const give = (next: { file: InputFile } | undefined): void => {
        if (next === undefined) {
          current = null;
          workers.delete(worker);
          void worker.terminate();
          return;
        }
        current = { id: nextId++, file: next.file };
        reading.set(current.id, 0);
        const request: Request = { id: current.id, file: next.file, settings };
        worker.postMessage(request);
      };
      const done = (file: InputFile, result: FileResult): void => {
        if (current !== null) reading.delete(current.id);
        left--;
        opts.onResult(file, result);
        if (left === 0) finish();
      };
      worker.on('message', (msg: Response) => {
        if (finished || current === null || msg.id !== current.id) return;
        if (msg.type === 'progress') {
          reading.set(msg.id, msg.bytesRead);
          progress();
          return;
        }
        const file = current.file;
        done(file, msg.type === 'result' ? msg.result : failed(file, msg.message));
        if (!finished) give(queue.shift());
      });
      worker.on('error', (err) => {
        if (finished || current === null) return;
        const file = current.file;
        current = null;
        workers.delete(worker);
        done(file, failed(file, err.message));
        // The thread is gone: another one takes the rest of the queue.
        if (!finished && queue.length > 0) start();
      });
      give(job);
    };
    const workerThreads = Math.min(opts.threads, queue.length) - 1;
    for (let i = 0; i < workerThreads; i++) start();

    // This thread takes files from the same queue.
    const here = async (): Promise<void> => {
      for (let job = queue.shift(); job !== undefined && !finished; job = queue.shift()) {
        const id = nextId++;
        reading.set(id, 0);
        const result = await readFile(job.file, settings, {
          signal: opts.signal,
          events: null,
          intake: fileIntake,
          onProgress: (bytesRead) => {
            reading.set(id, bytesRead);
            progress();
          },
        });
        reading.delete(id);
        if (finished) return;
        left--;
        opts.onResult(job.file, result);
        if (left === 0) finish();
      }
    };
    void here();
  });
}

function failed(file: InputFile, message: string): FileResult {
  return {
    input: null,
    skipped: { path: file.path, reason: `reading failed: ${message}` },
    diagnostics: [{ level: 'error', code: 'read-failed', file: file.path, line: null, message: `reading failed: ${message}` }],
    digest: null,
  };
}
