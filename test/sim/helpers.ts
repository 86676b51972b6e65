/** Shared by the simulator tests: run a spec given as text, and read its tables as printed tuples. */
import { expect } from 'vitest';
import { checkProgram } from '../../src/check/check.js';
import { compileProgram, type CompiledProgram } from '../../src/sim/compile.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { parseFaults } from '../../src/faults/text.js';
import { simulate } from '../../src/sim/simulate.js';
import type { RunResult } from '../../src/sim/types.js';
import { formatTuple } from '../../src/terms/values.js';
import { hasErrors, renderDiagnostics } from '../../src/syntax/diagnostic.js';
import { loadProgram } from '../../src/syntax/load.js';

export function compileSource(text: string): CompiledProgram {
  const loaded = loadProgram(['spec.ded'], (p) => (p === 'spec.ded' ? text : null));
  const checked = checkProgram(loaded.program);
  const diagnostics = [...loaded.diagnostics, ...checked.diagnostics].filter((d) => d.severity === 'error');
  expect(hasErrors(diagnostics), renderDiagnostics(diagnostics, loaded.sources)).toBe(false);
  return compileProgram(checked.program, checked.strata);
}

export interface RunOptions {
  eot?: number;
  nodes?: string[];
  faults?: string;
}

export function runSource(text: string, opts: RunOptions = {}): RunResult {
  const compiled = compileSource(text);
  const eot = opts.eot ?? 4;
  const nodes = opts.nodes ?? defaultNodes(compiled, eot);
  const parsed = parseFaults(opts.faults ?? '', nodes, eot);
  expect(parsed.diagnostics).toEqual([]);
  return simulate(compiled, { nodes, eot, faults: parsed.faults });
}

/** The tuples of `rel` at time t, printed (`log("a", 1)`), in table order. */
export function rows(r: RunResult, t: number, rel: string): string[] {
  return (r.tables[t - 1]?.get(rel) ?? []).map((tuple) => formatTuple(rel, tuple));
}

/** The lineage node of `rel(tuple)` at time t. */
export function nodeOf(r: RunResult, rel: string, tuple: readonly (string | number)[], t: number) {
  const found = r.lineage.tuples.filter((n) => n.relation === rel && n.time === t && JSON.stringify(n.tuple) === JSON.stringify(tuple));
  expect(found, `${formatTuple(rel, tuple)}@${t}`).toHaveLength(1);
  return found[0]!;
}
