/**
 * The rows the bench measures: the verdict table, and the two tables of Molly's paper (SIGMOD
 * 2015) on our specs, with Molly's published figures beside them. Bounds and expected
 * verdicts come from specs/README.md.
 */

export type Expectation = 'counterexample' | 'certified';

export interface BenchRow {
  /** The spec's file name in specs/, without `.ded`. */
  readonly spec: string;
  readonly eot: number;
  readonly eff: number;
  readonly crashes: number;
  readonly expect: Expectation;
  /** Took more than ~10 s when the bench was written: skipped under --quick. */
  readonly slow?: boolean;
}

/** Issue 3's rows; `molly` is the paper's executions-to-counterexample for the same protocol (the target). */
export interface VerdictRow extends BenchRow {
  readonly molly?: number;
}

/** Molly's first table: executions to the first counterexample. */
export interface MollyCounterexampleRow extends BenchRow {
  readonly protocol: string;
  readonly mollySpace: string;
  readonly mollyRandom: number;
  readonly molly: number;
}

/** Molly's second table: executions to certify a correct program. */
export interface MollyCertificationRow extends BenchRow {
  readonly protocol: string;
  readonly molly: number;
}

const ce = 'counterexample' as const;
const ok = 'certified' as const;

export const VERDICT_ROWS: readonly VerdictRow[] = [
  { spec: 'simple-broadcast', eot: 6, eff: 3, crashes: 0, expect: ce, molly: 2 },
  { spec: 'retry-broadcast', eot: 6, eff: 3, crashes: 0, expect: ok },
  { spec: 'retry-broadcast', eot: 6, eff: 3, crashes: 1, expect: ce, molly: 3 },
  { spec: 'classic-broadcast', eot: 6, eff: 3, crashes: 0, expect: ce, molly: 5 },
  { spec: 'classic-broadcast', eot: 6, eff: 0, crashes: 2, expect: ok },
  { spec: 'relay-broadcast', eot: 6, eff: 3, crashes: 0, expect: ok },
  { spec: 'relay-broadcast', eot: 6, eff: 3, crashes: 1, expect: ok },
  { spec: 'ack-broadcast', eot: 6, eff: 3, crashes: 1, expect: ok },
  { spec: '2pc', eot: 7, eff: 3, crashes: 0, expect: ok, slow: true },
  { spec: '2pc', eot: 6, eff: 3, crashes: 1, expect: ce, molly: 2 },
  { spec: '2pc', eot: 6, eff: 0, crashes: 1, expect: ce, molly: 2 },
  { spec: '2pc', eot: 6, eff: 0, crashes: 2, expect: ce, molly: 2 },
];

export const MOLLY_COUNTEREXAMPLE_ROWS: readonly MollyCounterexampleRow[] = [
  { protocol: 'simple-deliv', spec: 'simple-broadcast', eot: 4, eff: 2, crashes: 0, expect: ce, mollySpace: '4.10e3', mollyRandom: 4.08, molly: 2 },
  { protocol: 'retry-deliv', spec: 'retry-broadcast', eot: 4, eff: 2, crashes: 1, expect: ce, mollySpace: '4.07e4', mollyRandom: 75.24, molly: 3 },
  { protocol: 'classic-deliv', spec: 'classic-broadcast', eot: 5, eff: 3, crashes: 0, expect: ce, mollySpace: '2.62e5', mollyRandom: 116.16, molly: 5 },
  { protocol: '2pc', spec: '2pc', eot: 5, eff: 0, crashes: 1, expect: ce, mollySpace: '24', mollyRandom: 5.48, molly: 2 },
  { protocol: '2pc-ctp', spec: '2pc-ctp', eot: 8, eff: 0, crashes: 1, expect: ce, mollySpace: '36', mollyRandom: 8.56, molly: 3 },
  { protocol: '3pc', spec: '3pc', eot: 9, eff: 7, crashes: 1, expect: ce, mollySpace: '2.43e26', mollyRandom: 40.6, molly: 55 },
  { protocol: 'kafka', spec: 'kafka', eot: 6, eff: 4, crashes: 1, expect: ce, mollySpace: '1.85e25', mollyRandom: 1183.12, molly: 38 },
];

export const MOLLY_CERTIFICATION_ROWS: readonly MollyCertificationRow[] = [
  { protocol: 'redun-deliv', spec: 'relay-broadcast', eot: 11, eff: 10, crashes: 1, expect: ok, molly: 11 },
  { protocol: 'ack-deliv', spec: 'ack-broadcast', eot: 8, eff: 7, crashes: 1, expect: ok, molly: 673, slow: true },
  { protocol: 'paxos-synod', spec: 'paxos', eot: 7, eff: 6, crashes: 1, expect: ok, molly: 173, slow: true },
];

/** `spec EOT/EFF/C`, the name rows go by in tables, progress and `--only`. */
export function rowLabel(r: BenchRow): string {
  return `${r.spec} ${r.eot}/${r.eff}/${r.crashes}`;
}

/** `--only`: a row is kept when its label or protocol name contains the substring. */
export function rowMatches(r: BenchRow & { readonly protocol?: string }, only: string | null): boolean {
  if (only === null) return true;
  return rowLabel(r).includes(only) || (r.protocol ?? '').includes(only);
}

/**
 * The sweep table: Figure 13 of Molly's paper gives the highest bound each protocol certified in a
 * 120 s sweep (EFF = EOT − 1, one crash). A spec listed here but not (yet) in specs/ is named
 * under the table instead of measured; add a protocol by adding a line.
 */
export interface SweepSpec {
  /** The spec's file name in specs/, without `.ded`. */
  readonly spec: string;
  readonly protocol: string;
  readonly crashes: number;
  readonly effGap: number;
  /** Figure 13's highest certified EOT, when the paper has the protocol. */
  readonly molly?: number;
  /** The highest certified EOT the project aims at. */
  readonly target?: number;
}

export const SWEEP_SPECS: readonly SweepSpec[] = [
  { spec: 'relay-broadcast', protocol: 'redundant broadcast (redun-deliv)', crashes: 1, effGap: 1, molly: 11 },
  { spec: 'ack-broadcast', protocol: 'ack broadcast (ack-deliv)', crashes: 1, effGap: 1, molly: 8, target: 24 },
  { spec: 'paxos', protocol: 'Paxos synod', crashes: 1, effGap: 1, molly: 7, target: 96 },
  { spec: 'bully', protocol: 'bully leader election', crashes: 1, effGap: 1, molly: 10 },
  { spec: 'flux', protocol: 'Flux process pairs', crashes: 1, effGap: 1, molly: 22 },
  { spec: 'raft-election', protocol: 'Raft leader election', crashes: 1, effGap: 1 },
  { spec: 'raft-log', protocol: 'Raft log replication', crashes: 1, effGap: 1 },
];

/** Single checks with a target of their own. */
export interface TargetRow extends BenchRow {
  readonly why: string;
}

export const TARGET_ROWS: readonly TargetRow[] = [
  { spec: 'ack-broadcast', eot: 14, eff: 13, crashes: 1, expect: ok, why: 'cost per execution ≤ 5 ms on average, solver share < 50 %' },
  { spec: 'relay-broadcast', eot: 2000, eff: 1999, crashes: 1, expect: ok, why: 'runs at EOT 2,000 without error' },
];

/** Node scaling: the protocols of specs/ack-broadcast.ded and specs/2pc.ded, generated for N nodes (bench/generate.ts). */
export const SCALING_NODES: readonly number[] = [3, 5, 8, 12, 16];

export interface ScalingBounds {
  readonly protocol: 'ack-broadcast' | '2pc';
  readonly eot: number;
  readonly eff: number;
  readonly crashes: number;
  readonly expect: Expectation;
}

export const SCALING_BOUNDS: readonly ScalingBounds[] = [
  // The 16-node target case, at every size.
  { protocol: 'ack-broadcast', eot: 20, eff: 3, crashes: 1, expect: ok },
  // 2pc's certified and blocking rows of specs/README.md.
  { protocol: '2pc', eot: 7, eff: 3, crashes: 0, expect: ok },
  { protocol: '2pc', eot: 6, eff: 0, crashes: 1, expect: ce },
];

/** A scaling row: `spec` is `<protocol>-<nodes>`, the generated file's name. */
export interface ScalingRow extends BenchRow {
  readonly protocol: string;
  readonly nodes: number;
  readonly file: string;
}
