/**
 * A reader that goes away (`ldfi … | head -1`) ends ldfi quietly with status 141, as SIGPIPE
 * ends a shell tool: no stack trace on stderr. ldfi runs in a real child process whose stdout
 * (or stderr) is a pipe the test closes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_OUTPUT_CLOSED } from '../../src/cli/process-io.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = createRequire(import.meta.url).resolve('tsx');

/** Runs ldfi, closes its stdout after the first chunk (or `stream` at once), and gives its status and stderr. */
function closedEarly(args: readonly string[], stream: 'stdout' | 'stderr' = 'stdout'): Promise<{ code: number | null; signal: string | null; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    if (stream === 'stdout') {
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
    } else child.stderr.destroy();
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, err }));
  });
}

describe('a closed stdout or stderr', () => {
  it.each([
    ['check --show lineage', ['check', 'specs/ack-broadcast.ded', '--eot', '8', '--eff', '7', '--crashes', '1', '--show', 'lineage']],
    ['run --json', ['run', 'specs/2pc.ded', '--eot', '500', '--json']],
    ['sweep', ['sweep', 'specs/ack-broadcast.ded', '--crashes', '1', '--max-eot', '8', '-q']],
    ['suite', ['suite', '--no-report', '-q', '--shard', '1/10', '--jobs', '1']],
  ] as const)('%s: stdout closed after its first chunk ends ldfi with 141 and no trace', async (_name, args) => {
    const r = await closedEarly(args);
    expect(r).toEqual({ code: EXIT_OUTPUT_CLOSED, signal: null, err: '' });
  });

  it('a closed stderr ends it the same way', async () => {
    const r = await closedEarly(['run', 'specs/no-such-spec.ded'], 'stderr');
    expect([r.code, r.signal]).toEqual([EXIT_OUTPUT_CLOSED, null]);
  });

  it('through a shell pipe into head, ldfi itself ends 141 and prints nothing on stderr', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" --import "${TSX}" "${MAIN}" run specs/2pc.ded --eot 500 --json | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: ROOT, encoding: 'utf8' });
    expect([r.stdout, r.stderr]).toEqual([`${EXIT_OUTPUT_CLOSED}\n`, '']);
  });
});
