/** The nodes given with `--nodes`, held to the program before anything runs (run, check, sweep). */
import type { LoadedSpec } from '../pipeline.js';
import { RuleError } from '../sim/errors.js';
import { defaultNodes } from '../sim/nodes.js';

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
  return (
    `--nodes: ${unknown.map((n) => JSON.stringify(n)).join(', ')} never appear${unknown.length === 1 ? 's' : ''} in the program` +
    (named.length > 0 ? ` (its nodes are ${named.join(', ')})` : '')
  );
}
