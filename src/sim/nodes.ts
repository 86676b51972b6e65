/**
 * The nodes of a program when the user names none. A node that only ever receives (a tallier, a
 * replica that never answers) still has channels that can lose messages and can crash; leaving
 * it out would silently shrink the fault space and certify too much. So the default is every
 * node named in the first column of a fact, then every node that sends or receives a message in
 * the fault-free run (the same run whatever the node set: without faults, nodes only name who
 * may crash), then every node that some faulty run could message: a fallback contacted only
 * after a loss, a helper asked only when a reply is missing. Those come from the possible run
 * (every message some run within the bounds could send), grown until it names no new node.
 */
import type { Program, Term } from '../syntax/ast.js';
import type { CompiledProgram } from './compile.js';
import { simulate } from './simulate.js';
import { subTermsOf } from '../syntax/walk.js';
import { programFacts } from '../lineage/possible.js';
import { RuleError } from './errors.js';
import { formatNodes } from '../faults/text.js';

/** Every string constant in the first column of a fact, in order of first appearance. */
export function factNodes(program: Program): string[] {
  const seen = new Set<string>();
  for (const c of program.clauses) {
    if (c.kind !== 'fact') continue;
    const first = c.atom.args[0];
    if (first?.kind === 'const' && typeof first.value === 'string') seen.add(first.value);
  }
  return [...seen];
}

/**
 * The fact nodes, then the other endpoints of the fault-free run's messages up to `eot` in send
 * order, then those of the possible run's. The possible run allows crashes, so the nodes do not
 * depend on --crashes. Only string constants of the program count: a number in a location column
 * names no node. When the possible run is too large to build, the fault-free run's are all there is.
 */
export function defaultNodes(compiled: CompiledProgram, eot: number): string[] {
  const nodes = factNodes(compiled.program);
  const seen = new Set(nodes);
  const constants = stringConstants(compiled.program);
  const addEndpoints = (messages: readonly { readonly from: string; readonly to: string }[]): boolean => {
    let grew = false;
    for (const m of messages) {
      for (const n of [m.from, m.to]) {
        if (seen.has(n) || !constants.has(n)) continue;
        seen.add(n);
        nodes.push(n);
        grew = true;
      }
    }
    return grew;
  };
  addEndpoints(simulate(compiled, { nodes, eot, faults: [] }).messages);
  // Messages of a monotone relation only disappear under faults: the fault-free run has them all.
  const facts = (): ReturnType<typeof programFacts> => programFacts(compiled, { nodes: [...nodes], eot, eff: eot, crashes: 1 });
  const { monotone } = facts();
  if (compiled.asyncRules.every((r) => monotone.has(r.rule.head.relation))) return nodes;
  // A new node changes the possible run (its crashes, its own sends): grow until it is stable.
  for (;;) {
    const possible = facts().possible;
    if (possible === null || !addEndpoints(possible.run.messages)) return nodes;
  }
}

/** Every string constant of the program: a node given with --nodes must be one of them. */
export function stringConstants(program: Program): Set<string> {
  const out = new Set<string>();
  // Iterative: an expression can be thousands of terms deep.
  const visit = (term: Term): void => {
    for (const t of subTermsOf(term)) if (t.kind === 'const' && typeof t.value === 'string') out.add(t.value);
  };
  for (const c of program.clauses) {
    if (c.kind === 'fact') c.atom.args.forEach(visit);
    else if (c.kind === 'rule') {
      c.head.args.forEach(visit);
      for (const b of c.body) {
        if (b.kind === 'atom') b.atom.args.forEach(visit);
        else {
          visit(b.left);
          visit(b.right);
        }
      }
    }
  }
  return out;
}

/**
 * Endpoints of the fault-free run's messages the search cannot fault. `stray`: no node set can
 * hold them, because they are not string constants of the program (a number in a location
 * column). `outside`: nodes of the program left out of `nodes`. Either way their messages are
 * never lost and they never crash whatever the bounds say, so a certificate says nothing about them.
 */
export function unfaultableEndpoints(compiled: CompiledProgram, nodes: readonly string[], eot: number): { stray: string[]; outside: string[] } {
  const constants = stringConstants(compiled.program);
  const given = new Set(nodes);
  const stray = new Set<string>();
  const outside = new Set<string>();
  for (const m of simulate(compiled, { nodes, eot, faults: [] }).messages) {
    for (const n of [m.from, m.to]) {
      if (!constants.has(n)) stray.add(n);
      else if (!given.has(n)) outside.add(n);
    }
  }
  return { stray: [...stray], outside: [...outside] };
}

/**
 * Warnings when the fault-free run sends messages to or from a value that cannot be a node (a
 * number in a location column) or a node left out of `nodes` (`option` names how the user gave
 * them): those messages are never lost and that sender never crashes, so the search cannot test
 * them. Empty when there is none, or when the run stops at a rule (the caller reports that itself).
 */
export function unfaultableWarnings(compiled: CompiledProgram, nodes: readonly string[], eot: number, option: string): string[] {
  let found: { stray: string[]; outside: string[] };
  try {
    found = unfaultableEndpoints(compiled, nodes, eot);
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    return [];
  }
  const { stray, outside } = found;
  const out: string[] = [];
  if (stray.length > 0) out.push(endpointWarning(stray, stray.join(', '), 'cannot be a node (a number in a location column names no node)', 'name the nodes with strings'));
  if (outside.length > 0) {
    const them = outside.length === 1 ? 'it' : 'them';
    out.push(endpointWarning(outside, formatNodes(outside, ', '), `${outside.length === 1 ? 'is' : 'are'} not in ${option}`, `add ${them} to ${option} to test ${them}`));
  }
  return out;
}

/** `list` sends or receives messages but `why`, so they are never faulted; `fix`. */
function endpointWarning(names: readonly string[], list: string, why: string, fix: string): string {
  const one = names.length === 1;
  return `${list} ${one ? 'sends or receives' : 'send or receive'} messages but ${why}: those messages are never lost and ${list} never ${one ? 'crashes' : 'crash'}; ${fix}`;
}
