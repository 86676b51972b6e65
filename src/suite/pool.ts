/**
 * Runs prepared entries over worker_threads (`--jobs N`), or in-process for one job. Outcomes
 * carry the entry's index, so the caller's order never depends on which worker finished first.
 *
 * Finding the worker file: from the build (dist/) it is `worker.js` next to this module. From
 * TypeScript source (vitest, tsx) it is `worker.ts`, which Node cannot load alone, so the worker
 * registers tsx's loader first. When no loader is found, or the worker cannot start, the
 * entries run in-process instead: slower, same results.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runEntryTask, type EntryOutcome, type PreparedEntry } from './entry.js';

export interface WorkerLaunch {
  /** A file URL, or code when `eval` is set. */
  readonly script: URL | string;
  readonly eval?: boolean;
}

/**
 * How to start the worker module `entry` (a file next to `moduleUrl`, without extension) from
 * where that module runs; null when it cannot be done.
 */
export function workerLaunch(moduleUrl: string = import.meta.url, entryName = 'worker'): WorkerLaunch | null {
  if (moduleUrl.endsWith('.js')) return { script: new URL(`./${entryName}.js`, moduleUrl) };
  if (!moduleUrl.endsWith('.ts')) return null;
  // Node 20 does not apply `--import` loaders to a worker's own entry module, so the worker
  // starts as a few lines of JavaScript that register tsx and then import the TypeScript entry.
  const api = tsxRegisterApi(moduleUrl);
  if (!api) return null;
  const entry = new URL(`./${entryName}.ts`, moduleUrl).href;
  const code = [
    `import(${JSON.stringify(api)})`,
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`,
    // Rethrown outside the promise so the pool sees an 'error' event before "ready".
    `.catch((e) => setImmediate(() => { throw e; }));`,
  ].join('');
  return { script: code, eval: true };
}

/** The ESM entry of `tsx/esm/api`, as a file URL (its CommonJS twin cannot register ESM hooks). */
function tsxRegisterApi(moduleUrl: string): string | null {
  try {
    const manifest = createRequire(moduleUrl).resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, { import?: { default?: string } } | string> };
    const entry = pkg.exports?.['./esm/api'];
    const file = typeof entry === 'object' ? entry.import?.default : undefined;
    return file ? pathToFileURL(join(dirname(manifest), file)).href : null;
  } catch {
    return null;
  }
}

export interface PoolRun {
  /** Whether any entry ran in a worker (false: all ran in-process). */
  readonly usedWorkers: boolean;
}

export async function runEntries(
  entries: readonly PreparedEntry[],
  jobs: number,
  onOutcome: (o: EntryOutcome) => void,
  launch: WorkerLaunch | null = workerLaunch(),
): Promise<PoolRun> {
  const queue = [...entries];
  const runRestInProcess = (): void => {
    for (let p = queue.shift(); p; p = queue.shift()) onOutcome(runEntryTask(p.task, p.compiled));
  };
  if (jobs <= 1 || entries.length <= 1 || !launch) {
    runRestInProcess();
    return { usedWorkers: false };
  }
  const start = launch;
  let workersBroken = false;
  let anyRan = false;

  /** One worker taking entries from the queue until it is empty; a worker that dies is replaced. */
  function slot(): Promise<void> {
    return new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(start.script, { eval: start.eval ?? false });
      } catch {
        workersBroken = true;
        return resolve();
      }
      let ready = false;
      let current: PreparedEntry | null = null;
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        resolve();
      };
      const next = (): void => {
        current = workersBroken ? null : (queue.shift() ?? null);
        if (current) worker.postMessage(current.task);
        else finish();
      };
      worker.on('message', (m: 'ready' | EntryOutcome) => {
        if (m === 'ready') {
          ready = true;
          return next();
        }
        anyRan = true;
        current = null;
        onOutcome(m);
        next();
      });
      const died = (reason: string): void => {
        if (settled) return;
        settled = true;
        if (!ready) {
          // The worker could not even load: workers do not work here; run in-process.
          workersBroken = true;
          return resolve();
        }
        if (current) onOutcome({ index: current.task.index, ok: false, error: `the worker running this entry stopped: ${reason}` });
        current = null;
        void slot().then(resolve);
      };
      worker.on('error', (e: Error) => died(e.message));
      worker.on('exit', (code) => died(`exit code ${code}`));
    });
  }

  await Promise.all(Array.from({ length: Math.min(jobs, entries.length) }, () => slot()));
  runRestInProcess();
  return { usedWorkers: anyRan };
}
