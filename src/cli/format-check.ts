/** Pure formatters for a CheckResult: the text verdict and the JSON document. */
import { formatFaults } from '../faults/text.js';
import { formatTuple } from '../terms/values.js';
import type { CheckResult } from '../search/types.js';
import type { CheckExplanation } from '../explain/explain.js';
import { explanationJson, explanationLines, hintJson, hintLine } from '../explain/print.js';

export function formatFaultSpace(n: number): string {
  return n < 1e4 ? String(n) : n.toExponential(2);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The shell command that replays a counterexample with `ldfi run`. */
export function replayCommand(files: readonly string[], r: CheckResult): string {
  const faults = r.counterexample ? formatFaults(r.counterexample.faults) : '';
  const quoted = files.map((f) => (/^[\w./-]+$/.test(f) ? f : `'${f.replace(/'/g, "'\\''")}'`));
  return `ldfi run ${quoted.join(' ')} --eot ${r.bounds.eot} --nodes ${r.bounds.nodes.join(',')}${faults ? ` --faults "${faults}"` : ''}`;
}

export function formatCheck(files: readonly string[], r: CheckResult, why: CheckExplanation | null = null): string {
  const b = r.bounds;
  const within = `EOT=${b.eot}, EFF=${b.eff}, crashes=${b.crashes}`;
  const molly = r.oracle === 'molly';
  const stats = `executions: ${r.executions}, hypotheses tested: ${r.hypotheses}, fault space: ${formatFaultSpace(r.faultSpace)}, elapsed: ${seconds(r.elapsedMs)}`;
  const lines: string[] = [];
  if (r.verdict === 'counterexample') {
    const shown = r.counterexamples.length > 1 ? r.counterexamples : [r.counterexample!];
    for (const c of shown) {
      lines.push(`counterexample in run ${c.run} (within ${within}, nodes ${b.nodes.join(',')}${molly ? ', oracle molly' : ''})`);
      lines.push(`  faults: ${formatFaults(c.faults) || '(none: the fault-free run already violates the invariant)'}`);
      lines.push(molly ? '  pre tuples without the post they had in the fault-free run:' : '  pre tuples without post:');
      for (const t of c.missing) lines.push(`    ${formatTuple('pre', t)}`);
      // The explanation is of the first counterexample, the one the replay line reproduces.
      if (c === r.counterexample && why?.explanation) lines.push(...explanationLines(why.explanation, 2));
    }
    if (r.counterexamples.length > 1) lines.push(`${r.counterexamples.length} counterexamples`);
    lines.push(`  replay: ${replayCommand(files, r)}`);
  } else if (r.verdict === 'certified') {
    lines.push(`certified: no counterexample within ${within} (nodes ${b.nodes.join(',')}, strategy ${r.strategy}${molly ? ', oracle molly' : ''})`);
  } else {
    lines.push(`incomplete: no counterexample in ${r.executions} execution${r.executions === 1 ? '' : 's'}, but the search stopped before covering ${within}${molly ? ' under oracle molly' : ''} (--max-runs${r.strategy === 'random' ? '; random search never certifies' : ''})`);
  }
  for (const w of why?.warnings ?? []) lines.push(`  ${hintLine(w, 'warning')}`);
  lines.push(`  ${stats}`);
  return lines.join('\n') + '\n';
}

/** The JSON document of `check --json`: the result with fault sets and tuples in readable form. */
export function checkJson(files: readonly string[], r: CheckResult, why: CheckExplanation | null = null): string {
  const counterexample = (c: CheckResult['counterexample']) =>
    c && { run: c.run, faults: formatFaults(c.faults), faultList: c.faults, missing: c.missing.map((t) => formatTuple('pre', t)) };
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
    phases: Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k, Math.round(v)])),
    faults: r.counterexample ? formatFaults(r.counterexample.faults) : null,
    counterexample: counterexample(r.counterexample),
    counterexamples: r.counterexamples.map(counterexample),
    replay: r.counterexample ? replayCommand(files, r) : null,
    explanation: why?.explanation ? explanationJson(why.explanation) : [],
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
