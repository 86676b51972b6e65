/**
 * The suite config (`ldfi.config.json`): a table of spec × bounds × expected verdict, the
 * regression check CI runs. Every mistake is a Diagnostic located in the config file; the paths
 * inside are relative to the config's directory.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Strategy } from '../search/types.js';
import { DEFAULT_ORACLE, ORACLES, type Oracle } from '../search/oracle.js';
import { error, type Diagnostic } from '../syntax/diagnostic.js';
import type { Span } from '../syntax/span.js';
import { parseJson, type JsonMember, type JsonNode } from './json.js';

export const DEFAULT_CONFIG = 'ldfi.config.json';

export type Expectation = 'counterexample' | 'certified';

/** Where the parts of an entry were written, to point at them once the spec is loaded. */
export interface EntrySpans {
  readonly entry: Span;
  readonly name: Span;
  readonly files: readonly Span[];
  readonly nodes: readonly Span[];
  readonly crashes: Span;
  readonly strategy: Span;
}

export interface SuiteEntry {
  readonly name: string;
  /** As written in the config (relative to its directory): what JUnit and JSON show. */
  readonly files: readonly string[];
  /** The config's directory joined with each file: what the loader reads and diagnostics show. */
  readonly paths: readonly string[];
  readonly eot: number;
  readonly eff: number;
  readonly crashes: number;
  /** Absent: the default node set of the spec at this EOT (`defaultNodes`). */
  readonly nodes?: readonly string[];
  readonly expect: Expectation;
  readonly strategy: Strategy;
  /** Which runs are counterexamples (search/oracle.ts). */
  readonly oracle: Oracle;
  readonly maxRuns: number;
  readonly spans: EntrySpans;
}

export interface SuiteConfig {
  /** The config file as given (diagnostics name it so). */
  readonly path: string;
  readonly source: string;
  /** Where reports go when `--report` is not given, resolved against the config's directory; null when unset. */
  readonly reports: string | null;
  readonly entries: readonly SuiteEntry[];
}

export type ConfigResult =
  | { readonly ok: true; readonly config: SuiteConfig }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly sources: ReadonlyMap<string, string> };

const TOP_KEYS = ['entries', 'reports'] as const;
const ENTRY_KEYS = ['name', 'files', 'eot', 'eff', 'crashes', 'nodes', 'expect', 'strategy', 'oracle', 'maxRuns'] as const;
const REQUIRED_ENTRY_KEYS = ['name', 'files', 'eot', 'eff', 'crashes', 'expect'] as const;
const EXPECTATIONS: readonly Expectation[] = ['counterexample', 'certified'];
const STRATEGIES: readonly Strategy[] = ['ldfi', 'random', 'exhaustive'];
/** Matches the check command's default. */
const DEFAULT_MAX_RUNS = 10_000;

export function loadSuiteConfig(path: string): ConfigResult {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    const at: Span = { file: path, line: 1, col: 1, endLine: 1, endCol: 2 };
    return { ok: false, diagnostics: [error(at, `cannot read the suite config: ${reason}`)], sources: new Map() };
  }
  return parseSuiteConfig(source, path);
}

/** `fileExists` is injectable for tests; by default a spec file must be an existing regular file. */
export function parseSuiteConfig(source: string, path: string, fileExists: (p: string) => boolean = isFile): ConfigResult {
  const sources = new Map([[path, source]]);
  const parsed = parseJson(source, path);
  if (!parsed.value) return { ok: false, diagnostics: parsed.diagnostics, sources };
  const diagnostics: Diagnostic[] = [];
  const dir = dirname(path);
  const top = parsed.value;
  if (top.kind !== 'object') {
    return { ok: false, diagnostics: [error(top.span, `the suite config must be an object {"entries": [...]}, got ${kindName(top)}`)], sources };
  }
  const fields = members(top, TOP_KEYS, 'the suite config', diagnostics);
  let reports: string | null = null;
  const reportsNode = fields.get('reports');
  if (reportsNode) {
    if (reportsNode.kind === 'string' && reportsNode.value !== '') reports = join(dir, reportsNode.value);
    else diagnostics.push(error(reportsNode.span, `"reports" must be a directory name, got ${kindName(reportsNode)}`));
  }
  const entries: SuiteEntry[] = [];
  const entriesNode = fields.get('entries');
  if (!entriesNode) diagnostics.push(error(openingBrace(top), 'the suite config is missing the required key "entries"'));
  else if (entriesNode.kind !== 'array') diagnostics.push(error(entriesNode.span, `"entries" must be an array of entries, got ${kindName(entriesNode)}`));
  else {
    const seen = new Map<string, Span>();
    for (const item of entriesNode.items) {
      // Names are compared even in entries with other mistakes, so every problem shows at once.
      const name = item.kind === 'object' ? item.members.find((m) => m.key === 'name')?.value : undefined;
      if (name?.kind === 'string') {
        const first = seen.get(name.value);
        if (first) {
          diagnostics.push(error(name.span, `duplicate entry name "${name.value}": names must be unique (they name the report folders)`, [{ message: 'first used here', span: first }]));
        } else seen.set(name.value, name.span);
      }
      const entry = parseEntry(item, dir, fileExists, diagnostics);
      if (entry) entries.push(entry);
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics, sources };
  return { ok: true, config: { path, source, reports, entries } };
}

function parseEntry(node: JsonNode, dir: string, fileExists: (p: string) => boolean, diagnostics: Diagnostic[]): SuiteEntry | null {
  if (node.kind !== 'object') {
    diagnostics.push(error(node.span, `an entry must be an object {"name": …, "files": […], …}, got ${kindName(node)}`));
    return null;
  }
  const before = diagnostics.length;
  const fields = members(node, ENTRY_KEYS, 'an entry', diagnostics);
  const missing = REQUIRED_ENTRY_KEYS.filter((k) => !fields.has(k));
  if (missing.length > 0) {
    const label = fields.get('name')?.kind === 'string' ? `entry "${(fields.get('name') as { value: string }).value}"` : 'this entry';
    const list = missing.map((k) => `"${k}"`).join(', ');
    diagnostics.push(error(openingBrace(node), `${label} is missing the required key${missing.length > 1 ? 's' : ''} ${list}`));
  }

  const name = fields.get('name');
  if (name && !(name.kind === 'string' && /^[\w.-]+$/.test(name.value) && name.value !== '.' && name.value !== '..')) {
    diagnostics.push(error(name.span, `"name" must be a non-empty string of letters, digits, '.', '_' or '-' (it names the report folder), got ${show(name)}`));
  }

  const files: string[] = [];
  const fileSpans: Span[] = [];
  const filesNode = fields.get('files');
  if (filesNode) {
    if (filesNode.kind !== 'array' || filesNode.items.length === 0) {
      diagnostics.push(error(filesNode.span, `"files" must be a non-empty array of spec paths, got ${show(filesNode)}`));
    } else {
      for (const f of filesNode.items) {
        if (f.kind !== 'string' || f.value === '') diagnostics.push(error(f.span, `a spec path must be a non-empty string, got ${show(f)}`));
        else if (!fileExists(join(dir, f.value))) diagnostics.push(error(f.span, `spec file not found: ${join(dir, f.value)}`));
        else {
          files.push(f.value);
          fileSpans.push(f.span);
        }
      }
    }
  }

  const whole = (key: string, min: number): number => {
    const v = fields.get(key);
    if (!v) return min;
    if (v.kind !== 'number' || !Number.isInteger(v.value) || v.value < min) {
      diagnostics.push(error(v.span, `"${key}" must be a whole number ≥ ${min}, got ${show(v)}`));
      return min;
    }
    return v.value;
  };
  const eot = whole('eot', 1);
  const eff = whole('eff', 0);
  const crashes = whole('crashes', 0);
  const maxRuns = whole('maxRuns', 1);
  const effNode = fields.get('eff');
  if (effNode?.kind === 'number' && fields.get('eot')?.kind === 'number' && eff > eot) {
    diagnostics.push(error(effNode.span, `"eff" (${eff}) cannot exceed "eot" (${eot}): messages sent after EOT are never seen`));
  }

  let nodes: string[] | undefined;
  const nodeSpans: Span[] = [];
  const nodesNode = fields.get('nodes');
  if (nodesNode) {
    if (nodesNode.kind !== 'array' || nodesNode.items.length === 0) {
      diagnostics.push(error(nodesNode.span, `"nodes" must be a non-empty array of node names, got ${show(nodesNode)}`));
    } else {
      nodes = [];
      for (const n of nodesNode.items) {
        if (n.kind !== 'string' || n.value === '') diagnostics.push(error(n.span, `a node name must be a non-empty string, got ${show(n)}`));
        else if (nodes.includes(n.value)) diagnostics.push(error(n.span, `node "${n.value}" is listed twice`));
        else {
          nodes.push(n.value);
          nodeSpans.push(n.span);
        }
      }
      const crashesNode = fields.get('crashes');
      if (crashesNode && crashes > nodes.length) {
        diagnostics.push(error(crashesNode.span, `"crashes" (${crashes}) exceeds the number of nodes (${nodes.length})`));
      }
    }
  }

  const expectNode = fields.get('expect');
  if (expectNode && !(expectNode.kind === 'string' && (EXPECTATIONS as readonly string[]).includes(expectNode.value))) {
    diagnostics.push(error(expectNode.span, `"expect" must be "counterexample" or "certified", got ${show(expectNode)}`));
  }
  const strategyNode = fields.get('strategy');
  if (strategyNode && !(strategyNode.kind === 'string' && (STRATEGIES as readonly string[]).includes(strategyNode.value))) {
    diagnostics.push(error(strategyNode.span, `"strategy" must be "ldfi", "random" or "exhaustive", got ${show(strategyNode)}`));
  }
  const oracleNode = fields.get('oracle');
  if (oracleNode && !(oracleNode.kind === 'string' && (ORACLES as readonly string[]).includes(oracleNode.value))) {
    diagnostics.push(error(oracleNode.span, `"oracle" must be ${ORACLES.map((o) => `"${o}"`).join(' or ')}, got ${show(oracleNode)}`));
  }

  if (diagnostics.length > before) return null;
  return {
    name: (name as { value: string }).value,
    files,
    paths: files.map((f) => join(dir, f)),
    eot,
    eff,
    crashes,
    ...(nodes ? { nodes } : {}),
    expect: (expectNode as { value: Expectation }).value,
    strategy: strategyNode ? (strategyNode as { value: Strategy }).value : 'ldfi',
    oracle: oracleNode ? (oracleNode as { value: Oracle }).value : DEFAULT_ORACLE,
    maxRuns: fields.has('maxRuns') ? maxRuns : DEFAULT_MAX_RUNS,
    spans: {
      entry: openingBrace(node),
      name: (name as JsonNode).span,
      files: fileSpans,
      nodes: nodeSpans,
      crashes: (fields.get('crashes') as JsonNode).span,
      strategy: strategyNode?.span ?? openingBrace(node),
    },
  };
}

/** The members of an object by key; unknown and repeated keys are reported. */
function members(obj: Extract<JsonNode, { kind: 'object' }>, known: readonly string[], what: string, diagnostics: Diagnostic[]): Map<string, JsonNode> {
  const out = new Map<string, JsonNode>();
  const keySpans = new Map<string, Span>();
  for (const m of obj.members as readonly JsonMember[]) {
    if (!known.includes(m.key)) {
      const close = suggest(m.key, known);
      const hint = close ? ` — did you mean "${close}"?` : ` (known keys: ${known.join(', ')})`;
      diagnostics.push(error(m.keySpan, `unknown key "${m.key}" in ${what}${hint}`));
      continue;
    }
    const first = keySpans.get(m.key);
    if (first) {
      diagnostics.push(error(m.keySpan, `key "${m.key}" appears twice in ${what}`, [{ message: 'first given here', span: first }]));
      continue;
    }
    keySpans.set(m.key, m.keySpan);
    out.set(m.key, m.value);
  }
  return out;
}

/** The closest known key within edit distance 2, e.g. `expected` → `expect`, `max_runs` → `maxRuns`. */
function suggest(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(key.toLowerCase().replace(/[_-]/g, ''), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

function openingBrace(node: JsonNode): Span {
  return { file: node.span.file, line: node.span.line, col: node.span.col, endLine: node.span.line, endCol: node.span.col + 1 };
}

function kindName(node: JsonNode): string {
  return node.kind === 'object' ? 'an object' : node.kind === 'array' ? 'an array' : node.kind === 'null' ? 'null' : `a ${node.kind}`;
}

/** A scalar shown as written, anything else by its kind. */
function show(node: JsonNode): string {
  if (node.kind === 'string') return JSON.stringify(node.value);
  if (node.kind === 'number' || node.kind === 'boolean') return String(node.value);
  return kindName(node);
}

function isFile(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
}
