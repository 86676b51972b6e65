/**
 * Everything the report page shows, as plain JSON-able data, built from a check and the runs to
 * show in detail. Pure: the same input gives the same data, so the same page, byte for byte.
 */
import type { CheckResult, RunRecord, Verdict } from '../search/types.js';
import { formatFaults } from '../faults/text.js';
import type { FaultSet } from '../faults/types.js';
import type { RunResult, Tuple } from '../sim/types.js';
import { formatTuple } from '../terms/values.js';
import type { Rule, SourceFile } from '../syntax/ast.js';
import { explainCounterexample, vacuityWarning } from '../explain/explain.js';
import { explanationJson, hintJson, neededJson, type CauseJson, type NeededJson } from '../explain/print.js';
import { buildLineageGraph, type LineageGraph, type LineageMarks } from './lineage-graph.js';
import { buildSpaceTime, type SpaceTime } from './spacetime.js';
import { tableDiffs, tableSnapshots, type TableDiff, type TableSnapshot } from './tables.js';
import { describeFaultSpace } from '../faults/space.js';
import { replayCommand } from '../search/replay.js';
import { describeBounds, formatElapsed, runSentence, verdictSentence } from './verdict.js';

export interface ReportRun {
  /** The run's number in the check (1 = fault-free); for `ldfi run`, any distinct numbers. */
  readonly index: number;
  readonly result: RunResult;
}

export interface ReportInput {
  readonly title: string;
  readonly files: readonly string[];
  /** null for `ldfi run --report`. */
  readonly check: CheckResult | null;
  /** Runs shown in detail: at least the fault-free run and the counterexample (see `pickDetailRuns`). */
  readonly runs: readonly ReportRun[];
  /** The fault-free run: tables are diffed against it, and the lineage graph is its derivations. */
  readonly baseline: RunResult;
  /** The program's rules, indexed as `Firing.rule`. */
  readonly rules: readonly Rule[];
  /** Spec text, shown at the bottom of the page. */
  readonly sources?: readonly SourceFile[];
  /** How ldfi is started where the page will be read: `ldfi` or `npx ldfi` (default `ldfi`). */
  readonly replayProgram?: string;
  /** How rule locations name their file (default: as loaded). */
  readonly displayPath?: (file: string) => string;
  /** Warnings about the verdict, when the caller computed them (see `explainCheck`). */
  readonly warnings?: readonly ReportHint[];
  /** Re-runs a fault set, so the explanation can show what a fault its trees never name did. */
  readonly simulate?: (faults: FaultSet) => RunResult;
}

/** A hint or warning as the page shows it. */
export interface ReportHint {
  readonly kind: string;
  readonly text: string;
  readonly rule: string | null;
}

/** The counterexample's explanation, printed: what the page shows first. */
export interface ReportExplanation {
  /** The run it explains. */
  readonly run: number;
  readonly outcomes: readonly ({ readonly pre: string } & CauseJson)[];
  /** Faults the trees never name, each explained against the run without it. */
  readonly needed: readonly NeededJson[];
  readonly hints: readonly ReportHint[];
}

export type ReportVerdict = Verdict | 'violated' | 'holds' | 'unchecked';

export interface ReportSummary {
  readonly verdict: ReportVerdict;
  readonly sentence: string;
  readonly nodes: readonly string[];
  readonly eot: number;
  readonly eff: number | null;
  readonly crashes: number | null;
  /** `EOT=6, EFF=0, at most 1 crash`, or `EOT=6` for a single run. */
  readonly bounds: string;
  readonly strategy: string | null;
  readonly executions: number | null;
  readonly hypotheses: number | null;
  readonly faultSpace: string | null;
  readonly elapsed: string | null;
  /** The counterexample's fault set, replayable with `ldfi run --faults`. */
  readonly replay: string | null;
  /** The whole `ldfi run …` command that replays it, shell-quoted. */
  readonly replayCommand: string | null;
}

export interface RunRow {
  readonly index: number;
  /** `omit(a,b,1) crash(C,3)`; "" for none. */
  readonly faults: string;
  readonly violated: boolean;
  readonly missing: readonly string[];
  readonly target: string | null;
  readonly counterexample: boolean;
  /** Its details are embedded. */
  readonly detail: boolean;
}

export interface RunDetail {
  readonly index: number;
  readonly faults: string;
  readonly sentence: string;
  readonly violated: boolean;
  readonly missing: readonly string[];
  readonly spaceTime: SpaceTime;
  /** Steps where the tables differ from the fault-free run. */
  readonly diffs: readonly TableDiff[];
  readonly lineage: LineageMarks;
}

export interface ReportData {
  readonly format: 'ldfi-report/1';
  readonly title: string;
  readonly files: readonly string[];
  readonly mode: 'check' | 'run';
  readonly summary: ReportSummary;
  readonly runs: readonly RunRow[];
  readonly runsTotal: number;
  readonly details: readonly RunDetail[];
  /** The run selected on open: the counterexample when there is one. */
  readonly selected: number;
  readonly baselineIndex: number;
  readonly baselineTables: readonly TableSnapshot[];
  readonly lineage: LineageGraph;
  /** Why the counterexample (or the violating run) breaks the invariant; null when nothing broke. */
  readonly explanation: ReportExplanation | null;
  /** Warnings about the verdict itself: a certificate whose pre is empty. */
  readonly warnings: readonly ReportHint[];
  /** What was left out to keep the page fast and small, in words. */
  readonly notes: readonly string[];
  readonly sources: readonly { readonly path: string; readonly text: string }[];
}

export const MAX_RUN_ROWS = 2000;
export const MAX_DETAIL_RUNS = 25;
const MAX_SOURCE_CHARS = 200_000;

/**
 * The runs worth re-simulating for the page: the fault-free run, every counterexample, then the
 * first other runs in order, `limit` in all. The caller simulates them and passes `runs`.
 */
export function pickDetailRuns(check: CheckResult, limit = MAX_DETAIL_RUNS): RunRecord[] {
  const picked = new Map<number, RunRecord>();
  const add = (r: RunRecord | undefined): void => {
    if (r && !picked.has(r.index) && picked.size < limit) picked.set(r.index, r);
  };
  const byIndex = new Map(check.runs.map((r) => [r.index, r]));
  add(byIndex.get(1));
  for (const cx of check.counterexamples.length > 0 ? check.counterexamples : check.counterexample ? [check.counterexample] : []) {
    add(byIndex.get(cx.run) ?? { index: cx.run, faults: cx.faults, violated: true, missing: cx.missing, target: null });
  }
  for (const r of check.runs) add(r);
  return [...picked.values()].sort((a, b) => a.index - b.index);
}

function printMissing(missing: readonly Tuple[]): string[] {
  return missing.map((t) => formatTuple('pre', t));
}

function postTuplesAtEot(run: RunResult): Tuple[] {
  return [...(run.tables[run.eot - 1]?.get('post') ?? [])];
}

export function buildReportData(input: ReportInput): ReportData {
  const { check, baseline } = input;
  const notes: string[] = [];
  const mode = check === null ? 'run' : 'check';

  // Runs with details, keyed by index; the fault-free run is always one of them.
  const given = [...input.runs].sort((a, b) => a.index - b.index);
  const detailRuns = new Map<number, RunResult>();
  for (const r of given) if (!detailRuns.has(r.index)) detailRuns.set(r.index, r.result);
  let baselineIndex = given.find((r) => r.result.faults.length === 0)?.index;
  if (baselineIndex === undefined) {
    baselineIndex = check !== null ? 1 : 0;
    detailRuns.set(baselineIndex, baseline);
  }

  // Table rows.
  let rows: RunRow[];
  let runsTotal: number;
  const cxRuns = new Set(check ? [...check.counterexamples.map((c) => c.run), ...(check.counterexample ? [check.counterexample.run] : [])] : []);
  if (check !== null) {
    runsTotal = check.runs.length;
    rows = check.runs.slice(0, MAX_RUN_ROWS).map((r) => ({
      index: r.index,
      faults: formatFaults(r.faults),
      violated: r.violated,
      missing: printMissing(r.missing),
      target: r.target,
      counterexample: cxRuns.has(r.index),
      detail: detailRuns.has(r.index),
    }));
    if (runsTotal > rows.length) notes.push(`The runs table lists the first ${rows.length} of ${runsTotal} runs.`);
  } else {
    rows = [...detailRuns.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([index, r]) => ({
        index,
        faults: formatFaults(r.faults),
        violated: r.invariant.checked && !r.invariant.holds,
        missing: printMissing(r.invariant.missing),
        target: null,
        counterexample: false,
        detail: true,
      }));
    runsTotal = rows.length;
  }
  const detailCount = detailRuns.size;
  if (check !== null && runsTotal > detailCount) {
    notes.push(
      `Diagrams and tables are embedded for ${detailCount} of ${runsTotal} runs (the fault-free run, the counterexample and the first others); replay any other with ldfi run --faults.`,
    );
  }

  // Which outcome the lineage graph explains, and the run that broke it.
  const cx = check?.counterexample ?? null;
  let targets: readonly Tuple[];
  let failing: { index: number; result: RunResult; missing: readonly Tuple[] } | null = null;
  if (cx !== null) {
    targets = cx.missing;
    const result = detailRuns.get(cx.run);
    if (result !== undefined && cx.missing.length > 0) failing = { index: cx.run, result, missing: cx.missing };
  } else if (check === null) {
    const shownEntry = given.find((r) => r.result.faults.length > 0) ?? given.find((r) => r.result === baseline) ?? null;
    const shown = shownEntry?.result ?? baseline;
    targets = shown.invariant.holds ? postTuplesAtEot(baseline) : shown.invariant.missing;
    if (shownEntry !== null && shown.invariant.checked && !shown.invariant.holds) failing = { ...shownEntry, missing: shown.invariant.missing };
  } else targets = postTuplesAtEot(baseline);
  const explained = failing === null ? null : explainCounterexample(input.rules, baseline, failing.result, { displayPath: input.displayPath, ...(input.simulate ? { simulate: input.simulate } : {}) }, failing.missing);
  const lineage = buildLineageGraph(baseline, targets, input.rules, undefined, failing && explained ? { failing: failing.result, explanation: explained } : undefined);
  const explanation: ReportExplanation | null =
    failing && explained ? { run: failing.index, outcomes: explanationJson(explained), needed: neededJson(explained), hints: explained.hints.map(hintJson) } : null;
  // Warnings from the caller (who could re-run the whole search), else from the runs at hand.
  const others = [...detailRuns.values()].filter((r) => r !== baseline);
  const vacuous = check !== null && check.verdict !== 'counterexample' ? vacuityWarning(input.rules, baseline, { displayPath: input.displayPath }, others, check.preMayAppear ?? null) : null;
  const warnings = input.warnings ?? (vacuous ? [hintJson(vacuous)] : []);

  const details: RunDetail[] = [];
  // A check judged its runs with its oracle; a run shown without a check is judged by pre ⊆ post.
  const judged = new Map(check ? check.runs.map((r) => [r.index, r]) : []);
  let omittedArrows = 0;
  for (const [index, result] of [...detailRuns.entries()].sort((a, b) => a[0] - b[0])) {
    const spaceTime = buildSpaceTime(result, undefined, index === baselineIndex ? null : baseline);
    omittedArrows += spaceTime.omittedArrows;
    details.push({
      index,
      faults: formatFaults(result.faults),
      sentence: runSentence(result.faults, result.invariant),
      violated: judged.get(index)?.violated ?? (result.invariant.checked && !result.invariant.holds),
      missing: printMissing(judged.get(index)?.missing ?? result.invariant.missing),
      spaceTime,
      diffs: index === baselineIndex ? [] : tableDiffs(result, baseline),
      lineage: lineage.marks(result),
    });
  }
  if (omittedArrows > 0) notes.push(`${omittedArrows === 1 ? '1 message is' : `${omittedArrows} messages are`} not drawn in the space-time diagrams (too many to draw).`);
  const snapshots = tableSnapshots(baseline);
  if (snapshots.omittedRows > 0) notes.push(`${snapshots.omittedRows === 1 ? '1 table row is' : `${snapshots.omittedRows} table rows are`} left out (tables are cut at a fixed number of rows).`);
  if (lineage.graph.nodes.length < lineage.graph.totalNodes) {
    notes.push(`The lineage graph is pruned to ${lineage.graph.nodes.length} of ${lineage.graph.totalNodes} nodes.`);
  }

  // The run selected on open: the counterexample, else a violating run, else the first with faults.
  const has = (i: number | undefined): i is number => i !== undefined && detailRuns.has(i);
  const candidates = [cx?.run, details.find((d) => d.violated)?.index, details.find((d) => d.index !== baselineIndex)?.index, baselineIndex];
  const selected = candidates.find(has) ?? baselineIndex;

  const shownRun = detailRuns.get(selected) ?? baseline;
  const summary: ReportSummary = {
    verdict: check ? check.verdict : !shownRun.invariant.checked ? 'unchecked' : shownRun.invariant.holds ? 'holds' : 'violated',
    sentence: verdictSentence(check, shownRun),
    nodes: check ? check.bounds.nodes : baseline.nodes,
    eot: check ? check.bounds.eot : baseline.eot,
    eff: check ? check.bounds.eff : null,
    crashes: check ? check.bounds.crashes : null,
    bounds: check ? describeBounds(check.bounds) : `EOT=${baseline.eot}`,
    strategy: check ? check.strategy : null,
    executions: check ? check.executions : null,
    hypotheses: check ? check.hypotheses : null,
    faultSpace: check ? describeFaultSpace(check.faultSpace) : null,
    elapsed: check ? formatElapsed(check.elapsedMs) : null,
    replay: cx ? formatFaults(cx.faults) : null,
    replayCommand:
      cx && check ? replayCommand({ program: input.replayProgram ?? 'ldfi', files: input.files, eot: check.bounds.eot, nodes: check.bounds.nodes, faults: cx.faults }) : null,
  };

  let budget = MAX_SOURCE_CHARS;
  const sources = (input.sources ?? []).map((f) => {
    const text = f.text.length > budget ? f.text.slice(0, budget) + '\n… (cut)' : f.text;
    budget = Math.max(0, budget - f.text.length);
    return { path: f.path, text };
  });

  return {
    format: 'ldfi-report/1',
    title: input.title,
    files: [...input.files],
    mode,
    summary,
    runs: rows,
    runsTotal,
    details,
    selected,
    baselineIndex,
    baselineTables: snapshots.snapshots,
    lineage: lineage.graph,
    explanation,
    warnings,
    notes,
    sources,
  };
}

