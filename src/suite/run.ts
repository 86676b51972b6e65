/**
 * `runSuite`: check every entry of a suite config (or one shard of it) and compare each verdict
 * with the expected one. Every selected spec is loaded and validated before anything runs, so bad
 * input stops the suite before any result exists.
 */
import { availableParallelism } from 'node:os';
import type { Bounds } from '../faults/types.js';
import type { CheckResult, Verdict } from '../search/types.js';
import type { Diagnostic } from '../syntax/diagnostic.js';
import type { SuiteConfig, SuiteEntry } from './config.js';
import { prepareEntry, type EntryOutcome, type PreparedEntry } from './entry.js';
import { runEntries, workerLaunch, type WorkerLaunch } from './pool.js';
import { shardIndices, type Shard } from './shard.js';

export interface EntryResult {
  readonly entry: SuiteEntry;
  readonly bounds: Bounds;
  /** `error`: the entry could not be checked (an internal error, see `error`). */
  readonly verdict: Verdict | 'error';
  /** The verdict is the expected one. */
  readonly passed: boolean;
  readonly executions: number;
  readonly elapsedMs: number;
  readonly check: CheckResult | null;
  readonly error: string | null;
}

export interface SuiteRun {
  readonly ok: true;
  readonly config: SuiteConfig;
  readonly shard: Shard | null;
  /** The selected entries, in config order. */
  readonly entries: readonly EntryResult[];
  readonly passed: number;
  readonly failed: number;
  /** Entries that failed with an internal error (counted in `failed` too). */
  readonly errors: number;
}

export type SuiteResult =
  | SuiteRun
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly sources: ReadonlyMap<string, string> };

export interface SuiteOptions {
  /** Entries run in parallel (worker_threads); 1 runs in-process. Default: the number of cores. */
  readonly jobs?: number;
  readonly shard?: Shard | null;
  /** Called in config order, as soon as an entry and every entry before it are done. */
  readonly onResult?: (r: EntryResult) => void;
  /** Called as each entry finishes, in finishing order. */
  readonly onProgress?: (r: EntryResult, done: number, total: number) => void;
  /** How to start workers; tests pass a broken one to exercise the in-process fallback. */
  readonly launch?: WorkerLaunch | null;
}

export async function runSuite(config: SuiteConfig, options: SuiteOptions = {}): Promise<SuiteResult> {
  const shard = options.shard ?? null;
  const selected = shardIndices(config.entries.length, shard);

  const prepared: PreparedEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>([[config.path, config.source]]);
  for (const i of selected) {
    const p = prepareEntry(config.entries[i]!, i);
    diagnostics.push(...p.diagnostics);
    for (const [file, text] of p.sources) sources.set(file, text);
    if (p.prepared) prepared.push(p.prepared);
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics, sources };

  const results = new Map<number, EntryResult>();
  let emitted = 0;
  const emitInOrder = (): void => {
    while (emitted < selected.length && results.has(selected[emitted]!)) {
      const next = results.get(selected[emitted]!)!;
      emitted++;
      options.onResult?.(next);
    }
  };
  const boundsOf = new Map(prepared.map((p) => [p.task.index, p.task.bounds]));
  const onOutcome = (o: EntryOutcome): void => {
    const r = entryResult(config.entries[o.index]!, boundsOf.get(o.index)!, o);
    results.set(o.index, r);
    options.onProgress?.(r, results.size, selected.length);
    emitInOrder();
  };
  const jobs = options.jobs ?? availableParallelism();
  await runEntries(prepared, jobs, onOutcome, options.launch === undefined ? workerLaunch() : options.launch);

  const entries = selected.map((i) => results.get(i)!);
  const passed = entries.filter((r) => r.passed).length;
  return {
    ok: true,
    config,
    shard,
    entries,
    passed,
    failed: entries.length - passed,
    errors: entries.filter((r) => r.verdict === 'error').length,
  };
}

function entryResult(entry: SuiteEntry, bounds: Bounds, o: EntryOutcome): EntryResult {
  if (!o.ok) return { entry, bounds, verdict: 'error', passed: false, executions: 0, elapsedMs: 0, check: null, error: o.error };
  return {
    entry,
    bounds,
    verdict: o.check.verdict,
    // `incomplete` never matches: the search stopped before it could confirm either verdict.
    passed: o.check.verdict === entry.expect,
    executions: o.check.executions,
    elapsedMs: o.check.elapsedMs,
    check: o.check,
    error: null,
  };
}
