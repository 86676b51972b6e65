/**
 * Repair hints, read off the shape of an explanation. Each names the rule it is about and says
 * only what the explanation shows; a shape that fits no hint gets none.
 *
 * - single-send: an outcome rested on a message sent once, and an omission lost it.
 * - single-node: every fault-free derivation of the outcome needs a message from one node, and the
 *   counterexample crashes that node.
 * - timeout: a protocol tuple was concluded from the absence of something a lost message would have
 *   brought (`notin`), the way a timeout concludes that a peer is gone.
 * - fault-free: the invariant fails with no fault at all.
 */
import { faultKey, formatName } from '../faults/text.js';
import type { Crash } from '../faults/types.js';
import type { RunResult } from '../sim/types.js';
import type { Rule } from '../syntax/ast.js';
import { formatTuple, tupleKey, type Tuple } from '../terms/values.js';
import { ruleRef, type CauseContext } from './cause.js';
import { formatTimes } from './print.js';
import type { Cause, OutcomeExplanation, RepairHint } from './types.js';

function walk(c: Cause, visit: (c: Cause, parent: Cause | null) => void, parent: Cause | null = null): void {
  visit(c, parent);
  for (const k of c.children) walk(k, visit, c);
}

function hasMessageLeaf(c: Cause): boolean {
  return c.message !== null || c.children.some(hasMessageLeaf);
}

/** The faults of the lost-message leaves under `c`, each once, in tree order. */
function messageFaults(c: Cause, out = new Set<string>()): Set<string> {
  if (c.message !== null && c.fault) out.add(faultKey(c.fault));
  for (const k of c.children) messageFaults(k, out);
  return out;
}

/**
 * Relations that only serve the invariant: defined by same-time rules alone and read only by
 * `pre`/`post` rules or by other such relations (`missing_log`, `disagree`). A tuple of one that
 * appears is the invariant noticing a problem, not the protocol deciding something.
 */
export function invariantViews(rules: readonly Rule[]): Set<string> {
  const views = new Set<string>();
  for (const r of rules) if (r.head.relation !== 'pre' && r.head.relation !== 'post') views.add(r.head.relation);
  for (const r of rules) if (r.headTime !== 'now') views.delete(r.head.relation);
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of rules) {
      const head = r.head.relation;
      if (head === 'pre' || head === 'post' || views.has(head)) continue;
      for (const b of r.body) {
        if (b.kind === 'atom' && views.has(b.atom.relation) && b.atom.relation !== head) {
          views.delete(b.atom.relation);
          changed = true;
        }
      }
    }
  }
  return views;
}

/**
 * Does `post` hold in `run` on positive support alone if nothing `node` sends to another node
 * arrives? Facts and crash tuples hold; a tuple holds when one of its firings has its body held
 * and its message, if any, not from `node`.
 */
export function survivesWithout(run: RunResult, relation: string, tuple: Tuple, node: string): boolean {
  const target = tupleKey(tuple);
  const { tuples, firings } = run.lineage;
  const held = new Uint8Array(tuples.length);
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of tuples) {
      if (held[t.id]) continue;
      let ok = t.base;
      for (let i = 0; !ok && i < t.firings.length; i++) {
        const f = firings[t.firings[i]!]!;
        if (f.message !== null && run.messages[f.message]!.from === node) continue;
        ok = f.body.every((b) => held[b] === 1);
      }
      if (ok) {
        held[t.id] = 1;
        changed = true;
      }
    }
  }
  return tuples.some((t) => t.relation === relation && t.time === run.eot && held[t.id] === 1 && tupleKey(t.tuple) === target);
}

export function repairHints(ctx: CauseContext, outcomes: readonly OutcomeExplanation[]): RepairHint[] {
  const hints: RepairHint[] = [];
  const seen = new Set<string>();
  const add = (h: RepairHint): void => {
    const k = `${h.kind}\u0000${h.rule?.index ?? -1}`;
    if (seen.has(k)) return;
    seen.add(k);
    hints.push(h);
  };
  const bad = ctx.bad.run;
  const good = ctx.good.run;

  if (bad.faults.length === 0) {
    const postRule = ctx.rules.findIndex((r) => r.head.relation === 'post');
    const missing = outcomes.map((o) => formatTuple('post', o.pre));
    add({
      kind: 'fault-free',
      text: `the invariant fails without any fault: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''} ${missing.length === 1 ? 'is' : 'are'} never derived; look at the post rules, or at what pre asks`,
      rule: postRule >= 0 ? ruleRef(ctx, postRule) : null,
    });
    return hints;
  }

  const views = invariantViews(ctx.rules);
  for (const o of outcomes) {
    walk(o.cause, (c) => {
      // A message sent once and lost to an omission: nothing would have re-sent it.
      if (c.kind === 'lost-message' && c.message !== null && c.fault !== null) {
        const m = { from: c.message.from, to: c.message.to, relation: c.relation, tuple: c.tuple };
        // Once in both runs: a retry the failing run made (and lost) is a re-send.
        if (ctx.good.sends(m) === 1 && ctx.bad.sends(m) <= 1) {
          add({
            kind: 'single-send',
            text: `the message ${formatName(c.message.from)}→${formatName(c.message.to)} that brings ${formatTuple(c.relation, c.tuple)} is sent once, at ${formatTimes(c.message.sendTimes)}, and was lost (${faultKey(c.fault)}): retry it until acknowledged, or persist and resend`,
            rule: c.rule,
          });
        }
      }
      // A conclusion from an absence that a lost message caused.
      if (c.kind === 'appeared' && c.rule !== null && !views.has(c.relation) && c.relation !== 'pre' && c.relation !== 'post') {
        const absence = c.children.find((k) => k.kind === 'not-derived' && k.notin !== null && hasMessageLeaf(k));
        if (absence !== undefined) {
          // Every fault that kept it missing: a retried message is missing only when all its copies are lost.
          const faults = [...messageFaults(absence)];
          const lost = faults.length > 1 ? 'messages were lost' : 'a message was lost';
          const cause = faults.length > 0 ? ` (${faults.join(' ')})` : '';
          add({
            kind: 'timeout',
            text: `${formatTuple(c.relation, c.tuple)} is concluded at t=${c.since} from ${absence.notin}, and ${formatTuple(absence.relation, absence.tuple)} was missing only because ${lost}${cause}: a timeout cannot tell a slow node or a lost message from a crashed one; conclude only what stays safe when the peer is alive, or wait for an acknowledged retry`,
            rule: c.rule,
          });
        }
      }
    });
  }

  // One node every derivation needs, crashed.
  const crashes = bad.faults.filter((f): f is Crash => f.kind === 'crash');
  for (const o of outcomes) {
    if (o.cause.kind !== 'not-derived' || o.cause.note !== null) continue;
    for (const crash of crashes) {
      let leaf: Cause | null = null;
      walk(o.cause, (c) => {
        if (leaf === null && c.kind === 'crashed-sender' && c.message?.from === crash.node) leaf = c;
      });
      if (leaf === null) continue;
      if (survivesWithout(good, 'post', o.pre, crash.node)) continue;
      const at = leaf as Cause;
      const node = formatName(crash.node);
      add({
        kind: 'single-node',
        text: `every derivation of ${formatTuple('post', o.pre)} goes through ${node}: without faults it needs a message from ${node}, which crashed at t=${crash.time}; to survive that crash the outcome needs a way that does not wait for ${node} (another node that can send what ${node} sends, or a decision taken without it)`,
        rule: at.rule,
      });
    }
  }
  const order = ['single-send', 'single-node', 'timeout', 'fault-free', 'vacuous', 'no-possible-run'];
  return hints.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}
