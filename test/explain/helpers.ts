/** Shared by the explain tests: a spec (bundled or in memory), its fault-free run and a failing run, explained. */
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { explainCounterexample } from '../../src/explain/explain.js';
import type { Cause, Explanation } from '../../src/explain/types.js';
import { parseFaults } from '../../src/faults/text.js';
import { loadSpec } from '../../src/pipeline.js';
import type { CompiledProgram } from '../../src/sim/compile.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { simulate } from '../../src/sim/simulate.js';
import type { RunResult } from '../../src/sim/types.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface Loaded {
  readonly compiled: CompiledProgram;
  run(faults: string, eot: number): RunResult;
}

/** A spec by path under the repository, or in memory when `text` is given (its path is then `name`). */
export function load(name: string, text?: string, nodes?: readonly string[]): Loaded {
  const spec = text === undefined ? loadSpec([join(ROOT, name)]) : loadSpec([name], (p) => (p === name ? text : null));
  if (!spec.ok) expect.fail(renderDiagnostics(spec.diagnostics, spec.sources));
  const compiled = spec.compiled;
  // Without nodes given, the default node set, as `check` computes it for the run's EOT.
  const nodesAt = (eot: number): readonly string[] => nodes ?? defaultNodes(compiled, eot);
  return {
    compiled,
    run(faults, eot) {
      const ns = nodesAt(eot);
      const parsed = parseFaults(faults, ns, eot);
      expect(parsed.diagnostics).toEqual([]);
      return simulate(compiled, { nodes: ns, eot, faults: parsed.faults });
    },
  };
}

/** The explanation of `faults` against the fault-free run, rule files named relative to the repository. */
export function explain(spec: Loaded, faults: string, eot: number): Explanation {
  const bad = spec.run(faults, eot);
  expect(bad.invariant.holds).toBe(false);
  return explainCounterexample(spec.compiled.rules, spec.run('', eot), bad, { displayPath: (p) => relative(ROOT, p) || p });
}

/** Every cause of the tree, depth first. */
export function causes(c: Cause): Cause[] {
  return [c, ...c.children.flatMap(causes)];
}
