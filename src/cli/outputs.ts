/**
 * The files a command writes (`--json-file FILE`), in two steps:
 *
 * 1. `checkOutputs`, before any work: the path must name a file (not a directory) in an existing
 *    folder, and must not be one of the command's inputs (a spec or an included file). A mistake
 *    is a one-line UsageError naming the path, found before the first simulation.
 * 2. `writeOutputs`, at the end: every file goes to a temporary file beside its target, renamed
 *    into place only once all are written, so an error leaves no partial file behind.
 */
import { realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './io.js';

export interface OutputRequest {
  readonly option: string;
  readonly kind: 'file';
  readonly path: string;
}

export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/** The real path a file would have once written: its own if it exists, else its folder's plus its name. */
function identity(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Throws a UsageError when an output cannot be written where asked or would replace an input (paths as given). */
export function checkOutputs(requests: readonly OutputRequest[], inputs: readonly string[]): void {
  const inputSet = new Set(inputs.map(identity));
  for (const r of requests) {
    if (r.path === '') throw new UsageError(`${r.option} needs a path`);
    if (/[/\\]$/.test(r.path)) throw new UsageError(`${r.option} ${r.path}: names a directory, not a file`);
    const st = statOrNull(r.path);
    if (st?.isDirectory()) throw new UsageError(`${r.option} ${r.path}: is a directory, not a file`);
    if (st && !st.isFile()) throw new UsageError(`${r.option} ${r.path}: is not a regular file (ldfi writes an output by replacing the file)`);
    const parent = statOrNull(dirname(resolve(r.path)));
    if (parent === null) throw new UsageError(`${r.option} ${r.path}: directory ${dirname(r.path)} does not exist`);
    if (!parent.isDirectory()) throw new UsageError(`${r.option} ${r.path}: ${dirname(r.path)} is not a directory`);
    if (inputSet.has(identity(r.path))) throw new UsageError(`${r.option} ${r.path} is an input of this command (a spec or an included file); refusing to overwrite it`);
  }
}

let serial = 0;

/** Writes every file or none (temporary files renamed into place); a failure is a UsageError naming the path. */
export function writeOutputs(files: readonly OutputFile[]): void {
  const staged: { temp: string; target: string }[] = [];
  let current = '';
  try {
    for (const f of files) {
      current = f.path;
      const temp = join(dirname(resolve(f.path)), `.${basename(f.path)}.${process.pid}-${serial++}.tmp`);
      writeFileSync(temp, f.content, { flag: 'wx' });
      staged.push({ temp, target: f.path });
    }
    for (const s of staged) {
      current = s.target;
      renameSync(s.temp, s.target);
    }
  } catch (e) {
    for (const s of staged) {
      try {
        unlinkSync(s.temp);
      } catch {
        // already renamed or gone
      }
    }
    throw new UsageError(`cannot write ${current}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
