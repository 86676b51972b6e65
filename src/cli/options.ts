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
