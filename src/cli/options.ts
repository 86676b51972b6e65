/** Parsing of the options shared by commands; a bad value is a UsageError (exit 2). */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Option } from 'commander';
import { DEFAULT_ORACLE, ORACLES } from '../search/oracle.js';
import { UsageError } from './io.js';
import { unreachable } from './outputs.js';

export function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER, maxNote = ''): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim())) throw new UsageError(`${name} expects a whole number, got '${value}'`);
    const n = Number(value);
    if (n < min) throw new UsageError(`${name} must be at least ${min}, got ${n}`);
    if (n > max) throw new UsageError(`${name} must be at most ${max.toLocaleString('en-US')}${maxNote}, got ${value.trim()}`);
    return n;
  };
}

/**
 * `a,b,c`; a name holding a comma, a quote or spaces at its ends is written as a JSON string,
 * `a,"x,y"`, as in `--faults` and in the replay lines ldfi prints.
 */
export function nodeList(value: string): string[] {
  const bad = (why: string): UsageError => new UsageError(`--nodes expects a comma-separated list of node names${why}, got '${value}'`);
  const nodes: string[] = [];
  let i = 0;
  for (;;) {
    while (value[i] === ' ') i++;
    if (value[i] === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(value.slice(i));
      if (!m) throw bad(' (a quoted name is not closed)');
      try {
        nodes.push(JSON.parse(m[0]) as string);
      } catch {
        throw bad(' (a quoted name is not a valid JSON string)');
      }
      i += m[0].length;
      while (value[i] === ' ') i++;
      if (i < value.length && value[i] !== ',') throw bad(' (text after a quoted name)');
    } else {
      const end = value.indexOf(',', i);
      const name = value.slice(i, end < 0 ? value.length : end).trim();
      nodes.push(name);
      i = end < 0 ? value.length : end;
    }
    if (i >= value.length) break;
    i++; // the comma
  }
  if (nodes.some((n) => n === '')) throw bad('');
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n)) throw new UsageError(`--nodes names the node ${JSON.stringify(n)} twice: '${value}'`);
    seen.add(n);
  }
  return nodes;
}

/** `-I DIR` (repeatable): each must be an existing directory. */
export function includeDir(value: string, previous: string[] = []): string[] {
  let st;
  try {
    st = statSync(value);
  } catch (e) {
    throw new UsageError(`-I ${value}: ${unreachable(e) ?? 'no such directory'}`);
  }
  if (!st.isDirectory()) throw new UsageError(`-I ${value}: not a directory`);
  return [...previous, value];
}

/** Worker threads a command may start: each loads the spec and holds its own heap. */
export const MAX_JOBS = 256;

/** `--jobs N` of check and sweep; its default is shown once, in words and as it is here. */
export function jobsOption(description: string): Option {
  const cores = availableParallelism();
  return new Option('--jobs <n>', description).argParser(wholeNumber('--jobs', 1, MAX_JOBS)).default(cores, `the number of cores, ${cores} here`);
}

/** Given alone, --jobs would be ignored in silence: only rounds of more than one run in parallel (check, sweep). */
export function jobsWithoutBatch(jobs: number, batch: number): string | null {
  return batch === 1 ? `--jobs ${jobs} runs rounds of --batch > 1 in parallel; with --batch 1 there is nothing to run in parallel` : null;
}

/** `--oracle default|molly`, for every command that judges runs (check, sweep). */
export function oracleOption(): Option {
  return new Option(
    '--oracle <name>',
    'when a run is a counterexample: default (a pre tuple without post at EOT) or molly (a post tuple of the fault-free run in pre but no longer in post)',
  )
    .choices(ORACLES)
    .default(DEFAULT_ORACLE);
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration such as `120s`, `2m`, `500ms` or `90` (seconds), in ms; it must be positive. */
export function duration(name: string): (value: string) => number {
  return (value) => {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(value.trim());
    if (!m) throw new UsageError(`${name} expects a duration such as 120s, 2m or 500ms, got '${value}'`);
    const ms = Number(m[1]) * DURATION_UNITS[m[2] ?? 's']!;
    if (!(ms >= 1)) throw new UsageError(`${name} must be at least 1 ms, got '${value}'`);
    // A huge budget reads as "no limit" and prints in hours; only one past the floats is refused.
    if (!Number.isFinite(ms)) throw new UsageError(`${name} is too large: '${value}'`);
    return ms;
  };
}
