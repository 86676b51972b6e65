/**
 * Semi-naive evaluation equals a naive oracle on ~200 random programs (negation, aggregates,
 * @next, @async, @N atoms, arithmetic, faults): the same tables at every time, the same messages,
 * and the same firings — every binding over each final database exactly once.
 */
import { describe, expect, it } from 'vitest';
import { parseFaults } from '../../src/faults/text.js';
import { simulate } from '../../src/sim/simulate.js';
import type { RunResult } from '../../src/sim/types.js';
import { compileSource } from './helpers.js';
import { naiveRun, type OracleFault } from './oracle.js';
import { randomProgram } from './random-programs.js';

const EOT = 4;
const NODES = ['a', 'b'];
const CASES = 200;

function tablesOf(r: RunResult): Map<string, string[]>[] {
  return r.tables.map((table) => {
    const out = new Map<string, string[]>();
    for (const [rel, tuples] of table) out.set(rel, tuples.map((t) => JSON.stringify(t)).sort());
    return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  });
}

function messagesOf(r: RunResult): string[] {
  return r.messages.map((m) => `${m.sendTime} ${m.from}→${m.to} ${m.relation}${JSON.stringify(m.tuple)} ${m.lostBy ? 'lost' : 'delivered'}`).sort();
}

function firingsOf(r: RunResult, aggregateRules: Set<number>): string[] {
  const desc = (id: number): string => {
    const n = r.lineage.tuples[id]!;
    return `${n.relation}${JSON.stringify(n.tuple)}@${n.time}`;
  };
  return r.lineage.firings
    .map((f) => {
      const body = f.body.map(desc);
      return `${f.rule}|${f.time}|${desc(f.head)}|${(aggregateRules.has(f.rule) ? [...body].sort() : body).join(' ')}`;
    })
    .sort();
}

describe('semi-naive evaluation against a naive oracle', () => {
  it(`agrees on ${CASES} random programs`, () => {
    let nonEmpty = 0;
    let withNegation = 0;
    let withAggregate = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const { text, faults } = randomProgram(seed, EOT);
      const compiled = compileSource(text);
      const parsed = parseFaults(faults, NODES, EOT);
      expect(parsed.diagnostics).toEqual([]);
      const result = simulate(compiled, { nodes: NODES, eot: EOT, faults: parsed.faults });
      const oracleFaults: OracleFault[] = parsed.faults.map((f) =>
        f.kind === 'omit' ? { kind: 'omit', from: f.from, to: f.to, time: f.time } : { kind: 'crash', from: f.node, time: f.time },
      );
      const oracle = naiveRun(compiled.program, NODES, EOT, oracleFaults);
      const where = `seed ${seed}, faults "${faults}":\n${text}`;
      expect(tablesOf(result), where).toEqual(oracle.tables);
      expect(messagesOf(result), where).toEqual(oracle.messages);
      const aggregateRules = new Set(compiled.rules.flatMap((r, i) => (r.head.args.some((a) => a.kind === 'aggregate') ? [i] : [])));
      expect(firingsOf(result, aggregateRules), where).toEqual(oracle.firings);
      if (result.tables.some((t) => [...t.keys()].some((k) => k.startsWith('r')))) nonEmpty++;
      if (text.includes('notin')) withNegation++;
      if (aggregateRules.size > 0) withAggregate++;
    }
    // The generator must exercise what it claims to: most programs derive something.
    expect(nonEmpty).toBeGreaterThan(CASES / 2);
    expect(withNegation).toBeGreaterThan(CASES / 4);
    expect(withAggregate).toBeGreaterThan(CASES / 10);
  });
});
