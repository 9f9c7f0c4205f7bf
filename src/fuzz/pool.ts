/**
 * Runs fuzz cases in a worker thread with a time limit. A case that takes too long is a hang: the
 * worker is terminated (which stops even a regex that never returns) and a fresh one takes its place.
 * A worker that dies (out of memory) is reported as a crash of that case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CaseOutcome, FuzzCase } from './cases.js';

export type PoolOutcome =
  | ({ readonly status: 'done'; readonly ms: number } & CaseOutcome)
  | { readonly status: 'hang'; readonly ms: number }
  | { readonly status: 'crash'; readonly ms: number; readonly problem: string };

export interface CaseRunnerOptions {
  /** The compiled worker script (`dist/fuzz/worker.js`); default: `worker.js` beside this module. */
  readonly workerUrl?: URL;
  /** Heap limit of the worker, so that a runaway allocation kills the worker, not the caller. */
  readonly maxHeapMb?: number;
}

export class CaseRunner {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly url: URL;
  private readonly heapMb: number;

  constructor(options: CaseRunnerOptions = {}) {
    this.url = options.workerUrl ?? new URL('./worker.js', import.meta.url);
    this.heapMb = options.maxHeapMb ?? 1024;
  }

  private spawn(): Worker {
    this.worker ??= new Worker(this.url, { resourceLimits: { maxOldGenerationSizeMb: this.heapMb } });
    return this.worker;
  }

  /** Runs one case; resolves with `hang` after `timeoutMs`, having replaced the worker. */
  run(c: FuzzCase, timeoutMs: number): Promise<PoolOutcome> {
    const worker = this.spawn();
    const id = this.nextId++;
    const started = performance.now();
    // The folder of an `analyze` case is made and removed here: a terminated worker cannot clean up.
    const dir = c.kind === 'analyze' && c.dir === undefined ? mkdtempSync(join(tmpdir(), 'wsfc-fuzz-case-')) : null;
    const sent: FuzzCase = dir !== null && c.kind === 'analyze' ? { ...c, dir } : c;
    return new Promise((resolve) => {
      const settle = (outcome: PoolOutcome, drop: boolean): void => {
        clearTimeout(timer);
        if (dir !== null) rmSync(dir, { recursive: true, force: true });
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (drop) {
          this.worker = null;
          void worker.terminate();
        }
        resolve(outcome);
      };
      const ms = (): number => performance.now() - started;
      const onMessage = (m: { id: number; outcome: CaseOutcome }): void => {
        if (m.id === id) settle({ status: 'done', ms: ms(), ...m.outcome }, false);
      };
      const onError = (err: Error): void => settle({ status: 'crash', ms: ms(), problem: `worker died: ${err.message}` }, true);
      const onExit = (code: number): void => settle({ status: 'crash', ms: ms(), problem: `worker exited with code ${code}` }, true);
      const timer = setTimeout(() => settle({ status: 'hang', ms: ms() }, true), timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, case: sent });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}
