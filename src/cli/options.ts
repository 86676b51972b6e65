/** Parsing of the numeric and list options shared by commands; a bad value is a UsageError (exit 2). */
import { Option } from 'commander';
import { DEFAULT_ORACLE, ORACLES } from '../search/oracle.js';
import { UsageError } from './io.js';

export function wholeNumber(name: string, min: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim())) throw new UsageError(`${name} expects a whole number, got '${value}'`);
    const n = Number(value);
    if (n < min) throw new UsageError(`${name} must be at least ${min}, got ${n}`);
    return n;
  };
}

export function nodeList(value: string): string[] {
  const nodes = value.split(',').map((s) => s.trim());
  if (nodes.some((n) => n === '')) throw new UsageError(`--nodes expects a comma-separated list of node names, got '${value}'`);
  if (new Set(nodes).size !== nodes.length) throw new UsageError(`--nodes names a node twice: '${value}'`);
  return nodes;
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
    if (!Number.isFinite(ms)) throw new UsageError(`${name} is too large: '${value}'`);
    return ms;
  };
}
