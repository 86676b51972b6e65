/** The nodes given with `--nodes`, held to the program before anything runs (run, check, sweep). */
import type { LoadedSpec } from '../pipeline.js';
import { RuleError } from '../sim/errors.js';
import { defaultNodes, unfaultableWarnings } from '../sim/nodes.js';
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

/** `unfaultableWarnings` for `--nodes`, as warning lines on stderr; null when there is none. */
export function unfaultableWarning(compiled: CompiledProgram, nodes: readonly string[], eot: number): string | null {
  const found = unfaultableWarnings(compiled, nodes, eot, '--nodes');
  return found.length === 0 ? null : found.map((w) => `ldfi: warning: ${w}\n`).join('');
}
