/**
 * A check process of the bench: receives one task over IPC, runs it and reports each check or
 * sweep row as it finishes. It runs in its own process so the bench can kill it at its time limit
 * (the engine is synchronous and has no interrupt of its own) and so its peak memory is its own.
 */
import { createRequire } from 'node:module';
import { loadSpec } from '../src/pipeline.js';
import { defaultNodes } from '../src/sim/nodes.js';
import { checkFaultTolerance } from '../src/search/check.js';
import { sweep } from '../src/search/sweep.js';
import { formatFaults } from '../src/faults/text.js';
import { simulate } from '../src/sim/simulate.js';
import type { CompiledProgram } from '../src/sim/compile.js';
import { WARM_UP_RUNS, type BenchTask, type CheckTask, type SweepTask, type TaskMessage } from './protocol.js';

const PROGRESS_EVERY_MS = 1000;
let peakHeap = 0;
let solverLoadMs: number | null = null;

/**
 * ldfi loads logic-solver when a session first outgrows its JS solver (about 0.4 s, paid once per process). Loading it
 * here, before the clock starts, keeps that one-time cost out of the search times, as it was
 * when the solver loaded at start-up; the bench reports it on its own.
 */
function loadSolver(): void {
  const started = performance.now();
  createRequire(import.meta.url)('logic-solver');
  solverLoadMs = performance.now() - started;
}

function send(m: TaskMessage): void {
  process.send?.(m);
}

/** Progress at most once a second (per check: `elapsedMs` restarts with each). */
function progressSender(): { onProgress: (p: { executions: number; elapsedMs: number }) => void; reset: () => void } {
  let last = -Infinity;
  return {
    onProgress: (p) => {
      if (p.elapsedMs - last < PROGRESS_EVERY_MS && p.elapsedMs >= last) return;
      last = p.elapsedMs;
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      send({ type: 'progress', executions: p.executions, elapsedMs: p.elapsedMs, rssBytes: m.rss });
    },
    reset: () => {
      last = -Infinity;
    },
  };
}

/**
 * One small check of the same strategy on a separately loaded copy of the spec, before the clock
 * starts: it compiles the search's code paths (JIT) without filling the caches kept per program.
 * Without it ldfi's single check pays for cold code that random's mean over its seeds amortizes.
 */
function warmUp(task: CheckTask): void {
  const copy = loadSpec([task.file]);
  if (!copy.ok) return;
  const eot = Math.min(task.eot, 4);
  const bounds = { nodes: defaultNodes(copy.compiled, eot), eot, eff: Math.min(task.eff, 3), crashes: Math.min(task.crashes, 1) };
  checkFaultTolerance(copy.compiled, { bounds, strategy: task.strategy, maxRuns: 50, shrink: false, ...(task.strategy === 'random' ? { seed: 1 } : {}) });
}

function runChecks(compiled: CompiledProgram, task: CheckTask): void {
  // On a copy: the default nodes build the possible run, which each search must pay for itself.
  const nodes = defaultNodes(loadCopy(task.file), task.eot);
  const bounds = { nodes, eot: task.eot, eff: task.eff, crashes: task.crashes };
  for (let i = 0; i < WARM_UP_RUNS; i++) simulate(compiled, { nodes, eot: task.eot, faults: [] });
  if (task.strategy === 'ldfi') loadSolver();
  warmUp(task);
  const progress = progressSender();
  const seeds = task.strategy === 'ldfi' ? [null] : task.seeds;
  let spent = 0;
  const repeat = task.strategy === 'ldfi' ? (task.repeat ?? { times: 1, budgetMs: 0 }) : { times: seeds.length, budgetMs: Infinity };
  for (let k = 0; k < repeat.times; k++) {
    if (k > 0 && spent >= repeat.budgetMs) break;
    const seed = seeds[k] ?? null;
    // Repetitions of the ldfi search run on a fresh copy: each pays the per-program work a check pays.
    const target = task.strategy === 'ldfi' && k > 0 ? loadCopy(task.file) : compiled;
    progress.reset();
    const cpu0 = process.cpuUsage();
    const r = checkFaultTolerance(target, {
      bounds,
      strategy: task.strategy,
      maxRuns: task.maxRuns,
      ...(seed === null ? {} : { seed }),
      // Molly's random column counts executions to the first counterexample, not the shrinking after it.
      shrink: false,
      onProgress: progress.onProgress,
    });
    const cpu = process.cpuUsage(cpu0);
    spent += r.elapsedMs;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    send({
      type: 'check',
      figures: {
        seed,
        verdict: r.verdict,
        executions: r.executions,
        elapsedMs: r.elapsedMs,
        solverMs: r.solverMs,
        phases: r.phases,
        cpuMs: (cpu.user + cpu.system) / 1000,
        faults: r.counterexample ? formatFaults(r.counterexample.faults) : null,
      },
    });
  }
}

function loadCopy(file: string): CompiledProgram {
  const copy = loadSpec([file]);
  if (!copy.ok) throw new Error(`${file} no longer loads`);
  return copy.compiled;
}

function runSweep(compiled: CompiledProgram, task: SweepTask): void {
  loadSolver();
  const progress = progressSender();
  const r = sweep(compiled, {
    crashes: task.crashes,
    effGap: task.effGap,
    budgetMs: task.budgetMs,
    onProgress: (_, p) => progress.onProgress(p),
    onRow: (row) => {
      progress.reset();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      const c = row.check;
      send({
        type: 'sweep-row',
        row: { eot: row.bounds.eot, eff: row.bounds.eff, crashes: row.bounds.crashes, nodes: row.bounds.nodes.length, verdict: c.verdict, executions: c.executions, elapsedMs: c.elapsedMs, phases: c.phases },
      });
    },
  });
  send({ type: 'sweep-end', end: { stop: r.stop, highestCertified: r.highestCertified?.eot ?? null, elapsedMs: r.elapsedMs } });
}

function runTask(task: BenchTask): void {
  const loaded = loadSpec([task.file]);
  if (!loaded.ok) {
    send({ type: 'error', message: `${task.file} does not load (${loaded.diagnostics.length} diagnostics)` });
    return;
  }
  peakHeap = process.memoryUsage().heapUsed;
  if (task.kind === 'check') runChecks(loaded.compiled, task);
  else runSweep(loaded.compiled, task);
}

process.once('message', (task: BenchTask) => {
  try {
    runTask(task);
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
  // The bench closes the channel on 'done', which lets this process end once everything is flushed.
  send({ type: 'done', maxRssBytes: process.resourceUsage().maxRSS * 1024, peakHeapBytes: peakHeap, solverLoadMs });
});
