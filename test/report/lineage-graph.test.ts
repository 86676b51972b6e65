import { describe, expect, it } from 'vitest';
import { buildLineageGraph, killedBy } from '../../src/report/lineage-graph.js';
import { tinySpec, XSS } from './fixtures.js';

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
      expect(e.points.length).toBeGreaterThan(1);
    }
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

  it('lays nodes out in layers: every edge goes down', () => {
    const { graph } = buildLineageGraph(baseline, target, spec.compiled.rules);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    for (const e of graph.edges) expect(byId.get(e.to)!.y).toBeGreaterThan(byId.get(e.from)!.y);
    expect(graph.width).toBeGreaterThan(0);
    expect(graph.height).toBeGreaterThan(0);
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
});
