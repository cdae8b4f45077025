"""An interactive HTML view of the graph (pyvis / vis-network) that works offline.

pyvis writes the page; we then make it self-contained and safe:

* vis-network's JavaScript and CSS are inlined, and every remote
  ``<script src>``/``<link href>`` (pyvis adds Bootstrap from a CDN) is removed;
* text from documents reaches the page only as JSON data produced by Jinja's
  ``tojson`` (which escapes ``<``, ``>``, ``&`` and ``'``, so ``</script>`` in a
  sentence cannot end the script) and is shown by vis-network as plain text;
  the legend and notes we add are HTML-escaped;
* physics runs until the layout stabilises and is then switched off;
* a big graph is cut to its most connected nodes (``max_nodes``), and the
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
RELATION_COLORS = {"co_occurs": "#c8c8c8", "works_for": "#e15759"}
TYPED_COLOR = "#76b7b2"  # typed relations without a colour of their own
RELATION_NAMES = {
    "co_occurs": "同句共现 co-occurs",
    "works_for": "任职 works for",
    "member_of": "成员 member of",
    "graduated_from": "毕业于 graduated from",
    "part_of": "隶属 part of",
    "located_in": "位于 located in",
    "contacted": "联系 contacted",
    "met": "会见 met",
    "visited": "到访 visited",
    "issued": "印发 issued",
    "honored": "获誉 honored",
    "said": "谈及 said",
    "took_part_in": "参与 took part in",
    "happened_at": "发生于 happened at",
}
PRECOMPUTED_ABOVE = 1000  # nodes shown; above this the view uses the layout computed in Python
MAX_SENTENCES = 10  # evidence sentences per link in the panel (graph.json and evidence.csv keep them all)
STYLE = """
body{margin:0;font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif}
.card{border:0}#mynetwork{border:0!important;height:100vh!important}
div.vis-tooltip{white-space:pre-wrap!important;max-width:520px;font-family:inherit;font-size:13px;line-height:1.5}
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
        "scaling": {"min": 8, "max": 40},
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


def view_subgraph(G: nx.MultiDiGraph, max_nodes: int) -> nx.MultiDiGraph:
    """The ``max_nodes`` most connected nodes (by weighted degree, then name) and the edges among them."""
    if G.number_of_nodes() <= max_nodes:
        return G
    degree = dict(G.degree(weight="weight"))
    keep = set(sorted(G.nodes, key=lambda n: (-degree[n], n))[:max_nodes])
    # Not G.subgraph(keep): a view of a small part of a big graph iterates the set of kept
    # nodes, whose order changes from run to run (string hashing); the page must not.
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n in keep)
    H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if u in keep and v in keep)
    return H


def write_html(G: nx.MultiDiGraph, path: str | Path, max_nodes: int = 500, title: str = "zhkg") -> None:
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

    H = view_subgraph(G, max_nodes)
    # Above ~1,000 nodes the browser's physics takes too long to settle: use the precomputed layout.
    fixed = H.number_of_nodes() > PRECOMPUTED_ABOVE and all("x" in d for _, d in H.nodes(data=True))
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", bgcolor="#ffffff")
    for node, d in H.nodes(data=True):
        color = TYPE_COLORS.get(d["type"], OTHER_COLOR)
        at = {"x": d["x"], "y": d["y"]} if fixed else {}
        net.add_node(node, label=d["label"], title=_node_tip(d), color=color, value=d["mentions"], **at)
    edges = {}
    for i, (u, v, d) in enumerate(H.edges(data=True)):
        eid = f"e{i}"
        edges[eid] = d
        directed = d["relation"] != "co_occurs"
        net.add_edge(
            u,
            v,
            id=eid,
            value=d["weight"],
            title=_edge_tip(H, u, v, d),
            color=RELATION_COLORS.get(d["relation"], TYPED_COLOR),
            arrows="to" if directed else "",
            label=_edge_label(d) if directed else "",
        )
    options = json.loads(json.dumps(OPTIONS))
    if fixed:
        options["physics"] = {"enabled": False}
    net.set_options(json.dumps(options, ensure_ascii=False))
    page = net.generate_html(notebook=False)
    page = REMOTE_TAG.sub("", page)
    note = ""
    if H.number_of_nodes() < G.number_of_nodes():
        shown, total = H.number_of_nodes(), G.number_of_nodes()
        note = f"显示连接最多的 {shown} 个节点(共 {total} 个)· showing the {shown} most connected of {total} nodes"
    page = page.replace("</head>", _head(title) + "</head>", 1)
    page = page.replace("</body>", _controls(H, note) + _panel() + _data(H, edges) + _scripts() + "</body>", 1)
    if REMOTE_TAG.search(page):
        raise RuntimeError("remote resource left in HTML view")
    write_atomic(path, page)


def _edge_label(d: dict) -> str:
    return f"{d['relation']} · {d['role']}" if d.get("role") else d["relation"]


def _node_tip(d: dict) -> str:
    lines = [d["label"], f"类型 type: {d['type']}", f"提及 mentions: {d['mentions']} · 文章 articles: {d['docs']}"]
    if d.get("aliases"):
        lines.append("别名 aliases: " + d["aliases"].replace("|", "、"))
    lines.append("点击查看证据 · click for evidence")
    return "\n".join(lines)


def _edge_tip(G: nx.MultiDiGraph, u: str, v: str, d: dict) -> str:
    head = f"{G.nodes[u]['label']} — {d['relation']} — {G.nodes[v]['label']}"
    lines = [head]
    if d.get("role"):
        lines.append(f"职务 role: {d['role']}")
    lines.append(f"句数 sentences: {int(d['weight'])} · 来源 sources: {d['sources'].replace('|', ', ')}")
    lines.append("证据 evidence: " + d["evidence"])
    return "\n".join(lines)


def _data(G: nx.MultiDiGraph, edges: dict[str, dict]) -> str:
    """Everything the panel shows, as JSON in a non-executed script element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no document text can
    close the element or start markup; the page reads it with ``JSON.parse``
    and shows it through ``textContent`` only.
    """
    nodes = {n: {k: d.get(k, "") for k in ("label", "type", "aliases", "mentions", "docs", "dates")} for n, d in G.nodes(data=True)}
    links = {}
    for eid, d in edges.items():
        sentences = d.get("sentences") or [{"article": d.get("evidence_doc", ""), "date": "", "text": d.get("evidence", "")}]
        links[eid] = {
            "relation": d["relation"],
            "role": d.get("role", ""),
            "weight": d["weight"],
            "sentences": [{k: s.get(k, "") for k in ("article", "date", "text")} for s in sentences[:MAX_SENTENCES]],
            "more": max(0, len(sentences) - MAX_SENTENCES),
        }
    colors = {t: TYPE_COLORS.get(t, OTHER_COLOR) for t in sorted({d["type"] for d in nodes.values()}, key=_type_order)}
    data = {"nodes": nodes, "edges": links, "types": colors, "typeNames": TYPE_NAMES, "relationNames": RELATION_NAMES}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="zhkg-data">{text}</script>\n'


def _type_order(t: str) -> int:
    return list(TYPE_COLORS).index(t) if t in TYPE_COLORS else 99


def _head(title: str) -> str:
    import pyvis

    css = (Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.css").read_text(encoding="utf-8")
    return f'<title>{html.escape(title)}</title>\n<meta charset="utf-8">\n<style>{css}</style>\n<style>{STYLE}</style>\n'


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
