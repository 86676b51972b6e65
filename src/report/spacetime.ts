/**
 * The space-time (Lamport) diagram of one run, as data: one lane per node, one arrow per message,
 * crash marks. Abstract coordinates only (lane index, time); the page maps them to pixels with a
 * point scale and a linear scale, so no layout library is needed.
 */
import { faultKey } from '../faults/text.js';
import type { RunResult } from '../sim/types.js';
import { formatTuple } from '../terms/values.js';

export interface Lane {
  readonly node: string;
  readonly index: number;
  /** The node's line stops here; null if it never crashes. */
  readonly crashTime: number | null;
}

export interface Arrow {
  /** Index into the run's messages. */
  readonly id: number;
  readonly relation: string;
  /** `ack("a", "b", 2)` */
  readonly tuple: string;
  readonly from: string;
  readonly to: string;
  readonly fromLane: number;
  readonly toLane: number;
  readonly sendTime: number;
  readonly arriveTime: number;
  readonly lost: boolean;
  /** `omit(a,b,1)` / `crash(c,2)` */
  readonly lostBy: string | null;
  /** Arrives after EOT: sent, but nothing could read it. */
  readonly afterEot: boolean;
  /** Position among the messages on the same channel at the same step (0-based), and how many there are: the page bends arrows apart. */
  readonly slot: number;
  readonly slots: number;
}

export interface CrashMark {
  readonly node: string;
  readonly lane: number;
  readonly time: number;
}

export interface OmissionMark {
  readonly from: string;
  readonly to: string;
  readonly time: number;
}

export interface SpaceTime {
  readonly nodes: readonly string[];
  readonly eot: number;
  readonly lanes: readonly Lane[];
  readonly arrows: readonly Arrow[];
  readonly crashes: readonly CrashMark[];
  /** Omissions of the fault set, including those that hit no message. */
  readonly omissions: readonly OmissionMark[];
  /** Messages left out to keep the page small (0 normally). */
  readonly omittedArrows: number;
}

/** More arrows than this are unreadable anyway, and each costs page weight. */
export const MAX_ARROWS = 800;

export function buildSpaceTime(run: RunResult, maxArrows = MAX_ARROWS): SpaceTime {
  const laneOf = new Map<string, number>();
  run.nodes.forEach((n, i) => laneOf.set(n, i));
  // A message may name a node outside --nodes (a typo in a spec); give it a lane rather than drop it.
  const nodes = [...run.nodes];
  const lane = (n: string): number => {
    let i = laneOf.get(n);
    if (i === undefined) {
      i = nodes.length;
      nodes.push(n);
      laneOf.set(n, i);
    }
    return i;
  };

  const crashes: CrashMark[] = [];
  const omissions: OmissionMark[] = [];
  for (const f of run.faults) {
    if (f.kind === 'crash') crashes.push({ node: f.node, lane: lane(f.node), time: f.time });
    else omissions.push({ from: f.from, to: f.to, time: f.time });
  }
  const crashTime = new Map(crashes.map((c) => [c.node, c.time]));

  // Past the cap, lost messages go first: they are what a counterexample is about.
  const order = run.messages.map((m, id) => ({ m, id }));
  const picked = order.length <= maxArrows ? order : [...order.filter((x) => x.m.lostBy !== null), ...order.filter((x) => x.m.lostBy === null)].slice(0, maxArrows);
  picked.sort((a, b) => a.id - b.id);
  const shown = picked.map((x) => x.m);
  const slotCount = new Map<string, number>();
  const channel = (from: string, to: string, t: number): string => `${from}\u0000${to}\u0000${t}`;
  for (const m of shown) {
    const k = channel(m.from, m.to, m.sendTime);
    slotCount.set(k, (slotCount.get(k) ?? 0) + 1);
  }
  const slotNext = new Map<string, number>();
  const arrows: Arrow[] = picked.map(({ m, id }) => {
    const k = channel(m.from, m.to, m.sendTime);
    const slot = slotNext.get(k) ?? 0;
    slotNext.set(k, slot + 1);
    return {
      id,
      relation: m.relation,
      tuple: formatTuple(m.relation, m.tuple),
      from: m.from,
      to: m.to,
      fromLane: lane(m.from),
      toLane: lane(m.to),
      sendTime: m.sendTime,
      arriveTime: m.sendTime + 1,
      lost: m.lostBy !== null,
      lostBy: m.lostBy === null ? null : faultKey(m.lostBy),
      afterEot: m.sendTime + 1 > run.eot,
      slot,
      slots: slotCount.get(k)!,
    };
  });

  const lanes: Lane[] = nodes.map((node, index) => ({ node, index, crashTime: crashTime.get(node) ?? null }));
  return { nodes, eot: run.eot, lanes, arrows, crashes, omissions, omittedArrows: run.messages.length - shown.length };
}
