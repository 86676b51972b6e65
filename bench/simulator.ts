/**
 * Section 1: the wall time of one fault-free run of each bundled spec at a fixed EOT (target:
 * under 5 ms), and the memory the runs take. Runs in the bench's own process, one spec
 * after another, warm-up first so the figure is the simulator's steady state, not V8's compile.
 */
import { loadSpec } from '../src/pipeline.js';
import { defaultNodes } from '../src/sim/nodes.js';
import { simulate } from '../src/sim/simulate.js';
import { median, quantile } from './stats.js';

export interface SimulatorRow {
  readonly spec: string;
  readonly nodes: number;
  /** Tuples at EOT, summed over relations, and messages of the whole run: the size of the work. */
  readonly tuples: number;
  readonly messages: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  /** The spec failed to load; the figures are NaN. */
  readonly error: string | null;
}

export interface SimulatorSection {
  readonly eot: number;
  readonly repetitions: number;
  readonly warmUp: number;
  readonly rows: readonly SimulatorRow[];
  /** High-water marks of process.memoryUsage() sampled after every run. */
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
}

export function measureSimulator(files: readonly { spec: string; file: string }[], eot: number, repetitions: number, warmUp: number): SimulatorSection {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const rows: SimulatorRow[] = [];
  for (const { spec, file } of files) {
    const loaded = loadSpec([file]);
    if (!loaded.ok) {
      rows.push({ spec, nodes: 0, tuples: 0, messages: 0, medianMs: NaN, p90Ms: NaN, error: `does not load (${loaded.diagnostics.length} diagnostics)` });
      continue;
    }
    const nodes = defaultNodes(loaded.compiled, eot);
    const config = { nodes, eot, faults: [] };
    let last = simulate(loaded.compiled, config);
    for (let i = 1; i < warmUp; i++) simulate(loaded.compiled, config);
    const times: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      const t0 = performance.now();
      last = simulate(loaded.compiled, config);
      times.push(performance.now() - t0);
      sample();
    }
    let tuples = 0;
    for (const tuplesOf of last.tables[eot - 1]?.values() ?? []) tuples += tuplesOf.length;
    rows.push({
      spec,
      nodes: nodes.length,
      tuples,
      messages: last.messages.length,
      medianMs: median(times),
      p90Ms: quantile(times, 0.9),
      error: null,
    });
  }
  sample();
  return { eot, repetitions, warmUp, rows, peakRssBytes: peakRss, peakHeapBytes: peakHeap };
}
