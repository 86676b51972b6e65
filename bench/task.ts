/**
 * A check process of the bench: receives one CheckTask over IPC, runs it and reports each check.
 * It runs in its own process so the bench can kill it at its time limit: the engine is
 * synchronous and has no interrupt of its own.
 */
import { loadSpec } from '../src/pipeline.js';
import { defaultNodes } from '../src/sim/nodes.js';
import { checkFaultTolerance } from '../src/search/check.js';
import { formatFaults } from '../src/faults/text.js';
import { simulate } from '../src/sim/simulate.js';
import { WARM_UP_RUNS, type CheckTask, type TaskMessage } from './protocol.js';

const PROGRESS_EVERY_MS = 1000;
let peakHeap = 0;

function send(m: TaskMessage): void {
  process.send?.(m);
}

function runTask(task: CheckTask): void {
  const loaded = loadSpec([task.file]);
  if (!loaded.ok) {
    send({ type: 'error', message: `${task.file} does not load (${loaded.diagnostics.length} diagnostics)` });
    return;
  }
  peakHeap = process.memoryUsage().heapUsed;
  const nodes = defaultNodes(loaded.compiled, task.eot);
  const bounds = { nodes, eot: task.eot, eff: task.eff, crashes: task.crashes };
  for (let i = 0; i < WARM_UP_RUNS; i++) simulate(loaded.compiled, { nodes, eot: task.eot, faults: [] });

  let lastProgress = 0;
  const onProgress = (p: { executions: number; elapsedMs: number }): void => {
    if (p.elapsedMs - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = p.elapsedMs;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    send({ type: 'progress', executions: p.executions, elapsedMs: p.elapsedMs });
  };
  const seeds = task.strategy === 'ldfi' ? [null] : task.seeds;
  for (const seed of seeds) {
    lastProgress = 0;
    const cpu0 = process.cpuUsage();
    const r = checkFaultTolerance(loaded.compiled, {
      bounds,
      strategy: task.strategy,
      maxRuns: task.maxRuns,
      ...(seed === null ? {} : { seed }),
      // Molly's random column counts executions to the first counterexample, not the shrinking after it.
      shrink: false,
      onProgress,
    });
    const cpu = process.cpuUsage(cpu0);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    send({
      type: 'check',
      figures: {
        seed,
        verdict: r.verdict,
        executions: r.executions,
        elapsedMs: r.elapsedMs,
        solverMs: r.solverMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        faults: r.counterexample ? formatFaults(r.counterexample.faults) : null,
      },
    });
  }
}

process.once('message', (task: CheckTask) => {
  try {
    runTask(task);
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
  // The bench closes the channel on 'done', which lets this process end once everything is flushed.
  send({ type: 'done', maxRssBytes: process.resourceUsage().maxRSS * 1024, peakHeapBytes: peakHeap });
});
