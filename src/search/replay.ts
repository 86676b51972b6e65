/**
 * The `ldfi run` command line that replays a fault set, as every output prints it (text, JSON,
 * the report page, the suite). Node and file names come from the user's spec and may hold
 * anything, so each word is shell-quoted: pasting the line runs ldfi and nothing else.
 */
import { formatFaults } from '../faults/text.js';
import type { FaultSet } from '../faults/types.js';

/** Characters that need no quoting in any POSIX shell. */
const SAFE_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/**
 * One shell word that stands for `s` in sh, bash and zsh: bare when safe, else single-quoted
 * (a `'` inside becomes `'\''`). Control characters would break the line when pasted, so a
 * word holding one is written `$'…'` with escapes instead (bash, zsh, ksh).
 */
export function shellQuote(s: string): string {
  if (SAFE_WORD.test(s)) return s;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s)) {
    let out = "$'";
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      if (ch === "'" || ch === '\\') out += '\\' + ch;
      else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
      else out += ch;
    }
    return out + "'";
  }
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** A node as `--nodes` reads it: bare when it can be, else a JSON string (as in `--faults`). */
export function nodeWord(n: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(n) ? n : JSON.stringify(n);
}

export interface ReplayInput {
  /** How ldfi is started where the line is printed: `ldfi`, or `npx ldfi` when ldfi is not on the PATH. */
  readonly program: string;
  readonly files: readonly string[];
  readonly eot: number;
  readonly nodes: readonly string[];
  readonly faults: FaultSet;
}

export function replayCommand(r: ReplayInput): string {
  // A file named `-x.ded` would read as an option: `./-x.ded` is the same file.
  const files = r.files.map((f) => shellQuote(f.startsWith('-') ? `./${f}` : f));
  const words = [r.program, 'run', ...files, '--eot', String(r.eot), '--nodes', shellQuote(r.nodes.map(nodeWord).join(','))];
  const faults = formatFaults(r.faults);
  if (faults) words.push('--faults', shellQuote(faults));
  return words.join(' ');
}
