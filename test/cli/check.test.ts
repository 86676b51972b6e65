/**
 * `ldfi check` through runCli with a captured io: the verdict texts and exit codes (0 certified,
 * 1 counterexample, 2 bad input, 3 incomplete), a counterexample that `ldfi run --faults` replays,
 * `--json` on stdout or to a file, bad input with a clear message and an empty stdout, and
 * byte-for-byte determinism apart from timings.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { captureCli, type CliOutcome } from './helpers.js';
import { describeFaultSpace, faultSpaceOf } from '../../src/faults/space.js';
import { formatCheck } from '../../src/cli/format-check.js';
import { loadSpec } from '../../src/pipeline.js';
import { checkFaultTolerance } from '../../src/search/check.js';

const SPECS = join(import.meta.dirname, '..', '..', 'specs');
const SIMPLE = join(SPECS, 'simple-broadcast.ded');
const RETRY = join(SPECS, 'retry-broadcast.ded');
const RELAY = join(SPECS, 'relay-broadcast.ded');

const dir = mkdtempSync(join(tmpdir(), 'ldfi-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]): Promise<CliOutcome> => captureCli(args, 'ldfi');

const check = (...args: string[]): Promise<CliOutcome> => cli('check', ...args);

/** Splits a printed shell command into arguments as sh does for single-quoted and bare words. */
function shellWords(command: string): string[] {
  return [...command.matchAll(/(?:'[^']*'|[^\s'])+/g)].map((m) => m[0].replace(/'([^']*)'/g, '$1'));
}

/** The value after `label:` on its own line of the text verdict. */
function field(text: string, label: string): string {
  const line = text.split('\n').find((l) => l.trimStart().startsWith(`${label}:`));
  expect(line, `a "${label}:" line in\n${text}`).toBeDefined();
  return line!.trimStart().slice(label.length + 1).trim();
}

/** A `check --json` document with the timings blanked. */
function withoutTimings(json: string): unknown {
  const doc = JSON.parse(json) as Record<string, unknown>;
  expect(typeof doc.elapsedMs).toBe('number');
  expect(typeof doc.solverMs).toBe('number');
  expect(Object.keys(doc.phases as object).sort()).toEqual(['encodeMs', 'lineageMs', 'simulateMs', 'solveMs']);
  return { ...doc, elapsedMs: 0, solverMs: 0, phases: null };
}

describe('ldfi check: counterexample', () => {
  it('warns when messages go to a number, which can be no node: they are never lost', async () => {
    const file = join(dir, 'numbered.ded');
    writeFileSync(
      file,
      `node("a", 2)@1; node(N, M)@next :- node(N, M); bcast("a", "x")@1;
       log(M, P)@async :- bcast(N, P), node(N, M);
       pre(M, P) :- node(_, M), bcast("a", P)@1;
       post(M, P) :- log(M, P); post(M, P)@next :- post(M, P);\n`,
    );
    const r = await check(file, '--eot', '4', '--eff', '3', '--quiet');
    expect(r.err).toBe('ldfi: warning: 2 sends or receives messages but cannot be a node (a number in a location column names no node): those messages are never lost and 2 never crashes; name the nodes with strings\n');
    expect(r.out).toMatch(/^certified: .*nodes a,/);
    const sweep = await cli('sweep', file, '--crashes', '0', '--max-eot', '4', '--quiet');
    expect(sweep.err).toContain('ldfi: warning: 2 sends or receives messages but cannot be a node');
    // Named with a string, the same node is one: its lost message breaks the spec, and nothing is said.
    writeFileSync(file, readFileSync(file, 'utf8').replace('node("a", 2)', 'node("a", "n2")'));
    const named = await check(file, '--eot', '4', '--eff', '3', '--quiet');
    expect(named.err).toBe('');
    expect(named.out).toMatch(/^counterexample in run 2 \(within EOT=4, EFF=3, crashes=0, nodes a,n2\)/);
  });

  it('warns when --nodes leaves out a node that sends or receives: its messages are never lost', async () => {
    const spec = join(SPECS, 'simple-broadcast.ded');
    const r = await check(spec, '--nodes', 'a,b', '--quiet');
    expect(r.err).toBe('ldfi: warning: c sends or receives messages but is not in --nodes: those messages are never lost and c never crashes; add it to --nodes to test it\n');
    const sweep = await cli('sweep', spec, '--nodes', 'a', '--crashes', '0', '--max-eot', '4', '--quiet');
    expect(sweep.err).toContain('ldfi: warning: b, c send or receive messages but are not in --nodes');
    // Every node the program messages given: nothing is said.
    expect((await check(spec, '--nodes', 'a,b,c', '--quiet')).err).toBe('');
  });

  it('counts a node that only a faulty run messages among the default nodes, and breaks the spec through it', async () => {
    // c is asked only when b's message from a was lost: the fault-free run never names it.
    const file = join(dir, 'fallback.ded');
    writeFileSync(
      file,
      `go("a")@1; clock("b", 1)@1;
       clock(N, T + 1)@next :- clock(N, T);
       m("b")@async :- go("a");
       got(N) :- m(N);
       got(N)@next :- got(N);
       help("c", N)@async :- clock(N, 2), notin got(N);
       reply(N)@async :- help("c", N);
       got(N) :- reply(N);
       pre(N) :- clock(N, _);
       post(N) :- got(N);\n`,
    );
    for (const strategy of ['ldfi', 'exhaustive']) {
      const r = await check(file, '--eot', '5', '--eff', '3', '--crashes', '0', '--strategy', strategy, '--quiet');
      expect(r.out).toMatch(/^counterexample in run \d+ \(within EOT=5, EFF=3, crashes=0, nodes a,b,c\)\n/);
      expect(field(r.out, 'faults')).toBe('omit(a,b,1) omit(b,c,2)');
      expect(r.code).toBe(1);
    }
  });

  it('prints the fault set, the pre tuples left without post, the run, the executions; exit 1', async () => {
    const r = await check(RETRY, '--eot', '6', '--eff', '3', '--crashes', '1', '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^counterexample in run \d+ \(within EOT=6, EFF=3, crashes=1, nodes a,b,c\)\n/);
    // b and c are symmetric: one of them lost the only copy before the sender crashed.
    const faults = field(r.out, 'faults');
    expect(faults).toMatch(/^omit\(a,[bc],1\) crash\(a,2\)$/);
    const other = faults.startsWith('omit(a,b') ? 'c' : 'b';
    expect(r.out).toContain(`  pre tuples without post:\n    pre("${other}", "hello")\n`);
    expect(field(r.out, 'executions').split(',')[0]).toMatch(/^\d+$/);
  });

  it('prints a replay command that `ldfi run` accepts and that shows the invariant violated', async () => {
    const r = await check(SIMPLE, '--quiet');
    expect(r.code).toBe(1);
    const faults = field(r.out, 'faults');
    const words = shellWords(field(r.out, 'replay'));
    expect(words.slice(0, 2)).toEqual(['ldfi', 'run']);
    expect(words).toContain(SIMPLE);
    expect(words[words.indexOf('--faults') + 1]).toBe(faults);
    const replayed = await cli(...words.slice(1), '--json');
    expect(replayed.code).toBe(0);
    expect(replayed.err).toBe('');
    const run = JSON.parse(replayed.out) as { invariant: { holds: boolean; missing: unknown[] } };
    expect(run.invariant.holds).toBe(false);
    // b and c are symmetric: the one whose only message was lost is the one left without post.
    expect(faults).toMatch(/^omit\(a,[bc],1\)$/);
    const other = faults.startsWith('omit(a,b') ? 'c' : 'b';
    expect(run.invariant.missing).toEqual([[other, 'hello']]);
    expect(r.out).toContain(`  pre tuples without post:\n    pre("${other}", "hello")\n`);
    // And the text of `ldfi run` says so too.
    const text = await cli('run', SIMPLE, '--eot', '6', '--faults', faults);
    expect(text.out).toContain(`invariant VIOLATED at EOT=6: 1 pre tuple without post\n  pre("${other}", "hello")`);
  });

  it('--all keeps searching and lists every counterexample found', async () => {
    const r = await check(SIMPLE, '--all', '--quiet');
    expect(r.code).toBe(1);
    const count = Number(/^(\d+) counterexamples$/m.exec(r.out)?.[1]);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(r.out.match(/^counterexample in run \d+/gm)).toHaveLength(count);
  });

  it('the fault-free run already violating is a counterexample with no faults', async () => {
    const spec = join(dir, 'broken.ded');
    writeFileSync(spec, 'want("a", 1)@1;\nwant(N, X)@next :- want(N, X);\npre(N, X) :- want(N, X);\npost(N, X) :- want(N, X), X > 1;\n');
    const r = await check(spec, '--eot', '3', '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toContain('counterexample in run 1');
    expect(r.out).toContain('faults: (none: the fault-free run already violates the invariant)');
  });
});

describe('ldfi check: certified', () => {
  it('prints "no counterexample within …", the executions, the fault space; exit 0', async () => {
    const r = await check(RETRY, '--eot', '6', '--eff', '3', '--crashes', '0', '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out.split('\n')[0]).toBe('certified: no counterexample within EOT=6, EFF=3, crashes=0 (nodes a,b,c, strategy ldfi)');
    expect(r.out).toMatch(/executions: \d+, hypotheses tested: \d+, fault space: .+, elapsed: \d+\.\d\d s\n$/);
    // Omissions at t = 1, 2 on 6 channels: 2^12 sets exactly; Molly's formula counts 2^18.
    expect(describeFaultSpace(faultSpaceOf({ nodes: ['a', 'b', 'c'], eot: 6, eff: 3, crashes: 0 }))).toBe("4,096 fault sets (Molly's estimate 2.62e5)");
    expect(r.out).toContain("fault space: 4,096 fault sets (Molly's estimate 2.62e5)");
  });

  it('EFF defaults to min(3, EOT) and crashes to 0', async () => {
    const r = await check(RETRY, '--eot', '2', '--quiet');
    expect(r.out).toContain('within EOT=2, EFF=2, crashes=0');
  });

  it('the exhaustive strategy certifies a small space and says how many runs it took', async () => {
    const r = await check(RETRY, '--eot', '4', '--eff', '2', '--strategy', 'exhaustive', '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toContain('strategy exhaustive');
    expect(r.out).toContain('executions: 64,');
  });
});

describe('ldfi check --json', () => {
  it('has verdict, executions, faults and runs, consistent with the text', async () => {
    const r = await check(RETRY, '--crashes', '1', '--json', '--quiet');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as {
      verdict: string;
      executions: number;
      faults: string;
      runs: { index: number; faults: string; status: string; target: string | null }[];
    };
    expect(doc.verdict).toBe('counterexample');
    expect(doc.faults).toMatch(/^omit\(a,[bc],1\) crash\(a,2\)$/);
    expect(doc.runs).toHaveLength(doc.executions);
    expect(doc.runs[0]).toMatchObject({ index: 1, faults: '', status: 'ok', target: null });
    expect(doc.runs.at(-1)).toMatchObject({ faults: doc.faults, status: 'counterexample' });
    for (const run of doc.runs.slice(1)) expect(run.target).toMatch(/^(post\(|a new pre tuple)/);
    const text = await check(RETRY, '--crashes', '1', '--quiet');
    expect(field(text.out, 'faults')).toBe(doc.faults);
  });

  it('a certified search has verdict "certified" and no faults', async () => {
    const r = await check(RELAY, '--crashes', '1', '--json', '--quiet');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { verdict: string; faults: unknown; executions: number; runs: { status: string }[] };
    expect(doc.verdict).toBe('certified');
    expect(doc.faults).toBeNull();
    expect(doc.runs.every((run) => run.status === 'ok')).toBe(true);
    expect(doc.runs).toHaveLength(doc.executions);
  });

  it('--json-file FILE writes the document to FILE and the text verdict to stdout', async () => {
    const file = join(dir, 'result.json');
    const r = await check(SIMPLE, '--json-file', file, '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^counterexample in run/);
    const written = readFileSync(file, 'utf8');
    const onStdout = await check(SIMPLE, '--json', '--quiet');
    expect(withoutTimings(written)).toEqual(withoutTimings(onStdout.out));
  });
});

describe('ldfi check: --max-runs', () => {
  it('stops with verdict incomplete, exit 3, never as certified', async () => {
    const r = await check(RETRY, '--crashes', '1', '--max-runs', '1', '--quiet');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^incomplete: /);
    expect(r.out).not.toContain('certified');
    const json = await check(RETRY, '--crashes', '1', '--max-runs', '1', '--json', '--quiet');
    expect(json.code).toBe(3);
    expect(JSON.parse(json.out)).toMatchObject({ verdict: 'incomplete', executions: 1, faults: null });
  });

  it('the random strategy never certifies: it ends incomplete', async () => {
    const r = await check(RETRY, '--crashes', '0', '--strategy', 'random', '--max-runs', '20', '--quiet');
    expect(r.code).toBe(3);
    expect(r.out).toContain('random search never certifies');
    const json = await check(RETRY, '--crashes', '0', '--strategy', 'random', '--max-runs', '20', '--quiet', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ executions: 20, incompleteReason: 'max-runs' });
  });

  it('random that drew every fault set says so, not --max-runs, and still does not certify', async () => {
    const args = [RETRY, '--eot', '4', '--eff', '2', '--nodes', 'a,b', '--strategy', 'random', '--max-runs', '50000', '--quiet'];
    const r = await check(...args);
    expect(r.code).toBe(3);
    const sets = faultSpaceOf({ nodes: ['a', 'b'], eot: 4, eff: 2, crashes: 0 }).faultSets;
    expect(r.out.split('\n')[0]).toBe(
      `incomplete: no counterexample in ${sets} executions, which drew every one of the ${sets} fault sets within EOT=4, EFF=2, crashes=0 (random search stopped when its draws only repeated, before --max-runs; it never certifies)`,
    );
    const json = JSON.parse((await check(...args, '--json')).out) as Record<string, unknown>;
    expect(json).toMatchObject({ verdict: 'incomplete', executions: Number(sets), incompleteReason: 'repeated-draws' });
  });

  it('random whose draws kept repeating before it drew every set says how many it ran', async () => {
    const spec = loadSpec([RETRY]);
    if (!spec.ok) throw new Error('retry-broadcast.ded does not load');
    const result = checkFaultTolerance(spec.compiled, { bounds: { nodes: ['a', 'b'], eot: 4, eff: 2, crashes: 0 }, strategy: 'random', maxRuns: 50_000 });
    expect(result.incompleteReason).toBe('repeated-draws');
    // As if one set had never come up: the same stop, short of the whole space.
    const short = { ...result, executions: result.executions - 1 };
    expect(formatCheck([RETRY], short).split('\n')[0]).toBe(
      `incomplete: no counterexample in ${short.executions} executions, but the search stopped before covering EOT=4, EFF=2, crashes=0 (its draws kept repeating the ${short.executions} of the ${result.executions} fault sets it had run, before --max-runs; random search never certifies)`,
    );
  });
});

describe('ldfi check: bad input (exit 2, a message, nothing on stdout)', () => {
  const noInvariant = join(dir, 'no-invariant.ded');
  writeFileSync(noInvariant, 'node("a", "b")@1;\nnode(N, M)@next :- node(N, M);\n');

  it.each([
    ['EFF > EOT', [RETRY, '--eot', '4', '--eff', '5'], /--eff \(5\) cannot exceed --eot \(4\)/],
    ['crashes > nodes', [RETRY, '--crashes', '4'], /--crashes \(4\) exceeds the number of nodes \(3\)/],
    ['--eot -1', [RETRY, '--eot', '-1'], /--eot expects a whole number, got '-1'/],
    ['--eot abc', [RETRY, '--eot', 'abc'], /--eot expects a whole number, got 'abc'/],
    ['--eot 0', [RETRY, '--eot', '0'], /--eot must be at least 1/],
    ['--crashes 1.5', [RETRY, '--crashes', '1.5'], /--crashes expects a whole number/],
    ['a spec without pre/post', [noInvariant], /defines neither `pre` nor `post`: the invariant needs both/],
    ['--nodes naming a node that never appears', [RETRY, '--nodes', 'a,b,z'], /^ldfi: error: --nodes: "z" never appears in the program \(its nodes are a, b, c\)\n$/],
    ['--strategy exhaustive on a huge space', [RETRY, '--eot', '9', '--eff', '7', '--crashes', '1', '--strategy', 'exhaustive'], /more than the exhaustive strategy's limit/],
    ['an unknown strategy', [RETRY, '--strategy', 'smart'], /smart/],
    ['an unknown option', [RETRY, '--bogus'], /unknown option '--bogus'/],
    ['a missing file', [join(dir, 'missing.ded')], /cannot read file/],
    ['--eot over the maximum', [RETRY, '--eot', '99999999999'], /--eot must be at most 100,000, got 99999999999/],
    ['--symmetry with random', [RETRY, '--strategy', 'random', '--symmetry'], /^ldfi: error: --symmetry narrows the ldfi search; --strategy random would ignore it\n$/],
    ['--batch with exhaustive', [RETRY, '--strategy', 'exhaustive', '--batch', '3'], /^ldfi: error: --batch 3 sets the rounds of the ldfi search; --strategy exhaustive would ignore it\n$/],
    ['--batch 1 with random, given', [RETRY, '--strategy', 'random', '--batch', '1'], /^ldfi: error: --batch 1 sets the rounds of the ldfi search; --strategy random would ignore it\n$/],
    ['--jobs with random', [RETRY, '--strategy', 'random', '--jobs', '2'], /^ldfi: error: --jobs 2 runs rounds of the ldfi search in parallel; --strategy random would ignore it\n$/],
    ['--jobs past the most workers', [RETRY, '--batch', '2', '--jobs', '257'], /^ldfi: error: --jobs must be at most 256, got 257\n$/],
    ['--jobs without --batch', [RETRY, '--jobs', '2'], /^ldfi: error: --jobs 2 runs rounds of --batch > 1 in parallel; with --batch 1 there is nothing to run in parallel\n$/],
    ['--seed with ldfi', [RETRY, '--seed', '4'], /^ldfi: error: --seed 4 seeds the random strategy; --strategy ldfi draws nothing at random\n$/],
    ['--seed with exhaustive', [RETRY, '--strategy', 'exhaustive', '--seed', '4', '--eot', '3'], /^ldfi: error: --seed 4 seeds the random strategy; --strategy exhaustive draws nothing at random\n$/],
  ] as const)('%s', async (_name, args, message) => {
    const r = await check(...args, '--quiet');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('ldfi check --help', () => {
  it('shows the default of --jobs once, in words and as it is on this machine', async () => {
    const r = await check('--help');
    expect(r.code).toBe(0);
    const text = r.out.replace(/\s+/g, ' ');
    expect(text).toContain(`the result does not depend on it (default: the number of cores, ${availableParallelism()} here) --symmetry`);
  });
});

describe('ldfi check: determinism', () => {
  it.each([
    ['ldfi, counterexample', [RETRY, '--crashes', '1']],
    ['ldfi, certified after several runs', [RELAY, '--crashes', '1']],
    ['random with a seed', [SIMPLE, '--strategy', 'random', '--seed', '5', '--eff', '2']],
  ] as const)('%s: two --json runs are identical apart from the timings', async (_name, args) => {
    const a = await check(...args, '--json', '--quiet');
    const b = await check(...args, '--json', '--quiet');
    expect(a.code).toBe(b.code);
    expect(withoutTimings(a.out)).toEqual(withoutTimings(b.out));
    // Nothing else varies: the raw texts differ at most in those two lines.
    const differing = a.out.split('\n').filter((line, i) => line !== b.out.split('\n')[i]);
    for (const line of differing) expect(line).toMatch(/^\s*"(elapsedMs|solverMs|simulateMs|lineageMs|encodeMs|solveMs)": \d+,?$/);
  });
});
