/**
 * `ldfi check FILES… --eot N --eff N --crashes N`: search for a counterexample.
 * Exit 0 certified, 1 counterexample, 2 bad input, 3 incomplete (--max-runs reached).
 */
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { boundsProblems, checkFaultTolerance, defaultMaxRuns, DEFAULT_EXHAUSTIVE_LIMIT, DEFAULT_MAX_RUNS, exhaustiveRefusal } from '../search/check.js';
import type { Bounds, FaultSet } from '../faults/types.js';
import type { CheckResult, Strategy } from '../search/types.js';
import type { Oracle } from '../search/oracle.js';
import { explainCheck, possibleRunWarning } from '../explain/explain.js';
import { displayPath } from '../report/paths.js';
import { renderCheckReport } from '../report/write.js';
import { MAX_EOT } from '../sim/limits.js';
import { defaultNodes } from '../sim/nodes.js';
import { simulate } from '../sim/simulate.js';
import type { CliContext } from './context.js';
import { loadCommandSpec } from './load.js';
import { unfaultableWarning, unknownNodes } from './nodes.js';
import { checkJson, formatCheck } from './format-check.js';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK, UsageError } from './io.js';
import { stoppedAtRule } from './located.js';
import { includeDir, jobsOption, jobsWithoutBatch, nodeList, oracleOption, wholeNumber } from './options.js';
import { checkOutputs, writeOutputs, type OutputFile, type OutputRequest } from './outputs.js';
import { progressPrinter } from './progress.js';
import { programFacts } from '../lineage/possible.js';

export interface CheckCliOptions {
  eot: number;
  eff?: number;
  crashes: number;
  nodes?: string[];
  strategy: Strategy;
  oracle: Oracle;
  maxRuns?: number;
  all?: boolean;
  symmetry?: boolean;
  batch: number;
  jobs: number;
  seed: number;
  json?: boolean;
  jsonFile?: string;
  report?: string;
  includePath?: string[];
  quiet?: boolean;
  show?: 'lineage' | 'cnf';
}

/**
 * An option that only one strategy reads, given with another, or --jobs without rounds to run in
 * parallel: it would be ignored in silence, so it is refused before the spec is read.
 */
function strategyConflict(opts: CheckCliOptions, given: (name: string) => boolean): string | null {
  if (opts.strategy !== 'ldfi') {
    if (opts.show) return `--show ${opts.show} shows what the ldfi search builds; --strategy ${opts.strategy} builds no formula`;
    if (opts.symmetry) return `--symmetry narrows the ldfi search; --strategy ${opts.strategy} would ignore it`;
    if (given('batch')) return `--batch ${opts.batch} sets the rounds of the ldfi search; --strategy ${opts.strategy} would ignore it`;
    if (given('jobs')) return `--jobs ${opts.jobs} runs rounds of the ldfi search in parallel; --strategy ${opts.strategy} would ignore it`;
  } else if (given('jobs')) {
    const alone = jobsWithoutBatch(opts.jobs, opts.batch);
    if (alone !== null) return alone;
  }
  if (opts.strategy !== 'random' && given('seed')) return `--seed ${opts.seed} seeds the random strategy; --strategy ${opts.strategy} draws nothing at random`;
  return null;
}

export function exitCodeOf(r: CheckResult): number {
  return r.verdict === 'certified' ? EXIT_OK : r.verdict === 'counterexample' ? EXIT_FINDINGS : EXIT_INCOMPLETE;
}

export function checkCommand(ctx: CliContext): Command {
  return new Command('check')
    .description('search for the smallest fault set that breaks the invariant, or certify there is none within the bounds')
    .argument('<files...>', 'spec files; includes are followed')
    .option('--eot <n>', `end of time: the last timestep simulated (at most ${MAX_EOT.toLocaleString('en-US')})`, wholeNumber('--eot', 1, MAX_EOT), 6)
    .option('--eff <n>', 'end of finite failures: messages may be lost only when sent before this time (default: min(3, EOT))', wholeNumber('--eff', 0))
    .option('--crashes <n>', 'most nodes that may crash', wholeNumber('--crashes', 0), 0)
    .option('--nodes <list>', 'comma-separated nodes (default: the first column of every fact, and every node that sends or receives a message in the fault-free run or could in a run with faults)', nodeList)
    .addOption(new Option('--strategy <name>', 'ldfi, random (baseline) or exhaustive (oracle, small bounds only)').choices(['ldfi', 'random', 'exhaustive']).default('ldfi'))
    .addOption(oracleOption())
    .option('--max-runs <n>', `stop after this many simulations with verdict "incomplete" (exit 3) (default: ${DEFAULT_MAX_RUNS.toLocaleString('en-US')}; exhaustive: ${DEFAULT_EXHAUSTIVE_LIMIT.toLocaleString('en-US')})`, wholeNumber('--max-runs', 1))
    .option('--all', 'keep searching after the first counterexample and list every one found')
    .option('--batch <n>', 'ldfi: hypotheses chosen per round, all of the smallest size left, before any of them runs; rounds of more than one can run in parallel (see --jobs)', wholeNumber('--batch', 1), 1)
    .addOption(jobsOption('ldfi with --batch > 1: worker threads that simulate and analyse a round; the result does not depend on it'))
    .option('--symmetry', 'ldfi: of fault sets that differ only by swapping interchangeable nodes (same facts up to renaming, never named or ordered by a rule), run one (off by default)')
    .option('--seed <n>', 'seed of the random strategy', wholeNumber('--seed', 0), 1)
    .option('--json', 'print the result as JSON on stdout instead of text')
    .option('--json-file <file>', 'also write the result as JSON to FILE')
    .option('--report <dir>', 'write a self-contained HTML lineage report to DIR/index.html')
    .option('-I, --include-path <dir>', 'also look for included files in DIR (repeatable)', includeDir)
    .addOption(new Option('--show <form>', 'print an intermediate form of the ldfi search on stdout before the verdict: each learned lineage formula, or the CNF given to the solver').choices(['lineage', 'cnf']))
    .option('-q, --quiet', 'no progress on stderr, nor the line naming the report')
    .action((files: string[], opts: CheckCliOptions, command: Command) => {
      const given = (name: string): boolean => command.getOptionValueSource(name) === 'cli';
      const conflict = strategyConflict(opts, given);
      if (conflict !== null) throw new UsageError(conflict);
      const spec = loadCommandSpec(ctx, files, opts.includePath, true);
      if (spec === null) return;
      // Output paths are checked as soon as the inputs are known: the default nodes can take a while (the possible run).
      const outputs: OutputRequest[] = [];
      if (opts.report !== undefined) outputs.push({ option: '--report', kind: 'dir', path: opts.report, writes: ['index.html'] });
      if (opts.jsonFile !== undefined) outputs.push({ option: '--json-file', kind: 'file', path: opts.jsonFile });
      checkOutputs(outputs, spec.inputs);
      const unknown = opts.nodes ? unknownNodes(opts.nodes, spec, opts.eot) : null;
      if (unknown !== null) throw new UsageError(unknown);
      // The default nodes come from a fault-free run, which the program itself can stop.
      const nodes = opts.nodes ?? stoppedAtRule(() => defaultNodes(spec.compiled, opts.eot), spec.sources, ctx.io.stderr);
      if (nodes === null) return ctx.setExit(EXIT_BAD_INPUT);
      const bounds: Bounds = {
        nodes,
        eot: opts.eot,
        eff: opts.eff ?? Math.min(3, opts.eot),
        crashes: opts.crashes,
      };
      const problems = boundsProblems(bounds, [...spec.constants]);
      if (problems.length > 0) throw new UsageError(problems.join('\n  '));
      const unfaultable = unfaultableWarning(spec.compiled, bounds.nodes, bounds.eot);
      if (unfaultable !== null) ctx.io.stderr(unfaultable);
      if (opts.show && opts.json === true) throw new UsageError('--show prints text on stdout; it cannot be combined with JSON on stdout');
      const refusal = opts.strategy === 'exhaustive' ? exhaustiveRefusal(bounds) : null;
      if (refusal !== null) throw new UsageError(refusal);

      // Whether ldfi's search lost its possible run, asked while it runs: it says so before it ends.
      const slowNote = (): string | null => (opts.strategy === 'ldfi' ? (possibleRunWarning(programFacts(spec.compiled, bounds).unavailable)?.text ?? null) : null);
      const progress = opts.quiet ? null : progressPrinter(ctx.io, 'check', slowNote);
      const run = (): CheckResult =>
        checkFaultTolerance(spec.compiled, {
          bounds,
          strategy: opts.strategy,
          oracle: opts.oracle,
          maxRuns: opts.maxRuns ?? defaultMaxRuns(opts.strategy),
          all: opts.all ?? false,
          ...(opts.symmetry ? { symmetry: true } : {}),
          ...(opts.batch > 1 ? { batch: opts.batch, parallel: { jobs: opts.jobs, files, includePath: opts.includePath ?? [] } } : {}),
          seed: opts.seed,
          ...(progress ? { onProgress: progress.update } : {}),
          ...(opts.show ? { show: opts.show, onShow: (text: string) => ctx.io.stdout(text) } : {}),
        });
      const result = stoppedAtRule(run, spec.sources, (s) => {
        progress?.finish();
        ctx.io.stderr(s);
      });
      progress?.finish();
      if (result === null) return ctx.setExit(EXIT_BAD_INPUT);

      const shown = (p: string): string => displayPath(p, process.cwd());
      const rerun = (faults: FaultSet) => simulate(spec.compiled, { nodes: bounds.nodes, eot: bounds.eot, faults });
      // The explanation and the page re-simulate runs; the program can stop those too.
      const rendered = stoppedAtRule(
        () => {
          const why = explainCheck(spec.compiled.rules, result, rerun, { displayPath: shown });
          const written: OutputFile[] = [];
          if (opts.report !== undefined) {
            const page = renderCheckReport({
              title: files.map(shown).join(' '),
              files: files.map(shown),
              check: result,
              rules: spec.compiled.rules,
              sources: spec.program.files.map((f) => ({ ...f, path: shown(f.path) })),
              simulate: rerun,
              displayPath: shown,
              replayProgram: ctx.ldfi,
            });
            written.push({ path: join(opts.report, 'index.html'), content: page });
          }
          if (opts.jsonFile !== undefined) written.push({ path: opts.jsonFile, content: checkJson(files, result, why, ctx.ldfi) });
          return { why, written };
        },
        spec.sources,
        ctx.io.stderr,
      );
      if (rendered === null) return ctx.setExit(EXIT_BAD_INPUT);
      writeOutputs(rendered.written);
      if (opts.report !== undefined && !opts.quiet) ctx.io.stderr(`report: ${join(opts.report, 'index.html')}\n`);
      ctx.io.stdout(opts.json ? checkJson(files, result, rendered.why, ctx.ldfi) : formatCheck(files, result, rendered.why, ctx.ldfi));
      ctx.setExit(exitCodeOf(result));
    });
}
