import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'ldfi-suite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const f of ['once.ded', 'retry.ded']) copyFileSync(join(fixtures, f), join(dir, f));

interface Entry {
  name: string;
  files: string[];
  eot: number;
  eff: number;
  crashes: number;
  expect: string;
  [key: string]: unknown;
}

/** once.ded loses its only message; retry.ded survives losses but not a crash of the sender. */
const ENTRIES: Entry[] = [
  { name: 'once-loses', files: ['once.ded'], eot: 4, eff: 2, crashes: 0, expect: 'counterexample' },
  { name: 'retry-survives-loss', files: ['retry.ded'], eot: 4, eff: 2, crashes: 0, nodes: ['a', 'b'], expect: 'certified' },
  { name: 'retry-crash', files: ['retry.ded'], eot: 4, eff: 2, crashes: 1, expect: 'counterexample' },
  { name: 'once-no-loss', files: ['once.ded'], eot: 3, eff: 0, crashes: 0, expect: 'certified', strategy: 'exhaustive' },
];

function config(name: string, entries: Entry[] | string): string {
  const path = join(dir, name);
  writeFileSync(path, typeof entries === 'string' ? entries : `${JSON.stringify({ entries }, null, 2)}\n`);
  return path;
}

async function suite(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['suite', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s), ldfiCommand: 'ldfi' });
  return { code, out, err };
}

/** Wall times are the only thing that may differ between two runs. */
function untimed(text: string): string {
  return text.replace(/\d+\.\d\d s\b/g, 'T s').replace(/time="[\d.]+"/g, 'time="T"').split(dir).join('<dir>');
}

const passing = config('passing.json', ENTRIES);

describe('ldfi suite', () => {
  it('exits 0 when every verdict is as expected, with one line per entry in config order', async () => {
    const junit = join(dir, 'passing.xml');
    const r = await suite(passing, '--jobs', '1', '--quiet', '--junit', junit);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(untimed(r.out)).toBe(
      [
        'ok    once-loses (EOT 4, EFF 2, crashes 0)           counterexample  2 executions      T s',
        'ok    retry-survives-loss (EOT 4, EFF 2, crashes 0)  certified       1 execution       T s',
        'ok    retry-crash (EOT 4, EFF 2, crashes 1)          counterexample  2 executions      T s',
        'ok    once-no-loss (EOT 3, EFF 0, crashes 0)         certified       1 execution       T s',
        '4 passed, 0 failed',
        '',
      ].join('\n'),
    );
    expect(untimed(readFileSync(junit, 'utf8'))).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="ldfi suite" tests="4" failures="0" errors="0" time="T">',
        '  <testsuite name="<dir>/passing.json" tests="4" failures="0" errors="0" skipped="0" time="T">',
        '    <properties><property name="summary" value="4 passed, 0 failed"/></properties>',
        '    <testcase classname="once.ded" name="once-loses" time="T"/>',
        '    <testcase classname="retry.ded" name="retry-survives-loss" time="T"/>',
        '    <testcase classname="retry.ded" name="retry-crash" time="T"/>',
        '    <testcase classname="once.ded" name="once-no-loss" time="T"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('exits 1 when one expected verdict is flipped, and names that entry with a <failure>', async () => {
    const flipped = config('flipped.json', ENTRIES.map((e) => (e.name === 'once-loses' ? { ...e, expect: 'certified' } : e)));
    const junit = join(dir, 'flipped.xml');
    const r = await suite(flipped, '--jobs', '1', '--quiet', '--junit', junit);
    expect(r.code).toBe(1);
    expect(untimed(r.out)).toBe(
      [
        'FAIL  once-loses (EOT 4, EFF 2, crashes 0)           expected certified, got counterexample: omit(a,b,1)  2 executions      T s',
        '        spec: <dir>/once.ded',
        '        faults: omit(a,b,1)',
        '        pre tuples without post: pre("a", "m")',
        "        replay: ldfi run <dir>/once.ded --eot 4 --nodes a,b --faults 'omit(a,b,1)'",
        'ok    retry-survives-loss (EOT 4, EFF 2, crashes 0)  certified       1 execution       T s',
        'ok    retry-crash (EOT 4, EFF 2, crashes 1)          counterexample  2 executions      T s',
        'ok    once-no-loss (EOT 3, EFF 0, crashes 0)         certified       1 execution       T s',
        '3 passed, 1 failed',
        '',
      ].join('\n'),
    );
    const xml = untimed(readFileSync(junit, 'utf8'));
    expect(xml).toContain('<testsuites name="ldfi suite" tests="4" failures="1" errors="0" time="T">');
    expect(xml).toContain(
      [
        '    <testcase classname="once.ded" name="once-loses" time="T">',
        '      <failure message="expected certified, got counterexample" type="VerdictMismatch">spec: <dir>/once.ded',
        'faults: omit(a,b,1)',
        'pre tuples without post: pre(&quot;a&quot;, &quot;m&quot;)',
        'replay: ldfi run <dir>/once.ded --eot 4 --nodes a,b --faults &apos;omit(a,b,1)&apos;</failure>',
        '    </testcase>',
        '    <testcase classname="retry.ded" name="retry-survives-loss" time="T"/>',
      ].join('\n'),
    );
    expect(xml.match(/<failure/g)).toHaveLength(1);
  });

  it('gives the same output with --jobs 2 as with --jobs 1', async () => {
    const mixed = config('mixed.json', ENTRIES.map((e, i) => (i % 2 === 0 ? { ...e, expect: e.expect === 'certified' ? 'counterexample' : 'certified' } : e)));
    const one = await suite(mixed, '--jobs', '1', '--quiet', '--json-file', join(dir, 'one.json'));
    const two = await suite(mixed, '--jobs', '2', '--quiet', '--json-file', join(dir, 'two.json'));
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    expect(untimed(two.out)).toBe(untimed(one.out));
    const strip = (path: string): unknown => {
      const doc = JSON.parse(readFileSync(path, 'utf8')) as { entries: { elapsedMs?: number }[] };
      for (const e of doc.entries) delete e.elapsedMs;
      return doc;
    };
    expect(strip(join(dir, 'two.json'))).toEqual(strip(join(dir, 'one.json')));
  });

  it('counts an incomplete search as a mismatch', async () => {
    const capped = config('capped.json', [{ ...ENTRIES[0]!, maxRuns: 1 }]);
    const r = await suite(capped, '--jobs', '1', '--quiet');
    expect(r.code).toBe(1);
    expect(untimed(r.out)).toBe(
      [
        'FAIL  once-loses (EOT 4, EFF 2, crashes 0)  expected counterexample, got incomplete (stopped after 1 run, maxRuns)  1 execution       T s',
        '        spec: <dir>/once.ded',
        '0 passed, 1 failed',
        '',
      ].join('\n'),
    );
  });

  it('names why a random entry stopped short of maxRuns: its draws only repeated', async () => {
    const drawn = config('drawn.json', [{ ...ENTRIES[1]!, strategy: 'random' }]);
    const r = await suite(drawn, '--jobs', '1', '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL {2}retry-survives-loss \(EOT 4, EFF 2, crashes 0\) {2}expected certified, got incomplete \(every one of the (\d+) fault sets was drawn, before maxRuns; random search never certifies\) {2}\1 executions /);
  });

  it('prints JSON on stdout with --json', async () => {
    const r = await suite(passing, '--jobs', '1', '--quiet', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { entries: Record<string, unknown>[]; passed: number; failed: number };
    expect(doc.passed).toBe(4);
    expect(doc.failed).toBe(0);
    expect({ ...doc.entries[0], elapsedMs: 0 }).toEqual({
      name: 'once-loses',
      files: ['once.ded'],
      bounds: { nodes: ['a', 'b'], eot: 4, eff: 2, crashes: 0 },
      strategy: 'ldfi',
      oracle: 'default',
      expect: 'counterexample',
      verdict: 'counterexample',
      passed: true,
      executions: 2,
      elapsedMs: 0,
      faults: 'omit(a,b,1)',
      missing: ['pre("a", "m")'],
      replay: `ldfi run ${join(dir, 'once.ded')} --eot 4 --nodes a,b --faults 'omit(a,b,1)'`,
      error: null,
      problems: [],
      warnings: [],
    });
  });

  it('warns, with its entry and in config order, of a node that sends messages but is left out of "nodes"', async () => {
    const entries: Entry[] = [
      { name: 'whole', files: ['retry.ded'], eot: 4, eff: 2, crashes: 0, expect: 'certified' },
      { name: 'half', files: ['retry.ded'], eot: 4, eff: 2, crashes: 0, nodes: ['a'], expect: 'certified' },
    ];
    const path = config('left-out.json', entries);
    const text = await suite(path, '--jobs', '2', '--quiet');
    expect(text.code).toBe(0);
    expect(text.err).toBe('suite: warning: entry "half": b sends or receives messages but is not in "nodes": those messages are never lost and b never crashes; add it to "nodes" to test it\n');
    const junit = join(dir, 'left-out.xml');
    await suite(path, '--jobs', '1', '--quiet', '--junit', junit);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testcase classname="retry.ded" name="whole" time="');
    expect(xml.match(/<system-err>[^<]*<\/system-err>/g)).toEqual(['<system-err>warning: b sends or receives messages but is not in &quot;nodes&quot;: those messages are never lost and b never crashes; add it to &quot;nodes&quot; to test it</system-err>']);
    expect(xml).toMatch(/name="half" time="[\d.]+">\n {6}<system-err>/);
    const json = await suite(path, '--jobs', '1', '--quiet', '--json');
    const doc = JSON.parse(json.out) as { entries: { warnings: string[] }[] };
    expect(doc.entries.map((e) => e.warnings.length)).toEqual([0, 1]);
    expect(json.err).toBe(text.err);
  });

  it('gives null, not defaults, for what an entry it could not read asks for', async () => {
    const path = config('unread.json', [{ name: 'gone', files: ['nope.ded'], eot: 6, eff: 3, crashes: 0, expect: 'counterexample' }, ENTRIES[1]!]);
    const r = await suite(path, '--jobs', '1', '--quiet', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { entries: Record<string, unknown>[] };
    const gone = doc.entries[0]!;
    expect([gone['files'], gone['bounds'], gone['strategy'], gone['oracle'], gone['expect'], gone['verdict']]).toEqual([null, null, null, null, null, 'error']);
    expect(doc.entries[1]!['expect']).toBe(ENTRIES[1]!.expect);
  });

  it('names the config as the JUnit classname of an entry it could not read', async () => {
    const path = config('unread-junit.json', [{ name: 'gone', files: ['nope.ded'], eot: 6, eff: 3, crashes: 0, expect: 'counterexample' }, ENTRIES[1]!]);
    const junit = join(dir, 'unread.xml');
    const r = await suite(path, '--jobs', '1', '--quiet', '--junit', junit);
    expect(r.code).toBe(1);
    const cases = [...readFileSync(junit, 'utf8').matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((m) => [m[1], m[2]]);
    expect(cases).toEqual([
      [path, 'gone'],
      [ENTRIES[1]!.files[0], ENTRIES[1]!.name],
    ]);
  });

  it('runs only the K-th of N slices with --shard', async () => {
    const r = await suite(passing, '--jobs', '1', '--quiet', '--shard', '2/3');
    expect(r.code).toBe(0);
    expect(untimed(r.out)).toBe(
      [
        'ok    retry-survives-loss (EOT 4, EFF 2, crashes 0)  certified       1 execution       T s',
        '1 passed, 0 failed (shard 2/3: 1 of 4 entries)',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['--no-report first', ['--no-report', '--report']],
    ['--report first', ['--report']],
  ] as const)('refuses --report with --no-report (%s), writing nothing', async (name, flags) => {
    const folder = join(dir, `both-${name.slice(2, 4)}`);
    const args = flags.length === 2 ? [flags[0], flags[1], folder] : [flags[0], folder, '--no-report'];
    const r = await suite(passing, '--quiet', ...args);
    expect([r.code, r.out, r.err]).toEqual([2, '', 'ldfi: error: --report and --no-report contradict each other; give one of them\n']);
    expect(existsSync(folder)).toBe(false);
  });

  it('rejects a bad shard with exit 2', async () => {
    const r = await suite(passing, '--shard', '4/3');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe("ldfi: error: --shard: K must be between 1 and 3, got '4/3'\n");
  });

  it('fails a bad entry alone: the others run, the FAIL line names the location, JUnit and JSON are written; exit 1', async () => {
    const bad = config(
      'bad.json',
      `{\n  "entries": [\n    { "name": "x", "files": ["nope.ded"], "eot": 4, "eff": 2, "crashes": 0, "expect": "maybe" },\n    ${JSON.stringify(ENTRIES[0])}\n  ]\n}\n`,
    );
    const junit = join(dir, 'bad.xml');
    const json = join(dir, 'bad-out.json');
    const r = await suite(bad, '--junit', junit, '--json-file', json, '--jobs', '1', '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(untimed(r.out)).toBe(
      [
        'FAIL  x                                     error: <dir>/bad.json:3:30: spec file not found: <dir>/nope.ded',
        '        <dir>/bad.json:3:30: error: spec file not found: <dir>/nope.ded',
        '              { "name": "x", "files": ["nope.ded"], "eot": 4, "eff": 2, "crashes": 0, "expect": "maybe" },',
        '                                       ^^^^^^^^^^',
        '        <dir>/bad.json:3:87: error: "expect" must be "counterexample" or "certified", got "maybe"',
        '              { "name": "x", "files": ["nope.ded"], "eot": 4, "eff": 2, "crashes": 0, "expect": "maybe" },',
        '                                                                                                ^^^^^^^',
        'ok    once-loses (EOT 4, EFF 2, crashes 0)  counterexample  2 executions      T s',
        '1 passed, 1 failed',
        '',
      ].join('\n'),
    );
    const xml = untimed(readFileSync(junit, 'utf8'));
    expect(xml).toContain('<testsuites name="ldfi suite" tests="2" failures="0" errors="1" time="T">');
    expect(xml).toContain('<error message="error: <dir>/bad.json:3:30: spec file not found: <dir>/nope.ded" type="BadInput">');
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { entries: { name: string; verdict: string; problems: unknown[] }[]; errors: number };
    expect(doc.entries.map((e) => [e.name, e.verdict, e.problems.length])).toEqual([
      ['x', 'error', 2],
      ['once-loses', 'counterexample', 0],
    ]);
    expect(doc.errors).toBe(1);
  });

  it('exits 2 when the config itself cannot be read, writing nothing', async () => {
    const bad = config('unreadable.json', '{\n  "entries": [\n    { "name": "x" }\n  ],\n}\n');
    const junit = join(dir, 'unreadable.xml');
    const r = await suite(bad, '--junit', junit);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(untimed(r.err)).toBe(['<dir>/unreadable.json:5:1: error: trailing comma before `}`', '  }', '  ^', ''].join('\n'));
    expect(existsSync(junit)).toBe(false);
  });

  it('reports a missing config file with exit 2', async () => {
    const r = await suite(join(dir, 'absent.json'));
    expect(r.code).toBe(2);
    expect(untimed(r.err)).toBe('<dir>/absent.json:1:1: error: cannot read the suite config: no such file\n');
  });

  it('reports spec errors and nodes the spec never names as those entries\' errors, located', async () => {
    writeFileSync(join(dir, 'broken.ded'), 'log("a", "m")@1;\npre(N, M) :- log(N, M)\npost(N, M) :- log(N, M);\n');
    const path = config('spec-errors.json', [
      { name: 'broken', files: ['broken.ded'], eot: 3, eff: 1, crashes: 0, expect: 'certified' },
      { name: 'ghost', files: ['once.ded'], eot: 3, eff: 1, crashes: 0, nodes: ['a', 'z'], expect: 'certified' },
      ENTRIES[1]!,
    ]);
    const junit = join(dir, 'spec-errors.xml');
    const r = await suite(path, '--junit', junit, '--quiet', '--jobs', '1');
    expect(r.code).toBe(1);
    expect(untimed(r.out)).toBe(
      [
        "FAIL  broken (EOT 3, EFF 1, crashes 0)               error: <dir>/broken.ded:2:23: expected ',' or ';' but found 'post' on line 3",
        "        <dir>/broken.ded:2:23: error: expected ',' or ';' but found 'post' on line 3",
        '          pre(N, M) :- log(N, M)',
        '                                ^',
        'FAIL  ghost (EOT 3, EFF 1, crashes 0)                error: <dir>/spec-errors.json:23:9: node "z" never appears in <dir>/once.ded',
        '        <dir>/spec-errors.json:23:9: error: node "z" never appears in <dir>/once.ded',
        '                  "z"',
        '                  ^^^',
        'ok    retry-survives-loss (EOT 4, EFF 2, crashes 0)  certified       1 execution       T s',
        '1 passed, 2 failed',
        '',
      ].join('\n'),
    );
    expect(untimed(readFileSync(junit, 'utf8')).match(/<error /g)).toHaveLength(2);
  });

  it('writes a page per entry and an index with --report', async () => {
    const reports = join(dir, 'reports');
    const r = await suite(passing, '--jobs', '1', '--quiet', '--report', reports);
    expect(r.code).toBe(0);
    for (const e of ENTRIES) expect(readFileSync(join(reports, e.name, 'index.html'), 'utf8')).toContain('<!DOCTYPE html>');
    const index = readFileSync(join(reports, 'index.html'), 'utf8');
    for (const e of ENTRIES) expect(index).toContain(`href="${e.name}/index.html"`);
  });

  it('fails a duplicate entry name alone, located at the second name; the first gets the page', async () => {
    const doubled = config('doubled.json', `{\n  "reports": "doubled-reports",\n  "entries": [\n    ${JSON.stringify(ENTRIES[0])},\n    ${JSON.stringify(ENTRIES[0])}\n  ]\n}\n`);
    const r = await suite(doubled, '--jobs', '1', '--quiet');
    expect(r.code).toBe(1);
    const lines = untimed(r.out).split('\n');
    expect(lines[0]).toMatch(/^ok {4}once-loses \(EOT 4, EFF 2, crashes 0\) +counterexample /);
    expect(lines[1]).toMatch(/^FAIL {2}once-loses +error: <dir>\/doubled.json:5:13: duplicate entry name "once-loses": names must be unique/);
    expect(lines.at(-2)).toBe('1 passed, 1 failed');
    expect(readdirSync(join(dir, 'doubled-reports')).sort()).toEqual(['index.html', 'once-loses']);
  });

  it('locates a "reports" that is a file at its value in the config, and writes nothing', async () => {
    const path = config('reports-file.json', `{\n  "reports": "once.ded",\n  "entries": [${JSON.stringify(ENTRIES[0])}]\n}\n`);
    const before = readFileSync(join(dir, 'once.ded'), 'utf8');
    const r = await suite(path, '--jobs', '1', '--quiet');
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err).toBe(`${path}:2:14: error: the reports folder ${join(dir, 'once.ded')}: exists and is not a directory\n    "reports": "once.ded",\n               ^^^^^^^^^^\n`);
    expect(readFileSync(join(dir, 'once.ded'), 'utf8')).toBe(before);
    // Not the config's folder any more, so not its mistake: --report names itself, --no-report runs.
    const given = await suite(path, '--jobs', '1', '--quiet', '--report', join(dir, 'once.ded'));
    expect(given.err).toBe(`ldfi: error: --report ${join(dir, 'once.ded')}: exists and is not a directory\n`);
    expect((await suite(path, '--jobs', '1', '--quiet', '--no-report')).code).toBe(0);
  });
});
