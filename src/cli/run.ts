/**
 * `ldfi run FILES… [--eot N] [--nodes a,b,c] [--faults "omit(a,b,1) crash(c,2)"] [--final] [--json]`:
 * one simulation under one fault set, printed. It reports and does not judge: exit 0 whether or
 * not the invariant holds; 2 for bad input or bad options, with nothing on stdout.
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { displayPath } from '../report/paths.js';
import { renderRunReport } from '../report/write.js';
import { FAULTS_FILE, parseFaults } from '../faults/text.js';
import { MAX_EOT } from '../sim/limits.js';
import { defaultNodes } from '../sim/nodes.js';
import { simulate } from '../sim/simulate.js';
import type { RunResult } from '../sim/types.js';
import { renderDiagnostics } from '../syntax/diagnostic.js';
import type { CliContext } from './context.js';
import { loadCommandSpec } from './load.js';
import { unknownNodes } from './nodes.js';
import { formatRunJson, formatRunText } from './format-run.js';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from './io.js';
import { stoppedAtRule } from './located.js';
import { includeDir, nodeList, wholeNumber } from './options.js';
import { checkOutputs, writeOutputs, type OutputFile, type OutputRequest } from './outputs.js';

export interface RunCliOptions {
  eot: number;
  nodes?: string[];
  faults?: string;
  final?: boolean;
  json?: boolean;
  jsonFile?: string;
  report?: string;
  includePath?: string[];
  quiet?: boolean;
}

export const DEFAULT_EOT = 6;

export function runCommand(ctx: CliContext): Command {
  return new Command('run')
    .description('simulate a spec once under a given fault set and print its tables, messages and invariant')
    .argument('<files...>', 'spec files; includes are followed')
    .option('--eot <n>', `end of time: the last timestep simulated (at most ${MAX_EOT.toLocaleString('en-US')})`, wholeNumber('--eot', 1, MAX_EOT), DEFAULT_EOT)
    .option('--nodes <list>', 'comma-separated nodes (default: the first column of every fact, and every node that sends or receives a message in the fault-free run or could in a run with faults)', nodeList)
    .option('--faults <faults>', 'faults to inject, e.g. "omit(a,b,1) crash(c,2)" (default: none)')
    .option('--final', 'print the tables at EOT only (default: every timestep)')
    .option('--json', 'print one JSON document instead of text (default: text)')
    .option('--json-file <file>', 'also write the JSON document to FILE')
    .option('--report <dir>', 'write a self-contained HTML report of this run to DIR/index.html')
    .option('-I, --include-path <dir>', 'also look for included files in DIR (repeatable)', includeDir)
    .option('-q, --quiet', "do not print the report's path on stderr (warnings still show)")
    .action((files: string[], opts: RunCliOptions) => {
      const spec = loadCommandSpec(ctx, files, opts.includePath);
      if (spec === null) return;
      // Output paths are checked as soon as the inputs are known: the default nodes can take a while (the possible run).
      const outputs: OutputRequest[] = [];
      if (opts.report !== undefined) outputs.push({ option: '--report', kind: 'dir', path: opts.report, writes: ['index.html'] });
      if (opts.jsonFile !== undefined) outputs.push({ option: '--json-file', kind: 'file', path: opts.jsonFile });
      checkOutputs(outputs, spec.inputs);

      const { program, compiled } = spec;
      // The default nodes come from a fault-free run, which the program itself can stop.
      const defaults = (): string[] | null => stoppedAtRule(() => defaultNodes(compiled, opts.eot), spec.sources, ctx.io.stderr);
      let nodes: string[];
      if (opts.nodes) {
        const unknown = unknownNodes(opts.nodes, spec, opts.eot);
        if (unknown !== null) throw new UsageError(unknown);
        nodes = opts.nodes;
      } else {
        const found = defaults();
        if (found === null) return ctx.setExit(EXIT_BAD_INPUT);
        nodes = found;
      }
      const faultText = opts.faults ?? '';
      const parsed = parseFaults(faultText, nodes, opts.eot);
      if (parsed.diagnostics.length > 0) {
        ctx.io.stderr(renderDiagnostics(parsed.diagnostics, new Map([[FAULTS_FILE, faultText]])));
        return ctx.setExit(EXIT_BAD_INPUT);
      }

      const run = (faults = parsed.faults): RunResult | null => stoppedAtRule(() => simulate(compiled, { nodes, eot: opts.eot, faults }), spec.sources, ctx.io.stderr);
      const result = run();
      if (result === null) return ctx.setExit(EXIT_BAD_INPUT);
      const print = { files, final: opts.final ?? false };
      const written: OutputFile[] = [];
      if (opts.report !== undefined) {
        const baseline = result.faults.length === 0 ? result : run([]);
        if (baseline === null) return ctx.setExit(EXIT_BAD_INPUT);
        const shown = (p: string): string => displayPath(p, process.cwd());
        const page = renderRunReport({
          title: files.map(shown).join(' '),
          files: files.map(shown),
          run: result,
          baseline,
          rules: compiled.rules,
          sources: program.files.map((f) => ({ ...f, path: shown(f.path) })),
          displayPath: shown,
          simulate: (faults) => simulate(compiled, { nodes, eot: opts.eot, faults }),
        });
        written.push({ path: join(opts.report, 'index.html'), content: page });
      }
      if (opts.jsonFile !== undefined) written.push({ path: opts.jsonFile, content: formatRunJson(result, print) });
      writeOutputs(written);
      if (opts.report !== undefined && !opts.quiet) ctx.io.stderr(`report: ${join(opts.report, 'index.html')}\n`);
      ctx.io.stdout(opts.json ? formatRunJson(result, print) : formatRunText(result, print));
      ctx.setExit(EXIT_OK);
    });
}
