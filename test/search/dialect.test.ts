/**
 * Molly's dialect under search: a spec with singleton variables under `notin` gets the verdicts of
 * the same spec with `_` written there, from ldfi and from exhaustive alike.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/pipeline.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import type { CompiledProgram } from '../../src/sim/compile.js';
import { formatFaults } from '../../src/faults/text.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';

const FILE = join(import.meta.dirname, '..', 'cases', 'dialect', 'ack-singleton.ded');

function compile(text: string): { compiled: CompiledProgram; warnings: number } {
  const spec = loadSpec([FILE], (p) => (p === FILE ? text : null));
  if (!spec.ok) expect.fail(renderDiagnostics(spec.diagnostics, spec.sources));
  return { compiled: spec.compiled, warnings: spec.diagnostics.filter((d) => d.severity === 'warning').length };
}

describe('singleton variables under notin, under search', () => {
  const text = readFileSync(FILE, 'utf8');
  const lone = compile(text);
  const written = compile(text.replace('notin ack(N, M, Seq)', 'notin ack(N, M, _)').replace('notin crash(M, M, Any)', 'notin crash(M, M, _)'));

  it('warns once per singleton, and not for `_`', () => {
    expect(lone.warnings).toBe(2);
    expect(written.warnings).toBe(0);
  });

  it.each([
    [4, 2, 0, 'certified'],
    [5, 3, 0, 'certified'],
    [4, 2, 1, 'counterexample'],
  ] as const)('EOT %i, EFF %i, %i crashes: %s, as with `_`, for ldfi and exhaustive', (eot, eff, crashes, expected) => {
    const verdicts = [lone, written].flatMap(({ compiled }) => {
      const bounds = { nodes: defaultNodes(compiled, eot), eot, eff, crashes };
      return (['ldfi', 'exhaustive'] as const).map((strategy) => {
        const r = checkFaultTolerance(compiled, { bounds, strategy });
        return `${r.verdict} ${r.counterexample ? formatFaults(r.counterexample.faults).replace(/omit\(a,[bc],1\)/, 'omit(a,*,1)') : ''}`;
      });
    });
    expect(new Set(verdicts).size, verdicts.join('\n')).toBe(1);
    expect(verdicts[0]!.startsWith(expected)).toBe(true);
  });
});
