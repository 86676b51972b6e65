/**
 * A search whose lineage formulas outgrow the memory ldfi allows itself ends `incomplete`, says
 * why and how far it got, and never dies in a V8 out-of-memory abort (the limit is made tiny here).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/pipeline.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { formatCheck } from '../../src/cli/format-check.js';
import { FormulaStore, LineageMemoryExceeded } from '../../src/faults/formula.js';

const SPECS = join(import.meta.dirname, '..', '..', 'specs');

function load(file: string, eot: number, eff: number, crashes: number) {
  const spec = loadSpec([join(SPECS, file)]);
  if (!spec.ok) throw new Error(`${file} does not load`);
  return { compiled: spec.compiled, bounds: { nodes: defaultNodes(spec.compiled, eot), eot, eff, crashes } };
}

describe('the lineage memory limit', () => {
  it('the store refuses to grow past its limit, once two looks in a row find the heap over it', () => {
    const store = new FormulaStore({ nodes: ['a', 'b'], eot: 4, eff: 3, crashes: 0 }, { limitBytes: 1, every: 1 });
    const a = store.omitted('a', 'b', 1);
    const b = store.omitted('b', 'a', 1);
    const c = store.omitted('a', 'b', 2);
    store.and(a, b);
    expect(() => store.and(a, c)).toThrow(LineageMemoryExceeded);
  });

  it('ends a search incomplete with the sizes it covered, instead of aborting', () => {
    const { compiled, bounds } = load('ack-broadcast.ded', 8, 7, 1);
    const r = checkFaultTolerance(compiled, { bounds, lineageMemory: { limitBytes: 1, every: 1 } });
    expect(r.verdict).toBe('incomplete');
    expect(r.incompleteReason).toBe('memory');
    expect(r.executions).toBe(1);
    expect(formatCheck(['ack-broadcast.ded'], r)).toMatch(/the lineage formulas outgrew the memory ldfi allows itself \(80 % of Node's heap\); every fault set of fewer than \d+ faults? was covered/);
  });

  it('a limit the search stays under changes nothing', () => {
    const { compiled, bounds } = load('ack-broadcast.ded', 6, 3, 1);
    const free = checkFaultTolerance(compiled, { bounds });
    const limited = checkFaultTolerance(compiled, { bounds, lineageMemory: { limitBytes: Number.MAX_SAFE_INTEGER, every: 1 } });
    expect(limited.verdict).toBe(free.verdict);
    expect(limited.executions).toBe(free.executions);
  });
});

describe('the lineage memory limit in the solver session', () => {
  it('a session that encodes past the limit ends the search incomplete too', () => {
    // This search makes a few hundred formula nodes and thousands of clauses: a look every
    // 1,000 units comes only if the clauses count.
    const { compiled, bounds } = load('3pc.ded', 8, 0, 2);
    const free = checkFaultTolerance(compiled, { bounds, solverLimits: { direct: false } });
    expect(free.verdict).toBe('certified');
    const r = checkFaultTolerance(compiled, { bounds, solverLimits: { direct: false }, lineageMemory: { limitBytes: 1, every: 1_000 } });
    expect(r.verdict).toBe('incomplete');
    expect(r.incompleteReason).toBe('memory');
  });
});
