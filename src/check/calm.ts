/**
 * The CALM view (consistency as logical monotonicity): a monotonic rule never has to retract what
 * it derived, so nodes running it need no coordination. Rules with `notin` or a head aggregate are
 * non-monotonic: they conclude from the absence or completeness of tuples, which a late message
 * can contradict. Those that feed a message are where a distributed protocol must coordinate.
 */
import type { Program, Rule } from '../syntax/ast.js';
import { printAtom } from '../syntax/print.js';
import { compareSpans } from '../syntax/span.js';
import { bodyAtoms, rulesOf } from './program.js';

export type NonMonotonicReason = 'negation' | 'aggregate';

export interface CalmRule {
  readonly rule: Rule;
  /** In this order when both apply. */
  readonly reasons: NonMonotonicReason[];
  /** The rule is @async, or its head reaches (through any rules) the body of an @async rule. */
  readonly feedsMessage: boolean;
}

export function calmView(program: Program): CalmRule[] {
  const rules = rulesOf(program);
  // relation → heads of rules that read it, over every rule: @next and negation carry influence too.
  const readers = new Map<string, Set<string>>();
  const readByAsync = new Set<string>();
  for (const rule of rules) {
    for (const item of bodyAtoms(rule)) {
      const set = readers.get(item.atom.relation) ?? new Set<string>();
      set.add(rule.head.relation);
      readers.set(item.atom.relation, set);
      if (rule.headTime === 'async') readByAsync.add(item.atom.relation);
    }
  }
  const feeds = new Map<string, boolean>();
  const reachesMessage = (from: string): boolean => {
    const known = feeds.get(from);
    if (known !== undefined) return known;
    const seen = new Set([from]);
    const queue = [from];
    let found = false;
    while (queue.length > 0 && !found) {
      const r = queue.shift()!;
      if (readByAsync.has(r)) found = true;
      for (const next of readers.get(r) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    feeds.set(from, found);
    return found;
  };

  const view: CalmRule[] = [];
  for (const rule of rules) {
    const reasons: NonMonotonicReason[] = [];
    if (bodyAtoms(rule).some((b) => b.negated)) reasons.push('negation');
    if (rule.head.args.some((a) => a.kind === 'aggregate')) reasons.push('aggregate');
    if (reasons.length === 0) continue;
    view.push({ rule, reasons, feedsMessage: rule.headTime === 'async' || reachesMessage(rule.head.relation) });
  }
  return view.sort((a, b) => compareSpans(a.rule.span, b.rule.span));
}

/** The head as written, with the body elided: `commit(C, X)@next :- …`. */
export function showRuleHead(rule: Rule): string {
  const at = rule.headTime === 'now' ? '' : `@${rule.headTime}`;
  return `${printAtom(rule.head)}${at} :- …`;
}

const MAX_RULE_WIDTH = 48;

export function formatCalmView(view: readonly CalmRule[]): string {
  const title = 'non-monotonic rules (where coordination is needed):';
  if (view.length === 0) return `${title} none\n`;
  const rows = view.map((c) => {
    const head = showRuleHead(c.rule);
    return [
      `${c.rule.span.file}:${c.rule.span.line}:${c.rule.span.col}`,
      head.length > MAX_RULE_WIDTH ? `${head.slice(0, MAX_RULE_WIDTH - 1)}…` : head,
      c.reasons.join(', '),
      c.feedsMessage ? 'feeds a message' : 'local',
    ];
  });
  const widths = [0, 0, 0];
  for (const r of rows) for (let i = 0; i < 3; i++) widths[i] = Math.max(widths[i]!, r[i]!.length);
  const lines = rows.map((r) => `  ${r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ')}`);
  return `${title}\n${lines.join('\n')}\n`;
}
