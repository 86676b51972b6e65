/**
 * What one run of the simulator produces. The search, the lineage graphs and the
 * report all read this; nothing here refers back to the simulator's internals.
 */
import type { Fault, FaultSet } from '../faults/types.js';
import type { Value } from '../syntax/ast.js';
import type { Tuple } from '../terms/values.js';

export type { Tuple };

export interface Message {
  readonly relation: string;
  /** The head tuple as it arrives; its first column is `to`. */
  readonly tuple: Tuple;
  readonly from: string;
  readonly to: string;
  /** Sent at `sendTime`, arrives at `sendTime + 1`. */
  readonly sendTime: number;
  /** The fault that lost it, or null when it was delivered. Messages sent at EOT are not recorded; a lost message has no firing. */
  readonly lostBy: Fault | null;
}

/** A tuple at one time, a node of the lineage graph. */
export interface TupleNode {
  readonly id: number;
  readonly relation: string;
  readonly tuple: Tuple;
  readonly time: number;
  /** Stated as a fact at this time, or a `crash` tuple: holds whatever the messages do. */
  readonly base: boolean;
  /** Ids of the firings that derived it at this time. */
  readonly firings: readonly number[];
}

/** A negated body atom that held (nothing matched) when a rule fired. `null` args are wildcards. */
export interface NegatedGoal {
  readonly relation: string;
  readonly args: readonly (Value | null)[];
  readonly time: number;
}

/** One rule firing: a binding of the rule's body that produced `head`. */
export interface Firing {
  readonly id: number;
  /** Index into `CompiledProgram.rules`. */
  readonly rule: number;
  readonly head: number;
  /** The time the body held; the head holds at `time` (deductive) or `time + 1` (@next, @async). */
  readonly time: number;
  /** Positive body tuples (tuple node ids), in body order. For aggregates: every contributing tuple. */
  readonly body: readonly number[];
  readonly negated: readonly NegatedGoal[];
  /** Index into `RunResult.messages` for an @async firing that sent to another node, else null. */
  readonly message: number | null;
  /** For an aggregate rule: index into `Lineage.groups`, the bindings it aggregated; else null. */
  readonly group: number | null;
}

/** One binding of an aggregate rule's body: what it read, and the value it gave each aggregate. */
export interface GroupBinding {
  readonly body: readonly number[];
  readonly negated: readonly NegatedGoal[];
  /** One value per aggregate of the head, in head order. */
  readonly values: readonly Value[];
}

/** The bindings of one group of an aggregate rule (one key, one body time). */
export interface AggregateGroup {
  readonly rule: number;
  /** The time the body held. */
  readonly time: number;
  /** The head with its aggregate columns null: the group's key. */
  readonly key: readonly (Value | null)[];
  /** Where the body held (the first binding's location): the sender of an @async aggregate. */
  readonly from: string;
  /** Locations of every binding: more than one makes an @async aggregate's sender uncertain. */
  readonly locations: readonly string[];
  readonly bindings: readonly GroupBinding[];
}

export interface Lineage {
  readonly tuples: readonly TupleNode[];
  readonly firings: readonly Firing[];
  readonly groups: readonly AggregateGroup[];
}

export interface InvariantStatus {
  /** False when the program defines no `pre` or no `post`: nothing was checked. */
  readonly checked: boolean;
  readonly holds: boolean;
  /** `pre` tuples at EOT that have no equal `post` tuple, sorted. */
  readonly missing: readonly Tuple[];
}

export interface RunResult {
  readonly nodes: readonly string[];
  readonly eot: number;
  readonly faults: FaultSet;
  /** `tables[t - 1]`: relation name → its tuples at time t, sorted; relations sorted by name. */
  readonly tables: readonly ReadonlyMap<string, readonly Tuple[]>[];
  /** Sorted by send time, from, to, relation, tuple. */
  readonly messages: readonly Message[];
  readonly invariant: InvariantStatus;
  readonly lineage: Lineage;
}
