/**
 * The report page and the suite index as HTML strings. The static frame is written here with the
 * escaping `html` tag; the run data goes in a JSON block that the inlined script draws from.
 * No timestamps: the same data gives the same bytes.
 */
import type { Bounds } from '../faults/types.js';
import type { Verdict } from '../search/types.js';
import type { CauseJson } from '../explain/print.js';
import type { ReportData, ReportExplanation, ReportHint } from './data.js';
import { d3Source } from './d3-source.js';
import { dagreSource } from './dagre-source.js';
import { html, jsonForScript, raw, scriptForInline, type SafeHtml } from './escape.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import { describeBounds, formatElapsed } from './verdict.js';
import { formatNodes } from '../faults/text.js';

/** No network at all: scripts and styles only inline, images only as data: URLs. */
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

function page(title: string, body: SafeHtml, scripts: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${raw(PAGE_STYLE)}</style>
</head>
<body>
${body}
${scripts}
</body>
</html>
`.__html;
}

function stat(label: string, value: string | number | null): SafeHtml {
  return value === null ? raw('') : html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

const VERDICT_WORD: Record<ReportData['summary']['verdict'], string> = {
  counterexample: 'Counterexample',
  certified: 'Certified',
  incomplete: 'Incomplete',
  violated: 'Invariant violated',
  holds: 'Invariant holds',
  unchecked: 'No invariant',
};

export interface RenderOptions {
  /** d3's browser build; read from node_modules when omitted. */
  readonly d3?: string;
  /** dagre's browser build; read from node_modules when omitted. */
  readonly dagre?: string;
}

const CAUSE_TAG: Record<CauseJson['kind'], string> = {
  'not-derived': 'missing',
  appeared: 'appeared',
  'lost-message': 'lost',
  'crashed-sender': 'crashed',
};

function causeItem(c: CauseJson): SafeHtml {
  const kids = c.children.length > 0 || c.omitted > 0
    ? html`<ul>${c.children.map(causeItem)}${c.omitted > 0 ? html`<li class="cause more">… and ${c.omitted} more</li>` : ''}</ul>`
    : '';
  return html`<li class="cause ${c.kind}"><span class="ctag ${c.kind}">${CAUSE_TAG[c.kind]}</span> because ${c.text}${kids}</li>`;
}

function hintItem(h: ReportHint, label: string): SafeHtml {
  return html`<li class="${h.kind}"><strong>${label}:</strong> ${h.text}${h.rule ? html` <code>${h.rule}</code>` : ''}</li>`;
}

function explanationBlock(e: ReportExplanation | null, mode: ReportData['mode']): SafeHtml {
  if (e === null) return raw('');
  const title = mode === 'run' ? 'Why this run breaks the invariant' : `Why run ${e.run} breaks the invariant`;
  const shown = e.outcomes.slice(0, 3);
  const more = e.outcomes.length - shown.length;
  return html`<section class="why" id="explanation"><h2>${title}</h2>
${shown.map((o) => html`<p class="why-pre"><code>${o.pre}</code> has no post:</p><ul class="causes">${causeItem(o)}</ul>`)}
${more > 0 ? html`<p class="caption">${more} more pre tuple${more === 1 ? '' : 's'} without post: pick one in the lineage graph below.</p>` : ''}
${e.needed.map((n) => html`<div class="needed"><p class="why-pre">${n.text}${n.explanation.length > 0 ? ':' : ''}</p>${n.explanation.slice(0, 3).map((o) => html`<ul class="causes">${causeItem(o)}</ul>`)}</div>`)}
${e.hints.length > 0 ? html`<ul class="hints">${e.hints.map((h) => hintItem(h, 'Repair hint'))}</ul>` : ''}
</section>`;
}

export function renderReportHtml(data: ReportData, options: RenderOptions = {}): string {
  const s = data.summary;
  const header = html`<header>
<h1>${data.title}</h1>
<p class="files">${data.files.length === 1 ? 'Spec' : 'Specs'}: <code>${data.files.join(', ')}</code></p>
<div class="verdict ${s.verdict}" id="verdict"><span class="tag ${s.verdict === 'certified' || s.verdict === 'holds' ? 'good' : 'bad'}">${VERDICT_WORD[s.verdict]}</span> ${s.sentence}</div>
<dl class="stats">
${stat('nodes', formatNodes(s.nodes, ', '))}
${stat('bounds', s.bounds)}
${stat('strategy', s.strategy)}
${stat('executions', s.executions)}
${stat('hypotheses', s.hypotheses)}
${stat('fault space', s.faultSpace)}
${stat('time', s.elapsed)}
</dl>
${s.replayCommand !== null ? html`<p class="files">Replay: <code>${s.replayCommand}</code></p>` : ''}
${data.notes.length > 0 ? html`<ul class="notes">${data.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
${data.warnings.length > 0 ? html`<ul class="warnings" id="warnings">${data.warnings.map((w) => hintItem(w, 'Warning'))}</ul>` : ''}
${explanationBlock(data.explanation, data.mode)}
</header>`;

  const body = html`${header}
<main>
<section id="lineage-section">
<h2>${data.explanation ? 'Lineage of the missing outcome' : 'Lineage of the outcome'}</h2>
<p class="caption" id="lineage-caption"></p>
<div class="legend">
<span><svg width="30" height="16"><ellipse cx="15" cy="8" rx="14" ry="7" fill="#e3f2fd" stroke="#455a64"/></svg> tuple (goal)</span>
<span><svg width="30" height="16"><ellipse cx="15" cy="8" rx="14" ry="7" fill="#f1f8e9" stroke="#455a64" stroke-dasharray="3 2"/></svg> fact</span>
<span><svg width="30" height="16"><rect x="1" y="1" width="28" height="14" fill="#fff8e1" stroke="#455a64"/></svg> rule firing</span>
<span><svg width="30" height="16"><rect x="1" y="1" width="28" height="14" fill="#ede7f6" stroke="#455a64"/></svg> message (@async)</span>
<span><svg width="30" height="16"><rect x="1" y="1" width="28" height="14" fill="#ffcdd2" stroke="#c62828" stroke-width="2"/></svg> killed by the selected run's faults</span>
<span><svg width="30" height="16"><ellipse cx="15" cy="8" rx="14" ry="7" fill="#fff5f5" stroke="#c62828" stroke-dasharray="4 3"/></svg> missing in the selected run</span>
<span><svg width="30" height="16"><ellipse cx="15" cy="8" rx="14" ry="7" fill="#ffe082" stroke="#e65100" stroke-width="2"/></svg> appeared in the counterexample only</span>
<span><svg width="40" height="16"><line x1="2" y1="8" x2="38" y2="8" stroke="#90a4ae" stroke-width="1.4"/></svg> needs</span>
<span><svg width="40" height="16"><line x1="2" y1="8" x2="38" y2="8" stroke="#c62828" stroke-width="1.6" stroke-dasharray="5 3"/></svg> notin: needs it absent</span>
</div>
<div class="toolbar">${data.lineage.outcomes.length > 1 ? html`<label>outcome <select id="lineage-outcome">${data.lineage.outcomes.map((o, i) => html`<option value="${i}">${o.label}</option>`)}</select></label>` : ''}<button id="lineage-fit" type="button">fit</button>${data.lineage.outcomes.length > 0 ? html`<button id="lineage-why" type="button">explanation only</button>` : ''}<button id="lineage-expand" type="button">expand all</button><span class="caption">Scroll to zoom, drag to pan, click a node to show or hide what it depends on.</span></div>
<div class="panel"><svg id="lineage-svg" role="img" aria-label="lineage graph"></svg></div>
</section>
<section id="runs-section">
<h2>Runs</h2>
<p class="caption">${data.mode === 'run' ? 'The run you asked for, and the fault-free run it is compared with. Click one to show it below.' : 'Every run of the search with its fault set, its outcome and the outcome it was aimed at. Click a run to show it below.'}</p>
<div class="runs-wrap"><table class="runs" id="runs"><thead><tr><th>run</th><th>faults</th><th>invariant</th>${data.mode === 'run' ? '' : html`<th>aimed at</th>`}<th>pre without post</th></tr></thead><tbody></tbody></table></div>
</section>
<section id="spacetime-section">
<h2>Space-time diagrams</h2>
<p class="run-title" id="run-title"></p>
<p class="caption" id="spacetime-caption"></p>
<div class="legend" id="spacetime-legend">
<span><svg width="34" height="12"><line x1="0" y1="6" x2="30" y2="6" stroke="#37474f" stroke-width="1.5"/><path d="M28,2L34,6L28,10z" fill="#37474f"/></svg> message</span>
<span><svg width="34" height="14"><line x1="0" y1="7" x2="26" y2="7" stroke="#c62828" stroke-width="1.6" stroke-dasharray="5 4"/><path d="M24,3L32,11M24,11L32,3" stroke="#c62828" stroke-width="2.5"/></svg> lost message: ✕ where it would have arrived</span>
<span><svg width="18" height="18"><path d="M2,2L16,16M2,16L16,2" stroke="#c62828" stroke-width="4"/></svg> crash: the node's line stops, dotted after</span>
<span><svg width="18" height="18"><rect x="1" y="1" width="16" height="16" fill="none" stroke="#c62828" stroke-dasharray="2 2"/></svg> omission: every message on that channel at that step is lost</span>
<span><svg width="34" height="12"><line x1="0" y1="6" x2="30" y2="6" stroke="#1565c0" stroke-width="2.4"/></svg> sent only in this run</span>
<span><svg width="34" height="12"><line x1="0" y1="6" x2="30" y2="6" stroke="#ef6c00" stroke-width="4" stroke-opacity="0.45"/><line x1="0" y1="6" x2="30" y2="6" stroke="#37474f" stroke-width="1.4"/></svg> fault-free message the other run does not deliver</span>
<span><svg width="26" height="16"><rect x="1" y="2" width="24" height="12" rx="6" fill="#e5f4e6" stroke="#2e7d32"/></svg> +n / −n: tuples this run has / lacks at that node and step, compared with the fault-free run</span>
</div>
<div class="compare" id="compare">
<div class="compare-col" id="compare-base"><h3 id="compare-base-title">Fault-free run</h3><div class="panel st-wrap"><svg class="spacetime" id="spacetime-base" role="img" aria-label="space-time diagram of the fault-free run"></svg></div></div>
<div class="compare-col" id="compare-run"><h3 id="compare-run-title"></h3><div class="panel st-wrap"><svg class="spacetime" id="spacetime" role="img" aria-label="space-time diagram"></svg></div></div>
</div>
</section>
<section>
<h2>Tables</h2>
<div class="toolbar"><button id="time-prev" type="button">◀</button><input id="time-slider" type="range" min="1" max="${s.eot}" value="${s.eot}" step="1"><button id="time-next" type="button">▶</button><strong id="time-value"></strong><span class="caption" id="time-changes"></span></div>
<p class="caption">Tuples marked + hold in this run but not in the fault-free run at the same time; struck-through ones hold only in the fault-free run.</p>
<div class="tables" id="tables"></div>
</section>
${
  data.sources.length > 0
    ? html`<section><h2>Spec</h2>${data.sources.map((f) => html`<details class="source"><summary><code>${f.path}</code></summary><pre>${f.text}</pre></details>`)}</section>`
    : ''
}
</main>
<div id="tooltip"></div>`;

  const scripts = html`<script type="application/json" id="ldfi-data">${raw(jsonForScript(data))}</script>
<script>${raw(scriptForInline(options.d3 ?? d3Source()))}</script>
<script>${raw(scriptForInline(options.dagre ?? dagreSource()))}</script>
<script>${raw(scriptForInline(PAGE_SCRIPT))}</script>`;

  return page(`ldfi — ${data.title}`, body, scripts);
}

export interface SuiteIndexEntry {
  readonly name: string;
  readonly files: readonly string[];
  readonly bounds: Bounds;
  readonly verdict: Verdict;
  /** The verdict the suite config expects; the row shows pass/fail when given. */
  readonly expected?: Verdict;
  /** Relative link to the entry's page, e.g. `2pc-6-0-1/index.html`. */
  readonly href: string;
  /** Optional one-line explanation (the verdict sentence). */
  readonly sentence?: string;
  /** Simulations the check ran, and its wall time. */
  readonly executions?: number;
  readonly elapsedMs?: number;
}

/** Sorts the suite table by a clicked column (numbers as numbers), then back the other way. */
const SUITE_SCRIPT = String.raw`
(function () {
  'use strict';
  var table = document.getElementById('suite');
  var heads = table.tHead.rows[0].cells;
  var order = {};
  Array.prototype.forEach.call(heads, function (th, col) {
    if (!th.getAttribute('data-sort')) return;
    th.tabIndex = 0;
    function sort() {
      var numeric = th.getAttribute('data-sort') === 'number';
      var dir = order[col] = order[col] === 1 ? -1 : 1;
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
        var c = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
        return c * dir || Number(a.getAttribute('data-i')) - Number(b.getAttribute('data-i'));
      });
      rows.forEach(function (r) { body.appendChild(r); });
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
})();
`;

/** One page listing the checks written under a folder: sortable, with a bar of each check's time. */
export function renderSuiteIndex(entries: readonly SuiteIndexEntry[], title = 'ldfi suite'): string {
  const withExpectation = entries.filter((e) => e.expected !== undefined);
  const failed = withExpectation.filter((e) => e.expected !== e.verdict).length;
  const totalMs = entries.reduce((sum, e) => sum + (e.elapsedMs ?? 0), 0);
  const checks = entries.length === 1 ? '1 check' : `${entries.length} checks`;
  const summary =
    (withExpectation.length === 0
      ? `${checks}.`
      : failed === 0
        ? `${checks}; every verdict is as expected.`
        : `${checks}; ${failed === 1 ? '1 verdict differs' : `${failed} verdicts differ`} from what was expected.`) +
    // Entries run in parallel overlap: this is their sum, not the suite's wall time.
    (entries.some((e) => e.elapsedMs !== undefined) ? ` Their times add up to ${formatElapsed(totalMs)}.` : '');
  const slowest = Math.max(1, ...entries.map((e) => e.elapsedMs ?? 0));
  const rows = entries.map((e, i) => {
    const outcome = e.expected === undefined ? '' : e.expected === e.verdict ? 'as expected' : `expected ${e.expected}`;
    const result =
      e.expected === undefined
        ? html`<td data-v=""></td>`
        : e.expected === e.verdict
          ? html`<td class="pass" data-v="${outcome}">as expected</td>`
          : html`<td class="fail" data-v="${outcome}">expected ${e.expected}</td>`;
    const ms = e.elapsedMs ?? 0;
    const bar = Math.max(1, Math.round((ms / slowest) * 100));
    const time =
      e.elapsedMs === undefined
        ? html`<td class="time" data-v="0"></td>`
        : html`<td class="time" data-v="${Math.round(ms)}"><span class="bar" style="width: ${bar}px"></span><span class="bar-label">${formatElapsed(ms)}</span></td>`;
    return html`<tr data-i="${i}"><td data-v="${e.name}"><a href="${safeHref(e.href)}">${e.name}</a></td><td data-v="${e.files.join(', ')}"><code>${e.files.join(', ')}</code></td><td data-v="${formatNodes(e.bounds.nodes)}">${formatNodes(e.bounds.nodes)}</td><td data-v="${describeBounds(e.bounds)}">${describeBounds(e.bounds)}</td><td data-v="${e.verdict}"><span class="tag ${e.verdict === 'certified' ? 'good' : 'bad'}">${e.verdict}</span></td>${result}<td class="num" data-v="${e.executions ?? 0}">${e.executions ?? ''}</td>${time}<td data-v="${e.sentence ?? ''}">${e.sentence ?? ''}</td></tr>`;
  });
  const body = html`<header><h1>${title}</h1><div class="verdict ${failed > 0 ? 'counterexample' : 'certified'}">${summary}</div><p class="caption">Click a column to sort by it; click again to reverse. Each name links to that check's report.</p></header>
<main><section><table class="suite" id="suite"><thead><tr><th data-sort="text">entry</th><th data-sort="text">files</th><th data-sort="text">nodes</th><th data-sort="text">bounds</th><th data-sort="text">verdict</th><th data-sort="text">expectation</th><th data-sort="number">executions</th><th data-sort="number">time</th><th></th></tr></thead>
<tbody>${rows}</tbody></table></section></main>`;
  return page(title, body, html`<script>${raw(scriptForInline(SUITE_SCRIPT))}</script>`);
}

/** Only relative links: a spec name must not become `javascript:`. */
function safeHref(href: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) ? `./${href}` : href;
}
