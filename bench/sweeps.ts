/**
 * The sweep table: one `sweep` per protocol (src/search/sweep.ts), each in its own process under
 * the budget. The process is killed only if it outlives the budget by a grace period (a row is
 * stopped between runs, so one run or solve may overrun); the rows it finished are kept.
 */
import { runTask } from './child.js';
import type { SweepEndFigures, SweepRowFigures } from './protocol.js';
import type { SweepSpec } from './rows.js';

/** How long past its budget a sweep process may run before it is killed. */
export const SWEEP_GRACE_MS = 60_000;

export interface SweepFigures {
  readonly spec: SweepSpec;
  readonly budgetMs: number;
  readonly rows: readonly SweepRowFigures[];
  /** Null when the process was killed or failed before the sweep ended. */
  readonly end: SweepEndFigures | null;
  readonly killed: boolean;
  readonly error: string | null;
  readonly maxRssBytes: number | null;
  readonly wallMs: number;
}

export async function measureSweep(spec: SweepSpec, file: string, budgetMs: number, log: (line: string) => void): Promise<SweepFigures> {
  const o = await runTask({ kind: 'sweep', file, crashes: spec.crashes, effGap: spec.effGap, budgetMs }, budgetMs + SWEEP_GRACE_MS);
  const f: SweepFigures = { spec, budgetMs, rows: o.sweepRows, end: o.sweepEnd, killed: o.timedOut, error: o.timedOut ? null : o.error, maxRssBytes: o.maxRssBytes, wallMs: o.wallMs };
  log(`  ${describeSweep(f)}`);
  return f;
}

/** The highest EOT certified: the last certified row (every row before it was certified too). */
export function highestCertified(f: SweepFigures): number | null {
  const certified = f.rows.filter((r) => r.verdict === 'certified');
  return certified.at(-1)?.eot ?? null;
}

export function describeSweep(f: SweepFigures): string {
  const best = highestCertified(f);
  const last = f.rows.at(-1);
  const how = f.error !== null ? `error: ${f.error}` : f.killed ? `killed ${SWEEP_GRACE_MS / 1000} s past the budget during the row after EOT ${last?.eot ?? '—'}` : `stopped by ${f.end?.stop ?? '?'}`;
  return `highest certified EOT ${best ?? 'none'} in ${f.rows.length} rows; ${how}`;
}
