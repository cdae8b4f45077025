// zhkg's controls for the pyvis page: tooltips, search, type and relation
// filters, neighbourhood highlight and an evidence panel. Runs after pyvis has
// drawn `network` with its `nodes` and `edges` DataSets.
//
// Document text is untrusted. It arrives only as JSON in #zhkg-data, read with
// JSON.parse, and reaches the page only through textContent and DOM
// properties, never as HTML. That includes the tooltips: html.py gives pyvis no
// `title` (pyvis's template writes titles with innerHTML once one contains
// "href"); the title is an element made here and filled with textContent on
// hover, which vis-network shows as it is.
// Names and ids are keys of Maps and Sets, never of plain objects, so a name
// such as `__proto__` or `constructor` is a name like any other.
(function () {
  'use strict';
  if (typeof network === 'undefined') { return; }
  var data = JSON.parse(document.getElementById('zhkg-data').textContent);
  var nodeInfo = byId(data.nodes), linkInfo = byId(data.edges);
  var typeNames = entries(data.typeNames), relationNames = entries(data.relationNames);
  var typeOn = new Map(), relationOn = new Map();
  var original = {nodes: new Map(), edges: new Map()};  // id -> colour before highlighting
  var selected = null;
  var LABEL_COLOR = '#343434';  // vis-network's default label colour

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

  function label(id) { return nodeInfo.has(id) ? nodeInfo.get(id).label : String(id); }

  function relationText(link) { return named(relationNames, link.relation) + (link.role ? ' · ' + link.role : ''); }

  // --- tooltips -------------------------------------------------------------
  // One element is the title of every node and edge. vis-network fires hoverNode/hoverEdge as the
  // pointer reaches an item and shows the title a moment later (tooltipDelay), so the hover fills the
  // element with that item's text first. The titles are given once, here: a DataSet update costs a pass
  // over the whole graph (~0.1 s with 5,000 edges), too slow for every first hover, and one shared
  // element costs nothing per item.
  var tipBox = el('div');

  function fillTip(lines) {
    tipBox.textContent = '';
    lines.forEach(function (line, i) { tipBox.appendChild(el('div', line, i ? null : 'head')); });
  }

  function nodeTip(id) {
    var n = nodeInfo.get(id);
    var lines = [n.label, '类型 type: ' + n.type, '提及 mentions: ' + n.mentions + ' · 文章 articles: ' + n.docs];
    if (n.aliases) { lines.push('别名 aliases: ' + n.aliases.split('|').join('、')); }
    lines.push('点击查看证据 · click for evidence');
    return lines;
  }

  function edgeTip(id) {
    var e = edges.get(id), link = linkInfo.get(id);
    var lines = [label(e.from) + ' — ' + link.relation + ' — ' + label(e.to)];
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

  // --- filters ------------------------------------------------------------
  function checkbox(parent, key, on, swatch, text, count) {
    var row = el('label');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = true;
    box.dataset.key = key;
    box.addEventListener('change', function () { on.set(key, box.checked); applyFilters(); });
    row.appendChild(box);
    row.appendChild(swatch);
    row.appendChild(el('span', text + ' (' + count + ')'));
    parent.appendChild(row);
    on.set(key, true);
  }

  function counts(list, field) {
    var map = new Map();
    list.forEach(function (x) { map.set(x[field], (map.get(x[field]) || 0) + 1); });
    return map;
  }

  var typeCounts = counts(data.nodes, 'type'), relationCounts = counts(data.edges, 'relation');
  var typesBox = document.getElementById('zhkg-types');
  data.types.forEach(function (pair) {
    var dot = el('span', null, 'dot');
    dot.style.background = pair[1];
    checkbox(typesBox, pair[0], typeOn, dot, named(typeNames, pair[0]), typeCounts.get(pair[0]) || 0);
  });
  var relationsBox = document.getElementById('zhkg-relations');
  Array.from(relationCounts.keys()).sort().forEach(function (r) {
    var line = el('span', null, 'line');
    var first = edges.get({filter: function (e) { return linkInfo.get(e.id).relation === r; }})[0];
    line.style.background = first && first.color ? (first.color.color || first.color) : '#999';
    checkbox(relationsBox, r, relationOn, line, named(relationNames, r), relationCounts.get(r));
  });

  function applyFilters() {
    var nodeUpdates = [], hiddenNode = new Set();
    nodes.forEach(function (n) {
      var hide = !typeOn.get(nodeInfo.get(n.id).type);
      if (hide) { hiddenNode.add(n.id); }
      if (Boolean(n.hidden) !== hide) { nodeUpdates.push({id: n.id, hidden: hide}); }
    });
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var hide = !relationOn.get(linkInfo.get(e.id).relation) || hiddenNode.has(e.from) || hiddenNode.has(e.to);
      if (Boolean(e.hidden) !== hide) { edgeUpdates.push({id: e.id, hidden: hide}); }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    if (selected !== null && hiddenNode.has(selected)) { clearSelection(); }
  }

  // --- highlight ------------------------------------------------------------
  function highlight(id) {
    restore();
    var near = new Set(network.getConnectedNodes(id));
    near.add(id);
    var updates = [];
    nodes.forEach(function (n) {
      original.nodes.set(n.id, n.color);
      if (!near.has(n.id)) { updates.push({id: n.id, color: '#e8e8e8', font: {color: '#c0c0c0'}}); }
    });
    nodes.update(updates);
    var edgeUpdates = [];
    edges.forEach(function (e) {
      original.edges.set(e.id, e.color);
      if (e.from !== id && e.to !== id) { edgeUpdates.push({id: e.id, color: {color: 'rgba(200,200,200,0.25)'}}); }
    });
    edges.update(edgeUpdates);
  }

  function restore() {
    var nodeUpdates = [], edgeUpdates = [];
    original.nodes.forEach(function (color, id) { nodeUpdates.push({id: id, color: color, font: {color: LABEL_COLOR}}); });
    original.edges.forEach(function (color, id) { edgeUpdates.push({id: id, color: color}); });
    original = {nodes: new Map(), edges: new Map()};
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
  }

  // --- panel ----------------------------------------------------------------
  var panel = document.getElementById('zhkg-panel');
  var body = document.getElementById('zhkg-panel-body');

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

  function showNode(id) {
    var n = nodeInfo.get(id);
    body.textContent = '';
    body.appendChild(el('h2', n.label));
    var meta = named(typeNames, n.type) + ' · 提及 mentions ' + n.mentions + ' · 文章 articles ' + n.docs;
    body.appendChild(el('div', meta, 'meta'));
    if (n.aliases) { body.appendChild(el('div', '别名 aliases: ' + n.aliases.split('|').join('、'), 'meta')); }
    if (n.dates) { body.appendChild(el('div', '日期 dates: ' + n.dates.split('|').join(', '), 'meta')); }
    var links = edges.get({filter: function (e) { return (e.from === id || e.to === id) && !e.hidden; }});
    links.sort(function (a, b) {
      var la = linkInfo.get(a.id), lb = linkInfo.get(b.id);
      var ta = la.relation === 'co_occurs' ? 1 : 0, tb = lb.relation === 'co_occurs' ? 1 : 0;
      return ta - tb || lb.weight - la.weight || label(a.from === id ? a.to : a.from).localeCompare(label(b.from === id ? b.to : b.from));
    });
    body.appendChild(el('div', '关系与证据 links and evidence (' + links.length + ')', 'meta'));
    links.forEach(function (e) {
      var link = linkInfo.get(e.id);
      var box = el('div', null, 'link');
      var head = el('div', null, 'rel');
      var other = e.from === id ? e.to : e.from;
      var arrow = link.relation === 'co_occurs' ? ' — ' : (e.from === id ? ' → ' : ' ← ');
      head.appendChild(el('span', relationText(link) + arrow));
      head.appendChild(nodeLink(other));
      box.appendChild(head);
      sentences(box, link);
      body.appendChild(box);
    });
    panel.hidden = false;
  }

  function showEdge(eid) {
    var e = edges.get(eid), link = linkInfo.get(eid);
    body.textContent = '';
    var title = el('h2');
    title.appendChild(nodeLink(e.from));
    title.appendChild(el('span', link.relation === 'co_occurs' ? ' — ' : ' → '));
    title.appendChild(nodeLink(e.to));
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

  function focusNode(id) {
    if (!nodeInfo.has(id) || !nodes.get(id)) { return; }
    if (nodes.get(id).hidden) { typeOn.set(nodeInfo.get(id).type, true); syncBoxes(); applyFilters(); }
    selected = id;
    network.selectNodes([id]);
    highlight(id);
    showNode(id);
    network.focus(id, {scale: Math.max(network.getScale(), 0.7), animation: {duration: 400}});
  }

  function syncBoxes() {
    document.querySelectorAll('#zhkg-types input').forEach(function (b) { b.checked = typeOn.get(b.dataset.key); });
  }

  document.getElementById('zhkg-close').addEventListener('click', clearSelection);
  network.on('click', function (params) {
    if (params.nodes.length) { focusNode(params.nodes[0]); }
    else if (params.edges.length) { selected = null; restore(); showEdge(params.edges[0]); }
    else { clearSelection(); }
  });

  // --- search -----------------------------------------------------------------
  var byName = new Map();  // name or alias -> node id (the first node, by id, that has it)
  var list = document.getElementById('zhkg-names');
  data.nodes.map(function (n) { return n.id; }).sort().forEach(function (id) {
    var n = nodeInfo.get(id);
    var names = [n.label].concat(n.aliases ? n.aliases.split('|') : []);
    names.forEach(function (name, i) {
      if (byName.has(name)) { return; }
      byName.set(name, id);
      var option = document.createElement('option');
      option.value = name;
      if (i > 0) { option.label = name + ' → ' + n.label; }
      list.appendChild(option);
    });
  });
  var search = document.getElementById('zhkg-search');
  var miss = document.getElementById('zhkg-miss');
  var last = {text: '', time: 0};
  function runSearch() {
    var text = search.value.trim();
    // Enter fires both keydown and change: a second focus animation in the same moment cancels the first.
    if (text === last.text && Date.now() - last.time < 500) { return; }
    last = {text: text, time: Date.now()};
    miss.textContent = '';
    if (!text) { return; }
    var id = byName.get(text);
    if (id === undefined) {
      var partial = Array.from(byName.keys()).filter(function (name) { return name.indexOf(text) >= 0; }).sort(function (a, b) {
        return a.length - b.length || a.localeCompare(b);
      });
      id = partial.length ? byName.get(partial[0]) : undefined;
    }
    if (id === undefined) { miss.textContent = '没有找到 not found: ' + text; return; }
    focusNode(id);
  }
  search.addEventListener('change', runSearch);
  search.addEventListener('keydown', function (event) { if (event.key === 'Enter') { runSearch(); } });
}());
