import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainCounterexample } from '../../src/explain/explain.js';
import { buildLineageGraph, killedBy, type LineageGraph } from '../../src/report/lineage-graph.js';
import { loadSpec, tinySpec, XSS } from './fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The graph of a bundled spec's counterexample, with its explanation woven in. */
function explained(file: string, nodes: string[], eot: number, faults: string): { graph: LineageGraph; byId: Map<string, LineageGraph['nodes'][number]> } {
  const spec = loadSpec([join(ROOT, file)], nodes, eot);
  const good = spec.run('');
  const bad = spec.run(faults);
  const explanation = explainCounterexample(spec.compiled.rules, good, bad);
  const { graph } = buildLineageGraph(good, bad.invariant.missing, spec.compiled.rules, undefined, { failing: bad, explanation });
  return { graph, byId: new Map(graph.nodes.map((n) => [n.id, n])) };
}

describe('lineage graph of an outcome', () => {
  const spec = tinySpec(4);
  const baseline = spec.run('');
  const target = [['b', XSS]] as const;

  it('derives post("b", …) from the message a sent b, goals and firings alternating', () => {
    const { graph } = buildLineageGraph(baseline, target, spec.compiled.rules);
    expect(graph.roots).toHaveLength(1);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const root = byId.get(graph.roots[0]!)!;
    // Long tuples are cut in the label, never the time; the hover text has the whole tuple.
    expect(root.label).toBe(`post("b", "</script><script>alert(1)</script… @4`);
    expect(root.detail).toContain(`post("b", ${JSON.stringify(XSS)})`);
    expect(root.root).toBe(true);
    for (const e of graph.edges) {
      const from = byId.get(e.from)!;
      const to = byId.get(e.to)!;
      const goal = (k: string): boolean => k === 'goal' || k === 'fact';
      expect(goal(from.kind)).not.toBe(goal(to.kind));
      expect([e.kind, e.label]).toEqual(['body', null]);
    }
    // Without a counterexample there is nothing to open on: every outcome is a root.
    expect(graph.outcomes).toEqual([]);
    const messages = graph.nodes.filter((n) => n.kind === 'message');
    expect(messages.map((m) => m.message)).toEqual([{ from: 'a', to: 'b', sendTime: 1 }]);
    expect(graph.nodes.some((n) => n.kind === 'fact')).toBe(true);
    expect(graph.nodes.some((n) => n.kind === 'rule')).toBe(true);
  });

  it('shows a tuple carried by @next as one goal over its time range', () => {
    const { graph } = buildLineageGraph(baseline, target, spec.compiled.rules);
    const log = graph.nodes.filter((n) => n.detail.startsWith(`log("b", ${JSON.stringify(XSS)})`));
    expect(log.map((n) => [n.label.endsWith(' @2–4'), n.detail.includes('holds from t=2 to t=4')])).toEqual([[true, true]]);
    // No persistence firing is drawn.
    expect(graph.nodes.filter((n) => n.kind === 'rule' && n.label.includes('log@next'))).toEqual([]);
  });

  it('sizes every node for its label; the page lays them out', () => {
    const { graph } = buildLineageGraph(baseline, target, spec.compiled.rules);
    for (const n of graph.nodes) {
      expect(n.width).toBeGreaterThan(Math.min(n.label.length, 48) * 6);
      expect(n.height).toBeGreaterThanOrEqual(26);
    }
  });

  it('marks what a faulty run kills and lacks', () => {
    const view = buildLineageGraph(baseline, target, spec.compiled.rules);
    const msg = view.graph.nodes.find((n) => n.kind === 'message')!;
    const lossy = view.marks(spec.run('omit(a,b,1)'));
    expect(lossy.killed).toEqual([msg.id]);
    expect(lossy.absent).toContain(view.graph.roots[0]);
    const other = view.marks(spec.run('omit(a,c,1)'));
    expect(other.killed).toEqual([]);
    expect(other.absent).toEqual([]);
    const crash = view.marks(spec.run('crash(a,1)'));
    expect(crash.killed).toEqual([msg.id]);
    expect([lossy.missing, other.missing]).toEqual([lossy.absent.length, 0]);
  });

  it('counts as missing fault-free tuples only, not an outcome no run derived', () => {
    // heartbeat 6/2/0: post("accuracy", "b", "a") was never derived, post("completeness", …) was and is lost.
    const spec = loadSpec([join(ROOT, 'specs/heartbeat.ded')], ['a', 'b'], 6);
    const good = spec.run('');
    const bad = spec.run('omit(a,b,1)');
    expect(bad.invariant.holds).toBe(false);
    const explanation = explainCounterexample(spec.compiled.rules, good, bad);
    const view = buildLineageGraph(good, bad.invariant.missing, spec.compiled.rules, undefined, { failing: bad, explanation });
    const never = view.graph.roots.filter((r) => r.startsWith('m'));
    expect(never.length).toBeGreaterThan(0);
    const marks = view.marks(bad);
    for (const r of never) expect(marks.absent).toContain(r);
    expect(marks.missing).toBe(marks.absent.length - never.length);
  });

  it('prunes to the node budget, breadth first, and says so', () => {
    const full = buildLineageGraph(baseline, target, spec.compiled.rules).graph;
    const cut = buildLineageGraph(baseline, target, spec.compiled.rules, 3).graph;
    expect(cut.nodes).toHaveLength(3);
    expect(cut.totalNodes).toBe(full.nodes.length);
    expect(cut.caption).toContain(`pruned to the 3 nodes nearest the outcome (of ${full.nodes.length})`);
    expect(cut.nodes.some((n) => n.hiddenChildren > 0)).toBe(true);
    expect(cut.nodes.map((n) => n.depth)).toEqual([0, 1, 2]);
  });

  it('has nothing to draw when the fault-free run lacks the outcome', () => {
    const { graph } = buildLineageGraph(baseline, [['z', 'nothing']], spec.compiled.rules);
    expect(graph.nodes).toEqual([]);
    expect(graph.caption).toContain('never derived');
  });

  it('kills a message by its omission or an earlier crash of its sender, never a message to oneself', () => {
    const m = { from: 'a', to: 'b', sendTime: 2 };
    expect(killedBy([{ kind: 'omit', from: 'a', to: 'b', time: 2 }], m)).toBe(true);
    expect(killedBy([{ kind: 'omit', from: 'a', to: 'b', time: 1 }], m)).toBe(false);
    expect(killedBy([{ kind: 'crash', node: 'a', time: 2 }], m)).toBe(true);
    expect(killedBy([{ kind: 'crash', node: 'a', time: 3 }], m)).toBe(false);
    expect(killedBy([{ kind: 'crash', node: 'b', time: 1 }], m)).toBe(false);
    expect(killedBy([{ kind: 'crash', node: 'a', time: 1 }], { from: 'a', to: 'a', sendTime: 2 })).toBe(false);
  });

  it('weaves the explanation in: the appeared tuple hangs off the notin it defeated, down to the lost message', () => {
    const { graph, byId } = explained('specs/simple-broadcast.ded', ['a', 'b', 'c'], 6, 'omit(a,b,1)');
    expect(graph.outcomes.map((o) => o.label)).toEqual(['post("c", "hello")']);
    const [o] = graph.outcomes;
    const chain = o!.explain.map((id) => byId.get(id)!);
    expect(chain.map((n) => [n.kind, n.failing, n.label])).toEqual([
      ['goal', false, 'post("c", "hello") @6'],
      ['rule', false, 'r2 post @6'],
      ['appeared', true, 'missing_log("b", "hello") @6'],
      ['rule', true, 'r0 missing_log @6'],
      ['goal', false, 'log("b", "hello") @2–6'],
      ['message', false, 'r6 log@async a→b @1'],
    ]);
    const notin = graph.edges.filter((e) => e.kind === 'notin');
    expect(notin.map((e) => [byId.get(e.from)!.label, byId.get(e.to)!.label, e.label])).toEqual([
      ['r2 post @6', 'missing_log("b", "hello") @6', 'notin missing_log(_, "hello")'],
      ['r0 missing_log @6', 'log("b", "hello") @2–6', 'notin log("b", "hello")'],
    ]);
    // The rest of post's derivation is in the graph, behind the explanation.
    expect(graph.nodes.length).toBeGreaterThan(o!.explain.length);
    expect(graph.caption).toContain('Why post("c", "hello") is missing');
  });

  it('a pre tuple the faults created hangs under its post by a cause edge', () => {
    const { graph, byId } = explained('specs/heartbeat.ded', ['a', 'b', 'c'], 6, 'omit(b,a,1)');
    const [o] = graph.outcomes;
    expect(o!.root).toBe('m0');
    const cause = graph.edges.filter((e) => e.kind === 'cause');
    expect(cause.map((e) => [e.from, byId.get(e.to)!.label])).toEqual([['m0', 'pre("accuracy", "a", "b") @6']]);
    const labels = o!.explain.map((id) => byId.get(id)!.label);
    expect(labels).toContain('suspects("a", "b") @2–6');
    expect(labels.some((l) => l.includes('heartbeat@async b→a @1'))).toBe(true);
  });

  it('keeps the explanation whatever the node budget', () => {
    const { graph } = explained('specs/2pc.ded', ['C', 'a', 'b', 'd'], 6, 'crash(C,3)');
    const spec = loadSpec([join(ROOT, 'specs/2pc.ded')], ['C', 'a', 'b', 'd'], 6);
    const good = spec.run('');
    const bad = spec.run('crash(C,3)');
    const explanation = explainCounterexample(spec.compiled.rules, good, bad);
    const small = buildLineageGraph(good, bad.invariant.missing, spec.compiled.rules, 3, { failing: bad, explanation }).graph;
    const ids = new Set(small.nodes.map((n) => n.id));
    for (const id of graph.outcomes[0]!.explain) expect(ids.has(id)).toBe(true);
    expect(small.nodes.length).toBeLessThan(graph.nodes.length);
  });

  it('one outcome per missing pre tuple; a cause shared by several is drawn for each', () => {
    const nodes = ['a', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9'];
    const { graph, byId } = explained('test/report/specs/broadcast-10.ded', nodes, 8, 'omit(a,n7,1) crash(a,2)');
    expect(graph.outcomes).toHaveLength(8);
    for (const o of graph.outcomes) {
      const kinds = o.explain.map((id) => byId.get(id)!.kind);
      expect(kinds).toContain('appeared');
      expect(kinds).toContain('message');
    }
  });
});
