/**
 * Pure formatters of the scale sections: the sweep table against Figure 13, the cost of one
 * execution and where it goes, and node scaling; with the met/not-met verdict of each target.
 */
import { fmtCount, fmtMB, fmtMean, fmtMs, fmtRatio, fmtSpace, markdownTable, versusRandomTarget, wallRatio, type Target } from './format.js';
import type { LdfiFigures, RowResult } from './measure.js';
import type { SweepRowFigures } from './protocol.js';
import type { BenchRow, ScalingRow } from './rows.js';
import { highestCertified, SWEEP_GRACE_MS, type SweepFigures } from './sweeps.js';

/** Target: one execution of ack broadcast 14/13/1 costs at most this on average, ms. */
export const COST_PER_EXECUTION_MS = 5;
/** … and the solver takes less than this share of the search. */
export const SOLVER_SHARE = 0.5;
/** Peak resident set every check must stay under. */
export const RSS_LIMIT_BYTES = 2 ** 30;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(0)} %` : '—';
}

/** Why a sweep stopped, for its table cell. */
function stoppedCell(f: SweepFigures): string {
  if (f.error !== null) return `error: ${f.error}`;
  const last = f.rows.at(-1);
  if (f.killed) return `killed ${SWEEP_GRACE_MS / 1000} s past the budget, in the row after EOT ${last?.eot ?? '—'}`;
  switch (f.end?.stop) {
    case 'counterexample':
      return `counterexample at ${last!.eot}/${last!.eff}/${last!.crashes}`;
    case 'budget':
      return last?.verdict === 'incomplete' ? `budget, during EOT ${last.eot} (incomplete after ${fmtCount(last.executions)} executions)` : 'budget, between rows';
    case 'max-runs':
      return `run limit at EOT ${last!.eot} (incomplete)`;
    case 'solver-memory':
      return `solver memory at EOT ${last!.eot} (incomplete)`;
    case 'memory':
      return `lineage memory at EOT ${last!.eot} (incomplete)`;
    case 'run-stopped':
      return 'the program stopped a run of the next row';
    case 'max-eot':
      return 'largest EOT';
    case undefined:
      return '—';
  }
}

/** The sweep target: the highest certified EOT reaches `target` within the budget. */
export function sweepTarget(f: SweepFigures): Target | null {
  if (f.spec.target === undefined) return null;
  const best = highestCertified(f);
  if (best !== null && best >= f.spec.target) return { met: true, text: `met (${best} ≥ ${f.spec.target})` };
  return { met: false, text: `not met (${best ?? 'none'} < ${f.spec.target})` };
}

export function sweepTable(results: readonly SweepFigures[]): string {
  const rows = results.map((f) => {
    const best = highestCertified(f);
    const target = sweepTarget(f);
    const executions = f.rows.reduce((n, r) => n + r.executions, 0);
    return [
      f.spec.protocol,
      f.spec.spec,
      `EOT − ${f.spec.effGap}, ${f.spec.crashes}`,
      f.spec.molly === undefined ? '—' : `${f.spec.molly}/${f.spec.molly - 1}`,
      best === null ? 'none' : `${best}/${best - f.spec.effGap}`,
      f.spec.molly === undefined || best === null ? '—' : fmtRatio(best / f.spec.molly),
      String(f.rows.length),
      stoppedCell(f),
      seconds(f.wallMs),
      fmtCount(executions),
      fmtMB(f.maxRssBytes),
      target === null ? '—' : `EOT ≥ ${f.spec.target}: ${target.text}`,
    ];
  });
  return markdownTable(
    ['protocol', 'spec', 'EFF, crashes', 'Molly in 120 s (Figure 13)', 'highest certified (ours)', 'ours ÷ Molly', 'rows', 'stopped by', 'process time', 'executions (all rows)', 'peak RSS', 'target'],
    rows,
    [5, 6, 8, 9, 10],
  );
}

/** Every row of every sweep: what each bound cost. */
export function sweepRowsTable(results: readonly SweepFigures[]): string {
  const rows = results.flatMap((f) =>
    f.rows.map((r: SweepRowFigures) => [
      f.spec.spec,
      `${r.eot}/${r.eff}/${r.crashes}`,
      r.verdict,
      fmtCount(r.executions),
      fmtMs(r.elapsedMs),
      r.executions > 0 ? fmtMs(r.elapsedMs / r.executions) : '—',
      percent(r.phases.solveMs, r.elapsedMs),
    ]),
  );
  return markdownTable(['spec', 'EOT/EFF/C', 'verdict', 'executions', 'time', 'per execution', 'solver share'], rows, [3, 4, 5, 6]);
}

export interface CostLine {
  readonly label: string;
  readonly ldfi: LdfiFigures;
}

/** The first search's time and cost per execution, then the mean over all searches of the row, split over its phases. */
function costCells(f: Extract<LdfiFigures, { status: 'done' }>): string[] {
  const c = f.check;
  const { meanMs, meanPhases: p, count } = f.repeats;
  const other = Math.max(0, meanMs - p.simulateMs - p.lineageMs - p.encodeMs - p.solveMs);
  return [
    c.verdict,
    fmtCount(c.executions),
    fmtMs(c.elapsedMs),
    fmtMs(c.elapsedMs / c.executions),
    String(count),
    fmtMs(meanMs / c.executions),
    fmtMs(p.simulateMs / c.executions),
    p.simulateMs > 0 ? fmtRatio(meanMs / p.simulateMs) : '—',
    percent(p.simulateMs, meanMs),
    percent(p.lineageMs, meanMs),
    percent(p.encodeMs, meanMs),
    percent(p.solveMs, meanMs),
    percent(other, meanMs),
  ];
}

/** The cost of one execution on each check row, and its split (CheckResult.phases). */
export function costTable(lines: readonly CostLine[]): string {
  const rows = lines.map(({ label, ldfi }) => {
    if (ldfi.status === 'done') return [label, ...costCells(ldfi)];
    const why = ldfi.status === 'timeout' ? `timeout (${ldfi.timeoutMs / 1000} s)` : ldfi.status === 'error' ? `error: ${ldfi.message}` : `skipped (${ldfi.reason})`;
    return [label, why, ...Array.from({ length: 12 }, () => '—')];
  });
  return markdownTable(
    ['check', 'verdict', 'executions', 'first search', 'per execution (first)', 'searches', 'per execution (mean)', 'simulation per execution', 'execution ÷ simulation', 'simulate', 'lineage', 'encode', 'solve', 'other'],
    rows,
    [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
  );
}

/** The cost target on ack broadcast 14/13/1, judged on the mean over the row's searches; the first search is quoted beside it. */
export function costTarget(f: LdfiFigures): Target {
  if (f.status !== 'done') return { met: false, text: `not met (${f.status})` };
  const c = f.check;
  const perExecution = f.repeats.meanMs / c.executions;
  const share = f.repeats.meanPhases.solveMs / f.repeats.meanMs;
  const first = `first search ${(c.elapsedMs / c.executions).toFixed(1)} ms per execution`;
  const why: string[] = [];
  if (perExecution > COST_PER_EXECUTION_MS) why.push(`${perExecution.toFixed(1)} ms > ${COST_PER_EXECUTION_MS} ms per execution over ${f.repeats.count} searches`);
  if (!(share < SOLVER_SHARE)) why.push(`solver share ${(100 * share).toFixed(0)} % ≥ ${100 * SOLVER_SHARE} %`);
  return why.length === 0
    ? { met: true, text: `met (${perExecution.toFixed(1)} ms per execution over ${f.repeats.count} searches, solver share ${(100 * share).toFixed(0)} %; ${first})` }
    : { met: false, text: `not met (${why.join(', ')}; ${first})` };
}

export function scalingTable(results: readonly RowResult<ScalingRow>[], spaceOf: (r: BenchRow) => number): string {
  const rows = results.map((r) => {
    const { row, ldfi, random } = r;
    const done = ldfi.status === 'done' ? ldfi.check : null;
    const race = versusRandomTarget(row.expect, ldfi, random);
    return [
      row.protocol,
      String(row.nodes),
      `${row.eot}/${row.eff}/${row.crashes}`,
      fmtSpace(spaceOf(row)),
      done ? (done.verdict === row.expect ? done.verdict : `${done.verdict} ✗ (expected ${row.expect})`) : ldfi.status === 'timeout' ? `timeout (${ldfi.timeoutMs / 1000} s)` : ldfi.status,
      done ? fmtCount(done.executions) : ldfi.status === 'timeout' ? `> ${fmtCount(ldfi.reached)}` : '—',
      done ? fmtMs(done.elapsedMs) : '—',
      ldfi.status === 'done' ? `${fmtMs(ldfi.repeats.meanMs)} (${ldfi.repeats.count})` : '—',
      done ? fmtMs(done.elapsedMs / done.executions) : '—',
      fmtMB(r.ldfiRssBytes),
      random === null ? 'not run (certified row)' : random.seedsRun === 0 ? 'timeout' : `${random.withoutCounterexample > 0 ? '≥ ' : ''}${fmtMean(random.meanExecutions)}`,
      random === null || random.seedsRun === 0 ? '—' : fmtMs(random.meanMs),
      fmtRatio(wallRatio(ldfi, random)),
      race === null ? '—' : race.text,
    ];
  });
  return markdownTable(
    ['protocol', 'nodes', 'EOT/EFF/C', 'fault space', 'ldfi verdict', 'ldfi executions', 'ldfi time (first search)', 'ldfi time (mean of searches)', 'per execution (first)', 'ldfi peak RSS', 'random executions (mean)', 'random time (mean)', 'ldfi ÷ random time', 'wall-time target'],
    rows,
    [1, 3, 5, 6, 7, 8, 9, 10, 11, 12],
  );
}

/** Executions of one suite entry now and at the reference commits. */
export interface SuiteLine {
  readonly name: string;
  readonly expect: string;
  readonly verdict: string | null;
  readonly executions: number | null;
}

export interface ReferenceColumn {
  readonly label: string;
  readonly commit: string;
  readonly executions: Readonly<Record<string, number | null>>;
}

/**
 * Target: no suite entry needs more executions now than at `base` (the reference where the
 * sound lineage had landed). Entries absent from the reference are not judged.
 */
export function suiteExecutionsTarget(lines: readonly SuiteLine[], base: ReferenceColumn | undefined): Target {
  if (base === undefined) return { met: false, text: 'not measured (no reference recorded)' };
  if (lines.length === 0) return { met: false, text: 'not measured (the suite printed no entries)' };
  const judged = lines.filter((l) => typeof base.executions[l.name] === 'number');
  const worse = judged.filter((l) => l.executions === null || l.executions > base.executions[l.name]!);
  if (worse.length === 0) return { met: true, text: `met on all ${judged.length} entries the reference has` };
  return { met: false, text: `not met on ${worse.length} of ${judged.length}: ${worse.map((l) => `${l.name} ${l.executions ?? 'error'} > ${base.executions[l.name]}`).join('; ')}` };
}

export function suiteTable(lines: readonly SuiteLine[], references: readonly ReferenceColumn[], base: ReferenceColumn | undefined): string {
  const rows = lines.map((l) => {
    const ref = base?.executions[l.name];
    const target = typeof ref !== 'number' ? '—' : l.executions !== null && l.executions <= ref ? 'met' : 'not met';
    return [
      l.name,
      l.expect,
      l.verdict === null ? 'error' : l.verdict === l.expect ? l.verdict : `${l.verdict} ✗`,
      l.executions === null ? '—' : fmtCount(l.executions),
      ...references.map((r) => (typeof r.executions[l.name] === 'number' ? fmtCount(r.executions[l.name]!) : '—')),
      target,
    ];
  });
  const total = (pick: (l: SuiteLine) => number | null | undefined): string => fmtCount(lines.reduce((n, l) => n + (pick(l) ?? 0), 0));
  rows.push(['**total**', '', '', total((l) => l.executions), ...references.map((r) => total((l) => r.executions[l.name])), '']);
  return markdownTable(
    ['entry', 'expected', 'verdict', 'executions now', ...references.map((r) => `${r.label} (${r.commit})`), `now ≤ ${base ? base.commit : 'reference'}`],
    rows,
    [3, ...references.map((_, i) => 4 + i)],
  );
}
