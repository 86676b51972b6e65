/**
 * Runs one task in a child process under a wall-clock limit. A task that exceeds it is killed and
 * reported as a timeout with the executions it had reached, so one slow row cannot hang the
 * bench; the checks (or sweep rows) a task finished before the limit are kept.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchTask, CheckFigures, SweepEndFigures, SweepRowFigures, TaskMessage } from './protocol.js';

export interface TaskOutcome {
  readonly checks: readonly CheckFigures[];
  readonly sweepRows: readonly SweepRowFigures[];
  /** How the sweep ended; null for a check task, or a sweep that was killed or failed. */
  readonly sweepEnd: SweepEndFigures | null;
  readonly timedOut: boolean;
  /** The task failed (the check threw, or the process died); null otherwise. */
  readonly error: string | null;
  /** Executions of the check under way at the last progress report (what a timeout had reached). */
  readonly lastExecutions: number;
  /** Peak resident set: the process's own figure when it finished, else the largest it reported on the way (a killed task). */
  readonly maxRssBytes: number | null;
  readonly peakHeapBytes: number | null;
  /** How long loading logic-solver took in that process, before any measured search (null: not loaded). */
  readonly solverLoadMs: number | null;
  /** Wall time of the whole process, start-up included. */
  readonly wallMs: number;
}

/** The task runner next to this module: `task.ts` under tsx (the loader is inherited via execArgv), `task.js` from dist/. */
function taskScript(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./task${ext}`, import.meta.url));
}

export function runTask(task: BenchTask, timeoutMs: number): Promise<TaskOutcome> {
  const started = performance.now();
  const checks: CheckFigures[] = [];
  const sweepRows: SweepRowFigures[] = [];
  let sweepEnd: SweepEndFigures | null = null;
  let sampledRss = 0;
  let error: string | null = null;
  let lastExecutions = 0;
  let timedOut = false;
  let done: { maxRssBytes: number; peakHeapBytes: number; solverLoadMs: number | null } | null = null;

  return new Promise((resolve) => {
    const child = fork(taskScript(), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (m: TaskMessage) => {
      if (m.type === 'progress') {
        lastExecutions = m.executions;
        sampledRss = Math.max(sampledRss, m.rssBytes);
      } else if (m.type === 'check') {
        checks.push(m.figures);
        lastExecutions = 0;
      } else if (m.type === 'sweep-row') {
        sweepRows.push(m.row);
        lastExecutions = 0;
      } else if (m.type === 'sweep-end') sweepEnd = m.end;
      else if (m.type === 'error') error = m.message;
      else {
        done = { maxRssBytes: m.maxRssBytes, peakHeapBytes: m.peakHeapBytes, solverLoadMs: m.solverLoadMs };
        child.disconnect();
      }
    });
    child.on('error', (e) => {
      error ??= e.message;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!timedOut && !done && error === null) error = `check process exited (${signal ?? `code ${code}`}) before finishing`;
      resolve({
        checks,
        sweepRows,
        sweepEnd,
        timedOut,
        error,
        lastExecutions,
        maxRssBytes: done?.maxRssBytes ?? (sampledRss || null),
        peakHeapBytes: done?.peakHeapBytes ?? null,
        solverLoadMs: done?.solverLoadMs ?? null,
        wallMs: performance.now() - started,
      });
    });
    child.send(task);
  });
}
