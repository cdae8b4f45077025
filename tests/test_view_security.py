"""What the HTML view's page holds, read as text (no browser): no document text as a pyvis tooltip,
vis-network's CSS once, each sentence once, a size set by the nodes shown. tests/test_view.py
hovers, clicks and searches hostile names in Chromium."""

import json
import re

import networkx as nx
import pytest
from conftest import view_data

from graph.html import MAX_SENTENCES, write_html


def page_of(G: nx.MultiDiGraph, tmp_path, **kw) -> str:
    path = tmp_path / "g.html"
    write_html(G, path, **kw)
    return path.read_text(encoding="utf-8")


def star(n: int, sentence: str, center: str = "ORG:中心") -> nx.MultiDiGraph:
    """``center`` linked to ``n`` people, every link proved by the same sentence."""
    G = nx.MultiDiGraph()
    G.add_node(center, label=center[4:], type="ORG", aliases="", mentions=n, docs=1)
    for i in range(n):
        G.add_node(f"PERSON:人{i}", label=f"人{i}", type="PERSON", aliases="", mentions=1, docs=1)
        s = {"article": "文章-1", "sentence": 0, "start": 0, "end": len(sentence), "text": sentence, "date": "2024-01-01"}
        G.add_edge(
            f"PERSON:人{i}",
            center,
            key="works_for",
            relation="works_for",
            weight=1.0,
            role="主任",
            evidence=sentence,
            sources="文章-1",
            sentences=[s],
        )
    return G


def test_no_document_text_reaches_pyvis_as_a_tooltip(tmp_path):
    G = star(3, "国务院印发《<img/src='x'/onerror=alert(1)>href》的通知。")
    G.add_node(
        "DOC:<img/src='x'/onerror=alert(1)>href", label="<img/src='x'/onerror=alert(1)>href", type="DOC", aliases="href", mentions=1, docs=1
    )
    page = page_of(G, tmp_path)
    # pyvis writes a tooltip with innerHTML when one node's title contains "href": that branch is not in the page.
    assert "popup.innerHTML" not in page
    nodes, edges = (json.loads(x) for x in re.findall(r"new vis\.DataSet\((\[.*\])\);\n", page))
    assert len(nodes) == 5 and len(edges) == 3 and not [x for x in nodes + edges if "title" in x]
    assert "<img" not in page  # the label is in pyvis's data and ours, as JSON with < escaped


def test_pyvis_titles_and_object_property_ids_are_refused():
    from pyvis.network import Network

    from graph.html import _check_pyvis_input

    net = Network()
    net.add_node("PERSON:a", label="a", title="<a href='x'>a</a>")
    with pytest.raises(RuntimeError, match="title"):
        _check_pyvis_input(net)
    G = nx.MultiDiGraph()
    G.add_node("constructor", label="constructor", type="ORG", aliases="", mentions=1, docs=1)  # zhkg's ids have a type: never built
    with pytest.raises(ValueError, match="constructor"):
        write_html(G, "/dev/null")


def test_vis_css_is_inlined_once(tmp_path):
    page = page_of(star(2, "句子。"), tmp_path)
    assert page.count(".vis-overlay{") == 1


def test_each_sentence_is_stored_once(tmp_path):
    sentence = "二十个人在同一个句子里被提到,这句话只存一次。"
    page = page_of(star(20, sentence), tmp_path)
    assert page.count(sentence) == 1 and page.count("文章-1") == 1
    data = view_data(page)
    assert data["sentences"] == [sentence] and data["articles"] == ["文章-1"]
    assert all(link["evidence"] == [[0, 0, "2024-01-01"]] and link["sources"] == [0] for link in data["edges"])
    assert [t for t, _ in data["types"]] == ["PERSON", "ORG"]  # legend order, not alphabetical


def test_a_link_keeps_at_most_max_sentences(tmp_path):
    G = star(1, "句子。")
    many = [{"article": f"a{i}", "sentence": i, "start": 0, "end": 3, "text": f"第{i}句。", "date": ""} for i in range(100)]
    nx.set_edge_attributes(G, {("PERSON:人0", "ORG:中心", "works_for"): many}, "sentences")
    data = view_data(page_of(G, tmp_path))
    (link,) = data["edges"]
    assert len(link["evidence"]) == MAX_SENTENCES and link["more"] == 100 - MAX_SENTENCES
    assert len(data["sentences"]) == MAX_SENTENCES and "第10句。" not in data["sentences"]


def test_what_is_drawn_depends_on_the_nodes_shown_and_the_index_is_capped(tmp_path, monkeypatch):
    """The page draws the nodes shown and carries an index of the rest for search and expanding:
    at most MAX_INDEX_NODES nodes and MAX_RESERVE_LINKS links, with MAX_RESERVE_CHARS of sentences."""
    import graph.html

    small = star(40, "中心与四十个人。")
    big = small.copy()
    for i in range(3000):  # a big corpus: many people less connected than the 41 shown, with long sentences
        a, b = f"PERSON:人{i}a", f"PERSON:人{i}b"
        big.add_node(a, label=a[7:], type="PERSON", aliases="", mentions=1, docs=1)
        big.add_node(b, label=b[7:], type="PERSON", aliases="", mentions=1, docs=1)
        s = {"article": f"x{i}", "sentence": 0, "start": 0, "end": 300, "text": f"很长的句子{i}。" * 50, "date": ""}
        big.add_edge(a, b, key="co_occurs", relation="co_occurs", weight=0.5, sources="x", sentences=[s])
    shown = small.number_of_nodes()
    monkeypatch.setattr(graph.html, "MAX_INDEX_NODES", 1041)
    monkeypatch.setattr(graph.html, "MAX_RESERVE_LINKS", 300)
    monkeypatch.setattr(graph.html, "MAX_RESERVE_CHARS", 20_000)
    pages = [page_of(G, tmp_path, max_nodes=shown) for G in (small, big)]
    drawn = [[json.loads(x) for x in re.findall(r"new vis\.DataSet\((\[.*\])\);\n", page)] for page in pages]
    for items in drawn[1]:  # a cut is laid out in Python (graph.html._positions); the whole small graph by the browser
        for item in items:
            item.pop("x", None), item.pop("y", None)
    assert drawn[0] == drawn[1]  # the same nodes and links
    data = view_data(pages[1])
    assert len(data["nodes"]) == 1041 and data["drawn"] + 300 <= len(data["edges"]) <= data["drawn"] + 300 + 8
    assert sum(map(len, data["sentences"])) < 20_000 + 400  # the reserve's sentences stop at the budget
    assert len(pages[1].encode()) < len(pages[0].encode()) + 250_000


def test_a_dense_core_shows_typed_links_first_and_a_bounded_number(tmp_path):
    """The 500 most connected nodes of four years of news share 19,000 links: the page shows
    EDGES_PER_NODE per node, every typed one first, and says so."""
    from graph.html import EDGES_PER_NODE

    G = star(60, "中心与六十个人。")  # 60 typed links (works_for)
    nx.set_edge_attributes(G, {e: 10.0 for e in G.edges(keys=True)}, "weight")  # the centre is the most connected
    people = [n for n in G if n.startswith("PERSON:")]
    sentence = {"article": "a", "sentence": 1, "start": 0, "end": 9, "text": "他们一起出席了会议。" * 20, "date": ""}
    for i, a in enumerate(people):
        for b in people[i + 1 :]:  # 1,770 co-occurrences
            G.add_edge(a, b, key="co_occurs", relation="co_occurs", weight=1.0 + (i % 3), sources="a", sentences=[sentence] * 5)
    data = view_data(page_of(G, tmp_path, max_nodes=20))
    drawn = data["edges"][: data["drawn"]]
    assert len(drawn) == EDGES_PER_NODE * 20
    assert sum(e["relation"] == "works_for" for e in drawn) == 19  # all typed links among the 20 shown
    co = [e for e in drawn if e["relation"] == "co_occurs"]
    assert all(len(e["evidence"]) == 3 and e["more"] == 2 for e in co)  # a co-occurrence shows 3 sentences
    page = page_of(G, tmp_path, max_nodes=20)
    assert "typed first" in page
