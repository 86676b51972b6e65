/** Pure formatters for a CheckResult: the text verdict and the JSON document. */
import { describeFaultSpace, formatCount } from '../faults/space.js';
import { formatFaults, formatNodes } from '../faults/text.js';
import { replayCommand as replayLine } from '../search/replay.js';
import { formatTuple } from '../terms/values.js';
import type { CheckResult } from '../search/types.js';
import type { CheckExplanation } from '../explain/explain.js';
import { explanationJson, explanationLines, hintJson, hintLine, neededJson } from '../explain/print.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The shell command that replays the (first) counterexample with `ldfi run`; `program` is how ldfi is started here. */
export function replayCommand(files: readonly string[], r: CheckResult, program = 'ldfi'): string {
  return replayLine({ program, files, eot: r.bounds.eot, nodes: r.bounds.nodes, faults: r.counterexample?.faults ?? [] });
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** `executions: 12, hypotheses tested: 11, fault space: 4,096 fault sets (Molly's estimate 2.62e5), elapsed: 0.03 s` */
function statsLine(r: CheckResult): string {
  const parts = [`executions: ${r.executions}`];
  // Only ldfi tests hypotheses; random and exhaustive draw or list fault sets.
  if (r.hypotheses !== null) parts.push(`hypotheses tested: ${r.hypotheses}`);
  parts.push(`fault space: ${describeFaultSpace(r.faultSpace)}`, `elapsed: ${seconds(r.elapsedMs)}`);
  return parts.join(', ');
}

export function formatCheck(files: readonly string[], r: CheckResult, why: CheckExplanation | null = null, program = 'ldfi'): string {
  const b = r.bounds;
  const within = `EOT=${b.eot}, EFF=${b.eff}, crashes=${b.crashes}`;
  const molly = r.oracle === 'molly';
  const lines: string[] = [];
  if (r.verdict === 'counterexample') {
    const shown = r.counterexamples.length > 1 ? r.counterexamples : [r.counterexample!];
    for (const c of shown) {
      lines.push(`counterexample in run ${c.run} (within ${within}, nodes ${formatNodes(b.nodes)}${molly ? ', oracle molly' : ''})`);
      lines.push(`  faults: ${formatFaults(c.faults) || '(none: the fault-free run already violates the invariant)'}`);
      if (c.shrunk) {
        const removed = c.shrunk.from.length - c.faults.length;
        const checked = c.shrunk.runs > 0 ? ` (${plural(c.shrunk.runs, 'more simulation')})` : '';
        lines.push(
          removed > 0
            ? `  shrunk: run ${c.shrunk.fromRun} drew ${formatFaults(c.shrunk.from)}; ${plural(c.shrunk.runs, 'more simulation')} removed ${plural(removed, 'fault')} the violation does not need, and none of these can go`
            : `  shrunk: run ${c.shrunk.fromRun} drew ${formatFaults(c.shrunk.from)}; ${c.faults.length === 1 ? 'its one fault is needed' : `none of its faults can go${checked}`}`,
        );
      }
      lines.push(molly ? '  pre tuples without the post they had in the fault-free run:' : '  pre tuples without post:');
      for (const t of c.missing) lines.push(`    ${formatTuple('pre', t)}`);
      // The explanation is of the first counterexample, the one the replay line reproduces.
      if (c === r.counterexample && why?.explanation) for (const l of explanationLines(why.explanation, 2)) lines.push(l);
    }
    if (r.counterexamples.length > 1) lines.push(`${r.counterexamples.length} counterexamples`);
    lines.push(`  replay: ${replayCommand(files, r, program)}`);
  } else if (r.verdict === 'certified') {
    lines.push(`certified: no counterexample within ${within} (nodes ${formatNodes(b.nodes)}, strategy ${r.strategy}${molly ? ', oracle molly' : ''})`);
  } else if (r.incompleteReason === 'repeated-draws' && drewEverySet(r)) {
    lines.push(
      `incomplete: no counterexample in ${plural(r.executions, 'execution')}, which drew every one of the ${r.executions.toLocaleString('en-US')} fault sets within ${within}${molly ? ' under oracle molly' : ''} (random search stopped when its draws only repeated, before --max-runs; it never certifies)`,
    );
  } else {
    lines.push(`incomplete: no counterexample in ${plural(r.executions, 'execution')}, but the search stopped before covering ${within}${molly ? ' under oracle molly' : ''} (${incompleteWhy(r)})`);
  }
  for (const w of why?.warnings ?? []) lines.push(`  ${hintLine(w, 'warning')}`);
  lines.push(`  ${statsLine(r)}`);
  return lines.join('\n') + '\n';
}

/**
 * The JSON document of `check --json`: the result with fault sets and tuples in readable form.
 * `faultSpace` holds decimal strings: the counts exceed what a JSON number holds exactly.
 */
export function checkJson(files: readonly string[], r: CheckResult, why: CheckExplanation | null = null, program = 'ldfi'): string {
  const counterexample = (c: CheckResult['counterexample']) =>
    c && {
      run: c.run,
      faults: formatFaults(c.faults),
      faultList: c.faults,
      missing: c.missing.map((t) => formatTuple('pre', t)),
      shrunk: c.shrunk ? { fromRun: c.shrunk.fromRun, from: formatFaults(c.shrunk.from), runs: c.shrunk.runs } : null,
    };
  const doc = {
    files,
    verdict: r.verdict,
    strategy: r.strategy,
    oracle: r.oracle,
    bounds: r.bounds,
    executions: r.executions,
    hypotheses: r.hypotheses,
    faultSpace: r.faultSpace,
    elapsedMs: Math.round(r.elapsedMs),
    solverMs: Math.round(r.solverMs),
    incompleteReason: r.incompleteReason,
    coveredSize: r.coveredSize,
    phases: Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k, Math.round(v)])),
    faults: r.counterexample ? formatFaults(r.counterexample.faults) : null,
    counterexample: counterexample(r.counterexample),
    counterexamples: r.counterexamples.map(counterexample),
    replay: r.counterexample ? replayCommand(files, r, program) : null,
    explanation: why?.explanation ? explanationJson(why.explanation) : [],
    needed: why?.explanation ? neededJson(why.explanation) : [],
    hints: why?.explanation ? why.explanation.hints.map(hintJson) : [],
    warnings: (why?.warnings ?? []).map(hintJson),
    runs: r.runs.map((run) => ({
      index: run.index,
      faults: formatFaults(run.faults),
      status: run.violated ? 'counterexample' : 'ok',
      target: run.target,
      missing: run.missing.map((t) => formatTuple('pre', t)),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Random ran every fault set of the bounds (the fault-free one is among them). */
function drewEverySet(r: CheckResult): boolean {
  return String(r.executions) === r.faultSpace.faultSets;
}

/** Why an incomplete search stopped, for the end of its verdict line; `maxRuns` names the run limit where it is set. */
export function incompleteWhy(r: CheckResult, maxRuns = '--max-runs'): string {
  if (r.incompleteReason === 'repeated-draws') {
    const drawn = drewEverySet(r)
      ? `every one of the ${r.executions.toLocaleString('en-US')} fault sets was drawn`
      : `its draws kept repeating the ${r.executions.toLocaleString('en-US')} of the ${formatCount(r.faultSpace.faultSets)} fault sets it had run`;
    return `${drawn}, before ${maxRuns}; random search never certifies`;
  }
  if (r.incompleteReason === 'solver-memory') return `the SAT solver's 64 MiB heap ran out; every fault set of fewer than ${r.coveredSize} faults was covered`;
  if (r.incompleteReason === 'memory') return `the lineage formulas outgrew the memory ldfi allows itself (80 % of Node's heap); every fault set of fewer than ${r.coveredSize} faults was covered`;
  if (r.incompleteReason === 'time-limit') return 'time limit';
  return `${maxRuns}${r.strategy === 'random' ? '; random search never certifies' : ''}`;
}
