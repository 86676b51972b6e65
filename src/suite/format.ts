/** Pure formatters for suite results: the text lines, the summary and the JSON document. */
import { incompleteWhy, replayCommand } from '../cli/format-check.js';
import { formatFaults, formatNodes } from '../faults/text.js';
import { renderDiagnostics } from '../syntax/diagnostic.js';
import { formatTuple } from '../terms/values.js';
import type { SuiteEntry } from './config.js';
import type { EntryResult, SuiteRun } from './run.js';

export function describeEntryBounds(e: Pick<SuiteEntry, 'eot' | 'eff' | 'crashes'>): string {
  return `EOT ${e.eot}, EFF ${e.eff}, crashes ${e.crashes}`;
}

/** `simple-broadcast (EOT 6, EFF 3, crashes 0)`: how an entry is named in every output; the name alone when its bounds could not be read. */
export function entryLabel(e: SuiteEntry): string {
  return e.problems.length > 0 ? e.name : `${e.name} (${describeEntryBounds(e)})`;
}

/** Width of the label column, from the config alone so that it is known before any result. */
export function labelWidth(entries: readonly SuiteEntry[]): number {
  let width = 0;
  for (const e of entries) width = Math.max(width, entryLabel(e).length);
  return width;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function executions(n: number): string {
  return `${n} execution${n === 1 ? '' : 's'}`;
}

/** The counterexample's fault set as printed, `(no faults)` when the fault-free run fails. */
function faultsOf(r: EntryResult): string | null {
  const c = r.check?.counterexample;
  return c ? formatFaults(c.faults) || '(no faults)' : null;
}

/** `expected certified, got counterexample`: the heading of a mismatch (also the JUnit message). */
export function mismatchMessage(r: EntryResult): string {
  if (r.verdict === 'error') return r.problems.length > 0 ? `error: ${r.error ?? 'cannot be checked'}` : `internal error: ${r.error ?? 'unknown'}`;
  const limit = r.check?.incompleteReason === 'max-runs' ? `stopped after ${r.entry.maxRuns} run${r.entry.maxRuns === 1 ? '' : 's'}, maxRuns` : r.check ? incompleteWhy(r.check, 'maxRuns') : '';
  const got = r.verdict === 'incomplete' ? `incomplete (${limit})` : r.verdict;
  return `expected ${r.entry.expect}, got ${got}`;
}

/**
 * The lines under a mismatch: which spec, the fault set, what broke, how to replay it; for bad
 * input, every problem with its excerpt (`sources` holds the texts to show).
 */
export function mismatchDetails(r: EntryResult, program = 'ldfi', sources: ReadonlyMap<string, string> = new Map()): string[] {
  if (r.problems.length > 0) return renderDiagnostics(r.problems, sources).trimEnd().split('\n');
  const lines = [`spec: ${r.entry.paths.join(' ')}`];
  const c = r.check?.counterexample;
  if (r.check && c) {
    lines.push(`faults: ${faultsOf(r)}`);
    const without = r.entry.oracle === 'molly' ? 'pre tuples without the post they had in the fault-free run' : 'pre tuples without post';
    lines.push(`${without}: ${c.missing.map((t) => formatTuple('pre', t)).join(' ')}`);
    lines.push(`replay: ${replayCommand(r.entry.paths, r.check, program)}`);
  } else if (r.verdict === 'certified') {
    lines.push(`no counterexample within ${describeEntryBounds(r.entry)} (nodes ${formatNodes(r.bounds.nodes)}${r.entry.oracle === 'molly' ? ', oracle molly' : ''})`);
  }
  return lines;
}

/** One entry: `ok    label  verdict  N executions  T s`, or `FAIL  label  expected …` plus details. */
export function formatEntry(r: EntryResult, width: number, program = 'ldfi', sources: ReadonlyMap<string, string> = new Map()): string {
  const label = entryLabel(r.entry).padEnd(width);
  const stats = `${executions(r.executions).padEnd(16)}  ${seconds(r.elapsedMs)}`;
  if (r.passed) return `ok    ${label}  ${r.verdict.padEnd(14)}  ${stats}\n`;
  const faults = faultsOf(r);
  const head = `FAIL  ${label}  ${mismatchMessage(r)}${faults ? `: ${faults}` : ''}`;
  const details = mismatchDetails(r, program, sources).map((l) => `        ${l}\n`);
  return `${r.verdict === 'error' ? head : `${head}  ${stats}`}\n${details.join('')}`;
}

export function formatSummary(run: Pick<SuiteRun, 'passed' | 'failed' | 'shard'>, total: number): string {
  const shard = run.shard ? ` (shard ${run.shard.k}/${run.shard.n}: ${run.passed + run.failed} of ${total} entries)` : '';
  return `${run.passed} passed, ${run.failed} failed${shard}\n`;
}

export function formatSuite(run: SuiteRun, program = 'ldfi'): string {
  const width = labelWidth(run.entries.map((r) => r.entry));
  return run.entries.map((r) => formatEntry(r, width, program, run.sources)).join('') + formatSummary(run, run.config.entries.length);
}

/** `--json`: one object per entry, plus the counts. */
export function suiteJson(run: SuiteRun, program = 'ldfi'): string {
  const doc = {
    config: run.config.path,
    shard: run.shard,
    entries: run.entries.map((r) => {
      // An entry with mistakes of its own was not read as a whole: what it asks for is unknown, not the defaults.
      const read = r.entry.problems.length === 0;
      return {
        name: r.entry.name,
        files: read ? r.entry.files : null,
        bounds: read ? r.bounds : null,
        strategy: read ? r.entry.strategy : null,
        oracle: read ? r.entry.oracle : null,
        expect: read ? r.entry.expect : null,
        verdict: r.verdict,
        passed: r.passed,
        executions: r.executions,
        elapsedMs: Math.round(r.elapsedMs),
        faults: r.check?.counterexample ? formatFaults(r.check.counterexample.faults) : null,
        missing: r.check?.counterexample ? r.check.counterexample.missing.map((t) => formatTuple('pre', t)) : [],
        replay: r.check?.counterexample ? replayCommand(r.entry.paths, r.check, program) : null,
        error: r.error,
        problems: r.problems.map((d) => ({ file: d.span.file, line: d.span.line, col: d.span.col, message: d.message })),
        warnings: r.warnings,
      };
    }),
    passed: run.passed,
    failed: run.failed,
    errors: run.errors,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
