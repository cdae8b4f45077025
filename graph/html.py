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
    "edges": {"smooth": False, "scaling": {"min": 1, "max": 8}, "font": {"size": 12, "align": "middle"}},
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 600, "fit": True},
        "minVelocity": 1,
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
}


def view_subgraph(G: nx.MultiDiGraph, max_nodes: int) -> nx.MultiDiGraph:
    """The ``max_nodes`` most connected nodes (by weighted degree, then name) and the edges among them."""
    if G.number_of_nodes() <= max_nodes:
        return G
    degree = dict(G.degree(weight="weight"))
    keep = sorted(G.nodes, key=lambda n: (-degree[n], n))[:max_nodes]
    return G.subgraph(keep).copy()


def write_html(G: nx.MultiDiGraph, path: str | Path, max_nodes: int = 500, title: str = "zhkg") -> None:
    """Write the offline view of ``G`` to ``path``.

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
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", bgcolor="#ffffff")
    for node, d in H.nodes(data=True):
        color = TYPE_COLORS.get(d["type"], OTHER_COLOR)
        net.add_node(node, label=d["label"], title=_node_tip(d), color=color, value=d["mentions"])
    for u, v, d in H.edges(data=True):
        directed = d["relation"] != "co_occurs"
        net.add_edge(
            u,
            v,
            value=d["weight"],
            title=_edge_tip(H, u, v, d),
            color=RELATION_COLORS.get(d["relation"], "#76b7b2"),
            arrows="to" if directed else "",
            label=d.get("role", "") if directed else "",
        )
    net.set_options(json.dumps(OPTIONS, ensure_ascii=False))
    page = net.generate_html(notebook=False)
    page = REMOTE_TAG.sub("", page)
    note = ""
    if H.number_of_nodes() < G.number_of_nodes():
        shown, total = H.number_of_nodes(), G.number_of_nodes()
        note = f"显示连接最多的 {shown} 个节点(共 {total} 个)· showing the {shown} most connected of {total} nodes"
    page = page.replace("</head>", _head(title) + "</head>", 1)
    page = page.replace("</body>", _legend(H, note) + _scripts() + "</body>", 1)
    if REMOTE_TAG.search(page):
        raise RuntimeError("remote resource left in HTML view")
    write_atomic(path, page)


def _node_tip(d: dict) -> str:
    lines = [d["label"], f"类型 type: {d['type']}", f"提及 mentions: {d['mentions']} · 文章 articles: {d['docs']}"]
    if d.get("aliases"):
        lines.append("别名 aliases: " + d["aliases"].replace("|", "、"))
    return "\n".join(lines)


def _edge_tip(G: nx.MultiDiGraph, u: str, v: str, d: dict) -> str:
    head = f"{G.nodes[u]['label']} — {d['relation']} — {G.nodes[v]['label']}"
    lines = [head]
    if d.get("role"):
        lines.append(f"职务 role: {d['role']}")
    lines.append(f"句数 sentences: {int(d['weight'])} · 来源 sources: {d['sources'].replace('|', ', ')}")
    lines.append("证据 evidence: " + d["evidence"])
    return "\n".join(lines)


def _head(title: str) -> str:
    import pyvis

    css = (Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.css").read_text(encoding="utf-8")
    return (
        f'<title>{html.escape(title)}</title>\n<meta charset="utf-8">\n<style>{css}</style>\n<style>'
        "body{margin:0;font-family:'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif}"
        ".card{border:0}#mynetwork{border:0!important;height:100vh!important}"
        "div.vis-tooltip{white-space:pre-wrap!important;max-width:520px;font-family:inherit;font-size:13px;line-height:1.5}"
        "#zhkg-legend{position:fixed;top:12px;left:12px;background:rgba(255,255,255,.92);border:1px solid #ddd;"
        "border-radius:6px;padding:8px 12px;font-size:14px;z-index:10;max-width:360px}"
        "#zhkg-legend span.dot{display:inline-block;width:12px;height:12px;border-radius:50%;margin-right:6px;vertical-align:-1px}"
        "</style>\n"
    )


def _legend(G: nx.MultiDiGraph, note: str) -> str:
    present = sorted({d["type"] for _, d in G.nodes(data=True)}, key=lambda t: list(TYPE_COLORS).index(t) if t in TYPE_COLORS else 99)
    items = "".join(
        f'<div><span class="dot" style="background:{TYPE_COLORS.get(t, OTHER_COLOR)}"></span>{html.escape(TYPE_NAMES.get(t, t))}</div>'
        for t in present
    )
    rel = '<div style="margin-top:6px;color:#555">灰线 co-occurs · 红色箭头 works_for<br>节点大小 = 提及次数 · 悬停查看证据</div>'
    extra = f'<div style="margin-top:6px;color:#a33">{html.escape(note)}</div>' if note else ""
    search = (
        '<div style="margin-top:8px"><input id="zhkg-search" list="zhkg-names" placeholder="搜索 search…" '
        'style="width:100%;box-sizing:border-box;padding:3px 6px;font:inherit"><datalist id="zhkg-names"></datalist></div>'
    )
    counts = f"{G.number_of_nodes()} 节点 nodes · {G.number_of_edges()} 边 edges"
    return f'<div id="zhkg-legend"><b>zhkg</b> · {counts}{items}{rel}{extra}{search}</div>\n'


def _scripts() -> str:
    # Settle, then stop: a still picture is easier to read and costs no CPU.
    # The search list is filled from the data set through DOM properties, never as HTML.
    return """<script>
if (typeof network !== 'undefined') {
  network.once('stabilizationIterationsDone', function () { network.setOptions({physics: false}); });
  setTimeout(function () { network.setOptions({physics: false}); }, 15000);
  var byLabel = {};
  var list = document.getElementById('zhkg-names');
  nodes.get().forEach(function (n) {
    byLabel[n.label] = n.id;
    var option = document.createElement('option');
    option.value = n.label;
    list.appendChild(option);
  });
  document.getElementById('zhkg-search').addEventListener('change', function (event) {
    var id = byLabel[event.target.value];
    if (id === undefined) { return; }
    network.selectNodes([id]);
    network.focus(id, {scale: 1.4, animation: true});
  });
}
</script>
"""
