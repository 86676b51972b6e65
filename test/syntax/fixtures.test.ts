/**
 * Golden fixtures: every `test/cases/syntax/*.ded` is loaded (includes resolved under that folder;
 * `inc/` holds included files, which are not fixtures themselves). `name.out` is the expected
 * `printProgram` output of a clean load; `name.err` the exact rendered diagnostics. A fixture with
 * neither fails. `UPDATE_FIXTURES=1 npx vitest run test/syntax` rewrites them (review the diff!).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';
import { loadProgram, readSource } from '../../src/syntax/load.js';
import { printProgram } from '../../src/syntax/print.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'cases', 'syntax');
const update = process.env['UPDATE_FIXTURES'] === '1';
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.ded'))
  .sort();

/** Paths in spans stay relative to the fixture folder, so the golden text does not depend on the checkout. */
function load(name: string): { out: string; err: string } {
  const result = loadProgram([name], { read: (p) => readSource(join(dir, p)) });
  return { out: printProgram(result.program), err: renderDiagnostics(result.diagnostics, result.sources) };
}

describe('syntax fixtures', () => {
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(20);
  });

  for (const name of fixtures) {
    const base = join(dir, name.slice(0, -'.ded'.length));
    it(name, () => {
      const actual = load(name);
      if (update) {
        if (actual.err === '') writeFileSync(base + '.out', actual.out);
        else writeFileSync(base + '.err', actual.err);
      }
      const hasOut = existsSync(base + '.out');
      const hasErr = existsSync(base + '.err');
      expect(hasOut || hasErr, `${name} has neither a .out nor a .err file`).toBe(true);
      if (hasOut) {
        expect(actual.err, `${name} should load without diagnostics`).toBe('');
        expect(actual.out).toBe(readFileSync(base + '.out', 'utf8'));
      }
      if (hasErr) expect(actual.err).toBe(readFileSync(base + '.err', 'utf8'));
    });
  }
});
