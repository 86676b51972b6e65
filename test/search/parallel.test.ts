/**
 * A parallel ldfi search: rounds of hypotheses (`--batch`) analysed on worker threads
 * (`--jobs`). What it finds, in which order, depends on the batch alone: the same bytes for any
 * number of workers; and a batch gives the verdict of the one-at-a-time search.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const SPECS = join(import.meta.dirname, '..', '..', 'specs');

async function checkJson(...args: string[]): Promise<{ code: number; doc: Record<string, unknown> }> {
  let out = '';
  const code = await runCli(['check', ...args, '--json', '-q'], { stdout: (s) => (out += s), stderr: () => {} });
  const doc = JSON.parse(out) as Record<string, unknown>;
  for (const k of ['elapsedMs', 'solverMs', 'phases']) delete doc[k];
  return { code, doc };
}

describe('check --batch B --jobs N', () => {
  it.each([
    [join(SPECS, 'raft-election.ded'), '7', '6', '1'],
    [join(SPECS, 'kafka.ded'), '6', '4', '1'],
    [join(SPECS, 'heartbeat.ded'), '6', '0', '2'],
  ])('%s %s/%s/%s: the same document for --jobs 1 and --jobs 2, the verdict of --batch 1', async (spec, eot, eff, crashes) => {
    const bounds = ['--eot', eot, '--eff', eff, '--crashes', crashes];
    const one = await checkJson(spec, ...bounds, '--batch', '3', '--jobs', '1');
    const two = await checkJson(spec, ...bounds, '--batch', '3', '--jobs', '2');
    expect(two.code).toBe(one.code);
    expect(JSON.stringify(two.doc, null, 2)).toBe(JSON.stringify(one.doc, null, 2));
    const plain = await checkJson(spec, ...bounds);
    expect(one.doc.verdict).toBe(plain.doc.verdict);
  });
});

describe('the worker pool', () => {
  it('really analyses runs on workers, and learns what the main thread would', async () => {
    const { loadSpec } = await import('../../src/pipeline.js');
    const { searchLdfi } = await import('../../src/search/ldfi.js');
    const { defaultNodes } = await import('../../src/sim/nodes.js');
    const file = join(SPECS, 'raft-election.ded');
    const spec = loadSpec([file]);
    if (!spec.ok) throw new Error('raft-election does not load');
    const bounds = { nodes: defaultNodes(spec.compiled, 7), eot: 7, eff: 6, crashes: 1 };
    const base = { bounds, maxRuns: 1000, all: false, batch: 3 };
    const inProcess = searchLdfi(spec.compiled, base);
    const workers = searchLdfi(spec.compiled, { ...base, parallel: { jobs: 2, files: [file], includePath: [] } });
    expect(inProcess.inWorkers).toBe(0);
    expect(workers.inWorkers).toBeGreaterThan(0);
    expect(workers.explorer.runs.map((r) => r.faults)).toEqual(inProcess.explorer.runs.map((r) => r.faults));
    expect(workers.clauses).toBe(inProcess.clauses);
  });
});
