/**
 * `ldfi suite [CONFIG]`: the CI regression check. Runs every entry of the config (spec, bounds,
 * expected verdict) and exits 0 only when every verdict is the expected one, 1 when any differs
 * (`incomplete` included), 2 on bad input or an internal error.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import { DEFAULT_CONFIG, loadSuiteConfig } from '../suite/config.js';
import { formatEntry, formatSummary, labelWidth, suiteJson } from '../suite/format.js';
import { suiteJunit } from '../suite/junit.js';
import { writeSuiteReports } from '../suite/report.js';
import { runSuite, type EntryResult } from '../suite/run.js';
import { parseShard, shardIndices, type Shard } from '../suite/shard.js';
import { renderDiagnostics } from '../syntax/diagnostic.js';
import type { CliContext } from './context.js';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, UsageError } from './io.js';
import { wholeNumber } from './options.js';

export interface SuiteCliOptions {
  junit?: string;
  json?: boolean | string;
  /** A directory, or false for --no-report. */
  report?: string | false;
  shard?: string;
  jobs?: number;
  quiet?: boolean;
}

export function suiteCommand(ctx: CliContext): Command {
  return new Command('suite')
    .description('run every entry of a suite config (spec files, bounds, expected verdict) and fail when a verdict changed; for CI')
    .argument('[config]', 'the suite config; spec paths inside are relative to it', DEFAULT_CONFIG)
    .option('--junit <file>', 'also write a JUnit XML report (one testcase per entry) to FILE')
    .option('--json [file]', 'print the results as JSON on stdout instead of text, or write them to FILE')
    .option('--report <dir>', 'write an HTML page per entry under DIR/<name>/ and DIR/index.html (default: the config\'s "reports" folder, if set)')
    .option('--no-report', 'write no HTML report, even when the config names a "reports" folder')
    .option('--shard <K/N>', 'run only the K-th of N slices (entries i with i % N == K-1), for a CI matrix (default: every entry)')
    .option('--jobs <n>', `entries checked in parallel over worker threads; 1 runs in-process (default: the number of cores, ${availableParallelism()} here)`, wholeNumber('--jobs', 1))
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (configPath: string, opts: SuiteCliOptions) => {
      let shard: Shard | null = null;
      if (opts.shard !== undefined) {
        const parsed = parseShard(opts.shard);
        if ('error' in parsed) throw new UsageError(parsed.error);
        shard = parsed;
      }
      const loaded = loadSuiteConfig(configPath);
      if (!loaded.ok) {
        ctx.io.stderr(renderDiagnostics(loaded.diagnostics, loaded.sources));
        return ctx.setExit(EXIT_BAD_INPUT);
      }
      const config = loaded.config;
      const jobs = opts.jobs ?? availableParallelism();
      const selected = shardIndices(config.entries.length, shard).map((i) => config.entries[i]!);
      const width = labelWidth(selected);
      const jsonOnStdout = opts.json === true;
      const status = opts.quiet ? null : statusLine(ctx);
      status?.start(`suite: ${selected.length} of ${config.entries.length} entries from ${configPath}, ${Math.min(jobs, Math.max(1, selected.length))} job${jobs === 1 ? '' : 's'}\n`);

      const run = await runSuite(config, {
        jobs,
        shard,
        // Lines come out in config order whatever finishes first, so output is the same for any --jobs.
        onResult: (r) => {
          if (jsonOnStdout) return;
          status?.clear();
          ctx.io.stdout(formatEntry(r, width));
        },
        ...(status ? { onProgress: (r: EntryResult, done: number, total: number) => status.update(r, done, total) } : {}),
      });
      status?.clear();
      if (!run.ok) {
        ctx.io.stderr(renderDiagnostics(run.diagnostics, run.sources));
        return ctx.setExit(EXIT_BAD_INPUT);
      }

      if (opts.junit) writeFileSync(opts.junit, suiteJunit(run));
      if (typeof opts.json === 'string') writeFileSync(opts.json, suiteJson(run));
      const reportDir = opts.report === false ? null : (opts.report ?? config.reports);
      if (reportDir) {
        const index = writeSuiteReports(reportDir, run);
        if (!opts.quiet) ctx.io.stderr(`suite: report written to ${index}\n`);
      }
      ctx.io.stdout(jsonOnStdout ? suiteJson(run) : formatSummary(run, config.entries.length));
      ctx.setExit(run.errors > 0 ? EXIT_BAD_INPUT : run.failed > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
}

/** Progress on stderr: one line redrawn in place on a terminal; in a CI log only the opening line. */
function statusLine(ctx: CliContext): { start(line: string): void; update(r: EntryResult, done: number, total: number): void; clear(): void } {
  let drawn = false;
  return {
    start: (line) => ctx.io.stderr(line),
    update: (r, done, total) => {
      if (!ctx.io.stderrIsTTY) return;
      ctx.io.stderr(`\r\x1b[Ksuite: ${done}/${total} done, last: ${r.entry.name} (${(r.elapsedMs / 1000).toFixed(2)} s)`.slice(0, 150));
      drawn = true;
    },
    clear: () => {
      if (drawn) ctx.io.stderr('\r\x1b[K');
      drawn = false;
    },
  };
}
