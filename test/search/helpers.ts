/** Shared by the search tests: load a bundled spec, replay a fault set, and judge a fault set against bounds. */
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadSpec } from '../../src/pipeline.js';
import type { Bounds } from '../../src/faults/types.js';
import type { CompiledProgram } from '../../src/sim/compile.js';
import { canonicalFaults, formatFaults } from '../../src/faults/text.js';
import { factNodes } from '../../src/sim/nodes.js';
import { simulate } from '../../src/sim/simulate.js';
import type { FaultSet } from '../../src/faults/types.js';
import type { RunResult } from '../../src/sim/types.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';

export const SPECS = join(import.meta.dirname, '..', '..', 'specs');

export interface BundledSpec {
  readonly compiled: CompiledProgram;
  /** The nodes its facts name: every bundled spec names all its nodes so (test/specs checks it). */
  readonly nodes: readonly string[];
}

/** `specs/<file>` loaded and checked; fails the test with the rendered diagnostics otherwise. */
export function loadBundled(file: string): BundledSpec {
  const spec = loadSpec([join(SPECS, file)]);
  if (!spec.ok) expect.fail(renderDiagnostics(spec.diagnostics, spec.sources));
  return { compiled: spec.compiled, nodes: factNodes(spec.compiled.program) };
}

/** One run of `faults` within the bounds' nodes and EOT. */
export function replay(compiled: CompiledProgram, b: Bounds, faults: FaultSet): RunResult {
  return simulate(compiled, { nodes: b.nodes, eot: b.eot, faults });
}

/** The run of `faults` violates the invariant (it was checked and does not hold). */
export function violates(compiled: CompiledProgram, b: Bounds, faults: FaultSet): boolean {
  const r = replay(compiled, b, faults);
  return r.invariant.checked && !r.invariant.holds;
}

/** Every way a fault set can leave the bounds, as messages (empty when it is inside). */
export function outOfBounds(b: Bounds, faults: FaultSet): string[] {
  const problems: string[] = [];
  const nodes = new Set(b.nodes);
  const crashAt = new Map<string, number>();
  for (const f of faults) {
    if (f.kind !== 'crash') continue;
    if (crashAt.has(f.node)) problems.push(`${f.node} crashes twice`);
    crashAt.set(f.node, f.time);
    if (!nodes.has(f.node)) problems.push(`crash of unknown node ${f.node}`);
    if (f.time < 1 || f.time > b.eot) problems.push(`crash time ${f.time} outside 1..${b.eot}`);
  }
  if (crashAt.size > b.crashes) problems.push(`${crashAt.size} crashes > ${b.crashes}`);
  for (const f of faults) {
    if (f.kind !== 'omit') continue;
    if (!nodes.has(f.from) || !nodes.has(f.to)) problems.push(`omission on unknown channel ${f.from}→${f.to}`);
    if (f.from === f.to) problems.push(`omission on a self-channel ${f.from}`);
    if (f.time < 1 || f.time >= b.eff) problems.push(`omission at ${f.time}, not < EFF=${b.eff}`);
  }
  if (formatFaults(canonicalFaults(faults)) !== formatFaults(faults)) problems.push('not canonical (sorted, duplicate-free)');
  return problems;
}

/** Stricter than `outOfBounds`: also no omission from a sender at or after its own crash (it adds nothing). */
export function redundantOmissions(faults: FaultSet): string[] {
  const crashAt = new Map<string, number>();
  for (const f of faults) if (f.kind === 'crash') crashAt.set(f.node, f.time);
  const out: string[] = [];
  for (const f of faults) {
    if (f.kind !== 'omit') continue;
    const c = crashAt.get(f.from);
    if (c !== undefined && f.time >= c) out.push(`omission at ${f.time} after ${f.from}'s crash at ${c}`);
  }
  return out;
}

export const boundsLabel = (b: Bounds): string => `${b.eot}/${b.eff}/${b.crashes}`;
