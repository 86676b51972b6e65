/**
 * The README's tutorial shows real output: its bcast.ded, assembled from the two code blocks as a
 * reader would, gives exactly the counterexample and explanation printed there (times aside), and
 * the retrying version gives the verdicts that follow.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'ldfi-tutorial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  // The README's replay lines are those of `npx ldfi`, ldfi being a dev dependency, not on the PATH.
  const code = await runCli([...args, '--quiet'], { stdout: (s) => (out += s), stderr: () => {}, ldfiCommand: 'npx ldfi' });
  return { code, out: out.split(dir + '/').join('') };
}

const untimed = (t: string): string => t.replace(/elapsed: [\d.]+ s/g, 'elapsed: T');

describe("the README's tutorial", () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Tutorial'), readme.indexOf('## CLI reference'));
  const blocks = [...section.matchAll(/```(?:sh|dedalus[^\n]*)?\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const file = join(dir, 'bcast.ded');

  it('the broadcast that sends once: the counterexample and its explanation, line for line', async () => {
    writeFileSync(file, `${blocks[0]}\n${blocks[1]}`);
    // The block lints first; the check is its second command.
    const [command, ...expected] = blocks[2]!.slice(blocks[2]!.indexOf('$ npx ldfi check')).split('\n');
    expect(command).toBe('$ npx ldfi check bcast.ded --eot 6 --eff 3 --crashes 0');
    const r = await cli('check', file, '--eot', '6', '--eff', '3', '--crashes', '0');
    expect(r.code).toBe(1);
    expect(untimed(r.out)).toBe(untimed(expected.join('\n')));
  });

  it('the retrying broadcast: certified without crashes, the counterexample shown with one', async () => {
    const retry = blocks[3]!.trim();
    expect(retry).toBe('bcast(N, P)@next :- bcast(N, P);');
    writeFileSync(file, `${blocks[0]}\n${blocks[1]}${retry}\n`);
    const shown = blocks[4]!.split('\n');
    const clean = await cli('check', file, '--eot', '6', '--eff', '3', '--crashes', '0');
    expect(clean.code).toBe(0);
    expect(clean.out.split('\n')[0]).toBe(shown[1]);
    const crash = await cli('check', file, '--eot', '6', '--eff', '3', '--crashes', '1');
    expect(crash.code).toBe(1);
    const faults = shown.find((l) => /^ {2}faults: /.test(l));
    expect(faults).toMatch(/faults: (.*)$/);
    expect(crash.out).toContain(`  faults: ${/faults: (.*)$/.exec(faults!)![1]}\n`);
    // The prose after it quotes the explanation.
    expect(crash.out).toContain('so its message log("b", "hello") to b sent at t=2–5 was lost');
    expect(crash.out).toContain('every derivation of post("c", "hello") goes through a');
    expect(readme).toContain('the retries to `b` sent at t=2–5 were lost');
    expect(readme).toContain('*every derivation of post("c", "hello") goes through\na*');
  });
});
