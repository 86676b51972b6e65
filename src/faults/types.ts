/**
 * The fault vocabulary every stage below the search speaks: what a fault is, a set of
 * them, and the bounds a search covers. The simulator applies fault sets, the lineage and solver
 * stages reason about them, the search proposes them.
 */

/** Every message on channel from→to sent at `time` is lost (only time < EFF in a search). */
export interface Omission {
  readonly kind: 'omit';
  readonly from: string;
  readonly to: string;
  readonly time: number;
}

/** From `time` on, every message `node` sends to another node is lost. */
export interface Crash {
  readonly kind: 'crash';
  readonly node: string;
  readonly time: number;
}

export type Fault = Omission | Crash;

/** A canonical (sorted, duplicate-free) list of faults. */
export type FaultSet = readonly Fault[];

export interface Bounds {
  readonly nodes: readonly string[];
  readonly eot: number;
  /** Messages may be lost only when sent at t < eff. */
  readonly eff: number;
  readonly crashes: number;
}
