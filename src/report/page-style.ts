/** The report page's stylesheet, inlined. */
export const PAGE_STYLE = String.raw`
:root { --fg: #1d2430; --muted: #5b6576; --line: #d5dae3; --bg: #ffffff; --panel: #f6f8fb;
  --bad: #c62828; --good: #2e7d32; --warn: #b26a00; --accent: #1f5fbf; --msg: #37474f; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 18px 28px 12px; border-bottom: 1px solid var(--line); background: var(--panel); }
h1 { font-size: 20px; margin: 0 0 6px; }
h2 { font-size: 16px; margin: 0 0 8px; }
main { padding: 8px 28px 40px; }
section { margin: 18px 0 26px; }
code, .mono, td.faults, .tuple { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.files { color: var(--muted); margin: 0 0 6px; }
.verdict { font-size: 16px; font-weight: 600; margin: 8px 0; padding: 8px 12px; border-radius: 6px; border-left: 5px solid var(--muted); background: #fff; }
.verdict.counterexample, .verdict.violated { border-left-color: var(--bad); }
.verdict.certified, .verdict.holds { border-left-color: var(--good); }
.verdict.incomplete, .verdict.unchecked { border-left-color: var(--warn); }
dl.stats { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 6px 0 0; }
dl.stats div { display: flex; gap: 6px; }
dl.stats dt { color: var(--muted); }
dl.stats dd { margin: 0; font-weight: 600; }
.notes { color: var(--warn); margin: 8px 0 0; padding-left: 18px; }
.runs-wrap { max-height: 300px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
table.runs { border-collapse: collapse; width: 100%; }
table.runs th, table.runs td { padding: 4px 10px; text-align: left; border-bottom: 1px solid var(--line); vertical-align: top; }
table.runs th { position: sticky; top: 0; background: var(--panel); z-index: 1; }
table.runs tr.run { cursor: pointer; }
table.runs tr.run:hover { background: #eef3fb; }
table.runs tr.selected { background: #dce8fa !important; }
table.runs tr.nodetail td { color: var(--muted); }
.tag { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 12px; font-weight: 600; }
.tag.bad { background: #fde7e7; color: var(--bad); }
.tag.good { background: #e5f4e6; color: var(--good); }
.tag.cx { background: var(--bad); color: #fff; }
.panel { border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.caption { color: var(--muted); margin: 0 0 8px; }
.run-title { font-weight: 600; margin: 0 0 6px; }
.compare { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 12px; }
.compare.single { grid-template-columns: 1fr; }
.compare h3 { font-size: 13px; margin: 4px 0; }
.st-wrap { overflow-x: auto; padding: 4px; }
.spacetime { display: block; }
.spacetime .lane { stroke: #263238; stroke-width: 2; }
.spacetime .lane-ghost { stroke: #b0bec5; stroke-width: 1.5; stroke-dasharray: 2 4; }
.spacetime .tick { stroke: #263238; stroke-width: 1.5; }
.spacetime .node-label { font-weight: 700; font-size: 13px; }
.spacetime .lane-names-bg { fill: #fff; opacity: 0; }
.spacetime .lane-names.pinned .lane-names-bg { opacity: 0.92; }
.spacetime .time-label { fill: var(--muted); font-size: 11px; }
.spacetime .grid { stroke: #eceff1; }
.spacetime .msg { fill: none; stroke: var(--msg); stroke-width: 1.4; }
.spacetime .msg.extra { stroke: #1565c0; stroke-width: 2.4; }
.spacetime .msg.lost { stroke: var(--bad); stroke-dasharray: 5 4; stroke-width: 1.6; }
.spacetime .msg-gone { fill: none; stroke: #ef6c00; stroke-opacity: 0.45; stroke-width: 6; }
.spacetime .msg-hit { fill: none; stroke: transparent; stroke-width: 10; cursor: help; }
.spacetime .msg-label { font-size: 10.5px; fill: #37474f; paint-order: stroke; stroke: #fff; stroke-width: 3px; pointer-events: none; }
.spacetime .msg-label.lost { fill: var(--bad); }
.spacetime .lost-mark { stroke: var(--bad); stroke-width: 2.5; cursor: help; }
.spacetime .crash-mark { fill: var(--bad); stroke: var(--bad); stroke-width: 4; }
.spacetime .crash-label { fill: var(--bad); font-size: 11px; font-weight: 700; }
.spacetime .omission-mark { fill: transparent; stroke: var(--bad); stroke-width: 1; stroke-dasharray: 2 2; cursor: help; }
.spacetime .diff-badge { cursor: help; }
.spacetime .diff-badge rect { fill: #fff8e1; stroke: #b26a00; }
.spacetime .diff-badge.added rect { fill: #e5f4e6; stroke: var(--good); }
.spacetime .diff-badge.removed:not(.added) rect { fill: #fde7e7; stroke: var(--bad); }
.spacetime .diff-text { font-size: 10px; font-weight: 700; fill: #1d2430; }
.spacetime .hot { stroke-width: 3; }
#lineage-svg { width: 100%; height: 560px; display: block; cursor: grab; background: #fcfdff; }
#lineage-svg .edge { fill: none; stroke: #90a4ae; stroke-width: 1.2; }
#lineage-svg .edge.why { stroke: #546e7a; stroke-width: 1.8; }
#lineage-svg .edge.notin { stroke: var(--bad); stroke-width: 1.8; stroke-dasharray: 6 4; }
#lineage-svg .edge.cause { stroke: #e65100; stroke-width: 1.6; stroke-dasharray: 2 3; }
#lineage-svg .edge-label { font: 11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; fill: var(--bad); paint-order: stroke; stroke: #fff; stroke-width: 3px; pointer-events: none; }
#lineage-svg .edge-label.cause { fill: #e65100; }
#lineage-svg .lnode rect, #lineage-svg .lnode ellipse { stroke: #455a64; stroke-width: 1.2; }
#lineage-svg .lnode.goal ellipse { fill: #e3f2fd; }
#lineage-svg .lnode.fact ellipse { fill: #f1f8e9; stroke-dasharray: 3 2; }
#lineage-svg .lnode.rule rect { fill: #fff8e1; }
#lineage-svg .lnode.message rect { fill: #ede7f6; }
#lineage-svg .lnode.appeared ellipse { fill: #ffe082; stroke: #e65100; stroke-width: 2.2; }
#lineage-svg .lnode.failing rect { stroke: #e65100; stroke-dasharray: 4 2; }
#lineage-svg .lnode.why rect, #lineage-svg .lnode.why ellipse { stroke-width: 2; }
#lineage-svg .lnode.root ellipse { stroke-width: 2.5; stroke: var(--accent); }
#lineage-svg .lnode.killed rect { fill: #ffcdd2; stroke: var(--bad); stroke-width: 2.5; }
#lineage-svg .lnode.absent ellipse { stroke: var(--bad); stroke-dasharray: 4 3; fill: #fff5f5; }
#lineage-svg .lnode text { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; fill: #1d2430; pointer-events: none; }
#lineage-svg .lnode { cursor: pointer; }
#lineage-svg .badge { fill: var(--accent); }
#lineage-svg .badge-text { fill: #fff; font-size: 11px; font-weight: 700; }
.why { margin: 12px 0 0; padding: 10px 14px; background: #fff; border: 1px solid var(--line); border-left: 5px solid var(--bad); border-radius: 6px; }
.why h2 { margin-bottom: 4px; }
.why-pre { margin: 6px 0 2px; }
.needed { margin-top: 10px; padding-top: 6px; border-top: 1px dashed var(--line); }
ul.causes, ul.causes ul { list-style: none; margin: 0; padding-left: 18px; }
ul.causes { padding-left: 0; }
li.cause { margin: 3px 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.ctag { display: inline-block; min-width: 64px; text-align: center; padding: 0 5px; margin-right: 4px; border-radius: 9px; font: 600 11px system-ui, sans-serif; }
.ctag.not-derived { background: #e3f2fd; color: #0d47a1; }
.ctag.appeared { background: #ffe082; color: #8a3a00; }
.ctag.lost-message, .ctag.crashed-sender { background: var(--bad); color: #fff; }
ul.hints, ul.warnings { margin: 8px 0 0; padding-left: 18px; }
ul.hints li { color: #1b5e20; }
ul.warnings { color: var(--warn); font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; color: var(--muted); font-size: 12px; margin: 6px 0; align-items: center; }
.legend svg { vertical-align: middle; }
.toolbar { display: flex; gap: 8px; align-items: center; margin: 0 0 8px; flex-wrap: wrap; }
button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
button:hover { background: #eef3fb; }
.tables { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 10px; }
.table-box { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.table-box h3 { font-size: 13px; margin: 0 0 4px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.table-box ul { list-style: none; margin: 0; padding: 0; max-height: 220px; overflow: auto; }
.table-box li { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; white-space: pre; }
.table-box li.added { background: #e5f4e6; color: var(--good); }
.table-box li.added::before { content: "+ "; }
.table-box li.removed { background: #fde7e7; color: var(--bad); text-decoration: line-through; }
.table-box li.removed::before { content: "− "; }
.table-box.changed { border-color: var(--warn); }
#tooltip { position: fixed; pointer-events: none; background: #263238; color: #fff; padding: 6px 9px; border-radius: 4px;
  font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; max-width: 520px; z-index: 10; display: none; }
.empty { color: var(--muted); font-style: italic; }
details.source pre { background: var(--panel); padding: 10px; overflow: auto; max-height: 480px; font-size: 12px; }
table.suite { border-collapse: collapse; }
table.suite th, table.suite td { padding: 5px 12px; border-bottom: 1px solid var(--line); text-align: left; }
table.suite th[data-sort] { cursor: pointer; user-select: none; }
table.suite th[aria-sort="ascending"]::after { content: " ▲"; }
table.suite th[aria-sort="descending"]::after { content: " ▼"; }
table.suite td.num { text-align: right; }
table.suite td.time { white-space: nowrap; }
.bar { display: inline-block; height: 10px; background: var(--accent); border-radius: 2px; margin-right: 6px; vertical-align: middle; opacity: 0.75; }
.bar-label { font-variant-numeric: tabular-nums; }
td.pass { color: var(--good); font-weight: 700; }
td.fail { color: var(--bad); font-weight: 700; }
`;
