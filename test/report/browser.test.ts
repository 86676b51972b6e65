/**
 * The report in a real browser: Debian's chromium driven by playwright-core, the page opened from
 * file:// as a user would. Skipped only when /usr/bin/chromium is missing (.ci/run installs it).
 *
 * Three counterexamples, as `ldfi check --report` writes them: two-phase commit with a crashed
 * coordinator, the simple broadcast whose violation comes through a `notin` (missing_log appears
 * because a message was lost), and a ten-node broadcast over 25 steps. On each: the explanation
 * is on the page, the lineage graph opens on it with text of at least 11 px, "fit" fits, collapsing
 * re-lays out without gaps, and in both space-time diagrams no label covers a mark and every loss
 * mark sits on the receiver's lane at the delivery time. A certified Paxos page, whose whole graph
 * would not fit, opens cut to what does. Screenshots go to test-output/report/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportData } from '../../src/report/data.js';
import { renderReportHtml, renderSuiteIndex } from '../../src/report/html.js';
import { renderCheckReport, renderRunReport, writeReport } from '../../src/report/write.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import type { CheckResult } from '../../src/search/types.js';
import { simulate } from '../../src/sim/simulate.js';
import { loadSpec, tinySpec, XSS } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'test-output', 'report');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

interface Case {
  readonly name: string;
  readonly file: string;
  readonly nodes: readonly string[];
  readonly eot: number;
  readonly eff: number;
  readonly crashes: number;
}

const TWO_PC: Case = { name: '2pc', file: 'specs/2pc.ded', nodes: ['C', 'a', 'b', 'd'], eot: 6, eff: 0, crashes: 1 };
const SIMPLE: Case = { name: 'simple-broadcast', file: 'specs/simple-broadcast.ded', nodes: ['a', 'b', 'c'], eot: 6, eff: 3, crashes: 0 };
const TEN: Case = {
  name: 'broadcast-10',
  file: 'test/report/specs/broadcast-10.ded',
  nodes: ['a', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9'],
  eot: 25,
  eff: 3,
  crashes: 1,
};

const LONG_NAMES: Case = {
  name: 'long-names',
  file: 'test/report/specs/long-names.ded',
  nodes: ['primary-coordinator-east', 'replica-west-number-1'],
  eot: 18,
  eff: 17,
  crashes: 0,
};

/** `ldfi check --report` of a case: the search (with the verdict it must give), then the page. */
function checkReport(c: Case, verdict: CheckResult['verdict'] = 'counterexample'): { path: string; check: CheckResult } {
  const spec = loadSpec([join(root, c.file)], [...c.nodes], c.eot);
  const check = checkFaultTolerance(spec.compiled, { bounds: { nodes: c.nodes, eot: c.eot, eff: c.eff, crashes: c.crashes } });
  expect(check.verdict).toBe(verdict);
  const page = renderCheckReport({
    title: c.file,
    files: [c.file],
    check,
    rules: spec.compiled.rules,
    sources: spec.sources,
    simulate: (faults) => simulate(spec.compiled, { nodes: c.nodes, eot: c.eot, faults }),
    displayPath: (p) => p.replace(root + '/', ''),
  });
  return { path: writeReport(join(outDir, c.name), page), check };
}

function tinyReport(): string {
  const spec = tinySpec(4);
  const baseline = spec.run('');
  const run = spec.run('omit(a,b,1)');
  const data = buildReportData({ title: XSS, files: ['tiny.ded'], check: null, runs: [{ index: 1, result: run }], baseline, rules: spec.compiled.rules });
  return writeReport(join(outDir, 'tiny'), renderReportHtml(data));
}

/** Node height plus the layout's rank separation: ranks this far apart have nothing between them. */
const RANK_STEP = 26 + 32;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function overlaps(a: Box, b: Box): boolean {
  const eps = 0.5;
  return a.x + eps < b.x + b.w && b.x + eps < a.x + a.w && a.y + eps < b.y + b.h && b.y + eps < a.y + a.h;
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

  async function open(path: string, waitFor = '#spacetime line.lane'): Promise<Page> {
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
    await page.waitForSelector(waitFor, { state: 'attached' });
    return page;
  }

  /** The smallest on-screen size of the lineage graph's node text, in CSS pixels. */
  async function smallestGraphText(page: Page): Promise<number> {
    return page.evaluate(() => {
      const layer = document.querySelector('#lineage-svg g.zoom-layer') as SVGGElement;
      const k = layer.getCTM()!.a;
      const sizes = [...document.querySelectorAll('#lineage-svg g.lnode text:not(.badge-text)')].map((t) => parseFloat(getComputedStyle(t).fontSize) * k);
      return Math.min(...sizes);
    });
  }

  /** The graph's drawn box lies inside the panel. */
  async function graphInsidePanel(page: Page): Promise<boolean> {
    return page.evaluate(() => {
      const svg = document.querySelector('#lineage-svg')!.getBoundingClientRect();
      const g = (document.querySelector('#lineage-svg g.zoom-layer') as SVGGElement).getBoundingClientRect();
      return g.width > 0 && g.left >= svg.left - 1 && g.right <= svg.right + 1 && g.top >= svg.top - 1 && g.bottom <= svg.bottom + 1;
    });
  }

  /** Layout ranks (distinct node centres, in layout units) follow each other with no empty rank between. */
  async function rankGaps(page: Page): Promise<number[]> {
    return page.evaluate(() => {
      const ys = [...document.querySelectorAll('#lineage-svg g.lnode')].map((n) => Math.round(Number(/translate\([^,]+,([^)]+)\)/.exec(n.getAttribute('transform')!)![1])));
      const ranks = [...new Set(ys)].sort((a, b) => a - b);
      return ranks.slice(1).map((y, i) => y - ranks[i]!);
    });
  }

  /** Every message label against every mark (and every other label) of one diagram. */
  async function labelOverlaps(page: Page, svg: string): Promise<string[]> {
    const boxes = await page.evaluate((sel) => {
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { x: r.x, y: r.y, w: r.width, h: r.height, what: (e.getAttribute('class') ?? '') + ' ' + (e.textContent ?? '') };
      };
      const root = document.querySelector(sel)!;
      return {
        labels: [...root.querySelectorAll('.msg-label')].map(box),
        marks: [...root.querySelectorAll('.lost-mark, .crash-mark, .crash-label, .omission-mark, .diff-badge')].map(box),
      };
    }, svg);
    const out: string[] = [];
    // Tuple badges are placed after the fault marks and must keep clear of them too.
    for (const b of boxes.marks.filter((m) => m.what.startsWith('diff-badge'))) {
      for (const m of boxes.marks) if (m !== b && overlaps(b, m)) out.push(`${b.what} covers ${m.what}`);
    }
    boxes.labels.forEach((l, i) => {
      for (const m of boxes.marks) if (overlaps(l, m)) out.push(`${l.what} covers ${m.what}`);
      for (const o of boxes.labels.slice(i + 1)) if (overlaps(l, o)) out.push(`${l.what} covers ${o.what}`);
    });
    return out;
  }

  /** Loss marks off the receiver's lane or the delivery time's tick. */
  async function misplacedLossMarks(page: Page, svg: string): Promise<{ count: number; wrong: string[] }> {
    return page.evaluate((sel) => {
      const root = document.querySelector(sel)!;
      const marks = [...root.querySelectorAll('.lost-mark')] as SVGGraphicsElement[];
      const wrong: string[] = [];
      for (const m of marks) {
        const b = m.getBBox();
        const cx = b.x + b.width / 2;
        const cy = b.y + b.height / 2;
        const to = m.getAttribute('data-to')!;
        const t = m.getAttribute('data-time')!;
        const lane = root.querySelector(`line.lane[data-node="${to}"]`)!;
        const tick = [...root.querySelectorAll('.time-label')].find((e) => e.textContent === `t=${t}`)!;
        const dy = Math.abs(cy - Number(lane.getAttribute('y1')));
        const dx = Math.abs(cx - Number(tick.getAttribute('x')));
        if (dx > 1 || dy > 1) wrong.push(`${to}@${t}: off by ${dx},${dy}`);
      }
      return { count: marks.length, wrong };
    }, svg);
  }

  /** What every report of a counterexample must get right, whatever the protocol. */
  async function commonChecks(page: Page, c: Case, shot: string): Promise<void> {
    // The explanation is on the page, before anything else below the header.
    const why = page.locator('#explanation');
    await expect(why.isVisible()).resolves.toBe(true);
    expect(await why.locator('li.cause').count()).toBeGreaterThan(1);
    expect(await page.locator('#explanation li.cause.lost-message, #explanation li.cause.crashed-sender').count()).toBeGreaterThan(0);

    // The lineage graph opens on the explanation: readable, inside its panel, the chain highlighted.
    expect(await page.locator('#lineage-svg g.lnode.why').count()).toBeGreaterThan(2);
    expect(await page.locator('#lineage-svg g.lnode.root').count()).toBe(1);
    expect(await smallestGraphText(page)).toBeGreaterThanOrEqual(11);
    expect(await graphInsidePanel(page)).toBe(true);
    for (const gap of await rankGaps(page)) expect(gap).toBeLessThanOrEqual(RANK_STEP + 1);

    // Space-time diagrams: no label over a mark, losses on the receiver's lane at delivery time,
    // one column per step (no "after EOT"), and the same scale side by side.
    for (const svg of ['#spacetime', '#spacetime-base']) {
      expect(await labelOverlaps(page, svg)).toEqual([]);
      const loss = await misplacedLossMarks(page, svg);
      expect(loss.wrong).toEqual([]);
      expect(await page.locator(`${svg} .time-label`).count()).toBe(c.eot);
    }
    expect(await page.locator('#spacetime').innerHTML()).not.toContain('after EOT');
    const step = (svg: string) =>
      page.evaluate((sel) => {
        const xs = [...document.querySelectorAll(`${sel} .time-label`)].map((e) => Number(e.getAttribute('x')));
        return xs[1]! - xs[0]!;
      }, svg);
    expect(await step('#spacetime')).toBe(await step('#spacetime-base'));
    expect(await page.locator('#spacetime .lost-mark').count()).toBeGreaterThan(0);
    expect(await page.locator('#spacetime-base .msg-gone').count()).toBeGreaterThan(0);
    expect(await page.locator('#spacetime .diff-badge').count()).toBeGreaterThan(0);
    // Every kind of mark drawn has its legend entry.
    const legend = await page.locator('#spacetime-legend').innerText();
    const drawn: Record<string, string> = {
      '.lost-mark': 'lost message',
      '.crash-mark': 'crash',
      '.omission-mark': 'omission',
      '.msg.extra': 'sent only in this run',
      '.msg-gone': 'does not deliver',
      '.diff-badge': 'tuples this run has / lacks',
      '.lane-ghost': 'dotted after',
    };
    for (const [sel, words] of Object.entries(drawn)) {
      if ((await page.locator(`#compare ${sel}`).count()) > 0) expect(legend).toContain(words);
    }

    // What a new user sees first: the top of the page, nothing hovered.
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(outDir, `${shot}-top.png`) });
    await page.screenshot({ path: join(outDir, `${shot}.png`), fullPage: true });
    await page.locator('#lineage-section').screenshot({ path: join(outDir, `${shot}-lineage.png`) });
    await page.locator('#spacetime-section').screenshot({ path: join(outDir, `${shot}-spacetime.png`) });

    // "fit" after zooming in: the transform changes back to one that contains the graph.
    const opening = await page.locator('#lineage-svg g.zoom-layer').getAttribute('transform');
    await page.locator('#lineage-svg').scrollIntoViewIfNeeded();
    const box = await page.locator('#lineage-svg').boundingBox();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + 60);
    await page.mouse.wheel(0, -600);
    await page.waitForFunction((t) => document.querySelector('#lineage-svg g.zoom-layer')!.getAttribute('transform') !== t, opening);
    const zoomed = await page.locator('#lineage-svg g.zoom-layer').getAttribute('transform');
    expect(await graphInsidePanel(page)).toBe(false);
    await page.locator('#lineage-fit').click();
    const fitted = await page.locator('#lineage-svg g.zoom-layer').getAttribute('transform');
    expect(fitted).not.toBe(zoomed);
    expect(await graphInsidePanel(page)).toBe(true);

    // Expanding everything, then collapsing a node: the rest re-lays out with no empty rank.
    await page.locator('#lineage-expand').click();
    const all = await page.locator('#lineage-svg g.lnode').count();
    for (const gap of await rankGaps(page)) expect(gap).toBeLessThanOrEqual(RANK_STEP + 1);
    // The first goal below the root whose collapse hides something (others may share their sub-trees).
    let fewer = all;
    const goals = page.locator('#lineage-svg g.lnode.goal:not(.root)');
    for (let i = 0; i < Math.min(12, await goals.count()) && fewer === all; i++) {
      const id = await goals.nth(i).getAttribute('data-id');
      await page.locator(`#lineage-svg g.lnode[data-id="${id}"]`).click();
      fewer = await page.locator('#lineage-svg g.lnode').count();
      if (fewer === all) await page.locator(`#lineage-svg g.lnode[data-id="${id}"]`).click();
    }
    expect(fewer).toBeLessThan(all);
    for (const gap of await rankGaps(page)) expect(gap).toBeLessThanOrEqual(RANK_STEP + 1);
    await page.locator('#lineage-why').click();
    expect(await smallestGraphText(page)).toBeGreaterThanOrEqual(11);
  }

  it('2PC: the coordinator crash, explained; the lineage opens on the missing decisions', async () => {
    problems.length = 0;
    const report = checkReport(TWO_PC);
    const page = await open(report.path);
    const cx = report.check.counterexample!;
    const crash = cx.faults.find((f) => f.kind === 'crash')!;

    // The counterexample is selected on open, and the header says what broke and why.
    expect(await page.locator('#runs tr.selected').getAttribute('data-run')).toBe(String(cx.run));
    expect(await page.locator('#verdict').innerText()).toContain(`Crashing ${crash.kind === 'crash' ? crash.node : ''} at t=${crash.time} leaves pre(`);
    const why = await page.locator('#explanation').innerText();
    const crashed = crash.kind === 'crash' ? crash.node : '';
    expect(why).toContain('post("termination", "tx") is not derived');
    expect(why).toContain(`${crashed} had crashed (crash(${crashed},${crash.time}))`);
    expect(why).toContain(`every derivation of post("termination", "tx") goes through ${crashed}`);
    expect(await page.title()).toBe('ldfi — specs/2pc.ded');

    // One line per node, the coordinator's crash, the messages it could no longer send.
    expect(await page.locator('#spacetime line.lane').count()).toBe(4);
    expect(await page.locator('#spacetime .crash-mark').count()).toBe(1);
    expect(await page.locator('#spacetime-base .crash-mark').count()).toBe(0);

    // Hovering a message shows its tuple.
    await page.locator('#spacetime g.message .msg-hit').first().hover({ force: true });
    expect(await page.locator('#tooltip').innerText()).toMatch(/^(prepare|vote|commit)\("[Cabd]", "[Cabd]", "tx"/);

    // The explanation chain reaches the killed commit messages and the crash tuple that appeared.
    expect(await page.locator('#lineage-svg g.lnode.killed').count()).toBeGreaterThan(0);
    expect(await page.locator('#lineage-svg g.lnode.appeared').count()).toBeGreaterThan(0);
    expect(await page.locator('#lineage-svg path.edge.notin').count()).toBeGreaterThan(0);

    await commonChecks(page, TWO_PC, '2pc');

    // Another run changes the diagram: the fault-free run alone, no crash, nothing lost.
    await page.locator('#runs tr[data-run="1"]').click();
    expect(await page.locator('#runs tr.selected').getAttribute('data-run')).toBe('1');
    expect(await page.locator('#compare-base').isVisible()).toBe(false);
    expect(await page.locator('#spacetime .crash-mark').count()).toBe(0);
    expect(await page.locator('#spacetime .lost-mark').count()).toBe(0);
    expect(await page.locator('#lineage-svg g.lnode.killed').count()).toBe(0);
    await page.locator(`#runs tr[data-run="${cx.run}"]`).click();
    expect(await page.locator('#spacetime .crash-mark').count()).toBe(1);

    // A root shows the rest of its derivation on a click, and hides everything on the next.
    await page.locator('#lineage-why').click();
    const chain = await page.locator('#lineage-svg g.lnode').count();
    await page.locator('#lineage-svg g.lnode.root').click();
    expect(await page.locator('#lineage-svg g.lnode').count()).toBeGreaterThanOrEqual(chain);
    await page.locator('#lineage-svg g.lnode.root').click();
    expect(await page.locator('#lineage-svg g.lnode').count()).toBe(1);

    // The time selector moves the tables.
    await page.locator('#time-slider').fill('1');
    expect(await page.locator('#time-value').innerText()).toBe('t=1');

    await page.close();
    expect(problems).toEqual([]);
  });

  it('simple broadcast: the appeared missing_log tuple, the notin it defeats, the lost message', async () => {
    problems.length = 0;
    const report = checkReport(SIMPLE);
    const page = await open(report.path);
    // Whichever receiver the search chose to lose the broadcast.
    const omission = report.check.counterexample!.faults[0]!;
    const lost = omission.kind === 'omit' ? omission.to : '';
    const why = await page.locator('#explanation').innerText();
    expect(why).toContain(`missing_log("${lost}", "hello") appeared at t=6, defeating notin missing_log(_, "hello")`);
    expect(why).toContain(`the message log("${lost}", "hello") a→${lost} sent at t=1 was lost: omit(a,${lost},1)`);
    expect(why).toContain('Repair hint');

    // The graph draws the chain: post, its firing, the appeared tuple over a notin edge, down to the lost message.
    const appeared = page.locator('#lineage-svg g.lnode.appeared');
    expect(await appeared.count()).toBe(1);
    expect(await appeared.locator('text:not(.badge-text)').textContent()).toBe(`missing_log("${lost}", "hello") @6`);
    expect(await page.locator('#lineage-svg path.edge.notin').count()).toBe(2);
    expect(await page.locator('#lineage-svg .edge-label.notin').count()).toBe(2);
    const killed = page.locator('#lineage-svg g.lnode.killed');
    expect(await killed.count()).toBe(1);
    expect(await killed.locator('text:not(.badge-text)').textContent()).toContain(`a→${lost} @1`);
    // Nothing else opens: the rest of post's derivation is behind the "+".
    expect(await page.locator('#lineage-svg g.lnode').count()).toBe(await page.locator('#lineage-svg g.lnode.why').count());
    expect(await page.locator('#lineage-svg .badge').count()).toBeGreaterThan(0);

    await commonChecks(page, SIMPLE, 'simple-broadcast');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('ten nodes over 25 steps: the diagram grows and scrolls, labels are thinned, never over a mark', async () => {
    problems.length = 0;
    const report = checkReport(TEN);
    const page = await open(report.path);
    expect(await page.locator('#spacetime line.lane').count()).toBe(10);
    const width = Number(await page.locator('#spacetime').getAttribute('width'));
    expect(width).toBeGreaterThan(24 * 80);
    const scrolls = await page.evaluate(() => {
      const w = document.querySelector('#compare-run .st-wrap')!;
      return w.scrollWidth > w.clientWidth;
    });
    expect(scrolls).toBe(true);
    const labels = await page.locator('#spacetime .msg-label').count();
    expect(labels).toBeGreaterThan(0);
    expect(labels).toBeLessThanOrEqual(await page.locator('#spacetime g.message').count());
    // Scrolling one diagram scrolls the other to the same time.
    await page.evaluate(() => {
      document.querySelector('#compare-run .st-wrap')!.scrollLeft = 500;
    });
    // The scroll event arrives when the browser gets to it (later on a loaded machine): wait for it, not for a fixed time.
    await page.waitForFunction(() => document.querySelector('#compare-base .st-wrap')!.scrollLeft === 500, undefined, { timeout: 5000 }).catch(() => {});
    expect(await page.evaluate(() => document.querySelector('#compare-base .st-wrap')!.scrollLeft)).toBe(500);
    await page.evaluate(() => {
      document.querySelector('#compare-run .st-wrap')!.scrollLeft = 0;
    });
    // Eight missing outcomes: one at a time in the graph, picked from a list.
    expect(await page.locator('#lineage-outcome option').count()).toBe(8);
    await page.locator('#lineage-outcome').selectOption('1');
    const second = await page.locator('#lineage-outcome option').nth(1).textContent();
    expect(await page.locator('#lineage-svg g.lnode.root text:not(.badge-text)').textContent()).toContain(second!);
    expect(await page.locator('#lineage-svg g.lnode.appeared').count()).toBe(1);
    await page.locator('#lineage-outcome').selectOption('0');

    await commonChecks(page, TEN, 'broadcast-10');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('long node names are not cut, and a late fault is scrolled into view on open', async () => {
    problems.length = 0;
    const report = checkReport(LONG_NAMES);
    const page = await open(report.path);
    const fault = report.check.counterexample!.faults[0]!;
    expect(fault.time).toBe(14);
    for (const svg of ['#spacetime', '#spacetime-base']) {
      // Every node name lies wholly inside its diagram.
      const cut = await page.evaluate((sel) => {
        const out: string[] = [];
        for (const t of document.querySelectorAll(`${sel} .node-label`)) {
          const b = (t as SVGTextElement).getBBox();
          if (b.x < 0) out.push(`${t.textContent} starts at x=${b.x.toFixed(1)}`);
        }
        return out;
      }, svg);
      expect(cut).toEqual([]);
    }
    // The lost message of t=14 is inside the visible part of the panel, in both panels alike.
    const view = await page.evaluate(() => {
      const wrap = document.querySelector('#compare-run .st-wrap') as HTMLElement;
      const mark = (document.querySelector('#spacetime .lost-mark') as SVGGraphicsElement).getBoundingClientRect();
      const box = wrap.getBoundingClientRect();
      const base = (document.querySelector('#compare-base .st-wrap') as HTMLElement).scrollLeft;
      return { inside: mark.left >= box.left && mark.right <= box.right, scrolled: wrap.scrollLeft, base };
    });
    expect(view.scrolled).toBeGreaterThan(0);
    expect(view.inside).toBe(true);
    expect(view.base).toBe(view.scrolled);
    // Scrolled, the node names stay in view at the panel's left edge.
    const hidden = await page.evaluate(() => {
      const out: string[] = [];
      for (const wrap of document.querySelectorAll('#compare .st-wrap')) {
        const box = wrap.getBoundingClientRect();
        for (const t of wrap.querySelectorAll('.node-label')) {
          const r = t.getBoundingClientRect();
          if (r.left < box.left || r.right > box.right) out.push(`${t.textContent} at ${r.left.toFixed(0)}–${r.right.toFixed(0)}, panel ${box.left.toFixed(0)}–${box.right.toFixed(0)}`);
        }
      }
      return out;
    });
    expect(hidden).toEqual([]);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('a crowded channel: labels that would collide are left out, and the hover still names every message', async () => {
    problems.length = 0;
    const lost = { kind: 'omit', from: 'a', to: 'b', time: 1 } as const;
    const messages = Array.from({ length: 12 }, (_, i) => ({
      relation: `a_rather_long_relation_name_${i}`,
      tuple: ['b', i],
      from: 'a',
      to: 'b',
      sendTime: 1,
      lostBy: i % 3 === 0 ? lost : null,
    }));
    const run = {
      nodes: ['a', 'b'],
      eot: 3,
      faults: [lost],
      tables: [new Map(), new Map(), new Map()],
      messages,
      invariant: { checked: false, holds: true, missing: [] },
      lineage: { tuples: [], firings: [] },
    };
    const baseline = { ...run, faults: [], messages: messages.map((m) => ({ ...m, lostBy: null })) };
    const data = buildReportData({ title: 'crowded', files: ['crowded.ded'], check: null, runs: [{ index: 1, result: baseline }, { index: 2, result: run }], baseline, rules: [] });
    const page = await open(writeReport(join(outDir, 'crowded'), renderReportHtml(data)));
    const labels = await page.locator('#spacetime .msg-label').count();
    expect(labels).toBeGreaterThan(0);
    expect(labels).toBeLessThan(12);
    expect(await labelOverlaps(page, '#spacetime')).toEqual([]);
    expect(await labelOverlaps(page, '#spacetime-base')).toEqual([]);
    expect((await misplacedLossMarks(page, '#spacetime')).count).toBe(4);
    expect((await misplacedLossMarks(page, '#spacetime')).wrong).toEqual([]);
    const hovered = new Set<string>();
    const hits = page.locator('#spacetime g.message .msg-hit');
    for (let i = 0; i < (await hits.count()); i++) {
      await hits.nth(i).dispatchEvent('mouseenter', { clientX: 10, clientY: 10 });
      hovered.add((await page.locator('#tooltip').innerText()).split('\n')[0]!);
    }
    expect(hovered.size).toBe(12);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('a run report speaks of one run and compares it with the fault-free run', async () => {
    problems.length = 0;
    const spec = loadSpec([join(root, SIMPLE.file)], [...SIMPLE.nodes], 6);
    const page = await open(
      writeReport(
        join(outDir, 'run'),
        renderRunReport({ title: SIMPLE.file, files: [SIMPLE.file], run: spec.run('omit(a,b,1)'), baseline: spec.run(''), rules: spec.compiled.rules, sources: spec.sources }),
      ),
    );
    const caption = await page.locator('#runs-section .caption').innerText();
    expect(caption).not.toContain('search');
    expect(caption).toContain('The run you asked for');
    expect(await page.locator('#runs th').allInnerTexts()).not.toContain('aimed at');
    expect(await page.locator('#explanation h2').innerText()).toBe('Why this run breaks the invariant');
    expect(await page.locator('#explanation').innerText()).toContain('omit(a,b,1)');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(outDir, 'run-top.png') });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('a certified Paxos-sized graph opens cut to what fits at readable size; "fit" and "expand all" still work', async () => {
    problems.length = 0;
    const c: Case = { name: 'paxos-certified', file: 'specs/paxos.ded', nodes: ['a', 'b', 'c'], eot: 7, eff: 6, crashes: 1 };
    const { path } = checkReport(c, 'certified');
    const page = await open(path);
    // Opened whole it would not fit at 11 px; it opens on the outcomes' upper levels, the rest behind "+".
    const opened = await page.locator('#lineage-svg g.lnode').count();
    expect(await smallestGraphText(page)).toBeGreaterThanOrEqual(11);
    expect(await graphInsidePanel(page)).toBe(true);
    expect(await page.locator('#lineage-svg g.lnode.root').count()).toBeGreaterThan(0);
    expect(await page.locator('#lineage-svg .badge').count()).toBeGreaterThan(0);
    expect(await page.locator('#lineage-caption').innerText()).toContain('so it fits');
    for (const gap of await rankGaps(page)) expect(gap).toBeLessThanOrEqual(RANK_STEP + 1);
    await page.mouse.move(0, 0);
    await page.locator('#lineage-section').screenshot({ path: join(outDir, `${c.name}-lineage.png`) });

    // Everything open is more than fits readably; "fit" then fits it, at whatever zoom that takes.
    await page.locator('#lineage-expand').click();
    const all = await page.locator('#lineage-svg g.lnode').count();
    expect(all).toBeGreaterThan(opened);
    const tooBig = (await smallestGraphText(page)) < 11 || !(await graphInsidePanel(page));
    expect(tooBig).toBe(true);
    await page.locator('#lineage-fit').click();
    expect(await graphInsidePanel(page)).toBe(true);

    // Reopened, a node at the cut shows what it depends on when clicked.
    await page.reload();
    await page.waitForSelector('#lineage-svg g.lnode');
    expect(await page.locator('#lineage-svg g.lnode').count()).toBe(opened);
    const badged = page.locator('#lineage-svg g.lnode:has(.badge)');
    let more = opened;
    for (let i = (await badged.count()) - 1; i >= 0 && more <= opened; i--) {
      const id = await badged.nth(i).getAttribute('data-id');
      await page.locator(`#lineage-svg g.lnode[data-id="${id}"]`).click();
      more = await page.locator('#lineage-svg g.lnode').count();
      if (more <= opened) await page.locator(`#lineage-svg g.lnode[data-id="${id}"]`).click();
    }
    expect(more).toBeGreaterThan(opened);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('the suite index: executions, times with bars, links, and sorting by any column', async () => {
    problems.length = 0;
    const bounds = { nodes: ['a', 'b', 'c'], eot: 6, eff: 3, crashes: 0 };
    const path = writeReport(
      join(outDir, 'suite'),
      renderSuiteIndex(
        [
          { name: 'slow', files: ['s.ded'], bounds, verdict: 'certified', expected: 'certified', href: 'slow/index.html', executions: 40, elapsedMs: 900 },
          { name: 'fast', files: ['f.ded'], bounds, verdict: 'counterexample', expected: 'counterexample', href: 'fast/index.html', executions: 2, elapsedMs: 30 },
          { name: 'middle', files: ['m.ded'], bounds, verdict: 'certified', expected: 'counterexample', href: 'middle/index.html', executions: 9, elapsedMs: 300 },
        ],
        'ldfi suite — ldfi.config.json',
      ),
    );
    const page = await open(path, '#suite');
    const names = () => page.locator('#suite tbody tr td:first-child').allInnerTexts();
    expect(await names()).toEqual(['slow', 'fast', 'middle']);
    expect(await page.locator('#suite .bar').count()).toBe(3);
    const widths = await page.locator('#suite .bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width));
    expect(widths[0]).toBeGreaterThan(widths[2]!);
    expect(widths[2]).toBeGreaterThan(widths[1]!);
    await page.locator('#suite th', { hasText: 'time' }).click();
    expect(await names()).toEqual(['fast', 'middle', 'slow']);
    await page.locator('#suite th', { hasText: 'time' }).click();
    expect(await names()).toEqual(['slow', 'middle', 'fast']);
    await page.locator('#suite th', { hasText: 'executions' }).click();
    expect(await names()).toEqual(['fast', 'middle', 'slow']);
    await page.locator('#suite th', { hasText: 'entry' }).click();
    expect(await names()).toEqual(['fast', 'middle', 'slow']);
    expect(await page.locator('#suite a', { hasText: 'middle' }).getAttribute('href')).toBe('middle/index.html');
    await page.screenshot({ path: join(outDir, 'suite.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('shows a hostile spec constant as text and runs no script from it', async () => {
    problems.length = 0;
    const page = await open(tinyReport());
    expect(await page.title()).toContain(XSS);
    expect(await page.locator('h1').innerText()).toBe(XSS);
    expect(await page.locator('#tables').innerText()).toContain(`log("a", ${JSON.stringify(XSS)})`);
    expect(await page.locator('script').count()).toBe(4);
    await page.screenshot({ path: join(outDir, 'tiny.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });
});
