/**
 * `ldfi run FILES… [--eot N] [--nodes a,b,c] [--faults "omit(a,b,1) crash(c,2)"] [--final] [--json]`:
 * one simulation under one fault set, printed. It reports and does not judge: exit 0 whether or
 * not the invariant holds; 2 for bad input or bad options, with nothing on stdout.
 */
import { Command } from 'commander';
import { loadSpec } from '../pipeline.js';
import { displayPath } from '../report/paths.js';
import { renderRunReport, writeReport } from '../report/write.js';
import { FAULTS_FILE, parseFaults } from '../faults/text.js';
import { defaultNodes } from '../sim/nodes.js';
import { simulate } from '../sim/simulate.js';
import { renderDiagnostics } from '../syntax/diagnostic.js';
import type { CliContext } from './context.js';
import { formatRunJson, formatRunText } from './format-run.js';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from './io.js';
import { nodeList, wholeNumber } from './options.js';

export interface RunCliOptions {
  eot: number;
  nodes?: string[];
  faults?: string;
  final?: boolean;
  json?: boolean;
  report?: string;
}

export const DEFAULT_EOT = 6;

export function runCommand(ctx: CliContext): Command {
  return new Command('run')
    .description('simulate a spec once under a given fault set and print its tables, messages and invariant')
    .argument('<files...>', 'spec files; includes are followed')
    .option('--eot <n>', 'end of time: the last timestep simulated', wholeNumber('--eot', 1), DEFAULT_EOT)
    .option('--nodes <list>', 'comma-separated nodes (default: the first column of every fact, and every node that sends or receives a message in the fault-free run)', nodeList)
    .option('--faults <faults>', 'faults to inject, e.g. "omit(a,b,1) crash(c,2)" (default: none)')
    .option('--final', 'print the tables at EOT only (default: every timestep)')
    .option('--json', 'print one JSON document instead of text (default: text)')
    .option('--report <dir>', 'write a self-contained HTML report of this run to DIR/index.html')
    .action((files: string[], opts: RunCliOptions) => {
      const spec = loadSpec(files);
      if (spec.diagnostics.length > 0) ctx.io.stderr(renderDiagnostics(spec.diagnostics, spec.sources));
      if (!spec.ok) return ctx.setExit(EXIT_BAD_INPUT);

      const { program, compiled } = spec;
      let nodes = defaultNodes(compiled, opts.eot);
      if (opts.nodes) {
        const known = spec.constants;
        const unknown = opts.nodes.filter((n) => !known.has(n));
        if (unknown.length > 0) {
          throw new UsageError(
            `--nodes: ${unknown.map((n) => JSON.stringify(n)).join(', ')} never appear${unknown.length === 1 ? 's' : ''} in the program` +
              (nodes.length > 0 ? ` (its nodes are ${nodes.join(', ')})` : ''),
          );
        }
        nodes = opts.nodes;
      }
      const faultText = opts.faults ?? '';
      const parsed = parseFaults(faultText, nodes, opts.eot);
      if (parsed.diagnostics.length > 0) {
        ctx.io.stderr(renderDiagnostics(parsed.diagnostics, new Map([[FAULTS_FILE, faultText]])));
        return ctx.setExit(EXIT_BAD_INPUT);
      }

      const result = simulate(compiled, { nodes, eot: opts.eot, faults: parsed.faults });
      if (opts.report) {
        const baseline = result.faults.length === 0 ? result : simulate(compiled, { nodes, eot: opts.eot, faults: [] });
        const shown = (p: string): string => displayPath(p, process.cwd());
        const page = renderRunReport({
          title: files.map(shown).join(' '),
          files: files.map(shown),
          run: result,
          baseline,
          rules: compiled.rules,
          sources: program.files.map((f) => ({ ...f, path: shown(f.path) })),
          displayPath: shown,
        });
        ctx.io.stderr(`report: ${writeReport(opts.report, page)}\n`);
      }
      const print = { files, final: opts.final ?? false };
      ctx.io.stdout(opts.json ? formatRunJson(result, print) : formatRunText(result, print));
      ctx.setExit(EXIT_OK);
    });
}
