import csv
import json
import re
import shutil
import subprocess

import networkx as nx
import pytest

from graph.export import graphml_id, node_id, read_gexf, read_graphml, write_csv, write_gexf, write_graphml, write_json
from graph.html import write_html

HOSTILE = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'


def small_graph():
    G = nx.MultiDiGraph()
    G.add_node("PERSON:刘馨蕊", label="刘馨蕊", type="PERSON", aliases="", mentions=3, docs=1)
    G.add_node("ORG:" + HOSTILE, label=HOSTILE, type="ORG", aliases=HOSTILE, mentions=1, docs=1)
    G.add_node("ORG:安远社区", label="安远社区", type="ORG", aliases="安远社区工会", mentions=2, docs=1)
    common = dict(evidence_doc="a", evidence_start=0, evidence_end=5, sources="a")
    G.add_edge(
        "PERSON:刘馨蕊",
        "ORG:安远社区",
        key="works_for",
        relation="works_for",
        weight=2.0,
        role="工会专干",
        evidence="安远社区工会专干刘馨蕊",
        **common,
    )
    G.add_edge("ORG:" + HOSTILE, "PERSON:刘馨蕊", key="co_occurs", relation="co_occurs", weight=1.0, evidence=HOSTILE, **common)
    G.add_edge("ORG:安远社区", "PERSON:刘馨蕊", key="co_occurs", relation="co_occurs", weight=1.0, evidence="刘馨蕊 安远社区", **common)
    return G


def test_graphml_reads_back_in_networkx_and_igraph(tmp_path):
    G = small_graph()
    path = tmp_path / "g.graphml"
    write_graphml(G, path)
    text = path.read_text(encoding="utf-8")
    assert '<key id="label"' in text and '<key id="weight"' in text  # named keys, as Gephi shows them
    assert 'attr.name="weight" attr.type="double"' in text
    ids = re.findall(r'<edge [^>]*\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids)) == G.number_of_edges()  # Gephi drops edges with repeated ids
    assert 'attr.name="mentions" attr.type="long"' in text or 'attr.name="mentions" attr.type="int"' in text
    H = read_graphml(path)
    assert H.nodes["PERSON:刘馨蕊"]["label"] == "刘馨蕊"
    # An id GraphML's NMTOKEN cannot hold is escaped (_xHHHH_); the label keeps the name as written.
    assert "ORG:" + HOSTILE not in H and H.nodes[graphml_id("ORG:" + HOSTILE)]["label"] == HOSTILE
    assert {node_id(n) for n in H} == set(G)
    (data,) = H.get_edge_data("PERSON:刘馨蕊", "ORG:安远社区").values()
    assert data["role"] == "工会专干" and data["weight"] == 2.0
    igraph = pytest.importorskip("igraph")
    g = igraph.Graph.Read_GraphML(str(path))
    assert sorted(g.vs["label"]) == sorted(d["label"] for _, d in G.nodes(data=True))
    assert sorted(g.es["weight"]) == [1.0, 1.0, 2.0]


def test_gexf_has_colours_and_sizes(tmp_path):
    path = tmp_path / "g.gexf"
    write_gexf(small_graph(), path)
    text = path.read_text(encoding="utf-8")
    assert "viz:color" in text and "viz:size" in text and "lastmodifieddate" not in text
    H = read_gexf(path)
    assert H.nodes["PERSON:刘馨蕊"]["viz"]["color"] == {"r": 225, "g": 87, "b": 89, "a": 1.0}


def test_json_round_trip(tmp_path):
    path = tmp_path / "g.json"
    write_json(small_graph(), path)
    H = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    assert H.nodes["ORG:安远社区"]["aliases"] == "安远社区工会"


def test_csv_has_bom_and_chinese(tmp_path):
    path = tmp_path / "n.csv"
    write_csv([{"id": "PERSON:刘馨蕊", "label": "刘馨蕊"}], ["id", "label"], path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert rows == [{"id": "PERSON:刘馨蕊", "label": "刘馨蕊"}]


def test_html_is_offline_and_escapes_document_text(tmp_path):
    path = tmp_path / "g.html"
    write_html(small_graph(), path)
    page = path.read_text(encoding="utf-8")
    # no remote resources at all
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", page, re.I)
    assert "vis.Network" in page  # vis-network is inlined
    # hostile text never appears as markup
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "</script><script>alert" not in page
    assert "\\u003c/script\\u003e" in page  # it is there, as escaped JSON data
    assert "\\u5218\\u99a8\\u854a" in page  # 刘馨蕊, as JSON data
    assert "stabilizationIterationsDone" in page and "zhkg-search" in page


def test_html_caps_big_graphs_and_says_so(tmp_path):
    G = nx.MultiDiGraph()
    for i in range(30):
        G.add_node(f"PERSON:p{i}", label=f"p{i}", type="PERSON", aliases="", mentions=1, docs=1)
    for i in range(1, 30):
        G.add_edge("PERSON:p0", f"PERSON:p{i}", key="co_occurs", relation="co_occurs", weight=1.0, evidence="x", sources="a")
    path = tmp_path / "g.html"
    write_html(G, path, max_nodes=10)
    page = path.read_text(encoding="utf-8")
    assert "showing 10 of 30 nodes, balanced by type and importance" in page
    assert '"p0"' in page or "p0" in page


def test_writes_are_atomic(tmp_path, monkeypatch):
    from graph import export

    path = tmp_path / "n.csv"
    path.write_text("old", encoding="utf-8")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(export.os, "replace", boom)
    with pytest.raises(OSError):
        write_csv([{"id": "x"}], ["id"], path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["n.csv"]  # no temp file left behind


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium is not installed (apt-get install chromium)")
def test_html_in_a_browser_runs_no_document_text(tmp_path):
    path = tmp_path / "g.html"
    write_html(small_graph(), path)
    dom = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "<canvas" in dom  # vis-network drew the graph with no network access
    assert 'onerror="alert(2)"' not in dom and "<script>alert(1)" not in dom


def test_xml_text_is_what_elementtree_writes():
    """graph.export writes GraphML and GEXF elements as strings: the same bytes as ElementTree's indent + tostring."""
    from xml.etree.ElementTree import Element, SubElement, tostring

    from graph.export import _xml

    node = Element("node", {"id": 'ORG:<a href="x">&\t\n\r', "label": "刘馨蕊"})
    values = SubElement(node, "attvalues")
    SubElement(values, "attvalue", {"for": "0", "value": "</script>\"'"})
    SubElement(values, "attvalue", {"for": "1", "value": ""})
    SubElement(node, "{http://gexf.net/1.3/viz}color", {"r": "1", "g": "2", "b": "3"})
    data = SubElement(node, "data", {"key": "evidence"})
    data.text = "a < b & c > d\n“引号”"
    SubElement(node, "data", {"key": "empty"}).text = ""
    from networkx.readwrite.graphml import GraphMLWriter

    indent = GraphMLWriter().indent  # what the writers used before: indent, then tostring without the xmlns
    for level in (0, 2, 3):
        indent(node, level)
        node.tail = None
        text = re.sub(r'^(<[^ >]+) xmlns:\w+="[^"]*"', r"\1", tostring(node, encoding="unicode"), count=1)
        assert _xml(node, level) == text.replace("ns0:", "viz:"), level
