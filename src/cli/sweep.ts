/**
 * `ldfi sweep FILES… --crashes C`: check at growing bounds within a time budget and report the
 * highest bound certified (search/sweep.ts). Exit 0 when no row found a counterexample and one
 * was certified, 1 on a counterexample, 2 bad input, 3 when no row could be certified.
 */
import { Command, Option } from 'commander';
import { explainCheck } from '../explain/explain.js';
import { displayPath } from '../report/paths.js';
import { boundsProblems } from '../search/check.js';
import type { Oracle } from '../search/oracle.js';
import { DEFAULT_BUDGET_MS, DEFAULT_EFF_GAP, defaultStartEot, sweep, sweepBounds, sweepProblems, type SweepResult, type SweepRow } from '../search/sweep.js';
import { MAX_EOT } from '../sim/limits.js';
import { simulate } from '../sim/simulate.js';
import { renderDiagnostics } from '../syntax/diagnostic.js';
import type { CliContext } from './context.js';
import { loadCommandSpec } from './load.js';
import { unfaultableWarning, unknownNodes } from './nodes.js';
import { formatDuration, formatSweepEnd, formatSweepHeader, formatSweepRow, SCHEDULE, sweepJson, type SweepExplanation } from './format-sweep.js';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK, UsageError } from './io.js';
import { ruleErrorDiagnostic, stoppedAtRule } from './located.js';
import { duration, includeDir, jobsOption, jobsWithoutBatch, nodeList, oracleOption, wholeNumber } from './options.js';
import { checkOutputs, writeOutputs, type OutputRequest } from './outputs.js';
import { progressPrinter, type ProgressPrinter } from './progress.js';

export interface SweepCliOptions {
  crashes: number;
  effGap: number;
  budget: number;
  startEot?: number;
  maxEot?: number;
  nodes?: string[];
  oracle: Oracle;
  json?: boolean;
  jsonFile?: string;
  includePath?: string[];
  quiet?: boolean;
  symmetry?: boolean;
  batch: number;
  jobs: number;
}

export function sweepExitCode(r: SweepResult): number {
  if (r.counterexample) return EXIT_FINDINGS;
  return r.highestCertified ? EXIT_OK : EXIT_INCOMPLETE;
}

export function sweepCommand(ctx: CliContext): Command {
  return new Command('sweep')
    .description(`check at growing bounds (EFF = EOT − gap) until a counterexample, the time budget or --max-eot, and report the highest bound certified. ${SCHEDULE}`)
    .argument('<files...>', 'spec files; includes are followed')
    .requiredOption('--crashes <n>', 'most nodes that may crash, on every row (required)', wholeNumber('--crashes', 0))
    .option('--eff-gap <n>', 'EFF = EOT − gap on every row', wholeNumber('--eff-gap', 0), DEFAULT_EFF_GAP)
    .addOption(
      new Option('--budget <time>', 'wall-clock budget of the whole sweep, e.g. 120s, 2m, 500ms (a bare number is seconds); the row it cuts short is reported incomplete, and since it is checked between runs, one run or solve may overrun it')
        .argParser(duration('--budget'))
        .default(DEFAULT_BUDGET_MS, formatDuration(DEFAULT_BUDGET_MS).replace(' ', '')),
    )
    .option('--start-eot <n>', 'EOT of the first row (default: gap + 2)', wholeNumber('--start-eot', 1, MAX_EOT))
    .option('--max-eot <n>', `EOT of the last row (default: ${MAX_EOT.toLocaleString('en-US')}, the largest a run accepts; the budget usually ends the sweep first)`, wholeNumber('--max-eot', 1, MAX_EOT))
    .option('--nodes <list>', 'comma-separated nodes, the same on every row (default: for each row, what check takes at its EOT)', nodeList)
    .addOption(oracleOption())
    .option('--json', 'print the sweep as JSON on stdout instead of text')
    .option('--json-file <file>', 'also write the sweep as JSON to FILE')
    .option('-I, --include-path <dir>', 'also look for included files in DIR (repeatable)', includeDir)
    .option('--symmetry', 'as check: run one fault set of each pair that differ by a swap of interchangeable nodes')
    .option('--batch <n>', 'as check: hypotheses chosen per round', wholeNumber('--batch', 1), 1)
    .addOption(jobsOption('as check: worker threads for a round of more than one'))
    .option('-q, --quiet', 'no progress on stderr')
    .action((files: string[], opts: SweepCliOptions, command: Command) => {
      const alone = command.getOptionValueSource('jobs') === 'cli' ? jobsWithoutBatch(opts.jobs, opts.batch) : null;
      if (alone !== null) throw new UsageError(alone);
      const startEot = opts.startEot ?? defaultStartEot(opts.effGap);
      const maxEot = opts.maxEot ?? null;
      const problems = sweepProblems({ crashes: opts.crashes, effGap: opts.effGap, budgetMs: opts.budget, startEot, maxEot });
      if (problems.length > 0) throw new UsageError(problems.join('\n  '));
      const spec = loadCommandSpec(ctx, files, opts.includePath, true);
      if (spec === null) return;
      // Output paths are checked as soon as the inputs are known: the default nodes can take a while (the possible run).
      const outputs: OutputRequest[] = opts.jsonFile !== undefined ? [{ option: '--json-file', kind: 'file', path: opts.jsonFile }] : [];
      checkOutputs(outputs, spec.inputs);
      const unknown = opts.nodes ? unknownNodes(opts.nodes, spec, startEot) : null;
      if (unknown !== null) throw new UsageError(unknown);
      const options = {
        crashes: opts.crashes,
        effGap: opts.effGap,
        budgetMs: opts.budget,
        startEot,
        ...(maxEot !== null ? { maxEot } : {}),
        ...(opts.nodes ? { nodes: opts.nodes } : {}),
        oracle: opts.oracle,
        search: {
          ...(opts.symmetry ? { symmetry: true } : {}),
          ...(opts.batch > 1 ? { batch: opts.batch, parallel: { jobs: opts.jobs, files, includePath: opts.includePath ?? [] } } : {}),
        },
      };
      // The first row's bounds stand for all: nodes only grow with EOT, and EFF stays EOT − gap.
      // Its default nodes come from a fault-free run, which the program itself can stop.
      const first = stoppedAtRule(() => sweepBounds(spec.compiled, options, startEot), spec.sources, ctx.io.stderr);
      if (first === null) return ctx.setExit(EXIT_BAD_INPUT);
      const bad = boundsProblems(first, [...spec.constants]);
      if (bad.length > 0) throw new UsageError(bad.join('\n  '));
      const unfaultable = unfaultableWarning(spec.compiled, first.nodes, first.eot);
      if (unfaultable !== null) ctx.io.stderr(unfaultable);

      const text = !opts.json;
      // The header goes out with the first row: a first row the program stops leaves stdout empty.
      const header = formatSweepHeader({ files, crashes: opts.crashes, effGap: opts.effGap, budgetMs: opts.budget, startEot, maxEot, nodes: first.nodes, molly: opts.oracle === 'molly' });
      // One progress printer per row, made when the row reports its first progress.
      const live: { printer: ProgressPrinter | null; eot: number } = { printer: null, eot: 0 };
      const endProgress = (): void => {
        live.printer?.finish();
        live.printer = null;
      };
      let rowsPrinted = 0;
      const run = (): SweepResult => sweep(spec.compiled, {
        ...options,
        onRow: (row) => {
          endProgress();
          if (text) ctx.io.stdout(`${rowsPrinted++ === 0 ? header : ''}${formatSweepRow(row, first.nodes)}`);
        },
        ...(opts.quiet
          ? {}
          : {
              onProgress: (bounds, p) => {
                if (live.printer === null || live.eot !== bounds.eot) {
                  live.printer = progressPrinter(ctx.io, `sweep EOT=${bounds.eot} (budget ${formatDuration(opts.budget)})`);
                  live.eot = bounds.eot;
                }
                live.printer.update(p);
              },
            }),
      });
      // A run the program stops in the first row is bad input, as for check; in a later row it ends the sweep.
      const result = stoppedAtRule(run, spec.sources, (s) => {
        endProgress();
        ctx.io.stderr(s);
      });
      endProgress();
      if (result === null) return ctx.setExit(EXIT_BAD_INPUT);
      if (result.runStopped) ctx.io.stderr(renderDiagnostics([ruleErrorDiagnostic(result.runStopped.error)!], spec.sources));
      // As check does: explain the counterexample, and warn if the highest certificate is vacuous.
      const explain = (row: SweepRow) =>
        explainCheck(spec.compiled.rules, row.check, (faults) => simulate(spec.compiled, { nodes: row.bounds.nodes, eot: row.bounds.eot, faults }), {
          displayPath: (p: string) => displayPath(p, process.cwd()),
        });
      const highest = result.rows.filter((row) => row.check.verdict === 'certified').at(-1);
      const why = stoppedAtRule(
        (): SweepExplanation => ({
          counterexample: result.counterexample ? explain(result.counterexample) : null,
          highestCertified: highest ? explain(highest) : null,
        }),
        spec.sources,
        ctx.io.stderr,
      );
      if (why === null) return ctx.setExit(EXIT_BAD_INPUT);
      if (opts.jsonFile !== undefined) writeOutputs([{ path: opts.jsonFile, content: sweepJson(files, result, why, ctx.ldfi) }]);
      ctx.io.stdout(text ? formatSweepEnd(files, result, why, ctx.ldfi) : sweepJson(files, result, why, ctx.ldfi));
      ctx.setExit(sweepExitCode(result));
    });
}
