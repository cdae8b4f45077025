// zhkg's controls for the pyvis page: search, type and relation filters,
// neighbourhood highlight and an evidence panel. Runs after pyvis has drawn
// `network` with its `nodes` and `edges` DataSets.
//
// Document text is untrusted: it arrives as JSON in #zhkg-data and reaches the
// page only through textContent and DOM properties, never as HTML.
(function () {
  'use strict';
  if (typeof network === 'undefined') { return; }
  var data = JSON.parse(document.getElementById('zhkg-data').textContent);
  var typeOn = {}, relationOn = {};
  var original = {};  // node id -> {color, font} before highlighting
  var selected = null;
  var LABEL_COLOR = '#343434';  // vis-network's default label colour

  // Settle, then stop: a still picture is easier to read and costs no CPU.
  network.once('stabilizationIterationsDone', function () { network.setOptions({physics: false}); });
  setTimeout(function () { network.setOptions({physics: false}); }, 15000);

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function label(id) { return data.nodes[id] ? data.nodes[id].label : id; }

  // --- filters ------------------------------------------------------------
  function checkbox(parent, key, on, swatch, text, count) {
    var row = el('label');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = true;
    box.dataset.key = key;
    box.addEventListener('change', function () { on[key] = box.checked; applyFilters(); });
    row.appendChild(box);
    row.appendChild(swatch);
    row.appendChild(el('span', text + ' (' + count + ')'));
    parent.appendChild(row);
    on[key] = true;
  }

  var typeCounts = {}, relationCounts = {};
  Object.keys(data.nodes).forEach(function (id) {
    var t = data.nodes[id].type;
    typeCounts[t] = (typeCounts[t] || 0) + 1;
  });
  Object.keys(data.edges).forEach(function (id) {
    var r = data.edges[id].relation;
    relationCounts[r] = (relationCounts[r] || 0) + 1;
  });
  var typesBox = document.getElementById('zhkg-types');
  Object.keys(data.types).forEach(function (t) {
    var dot = el('span', null, 'dot');
    dot.style.background = data.types[t];
    checkbox(typesBox, t, typeOn, dot, data.typeNames[t] || t, typeCounts[t] || 0);
  });
  var relationsBox = document.getElementById('zhkg-relations');
  Object.keys(relationCounts).sort().forEach(function (r) {
    var line = el('span', null, 'line');
    var first = edges.get({filter: function (e) { return data.edges[e.id] && data.edges[e.id].relation === r; }})[0];
    line.style.background = first && first.color ? (first.color.color || first.color) : '#999';
    checkbox(relationsBox, r, relationOn, line, data.relationNames[r] || r, relationCounts[r]);
  });

  function applyFilters() {
    var nodeUpdates = [], hiddenNode = {};
    nodes.forEach(function (n) {
      var hide = !typeOn[data.nodes[n.id].type];
      hiddenNode[n.id] = hide;
      if (Boolean(n.hidden) !== hide) { nodeUpdates.push({id: n.id, hidden: hide}); }
    });
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var hide = !relationOn[data.edges[e.id].relation] || hiddenNode[e.from] || hiddenNode[e.to];
      if (Boolean(e.hidden) !== hide) { edgeUpdates.push({id: e.id, hidden: hide}); }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    if (selected && hiddenNode[selected]) { clearSelection(); }
  }

  // --- highlight ------------------------------------------------------------
  function highlight(id) {
    restore();
    var near = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { near[n] = true; });
    var updates = [];
    nodes.forEach(function (n) {
      original[n.id] = {color: n.color};
      if (!near[n.id]) { updates.push({id: n.id, color: '#e8e8e8', font: {color: '#c0c0c0'}}); }
    });
    nodes.update(updates);
    var edgeUpdates = [];
    edges.forEach(function (e) {
      original[e.id] = {color: e.color};
      if (e.from !== id && e.to !== id) { edgeUpdates.push({id: e.id, color: {color: 'rgba(200,200,200,0.25)'}}); }
    });
    edges.update(edgeUpdates);
  }

  function restore() {
    var nodeUpdates = [], edgeUpdates = [];
    Object.keys(original).forEach(function (id) {
      if (nodes.get(id)) { nodeUpdates.push({id: id, color: original[id].color, font: {color: LABEL_COLOR}}); }
      else if (edges.get(id)) { edgeUpdates.push({id: id, color: original[id].color}); }
    });
    original = {};
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
  }

  // --- panel ----------------------------------------------------------------
  var panel = document.getElementById('zhkg-panel');
  var body = document.getElementById('zhkg-panel-body');

  function sentences(parent, link) {
    link.sentences.forEach(function (s) {
      var box = el('div', null, 'sent');
      box.appendChild(el('div', s.text));
      box.appendChild(el('div', [s.article, s.date].filter(Boolean).join(' · '), 'src'));
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
    var n = data.nodes[id];
    body.textContent = '';
    body.appendChild(el('h2', n.label));
    var meta = (data.typeNames[n.type] || n.type) + ' · 提及 mentions ' + n.mentions + ' · 文章 articles ' + n.docs;
    body.appendChild(el('div', meta, 'meta'));
    if (n.aliases) { body.appendChild(el('div', '别名 aliases: ' + n.aliases.split('|').join('、'), 'meta')); }
    if (n.dates) { body.appendChild(el('div', '日期 dates: ' + n.dates.split('|').join(', '), 'meta')); }
    var links = edges.get({filter: function (e) { return (e.from === id || e.to === id) && !e.hidden; }});
    links.sort(function (a, b) {
      var la = data.edges[a.id], lb = data.edges[b.id];
      var ta = la.relation === 'co_occurs' ? 1 : 0, tb = lb.relation === 'co_occurs' ? 1 : 0;
      return ta - tb || lb.weight - la.weight || label(a.from === id ? a.to : a.from).localeCompare(label(b.from === id ? b.to : b.from));
    });
    body.appendChild(el('div', '关系与证据 links and evidence (' + links.length + ')', 'meta'));
    links.forEach(function (e) {
      var link = data.edges[e.id];
      var box = el('div', null, 'link');
      var head = el('div', null, 'rel');
      var other = e.from === id ? e.to : e.from;
      var arrow = link.relation === 'co_occurs' ? ' — ' : (e.from === id ? ' → ' : ' ← ');
      head.appendChild(el('span', (data.relationNames[link.relation] || link.relation) + (link.role ? ' · ' + link.role : '') + arrow));
      head.appendChild(nodeLink(other));
      box.appendChild(head);
      sentences(box, link);
      body.appendChild(box);
    });
    panel.hidden = false;
  }

  function showEdge(eid) {
    var e = edges.get(eid), link = data.edges[eid];
    body.textContent = '';
    var title = el('h2');
    title.appendChild(nodeLink(e.from));
    title.appendChild(el('span', link.relation === 'co_occurs' ? ' — ' : ' → '));
    title.appendChild(nodeLink(e.to));
    body.appendChild(title);
    body.appendChild(el('div', (data.relationNames[link.relation] || link.relation) + (link.role ? ' · ' + link.role : '') +
      ' · 句数 sentences ' + link.weight, 'meta'));
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
    if (!nodes.get(id)) { return; }
    if (nodes.get(id).hidden) { typeOn[data.nodes[id].type] = true; syncBoxes(); applyFilters(); }
    selected = id;
    network.selectNodes([id]);
    highlight(id);
    showNode(id);
    network.focus(id, {scale: Math.max(network.getScale(), 0.7), animation: {duration: 400}});
  }

  function syncBoxes() {
    document.querySelectorAll('#zhkg-types input').forEach(function (b) { b.checked = typeOn[b.dataset.key]; });
  }

  document.getElementById('zhkg-close').addEventListener('click', clearSelection);
  network.on('click', function (params) {
    if (params.nodes.length) { focusNode(params.nodes[0]); }
    else if (params.edges.length) { selected = null; restore(); showEdge(params.edges[0]); }
    else { clearSelection(); }
  });

  // --- search -----------------------------------------------------------------
  var byName = {};
  var list = document.getElementById('zhkg-names');
  Object.keys(data.nodes).sort().forEach(function (id) {
    var n = data.nodes[id];
    var names = [n.label].concat(n.aliases ? n.aliases.split('|') : []);
    names.forEach(function (name, i) {
      if (byName[name] !== undefined) { return; }
      byName[name] = id;
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
    var id = byName[text];
    if (id === undefined) {
      var partial = Object.keys(byName).filter(function (name) { return name.indexOf(text) >= 0; }).sort(function (a, b) {
        return a.length - b.length || a.localeCompare(b);
      });
      id = partial.length ? byName[partial[0]] : undefined;
    }
    if (id === undefined) { miss.textContent = '没有找到 not found: ' + text; return; }
    focusNode(id);
  }
  search.addEventListener('change', runSearch);
  search.addEventListener('keydown', function (event) { if (event.key === 'Enter') { runSearch(); } });
}());
