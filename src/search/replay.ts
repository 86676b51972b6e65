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
 * One shell word that stands for `s` in any POSIX shell: bare when safe, else single-quoted
 * (a `'` inside becomes `'\''`). Inside single quotes nothing is special, not even a line
 * break, so a file name with one still pastes right, over two lines. Node names never hold
 * one: `--nodes` and `--faults` write them as JSON strings.
 */
export function shellQuote(s: string): string {
  if (SAFE_WORD.test(s)) return s;
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
