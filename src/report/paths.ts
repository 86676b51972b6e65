/** How pages and messages name files: relative to the working directory, as a user would type them. */
import { isAbsolute, relative, sep } from 'node:path';

/** An absolute path inside `cwd` becomes relative to it; any other path is kept as given. */
export function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel) ? path : rel;
}
