/** The fault space of a bounds (DESIGN §5): its size, every fault set in it, and random draws from it. */
import type { Crash, Fault, FaultSet, Omission } from './types.js';
import { canonicalFaults } from './text.js';
import type { Bounds } from './types.js';

function binom(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Molly's count: binom(N,C) · (L^EFF)^(N−C) · (Σ_{t=1..EOT+1} L^min(EFF,t−1))^C with L = 2^(N−1). */
export function faultSpaceSize(b: Bounds): number {
  const n = b.nodes.length;
  const c = Math.min(b.crashes, n);
  const l = 2 ** (n - 1);
  let crashTimes = 0;
  for (let t = 1; t <= b.eot + 1; t++) crashTimes += l ** Math.min(b.eff, t - 1);
  return binom(n, c) * (l ** b.eff) ** (n - c) * crashTimes ** c;
}

/** Omissions a node may suffer as a sender: every other node, every t < EFF (and before its crash). */
function omissionsOf(b: Bounds, from: string, before: number): Omission[] {
  const out: Omission[] = [];
  for (let time = 1; time < Math.min(b.eff, before); time++) {
    for (const to of b.nodes) if (to !== from) out.push({ kind: 'omit', from, to, time });
  }
  return out;
}

/** How many distinct fault sets `allFaultSets` yields (exact, unlike Molly's count above). */
export function countFaultSets(b: Bounds): number {
  let total = 0;
  for (const crashes of crashPatterns(b)) {
    let omissions = 0;
    for (const n of b.nodes) {
      const crash = crashes.find((c) => c.node === n);
      omissions += omissionsOf(b, n, crash ? crash.time : Infinity).length;
    }
    total += 2 ** omissions;
  }
  return total;
}

/** Every set of at most C crashes (distinct nodes, times 1..EOT), smallest first. */
function* crashPatterns(b: Bounds): Generator<Crash[]> {
  const max = Math.min(b.crashes, b.nodes.length);
  function* choose(start: number, left: number, acc: Crash[]): Generator<Crash[]> {
    if (left === 0) {
      yield acc;
      return;
    }
    for (let i = start; i < b.nodes.length; i++) {
      for (let time = 1; time <= b.eot; time++) {
        yield* choose(i + 1, left - 1, [...acc, { kind: 'crash', node: b.nodes[i]!, time }]);
      }
    }
  }
  for (let k = 0; k <= max; k++) yield* choose(0, k, []);
}

/** Every fault set within the bounds (omissions of a crashed node only before its crash). */
export function* allFaultSets(b: Bounds): Generator<FaultSet> {
  for (const crashes of crashPatterns(b)) {
    const omissions: Omission[] = [];
    for (const n of b.nodes) {
      const crash = crashes.find((c) => c.node === n);
      omissions.push(...omissionsOf(b, n, crash ? crash.time : Infinity));
    }
    const total = 2 ** omissions.length;
    for (let mask = 0; mask < total; mask++) {
      const chosen: Fault[] = [...crashes];
      for (let i = 0; i < omissions.length; i++) if (mask & (2 ** i)) chosen.push(omissions[i]!);
      yield canonicalFaults(chosen);
    }
  }
}

/** A deterministic PRNG (mulberry32): same seed, same draws. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fault set drawn as Molly's count weighs them: C distinct nodes each get a crash time in
 * 1..EOT+1 (EOT+1: no crash), and every allowed omission is in with probability 1/2.
 */
export function randomFaultSet(b: Bounds, random: () => number): FaultSet {
  const nodes = [...b.nodes];
  const faults: Fault[] = [];
  const crashAt = new Map<string, number>();
  for (let k = 0; k < Math.min(b.crashes, nodes.length); k++) {
    const i = Math.floor(random() * nodes.length);
    const node = nodes.splice(i, 1)[0]!;
    const time = 1 + Math.floor(random() * (b.eot + 1));
    if (time <= b.eot) {
      crashAt.set(node, time);
      faults.push({ kind: 'crash', node, time });
    }
  }
  for (const n of b.nodes) {
    for (const o of omissionsOf(b, n, crashAt.get(n) ?? Infinity)) if (random() < 0.5) faults.push(o);
  }
  return canonicalFaults(faults);
}
