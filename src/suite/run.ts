/**
 * `runSuite`: check every entry of a suite config (or one shard of it) and compare each verdict
 * with the expected one. Every selected spec is loaded and validated before anything runs; an
 * entry with bad input (a config mistake, a spec that does not load, impossible bounds) is that
 * entry's error, and the other entries still run.
 */
import { availableParallelism } from 'node:os';
import type { Bounds } from '../faults/types.js';
import type { CheckResult, Verdict } from '../search/types.js';
import type { Confinement } from '../syntax/confine.js';
import type { Diagnostic } from '../syntax/diagnostic.js';
import type { SuiteConfig, SuiteEntry } from './config.js';
import { prepareEntry, type EntryOutcome, type PreparedEntry } from './entry.js';
import { runEntries, workerLaunch, type WorkerLaunch } from './pool.js';
import { shardIndices, type Shard } from './shard.js';

export interface EntryResult {
  readonly entry: SuiteEntry;
  readonly bounds: Bounds;
  /** `error`: the entry could not be checked (bad input, see `problems`, or an internal error, see `error`). */
  readonly verdict: Verdict | 'error';
  /** The verdict is the expected one. */
  readonly passed: boolean;
  readonly executions: number;
  readonly elapsedMs: number;
  readonly check: CheckResult | null;
  /** One line: the first problem, or the internal error's message. */
  readonly error: string | null;
  /** Bad input, located in the config or a spec; empty for an internal error. */
  readonly problems: readonly Diagnostic[];
  /** What the bounds leave untested (a node that sends messages but is not in "nodes"), one line each. */
  readonly warnings: readonly string[];
}

export interface SuiteRun {
  readonly ok: true;
  readonly config: SuiteConfig;
  readonly shard: Shard | null;
  /** The selected entries, in config order. */
  readonly entries: readonly EntryResult[];
  readonly passed: number;
  readonly failed: number;
  /** Entries that could not be checked, bad input or internal error (counted in `failed` too). */
  readonly errors: number;
  /** Texts of the config and of every spec read, to render `problems` with their excerpts. */
  readonly sources: ReadonlyMap<string, string>;
  /** Where the specs' included files had to be (null: anywhere), for loading them again. */
  readonly confine: Confinement | null;
}

export type SuiteResult = SuiteRun;

export interface SuiteOptions {
  /** Entries run in parallel (worker_threads); 1 runs in-process. Default: the number of cores. */
  readonly jobs?: number;
  readonly shard?: Shard | null;
  /** Folders searched for includes after the config's own `includePath`. */
  readonly includePath?: readonly string[];
  /** Called in config order, as soon as an entry and every entry before it are done. */
  readonly onResult?: (r: EntryResult) => void;
  /** Called as each entry finishes, in finishing order. */
  readonly onProgress?: (r: EntryResult, done: number, total: number) => void;
  /** How to start workers; tests pass a broken one to exercise the in-process fallback. */
  readonly launch?: WorkerLaunch | null;
}

/** The selected entries loaded and validated: what can run, what cannot, and every file read. */
export interface PreparedSuite {
  readonly config: SuiteConfig;
  readonly shard: Shard | null;
  readonly selected: readonly number[];
  readonly prepared: readonly PreparedEntry[];
  /** Entries that cannot run, as results. */
  readonly broken: ReadonlyMap<number, EntryResult>;
  readonly sources: ReadonlyMap<string, string>;
  /** Real paths of every spec and include read: no output may overwrite them. */
  readonly inputs: readonly string[];
  /** Where included files must be: the config's folder and the -I folders; null: anywhere. */
  readonly confine: Confinement | null;
}

export function prepareSuite(config: SuiteConfig, options: Pick<SuiteOptions, 'shard' | 'includePath'> = {}): PreparedSuite {
  const shard = options.shard ?? null;
  const selected = shardIndices(config.entries.length, shard);
  const includePath = [...config.includePath, ...(options.includePath ?? [])];
  // Folders given with -I on the command line are the user's own choice, like the config's folder.
  const confine = config.confine ? { ...config.confine, folders: [...config.confine.folders, ...(options.includePath ?? [])] } : null;
  const prepared: PreparedEntry[] = [];
  const broken = new Map<number, EntryResult>();
  const sources = new Map<string, string>([[config.path, config.source]]);
  const inputs: string[] = [];
  for (const i of selected) {
    const entry = config.entries[i]!;
    const p = prepareEntry(entry, i, includePath, confine);
    for (const [file, text] of p.sources) sources.set(file, text);
    for (const f of p.inputs) inputs.push(f);
    if (p.prepared) prepared.push(p.prepared);
    else broken.set(i, badInput(entry, p.diagnostics.filter((d) => d.severity === 'error')));
  }
  return { config, shard, selected, prepared, broken, sources, inputs, confine };
}

export async function runSuite(config: SuiteConfig, options: SuiteOptions = {}): Promise<SuiteRun> {
  return runPreparedSuite(prepareSuite(config, options), options);
}

export async function runPreparedSuite(suite: PreparedSuite, options: SuiteOptions = {}): Promise<SuiteRun> {
  const { config, selected } = suite;
  const results = new Map<number, EntryResult>();
  let emitted = 0;
  const emitInOrder = (): void => {
    while (emitted < selected.length && results.has(selected[emitted]!)) {
      const next = results.get(selected[emitted]!)!;
      emitted++;
      options.onResult?.(next);
    }
  };
  const record = (i: number, r: EntryResult): void => {
    results.set(i, r);
    options.onProgress?.(r, results.size, selected.length);
    emitInOrder();
  };
  for (const [i, r] of suite.broken) record(i, r);
  const preparedOf = new Map(suite.prepared.map((p) => [p.task.index, p]));
  const onOutcome = (o: EntryOutcome): void => {
    const p = preparedOf.get(o.index)!;
    record(o.index, { ...entryResult(config.entries[o.index]!, p.task.bounds, o), warnings: p.warnings });
  };
  const jobs = options.jobs ?? availableParallelism();
  await runEntries(suite.prepared, jobs, onOutcome, options.launch === undefined ? workerLaunch() : options.launch);

  const entries = selected.map((i) => results.get(i)!);
  const passed = entries.filter((r) => r.passed).length;
  return {
    ok: true,
    config,
    shard: suite.shard,
    entries,
    passed,
    failed: entries.length - passed,
    errors: entries.filter((r) => r.verdict === 'error').length,
    sources: suite.sources,
    confine: suite.confine,
  };
}

function boundsOfEntry(entry: SuiteEntry): Bounds {
  return { nodes: entry.nodes ?? [], eot: entry.eot, eff: entry.eff, crashes: entry.crashes };
}

function oneLine(d: Diagnostic): string {
  return `${d.span.file}:${d.span.line}:${d.span.col}: ${d.message}`;
}

function badInput(entry: SuiteEntry, problems: readonly Diagnostic[]): EntryResult {
  return { entry, bounds: boundsOfEntry(entry), verdict: 'error', passed: false, executions: 0, elapsedMs: 0, check: null, error: problems[0] ? oneLine(problems[0]) : 'cannot be checked', problems, warnings: [] };
}

function entryResult(entry: SuiteEntry, bounds: Bounds, o: EntryOutcome): Omit<EntryResult, 'warnings'> {
  if (!o.ok) {
    if (o.problem) return { ...badInput(entry, [o.problem]), bounds };
    return { entry, bounds, verdict: 'error', passed: false, executions: 0, elapsedMs: 0, check: null, error: o.error, problems: [] };
  }
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
    problems: [],
  };
}
