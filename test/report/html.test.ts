import { describe, expect, it } from 'vitest';
import { buildReportData, pickDetailRuns, type ReportInput } from '../../src/report/data.js';
import { escapeHtml, html, jsonForScript } from '../../src/report/escape.js';
import { renderReportHtml, renderSuiteIndex } from '../../src/report/html.js';
import type { CheckResult } from '../../src/search/types.js';
import { join } from 'node:path';
import { simulate } from '../../src/sim/simulate.js';
import { loadSpec, tinySpec, XSS } from './fixtures.js';

const spec = tinySpec(4);
const baseline = spec.run('');
const lossy = spec.run('omit(a,b,1)');
const harmless = spec.run('omit(a,c,2)');

const check: CheckResult = {
  verdict: 'counterexample',
  strategy: 'ldfi',
  bounds: { nodes: ['a', 'b', 'c'], eot: 4, eff: 3, crashes: 0 },
  executions: 3,
  hypotheses: 2,
  faultSpace: { faultSets: '64', mollyEstimate: '4096' },
  elapsedMs: 7,
  counterexample: { run: 3, faults: lossy.faults, missing: lossy.invariant.missing },
  counterexamples: [{ run: 3, faults: lossy.faults, missing: lossy.invariant.missing }],
  runs: [
    { index: 1, faults: [], violated: false, missing: [], target: null },
    { index: 2, faults: harmless.faults, violated: false, missing: [], target: `post("c", ${JSON.stringify(XSS)})` },
    { index: 3, faults: lossy.faults, violated: true, missing: lossy.invariant.missing, target: `post("b", ${JSON.stringify(XSS)})` },
  ],
};

const input: ReportInput = {
  title: `tiny ${XSS}`,
  files: [`spec${XSS}.ded`],
  check,
  runs: [
    { index: 1, result: baseline },
    { index: 2, result: harmless },
    { index: 3, result: lossy },
  ],
  baseline,
  rules: spec.compiled.rules,
  sources: spec.sources,
};

const FAKE_D3 = 'window.d3 = {};';
const FAKE_DAGRE = 'window.dagre = {};';

function dataBlock(page: string): string {
  const m = /<script type="application\/json" id="ldfi-data">([\s\S]*?)<\/script>/.exec(page);
  if (!m) throw new Error('no data block');
  return m[1]!;
}

describe('escaping', () => {
  it('escapes HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<p title="${'"><b>'}">${'<i>'}</p>`.__html).toBe('<p title="&quot;&gt;&lt;b&gt;">&lt;i&gt;</p>');
  });

  it('keeps JSON inside a script block inert and readable back', () => {
    const text = jsonForScript({ s: XSS, t: '<!-- & -->' });
    expect(text).not.toMatch(/[<>&]/);
    expect(JSON.parse(text)).toEqual({ s: XSS, t: '<!-- & -->' });
  });

  it('a spec constant "</script><script>alert(1)</script>" stays text on the page', () => {
    const page = renderReportHtml(buildReportData(input), { d3: FAKE_D3, dagre: FAKE_DAGRE });
    // Exactly our four script elements: the data, d3, dagre, the page script.
    expect(page.match(/<script/g)).toHaveLength(4);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    const data = JSON.parse(dataBlock(page));
    expect(data.title).toBe(`tiny ${XSS}`);
    expect(JSON.stringify(data)).toContain(XSS.replace(/"/g, '\\"'));
  });

  it('names the nodes in the header as --nodes takes them', () => {
    const data = buildReportData(input);
    const page = renderReportHtml({ ...data, summary: { ...data.summary, nodes: ['a', 'x,y'] } }, { d3: FAKE_D3, dagre: FAKE_DAGRE });
    expect(page).toContain('<dt>nodes</dt><dd>a, &quot;x,y&quot;</dd>');
  });
});

describe('report data', () => {
  const data = buildReportData(input);

  it('lists every run and selects the counterexample', () => {
    expect(data.runs.map((r) => [r.index, r.faults, r.violated, r.counterexample, r.detail])).toEqual([
      [1, '', false, false, true],
      [2, 'omit(a,c,2)', false, false, true],
      [3, 'omit(a,b,1)', true, true, true],
    ]);
    expect(data.selected).toBe(3);
    expect(data.baselineIndex).toBe(1);
  });

  it('states the verdict in plain words with the figures of the check', () => {
    expect(data.summary.sentence).toBe(`Losing a→b at t=1 leaves pre("b", ${JSON.stringify(XSS)}) without post.`);
    expect(data.summary).toMatchObject({ verdict: 'counterexample', executions: 3, faultSpace: "64 fault sets (Molly's estimate 4,096)", elapsed: '7 ms', replay: 'omit(a,b,1)' });
  });

  it('explains the broken outcome and marks what the counterexample killed', () => {
    expect(data.lineage.roots).toHaveLength(1);
    const cx = data.details.find((d) => d.index === 3)!;
    const killed = data.lineage.nodes.filter((n) => cx.lineage.killed.includes(n.id));
    expect(killed.map((n) => n.message)).toEqual([{ from: 'a', to: 'b', sendTime: 1 }]);
    expect(cx.diffs.length).toBeGreaterThan(0);
    expect(data.details.find((d) => d.index === 1)!.diffs).toEqual([]);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const again = buildReportData({ ...input, runs: [...input.runs].reverse() });
    expect(renderReportHtml(again, { d3: FAKE_D3, dagre: FAKE_DAGRE })).toBe(renderReportHtml(data, { d3: FAKE_D3, dagre: FAKE_DAGRE }));
  });

  it('inlines d3 and dagre from node_modules and loads nothing from the network', () => {
    const page = renderReportHtml(data);
    expect(page.length).toBeGreaterThan(290_000);
    expect(page).toContain('var dagre=');
    expect(page).not.toContain('sourceMappingURL=dagre');
    expect(page.includes('content="default-src &#39;none&#39;;')).toBe(true);
    expect(page).not.toMatch(/<script[^>]+src=/);
    expect(page).not.toMatch(/<link[^>]+href="http/);
  });

  it('embeds details for a bounded set of runs and says so', () => {
    const many: CheckResult = {
      ...check,
      runs: Array.from({ length: 40 }, (_, i) => ({ index: i + 1, faults: i === 0 ? [] : harmless.faults, violated: i === 2, missing: [], target: null })),
    };
    const picked = pickDetailRuns(many, 5);
    expect(picked.map((r) => r.index)).toEqual([1, 2, 3, 4, 5]);
    const d = buildReportData({ ...input, check: many, runs: picked.map((r) => ({ index: r.index, result: r.index === 3 ? lossy : r.index === 1 ? baseline : harmless })) });
    expect(d.runs).toHaveLength(40);
    expect(d.runs.filter((r) => r.detail)).toHaveLength(5);
    expect(d.notes.join(' ')).toContain('embedded for 5 of 40 runs');
  });

  it('marks runs violated as the check judged them, under its oracle', () => {
    // As if molly had judged the lossy run: its pre tuple was no post of the fault-free run.
    const molly: CheckResult = {
      ...check,
      verdict: 'certified',
      oracle: 'molly',
      counterexample: null,
      counterexamples: [],
      runs: check.runs.map((r) => ({ ...r, violated: false, missing: [] })),
    };
    const d = buildReportData({ ...input, check: molly });
    expect(lossy.invariant.holds).toBe(false);
    expect(d.details.map((x) => [x.index, x.violated, x.missing])).toEqual([
      [1, false, []],
      [2, false, []],
      [3, false, []],
    ]);
    expect(d.summary.sentence).toContain("takes a post tuple of the fault-free run away while its pre holds (Molly's oracle)");
  });

  it('works for a single run without a check', () => {
    const d = buildReportData({ ...input, check: null, runs: [{ index: 1, result: lossy }] });
    expect(d.mode).toBe('run');
    expect(d.runs.map((r) => r.index)).toEqual([0, 1]);
    expect(d.selected).toBe(1);
    expect(d.summary.verdict).toBe('violated');
    expect(d.summary.sentence).toContain('Losing a→b at t=1 leaves');
  });
});

describe('the explanation on the page', () => {
  const data = buildReportData(input);

  it('is in the data and first in the header, escaped, with the repair hint', () => {
    expect(data.explanation?.run).toBe(3);
    expect(data.explanation?.outcomes.map((o) => o.pre)).toEqual([`pre("b", ${JSON.stringify(XSS)})`]);
    const page = renderReportHtml(data, { d3: FAKE_D3, dagre: FAKE_DAGRE });
    const header = page.slice(page.indexOf('<header>'), page.indexOf('</header>'));
    expect(header).toContain('<section class="why" id="explanation"><h2>Why run 3 breaks the invariant</h2>');
    expect(header).toContain('was lost: omit(a,b,1)');
    expect(header).toContain('Repair hint');
    expect(header).not.toContain('<script>alert(1)');
    // The explanation comes before the lineage graph, the runs and the diagrams.
    expect(page.indexOf('id="explanation"')).toBeLessThan(page.indexOf('id="lineage-section"'));
    expect(page.indexOf('id="lineage-section"')).toBeLessThan(page.indexOf('id="runs-section"'));
  });

  it('a certified check whose pre is empty gets a warning, and no explanation', () => {
    const text = 'node("a", "b")@1;\nbcast("a", "hi")@1;\nlog(M, P)@async :- bcast(N, P), node(N, M);\npre(X, P) :- log(X, P), X == "z";\npost(X, P) :- log(X, P);\n';
    const vacuous = loadSpec(['vacuous.ded'], ['a', 'b'], 3, (p) => (p === 'vacuous.ded' ? text : null));
    const run = vacuous.run('');
    expect(run.tables[2]!.get('pre') ?? []).toEqual([]);
    const certified: CheckResult = { ...check, verdict: 'certified', bounds: { nodes: ['a', 'b'], eot: 3, eff: 2, crashes: 0 }, counterexample: null, counterexamples: [], runs: [check.runs[0]!] };
    const d = buildReportData({ ...input, check: certified, runs: [{ index: 1, result: run }], baseline: run, rules: vacuous.compiled.rules });
    expect(d.explanation).toBeNull();
    expect(d.warnings.map((w) => w.kind)).toEqual(['vacuous']);
    const page = renderReportHtml(d, { d3: FAKE_D3, dagre: FAKE_DAGRE });
    expect(page).toContain('<ul class="warnings" id="warnings"><li class="vacuous"><strong>Warning:</strong> pre is empty in the fault-free run at EOT=3');
  });

  it('shows a fault the trees never name, explained against the run without it', () => {
    const bully = loadSpec([join(import.meta.dirname, '..', '..', 'specs', 'bully.ded')], ['a', 'b', 'c'], 3);
    const good = bully.run('');
    const bad = bully.run('omit(a,b,1) crash(c,1)');
    const runs = [{ index: 1, result: good }, { index: 2, result: bad }];
    const given = { ...input, check: null, runs, baseline: good, rules: bully.compiled.rules, sources: bully.sources };
    const d = buildReportData({ ...given, simulate: (f) => simulate(bully.compiled, { nodes: ['a', 'b', 'c'], eot: 3, faults: f }) });
    expect(d.explanation?.needed.map((n) => [n.fault, n.without])).toEqual([['omit(a,b,1)', 'crash(c,1)']]);
    const page = renderReportHtml(d, { d3: FAKE_D3, dagre: FAKE_DAGRE });
    const header = page.slice(page.indexOf('<header>'), page.indexOf('</header>'));
    const at = header.indexOf('<div class="needed"><p class="why-pre">omit(a,b,1) is needed too: with crash(c,1) alone,');
    expect(at).toBeGreaterThan(0);
    expect(header.slice(at)).toContain('was lost: omit(a,b,1)');
    // Without a way to re-run, the page explains what it has and nothing more.
    expect(buildReportData(given).explanation?.needed).toEqual([]);
  });

  it('a run report speaks of the one run asked for', () => {
    const d = buildReportData({ ...input, check: null, runs: [{ index: 1, result: lossy }] });
    const page = renderReportHtml(d, { d3: FAKE_D3, dagre: FAKE_DAGRE });
    expect(page).not.toContain('Every run of the search');
    expect(page).toContain('The run you asked for');
    expect(page).toContain('Why this run breaks the invariant');
  });
});

describe('suite index', () => {
  it('lists each check with bounds, verdict and link, escaped, with failed expectations called out', () => {
    const page = renderSuiteIndex([
      { name: 'simple', files: ['specs/simple-broadcast.ded'], bounds: { nodes: ['a', 'b', 'c', 'x,y'], eot: 6, eff: 3, crashes: 0 }, verdict: 'counterexample', expected: 'counterexample', href: 'simple/index.html', executions: 2, elapsedMs: 40 },
      { name: XSS, files: ['x.ded'], bounds: { nodes: ['a'], eot: 2, eff: 1, crashes: 1 }, verdict: 'certified', expected: 'counterexample', href: 'javascript:alert(1)', executions: 7, elapsedMs: 1500 },
    ]);
    expect(page).toContain('<a href="simple/index.html">simple</a>');
    expect(page).toContain('EOT=6, EFF=3, at most 0 crashes');
    expect(page).toContain('2 checks; 1 verdict differs from what was expected.');
    expect(page).toContain('expected counterexample');
    // Exactly one script, the sorter; the hostile name is text.
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('href="./javascript:alert(1)"');
    // Executions and time per entry, with a bar scaled to the slowest.
    expect(page).toContain('<td class="num" data-v="7">7</td>');
    expect(page).toContain('<td class="time" data-v="1500"><span class="bar" style="width: 100px"></span><span class="bar-label">1.50 s</span></td>');
    expect(page).toContain('<span class="bar" style="width: 3px"></span><span class="bar-label">40 ms</span>');
    expect(page).toContain('Their times add up to 1.54 s.');
    expect(page).toContain('<th data-sort="number">time</th>');
    expect(page).toContain('<th data-sort="text">entry</th>');
    // Node names as --nodes takes them: a name with a comma is quoted.
    expect(page).toContain('>a,b,c,&quot;x,y&quot;</td>');
  });
});
