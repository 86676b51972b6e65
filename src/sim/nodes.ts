/**
 * The nodes of a program when the user names none. A node that only ever receives (a tallier, a
 * replica that never answers) still has channels that can lose messages and can crash; leaving
 * it out would silently shrink the fault space and certify too much. So the default is every
 * node named in the first column of a fact, then every node that sends or receives a message in
 * the fault-free run, which is the same run whatever the node set (without faults, nodes only
 * name who may crash).
 */
import type { Program, Term } from '../syntax/ast.js';
import type { CompiledProgram } from './compile.js';
import { simulate } from './simulate.js';
import { subTermsOf } from '../syntax/walk.js';

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
 * order. Only string constants of the program count: a number in a location column names no node.
 */
export function defaultNodes(compiled: CompiledProgram, eot: number): string[] {
  const nodes = factNodes(compiled.program);
  const seen = new Set(nodes);
  const constants = stringConstants(compiled.program);
  const run = simulate(compiled, { nodes, eot, faults: [] });
  for (const m of run.messages) {
    for (const n of [m.from, m.to]) {
      if (seen.has(n) || !constants.has(n)) continue;
      seen.add(n);
      nodes.push(n);
    }
  }
  return nodes;
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
