/** `-I DIR` on every command that loads specs: a folder searched for includes, and a missing one is a one-line error. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli, type CliOutcome } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ldfi-cli-include-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'lib'));
writeFileSync(join(dir, 'lib', 'topology.ded'), 'node("a", "b")@1;\nnode(N, M)@next :- node(N, M);\n');
const spec = join(dir, 'main.ded');
writeFileSync(spec, 'include "topology.ded";\npre(N, M) :- node(N, M);\npost(N, M) :- node(N, M);\n');

const cli = (...args: string[]): Promise<CliOutcome> => captureCli(args, 'ldfi');

describe('-I / --include-path', () => {
  it.each([
    ['lint', [spec]],
    ['run', [spec, '--eot', '2', '--final']],
    ['check', [spec, '--eot', '2', '--quiet']],
    ['sweep', [spec, '--crashes', '0', '--max-eot', '3', '--quiet']],
  ] as const)('%s finds an include in the -I folder, and names every place looked without it', async (command, args) => {
    const without = await cli(command, ...args);
    expect(without.code).toBe(2);
    expect(without.err).toContain(`cannot find included file 'topology.ded' (looked for ${join(dir, 'topology.ded')})`);
    const withI = await cli(command, ...args, '-I', join(dir, 'lib'));
    expect(withI.err).toBe('');
    expect(withI.code).toBe(0);
    const withLong = await cli(command, ...args, '--include-path', join(dir, 'lib'));
    expect(withLong.code).toBe(0);
  });

  it('is a one-line error, exit 2, for a folder that does not exist or is a file', async () => {
    expect(await cli('check', spec, '-I', join(dir, 'nope'))).toEqual({ code: 2, out: '', err: `ldfi: error: -I ${join(dir, 'nope')}: no such directory\n` });
    expect(await cli('lint', spec, '-I', spec)).toEqual({ code: 2, out: '', err: `ldfi: error: -I ${spec}: not a directory\n` });
  });
});
