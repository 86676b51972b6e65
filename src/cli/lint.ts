/**
 * `ldfi lint FILES… [--json]`: every diagnostic of every file (load, then checks), the CALM view
 * of the non-monotonic rules, and a one-line summary. Exit 0 without errors (warnings are fine),
 * 2 with any error. Checks run only when the files loaded cleanly: after a syntax error a
 * clause is missing, and the checks would report its absence as a cascade of false findings.
 */
import { Command } from 'commander';
import { calmView, formatCalmView, type CalmRule } from '../check/calm.js';
import { checkProgram } from '../check/check.js';
import { missingInvariant } from '../check/invariant.js';
import { hasErrors, renderDiagnostics, sortDiagnostics, warning, type Diagnostic } from '../syntax/diagnostic.js';
import { loadProgram } from '../syntax/load.js';
import { printClause } from '../syntax/print.js';
import type { CliContext } from './context.js';
import { EXIT_BAD_INPUT, EXIT_OK } from './io.js';
import { includeDir } from './options.js';
import { checkOutputs, writeOutputs } from './outputs.js';

export interface LintResult {
  readonly diagnostics: Diagnostic[];
  /** Null when the files did not load cleanly and the checks did not run. */
  readonly nonMonotonic: CalmRule[] | null;
  readonly sources: ReadonlyMap<string, string>;
  /** Real paths of the files read. */
  readonly inputs: readonly string[];
}

export function lintFiles(paths: readonly string[], includePath: readonly string[] = []): LintResult {
  const loaded = loadProgram(paths, { includePath });
  if (hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics, nonMonotonic: null, sources: loaded.sources, inputs: loaded.inputs };
  const checked = checkProgram(loaded.program);
  // Free of errors but without an invariant, `check` would still refuse it: say so here.
  const missing = missingInvariant(loaded.program);
  const first = loaded.program.clauses[0];
  const invariant =
    missing !== null && first !== undefined && !hasErrors(checked.diagnostics)
      ? [warning(first.span, `the program ${missing}: \`check\` and \`sweep\` need both, the invariant is that every pre tuple has its post at EOT`)]
      : [];
  return {
    diagnostics: sortDiagnostics([...loaded.diagnostics, ...checked.diagnostics, ...invariant]),
    nonMonotonic: calmView(loaded.program),
    sources: loaded.sources,
    inputs: loaded.inputs,
  };
}

export function summaryLine(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

/** The diagnostics, as stderr shows them (empty when there are none). */
export function formatLintDiagnostics(result: LintResult): string {
  return result.diagnostics.length > 0 ? renderDiagnostics(result.diagnostics, result.sources) : '';
}

/** What stdout shows: the CALM view (when the checks ran) and the summary line. */
export function formatLint(result: LintResult): string {
  const parts: string[] = [];
  if (result.nonMonotonic) parts.push(formatCalmView(result.nonMonotonic));
  parts.push(`${summaryLine(result.diagnostics)}\n`);
  return parts.join('\n');
}

export function lintJson(result: LintResult): string {
  const doc = {
    diagnostics: result.diagnostics.map((d) => ({
      ...d.span,
      severity: d.severity,
      message: d.message,
      related: (d.related ?? []).map((r) => ({ ...r.span, message: r.message })),
    })),
    nonMonotonic: (result.nonMonotonic ?? []).map((c) => ({
      file: c.rule.span.file,
      line: c.rule.span.line,
      col: c.rule.span.col,
      rule: printClause(c.rule),
      reasons: c.reasons,
      feedsMessage: c.feedsMessage,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function lintCommand(ctx: CliContext): Command {
  return new Command('lint')
    .description('report errors and warnings in Dedalus specs, and which rules are non-monotonic (the CALM view)')
    .argument('<files...>', 'spec files; includes are followed')
    .option('--json', 'print one JSON document {diagnostics, nonMonotonic} on stdout instead of text (default: text)')
    .option('--json-file <file>', 'also write the JSON document to FILE')
    .option('-I, --include-path <dir>', 'also look for included files in DIR (repeatable)', includeDir)
    .action((files: string[], options: { json?: boolean; jsonFile?: string; includePath?: string[] }) => {
      const result = lintFiles(files, options.includePath ?? []);
      if (options.jsonFile !== undefined) {
        checkOutputs([{ option: '--json-file', kind: 'file', path: options.jsonFile }], result.inputs);
        writeOutputs([{ path: options.jsonFile, content: lintJson(result) }]);
      }
      if (options.json) ctx.io.stdout(lintJson(result));
      else {
        // Diagnostics on stderr, like every command's; the findings summary is the result, on stdout.
        ctx.io.stderr(formatLintDiagnostics(result));
        ctx.io.stdout(formatLint(result));
      }
      ctx.setExit(hasErrors(result.diagnostics) ? EXIT_BAD_INPUT : EXIT_OK);
    });
}
