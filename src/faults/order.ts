/**
 * The effect order on fault sets, and their size.
 *
 * Effect order: A ≤ B ("B loses at least every message A loses") iff every omission of A is in
 * B and every node A crashes at t, B crashes at some t' ≤ t. A crash at an earlier time loses a
 * superset of the messages, so it is the stronger fault. A run under A teaches the search about
 * every B ≥ A.
 */
import { canonicalFaults, formatFaults } from './text.js';
import type { FaultSet } from './types.js';

/** A key for the channel from→to at `time`. Node names never contain NUL (they are spec constants). */
export function omissionKey(from: string, to: string, time: number): string {
  return `${from}\u0000${to}\u0000${time}`;
}

/** The simulator's canonical order and text form, which `ldfi run --faults` reads back. */
export { canonicalFaults };

/** `omit(a,b,1) crash(c,2)`, in canonical order; empty string for no faults. */
export function formatFaultSet(faults: FaultSet): string {
  return formatFaults(canonicalFaults(faults));
}

/** A ≤ B in the effect order: B loses every message A loses (an omission of A is in B, or B crashes its sender by then). */
export function effectLeq(a: FaultSet, b: FaultSet): boolean {
  const omissions = new Set<string>();
  const crashes = new Map<string, number>();
  for (const f of b) {
    if (f.kind === 'omit') omissions.add(omissionKey(f.from, f.to, f.time));
    else crashes.set(f.node, Math.min(f.time, crashes.get(f.node) ?? Infinity));
  }
  return a.every((f) => {
    const t = crashes.get(f.kind === 'omit' ? f.from : f.node);
    if (f.kind === 'omit') return omissions.has(omissionKey(f.from, f.to, f.time)) || (t !== undefined && t <= f.time);
    return t !== undefined && t <= f.time;
  });
}

/** Number of omissions plus number of crashed nodes. */
export function faultSetSize(faults: FaultSet): number {
  const nodes = new Set<string>();
  let omissions = 0;
  for (const f of faults) {
    if (f.kind === 'omit') omissions++;
    else nodes.add(f.node);
  }
  return omissions + nodes.size;
}
