/**
 * The report in a real browser: Debian's chromium driven by playwright-core, the page opened from
 * file:// as a user would. Skipped only when /usr/bin/chromium is missing (.ci/run installs it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportData } from '../../src/report/data.js';
import { renderReportHtml } from '../../src/report/html.js';
import { renderCheckReport, writeReport } from '../../src/report/write.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import type { CheckResult } from '../../src/search/types.js';
import { simulate } from '../../src/sim/simulate.js';
import { loadSpec, tinySpec, XSS } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'test-output', 'report');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

/**
 * Two-phase commit at EOT 6, EFF 0, one crash, as `ldfi check --report` writes it: the search
 * finds a crash that leaves the agents prepared and nobody decided.
 */
function twoPhaseCommitReport(): { path: string; check: CheckResult } {
  const nodes = ['C', 'a', 'b', 'd'];
  const spec = loadSpec([join(root, 'specs/2pc.ded')], nodes, 6);
  const bounds = { nodes, eot: 6, eff: 0, crashes: 1 };
  const check = checkFaultTolerance(spec.compiled, { bounds });
  expect(check.verdict).toBe('counterexample');
  expect(check.counterexample!.faults.some((f) => f.kind === 'crash')).toBe(true);
  const page = renderCheckReport({
    title: '2pc',
    files: ['specs/2pc.ded'],
    check,
    rules: spec.compiled.rules,
    sources: spec.sources,
    simulate: (faults) => simulate(spec.compiled, { nodes, eot: 6, faults }),
  });
  return { path: writeReport(join(outDir, '2pc'), page), check };
}

function tinyReport(): string {
  const spec = tinySpec(4);
  const baseline = spec.run('');
  const run = spec.run('omit(a,b,1)');
  const data = buildReportData({ title: XSS, files: ['tiny.ded'], check: null, runs: [{ index: 1, result: run }], baseline, rules: spec.compiled.rules });
  return writeReport(join(outDir, 'tiny'), renderReportHtml(data));
}

describe.skipIf(!hasChromium)('the report in chromium', () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network: ${r.url()}`);
    });
    await page.goto(pathToFileURL(path).href);
    await page.waitForSelector('#spacetime line.lane', { state: 'attached' });
    return page;
  }

  it('shows the two-phase-commit counterexample: lanes, the crash, lost messages, the lineage', async () => {
    problems.length = 0;
    const report = twoPhaseCommitReport();
    const page = await open(report.path);
    const cx = report.check.counterexample!;
    const crash = cx.faults.find((f) => f.kind === 'crash')!;

    // The counterexample is selected on open, and the header says what broke.
    expect(await page.locator('#runs tr.selected').getAttribute('data-run')).toBe(String(cx.run));
    expect(await page.locator('#verdict').innerText()).toContain(`Crashing ${crash.kind === 'crash' ? crash.node : ''} at t=${crash.time} leaves pre(`);
    expect(await page.locator('#verdict').innerText()).toContain('without post');

    // One line per node, the coordinator's crash, the messages it could no longer send.
    expect(await page.locator('#spacetime line.lane').count()).toBe(4);
    expect(await page.locator('#spacetime .crash-mark').count()).toBe(1);
    expect(await page.locator('#spacetime .lost-mark').count()).toBeGreaterThan(0);
    expect(await page.locator('#spacetime g.message').count()).toBeGreaterThan(0);

    // Hovering a message shows its tuple.
    await page.locator('#spacetime g.message .msg-hit').first().hover({ force: true });
    expect(await page.locator('#tooltip').innerText()).toMatch(/prepare\("a", "C", "tx"\)/);

    // The lineage graph has goals and firings, and marks the decisions the crash killed.
    expect(await page.locator('#lineage-svg g.lnode').count()).toBeGreaterThan(10);
    expect(await page.locator('#lineage-svg g.lnode.goal').count()).toBeGreaterThan(0);
    expect(await page.locator('#lineage-svg g.lnode.message').count()).toBeGreaterThan(0);
    expect(await page.locator('#lineage-svg g.lnode.killed').count()).toBeGreaterThan(0);

    // Tables show what differs from the fault-free run.
    expect(await page.locator('#tables li.removed').count()).toBeGreaterThan(0);

    await page.screenshot({ path: join(outDir, '2pc.png'), fullPage: true });

    // Another run changes the diagram: the fault-free run has no crash and loses nothing.
    const before = await page.locator('#spacetime').innerHTML();
    await page.locator('#runs tr[data-run="1"]').click();
    expect(await page.locator('#runs tr.selected').getAttribute('data-run')).toBe('1');
    expect(await page.locator('#spacetime').innerHTML()).not.toBe(before);
    expect(await page.locator('#spacetime .crash-mark').count()).toBe(0);
    expect(await page.locator('#spacetime .lost-mark').count()).toBe(0);
    expect(await page.locator('#lineage-svg g.lnode.killed').count()).toBe(0);
    await page.locator(`#runs tr[data-run="${cx.run}"]`).click();
    expect(await page.locator('#spacetime .crash-mark').count()).toBe(1);

    // Collapsing a node hides what it depends on; expanding brings it back.
    const all = await page.locator('#lineage-svg g.lnode').count();
    await page.locator('#lineage-svg g.lnode.root').first().click();
    expect(await page.locator('#lineage-svg g.lnode').count()).toBe(1);
    await page.locator('#lineage-expand').click();
    expect(await page.locator('#lineage-svg g.lnode').count()).toBe(all);

    // The time selector moves the tables.
    await page.locator('#time-slider').fill('1');
    expect(await page.locator('#time-value').innerText()).toBe('t=1');

    await page.close();
    expect(problems).toEqual([]);
  });

  it('shows a hostile spec constant as text and runs no script from it', async () => {
    problems.length = 0;
    const page = await open(tinyReport());
    expect(await page.title()).toContain(XSS);
    expect(await page.locator('h1').innerText()).toBe(XSS);
    expect(await page.locator('#tables').innerText()).toContain(`log("a", ${JSON.stringify(XSS)})`);
    expect(await page.locator('script').count()).toBe(3);
    await page.screenshot({ path: join(outDir, 'tiny.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });
});
