/**
 * The report page and the suite index as HTML strings. The static frame is written here with the
 * escaping `html` tag; the run data goes in a JSON block that the inlined script draws from.
 * No timestamps: the same data gives the same bytes.
 */
import type { Bounds } from '../faults/types.js';
import type { Verdict } from '../search/types.js';
import type { ReportData } from './data.js';
import { d3Source } from './d3-source.js';
import { html, jsonForScript, raw, scriptForInline, type SafeHtml } from './escape.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import { describeBounds } from './verdict.js';

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
}

export function renderReportHtml(data: ReportData, options: RenderOptions = {}): string {
  const s = data.summary;
  const header = html`<header>
<h1>${data.title}</h1>
<p class="files">${data.files.length === 1 ? 'Spec' : 'Specs'}: <code>${data.files.join(', ')}</code></p>
<div class="verdict ${s.verdict}" id="verdict"><span class="tag ${s.verdict === 'certified' || s.verdict === 'holds' ? 'good' : 'bad'}">${VERDICT_WORD[s.verdict]}</span> ${s.sentence}</div>
<dl class="stats">
${stat('nodes', s.nodes.join(', '))}
${stat('bounds', s.bounds)}
${stat('strategy', s.strategy)}
${stat('executions', s.executions)}
${stat('hypotheses', s.hypotheses)}
${stat('fault space', s.faultSpace)}
${stat('time', s.elapsed)}
</dl>
${s.replayCommand !== null ? html`<p class="files">Replay: <code>${s.replayCommand}</code></p>` : ''}
${data.notes.length > 0 ? html`<ul class="notes">${data.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
</header>`;

  const body = html`${header}
<main>
<section id="runs-section">
<h2>Runs</h2>
<p class="caption">Every run of the search with its fault set, its outcome and the outcome it was aimed at. Click a run to show it below.</p>
<div class="runs-wrap"><table class="runs" id="runs"><thead><tr><th>run</th><th>faults</th><th>invariant</th><th>aimed at</th><th>pre without post</th></tr></thead><tbody></tbody></table></div>
</section>
<section>
<h2 id="run-title"></h2>
<h2>Space-time diagram</h2>
<p class="caption" id="spacetime-caption"></p>
<div class="legend">
<span><svg width="34" height="10"><line x1="0" y1="5" x2="34" y2="5" stroke="#37474f" stroke-width="1.5"/></svg> message</span>
<span><svg width="34" height="10"><line x1="0" y1="5" x2="34" y2="5" stroke="#c62828" stroke-width="1.6" stroke-dasharray="5 4"/></svg> lost message (✕)</span>
<span><svg width="16" height="16"><path d="M2,2L14,14M2,14L14,2" stroke="#c62828" stroke-width="3"/></svg> crash: the node's line stops</span>
</div>
<div class="panel" id="spacetime-wrap"><svg id="spacetime" role="img" aria-label="space-time diagram"></svg></div>
</section>
<section>
<h2>Lineage of the outcome</h2>
<p class="caption" id="lineage-caption"></p>
<div class="legend">
<span><svg width="30" height="16"><ellipse cx="15" cy="8" rx="14" ry="7" fill="#e3f2fd" stroke="#455a64"/></svg> tuple (goal)</span>
<span><svg width="30" height="16"><ellipse cx="15" cy="8" rx="14" ry="7" fill="#f1f8e9" stroke="#455a64" stroke-dasharray="3 2"/></svg> fact</span>
<span><svg width="30" height="16"><rect x="1" y="1" width="28" height="14" fill="#fff8e1" stroke="#455a64"/></svg> rule firing</span>
<span><svg width="30" height="16"><rect x="1" y="1" width="28" height="14" fill="#ede7f6" stroke="#455a64"/></svg> message (@async)</span>
<span><svg width="30" height="16"><rect x="1" y="1" width="28" height="14" fill="#ffcdd2" stroke="#c62828" stroke-width="2"/></svg> killed by the selected run's faults</span>
<span><svg width="30" height="16"><ellipse cx="15" cy="8" rx="14" ry="7" fill="#fff5f5" stroke="#c62828" stroke-dasharray="4 3"/></svg> missing in the selected run</span>
</div>
<div class="toolbar"><button id="lineage-fit" type="button">fit</button><button id="lineage-expand" type="button">expand all</button><span class="caption">Scroll to zoom, drag to pan, click a node to collapse or expand what it depends on.</span></div>
<div class="panel"><svg id="lineage-svg" role="img" aria-label="lineage graph"></svg></div>
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
}

/** One page listing the checks written under a folder. Static: no script needed. */
export function renderSuiteIndex(entries: readonly SuiteIndexEntry[], title = 'ldfi suite'): string {
  const withExpectation = entries.filter((e) => e.expected !== undefined);
  const failed = withExpectation.filter((e) => e.expected !== e.verdict).length;
  const checks = entries.length === 1 ? '1 check' : `${entries.length} checks`;
  const summary =
    withExpectation.length === 0
      ? `${checks}.`
      : failed === 0
        ? `${checks}; every verdict is as expected.`
        : `${checks}; ${failed === 1 ? '1 verdict differs' : `${failed} verdicts differ`} from what was expected.`;
  const rows = entries.map((e) => {
    const result =
      e.expected === undefined ? html`<td></td>` : e.expected === e.verdict ? html`<td class="pass">as expected</td>` : html`<td class="fail">expected ${e.expected}</td>`;
    return html`<tr><td><a href="${safeHref(e.href)}">${e.name}</a></td><td><code>${e.files.join(', ')}</code></td><td>${e.bounds.nodes.join(',')}</td><td>${describeBounds(e.bounds)}</td><td><span class="tag ${e.verdict === 'certified' ? 'good' : 'bad'}">${e.verdict}</span></td>${result}<td>${e.sentence ?? ''}</td></tr>`;
  });
  const body = html`<header><h1>${title}</h1><div class="verdict ${failed > 0 ? 'counterexample' : 'certified'}">${summary}</div></header>
<main><section><table class="suite"><thead><tr><th>spec</th><th>files</th><th>nodes</th><th>bounds</th><th>verdict</th><th>expectation</th><th></th></tr></thead>
<tbody>${rows}</tbody></table></section></main>`;
  return page(title, body, raw(''));
}

/** Only relative links: a spec name must not become `javascript:`. */
function safeHref(href: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) ? `./${href}` : href;
}
