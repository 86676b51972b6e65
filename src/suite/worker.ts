/**
 * The worker_thread entry of `ldfi suite --jobs N`: runs the entries it is sent, one at a time.
 * It says "ready" once its modules have loaded, so the pool can tell a worker that cannot start
 * (e.g. TypeScript source without a loader) from one that failed on an entry.
 */
import { parentPort } from 'node:worker_threads';
import { runEntryTask, type EntryTask } from './entry.js';

const port = parentPort;
if (port) {
  port.on('message', (task: EntryTask) => port.postMessage(runEntryTask(task)));
  port.postMessage('ready');
}
