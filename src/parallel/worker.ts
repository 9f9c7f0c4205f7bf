/**
 * Worker thread of the reading pool (pool.ts): reads the files it is handed, one at a time, and posts
 * back each file's result with the engine's digest of it. Records never cross threads one by one.
 */
import { parentPort } from 'node:worker_threads';
import { fileIntake } from '../engine/index.js';
import { readFile } from '../read.js';
import type { Request, Response } from './protocol.js';
import { readSegment } from './segments.js';

const port = parentPort;
if (port === null) throw new Error('parallel/worker.js runs as a worker thread');

port.on('message', (msg: Request) => {
  void run(msg);
});

async function run(msg: Request): Promise<void> {
  const post = (r: Response): void => port!.postMessage(r);
  try {
    const result =
      msg.segment !== null
        ? await readSegment(msg.file, msg.segment, msg.settings, undefined, (bytesRead) => post({ type: 'progress', id: msg.id, bytesRead }))
        : await readFile(msg.file, msg.settings, {
            events: null,
            intake: fileIntake,
            onProgress: (bytesRead) => post({ type: 'progress', id: msg.id, bytesRead }),
          });
    post({ type: 'result', id: msg.id, result });
  } catch (err) {
    post({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) });
  }
}
