/**
 * The files a command writes (`--json-file`, `--junit`, `--report DIR`), in two steps that every
 * command shares:
 *
 * 1. `checkOutputs`, before any work: each path must be writable, must not be a directory (or,
 *    for a report folder, must be one or not exist yet), must not be one of the command's
 *    inputs (a spec, an included file, the suite config), and no two may clash (the same file,
 *    or a file where a report's folder goes). A mistake is a one-line UsageError
 *    naming the path, found before the first simulation rather than after the whole search.
 * 2. `writeOutputs`, at the end: every file goes to a temporary file beside its target, and only
 *    when all of them are written are they renamed into place. An error or an interrupt leaves
 *    no partial report, JSON or JUnit file, and an error in one output leaves the others as they were.
 */
import { accessSync, chmodSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readlinkSync, realpathSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isInside, realOrResolved } from '../syntax/confine.js';
import { UsageError } from './io.js';

export type OutputRequest =
  /** One file, e.g. `--json-file out.json`. Its folder must exist. */
  | { readonly option: string; readonly kind: 'file'; readonly path: string }
  /** A folder created as needed, e.g. `--report DIR`, and the files written inside it (relative paths). */
  | { readonly option: string; readonly kind: 'dir'; readonly path: string; readonly writes: readonly string[] };

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}` : String(err.message ?? e);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
}

/** Creates and removes a file in `dir`: the one sure test that we may write there (access() lies for root on /proc). */
function probeWritable(option: string, shown: string, dir: string): void {
  const probe = join(dir, `.ldfi-probe-${process.pid}-${Date.now()}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (e) {
    throw new UsageError(`${option} ${shown}: cannot write in ${dir} (${reason(e)})`);
  }
}

/**
 * The real path a file would have once written: its own if it exists, else its nearest existing
 * folder's plus the rest, so paths in folders not created yet compare with each other.
 */
function identity(path: string): string {
  return realOrResolved(path);
}

/**
 * Where a file output really goes: through a symbolic link to the file it names (renaming over
 * the link itself would replace the link, `/dev/stdout` included), else the path itself.
 */
export function writeTarget(path: string): string {
  const abs = resolve(path);
  let target = abs;
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(target);
    } catch {
      return target;
    }
    if (!st.isSymbolicLink()) return target;
    try {
      return realpathSync(target);
    } catch {
      // A dangling link: the file it names does not exist yet.
      target = resolve(dirname(target), readlinkSync(target));
    }
  }
  return target;
}

/** The inode of this process's standard output or error, when it is a file (null when it is not open). */
function standardStreams(): { readonly name: string; readonly id: string }[] {
  const out: { name: string; id: string }[] = [];
  for (const [fd, name] of [[1, 'standard output'], [2, 'standard error']] as const) {
    try {
      const st = fstatSync(fd);
      out.push({ name, id: `${st.dev}:${st.ino}` });
    } catch {
      // closed
    }
  }
  return out;
}

/** An existing output file must be a regular file: renaming over a device or a FIFO would replace it. */
function checkExistingFile(option: string, shown: string, path: string): void {
  const st = statOrNull(path);
  if (st === null) return;
  // Replacing the file this process prints to would lose what it prints (the text verdict).
  const stream = standardStreams().find((s) => s.id === `${st.dev}:${st.ino}`);
  if (stream !== undefined) {
    const instead = option === '--json-file' && stream.name === 'standard output' ? 'print JSON there with --json instead' : 'give another path';
    throw new UsageError(`${option} ${shown}: is this command's ${stream.name}; ${instead}`);
  }
  if (st.isDirectory()) throw new UsageError(`${option} ${shown}: ${path === shown ? 'is' : `${path} is`} a directory, not a file`);
  if (!st.isFile()) throw new UsageError(`${option} ${shown}: ${path === shown ? 'is' : `${path} is`} not a regular file (ldfi writes an output by replacing the file)`);
  // Replacing goes through the folder, which would let a read-only file be overwritten (by root, or by
  // its folder's owner): a file nobody may write, or this user may not, is refused instead.
  const named = path === shown ? 'is' : `${path} is`;
  if ((st.mode & 0o222) === 0) throw new UsageError(`${option} ${shown}: ${named} read-only; refusing to replace it`);
  if (!mayWrite(path)) throw new UsageError(`${option} ${shown}: ${named} not writable by this user; refusing to replace it`);
}

function mayWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why a path cannot even be looked at (a link that loops, a name too long, a folder we may not enter). */
export function unreachable(e: unknown): string | null {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ELOOP') return 'a symbolic link on the way loops (ELOOP)';
  if (code === 'ENAMETOOLONG') return 'the name is too long (ENAMETOOLONG)';
  if (code === 'EACCES' || code === 'EPERM') return `a folder on the way cannot be entered (${code})`;
  return null;
}

/** The real paths of the files these requests write, after checking each can be written. */
function checkOne(r: OutputRequest): string[] {
  const shown = r.path;
  if (r.path === '') throw new UsageError(`${r.option} needs a path`);
  const abs = r.kind === 'file' ? writeTarget(r.path) : resolve(r.path);
  if (r.kind === 'file') {
    if (/[/\\]$/.test(r.path)) throw new UsageError(`${r.option} ${shown}: names a directory, not a file`);
    checkExistingFile(r.option, shown, abs);
    const parent = dirname(abs);
    const st = statOrNull(parent);
    if (st === null) throw new UsageError(`${r.option} ${shown}: directory ${abs === resolve(r.path) ? dirname(r.path) : dirname(abs)} does not exist`);
    if (!st.isDirectory()) throw new UsageError(`${r.option} ${shown}: ${dirname(abs)} is not a directory`);
    probeWritable(r.option, shown, parent);
    return [identity(abs)];
  }
  // A folder: it exists as a folder, or its nearest existing ancestor is a folder we may write in.
  let existing = abs;
  let st = statOrNull(existing);
  while (st === null && dirname(existing) !== existing) {
    existing = dirname(existing);
    st = statOrNull(existing);
  }
  if (st === null || !st.isDirectory()) {
    throw new UsageError(existing === abs ? `${r.option} ${shown}: exists and is not a directory` : `${r.option} ${shown}: ${existing} is not a directory`);
  }
  probeWritable(r.option, shown, existing);
  return r.writes.map((w) => {
    const file = join(abs, w);
    // Every folder between the report's and the page must be one, or not exist yet.
    for (let d = dirname(file); d !== abs && d.startsWith(abs); d = dirname(d)) {
      const on = statOrNull(d);
      if (on !== null && !on.isDirectory()) throw new UsageError(`${r.option} ${shown}: ${d} exists and is not a directory (${w} goes inside it)`);
    }
    checkExistingFile(r.option, shown, file);
    return identity(file);
  });
}

/** A mistake in one output's path, with the request it is about (to locate it where it was given). */
export class OutputError extends UsageError {
  constructor(
    message: string,
    readonly request: OutputRequest,
  ) {
    super(message);
  }
}

/**
 * Throws a UsageError when an output cannot be written, is a directory, or is one of `inputs`
 * (real paths); an OutputError when the mistake is that one output's own. Two options naming the same file are refused too. Writes nothing (a probe file
 * is created and removed to learn whether a folder is writable).
 */
export function checkOutputs(requests: readonly OutputRequest[], inputs: readonly string[]): void {
  const inputSet = new Set(inputs.map(identity));
  // The same file under another name (a hard link) has another real path, but the same inode.
  const inputInodes = new Set(inputs.flatMap((i) => {
    const st = statOrNull(i);
    return st === null ? [] : [`${st.dev}:${st.ino}`];
  }));
  const writtenBy = new Map<string, string>();
  for (const r of requests) {
    let reals: string[];
    try {
      reals = checkOne(r);
    } catch (e) {
      if (e instanceof UsageError) throw new OutputError(e.message, r);
      const why = unreachable(e);
      throw why !== null ? new OutputError(`${r.option} ${r.path === '' ? '(empty)' : r.path}: ${why}`, r) : e;
    }
    for (const real of reals) {
      const st = statOrNull(real);
      if (inputSet.has(real) || (st !== null && inputInodes.has(`${st.dev}:${st.ino}`))) {
        const what = r.kind === 'file' ? '' : ` would write ${real}, which`;
        throw new OutputError(`${r.option} ${r.path}${what} is an input of this command (a spec, an included file or the config); refusing to overwrite it`, r);
      }
      const other = writtenBy.get(real);
      if (other !== undefined) throw new UsageError(`${other} and ${r.option} both write ${real}; give them different paths`);
      // A report is a folder: a file output at its path (or at a folder on the way to one of its
      // pages) could not be both, and the clash would only show after the whole search.
      for (const [path, option] of writtenBy) {
        const [inner, innerBy, outer, outerBy] = isBelow(real, path) ? [real, r.option, path, option] : isBelow(path, real) ? [path, option, real, r.option] : [];
        if (inner !== undefined) throw new UsageError(`${innerBy} writes ${inner}, inside ${outer}, which ${outerBy} writes as a file; give them different paths`);
      }
      writtenBy.set(real, r.option);
    }
  }
}

/** Is `p` strictly inside the folder `dir`? */
function isBelow(p: string, dir: string): boolean {
  return p !== dir && isInside(dir, p);
}

export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/** The file operations `writeOutputs` uses; tests inject failures through these. */
export interface WriteOps {
  mkdir(path: string): void;
  write(path: string, content: string): void;
  rename(from: string, to: string): void;
  remove(path: string): void;
  rmdir(path: string): void;
  isDirectory(path: string): boolean;
  /** Permission bits of an existing file, or null when there is none. */
  modeOf(path: string): number | null;
  chmod(path: string, mode: number): void;
}

export const nodeWriteOps: WriteOps = {
  mkdir: (p) => mkdirSync(p),
  write: (p, c) => writeFileSync(p, c, { flag: 'wx' }),
  rename: (a, b) => renameSync(a, b),
  remove: (p) => unlinkSync(p),
  rmdir: (p) => rmdirSync(p),
  isDirectory: (p) => {
    try {
      return lstatSync(p).isDirectory() || statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
  modeOf: (p) => {
    try {
      return statSync(p).mode & 0o777;
    } catch {
      return null;
    }
  },
  chmod: (p, mode) => chmodSync(p, mode),
};

let serial = 0;

/**
 * Writes every file or none: each goes to a temporary file in its target's folder (created as
 * needed), then all are renamed into place. On a failure before the renames, every temporary file
 * and every folder created is removed and the targets are untouched. A rename within one folder
 * does not fail for lack of space, so the second phase only fails if the folder changes under us.
 */
export function writeOutputs(files: readonly OutputFile[], ops: WriteOps = nodeWriteOps): void {
  const created: string[] = [];
  const staged: { temp: string; target: string }[] = [];
  const undo = (): void => {
    for (const s of staged) {
      try {
        ops.remove(s.temp);
      } catch {
        // already gone
      }
    }
    for (const d of created.reverse()) {
      try {
        ops.rmdir(d);
      } catch {
        // not empty any more: someone else wrote there
      }
    }
  };
  let current = '';
  try {
    for (const f of files) {
      current = f.path;
      const target = writeTarget(f.path);
      const dir = dirname(target);
      const missing: string[] = [];
      for (let d = dir; !ops.isDirectory(d) && dirname(d) !== d; d = dirname(d)) missing.push(d);
      for (const d of missing.reverse()) {
        ops.mkdir(d);
        created.push(d);
      }
      const temp = join(dir, `.${basename(target)}.${process.pid}-${serial++}.tmp`);
      ops.write(temp, f.content);
      staged.push({ temp, target });
      // A file replaced keeps its permissions (the rename would give it the new file's).
      const mode = ops.modeOf(target);
      if (mode !== null) ops.chmod(temp, mode);
    }
    for (let i = 0; i < staged.length; i++) {
      current = staged[i]!.target;
      ops.rename(staged[i]!.temp, staged[i]!.target);
      staged[i] = { temp: '', target: staged[i]!.target };
    }
  } catch (e) {
    undo();
    throw new UsageError(`cannot write ${current}: ${reason(e)}`);
  }
}
