/**
 * `ldfi sweep` through runCli with a captured io: the table (one row per bound, then the highest
 * certified bound and why the sweep stopped), exit codes (0 certified, 1 counterexample, 2 bad
 * input, 3 nothing certified), `--json` and `--json-file`, user errors in one line with nothing
 * written, and the same bytes from two sweeps apart from times.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { captureCli, type CliOutcome } from './helpers.js';

const SPECS = join(import.meta.dirname, '..', '..', 'specs');
const RELAY = join(SPECS, 'relay-broadcast.ded');
const SIMPLE = join(SPECS, 'simple-broadcast.ded');
const ACK = join(SPECS, 'ack-broadcast.ded');

const dir = mkdtempSync(join(tmpdir(), 'ldfi-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sweep = (...args: string[]): Promise<CliOutcome> => captureCli(['sweep', ...args], 'ldfi');

async function runCliOut(args: string[]): Promise<string> {
  let out = '';
  await runCli(args, { stdout: (s) => (out += s), stderr: () => undefined, ldfiCommand: 'ldfi' });
  return out;
}

/** The text with every measured time (and the padding before it) replaced by ` T`. */
const untimed = (text: string): string => text.replace(/ +\d+\.\d\d s/g, ' T');

/** A `sweep --json` document with every `…Ms` field but the budget blanked. */
function withoutTimings(json: string): unknown {
  return JSON.parse(json, (key, value: unknown) => (key.endsWith('Ms') && key !== 'budgetMs' ? 0 : value));
}

describe('ldfi sweep: the table', () => {
  it('prints a header, one row per bound, the highest certified bound and why it stopped; exit 0', async () => {
    const r = await sweep(RELAY, '--crashes', '1', '--max-eot', '10', '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = untimed(r.out).split('\n');
    expect(lines[0]).toBe(`sweep ${RELAY}: EOT from 3 to 10, EFF = EOT − 1, crashes=1, budget 120 s, nodes a,b,c`);
    expect(lines[1]).toBe('   EOT   EFF  verdict          executions      time');
    expect(lines.slice(2, 9)).toEqual([3, 4, 5, 6, 7, 8, 10].map((eot) => `${String(eot).padStart(6)}${String(eot - 1).padStart(6)}  certified                 1 T`));
    expect(lines[9]).toMatch(/^highest certified: EOT=10, EFF=9, crashes=1 \(nodes a,b,c\); 7 rows in T$/);
    expect(lines[10]).toBe('stopped: reached --max-eot 10');
    expect(lines[11]).toBe('');
    expect(lines).toHaveLength(12);
  });

  it('stops at a counterexample, prints it as check does, and exits 1', async () => {
    const r = await sweep(SIMPLE, '--crashes', '0', '--start-eot', '2', '--quiet');
    expect(r.code).toBe(1);
    const out = untimed(r.out);
    expect(out).toContain('     2     1  certified                 1 T\n     3     2  counterexample            2 T\n');
    expect(out).toContain('counterexample in run 2 (within EOT=3, EFF=2, crashes=0, nodes a,b,c)\n  faults: omit(a,');
    expect(out).toContain(`  replay: ldfi run ${SIMPLE} --eot 3 --nodes a,b,c --faults 'omit(a,`);
    expect(out).toMatch(/\nhighest certified: EOT=2, EFF=1, crashes=0 \(nodes a,b,c\); 2 rows in T\nstopped: counterexample at EOT=3, EFF=2, crashes=0\n$/);
  });

  it('explains the counterexample as check does', async () => {
    const r = await sweep(SIMPLE, '--crashes', '0', '--start-eot', '3', '--quiet');
    const check = await runCliOut(['check', SIMPLE, '--eot', '3', '--eff', '2', '--crashes', '0', '--quiet']);
    expect(untimed(r.out)).toContain(untimed(check));
    expect(check).toContain('  because ');
  });

  it('warns when the highest certificate is vacuous (pre empty), in text and JSON', async () => {
    // Paxos chooses a value at t=4: at EOT 3 pre is empty whatever the faults.
    const paxos = join(SPECS, 'paxos.ded');
    const r = await sweep(paxos, '--crashes', '1', '--max-eot', '3', '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\nhighest certified: EOT=3, EFF=2, crashes=1 \(nodes a,b,c\); 1 row in .*\n  warning: pre is empty in every run within the bounds at EOT=3: /);
    const json = JSON.parse((await sweep(paxos, '--crashes', '1', '--max-eot', '3', '--quiet', '--json')).out) as { highestCertified: { warnings: { kind: string }[] } };
    expect(json.highestCertified.warnings.map((w) => w.kind)).toEqual(['vacuous']);
    const fine = await sweep(paxos, '--crashes', '1', '--start-eot', '5', '--max-eot', '5', '--quiet');
    expect(fine.out).not.toContain('warning');
  });

  it('says when the fault-free run already breaks the invariant', async () => {
    const r = await sweep(join(SPECS, '2pc.ded'), '--crashes', '1', '--start-eot', '2', '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toContain('(the fault-free run already breaks the invariant at EOT=2: if the protocol needs more steps to finish, start the sweep higher with --start-eot)');
    expect(r.out).toContain('nothing certified; 1 row in ');
  });

  it('a budget too small for one row: the row is incomplete, nothing certified, exit 3', async () => {
    const r = await sweep(ACK, '--crashes', '1', '--start-eot', '24', '--budget', '1ms', '--quiet');
    expect(r.code).toBe(3);
    expect(untimed(r.out)).toMatch(/\n {4}24 {4}23 {2}incomplete {7} +\d+ T\nnothing certified; 1 row in T\nstopped: the budget \(1 ms\) ran out during EOT=24, EFF=23, crashes=1, after \d+ executions? \(incomplete, not certified\)\n$/);
  });

  it('gives the same bytes twice, times aside', async () => {
    const a = await sweep(ACK, '--crashes', '1', '--max-eot', '8', '--quiet');
    const b = await sweep(ACK, '--crashes', '1', '--max-eot', '8', '--quiet');
    expect(a.code).toBe(0);
    expect(untimed(a.out)).toBe(untimed(b.out));
  });
});

describe('ldfi sweep --json', () => {
  it('has the bounds, the rows with their figures and phases, the stop reason and the highest certified bound', async () => {
    const r = await sweep(SIMPLE, '--crashes', '0', '--start-eot', '2', '--json', '--quiet');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['files', 'crashes', 'effGap', 'budgetMs', 'startEot', 'maxEot', 'oracle', 'schedule', 'stop', 'runStopped', 'highestCertified', 'counterexample', 'elapsedMs', 'rows']);
    expect(doc).toMatchObject({ files: [SIMPLE], crashes: 0, effGap: 1, budgetMs: 120_000, startEot: 2, maxEot: null, oracle: 'default', stop: 'counterexample', runStopped: null });
    expect(doc.highestCertified).toEqual({ eot: 2, eff: 1, crashes: 0, nodes: ['a', 'b', 'c'], warnings: [] });
    const ce = doc.counterexample as Record<string, unknown>;
    expect(ce).toMatchObject({ eot: 3, eff: 2, crashes: 0, run: 2 });
    expect(ce.faults).toMatch(/^omit\(a,[bc],1\)$/);
    expect(ce.missing).toHaveLength(1);
    expect(ce.replay).toBe(`ldfi run ${SIMPLE} --eot 3 --nodes a,b,c --faults '${ce.faults as string}'`);
    // The explanation check --json gives for the same bounds.
    const check = JSON.parse((await runCliOut(['check', SIMPLE, '--eot', '3', '--eff', '2', '--crashes', '0', '--json', '--quiet']))) as Record<string, unknown>;
    expect(ce.explanation).toEqual(check.explanation);
    expect(ce.hints).toEqual(check.hints);
    expect((ce.explanation as unknown[]).length).toBeGreaterThan(0);
    const rows = doc.rows as Record<string, unknown>[];
    expect(rows.map((row) => [row.eot, row.eff, row.verdict, row.executions])).toEqual([
      [2, 1, 'certified', 1],
      [3, 2, 'counterexample', 2],
    ]);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['eot', 'eff', 'crashes', 'nodes', 'verdict', 'executions', 'hypotheses', 'faultSpace', 'faults', 'elapsedMs', 'phases']);
      expect(Object.keys(row.phases as object)).toEqual(['simulateMs', 'lineageMs', 'encodeMs', 'solveMs']);
    }
    expect(rows[1]!.faults).toBe(ce.faults);
  });

  it('--json-file writes the same document and keeps the text on stdout', async () => {
    const file = join(dir, 'sweep.json');
    const r = await sweep(RELAY, '--crashes', '1', '--max-eot', '5', '--json-file', file, '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^sweep /);
    const onStdout = await sweep(RELAY, '--crashes', '1', '--max-eot', '5', '--json', '--quiet');
    expect(withoutTimings(readFileSync(file, 'utf8'))).toEqual(withoutTimings(onStdout.out));
    expect(readdirTemps()).toEqual([]);
  });

  it('is the same document twice, times aside', async () => {
    const a = await sweep(ACK, '--crashes', '1', '--max-eot', '7', '--json', '--quiet');
    const b = await sweep(ACK, '--crashes', '1', '--max-eot', '7', '--json', '--quiet');
    expect(withoutTimings(a.out)).toEqual(withoutTimings(b.out));
  });
});

/** Temporary files left beside the outputs (an atomic write leaves none). */
function readdirTemps(): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

describe('ldfi sweep: user errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['a budget that is not a duration', ['--budget', 'abc'], /^ldfi: error: --budget expects a duration such as 120s, 2m or 500ms, got 'abc'\n$/],
    ['a zero budget', ['--budget', '0s'], /^ldfi: error: --budget must be at least 1 ms, got '0s'\n$/],
    ['a budget past the largest float', ['--budget', `1${'0'.repeat(400)}s`], /^ldfi: error: --budget is too large: '10{400}s'\n$/],
    ['a gap as large as the first EOT', ['--eff-gap', '4', '--start-eot', '4'], /^ldfi: error: --eff-gap \(4\) must be below --start-eot \(4\): /],
    ['a largest EOT below the first', ['--max-eot', '2'], /^ldfi: error: --max-eot \(2\) is below --start-eot \(3\): no bound to check\n$/],
    ['a negative gap', ['--eff-gap', '-1'], /^ldfi: error: --eff-gap expects a whole number, got '-1'\n$/],
    ['more crashes than nodes', ['--crashes', '4'], /^ldfi: error: --crashes \(4\) exceeds the number of nodes \(3\)\n$/],
    ['an unknown node', ['--nodes', 'a,b,zz'], /^ldfi: error: --nodes: "zz" never appears in the program \(its nodes are a, b, c\)\n$/],
    ['--jobs without --batch', ['--jobs', '2'], /^ldfi: error: --jobs 2 runs rounds of --batch > 1 in parallel; with --batch 1 there is nothing to run in parallel\n$/],
    ['an unknown oracle', ['--oracle', 'nope'], /^ldfi: error: option '--oracle <name>' argument 'nope' is invalid/],
    ['a JSON file in a missing folder', ['--json-file', '/nonexistent-ldfi/x.json'], /^ldfi: error: --json-file \/nonexistent-ldfi\/x.json: directory \/nonexistent-ldfi does not exist\n$/],
  ];
  for (const [what, args, message] of cases) {
    it(`${what}: one line, exit 2, nothing written`, async () => {
      const jsonFile = join(dir, `never-${what.replaceAll(' ', '-')}.json`);
      const r = await sweep(RELAY, ...(args.includes('--crashes') ? [] : ['--crashes', '1']), ...args, ...(args.includes('--json-file') ? [] : ['--json-file', jsonFile]));
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/);
      expect(existsSync(jsonFile)).toBe(false);
    });
  }

  it('a run the program stops: in the first row a located error, exit 2, empty stdout; in a later row the end of the sweep', async () => {
    // The counter doubles every step and leaves the exact integer range at t = 54.
    const grow = join(dir, 'grow.ded');
    writeFileSync(grow, 'c("a", 1)@1;\nnode("a", "b")@1;\nnode(N, M)@next :- node(N, M);\nc(N, X * 2)@next :- c(N, X);\npre(N) :- node(N, _);\npost(N) :- node(N, _);\n');
    const first = await sweep(grow, '--crashes', '0', '--start-eot', '60', '--quiet');
    expect(first.code).toBe(2);
    expect(first.out).toBe('');
    expect(first.err).toMatch(new RegExp(`^${grow}:4:1: error: integer overflow: `));
    const later = await sweep(grow, '--crashes', '0', '--quiet');
    expect(later.code).toBe(0);
    expect(later.err).toMatch(new RegExp(`^${grow}:4:1: error: integer overflow: `));
    expect(later.out).toMatch(/\n {4}51 {4}50 {2}certified .*\nhighest certified: EOT=51, EFF=50, crashes=0 \(nodes a\); 15 rows in .*\nstopped: the program stopped a run at EOT=63 \(the error printed on stderr\), so that bound cannot be checked\n$/);
    const json = JSON.parse((await sweep(grow, '--crashes', '0', '--quiet', '--json')).out) as { stop: string; runStopped: { eot: number; at: string } };
    expect(json.stop).toBe('run-stopped');
    expect(json.runStopped).toMatchObject({ eot: 63, at: `${grow}:4:1` });
  });

  it('--crashes is required', async () => {
    const r = await sweep(RELAY);
    expect(r.code).toBe(2);
    expect(r.err).toContain("required option '--crashes <n>' not specified");
  });

  it('refuses to write the JSON over a spec or an included file, which stay as they were', async () => {
    mkdirSync(join(dir, 'lib'));
    for (const f of ['bcast_edb.ded', 'deliv_assert.ded']) writeFileSync(join(dir, 'lib', f), readFileSync(join(SPECS, 'lib', f), 'utf8'));
    const lib = join(dir, 'lib', 'bcast_edb.ded');
    const main = join(dir, 'main.ded');
    writeFileSync(main, readFileSync(RELAY, 'utf8'));
    const before = [readFileSync(main, 'utf8'), readFileSync(lib, 'utf8')];
    for (const target of [main, lib]) {
      const r = await sweep(main, '--crashes', '1', '--max-eot', '4', '--json-file', target, '--quiet');
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/is an input of this command .*refusing to overwrite it\n$/);
      expect(r.out).toBe('');
    }
    expect([readFileSync(main, 'utf8'), readFileSync(lib, 'utf8')]).toEqual(before);
  });

  it('a spec without an invariant or with errors is refused', async () => {
    const noInvariant = join(dir, 'plain.ded');
    writeFileSync(noInvariant, 'node("a", "b")@1;\nnode(N, M)@next :- node(N, M);\n');
    const r = await sweep(noInvariant, '--crashes', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nothing to check/);
    const broken = join(dir, 'broken.ded');
    writeFileSync(broken, 'pre(X) :- ;\n');
    const b = await sweep(broken, '--crashes', '0');
    expect(b.code).toBe(2);
    expect(b.err).toContain(`${broken}:1:`);
    expect(b.out).toBe('');
  });

  it('--help lists every option with its default and the schedule', async () => {
    const r = await sweep('--help');
    expect(r.code).toBe(0);
    for (const option of ['--crashes <n>', '--eff-gap <n>', '(default: 1)', '--budget <time>', '(default: 120s)', '--start-eot <n>', 'gap + 2', '--max-eot <n>', '--nodes <list>', '--oracle <name>', '--json', '--json-file <file>', '--quiet']) {
      expect(r.out).toContain(option);
    }
    // --jobs's default once, in words and as it is on this machine.
    expect(r.out.replace(/\s+/g, ' ')).toMatch(new RegExp(`--jobs <n> as check: worker threads for a round of more than one \\(default: the number of cores, ${availableParallelism()} here\\) -q`));
    expect(r.out.replace(/\s+/g, ' ')).toContain('EOT grows by 1 up to 8, then by a quarter of the current EOT (rounded down), so from 3: 3, 4, 5, 6, 7, 8, 10, 12, 15,');
  });
});

describe('ldfi sweep with the search options of check', () => {
  it('--symmetry and --batch/--jobs give the rows of the plain sweep (verdicts), and --jobs 1 and 2 the same rows', async () => {
    const rows = (text: string): string[] => text.split('\n').filter((l) => /^\s+\d+\s+\d+\s+\w+/.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 3).join(' '));
    const args = [ACK, '--crashes', '1', '--max-eot', '8', '-q'];
    const plain = await sweep(...args);
    const sym = await sweep(...args, '--symmetry');
    const one = await sweep(...args, '--batch', '2', '--jobs', '1', '--json');
    const two = await sweep(...args, '--batch', '2', '--jobs', '2', '--json');
    expect(plain.code).toBe(0);
    expect(rows(sym.out)).toEqual(rows(plain.out));
    const strip = (json: string): unknown => JSON.parse(json.replace(/"(elapsedMs|solverMs|budgetUsedMs|\w+Ms)": \d+(\.\d+)?/g, '"$1": 0'));
    expect(strip(two.out)).toEqual(strip(one.out));
  });
});
