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
PRECOMPUTED_ABOVE = 1000  # nodes shown; above this the view uses the layout computed in Python
EDGES_PER_NODE = 6  # links shown per node shown, at most (view_subgraph)
MAX_COOCCUR_SENTENCES = 3  # the same for a co-occurrence: what puts two names together, not the proof of a relation
MAX_SENTENCES = 10  # evidence sentences per link in the panel (graph.json and evidence.csv keep them all)
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
    # Above ~1,000 nodes the browser's physics takes too long to settle: use the precomputed layout.
    fixed = H.number_of_nodes() > PRECOMPUTED_ABOVE and all("x" in d for _, d in H.nodes(data=True))
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", bgcolor="#ffffff")
    for node, d in H.nodes(data=True):
        color = TYPE_COLORS.get(d["type"], OTHER_COLOR)
        at = {"x": d["x"], "y": d["y"]} if fixed else {}
        net.add_node(node, label=d["label"], color=color, value=d["mentions"], **at)
    edges = {}
    for i, (u, v, d) in enumerate(H.edges(data=True)):
        eid = f"e{i}"
        edges[eid] = d
        # A typed relation has an arrow and a label; co-occurrence has neither (pyvis would add the arrow).
        drawn = {"arrows": "to", "label": _edge_label(d)} if d["relation"] != "co_occurs" else {"arrows": ""}
        net.add_edge(u, v, id=eid, value=d["weight"], color=RELATIONS.get(d["relation"], OTHER_RELATION)[2], **drawn)
    _check_pyvis_input(net)
    options = json.loads(json.dumps(OPTIONS))
    if fixed:
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
    page = page.replace("</body>", _controls(H, note) + _panel() + _data(H, edges) + _scripts() + "</body>", 1)
    if REMOTE_TAG.search(page):
        raise RuntimeError("remote resource left in HTML view")
    write_atomic(path, page)


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

    def __call__(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def rows(self) -> list[str]:
        return list(self.index)


def _data(G: nx.MultiDiGraph, edges: dict[str, dict]) -> str:
    """Everything the tooltips and the panel show, as JSON in a non-executed script element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no document text can
    close the element or start markup; the page reads it with ``JSON.parse``
    and shows it through ``textContent`` only. Nodes and links are lists (view.js
    keys them by id in Maps): no name or id is ever a key of a JavaScript object.
    A link's ``evidence`` is ``[sentence, article, date]`` rows, the first two numbers
    into ``sentences`` and ``articles``: a sentence that proves ten links is stored once.
    """
    sentences, articles = _Table(), _Table()
    nodes = [_node_data(n, d) for n, d in G.nodes(data=True)]
    links = [_link_data(eid, d, sentences, articles) for eid, d in edges.items()]
    types = sorted({d["type"] for _, d in G.nodes(data=True)}, key=_type_order)
    data = {
        "nodes": nodes,
        "edges": links,
        "sentences": sentences.rows(),
        "articles": articles.rows(),
        "types": [[t, TYPE_COLORS.get(t, OTHER_COLOR)] for t in types],  # in legend order
        "typeNames": TYPE_NAMES,
        "relationNames": RELATION_NAMES,
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="zhkg-data">{text}</script>\n'


def _node_data(node: str, d: dict) -> dict:
    row = {"id": node, "label": d["label"], "type": d["type"], "mentions": d["mentions"], "docs": d["docs"]}
    row.update({k: d[k] for k in ("aliases", "dates") if d.get(k)})  # left out when empty, as view.js expects
    return row


def _link_data(eid: str, d: dict, sentences: _Table, articles: _Table) -> dict:
    kept = d.get("sentences") or [{"article": d.get("evidence_doc", ""), "date": "", "text": d.get("evidence", "")}]
    limit = MAX_SENTENCES if d["relation"] != "co_occurs" else MAX_COOCCUR_SENTENCES
    row = {
        "id": eid,
        "relation": d["relation"],
        "weight": d["weight"],
        "evidence": [[sentences(s.get("text", "")), articles(s.get("article", "")), s.get("date", "")] for s in kept[:limit]],
        "sources": [articles(a) for a in d.get("sources", "").split("|") if a],
    }
    if d.get("role"):
        row["role"] = d["role"]
    if (total := max(int(d["weight"]), len(kept))) > limit:  # weight counts every sentence, kept the first 20
        row["more"] = total - limit
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
        '<div class="head">类型 types</div><div id="zhkg-types"></div>'
        '<div class="head">关系 relations</div><div id="zhkg-relations"></div>'
        '<div class="hint">节点大小 = 提及次数 · 点击节点查看证据<br>size = mentions · click a node for its evidence</div>'
        "</div>\n"
    )


def _panel() -> str:
    return '<div id="zhkg-panel" hidden><button id="zhkg-close" title="close">×</button><div id="zhkg-panel-body"></div></div>\n'


def _scripts() -> str:
    return "<script>\n" + (Path(__file__).parent / "view.js").read_text(encoding="utf-8") + "</script>\n"
