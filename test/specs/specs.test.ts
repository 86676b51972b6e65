/**
 * The bundled protocol specs (specs/*.ded): each loads and checks clean, names the nodes it is
 * meant to run on, satisfies its invariant without faults, breaks under a hand-picked fault set
 * that should break it (with exactly the `pre` tuples that lose their `post`), and survives
 * hand-picked nasty fault sets within the bounds where it is expected to be certified.
 * The verdicts of the search itself are checked by the suite (specs/README.md lists them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../src/check/check.js';
import { compileProgram, type CompiledProgram } from '../../src/sim/compile.js';
import { defaultNodes, factNodes } from '../../src/sim/nodes.js';
import { parseFaults } from '../../src/faults/text.js';
import { simulate } from '../../src/sim/simulate.js';
import type { RunResult } from '../../src/sim/types.js';
import { formatTuple } from '../../src/terms/values.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';
import { loadProgram } from '../../src/syntax/load.js';

const SPECS = join(import.meta.dirname, '..', '..', 'specs');

interface Break {
  readonly faults: string;
  /** When the violation needs a longer run than the spec's `eot`. */
  readonly eot?: number;
  /** The `pre` tuples left without `post` at EOT, sorted. */
  readonly missing: readonly (readonly (string | number)[])[];
}

interface Survive {
  readonly faults: string;
  readonly eot?: number;
  /** Tuples (as printed) that must hold at EOT: evidence that the run did what the comment says. */
  readonly atEot?: readonly string[];
}

interface SpecCase {
  readonly file: string;
  readonly nodes: readonly string[];
  readonly eot: number;
  /** The `pre` tuples (as printed) at EOT of the fault-free run, when the invariant is meant to say something there. */
  readonly pre?: readonly string[];
  readonly breaks: readonly Break[];
  readonly survives: readonly Survive[];
}

/** Omissions past EFF, for the specs that are certified whatever the crashes: c has the payload, b never gets it. */
const LATE_LOSS = 'omit(a,b,1) crash(a,2) omit(c,b,2) omit(c,b,3) omit(c,b,4) omit(c,b,5)';
const NASTY_BCAST = 'omit(a,b,1) omit(a,b,2) omit(a,c,1) omit(c,b,2) crash(a,3)';

/** Raft: a follower left with a hole in its log; only the log-matching check repairs it. */
const NO_MATCHING = 'omit(a,c,5) omit(a,c,6) omit(a,b,6) crash(a,7) omit(b,c,18) omit(b,c,19) omit(b,c,20) omit(b,c,21)';

const CASES: readonly SpecCase[] = [
  {
    file: 'simple-broadcast.ded',
    nodes: ['a', 'b', 'c'],
    eot: 6,
    breaks: [{ faults: 'omit(a,b,1)', missing: [['c', 'hello']] }],
    survives: [{ faults: 'omit(a,b,1) omit(a,c,1)' }],
  },
  {
    file: 'retry-broadcast.ded',
    nodes: ['a', 'b', 'c'],
    eot: 6,
    breaks: [{ faults: 'omit(a,b,1) crash(a,2)', missing: [['c', 'hello']] }],
    survives: [{ faults: 'omit(a,b,1) omit(a,b,2) omit(a,c,1) omit(a,c,2)', atEot: ['log("b", "hello")', 'log("c", "hello")'] }],
  },
  {
    file: 'relay-broadcast.ded',
    nodes: ['a', 'b', 'c'],
    eot: 6,
    breaks: [{ faults: LATE_LOSS, missing: [['c', 'hello']] }],
    survives: [{ faults: NASTY_BCAST, atEot: ['log("b", "hello")'] }, { faults: 'omit(a,b,1) crash(a,2) omit(c,b,2)' }],
  },
  {
    file: 'classic-broadcast.ded',
    nodes: ['a', 'b', 'c'],
    eot: 6,
    breaks: [{ faults: 'omit(a,b,1) omit(c,b,2)', missing: [['c', 'hello']] }],
    survives: [{ faults: 'crash(a,2) crash(b,2)', atEot: ['log("b", "hello")', 'log("c", "hello")'] }, { faults: 'crash(a,1)' }],
  },
  {
    file: 'ack-broadcast.ded',
    nodes: ['a', 'b', 'c'],
    eot: 6,
    breaks: [{ faults: LATE_LOSS, missing: [['c', 'hello']] }],
    survives: [{ faults: NASTY_BCAST, atEot: ['log("b", "hello")'] }],
  },
  {
    file: '2pc.ded',
    nodes: ['C', 'a', 'b', 'd'],
    eot: 7,
    breaks: [
      { faults: 'crash(C,2)', missing: [['termination', 'tx']] },
      { faults: 'crash(a,1)', missing: [['termination', 'tx']] },
    ],
    survives: [{ faults: 'omit(C,a,1) omit(C,a,2) omit(a,C,2) omit(C,b,1)', atEot: ['commit("a", "tx")'] }],
  },
  {
    file: '2pc-timeout.ded',
    nodes: ['C', 'a', 'b', 'd'],
    eot: 6,
    breaks: [{ faults: 'crash(C,2)', missing: [['termination', 'tx']] }],
    // Where plain 2PC blocks, the timeout aborts.
    survives: [{ faults: 'crash(a,1)', atEot: ['abort("b", "tx")', 'abort("d", "tx")'] }],
  },
  {
    file: '2pc-timeout-optimist.ded',
    nodes: ['C', 'a', 'b', 'd'],
    eot: 6,
    // Outside EFF = 0: the abort is lost on its way to b and d.
    breaks: [{ faults: 'crash(a,1) omit(C,b,4) omit(C,d,4)', missing: [['termination', 'tx']] }],
    survives: [{ faults: 'crash(C,2)' }, { faults: 'crash(a,1) crash(b,2)', atEot: ['abort("d", "tx")'] }],
  },
  {
    file: '2pc-ctp.ded',
    nodes: ['C', 'a', 'b', 'd'],
    eot: 8,
    breaks: [{ faults: 'crash(C,2)', missing: [['termination', 'tx']] }],
    // The decision reaches d only; a and b time out and learn it from d.
    survives: [{ faults: 'omit(C,a,3) omit(C,b,3)', atEot: ['commit("a", "tx")', 'commit("b", "tx")'] }],
  },
  {
    file: '3pc.ded',
    nodes: ['C', 'a', 'b', 'd'],
    eot: 8,
    breaks: [{ faults: 'omit(C,a,3)', missing: [['agreement', 'tx']] }],
    survives: [
      { faults: 'crash(C,2)', atEot: ['abort("a", "tx")', 'abort("d", "tx")'] },
      { faults: 'crash(C,4) crash(a,4)', atEot: ['commit("b", "tx")', 'commit("d", "tx")'] },
      { faults: 'crash(C,4) crash(a,2)', atEot: ['abort("b", "tx")', 'abort("d", "tx")'] },
      { faults: 'crash(a,3) crash(b,3)', atEot: ['commit("d", "tx")'] },
    ],
  },
  {
    file: 'kafka.ded',
    nodes: ['C', 'Z', 'a', 'b', 'c'],
    eot: 7,
    breaks: [{ faults: 'omit(b,Z,1) omit(c,Z,1) crash(a,4)', missing: [['C', 'w']] }],
    survives: [
      { faults: 'omit(b,Z,1) omit(c,Z,1)', atEot: ['acked("C", "w")'] },
      { faults: 'omit(b,Z,1) crash(a,6)', atEot: ['acked("C", "w")', 'log("c", "w")'] },
    ],
  },
  {
    file: 'paxos.ded',
    nodes: ['a', 'b', 'c'],
    eot: 7,
    breaks: [],
    survives: [
      // "x" is chosen at ballot 1 before b starts; b's promises report it and b adopts it.
      { faults: '', atEot: ['chosen("x")', 'accepted("a", 2, "x")'] },
      // Only a accepts "x", and a's promise (which would report it) never reaches b: b's own
      // value wins at ballot 2, and "x" is never chosen.
      { faults: 'omit(a,b,3) omit(a,c,3) omit(a,b,5)', atEot: ['chosen("y")', 'accepted("a", 1, "x")'] },
      // a and b accept "x"; a crashes, but b's own promise reports "x".
      { faults: 'omit(a,c,3) crash(a,4)', atEot: ['chosen("x")', 'accepted("c", 2, "x")'] },
    ],
  },
  {
    file: 'primary-backup.ded',
    nodes: ['C', 'a', 'b', 'c'],
    eot: 6,
    breaks: [],
    survives: [{ faults: 'omit(a,b,2) crash(a,3)' }, { faults: 'omit(a,b,1) omit(b,a,2) crash(c,2)' }],
  },
  {
    file: 'primary-backup-async.ded',
    nodes: ['C', 'a', 'b', 'c'],
    eot: 6,
    breaks: [{ faults: 'omit(a,b,2) crash(a,3)', missing: [['b', 'w']] }],
    survives: [{ faults: 'omit(C,a,1) omit(a,b,2) omit(b,a,2)', atEot: ['log("b", "w")'] }],
  },
  {
    file: 'heartbeat.ded',
    nodes: ['a', 'b', 'c'],
    eot: 6,
    breaks: [{ faults: 'omit(b,a,1)', missing: [['accuracy', 'a', 'b']] }],
    survives: [{ faults: 'crash(a,2) crash(c,3)', atEot: ['suspects("b", "a")', 'suspects("b", "c")'] }],
  },
  {
    file: 'raft-election.ded',
    nodes: ['a', 'b', 'c'],
    eot: 12,
    pre: ['pre("election_safety", 1)'],
    breaks: [],
    survives: [
      // b never hears a's request and stands for term 1 too; c already voted for a, so b loses.
      { faults: 'omit(a,b,2)', atEot: ['leader("a", 1)', 'voted("b", 1)'] },
      // The leader's heartbeats stop; b times out first and wins term 2.
      { faults: 'crash(a,5)', atEot: ['leader("a", 1)', 'leader("b", 2)'] },
    ],
  },
  {
    file: 'raft-election-double-vote.ded',
    nodes: ['a', 'b', 'c'],
    eot: 12,
    pre: ['pre("election_safety", 1)'],
    // b stands for term 1 after a; c votes for both.
    breaks: [{ faults: 'omit(a,b,2)', missing: [['election_safety', 1]] }],
    survives: [{ faults: 'crash(a,5)', atEot: ['leader("b", 2)'] }],
  },
  {
    file: 'raft-log.ded',
    nodes: ['a', 'b', 'c'],
    eot: 14,
    pre: ['pre("majority", "a", 1, 1, "x")', 'pre("majority", "a", 1, 2, "y")'],
    breaks: [],
    survives: [
      // x reached b and c before a crashed; b, elected in term 2, has it and commits it with y.
      { faults: 'crash(a,6)', atEot: ['leader_log("b", 2, 1, 1, "x")', 'commit_record("b", 2, 1, 1, "x")', 'log("c", 2, 2, "y")'] },
      // a committed x before its crash; b, the next leader, has it.
      { faults: 'crash(a,8)', atEot: ['commit_record("a", 1, 1, 1, "x")', 'leader_log("b", 2, 1, 1, "x")'] },
      // The run that breaks raft-log-no-matching: c rejects b's request for want of x, b backs up
      // and c gets x; c, elected in term 4, has it.
      { faults: NO_MATCHING, eot: 26, atEot: ['log("c", 1, 1, "x")', 'leader_log("c", 4, 1, 1, "x")'] },
    ],
  },
  {
    file: 'raft-log-commit-on-append.ded',
    nodes: ['a', 'b', 'c'],
    eot: 14,
    pre: ['pre("majority", "a", 1, 1, "x")', 'pre("majority", "a", 1, 2, "y")'],
    // a commits x at the step it appends it and crashes before sending it; b, elected in term 2, never saw it.
    breaks: [{ faults: 'crash(a,5)', missing: [['leader_completeness', 'b', 2, 1, 'x'], ['majority', 'a', 1, 1, 'x']] }],
    survives: [{ faults: 'crash(a,8)', atEot: ['leader_log("b", 2, 1, 1, "x")'] }],
  },
  {
    file: 'raft-log-no-matching.ded',
    nodes: ['a', 'b', 'c'],
    eot: 14,
    pre: ['pre("majority", "a", 1, 1, "x")', 'pre("majority", "a", 1, 2, "y")'],
    // c never gets x or y from a; b, leader of term 3, sends c only y (after x) and c takes it with
    // a hole at index 1; b commits both. b's heartbeats to c are then lost, c (whose last entry is as
    // recent as b's) wins term 4 without the committed x.
    breaks: [{ faults: NO_MATCHING, eot: 26, missing: [['leader_completeness', 'c', 4, 1, 'x']] }],
    survives: [{ faults: 'crash(a,6)', atEot: ['commit_record("b", 2, 1, 1, "x")'] }],
  },
  {
    file: 'chain.ded',
    nodes: ['C', 'h', 'm', 't'],
    eot: 10,
    pre: ['pre("h", "w")', 'pre("m", "w")', 'pre("t", "w")'],
    breaks: [],
    survives: [
      { faults: 'omit(h,m,2) omit(t,C,4)', atEot: ['replied("C", "w")'] },
      // Without repair a crashed middle blocks the write for good: no reply, nothing to check.
      { faults: 'crash(m,2)', atEot: ['log("m", "w")'] },
    ],
  },
  {
    file: 'chain-repair.ded',
    nodes: ['C', 'M', 'h', 'm', 't'],
    eot: 10,
    pre: ['pre("h", "w")', 'pre("m", "w")', 'pre("t", "w")'],
    // m's first heartbeat is lost: M drops m, which is alive, and h's forward to m is lost too.
    breaks: [{ faults: 'omit(m,M,1) omit(h,m,2)', missing: [['m', 'w']] }],
    survives: [
      { faults: 'crash(m,2)', atEot: ['succ("h", "t")', 'replied("C", "w")'] },
      { faults: 'crash(h,2)', atEot: ['head("C", "m")', 'replied("C", "w")'] },
      { faults: 'crash(t,3)', atEot: ['succ("m", "none")', 'replied("C", "w")'] },
    ],
  },
  {
    file: 'bully.ded',
    nodes: ['a', 'b', 'c'],
    eot: 10,
    pre: ['pre("agreement", "a", "c")', 'pre("agreement", "b", "c")', 'pre("agreement", "c", "c")'],
    // At startup a's elections and c's coordinator message to a are lost, and so is b's election
    // to c (which would make c declare itself again): a hears no answer and declares itself.
    breaks: [
      {
        faults: 'omit(a,b,1) omit(a,c,1) omit(b,c,1) omit(c,a,1)',
        missing: [['agreement', 'a', 'a'], ['agreement', 'b', 'c'], ['agreement', 'c', 'c']],
      },
    ],
    survives: [
      { faults: 'crash(c,4)', atEot: ['leader("a", "b")', 'leader("b", "b")'] },
      { faults: 'omit(c,a,3)', atEot: ['leader("a", "c")'] },
    ],
  },
  {
    file: 'flux.ded',
    nodes: ['K', 'S', 'p', 's'],
    eot: 10,
    pre: ['pre("exactly_once", 1)', 'pre("exactly_once", 2)', 'pre("exactly_once", 3)'],
    breaks: [],
    survives: [
      { faults: 'crash(p,3)', atEot: ['active("s")', 'result("K", 3, 7)'] },
      // A lost heartbeat: both replicas are active and both send every result; the consumer keeps one of each.
      { faults: 'omit(p,s,1) omit(S,p,2)', atEot: ['active("p")', 'active("s")', 'result("K", 3, 7)'] },
    ],
  },
];

function compile(file: string): { compiled: CompiledProgram; problems: string } {
  const loaded = loadProgram([join(SPECS, file)]);
  const checked = checkProgram(loaded.program);
  const diagnostics = [...loaded.diagnostics, ...checked.diagnostics];
  return { compiled: compileProgram(checked.program, checked.strata), problems: renderDiagnostics(diagnostics, loaded.sources) };
}

function run(compiled: CompiledProgram, nodes: readonly string[], eot: number, faults: string): RunResult {
  const parsed = parseFaults(faults, nodes, eot);
  expect(parsed.diagnostics).toEqual([]);
  return simulate(compiled, { nodes, eot, faults: parsed.faults });
}

function atEot(r: RunResult, printed: string): boolean {
  const rel = printed.slice(0, printed.indexOf('('));
  return (r.tables[r.eot - 1]?.get(rel) ?? []).some((t) => formatTuple(rel, t) === printed);
}

/** Load a spec (`entry`) with the text of `file` (itself or a file it includes) rewritten in memory: a broken variant the invariant must catch. */
function compileMutant(file: string, from: string, to: string, entry = file): CompiledProgram {
  const path = join(SPECS, file);
  const loaded = loadProgram([join(SPECS, entry)], (p) => {
    const text = readFileSync(p, 'utf8');
    return p === path ? text.replace(from, to) : text;
  });
  expect(readFileSync(path, 'utf8')).toContain(from);
  const checked = checkProgram(loaded.program);
  return compileProgram(checked.program, checked.strata);
}

describe('bundled specs', () => {
  it('every spec in specs/ has a case here and an entry in specs/README.md', () => {
    const files = readdirSync(SPECS).filter((f) => f.endsWith('.ded')).sort();
    expect(CASES.map((c) => c.file).sort()).toEqual(files);
    const readme = readFileSync(join(SPECS, 'README.md'), 'utf8');
    for (const f of files) expect(readme, f).toContain(f);
  });

  it('paxos: a proposer that ignores the acceptances reported in promises gets two values chosen', () => {
    const compiled = compileMutant(
      'paxos.ded',
      'pick(P, B, V) :- highest(P, B, AB), promised(P, _, B, AB, V), AB > 0;',
      'pick(P, B, V) :- highest(P, B, _), mine(P, B, V);',
    );
    const r = run(compiled, ['a', 'b', 'c'], 7, '');
    expect(r.invariant.missing).toEqual([['agreement', 'x'], ['agreement', 'y']]);
  });

  it('chain: a head that replies as soon as it logs leaves an acked write off the other replicas', () => {
    const compiled = compileMutant(
      'lib/chain.ded',
      'reply(C, R, W)@async :- log(R, W), succ(R, "none"), client(R, C);',
      'reply(C, R, W)@async :- log(R, W), pred(R, "none"), client(R, C);',
      'chain.ded',
    );
    const r = run(compiled, ['C', 'h', 'm', 't'], 10, 'omit(h,m,2) crash(h,3)');
    expect(r.invariant.missing).toEqual([['m', 'w'], ['t', 'w']]);
  });

  it('flux: a replica that processes every copy it receives, with no in-order buffer, breaks exactly-once without faults', () => {
    const compiled = compileMutant('flux.ded', 'process(R, I, X) :- next_input(R, I), inbuf(R, I, X);', 'process(R, I, X) :- feed(R, _, I, X);');
    const r = run(compiled, ['K', 'S', 'p', 's'], 10, '');
    expect(r.invariant.holds).toBe(false);
    expect(r.invariant.missing.length).toBeGreaterThan(0);
  });

  describe.each(CASES)('$file', (c) => {
    const { compiled, problems } = compile(c.file);

    it('loads and checks with no diagnostic, and starts with a comment saying what it models', () => {
      expect(problems).toBe('');
      expect(readFileSync(join(SPECS, c.file), 'utf8').startsWith('// ')).toBe(true);
    });

    it('runs on the intended nodes, every one named in a fact', () => {
      expect([...defaultNodes(compiled, c.eot)].sort()).toEqual([...c.nodes].sort());
      expect([...factNodes(compiled.program)].sort()).toEqual([...c.nodes].sort());
    });

    it('satisfies its invariant without faults', () => {
      const r = run(compiled, c.nodes, c.eot, '');
      expect(r.invariant.checked).toBe(true);
      expect(r.invariant.missing).toEqual([]);
      expect(r.invariant.holds).toBe(true);
    });

    if (c.pre) it('has a non-empty pre without faults: the invariant is not vacuous', () => {
      const r = run(compiled, c.nodes, c.eot, '');
      const pre = (r.tables[r.eot - 1]?.get('pre') ?? []).map((t) => formatTuple('pre', t));
      expect(pre.length).toBeGreaterThan(0);
      expect(pre).toEqual(c.pre);
    });

    if (c.breaks.length > 0) it.each(c.breaks)('breaks under $faults', (b) => {
      const r = run(compiled, c.nodes, b.eot ?? c.eot, b.faults);
      expect(r.invariant.holds).toBe(false);
      expect(r.invariant.missing).toEqual(b.missing);
    });

    if (c.survives.length > 0) it.each(c.survives)('survives $faults', (s) => {
      const r = run(compiled, c.nodes, s.eot ?? c.eot, s.faults);
      expect(r.invariant.missing).toEqual([]);
      expect(r.invariant.holds).toBe(true);
      for (const t of s.atEot ?? []) expect(atEot(r, t), t).toBe(true);
    });
  });
});
