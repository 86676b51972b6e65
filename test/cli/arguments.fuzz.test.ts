/**
 * Argument-permutation fuzz: random command lines built from every option of every command, the
 * project's own files (specs, an included file, the suite config) used as values anywhere, bad
 * paths and bad numbers. Whatever the line, every input file keeps its exact bytes, the exit code
 * is one of 0–3, and a failure is a user error (never "internal error", never a stack trace).
 * Seeded, so a failure replays; the counts tried and handled are part of the assertion.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { prng } from '../../src/faults/space.js';

const dir = mkdtempSync(join(tmpdir(), 'ldfi-argfuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INPUTS: Record<string, string> = {
  'a.ded': 'include "lib.ded";\nbcast("a", "m")@1;\nlog(N, P) :- bcast(N, P);\nlog(N, P)@next :- log(N, P);\nlog(M, P)@async :- bcast(N, P), node(N, M);\npre(N, P) :- log(N, P);\npost(N, P) :- log(N, P), log(M, P), node(N, M);\n',
  'lib.ded': 'node("a", "b")@1;\nnode(N, M)@next :- node(N, M);\n',
  'b.ded': 'node("a", "b")@1;\nnode(N, M)@next :- node(N, M);\npre(N, M) :- node(N, M);\npost(N, M) :- node(N, M);\n',
  'broken.ded': 'p("a" "b");\n',
  'config.json': JSON.stringify({
    reports: 'reports',
    entries: [
      { name: 'a', files: ['a.ded'], eot: 3, eff: 2, crashes: 0, expect: 'counterexample' },
      { name: 'b', files: ['b.ded'], eot: 2, eff: 1, crashes: 0, expect: 'certified' },
    ],
  }),
};
for (const [name, text] of Object.entries(INPUTS)) writeFileSync(join(dir, name), text);
mkdirSync(join(dir, 'outdir'));

/** Every regular file under `dir` that is an input, with the hash of its bytes. */
function inputHashes(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(INPUTS)) out[name] = createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');
  return out;
}

/** Values that make sense, and values that do not (picked one time in five). */
type Values = readonly [good: readonly string[], bad: readonly string[]];
const FILES: Values = [['a.ded', 'b.ded', 'lib.ded', 'config.json'], ['broken.ded', 'missing.ded', 'outdir']];
const PATHS: Values = [['a.ded', 'b.ded', 'lib.ded', 'config.json', 'out.json', 'out.xml', 'outdir', 'outdir/x.json'], ['a.ded/x', '/proc/x', '/dev/null', '', 'missing/x']];
const NUMBERS: Values = [['0', '1', '2', '3'], ['-1', 'abc', '1.5', '99999999999', '']];
const NODES: Values = [['a', 'a,b', 'b,a', '"a",b'], ['a,z', 'a,,b', 'a,a']];
const FAULTS: Values = [['', 'omit(a,b,1)', 'crash(a,1)', 'omit(a,b,1) crash(b,2)'], ['omit(a,b,9)', 'crash(z,1)', 'garbage(']];
const STRATEGIES: Values = [['ldfi', 'random', 'exhaustive'], ['smart']];
const SHARDS: Values = [['1/2', '2/2', '1/1'], ['3/2', '0/1', 'x']];
const DIRS: Values = [['.', 'outdir'], ['missing', 'a.ded']];
const DURATIONS: Values = [['1s', '500ms', '2'], ['abc', '0', '-1s', '1e9', '']];
const ORACLES: Values = [['default', 'molly'], ['nope']];

type Gen = (r: () => number) => string[];
const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const value = (r: () => number, v: Values): string => pick(r, r() < 0.2 ? v[1] : v[0]);
const withValue = (flag: string, values: Values): Gen => (r) => [flag, value(r, values)];
const flag = (f: string): Gen => () => [f];

const COMMON: Gen[] = [withValue('--json-file', PATHS), flag('--json'), withValue('-I', DIRS), (r) => [value(r, FILES)], (r) => [value(r, FILES)], (r) => (r() < 0.2 ? ['--bogus'] : [])];
const OPTIONS: Record<string, Gen[]> = {
  check: [
    ...COMMON,
    withValue('--eot', NUMBERS),
    withValue('--eff', NUMBERS),
    withValue('--crashes', NUMBERS),
    withValue('--nodes', NODES),
    withValue('--strategy', STRATEGIES),
    withValue('--max-runs', NUMBERS),
    flag('--all'),
    withValue('--seed', NUMBERS),
    withValue('--report', PATHS),
    flag('-q'),
  ],
  run: [...COMMON, withValue('--eot', NUMBERS), withValue('--nodes', NODES), withValue('--faults', FAULTS), flag('--final'), withValue('--report', PATHS), flag('-q')],
  lint: [...COMMON],
  sweep: [
    ...COMMON,
    withValue('--crashes', NUMBERS),
    withValue('--eff-gap', NUMBERS),
    withValue('--budget', DURATIONS),
    withValue('--start-eot', NUMBERS),
    withValue('--max-eot', NUMBERS),
    withValue('--nodes', NODES),
    withValue('--oracle', ORACLES),
    flag('-q'),
  ],
  suite: [
    ...COMMON,
    withValue('--junit', PATHS),
    withValue('--report', PATHS),
    flag('--no-report'),
    withValue('--shard', SHARDS),
    flag('--allow-outside'),
    flag('-q'),
  ],
};

const VALUED = new Set(['--json-file', '-I', '--eot', '--eff', '--crashes', '--nodes', '--strategy', '--max-runs', '--seed', '--report', '--faults', '--junit', '--shard', '--jobs', '--eff-gap', '--budget', '--start-eot', '--max-eot', '--oracle']);
const INCLUDES: Record<string, string[]> = { 'a.ded': ['lib.ded'] };
const CONFIG_SPECS: Record<string, string[]> = { 'config.json': ['a.ded', 'b.ded'] };

/** What a command line reads (its specs and their includes, or the config and its specs) and the files it was told to write. */
function roles(argv: readonly string[]): { inputs: Set<string>; outputs: Set<string> } {
  const positionals: string[] = [];
  const outputs = new Set<string>();
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUED.has(a)) {
      if (a === '--json-file' || a === '--junit') outputs.add(argv[i + 1]!);
      i++;
    } else if (!a.startsWith('-')) positionals.push(a);
  }
  const roots = argv[0] === 'suite' ? [positionals[0] ?? 'ldfi.config.json'] : positionals;
  const inputs = new Set<string>();
  const add = (f: string): void => {
    if (inputs.has(f)) return;
    inputs.add(f);
    for (const g of INCLUDES[f] ?? []) add(g);
  };
  for (const f of roots) add(f);
  if (argv[0] === 'suite') for (const f of CONFIG_SPECS[roots[0]!] ?? []) add(f);
  return { inputs, outputs };
}

function commandLine(r: () => number): string[] {
  const command = pick(r, ['check', 'run', 'lint', 'suite', 'check', 'run', 'sweep']);
  const args: string[] = [command];
  if (command !== 'suite' && r() < 0.8) args.push(value(r, FILES));
  else if (command === 'suite' && r() < 0.8) args.push('config.json');
  const n = Math.floor(r() * 7);
  for (let i = 0; i < n; i++) args.push(...pick(r, OPTIONS[command]!)(r));
  // Keep each line cheap: small bounds win (the last value of an option counts) and no worker threads.
  if (command === 'check') args.push('--max-runs', '50', '--eot', pick(r, ['1', '2', '3']));
  if (command === 'run') args.push('--eot', pick(r, ['1', '2', '3']));
  if (command === 'suite') args.push('--jobs', '1');
  if (command === 'sweep') args.push('--max-eot', pick(r, ['1', '3', '4']), '--budget', '2s');
  return args;
}

describe('argument-permutation fuzz', () => {
  it('never changes an input, never fails as an internal error, always exits 0–3', async () => {
    const before = inputHashes();
    const random = prng(20_240_601);
    const cwd = process.cwd();
    process.chdir(dir);
    let tried = 0;
    let handled = 0;
    const problems: string[] = [];
    try {
      for (let i = 0; i < 300; i++) {
        const argv = commandLine(random);
        let out = '';
        let err = '';
        const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), ldfiCommand: 'ldfi' });
        tried++;
        const now = inputHashes();
        const changed = Object.keys(before).filter((f) => now[f] !== before[f]);
        const { inputs, outputs } = roles(argv);
        // A file may change only when the line names it as an output and it is not one of the line's inputs.
        const wrong = changed.filter((f) => inputs.has(f) || !outputs.has(f));
        const bad: string[] = [];
        if (wrong.length > 0) bad.push(`changed ${wrong.join(', ')}`);
        if (![0, 1, 2, 3].includes(code)) bad.push(`exit ${code}`);
        if (/internal error|\n\s+at /.test(err)) bad.push(`stderr: ${err.trim().split('\n')[0]}`);
        if (code === 2 && argv[0] !== 'lint' && out !== '' && !argv.includes('--help')) bad.push('exit 2 with output on stdout');
        if (bad.length === 0) handled++;
        else problems.push(`ldfi ${argv.map((a) => JSON.stringify(a)).join(' ')}: ${bad.join('; ')}`);
        // Restore what a line was allowed to write over, so the next line starts from the same files.
        for (const f of readdirSync(dir)) if (statSync(join(dir, f)).isFile() && !(f in INPUTS)) rmSync(join(dir, f));
        for (const f of changed) writeFileSync(join(dir, f), INPUTS[f]!);
      }
    } finally {
      process.chdir(cwd);
    }
    expect(problems).toEqual([]);
    expect({ tried, handled }).toEqual({ tried: 300, handled: 300 });
  });
});
