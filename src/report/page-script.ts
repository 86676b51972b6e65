/**
 * The report page's script, inlined after d3. Kept as plain browser JavaScript in a string (no
 * template literals inside) so it needs no build step and runs the same from src/ and dist/.
 * It only draws what buildReportData computed; every spec string goes through d3's `.text()`
 * (never `.html()`), so a constant like "<script>…" shows as text.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ldfi-data').textContent);
  var details = {};
  data.details.forEach(function (d) { details[d.index] = d; });
  var state = { run: data.selected, time: data.summary.eot, collapsed: {} };
  data.lineage.collapsed.forEach(function (id) { state.collapsed[id] = true; });
  var tip = d3.select('#tooltip');
  // Matches LINEAGE_MAX_LABEL: node widths were computed for labels cut at this length.
  var MAX_LABEL = 48;

  function showTip(event, text) {
    tip.style('display', 'block').text(text);
    var x = Math.min(event.clientX + 14, window.innerWidth - 540);
    tip.style('left', Math.max(4, x) + 'px').style('top', (event.clientY + 14) + 'px');
  }
  function hideTip() { tip.style('display', 'none'); }

  // ---- runs table ----
  function renderRuns() {
    var tbody = d3.select('#runs tbody');
    var rows = tbody.selectAll('tr').data(data.runs).join('tr')
      .attr('class', function (r) { return 'run' + (r.detail ? '' : ' nodetail'); })
      .attr('data-run', function (r) { return r.index; })
      .on('click', function (event, r) { select(r.index); });
    rows.selectAll('td').remove();
    rows.append('td').text(function (r) { return r.index === data.baselineIndex && r.faults === '' ? r.index + ' (fault-free)' : String(r.index); });
    rows.append('td').attr('class', 'faults').text(function (r) { return r.faults === '' ? 'none' : r.faults; });
    var verdict = rows.append('td');
    verdict.append('span').attr('class', function (r) { return 'tag ' + (r.violated ? 'bad' : 'good'); })
      .text(function (r) { return r.violated ? 'violated' : 'holds'; });
    verdict.filter(function (r) { return r.counterexample; }).append('span').text(' ')
      .append('span').attr('class', 'tag cx').text('counterexample');
    rows.append('td').attr('class', 'mono').text(function (r) { return r.target === null ? '' : r.target; });
    rows.append('td').attr('class', 'mono').text(function (r) { return r.missing.join(' '); });
  }

  function select(index) {
    state.run = index;
    d3.selectAll('#runs tr.run').classed('selected', function (r) { return r.index === index; });
    var d = details[index];
    var row = data.runs.filter(function (r) { return r.index === index; })[0];
    var title = d3.select('#run-title');
    if (!d) {
      title.text('Run ' + index + ': its details are not embedded in this page. Replay it with: ldfi run --faults "' + (row ? row.faults : '') + '"');
      d3.select('#spacetime').selectAll('*').remove();
      d3.select('#tables').selectAll('*').remove();
      markLineage(null);
      return;
    }
    title.text('Run ' + index + (d.faults === '' ? ' (no faults)' : ': ' + d.faults) + ' — ' + d.sentence);
    drawSpaceTime(d);
    markLineage(d);
    drawTables();
  }

  // ---- space-time diagram ----
  function drawSpaceTime(d) {
    var st = d.spaceTime;
    var svg = d3.select('#spacetime');
    svg.selectAll('*').remove();
    var left = 70, top = 34, laneH = 74, stepW = 120;
    var lastT = st.eot + 1;
    var width = left + (lastT - 1) * stepW + 50;
    var height = top + Math.max(0, st.lanes.length - 1) * laneH + 40;
    svg.attr('width', width).attr('height', height).attr('viewBox', '0 0 ' + width + ' ' + height);
    var x = d3.scaleLinear().domain([1, lastT]).range([left, left + (lastT - 1) * stepW]);
    var y = d3.scalePoint().domain(st.lanes.map(function (l) { return l.index; })).range([top, top + Math.max(0, st.lanes.length - 1) * laneH]);
    var times = d3.range(1, lastT + 1);

    var defs = svg.append('defs');
    defs.append('marker').attr('id', 'arrowhead').attr('viewBox', '0 0 10 10').attr('refX', 9).attr('refY', 5)
      .attr('markerWidth', 7).attr('markerHeight', 7).attr('orient', 'auto-start-reverse')
      .append('path').attr('d', 'M0,0L10,5L0,10z').attr('fill', '#37474f');

    svg.append('g').selectAll('line').data(times).join('line').attr('class', 'grid')
      .attr('x1', function (t) { return x(t); }).attr('x2', function (t) { return x(t); })
      .attr('y1', top - 14).attr('y2', height - 20);
    svg.append('g').selectAll('text').data(times).join('text').attr('class', 'time-label')
      .attr('x', function (t) { return x(t); }).attr('y', 14).attr('text-anchor', 'middle')
      .text(function (t) { return t > st.eot ? 'after EOT' : 't=' + t; });

    var lanes = svg.append('g');
    st.lanes.forEach(function (l) {
      var stop = l.crashTime === null ? st.eot : l.crashTime;
      lanes.append('line').attr('class', 'lane').attr('data-node', l.node)
        .attr('x1', x(1)).attr('x2', x(stop)).attr('y1', y(l.index)).attr('y2', y(l.index));
      if (l.crashTime !== null && l.crashTime < lastT) {
        lanes.append('line').attr('class', 'lane-ghost')
          .attr('x1', x(l.crashTime)).attr('x2', x(st.eot)).attr('y1', y(l.index)).attr('y2', y(l.index));
      }
      lanes.append('text').attr('class', 'node-label').attr('x', left - 14).attr('y', y(l.index) + 4)
        .attr('text-anchor', 'end').text(l.node);
      times.filter(function (t) { return t <= stop; }).forEach(function (t) {
        lanes.append('line').attr('class', 'tick').attr('x1', x(t)).attr('x2', x(t))
          .attr('y1', y(l.index) - 5).attr('y2', y(l.index) + 5);
      });
    });

    // Omissions that name a channel: a dashed box on the sender's tick.
    svg.append('g').selectAll('rect').data(st.omissions).join('rect').attr('class', 'omission-mark')
      .attr('x', function (o) { return x(o.time) - 8; })
      .attr('y', function (o) { return laneY(o.from) - 8; }).attr('width', 16).attr('height', 16)
      .on('mouseenter', function (event, o) { showTip(event, 'omit(' + o.from + ', ' + o.to + ', ' + o.time + '): every message ' + o.from + '→' + o.to + ' sent at t=' + o.time + ' is lost'); })
      .on('mouseleave', hideTip);
    function laneY(node) {
      var l = st.lanes.filter(function (l) { return l.node === node; })[0];
      return l ? y(l.index) : top;
    }

    function geometry(a) {
      var x1 = x(a.sendTime), y1 = y(a.fromLane), x2 = x(a.arriveTime), y2 = y(a.toLane);
      var bend = (a.slot - (a.slots - 1) / 2) * 16;
      if (a.fromLane === a.toLane) {
        var lift = 22 + a.slot * 10;
        return { d: 'M' + x1 + ',' + y1 + ' C' + (x1 + 20) + ',' + (y1 - lift) + ' ' + (x2 - 20) + ',' + (y1 - lift) + ' ' + x2 + ',' + y2,
          mx: (x1 + x2) / 2, my: y1 - lift * 0.75 };
      }
      var mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
      var dx = x2 - x1, dy = y2 - y1, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var cx = mx - dy / len * bend, cy = my + dx / len * bend;
      // Label and cross at 35% of the way, so two arrows crossing in the middle keep apart.
      var t = 0.35, a0 = (1 - t) * (1 - t), a1 = 2 * (1 - t) * t, a2 = t * t;
      return { d: 'M' + x1 + ',' + y1 + ' Q' + cx + ',' + cy + ' ' + x2 + ',' + y2,
        mx: a0 * x1 + a1 * cx + a2 * x2, my: a0 * y1 + a1 * cy + a2 * y2 };
    }
    function describe(a) {
      var lines = [a.tuple, a.from + '→' + a.to + ', sent at t=' + a.sendTime + ', ' +
        (a.afterEot ? 'would arrive after EOT' : 'arrives at t=' + a.arriveTime)];
      if (a.lost) lines.push('LOST by ' + a.lostBy);
      return lines.join('\n');
    }

    var msgs = svg.append('g').selectAll('g').data(st.arrows).join('g').attr('class', 'message')
      .attr('data-lost', function (a) { return a.lost ? 'true' : 'false'; });
    msgs.each(function (a) {
      var g = d3.select(this), geo = geometry(a);
      var path = g.append('path').attr('class', 'msg' + (a.lost ? ' lost' : '') + (a.afterEot && !a.lost ? ' late' : '')).attr('d', geo.d);
      if (!a.lost) path.attr('marker-end', 'url(#arrowhead)');
      g.append('text').attr('class', 'msg-label' + (a.lost ? ' lost' : '')).attr('x', geo.mx).attr('y', geo.my - 4)
        .attr('text-anchor', 'middle').text(a.relation);
      if (a.lost) {
        var s = 6;
        g.append('path').attr('class', 'lost-mark')
          .attr('d', 'M' + (geo.mx - s) + ',' + (geo.my - s) + 'L' + (geo.mx + s) + ',' + (geo.my + s) + 'M' + (geo.mx - s) + ',' + (geo.my + s) + 'L' + (geo.mx + s) + ',' + (geo.my - s));
      }
      g.append('path').attr('class', 'msg-hit').attr('d', geo.d)
        .on('mouseenter', function (event) { path.classed('hot', true); showTip(event, describe(a)); })
        .on('mousemove', function (event) { showTip(event, describe(a)); })
        .on('mouseleave', function () { path.classed('hot', false); hideTip(); });
    });

    var crashes = svg.append('g').selectAll('g').data(st.crashes).join('g').attr('class', 'crash');
    crashes.append('path').attr('class', 'crash-mark')
      .attr('d', function (c) { var cx = x(c.time), cy = y(c.lane), s = 9;
        return 'M' + (cx - s) + ',' + (cy - s) + 'L' + (cx + s) + ',' + (cy + s) + 'M' + (cx - s) + ',' + (cy + s) + 'L' + (cx + s) + ',' + (cy - s); })
      .attr('stroke', '#c62828').attr('stroke-width', 4);
    crashes.append('text').attr('class', 'crash-label').attr('x', function (c) { return x(c.time); })
      .attr('y', function (c) { return y(c.lane) + 24; }).attr('text-anchor', 'middle')
      .text(function (c) { return 'crash @' + c.time; });
    crashes.on('mouseenter', function (event, c) { showTip(event, c.node + ' crashes at t=' + c.time + ': from then on every message it sends to another node is lost'); })
      .on('mouseleave', hideTip);

    d3.select('#spacetime-caption').text(st.arrows.length + ' messages, ' +
      st.arrows.filter(function (a) { return a.lost; }).length + ' lost' +
      (st.crashes.length ? ', ' + st.crashes.length + ' crash' + (st.crashes.length > 1 ? 'es' : '') : '') +
      (st.omittedArrows ? ' (' + st.omittedArrows + ' more not drawn)' : '') + '. Hover a message for its tuple.');
  }

  // ---- lineage graph ----
  var lineage = data.lineage;
  var byId = {};
  lineage.nodes.forEach(function (n) { byId[n.id] = n; });
  var childrenOf = {};
  lineage.edges.forEach(function (e) { (childrenOf[e.from] = childrenOf[e.from] || []).push(e.to); });
  var lsvg = d3.select('#lineage-svg');
  var layer = lsvg.append('g').attr('class', 'zoom-layer');
  var zoom = d3.zoom().scaleExtent([0.05, 4]).on('zoom', function (event) { layer.attr('transform', event.transform); });
  lsvg.call(zoom).on('dblclick.zoom', null);

  function visibleSet() {
    var seen = {};
    var stack = lineage.roots.slice();
    while (stack.length) {
      var id = stack.pop();
      if (seen[id] || !byId[id]) continue;
      seen[id] = true;
      if (state.collapsed[id]) continue;
      (childrenOf[id] || []).forEach(function (c) { if (!seen[c]) stack.push(c); });
    }
    return seen;
  }

  function drawLineage() {
    layer.selectAll('*').remove();
    if (lineage.nodes.length === 0) return;
    var vis = visibleSet();
    var line = d3.line().x(function (p) { return p.x; }).y(function (p) { return p.y; }).curve(d3.curveBasis);
    lsvg.select('defs').remove();
    lsvg.insert('defs', ':first-child').append('marker').attr('id', 'lineage-arrow').attr('viewBox', '0 0 10 10')
      .attr('refX', 9).attr('refY', 5).attr('markerWidth', 6).attr('markerHeight', 6).attr('orient', 'auto')
      .append('path').attr('d', 'M0,0L10,5L0,10z').attr('fill', '#90a4ae');
    layer.append('g').selectAll('path').data(lineage.edges.filter(function (e) { return vis[e.from] && vis[e.to]; }))
      .join('path').attr('class', 'edge').attr('d', function (e) { return line(e.points); }).attr('marker-end', 'url(#lineage-arrow)');
    var nodes = layer.append('g').selectAll('g').data(lineage.nodes.filter(function (n) { return vis[n.id]; })).join('g')
      .attr('class', function (n) { return 'lnode ' + n.kind + (n.root ? ' root' : ''); })
      .attr('data-id', function (n) { return n.id; })
      .attr('transform', function (n) { return 'translate(' + n.x + ',' + n.y + ')'; });
    nodes.filter(function (n) { return n.kind === 'goal' || n.kind === 'fact'; }).append('ellipse')
      .attr('rx', function (n) { return n.width / 2; }).attr('ry', function (n) { return n.height / 2; });
    nodes.filter(function (n) { return n.kind === 'rule' || n.kind === 'message'; }).append('rect')
      .attr('x', function (n) { return -n.width / 2; }).attr('y', function (n) { return -n.height / 2; })
      .attr('width', function (n) { return n.width; }).attr('height', function (n) { return n.height; }).attr('rx', 2);
    nodes.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em')
      .text(function (n) { return n.label.length > MAX_LABEL ? n.label.slice(0, MAX_LABEL - 1) + '…' : n.label; });
    var badged = nodes.filter(function (n) { return n.hiddenChildren > 0 || (state.collapsed[n.id] && (childrenOf[n.id] || []).length > 0); });
    badged.append('circle').attr('class', 'badge').attr('r', 8).attr('cx', function (n) { return n.width / 2; }).attr('cy', function (n) { return -n.height / 2; });
    badged.append('text').attr('class', 'badge-text').attr('text-anchor', 'middle').attr('dy', '0.35em')
      .attr('x', function (n) { return n.width / 2; }).attr('y', function (n) { return -n.height / 2; }).text('+');
    nodes.on('mouseenter', function (event, n) {
      var extra = n.hiddenChildren > 0 ? '\n(' + n.hiddenChildren + ' derivation(s) pruned from this page)' : '';
      if ((childrenOf[n.id] || []).length) extra += '\nclick to ' + (state.collapsed[n.id] ? 'expand' : 'collapse');
      var rule = n.rule !== null && lineage.rules[n.rule] ? lineage.rules[n.rule] + '\n' : '';
      showTip(event, rule + n.detail + extra);
    }).on('mouseleave', hideTip)
      .on('click', function (event, n) {
        if (!(childrenOf[n.id] || []).length) return;
        if (state.collapsed[n.id]) delete state.collapsed[n.id]; else state.collapsed[n.id] = true;
        hideTip();
        drawLineage();
        markLineage(details[state.run] || null);
      });
  }

  // Fit the whole graph when its labels stay readable; otherwise show the outcome at the top at a readable zoom.
  function fitLineage() {
    var node = lsvg.node();
    var w = node.clientWidth || 1000, h = node.clientHeight || 560;
    if (!lineage.width || !lineage.height) return;
    var k = Math.min(w / (lineage.width + 20), h / (lineage.height + 20), 1.2);
    var tx, ty;
    if (k >= 0.6) {
      tx = (w - lineage.width * k) / 2; ty = Math.max(10, (h - lineage.height * k) / 2);
    } else {
      k = 0.6;
      var root = byId[lineage.roots[0]] || { x: lineage.width / 2, y: 0 };
      tx = w / 2 - root.x * k; ty = 10;
    }
    lsvg.call(zoom.transform, d3.zoomIdentity.translate(tx, ty).scale(k));
  }

  function markLineage(d) {
    var killed = {}, absent = {};
    if (d) {
      d.lineage.killed.forEach(function (id) { killed[id] = true; });
      d.lineage.absent.forEach(function (id) { absent[id] = true; });
    }
    layer.selectAll('g.lnode').classed('killed', function (n) { return !!killed[n.id]; })
      .classed('absent', function (n) { return !!absent[n.id]; });
    var caption = lineage.caption;
    if (d && d.index !== data.baselineIndex) {
      caption += ' Run ' + d.index + ' kills ' + d.lineage.killed.length + ' of these messages (red boxes); ' +
        d.lineage.absent.length + ' of these tuples are missing from it (dashed red).';
    }
    d3.select('#lineage-caption').text(caption);
  }

  // ---- tables ----
  function tablesAt(d, t) {
    var base = data.baselineTables[t - 1];
    var diff = d.diffs.filter(function (x) { return x.time === t; })[0] || { added: [], removed: [] };
    var out = {};
    function rel(name) { return out[name] = out[name] || { name: name, rows: [] }; }
    var removed = {};
    diff.removed.forEach(function (r) { r.rows.forEach(function (row) { removed[r.relation + '\u0000' + row] = true; }); });
    if (base) base.relations.forEach(function (r) {
      var e = rel(r.relation);
      r.rows.forEach(function (row) { e.rows.push({ text: row, status: removed[r.relation + '\u0000' + row] ? 'removed' : 'same' }); });
    });
    diff.added.forEach(function (r) { var e = rel(r.relation); r.rows.forEach(function (row) { e.rows.push({ text: row, status: 'added' }); }); });
    return Object.keys(out).sort().map(function (k) {
      out[k].rows.sort(function (a, b) { return a.text < b.text ? -1 : a.text > b.text ? 1 : 0; });
      return out[k];
    });
  }

  function drawTables() {
    var d = details[state.run];
    var host = d3.select('#tables');
    host.selectAll('*').remove();
    if (!d) return;
    var eot = data.summary.eot;
    d3.select('#time-slider').attr('max', eot).property('value', state.time);
    d3.select('#time-value').text('t=' + state.time + (state.time === eot ? ' (EOT)' : ''));
    var changed = d.diffs.map(function (x) { return x.time; });
    d3.select('#time-changes').text(d.index === data.baselineIndex ? 'the fault-free run' :
      changed.length ? 'differs from the fault-free run at t=' + changed.join(', ') : 'same tables as the fault-free run');
    var rels = tablesAt(d, state.time);
    if (!rels.length) { host.append('p').attr('class', 'empty').text('No tuples at this time.'); return; }
    var LIMIT = 400;
    rels.forEach(function (r) {
      var diffs = r.rows.filter(function (x) { return x.status !== 'same'; }).length;
      var box = host.append('div').attr('class', 'table-box' + (diffs ? ' changed' : ''));
      var live = r.rows.filter(function (x) { return x.status !== 'removed'; }).length;
      box.append('h3').text(r.name + ' (' + live + ')' + (diffs ? ' — ' + diffs + (diffs === 1 ? ' differs' : ' differ') : ''));
      var shown = r.rows.filter(function (x) { return x.status !== 'same'; }).concat(r.rows.filter(function (x) { return x.status === 'same'; })).slice(0, LIMIT);
      box.append('ul').selectAll('li').data(shown).join('li').attr('class', function (x) { return x.status; }).text(function (x) { return x.text; });
      if (r.rows.length > LIMIT) box.append('p').attr('class', 'empty').text((r.rows.length - LIMIT) + ' more rows not listed');
    });
  }

  d3.select('#time-slider').on('input', function () { state.time = +this.value; drawTables(); });
  d3.select('#time-prev').on('click', function () { if (state.time > 1) { state.time--; drawTables(); } });
  d3.select('#time-next').on('click', function () { if (state.time < data.summary.eot) { state.time++; drawTables(); } });
  d3.select('#lineage-fit').on('click', fitLineage);
  d3.select('#lineage-expand').on('click', function () { state.collapsed = {}; drawLineage(); markLineage(details[state.run] || null); });

  renderRuns();
  drawLineage();
  fitLineage();
  select(state.run);
  var selectedRow = document.querySelector('#runs tr.selected');
  if (selectedRow && selectedRow.scrollIntoView) selectedRow.scrollIntoView({ block: 'nearest' });
})();
`;
