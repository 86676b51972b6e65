/** Pure formatters for a sweep: the text table (header, one line per row, closing lines) and the JSON document. */
import { formatFaults, formatNodes } from '../faults/text.js';
import type { Bounds } from '../faults/types.js';
import { LINEAR_UP_TO, scheduleFrom, type SweepResult, type SweepRow } from '../search/sweep.js';
import { formatTuple } from '../terms/values.js';
import type { CheckExplanation } from '../explain/explain.js';
import { explanationJson, hintJson, hintLine, neededJson } from '../explain/print.js';
import { formatCheck, replayCommand } from './format-check.js';

/** What `check` would say of two rows: why the counterexample breaks the invariant, and whether the highest certificate is vacuous. */
export interface SweepExplanation {
  readonly counterexample: CheckExplanation | null;
  readonly highestCertified: CheckExplanation | null;
}

const NO_EXPLANATION: SweepExplanation = { counterexample: null, highestCertified: null };

/** How the EOTs grow, for `--help`, the README and the JSON document. */
export const SCHEDULE = `EOT grows by 1 up to ${LINEAR_UP_TO}, then by a quarter of the current EOT (rounded down), so from 3: ${scheduleFrom(3, 130).join(', ')}, …; the last row is --max-eot when one is given`;

/**
 * A budget as the user could have written it: 1.5 ms stays 1.5 ms (not 2), 120 s stays 120 s,
 * and a budget of hours is given in hours, without the float noise of a unit conversion.
 */
export function formatDuration(ms: number): string {
  const short = (x: number): string => (x >= 1e6 ? x.toExponential(2).replace('e+', 'e') : String(+x.toPrecision(6)));
  if (ms < 1000) return `${short(ms)} ms`;
  if (ms < 3_600_000) return `${short(ms / 1000)} s`;
  return `${short(ms / 3_600_000)} h`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function boundsText(b: Bounds): string {
  return `EOT=${b.eot}, EFF=${b.eff}, crashes=${b.crashes}`;
}

const COLUMNS = { eot: 6, eff: 6, verdict: 16, executions: 11, time: 10 };

export interface SweepHeading {
  readonly files: readonly string[];
  readonly crashes: number;
  readonly effGap: number;
  readonly budgetMs: number;
  readonly startEot: number;
  readonly maxEot: number | null;
  /** The nodes of the first row: a later row whose nodes differ names its own. */
  readonly nodes: readonly string[];
  readonly molly: boolean;
}

/** The lines printed before the first row: what is swept, and the column titles. */
export function formatSweepHeader(h: SweepHeading): string {
  const gap = h.effGap === 0 ? 'EFF = EOT' : `EFF = EOT − ${h.effGap}`;
  const upTo = h.maxEot === null ? '' : ` to ${h.maxEot}`;
  const title = `sweep ${h.files.join(' ')}: EOT from ${h.startEot}${upTo}, ${gap}, crashes=${h.crashes}, budget ${formatDuration(h.budgetMs)}, nodes ${formatNodes(h.nodes)}${h.molly ? ', oracle molly' : ''}`;
  const columns = `${'EOT'.padStart(COLUMNS.eot)}${'EFF'.padStart(COLUMNS.eff)}  ${'verdict'.padEnd(COLUMNS.verdict)}${'executions'.padStart(COLUMNS.executions)}${'time'.padStart(COLUMNS.time)}`;
  return `${title}\n${columns}\n`;
}

/** One row of the table; `firstNodes` are the header's nodes. */
export function formatSweepRow(row: SweepRow, firstNodes: readonly string[]): string {
  const c = row.check;
  const sameNodes = row.bounds.nodes.length === firstNodes.length && row.bounds.nodes.every((n, i) => n === firstNodes[i]);
  const note = sameNodes ? '' : `  nodes ${formatNodes(row.bounds.nodes)}`;
  return `${String(row.bounds.eot).padStart(COLUMNS.eot)}${String(row.bounds.eff).padStart(COLUMNS.eff)}  ${c.verdict.padEnd(COLUMNS.verdict)}${String(c.executions).padStart(COLUMNS.executions)}${seconds(c.elapsedMs).padStart(COLUMNS.time)}${note}\n`;
}

/** Why the sweep stopped, in one line. */
export function stopReason(r: SweepResult): string {
  const last = r.rows.at(-1);
  switch (r.stop) {
    case 'counterexample':
      return `stopped: counterexample at ${boundsText(last!.bounds)}`;
    case 'max-eot':
      return r.maxEot === null ? `stopped: reached EOT=${last!.bounds.eot}, the largest a run accepts` : `stopped: reached --max-eot ${r.maxEot}`;
    case 'solver-memory':
      return `stopped: ${boundsText(last!.bounds)} ran out of the SAT solver's memory after ${plural(last!.check.executions, 'execution')} (incomplete, not certified)`;
    case 'memory':
      return `stopped: ${boundsText(last!.bounds)} ran out of memory for its lineage formulas after ${plural(last!.check.executions, 'execution')} (incomplete, not certified)`;
    case 'run-stopped':
      return `stopped: the program stopped a run at EOT=${r.runStopped!.eot} (the error printed on stderr), so that bound cannot be checked`;
    case 'max-runs':
      return `stopped: ${boundsText(last!.bounds)} reached the run limit after ${plural(last!.check.executions, 'execution')} before covering its bounds (incomplete, not certified)`;
    case 'budget':
      return last && last.check.verdict === 'incomplete'
        ? `stopped: the budget (${formatDuration(r.budgetMs)}) ran out during ${boundsText(last.bounds)}, after ${plural(last.check.executions, 'execution')} (incomplete, not certified)`
        : `stopped: the budget (${formatDuration(r.budgetMs)}) ran out`;
  }
}

/** The closing lines: the counterexample (as `check` prints it), the highest certified bound, why the sweep stopped. */
export function formatSweepEnd(files: readonly string[], r: SweepResult, why: SweepExplanation = NO_EXPLANATION, program = 'ldfi'): string {
  const lines: string[] = [];
  if (r.counterexample) {
    lines.push(formatCheck(files, r.counterexample.check, why.counterexample, program).trimEnd());
    if (r.counterexample.check.counterexample?.faults.length === 0) {
      lines.push(`  (the fault-free run already breaks the invariant at EOT=${r.counterexample.bounds.eot}: if the protocol needs more steps to finish, start the sweep higher with --start-eot)`);
    }
  }
  const n = r.rows.length;
  const rows = `${plural(n, 'row')} in ${seconds(r.elapsedMs)}`;
  if (r.highestCertified) {
    lines.push(`highest certified: ${boundsText(r.highestCertified)} (nodes ${formatNodes(r.highestCertified.nodes)}); ${rows}`);
    for (const w of why.highestCertified?.warnings ?? []) lines.push(`  ${hintLine(w, 'warning')}`);
  } else lines.push(`nothing certified; ${rows}`);
  lines.push(stopReason(r));
  return `${lines.join('\n')}\n`;
}

function boundsJson(b: Bounds): object {
  return { eot: b.eot, eff: b.eff, crashes: b.crashes, nodes: b.nodes };
}

/** The JSON document of `sweep --json`. Only the `…Ms` fields vary between two sweeps that got as far. */
export function sweepJson(files: readonly string[], r: SweepResult, why: SweepExplanation = NO_EXPLANATION, program = 'ldfi'): string {
  const ce = r.counterexample;
  const found = ce?.check.counterexample ?? null;
  const doc = {
    files,
    crashes: r.crashes,
    effGap: r.effGap,
    budgetMs: r.budgetMs,
    startEot: r.startEot,
    maxEot: r.maxEot,
    oracle: r.oracle,
    schedule: SCHEDULE,
    stop: r.stop,
    runStopped: r.runStopped && { eot: r.runStopped.eot, message: r.runStopped.error.message, at: `${r.runStopped.error.span.file}:${r.runStopped.error.span.line}:${r.runStopped.error.span.col}` },
    highestCertified: r.highestCertified && { ...boundsJson(r.highestCertified), warnings: (why.highestCertified?.warnings ?? []).map(hintJson) },
    counterexample:
      ce && found
        ? {
            ...boundsJson(ce.bounds),
            run: found.run,
            faults: formatFaults(found.faults),
            missing: found.missing.map((t) => formatTuple('pre', t)),
            replay: replayCommand(files, ce.check, program),
            explanation: why.counterexample?.explanation ? explanationJson(why.counterexample.explanation) : [],
            needed: why.counterexample?.explanation ? neededJson(why.counterexample.explanation) : [],
            hints: why.counterexample?.explanation ? why.counterexample.explanation.hints.map(hintJson) : [],
          }
        : null,
    elapsedMs: Math.round(r.elapsedMs),
    rows: r.rows.map((row) => ({
      ...boundsJson(row.bounds),
      verdict: row.check.verdict,
      executions: row.check.executions,
      hypotheses: row.check.hypotheses,
      faultSpace: row.check.faultSpace,
      faults: row.check.counterexample ? formatFaults(row.check.counterexample.faults) : null,
      elapsedMs: Math.round(row.check.elapsedMs),
      phases: Object.fromEntries(Object.entries(row.check.phases).map(([k, v]) => [k, Math.round(v)])),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
