import { describe, expect, it } from 'vitest';
import { parseSuiteConfig, type ConfigResult } from '../../src/suite/config.js';
import { parseJson } from '../../src/suite/json.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';

const existing = new Set(['a.ded', 'b.ded', 'specs/a.ded']);
const exists = (p: string): boolean => existing.has(p);

function parse(text: string): ConfigResult {
  return parseSuiteConfig(text, 'ldfi.config.json', exists);
}

/** The rendered errors of the config, or else of its entries, exactly as `ldfi suite` prints them. */
function errors(text: string): string {
  const r = parse(text);
  if (!r.ok) return renderDiagnostics(r.diagnostics, r.sources);
  const problems = r.config.entries.flatMap((e) => e.problems);
  if (problems.length === 0) throw new Error('expected errors');
  return renderDiagnostics(problems, new Map([['ldfi.config.json', text]]));
}

const entry = (extra: string): string =>
  `{\n  "entries": [\n    { "name": "a", "files": ["a.ded"], "eot": 4, "eff": 2, "crashes": 0, "expect": "certified"${extra} }\n  ]\n}\n`;

describe('parseJson', () => {
  it('records the span of every key and value', () => {
    const r = parseJson('{\n  "k": [1, "two", true, null],\n  "o": {}\n}', 'f.json');
    expect(r.diagnostics).toEqual([]);
    const top = r.value!;
    if (top.kind !== 'object') throw new Error('object expected');
    expect(top.members.map((m) => [m.key, m.keySpan.line, m.keySpan.col, m.keySpan.endCol])).toEqual([
      ['k', 2, 3, 6],
      ['o', 3, 3, 6],
    ]);
    const arr = top.members[0]!.value;
    if (arr.kind !== 'array') throw new Error('array expected');
    expect(arr.items.map((i) => [i.kind, i.span.col, i.span.endCol])).toEqual([
      ['number', 9, 10],
      ['string', 12, 17],
      ['boolean', 19, 23],
      ['null', 25, 29],
    ]);
  });

  it('decodes escapes and numbers', () => {
    const r = parseJson('["a\\"b\\n\\u0041", -1.5e2, 0]', 'f.json');
    const v = r.value;
    if (v?.kind !== 'array') throw new Error('array expected');
    expect(v.items.map((i) => ('value' in i ? i.value : null))).toEqual(['a"b\nA', -150, 0]);
  });

  it.each([
    ['{"a": 1,}', 'f.json:1:9: error: trailing comma before `}`'],
    ['[1 2]', 'f.json:1:4: error: expected `,` or `]`, found `2`'],
    ['{"a" 1}', 'f.json:1:6: error: expected `:` after the key "a", found `1`'],
    ["{'a': 1}", 'f.json:1:2: error: expected a key in double quotes, found `\'`'],
    ['{"a": "x\n"}', 'f.json:1:7: error: unterminated string (a string ends on the line it starts)'],
    ['{"a": 01}', 'f.json:1:8: error: invalid number'],
    ['{} x', 'f.json:1:4: error: unexpected `x` after the end of the JSON value'],
    ['{"a": ', 'f.json:1:7: error: expected a value, found end of file'],
    ['\uFEFF{"a": tru}', 'f.json:1:7: error: expected a value, found `t`'],
  ])('reports %j at its position', (text, message) => {
    const r = parseJson(text, 'f.json');
    expect(r.value).toBeNull();
    expect(renderDiagnostics(r.diagnostics, new Map()).trim()).toBe(message);
  });
});

describe('parseSuiteConfig', () => {
  it('reads a config, applies defaults and resolves paths against its directory', () => {
    const r = parseSuiteConfig(
      '{"reports": "out", "entries": [{"name": "x", "files": ["a.ded"], "eot": 6, "eff": 3, "crashes": 1, "nodes": ["a", "b"], "expect": "counterexample"}]}',
      'specs/suite.json',
      exists,
    );
    if (!r.ok) throw new Error(renderDiagnostics(r.diagnostics, r.sources));
    expect(r.config.reports).toBe('specs/out');
    const e = r.config.entries[0]!;
    expect({ ...e, spans: undefined }).toEqual({
      name: 'x',
      files: ['a.ded'],
      paths: ['specs/a.ded'],
      eot: 6,
      eff: 3,
      crashes: 1,
      nodes: ['a', 'b'],
      expect: 'counterexample',
      strategy: 'ldfi',
      oracle: 'default',
      maxRuns: 10000,
      spans: undefined,
      problems: [],
    });
  });

  it('reports a JSON syntax error with the source line and a caret', () => {
    expect(errors('{\n  "entries": [\n    { "name": "a" "files": [] }\n  ]\n}\n')).toBe(
      [
        'ldfi.config.json:3:19: error: expected `,` or `}`, found `"`',
        '      { "name": "a" "files": [] }',
        '                    ^',
        '',
      ].join('\n'),
    );
  });

  it('refuses a suite with no entries: it would pass every CI run', () => {
    expect(errors('{ "entries": [] }\n')).toContain('error: "entries" is empty: the suite would check nothing and always pass');
  });

  it('says an empty list of files is empty', () => {
    const text = `{\n  "entries": [\n    { "name": "a", "files": [], "eot": 4, "eff": 2, "crashes": 0, "expect": "certified" }\n  ]\n}\n`;
    expect(errors(text)).toContain('error: "files" must be a non-empty array of spec paths, got an empty array');
  });

  it('reports an unknown key and suggests the close one', () => {
    const text = `{\n  "entries": [\n    { "name": "a", "files": ["a.ded"], "eot": 4, "eff": 2, "crashes": 0, "expected": "certified" }\n  ]\n}\n`;
    expect(errors(text)).toBe(
      [
        'ldfi.config.json:3:5: error: entry "a" is missing the required key "expect"',
        '      { "name": "a", "files": ["a.ded"], "eot": 4, "eff": 2, "crashes": 0, "expected": "certified" }',
        '      ^',
        'ldfi.config.json:3:74: error: unknown key "expected" in an entry — did you mean "expect"?',
        '      { "name": "a", "files": ["a.ded"], "eot": 4, "eff": 2, "crashes": 0, "expected": "certified" }',
        '                                                                           ^^^^^^^^^^',
        '',
      ].join('\n'),
    );
  });

  it('reads an entry\'s "oracle", and rejects anything but "default" or "molly" at the value', () => {
    const r = parse(entry(', "oracle": "molly"'));
    if (!r.ok) throw new Error(renderDiagnostics(r.diagnostics, r.sources));
    expect(r.config.entries[0]!.oracle).toBe('molly');
    expect(errors(entry(', "oracle": "Molly"'))).toContain('ldfi.config.json:3:107: error: "oracle" must be "default" or "molly", got "Molly"');
    expect(errors(entry(', "oracle": true'))).toContain('error: "oracle" must be "default" or "molly", got true');
    expect(errors(entry(', "orcle": "molly"'))).toContain('unknown key "orcle" in an entry — did you mean "oracle"?');
  });

  it('reports wrong types and values at the value', () => {
    expect(errors(entry(', "maxRuns": "10", "strategy": "smart", "nodes": ["a", "a"]'))).toBe(
      [
        'ldfi.config.json:3:108: error: "maxRuns" must be a whole number ≥ 1, got "10"',
        '      { "name": "a", "files": ["a.ded"], "eot": 4, "eff": 2, "crashes": 0, "expect": "certified", "maxRuns": "10", "strategy": "smart", "nodes": ["a", "a"] }',
        '                                                                                                             ^^^^',
        'ldfi.config.json:3:126: error: "strategy" must be "ldfi", "random" or "exhaustive", got "smart"',
        '      { "name": "a", "files": ["a.ded"], "eot": 4, "eff": 2, "crashes": 0, "expect": "certified", "maxRuns": "10", "strategy": "smart", "nodes": ["a", "a"] }',
        '                                                                                                                               ^^^^^^^',
        'ldfi.config.json:3:150: error: node "a" is listed twice',
        '      { "name": "a", "files": ["a.ded"], "eot": 4, "eff": 2, "crashes": 0, "expect": "certified", "maxRuns": "10", "strategy": "smart", "nodes": ["a", "a"] }',
        '                                                                                                                                                       ^^^',
        '',
      ].join('\n'),
    );
  });

  it('reports eff > eot, a missing spec file and a duplicate name', () => {
    const text = [
      '{',
      '  "entries": [',
      '    { "name": "a", "files": ["a.ded"], "eot": 4, "eff": 5, "crashes": 0, "expect": "certified" },',
      '    { "name": "b", "files": ["missing.ded"], "eot": 4, "eff": 2, "crashes": 0, "expect": "certified" },',
      '    { "name": "a", "files": ["b.ded"], "eot": 4, "eff": 2, "crashes": 0, "expect": "counterexample" }',
      '  ]',
      '}',
      '',
    ].join('\n');
    expect(errors(text)).toBe(
      [
        'ldfi.config.json:3:57: error: "eff" (5) cannot exceed "eot" (4): messages sent after EOT are never seen',
        '      { "name": "a", "files": ["a.ded"], "eot": 4, "eff": 5, "crashes": 0, "expect": "certified" },',
        '                                                          ^',
        'ldfi.config.json:4:30: error: spec file not found: missing.ded',
        '      { "name": "b", "files": ["missing.ded"], "eot": 4, "eff": 2, "crashes": 0, "expect": "certified" },',
        '                               ^^^^^^^^^^^^^',
        'ldfi.config.json:5:15: error: duplicate entry name "a": names must be unique (they name the report folders)',
        '      { "name": "a", "files": ["b.ded"], "eot": 4, "eff": 2, "crashes": 0, "expect": "counterexample" }',
        '                ^^^',
        'ldfi.config.json:3:15: note: first used here',
        '      { "name": "a", "files": ["a.ded"], "eot": 4, "eff": 5, "crashes": 0, "expect": "certified" },',
        '                ^^^',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['0', '"eot" must be a whole number ≥ 1, got 0', '^'],
    ['-1', '"eot" must be a whole number ≥ 1, got -1', '^^'],
    ['1.5', '"eot" must be a whole number ≥ 1, got 1.5', '^^^'],
    ['99999999999', '"eot" must be at most 100,000, got 99999999999', '^^^^^^^^^^^'],
    ['"x"', '"eot" must be a whole number ≥ 1, got "x"', '^^^'],
  ])('reports a rejected eot %s once, without comparing eff with a value that was refused', (eot, message, caret) => {
    const line = `{"entries":[{"name":"b","files":["a.ded"],"eot":${eot},"eff":2,"crashes":0,"expect":"counterexample"}]}`;
    expect(errors(`${line}\n`)).toBe([`ldfi.config.json:1:49: error: ${message}`, `  ${line}`, `  ${' '.repeat(48)}${caret}`, ''].join('\n'));
  });

  it('still compares eff with an accepted eot, and crashes with the nodes only when crashes was accepted', () => {
    expect(errors(entry(', "eff": 5').replace('"eff": 2, ', ''))).toContain('"eff" (5) cannot exceed "eot" (4)');
    const refused = errors(entry(', "nodes": ["a"]').replace('"crashes": 0', '"crashes": -3'));
    expect(refused).toContain('"crashes" must be a whole number ≥ 0, got -3');
    expect(refused).not.toContain('exceeds the number of nodes');
    expect(errors(entry(', "nodes": ["a"]').replace('"crashes": 0', '"crashes": 2'))).toContain('"crashes" (2) exceeds the number of nodes (1)');
  });

  it('reports a top level that is not an object, and missing entries', () => {
    expect(errors('[]')).toBe('ldfi.config.json:1:1: error: the suite config must be an object {"entries": [...]}, got an array\n  []\n  ^^\n');
    expect(errors('{"reports": 1}')).toBe(
      [
        'ldfi.config.json:1:1: error: the suite config is missing the required key "entries"',
        '  {"reports": 1}',
        '  ^',
        'ldfi.config.json:1:13: error: "reports" must be a directory name, got a number',
        '  {"reports": 1}',
        '              ^',
        '',
      ].join('\n'),
    );
  });
});
