/**
 * The worker_thread entry of a parallel ldfi search: it loads the spec itself, and for each fault
 * set it is sent it simulates, judges, and builds the run's two lineage goals in a formula store
 * of its own. It answers with every formula node made since its last answer, so the search can
 * rebuild them, node for node, in its own store.
 *
 * The search waits for answers without leaving its (synchronous) loop: each task comes with a
 * slot of shared memory that the worker sets, and wakes, when its answer is on the port.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { loadSpec } from '../pipeline.js';
import { simulate } from '../sim/simulate.js';
import { FormulaStore } from '../faults/formula.js';
import type { Bounds, FaultSet } from '../faults/types.js';
import { runLineage } from '../lineage/goal.js';
import { RunIndex } from '../lineage/run-index.js';
import type { Tuple } from '../sim/types.js';
import { tupleKey } from '../terms/values.js';
import { violations, type Oracle } from './oracle.js';
import { exportNodes, type ExportedNodes } from './formula-transfer.js';

export interface RunWorkerData {
  readonly files: readonly string[];
  readonly includePath: readonly string[];
  readonly bounds: Bounds;
  readonly oracle: Oracle;
  readonly outcomes: readonly Tuple[];
  readonly port: MessagePort;
  /** Int32 slot per worker: how many answers (the first is "ready") it has put on the port. */
  readonly signal: SharedArrayBuffer;
  readonly slot: number;
}

export interface RunTask {
  readonly faults: FaultSet;
}

export type RunAnswer =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly message: string }
  | {
      readonly kind: 'run';
      readonly faults: FaultSet;
      readonly violated: boolean;
      readonly missing: readonly Tuple[];
      /** Present when the run kept the invariant. */
      readonly lineage: {
        readonly nodes: ExportedNodes;
        readonly goal: number;
        readonly everywhere: number;
        readonly certain: number;
        readonly targets: readonly { readonly label: string; readonly broken: number }[];
      } | null;
    };

function start(data: RunWorkerData): void {
  const signal = new Int32Array(data.signal);
  const answer = (a: RunAnswer): void => {
    data.port.postMessage(a);
    Atomics.add(signal, data.slot, 1);
    Atomics.notify(signal, data.slot);
  };
  const spec = loadSpec(data.files, { includePath: data.includePath });
  if (!spec.ok) {
    answer({ kind: 'failed', message: 'the spec no longer loads' });
    return;
  }
  const compiled = spec.compiled;
  const store = new FormulaStore(data.bounds);
  const faultFreePost = new Set(data.outcomes.map(tupleKey));
  let sent = store.nextId;
  data.port.on('message', (task: RunTask) => {
    try {
      const run = simulate(compiled, { nodes: data.bounds.nodes, eot: data.bounds.eot, faults: task.faults });
      const missing = violations(run, data.oracle, faultFreePost);
      if (missing.length > 0) {
        answer({ kind: 'run', faults: task.faults, violated: true, missing, lineage: null });
        return;
      }
      const options = { oracle: data.oracle, outcomes: data.outcomes, index: new RunIndex(run) };
      const local = runLineage(store, compiled, data.bounds, run, { ...options, certain: true, newDerivations: task.faults.length === 0 });
      const everywhere = runLineage(store, compiled, data.bounds, run, { ...options, scope: 'everywhere' });
      const nodes = exportNodes(store, sent);
      sent = store.nextId;
      answer({
        kind: 'run',
        faults: task.faults,
        violated: false,
        missing: run.invariant.missing,
        lineage: { nodes, goal: local.goal, everywhere: everywhere.goal, certain: local.certain, targets: local.targets.map((t) => ({ label: t.label, broken: t.broken })) },
      });
    } catch (e) {
      answer({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  });
  answer({ kind: 'ready' });
}

if (parentPort && workerData) start(workerData as RunWorkerData);
