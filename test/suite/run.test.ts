import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSuiteConfig, type SuiteConfig } from '../../src/suite/config.js';
import { formatSuite } from '../../src/suite/format.js';
import { suiteJunit } from '../../src/suite/junit.js';
import { prepareSuite, runSuite, type EntryResult } from '../../src/suite/run.js';
import { holdsProgramFacts } from '../../src/lineage/possible.js';

const fixtures = join(import.meta.dirname, 'fixtures');

function config(): SuiteConfig {
  const text = JSON.stringify({
    entries: [
      { name: 'slow-first', files: ['once.ded'], eot: 6, eff: 5, crashes: 0, expect: 'counterexample' },
      { name: 'b', files: ['retry.ded'], eot: 4, eff: 2, crashes: 0, expect: 'certified' },
      { name: 'c', files: ['retry.ded'], eot: 4, eff: 2, crashes: 1, expect: 'counterexample' },
    ],
  });
  const c = parseSuiteConfig(text, join(fixtures, 'run.json'));
  if (!c.ok) throw new Error('config');
  return c.config;
}

describe('runSuite', () => {
  it('hands results over in config order whatever the number of jobs', async () => {
    const order: string[] = [];
    const run = await runSuite(config(), { jobs: 3, onResult: (r: EntryResult) => order.push(r.entry.name) });
    expect(order).toEqual(['slow-first', 'b', 'c']);
    if (!run.ok) throw new Error('bad input');
    expect(run.entries.map((r) => [r.entry.name, r.verdict, r.passed])).toEqual([
      ['slow-first', 'counterexample', true],
      ['b', 'certified', true],
      ['c', 'counterexample', true],
    ]);
    expect([run.passed, run.failed, run.errors]).toEqual([3, 0, 0]);
  });

  it('holds the possible run of one entry at most once they are prepared (memory must not grow with the entries)', () => {
    const suite = prepareSuite(config());
    expect(suite.prepared).toHaveLength(3);
    expect(suite.prepared.filter((p) => holdsProgramFacts(p.compiled)).length).toBeLessThanOrEqual(1);
  });

  it('reports an internal error as a failed entry and a JUnit <error>', async () => {
    const dying = { script: "const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => process.exit(7)); parentPort.postMessage('ready');", eval: true };
    const run = await runSuite(config(), { jobs: 2, shard: { k: 1, n: 2 }, launch: dying });
    if (!run.ok) throw new Error('bad input');
    expect([run.passed, run.failed, run.errors]).toEqual([0, 2, 2]);
    expect(formatSuite(run)).toBe(
      [
        'FAIL  slow-first (EOT 6, EFF 5, crashes 0)  internal error: the worker running this entry stopped: exit code 7',
        `        spec: ${join(fixtures, 'once.ded')}`,
        'FAIL  c (EOT 4, EFF 2, crashes 1)           internal error: the worker running this entry stopped: exit code 7',
        `        spec: ${join(fixtures, 'retry.ded')}`,
        '0 passed, 2 failed (shard 1/2: 2 of 3 entries)',
        '',
      ].join('\n'),
    );
    expect(suiteJunit(run)).toContain('<error message="internal error: the worker running this entry stopped: exit code 7" type="InternalError">');
  });
});
