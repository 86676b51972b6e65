/** Omissions and crashes: what is lost, what is not, and the `crash` relation. */
import { describe, expect, it } from 'vitest';
import { crash, omit } from '../../src/faults/text.js';
import type { RunResult } from '../../src/sim/types.js';
import { rows, runSource } from './helpers.js';

// Every node sends a heartbeat to every node, itself included, at every step.
const HEARTBEATS = `
  peer("a", "a"); peer("a", "b"); peer("a", "c");
  peer("b", "a"); peer("b", "b"); peer("b", "c");
  peer("c", "a"); peer("c", "b"); peer("c", "c");
  hb(P, N)@async :- peer(N, P);
  alive(N) :- peer(N, _);
`;
const EOT = 4;

function lost(r: RunResult): string[] {
  return r.messages.filter((m) => m.lostBy !== null).map((m) => `${m.sendTime} ${m.from}->${m.to}`);
}

describe('faults', () => {
  it('without faults every message to another node is delivered; self-sends are not messages', () => {
    const r = runSource(HEARTBEATS, { eot: EOT });
    // 6 channels between distinct nodes, sent at 1..EOT-1.
    expect(r.messages).toHaveLength(6 * (EOT - 1));
    expect(lost(r)).toEqual([]);
    for (let t = 2; t <= EOT; t++) expect(rows(r, t, 'hb')).toHaveLength(9);
    expect(rows(r, 1, 'hb')).toEqual([]);
  });

  it('messages are sorted by send time, from, to', () => {
    const r = runSource(HEARTBEATS, { eot: 2 });
    expect(r.messages.map((m) => `${m.sendTime} ${m.from}->${m.to}`)).toEqual(['1 a->b', '1 a->c', '1 b->a', '1 b->c', '1 c->a', '1 c->b']);
  });

  it('an omission loses exactly that channel at that step', () => {
    const r = runSource(HEARTBEATS, { eot: EOT, faults: 'omit(a,b,2)' });
    expect(lost(r)).toEqual(['2 a->b']);
    expect(r.messages.find((m) => m.lostBy !== null)!.lostBy).toEqual(omit('a', 'b', 2));
    expect(rows(r, 2, 'hb')).toContain('hb("b", "a")');
    expect(rows(r, 3, 'hb')).not.toContain('hb("b", "a")');
    expect(rows(r, 3, 'hb')).toHaveLength(8);
    expect(rows(r, 4, 'hb')).toContain('hb("b", "a")');
  });

  it('a crash silences the sender from its time on, and only its messages to others', () => {
    const r = runSource(HEARTBEATS, { eot: EOT, faults: 'crash(b,2)' });
    expect(lost(r)).toEqual(['2 b->a', '2 b->c', '3 b->a', '3 b->c']);
    for (const m of r.messages.filter((x) => x.lostBy !== null)) expect(m.lostBy).toEqual(crash('b', 2));
    expect(rows(r, 2, 'hb')).toContain('hb("a", "b")'); // sent at 1, before the crash
    for (const t of [3, 4]) {
      expect(rows(r, t, 'hb')).not.toContain('hb("a", "b")');
      expect(rows(r, t, 'hb')).not.toContain('hb("c", "b")');
      // b still hears the others and itself, and its own tables go on.
      expect(rows(r, t, 'hb')).toEqual(expect.arrayContaining(['hb("b", "a")', 'hb("b", "b")', 'hb("b", "c")']));
      expect(rows(r, t, 'alive')).toContain('alive("b")');
    }
  });

  it('the crash relation holds at every node at every time', () => {
    const r = runSource(HEARTBEATS, { eot: EOT, faults: 'crash(b,3) crash(c,2)' });
    for (let t = 1; t <= EOT; t++) {
      expect(rows(r, t, 'crash')).toEqual([
        'crash("a", "b", 3)',
        'crash("a", "c", 2)',
        'crash("b", "b", 3)',
        'crash("b", "c", 2)',
        'crash("c", "b", 3)',
        'crash("c", "c", 2)',
      ]);
    }
    expect(runSource(HEARTBEATS, { eot: 2 }).tables.every((t) => !t.has('crash'))).toBe(true);
  });

  it('a crash atom matches node names as strings only: a number there never matches (lint warns of it)', () => {
    const text = `peer("2", "3"); peer("3", "2");
      hb(P, N)@async :- peer(N, P);
      named(N) :- peer(N, _), crash(_, "3", _);
      numbered(N) :- peer(N, _), crash(_, 3, _);
      late(N) :- peer(N, _), crash(_, "3", "2");`;
    const r = runSource(text, { eot: 3, faults: 'crash(3,2)' });
    expect(rows(r, 3, 'named')).toEqual(['named("2")', 'named("3")']);
    expect(rows(r, 3, 'numbered')).toEqual([]);
    expect(rows(r, 3, 'late')).toEqual([]);
  });

  it('a crash of the sender takes precedence over an omission of the same message', () => {
    const r = runSource(HEARTBEATS, { eot: EOT, faults: 'omit(b,a,1) omit(b,a,3) crash(b,3)' });
    const ba = r.messages.filter((m) => m.from === 'b' && m.to === 'a');
    expect(ba.map((m) => m.lostBy)).toEqual([omit('b', 'a', 1), null, crash('b', 3)]);
  });

  it('rules can read crash to speak of correct nodes', () => {
    const r = runSource(HEARTBEATS + `correct(N) :- alive(N), notin crash(N, N, _);`, { eot: 2, faults: 'crash(c,2)' });
    expect(rows(r, 1, 'correct')).toEqual(['correct("a")', 'correct("b")']);
  });
});
