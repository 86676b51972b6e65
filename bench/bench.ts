/**
 * `npm run bench`: the figures that matter, in one run (issues 2, 3, 5; DESIGN §10).
 *
 *   1. the simulator: median time of one fault-free run of every bundled spec at EOT 10, peak memory;
 *   2. issue 3's verdict rows: ldfi against random (mean of 25 seeds), solver share;
 *   3. DESIGN §10's two tables on our specs, Molly's published figures beside ours;
 *   4. the whole bundled suite, when ldfi.config.json exists.
 *
 * Markdown on stdout (progress on stderr); a full run also writes bench/RESULTS.md. Every check
 * runs in its own process under a time limit, so a slow row reports "timeout" instead of hanging.
 *
 *   npm run bench -- [--quick] [--only SUBSTRING] [--seeds N] [--timeout SECONDS] [--out FILE] [--no-write]
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSpec } from '../src/pipeline.js';
import { defaultNodes } from '../src/sim/nodes.js';
import { faultSpaceSize } from '../src/faults/space.js';
import {
  certificationTarget,
  counterexampleTarget,
  fmtMB,
  fmtMs,
  mollyCertificationTable,
  mollyCounterexampleTable,
  SIMULATION_MS,
  simulatorTable,
  verdictTable,
} from './format.js';
import { measureRow, type Limits, type RowResult } from './measure.js';
import { WARM_UP_RUNS } from './protocol.js';
import { MOLLY_CERTIFICATION_ROWS, MOLLY_COUNTEREXAMPLE_ROWS, rowLabel, rowMatches, VERDICT_ROWS, type BenchRow } from './rows.js';
import { measureSimulator } from './simulator.js';
import { timeSuite, type SuiteTiming } from './suite.js';

const USAGE = `usage: npm run bench -- [options]

  --quick            5 random seeds, 50 simulator repetitions, 30 s per check, skip the slow rows
  --only SUBSTRING   only the rows (and simulator specs) whose label contains SUBSTRING, e.g. 2pc or "kafka 6/4/1"
  --seeds N          random seeds per row, 1..N (default 25; --quick 5)
  --random-cap N     maxRuns of each random check (default 2000)
  --timeout SECONDS  wall-clock limit per check process (default 120; --quick 30)
  --out FILE         also write the markdown to FILE (default for a full run: bench/RESULTS.md)
  --no-write         write no file
  -h, --help         this text
`;

/** This file is bench/bench.ts under tsx, dist/bench/bench.js once built. */
const REPO = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../..' : '..', import.meta.url));
const SPECS = join(REPO, 'specs');
/** ldfi's own run limit per check; the wall clock usually stops a runaway row first. */
const LDFI_MAX_RUNS = 20_000;
const SIM_EOT = 10;
const SUITE_TIMEOUT_MS = 600_000;

interface Options {
  readonly quick: boolean;
  readonly only: string | null;
  readonly seeds: number;
  readonly randomCap: number;
  readonly timeoutMs: number;
  readonly simRepetitions: number;
  readonly out: string | null;
}

function parseOptions(argv: readonly string[]): Options | string {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      seeds: { type: 'string' },
      'random-cap': { type: 'string' },
      timeout: { type: 'string' },
      out: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return USAGE;
  const whole = (name: string, v: string | undefined, fallback: number): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, got ${v}`);
    return n;
  };
  const quick = values.quick ?? false;
  const only = values.only ?? null;
  const partial = quick || only !== null;
  const out = values['no-write'] ? null : (values.out ?? (partial ? null : join(REPO, 'bench', 'RESULTS.md')));
  return {
    quick,
    only,
    seeds: whole('seeds', values.seeds, quick ? 5 : 25),
    randomCap: whole('random-cap', values['random-cap'], 2000),
    timeoutMs: whole('timeout', values.timeout, quick ? 30 : 120) * 1000,
    simRepetitions: quick ? 50 : 200,
    out,
  };
}

function bundledSpecs(): { spec: string; file: string }[] {
  return readdirSync(SPECS)
    .filter((f) => f.endsWith('.ded'))
    .sort()
    .map((f) => ({ spec: f.slice(0, -'.ded'.length), file: join(SPECS, f) }));
}

/** The 1-minute load average: above the core count, other processes competed with the bench for the CPU. */
function load(): string {
  return loadavg()[0]!.toFixed(2);
}

function machine(loadAtStart: string): string[] {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'specs'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (dirty) commit += ' (with uncommitted changes in src/ or specs/)';
  } catch {
    // Not a git checkout: the commit stays unknown.
  }
  return [
    `- Machine: ${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform}`,
    `- Node ${process.version}; commit ${commit}`,
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Load average (1 min) at start ${loadAtStart}, at end ${load()}, on ${availableParallelism()} cores: when it exceeds the core count, other work shared the CPU and wall times are inflated (the *cpu* columns less so).`,
  ];
}

async function main(): Promise<number> {
  let options: Options;
  try {
    const parsed = parseOptions(process.argv.slice(2));
    if (typeof parsed === 'string') {
      process.stdout.write(parsed);
      return 0;
    }
    options = parsed;
  } catch (e) {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const loadAtStart = load();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const limits: Limits = { ldfiMaxRuns: LDFI_MAX_RUNS, randomMaxRuns: options.randomCap, seeds: options.seeds, timeoutMs: options.timeoutMs };

  // Nodes per spec, for the fault-space sizes (computed here so a timed-out row still has one).
  const specFiles = new Map(bundledSpecs().map((s) => [s.spec, s.file]));
  const nodesOf = new Map<string, readonly string[]>();
  const spaceOf = (r: BenchRow): number => {
    const key = `${r.spec}@${r.eot}`;
    let nodes = nodesOf.get(key);
    if (!nodes) {
      const loaded = loadSpec([specFiles.get(r.spec) ?? join(SPECS, `${r.spec}.ded`)]);
      nodes = loaded.ok ? defaultNodes(loaded.compiled, r.eot) : [];
      nodesOf.set(key, nodes);
    }
    return faultSpaceSize({ nodes, eot: r.eot, eff: r.eff, crashes: r.crashes });
  };
  const planOf = (r: BenchRow, random: boolean): { file: string; random: boolean; skip: string | null } => ({
    file: specFiles.get(r.spec) ?? join(SPECS, `${r.spec}.ded`),
    random,
    skip: options.quick && r.slow ? '--quick' : null,
  });
  async function measureAll<R extends BenchRow & { readonly protocol?: string }>(rows: readonly R[], random: boolean): Promise<RowResult<R>[]> {
    const out: RowResult<R>[] = [];
    for (const row of rows.filter((r) => rowMatches(r, options.only))) {
      log(`${rowLabel(row)}${row.protocol ? ` (${row.protocol})` : ''}`);
      out.push(await measureRow(row, planOf(row, random), limits, log));
    }
    return out;
  }

  // 1. Simulator.
  const simSpecs = bundledSpecs().filter((s) => options.only === null || s.spec.includes(options.only) || options.only.includes(s.spec));
  log(`simulator: ${simSpecs.length} specs × ${options.simRepetitions} runs at EOT ${SIM_EOT}`);
  const sim = measureSimulator(simSpecs, SIM_EOT, options.simRepetitions, 20);

  // 2–3. Checks.
  const verdicts = await measureAll(VERDICT_ROWS, true);
  const mollyCe = await measureAll(MOLLY_COUNTEREXAMPLE_ROWS, true);
  const mollyCert = await measureAll(MOLLY_CERTIFICATION_ROWS, false);

  // 4. Suite.
  let suite: SuiteTiming;
  if (options.only !== null) suite = { ran: false, note: 'skipped under --only' };
  else if (options.quick) suite = { ran: false, note: 'skipped under --quick' };
  else {
    log('suite: ldfi suite --quiet (when ldfi.config.json exists)');
    suite = await timeSuite(REPO, SUITE_TIMEOUT_MS);
  }

  const all: RowResult<BenchRow>[] = [...verdicts, ...mollyCe, ...mollyCert];
  const heaviest = all.reduce<RowResult<BenchRow> | null>((m, r) => ((r.maxRssBytes ?? 0) > (m?.maxRssBytes ?? 0) ? r : m), null);
  const heaviestHeap = Math.max(0, ...all.map((r) => r.peakHeapBytes ?? 0));
  const totalMs = performance.now() - started;

  const missed: string[] = [];
  for (const r of sim.rows) if (r.error !== null || !(r.medianMs < SIMULATION_MS)) missed.push(`simulator ${r.spec}: ${r.error ?? `${r.medianMs.toFixed(2)} ms`}`);
  for (const r of verdicts) {
    if (r.row.molly !== undefined) {
      const t = counterexampleTarget(r.ldfi, r.row.molly);
      if (!t.met) missed.push(`${rowLabel(r.row)}: ${t.text}`);
    }
    if (r.ldfi.status === 'done' && r.ldfi.check.verdict !== r.row.expect) missed.push(`${rowLabel(r.row)}: verdict ${r.ldfi.check.verdict}, expected ${r.row.expect}`);
  }
  for (const r of mollyCe) {
    const t = counterexampleTarget(r.ldfi, r.row.molly);
    if (!t.met) missed.push(`${r.row.protocol} (${rowLabel(r.row)}): ${t.text}`);
  }
  for (const r of mollyCert) {
    const t = certificationTarget(r.ldfi, r.row.molly);
    if (!t.met) missed.push(`${r.row.protocol} (${rowLabel(r.row)}): ${t.text}`);
  }
  if (!suite.ran) missed.push(`the bundled suite under 30 s: not measured (${suite.note})`);
  else if (suite.timedOut || suite.wallMs >= 30_000 || suite.exitCode !== 0) {
    missed.push(`the bundled suite: ${suite.timedOut ? 'timeout' : `${(suite.wallMs / 1000).toFixed(1)} s, exit ${suite.exitCode ?? '—'}`} (target: passes in < 30 s)`);
  }

  const seedsText = `seeds 1..${options.seeds}, at most ${options.randomCap.toLocaleString('en-US')} executions each`;
  const md = [
    '# ldfi benchmark',
    '',
    `Generated by \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` in ${(totalMs / 1000).toFixed(0)} s.`,
    '',
    ...machine(loadAtStart),
    '',
    '## How to read it',
    '',
    `- *executions*: simulations run, the fault-free one included (the figure Molly counts). *ldfi time* is the search's own elapsed time (\`CheckResult.elapsedMs\`), measured in a fresh process after the spec was loaded and after ${WARM_UP_RUNS} fault-free warm-up runs; process start and parsing are not in it. *ldfi cpu*: the check process's CPU time (user + system) over the same span. *solver share* = solverMs / elapsedMs.`,
    `- ldfi runs with maxRuns ${LDFI_MAX_RUNS.toLocaleString('en-US')}; each check process (the ldfi check of a row, or all random seeds of a row) is killed after ${options.timeoutMs / 1000} s and reported as a timeout with the executions it had reached.`,
    `- *random*: ${seedsText}. *no counterexample* counts seeds that stopped without one (the cap, or a small space drawn out); their executions are lower bounds, so the mean is then marked "≥". On certified rows random can never succeed: its figure there is the cost of not knowing.`,
    '- *fault space (ours)*: Molly\'s formula (DESIGN §5) on our node sets; Molly\'s figures are from the paper (DESIGN §10).',
    '',
    `## 1. Simulator: one fault-free run at EOT ${SIM_EOT}`,
    '',
    `Median of ${sim.repetitions} runs after ${sim.warmUp} warm-up runs, in the bench's process.`,
    '',
    sim.rows.length ? simulatorTable(sim) : '(no spec selected)\n',
    `Peak memory: simulator section rss ${fmtMB(sim.peakRssBytes)}, heapUsed ${fmtMB(sim.peakHeapBytes)}; bench process maxRSS ${fmtMB(process.resourceUsage().maxRSS * 1024)}; ` +
      `check processes: largest maxRSS ${fmtMB(heaviest?.maxRssBytes ?? null)}${heaviest ? ` (${rowLabel(heaviest.row)})` : ''}, largest heapUsed ${fmtMB(heaviestHeap || null)}.`,
    '',
    '## 2. Verdict rows (issue 3): ldfi against random',
    '',
    'Target (counterexample rows): no more executions than Molly for the same protocol, under 1 s.',
    '',
    verdicts.length ? verdictTable(verdicts, options.seeds) : '(no row selected)\n',
    '## 3. Molly\'s tables (DESIGN §10) on our specs',
    '',
    'Executions to the first counterexample. Target: no more executions than Molly, under 1 s.',
    '',
    mollyCe.length ? mollyCounterexampleTable(mollyCe, spaceOf, options.seeds) : '(no row selected)\n',
    'Executions to certify a correct program. Target: fewer executions than Molly.',
    '',
    mollyCert.length ? mollyCertificationTable(mollyCert, spaceOf) : '(no row selected)\n',
    '## 4. The bundled suite',
    '',
    suite.ran
      ? `\`ldfi suite --quiet\` (default jobs, ${availableParallelism()} here): ${suite.timedOut ? `timeout after ${SUITE_TIMEOUT_MS / 1000} s` : `${(suite.wallMs / 1000).toFixed(1)} s`} wall time, process start included; exit ${suite.exitCode ?? '—'}; "${suite.summary}". Target < 30 s: ${!suite.timedOut && suite.wallMs < 30_000 ? 'met' : 'not met'}.`
      : `Not timed: ${suite.note}.`,
    '',
    '## Targets missed',
    '',
    ...(missed.length ? missed.map((m) => `- ${m}`) : ['None.']),
    '',
  ].join('\n');

  process.stdout.write(md);
  if (options.out !== null) {
    writeFileSync(options.out, md);
    log(`bench: written to ${options.out}`);
  }
  return 0;
}

process.exitCode = await main();
