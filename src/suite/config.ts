/**
 * The suite config (`ldfi.config.json`): a table of spec × bounds × expected verdict, the
 * regression check CI runs. Every mistake is a Diagnostic located in the config file. A mistake
 * in one entry belongs to that entry (it fails, the others still run); only a config that cannot
 * be read as a whole (bad JSON, no "entries", a bad top-level key) stops the suite.
 *
 * Relative paths inside are relative to the config's directory; absolute ones are used as given.
 * The config's directory is the project: a spec, an include folder, a file a spec includes or the
 * reports folder outside it is refused unless `allowOutside` (`--allow-outside`), so a config or
 * spec taken from a pull request cannot make CI read or write elsewhere on the machine.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { editDistance } from '../check/defined.js';
import { defaultMaxRuns } from '../search/check.js';
import { MAX_EOT } from '../sim/limits.js';
import { readSource } from '../syntax/read.js';
import { isInside, realOrResolved, type Confinement } from '../syntax/confine.js';
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
  /** As written; `entry N` (1-based) when the entry has no usable name. */
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
  /** Mistakes in this entry, located in the config; when there are any the entry is not run. */
  readonly problems: readonly Diagnostic[];
}

export interface SuiteConfig {
  /** The config file as given (diagnostics name it so). */
  readonly path: string;
  readonly source: string;
  /** Where reports go when `--report` is not given, resolved against the config's directory; null when unset. */
  readonly reports: string | null;
  /** Where "reports" is written in the config, to locate a mistake found when the folder is used. */
  readonly reportsSpan: Span | null;
  /** Folders searched for included files (`"includePath"`), resolved like spec paths. */
  readonly includePath: readonly string[];
  /** Where the files the specs include must be: the config's folder; null with `allowOutside`. */
  readonly confine: Confinement | null;
  readonly entries: readonly SuiteEntry[];
}

export interface ConfigOptions {
  /** A spec file must exist (injectable for tests; default: an existing regular file). */
  readonly fileExists?: (p: string) => boolean;
  /** Allow specs, included files, include folders and the reports folder outside the config's directory. */
  readonly allowOutside?: boolean;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: SuiteConfig }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly sources: ReadonlyMap<string, string> };

const TOP_KEYS = ['entries', 'reports', 'includePath'] as const;
const ENTRY_KEYS = ['name', 'files', 'eot', 'eff', 'crashes', 'nodes', 'expect', 'strategy', 'oracle', 'maxRuns'] as const;
const REQUIRED_ENTRY_KEYS = ['name', 'files', 'eot', 'eff', 'crashes', 'expect'] as const;
const EXPECTATIONS: readonly Expectation[] = ['counterexample', 'certified'];
const STRATEGIES: readonly Strategy[] = ['ldfi', 'random', 'exhaustive'];
export function loadSuiteConfig(path: string, options: ConfigOptions = {}): ConfigResult {
  const got = readSource(path);
  if (got.kind !== 'text') {
    const reason = got.kind === 'missing' ? 'no such file' : `it is ${got.reason}`;
    const at: Span = { file: path, line: 1, col: 1, endLine: 1, endCol: 2 };
    return { ok: false, diagnostics: [error(at, `cannot read the suite config: ${reason}`)], sources: new Map() };
  }
  return parseSuiteConfig(got.text, path, options);
}

/** A path from the config: absolute as given, else relative to the config's directory. */
function configPath(dir: string, p: string): string {
  return isAbsolute(p) ? p : join(dir, p);
}

export function parseSuiteConfig(source: string, path: string, options: ConfigOptions | ((p: string) => boolean) = {}): ConfigResult {
  const opts: ConfigOptions = typeof options === 'function' ? { fileExists: options } : options;
  const fileExists = opts.fileExists ?? isFile;
  const sources = new Map([[path, source]]);
  const parsed = parseJson(source, path);
  if (!parsed.value) return { ok: false, diagnostics: parsed.diagnostics, sources };
  const diagnostics: Diagnostic[] = [];
  const dir = dirname(path);
  const project = dir === '' ? '.' : dir;
  const outside = (p: string): boolean => !opts.allowOutside && !isInside(project, p);
  const top = parsed.value;
  if (top.kind !== 'object') {
    return { ok: false, diagnostics: [error(top.span, `the suite config must be an object {"entries": [...]}, got ${kindName(top)}`)], sources };
  }
  const fields = members(top, TOP_KEYS, 'the suite config', diagnostics);
  let reports: string | null = null;
  const reportsNode = fields.get('reports');
  if (reportsNode) {
    if (reportsNode.kind !== 'string' || reportsNode.value === '') diagnostics.push(error(reportsNode.span, `"reports" must be a directory name, got ${kindName(reportsNode)}`));
    else if (outside(configPath(dir, reportsNode.value))) {
      diagnostics.push(error(reportsNode.span, `the reports folder ${configPath(dir, reportsNode.value)} is outside the config's folder; pass --allow-outside to write there`));
    } else reports = configPath(dir, reportsNode.value);
  }
  const includePath: string[] = [];
  const includeNode = fields.get('includePath');
  if (includeNode) {
    if (includeNode.kind !== 'array') diagnostics.push(error(includeNode.span, `"includePath" must be an array of directory names, got ${kindName(includeNode)}`));
    else {
      for (const d of includeNode.items) {
        if (d.kind !== 'string' || d.value === '') diagnostics.push(error(d.span, `an include folder must be a non-empty string, got ${show(d)}`));
        else if (!isDirectory(configPath(dir, d.value))) diagnostics.push(error(d.span, `include folder not found: ${configPath(dir, d.value)}`));
        else if (outside(configPath(dir, d.value))) diagnostics.push(error(d.span, `the include folder ${configPath(dir, d.value)} is outside the config's folder; pass --allow-outside to read it`));
        else includePath.push(configPath(dir, d.value));
      }
    }
  }
  const entries: SuiteEntry[] = [];
  const entriesNode = fields.get('entries');
  if (!entriesNode) diagnostics.push(error(openingBrace(top), 'the suite config is missing the required key "entries"'));
  else if (entriesNode.kind !== 'array') diagnostics.push(error(entriesNode.span, `"entries" must be an array of entries, got ${kindName(entriesNode)}`));
  // A suite that checks nothing would pass every CI run; it is a mistake, not a success.
  else if (entriesNode.items.length === 0) diagnostics.push(error(entriesNode.span, '"entries" is empty: the suite would check nothing and always pass'));
  else {
    const seen = new Map<string, Span>();
    entriesNode.items.forEach((item, i) => {
      const problems: Diagnostic[] = [];
      // Names are compared even in entries with other mistakes, so every problem shows at once.
      const name = item.kind === 'object' ? item.members.find((m) => m.key === 'name')?.value : undefined;
      if (name?.kind === 'string') {
        const first = seen.get(name.value);
        if (first) {
          problems.push(error(name.span, `duplicate entry name "${name.value}": names must be unique (they name the report folders)`, [{ message: 'first used here', span: first }]));
        } else seen.set(name.value, name.span);
      }
      entries.push(parseEntry(item, i, dir, fileExists, outside, problems));
    });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics, sources };
  const confine: Confinement | null = opts.allowOutside ? null : { folders: [realOrResolved(project)], outside: "outside the config's folder; pass --allow-outside to read it" };
  return { ok: true, config: { path, source, reports, reportsSpan: reports === null ? null : reportsNode!.span, includePath, confine, entries } };
}

function parseEntry(
  node: JsonNode,
  index: number,
  dir: string,
  fileExists: (p: string) => boolean,
  outside: (p: string) => boolean,
  diagnostics: Diagnostic[],
): SuiteEntry {
  const fallbackName = `entry ${index + 1}`;
  const broken = (name: string): SuiteEntry => {
    const at = openingBrace(node);
    return { name, files: [], paths: [], eot: 0, eff: 0, crashes: 0, expect: 'certified', strategy: 'ldfi', oracle: DEFAULT_ORACLE, maxRuns: 0, spans: { entry: at, name: at, files: [], nodes: [], crashes: at, strategy: at }, problems: diagnostics };
  };
  if (node.kind !== 'object') {
    diagnostics.push(error(node.span, `an entry must be an object {"name": …, "files": […], …}, got ${kindName(node)}`));
    return broken(fallbackName);
  }
  const fields = members(node, ENTRY_KEYS, 'an entry', diagnostics);
  const missing = REQUIRED_ENTRY_KEYS.filter((k) => !fields.has(k));
  if (missing.length > 0) {
    const label = fields.get('name')?.kind === 'string' ? `entry "${(fields.get('name') as { value: string }).value}"` : 'this entry';
    const list = missing.map((k) => `"${k}"`).join(', ');
    diagnostics.push(error(openingBrace(node), `${label} is missing the required key${missing.length > 1 ? 's' : ''} ${list}`));
  }

  const name = fields.get('name');
  if (name && !(name.kind === 'string' && usableFolderName(name.value))) {
    diagnostics.push(error(name.span, `"name" must be a non-empty string of letters, digits, '.', '_' or '-', and not index.html (it names the report folder), got ${show(name)}`));
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
        else if (!fileExists(configPath(dir, f.value))) diagnostics.push(error(f.span, `spec file not found: ${configPath(dir, f.value)}`));
        else if (outside(configPath(dir, f.value))) {
          diagnostics.push(error(f.span, `the spec ${configPath(dir, f.value)} is outside the config's folder; pass --allow-outside to check it`));
        } else {
          files.push(f.value);
          fileSpans.push(f.span);
        }
      }
    }
  }

  /** The value when given and acceptable, else null (a mistake reported, or the key absent). */
  const whole = (key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | null => {
    const v = fields.get(key);
    if (!v) return null;
    if (v.kind !== 'number' || !Number.isInteger(v.value) || v.value < min) {
      diagnostics.push(error(v.span, `"${key}" must be a whole number ≥ ${min}, got ${show(v)}`));
      return null;
    }
    if (v.value > max) {
      diagnostics.push(error(v.span, `"${key}" must be at most ${max.toLocaleString('en-US')}, got ${show(v)}`));
      return null;
    }
    return v.value;
  };
  const givenEot = whole('eot', 1, MAX_EOT);
  const givenEff = whole('eff', 0);
  const givenCrashes = whole('crashes', 0);
  const maxRuns = whole('maxRuns', 1) ?? 1;
  // Bounds are compared only when both were accepted: a rejected value has no meaning to compare.
  const effNode = fields.get('eff');
  if (effNode && givenEff !== null && givenEot !== null && givenEff > givenEot) {
    diagnostics.push(error(effNode.span, `"eff" (${givenEff}) cannot exceed "eot" (${givenEot}): messages sent after EOT are never seen`));
  }
  const eot = givenEot ?? 1;
  const eff = givenEff ?? 0;
  const crashes = givenCrashes ?? 0;

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
      if (crashesNode && givenCrashes !== null && givenCrashes > nodes.length) {
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

  const usableName = name?.kind === 'string' && usableFolderName(name.value) ? name.value : fallbackName;
  if (diagnostics.length > 0) return broken(usableName);
  return {
    name: usableName,
    files,
    paths: files.map((f) => configPath(dir, f)),
    eot,
    eff,
    crashes,
    ...(nodes ? { nodes } : {}),
    expect: (expectNode as { value: Expectation }).value,
    strategy: strategyNode ? (strategyNode as { value: Strategy }).value : 'ldfi',
    oracle: oracleNode ? (oracleNode as { value: Oracle }).value : DEFAULT_ORACLE,
    maxRuns: fields.has('maxRuns') ? maxRuns : defaultMaxRuns(strategyNode ? (strategyNode as { value: Strategy }).value : 'ldfi'),
    spans: {
      entry: openingBrace(node),
      name: (name as JsonNode).span,
      files: fileSpans,
      nodes: nodeSpans,
      crashes: (fields.get('crashes') as JsonNode).span,
      strategy: strategyNode?.span ?? openingBrace(node),
    },
    problems: [],
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
    const d = editDistance(key.toLowerCase().replace(/[_-]/g, ''), k.toLowerCase(), 2);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
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
  if (node.kind === 'array' && node.items.length === 0) return 'an empty array';
  if (node.kind === 'number' || node.kind === 'boolean') return String(node.value);
  return kindName(node);
}

/** An entry's report goes to REPORTS/<name>/index.html, beside REPORTS/index.html. */
function usableFolderName(name: string): boolean {
  return /^[\w.-]+$/.test(name) && name !== '.' && name !== '..' && name !== 'index.html';
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
}
