/**
 * Programs on which the lineage once certified what `exhaustive` refutes (found in review):
 * each one loses a single message that makes a tuple appear through non-monotonic reasoning the
 * lineage had to follow. ldfi must find the same counterexample as exhaustive.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/pipeline.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { formatFaults } from '../../src/faults/text.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';

const CASES = join(import.meta.dirname, '..', 'cases', 'search');

describe('ldfi agrees with exhaustive on past soundness bugs', () => {
  const files = readdirSync(CASES).filter((f) => f.endsWith('.ded'));
  it('has its cases', () => expect(files.length).toBeGreaterThanOrEqual(3));
  for (const file of files) {
    it(file, () => {
      const spec = loadSpec([join(CASES, file)]);
      if (!spec.ok) expect.fail(renderDiagnostics(spec.diagnostics, spec.sources));
      const bounds = { nodes: defaultNodes(spec.compiled, 4), eot: 4, eff: 2, crashes: 0 };
      const exhaustive = checkFaultTolerance(spec.compiled, { bounds, strategy: 'exhaustive' });
      const ldfi = checkFaultTolerance(spec.compiled, { bounds });
      expect(exhaustive.verdict).toBe('counterexample');
      expect(ldfi.verdict).toBe('counterexample');
      expect(formatFaults(ldfi.counterexample!.faults)).toBe('omit(a,b,1)');
    });
  }
});
