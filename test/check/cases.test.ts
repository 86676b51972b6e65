/**
 * Golden fixtures: each test/cases/check/NAME.ded is loaded through the real parser and checked;
 * the rendered diagnostics (load + check) must equal NAME.err byte for byte. A fixture without a
 * non-empty .err asserts nothing and fails. `UPDATE_GOLDEN=1` rewrites the .err files (review them).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../src/check/check.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';
import { loadProgram, readTextFile } from '../../src/syntax/load.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const casesDir = 'test/cases/check';
const fixtures = readdirSync(join(root, casesDir))
  .filter((f) => f.endsWith('.ded'))
  .sort();

/** Diagnostics name files as `test/cases/check/…` whatever the working directory. */
function render(file: string): string {
  const loaded = loadProgram([`${casesDir}/${file}`], (p) => readTextFile(join(root, p)));
  const checked = checkProgram(loaded.program);
  return renderDiagnostics([...loaded.diagnostics, ...checked.diagnostics], loaded.sources);
}

describe('check fixtures', () => {
  it('has a fixture for every diagnostic kind', () => {
    const kinds = ['aggregate-arg', 'aggregates', 'annotations', 'arity', 'crash-arity', 'crash-reserved', 'fact-ground'];
    kinds.push('invariant-arity', 'location-column', 'locations', 'notin-singleton', 'range-head', 'range-notin', 'stratify', 'undefined');
    for (const kind of kinds) expect(fixtures, kind).toContain(`${kind}.ded`);
  });

  for (const file of fixtures) {
    it(file, () => {
      const errPath = join(root, casesDir, file.replace(/\.ded$/, '.err'));
      const actual = render(file);
      if (process.env.UPDATE_GOLDEN) writeFileSync(errPath, actual);
      expect(existsSync(errPath), `${file} has no .err file`).toBe(true);
      const expected = readFileSync(errPath, 'utf8');
      expect(expected.trim(), `${file}: an empty .err asserts nothing`).not.toBe('');
      expect(actual).toBe(expected);
    });
  }
});
