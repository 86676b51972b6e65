/**
 * `ldfi suite --report DIR`: one page per entry under DIR/<entry-name>/index.html (the same page
 * `ldfi check --report` draws) plus DIR/index.html listing them with their expectations.
 * Runs in the main thread after the suite: each page re-simulates a few runs of its entry
 * (the simulator is deterministic, so they are the runs the search saw).
 */
import { join } from 'node:path';
import { loadSpec } from '../pipeline.js';
import { displayPath } from '../report/paths.js';
import { renderCheckReport, writeReport, writeSuiteIndex } from '../report/write.js';
import { simulate } from '../sim/simulate.js';
import type { SuiteRun } from './run.js';

/** Writes the pages and returns the path of the index. Entries that errored get no page. */
export function writeSuiteReports(dir: string, run: SuiteRun): string {
  const index = [];
  for (const r of run.entries) {
    if (!r.check) continue;
    const spec = loadSpec(r.entry.paths);
    if (!spec.ok) continue;
    const page = renderCheckReport({
      title: r.entry.name,
      files: r.entry.files,
      check: r.check,
      displayPath: (p: string) => displayPath(p, process.cwd()),
      rules: spec.compiled.rules,
      sources: spec.program.files.map((f) => ({ ...f, path: displayPath(f.path, process.cwd()) })),
      simulate: (faults) => simulate(spec.compiled, { nodes: r.bounds.nodes, eot: r.bounds.eot, faults }),
    });
    writeReport(join(dir, r.entry.name), page);
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
  return writeSuiteIndex(dir, index, `ldfi suite — ${displayPath(run.config.path, process.cwd())}`);
}
