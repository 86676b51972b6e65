/**
 * Random protocols for the soundness property test and the differential fuzz: three nodes that
 * send values to each other, and on top of that, drawn at random, every construct whose reading
 * under more faults is subtle — aggregates of all four kinds read through comparisons or
 * constants, aggregates with their own `notin` (a vetoed contributor), crash atoms with
 * constants and `_` (positive and negated, in the invariant and in between), arithmetic inside
 * `notin`, timers that fire when a message did not come, retries that stop on an acknowledgement,
 * facts at later times, same-time recursion. Relations are layered so every program is
 * stratifiable: a `notin` reads a lower layer or sits in an `@next`/`@async` rule.
 *
 * Small on purpose (EOT ≤ 5, EFF ≤ 3, at most one crash), so exhaustive search covers the space.
 */
import { prng } from '../../src/faults/space.js';
import type { Bounds } from '../../src/faults/types.js';
import { loadSpec } from '../../src/pipeline.js';
import { simulate } from '../../src/sim/simulate.js';
import { randomCommitProtocol, randomProtocol } from '../search/random-protocols.js';

export interface GeneratedProgram {
  readonly seed: number;
  readonly text: string;
  readonly bounds: Bounds;
  /** The mechanisms drawn, for messages. */
  readonly shape: readonly string[];
}

const NODES = ['a', 'b', 'c'] as const;
const AGGREGATES = ['count', 'min', 'max', 'sum'] as const;

export function generateProgram(seed: number): GeneratedProgram {
  const rnd = prng(seed * 2654435761 + 97);
  const family = Math.floor(rnd() * 6);
  if (family === 0) return quorumProgram(seed, rnd);
  if (family === 1) return extremumProgram(seed, rnd);
  if (family === 2) return detectorProgram(seed, rnd);
  if (family === 3) return protocolProgram(seed, rnd);
  return mixedProgram(seed, rnd);
}

function mixedProgram(seed: number, rnd: () => number): GeneratedProgram {
  const chance = (p: number): boolean => rnd() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const shape: string[] = [];
  const lines: string[] = [];
  const add = (...ls: string[]): void => {
    lines.push(...ls);
  };

  // Topology and the values each node starts with, some at later times.
  for (const n of NODES) add(`node("${n}");`);
  for (const x of NODES) for (const y of NODES) if (x !== y && !chance(0.15)) add(`link("${x}", "${y}");`);
  const senders = NODES.filter(() => chance(0.7));
  if (senders.length === 0) senders.push('b');
  for (const s of senders) {
    const t = chance(0.3) ? int(2, 3) : 1;
    add(`val("${s}", ${pick([1, 2, 3, 5, 10, 30])})@${t};`);
    if (t > 1) shape.push('late fact');
    if (chance(0.25)) add(`val("${s}", ${pick([2, 4, 7, 20])})@${int(1, 2)};`);
  }
  add('clock("a", 1)@1;', 'clock("b", 1)@1;', 'clock("c", 1)@1;', 'clock(N, T + 1)@next :- clock(N, T);');

  // Sending: once, or retried until acknowledged; through a direct link or a relay.
  const ack = chance(0.4);
  const retry = chance(0.5);
  const sendCond = pick(['', ', notin crash(F, F, _)', ', V > 2', ', notin stop(F)']);
  if (sendCond.includes('stop')) {
    add('stop(F)@next :- clock(F, T), T >= 3;');
    shape.push('stop timer');
  }
  if (retry) {
    shape.push(ack ? 'retry until ack' : 'retry');
    add(`hold(F, V) :- val(F, V);`, `hold(F, V)@next :- hold(F, V)${ack ? ', notin acked(F, V)' : ''};`);
    add(`msg(T, F, V)@async :- hold(F, V), link(F, T)${sendCond};`);
  } else add(`msg(T, F, V)@async :- val(F, V), link(F, T)${sendCond};`);
  if (ack) {
    add('ackmsg(F, T, V)@async :- msg(T, F, V);', 'acks(F, V, count<T>) :- ackmsg(F, T, V);', 'acked(F, V) :- acks(F, V, K), K >= 1;');
    add('ackmsg(F, T, V)@next :- ackmsg(F, T, V);');
  }
  if (chance(0.35)) {
    shape.push('relay');
    add(`msg(T, F, V)@async :- got(R, F, V), link(R, T), T != F${chance(0.5) ? ', notin relayed(R, F, V)' : ''};`, 'relayed(R, F, V)@next :- got(R, F, V);', 'relayed(R, F, V)@next :- relayed(R, F, V);');
  }
  add('got(N, F, V) :- msg(N, F, V);', 'got(N, F, V)@next :- got(N, F, V);');

  // A veto that travels as a message: losing it lets a contributor in.
  const veto = chance(0.4);
  if (veto) {
    shape.push('veto');
    const who = pick(NODES);
    add(`vetomsg(N, "${who}")@async :- link("${who}", N), clock("${who}", 1);`, 'veto(N, F) :- vetomsg(N, F);', 'veto(N, F)@next :- veto(N, F);');
  }

  // Aggregates over what a node got, each read by something.
  const aggregates: { name: string; fn: (typeof AGGREGATES)[number] }[] = [];
  const nAgg = int(1, 2);
  for (let i = 0; i < nAgg; i++) {
    const fn = pick(AGGREGATES);
    const name = `agg${i}`;
    const arg = fn === 'count' && chance(0.5) ? 'F' : 'V';
    const own = veto && chance(0.6) ? ', notin veto(N, F)' : chance(0.2) ? ', notin crash(F, F, _)' : '';
    add(`${name}(N, ${fn}<${arg}>) :- got(N, F, V)${own};`);
    shape.push(`${fn}${own.includes('veto') ? '+veto' : own ? '+crash' : ''}`);
    aggregates.push({ name, fn });
  }

  // An aggregate sent as a message: it leaves from its first binding's node, which a binding
  // appearing or vanishing elsewhere can move (also away from a node that sent to itself).
  if (chance(0.3)) {
    const fn = pick(AGGREGATES);
    shape.push(`@async ${fn}`);
    const body = pick(['got(N, F, V)', 'val(N, V), crash(N, N, _)', 'val(N, V)']);
    add(`report("${pick(NODES)}", ${fn}<V>)@async :- ${body};`, 'reported(M, K) :- report(M, K);', 'reported(M, K)@next :- reported(M, K);');
  }

  // A timer that fires when nothing came by a deadline: arithmetic inside notin.
  if (chance(0.4)) {
    shape.push('timeout');
    const deadline = int(2, 4);
    add('heard(N, T) :- got(N, _, _), clock(N, T);', 'heard(N, T)@next :- heard(N, T);');
    add(`timeout(N) :- clock(N, T), T == ${deadline}, notin heard(N, T - 1)${chance(0.5) ? ', notin heard(N, T + 0 * 1)' : ''};`, 'timeout(N)@next :- timeout(N);');
  }

  // Crash atoms in between: a suspicion of a given time, and any crash of a peer.
  if (chance(0.35)) {
    shape.push('crash atoms');
    add(`suspect(N, M) :- link(N, M), crash(N, M, ${int(1, 3)});`, 'suspect(N, M) :- link(N, M), crash(_, M, T), T <= 2;', 'calm(N) :- node(N), notin crash(_, _, _);');
  }

  // Same-time recursion: reachability over who got anything.
  if (chance(0.25)) {
    shape.push('recursion');
    add('reach(N, M) :- got(N, M, _);', 'reach(N, M) :- reach(N, X), reach(X, M);');
  }

  // Node-level conditions the invariant is made of: readings of the aggregates (by threshold,
  // by value, under notin), crash atoms, timeouts, what arrived. pre is one or two of them, post
  // one or two others, so a fault can keep pre while it breaks post, or make pre appear.
  // The last two have a notin argument that does not evaluate at T = 2 (a division by zero),
  // which fails the firing there.
  const conditions: string[] = ['node(N), notin crash(N, N, _)', 'got(N, _, _)', 'got(N, "b", _)', 'node(N), clock(N, T), T >= 2', 'clock(N, T), notin got(N, _, 4 / (T - 2))', 'node(N), clock(N, T), notin crash(_, N, 3 / (T - 2))'];
  for (const a of aggregates) {
    const k = a.fn === 'count' ? int(1, 3) : pick([1, 2, 5, 10, 30]);
    conditions.push(`${a.name}(N, K), K >= ${k}`, `${a.name}(N, ${k})`, `${a.name}(N, K), K < ${k + pick([1, 20])}`, `node(N), notin ${a.name}(N, ${k})`, `${a.name}(N, _)`);
  }
  if (lines.some((l) => l.startsWith('suspect('))) conditions.push('node(N), notin suspect(N, _)', 'calm(N)', 'suspect(_, N)', 'node(N), crash(_, N, 2)');
  if (lines.some((l) => l.startsWith('timeout('))) conditions.push('node(N), notin timeout(N)', 'timeout(N)');
  if (lines.some((l) => l.startsWith('reach('))) conditions.push('reach(N, _)', 'reach(N, "a")');
  if (lines.some((l) => l.startsWith('reported('))) conditions.push('reported(N, _)', 'node(N), notin reported(N, _)', `reported(N, K), K >= ${pick([1, 2, 3])}`);
  if (lines.some((l) => l.startsWith('acked('))) conditions.push('val(N, V), acked(N, V)', 'node(N), notin acked(N, _)');
  const eot = int(3, 4);
  const eff = int(2, 3);
  const crashes = eff === 2 && chance(0.6) ? 1 : 0;
  const bounds: Bounds = { nodes: [...NODES], eot, eff, crashes };
  // An invariant that means something: pre holds somewhere in the fault-free run and post covers
  // it there; tried a few times, then whatever came last (still a valid program).
  const body = lines.join('\n') + '\n';
  let invariant = '';
  for (let attempt = 0; attempt < 12; attempt++) {
    const pre = pick(conditions) + (chance(0.4) ? ', ' + pick(conditions).replace(/\bT\b/g, 'T2').replace(/\bK\b/g, 'K2') : '');
    const posts = [pick(conditions), ...(chance(0.3) ? [pick(conditions)] : [])];
    if (posts.includes(pre)) continue;
    invariant = `pre(N) :- ${pre};\n` + posts.map((q) => `post(N) :- ${q};\n`).join('');
    const fine = faultFreeShape(body + invariant, bounds);
    if (fine === 'meaningful') {
      shape.push(`pre: ${pre}`, `post: ${posts.join(' | ')}`);
      break;
    }
  }
  return { seed, text: body + invariant, bounds, shape };
}

/** How the fault-free run judges the invariant: pre non-empty and covered, or not. */
function faultFreeShape(text: string, bounds: Bounds): 'meaningful' | 'vacuous' | 'violated' | 'invalid' {
  const spec = loadSpec(['g.ded'], (p) => (p === 'g.ded' ? text : null));
  if (!spec.ok) return 'invalid';
  const run = simulate(spec.compiled, { nodes: bounds.nodes, eot: bounds.eot, faults: [] });
  const pre = run.tables[bounds.eot - 1]?.get('pre') ?? [];
  if (pre.length === 0) return 'vacuous';
  return run.invariant.holds ? 'meaningful' : 'violated';
}

interface Draw {
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  int(lo: number, hi: number): number;
}

function draw(rnd: () => number): Draw {
  return {
    chance: (p) => rnd() < p,
    pick: (xs) => xs[Math.floor(rnd() * xs.length)]!,
    int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
  };
}

function smallBounds(d: Draw): Bounds {
  const eot = d.int(3, 4);
  const eff = d.int(2, 3);
  return { nodes: [...NODES], eot, eff, crashes: eff === 2 && d.chance(0.6) ? 1 : 0 };
}

/** Keeps the first invariant whose fault-free run is meaningful (pre non-empty and covered). */
function withInvariant(seed: number, body: string, bounds: Bounds, shape: string[], invariants: readonly string[]): GeneratedProgram {
  let chosen = invariants[invariants.length - 1]!;
  for (const inv of invariants) {
    if (faultFreeShape(body + inv, bounds) === 'meaningful') {
      chosen = inv;
      break;
    }
  }
  shape.push(chosen.trim().replace(/\n/g, ' '));
  return { seed, text: body + chosen, bounds, shape };
}

/**
 * A coordinator collects votes and counts them: a quorum read through a threshold, votes that
 * may be vetoed or withheld by a crash, retries or not; pre and post read the count at
 * different thresholds, or the decision.
 */
function quorumProgram(seed: number, rnd: () => number): GeneratedProgram {
  const d = draw(rnd);
  const shape = ['quorum'];
  const c = d.pick(NODES);
  const agents = NODES.filter((n) => n !== c);
  const lines: string[] = [...NODES.map((n) => `node("${n}");`), ...agents.map((a) => `agent("${c}", "${a}");`), `go("${c}")@1;`];
  const retry = d.chance(0.5);
  if (retry) {
    shape.push('retry');
    lines.push('go(C)@next :- go(C), notin done(C);');
  }
  lines.push('prep(A, C)@async :- agent(C, A), go(C);', 'prepared(A, C) :- prep(A, C);', 'prepared(A, C)@next :- prepared(A, C);');
  const voteCond = d.pick(['', ', notin crash(A, A, _)', ', notin veto(A)', ', notin crash(_, A, 1)']);
  if (voteCond.includes('veto')) {
    shape.push('veto');
    lines.push(`vetomsg("${agents[0]}")@async :- go("${c}");`, 'veto(A) :- vetomsg(A);', 'veto(A)@next :- veto(A);');
  }
  lines.push(`vote(C, A)@async :- prepared(A, C)${voteCond};`, 'got(C, A) :- vote(C, A);', 'got(C, A)@next :- got(C, A);');
  const fn = d.pick(['count', 'count', 'max', 'min', 'sum'] as const);
  lines.push(...agents.map((a, i) => `weight("${a}", ${i + 1});`));
  lines.push(fn === 'count' ? 'acks(C, count<A>) :- got(C, A);' : `acks(C, ${fn}<W>) :- got(C, A), weight(A, W);`);
  const k = d.int(1, 2);
  lines.push(`done(C) :- acks(C, N), N >= ${k};`, 'done(C)@next :- done(C);');
  lines.push('decided(C, "commit") :- done(C);', 'told(A, D)@async :- decided(C, D), agent(C, A);', 'told(A, D)@next :- told(A, D);');
  const body = lines.join('\n') + '\n';
  const invariants = [
    `pre(C) :- acks(C, N), N >= 1;\npost(C) :- done(C);\n`,
    `pre(C) :- acks(C, _);\npost(C) :- acks(C, N), N >= ${k + 1};\n`,
    `pre(A) :- prepared(A, _), notin crash(A, A, _);\npost(A) :- told(A, "commit");\n`,
    `pre(C) :- done(C);\npost(C) :- acks(C, ${d.int(1, 2)});\n`,
    `pre(A) :- told(A, _);\npost(A) :- node(A), notin veto(A);\n`,
  ];
  const start = d.int(0, invariants.length - 1);
  return withInvariant(seed, body, smallBounds(d), shape, [...invariants.slice(start), ...invariants.slice(0, start)]);
}

/** Bids of different values sent at different times: max/min read by value, counts by threshold. */
function extremumProgram(seed: number, rnd: () => number): GeneratedProgram {
  const d = draw(rnd);
  const shape = ['extremum'];
  const a = d.pick(NODES);
  const bidders = NODES.filter((n) => n !== a);
  const lines: string[] = [...NODES.map((n) => `node("${n}");`)];
  const values = bidders.map(() => d.pick([10, 20, 30]));
  bidders.forEach((b, i) => lines.push(`bidder("${b}", "${a}", ${values[i]})@${d.int(1, 2)};`));
  if (d.chance(0.4)) {
    shape.push('resend');
    lines.push('bidder(B, A, V)@next :- bidder(B, A, V), notin confirmed(B, V);', 'confirmed(B, V)@async :- seen(A, V), bidder(B, A, V);', 'confirmed(B, V)@next :- confirmed(B, V);');
  }
  const cond = d.pick(['', ', notin crash(B, B, _)', ', V > 15']);
  lines.push(`bid(A, V)@async :- bidder(B, A, V)${cond};`, 'seen(A, V) :- bid(A, V);', 'seen(A, V)@next :- seen(A, V);');
  const fn = d.pick(['max', 'min'] as const);
  lines.push(`top(A, ${fn}<V>) :- seen(A, V);`, 'bids(A, count<V>) :- seen(A, V);', 'total(A, sum<V>) :- seen(A, V);');
  const best = fn === 'max' ? Math.max(...values) : Math.min(...values);
  const body = lines.join('\n') + '\n';
  const invariants = [
    `pre(A) :- bids(A, K), K >= 1;\npost(A) :- top(A, ${best});\n`,
    `pre(A) :- seen(A, _);\npost(A) :- top(A, V), V ${fn === 'max' ? '>=' : '<='} ${best};\n`,
    `pre(A) :- node(A), notin top(A, ${d.pick(values)});\npost(A) :- bids(A, K), K >= ${bidders.length};\n`,
    `pre(A) :- total(A, S), S > 0;\npost(A) :- total(A, ${[...new Set(values)].reduce((x, y) => x + y, 0)});\n`,
    `pre(A) :- top(A, _);\npost(A) :- bids(A, ${new Set(values).size});\n`,
  ];
  const start = d.int(0, invariants.length - 1);
  return withInvariant(seed, body, smallBounds(d), shape, [...invariants.slice(start), ...invariants.slice(0, start)]);
}

/**
 * Heartbeats and suspicion: a lost heartbeat looks like a crash. Crash atoms with constants and
 * `_`, positive and negated, in pre, post and in between; arithmetic inside `notin`.
 */
function detectorProgram(seed: number, rnd: () => number): GeneratedProgram {
  const d = draw(rnd);
  const shape = ['detector'];
  const lines: string[] = [...NODES.map((n) => `node("${n}");`), ...NODES.map((n) => `clock("${n}", 1)@1;`), 'clock(N, T + 1)@next :- clock(N, T);'];
  for (const x of NODES) for (const y of NODES) if (x !== y) lines.push(`peer("${x}", "${y}");`);
  const every = d.chance(0.5);
  shape.push(every ? 'beats every step' : 'one beat');
  lines.push(every ? 'hb(M, N, T)@async :- peer(N, M), clock(N, T);' : 'hb(M, N, T)@async :- peer(N, M), clock(N, T), T == 1;');
  lines.push('heard(M, N, T) :- hb(M, N, T);', 'heard(M, N, T)@next :- heard(M, N, T);');
  const window = d.pick(['notin heard(M, N, T - 1)', 'notin heard(M, N, 1)', 'notin heard(M, N, T - 2)']);
  lines.push(`suspect(M, N) :- peer(M, N), clock(M, T), T >= 2, ${window};`, 'suspect(M, N)@next :- suspect(M, N);');
  if (d.chance(0.5)) lines.push('leader(M, min<N>) :- peer(M, N), notin suspect(M, N);', 'leader(M, M) :- node(M), notin suspect(M, _), peer(M, _), M == "a";');
  // Warnings sent by whoever observes a crash: the crash atom's node is the sender, so the
  // possible run must keep every observer.
  const warns = d.chance(0.4);
  if (warns) {
    shape.push('warns');
    lines.push('warn(M, N)@async :- crash(_, N, T), peer(M, N), clock(M, C), T < C;', 'warned(M, N) :- warn(M, N);', 'warned(M, N)@next :- warned(M, N);');
  }
  const body = lines.join('\n') + '\n';
  const t = d.int(1, 3);
  const invariants = [
    ...(warns ? ['pre(M, N) :- peer(M, N), clock(M, 3);\npost(M, N) :- peer(M, N), notin warned(M, N);\n', 'pre(M, N) :- warned(M, N);\npost(M, N) :- suspect(M, N);\n'] : []),
    `pre(M, N) :- suspect(M, N);\npost(M, N) :- suspect(M, N), crash(_, N, _);\n`,
    `pre(M, N) :- peer(M, N), crash(_, N, ${t}), notin crash(M, M, _);\npost(M, N) :- suspect(M, N);\n`,
    `pre(M, N) :- peer(M, N), notin crash(M, M, _), notin crash(N, N, _);\npost(M, N) :- peer(M, N), notin suspect(M, N);\n`,
    `pre(M, N) :- leader(M, N), notin crash(M, M, _);\npost(M, N) :- leader(M, N), notin crash(N, N, _);\n`,
    `pre(M, N) :- suspect(M, N), notin crash(_, N, ${t});\npost(M, N) :- suspect(M, N), crash(M, N, _);\n`,
  ];
  const start = d.int(0, invariants.length - 1);
  return withInvariant(seed, body, smallBounds(d), shape, [...invariants.slice(start), ...invariants.slice(0, start)]);
}

/**
 * A broadcast (relays, acks, pulls on timeout) or a commit protocol (votes, timeouts) from the
 * completeness oracle's generators: their receivers are interchangeable, which exercises the
 * symmetry reduction.
 */
function protocolProgram(seed: number, rnd: () => number): GeneratedProgram {
  const d = draw(rnd);
  const commit = d.chance(0.4);
  const p = commit ? randomCommitProtocol(seed) : randomProtocol(seed);
  return { seed, text: p.text, bounds: { nodes: commit ? ['c', 'a', 'b'] : [...NODES], eot: 4, eff: 2, crashes: d.chance(0.5) ? 1 : 0 }, shape: [commit ? 'commit protocol' : 'broadcast protocol', p.shape] };
}
