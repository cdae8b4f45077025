"""An interactive HTML view of the graph (pyvis / vis-network) that works offline.

pyvis writes the page; we then make it self-contained and safe:

* vis-network's JavaScript and CSS are inlined once (pyvis's ``in_line``
  template), and every remote ``<script src>``/``<link href>`` (pyvis adds
  Bootstrap from a CDN) is removed;
* document text is never markup. pyvis gets only ids, labels (drawn on the
  canvas) and edge labels, serialised by Jinja's ``tojson``, and no ``title``:
  pyvis 0.3.2 writes a tooltip with ``innerHTML`` as soon as one node's title
  contains ``href``, so tooltips are not pyvis's business here. Everything else
  (names, aliases, roles, sentences, articles) is in one JSON block that cannot
  close its ``<script>`` (``<``, ``>`` and ``&`` are ``\\u`` escapes), read with
  ``JSON.parse``; view.js builds the tooltips and the panel from it as DOM
  elements with ``textContent``. The legend and notes we add are HTML-escaped;
* the page grows with the nodes shown, not with the corpus: each link keeps at
  most ``MAX_SENTENCES`` sentences, and each distinct sentence and article name
  is stored once in the data block (links refer to them by number);
* physics runs until the layout stabilises and is then switched off;
* a big graph is cut to ``max_nodes`` nodes balanced by type and importance (dates last), and the
  page says so.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx

from graph.export import OTHER_COLOR, TYPE_COLORS, write_atomic

TYPE_NAMES = {"PERSON": "人物 PERSON", "ORG": "机构 ORG", "LOC": "地点 LOC", "DATE": "日期 DATE", "DOC": "文件 DOC", "EVENT": "事件 EVENT"}
# Each relation's Chinese name (drawn on its edges), English name and colour: one row each.
RELATIONS = {
    "co_occurs": ("同句共现", "co-occurs", "#c8c8c8"),
    "works_for": ("任职", "works for", "#e15759"),
    "member_of": ("成员", "member of", "#ff9da7"),
    "graduated_from": ("毕业于", "graduated from", "#9c755f"),
    "part_of": ("隶属", "part of", "#59a14f"),
    "located_in": ("位于", "located in", "#8cd17d"),
    "contacted": ("联系", "contacted", "#f28e2b"),
    "met": ("会见", "met", "#4e79a7"),
    "visited": ("到访", "visited", "#76b7b2"),
    "issued": ("印发", "issued", "#b07aa1"),
    "honored": ("获誉", "honored", "#edc948"),
    "said": ("谈及", "said", "#499894"),
    "took_part_in": ("参与", "took part in", "#bab0ac"),
    "happened_at": ("发生于", "happened at", "#d4a6c8"),
}
OTHER_RELATION = ("", "", "#79706e")  # a relation this table does not name yet
RELATION_NAMES = {r: f"{zh} {en}" for r, (zh, en, _) in RELATIONS.items()}
# A capped view's share of each type (the rest goes to the most important nodes left; dates come last).
VIEW_SHARES = {"PERSON": 0.35, "ORG": 0.3, "LOC": 0.15, "EVENT": 0.12, "DOC": 0.08}
PRECOMPUTED_ABOVE = 1000  # nodes; a graph without positions above this is laid out in Python, not by the browser
EDGES_PER_NODE = 6  # links shown per node shown, at most (view_subgraph)
MAX_COOCCUR_SENTENCES = 3  # the same for a co-occurrence: what puts two names together, not the proof of a relation
MAX_SENTENCES = 10  # evidence sentences per link in the panel (graph.json and evidence.csv keep them all)
# Beyond the nodes shown, the page carries an index of the graph for search, bringing nodes in, expanding
# and paths: its most important nodes (up to MAX_INDEX_NODES) and, for each in order of importance, up to
# RESERVE_PER_NODE of its links (typed first) until MAX_RESERVE_LINKS, each with its first sentence while
# MAX_RESERVE_CHARS of sentences last. CEC's 3,800 nodes fit whole; four years of national news do not.
MAX_INDEX_NODES = 20_000
RESERVE_PER_NODE = 8
MAX_RESERVE_LINKS = 20_000
MAX_RESERVE_CHARS = 400_000
STYLE = """
body{margin:0;font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif}
.card{border:0}#mynetwork{border:0!important;height:100vh!important}
div.vis-tooltip{white-space:pre-wrap!important;max-width:520px;font-family:inherit;font-size:13px;line-height:1.5}
div.vis-tooltip .head{font-weight:bold}
#zhkg-legend{position:fixed;top:12px;left:12px;background:rgba(255,255,255,.95);border:1px solid #ddd;border-radius:6px;
 padding:8px 12px;font-size:14px;z-index:10;width:260px;max-height:calc(100vh - 48px);overflow:auto}
#zhkg-legend .head{margin-top:8px;font-weight:bold;color:#444}
#zhkg-legend label{display:block;cursor:pointer;line-height:1.6}
#zhkg-legend .dot{display:inline-block;width:12px;height:12px;border-radius:50%;margin:0 6px 0 2px;vertical-align:-1px}
#zhkg-legend .line{display:inline-block;width:16px;height:3px;margin:0 6px 0 2px;vertical-align:3px}
#zhkg-legend .note{margin-top:6px;color:#a33}#zhkg-legend .hint{margin-top:6px;color:#666;font-size:12px}
#zhkg-search{width:100%;box-sizing:border-box;margin-top:8px;padding:4px 6px;font:inherit}
#zhkg-legend label.inline{display:inline-block;margin-right:10px}#zhkg-legend input[type=range]{width:100%}
#zhkg-weight{width:56px}#zhkg-legend .half{width:48%;box-sizing:border-box;margin:2px 1% 2px 0;font:inherit}
#zhkg-legend button{font:inherit;margin-top:4px;cursor:pointer}
#zhkg-panel{position:fixed;top:12px;right:12px;bottom:12px;width:380px;background:#fff;border:1px solid #ddd;border-radius:6px;
 padding:10px 14px;overflow:auto;z-index:10;font-size:14px;box-shadow:0 2px 8px rgba(0,0,0,.08)}
#zhkg-panel h2{font-size:18px;margin:4px 24px 4px 0}#zhkg-panel .meta{color:#555;font-size:13px;margin-bottom:6px}
#zhkg-panel .link{margin-top:10px;border-top:1px solid #eee;padding-top:6px}
#zhkg-panel .rel{font-weight:bold}#zhkg-panel a{color:#1f5fa8;cursor:pointer;text-decoration:none}
#zhkg-panel .sent{margin:4px 0 0 8px;padding-left:8px;border-left:3px solid #ddd;line-height:1.5}
#zhkg-panel .src{color:#888;font-size:12px}
#zhkg-close{position:absolute;top:6px;right:8px;border:0;background:none;font-size:20px;cursor:pointer}
"""
# Properties of every JavaScript object: not usable as node ids in vis-network (see _check_pyvis_input).
OBJECT_PROPERTIES = frozenset(
    "__proto__ constructor hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString toString valueOf "
    "__defineGetter__ __defineSetter__ __lookupGetter__ __lookupSetter__".split()
)
REMOTE_TAG = re.compile(r"<script[^>]*\bsrc=[\"']?(?:https?:)?//[^>]*>\s*</script>|<link[^>]*\bhref=[\"']?(?:https?:)?//[^>]*>", re.I)
OPTIONS = {
    "nodes": {
        "shape": "dot",
        "font": {
            "size": 16,
            "face": "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
        # Labels grow with a node's mentions (14-48 px): zoomed out over a big view, the most mentioned
        # names stay readable while vis-network hides the smallest (under 5 px on screen).
        "scaling": {"min": 8, "max": 40, "label": {"enabled": True, "min": 14, "max": 48, "maxVisible": 48}},
    },
    "edges": {
        "smooth": False,
        "scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
        "font": {"size": 13, "align": "horizontal", "strokeWidth": 4, "strokeColor": "#ffffff", "color": "#8a2c2c"},
    },
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 600, "fit": True},
        "minVelocity": 1,
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    "layout": {"randomSeed": 7},  # the same page draws the same picture every time it is opened
}


def view_subgraph(G: nx.MultiDiGraph, max_nodes: int, max_edges: int | None = None, focus: str | None = None) -> nx.MultiDiGraph:
    """The ``max_nodes`` nodes a view opens with (:func:`_balanced`: by type and importance) and the edges among them,
    at most ``max_edges`` (default ``EDGES_PER_NODE`` per node shown): every typed link first, then the
    co-occurrences with most sentences. The 500 most connected nodes of four years of national news (xinwenlianbo) share
    19,000 links, a page of 13 MB that no one can read; the cap keeps the page's size a function of
    the nodes shown.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="co_occurs", relation="co_occurs", weight=1.0)
    >>> _ = G.add_edge("a", "c", key="co_occurs", relation="co_occurs", weight=3.0)
    >>> _ = G.add_edge("b", "c", key="met", relation="met", weight=1.0)
    >>> sorted(view_subgraph(G, 3, max_edges=2).edges(keys=True))
    [('a', 'c', 'co_occurs'), ('b', 'c', 'met')]
    """
    max_edges = EDGES_PER_NODE * max_nodes if max_edges is None else max_edges
    if G.number_of_nodes() <= max_nodes and G.number_of_edges() <= max_edges:
        return G
    keep = _balanced(G, max_nodes, focus)
    # Not G.subgraph(keep): a view of a small part of a big graph iterates the set of kept
    # nodes, whose order changes from run to run (string hashing); the page must not.
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n in keep)
    among = [(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if u in keep and v in keep]
    if len(among) > max_edges:
        ranked = sorted(range(len(among)), key=lambda i: (among[i][3]["relation"] == "co_occurs", -among[i][3]["weight"], i))
        among = [among[i] for i in sorted(ranked[:max_edges])]  # back in the graph's order
    H.add_edges_from(among)
    return H


def _balanced(G: nx.MultiDiGraph, max_nodes: int, focus: str | None = None) -> set:
    """The nodes a corpus's view opens with: each type's most important (weighted degree, then mentions)
    up to its share of ``max_nodes`` (:data:`VIEW_SHARES`), then the most important of the rest; dates
    last, so that a day named in many stories is never a hub. By raw degree, 500 nodes of CEC's news
    were 325 places, 71 dates and 45 of 513 people.

    >>> G = nx.MultiDiGraph()
    >>> for i in range(10):
    ...     G.add_node(f"LOC:{i}", type="LOC", mentions=9); G.add_node(f"PERSON:{i}", type="PERSON", mentions=1)
    >>> G.add_node("DATE:1月1日", type="DATE", mentions=99)
    >>> sorted(n.split(":")[0] for n in _balanced(G, 10))  # 3 people by share, then the most mentioned; no date
    ['LOC', 'LOC', 'LOC', 'LOC', 'LOC', 'LOC', 'LOC', 'PERSON', 'PERSON', 'PERSON']
    """
    degree = dict(G.degree(weight="weight"))
    ranked = sorted(G.nodes, key=lambda n: (-degree[n], -G.nodes[n].get("mentions", 0), n))
    keep: set = {focus} if focus in G else set()  # the node a focused view is about is always in it
    for type_, share in VIEW_SHARES.items():
        keep.update([n for n in ranked if G.nodes[n].get("type") == type_][: int(share * max_nodes)])
    for n in [n for n in ranked if G.nodes[n].get("type") != "DATE"] + ranked:  # the rest, dates last
        if len(keep) >= max_nodes:
            break
        keep.add(n)
    return keep


def write_html(G: nx.MultiDiGraph, path: str | Path, max_nodes: int = 500, title: str = "zhkg", focus: str | None = None) -> None:
    """Write the offline view of ``G`` to ``path``.

    The page has a search box (names and aliases), filters by entity type and
    by relation, a legend, and a side panel: click a node to highlight its
    neighbourhood and read the evidence sentences of each of its links.

    >>> import networkx as nx, tempfile, os
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PERSON:<i>x", label="<i>x", type="PERSON", aliases="", mentions=1, docs=1)
    >>> out = os.path.join(tempfile.mkdtemp(), "g.html")
    >>> write_html(G, out)
    >>> "<i>x" in open(out, encoding="utf-8").read()
    False
    """
    from pyvis.network import Network

    H = view_subgraph(G, max_nodes, focus=focus)
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", bgcolor="#ffffff")
    at = _positions(G, H)
    for node, d in H.nodes(data=True):
        color = TYPE_COLORS.get(d["type"], OTHER_COLOR)
        net.add_node(node, label=d["label"], color=color, value=d["mentions"], **at.get(node, {}))
    edges = {}
    for i, (u, v, d) in enumerate(H.edges(data=True)):
        eid = f"e{i}"
        edges[eid] = (u, v, d)
        # A typed relation has an arrow and a label; co-occurrence has neither (pyvis would add the arrow).
        drawn = {"arrows": "to", "label": _edge_label(d)} if d["relation"] != "co_occurs" else {"arrows": ""}
        net.add_edge(u, v, id=eid, value=d["weight"], color=RELATIONS.get(d["relation"], OTHER_RELATION)[2], **drawn)
    _check_pyvis_input(net)
    options = json.loads(json.dumps(OPTIONS))
    if at:
        options["physics"] = {"enabled": False}
    net.set_options(json.dumps(options, ensure_ascii=False))
    page = net.generate_html(notebook=False)
    page = REMOTE_TAG.sub("", page)
    note = ""
    if H.number_of_nodes() < G.number_of_nodes():
        shown, total = H.number_of_nodes(), G.number_of_nodes()
        note = f"按类型与重要性显示 {shown} 个节点(共 {total} 个)· showing {shown} of {total} nodes, balanced by type and importance"
    among = sum(1 for u, v in G.edges() if u in H and v in H) if H is not G else H.number_of_edges()
    if H.number_of_edges() < among:
        shown = H.number_of_edges()
        note += f"{' · ' if note else ''}其间 {among} 条关系中显示 {shown} 条(类型关系优先)· {shown} of their {among} links, typed first"
    page = page.replace("</head>", _head(title) + "</head>", 1)
    degree = dict(G.degree(weight="weight"))  # the index and its reserve rank nodes by it
    index = _index(G, H, degree)
    data = _data(G, index, edges, _reserve(G, H, index, degree))
    page = page.replace("</body>", _controls(H, note) + _panel() + data + _scripts() + "</body>", 1)
    if REMOTE_TAG.search(page):
        raise RuntimeError("remote resource left in HTML view")
    write_atomic(path, page)


def _positions(G: nx.MultiDiGraph, H: nx.MultiDiGraph) -> dict[str, dict]:
    """Where the view draws each node, or ``{}`` to let the browser's physics lay them out.

    The whole graph shown keeps the layout the build computed (``x``, ``y``: the view and Gephi agree).
    A cut (a capped or focused view) is laid out on its own in Python (graph.layout, igraph's
    Fruchterman-Reingold in C, milliseconds for 500 nodes): the whole graph's positions crowd a cut
    into one corner, and the browser's physics took 4 s to settle CEC's 500 nodes (under 1 s this way).
    A small graph without positions (a notebook's) is left to the browser.
    """
    if H is G and not all("x" in d for _, d in G.nodes(data=True)):
        return {} if G.number_of_nodes() <= PRECOMPUTED_ABOVE else _positions(G, G.copy())
    if H is not G:
        from graph.layout import add_positions

        H = nx.MultiDiGraph(H)  # a copy: the graph's own positions stay as the build made them
        add_positions(H)
    return {n: {"x": d["x"], "y": d["y"]} for n, d in H.nodes(data=True)}


def _edge_label(d: dict) -> str:
    """What an edge says on the page: the relation's Chinese name, and the role (任职 · 工会专干)."""
    name = RELATIONS.get(d["relation"], OTHER_RELATION)[0] or d["relation"]
    return f"{name} · {d['role']}" if d.get("role") else name


def _check_pyvis_input(net) -> None:
    """What pyvis and vis-network cannot take safely.

    pyvis must never see a ``title``: when one node's title contains ``href`` its template swaps
    vis-network's text tooltip for one written with ``innerHTML`` (view.js makes the tooltips).
    Both keep nodes in plain objects keyed by id, so an id such as ``constructor`` breaks the page;
    zhkg's ids start with their type (``PERSON:…``), so never are one.
    """
    if any("title" in item for item in net.nodes + net.edges):
        raise RuntimeError("a title was given to pyvis: tooltips are made by view.js from the data block")
    clash = OBJECT_PROPERTIES.intersection(net.node_ids)
    if clash:
        raise ValueError(f"node ids {sorted(clash)} are names every JavaScript object has: vis-network cannot hold them")


class _Table:
    """Distinct strings in order of first use, each written once; the data refers to them by number."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.texts: list[str] = []

    def __call__(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.texts)
            self.texts.append(text)
        return self.index[text]

    def text(self, i: int) -> str:
        return self.texts[i]

    def rows(self) -> list[str]:
        return list(self.texts)


def _index(G: nx.MultiDiGraph, H: nx.MultiDiGraph, degree: dict) -> list[str]:
    """The nodes the page knows of: those shown, then the most important others (dates never), up to
    :data:`MAX_INDEX_NODES`, in the graph's order."""
    if G.number_of_nodes() <= MAX_INDEX_NODES:
        return [n for n, d in G.nodes(data=True) if n in H or d.get("type") != "DATE"]
    others = sorted((n for n, d in G.nodes(data=True) if n not in H and d.get("type") != "DATE"), key=lambda n: (-degree[n], n))
    keep = set(H) | set(others[: max(0, MAX_INDEX_NODES - H.number_of_nodes())])
    return [n for n in G if n in keep]


def _reserve(G: nx.MultiDiGraph, H: nx.MultiDiGraph, index: list[str], degree: dict) -> list[tuple]:
    """Links not drawn at first that the page keeps for bringing nodes in and expanding them: for each
    indexed node, most important first, up to :data:`RESERVE_PER_NODE` of its links to other indexed
    nodes (typed first, then by weight), until :data:`MAX_RESERVE_LINKS`. In the graph's order."""
    known = set(index)
    drawn = {(u, v, k) for u, v, k in H.edges(keys=True)}
    chosen: set[tuple] = set()
    for node in sorted(index, key=lambda n: (-degree[n], n)):
        if len(chosen) >= MAX_RESERVE_LINKS:
            break
        around = [(u, v, k, d) for u, v, k, d in G.out_edges(node, keys=True, data=True)]
        around += [(u, v, k, d) for u, v, k, d in G.in_edges(node, keys=True, data=True)]
        around = [e for e in around if e[0] in known and e[1] in known and e[:3] not in drawn]
        around.sort(key=lambda e: (e[3]["relation"] == "co_occurs", -e[3]["weight"], e[0], e[1], e[2]))
        chosen.update(e[:3] for e in around[:RESERVE_PER_NODE])
    return [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if (u, v, k) in chosen]


def _data(G: nx.MultiDiGraph, index: list[str], edges: dict[str, tuple], reserve: list[tuple]) -> str:
    """Everything the tooltips, the panel, search, expanding and paths use, as JSON in a non-executed script element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no document text can
    close the element or start markup; the page reads it with ``JSON.parse``
    and shows it through ``textContent`` only. Nodes and links are lists (view.js
    keys them by id in Maps): no name or id is ever a key of a JavaScript object.

    Rows are arrays, for size (CEC's index and reserve are 12,000 rows):

    * ``nodes``: the indexed nodes (:func:`_index`), drawn or not, as :data:`NODE_COLUMNS`;
    * ``edges``: the links drawn (ids ``e0``, ``e1`` … as in vis-network), then the reserve
      (:func:`_reserve`), as :data:`LINK_COLUMNS`; a link's id is ``e`` + its place in the list,
      its ends are places in ``nodes``, its relation a place in ``relations``, and its
      ``evidence`` is ``[sentence, article, date]`` rows, the first two numbers into ``sentences``
      and ``articles``: a sentence that proves ten links is stored once.
    """
    sentences, articles = _Table(), _Table()
    degree = dict(G.degree())
    place = {n: i for i, n in enumerate(index)}
    relations = list(RELATIONS) + sorted({d["relation"] for *_, d in [*edges.values(), *reserve]} - set(RELATIONS))
    nodes = [_node_row(n, G.nodes[n], degree[n]) for n in index]
    links = [_link_row(edge, place, relations, sentences, articles) for edge in edges.values()]
    budget = MAX_RESERVE_CHARS
    for edge in reserve:
        row = _link_row(edge, place, relations, sentences, articles, limit=1 if budget > 0 else 0)
        budget -= sum(len(sentences.text(r[0])) for r in row[4])
        links.append(row)
    types = sorted({G.nodes[n]["type"] for n in index}, key=_type_order)
    data = {
        "nodes": nodes,
        "edges": links,
        "sentences": sentences.rows(),
        "articles": articles.rows(),
        "types": [[t, TYPE_COLORS.get(t, OTHER_COLOR)] for t in types],  # in legend order
        "typeNames": TYPE_NAMES,
        "relationNames": RELATION_NAMES,
        "relations": [[r, *RELATIONS.get(r, OTHER_RELATION)[::2]] for r in relations],  # name, Chinese name, colour
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="zhkg-data">{text}</script>\n'


# The columns of the data block's rows (view.js reads them by these names, in this order).
NODE_COLUMNS = ("id", "label", "type", "mentions", "docs", "links", "aliases", "dates", "community")
LINK_COLUMNS = ("from", "to", "relation", "weight", "evidence", "sources", "role", "dates", "more")


def _node_row(node: str, d: dict, degree: int) -> list:
    """A node as :data:`NODE_COLUMNS`: ``id`` is ``""`` when it is ``TYPE:label``, ``links`` the node's
    number of links in the whole graph, ``community`` -1 when it has none."""
    ident = "" if node == f"{d['type']}:{d['label']}" else node
    row = [ident, d["label"], d["type"], d["mentions"], d["docs"], degree, d.get("aliases", ""), d.get("dates", ""), d.get("community", -1)]
    while row[-1] in ("", -1) and len(row) > 6:  # empty trailing columns are left out
        row.pop()
    return row


def _link_row(edge: tuple, place: dict, relations: list, sentences: _Table, articles: _Table, limit: int | None = None) -> list:
    """A link as :data:`LINK_COLUMNS`: at most ``limit`` sentences (the panel's ``MAX_SENTENCES``, a
    co-occurrence's ``MAX_COOCCUR_SENTENCES``), ``dates`` its first and last (ISO, partial allowed) for
    the date filter, ``more`` the sentences left out."""
    u, v, d = edge
    kept = d.get("sentences") or [{"article": d.get("evidence_doc", ""), "date": "", "text": d.get("evidence", "")}]
    if limit is None:
        limit = MAX_SENTENCES if d["relation"] != "co_occurs" else MAX_COOCCUR_SENTENCES
    days = [x for x in str(d.get("dates", "")).split("|") if x]
    row = [
        place[u],
        place[v],
        relations.index(d["relation"]),
        d["weight"],
        [[sentences(s.get("text", "")), articles(s.get("article", "")), s.get("date", "")] for s in kept[:limit]],
        [articles(a) for a in d.get("sources", "").split("|") if a],
        d.get("role", ""),
        [min(days), max(days)] if days else "",
        max(0, max(int(d["weight"]), len(kept)) - limit),  # weight counts every sentence, kept the first 20
    ]
    while row[-1] in ("", 0) and len(row) > 6:
        row.pop()
    return row


def _type_order(t: str) -> int:
    return list(TYPE_COLORS).index(t) if t in TYPE_COLORS else 99


def _head(title: str) -> str:
    # vis-network's CSS is already in pyvis's in_line template; this only adds ours, after it.
    return f'<title>{html.escape(title)}</title>\n<meta charset="utf-8">\n<style>{STYLE}</style>\n'


def _controls(G: nx.MultiDiGraph, note: str) -> str:
    counts = f"{G.number_of_nodes()} 节点 nodes · {G.number_of_edges()} 边 edges"
    extra = f'<div class="note">{html.escape(note)}</div>' if note else ""
    return (
        '<div id="zhkg-legend"><div><b>zhkg</b> · '
        + html.escape(counts)
        + "</div>"
        + extra
        + '<input id="zhkg-search" list="zhkg-names" placeholder="搜索人名、机构、别名 search…" autocomplete="off">'
        '<datalist id="zhkg-names"></datalist><div id="zhkg-miss" class="hint"></div>'
        '<div class="head">颜色 colour</div>'
        '<label class="inline"><input type="radio" name="zhkg-color" value="type" checked>类型 type</label>'
        '<label class="inline"><input type="radio" name="zhkg-color" value="community">社群 community</label>'
        '<div class="head">类型 types</div><div id="zhkg-types"></div>'
        '<div class="head">关系 relations</div><div id="zhkg-relations"></div>'
        '<div class="head">筛选 filters</div>'
        '<label>最少句数 min. sentences <input id="zhkg-weight" type="number" min="0" step="1" value="0"></label>'
        '<label><input id="zhkg-isolated" type="checkbox">隐藏孤立节点 hide isolated nodes</label>'
        '<div id="zhkg-date-box"><input id="zhkg-since" type="range" min="0" step="1"><input id="zhkg-until" type="range" min="0" step="1">'
        '<div id="zhkg-dates" class="hint"></div></div>'
        '<div class="head">路径 path</div><input id="zhkg-path-a" class="half" list="zhkg-names" placeholder="从 from" autocomplete="off">'
        '<input id="zhkg-path-b" class="half" list="zhkg-names" placeholder="到 to" autocomplete="off">'
        '<button id="zhkg-path-go" type="button">找路径 find</button><div id="zhkg-path-miss" class="hint"></div>'
        '<div class="head"><button id="zhkg-png" type="button">保存 PNG · save PNG</button></div>'
        '<div class="hint">节点大小 = 提及次数 · 点击查看证据 · 双击展开<br>'
        "size = mentions · click for evidence · double-click to expand</div>"
        "</div>\n"
    )


def _panel() -> str:
    return '<div id="zhkg-panel" hidden><button id="zhkg-close" title="close">×</button><div id="zhkg-panel-body"></div></div>\n'


def _scripts() -> str:
    return "<script>\n" + (Path(__file__).parent / "view.js").read_text(encoding="utf-8") + "</script>\n"
