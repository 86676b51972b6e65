/**
 * Boolean formulas over fault atoms: the bridge from lineage graphs to the SAT stage.
 *
 * A lineage graph is a DAG; shared sub-formulas are shared by object identity, and every
 * consumer here (evaluate, the Tseitin encoder) memoizes by identity and walks with an explicit
 * stack, so a formula of tens of thousands of nodes costs linear time and no deep recursion.
 */
import { omissionKey } from '../faults/order.js';
import type { FaultSet } from '../faults/types.js';

export { omissionKey };

export type Formula =
  | { readonly kind: 'const'; readonly value: boolean }
  /** true iff omit(from,to,time) is in the fault set (always false when time >= eff: such omissions are not allowed) */
  | { readonly kind: 'omitted'; readonly from: string; readonly to: string; readonly time: number }
  /** true iff `node` crashes at some time k <= by */
  | { readonly kind: 'crashed'; readonly node: string; readonly by: number }
  | { readonly kind: 'not'; readonly arg: Formula }
  | { readonly kind: 'and'; readonly args: readonly Formula[] }
  | { readonly kind: 'or'; readonly args: readonly Formula[] };

export const TRUE: Formula = Object.freeze({ kind: 'const', value: true });
export const FALSE: Formula = Object.freeze({ kind: 'const', value: false });

/**
 * Nested nodes of the same kind are inlined only up to this width: inlining copies the child's
 * arguments into every parent, so a wide sub-formula shared by many parents stays one node.
 */
const FLATTEN_WIDTH = 16;

function junction(kind: 'and' | 'or', parts: readonly Formula[]): Formula {
  // `unit` is neutral (dropped), `zero` absorbs everything.
  const unit = kind === 'and';
  const args: Formula[] = [];
  const seen = new Set<Formula>();
  const push = (f: Formula): boolean => {
    if (f.kind === 'const') return f.value === unit;
    if (!seen.has(f)) {
      seen.add(f);
      args.push(f);
    }
    return true;
  };
  for (const part of parts) {
    if (part.kind === kind && part.args.length <= FLATTEN_WIDTH) {
      for (const inner of part.args) if (!push(inner)) return unit ? FALSE : TRUE;
    } else if (!push(part)) {
      return unit ? FALSE : TRUE;
    }
  }
  if (args.length === 0) return unit ? TRUE : FALSE;
  if (args.length === 1) return args[0]!;
  return { kind, args };
}

export function and(...args: readonly Formula[]): Formula {
  return junction('and', args);
}

export function or(...args: readonly Formula[]): Formula {
  return junction('or', args);
}

export function not(x: Formula): Formula {
  if (x.kind === 'const') return x.value ? FALSE : TRUE;
  if (x.kind === 'not') return x.arg;
  return { kind: 'not', arg: x };
}

/** A self-channel or a time before 1 is no fault at all, hence FALSE. */
export function omitted(from: string, to: string, time: number): Formula {
  if (from === to || time < 1) return FALSE;
  return { kind: 'omitted', from, to, time };
}

/** Crash times start at 1, so "crashed by 0" never holds. */
export function crashed(node: string, by: number): Formula {
  if (by < 1) return FALSE;
  return { kind: 'crashed', node, by };
}

/**
 * The message from→to sent at `sendTime` is lost: omitted (only before EFF) or its sender
 * crashed at or before the send. A self-send is never lost.
 */
export function messageLost(from: string, to: string, sendTime: number, eff: number): Formula {
  if (from === to) return FALSE;
  return or(sendTime < eff ? omitted(from, to, sendTime) : FALSE, crashed(from, sendTime));
}

/** Fast membership tests for one fault set. */
export interface FaultIndex {
  readonly omissions: ReadonlySet<string>;
  /** node → earliest crash time. */
  readonly crashTimes: ReadonlyMap<string, number>;
}


export function indexFaults(faults: FaultSet): FaultIndex {
  const omissions = new Set<string>();
  const crashTimes = new Map<string, number>();
  for (const f of faults) {
    if (f.kind === 'omit') omissions.add(omissionKey(f.from, f.to, f.time));
    else crashTimes.set(f.node, Math.min(f.time, crashTimes.get(f.node) ?? Infinity));
  }
  return { omissions, crashTimes };
}

/**
 * Reference semantics. The fault set is taken literally: it is the caller's job to pass only
 * fault sets within the bounds (the SAT encoding treats omissions at t >= eff as impossible).
 */
export function evaluate(f: Formula, faults: FaultSet | FaultIndex): boolean {
  const index = isFaultIndex(faults) ? faults : indexFaults(faults);
  return evaluateWith(f, index, new Map());
}

function isFaultIndex(x: FaultSet | FaultIndex): x is FaultIndex {
  return !Array.isArray(x);
}

/** Evaluates with a caller-owned memo, so repeated queries on one fault set share work. */
export function evaluateWith(root: Formula, index: FaultIndex, memo: Map<Formula, boolean>): boolean {
  const stack: Formula[] = [root];
  const cursor = new Map<Formula, number>();
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (memo.has(f)) {
      stack.pop();
      continue;
    }
    switch (f.kind) {
      case 'const':
        memo.set(f, f.value);
        stack.pop();
        break;
      case 'omitted':
        memo.set(f, index.omissions.has(omissionKey(f.from, f.to, f.time)));
        stack.pop();
        break;
      case 'crashed': {
        const t = index.crashTimes.get(f.node);
        memo.set(f, t !== undefined && t <= f.by);
        stack.pop();
        break;
      }
      case 'not': {
        const v = memo.get(f.arg);
        if (v === undefined) stack.push(f.arg);
        else {
          memo.set(f, !v);
          stack.pop();
        }
        break;
      }
      case 'and':
      case 'or': {
        // Short-circuit on the first decisive argument. `cursor` remembers how far the scan got,
        // so a wide node is scanned once in total, not once per pending argument.
        const decisive = f.kind === 'or';
        let i = cursor.get(f) ?? 0;
        while (i < f.args.length && memo.get(f.args[i]!) === !decisive) i++;
        const a = f.args[i];
        const v = a === undefined ? undefined : memo.get(a);
        if (a !== undefined && v === undefined) {
          cursor.set(f, i);
          stack.push(a);
        } else {
          memo.set(f, a === undefined ? !decisive : decisive);
          cursor.delete(f);
          stack.pop();
        }
        break;
      }
    }
  }
  return memo.get(root)!;
}

/** Number of distinct nodes reachable from `root` (by identity). */
export function formulaSize(root: Formula): number {
  const seen = new Set<Formula>([root]);
  const stack: Formula[] = [root];
  while (stack.length > 0) {
    const f = stack.pop()!;
    const children = f.kind === 'not' ? [f.arg] : f.kind === 'and' || f.kind === 'or' ? f.args : [];
    for (const c of children) {
      if (!seen.has(c)) {
        seen.add(c);
        stack.push(c);
      }
    }
  }
  return seen.size;
}

/**
 * True when no fault atom occurs under an odd number of `not`s: then adding faults, or crashing
 * earlier, can only keep the formula true, and greedy weakening finds minimal fault sets.
 */
export function isMonotone(root: Formula): boolean {
  // Visit (node, polarity) pairs; a node reached both ways is visited twice at most.
  const seen = [new Set<Formula>(), new Set<Formula>()];
  const stack: [Formula, 0 | 1][] = [[root, 0]];
  seen[0]!.add(root);
  while (stack.length > 0) {
    const [f, negated] = stack.pop()!;
    if ((f.kind === 'omitted' || f.kind === 'crashed') && negated === 1) return false;
    const next: 0 | 1 = f.kind === 'not' ? (negated === 0 ? 1 : 0) : negated;
    const kids = f.kind === 'not' ? [f.arg] : f.kind === 'and' || f.kind === 'or' ? f.args : [];
    for (const c of kids) {
      if (!seen[next]!.has(c)) {
        seen[next]!.add(c);
        stack.push([c, next]);
      }
    }
  }
  return true;
}
