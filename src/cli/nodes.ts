/** The nodes given with `--nodes`, held to the program before anything runs (run, check, sweep). */
import type { LoadedSpec } from '../pipeline.js';
import { RuleError } from '../sim/errors.js';
import { defaultNodes, unfaultableEndpoints } from '../sim/nodes.js';
import type { CompiledProgram } from '../sim/compile.js';
import { formatNodes } from '../faults/text.js';

/**
 * One message for the given nodes the program never mentions, naming the nodes it has (its
 * default nodes at `eot`, so a typo shows next to the intended name); null when all appear.
 */
export function unknownNodes(given: readonly string[], spec: Extract<LoadedSpec, { ok: true }>, eot: number): string | null {
  const unknown = given.filter((n) => !spec.constants.has(n));
  if (unknown.length === 0) return null;
  let named: readonly string[] = [];
  try {
    named = defaultNodes(spec.compiled, eot);
  } catch (e) {
    // A fault-free run the program stops only costs the hint; the command reports that stop itself.
    if (!(e instanceof RuleError)) throw e;
  }
  // A node written only as a number (`node(1, 2)`) is not one: nodes are strings, and a number in
  // a location column names the node of its digits only where the program also names it.
  const numbers = unknown.filter((n) => /^-?\d+$/.test(n) && programHasNumber(spec.compiled, Number(n)));
  return (
    `--nodes: ${unknown.map((n) => JSON.stringify(n)).join(', ')} never appear${unknown.length === 1 ? 's' : ''} in the program` +
    (named.length > 0 ? ` (its nodes are ${formatNodes(named, ', ')})` : '') +
    (numbers.length > 0
      ? `; ${numbers.join(', ')} ${numbers.length === 1 ? 'appears' : 'appear'} only as a number, and nodes are strings: write ${numbers.map((n) => JSON.stringify(n)).join(', ')} in the facts`
      : '')
  );
}

function programHasNumber(compiled: CompiledProgram, value: number): boolean {
  for (const c of compiled.program.clauses) {
    if (c.kind === 'fact' && c.atom.args.some((a) => a.kind === 'const' && a.value === value)) return true;
  }
  return false;
}

/**
 * Warnings when the fault-free run sends messages to or from a value that cannot be a node (a
 * number in a location column) or a node left out of `nodes`: those messages are never lost and
 * that sender never crashes, so the search cannot test them. Null when there is none, or when
 * the run stops at a rule (the command reports that itself).
 */
export function unfaultableWarning(compiled: CompiledProgram, nodes: readonly string[], eot: number): string | null {
  let found: { stray: string[]; outside: string[] };
  try {
    found = unfaultableEndpoints(compiled, nodes, eot);
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    return null;
  }
  const { stray, outside } = found;
  let out = '';
  if (stray.length > 0) out += endpointWarning(stray, stray.join(', '), 'cannot be a node (a number in a location column names no node)', 'name the nodes with strings');
  if (outside.length > 0) {
    const them = outside.length === 1 ? 'it' : 'them';
    out += endpointWarning(outside, formatNodes(outside, ', '), `${outside.length === 1 ? 'is' : 'are'} not in --nodes`, `add ${them} to --nodes to test ${them}`);
  }
  return out === '' ? null : out;
}

/** One warning line: `list` sends or receives messages but `why`, so they are never faulted; `fix`. */
function endpointWarning(names: readonly string[], list: string, why: string, fix: string): string {
  const one = names.length === 1;
  return `ldfi: warning: ${list} ${one ? 'sends or receives' : 'send or receive'} messages but ${why}: those messages are never lost and ${list} never ${one ? 'crashes' : 'crash'}; ${fix}\n`;
}
