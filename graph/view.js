// zhkg's controls for the pyvis page: tooltips, search over the whole index,
// bringing nodes in and expanding them, type/relation/weight/date filters,
// colour by type or community, paths, an evidence panel and PNG export. Runs
// after pyvis has drawn `network` with its `nodes` and `edges` DataSets.
//
// Document text is untrusted. It arrives only as JSON in #zhkg-data, read with
// JSON.parse, and reaches the page only through textContent and DOM
// properties, never as HTML. That includes the tooltips: html.py gives pyvis no
// `title` (pyvis's template writes titles with innerHTML once one contains
// "href"); the title is an element made here and filled with textContent on
// hover, which vis-network shows as it is.
// Names and ids are keys of Maps and Sets, never of plain objects, so a name
// such as `__proto__` or `constructor` is a name like any other.
//
// The data block holds more than is drawn: `nodes` is the graph's index (every
// node of a corpus the size of CEC) and `edges` the links drawn plus a reserve
// of each indexed node's strongest links. Search, the panel, expanding and
// paths work over all of it; what is drawn grows as the reader asks.
(function () {
  'use strict';
  if (typeof network === 'undefined') { return; }
  var data = JSON.parse(document.getElementById('zhkg-data').textContent);
  // Rows are arrays (graph/html.py NODE_COLUMNS, LINK_COLUMNS); made objects here, once.
  data.nodes = data.nodes.map(function (r) {
    return {id: r[0] || r[2] + ':' + r[1], label: r[1], type: r[2], mentions: r[3], docs: r[4], links: r[5],
      aliases: r[6] || '', dates: r[7] || '', community: r[8] === undefined || r[8] < 0 ? undefined : r[8]};
  });
  data.edges = data.edges.map(function (r, i) {
    return {id: 'e' + i, from: data.nodes[r[0]].id, to: data.nodes[r[1]].id, relation: data.relations[r[2]][0], weight: r[3],
      evidence: r[4], sources: r[5], role: r[6] || '', dates: r[7] || null, more: r[8] || 0};
  });
  var nodeInfo = byId(data.nodes), linkInfo = byId(data.edges);
  var typeNames = entries(data.typeNames), relationNames = entries(data.relationNames);
  var typeColor = new Map(data.types), relationStyle = new Map(data.relations.map(function (r) { return [r[0], r]; }));
  var typeOn = new Map(), relationOn = new Map();
  var original = {nodes: new Map(), edges: new Map()};  // id -> colour before highlighting
  var selected = null;
  var colorBy = 'type';
  var LABEL_COLOR = '#343434';  // vis-network's default label colour
  // Tableau 20: one colour per community, in order of size (0 is the largest).
  var PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
    '#a0cbe8', '#ffbe7d', '#ff9d9a', '#86bcb6', '#8cd17d', '#f1ce63', '#d4a6c8', '#fabfd2', '#d7b5a6', '#79706e'];

  var around = new Map();  // node id -> ids of its links in the data, drawn or not
  data.edges.forEach(function (link) {
    [link.from, link.to].forEach(function (end) {
      if (!around.has(end)) { around.set(end, []); }
      around.get(end).push(link.id);
    });
  });

  // Settle, then stop: a still picture is easier to read and costs no CPU.
  network.once('stabilizationIterationsDone', function () { network.setOptions({physics: false}); });
  setTimeout(function () { network.setOptions({physics: false}); }, 15000);

  function byId(list) {
    var map = new Map();
    list.forEach(function (x) { map.set(x.id, x); });
    return map;
  }

  function entries(object) {
    return new Map(Object.keys(object).map(function (k) { return [k, object[k]]; }));
  }

  function named(names, key) { return names.has(key) ? names.get(key) : key; }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function byTag(id) { return document.getElementById(id); }

  function label(id) { return nodeInfo.has(id) ? nodeInfo.get(id).label : String(id); }

  function relationText(link) { return named(relationNames, link.relation) + (link.role ? ' · ' + link.role : ''); }

  function typed(link) { return link.relation !== 'co_occurs'; }

  function other(link, id) { return link.from === id ? link.to : link.from; }

  // --- tooltips -------------------------------------------------------------
  // One element is the title of every node and edge. vis-network fires hoverNode/hoverEdge as the
  // pointer reaches an item and shows the title a moment later (tooltipDelay), so the hover fills the
  // element with that item's text first. One shared element costs nothing per item.
  var tipBox = el('div');

  function fillTip(lines) {
    tipBox.textContent = '';
    lines.forEach(function (line, i) { tipBox.appendChild(el('div', line, i ? null : 'head')); });
  }

  function nodeTip(id) {
    var n = nodeInfo.get(id);
    var lines = [n.label, '类型 type: ' + n.type, '提及 mentions: ' + n.mentions + ' · 文章 articles: ' + n.docs];
    if (n.aliases) { lines.push('别名 aliases: ' + n.aliases.split('|').join('、')); }
    lines.push('点击查看证据 · 双击展开 · click for evidence, double-click to expand');
    return lines;
  }

  function edgeTip(id) {
    var link = linkInfo.get(id);
    var lines = [label(link.from) + ' — ' + link.relation + ' — ' + label(link.to)];
    if (link.role) { lines.push('职务 role: ' + link.role); }
    var sources = link.sources.map(function (a) { return data.articles[a]; }).join(', ');
    lines.push('句数 sentences: ' + link.weight + ' · 来源 sources: ' + sources);
    if (link.evidence.length) { lines.push('证据 evidence: ' + data.sentences[link.evidence[0][0]]); }
    return lines;
  }

  nodes.update(nodes.getIds().map(function (id) { return {id: id, title: tipBox}; }));
  edges.update(edges.getIds().map(function (id) { return {id: id, title: tipBox}; }));
  network.on('hoverNode', function (params) { if (nodeInfo.has(params.node)) { fillTip(nodeTip(params.node)); } });
  network.on('hoverEdge', function (params) { if (linkInfo.has(params.edge)) { fillTip(edgeTip(params.edge)); } });

  // --- colours --------------------------------------------------------------
  function nodeColor(id) {
    var n = nodeInfo.get(id);
    if (colorBy === 'community') { return n.community === undefined ? '#cfcfcf' : PALETTE[n.community % PALETTE.length]; }
    return typeColor.get(n.type) || '#79706e';
  }

  function recolor() {
    restore();
    nodes.update(nodes.getIds().map(function (id) { return {id: id, color: nodeColor(id)}; }));
    if (selected !== null) { highlight(selected); }
  }

  document.querySelectorAll('input[name=zhkg-color]').forEach(function (radio) {
    radio.addEventListener('change', function () { if (radio.checked) { colorBy = radio.value; recolor(); } });
  });

  // --- drawing more ---------------------------------------------------------
  function edgeItem(link) {
    var style = relationStyle.get(link.relation) || [link.relation, link.relation, '#79706e'];
    var item = {id: link.id, from: link.from, to: link.to, value: link.weight, color: style[2], title: tipBox};
    if (typed(link)) { item.arrows = 'to'; item.label = (style[1] || link.relation) + (link.role ? ' · ' + link.role : ''); }
    else { item.arrows = ''; }
    return item;
  }

  // Draw `ids` (nodes of the index) around `anchor` (a drawn node; else the centre of the view), and the
  // links between each new node and the drawn ones.
  function draw(ids, anchor) {
    var fresh = ids.filter(function (id) { return nodeInfo.has(id) && !nodes.get(id); });
    if (!fresh.length) { return; }
    var placed = anchor !== undefined && nodes.get(anchor);
    var centre = placed ? network.getPosition(anchor) : network.getViewPosition();
    var radius = placed || fresh.length > 1 ? 90 + 12 * fresh.length : 0;
    nodes.add(fresh.map(function (id, i) {
      var angle = 2 * Math.PI * i / fresh.length;
      var n = nodeInfo.get(id);
      return {id: id, label: n.label, value: n.mentions, color: nodeColor(id),
        x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle), title: tipBox};
    }));
    fresh.forEach(function (id) {
      (around.get(id) || []).forEach(function (eid) {
        var link = linkInfo.get(eid);
        if (!edges.get(eid) && nodes.get(other(link, id))) { edges.add(edgeItem(link)); }
      });
    });
  }

  // A node not drawn comes in beside a drawn neighbour (or mid-view), with its neighbours around it.
  function bringIn(id) {
    if (nodes.get(id)) { return; }
    draw([id], neighbours(id).find(function (n) { return nodes.get(n); }));
    expand(id);
  }

  function neighbours(id) {
    var seen = [];
    (around.get(id) || []).slice().sort(linkOrder).forEach(function (eid) {
      var n = other(linkInfo.get(eid), id);
      if (seen.indexOf(n) < 0) { seen.push(n); }
    });
    return seen;
  }

  // Double-click: the node's neighbours the page knows of come in around it.
  function expand(id) {
    draw(neighbours(id), id);
    counts();
    applyFilters();
  }

  network.on('doubleClick', function (params) {
    if (params.nodes.length) { expand(params.nodes[0]); focusNode(params.nodes[0]); }
  });

  // --- filters ------------------------------------------------------------
  function checkbox(parent, key, on, swatch, text) {
    var row = el('label');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = true;
    box.dataset.key = key;
    box.addEventListener('change', function () { on.set(key, box.checked); applyFilters(); });
    row.appendChild(box);
    row.appendChild(swatch);
    var count = el('span', text);
    count.dataset.text = text;
    count.dataset.key = key;
    row.appendChild(count);
    parent.appendChild(row);
    on.set(key, true);
  }

  var typesBox = byTag('zhkg-types'), relationsBox = byTag('zhkg-relations');
  data.types.forEach(function (pair) {
    var dot = el('span', null, 'dot');
    dot.style.background = pair[1];
    checkbox(typesBox, pair[0], typeOn, dot, named(typeNames, pair[0]));
  });
  Array.from(new Set(data.edges.map(function (l) { return l.relation; }))).sort().forEach(function (r) {
    var line = el('span', null, 'line');
    line.style.background = (relationStyle.get(r) || [r, r, '#79706e'])[2];
    checkbox(relationsBox, r, relationOn, line, named(relationNames, r));
  });

  // The numbers beside each type and relation: what is drawn now.
  function counts() {
    var drawnTypes = new Map(), drawnRelations = new Map();
    nodes.forEach(function (n) { var t = nodeInfo.get(n.id).type; drawnTypes.set(t, (drawnTypes.get(t) || 0) + 1); });
    edges.forEach(function (e) { var r = linkInfo.get(e.id).relation; drawnRelations.set(r, (drawnRelations.get(r) || 0) + 1); });
    document.querySelectorAll('#zhkg-types span[data-key]').forEach(function (s) { s.textContent = s.dataset.text + ' (' + (drawnTypes.get(s.dataset.key) || 0) + ')'; });
    document.querySelectorAll('#zhkg-relations span[data-key]').forEach(function (s) { s.textContent = s.dataset.text + ' (' + (drawnRelations.get(s.dataset.key) || 0) + ')'; });
  }
  counts();

  var minWeight = byTag('zhkg-weight'), isolated = byTag('zhkg-isolated');
  var since = byTag('zhkg-since'), until = byTag('zhkg-until'), dateText = byTag('zhkg-dates');
  var days = Array.from(new Set([].concat.apply([], data.edges.map(function (l) { return l.dates || []; })))).sort();
  if (days.length < 2) { byTag('zhkg-date-box').hidden = true; }
  since.max = until.max = String(Math.max(days.length - 1, 0));
  since.value = '0';
  until.value = until.max;
  function showDates() { dateText.textContent = days.length ? days[+since.value] + ' — ' + days[+until.value] : ''; }
  showDates();
  [minWeight, isolated, since, until].forEach(function (input) {
    input.addEventListener('input', function () {
      if (+since.value > +until.value) { if (input === since) { until.value = since.value; } else { since.value = until.value; } }
      showDates();
      applyFilters();
    });
  });

  function inDates(link) {
    if (!link.dates || days.length < 2) { return true; }  // an undated link is always shown
    var first = days[+since.value], last = days[+until.value];
    return link.dates[1].slice(0, first.length) >= first.slice(0, link.dates[1].length) && link.dates[0].slice(0, last.length) <= last;
  }

  function applyFilters() {
    var hiddenNode = new Set();
    nodes.forEach(function (n) { if (!typeOn.get(nodeInfo.get(n.id).type)) { hiddenNode.add(n.id); } });
    var least = +minWeight.value || 0, edgeUpdates = [], live = new Set();
    edges.forEach(function (e) {
      var link = linkInfo.get(e.id);
      var hide = !relationOn.get(link.relation) || link.weight < least || !inDates(link) || hiddenNode.has(e.from) || hiddenNode.has(e.to);
      if (!hide) { live.add(e.from); live.add(e.to); }
      if (Boolean(e.hidden) !== hide) { edgeUpdates.push({id: e.id, hidden: hide}); }
    });
    if (isolated.checked) {
      nodes.forEach(function (n) { if (!live.has(n.id) && n.id !== selected) { hiddenNode.add(n.id); } });
    }
    var nodeUpdates = [];
    nodes.forEach(function (n) {
      var hide = hiddenNode.has(n.id);
      if (Boolean(n.hidden) !== hide) { nodeUpdates.push({id: n.id, hidden: hide}); }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    if (selected !== null && hiddenNode.has(selected)) { clearSelection(); }
  }

  // --- highlight ------------------------------------------------------------
  function highlight(id, path) {
    restore();
    var near = new Set(path || network.getConnectedNodes(id));
    near.add(id);
    var onPath = new Set(path ? pathEdges(path) : []);
    var updates = [];
    nodes.forEach(function (n) {
      original.nodes.set(n.id, n.color);
      if (!near.has(n.id)) { updates.push({id: n.id, color: '#e8e8e8', font: {color: '#c0c0c0'}}); }
    });
    nodes.update(updates);
    var edgeUpdates = [];
    edges.forEach(function (e) {
      original.edges.set(e.id, e.color);
      var lit = path ? onPath.has(e.id) : (e.from === id || e.to === id);
      if (!lit) { edgeUpdates.push({id: e.id, color: {color: 'rgba(200,200,200,0.25)'}}); }
    });
    edges.update(edgeUpdates);
  }

  function restore() {
    var nodeUpdates = [], edgeUpdates = [];
    original.nodes.forEach(function (color, id) { if (nodes.get(id)) { nodeUpdates.push({id: id, color: color, font: {color: LABEL_COLOR}}); } });
    original.edges.forEach(function (color, id) { if (edges.get(id)) { edgeUpdates.push({id: id, color: color}); } });
    original = {nodes: new Map(), edges: new Map()};
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
  }

  // --- panel ----------------------------------------------------------------
  var panel = byTag('zhkg-panel');
  var body = byTag('zhkg-panel-body');

  function sentences(parent, link) {
    link.evidence.forEach(function (row) {  // [sentence, article, date]: numbers into the shared tables
      var box = el('div', null, 'sent');
      box.appendChild(el('div', data.sentences[row[0]]));
      box.appendChild(el('div', [data.articles[row[1]], row[2]].filter(Boolean).join(' · '), 'src'));
      parent.appendChild(box);
    });
    if (link.more) { parent.appendChild(el('div', '… +' + link.more + ' 句 more sentences (graph.json, evidence.csv)', 'src')); }
  }

  function nodeLink(id) {
    var a = el('a', label(id));
    a.addEventListener('click', function () { focusNode(id); });
    return a;
  }

  function linkOrder(a, b) {
    var la = linkInfo.get(a), lb = linkInfo.get(b);
    return (typed(lb) ? 1 : 0) - (typed(la) ? 1 : 0) || lb.weight - la.weight || (a < b ? -1 : a > b ? 1 : 0);
  }

  function linkBox(link, from) {
    var box = el('div', null, 'link');
    var head = el('div', null, 'rel');
    var arrow = typed(link) ? (link.from === from ? ' → ' : ' ← ') : ' — ';
    head.appendChild(el('span', relationText(link) + arrow));
    head.appendChild(nodeLink(other(link, from)));
    if (!edges.get(link.id)) { head.appendChild(el('span', ' (未显示 not drawn: click to bring in)', 'src')); }
    box.appendChild(head);
    sentences(box, link);
    return box;
  }

  function showNode(id) {
    var n = nodeInfo.get(id);
    body.textContent = '';
    body.appendChild(el('h2', n.label));
    var meta = named(typeNames, n.type) + ' · 提及 mentions ' + n.mentions + ' · 文章 articles ' + n.docs;
    body.appendChild(el('div', meta, 'meta'));
    if (n.aliases) { body.appendChild(el('div', '别名 aliases: ' + n.aliases.split('|').join('、'), 'meta')); }
    if (n.dates) { body.appendChild(el('div', '日期 dates: ' + n.dates.split('|').join(', '), 'meta')); }
    var links = (around.get(id) || []).slice().sort(linkOrder);
    body.appendChild(el('div', '关系与证据 links and evidence (' + links.length + (n.links > links.length ? ' / ' + n.links : '') + ')', 'meta'));
    links.forEach(function (eid) { body.appendChild(linkBox(linkInfo.get(eid), id)); });
    if (n.links > links.length) {
      body.appendChild(el('div', '… +' + (n.links - links.length) + ' 条较弱的共现不在本页 weaker co-occurrences not in this page: zhkg view OUT --focus NAME', 'src'));
    }
    panel.hidden = false;
  }

  function showEdge(eid) {
    var link = linkInfo.get(eid);
    body.textContent = '';
    var title = el('h2');
    title.appendChild(nodeLink(link.from));
    title.appendChild(el('span', typed(link) ? ' → ' : ' — '));
    title.appendChild(nodeLink(link.to));
    body.appendChild(title);
    body.appendChild(el('div', relationText(link) + ' · 句数 sentences ' + link.weight, 'meta'));
    sentences(body, link);
    panel.hidden = false;
  }

  function clearSelection() {
    selected = null;
    restore();
    network.unselectAll();
    panel.hidden = true;
  }

  function reveal(id) {
    var n = nodeInfo.get(id);
    if (!typeOn.get(n.type)) { typeOn.set(n.type, true); syncBoxes(); }
    bringIn(id);
  }

  function focusNode(id) {
    if (!nodeInfo.has(id)) { return; }
    reveal(id);
    selected = id;
    applyFilters();
    network.selectNodes([id]);
    highlight(id);
    showNode(id);
    network.focus(id, {scale: Math.max(network.getScale(), 0.7), animation: {duration: 400}});
  }

  function syncBoxes() {
    document.querySelectorAll('#zhkg-types input').forEach(function (b) { b.checked = typeOn.get(b.dataset.key); });
  }

  byTag('zhkg-close').addEventListener('click', clearSelection);
  network.on('click', function (params) {
    if (params.nodes.length) { focusNode(params.nodes[0]); }
    else if (params.edges.length) { selected = null; restore(); showEdge(params.edges[0]); }
    else { clearSelection(); }
  });

  // --- search -----------------------------------------------------------------
  var byName = new Map();  // name or alias -> node id (the most mentioned node that has it)
  var list = byTag('zhkg-names');
  data.nodes.slice().sort(function (a, b) { return b.mentions - a.mentions || (a.id < b.id ? -1 : 1); }).forEach(function (n) {
    var names = [n.label].concat(n.aliases ? n.aliases.split('|') : []);
    names.forEach(function (name, i) {
      if (byName.has(name)) { return; }
      byName.set(name, n.id);
      var option = document.createElement('option');
      option.value = name;
      if (i > 0) { option.label = name + ' → ' + n.label; }
      list.appendChild(option);
    });
  });

  function lookup(text) {
    if (!text) { return undefined; }
    var id = byName.get(text);
    if (id === undefined) {
      var partial = Array.from(byName.keys()).filter(function (name) { return name.indexOf(text) >= 0; }).sort(function (a, b) {
        return a.length - b.length || a.localeCompare(b);
      });
      id = partial.length ? byName.get(partial[0]) : undefined;
    }
    return id;
  }

  var search = byTag('zhkg-search');
  var miss = byTag('zhkg-miss');
  var last = {text: '', time: 0};
  function runSearch() {
    var text = search.value.trim();
    // Enter fires both keydown and change: a second focus animation in the same moment cancels the first.
    if (text === last.text && Date.now() - last.time < 500) { return; }
    last = {text: text, time: Date.now()};
    miss.textContent = '';
    if (!text) { return; }
    var id = lookup(text);
    if (id === undefined) { miss.textContent = '没有找到 not found: ' + text; return; }
    focusNode(id);
  }
  search.addEventListener('change', runSearch);
  search.addEventListener('keydown', function (event) { if (event.key === 'Enter') { runSearch(); } });

  // --- path -------------------------------------------------------------------
  // Breadth-first over every link the page holds (dates are never on a path: they are not nodes).
  function shortestPath(a, b) {
    var back = new Map([[a, null]]), queue = [a];
    while (queue.length) {
      var node = queue.shift();
      if (node === b) { break; }
      (around.get(node) || []).slice().sort(linkOrder).forEach(function (eid) {
        var next = other(linkInfo.get(eid), node);
        if (!back.has(next)) { back.set(next, eid); queue.push(next); }
      });
    }
    if (!back.has(b)) { return null; }
    var path = [b];
    while (path[0] !== a) { path.unshift(other(linkInfo.get(back.get(path[0])), path[0])); }
    return path;
  }

  function pathEdges(path) {
    var ids = [];
    for (var i = 1; i < path.length; i++) {
      var best = (around.get(path[i - 1]) || []).filter(function (eid) { return other(linkInfo.get(eid), path[i - 1]) === path[i]; }).sort(linkOrder);
      if (best.length) { ids.push(best[0]); }
    }
    return ids;
  }

  var pathMiss = byTag('zhkg-path-miss');
  byTag('zhkg-path-go').addEventListener('click', function () {
    var a = lookup(byTag('zhkg-path-a').value.trim()), b = lookup(byTag('zhkg-path-b').value.trim());
    pathMiss.textContent = '';
    if (a === undefined || b === undefined) { pathMiss.textContent = '没有找到 not found'; return; }
    var path = shortestPath(a, b);
    if (!path) { pathMiss.textContent = '本页的关系中没有路径 no path among this page\'s links: zhkg query OUT --path A B'; return; }
    path.forEach(function (n) { if (!typeOn.get(nodeInfo.get(n).type)) { typeOn.set(nodeInfo.get(n).type, true); } });
    syncBoxes();
    var hops = pathEdges(path);
    path.forEach(function (n, i) { draw([n], i ? path[i - 1] : undefined); });
    hops.forEach(function (eid) { if (!edges.get(eid)) { edges.add(edgeItem(linkInfo.get(eid))); } });
    counts();
    selected = null;
    applyFilters();
    highlight(a, path);
    body.textContent = '';
    body.appendChild(el('h2', label(a) + ' … ' + label(b)));
    body.appendChild(el('div', '路径 path: ' + (path.length - 1) + ' 步 steps', 'meta'));
    hops.forEach(function (eid, i) { body.appendChild(linkBox(linkInfo.get(eid), path[i])); });
    panel.hidden = false;
    network.fit({nodes: path, animation: {duration: 400}});
  });

  // --- PNG --------------------------------------------------------------------
  byTag('zhkg-png').addEventListener('click', function () {
    var canvas = document.querySelector('#mynetwork canvas');
    var copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    var ctx = copy.getContext('2d');
    ctx.fillStyle = '#ffffff';  // the network canvas is transparent
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(canvas, 0, 0);
    var a = document.createElement('a');
    a.href = copy.toDataURL('image/png');
    a.download = 'zhkg-view.png';
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
}());
