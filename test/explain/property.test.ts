/**
 * The explanation against the runs it explains, on generated programs (quorums, extrema,
 * detectors with crash atoms, timers, vetoes): for random fault sets that break the invariant,
 * every cause says something true of the two runs, every tree reaches a fault, and the faults an
 * outcome's explanation names (its tree, and the faults explained as needed for it) are enough to
 * break every fault-free derivation of it: replayed alone, they leave the missing `post` tuple
 * with no derivation the fault-free run had. A fault explained as needed is one no tree names,
 * whose removal keeps its outcomes, with trees true of the run without it.
 * `LDFI_EXPLAIN_SEEDS=6000` runs it on more programs (about 12,000 fault sets; all pass). Without
 * the needed faults, seven outcomes of seeds 167, 889 and 1404 would not: a fallback only the
 * replay takes through another relation, killed by a fault the fault-free run's lineage never shows.
 */
import { describe, expect, it } from 'vitest';
import { explainCounterexample } from '../../src/explain/explain.js';
import type { Cause, Explanation } from '../../src/explain/types.js';
import type { Fault } from '../../src/faults/types.js';
import { prng, randomFaultSet } from '../../src/faults/space.js';
import { faultKey, formatFaults } from '../../src/faults/text.js';
import { simulate } from '../../src/sim/simulate.js';
import type { RunResult } from '../../src/sim/types.js';
import { formatTuple, tupleKey, type Tuple } from '../../src/terms/values.js';
import { generateProgram } from '../lineage/generator.js';
import { compileText } from '../lineage/soundness.js';

const SEEDS = Number(process.env['LDFI_EXPLAIN_SEEDS'] ?? 80);
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
      // A message of the fault-free run, or a re-send only the failing run made.
      if (before !== undefined && before.lostBy !== null) out.push(`${at}: lost even without faults at t=${t}`);
      if (after === undefined || after.lostBy === null || faultKey(after.lostBy) !== faultKey(c.fault!)) out.push(`${at}: not lost by ${faultKey(c.fault!)} at t=${t}`);
      if ((c.kind === 'crashed-sender') !== (c.fault!.kind === 'crash')) out.push(`${at}: kind does not match its fault`);
    }
  }
  c.children.forEach((k) => lies(k, good, bad, out, where));
}

/** A cause met again is marked repeated and has no children: its first occurrence has them. */
function causeKey(c: Cause): string {
  return `${c.kind}\u0000${c.relation}\u0000${tupleKey(c.tuple)}\u0000${c.since}`;
}

/** The faults an outcome's tree names, repeats followed to their first occurrence; null when the tree was cut short. */
function namedFaults(e: Explanation, root: Cause): Fault[] | null {
  const originals = new Map<string, Cause>();
  const collect = (c: Cause): void => {
    if (c.repeated) return;
    // A cause merged into a chain (`a ← b ← c`) leads to the chain's children.
    const keys = [causeKey(c), ...c.via.map((v) => causeKey({ ...c, relation: v.relation, tuple: v.tuple, since: v.since, time: v.time }))];
    for (const k of keys) if (!originals.has(k)) originals.set(k, c);
    c.children.forEach(collect);
  };
  e.outcomes.forEach((o) => collect(o.cause));
  const faults = new Map<string, Fault>();
  const seen = new Set<Cause>();
  let cut = false;
  const walk = (c: Cause): void => {
    const first = c.repeated ? originals.get(causeKey(c)) : c;
    if (first === undefined || seen.has(first)) return void (cut ||= first === undefined);
    seen.add(first);
    if (first.omitted > 0) cut = true;
    if (first.fault !== null) faults.set(faultKey(first.fault), first.fault);
    first.children.forEach(walk);
  };
  walk(root);
  return cut ? null : [...faults.values()];
}

/**
 * The tuples of `run` derivable through firings the fault-free run `good` also had (same rule,
 * same body tuples at the same times, same head): what is left of the fault-free derivations.
 */
function faultFreeDerivable(good: RunResult, run: RunResult): Set<number> {
  const sig = (r: RunResult, f: RunResult['lineage']['firings'][number]): string => {
    const t = (id: number): string => {
      const n = r.lineage.tuples[id]!;
      return `${n.relation}@${n.time}${tupleKey(n.tuple)}`;
    };
    return `${f.rule}|${t(f.head)}|${f.body.map(t).join(',')}`;
  };
  const known = new Set(good.lineage.firings.map((f) => sig(good, f)));
  const usable = run.lineage.firings.filter((f) => known.has(sig(run, f)));
  const ok = new Set(run.lineage.tuples.filter((n) => n.base).map((n) => n.id));
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of usable) if (!ok.has(f.head) && f.body.every((b) => ok.has(b))) changed = ok.add(f.head) !== null;
  }
  return ok;
}

const allCauses = (c: Cause): Cause[] => [c, ...c.children.flatMap(allCauses)];

const reachesFault = (c: Cause): boolean => c.fault !== null || c.repeated || c.children.some(reachesFault);

describe('explanations of generated programs', () => {
  it(`on ${SEEDS} programs × ${FAULT_SETS_PER_PROGRAM} random fault sets: every cause is true of the runs, every tree reaches a fault, its faults alone break every fault-free derivation`, () => {
    let explained = 0;
    let replayed = 0;
    let cut = 0;
    let neededShown = 0;
    const problems: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const p = generateProgram(seed);
      const compiled = compileText(p.text);
      const run = (faults: RunResult['faults']) => simulate(compiled, { nodes: p.bounds.nodes, eot: p.bounds.eot, faults });
      const good = run([]);
      if (!good.invariant.holds) continue;
      const rnd = prng(seed);
      const replays = new Map<string, RunResult>();
      for (let i = 0; i < FAULT_SETS_PER_PROGRAM; i++) {
        const bad = run(randomFaultSet(p.bounds, rnd));
        if (bad.invariant.holds) continue;
        const where = `seed ${seed} ${formatFaults(bad.faults)}:`;
        const e = explainCounterexample(compiled.rules, good, bad, { simulate: run });
        expect(e.outcomes.map((o) => tupleKey(o.pre))).toEqual(bad.invariant.missing.map(tupleKey));
        // A fault explained as needed: the trees never name it, and without it each of its outcomes
        // keeps the invariant; its trees say true things of the run without it and the failing run.
        const inTrees = new Set(e.outcomes.flatMap((o) => allCauses(o.cause)).flatMap((c) => (c.fault ? [faultKey(c.fault)] : [])));
        for (const n of e.needed) {
          const other = run(n.without);
          if (inTrees.has(faultKey(n.fault))) problems.push(`${where} ${faultKey(n.fault)} is named and still explained as needed`);
          for (const pre of n.kept) {
            if (holds(other, 'pre', pre, other.eot) && !holds(other, 'post', pre, other.eot)) problems.push(`${where} without ${faultKey(n.fault)} ${formatTuple('pre', pre)} still lacks post`);
          }
          for (const o of n.outcomes) {
            if (!n.kept.some((t) => tupleKey(t) === tupleKey(o.pre))) problems.push(`${where} ${faultKey(n.fault)} explains ${formatTuple('pre', o.pre)}, which it does not keep`);
            lies(o.cause, other, bad, problems, `${where} without ${faultKey(n.fault)}:`);
          }
          neededShown++;
        }
        for (const o of e.outcomes) {
          expect([o.cause.relation, tupleKey(o.cause.tuple)]).toEqual(['post', tupleKey(o.pre)]);
          lies(o.cause, good, bad, problems, where);
          if (!reachesFault(o.cause)) problems.push(`${where} ${formatTuple('pre', o.pre)} reaches no fault`);
          const main = namedFaults(e, o.cause);
          // A fault explained as needed for this outcome is part of what the explanation names.
          const extra = e.needed.filter((n) => n.kept.some((t) => tupleKey(t) === tupleKey(o.pre))).map((n) => n.fault);
          const named = main === null ? null : [...main, ...extra.filter((f) => !main.some((m) => faultKey(m) === faultKey(f)))];
          if (named === null) {
            cut++;
            continue;
          }
          const key = named.map(faultKey).sort().join(' ');
          let alone = replays.get(key);
          if (alone === undefined) replays.set(key, (alone = run(named)));
          const post = alone.lineage.tuples.find((n) => n.relation === 'post' && n.time === alone!.eot && tupleKey(n.tuple) === tupleKey(o.pre));
          if (post !== undefined && faultFreeDerivable(good, alone).has(post.id)) problems.push(`${where} ${formatTuple('pre', o.pre)}: the faults it names (${formatFaults(named)}) leave a fault-free derivation of its post`);
          replayed++;
        }
        explained++;
      }
    }
    expect(problems).toEqual([]);
    // The generator breaks often enough for this to mean something.
    expect(explained).toBeGreaterThan(100);
    // Trees cut short by the size limits cannot be replayed; they are the exception.
    expect(replayed).toBeGreaterThan(10 * cut);
    // Random fault sets often carry faults the trees do not follow: some are explained as needed.
    if (process.env["LDFI_EXPLAIN_SEEDS"]) console.log(`needed: ${neededShown} faults explained of ${explained} fault sets`);
    expect(neededShown).toBeGreaterThan(0);
  });
});
