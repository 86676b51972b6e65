/**
 * The I/O edge of the report: write a page to DIR/index.html. Also the one-call helpers the CLI
 * uses for `ldfi check --report`, `ldfi run --report` and `ldfi suite --report`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../search/types.js';
import type { FaultSet } from '../faults/types.js';
import type { RunResult } from '../sim/types.js';
import type { Rule, SourceFile } from '../syntax/ast.js';
import { explainCheck } from '../explain/explain.js';
import { hintJson } from '../explain/print.js';
import { buildReportData, pickDetailRuns, MAX_DETAIL_RUNS } from './data.js';
import { renderReportHtml, renderSuiteIndex, type SuiteIndexEntry } from './html.js';

export { verdictSentence } from './verdict.js';

/** mkdir -p DIR, write DIR/index.html, return its path. */
export function writeReport(dir: string, page: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'index.html');
  writeFileSync(path, page);
  return path;
}

export interface CheckReportInput {
  readonly title: string;
  readonly files: readonly string[];
  readonly check: CheckResult;
  readonly rules: readonly Rule[];
  readonly sources?: readonly SourceFile[];
  /** Re-runs one fault set with the check's program, nodes and EOT (the simulator is deterministic). */
  readonly simulate: (faults: FaultSet) => RunResult;
  /** How many runs get diagrams and tables (default MAX_DETAIL_RUNS). */
  readonly detailRuns?: number;
  /** How ldfi is started, for the replay line (default `ldfi`). */
  readonly replayProgram?: string;
  /** How rule locations name their file (default: as loaded). */
  readonly displayPath?: (file: string) => string;
}

/** The page for a check: re-simulates the runs worth showing, then renders. */
export function renderCheckReport(input: CheckReportInput): string {
  const picked = pickDetailRuns(input.check, input.detailRuns ?? MAX_DETAIL_RUNS);
  const runs = picked.map((r) => ({ index: r.index, result: input.simulate(r.faults) }));
  const baseline = runs.find((r) => r.result.faults.length === 0)?.result ?? input.simulate([]);
  // The same warnings `ldfi check` prints: they may need runs the page does not embed.
  const warnings =
    input.check.counterexample === null
      ? explainCheck(input.rules, input.check, (faults) => (faults.length === 0 ? baseline : input.simulate(faults)), { displayPath: input.displayPath }).warnings.map(hintJson)
      : [];
  return renderReportHtml(
    buildReportData({
      title: input.title,
      files: input.files,
      check: input.check,
      runs,
      baseline,
      rules: input.rules,
      sources: input.sources,
      displayPath: input.displayPath,
      warnings,
      simulate: (faults) => (faults.length === 0 ? baseline : input.simulate(faults)),
      ...(input.replayProgram !== undefined ? { replayProgram: input.replayProgram } : {}),
    }),
  );
}

export interface RunReportInput {
  readonly title: string;
  readonly files: readonly string[];
  /** The run asked for (any faults). */
  readonly run: RunResult;
  /** The same program without faults; pass `run` itself when it has no faults. */
  readonly baseline: RunResult;
  readonly rules: readonly Rule[];
  readonly sources?: readonly SourceFile[];
  readonly displayPath?: (file: string) => string;
  /** Re-runs a fault set with the same program, nodes and EOT (for faults the explanation never names). */
  readonly simulate?: (faults: FaultSet) => RunResult;
}

/** The page for `ldfi run --report`: the run, and the fault-free run to compare with. */
export function renderRunReport(input: RunReportInput): string {
  const runs = input.run.faults.length === 0 ? [{ index: 1, result: input.run }] : [{ index: 1, result: input.baseline }, { index: 2, result: input.run }];
  return renderReportHtml(
    buildReportData({
      title: input.title,
      files: input.files,
      check: null,
      runs,
      baseline: input.baseline,
      rules: input.rules,
      sources: input.sources,
      displayPath: input.displayPath,
      ...(input.simulate ? { simulate: input.simulate } : {}),
    }),
  );
}

/** DIR/index.html listing the suite's pages (each written under DIR by the caller). */
export function writeSuiteIndex(dir: string, entries: readonly SuiteIndexEntry[], title?: string): string {
  return writeReport(dir, renderSuiteIndex(entries, title));
}
