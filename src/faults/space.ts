/** The fault space of a bounds: its size, every fault set in it, and random draws from it. */
import type { Crash, Fault, FaultSet, Omission } from './types.js';
import { canonicalFaults } from './text.js';
import type { Bounds } from './types.js';

/**
 * How large a fault space is, two ways: the exact number of admissible fault sets (what
 * `exhaustive` would run), and Molly's formula (SIGMOD 2015), which counts crash times up to EOT+1
 * and omissions after a crash, so figures compare with the paper. Both are integers that can
 * exceed 2^53 (and a float's range), so they are computed with BigInt; past a thousand digits
 * they are given in scientific notation from their logarithm instead of being computed.
 */
export interface FaultSpace {
  /** Admissible fault sets: exact decimal digits, or `1.23e4567` past 1,000 digits. */
  readonly faultSets: string;
  /** Molly's count, written the same way. */
  readonly mollyEstimate: string;
}

/** Beyond this many bits (about 1,000 digits) a size is written from its logarithm. */
const EXACT_BITS = 3300;

function binomBig(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}

function log2Binom(n: number, k: number): number {
  let r = 0;
  for (let i = 1; i <= k; i++) r += Math.log2(n - k + i) - Math.log2(i);
  return r;
}

/** log2(2^a + 2^b) without overflow. */
function log2Add(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const hi = Math.max(a, b);
  return hi + Math.log2(1 + 2 ** (Math.min(a, b) - hi));
}

/** Σ_{e=0..m-1} base^e, exact; `m` terms. */
function geometric(base: bigint, m: number): bigint {
  if (m <= 0) return 0n;
  return base === 1n ? BigInt(m) : (base ** BigInt(m) - 1n) / (base - 1n);
}

function log2Geometric(log2Base: number, m: number): number {
  if (m <= 0) return -Infinity;
  if (log2Base === 0) return Math.log2(m);
  // (b^m − 1)/(b − 1) = b^(m−1) · (1 − b^−m)/(1 − b^−1)
  return (m - 1) * log2Base + Math.log2((1 - 2 ** (-m * log2Base)) / (1 - 2 ** -log2Base));
}

/**
 * Σ_{k=0..C} binom(N,k) · u^(N−k) · w^k: every choice of at most C crashed nodes, the others
 * contributing u each and the crashed ones w each. Both counts below have this shape.
 */
function crashSum(n: number, c: number, u: bigint, w: bigint): bigint {
  let total = 0n;
  for (let k = 0; k <= c; k++) total += binomBig(n, k) * u ** BigInt(n - k) * w ** BigInt(k);
  return total;
}

function log2CrashSum(n: number, c: number, log2U: number, log2W: number): number {
  let total = -Infinity;
  for (let k = 0; k <= c; k++) {
    if (k > 0 && log2W === -Infinity) break;
    total = log2Add(total, log2Binom(n, k) + (n - k) * log2U + (k === 0 ? 0 : k * log2W));
  }
  return total;
}

/** The parts of the exact count: per node, its omission patterns uncrashed (u) and summed over its crash times (w). */
function exactParts(b: Bounds): { n: number; c: number; bits: number; rest: number; geo: number; tail: number } {
  const n = b.nodes.length;
  const c = Math.min(b.crashes, n);
  // A sender has n−1 channels at each of the times 1..EFF−1.
  const bits = n - 1;
  const rest = Math.max(0, b.eff - 1);
  // Crashed at t: omissions before min(EFF, t) only. t = 1..min(EFF, EOT) grow geometrically; later t repeat the last.
  const geo = b.eff === 0 ? 0 : Math.min(b.eff, b.eot);
  const tail = b.eff === 0 ? b.eot : Math.max(0, b.eot - b.eff);
  return { n, c, bits, rest, geo, tail };
}

/** How many distinct fault sets `allFaultSets` yields: exact. */
export function countFaultSets(b: Bounds): bigint {
  const { n, c, bits, rest, geo, tail } = exactParts(b);
  const k = 2n ** BigInt(bits);
  const u = k ** BigInt(rest);
  const w = geometric(k, geo) + BigInt(tail) * (b.eff === 0 ? 1n : k ** BigInt(rest));
  return crashSum(n, c, u, w);
}

function log2FaultSets(b: Bounds): number {
  const { n, c, bits, rest, geo, tail } = exactParts(b);
  const log2W = log2Add(log2Geometric(bits, geo), tail === 0 ? -Infinity : Math.log2(tail) + (b.eff === 0 ? 0 : bits * rest));
  return log2CrashSum(n, c, bits * rest, log2W);
}

/** Molly's count: binom(N,C) · (L^EFF)^(N−C) · (Σ_{t=1..EOT+1} L^min(EFF,t−1))^C with L = 2^(N−1), exact. */
export function mollyCount(b: Bounds): bigint {
  const n = b.nodes.length;
  const c = Math.min(b.crashes, n);
  const l = 2n ** BigInt(Math.max(0, n - 1));
  const m = Math.min(b.eff, b.eot);
  const crashTimes = geometric(l, m + 1) + BigInt(b.eot - m) * l ** BigInt(m);
  return binomBig(n, c) * (l ** BigInt(b.eff)) ** BigInt(n - c) * crashTimes ** BigInt(c);
}

function log2Molly(b: Bounds): number {
  const n = b.nodes.length;
  const c = Math.min(b.crashes, n);
  const l = Math.max(0, n - 1);
  const m = Math.min(b.eff, b.eot);
  const crashTimes = log2Add(log2Geometric(l, m + 1), b.eot - m === 0 ? -Infinity : Math.log2(b.eot - m) + l * m);
  return log2Binom(n, c) + l * b.eff * (n - c) + c * crashTimes;
}

/** Molly's count as a float, for tables that compare with the paper (Infinity past 1.8e308). */
export function faultSpaceSize(b: Bounds): number {
  const log2 = log2Molly(b);
  return log2 > 1100 ? Infinity : Number(mollyCount(b));
}

/** `1.23e4567` from a base-2 logarithm. */
function scientificFromLog2(log2: number): string {
  const log10 = log2 * Math.log10(2);
  let exponent = Math.floor(log10);
  let mantissa = Math.round(10 ** (log10 - exponent) * 100);
  if (mantissa >= 1000) {
    mantissa = 100;
    exponent++;
  }
  const m = String(mantissa);
  return `${m[0]}.${m.slice(1)}e${exponent}`;
}

function sized(log2: number, exact: () => bigint): string {
  return log2 > EXACT_BITS ? scientificFromLog2(log2) : exact().toString();
}

export function faultSpaceOf(b: Bounds): FaultSpace {
  return { faultSets: sized(log2FaultSets(b), () => countFaultSets(b)), mollyEstimate: sized(log2Molly(b), () => mollyCount(b)) };
}

/** Whether the bounds have more than `limit` fault sets, without computing a huge count. */
export function moreFaultSetsThan(b: Bounds, limit: number): boolean {
  const log2 = log2FaultSets(b);
  if (log2 > Math.log2(limit) + 1) return true;
  return countFaultSets(b) > BigInt(limit);
}

/** `2.62e5`: three significant digits; exact below 10,000 (`4,096`, as counts print). Accepts digits or a scientific string. */
export function formatEstimate(size: string): string {
  if (size.includes('e')) return size;
  if (size.length <= 4) return formatCount(size);
  let exponent = size.length - 1;
  let mantissa = Math.round(Number(size.slice(0, 4)) / 10);
  if (mantissa >= 1000) {
    mantissa = 100;
    exponent++;
  }
  const m = String(mantissa);
  return `${m[0]}.${m.slice(1)}e${exponent}`;
}

/** `4,096`: exact with thousands separators up to 30 digits, else as `formatEstimate`. */
export function formatCount(size: string): string {
  if (size.includes('e') || size.length > 30) return formatEstimate(size);
  return size.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `4,096 fault sets (Molly's estimate 2.62e5)` */
export function describeFaultSpace(s: FaultSpace): string {
  return `${formatCount(s.faultSets)} fault set${s.faultSets === '1' ? '' : 's'} (Molly's estimate ${formatEstimate(s.mollyEstimate)})`;
}

/** Omissions a node may suffer as a sender: every other node, every t < EFF (and before its crash). */
function omissionsOf(b: Bounds, from: string, before: number): Omission[] {
  const out: Omission[] = [];
  for (let time = 1; time < Math.min(b.eff, before); time++) {
    for (const to of b.nodes) if (to !== from) out.push({ kind: 'omit', from, to, time });
  }
  return out;
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
      for (const o of omissionsOf(b, n, crash ? crash.time : Infinity)) omissions.push(o);
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
