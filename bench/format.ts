/** Pure formatters: the bench's figures → markdown tables, and the met/not-met verdict of each target. */
import type { LdfiFigures, RandomFigures, RowResult } from './measure.js';
import type { BenchRow, MollyCertificationRow, MollyCounterexampleRow, VerdictRow } from './rows.js';
import type { SimulatorSection } from './simulator.js';

/** Counterexample rows must be found in under this. */
export const COUNTEREXAMPLE_MS = 1000;
/** One fault-free simulation at EOT 10 takes less than this. */
export const SIMULATION_MS = 5;

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string {
  const sep = header.map((_, i) => (rightAligned.includes(i) ? '---:' : '---'));
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(sep), ...rows.map(line)].join('\n') + '\n';
}

export function fmtCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtMean(n: number): string {
  return Number.isNaN(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Milliseconds: one decimal under 10 ms, whole numbers above. */
export function fmtMs(ms: number): string {
  if (Number.isNaN(ms)) return '—';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${fmtCount(ms)} ms`;
}

export function fmtMB(bytes: number | null): string {
  return bytes === null ? '—' : `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

/** Fault-space sizes as the paper prints them: exact when small, else 2 decimals of mantissa. */
export function fmtSpace(x: number): string {
  return x < 1e3 ? fmtCount(x) : x.toExponential(2).replace('e+', 'e');
}

export interface Target {
  readonly met: boolean;
  readonly text: string;
}

/** Counterexample rows: found, in no more executions than Molly, in under a second. */
export function counterexampleTarget(f: LdfiFigures, molly: number): Target {
  if (f.status === 'skipped') return { met: false, text: `not run (${f.reason})` };
  if (f.status === 'timeout') return { met: false, text: 'not met (timeout)' };
  if (f.status === 'error') return { met: false, text: 'not met (error)' };
  const c = f.check;
  if (c.verdict !== 'counterexample') return { met: false, text: `not met (${c.verdict})` };
  const why: string[] = [];
  if (c.executions > molly) why.push(`${c.executions} > ${molly} executions`);
  if (c.elapsedMs >= COUNTEREXAMPLE_MS) why.push(`${(c.elapsedMs / 1000).toFixed(2)} s ≥ 1 s`);
  return why.length === 0 ? { met: true, text: 'met' } : { met: false, text: `not met (${why.join(', ')})` };
}

/** Certification rows: certified in fewer executions than Molly. */
export function certificationTarget(f: LdfiFigures, molly: number): Target {
  if (f.status === 'skipped') return { met: false, text: `not run (${f.reason})` };
  if (f.status === 'timeout') {
    return { met: false, text: f.reached >= molly ? `not met (timeout, > ${fmtCount(f.reached)} executions)` : 'not met (timeout)' };
  }
  if (f.status === 'error') return { met: false, text: 'not met (error)' };
  const c = f.check;
  if (c.verdict !== 'certified') return { met: false, text: `not met (${c.verdict})` };
  return c.executions < molly ? { met: true, text: 'met' } : { met: false, text: `not met (${fmtCount(c.executions)} ≥ ${molly} executions)` };
}

function bounds(r: BenchRow): string {
  return `${r.eot}/${r.eff}/${r.crashes}`;
}

function verdictCell(f: LdfiFigures, expect: string): string {
  switch (f.status) {
    case 'done':
      return f.check.verdict === expect ? f.check.verdict : `${f.check.verdict} ✗ (expected ${expect})`;
    case 'timeout':
      return `timeout (${f.timeoutMs / 1000} s)`;
    case 'error':
      return `error: ${f.message}`;
    case 'skipped':
      return `skipped (${f.reason})`;
  }
}

function executionsCell(f: LdfiFigures): string {
  if (f.status === 'done') return fmtCount(f.check.executions);
  if (f.status === 'timeout') return `> ${fmtCount(f.reached)}`;
  return '—';
}

function timeCell(f: LdfiFigures): string {
  if (f.status === 'done') return fmtMs(f.check.elapsedMs);
  if (f.status === 'timeout') return `> ${fmtCount(f.timeoutMs)} ms`;
  return '—';
}

/** The mean over the first search and its repetitions, with their number. */
function meanTimeCell(f: LdfiFigures): string {
  return f.status === 'done' ? `${fmtMs(f.repeats.meanMs)} (${f.repeats.count})` : '—';
}

function cpuCell(f: LdfiFigures): string {
  return f.status === 'done' ? fmtMs(f.check.cpuMs) : '—';
}

function solverShareCell(f: LdfiFigures): string {
  if (f.status !== 'done' || f.check.elapsedMs <= 0) return '—';
  return `${((100 * f.check.solverMs) / f.check.elapsedMs).toFixed(0)} %`;
}

/** Mean executions of the random baseline; "≥" when some seed stopped without a counterexample (its count is a lower bound). */
function randomExecutionsCell(r: RandomFigures | null): string {
  if (r === null) return '—';
  if (r.seedsRun === 0) return r.timedOut ? 'timeout' : 'error';
  return `${r.withoutCounterexample > 0 ? '≥ ' : ''}${fmtMean(r.meanExecutions)}`;
}

function randomCappedCell(r: RandomFigures | null): string {
  if (r === null) return '—';
  const partial = r.seedsRun < r.seedsPlanned ? ` (${r.seedsRun} of ${r.seedsPlanned} seeds${r.timedOut ? ' before the timeout' : ''})` : '';
  return `${r.withoutCounterexample}/${r.seedsRun}${partial}`;
}

function randomTimeCell(r: RandomFigures | null): string {
  return r === null || r.seedsRun === 0 ? '—' : fmtMs(r.meanMs);
}

export function simulatorTable(s: SimulatorSection): string {
  const rows = s.rows.map((r) => [
    r.spec,
    r.error ? '—' : String(r.nodes),
    r.error ? '—' : fmtCount(r.tuples),
    r.error ? '—' : fmtCount(r.messages),
    r.error ? `error: ${r.error}` : `${r.medianMs.toFixed(2)} ms`,
    r.error ? '—' : `${r.p90Ms.toFixed(2)} ms`,
    r.error ? 'not met' : r.medianMs < SIMULATION_MS ? 'met' : 'not met',
  ]);
  return markdownTable(['spec', 'nodes', 'tuples at EOT', 'messages', 'median', 'p90', `target < ${SIMULATION_MS} ms`], rows, [1, 2, 3, 4, 5]);
}

/** Random's mean executions from which ldfi must be faster in wall time (below it: within 2×). */
export const RANDOM_FASTER_FROM = 10;

/**
 * ldfi's mean search time (the first search of its process and its repetitions) over random's
 * mean time per seed (its first seed and the ones after it): each side pays its cold start once
 * over the same number of searches. NaN when either is missing.
 */
export function wallRatio(ldfi: LdfiFigures, random: RandomFigures | null): number {
  if (ldfi.status !== 'done' || random === null || random.seedsRun === 0 || !(random.meanMs > 0)) return NaN;
  return ldfi.repeats.meanMs / random.meanMs;
}

/**
 * The wall-time target on a counterexample row: faster than random where random
 * needs ≥ 10 executions on average, within 2× elsewhere. Null on certified rows (random cannot
 * certify, so there is no race to compare).
 */
export function versusRandomTarget(expect: string, ldfi: LdfiFigures, random: RandomFigures | null): Target | null {
  if (expect !== 'counterexample') return null;
  if (random === null) return { met: false, text: 'not measured (no random run)' };
  if (ldfi.status === 'skipped') return { met: false, text: `not run (${ldfi.reason})` };
  if (ldfi.status !== 'done') return { met: false, text: `not met (ldfi ${ldfi.status})` };
  if (ldfi.check.verdict !== 'counterexample') return { met: false, text: `not met (ldfi: ${ldfi.check.verdict})` };
  if (random.seedsRun === 0) return { met: false, text: 'not measured (random finished no seed)' };
  const ratio = wallRatio(ldfi, random);
  const faster = random.meanExecutions >= RANDOM_FASTER_FROM;
  const met = faster ? ratio < 1 : ratio <= 2;
  const rule = faster ? `random ≥ ${RANDOM_FASTER_FROM} executions: faster` : 'within 2×';
  return { met, text: `${met ? 'met' : 'not met'} (${fmtRatio(ratio)}; ${rule})` };
}

export function fmtRatio(x: number): string {
  if (Number.isNaN(x)) return '—';
  return x < 0.1 ? `${x.toFixed(3)}×` : x < 10 ? `${x.toFixed(2)}×` : `${x.toFixed(0)}×`;
}

/** The columns both search tables show: ldfi's verdict, cost and solver share, then random's, then the race between them. */
function searchHeaders(seeds: number): string[] {
  return [
    'ldfi verdict',
    'ldfi executions',
    'ldfi time (first search)',
    'ldfi time (mean of searches)',
    'ldfi cpu',
    'solver share',
    'ldfi peak RSS',
    `random executions (mean of ${seeds})`,
    'random: no counterexample',
    'random time (mean)',
    'ldfi ÷ random time',
    'wall-time target',
  ];
}

/** Offsets, within the search columns, of the numeric ones (right-aligned). */
const SEARCH_NUMERIC = [1, 2, 3, 4, 5, 6, 7, 9, 10];
/** Columns `searchHeaders` gives. */
const SEARCH_COLUMNS = 12;

function searchCells(expect: string, r: RowResult<BenchRow>): string[] {
  const { ldfi, random } = r;
  const race = versusRandomTarget(expect, ldfi, random);
  return [
    verdictCell(ldfi, expect),
    executionsCell(ldfi),
    timeCell(ldfi),
    meanTimeCell(ldfi),
    cpuCell(ldfi),
    solverShareCell(ldfi),
    fmtMB(r.ldfiRssBytes),
    randomExecutionsCell(random),
    randomCappedCell(random),
    randomTimeCell(random),
    fmtRatio(wallRatio(ldfi, random)),
    race === null ? 'n/a (certified row)' : race.text,
  ];
}

function aligned(before: number, after: readonly number[] = []): number[] {
  return [...SEARCH_NUMERIC.map((i) => i + before), ...after.map((i) => i + before + SEARCH_COLUMNS)];
}

export function verdictTable(results: readonly RowResult<VerdictRow>[], seeds: number): string {
  const rows = results.map((r) => [
    r.row.spec,
    bounds(r.row),
    r.row.expect,
    ...searchCells(r.row.expect, r),
    r.row.molly === undefined ? '—' : String(r.row.molly),
    r.row.molly === undefined ? '—' : counterexampleTarget(r.ldfi, r.row.molly).text,
  ]);
  return markdownTable(['spec', 'EOT/EFF/C', 'expected', ...searchHeaders(seeds), 'Molly', 'target'], rows, aligned(3, [0]));
}

export function mollyCounterexampleTable(results: readonly RowResult<MollyCounterexampleRow>[], spaceOf: (r: BenchRow) => number, seeds: number): string {
  const rows = results.map((r) => [
    r.row.protocol,
    r.row.spec,
    bounds(r.row),
    fmtSpace(spaceOf(r.row)),
    r.row.mollySpace,
    ...searchCells(r.row.expect, r),
    fmtMean(r.row.mollyRandom),
    String(r.row.molly),
    counterexampleTarget(r.ldfi, r.row.molly).text,
  ]);
  return markdownTable(
    ['protocol', 'spec', 'EOT/EFF/C', 'fault space (ours)', 'fault space (Molly)', ...searchHeaders(seeds), 'Molly random', 'Molly', 'target'],
    rows,
    [3, 4, ...aligned(5, [0, 1])],
  );
}

export function mollyCertificationTable(results: readonly RowResult<MollyCertificationRow>[], spaceOf: (r: BenchRow) => number): string {
  const rows = results.map(({ row, ldfi, ldfiRssBytes: maxRssBytes }) => [
    row.protocol,
    row.spec,
    bounds(row),
    fmtSpace(spaceOf(row)),
    verdictCell(ldfi, row.expect),
    executionsCell(ldfi),
    timeCell(ldfi),
    cpuCell(ldfi),
    solverShareCell(ldfi),
    fmtMB(maxRssBytes),
    String(row.molly),
    certificationTarget(ldfi, row.molly).text,
  ]);
  return markdownTable(
    ['protocol', 'spec', 'EOT/EFF/C', 'fault space (ours)', 'ldfi verdict', 'ldfi executions', 'ldfi time', 'ldfi cpu', 'solver share', 'peak RSS', 'Molly', 'target'],
    rows,
    [3, 5, 6, 7, 8, 9, 10],
  );
}
