/**
 * Loading the spec files a command names: diagnostics go to stderr (warnings too), a spec that
 * does not load sets exit 2, and a search needs both halves of the invariant.
 */
import { missingInvariant } from '../check/invariant.js';
import { loadSpec, type LoadedSpec } from '../pipeline.js';
import { renderDiagnostics } from '../syntax/diagnostic.js';
import type { CliContext } from './context.js';
import { EXIT_BAD_INPUT, UsageError } from './io.js';

/** The loaded spec, or null once its errors are printed and the exit code set. */
export function loadCommandSpec(ctx: CliContext, files: readonly string[], includePath: readonly string[] = [], search = false): Extract<LoadedSpec, { ok: true }> | null {
  const spec = loadSpec(files, { includePath });
  if (spec.diagnostics.length > 0) ctx.io.stderr(renderDiagnostics(spec.diagnostics, spec.sources));
  if (!spec.ok) {
    ctx.setExit(EXIT_BAD_INPUT);
    return null;
  }
  const missing = search ? missingInvariant(spec.program) : null;
  if (missing !== null) {
    throw new UsageError(`${files.join(', ')} ${missing}: the invariant needs both, nothing to check (write pre and post rules, see the README tutorial)`);
  }
  return spec;
}
