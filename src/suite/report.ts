/**
 * `ldfi suite --report DIR`: one page per entry under DIR/<entry-name>/index.html (the same page
 * `ldfi check --report` draws) plus DIR/index.html listing them with their expectations.
 * Runs in the main thread after the suite: each page re-simulates a few runs of its entry
 * (the simulator is deterministic, so they are the runs the search saw). Pages are returned,
 * not written, so the caller writes them together with its other outputs, all or none.
 */
import { join } from 'node:path';
import { loadSpec } from '../pipeline.js';
import { renderSuiteIndex } from '../report/html.js';
import { displayPath } from '../report/paths.js';
import { renderCheckReport } from '../report/write.js';
import { simulate } from '../sim/simulate.js';
import type { SuiteRun } from './run.js';

export interface SuitePage {
  readonly path: string;
  readonly content: string;
}

/** The files under DIR that a suite report may write: an index and one page per entry. */
export function suiteReportFiles(entryNames: readonly string[]): string[] {
  return ['index.html', ...entryNames.map((n) => join(n, 'index.html'))];
}

/** The pages, the index last. Entries that errored get no page. */
export function renderSuiteReports(dir: string, run: SuiteRun, includePath: readonly string[] = [], program = 'ldfi'): SuitePage[] {
  const index = [];
  const pages: SuitePage[] = [];
  for (const r of run.entries) {
    if (!r.check) continue;
    const spec = loadSpec(r.entry.paths, { includePath });
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
