/**
 * Molly's dialect through the CLI: several aggregates in one head, singleton variables under
 * `notin`, what a spec given to `check` must define, the default node set, and `--oracle`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCli, scratchDir, type CliOutcome } from './helpers.js';

const ORACLE_CASES = join(import.meta.dirname, '..', 'cases', 'oracle');

const { dir, write: spec } = scratchDir('ldfi-dialect-');

const cli = (...args: string[]): Promise<CliOutcome> => captureCli(args, 'npx ldfi');

/** The tuples of `relation` at EOT in `ldfi run --final` text output. */
function finalRows(out: string, relation: string): string[] {
  return out.split('\n').filter((l) => l.startsWith(`  ${relation}(`)).map((l) => l.trim());
}

// Three voters send their vote to the tallier n at time 1; n keeps what it got.
const TALLY = `voter("s1", "n", 3)@1; voter("s2", "n", 7)@1; voter("s3", "n", 5)@1;
vote(N, S, V)@async :- voter(S, N, V);
got(N, S, V) :- vote(N, S, V);
got(N, S, V)@next :- got(N, S, V);
tally(N, max<V>, count<S>, min<V>) :- got(N, S, V);
pre(N) :- tally(N, _, K, _), K >= 2;
post(N) :- tally(N, 7, _, _);
`;

describe('several aggregates in one head', () => {
  const file = spec('tally.ded', TALLY);

  it('ldfi run computes each over the same group, with and without faults', async () => {
    const clean = await cli('run', file, '--eot', '3', '--final');
    expect(clean.code).toBe(0);
    expect(clean.err).toBe('');
    expect(finalRows(clean.out, 'tally')).toEqual(['tally("n", 7, 3, 3)']);
    // Losing s2's vote: the max falls to 5, two voters left, the min stays 3.
    const lost = await cli('run', file, '--eot', '3', '--final', '--faults', 'omit(s2,n,1)');
    expect(lost.code).toBe(0);
    expect(finalRows(lost.out, 'tally')).toEqual(['tally("n", 5, 2, 3)']);
    expect(lost.out).toContain('pre("n")');
    expect(finalRows(lost.out, 'post')).toEqual([]);
    // Losing s1's: the min rises to 5.
    const low = await cli('run', file, '--eot', '3', '--final', '--faults', 'omit(s1,n,1)');
    expect(finalRows(low.out, 'tally')).toEqual(['tally("n", 7, 2, 5)']);
  });

  it('ldfi check finds the vote whose loss moves the max while the count still passes', async () => {
    for (const strategy of ['ldfi', 'exhaustive']) {
      const r = await cli('check', file, '--eot', '3', '--eff', '2', '--strategy', strategy, '--quiet');
      expect(r.code, r.out + r.err).toBe(1);
      expect(r.out).toContain('faults: omit(s2,n,1)\n');
      expect(r.out).toContain('    pre("n")\n');
    }
  });

  it('an aggregate inside arithmetic or a body atom is a located error', async () => {
    const bad = spec('bad-agg.ded', 'v("a", 1)@1;\nbump(N, count<X> + 1) :- v(N, X);\nhigh(N) :- v(N, max<X>);\n');
    const r = await cli('lint', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:2:9: error: an aggregate cannot be part of an expression: \`count<X> + 1\``);
    expect(r.err).toContain(`${bad}:3:17: error: aggregate \`max<X>\` is not allowed in a body atom`);
  });
});

// The sender a knows its peers; b and c appear only as receivers of its broadcast.
const SENDER = `peer("a", "b")@1; peer("a", "c")@1;
bcast("a", "m")@1;
log(P, M)@async :- bcast(N, M), peer(N, P);
log(N, M) :- bcast(N, M);
log(N, M)@next :- log(N, M);
pre(N, M) :- log(N, M);
post(N, M) :- log(N, M), log("b", M), log("c", M);
`;

describe('the default node set: fact nodes and every node a fault-free message reaches', () => {
  const file = spec('sender.ded', SENDER);

  it('check runs over a, b and c, so losing a message to b is in the fault space', async () => {
    const r = await cli('check', file, '--eot', '4', '--eff', '2', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { bounds: { nodes: string[] }; faultSpace: { faultSets: string; mollyEstimate: string }; faults: string };
    expect(doc.bounds.nodes).toEqual(['a', 'b', 'c']);
    // Omissions at t = 1 on 6 channels: 2^6 sets; Molly's formula counts (2^2)^2 per sender, three senders.
    expect(doc.faultSpace).toEqual({ faultSets: String(2 ** 6), mollyEstimate: String(4 ** 6) });
    expect(doc.faults).toMatch(/^omit\(a,[bc],1\)$/);
  });

  it('run uses the same nodes, and accepts a fault on a node that only receives', async () => {
    const r = await cli('run', file, '--eot', '4', '--final', '--faults', 'crash(b,1)');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('nodes:  a, b, c\n');
    expect(r.out).toContain('crash("a", "b", 1)');
  });

  it('suite uses the same nodes for an entry without "nodes"', async () => {
    const config = join(dir, 'sender.json');
    writeFileSync(config, JSON.stringify({ entries: [{ name: 'sender', files: ['sender.ded'], eot: 4, eff: 2, crashes: 0, expect: 'counterexample' }] }));
    const r = await cli('suite', config, '--json', '--no-report', '--jobs', '1');
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out) as { entries: { bounds: { nodes: string[] }; verdict: string }[] };
    expect(doc.entries[0]!.bounds.nodes).toEqual(['a', 'b', 'c']);
    expect(doc.entries[0]!.verdict).toBe('counterexample');
  });
});

describe('the invariant a search needs', () => {
  const base = 'log("a", "m")@1;\n';
  const cases = [
    ['pre only', 'pre(N, M) :- log(N, M);\n', 'defines `pre` but no `post`'],
    ['post only', 'post(N, M) :- log(N, M);\n', 'defines `post` but no `pre`'],
    ['neither', '', 'defines neither `pre` nor `post`'],
  ] as const;

  it.each(cases)('check refuses a spec with %s, naming what is missing; exit 2, nothing on stdout', async (name, rules, words) => {
    const file = spec(`inv-${name.replace(' ', '-')}.ded`, base + rules);
    const r = await cli('check', file, '--eot', '2');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`ldfi: error: ${file} ${words}: the invariant needs both, nothing to check (write pre and post rules, see the README tutorial)\n`);
    // run only reports: no invariant is fine there.
    expect((await cli('run', file, '--eot', '2')).code).toBe(0);
  });

  it("suite fails such an entry alone, with a diagnostic at its files", async () => {
    spec('inv-pre.ded', base + 'pre(N, M) :- log(N, M);\n');
    const config = join(dir, 'inv.json');
    const text = '{"entries": [\n  {"name": "pre-only", "files": ["inv-pre.ded"], "eot": 2, "eff": 0, "crashes": 0, "expect": "certified"}\n]}\n';
    writeFileSync(config, text);
    const r = await cli('suite', config, '--no-report');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${config}:2:34: error: entry "pre-only": ${join(dir, 'inv-pre.ded')} defines \`pre\` but no \`post\`: the invariant needs both, nothing to check`);
  });

  it('pre and post of different arities are an error for lint, run and check alike', async () => {
    const file = spec('inv-arity.ded', base + 'pre(N, M) :- log(N, M);\npost(N) :- log(N, _);\n');
    for (const command of ['lint', 'run', 'check']) {
      const r = await cli(command, file);
      expect(r.code, command).toBe(2);
      expect(r.out + r.err, command).toContain(`${file}:3:1: error: \`post\` has 1 column but \`pre\` has 2 (at ${file}:2:1)`);
    }
  });
});

describe('--oracle', () => {
  const decide = join(ORACLE_CASES, 'decide.ded');
  const agree = join(ORACLE_CASES, 'agree.ded');

  it('defaults to pre ⊆ post, and molly certifies what it alone does not judge', async () => {
    const byDefault = await cli('check', decide, '--eot', '4', '--eff', '2', '--quiet');
    expect(byDefault.code).toBe(1);
    expect(byDefault.out).toContain('  pre tuples without post:\n    pre("b", "none")\n');
    const explicit = await cli('check', decide, '--eot', '4', '--eff', '2', '--quiet', '--oracle', 'default');
    expect(explicit.out.split('\n')[0]).toBe(byDefault.out.split('\n')[0]);
    const molly = await cli('check', decide, '--eot', '4', '--eff', '2', '--quiet', '--oracle', 'molly');
    expect(molly.code).toBe(0);
    expect(molly.out).toMatch(/^certified: no counterexample within EOT=4, EFF=2, crashes=0 \(nodes a,b, strategy ldfi, oracle molly\)\n/);
  });

  it('says so in the counterexample text and in the JSON document', async () => {
    const text = await cli('check', agree, '--eot', '4', '--eff', '2', '--quiet', '--oracle', 'molly');
    expect(text.code).toBe(1);
    expect(text.out).toContain('(within EOT=4, EFF=2, crashes=0, nodes a,b, oracle molly)\n');
    // The pre tuples, then the explanation of the first counterexample (its because lines), then the replay.
    expect(text.out).toContain('  pre tuples without the post they had in the fault-free run:\n    pre("a", "x")\n  because post("a", "x") is not derived');
    expect(text.out.indexOf('  replay:')).toBeGreaterThan(text.out.indexOf('  because '));
    const json = await cli('check', agree, '--eot', '4', '--eff', '2', '--quiet', '--oracle', 'molly', '--json');
    const doc = JSON.parse(json.out) as { oracle: string; counterexample: { missing: string[] }; runs: { status: string; missing: string[] }[] };
    expect(doc.oracle).toBe('molly');
    expect(doc.counterexample.missing).toEqual(['pre("a", "x")']);
    expect(doc.runs[0]).toMatchObject({ status: 'ok', missing: [] });
    const plain = JSON.parse((await cli('check', agree, '--eot', '4', '--eff', '2', '--quiet', '--json')).out) as { oracle: string };
    expect(plain.oracle).toBe('default');
  });

  it("the README's example shows real output: its spec, commands and verdicts", async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('**Two oracles.**'));
    const blocks = [...section.matchAll(/```(?:sh|dedalus[^\n]*)?\n([\s\S]*?)```/g)].slice(0, 2).map((m) => m[1]!);
    const file = spec('decide.ded', blocks[0]!);
    const shown = blocks[1]!.split(/^\$ npx ldfi /m).slice(1);
    expect(shown).toHaveLength(2);
    const untimed = (t: string): string => t.replace(/elapsed: [\d.]+ s/g, 'elapsed: T');
    for (const command of shown) {
      const [line, ...expected] = command.split('\n');
      const args = line!.split(' ').map((a) => (a === 'decide.ded' ? file : a));
      const r = await cli(...args, '--quiet');
      expect(untimed(r.out.split(dir + '/').join('')), line).toBe(untimed(expected.join('\n')));
    }
  });

  it('rejects an unknown oracle with exit 2 and nothing on stdout', async () => {
    const r = await cli('check', decide, '--oracle', 'strict');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain("option '--oracle <name>' argument 'strict' is invalid. Allowed choices are default, molly.");
  });

  it('a suite entry takes "oracle", and the same spec passes with opposite expectations', async () => {
    const config = join(dir, 'oracle.json');
    spec('decide.ded', readFileSync(decide, 'utf8'));
    const entries = [
      { name: 'decide-default', files: ['decide.ded'], eot: 4, eff: 2, crashes: 1, expect: 'counterexample' },
      { name: 'decide-molly', files: ['decide.ded'], eot: 4, eff: 2, crashes: 1, expect: 'certified', oracle: 'molly' },
      { name: 'decide-molly-exhaustive', files: ['decide.ded'], eot: 4, eff: 2, crashes: 1, expect: 'certified', oracle: 'molly', strategy: 'exhaustive' },
    ];
    writeFileSync(config, JSON.stringify({ entries }));
    const r = await cli('suite', config, '--json', '--no-report', '--jobs', '1');
    expect(r.code, r.out + r.err).toBe(0);
    const doc = JSON.parse(r.out) as { entries: { name: string; oracle: string; verdict: string }[] };
    expect(doc.entries.map((e) => [e.name, e.oracle, e.verdict])).toEqual([
      ['decide-default', 'default', 'counterexample'],
      ['decide-molly', 'molly', 'certified'],
      ['decide-molly-exhaustive', 'molly', 'certified'],
    ]);
  });
});
