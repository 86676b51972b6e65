/**
 * `npm run fuzz [-- --programs N] [--from SEED] [--exhaustive-limit K] [--max-clauses C] [--symmetry] [--no-direct] [--digit-nodes]`:
 * the differential fuzz (with --max-clauses, every search runs under that clause budget; with
 * --symmetry, with symmetry reduction; with --no-direct, the solver proposes every hypothesis,
 * the smallest sets too; with --digit-nodes, nodes are named "1", "2", "3" and some of those
 * names in facts are written as numbers, which a location column reads as the node of its digits).
 * For each generated program: the soundness property (holds / mayHold / goal against simulated
 * fault sets above every learned run) and ldfi's verdict against exhaustive search. Prints one
 * line per disagreement and a summary line; exits 1 if anything disagreed.
 */
import { generateProgram, type GeneratedProgram } from './generator.js';
import { prng } from '../../src/faults/space.js';
import { checkSoundness, compileText } from './soundness.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`fuzz: --${name} needs a whole number\n`);
    process.exit(2);
  }
  return v;
}

const programs = option('programs', 2000);
const from = option('from', 1);
const limit = option('exhaustive-limit', 5000);
const maxClauses = option('max-clauses', 0);
const symmetry = process.argv.includes('--symmetry');
const noDirect = process.argv.includes('--no-direct');
const digitNodes = process.argv.includes('--digit-nodes');

/** The program with nodes a, b, c named "1", "2", "3", and about a third of those names in facts unquoted. */
function withDigitNodes(p: GeneratedProgram): GeneratedProgram {
  const rnd = prng(p.seed * 7919 + 13);
  const digit: Record<string, string> = { a: '1', b: '2', c: '3' };
  const text = p.text
    .replace(/"([abc])"/g, (_, n: string) => `"${digit[n]}"`)
    .split('\n')
    .map((line) => (line.includes(':-') ? line : line.replace(/"([123])"/g, (m, d: string) => (rnd() < 0.35 ? d : m))))
    .join('\n');
  return { ...p, text, bounds: { ...p.bounds, nodes: p.bounds.nodes.map((n) => digit[n] ?? n) } };
}
const started = performance.now();
let certified = 0;
let counterexamples = 0;
let compared = 0;
let samples = 0;
let disagreements = 0;
for (let seed = from; seed < from + programs; seed++) {
  const p = digitNodes ? withDigitNodes(generateProgram(seed)) : generateProgram(seed);
  const report = checkSoundness(compileText(p.text, `seed-${seed}.ded`), p.bounds, { exhaustiveLimit: limit, seed, samplesPerRun: 4, ...(maxClauses > 0 ? { maxClauses } : {}), symmetry, noDirect });
  samples += report.samples;
  if (report.exhaustive !== null) compared++;
  if (report.verdict === 'certified') certified++;
  else counterexamples++;
  if (report.problems.length > 0) {
    disagreements++;
    process.stdout.write(`seed ${seed} (${p.bounds.eot}/${p.bounds.eff}/${p.bounds.crashes}; ${p.shape.join('; ')}): ${report.problems.length} problem(s)\n  ${report.problems.slice(0, 3).join('\n  ')}\n`);
  }
  if ((seed - from + 1) % 100 === 0) process.stderr.write(`fuzz: ${seed - from + 1} of ${programs} programs, ${disagreements} disagreeing\n`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(
  `fuzz: ${programs} programs (seeds ${from}–${from + programs - 1}): ${certified} certified, ${counterexamples} counterexamples; ` +
    `${compared} compared with exhaustive search, ${samples} fault sets simulated against the abstraction; ${disagreements} disagreements (${seconds} s)\n`,
);
process.exitCode = disagreements > 0 ? 1 : 0;
