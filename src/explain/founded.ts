/**
 * Which recorded firings of a tuple are real derivations. The simulator records every firing that
 * produced a tuple at a time, including ones whose same-time body holds only because the tuple
 * itself does (`a :- b; b :- a` once `a` is there): those are circular and explain nothing. A
 * firing is founded when each of its same-time body tuples is derivable that step without the
 * head; tuples of earlier steps (carried, delivered) are given.
 *
 * Creation order is no substitute: a message delivered at t is numbered after the tuple carried
 * into t, yet the firing that reads it is a derivation of its own.
 */
import type { Firing, Lineage, TupleNode } from '../sim/types.js';

export interface Founded {
  /** `f` is a firing of `head`: does it derive `head` without `head` itself? */
  (head: TupleNode, f: Firing): boolean;
}

interface Slot {
  readonly tuples: readonly TupleNode[];
  /** Firings of tuples of this step, with the distinct same-time body tuples each needs. */
  readonly needs: ReadonlyMap<number, readonly number[]>;
  /** Same-time body tuple → firings of this step that read it. */
  readonly readers: ReadonlyMap<number, readonly number[]>;
}

export function foundedFirings(lineage: Lineage): Founded {
  const { tuples, firings } = lineage;
  const byTime = new Map<number, TupleNode[]>();
  for (const t of tuples) {
    let list = byTime.get(t.time);
    if (list === undefined) byTime.set(t.time, (list = []));
    list.push(t);
  }
  const slots = new Map<number, Slot>();
  const slot = (time: number): Slot => {
    let s = slots.get(time);
    if (s !== undefined) return s;
    const needs = new Map<number, number[]>();
    const readers = new Map<number, number[]>();
    const list = byTime.get(time) ?? [];
    for (const t of list) {
      for (const fid of t.firings) {
        const same = [...new Set(firings[fid]!.body.filter((b) => tuples[b]!.time === time))];
        needs.set(fid, same);
        for (const b of same) {
          let r = readers.get(b);
          if (r === undefined) readers.set(b, (r = []));
          r.push(fid);
        }
      }
    }
    slots.set(time, (s = { tuples: list, needs, readers }));
    return s;
  };
  // Per head: the tuples of its step derivable without it.
  const without = new Map<number, Set<number>>();
  const derivableWithout = (head: TupleNode): Set<number> => {
    let done = without.get(head.id);
    if (done !== undefined) return done;
    const s = slot(head.time);
    done = new Set<number>();
    const pending = new Map<number, number>();
    const queue: number[] = [];
    const derive = (id: number): void => {
      if (id === head.id || done!.has(id)) return;
      done!.add(id);
      queue.push(id);
    };
    for (const t of s.tuples) {
      // A tuple with no recorded firing holds as given (a fact, a crash tuple).
      if (t.base || t.firings.length === 0) derive(t.id);
      for (const fid of t.firings) {
        const n = s.needs.get(fid)!.length;
        pending.set(fid, n);
        if (n === 0) derive(t.id);
      }
    }
    while (queue.length > 0) {
      const id = queue.pop()!;
      for (const fid of s.readers.get(id) ?? []) {
        const left = pending.get(fid)! - 1;
        pending.set(fid, left);
        if (left === 0) derive(firings[fid]!.head);
      }
    }
    without.set(head.id, done);
    return done;
  };
  return (head, f) => {
    const same = f.body.filter((b) => tuples[b]!.time === head.time);
    // A body tuple numbered before the head existed before it, so it does not rest on it.
    if (same.every((b) => b < head.id)) return true;
    if (same.includes(head.id)) return false;
    const ok = derivableWithout(head);
    return same.every((b) => b < head.id || ok.has(b));
  };
}
