/**
 * The space-time (Lamport) diagram of one run, as data: one lane per node, one arrow per message,
 * crash marks. Abstract coordinates only (lane index, time); the page maps them to pixels with a
 * point scale and a linear scale, so no layout library is needed.
 */
import { faultKey } from '../faults/text.js';
import type { Message, RunResult } from '../sim/types.js';
import { formatTuple, tupleKey } from '../terms/values.js';

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
  /** Not sent in the fault-free run (only when compared with it). */
  readonly extra: boolean;
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

/** Tuples at one node and step that differ from the fault-free run (location = first column). */
export interface TupleDiffMark {
  readonly lane: number;
  readonly time: number;
  /** How many tuples hold here and not in the fault-free run, and the first MAX_DIFF_TUPLES of them. */
  readonly addedCount: number;
  readonly added: readonly string[];
  /** How many hold in the fault-free run and not here, and the first of them. */
  readonly removedCount: number;
  readonly removed: readonly string[];
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
  /** Against the fault-free run: where tuples differ, per node and step (empty for the fault-free run itself). */
  readonly tupleDiffs: readonly TupleDiffMark[];
  /** Against the fault-free run: the ids of its arrows (messages) that this run does not deliver. */
  readonly undelivered: readonly number[];
}

/** Tuples listed per diff mark; the tables section lists them all. */
export const MAX_DIFF_TUPLES = 12;

function messageKey(m: Pick<Message, 'from' | 'to' | 'sendTime' | 'relation' | 'tuple'>): string {
  return [m.from, m.to, m.sendTime, m.relation, tupleKey(m.tuple)].join('\u0000');
}

/** More arrows than this are unreadable anyway, and each costs page weight. */
export const MAX_ARROWS = 800;

/**
 * The diagram of `run`; with `baseline` (the fault-free run), also what differs from it: messages
 * it never sent, its messages this run does not deliver, tuples per node and step.
 */
export function buildSpaceTime(run: RunResult, maxArrows = MAX_ARROWS, baseline: RunResult | null = null): SpaceTime {
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

  const compare = baseline !== null && baseline !== run;
  const baseSent = new Set(compare ? baseline.messages.map(messageKey) : []);
  // Past the cap, lost messages go first: they are what a counterexample is about. A message that
  // would arrive after EOT is not drawn: nothing could read it.
  const order = run.messages.map((m, id) => ({ m, id })).filter((x) => x.m.sendTime + 1 <= run.eot);
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
      extra: compare && !baseSent.has(messageKey(m)),
      slot,
      slots: slotCount.get(k)!,
    };
  });

  const lanes: Lane[] = nodes.map((node, index) => ({ node, index, crashTime: crashTime.get(node) ?? null }));
  const delivered = new Set(run.messages.filter((m) => m.lostBy === null).map(messageKey));
  const undelivered = compare ? baseline.messages.flatMap((m, id) => (delivered.has(messageKey(m)) ? [] : [id])) : [];
  return {
    nodes,
    eot: run.eot,
    lanes,
    arrows,
    crashes,
    omissions,
    omittedArrows: order.length - shown.length,
    tupleDiffs: compare ? tupleDiffMarks(run, baseline, laneOf) : [],
    undelivered,
  };
}

/** Per node (first column) and step: the tuples only one of the two runs has. */
function tupleDiffMarks(run: RunResult, baseline: RunResult, laneOf: ReadonlyMap<string, number>): TupleDiffMark[] {
  const out: TupleDiffMark[] = [];
  for (let t = 1; t <= run.eot; t++) {
    const mine = run.tables[t - 1] ?? new Map();
    const base = baseline.tables[t - 1] ?? new Map();
    const cells = new Map<number, { added: string[]; removed: string[] }>();
    const cell = (lane: number) => {
      let c = cells.get(lane);
      if (!c) cells.set(lane, (c = { added: [], removed: [] }));
      return c;
    };
    const side = (a: ReadonlyMap<string, readonly (readonly (string | number)[])[]>, b: ReadonlyMap<string, readonly (readonly (string | number)[])[]>, pick: 'added' | 'removed'): void => {
      for (const [relation, tuples] of a) {
        const other = new Set((b.get(relation) ?? []).map(tupleKey));
        for (const tuple of tuples) {
          const lane = laneOf.get(String(tuple[0]));
          if (lane === undefined || other.has(tupleKey(tuple))) continue;
          cell(lane)[pick].push(formatTuple(relation, tuple));
        }
      }
    };
    side(mine, base, 'added');
    side(base, mine, 'removed');
    for (const [lane, c] of [...cells.entries()].sort((x, y) => x[0] - y[0])) {
      out.push({ lane, time: t, addedCount: c.added.length, added: c.added.slice(0, MAX_DIFF_TUPLES), removedCount: c.removed.length, removed: c.removed.slice(0, MAX_DIFF_TUPLES) });
    }
  }
  return out;
}
