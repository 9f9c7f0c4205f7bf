/** Worker-thread entry of the fuzz pool: runs each case it is sent and posts the outcome back. */
import { parentPort } from 'node:worker_threads';
import { runCase, type FuzzCase } from './cases.js';

parentPort?.on('message', (message: { id: number; case: FuzzCase }) => {
  void runCase(message.case).then((outcome) => parentPort?.postMessage({ id: message.id, outcome }));
});
