/**
 * Printers for an explanation: the indented `because …` lines under a verdict, one line per
 * cause, and the JSON form of `check --json`. Pure.
 */
import { faultKey, formatFaults, formatName } from '../faults/text.js';
import { formatTuple } from '../terms/values.js';
import type { Cause, Explanation, NeededFault, RepairHint, RuleRef, TupleAt } from './types.js';

/** Outcomes printed in full; the others are counted. */
export const MAX_PRINTED_OUTCOMES = 3;

export function formatRuleRef(r: RuleRef): string {
  return `${r.file}:${r.line}`;
}

function span(from: number, to: number): string {
  return from === to ? `t=${from}` : `t=${from}–${to}`;
}

/** `t=1`, `t=2 and 5`, `t=2–24`, `t=1, 3–5 and 8`: runs of consecutive steps as ranges. */
export function formatTimes(ts: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ts.length; ) {
    let j = i;
    while (j + 1 < ts.length && ts[j + 1] === ts[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${ts[i]}–${ts[j]}` : j === i ? `${ts[i]}` : `${ts[i]}, ${ts[j]}`);
    i = j + 1;
  }
  const flat = parts.join(', ').split(', ');
  return flat.length === 1 ? `t=${flat[0]}` : `t=${flat.slice(0, -1).join(', ')} and ${flat[flat.length - 1]}`;
}

const sendTimes = formatTimes;

/** ` ← decision("a", "tx", "commit") at t=4–6`: the time only where it differs from the line's. */
function via(v: readonly TupleAt[], time: number): string {
  return v.map((x) => ` ← ${formatTuple(x.relation, x.tuple)}${x.since === time && x.time === time ? '' : ` at ${span(x.since, x.time)}`}`).join('');
}

/** One cause in words, without the `because`. */
export function describeCause(c: Cause): string {
  const tuple = formatTuple(c.relation, c.tuple);
  const at = c.rule ? ` (${formatRuleRef(c.rule)})` : '';
  const again = c.repeated ? ' (see above)' : '';
  switch (c.kind) {
    case 'lost-message':
      return `the message ${tuple} ${formatName(c.message!.from)}→${formatName(c.message!.to)} sent at ${sendTimes(c.message!.sendTimes)} was lost: ${c.fault ? faultKey(c.fault) : 'lost'}${at}`;
    case 'crashed-sender':
      return `${formatName(c.message!.from)} had crashed (${c.fault ? faultKey(c.fault) : 'crash'}), so its message ${tuple} to ${formatName(c.message!.to)} sent at ${sendTimes(c.message!.sendTimes)} was lost${at}`;
    case 'appeared': {
      const defeats = c.notin ? `, defeating ${c.notin}` : '';
      const fault = c.fault ? `: ${faultKey(c.fault)}` : '';
      return `${tuple} appeared at ${span(c.since, c.time)}${defeats}${at}${via(c.via, c.time)}${fault}${again}`;
    }
    case 'not-derived': {
      const what = c.since === c.time ? `is not derived at t=${c.time}` : `is missing at ${span(c.since, c.time)}`;
      const holds = c.notin ? `, so ${c.notin} holds` : '';
      const note = c.note ? `, ${c.note}` : '';
      return `${tuple} ${what}${holds}${note}${at}${via(c.via, c.time)}${again}`;
    }
  }
}

function causeLines(c: Cause, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  out.push(`${pad}because ${describeCause(c)}`);
  for (const k of c.children) causeLines(k, indent + 2, out);
  if (c.omitted > 0) out.push(`${pad}  … and ${c.omitted} more cause${c.omitted === 1 ? '' : 's'}`);
}

export function hintLine(h: RepairHint, label = 'hint'): string {
  return `${label}: ${h.text}${h.rule ? ` (${formatRuleRef(h.rule)})` : ''}`;
}

/** The `because …` and `hint: …` lines, indented by `indent`. */
export function explanationLines(e: Explanation, indent = 2): string[] {
  const out: string[] = [];
  outcomeLines(e.outcomes, indent, out);
  for (const n of e.needed) {
    out.push(`${' '.repeat(indent)}${neededHeading(n)}${n.outcomes.length > 0 ? ':' : ''}`);
    outcomeLines(n.outcomes, indent + 2, out);
  }
  for (const h of e.hints) out.push(`${' '.repeat(indent)}${hintLine(h)}`);
  return out;
}

function outcomeLines(outcomes: Explanation['outcomes'], indent: number, out: string[]): void {
  for (const o of outcomes.slice(0, MAX_PRINTED_OUTCOMES)) causeLines(o.cause, indent, out);
  const more = outcomes.length - MAX_PRINTED_OUTCOMES;
  if (more > 0) out.push(`${' '.repeat(indent)}(${more} more pre tuple${more === 1 ? '' : 's'} without post; see --json or --report)`);
}

/** `omit(a,b,1) is needed too: with crash(c,1) alone, pre("x") keeps the invariant; with omit(a,b,1) as well` */
export function neededHeading(n: NeededFault): string {
  const pres = n.kept.slice(0, MAX_PRINTED_OUTCOMES).map((t) => formatTuple('pre', t));
  const more = n.kept.length - pres.length;
  const which = more > 0 ? `${pres.join(', ')} and ${more} more` : pres.length <= 2 ? pres.join(' and ') : `${pres.slice(0, -1).join(', ')} and ${pres[pres.length - 1]}`;
  const key = faultKey(n.fault);
  const how = n.outcomes.length > 0 ? `; with ${key} as well` : ` (the cause trees do not reach ${key})`;
  return `${key} is needed too: with ${formatFaults(n.without)} alone, ${which} ${n.kept.length === 1 ? 'keeps' : 'keep'} the invariant${how}`;
}

export interface NeededJson {
  readonly fault: string;
  readonly without: string;
  readonly kept: readonly string[];
  readonly text: string;
  readonly explanation: ({ pre: string } & CauseJson)[];
}

/** The faults the trees never name, each with the trees against the run without it. */
export function neededJson(e: Explanation): NeededJson[] {
  return e.needed.map((n) => ({ fault: faultKey(n.fault), without: formatFaults(n.without), kept: n.kept.map((t) => formatTuple('pre', t)), text: neededHeading(n), explanation: n.outcomes.map((o) => ({ pre: formatTuple('pre', o.pre), ...causeJson(o.cause) })) }));
}

export interface CauseJson {
  readonly kind: Cause['kind'];
  readonly tuple: string;
  readonly time: number;
  readonly since: number;
  readonly fault: string | null;
  readonly rule: string | null;
  readonly notin: string | null;
  readonly message: { readonly from: string; readonly to: string; readonly sendTimes: readonly number[] } | null;
  readonly via: readonly string[];
  readonly children: readonly CauseJson[];
  readonly omitted: number;
  readonly repeated: boolean;
  readonly note: string | null;
  readonly text: string;
}

export function causeJson(c: Cause): CauseJson {
  return {
    kind: c.kind,
    tuple: formatTuple(c.relation, c.tuple),
    time: c.time,
    since: c.since,
    fault: c.fault ? faultKey(c.fault) : null,
    rule: c.rule ? formatRuleRef(c.rule) : null,
    notin: c.notin,
    message: c.message,
    via: c.via.map((v) => formatTuple(v.relation, v.tuple)),
    children: c.children.map(causeJson),
    omitted: c.omitted,
    repeated: c.repeated,
    note: c.note,
    text: describeCause(c),
  };
}

export function hintJson(h: RepairHint): { kind: string; text: string; rule: string | null } {
  return { kind: h.kind, text: h.text, rule: h.rule ? formatRuleRef(h.rule) : null };
}

/** One entry per `pre` tuple without `post`: the pre tuple and the cause tree rooted at its `post`. */
export function explanationJson(e: Explanation): ({ pre: string } & CauseJson)[] {
  return e.outcomes.map((o) => ({ pre: formatTuple('pre', o.pre), ...causeJson(o.cause) }));
}
