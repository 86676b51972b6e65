/** What the CLI tests share: a command line run with its output captured, and a scratch folder. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runCli } from '../../src/cli/main.js';

export interface CliOutcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `ldfi ARGS` through runCli, stdout and stderr captured; replay lines start with `ldfiCommand` when given. */
export async function captureCli(args: readonly string[], ldfiCommand?: string): Promise<CliOutcome> {
  let out = '';
  let err = '';
  const code = await runCli([...args], { stdout: (s) => (out += s), stderr: (s) => (err += s), ...(ldfiCommand !== undefined ? { ldfiCommand } : {}) });
  return { code, out, err };
}

/** A folder removed after the test file's tests, and a writer of files in it (returns the path). */
export function scratchDir(prefix: string): { readonly dir: string; write(name: string, text: string): string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name: string, text: string): string {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}
