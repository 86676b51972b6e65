/**
 * Compilation of a checked program into join plans, done once and reused by every run of a
 * search. Relations get dense ids (in name order, so iterating ids lists tables sorted), variables
 * get slots in a binding array, and each rule gets its join orders: one full plan, and one per
 * same-stratum atom with that atom first (it is the delta side of a semi-naive variant).
 */
import type { AggregateFn, BodyItem, CompareOp, Program, Rule, Term, Value } from '../syntax/ast.js';
import { arith, ArithmeticOverflow, termSlots, type CompiledTerm } from '../terms/eval.js';
import { foldTerm } from '../syntax/walk.js';
import { stratify, type Strata } from '../check/strata.js';
import type { Tuple } from './types.js';
import type { Span } from '../syntax/span.js';
import { compareStrings } from '../terms/values.js';

/** Read one positive atom: look its bound columns up, bind the new variables, then check the rest. */
export interface ScanStep {
  readonly kind: 'scan';
  /** Position among the rule's positive atoms (body order). */
  readonly atom: number;
  /** Columns known before this step (constants, bound variables, arithmetic over them). */
  readonly keyCols: readonly number[];
  readonly keyTerms: readonly CompiledTerm[];
  /** All columns are keys: one hash lookup of the whole tuple. */
  readonly exact: boolean;
  /** Index slot of `keyCols` in the relation, or -1 (exact lookup or full scan). */
  readonly indexSlot: number;
  readonly binds: readonly { readonly col: number; readonly slot: number }[];
  /** A variable repeated inside this atom: the later column must equal the bound value. */
  readonly eqs: readonly { readonly col: number; readonly slot: number }[];
  /** Arithmetic over variables this atom binds: a filter evaluated after the binds. */
  readonly posts: readonly { readonly col: number; readonly term: CompiledTerm }[];
}

/** `notin p(…)`: holds when no tuple matches; `null` args are wildcards (existential). */
export interface NegationStep {
  readonly kind: 'neg';
  /** Position among the rule's negated atoms (body order). */
  readonly neg: number;
}

export interface CompareStep {
  readonly kind: 'cmp';
  readonly op: CompareOp;
  readonly l: CompiledTerm;
  readonly r: CompiledTerm;
}

export type PlanStep = ScanStep | NegationStep | CompareStep;

export interface PositiveAtom {
  readonly rel: number;
  /** `p(X)@N`: read as it was at time N. */
  readonly fixedTime: number | null;
  /** Its relation is defined in the rule's own stratum: a semi-naive delta candidate. */
  readonly recursive: boolean;
}

export interface NegatedAtom {
  readonly rel: number;
  readonly relation: string;
  readonly fixedTime: number | null;
  readonly args: readonly (CompiledTerm | null)[];
  /** Non-wildcard columns; the index slot covering them, or -1 when all or none are bound. */
  readonly keyCols: readonly number[];
  readonly keyTerms: readonly CompiledTerm[];
  readonly exact: boolean;
  readonly indexSlot: number;
  /** Some argument is arithmetic, which may not evaluate (`1/0`, `"a" + 1`): that fails the firing. */
  readonly fallible: boolean;
}

export interface HeadAggregate {
  readonly col: number;
  readonly fn: AggregateFn;
  readonly arg: CompiledTerm;
}

export interface CompiledRule {
  /** Index into `CompiledProgram.rules`. */
  readonly index: number;
  readonly rule: Rule;
  readonly headRel: number;
  /** Aggregate columns hold `none` here. */
  readonly head: readonly CompiledTerm[];
  /** Empty for a rule without aggregates. */
  readonly aggregates: readonly HeadAggregate[];
  readonly slots: number;
  readonly positives: readonly PositiveAtom[];
  readonly negatives: readonly NegatedAtom[];
  readonly fullPlan: readonly PlanStep[];
  /** Per positive atom: the plan with that atom first, for the atoms that are `recursive`. */
  readonly deltaPlans: readonly (readonly PlanStep[] | null)[];
}

export interface CompiledStratum {
  /** Relation ids defined here. */
  readonly rels: readonly number[];
  /** Aggregate rules: their bodies are in lower strata, so they run once, first. */
  readonly aggregates: readonly CompiledRule[];
  readonly rules: readonly CompiledRule[];
}

export interface GroundFact {
  readonly rel: number;
  readonly tuple: Tuple;
  /** The fact clause, to locate a run that stops while adding it. */
  readonly span: Span;
}

export interface CompiledProgram {
  readonly program: Program;
  /** Every rule, in program order; `Firing.rule` indexes this. */
  readonly rules: readonly Rule[];
  /** Relation names by id, sorted by code units. */
  readonly relations: readonly string[];
  readonly relationId: ReadonlyMap<string, number>;
  /** Per relation id: the column sets it is indexed on (index slot → columns). */
  readonly indexes: readonly (readonly (readonly number[])[])[];
  readonly strata: readonly CompiledStratum[];
  readonly nextRules: readonly CompiledRule[];
  readonly asyncRules: readonly CompiledRule[];
  /** Facts without a time: they hold at every time. */
  readonly alwaysFacts: readonly GroundFact[];
  /** Facts stated `@t`, by t. */
  readonly timedFacts: ReadonlyMap<number, readonly GroundFact[]>;
  readonly crashRel: number;
  /** Some rule reads `crash` in a positive body atom. */
  readonly readsCrash: boolean;
  readonly preRel: number;
  readonly postRel: number;
  /** Some fact or rule head defines `pre` / `post`: the invariant is checked. */
  readonly hasInvariant: boolean;
}

export function compileProgram(program: Program, strata: Strata): CompiledProgram {
  const rules = program.clauses.filter((c): c is Rule => c.kind === 'rule');
  const ruleIndex = new Map<Rule, number>(rules.map((r, i) => [r, i]));
  // Strata computed on another copy of the program would not share rule objects: recompute.
  if (strata.strata.some((s) => s.rules.some((r) => !ruleIndex.has(r)))) strata = stratify(program);

  const names = new Set<string>(['crash', 'pre', 'post']);
  const defined = new Set<string>();
  for (const c of program.clauses) {
    if (c.kind === 'fact') {
      names.add(c.atom.relation);
      defined.add(c.atom.relation);
    } else if (c.kind === 'rule') {
      names.add(c.head.relation);
      defined.add(c.head.relation);
      for (const b of c.body) if (b.kind === 'atom') names.add(b.atom.relation);
    }
  }
  const relations = [...names].sort(compareStrings);
  const relationId = new Map(relations.map((r, i) => [r, i]));
  const indexSpecs: number[][][] = relations.map(() => []);
  const indexSlot = (rel: number, cols: readonly number[]): number => {
    const specs = indexSpecs[rel]!;
    const key = cols.join(',');
    const found = specs.findIndex((s) => s.join(',') === key);
    if (found >= 0) return found;
    specs.push([...cols]);
    return specs.length - 1;
  };

  const stratumOf = new Map<string, number>();
  strata.strata.forEach((s, i) => s.relations.forEach((r) => stratumOf.set(r, i)));
  const compileOne = (rule: Rule): CompiledRule => {
    const own = rule.headTime === 'now' ? stratumOf.get(rule.head.relation) : undefined;
    return compileRule(rule, ruleIndex.get(rule)!, relationId, indexSlot, (rel) => own !== undefined && stratumOf.get(rel) === own);
  };

  const compiledStrata: CompiledStratum[] = strata.strata.map((s) => {
    const compiled = s.rules.map(compileOne);
    return {
      rels: s.relations.map((r) => relationId.get(r)!),
      aggregates: compiled.filter((r) => r.aggregates.length > 0),
      rules: compiled.filter((r) => r.aggregates.length === 0),
    };
  });

  const alwaysFacts: GroundFact[] = [];
  const timedFacts = new Map<number, GroundFact[]>();
  for (const c of program.clauses) {
    if (c.kind !== 'fact') continue;
    const tuple: Value[] = [];
    for (const arg of c.atom.args) {
      const v = evalGround(arg);
      if (v === undefined) break;
      tuple.push(v);
    }
    if (tuple.length !== c.atom.args.length) continue; // not ground: `check` reports it
    const fact = { rel: relationId.get(c.atom.relation)!, tuple, span: c.span };
    if (c.time === null) alwaysFacts.push(fact);
    else if (c.time.kind === 'at') {
      const list = timedFacts.get(c.time.time) ?? [];
      list.push(fact);
      timedFacts.set(c.time.time, list);
    }
  }

  return {
    program,
    rules,
    relations,
    relationId,
    indexes: indexSpecs,
    strata: compiledStrata,
    nextRules: rules.filter((r) => r.headTime === 'next').map(compileOne),
    asyncRules: rules.filter((r) => r.headTime === 'async').map(compileOne),
    alwaysFacts,
    timedFacts,
    crashRel: relationId.get('crash')!,
    readsCrash: rules.some((r) => r.body.some((b) => b.kind === 'atom' && !b.negated && b.atom.relation === 'crash')),
    preRel: relationId.get('pre')!,
    postRel: relationId.get('post')!,
    hasInvariant: defined.has('pre') && defined.has('post'),
  };
}

/** A fact's argument; undefined when it has no value (a variable, 1 / 0, an overflow: `check` reports each). */
function evalGround(term: Term): Value | undefined {
  try {
    return foldTerm<Value | undefined>(
      term,
      (t) => (t.kind === 'const' ? t.value : undefined),
      (t, [l, r]) => (t.kind === 'arith' && typeof l === 'number' && typeof r === 'number' ? arith(t.op, l, r) : undefined),
    );
  } catch (e) {
    if (e instanceof ArithmeticOverflow) return undefined;
    throw e;
  }
}

type AtomItem = Extract<BodyItem, { kind: 'atom' }>;
type CompareItem = Extract<BodyItem, { kind: 'compare' }>;

function compileRule(
  rule: Rule,
  index: number,
  relationId: ReadonlyMap<string, number>,
  indexSlot: (rel: number, cols: readonly number[]) => number,
  inOwnStratum: (relation: string) => boolean,
): CompiledRule {
  const slotOf = new Map<string, number>();
  const slot = (name: string): number => {
    let s = slotOf.get(name);
    if (s === undefined) {
      s = slotOf.size;
      slotOf.set(name, s);
    }
    return s;
  };
  // Variables get slots left to right, in the order they are first met.
  const term = (root: Term): CompiledTerm =>
    foldTerm<CompiledTerm>(
      root,
      (t) => (t.kind === 'var' ? { k: 'var', slot: slot(t.name) } : t.kind === 'const' ? { k: 'const', value: t.value } : { k: 'none' }),
      (t, [l, r]) => (t.kind === 'arith' ? { k: 'arith', op: t.op, l: l!, r: r! } : { k: 'none' }),
    );

  const posItems = rule.body.filter((b): b is AtomItem => b.kind === 'atom' && !b.negated);
  const negItems = rule.body.filter((b): b is AtomItem => b.kind === 'atom' && b.negated);
  const cmpItems = rule.body.filter((b): b is CompareItem => b.kind === 'compare');
  const fixedTime = (b: AtomItem): number | null => (b.time?.kind === 'at' ? b.time.time : null);

  // Slots for body variables first, so `slots` counts every variable the plans can bind.
  const posArgs = posItems.map((b) => b.atom.args.map(term));
  const positives: PositiveAtom[] = posItems.map((b) => ({
    rel: relationId.get(b.atom.relation)!,
    fixedTime: fixedTime(b),
    recursive: inOwnStratum(b.atom.relation),
  }));
  const bodyBound = new Set(slotOf.values());

  const negatives: NegatedAtom[] = negItems.map((b) => {
    const rel = relationId.get(b.atom.relation)!;
    // A variable no positive atom binds cannot be tested: read it as a wildcard (`check` reports it).
    const args = b.atom.args.map((a) => {
      const c = term(a);
      return c.k === 'none' || !termSlots(c).every((s) => bodyBound.has(s)) ? null : c;
    });
    const keyCols = args.flatMap((a, i) => (a === null ? [] : [i]));
    const exact = keyCols.length === args.length;
    return {
      rel,
      relation: b.atom.relation,
      fixedTime: fixedTime(b),
      args,
      keyCols,
      keyTerms: keyCols.map((c) => args[c]!),
      exact,
      indexSlot: exact || keyCols.length === 0 ? -1 : indexSlot(rel, keyCols),
      fallible: keyCols.some((c) => args[c]!.k === 'arith'),
    };
  });
  const compares = cmpItems.map((c) => ({ kind: 'cmp' as const, op: c.op, l: term(c.left), r: term(c.right) }));
  const head = rule.head.args.map((a) => (a.kind === 'aggregate' ? ({ k: 'none' } as const) : term(a)));
  const aggregates: HeadAggregate[] = [];
  rule.head.args.forEach((a, col) => {
    if (a.kind === 'aggregate') aggregates.push({ col, fn: a.fn, arg: term(a.arg) });
  });

  const plan = (first: number | null): PlanStep[] => {
    const bound = new Set<number>();
    const steps: PlanStep[] = [];
    const placedAtoms = new Set<number>();
    const placedNeg = new Set<number>();
    const placedCmp = new Set<number>();
    const placeFilters = (final: boolean): void => {
      negatives.forEach((n, i) => {
        if (placedNeg.has(i)) return;
        if (final || n.args.every((a) => a === null || termSlots(a).every((s) => bound.has(s)))) {
          placedNeg.add(i);
          steps.push({ kind: 'neg', neg: i });
        }
      });
      compares.forEach((c, i) => {
        if (placedCmp.has(i)) return;
        if (final || [...termSlots(c.l), ...termSlots(c.r)].every((s) => bound.has(s))) {
          placedCmp.add(i);
          steps.push(c);
        }
      });
    };
    const isKey = (t: CompiledTerm): boolean => t.k === 'const' || ((t.k === 'var' || t.k === 'arith') && termSlots(t).every((s) => bound.has(s)));
    placeFilters(false);
    while (placedAtoms.size < posItems.length) {
      let pick = -1;
      if (first !== null && placedAtoms.size === 0) pick = first;
      else {
        let best = -1;
        posArgs.forEach((args, i) => {
          if (placedAtoms.has(i)) return;
          const score = args.filter(isKey).length;
          if (score > best) {
            best = score;
            pick = i;
          }
        });
      }
      placedAtoms.add(pick);
      steps.push(scanStep(pick));
      placeFilters(false);
    }
    placeFilters(true);
    return steps;

    function scanStep(atom: number): ScanStep {
      const args = posArgs[atom]!;
      const keyCols: number[] = [];
      const keyTerms: CompiledTerm[] = [];
      const binds: { col: number; slot: number }[] = [];
      const eqs: { col: number; slot: number }[] = [];
      const posts: { col: number; term: CompiledTerm }[] = [];
      const before = new Set(bound);
      args.forEach((a, col) => {
        if (a.k === 'none') return;
        if (a.k === 'const' || (a.k !== 'var' && termSlots(a).every((s) => before.has(s))) || (a.k === 'var' && before.has(a.slot))) {
          keyCols.push(col);
          keyTerms.push(a);
        } else if (a.k === 'var') {
          if (bound.has(a.slot)) eqs.push({ col, slot: a.slot });
          else {
            bound.add(a.slot);
            binds.push({ col, slot: a.slot });
          }
        } else {
          posts.push({ col, term: a });
        }
      });
      const rel = positives[atom]!.rel;
      const exact = keyCols.length === args.length;
      return {
        kind: 'scan',
        atom,
        keyCols,
        keyTerms,
        exact,
        indexSlot: exact || keyCols.length === 0 ? -1 : indexSlot(rel, keyCols),
        binds,
        eqs,
        posts,
      };
    }
  };

  return {
    index,
    rule,
    headRel: relationId.get(rule.head.relation)!,
    head,
    aggregates,
    slots: slotOf.size,
    positives,
    negatives,
    fullPlan: plan(null),
    deltaPlans: positives.map((p, i) => (p.recursive ? plan(i) : null)),
  };
}
