/**
 * Lookups over one run's lineage that the explanation asks for again and again: does this tuple
 * hold at this time, which tuples match a `notin` goal, which message is this one in that run.
 */
import type { Message, NegatedGoal, RunResult, TupleNode } from '../sim/types.js';
import { tupleKey, valueKey, type Tuple } from '../terms/values.js';
import { foundedFirings, type Founded } from './founded.js';

export interface RunIndex {
  readonly run: RunResult;
  /** The tuple's lineage node at `time`, if it holds then. */
  at(relation: string, tuple: Tuple, time: number): TupleNode | undefined;
  /** Every tuple of the goal's relation at the goal's time that the goal's pattern matches, in id order. */
  matching(goal: NegatedGoal): readonly TupleNode[];
  /** The message with this channel, send time, relation and tuple. */
  message(m: Pick<Message, 'from' | 'to' | 'sendTime' | 'relation' | 'tuple'>): Message | undefined;
  /** How many times the message (channel, relation, tuple) was sent, at any time. */
  sends(m: Pick<Message, 'from' | 'to' | 'relation' | 'tuple'>): number;
  /** Whether a recorded firing of a tuple derives it without resting on the tuple itself. */
  readonly founded: Founded;
}

function slotKey(relation: string, time: number): string {
  return relation + '\u0000' + time;
}

/** One key per message: value keys never hold a bare \u0000, and the tuple's key comes last. */
function messageKey(m: Pick<Message, 'from' | 'to' | 'relation' | 'tuple'>): string {
  return [valueKey(m.from), valueKey(m.to), m.relation, tupleKey(m.tuple)].join('\u0000');
}

export function indexRun(run: RunResult): RunIndex {
  const bySlot = new Map<string, TupleNode[]>();
  const byKey = new Map<string, TupleNode>();
  for (const node of run.lineage.tuples) {
    const slot = slotKey(node.relation, node.time);
    let list = bySlot.get(slot);
    if (list === undefined) bySlot.set(slot, (list = []));
    list.push(node);
    byKey.set(slot + '\u0000' + tupleKey(node.tuple), node);
  }
  const messages = new Map<string, Message>();
  const sendCount = new Map<string, number>();
  for (const m of run.messages) {
    const k = messageKey(m);
    messages.set(m.sendTime + '\u0000' + k, m);
    sendCount.set(k, (sendCount.get(k) ?? 0) + 1);
  }
  return {
    run,
    at: (relation, tuple, time) => byKey.get(slotKey(relation, time) + '\u0000' + tupleKey(tuple)),
    matching(goal) {
      const candidates = bySlot.get(slotKey(goal.relation, goal.time)) ?? [];
      return candidates.filter(
        (n) => n.tuple.length === goal.args.length && goal.args.every((a, i) => a === null || valueKey(a) === valueKey(n.tuple[i]!)),
      );
    },
    message: (m) => messages.get(m.sendTime + '\u0000' + messageKey(m)),
    sends: (m) => sendCount.get(messageKey(m)) ?? 0,
    founded: foundedFirings(run.lineage),
  };
}
