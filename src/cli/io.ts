import { accessSync, constants } from 'node:fs';
import { delimiter, join, normalize } from 'node:path';

/** Where a command writes. The bin binds these to the process; tests capture them. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress may redraw one line in place only on a terminal. */
  readonly stderrIsTTY?: boolean;
  /** How ldfi is started, for replay lines (default: `ldfiCommand()`, from the environment). */
  readonly ldfiCommand?: string;
}

/**
 * The command a replay line starts with: it must run when pasted into the shell the user typed
 * into. `npx ldfi` and npm scripts put `node_modules/.bin` folders (and npx's `_npx` cache) on the
 * PATH of ldfi's own process only, so under npm those entries do not count: `ldfi` only when an
 * executable of that name is on the user's own PATH, else `npx ldfi` (a project dev dependency).
 */
export function ldfiCommand(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const underNpm = env['npm_command'] !== undefined || env['npm_execpath'] !== undefined || env['npm_lifecycle_event'] !== undefined;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '' || (underNpm && addedByNpm(dir))) continue;
    try {
      accessSync(join(dir, 'ldfi'), constants.X_OK);
      return 'ldfi';
    } catch {
      // not here
    }
  }
  return 'npx ldfi';
}

/** A PATH entry npm adds for the command it starts: a project's bin folder or npx's package cache. */
function addedByNpm(dir: string): boolean {
  const parts = normalize(dir).split(/[\\/]+/).filter((p) => p !== '');
  const n = parts.length;
  return (n >= 2 && parts[n - 2] === 'node_modules' && parts[n - 1] === '.bin') || parts.includes('_npx');
}

/** Exit codes: 0 clean, 1 findings, 2 bad input or internal error, 3 incomplete. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;
/** `check` stopped at --max-runs before the search was done: neither certified nor refuted. */
export const EXIT_INCOMPLETE = 3;

/** A user error found while reading options; rendered as one line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
