/**
 * Canonical order of faults and the effect order on fault sets, local to the SAT stage (the
 * simulator may publish its own canonical order later; this one matches it: omissions by time,
 * from, to; then crashes by node, time).
 *
 * Effect order: A ≤ B ("B loses at least every message A loses") iff every omission of A is in
 * B and every node A crashes at t, B crashes at some t' ≤ t. A crash at an earlier time loses a
 * superset of the messages, so it is the stronger fault. The enumerator returns the minimal
 * elements of this order.
 */
import type { Crash, Fault, FaultSet, Omission } from '../sim/types.js';
import { omissionKey } from './formula.js';

function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFaults(a: Fault, b: Fault): number {
  if (a.kind !== b.kind) return a.kind === 'omit' ? -1 : 1;
  if (a.kind === 'omit') {
    const o = b as Omission;
    return cmp(a.time, o.time) || cmp(a.from, o.from) || cmp(a.to, o.to);
  }
  const c = b as Crash;
  return cmp(a.node, c.node) || cmp(a.time, c.time);
}

/** Sorted and duplicate-free. */
export function canonicalFaults(faults: readonly Fault[]): FaultSet {
  const sorted = [...faults].sort(compareFaults);
  return sorted.filter((f, i) => i === 0 || compareFaults(sorted[i - 1]!, f) !== 0);
}

export function formatFault(f: Fault): string {
  return f.kind === 'omit' ? `omit(${f.from},${f.to},${f.time})` : `crash(${f.node},${f.time})`;
}

/** `omit(a,b,1) crash(c,2)`, the notation of `ldfi run --faults`; empty string for no faults. */
export function formatFaultSet(faults: FaultSet): string {
  return canonicalFaults(faults).map(formatFault).join(' ');
}

/** A ≤ B in the effect order (see the module comment). */
export function effectLeq(a: FaultSet, b: FaultSet): boolean {
  const omissions = new Set<string>();
  const crashes = new Map<string, number>();
  for (const f of b) {
    if (f.kind === 'omit') omissions.add(omissionKey(f.from, f.to, f.time));
    else crashes.set(f.node, Math.min(f.time, crashes.get(f.node) ?? Infinity));
  }
  return a.every((f) => {
    if (f.kind === 'omit') return omissions.has(omissionKey(f.from, f.to, f.time));
    const t = crashes.get(f.node);
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
