/**
 * Small random broadcast protocols for the completeness oracle, from a seeded PRNG. Each is a
 * variant of the bundled broadcasts (nodes a, b, c; Molly's delivery invariant) assembled from
 * mechanisms that make a good outcome depend on something *not* happening: relay-once
 * (`notin relayed`), acknowledgements that stop re-sending (`notin ack`, or a count of acks), a
 * pull on timeout (`want` appears when a node still lacks the payload), plus random extra `notin`
 * conditions on the sending rules. Negations sit only in `@next`/`@async` rules or read strictly
 * lower relations, so every program is stratifiable.
 */
import { prng } from '../../src/faults/space.js';

export interface RandomProtocol {
  readonly seed: number;
  readonly text: string;
  /** The mechanisms it was built from, for the test name. */
  readonly shape: string;
}

const EDGES = ['node("a", "b")', 'node("a", "c")', 'node("b", "a")', 'node("b", "c")', 'node("c", "a")', 'node("c", "b")'];

export function randomProtocol(seed: number): RandomProtocol {
  const rnd = prng(seed);
  const chance = (p: number): boolean => rnd() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const shape: string[] = [];
  const lines: string[] = [];

  // Topology: the full graph, sometimes minus one channel.
  const dropped = chance(0.25) ? pick(EDGES.slice(2)) : null;
  if (dropped) shape.push(`no ${dropped}`);
  for (const e of EDGES) if (e !== dropped) lines.push(`${e}@1;`);
  lines.push('bcast("a", "hello")@1;');
  if (chance(0.2)) {
    lines.push('bcast("b", "bye")@2;');
    shape.push('second payload');
  }
  lines.push('node(N, M)@next :- node(N, M);', 'log(N, P)@next :- log(N, P);', 'log(N, P) :- bcast(N, P);');

  const ack = chance(0.4);
  const countAcks = ack && chance(0.4);
  const pull = chance(0.4);
  const retry = chance(0.4);
  const send = pick(['once', 'relay', 'relay-once'] as const);
  shape.push(send);

  // Extra conditions for a sending rule, where N is the sender and M the receiver.
  const extras = (hasM: boolean): string => {
    const pool = ['notin crash(N, N, _)', 'notin bcast(N, P)@1', 'notin log(N, P)@2'];
    if (hasM) pool.push('notin log(M, P)', 'notin crash(M, M, _)', 'notin log(M, P)@1');
    if (ack && hasM) pool.push('notin ack(N, M, P)');
    if (pull) pool.push('notin want(N, P)');
    const out: string[] = [];
    for (const c of pool) if (chance(0.15)) out.push(c);
    if (out.length > 0) shape.push(`+${out.length} notin`);
    return out.map((c) => `, ${c}`).join('');
  };

  const stop = ack ? (countAcks ? ', notin acked_all(N, P)' : ', notin ack(N, M, P)') : '';
  if (send === 'once') lines.push(`log(M, P)@async :- bcast(N, P), node(N, M)${stop}${extras(true)};`);
  else if (send === 'relay') lines.push(`log(M, P)@async :- log(N, P), node(N, M)${stop}${extras(true)};`);
  else {
    lines.push('relayed(N, P)@next :- log(N, P);');
    lines.push(`log(M, P)@async :- log(N, P), node(N, M), notin relayed(N, P)${stop}${extras(true)};`);
  }
  if (retry) {
    shape.push('retry');
    lines.push(`bcast(N, P)@next :- bcast(N, P)${extras(false)};`);
  }
  if (ack) {
    shape.push(countAcks ? 'ack-count' : 'ack');
    lines.push('ack(N, M, P)@async :- log(M, P), node(M, N);', 'ack(N, M, P)@next :- ack(N, M, P);');
    if (countAcks) lines.push('acks(N, P, count<M>) :- ack(N, M, P);', 'acked_all(N, P) :- acks(N, P, K), K >= 2;');
  }
  if (pull) {
    shape.push('pull');
    lines.push(
      'want(N, P)@next :- node(N, X), bcast(X, P)@1, notin log(N, P);',
      `req(X, N, P)@async :- want(N, P), node(N, X)${extras(false)};`,
      'log(N, P)@async :- req(X, N, P), log(X, P);',
    );
  }
  // Molly's delivery invariant (specs/lib/deliv_assert.ded).
  lines.push(
    'missing_log(A, Pl) :- log(X, Pl), node(X, A), notin log(A, Pl);',
    'pre(X, Pl) :- log(X, Pl), notin bcast(X, Pl)@1, notin crash(X, X, _);',
    'post(X, Pl) :- log(X, Pl), notin missing_log(_, Pl);',
  );
  return { seed, text: lines.join('\n') + '\n', shape: shape.join(', ') };
}

/**
 * Small random commit protocols (coordinator "c", agents "a" and "b", one transaction), where
 * decisions come from votes and from timeouts (`notin` a vote or a decision by some time), so a
 * fault can make a tuple *appear* — an abort, a presumed commit — and break agreement. Invariant:
 * no node commits while another aborts; and, randomly, at least two nodes decide. The
 * coordinator's own decisions (`c_commit`, `c_abort`) and the ones agents receive (`told`) are
 * separate relations, so a timeout can negate them without a same-time cycle.
 */
export function randomCommitProtocol(seed: number): RandomProtocol {
  const rnd = prng(seed * 7919 + 17);
  const chance = (p: number): boolean => rnd() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const shape: string[] = [];
  const lines: string[] = [
    'agent("c", "a")@1;',
    'agent("c", "b")@1;',
    'begin("c", "tx")@1;',
    'clock("c", 1)@1;',
    'clock("a", 1)@1;',
    'clock("b", 1)@1;',
    'agent(C, A)@next :- agent(C, A);',
    'clock(N, T + 1)@next :- clock(N, T);',
    'begun(C, X) :- begin(C, X);',
    'begun(C, X)@next :- begun(C, X);',
    'commit(N, X) :- c_commit(N, X);',
    'abort(N, X) :- c_abort(N, X);',
    'commit(N, X) :- told(N, X, "commit");',
    'abort(N, X) :- told(N, X, "abort");',
    'heard(N, X) :- told(N, X, _);',
    'commit(N, X)@next :- commit(N, X);',
    'abort(N, X)@next :- abort(N, X);',
    'decided(N, X) :- commit(N, X);',
    'decided(N, X) :- abort(N, X);',
    'done(N, X)@next :- decided(N, X);',
  ];
  // The coordinator never votes, so `reluctant("c")` only keeps the relation defined.
  lines.push(chance(0.3) ? 'reluctant("b")@1;' : 'reluctant("c")@1;');
  if (lines[lines.length - 1]!.includes('"b"')) shape.push('b votes no');
  // Phase 1: prepare once, or until decided.
  if (chance(0.5)) {
    shape.push('prepare until decided');
    lines.push('prepare(A, C, X)@async :- begun(C, X), agent(C, A), notin decided(C, X);');
  } else lines.push('prepare(A, C, X)@async :- begin(C, X), agent(C, A);');
  lines.push(
    'prepared(A, X) :- prepare(A, C, X);',
    'prepared(A, X)@next :- prepared(A, X);',
    'vote(C, A, X, "yes")@async :- prepare(A, C, X), notin reluctant(A);',
    'vote(C, A, X, "no")@async :- prepare(A, C, X), reluctant(A);',
    'yes(C, A, X) :- vote(C, A, X, "yes");',
    'yes(C, A, X)@next :- yes(C, A, X);',
    'no(C, X) :- vote(C, _, X, "no");',
    'no(C, X)@next :- no(C, X);',
  );
  // Coordinator: all yes → commit (by count or by two atoms); a no → abort; a timeout → abort or presumed commit.
  if (chance(0.5)) {
    shape.push('count votes');
    lines.push('yes_count(C, X, count<A>) :- yes(C, A, X);', 'all_yes(C, X) :- yes_count(C, X, 2);');
  } else lines.push('all_yes(C, X) :- yes(C, "a", X), yes(C, "b", X);');
  lines.push('c_commit(C, X) :- all_yes(C, X), notin done(C, X), notin no(C, X);', 'c_abort(C, X) :- no(C, X), notin done(C, X);');
  const coordTimeout = pick([0, 3, 4]);
  if (coordTimeout > 0) {
    const presume = chance(0.3) ? 'commit' : 'abort';
    shape.push(`coordinator ${presume}s at ${coordTimeout}`);
    lines.push(`c_${presume}(C, X) :- clock(C, T), T >= ${coordTimeout}, begun(C, X), notin done(C, X), notin all_yes(C, X), notin no(C, X);`);
  }
  // Phase 2: the decision, once or at every step.
  const once = chance(0.5) ? ', notin done(C, X)' : '';
  shape.push(once ? 'decision once' : 'decision repeated');
  lines.push(`told(A, X, "commit")@async :- commit(C, X), agent(C, A)${once};`, `told(A, X, "abort")@async :- abort(C, X), agent(C, A)${once};`);
  // Agents: a timeout while prepared and undecided.
  const agentTimeout = pick([0, 4, 5]);
  if (agentTimeout > 0) {
    const presume = chance(0.5) ? 'commit' : 'abort';
    shape.push(`agents ${presume} at ${agentTimeout}`);
    lines.push(`${presume}(A, X) :- clock(A, T), T >= ${agentTimeout}, prepared(A, X), notin done(A, X), notin heard(A, X);`);
  }
  if (chance(0.4)) {
    shape.push('agents share decisions');
    lines.push('peer("a", "b")@1;', 'peer("b", "a")@1;', 'peer(A, B)@next :- peer(A, B);');
    lines.push('told(B, X, "commit")@async :- commit(A, X), peer(A, B), notin crash(A, A, _);', 'told(B, X, "abort")@async :- abort(A, X), peer(A, B);');
  }
  lines.push(
    'disagree(X) :- commit(_, X), abort(_, X);',
    'pre("agreement", X) :- decided(_, X);',
    'post("agreement", X) :- decided(_, X), notin disagree(X);',
  );
  if (chance(0.5)) {
    shape.push('termination');
    lines.push('decided_count(X, count<N>) :- decided(N, X);', 'pre("termination", X) :- prepared(_, X);', 'post("termination", X) :- decided_count(X, K), K >= 2;');
  }
  return { seed, text: lines.join('\n') + '\n', shape: shape.join(', ') };
}
