/** Book-keeping shared by every strategy: run a fault set once, record it, stop when told. */
import type { CompiledProgram } from '../sim/compile.js';
import { faultKey } from '../faults/text.js';
import { simulate } from '../sim/simulate.js';
import type { FaultSet } from '../faults/types.js';
import type { RunResult, Tuple } from '../sim/types.js';
import type { Bounds } from '../faults/types.js';
import type { Counterexample, RunRecord } from './types.js';
import { DEFAULT_ORACLE, postAtEot, violations, type Oracle } from './oracle.js';

export interface Progress {
  readonly executions: number;
  /** Counterexamples found so far (more than one only with --all). */
  readonly counterexamples: number;
  readonly current: FaultSet;
  readonly elapsedMs: number;
}

export interface ExploreOptions {
  readonly bounds: Bounds;
  /** Stop (incomplete) once this many simulations have run. */
  readonly maxRuns: number;
  /** Keep searching after the first counterexample. */
  readonly all: boolean;
  /** Which runs are counterexamples (oracle.ts); default `default`. */
  readonly oracle?: Oracle;
  readonly onProgress?: (p: Progress) => void;
  /**
   * Stop (incomplete) once this much time has passed since the search started, in ms. Checked
   * between runs, so one run or one solve may overshoot it.
   */
  readonly timeLimitMs?: number;
}

export function setKey(faults: FaultSet): string {
  return faults.map(faultKey).join(' ');
}

export class Explorer {
  readonly runs: RunRecord[] = [];
  readonly counterexamples: Counterexample[] = [];
  private readonly seen = new Set<string>();
  private readonly oracle: Oracle;
  /** `post` at EOT of the fault-free run, once it ran: what `molly` judges every run against. */
  private faultFreePost: ReadonlySet<string> | null = null;
  private readonly started = performance.now();

  constructor(
    private readonly compiled: CompiledProgram,
    private readonly options: ExploreOptions,
  ) {
    this.oracle = options.oracle ?? DEFAULT_ORACLE;
  }

  get executions(): number {
    return this.runs.length;
  }

  get elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** No more runs: a counterexample ends the search unless --all; --max-runs and the time limit always do. */
  get done(): boolean {
    return (this.counterexamples.length > 0 && !this.options.all) || this.runs.length >= this.options.maxRuns || this.outOfTime;
  }

  /** The time limit passed (the search then ends incomplete). */
  get outOfTime(): boolean {
    return this.options.timeLimitMs !== undefined && this.elapsedMs >= this.options.timeLimitMs;
  }

  explored(faults: FaultSet): boolean {
    return this.seen.has(setKey(faults));
  }

  /** Runs `faults` (callers skip explored sets) and records the outcome. */
  execute(faults: FaultSet, target: string | null): RunResult {
    this.seen.add(setKey(faults));
    this.options.onProgress?.({ executions: this.runs.length, counterexamples: this.counterexamples.length, current: faults, elapsedMs: this.elapsedMs });
    const result = this.simulate(faults);
    if (faults.length === 0) this.faultFreePost ??= postAtEot(result);
    // Every strategy runs the fault-free set first; should one not, molly still needs its outcomes.
    if (this.oracle === 'molly') this.faultFreePost ??= postAtEot(this.simulate([]));
    const missing = violations(result, this.oracle, this.faultFreePost ?? new Set());
    const violated = missing.length > 0;
    const index = this.runs.length + 1;
    this.runs.push({ index, faults, violated, missing, target });
    if (violated) this.counterexamples.push({ run: index, faults, missing });
    return result;
  }

  /** Records a run simulated and judged elsewhere (a worker thread of a parallel search). */
  record(faults: FaultSet, target: string | null, missing: readonly Tuple[]): void {
    this.seen.add(setKey(faults));
    this.options.onProgress?.({ executions: this.runs.length, counterexamples: this.counterexamples.length, current: faults, elapsedMs: this.elapsedMs });
    const violated = missing.length > 0;
    const index = this.runs.length + 1;
    this.runs.push({ index, faults, violated, missing, target });
    if (violated) this.counterexamples.push({ run: index, faults, missing });
  }

  /** Time spent simulating, in ms. */
  simulateMs = 0;

  private simulate(faults: FaultSet): RunResult {
    const started = performance.now();
    try {
      return this.simulateNow(faults);
    } finally {
      this.simulateMs += performance.now() - started;
    }
  }

  private simulateNow(faults: FaultSet): RunResult {
    return simulate(this.compiled, { nodes: this.options.bounds.nodes, eot: this.options.bounds.eot, faults });
  }
}
