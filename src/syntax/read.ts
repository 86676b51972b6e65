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
  /**
   * It exists but is not a spec we can read; `reason` completes "… is …" / "cannot read …: …".
   * For bytes that are not text (`reason` 'not a text file'), `at` says where the first bad one is.
   */
  | { readonly kind: 'refused'; readonly reason: string; readonly at?: NotText };

/** The first byte that keeps a file from being UTF-8 text: its line and column, and what is wrong with it. */
export interface NotText {
  readonly line: number;
  readonly col: number;
  readonly detail: string;
}

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
    const bytes = buffer.subarray(0, length);
    const text = decodeText(bytes);
    if (text === null) return { kind: 'refused', reason: 'not a text file', at: notText(bytes) };
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

/**
 * Where bytes that `decodeText` refuses stop being text: the first NUL byte or invalid UTF-8
 * sequence (a Latin-1 `é` is the usual one), located as the lexer counts lines and columns.
 */
export function notText(bytes: Uint8Array): NotText {
  const bad = firstBadByte(bytes);
  // (A typed array's lastIndexOf counts a negative start from the end: at offset 0 there is nothing before.)
  const lineStart = bad === 0 ? 0 : bytes.lastIndexOf(0x0a, bad - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  const col = utf8.decode(bytes.subarray(lineStart, bad)).length + 1;
  const b = bytes[bad] ?? 0;
  const detail = b === 0 ? 'a NUL byte (a binary file?)' : `byte 0x${b.toString(16).padStart(2, '0')} is not valid UTF-8 (save the file as UTF-8)`;
  return { line, col, detail };
}

/** Offset of the first NUL byte or of the start of the first invalid UTF-8 sequence (the length when there is none). */
function firstBadByte(bytes: Uint8Array): number {
  const n = bytes.length;
  const cont = (i: number, lo = 0x80, hi = 0xbf): boolean => i < n && bytes[i]! >= lo && bytes[i]! <= hi;
  for (let i = 0; i < n; ) {
    const b = bytes[i]!;
    if (b === 0) return i;
    if (b < 0x80) i++;
    else if (b >= 0xc2 && b <= 0xdf && cont(i + 1)) i += 2;
    else if (b >= 0xe0 && b <= 0xef && cont(i + 1, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf) && cont(i + 2)) i += 3;
    else if (b >= 0xf0 && b <= 0xf4 && cont(i + 1, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf) && cont(i + 2) && cont(i + 3)) i += 4;
    else return i;
  }
  return n;
}

/** The real path when it can be found, else the absolute path. */
export function realKey(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
