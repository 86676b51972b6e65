/**
 * Programs on which the lineage once certified what `exhaustive` refutes, one per class of
 * hole: an aggregate whose value moves when another contributor is lost (max, sum, a quorum read
 * by threshold), an aggregate with its own `notin`, negation with an open variable, crash atoms
 * under `notin`, arithmetic under `notin`, an @async aggregate whose sender moves to another
 * node, crash atoms read with free columns, a crash's observer that sends a message or is bound
 * (the possible run then needs every observer's crash tuples). Each file states its bounds on its
 * second line. ldfi must find a counterexample, as small as the smallest exhaustive search finds,
 * that replays.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/pipeline.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { faultSetSize } from '../../src/faults/order.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { formatFaults } from '../../src/faults/text.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';
import { violates } from './helpers.js';

const CASES = join(import.meta.dirname, '..', 'cases', 'search');

describe('ldfi agrees with exhaustive on past soundness holes', () => {
  const files = readdirSync(CASES).filter((f) => f.endsWith('.ded'));
  it('has its cases', () => expect(files.length).toBeGreaterThanOrEqual(9));
  for (const file of files) {
    it(file, () => {
      const path = join(CASES, file);
      const header = /^\/\/ bounds: (\d+) (\d+) (\d+)$/m.exec(readFileSync(path, 'utf8'));
      expect(header, 'a "// bounds: EOT EFF CRASHES" line').not.toBeNull();
      const spec = loadSpec([path]);
      if (!spec.ok) expect.fail(renderDiagnostics(spec.diagnostics, spec.sources));
      const [eot, eff, crashes] = header!.slice(1).map(Number) as [number, number, number];
      const bounds = { nodes: defaultNodes(spec.compiled, eot), eot, eff, crashes };
      const exhaustive = checkFaultTolerance(spec.compiled, { bounds, strategy: 'exhaustive', all: true });
      expect(exhaustive.verdict).toBe('counterexample');
      const smallest = Math.min(...exhaustive.counterexamples.map((c) => faultSetSize(c.faults)));
      const ldfi = checkFaultTolerance(spec.compiled, { bounds });
      expect(ldfi.verdict).toBe('counterexample');
      const found = ldfi.counterexample!.faults;
      expect(violates(spec.compiled, bounds, found), formatFaults(found)).toBe(true);
      expect(faultSetSize(found), formatFaults(found)).toBe(smallest);
    });
  }
});
