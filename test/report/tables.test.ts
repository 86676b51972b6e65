import { describe, expect, it } from 'vitest';
import { tableDiffs, tableSnapshots } from '../../src/report/tables.js';
import { tinySpec, XSS } from './fixtures.js';

describe('tables per timestep', () => {
  const spec = tinySpec(3);
  const baseline = spec.run('');
  const faulty = spec.run('omit(a,b,1)');

  it('snapshots every step of the fault-free run, relations sorted', () => {
    const { snapshots, omittedRows } = tableSnapshots(baseline);
    expect(snapshots.map((s) => s.time)).toEqual([1, 2, 3]);
    expect(omittedRows).toBe(0);
    const at2 = snapshots[1]!.relations;
    expect(at2.map((r) => r.relation)).toEqual([...at2.map((r) => r.relation)].sort());
    expect(at2.find((r) => r.relation === 'log')!.rows).toEqual([`log("a", ${JSON.stringify(XSS)})`, `log("b", ${JSON.stringify(XSS)})`, `log("c", ${JSON.stringify(XSS)})`]);
  });

  it('lists only what differs from the fault-free run, at the steps it differs', () => {
    const diffs = tableDiffs(faulty, baseline);
    // b never logs: from t=2 (the message would have arrived) on.
    expect(diffs.map((d) => d.time)).toEqual([2, 3]);
    const at2 = diffs[0]!;
    expect(at2.added).toEqual([]);
    expect(at2.removed.map((r) => r.relation)).toEqual(['log', 'post']);
    expect(at2.removed[0]!.rows).toEqual([`log("b", ${JSON.stringify(XSS)})`]);
  });

  it('finds no difference between a run and itself', () => {
    expect(tableDiffs(baseline, baseline)).toEqual([]);
  });

  it('cuts big tables and counts the rows it left out', () => {
    const { snapshots, omittedRows } = tableSnapshots(baseline, 1);
    expect(snapshots[1]!.relations.find((r) => r.relation === 'log')!.rows).toHaveLength(1);
    expect(omittedRows).toBeGreaterThan(0);
  });
});
