/**
 * `ldfi check FILES… --eot N --eff N --crashes N`: search for a counterexample (DESIGN §8).
 * Exit 0 certified, 1 counterexample, 2 bad input, 3 incomplete (--max-runs reached).
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { loadSpec } from '../pipeline.js';
import { boundsProblems, checkFaultTolerance, DEFAULT_MAX_RUNS, exhaustiveRefusal } from '../search/check.js';
import type { Bounds, FaultSet } from '../faults/types.js';
import type { CheckResult, Strategy } from '../search/types.js';
import type { Oracle } from '../search/oracle.js';
import { missingInvariant } from '../check/invariant.js';
import { renderDiagnostics } from '../syntax/diagnostic.js';
import { explainCheck } from '../explain/explain.js';
import { displayPath } from '../report/paths.js';
import { renderCheckReport, writeReport } from '../report/write.js';
import { defaultNodes } from '../sim/nodes.js';
import { simulate } from '../sim/simulate.js';
import type { CliContext } from './context.js';
import { checkJson, formatCheck } from './format-check.js';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK, UsageError } from './io.js';
import { nodeList, oracleOption, wholeNumber } from './options.js';
import { progressPrinter } from './progress.js';

export interface CheckCliOptions {
  eot: number;
  eff?: number;
  crashes: number;
  nodes?: string[];
  strategy: Strategy;
  oracle: Oracle;
  maxRuns: number;
  all?: boolean;
  seed: number;
  json?: boolean | string;
  report?: string;
  quiet?: boolean;
  show?: 'lineage' | 'cnf';
}

export function exitCodeOf(r: CheckResult): number {
  return r.verdict === 'certified' ? EXIT_OK : r.verdict === 'counterexample' ? EXIT_FINDINGS : EXIT_INCOMPLETE;
}

export function checkCommand(ctx: CliContext): Command {
  return new Command('check')
    .description('search for the smallest fault set that breaks the invariant, or certify there is none within the bounds')
    .argument('<files...>', 'spec files; includes are followed')
    .option('--eot <n>', 'end of time: the last timestep simulated', wholeNumber('--eot', 1), 6)
    .option('--eff <n>', 'end of finite failures: messages may be lost only when sent before this time (default: min(3, EOT))', wholeNumber('--eff', 0))
    .option('--crashes <n>', 'most nodes that may crash', wholeNumber('--crashes', 0), 0)
    .option('--nodes <list>', 'comma-separated nodes (default: the first column of every fact, and every node that sends or receives a message in the fault-free run)', nodeList)
    .addOption(new Option('--strategy <name>', 'ldfi, random (baseline) or exhaustive (oracle, small bounds only)').choices(['ldfi', 'random', 'exhaustive']).default('ldfi'))
    .addOption(oracleOption())
    .option('--max-runs <n>', 'stop after this many simulations with verdict "incomplete" (exit 3)', wholeNumber('--max-runs', 1), DEFAULT_MAX_RUNS)
    .option('--all', 'keep searching after the first counterexample and list every one found')
    .option('--seed <n>', 'seed of the random strategy', wholeNumber('--seed', 0), 1)
    .option('--json [file]', 'print the result as JSON on stdout, or write it to FILE')
    .option('--report <dir>', 'write a self-contained HTML lineage report to DIR/index.html')
    .addOption(new Option('--show <form>', 'print an intermediate form of the ldfi search on stdout before the verdict: each learned lineage formula, or the CNF given to the solver').choices(['lineage', 'cnf']))
    .option('-q, --quiet', 'no progress on stderr')
    .action((files: string[], opts: CheckCliOptions) => {
      const spec = loadSpec(files);
      if (spec.diagnostics.length > 0) ctx.io.stderr(renderDiagnostics(spec.diagnostics, spec.sources));
      if (!spec.ok) return ctx.setExit(EXIT_BAD_INPUT);
      const missing = missingInvariant(spec.program);
      if (missing !== null) {
        throw new UsageError(`${files.join(', ')} ${missing}: the invariant needs both, nothing to check (write pre and post rules, see the README tutorial)`);
      }
      const bounds: Bounds = {
        nodes: opts.nodes ?? defaultNodes(spec.compiled, opts.eot),
        eot: opts.eot,
        eff: opts.eff ?? Math.min(3, opts.eot),
        crashes: opts.crashes,
      };
      const problems = boundsProblems(bounds, [...spec.constants]);
      if (problems.length > 0) throw new UsageError(problems.join('\n  '));
      if (opts.show && opts.json === true) throw new UsageError('--show prints text on stdout; it cannot be combined with JSON on stdout');
      if (opts.show && opts.strategy !== 'ldfi') throw new UsageError(`--show ${opts.show} shows what the ldfi search builds; --strategy ${opts.strategy} builds no formula`);
      const refusal = opts.strategy === 'exhaustive' ? exhaustiveRefusal(bounds) : null;
      if (refusal !== null) throw new UsageError(refusal);
      const progress = opts.quiet ? null : progressPrinter(ctx.io, 'check');
      const result = checkFaultTolerance(spec.compiled, {
        bounds,
        strategy: opts.strategy,
        oracle: opts.oracle,
        maxRuns: opts.maxRuns,
        all: opts.all ?? false,
        seed: opts.seed,
        ...(progress ? { onProgress: progress.update } : {}),
        ...(opts.show ? { show: opts.show, onShow: (text: string) => ctx.io.stdout(text) } : {}),
      });
      progress?.finish();
      const shown = (p: string): string => displayPath(p, process.cwd());
      const rerun = (faults: FaultSet) => simulate(spec.compiled, { nodes: bounds.nodes, eot: bounds.eot, faults });
      const why = explainCheck(spec.compiled.rules, result, rerun, { displayPath: shown });
      if (opts.report) {
        const page = renderCheckReport({
          title: files.map(shown).join(' '),
          files: files.map(shown),
          check: result,
          rules: spec.compiled.rules,
          sources: spec.program.files.map((f) => ({ ...f, path: shown(f.path) })),
          simulate: rerun,
          displayPath: shown,
        });
        ctx.io.stderr(`report: ${writeReport(opts.report, page)}\n`);
      }
      if (typeof opts.json === 'string') {
        writeFileSync(opts.json, checkJson(files, result, why));
        ctx.io.stdout(formatCheck(files, result, why));
      } else ctx.io.stdout(opts.json ? checkJson(files, result, why) : formatCheck(files, result, why));
      ctx.setExit(exitCodeOf(result));
    });
}
