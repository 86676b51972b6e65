/**
 * Reading one source file. Only a regular file of valid UTF-8 text is a spec: a device
 * (`/dev/zero`, `/dev/urandom`) never ends, a FIFO blocks until someone writes to it, and a
 * directory has no text, so each is refused before a byte is read. A file is known by its real
 * path, so two symlinks to one file (or a folder linked to itself) are one file.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';

/** Larger files are refused: a spec is text a person wrote or generated, not a data dump. */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

export type SourceRead =
  /** `key` identifies the file (its real path): the same key is the same file. */
  | { readonly kind: 'text'; readonly text: string; readonly key: string }
  | { readonly kind: 'missing' }
  /** It exists but is not a spec we can read; `reason` completes "… is …" / "cannot read …: …". */
  | { readonly kind: 'refused'; readonly reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function kindOf(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'a directory, not a file';
  if (st.isFIFO()) return 'a FIFO (named pipe), not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device, not a regular file';
  if (st.isSocket()) return 'a socket, not a regular file';
  return 'not a regular file';
}

/** The default reader: a regular file's text, decoded strictly. */
export function readSource(path: string): SourceRead {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO without it waits for a writer forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    if (code === 'ELOOP') return { kind: 'refused', reason: 'a symbolic link that loops' };
    if (code === 'EACCES' || code === 'EPERM') return { kind: 'refused', reason: 'not readable (permission denied)' };
    if (code === 'EISDIR') return { kind: 'refused', reason: 'a directory, not a file' };
    return { kind: 'refused', reason: `not readable (${code ?? (e as Error).message})` };
  }
  try {
    const st = fstatSync(fd);
    const kind = kindOf(st);
    if (kind !== null) return { kind: 'refused', reason: kind };
    if (st.size > MAX_SOURCE_BYTES) return { kind: 'refused', reason: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB` };
    // Read to the end, growing the buffer: a file's size may be wrong (0 for /proc files) or grow
    // while we read. At most one byte past the limit is read, so the read stays bounded.
    let buffer = Buffer.allocUnsafe(Math.min(st.size, MAX_SOURCE_BYTES) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > MAX_SOURCE_BYTES) return { kind: 'refused', reason: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB` };
        const grown = Buffer.allocUnsafe(Math.min(Math.max(2 * length, 4096), MAX_SOURCE_BYTES + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    const text = decodeText(buffer.subarray(0, length));
    if (text === null) return { kind: 'refused', reason: 'not a text file' };
    return { kind: 'text', text, key: realKey(path) };
  } catch (e) {
    return { kind: 'refused', reason: `not readable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 text, or null for bytes that are not (invalid sequences, or NUL bytes as in binaries). A literal U+FFFD is text. */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** The real path when it can be found, else the absolute path. */
export function realKey(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
