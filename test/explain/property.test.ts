/**
 * The explanation against the runs it explains, on generated programs (quorums, extrema,
 * detectors with crash atoms, timers, vetoes): for random fault sets that break the invariant,
 * every cause says something true of the two runs, and every tree reaches a fault.
 */
import { describe, expect, it } from 'vitest';
import { explainCounterexample } from '../../src/explain/explain.js';
import type { Cause } from '../../src/explain/types.js';
import { prng, randomFaultSet } from '../../src/faults/space.js';
import { faultKey, formatFaults } from '../../src/faults/text.js';
import { simulate } from '../../src/sim/simulate.js';
import type { RunResult } from '../../src/sim/types.js';
import { formatTuple, tupleKey, type Tuple } from '../../src/terms/values.js';
import { generateProgram } from '../lineage/generator.js';
import { compileText } from '../lineage/soundness.js';

const SEEDS = 80;
const FAULT_SETS_PER_PROGRAM = 12;

function holds(run: RunResult, relation: string, tuple: Tuple, time: number): boolean {
  return (run.tables[time - 1]?.get(relation) ?? []).some((t) => tupleKey(t) === tupleKey(tuple));
}

/** What is false about `c` in these runs, as readable lines. */
function lies(c: Cause, good: RunResult, bad: RunResult, out: string[], where: string): void {
  const at = `${where} ${c.kind} ${formatTuple(c.relation, c.tuple)}@${c.time}`;
  if (c.kind === 'not-derived' && c.note === null) {
    if (!holds(good, c.relation, c.tuple, c.time)) out.push(`${at}: not in the fault-free run`);
    if (holds(bad, c.relation, c.tuple, c.time)) out.push(`${at}: holds in the failing run`);
    for (const v of c.via) if (!holds(good, v.relation, v.tuple, v.time) || holds(bad, v.relation, v.tuple, v.time)) out.push(`${at}: via ${formatTuple(v.relation, v.tuple)}@${v.time} is not missing`);
  }
  if (c.kind === 'appeared') {
    if (!holds(bad, c.relation, c.tuple, c.time)) out.push(`${at}: not in the failing run`);
    if (holds(good, c.relation, c.tuple, c.time)) out.push(`${at}: holds without faults`);
    if (c.fault !== null && !bad.faults.some((f) => faultKey(f) === faultKey(c.fault!))) out.push(`${at}: names a fault the run does not have`);
  }
  if (c.kind === 'lost-message' || c.kind === 'crashed-sender') {
    for (const t of c.message!.sendTimes) {
      const same = (m: RunResult['messages'][number]) => m.from === c.message!.from && m.to === c.message!.to && m.sendTime === t && m.relation === c.relation && tupleKey(m.tuple) === tupleKey(c.tuple);
      const before = good.messages.find(same);
      const after = bad.messages.find(same);
      if (before === undefined || before.lostBy !== null) out.push(`${at}: not delivered without faults at t=${t}`);
      if (after === undefined || after.lostBy === null || faultKey(after.lostBy) !== faultKey(c.fault!)) out.push(`${at}: not lost by ${faultKey(c.fault!)} at t=${t}`);
      if ((c.kind === 'crashed-sender') !== (c.fault!.kind === 'crash')) out.push(`${at}: kind does not match its fault`);
    }
  }
  c.children.forEach((k) => lies(k, good, bad, out, where));
}

const reachesFault = (c: Cause): boolean => c.fault !== null || c.repeated || c.children.some(reachesFault);

describe('explanations of generated programs', () => {
  it(`on ${SEEDS} programs × ${FAULT_SETS_PER_PROGRAM} random fault sets: every cause is true of the runs, every tree reaches a fault`, () => {
    let explained = 0;
    const problems: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const p = generateProgram(seed);
      const compiled = compileText(p.text);
      const run = (faults: RunResult['faults']) => simulate(compiled, { nodes: p.bounds.nodes, eot: p.bounds.eot, faults });
      const good = run([]);
      if (!good.invariant.holds) continue;
      const rnd = prng(seed);
      for (let i = 0; i < FAULT_SETS_PER_PROGRAM; i++) {
        const bad = run(randomFaultSet(p.bounds, rnd));
        if (bad.invariant.holds) continue;
        const where = `seed ${seed} ${formatFaults(bad.faults)}:`;
        const e = explainCounterexample(compiled.rules, good, bad);
        expect(e.outcomes.map((o) => tupleKey(o.pre))).toEqual(bad.invariant.missing.map(tupleKey));
        for (const o of e.outcomes) {
          expect([o.cause.relation, tupleKey(o.cause.tuple)]).toEqual(['post', tupleKey(o.pre)]);
          lies(o.cause, good, bad, problems, where);
          if (!reachesFault(o.cause)) problems.push(`${where} ${formatTuple('pre', o.pre)} reaches no fault`);
        }
        explained++;
      }
    }
    expect(problems).toEqual([]);
    // The generator breaks often enough for this to mean something.
    expect(explained).toBeGreaterThan(100);
  });
});
