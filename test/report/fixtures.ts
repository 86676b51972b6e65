/** Real runs for the report tests: a spec loaded, checked, compiled and simulated. */
import { checkProgram } from '../../src/check/check.js';
import { compileProgram, type CompiledProgram } from '../../src/sim/compile.js';
import { parseFaults } from '../../src/faults/text.js';
import { simulate } from '../../src/sim/simulate.js';
import type { RunResult } from '../../src/sim/types.js';
import type { SourceFile } from '../../src/syntax/ast.js';
import { loadProgram } from '../../src/syntax/load.js';

export interface Spec {
  readonly compiled: CompiledProgram;
  readonly sources: readonly SourceFile[];
  run(faults: string): RunResult;
}

/** `read` lets a test supply the text of an in-memory spec. */
export function loadSpec(files: string[], nodes: string[], eot: number, read?: (path: string) => string | null): Spec {
  const loaded = read ? loadProgram(files, read) : loadProgram(files);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`spec does not load: ${errors.map((d) => d.message).join('; ')}`);
  const checked = checkProgram(loaded.program);
  const bad = checked.diagnostics.filter((d) => d.severity === 'error');
  if (bad.length > 0) throw new Error(`spec does not check: ${bad.map((d) => d.message).join('; ')}`);
  const compiled = compileProgram(checked.program, checked.strata);
  return {
    compiled,
    sources: loaded.program.files,
    run(faults: string): RunResult {
      const parsed = parseFaults(faults, nodes, eot);
      if (parsed.diagnostics.length > 0) throw new Error(`bad faults: ${faults}`);
      return simulate(compiled, { nodes, eot, faults: parsed.faults });
    },
  };
}

/** A spec constant that must stay text on the page. */
export const XSS = '</script><script>alert(1)</script>';

/**
 * A sends a payload once to b and c; the invariant asks every node a knows to log it. The payload
 * is a hostile string, so every test also exercises escaping.
 */
export const TINY_SPEC = `
node("a", "b")@1;
node("a", "c")@1;
bcast("a", ${JSON.stringify(XSS)})@1;
node(N, M)@next :- node(N, M);
log(N, P)@next :- log(N, P);
log(N, P) :- bcast(N, P);
log(M, P)@async :- bcast(N, P), node(N, M);
pre(M, P) :- node("a", M), log("a", P);
post(M, P) :- log(M, P);
`;

export function tinySpec(eot = 4): Spec {
  return loadSpec(['tiny.ded'], ['a', 'b', 'c'], eot, (path) => (path === 'tiny.ded' ? TINY_SPEC : null));
}
