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
import { failedSegment, MIN_SEGMENT_BYTES, readSegment, type SegmentResult, type SegmentTask } from './segments.js';

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

/** Threads to read with, and into how many parts each file is cut (1: read whole). */
export interface ReadingPlan {
  readonly threads: number;
  readonly parts: readonly number[];
}

/**
 * `threadCount`, and when there are fewer large files than threads to be had, the largest files cut into
 * parts (each at least `MIN_SEGMENT_BYTES`) until there is one large piece of work per thread: one big log
 * is read on every core.
 */
export function planReading(
  files: readonly InputFile[],
  requested?: number,
  cores: number = availableParallelism(),
  workerAvailable: boolean = existsSync(fileURLToPath(WORKER_URL)),
  minSegmentBytes: number = MIN_SEGMENT_BYTES,
): ReadingPlan {
  const parts = files.map(() => 1);
  const none: ReadingPlan = { threads: 0, parts };
  if (requested === 0 || requested === 1 || !workerAvailable || files.some((f) => f.absolutePath === null)) return none;
  const threads = threadCount(files, requested, cores, workerAvailable);
  const target = requested ?? Math.min(cores, MAX_WORKERS);
  let units = files.filter((f) => (f.size ?? 0) >= MIN_PARALLEL_FILE_BYTES).length;
  while (units < target) {
    let best = -1;
    for (let i = 0; i < files.length; i++) {
      const share = (files[i]!.size ?? 0) / (parts[i]! + 1);
      if (share >= minSegmentBytes && (best < 0 || share > (files[best]!.size ?? 0) / (parts[best]! + 1))) best = i;
    }
    if (best < 0) break;
    // A file read whole but not counted as large (it is now) becomes two units.
    if ((files[best]!.size ?? 0) < MIN_PARALLEL_FILE_BYTES) units++;
    parts[best]!++;
    units++;
  }
  const split = parts.some((n) => n > 1);
  if (!split) return threads >= 2 ? { threads, parts } : none;
  const n = Math.max(threads, Math.min(target, units));
  return n >= 2 ? { threads: n, parts } : none;
}

/** A file to read whole, or one part of it. */
export interface Job {
  readonly file: InputFile;
  readonly segment: SegmentTask | null;
}

export interface PoolOptions {
  /** Threads, the calling one included (so `threads - 1` workers). */
  readonly threads: number;
  readonly signal?: AbortSignal | undefined;
  /** A job is done (in completion order): a `SegmentResult` for a part of a file, else a `FileResult`. */
  onResult(job: Job, result: FileResult | SegmentResult): void;
  /** Bytes read so far from the files not done yet. */
  readonly onProgress?: ((bytesRead: number) => void) | undefined;
}

const jobBytes = (job: Job): number => (job.segment !== null ? job.segment.end - job.segment.start : (job.file.size ?? 0));

/** Reads every job; resolves when all are done (or when `signal` aborts, leaving the rest unread). */
export function readParallel(jobs: readonly Job[], settings: ReadSettings, opts: PoolOptions): Promise<void> {
  const queue = jobs.map((job, i) => ({ job, i })).sort((a, b) => jobBytes(b.job) - jobBytes(a.job) || a.i - b.i);
  const workers = new Set<Worker>();
  const reading = new Map<number, number>();
  // The heap of a thread that only parses is short-lived garbage and its rings, and every MB counts once per
  // thread: a small young generation. Reading parts of one large file, the calling thread holds little
  // else, and a larger one cuts the time the worker spends in GC.
  const youngGenerationMb = jobs.some((j) => j.segment !== null) ? 32 : 8;
  let nextId = 1;
  let left = jobs.length;

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
      let worker: Worker;
      try {
        // No Node options for the worker: V8 and process options given to `node` (--max-semi-space-size, ...)
        // make the Worker constructor throw, and reading needs none.
        worker = new Worker(WORKER_URL, { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
      } catch {
        // No thread to be had: this thread reads the rest of the queue.
        return;
      }
      workers.add(worker);
      let current: { id: number; job: Job } | null = null;
      const give = (next: { job: Job } | undefined): void => {
        if (next === undefined) {
          current = null;
          workers.delete(worker);
          void worker.terminate();
          return;
        }
        current = { id: nextId++, job: next.job };
        reading.set(current.id, 0);
        const request: Request = { id: current.id, file: next.job.file, segment: next.job.segment, settings };
        worker.postMessage(request);
      };
      const done = (job: Job, result: FileResult | SegmentResult): void => {
        if (current !== null) reading.delete(current.id);
        left--;
        opts.onResult(job, result);
        if (left === 0) finish();
      };
      worker.on('message', (msg: Response) => {
        if (finished || current === null || msg.id !== current.id) return;
        if (msg.type === 'progress') {
          reading.set(msg.id, msg.bytesRead);
          progress();
          return;
        }
        const job = current.job;
        done(job, msg.type === 'result' ? msg.result : failed(job, msg.message));
        if (!finished) give(queue.shift());
      });
      worker.on('error', (err) => {
        if (finished || current === null) return;
        const job = current.job;
        current = null;
        workers.delete(worker);
        done(job, failed(job, err.message));
        // The thread is gone: another one takes the rest of the queue.
        if (!finished && queue.length > 0) start();
      });
      give(job);
    };
    const workerThreads = Math.min(opts.threads, queue.length) - 1;
    // This thread takes the largest job, as it can start at once (a worker first loads the code), then
    // files from the same queue as the workers.
    const first = queue.shift();
    for (let i = 0; i < workerThreads; i++) start();

    const here = async (): Promise<void> => {
      for (let job = first; job !== undefined && !finished; job = queue.shift()) {
        const id = nextId++;
        reading.set(id, 0);
        const { file, segment } = job.job;
        const onProgress = (bytesRead: number): void => {
          reading.set(id, bytesRead);
          progress();
        };
        const result =
          segment !== null
            ? await readSegment(file, segment, settings, opts.signal, onProgress)
            : await readFile(file, settings, { signal: opts.signal, events: null, intake: fileIntake, onProgress });
        reading.delete(id);
        if (finished) return;
        left--;
        opts.onResult(job.job, result);
        if (left === 0) finish();
      }
    };
    void here();
  });
}

function failed(job: Job, message: string): FileResult | SegmentResult {
  const file = job.file;
  // A part is read again with the whole file (joining fails without its digest).
  if (job.segment !== null) return failedSegment(job.segment.index);
  return {
    input: null,
    skipped: { path: file.path, reason: `reading failed: ${message}` },
    diagnostics: [{ level: 'error', code: 'read-failed', file: file.path, line: null, message: `reading failed: ${message}` }],
    digest: null,
  };
}
