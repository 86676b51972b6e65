/**
 * Random small Dedalus programs for the property test, from a seeded PRNG. Relations have layers:
 * a rule reads positively at its own layer or below (recursion, also mutual), and negates or
 * aggregates only strictly below, so every program is stratifiable. Arithmetic in a deductive head
 * only when the rule reads nothing of its own layer, so no fixpoint can run away.
 */
import { prng } from '../../src/faults/space.js';

export { prng };

interface Rel {
  readonly name: string;
  readonly arity: number;
  /** -1: facts only (plus @next/@async heads). */
  readonly layer: number;
}

const RELS: readonly Rel[] = [
  { name: 'e0', arity: 2, layer: -1 },
  { name: 'e1', arity: 3, layer: -1 },
  { name: 'r0', arity: 2, layer: 0 },
  { name: 'r1', arity: 3, layer: 0 },
  { name: 'r2', arity: 2, layer: 1 },
  { name: 'r3', arity: 2, layer: 2 },
  { name: 'r4', arity: 3, layer: 2 },
];
const NODES = ['"a"', '"b"'];
const VALUES = ['1', '2', '3', '1', '2', '"a"'];
const VARS = ['X', 'Y', 'Z'];
const OPS = ['==', '!=', '<', '>', '<=', '>='];
const AGGS = ['count', 'min', 'max', 'sum'];

export interface RandomCase {
  readonly text: string;
  readonly faults: string;
}

export function randomProgram(seed: number, eot: number): RandomCase {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number): boolean => rnd() < p;
  const lines: string[] = [];

  for (const rel of RELS) {
    const count = rel.layer < 0 ? 3 + Math.floor(rnd() * 4) : chance(0.3) ? 1 : 0;
    for (let i = 0; i < count; i++) {
      const args = [pick(NODES), ...Array.from({ length: rel.arity - 1 }, () => pick(VALUES))];
      const time = chance(0.5) ? '' : `@${1 + Math.floor(rnd() * eot)}`;
      lines.push(`${rel.name}(${args.join(', ')})${time};`);
    }
  }

  const rule = (head: Rel, kind: 'now' | 'next' | 'async'): string => {
    const maxLayer = kind === 'now' ? head.layer : 99;
    const aggregate = kind === 'now' ? chance(0.15) : chance(0.05);
    const readable = RELS.filter((r) => (aggregate ? r.layer < maxLayer : r.layer <= maxLayer));
    if (readable.length === 0) return '';
    const bound: string[] = [];
    const body: string[] = [];
    let readsOwnLayer = false;
    const atoms = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < atoms; i++) {
      const rel = pick(readable);
      if (rel.layer === head.layer) readsOwnLayer = true;
      const args: string[] = [i === 0 || chance(0.85) ? 'L' : 'M'];
      for (let c = 1; c < rel.arity; c++) {
        const prev = args[c - 1]!;
        if (c >= 2 && /^[XYZ]$/.test(prev) && chance(0.1)) args.push(`${prev} + 1`);
        else if (chance(0.7)) args.push(pick(VARS));
        else if (chance(0.65)) args.push(pick(VALUES));
        else args.push('_');
      }
      for (const a of args) if (/^[A-Z]$/.test(a) && !bound.includes(a)) bound.push(a);
      const time = chance(0.1) ? `@${1 + Math.floor(rnd() * 2)}` : '';
      body.push(`${rel.name}(${args.join(', ')})${time}`);
    }
    const valueVars = bound.filter((v) => VARS.includes(v));
    const term = (): string => (valueVars.length > 0 && chance(0.75) ? pick(valueVars) : pick(VALUES));
    if (chance(0.35)) body.push(`${term()} ${pick(OPS)} ${term()}`);
    const negatable = RELS.filter((r) => r.layer < maxLayer);
    if (negatable.length > 0 && chance(0.35)) {
      const rel = pick(negatable);
      const args = [chance(0.8) ? 'L' : '_', ...Array.from({ length: rel.arity - 1 }, () => (chance(0.3) ? '_' : term()))];
      const time = chance(0.15) ? `@${1 + Math.floor(rnd() * 2)}` : '';
      body.push(`notin ${rel.name}(${args.join(', ')})${time}`);
    }
    const arithmetic = kind !== 'now' || !readsOwnLayer;
    const headArg = (): string => {
      const base = term();
      if (!arithmetic || !/^[XYZ]$/.test(base) || !chance(0.3)) return base;
      return `${base} ${pick(['+', '-', '*', '/'])} ${pick(['1', '2', '0'])}`;
    };
    const loc = kind === 'async' && bound.includes('M') && chance(0.5) ? 'M' : 'L';
    const args = [loc];
    for (let c = 1; c < head.arity; c++) args.push(aggregate && c === head.arity - 1 ? `${pick(AGGS)}<${valueVars.length > 0 ? pick(valueVars) : 'L'}>` : headArg());
    const ann = kind === 'now' ? '' : `@${kind}`;
    return `${head.name}(${args.join(', ')})${ann} :- ${body.join(', ')};`;
  };

  const derived = RELS.filter((r) => r.layer >= 0);
  const deductive = 3 + Math.floor(rnd() * 5);
  for (let i = 0; i < deductive; i++) lines.push(rule(pick(derived), 'now'));
  for (let i = 0, n = 1 + Math.floor(rnd() * 3); i < n; i++) lines.push(rule(pick(RELS), 'next'));
  for (let i = 0, n = Math.floor(rnd() * 3); i < n; i++) lines.push(rule(pick(RELS), 'async'));

  const faults: string[] = [];
  if (chance(0.5)) {
    for (let i = 0, n = 1 + Math.floor(rnd() * 2); i < n; i++) {
      const t = 1 + Math.floor(rnd() * (eot - 1));
      if (chance(0.7)) faults.push(chance(0.5) ? `omit(a,b,${t})` : `omit(b,a,${t})`);
      else if (!faults.some((f) => f.startsWith('crash'))) faults.push(`crash(${pick(['a', 'b'])},${t})`);
    }
  }
  return { text: lines.filter((l) => l !== '').join('\n') + '\n', faults: faults.join(' ') };
}
