import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSuiteConfig } from '../../src/suite/config.js';
import { prepareEntry, type EntryOutcome, type PreparedEntry } from '../../src/suite/entry.js';
import { runEntries, workerLaunch } from '../../src/suite/pool.js';
import { holdsProgramFacts } from '../../src/lineage/possible.js';

const fixtures = join(import.meta.dirname, 'fixtures');

function prepared(): PreparedEntry[] {
  const text = JSON.stringify({
    entries: [
      { name: 'once', files: ['once.ded'], eot: 4, eff: 2, crashes: 0, expect: 'counterexample' },
      { name: 'retry', files: ['retry.ded'], eot: 4, eff: 2, crashes: 0, expect: 'certified' },
      { name: 'retry-crash', files: ['retry.ded'], eot: 4, eff: 2, crashes: 1, expect: 'counterexample' },
    ],
  });
  const c = parseSuiteConfig(text, join(fixtures, 'pool.json'));
  if (!c.ok) throw new Error('config');
  return c.config.entries.map((e, i) => prepareEntry(e, i).prepared!);
}

/** Index and verdict of each outcome, by index: what must not depend on how entries ran. */
function verdicts(outcomes: EntryOutcome[]): [number, string][] {
  return outcomes.map((o): [number, string] => [o.index, o.ok ? o.check.verdict : `error: ${o.error}`]).sort((a, b) => a[0] - b[0]);
}

const expected: [number, string][] = [
  [0, 'counterexample'],
  [1, 'certified'],
  [2, 'counterexample'],
];

describe('runEntries', () => {
  it('finds the TypeScript worker entry and a tsx loader when running from source', () => {
    const launch = workerLaunch();
    expect(launch?.eval).toBe(true);
    expect(String(launch?.script)).toContain('/src/suite/worker.ts');
    expect(workerLaunch('file:///x/dist/src/suite/pool.js')).toEqual({ script: new URL('file:///x/dist/src/suite/worker.js') });
  });

  it('runs entries in worker threads from TypeScript source', async () => {
    const outcomes: EntryOutcome[] = [];
    const run = await runEntries(prepared(), 2, (o) => outcomes.push(o));
    expect(run.usedWorkers).toBe(true);
    expect(verdicts(outcomes)).toEqual(expected);
  });

  it('falls back to in-process when a worker cannot start, with the same results', async () => {
    const outcomes: EntryOutcome[] = [];
    const broken = { script: 'throw new Error("no loader here")', eval: true };
    const run = await runEntries(prepared(), 2, (o) => outcomes.push(o), broken);
    expect(run.usedWorkers).toBe(false);
    expect(verdicts(outcomes)).toEqual(expected);
  });

  it('reports an entry whose worker dies as an error, and goes on with a new worker', async () => {
    const outcomes: EntryOutcome[] = [];
    const dying = {
      script: "const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => process.exit(3)); parentPort.postMessage('ready');",
      eval: true,
    };
    const run = await runEntries(prepared(), 2, (o) => outcomes.push(o), dying);
    expect(run.usedWorkers).toBe(false);
    expect(verdicts(outcomes)).toEqual([0, 1, 2].map((i) => [i, 'error: the worker running this entry stopped: exit code 3']));
  });

  it('keeps the search caches of one program it ran in-process at most: the caller holds every entry until the end', async () => {
    const entries = prepared();
    await runEntries(entries, 1, () => {});
    expect(entries.filter((e) => holdsProgramFacts(e.compiled)).length).toBeLessThanOrEqual(1);
  });

  it('runs in-process with one job', async () => {
    const outcomes: EntryOutcome[] = [];
    const run = await runEntries(prepared(), 1, (o) => outcomes.push(o));
    expect(run.usedWorkers).toBe(false);
    expect(outcomes.map((o) => o.index)).toEqual([0, 1, 2]);
    expect(verdicts(outcomes)).toEqual(expected);
  });
});

