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
      /** "N passed, M failed", from the suite's JSON document. */
      readonly summary: string;
      /** Every entry as the suite's JSON document gives it (empty if it printed none). */
      readonly entries: readonly SuiteEntryFigures[];
      /** Peak resident set of the suite's process, its worker threads included (null if it was killed). */
      readonly maxRssBytes: number | null;
    };

export const SUITE_CONFIG = 'ldfi.config.json';

export interface SuiteEntryFigures {
  readonly name: string;
  readonly expect: string;
  readonly verdict: string | null;
  readonly passed: boolean;
  readonly executions: number | null;
}

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
    const child = fork(cliScript(), ['suite', '--json', '--quiet'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.resume();
    child.on('message', (m: { maxRssBytes: number }) => (maxRssBytes = m.maxRssBytes));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      let entries: SuiteEntryFigures[] = [];
      let summary = 'no JSON document';
      try {
        const doc = JSON.parse(stdout) as { entries: SuiteEntryFigures[]; passed: number; failed: number };
        entries = doc.entries.map((e) => ({ name: e.name, expect: e.expect, verdict: e.verdict ?? null, passed: e.passed, executions: e.executions ?? null }));
        summary = `${doc.passed} passed, ${doc.failed} failed`;
      } catch {
        // Killed or crashed before printing: the table says so.
      }
      resolve({ ran: true, wallMs: performance.now() - started, timedOut, exitCode: code, summary, entries, maxRssBytes });
    });
  });
}
