/**
 * `ldfi suite --report DIR`: one page per entry under DIR/<entry-name>/index.html (the same page
 * `ldfi check --report` draws) plus DIR/index.html listing them with their expectations.
 * Runs in the main thread after the suite: each page re-simulates a few runs of its entry
 * (the simulator is deterministic, so they are the runs the search saw). Pages are returned,
 * not written, so the caller writes them together with its other outputs, all or none.
 */
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadSpec } from '../pipeline.js';
import { renderSuiteIndex } from '../report/html.js';
import { displayPath } from '../report/paths.js';
import { renderCheckReport } from '../report/write.js';
import { simulate } from '../sim/simulate.js';
import { isInside, realOrResolved } from '../syntax/confine.js';
import { loadOptions } from './entry.js';
import type { SuiteRun } from './run.js';

export interface SuitePage {
  readonly path: string;
  readonly content: string;
}

/** The files under DIR that a suite report may write: an index and one page per entry. */
export function suiteReportFiles(entryNames: readonly string[]): string[] {
  return ['index.html', ...entryNames.map((n) => join(n, 'index.html'))];
}

/** A page of a suite report that a link in the reports folder would take out of it. */
export interface ReportEscape {
  /** The entry whose folder (or page) is the link; null for the suite's own index.html. */
  readonly entry: string | null;
  /** The page as written under the reports folder, and where it would really land. */
  readonly page: string;
  readonly real: string;
}

/**
 * The first page under `dir` that leads outside `dir` once links are followed, or null. A
 * reports folder checked into a repository may hold `e -> /elsewhere`, and the page of entry `e`
 * would then be written there; so each page is placed by where it really leads, as the folder
 * is. A page that is itself a link out is refused too, even one to nothing: its maker meant it
 * to lead there.
 */
export function reportEscape(dir: string, entryNames: readonly string[]): ReportEscape | null {
  for (const [entry, file] of [[null, 'index.html'] as const, ...entryNames.map((n) => [n, join(n, 'index.html')] as const)]) {
    const page = join(dir, file);
    const real = leadsTo(page);
    if (!isInside(dir, real)) return { entry, page, real };
  }
  return null;
}

/** Where writing `path` would lead: its real path, or for a link to nothing, where the link points. */
function leadsTo(path: string, hops = 0): string {
  try {
    if (hops < 40 && lstatSync(path).isSymbolicLink() && !existsSync(path)) return leadsTo(resolve(realOrResolved(dirname(path)), readlinkSync(path)), hops + 1);
  } catch {
    // nothing there yet
  }
  return realOrResolved(path);
}

/** The pages, the index last. Entries that errored get no page. */
export function renderSuiteReports(dir: string, run: SuiteRun, includePath: readonly string[] = [], program = 'ldfi'): SuitePage[] {
  const index = [];
  const pages: SuitePage[] = [];
  for (const r of run.entries) {
    if (!r.check) continue;
    const spec = loadSpec(r.entry.paths, loadOptions(includePath, run.confine));
    if (!spec.ok) continue;
    const page = renderCheckReport({
      title: r.entry.name,
      // As the suite's own replay lines give them: runnable from where the suite ran.
      files: r.entry.paths,
      check: r.check,
      displayPath: (p: string) => displayPath(p, process.cwd()),
      rules: spec.compiled.rules,
      sources: spec.program.files.map((f) => ({ ...f, path: displayPath(f.path, process.cwd()) })),
      simulate: (faults) => simulate(spec.compiled, { nodes: r.bounds.nodes, eot: r.bounds.eot, faults }),
      replayProgram: program,
    });
    pages.push({ path: join(dir, r.entry.name, 'index.html'), content: page });
    index.push({
      name: r.entry.name,
      files: r.entry.files,
      bounds: r.bounds,
      verdict: r.check.verdict,
      expected: r.entry.expect,
      href: `${r.entry.name}/index.html`,
      executions: r.executions,
      elapsedMs: r.elapsedMs,
    });
  }
  pages.push({ path: join(dir, 'index.html'), content: renderSuiteIndex(index, `ldfi suite — ${displayPath(run.config.path, process.cwd())}`) });
  return pages;
}
