/**
 * `ldfi suite [CONFIG]`: the CI regression check. Runs every entry of the config (spec, bounds,
 * expected verdict) and exits 0 only when every verdict is the expected one, 1 when any differs
 * (`incomplete` and entries that cannot be checked included), 2 when the config itself cannot be
 * read or an option is bad. A bad entry fails alone: the others run, JUnit and JSON are written.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { DEFAULT_CONFIG, loadSuiteConfig, type SuiteConfig, type SuiteEntry } from '../suite/config.js';
import { formatEntry, formatSummary, labelWidth, suiteJson } from '../suite/format.js';
import { suiteJunit } from '../suite/junit.js';
import { reportEscape, renderSuiteReports, suiteReportFiles } from '../suite/report.js';
import { prepareSuite, runPreparedSuite, type EntryResult } from '../suite/run.js';
import { parseShard, shardIndices, type Shard } from '../suite/shard.js';
import { error, renderDiagnostics, type Diagnostic } from '../syntax/diagnostic.js';
import { realKey } from '../syntax/read.js';
import type { CliContext } from './context.js';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, UsageError } from './io.js';
import { includeDir, MAX_JOBS, wholeNumber } from './options.js';
import { checkOutputs, OutputError, writeOutputs, type OutputFile, type OutputRequest } from './outputs.js';

export interface SuiteCliOptions {
  junit?: string;
  json?: boolean;
  jsonFile?: string;
  /** A directory, or false for --no-report. */
  report?: string | false;
  shard?: string;
  jobs?: number;
  includePath?: string[];
  allowOutside?: boolean;
  quiet?: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function suiteCommand(ctx: CliContext): Command {
  // --report and --no-report set one value, the last given winning: both given is a contradiction.
  const reportFlags = new Set<string>();
  const command = new Command('suite')
    .description('run every entry of a suite config (spec files, bounds, expected verdict) and fail when a verdict changed; for CI')
    .argument('[config]', 'the suite config; relative spec paths inside are relative to it', DEFAULT_CONFIG)
    .option('--junit <file>', 'also write a JUnit XML report (one testcase per entry) to FILE')
    .option('--json', 'print the results as JSON on stdout instead of text')
    .option('--json-file <file>', 'also write the results as JSON to FILE')
    .option('--report <dir>', 'write an HTML page per entry under DIR/<name>/ and DIR/index.html (default: the config\'s "reports" folder, if set)')
    .option('--no-report', 'write no HTML report, even when the config names a "reports" folder')
    .option('--shard <K/N>', 'run only the K-th of N slices (entries i with i % N == K-1), for a CI matrix (default: every entry)')
    .option('--jobs <n>', `entries checked in parallel over worker threads; 1 runs in-process (default: the number of cores, ${availableParallelism()} here)`, wholeNumber('--jobs', 1, MAX_JOBS))
    .option('-I, --include-path <dir>', 'also look for included files in DIR, after the config\'s "includePath" (repeatable)', includeDir)
    .option('--allow-outside', "allow specs, included files, include folders and a reports folder outside the config's folder, and report pages that a link takes out of the reports folder")
    .option('-q, --quiet', 'no progress on stderr')
    .on('option:report', () => reportFlags.add('--report'))
    .on('option:no-report', () => reportFlags.add('--no-report'))
    .action(async (configPath: string, opts: SuiteCliOptions) => {
      if (reportFlags.size === 2) throw new UsageError('--report and --no-report contradict each other; give one of them');
      let shard: Shard | null = null;
      if (opts.shard !== undefined) {
        const parsed = parseShard(opts.shard);
        if ('error' in parsed) throw new UsageError(parsed.error);
        shard = parsed;
      }
      const loaded = loadSuiteConfig(configPath, { allowOutside: opts.allowOutside ?? false });
      if (!loaded.ok) {
        ctx.io.stderr(renderDiagnostics(loaded.diagnostics, loaded.sources));
        return ctx.setExit(EXIT_BAD_INPUT);
      }
      const config = loaded.config;
      const includePath = opts.includePath ?? [];
      const suite = prepareSuite(config, { shard, includePath });

      // Every output is checked against every input before the first entry runs.
      const reportDir = opts.report === false ? null : (opts.report ?? config.reports);
      // An entry the config cannot describe gets no page: its name may be another's (a duplicate).
      const paged = suite.selected.map((i) => config.entries[i]!).filter((e) => e.problems.length === 0);
      const escaping = reportDir !== null && !opts.allowOutside ? escapingPage(reportDir, paged, opts.report === undefined ? config : null) : null;
      if (escaping !== null) {
        ctx.io.stderr(renderDiagnostics([escaping], suite.sources));
        return ctx.setExit(EXIT_BAD_INPUT);
      }
      const outputs: OutputRequest[] = [];
      // The config's folder is named as the config names it, and a mistake in it located there.
      const report: OutputRequest | null =
        reportDir === null ? null : { option: opts.report === undefined ? 'the reports folder' : '--report', kind: 'dir', path: reportDir, writes: suiteReportFiles(paged.map((e) => e.name)) };
      if (report !== null) outputs.push(report);
      if (opts.junit !== undefined) outputs.push({ option: '--junit', kind: 'file', path: opts.junit });
      if (opts.jsonFile !== undefined) outputs.push({ option: '--json-file', kind: 'file', path: opts.jsonFile });
      try {
        checkOutputs(outputs, [realKey(configPath), ...suite.inputs]);
      } catch (e) {
        if (!(e instanceof OutputError && e.request === report && opts.report === undefined && config.reportsSpan !== null)) throw e;
        ctx.io.stderr(renderDiagnostics([error(config.reportsSpan, e.message)], suite.sources));
        return ctx.setExit(EXIT_BAD_INPUT);
      }

      const jobs = opts.jobs ?? availableParallelism();
      const selected = suite.selected.map((i) => config.entries[i]!);
      const width = labelWidth(selected);
      const status = opts.quiet ? null : statusLine(ctx);
      const workers = Math.min(jobs, Math.max(1, suite.prepared.length));
      status?.start(`suite: ${selected.length} of ${config.entries.length} ${config.entries.length === 1 ? 'entry' : 'entries'} from ${configPath}, ${plural(workers, 'job')}\n`);

      const run = await runPreparedSuite(suite, {
        jobs,
        // Lines come out in config order whatever finishes first, so output is the same for any --jobs.
        onResult: (r) => {
          status?.clear();
          // Warnings come with their entry, in config order: the same lines for any --jobs.
          for (const w of r.warnings) ctx.io.stderr(`suite: warning: entry "${r.entry.name}": ${w}\n`);
          if (!opts.json) ctx.io.stdout(formatEntry(r, width, ctx.ldfi, suite.sources));
        },
        ...(status ? { onProgress: (r: EntryResult, done: number, total: number) => status.update(r, done, total) } : {}),
      });
      status?.clear();

      const written: OutputFile[] = [];
      if (reportDir !== null) for (const page of renderSuiteReports(reportDir, run, [...config.includePath, ...includePath], ctx.ldfi)) written.push(page);
      if (opts.junit !== undefined) written.push({ path: opts.junit, content: suiteJunit(run, ctx.ldfi) });
      if (opts.jsonFile !== undefined) written.push({ path: opts.jsonFile, content: suiteJson(run, ctx.ldfi) });
      writeOutputs(written);
      if (reportDir !== null && !opts.quiet) ctx.io.stderr(`suite: report written to ${join(reportDir, 'index.html')}\n`);
      ctx.io.stdout(opts.json ? suiteJson(run, ctx.ldfi) : formatSummary(run, config.entries.length));
      ctx.setExit(run.failed > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
  return command;
}

/**
 * A report page that a link would take out of the reports folder, located at the entry's name
 * (or at "reports" for the index) when the folder is the config's; with --report, a UsageError.
 */
function escapingPage(dir: string, entries: readonly SuiteEntry[], config: SuiteConfig | null): Diagnostic | null {
  const escape = reportEscape(dir, entries.map((e) => e.name));
  if (escape === null) return null;
  const why = `${escape.page} is really ${escape.real}, outside the reports folder ${dir}; pass --allow-outside to write there`;
  if (config === null) throw new UsageError(`--report ${dir}: ${why}`);
  const named = escape.entry === null ? undefined : entries.find((e) => e.name === escape.entry);
  return error(named?.spans.name ?? config.reportsSpan!, `the report page ${why}`);
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
