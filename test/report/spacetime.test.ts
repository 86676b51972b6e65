import { describe, expect, it } from 'vitest';
import { buildSpaceTime } from '../../src/report/spacetime.js';
import type { Message, RunResult } from '../../src/sim/types.js';
import { tinySpec } from './fixtures.js';

function msg(from: string, to: string, sendTime: number, relation = 'm', lostBy: Message['lostBy'] = null): Message {
  return { relation, tuple: [to, 'x'], from, to, sendTime, lostBy };
}

const handMade: RunResult = {
  nodes: ['a', 'b', 'c'],
  eot: 3,
  faults: [
    { kind: 'omit', from: 'a', to: 'b', time: 1 },
    { kind: 'crash', node: 'c', time: 2 },
  ],
  tables: [new Map(), new Map(), new Map()],
  messages: [
    msg('a', 'b', 1, 'm', { kind: 'omit', from: 'a', to: 'b', time: 1 }),
    msg('a', 'b', 1, 'n', { kind: 'omit', from: 'a', to: 'b', time: 1 }),
    msg('a', 'c', 1),
    msg('c', 'a', 2, 'ack', { kind: 'crash', node: 'c', time: 2 }),
    msg('b', 'a', 3),
  ],
  invariant: { checked: false, holds: true, missing: [] },
  lineage: { tuples: [], firings: [] },
};

describe('space-time layout', () => {
  it('has one lane per node, in the run order, and marks where a crashed node stops', () => {
    const st = buildSpaceTime(handMade);
    expect(st.lanes.map((l) => [l.node, l.index, l.crashTime])).toEqual([
      ['a', 0, null],
      ['b', 1, null],
      ['c', 2, 2],
    ]);
    expect(st.crashes).toEqual([{ node: 'c', lane: 2, time: 2 }]);
    expect(st.omissions).toEqual([{ from: 'a', to: 'b', time: 1 }]);
  });

  it('has one arrow per message that arrives by EOT, lost ones flagged with the fault that lost them', () => {
    const st = buildSpaceTime(handMade);
    // The message sent at EOT would arrive after it: nothing could read it, and there is no column for it.
    expect(st.arrows).toHaveLength(4);
    expect(st.arrows.map((a) => a.lost)).toEqual([true, true, false, true]);
    expect(st.arrows.map((a) => a.lostBy)).toEqual(['omit(a,b,1)', 'omit(a,b,1)', null, 'crash(c,2)']);
    expect(st.arrows[3]).toMatchObject({ from: 'c', to: 'a', fromLane: 2, toLane: 0, sendTime: 2, arriveTime: 3, relation: 'ack' });
    expect(st.arrows[0]!.tuple).toBe('m("b", "x")');
  });

  it('spreads messages on the same channel and step into slots', () => {
    const st = buildSpaceTime(handMade);
    expect(st.arrows.slice(0, 3).map((a) => [a.slot, a.slots])).toEqual([
      [0, 2],
      [1, 2],
      [0, 1],
    ]);
  });

  it('caps the number of arrows and counts what it left out', () => {
    const st = buildSpaceTime(handMade, 2);
    expect(st.arrows).toHaveLength(2);
    expect(st.omittedArrows).toBe(2);
    // Lost messages are kept first: they are what a counterexample is about.
    expect(buildSpaceTime(handMade, 3).arrows.map((a) => a.id)).toEqual([0, 1, 3]);
  });

  it('draws a real run: the omission loses exactly the a→b message', () => {
    const st = buildSpaceTime(tinySpec().run('omit(a,b,1)'));
    expect(st.lanes.map((l) => l.node)).toEqual(['a', 'b', 'c']);
    expect(st.arrows.map((a) => `${a.from}→${a.to}@${a.sendTime}:${a.lost}`)).toEqual(['a→b@1:true', 'a→c@1:false']);
  });

  it('against the fault-free run: what it does not deliver, what only this run sends, tuples per node and step', () => {
    const spec = tinySpec();
    const baseline = spec.run('');
    const st = buildSpaceTime(spec.run('omit(a,b,1)'), undefined, baseline);
    const lostId = baseline.messages.findIndex((m) => m.to === 'b');
    expect(st.undelivered).toEqual([lostId]);
    expect(st.arrows.map((a) => a.extra)).toEqual([false, false]);
    // b never logs the payload, from t=2 on; nothing at a or c differs.
    expect(st.tupleDiffs.map((d) => [st.lanes[d.lane]!.node, d.time, d.addedCount, d.removedCount])).toEqual([
      ['b', 2, 0, 2],
      ['b', 3, 0, 2],
      ['b', 4, 0, 2],
    ]);
    expect(st.tupleDiffs[0]!.removed.some((t) => t.startsWith('log("b"'))).toBe(true);
    // The fault-free run compared with nothing: no differences.
    const self = buildSpaceTime(baseline, undefined, baseline);
    expect([self.undelivered, self.tupleDiffs]).toEqual([[], []]);
  });
});
