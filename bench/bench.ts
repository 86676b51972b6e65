/**
 * `npm run bench`: the figures that matter, in one run.
 *
 *   1. the simulator: median time of one fault-free run of every bundled spec at EOT 10, peak memory;
 *   2. the verdict rows: ldfi against random (mean of 25 seeds) in executions and wall time;
 *   3. Molly's two tables on our specs, the paper's published figures beside ours;
 *   4. sweeps against the paper's Figure 13: the highest bound certified in 120 s per protocol;
 *   5. the cost of one execution and where it goes (simulate / lineage / encode / solve);
 *   6. node scaling (3 to 16 nodes) of ack broadcast and two-phase commit;
 *   7. the whole bundled suite, when ldfi.config.json exists;
 *   then every target with its figure, met or not.
 *
 * Markdown on stdout (progress on stderr); a full run also writes bench/RESULTS.md. Every check
 * and every sweep runs in its own process under a time limit, so a slow row reports "timeout"
 * instead of hanging, and its peak memory is its own.
 *
 *   npm run bench -- [--quick] [--only SUBSTRING] [--seeds N] [--timeout SECONDS] [--budget SECONDS] [--out FILE] [--no-write]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
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
  fmtRatio,
  versusRandomTarget,
  wallRatio,
  SIMULATION_MS,
  simulatorTable,
  verdictTable,
} from './format.js';
import { costTable, costTarget, RSS_LIMIT_BYTES, scalingTable, suiteExecutionsTarget, suiteTable, sweepRowsTable, sweepTable, sweepTarget, type CostLine } from './format-scale.js';
import { readReferences } from './suite-reference.js';
import { writeScaledSpec } from './generate.js';
import { measureRow, type Limits, type RowResult } from './measure.js';
import { WARM_UP_RUNS } from './protocol.js';
import {
  MOLLY_CERTIFICATION_ROWS,
  MOLLY_COUNTEREXAMPLE_ROWS,
  rowLabel,
  rowMatches,
  SCALING_BOUNDS,
  SCALING_NODES,
  SWEEP_SPECS,
  TARGET_ROWS,
  VERDICT_ROWS,
  type BenchRow,
  type ScalingRow,
} from './rows.js';
import { measureSweep, SWEEP_GRACE_MS, type SweepFigures } from './sweeps.js';
import { measureSimulator } from './simulator.js';
import { median } from './stats.js';
import { timeSuite, type SuiteTiming } from './suite.js';

const USAGE = `usage: npm run bench -- [options]

  --quick            5 random seeds, 50 simulator repetitions, 30 s per check, 10 s per sweep,
                     3 and 8 nodes only, skip the slow rows and the suite
  --only SUBSTRING   only the rows (and simulator specs) whose label contains SUBSTRING, e.g. 2pc or "kafka 6/4/1"
  --seeds N          random seeds per row, 1..N (default 25; --quick 5)
  --random-cap N     maxRuns of each random check (default 2000)
  --timeout SECONDS  wall-clock limit per check process (default 120; --quick 30)
  --budget SECONDS   budget of each sweep (default 120, as Figure 13; --quick 10)
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
/** ldfi's search is repeated (as many times as random has seeds) while the repetitions take less than this in all. */
const LDFI_REPEAT_BUDGET_MS = 10_000;
const SUITE_TIMEOUT_MS = 600_000;

interface Options {
  readonly quick: boolean;
  readonly only: string | null;
  readonly seeds: number;
  readonly randomCap: number;
  readonly timeoutMs: number;
  readonly budgetMs: number;
  readonly scalingNodes: readonly number[];
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
      budget: { type: 'string' },
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
    budgetMs: whole('budget', values.budget, quick ? 10 : 120) * 1000,
    scalingNodes: quick ? SCALING_NODES.filter((n) => n === 3 || n === 8) : SCALING_NODES,
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
  const limits: Limits = { ldfiMaxRuns: LDFI_MAX_RUNS, randomMaxRuns: options.randomCap, seeds: options.seeds, ldfiRepeat: { times: options.seeds, budgetMs: LDFI_REPEAT_BUDGET_MS }, timeoutMs: options.timeoutMs };

  // Node scaling runs on specs generated from the bundled ones, in a folder removed at the end.
  const generated = mkdtempSync(join(tmpdir(), 'ldfi-bench-'));
  try {
    return await measureAndWrite(options, limits, generated, started, loadAtStart, log);
  } finally {
    rmSync(generated, { recursive: true, force: true });
  }
}

async function measureAndWrite(options: Options, limits: Limits, generated: string, started: number, loadAtStart: string, log: (line: string) => void): Promise<number> {
  // Nodes per spec, for the fault-space sizes (computed here so a timed-out row still has one).
  const specFiles = new Map(bundledSpecs().map((s) => [s.spec, s.file]));
  const fileOf = (r: BenchRow): string => ('file' in r && typeof r.file === 'string' ? r.file : (specFiles.get(r.spec) ?? join(SPECS, `${r.spec}.ded`)));
  const nodesOf = new Map<string, readonly string[]>();
  const spaceOf = (r: BenchRow): number => {
    const key = `${fileOf(r)}@${r.eot}`;
    let nodes = nodesOf.get(key);
    if (!nodes) {
      const loaded = loadSpec([fileOf(r)]);
      nodes = loaded.ok ? defaultNodes(loaded.compiled, r.eot) : [];
      nodesOf.set(key, nodes);
    }
    return faultSpaceSize({ nodes, eot: r.eot, eff: r.eff, crashes: r.crashes });
  };
  const planOf = (r: BenchRow, random: boolean): { file: string; random: boolean; skip: string | null } => ({
    file: fileOf(r),
    random,
    skip: options.quick && r.slow ? '--quick' : null,
  });
  async function measureAll<R extends BenchRow & { readonly protocol?: string }>(rows: readonly R[], random: (r: R) => boolean): Promise<RowResult<R>[]> {
    const out: RowResult<R>[] = [];
    for (const row of rows.filter((r) => rowMatches(r, options.only))) {
      log(`${rowLabel(row)}${row.protocol ? ` (${row.protocol})` : ''}`);
      out.push(await measureRow(row, planOf(row, random(row)), limits, log));
    }
    return out;
  }

  // 1. Simulator.
  const simSpecs = bundledSpecs().filter((s) => options.only === null || s.spec.includes(options.only) || options.only.includes(s.spec));
  log(`simulator: ${simSpecs.length} specs × ${options.simRepetitions} runs at EOT ${SIM_EOT}`);
  const sim = measureSimulator(simSpecs, SIM_EOT, options.simRepetitions, 20);

  // 2–3. Checks.
  const verdicts = await measureAll(VERDICT_ROWS, () => true);
  const mollyCe = await measureAll(MOLLY_COUNTEREXAMPLE_ROWS, () => true);
  const mollyCert = await measureAll(MOLLY_CERTIFICATION_ROWS, () => false);

  // 4. Sweeps, each in its own process with the whole budget.
  const sweepSpecs = SWEEP_SPECS.filter((s) => options.only === null || s.spec.includes(options.only) || s.protocol.includes(options.only));
  const notBundled = sweepSpecs.filter((s) => !specFiles.has(s.spec));
  const sweeps: SweepFigures[] = [];
  for (const spec of sweepSpecs.filter((s) => specFiles.has(s.spec))) {
    log(`sweep ${spec.spec} (${spec.protocol}), budget ${options.budgetMs / 1000} s`);
    sweeps.push(await measureSweep(spec, specFiles.get(spec.spec)!, options.budgetMs, log));
  }

  // 5. The rows with a cost or size target. Random cannot certify them.
  const targetRows = await measureAll(TARGET_ROWS, () => false);

  // 6. Node scaling, on generated specs; random only where there is a counterexample to race for.
  const scalingRows: ScalingRow[] = SCALING_BOUNDS.flatMap((b) =>
    options.scalingNodes.map((n) => ({
      spec: `${b.protocol}-${n}`,
      protocol: b.protocol,
      nodes: n,
      file: writeScaledSpec(b.protocol, SPECS, n, generated),
      eot: b.eot,
      eff: b.eff,
      crashes: b.crashes,
      expect: b.expect,
    })),
  );
  const scaling = await measureAll(scalingRows, (r) => r.expect === 'counterexample');

  // 7. Suite.
  let suite: SuiteTiming;
  if (options.only !== null) suite = { ran: false, note: 'skipped under --only' };
  else if (options.quick) suite = { ran: false, note: 'skipped under --quick' };
  else {
    log('suite: ldfi suite --json --quiet (when ldfi.config.json exists)');
    suite = await timeSuite(REPO, SUITE_TIMEOUT_MS);
  }

  const checks: RowResult<BenchRow>[] = [...verdicts, ...mollyCe, ...mollyCert, ...targetRows, ...scaling];
  const heaviest = checks.reduce<RowResult<BenchRow> | null>((m, r) => ((r.maxRssBytes ?? 0) > (m?.maxRssBytes ?? 0) ? r : m), null);
  const heaviestHeap = Math.max(0, ...checks.map((r) => r.peakHeapBytes ?? 0));
  const heaviestSweep = sweeps.reduce<SweepFigures | null>((m, f) => ((f.maxRssBytes ?? 0) > (m?.maxRssBytes ?? 0) ? f : m), null);
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

  // The suite's executions against the commits recorded in bench/suite-reference.json; the target
  // names the one where the sound lineage had landed.
  const references = readReferences();
  const soundBase = references.find((r) => r.label.startsWith('sound lineage'));
  const suiteLines = suite.ran ? suite.entries : [];
  const scale = scaleTargets({ sweeps, targetRows, scaling, races: [...verdicts, ...mollyCe, ...scaling], suite, checks, options });
  scale.push({ what: `no suite entry needs more executions than once the sound lineage had landed${soundBase ? ` (${soundBase.commit})` : ''}`, ...(suite.ran ? suiteExecutionsTarget(suiteLines, soundBase) : { met: false, text: `not measured (${suite.note})` }) });
  for (const t of scale) if (!t.met) missed.push(`${t.what}: ${t.text}`);

  const costLines: CostLine[] = [...verdicts, ...mollyCe, ...mollyCert, ...targetRows].map((r) => ({ label: rowLabel(r.row), ldfi: r.ldfi }));
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
    `- Everything runs as it ships: ${import.meta.url.endsWith('.js') ? '`npm run bench` compiles the sources (`tsc`) and runs the bench, every check process and the suite from `dist/`, as the `ldfi` command does' : 'this run loaded the sources through tsx (`npm run bench` runs the compiled `dist/`), which adds its transpiler to every process and worker thread: the peak memory figures are higher than the CLI\'s'}.`,
    `- *executions*: simulations run, the fault-free one included (the figure Molly counts). *ldfi time* is the search's own elapsed time (\`CheckResult.elapsedMs\`), measured in a fresh process after the spec was loaded, after ${WARM_UP_RUNS} fault-free warm-up runs and one small check of the same strategy (EOT ≤ 4, EFF ≤ 3, ≤ 1 crash) on a separately loaded copy of the spec, so both strategies run compiled code and neither reuses the other's per-program caches; process start and parsing are not in it. That first search is then repeated on freshly loaded copies of the spec (each pays the per-program work — the possible run — again) up to ${options.seeds} searches in all, or fewer once they have taken ${LDFI_REPEAT_BUDGET_MS / 1000} s together; every repetition must give the same verdict, executions and counterexample. *ldfi time (mean of searches)* is their mean (the count in brackets), the figure set against random's mean over as many seeds: both means include one cold first search. *ldfi cpu*: the check process's CPU time (user + system) over the same span. *solver share* = solverMs / elapsedMs.`,
    `- ldfi runs with maxRuns ${LDFI_MAX_RUNS.toLocaleString('en-US')}; each check process (the ldfi check of a row, or all random seeds of a row) is killed after ${options.timeoutMs / 1000} s and reported as a timeout with the executions it had reached.`,
    `- *random*: ${seedsText}, in its own process right after ldfi's on the same row. *no counterexample* counts seeds that stopped without one (the cap, or a small space drawn out); their executions are lower bounds, so the mean is then marked "≥". On certified rows random can never succeed: its figure there is the cost of not knowing. *ldfi ÷ random time* divides ldfi's mean search time by random's mean time per seed.`,
    `- logic-solver (MiniSat compiled to JS) is loaded in each ldfi check process before its search starts, so the one-time load is not in any ldfi time: it took ${fmtMs(median(checks.map((r) => r.solverLoadMs).filter((x): x is number => x !== null)))} (median over the ${checks.filter((r) => r.solverLoadMs !== null).length} ldfi processes here). \`ldfi check\` pays it once, when a solver session first outgrows the JS CDCL solver (past 10,000 clauses, or a solve past 20,000 conflicts: see src/solve/cnf.ts); \`lint\`, \`run\` and searches with small sessions never do.`,
    '- *peak RSS*: the peak resident set of the check process (`process.resourceUsage().maxRSS`; for a killed process, the largest it reported on the way).',
    '- *fault space (ours)*: the number of fault sets Molly\'s formula gives for our node sets (see src/faults/space.ts); Molly\'s figures are from the paper (Alvaro, Rosen, Hellerstein, SIGMOD 2015).',
    '',
    `## 1. Simulator: one fault-free run at EOT ${SIM_EOT}`,
    '',
    `Median of ${sim.repetitions} runs after ${sim.warmUp} warm-up runs, in the bench's process.`,
    '',
    sim.rows.length ? simulatorTable(sim) : '(no spec selected)\n',
    `Peak memory: simulator section rss ${fmtMB(sim.peakRssBytes)}, heapUsed ${fmtMB(sim.peakHeapBytes)}; bench process maxRSS ${fmtMB(process.resourceUsage().maxRSS * 1024)}; ` +
      `check processes: largest maxRSS ${fmtMB(heaviest?.maxRssBytes ?? null)}${heaviest ? ` (${rowLabel(heaviest.row)})` : ''}, largest heapUsed ${fmtMB(heaviestHeap || null)}; ` +
      `sweep processes: largest maxRSS ${fmtMB(heaviestSweep?.maxRssBytes ?? null)}${heaviestSweep ? ` (${heaviestSweep.spec.spec})` : ''}.`,
    '',
    '## 2. Verdict rows: ldfi against random',
    '',
    'Targets: on a counterexample row, no more executions than Molly for the same protocol and under 1 s; and in wall time, faster than random where random needs ≥ 10 executions on average, within 2× of it elsewhere.',
    '',
    verdicts.length ? verdictTable(verdicts, options.seeds) : '(no row selected)\n',
    '## 3. Molly\'s tables (SIGMOD 2015) on our specs',
    '',
    'Executions to the first counterexample. Targets: no more executions than Molly, under 1 s; the wall-time race with random as in section 2.',
    '',
    mollyCe.length ? mollyCounterexampleTable(mollyCe, spaceOf, options.seeds) : '(no row selected)\n',
    'Executions to certify a correct program. Target: fewer executions than Molly.',
    '',
    mollyCert.length ? mollyCertificationTable(mollyCert, spaceOf) : '(no row selected)\n',
    `## 4. Sweeps against Molly's Figure 13 (${options.budgetMs / 1000} s each)`,
    '',
    `Figure 13 of the paper gives the highest bounds Molly certified in a 120 s sweep with EFF = EOT − 1 and one crash. Here each protocol is swept by \`ldfi sweep\`'s loop (\`src/search/sweep.ts\`: EOT 3, 4, …, 8, then +⌊EOT/4⌋ per row) in its own process with a ${options.budgetMs / 1000} s budget; a row the budget cuts short ends incomplete and does not count. *process time* includes start-up and the spec's loading; a process still running ${SWEEP_GRACE_MS / 1000} s past its budget is killed. Targets: ack broadcast certified at EOT ≥ 24, Paxos at EOT ≥ 96, and Figure 13's bounds exceeded severalfold.`,
    '',
    sweeps.length ? sweepTable(sweeps) : '(no sweep selected)\n',
    ...(notBundled.length ? [`Not in specs/ yet, so not swept: ${notBundled.map((s) => `${s.protocol} (\`specs/${s.spec}.ded\`${s.molly !== undefined ? `, Molly ${s.molly}/${s.molly - 1}` : ''})`).join('; ')}.`, ''] : []),
    '<details><summary>Every row of every sweep</summary>',
    '',
    sweeps.length ? sweepRowsTable(sweeps) : '(none)\n',
    '</details>',
    '',
    '## 5. The cost of one execution, and where it goes',
    '',
    `Every ldfi check of sections 2 and 3 and the target rows: the first search's time and time per execution, then over all the row's searches (the first and its repetitions) the mean time per execution, the simulation inside it (phases.simulateMs per execution), their ratio, and the split of the mean search time over \`CheckResult.phases\`: *simulate*; *lineage* (the possible run, each run's abstraction and goals); *encode* (constraints into the solver's session, also when a question first builds it); *solve* (choosing hypotheses: the smallest sets judged by evaluating the constraints, then the SAT solver); *other*, the rest: the search's own bookkeeping. Targets on ack broadcast 14/13/1: ≤ 5 ms per execution on average (judged on the mean over searches; the first search is quoted beside it), solver share < 50 %; relay broadcast at EOT 2,000 runs without error.`,
    '',
    costLines.length ? costTable(costLines) : '(no row selected)\n',
    '## 6. Node scaling',
    '',
    `Ack broadcast and two-phase commit with ${options.scalingNodes.join(', ')} nodes. The specs are generated by the bench (\`bench/generate.ts\`) from \`specs/ack-broadcast.ded\` and \`specs/2pc.ded\` themselves: their rules and invariants are kept as they are, only the facts are written for N nodes (ack broadcast: N fully connected nodes, \`a\` broadcasts; 2pc: coordinator \`C\` and N − 1 agents). Random runs on the counterexample rows (on certified rows it can only exhaust its cap). Target: 16-node ack broadcast at 20/3/1 finishes without heap exhaustion, peak RSS under 1 GB.`,
    '',
    scaling.length ? scalingTable(scaling, spaceOf) : '(no row selected)\n',
    '## 7. The bundled suite',
    '',
    suite.ran
      ? `\`ldfi suite --json --quiet\` (default jobs, ${availableParallelism()} here): ${suite.timedOut ? `timeout after ${SUITE_TIMEOUT_MS / 1000} s` : `${(suite.wallMs / 1000).toFixed(1)} s`} wall time, process start included; exit ${suite.exitCode ?? '—'}; "${suite.summary}"; peak RSS ${fmtMB(suite.maxRssBytes)}. Target < 30 s: ${!suite.timedOut && suite.wallMs < 30_000 ? 'met' : 'not met'}.`
      : `Not timed: ${suite.note}.`,
    '',
    ...(suite.ran
      ? [
          `Executions per entry now and at the commits recorded in \`bench/suite-reference.json\` (measured by \`bench/suite-reference.ts\`, which runs that checkout's own \`ldfi suite --json\`; d264208 is the engine before the sound lineage abstraction, d403956 its last commit before the scale work). Target: no entry needs more executions than once the sound lineage had landed.`,
          '',
          suiteTable(suiteLines, references, soundBase),
        ]
      : []),
    '## Scale targets',
    '',
    ...scale.map((t) => `- ${t.what}: **${t.met ? 'met' : 'not met'}** — ${t.text.replace(/^(not )?met \((.*?)\)(;|$)/, '$2$3')}`),
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

interface ScaleTarget {
  readonly what: string;
  readonly met: boolean;
  readonly text: string;
}

/** The range of ldfi ÷ random over rows, e.g. "ldfi ÷ random from 3.06× to 71×". */
function raceSpread(rows: readonly RowResult<BenchRow>[]): string {
  const ratios = rows.map((r) => wallRatio(r.ldfi, r.random)).filter((x) => !Number.isNaN(x));
  if (ratios.length === 0) return 'no ratio measured';
  return `ldfi ÷ random from ${fmtRatio(Math.min(...ratios))} to ${fmtRatio(Math.max(...ratios))}`;
}

/** The scale targets, each with the figure that decides it. */
function scaleTargets(m: {
  sweeps: readonly SweepFigures[];
  targetRows: readonly RowResult<BenchRow>[];
  scaling: readonly RowResult<ScalingRow>[];
  races: readonly RowResult<BenchRow>[];
  suite: SuiteTiming;
  checks: readonly RowResult<BenchRow>[];
  options: Options;
}): ScaleTarget[] {
  const out: ScaleTarget[] = [];
  const budget = `${m.options.budgetMs / 1000} s`;
  for (const f of m.sweeps) {
    const t = sweepTarget(f);
    if (t) out.push({ what: `${f.spec.protocol} sweep certifies EOT ≥ ${f.spec.target} within 120 s (budget here ${budget})`, met: t.met && m.options.budgetMs <= 120_000, text: t.text });
  }
  for (const s of SWEEP_SPECS.filter((s) => s.target !== undefined && !m.sweeps.some((f) => f.spec.spec === s.spec))) {
    out.push({ what: `${s.protocol} sweep certifies EOT ≥ ${s.target} within 120 s`, met: false, text: 'not measured' });
  }
  const row = (spec: string, eot: number) => m.targetRows.find((r) => r.row.spec === spec && r.row.eot === eot);
  const ack = row('ack-broadcast', 14);
  out.push({ what: 'cost per execution on ack broadcast 14/13/1 ≤ 5 ms on average, solver share < 50 %', ...(ack ? costTarget(ack.ldfi) : { met: false, text: 'not measured' }) });
  const relay = row('relay-broadcast', 2000);
  out.push({
    what: 'relay broadcast runs at EOT 2,000 without error',
    ...(relay?.ldfi.status === 'done'
      ? { met: true, text: `met (${relay.ldfi.check.verdict}, ${relay.ldfi.check.executions} executions, ${fmtMs(relay.ldfi.check.elapsedMs)})` }
      : { met: false, text: relay ? `not met (${relay.ldfi.status === 'error' ? relay.ldfi.message : relay.ldfi.status})` : 'not measured' }),
  });
  const ack16 = m.scaling.find((r) => r.row.protocol === 'ack-broadcast' && r.row.nodes === 16);
  out.push({
    what: '16-node ack broadcast at 20/3/1 finishes without heap exhaustion, peak RSS under 1 GB',
    ...(ack16
      ? ack16.ldfi.status === 'done' && (ack16.ldfiRssBytes ?? Infinity) < RSS_LIMIT_BYTES
        ? { met: true, text: `met (${ack16.ldfi.check.verdict}, peak RSS ${fmtMB(ack16.ldfiRssBytes)})` }
        : { met: false, text: `not met (${ack16.ldfi.status === 'done' ? `peak RSS ${fmtMB(ack16.ldfiRssBytes)}` : ack16.ldfi.status})` }
      : { met: false, text: 'not measured (16 nodes not in this run)' }),
  });
  // The corpus: every bundled spec at the bounds of the suite, and every check this bench runs.
  // Sweeps go as far as their budget allows, so their memory is reported beside it, not judged.
  const ran = m.checks.filter((r) => r.ldfi.status !== 'skipped');
  const heavy = ran.map((r) => ({ label: rowLabel(r.row), rss: r.maxRssBytes, failed: r.ldfi.status === 'error' }));
  if (m.suite.ran) heavy.push({ label: 'the bundled suite', rss: m.suite.maxRssBytes, failed: m.suite.exitCode === 2 });
  const over = heavy.filter((h) => h.failed || h.rss === null || h.rss >= RSS_LIMIT_BYTES);
  const top = heavy.reduce<(typeof heavy)[number] | null>((a, h) => ((h.rss ?? 0) > (a?.rss ?? 0) ? h : a), null);
  const sweepsRss = m.sweeps.map((f) => `${f.spec.spec} ${fmtMB(f.maxRssBytes)} (up to EOT ${f.rows.at(-1)?.eot ?? '—'})`).join(', ');
  out.push({
    what: `every spec of the corpus (the bundled suite${m.suite.ran ? '' : ', not run here'}, and every check process of this bench) without heap exhaustion, peak RSS under 1 GB`,
    met: over.length === 0 && m.suite.ran,
    text:
      (over.length === 0 ? `${m.suite.ran ? 'met' : 'not measured in full'} (largest: ${top ? `${fmtMB(top.rss)}, ${top.label}` : '—'})` : `not met (${over.map((h) => `${h.label}: ${h.failed ? 'error' : fmtMB(h.rss)}`).join('; ')})`) +
      (sweepsRss ? `; not judged: the sweeps' peak RSS, ${sweepsRss}` : ''),
  });
  const races = m.races.map((r) => ({ r, t: versusRandomTarget(r.row.expect, r.ldfi, r.random) })).filter((x) => x.t !== null);
  const lost = races.filter((x) => !x.t!.met);
  out.push({
    what: 'on every counterexample row, ldfi faster than random in wall time where random needs ≥ 10 executions on average, within 2× elsewhere',
    met: races.length > 0 && lost.length === 0,
    text: races.length === 0 ? 'not measured' : lost.length === 0 ? `met on all ${races.length} rows` : `not met on ${lost.length} of ${races.length} rows (${raceSpread(lost.map((x) => x.r))}; each row in sections 2, 3 and 6)`,
  });
  return out;
}

process.exitCode = await main();
