/**
 * `npm run bench` runs the compiled bench from dist/: it must still find the suite's recorded
 * reference columns, which live in the sources' bench/ (tsc does not copy JSON).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readReferences, REFERENCE_FILE } from '../../bench/suite-reference.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the suite reference file', () => {
  it('is the one in bench/, from the sources and from the compiled bench alike', async () => {
    expect(REFERENCE_FILE).toBe(join(ROOT, 'bench', 'suite-reference.json'));
    expect(readReferences().length).toBeGreaterThan(0);
    // npm ci compiles dist/ (the prepare script), as CI does before the tests.
    const compiled = join(ROOT, 'dist', 'bench', 'suite-reference.js');
    expect(existsSync(compiled)).toBe(true);
    const built = (await import(pathToFileURL(compiled).href)) as typeof import('../../bench/suite-reference.js');
    expect(built.REFERENCE_FILE).toBe(REFERENCE_FILE);
    expect(built.readReferences()).toEqual(readReferences());
  });
});
