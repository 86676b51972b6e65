/**
 * The text form of formulas, for `ldfi check --show lineage` and for tests: one line per gate,
 * children before parents, atoms written inline (`omit(a,b,1)`, `crashed(c,≤2)`). A gate that is
 * only ever used negated is printed as the `or` it stands for, so lineage reads as "this firing
 * or that one".
 */
import type { Formula, FormulaStore } from './formula.js';

export interface NamedFormula {
  readonly name: string;
  readonly formula: Formula;
}

/**
 * Prints the roots and every gate they reach. Gates listed in `printed` are referred to by name
 * only (they were shown earlier); the ones printed now are added to it.
 */
export function printFormulas(store: FormulaStore, roots: readonly NamedFormula[], printed: Set<number> = new Set()): string {
  const ids = Array.from(store.reachable(roots.map((r) => r.formula))).filter((id) => store.isGate(id) && !printed.has(id));
  // Signs each gate is used with, to print an or where it is only used negated.
  const signs = new Map<number, Set<number>>();
  const use = (f: Formula): void => {
    const id = Math.abs(f);
    if (!store.isGate(id)) return;
    let s = signs.get(id);
    if (!s) signs.set(id, (s = new Set()));
    s.add(Math.sign(f));
  };
  roots.forEach((r) => use(r.formula));
  for (const id of ids) store.gateArgs(id).forEach(use);
  const asOr = (id: number): boolean => printed.has(-id) || (!printed.has(id) && signs.get(id)?.size === 1 && signs.get(id)!.has(-1));
  const ref = (f: Formula): string => {
    if (f === 1) return 'true';
    if (f === -1) return 'false';
    const id = Math.abs(f);
    const atom = store.atomOf(id);
    if (atom) {
      const text = atom.kind === 'omit' ? `omit(${atom.from},${atom.to},${atom.time})` : `crashed(${atom.node},≤${atom.by})`;
      return f > 0 ? text : `¬${text}`;
    }
    const or = asOr(id);
    // An or-gate named o<id> stands for ¬and(...): its positive use is ¬o, its negative use is o.
    if (or) return f < 0 ? `o${id}` : `¬o${id}`;
    return f > 0 ? `a${id}` : `¬a${id}`;
  };
  const lines: string[] = [];
  for (const id of ids) {
    const args = store.gateArgs(id);
    if (asOr(id)) {
      lines.push(`o${id} = or(${args.map((a) => ref(-a)).join(', ')})`);
      printed.add(-id);
    } else {
      lines.push(`a${id} = and(${args.map(ref).join(', ')})`);
    }
    printed.add(id);
  }
  for (const r of roots) lines.push(`${r.name} = ${ref(r.formula)}`);
  return lines.join('\n') + '\n';
}
