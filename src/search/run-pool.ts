/**
 * Worker threads that simulate and analyse the fault sets of one batch at once, for `check
 * --jobs N`. The search stays synchronous: it hands each worker its share of the batch, then
 * blocks on a counter in shared memory until the answers are on the ports, and takes them in
 * batch order, so what it learns never depends on which worker was faster, or on how many there
 * are. A worker that does not start or answer in time is given up, and its tasks run in-process.
 */
import { receiveMessageOnPort, MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Bounds, FaultSet } from '../faults/types.js';
import type { Formula, FormulaStore } from '../faults/formula.js';
import type { Tuple } from '../sim/types.js';
import { workerLaunch } from '../suite/pool.js';
import { NodeMap } from './formula-transfer.js';
import type { Oracle } from './oracle.js';
import type { RunAnswer, RunWorkerData } from './run-worker.js';

/** A worker that says nothing for this long is taken for dead (it loads the spec once, then runs one set). */
const START_TIMEOUT_MS = 60_000;
const ANSWER_TIMEOUT_MS = 600_000;

export interface ParallelSpec {
  readonly jobs: number;
  readonly files: readonly string[];
  readonly includePath: readonly string[];
}

export interface AnalysedRun {
  readonly faults: FaultSet;
  readonly violated: boolean;
  readonly missing: readonly Tuple[];
  /** Translated into the search's store; null for a violating run. */
  readonly lineage: { readonly goal: Formula; readonly everywhere: Formula; readonly certain: Formula; readonly targets: readonly { label: string; broken: Formula }[] } | null;
}

interface Slot {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly nodes: NodeMap;
  received: number;
  /** Stopped answering: given no more work. */
  dead: boolean;
}

export class RunPool {
  private constructor(
    private readonly slots: Slot[],
    private readonly signal: Int32Array,
  ) {}

  /** Starts `jobs` workers and waits until they have loaded the spec; null when workers cannot run here. */
  static start(spec: ParallelSpec, bounds: Bounds, oracle: Oracle, outcomes: readonly Tuple[], store: FormulaStore): RunPool | null {
    const launch = workerLaunch(import.meta.url, 'run-worker');
    if (!launch || spec.jobs <= 1) return null;
    const shared = new SharedArrayBuffer(4 * spec.jobs);
    const signal = new Int32Array(shared);
    const slots: Slot[] = [];
    const pool = new RunPool(slots, signal);
    for (let i = 0; i < spec.jobs; i++) {
      const channel = new MessageChannel();
      const data: RunWorkerData = { files: spec.files, includePath: spec.includePath, bounds, oracle, outcomes, port: channel.port2, signal: shared, slot: i };
      let worker: Worker;
      try {
        worker = new Worker(launch.script, { eval: launch.eval ?? false, workerData: data, transferList: [channel.port2] });
      } catch {
        pool.close();
        return null;
      }
      worker.unref();
      slots.push({ worker, port: channel.port1, nodes: new NodeMap(store), received: 0, dead: false });
    }
    for (let i = 0; i < slots.length; i++) {
      const ready = pool.receive(i, START_TIMEOUT_MS);
      if (ready?.kind !== 'ready') {
        pool.close();
        return null;
      }
    }
    return pool;
  }

  /**
   * Runs the batch, worker i taking sets i, i + jobs, …; answers in batch order. A set whose
   * worker fails comes back as null, for the caller to run in-process.
   */
  analyse(batch: readonly FaultSet[]): (AnalysedRun | null)[] {
    const live = this.slots.map((s, i) => (s.dead ? -1 : i)).filter((i) => i >= 0);
    if (live.length === 0) return batch.map(() => null);
    batch.forEach((faults, k) => this.slots[live[k % live.length]!]!.port.postMessage({ faults }));
    const out: (AnalysedRun | null)[] = [];
    for (let k = 0; k < batch.length; k++) {
      const slot = live[k % live.length]!;
      const a = this.slots[slot]!.dead ? null : this.receive(slot, ANSWER_TIMEOUT_MS);
      if (a === null) this.slots[slot]!.dead = true;
      if (a?.kind !== 'run') {
        out.push(null);
        continue;
      }
      const nodes = this.slots[slot]!.nodes;
      let lineage: AnalysedRun['lineage'] = null;
      if (a.lineage) {
        nodes.import(a.lineage.nodes);
        lineage = {
          goal: nodes.translate(a.lineage.goal),
          everywhere: nodes.translate(a.lineage.everywhere),
          certain: nodes.translate(a.lineage.certain),
          targets: a.lineage.targets.map((t) => ({ label: t.label, broken: nodes.translate(t.broken) })),
        };
      }
      out.push({ faults: a.faults, violated: a.violated, missing: a.missing, lineage });
    }
    return out;
  }

  close(): void {
    for (const s of this.slots) {
      s.port.close();
      void s.worker.terminate();
    }
  }

  /** The next answer of worker `i`, waiting for it; null after `timeoutMs` of silence. */
  private receive(i: number, timeoutMs: number): RunAnswer | null {
    const slot = this.slots[i]!;
    const deadline = performance.now() + timeoutMs;
    while (Atomics.load(this.signal, i) <= slot.received) {
      const left = deadline - performance.now();
      if (left <= 0) return null;
      Atomics.wait(this.signal, i, slot.received, left);
    }
    const message = receiveMessageOnPort(slot.port);
    if (!message) return null;
    slot.received++;
    return message.message as RunAnswer;
  }
}
