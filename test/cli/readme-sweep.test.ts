/**
 * The README's `sweep` example shows real output: the same command prints the same rows,
 * verdicts, executions and closing lines (times aside), and the schedule the README states is the
 * one the sweep follows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { scheduleFrom } from '../../src/search/sweep.js';

const ROOT = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### `ldfi sweep'), readme.indexOf('### Library'));

const untimed = (t: string): string => t.replace(/ +\d+\.\d\d s/g, ' T');

describe("the README's sweep section", () => {
  it('shows what the command prints', async () => {
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
    const [command, ...expected] = block.trimEnd().split('\n');
    expect(command).toBe('$ npx ldfi sweep specs/ack-broadcast.ded --crashes 1 --max-eot 15');
    const spec = join(ROOT, 'specs', 'ack-broadcast.ded');
    let out = '';
    const code = await runCli(['sweep', spec, '--crashes', '1', '--max-eot', '15', '--quiet'], { stdout: (s) => (out += s), stderr: () => {} });
    expect(code).toBe(0);
    expect(untimed(out.split(spec).join('specs/ack-broadcast.ded'))).toBe(untimed(`${expected.join('\n')}\n`));
  });

  it('states the schedule the sweep follows', () => {
    const stated = /rounded down:\n(.*?), … \(/s.exec(section)![1]!.replace(/\s+/g, ' ');
    expect(stated).toBe(scheduleFrom(3, 121).join(', '));
  });
});
