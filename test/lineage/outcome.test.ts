/**
 * outcomeLineage: the formulas "this outcome is broken" built from one run. On tiny hand-written
 * programs: a target breaks exactly when its message is lost; a retry needs two losses; a negated
 * goal whose tuple can appear under a loss (a timeout) makes the outcome breakable by that loss;
 * a `pre` that only appears under faults is caught by `newPre`. On every bundled spec: the run's
 * own faults leave the goal false, and (small bounds, every fault set) every fault set that
 * violates the invariant makes the goal true — the lineage misses no counterexample.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outcomeLineage, type OutcomeLineage } from '../../src/lineage/outcome.js';
import { allFaultSets, countFaultSets } from '../../src/faults/space.js';
import type { Bounds } from '../../src/faults/types.js';
import type { CompiledProgram } from '../../src/sim/compile.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { formatFaults, parseFaults } from '../../src/faults/text.js';
import { simulate } from '../../src/sim/simulate.js';
import type { FaultSet } from '../../src/faults/types.js';
import type { RunResult } from '../../src/sim/types.js';
import { evaluate } from '../../src/solve/formula.js';
import { compileSource } from '../sim/helpers.js';
import { loadBundled, SPECS } from '../search/helpers.js';

interface Tiny {
  readonly compiled: CompiledProgram;
  readonly bounds: Bounds;
  readonly run: RunResult;
  readonly lineage: OutcomeLineage;
}

/** Compiles `text`, runs it under `seedFaults` and builds the lineage of that run. */
function tiny(text: string, eot: number, eff: number, crashes = 1, seedFaults = ''): Tiny {
  const compiled = compileSource(text);
  const nodes = defaultNodes(compiled, eot);
  const bounds: Bounds = { nodes, eot, eff, crashes };
  const run = simulate(compiled, { nodes, eot, faults: faults(seedFaults, nodes, eot) });
  return { compiled, bounds, run, lineage: outcomeLineage(compiled, run, bounds) };
}

function faults(text: string, nodes: readonly string[], eot: number): FaultSet {
  const parsed = parseFaults(text, nodes, eot);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.faults;
}

/** The one target of `t`, evaluated under a fault set given as text. */
function brokenBy(t: Tiny, text: string): boolean {
  expect(t.lineage.targets).toHaveLength(1);
  return evaluate(t.lineage.targets[0]!.broken, faults(text, t.bounds.nodes, t.bounds.eot));
}

/** The post tuple of target `label` is absent at EOT in the run of `f`. */
function postGone(t: Tiny, f: FaultSet): boolean {
  const r = simulate(t.compiled, { nodes: t.bounds.nodes, eot: t.bounds.eot, faults: f });
  const label = t.lineage.targets[0]!.label;
  return !(r.tables[t.bounds.eot - 1]?.get('post') ?? []).some((tuple) => `post(${tuple.map((v) => JSON.stringify(v)).join(', ')})` === label);
}

// a sends m to b once, at time 1; b must have it at EOT.
const ONE_SEND = `
  link("a", "b")@1;
  payload("a", "m")@1;
  expect("b", "m")@1;
  expect(N, M)@next :- expect(N, M);
  msg(B, M)@async :- link(A, B), payload(A, M);
  got(N, M) :- msg(N, M);
  got(N, M)@next :- got(N, M);
  pre(N, M) :- expect(N, M);
  post(N, M) :- got(N, M);
`;

// The same, but a keeps the payload and re-sends at every step.
const RETRY = `${ONE_SEND}
  payload(A, M)@next :- payload(A, M);
  link(A, B)@next :- link(A, B);
`;

// The same retry, but the message delivers `got` directly.
const RETRY_DIRECT = `
  link("a", "b")@1;
  payload("a", "m")@1;
  expect("b", "m")@1;
  expect(N, M)@next :- expect(N, M);
  payload(A, M)@next :- payload(A, M);
  link(A, B)@next :- link(A, B);
  got(B, M)@async :- link(A, B), payload(A, M);
  got(N, M)@next :- got(N, M);
  pre(N, M) :- expect(N, M);
  post(N, M) :- got(N, M);
`;

// b raises an alarm at time 3 if it still lacks m: the outcome relies on the alarm *not* firing.
const TIMEOUT = `
  link("a", "b")@1;
  payload("a", "m")@1;
  expect("b", "m")@1;
  clock("b", 1)@1;
  expect(N, M)@next :- expect(N, M);
  clock(N, T + 1)@next :- clock(N, T);
  msg(B, M)@async :- link(A, B), payload(A, M);
  got(N, M) :- msg(N, M);
  got(N, M)@next :- got(N, M);
  alarm(N, M) :- clock(N, 3), expect(N, M), notin got(N, M);
  alarm(N, M)@next :- alarm(N, M);
  pre(N, M) :- expect(N, M);
  post(N, M) :- expect(N, M), notin alarm(N, M);
`;

describe('one message', () => {
  const t = tiny(ONE_SEND, 3, 2);

  it('has one target, intact without faults', () => {
    expect(t.run.invariant.holds).toBe(true);
    expect(t.lineage.targets.map((x) => x.label)).toEqual(['post("b", "m")']);
    expect(brokenBy(t, '')).toBe(false);
    expect(evaluate(t.lineage.goal, [])).toBe(false);
  });

  it('breaks exactly when the message is lost: its omission or a crash of the sender at or before the send', () => {
    expect(brokenBy(t, 'omit(a,b,1)')).toBe(true);
    expect(brokenBy(t, 'crash(a,1)')).toBe(true);
    expect(evaluate(t.lineage.goal, faults('omit(a,b,1)', t.bounds.nodes, 3))).toBe(true);
    for (const other of ['omit(b,a,1)', 'omit(a,b,2)', 'crash(a,2)', 'crash(b,1)', 'omit(b,a,1) crash(b,1)']) {
      expect(brokenBy(t, other), other).toBe(false);
    }
  });

  it('cannot be broken by an omission at or after EFF', () => {
    const late = tiny(ONE_SEND, 3, 1);
    expect(brokenBy(late, 'omit(a,b,1)')).toBe(false);
    expect(brokenBy(late, 'crash(a,1)')).toBe(true);
  });

  it('agrees with the simulator on every fault set (the program is monotone, so the lineage is exact)', () => {
    for (const f of allFaultSets(t.bounds)) expect(evaluate(t.lineage.targets[0]!.broken, f), formatFaults(f)).toBe(postGone(t, f));
  });
});

describe('a retry', () => {
  // The message re-delivers `got` itself, as the bundled broadcasts do with `log`.
  const direct = tiny(RETRY_DIRECT, 3, 3);
  // The message lands in `msg` and `got :- msg` re-derives `got`, already carried by persistence.
  const indirect = tiny(RETRY, 3, 3);

  const needsBoth = (t: Tiny): void => {
    expect(brokenBy(t, 'omit(a,b,1)')).toBe(false);
    expect(brokenBy(t, 'omit(a,b,2)')).toBe(false);
    expect(brokenBy(t, 'omit(a,b,1) omit(a,b,2)')).toBe(true);
    expect(brokenBy(t, 'omit(a,b,1) crash(a,2)')).toBe(true);
    expect(brokenBy(t, 'crash(a,1)')).toBe(true);
    expect(brokenBy(t, 'crash(a,2)')).toBe(false);
  };
  const exact = (t: Tiny): void => {
    for (const f of allFaultSets(t.bounds)) expect(evaluate(t.lineage.targets[0]!.broken, f), formatFaults(f)).toBe(postGone(t, f));
  };

  it('needs both copies lost (message into the persisted relation)', () => needsBoth(direct));
  it('agrees with the simulator on every fault set (message into the persisted relation)', () => exact(direct));

  // Regression: got@3 is carried by persistence before msg@3 is delivered, so the firing
  // got@3 :- msg@3 reads a same-time tuple with a larger id. It used to be dropped as a possible
  // cycle, and the lineage said omit(a,b,1) alone breaks post("b","m").
  it('needs both copies lost (message into another relation, then derived)', () => needsBoth(indirect));
  it('agrees with the simulator on every fault set (message into another relation)', () => exact(indirect));

  it('is never less breakable than the simulator says', () => {
    for (const f of allFaultSets(indirect.bounds)) if (postGone(indirect, f)) expect(evaluate(indirect.lineage.targets[0]!.broken, f), formatFaults(f)).toBe(true);
  });
});

describe('a negated goal (a timeout)', () => {
  const t = tiny(TIMEOUT, 4, 3);

  it('is intact without faults: the alarm does not fire', () => {
    expect(t.run.invariant.holds).toBe(true);
    expect(t.run.tables[3]!.get('alarm') ?? []).toEqual([]);
    expect(brokenBy(t, '')).toBe(false);
  });

  it('is breakable by the loss that makes the alarm fire', () => {
    // The outcome's derivation uses no message at all; only `notin alarm` connects it to a's send.
    expect(brokenBy(t, 'omit(a,b,1)')).toBe(true);
    expect(brokenBy(t, 'crash(a,1)')).toBe(true);
    expect(postGone(t, faults('omit(a,b,1)', t.bounds.nodes, 4))).toBe(true);
  });

  it('is not broken by faults that cannot make the alarm fire', () => {
    for (const other of ['omit(b,a,1)', 'crash(b,1)', 'crash(a,2)']) expect(brokenBy(t, other), other).toBe(false);
  });

  it('never misses a fault set under which the outcome is lost', () => {
    for (const f of allFaultSets(t.bounds)) if (postGone(t, f)) expect(evaluate(t.lineage.targets[0]!.broken, f), formatFaults(f)).toBe(true);
  });
});

describe('a pre tuple that only appears under faults', () => {
  // Nothing is expected without faults; an alarm creates a `pre` that no `post` matches.
  const APPEARING = `
    link("a", "b")@1;
    payload("a", "m")@1;
    clock("b", 1)@1;
    clock(N, T + 1)@next :- clock(N, T);
    msg(B, M)@async :- link(A, B), payload(A, M);
    got(N, M) :- msg(N, M);
    got(N, M)@next :- got(N, M);
    alarm(N, "m") :- clock(N, 3), notin got(N, "m");
    alarm(N, M)@next :- alarm(N, M);
    pre(N, M) :- alarm(N, M);
    post(N, M) :- got(N, M);
  `;
  const t = tiny(APPEARING, 4, 3);

  it('has no target but a newPre formula that the loss makes true', () => {
    expect(t.lineage.targets).toEqual([]);
    expect(evaluate(t.lineage.newPre, [])).toBe(false);
    const lost = faults('omit(a,b,1)', t.bounds.nodes, 4);
    expect(evaluate(t.lineage.newPre, lost)).toBe(true);
    expect(evaluate(t.lineage.goal, lost)).toBe(true);
    const r = simulate(t.compiled, { nodes: t.bounds.nodes, eot: 4, faults: lost });
    expect(r.invariant.holds).toBe(false);
  });
});

describe('crash tuples', () => {
  it('an outcome that needs a node not to crash breaks when that node crashes (a crash tuple appears)', () => {
    const t = tiny('peer("a", "b")@1;\nok("b", 1)@1;\nok(N, X)@next :- ok(N, X);\npre(N, X) :- ok(N, X);\npost(N, X) :- ok(N, X), notin crash(N, N, _);\n', 3, 0);
    expect(t.run.invariant.holds).toBe(true);
    expect(brokenBy(t, '')).toBe(false);
    expect(brokenBy(t, 'crash(b,3)')).toBe(true);
    expect(brokenBy(t, 'crash(a,1)')).toBe(false);
    expect(postGone(t, faults('crash(b,3)', t.bounds.nodes, 3))).toBe(true);
  });

  it("an outcome read from the run's own crash breaks when the crash moves earlier (the crash tuple goes)", () => {
    const t = tiny('peer("a", "b")@1;\npeer("b", "a")@1;\npre(N, T) :- crash(N, N, T);\npost(N, T) :- crash(N, N, T), T >= 3;\n', 4, 0, 1, 'crash(b,3)');
    expect(t.run.invariant.holds).toBe(true);
    expect(t.lineage.targets.map((x) => x.label)).toEqual(['post("b", 3)']);
    expect(brokenBy(t, 'crash(b,3)')).toBe(false);
    expect(brokenBy(t, 'crash(b,2)')).toBe(true);
    expect(evaluate(t.lineage.goal, faults('crash(b,2)', t.bounds.nodes, 4))).toBe(true);
    expect(postGone(t, faults('crash(b,2)', t.bounds.nodes, 4))).toBe(true);
  });
});

describe('a run with faults', () => {
  it('builds formulas its own faults leave false, and that need more faults to break', () => {
    const t = tiny(RETRY, 3, 3, 1, 'omit(a,b,1)');
    expect(t.run.invariant.holds).toBe(true);
    expect(evaluate(t.lineage.goal, t.run.faults)).toBe(false);
    expect(brokenBy(t, 'omit(a,b,1) omit(a,b,2)')).toBe(true);
    expect(brokenBy(t, 'omit(a,b,1) crash(a,2)')).toBe(true);
  });
});

const FILES = readdirSync(SPECS)
  .filter((f) => f.endsWith('.ded'))
  .sort();

/** Bounds of each bundled spec's first row in specs/README.md (their header comments agree). */
const README_BOUNDS: Readonly<Record<string, readonly [number, number, number]>> = {
  '2pc-ctp.ded': [6, 0, 1],
  '2pc-timeout-optimist.ded': [6, 0, 1],
  '2pc-timeout.ded': [6, 0, 1],
  '2pc.ded': [7, 3, 0],
  '3pc.ded': [8, 0, 1],
  'ack-broadcast.ded': [6, 3, 1],
  'classic-broadcast.ded': [6, 3, 0],
  'heartbeat.ded': [6, 0, 1],
  'kafka.ded': [6, 4, 1],
  'paxos.ded': [7, 6, 1],
  'primary-backup-async.ded': [6, 3, 1],
  'primary-backup.ded': [6, 3, 1],
  'relay-broadcast.ded': [6, 3, 1],
  'retry-broadcast.ded': [6, 3, 1],
  'simple-broadcast.ded': [6, 3, 0],
};

/** Fault sets under which the spec keeps its invariant (from test/specs/specs.test.ts and the README). */
const SURVIVED: Readonly<Record<string, readonly string[]>> = {
  'simple-broadcast.ded': ['omit(a,b,1) omit(a,c,1)'],
  'retry-broadcast.ded': ['omit(a,b,1) omit(a,b,2) omit(a,c,1) omit(a,c,2)'],
  'relay-broadcast.ded': ['omit(a,b,1) omit(a,b,2) omit(a,c,1) omit(c,b,2) crash(a,3)', 'omit(a,b,1) crash(a,2) omit(c,b,2)'],
  'classic-broadcast.ded': ['crash(a,2) crash(b,2)', 'crash(a,1)'],
  'ack-broadcast.ded': ['omit(a,b,1) omit(a,b,2) omit(a,c,1) omit(c,b,2) crash(a,3)'],
  '2pc-ctp.ded': ['omit(C,a,3) omit(C,b,3)'],
};

describe('every bundled spec', () => {
  it('has bounds listed here', () => {
    expect(Object.keys(README_BOUNDS).sort()).toEqual(FILES);
  });

  it.each(FILES)('%s: the fault-free run leaves its goal false', (file) => {
    const { compiled, nodes } = loadBundled(file);
    const [eot, eff, crashes] = README_BOUNDS[file] ?? [6, 3, 1];
    const bounds: Bounds = { nodes, eot, eff, crashes };
    const run = simulate(compiled, { nodes, eot, faults: [] });
    expect(run.invariant.holds).toBe(true);
    const lineage = outcomeLineage(compiled, run, bounds);
    // Every pre tuple at EOT has its post (the invariant holds), and each such post is a target.
    const pres = run.tables[eot - 1]?.get('pre') ?? [];
    expect(lineage.targets).toHaveLength(pres.length);
    expect(evaluate(lineage.goal, [])).toBe(false);
  });

  it.each(Object.entries(SURVIVED).flatMap(([file, sets]) => sets.map((f) => [file, f] as const)))('%s under %s: the run keeps its goal false', (file, text) => {
    const { compiled, nodes } = loadBundled(file);
    const [eot, , crashes] = README_BOUNDS[file]!;
    // Some of these sets lose messages at or after the README's EFF: the lineage must still treat them as given.
    const run = simulate(compiled, { nodes, eot, faults: faults(text, nodes, eot) });
    expect(run.invariant.holds).toBe(true);
    const lineage = outcomeLineage(compiled, run, { nodes, eot, eff: eot, crashes: Math.max(crashes, 2) });
    expect(evaluate(lineage.goal, run.faults)).toBe(false);
  });

  // Small bounds, every fault set: a violating run must satisfy the fault-free run's goal.
  const SMALL = FILES.flatMap((file) => {
    const { nodes } = loadBundled(file);
    return [0, 1]
      .map((crashes): Bounds => ({ nodes, eot: 4, eff: 2, crashes }))
      .filter((b) => countFaultSets(b) <= 1000)
      .map((b) => [`${file} 4/2/${b.crashes}`, file, b] as const);
  });

  it('covers most specs at small bounds', () => {
    expect(new Set(SMALL.map((s) => s[1])).size).toBeGreaterThanOrEqual(7);
  });

  it.each(SMALL)('%s: every violating fault set makes the fault-free goal true', (_name, file, b) => {
    const { compiled } = loadBundled(file);
    const run = simulate(compiled, { nodes: b.nodes, eot: b.eot, faults: [] });
    if (!run.invariant.holds) return; // already a counterexample: nothing to break
    const lineage = outcomeLineage(compiled, run, b);
    const missed: string[] = [];
    for (const f of allFaultSets(b)) {
      const r = simulate(compiled, { nodes: b.nodes, eot: b.eot, faults: f });
      if (r.invariant.checked && !r.invariant.holds && !evaluate(lineage.goal, f)) missed.push(formatFaults(f));
    }
    expect(missed).toEqual([]);
  });
});
