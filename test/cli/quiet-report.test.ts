/** `-q` keeps stderr free of the report's path on `check` and `run`, as on `suite`; the report is still written. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCli, scratchDir } from './helpers.js';

const scratch = scratchDir('ldfi-quiet-');
const spec = join(import.meta.dirname, '..', '..', 'specs', 'simple-broadcast.ded');

describe('-q and the report line', () => {
  for (const command of ['check', 'run'] as const) {
    it(`${command}: prints the report's path without -q, nothing on stderr with it`, async () => {
      const loud = join(scratch.dir, `${command}-loud`);
      const quiet = join(scratch.dir, `${command}-quiet`);
      const a = await captureCli([command, spec, '--eot', '4', '--report', loud]);
      expect(a.err).toContain(`report: ${join(loud, 'index.html')}\n`);
      const b = await captureCli([command, spec, '--eot', '4', '-q', '--report', quiet]);
      expect(b.err).toBe('');
      expect(b.code).toBe(a.code);
      const untimed = (t: string): string => t.replace(/elapsed: [\d.]+ s/g, 'elapsed: T s');
      expect(untimed(b.out)).toBe(untimed(a.out.split(loud).join(quiet)));
      expect(existsSync(join(quiet, 'index.html'))).toBe(true);
    });
  }
});
