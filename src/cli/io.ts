import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where a command writes. The bin binds these to the process; tests capture them. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress may redraw one line in place only on a terminal. */
  readonly stderrIsTTY?: boolean;
  /** How ldfi is started, for replay lines (default: `ldfi` when it is on the PATH, else `npx ldfi`). */
  readonly ldfiCommand?: string;
}

/** `ldfi` when an executable of that name is on the PATH, else `npx ldfi` (a project dev dependency). */
export function ldfiCommand(path: string | undefined = process.env['PATH']): string {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, 'ldfi'), constants.X_OK);
      return 'ldfi';
    } catch {
      // not here
    }
  }
  return 'npx ldfi';
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
