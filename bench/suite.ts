/**
 * Section 4: the whole bundled suite (`ldfi suite --quiet` over ldfi.config.json), timed end to
 * end as CI would run it: process start, every entry over the default worker pool, reports.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type SuiteTiming =
  | { readonly ran: false; readonly note: string }
  | {
      readonly ran: true;
      readonly wallMs: number;
      readonly timedOut: boolean;
      readonly exitCode: number | null;
      /** The suite's closing summary line (e.g. "12 passed, 0 failed"). */
      readonly summary: string;
      /** Peak resident set of the suite's process, its worker threads included (null if it was killed). */
      readonly maxRssBytes: number | null;
    };

export const SUITE_CONFIG = 'ldfi.config.json';

/** The CLI wrapper next to this module: suite-process.ts under tsx, suite-process.js from the build. */
function cliScript(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./suite-process${ext}`, import.meta.url));
}

export function timeSuite(repoRoot: string, timeoutMs: number): Promise<SuiteTiming> {
  if (!existsSync(join(repoRoot, SUITE_CONFIG))) {
    return Promise.resolve({ ran: false, note: `there is no ${SUITE_CONFIG} at the repository root` });
  }
  const started = performance.now();
  return new Promise((resolve) => {
    let stdout = '';
    let timedOut = false;
    let maxRssBytes: number | null = null;
    const child = fork(cliScript(), ['suite', '--quiet'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.resume();
    child.on('message', (m: { maxRssBytes: number }) => (maxRssBytes = m.maxRssBytes));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
      resolve({ ran: true, wallMs: performance.now() - started, timedOut, exitCode: code, summary: lines.at(-1) ?? '', maxRssBytes });
    });
  });
}
