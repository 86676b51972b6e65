/**
 * Folders a load may read from. A suite config can come from anyone's pull request, and so can
 * the specs it names: an `include "../secret";` or `include "/etc/passwd";` must not make CI read
 * a file elsewhere on the machine. Places are compared by real path, so a symlink inside that
 * points outside is outside.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Plain data, so it crosses a worker_thread boundary with the task that loads. */
export interface Confinement {
  /** Every included file must lie in one of these folders. */
  readonly folders: readonly string[];
  /** Completes "cannot include 'x': PATH is …" for a file elsewhere, with how to allow it. */
  readonly outside: string;
}

/** Is `p` inside `root` (both compared by real path where they exist)? */
export function isInside(root: string, p: string): boolean {
  const rel = relative(realOrResolved(root), realOrResolved(p));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The nearest existing ancestor's real path, plus the rest: a folder that does not exist yet is placed correctly. */
export function realOrResolved(p: string): string {
  let head = resolve(p);
  const tail: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(head), ...tail.reverse());
    } catch {
      const up = dirname(head);
      if (up === head) return resolve(p);
      tail.push(head.slice(up.length).replace(/^[/\\]/, ''));
      head = up;
    }
  }
}

/**
 * Why the existing file at `path` may not be read under `confine`, or null when it may (or when
 * it does not exist: the loader then looks in its next place, or reports it missing).
 */
export function confinementRefusal(confine: Confinement, path: string): string | null {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    // No real path, yet something may be there (a link to an open but deleted file under
    // /proc/self/fd): only a path that leads nowhere passes; anything else is refused unseen.
    try {
      statSync(path);
    } catch {
      return null;
    }
    return `${path} is ${confine.outside}`;
  }
  if (confine.folders.some((f) => isInside(f, real))) return null;
  const shown = real === resolve(path) ? path : `${path} (really ${real})`;
  return `${shown} is ${confine.outside}`;
}
