/**
 * The report page's script, inlined after d3 and dagre. Kept as plain browser JavaScript in a
 * string (no template literals inside) so it needs no build step and runs the same from src/ and
 * dist/. It draws what buildReportData computed and lays out the lineage graph with dagre each time
 * the visible part changes; every spec string goes through d3's `.text()` (never `.html()`), so a
 * constant like "<script>…" shows as text.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ldfi-data').textContent);
  var details = {};
  data.details.forEach(function (d) { details[d.index] = d; });
  var state = { run: data.selected, time: data.summary.eot, outcome: 0, open: {} };
  var tip = d3.select('#tooltip');
  // Matches LINEAGE_MAX_LABEL: node widths were computed for labels cut at this length.
  var MAX_LABEL = 48;
  // Lineage text is 12 px; below this zoom it would be smaller than 11 px on screen.
  var READABLE_ZOOM = 11 / 12;

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
    if (data.mode !== 'run') rows.append('td').attr('class', 'mono').text(function (r) { return r.target === null ? '' : r.target; });
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
      d3.select('#spacetime-base').selectAll('*').remove();
      d3.select('#tables').selectAll('*').remove();
      markLineage(null);
      return;
    }
    title.text('Run ' + index + (d.faults === '' ? ' (no faults)' : ': ' + d.faults) + ' — ' + d.sentence);
    drawCompare(d);
    markLineage(d);
    drawTables();
  }

  // ---- space-time diagrams ----
  var STEP_W = 96, MIN_LEFT = 64, TOP = 30, RIGHT = 64, BOTTOM = 36;

  // The lanes start right of the longest node name, so no name is cut at the diagram's edge.
  function leftMargin(svg, lanes) {
    var probe = svg.append('text').attr('class', 'node-label');
    var widest = 0;
    lanes.forEach(function (l) { probe.text(l.node); widest = Math.max(widest, probe.node().getComputedTextLength()); });
    probe.remove();
    return Math.max(MIN_LEFT, Math.ceil(widest) + 24);
  }

  // The earliest fault of the run: where the diagram opens when it is wider than its panel.
  function firstFaultTime(st) {
    var times = st.crashes.map(function (c) { return c.time; })
      .concat(st.omissions.map(function (o) { return o.time; }));
    return times.length === 0 ? null : Math.min.apply(null, times);
  }

  function laneHeight(st) { return st.lanes.length <= 5 ? 74 : st.lanes.length <= 8 ? 64 : 56; }

  function intersects(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  // The fault-free run and the selected one, side by side at the same scale.
  function drawCompare(d) {
    var base = details[data.baselineIndex];
    var same = !base || d.index === data.baselineIndex;
    d3.select('#compare').classed('single', same);
    d3.select('#compare-base').style('display', same ? 'none' : null);
    d3.select('#compare-run-title').text(same ? 'Run ' + d.index + ' (fault-free)' : 'Run ' + d.index + (d.faults === '' ? '' : ': ' + d.faults));
    d3.select('#compare-base-title').text('Fault-free run (run ' + data.baselineIndex + ')');
    var eot = d.spaceTime.eot;
    var lanes = Math.max(d.spaceTime.lanes.length, same ? 0 : base.spaceTime.lanes.length);
    var allLanes = same ? d.spaceTime.lanes : d.spaceTime.lanes.concat(base.spaceTime.lanes);
    var geo = { eot: eot, laneH: laneHeight({ lanes: { length: lanes } }), left: leftMargin(d3.select('#spacetime'), allLanes) };
    var stats = drawSpaceTime(d3.select('#spacetime'), d.spaceTime, geo, { undelivered: [], diffs: same ? [] : d.spaceTime.tupleDiffs, extra: !same });
    var text = (same ? 'Run ' + d.index + ': ' : 'Run ' + d.index + ' (right): ') + stats;
    if (!same) {
      var gone = {};
      d.spaceTime.undelivered.forEach(function (id) { gone[id] = true; });
      var baseStats = drawSpaceTime(d3.select('#spacetime-base'), base.spaceTime, geo, { undelivered: gone, diffs: [], extra: false });
      text = 'Fault-free run (left): ' + baseStats + ' ' + text + ' Highlighted: what differs between the two.';
    } else d3.select('#spacetime-base').selectAll('*').remove();
    d3.select('#spacetime-caption').text(text + ' Hover a message or a mark for details; a label that would cover a mark is left out.');
    showFirstFault(d.spaceTime, geo);
  }

  // A fault past the panel's right edge is scrolled into view (the other panel follows), a third in.
  function showFirstFault(st, geo) {
    var t = firstFaultTime(st);
    var wrap = document.querySelector('#compare-run .st-wrap');
    if (!wrap) return;
    var target = 0;
    if (t !== null) {
      var fx = geo.left + (t - 1) * STEP_W;
      if (fx + STEP_W > wrap.clientWidth) target = Math.max(0, fx - Math.floor(wrap.clientWidth / 3));
    }
    Array.prototype.forEach.call(document.querySelectorAll('#compare .st-wrap'), function (w) { w.scrollLeft = target; pinNames(w); });
  }

  function pinNames(wrap) {
    var g = wrap.querySelector('g.lane-names');
    if (!g) return;
    g.setAttribute('transform', 'translate(' + wrap.scrollLeft + ',0)');
    g.classList.toggle('pinned', wrap.scrollLeft > 0);
  }

  // Keeps the two panels scrolled to the same time.
  (function syncScroll() {
    var wraps = document.querySelectorAll('#compare .st-wrap');
    var busy = false;
    Array.prototype.forEach.call(wraps, function (w) {
      w.addEventListener('scroll', function () {
        pinNames(w);
        if (busy) return;
        busy = true;
        Array.prototype.forEach.call(wraps, function (o) { if (o !== w) o.scrollLeft = w.scrollLeft; });
        busy = false;
      });
    });
  })();

  function drawSpaceTime(svg, st, geo, opts) {
    svg.selectAll('*').remove();
    var laneH = geo.laneH, eot = geo.eot;
    var steps = Math.max(1, eot - 1);
    var LEFT = geo.left;
    var width = LEFT + steps * STEP_W + RIGHT;
    var height = TOP + Math.max(0, st.lanes.length - 1) * laneH + BOTTOM;
    svg.attr('width', width).attr('height', height).attr('viewBox', '0 0 ' + width + ' ' + height);
    var x = function (t) { return LEFT + (t - 1) * STEP_W; };
    var y = function (lane) { return TOP + lane * laneH; };
    var times = d3.range(1, eot + 1);
    var occupied = [];
    function occupy(el, cls) {
      var b = el.node().getBBox();
      occupied.push({ x: b.x - 2, y: b.y - 2, w: b.width + 4, h: b.height + 4, cls: cls });
    }

    var defs = svg.append('defs');
    defs.append('marker').attr('id', svg.attr('id') + '-head').attr('viewBox', '0 0 10 10').attr('refX', 9).attr('refY', 5)
      .attr('markerWidth', 7).attr('markerHeight', 7).attr('orient', 'auto-start-reverse')
      .append('path').attr('d', 'M0,0L10,5L0,10z').attr('fill', '#37474f');

    svg.append('g').selectAll('line').data(times).join('line').attr('class', 'grid')
      .attr('x1', function (t) { return x(t); }).attr('x2', function (t) { return x(t); })
      .attr('y1', TOP - 14).attr('y2', height - 14);
    svg.append('g').selectAll('text').data(times).join('text').attr('class', 'time-label')
      .attr('x', function (t) { return x(t); }).attr('y', 14).attr('text-anchor', 'middle')
      .text(function (t) { return 't=' + t; })
      .each(function () { occupy(d3.select(this), 'time'); });

    var lanes = svg.append('g');
    // Node names stay at the panel's left edge when it scrolls (see pinNames), over a blank column.
    var names = svg.append('g').attr('class', 'lane-names');
    names.append('rect').attr('class', 'lane-names-bg').attr('x', -8).attr('y', 0).attr('width', LEFT + 2).attr('height', height);
    st.lanes.forEach(function (l) {
      var stop = l.crashTime === null ? eot : Math.min(l.crashTime, eot);
      lanes.append('line').attr('class', 'lane').attr('data-node', l.node)
        .attr('x1', x(1)).attr('x2', x(stop)).attr('y1', y(l.index)).attr('y2', y(l.index));
      if (l.crashTime !== null && l.crashTime < eot) {
        lanes.append('line').attr('class', 'lane-ghost')
          .attr('x1', x(l.crashTime)).attr('x2', x(eot)).attr('y1', y(l.index)).attr('y2', y(l.index));
      }
      var label = names.append('text').attr('class', 'node-label').attr('x', LEFT - 14).attr('y', y(l.index) + 4)
        .attr('text-anchor', 'end').text(l.node);
      occupy(label, 'node');
      times.filter(function (t) { return t <= stop; }).forEach(function (t) {
        lanes.append('line').attr('class', 'tick').attr('x1', x(t)).attr('x2', x(t))
          .attr('y1', y(l.index) - 5).attr('y2', y(l.index) + 5);
      });
    });
    function laneOf(node) {
      var l = st.lanes.filter(function (l) { return l.node === node; })[0];
      return l ? l.index : 0;
    }

    // Marks first: every label placed later keeps clear of them.
    var marks = svg.append('g').attr('class', 'marks');
    st.omissions.forEach(function (o) {
      var m = marks.append('rect').attr('class', 'omission-mark')
        .attr('x', x(o.time) - 8).attr('y', y(laneOf(o.from)) - 8).attr('width', 16).attr('height', 16)
        .on('mouseenter', function (event) { showTip(event, 'omit(' + o.from + ', ' + o.to + ', ' + o.time + '): every message ' + o.from + '→' + o.to + ' sent at t=' + o.time + ' is lost'); })
        .on('mouseleave', hideTip);
      occupy(m, 'omission');
    });
    st.crashes.forEach(function (c) {
      var cx = x(Math.min(c.time, eot)), cy = y(c.lane), s = 9;
      var g = marks.append('g').attr('class', 'crash')
        .on('mouseenter', function (event) { showTip(event, c.node + ' crashes at t=' + c.time + ': from then on every message it sends to another node is lost'); })
        .on('mouseleave', hideTip);
      var m = g.append('path').attr('class', 'crash-mark')
        .attr('d', 'M' + (cx - s) + ',' + (cy - s) + 'L' + (cx + s) + ',' + (cy + s) + 'M' + (cx - s) + ',' + (cy + s) + 'L' + (cx + s) + ',' + (cy - s));
      occupy(m, 'crash');
      var t = g.append('text').attr('class', 'crash-label').attr('x', cx).attr('y', cy + 24).attr('text-anchor', 'middle').text('crash @' + c.time);
      occupy(t, 'crash-label');
    });
    // Lost messages: the cross sits where the message would have arrived, on the receiver's lane.
    st.arrows.filter(function (a) { return a.lost; }).forEach(function (a) {
      var px = x(a.arriveTime), py = y(a.toLane), s = 6;
      var m = marks.append('path').attr('class', 'lost-mark').attr('data-to', a.to).attr('data-time', a.arriveTime)
        .attr('d', 'M' + (px - s) + ',' + (py - s) + 'L' + (px + s) + ',' + (py + s) + 'M' + (px - s) + ',' + (py + s) + 'L' + (px + s) + ',' + (py - s))
        .on('mouseenter', function (event) { showTip(event, describe(a)); }).on('mouseleave', hideTip);
      occupy(m, 'lost');
    });
    // Tuples that differ from the other run at a node and step: a small badge by the tick.
    opts.diffs.forEach(function (c) {
      if (c.lane >= st.lanes.length) return;
      var parts = [];
      if (c.addedCount) parts.push('+' + c.addedCount);
      if (c.removedCount) parts.push('−' + c.removedCount);
      var g = marks.append('g').attr('class', 'diff-badge' + (c.addedCount ? ' added' : '') + (c.removedCount ? ' removed' : ''))
        .on('mouseenter', function (event) {
          var lines = ['at ' + st.lanes[c.lane].node + ', t=' + c.time + ', compared with the fault-free run:'];
          c.added.forEach(function (s) { lines.push('+ ' + s); });
          if (c.addedCount > c.added.length) lines.push('+ … ' + (c.addedCount - c.added.length) + ' more');
          c.removed.forEach(function (s) { lines.push('− ' + s); });
          if (c.removedCount > c.removed.length) lines.push('− … ' + (c.removedCount - c.removed.length) + ' more');
          showTip(event, lines.join('\n'));
        }).on('mouseleave', hideTip);
      var text = g.append('text').attr('class', 'diff-text').text(parts.join(' '));
      var tw = text.node().getComputedTextLength();
      // Beside the tick, on whichever corner keeps clear of the other marks; left out (the tables
      // list the tuples) when none does.
      var spots = [[8, 19], [-tw - 8, 19], [8, -10], [-tw - 8, -10], [8, 32], [-tw - 8, 32]];
      var spot = null;
      for (var i = 0; i < spots.length && !spot; i++) {
        var box = { x: x(c.time) + spots[i][0] - 5, y: y(c.lane) + spots[i][1] - 12, w: tw + 10, h: 16 };
        if (box.x >= 0 && box.y >= 0 && box.x + box.w <= width && box.y + box.h <= height && !occupied.some(function (o) { return intersects(o, box); })) spot = spots[i];
      }
      if (!spot) { g.remove(); return; }
      text.attr('x', x(c.time) + spot[0]).attr('y', y(c.lane) + spot[1]);
      var b = text.node().getBBox();
      g.insert('rect', 'text').attr('x', b.x - 4).attr('y', b.y - 1).attr('width', b.width + 8).attr('height', b.height + 2).attr('rx', (b.height + 2) / 2);
      occupy(g, 'diff');
    });

    function geometry(a) {
      var x1 = x(a.sendTime), y1 = y(a.fromLane), x2 = x(a.arriveTime), y2 = y(a.toLane);
      var bend = (a.slot - (a.slots - 1) / 2) * 16;
      if (a.fromLane === a.toLane) {
        var lift = 22 + a.slot * 10;
        var c1 = { x: x1 + 20, y: y1 - lift }, c2 = { x: x2 - 20, y: y1 - lift };
        return { d: 'M' + x1 + ',' + y1 + ' C' + c1.x + ',' + c1.y + ' ' + c2.x + ',' + c2.y + ' ' + x2 + ',' + y2,
          at: function (t) { var u = 1 - t; return { x: u * u * u * x1 + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * x2, y: u * u * u * y1 + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * y2 }; } };
      }
      var mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
      var dx = x2 - x1, dy = y2 - y1, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var cx = mx - dy / len * bend, cy = my + dx / len * bend;
      return { d: 'M' + x1 + ',' + y1 + ' Q' + cx + ',' + cy + ' ' + x2 + ',' + y2,
        at: function (t) { var u = 1 - t; return { x: u * u * x1 + 2 * u * t * cx + t * t * x2, y: u * u * y1 + 2 * u * t * cy + t * t * y2 }; } };
    }
    function describe(a) {
      var lines = [a.tuple, a.from + '→' + a.to + ', sent at t=' + a.sendTime + ', arrives at t=' + a.arriveTime];
      if (a.lost) lines.push('LOST by ' + a.lostBy);
      if (a.extra) lines.push('sent only in this run, not in the fault-free run');
      if (opts.undelivered[a.id]) lines.push('the other run does not deliver it');
      return lines.join('\n');
    }

    var msgs = svg.append('g').attr('class', 'messages');
    var labels = svg.append('g').attr('class', 'labels');
    // Labels of what matters first: lost, then differing, then the rest.
    var rank = function (a) { return a.lost ? 0 : (a.extra || opts.undelivered[a.id]) ? 1 : 2; };
    var order = st.arrows.slice().sort(function (a, b) { return rank(a) - rank(b) || a.id - b.id; });
    var shownLabels = 0;
    order.forEach(function (a) {
      var g = msgs.append('g').attr('class', 'message').attr('data-lost', a.lost ? 'true' : 'false');
      var geo = geometry(a);
      if (opts.undelivered[a.id]) g.append('path').attr('class', 'msg-gone').attr('d', geo.d);
      var path = g.append('path').attr('class', 'msg' + (a.lost ? ' lost' : '') + (a.extra ? ' extra' : '')).attr('d', geo.d);
      if (!a.lost) path.attr('marker-end', 'url(#' + svg.attr('id') + '-head)');
      g.append('path').attr('class', 'msg-hit').attr('d', geo.d)
        .on('mouseenter', function (event) { path.classed('hot', true); showTip(event, describe(a)); })
        .on('mousemove', function (event) { showTip(event, describe(a)); })
        .on('mouseleave', function () { path.classed('hot', false); hideTip(); });
      var text = labels.append('text').attr('class', 'msg-label' + (a.lost ? ' lost' : '')).attr('text-anchor', 'middle').text(a.relation);
      var w = text.node().getComputedTextLength() + 4, h = 12;
      var spots = [0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8];
      var placed = null;
      for (var i = 0; i < spots.length && !placed; i++) {
        var p = geo.at(spots[i]);
        var box = { x: p.x - w / 2, y: p.y - 4 - h, w: w, h: h + 2 };
        if (box.x < 0 || box.y < 0 || box.x + box.w > width || box.y + box.h > height) continue;
        if (occupied.some(function (o) { return intersects(o, box); })) continue;
        placed = { p: p, box: box };
      }
      if (!placed) { text.remove(); return; }
      text.attr('x', placed.p.x).attr('y', placed.p.y - 5);
      occupied.push(placed.box);
      shownLabels++;
    });

    names.raise();
    var lost = st.arrows.filter(function (a) { return a.lost; }).length;
    return st.arrows.length + ' messages, ' + lost + ' lost' +
      (st.crashes.length ? ', ' + st.crashes.length + ' crash' + (st.crashes.length > 1 ? 'es' : '') : '') +
      (st.omittedArrows ? ' (' + st.omittedArrows + ' more not drawn)' : '') +
      (shownLabels < st.arrows.length ? '; ' + shownLabels + ' labelled' : '') + '.';
  }

  // ---- lineage graph ----
  var lineage = data.lineage;
  var byId = {};
  lineage.nodes.forEach(function (n) { byId[n.id] = n; });
  var childrenOf = {}, edgeOf = {};
  lineage.edges.forEach(function (e) {
    (childrenOf[e.from] = childrenOf[e.from] || []).push(e.to);
    edgeOf[e.from + '\u0000' + e.to] = e;
  });
  var initiallyCollapsed = {};
  lineage.collapsed.forEach(function (id) { initiallyCollapsed[id] = true; });
  var lsvg = d3.select('#lineage-svg');
  var layer = lsvg.append('g').attr('class', 'zoom-layer');
  var zoom = d3.zoom().scaleExtent([0.05, 4]).on('zoom', function (event) { layer.attr('transform', event.transform); });
  lsvg.call(zoom).on('dblclick.zoom', null);
  var laid = { width: 0, height: 0, pos: {} };

  function explainSet() {
    var o = lineage.outcomes[state.outcome];
    var set = {};
    if (o) o.explain.forEach(function (id) { set[id] = true; });
    return set;
  }
  function rootsShown() {
    return lineage.outcomes.length ? [lineage.outcomes[state.outcome].root] : lineage.roots;
  }
  // Which children of a node are shown: all when opened, none when closed; by default the ones on
  // the explanation (or, with no explanation, all of them unless the node starts collapsed).
  function shownChildren(id, why) {
    var kids = childrenOf[id] || [];
    var open = state.open[id];
    if (open === true) return kids;
    if (open === false) return [];
    if (lineage.outcomes.length) return kids.filter(function (k) { return why[k]; });
    return initiallyCollapsed[id] ? [] : kids;
  }
  function visibleSet() {
    var why = explainSet();
    var seen = {}, order = [];
    var stack = rootsShown().slice().reverse();
    while (stack.length) {
      var id = stack.pop();
      if (seen[id] || !byId[id]) continue;
      seen[id] = true;
      order.push(id);
      var kids = shownChildren(id, why);
      for (var i = kids.length - 1; i >= 0; i--) if (!seen[kids[i]]) stack.push(kids[i]);
    }
    return { seen: seen, order: order, why: why };
  }

  function layoutVisible(vis) {
    var g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'TB', ranker: 'tight-tree', nodesep: 22, ranksep: 32, marginx: 14, marginy: 14 });
    g.setDefaultEdgeLabel(function () { return {}; });
    vis.order.forEach(function (id) { g.setNode(id, { width: byId[id].width, height: byId[id].height }); });
    var edges = [];
    vis.order.forEach(function (id) {
      shownChildren(id, vis.why).forEach(function (c) {
        if (!vis.seen[c]) return;
        var e = edgeOf[id + '\u0000' + c];
        g.setEdge(id, c);
        edges.push(e);
      });
    });
    if (vis.order.length) dagre.layout(g);
    var pos = {};
    vis.order.forEach(function (id) { var n = g.node(id); pos[id] = { x: n.x, y: n.y }; });
    var points = edges.map(function (e) { return { e: e, points: (g.edge(e.from, e.to) || {}).points || [] }; });
    var graph = g.graph();
    return { width: graph.width || 0, height: graph.height || 0, pos: pos, edges: points };
  }

  function drawLineage() {
    layer.selectAll('*').remove();
    if (lineage.nodes.length === 0) { laid = { width: 0, height: 0, pos: {} }; return; }
    var vis = visibleSet();
    laid = layoutVisible(vis);
    var line = d3.line().x(function (p) { return p.x; }).y(function (p) { return p.y; }).curve(d3.curveBasis);
    lsvg.select('defs').remove();
    var defs = lsvg.insert('defs', ':first-child');
    defs.append('marker').attr('id', 'lineage-arrow').attr('viewBox', '0 0 10 10')
      .attr('refX', 9).attr('refY', 5).attr('markerWidth', 6).attr('markerHeight', 6).attr('orient', 'auto')
      .append('path').attr('d', 'M0,0L10,5L0,10z').attr('fill', '#90a4ae');
    defs.append('marker').attr('id', 'lineage-arrow-notin').attr('viewBox', '0 0 10 10')
      .attr('refX', 9).attr('refY', 5).attr('markerWidth', 7).attr('markerHeight', 7).attr('orient', 'auto')
      .append('path').attr('d', 'M0,0L10,5L0,10z').attr('fill', '#c62828');
    var edgeG = layer.append('g').attr('class', 'edges');
    laid.edges.forEach(function (le) {
      var e = le.e, onPath = vis.why[e.from] && vis.why[e.to];
      var p = edgeG.append('path').attr('class', 'edge ' + e.kind + (onPath ? ' why' : '')).attr('d', line(le.points))
        .attr('marker-end', e.kind === 'notin' ? 'url(#lineage-arrow-notin)' : 'url(#lineage-arrow)');
      if (e.kind === 'notin' || e.kind === 'cause') {
        var mid = le.points[Math.floor(le.points.length / 2)] || { x: 0, y: 0 };
        var text = e.kind === 'notin' ? 'notin' : 'pre without post';
        edgeG.append('text').attr('class', 'edge-label ' + e.kind).attr('x', mid.x + 6).attr('y', mid.y + 4).text(text);
        p.on('mouseenter', function (event) { showTip(event, e.label || text); }).on('mouseleave', hideTip);
      }
    });
    var nodes = layer.append('g').selectAll('g').data(vis.order.map(function (id) { return byId[id]; })).join('g')
      .attr('class', function (n) { return 'lnode ' + n.kind + (n.root ? ' root' : '') + (n.failing ? ' failing' : '') + (vis.why[n.id] ? ' why' : ''); })
      .attr('data-id', function (n) { return n.id; })
      .attr('transform', function (n) { var p = laid.pos[n.id]; return 'translate(' + p.x + ',' + p.y + ')'; });
    nodes.filter(function (n) { return n.kind === 'goal' || n.kind === 'fact' || n.kind === 'appeared'; }).append('ellipse')
      .attr('rx', function (n) { return n.width / 2; }).attr('ry', function (n) { return n.height / 2; });
    nodes.filter(function (n) { return n.kind === 'rule' || n.kind === 'message'; }).append('rect')
      .attr('x', function (n) { return -n.width / 2; }).attr('y', function (n) { return -n.height / 2; })
      .attr('width', function (n) { return n.width; }).attr('height', function (n) { return n.height; }).attr('rx', 2);
    nodes.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em')
      .text(function (n) { return n.label.length > MAX_LABEL ? n.label.slice(0, MAX_LABEL - 1) + '…' : n.label; });
    // Children this page can show but does not; pruned ones (hiddenChildren) only get the badge.
    var hidden = function (n) { return shownChildren(n.id, vis.why).length < (childrenOf[n.id] || []).length; };
    var badged = nodes.filter(function (n) { return n.hiddenChildren > 0 || hidden(n); });
    badged.append('circle').attr('class', 'badge').attr('r', 8).attr('cx', function (n) { return n.width / 2; }).attr('cy', function (n) { return -n.height / 2; });
    badged.append('text').attr('class', 'badge-text').attr('text-anchor', 'middle').attr('dy', '0.35em')
      .attr('x', function (n) { return n.width / 2; }).attr('y', function (n) { return -n.height / 2; }).text('+');
    nodes.on('mouseenter', function (event, n) {
      var extra = n.hiddenChildren > 0 ? '\n(' + n.hiddenChildren + ' derivation(s) pruned from this page)' : '';
      if ((childrenOf[n.id] || []).length) extra += '\nclick to ' + (hidden(n) ? 'show' : 'hide') + ' what it depends on';
      var rule = n.rule !== null && lineage.rules[n.rule] ? lineage.rules[n.rule] + '\n' : '';
      showTip(event, rule + n.detail + extra);
    }).on('mouseleave', hideTip)
      .on('click', function (event, n) {
        if (!(childrenOf[n.id] || []).length) return;
        var before = laid.pos[n.id];
        state.open[n.id] = hidden(n);
        hideTip();
        drawLineage();
        markLineage(details[state.run] || null);
        keepInPlace(n.id, before);
      });
  }

  function currentTransform() { return d3.zoomTransform(lsvg.node()); }

  // After a re-layout, pans so the clicked node stays where it was on screen.
  function keepInPlace(id, before) {
    var after = laid.pos[id];
    if (!before || !after) return;
    var t = currentTransform();
    lsvg.call(zoom.transform, d3.zoomIdentity.translate(t.x + (before.x - after.x) * t.k, t.y + (before.y - after.y) * t.k).scale(t.k));
  }

  function viewport() {
    var node = lsvg.node();
    return { w: node.clientWidth || 1000, h: node.clientHeight || 560 };
  }

  // "fit": the whole visible graph inside the panel, whatever the zoom that takes.
  function fitLineage() {
    if (!laid.width || !laid.height) return;
    var v = viewport();
    var k = Math.min(v.w / (laid.width + 24), v.h / (laid.height + 24), 2);
    lsvg.call(zoom.transform, d3.zoomIdentity.translate((v.w - laid.width * k) / 2, (v.h - laid.height * k) / 2).scale(k));
  }

  // The zoom at which a layout opens: the panel grows to its height (within limits), then it fits.
  function openingZoom(l) {
    var h = Math.max(300, Math.min(1400, Math.ceil(l.height * 1.05 + 30)));
    lsvg.style('height', h + 'px');
    var v = viewport();
    return Math.min(v.w / (l.width + 24), v.h / (l.height + 24), 1.25);
  }

  // A graph with no explanation to open on, too big to read whole, opens cut at the deepest level
  // that still fits the panel with readable text; what lies deeper waits behind "+" badges.
  var cutNote = '';
  function collapseToFit() {
    if (lineage.outcomes.length || lineage.nodes.length === 0) return;
    var given = initiallyCollapsed, maxDepth = 0;
    lineage.nodes.forEach(function (n) { if (n.depth > maxDepth) maxDepth = n.depth; });
    function cutAt(depth) {
      var c = {};
      Object.keys(given).forEach(function (id) { c[id] = true; });
      lineage.nodes.forEach(function (n) { if (n.depth === depth && (childrenOf[n.id] || []).length) c[n.id] = true; });
      return c;
    }
    function fits(c) {
      initiallyCollapsed = c;
      return openingZoom(layoutVisible(visibleSet())) >= READABLE_ZOOM;
    }
    if (fits(given)) return;
    // Fewer levels show a subset of the nodes: the deepest cut that fits, else the outcomes' first level.
    var lo = 1, hi = maxDepth - 1, best = 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (fits(cutAt(mid))) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    initiallyCollapsed = cutAt(best);
    cutNote = ' Opened ' + best + (best === 1 ? ' level' : ' levels') + ' deep so it fits; the nodes marked + hold the rest ("expand all" shows everything).';
  }

  // The opening view: the graph fits at a readable zoom; if it cannot, the outcome is shown at the
  // top at the smallest readable zoom.
  function openingView() {
    if (!laid.width || !laid.height) return;
    var k = openingZoom(laid);
    var v = viewport();
    if (k >= READABLE_ZOOM) {
      lsvg.call(zoom.transform, d3.zoomIdentity.translate((v.w - laid.width * k) / 2, (v.h - laid.height * k) / 2).scale(k));
      return;
    }
    k = READABLE_ZOOM;
    var root = laid.pos[rootsShown()[0]] || { x: laid.width / 2, y: 0 };
    var tx = laid.width * k <= v.w ? (v.w - laid.width * k) / 2 : v.w / 2 - root.x * k;
    lsvg.call(zoom.transform, d3.zoomIdentity.translate(tx, 12).scale(k));
  }

  function markLineage(d) {
    var killed = {}, absent = {};
    if (d) {
      d.lineage.killed.forEach(function (id) { killed[id] = true; });
      d.lineage.absent.forEach(function (id) { absent[id] = true; });
    }
    layer.selectAll('g.lnode').classed('killed', function (n) { return !!killed[n.id]; })
      .classed('absent', function (n) { return !!absent[n.id]; });
    var caption = lineage.caption + cutNote;
    if (d && d.index !== data.baselineIndex) {
      caption += ' Run ' + d.index + ' kills ' + d.lineage.killed.length + ' of the messages in the graph (red boxes); ' +
        d.lineage.missing + ' of its fault-free tuples are missing from it (dashed red).';
    }
    d3.select('#lineage-caption').text(caption);
  }

  function redrawLineage(open) {
    state.open = open;
    drawLineage();
    markLineage(details[state.run] || null);
    openingView();
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
  d3.select('#lineage-why').on('click', function () { redrawLineage({}); });
  d3.select('#lineage-expand').on('click', function () {
    var open = {};
    lineage.nodes.forEach(function (n) { open[n.id] = true; });
    redrawLineage(open);
  });
  d3.select('#lineage-outcome').on('change', function () { state.outcome = +this.value; redrawLineage({}); });

  renderRuns();
  collapseToFit();
  drawLineage();
  select(state.run);
  openingView();
  // Scroll the runs list (not the page: the page opens on the explanation) to the selected run.
  var selectedRow = document.querySelector('#runs tr.selected');
  var runsWrap = document.querySelector('.runs-wrap');
  if (selectedRow && runsWrap) runsWrap.scrollTop = Math.max(0, selectedRow.offsetTop - runsWrap.clientHeight / 2);
})();
`;
