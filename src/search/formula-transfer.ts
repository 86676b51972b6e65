/**
 * Formula nodes moved between stores: a worker's store and the search's. Nodes go in id order
 * (children before parents), and the receiving store hash-conses them again, so a sub-formula two
 * workers built is one node in the search's store.
 */
import type { Formula, FormulaStore } from '../faults/formula.js';

/** Nodes from id `first` on: an omission, a crash atom, or an and-gate over earlier ids. */
export interface ExportedNodes {
  readonly first: number;
  readonly items: readonly ExportedNode[];
}

type ExportedNode = readonly ['o', string, string, number] | readonly ['c', string, number] | readonly ['g', readonly Formula[]];

export function exportNodes(store: FormulaStore, first: number): ExportedNodes {
  const items: ExportedNode[] = [];
  for (let id = first; id < store.nextId; id++) {
    const atom = store.atomOf(id);
    if (atom) items.push(atom.kind === 'omit' ? ['o', atom.from, atom.to, atom.time] : ['c', atom.node, atom.by]);
    else items.push(['g', store.gateArgs(id)]);
  }
  return { first, items };
}

/** A worker's ids, mapped to formulas of the receiving store. */
export class NodeMap {
  private readonly map = new Map<number, Formula>();

  constructor(private readonly store: FormulaStore) {}

  import(nodes: ExportedNodes): void {
    nodes.items.forEach((item, i) => {
      const id = nodes.first + i;
      if (item[0] === 'o') this.map.set(id, this.store.omitted(item[1], item[2], item[3]));
      else if (item[0] === 'c') this.map.set(id, this.store.crashedBy(item[1], item[2]));
      else this.map.set(id, this.store.and(...item[1].map((a) => this.translate(a))));
    });
  }

  translate(f: Formula): Formula {
    if (f === 1 || f === -1) return f;
    const g = this.map.get(Math.abs(f));
    if (g === undefined) throw new Error(`formula node ${Math.abs(f)} was never sent`);
    return f > 0 ? g : -g;
  }
}
