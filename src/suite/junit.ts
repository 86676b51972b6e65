/**
 * `--junit FILE`: JUnit XML, the format CI systems render as a test report. One testcase per
 * entry (classname = its spec file, or the config's path for an entry whose files could not be
 * read, name = the entry); a changed verdict is a <failure> whose
 * body holds the fault set and the `pre` tuples left without `post`.
 */
import { formatSummary, mismatchDetails, mismatchMessage } from './format.js';
import type { EntryResult, SuiteRun } from './run.js';

/** Escapes markup and drops characters XML 1.0 cannot hold at all (most control characters). */
export function escapeXml(s: string): string {
  return s
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcase(r: EntryResult, sources: ReadonlyMap<string, string>, program: string, configPath: string): string {
  const attrs = `classname="${escapeXml(r.entry.files[0] ?? configPath)}" name="${escapeXml(r.entry.name)}" time="${seconds(r.elapsedMs)}"`;
  // What the suite warns of on stderr (faults the bounds leave untested) shows in the CI's report too.
  const warnings = r.warnings.length === 0 ? '' : `      <system-err>${escapeXml(r.warnings.map((w) => `warning: ${w}`).join('\n'))}</system-err>\n`;
  if (r.passed && warnings === '') return `    <testcase ${attrs}/>\n`;
  const tag = r.verdict === 'error' ? 'error' : 'failure';
  const type = r.verdict !== 'error' ? 'VerdictMismatch' : r.problems.length > 0 ? 'BadInput' : 'InternalError';
  const failure = r.passed ? '' : `      <${tag} message="${escapeXml(mismatchMessage(r))}" type="${type}">${escapeXml(mismatchDetails(r, program, sources).join('\n'))}</${tag}>\n`;
  return [`    <testcase ${attrs}>\n`, failure, warnings, `    </testcase>\n`].join('');
}

export function suiteJunit(run: SuiteRun, program = 'ldfi'): string {
  const failures = run.entries.filter((r) => !r.passed && r.verdict !== 'error').length;
  const time = seconds(run.entries.reduce((sum, r) => sum + r.elapsedMs, 0));
  const counts = `tests="${run.entries.length}" failures="${failures}" errors="${run.errors}"`;
  const name = escapeXml(run.config.path);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<testsuites name="ldfi suite" ${counts} time="${time}">\n`,
    `  <testsuite name="${name}" ${counts} skipped="0" time="${time}">\n`,
    `    <properties><property name="summary" value="${escapeXml(formatSummary(run, run.config.entries.length).trim())}"/></properties>\n`,
    ...run.entries.map((r) => testcase(r, run.sources, program, run.config.path)),
    '  </testsuite>\n',
    '</testsuites>\n',
  ].join('');
}
