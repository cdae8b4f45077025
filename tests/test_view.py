"""The HTML view in a real browser: headless Chromium driven by Playwright.

Needs Debian's ``chromium`` (and ``fonts-noto-cjk`` for readable screenshots);
``.ci/run`` installs both when it can. Playwright only drives that binary: it
downloads no browser. Set ZHKG_SCREENSHOT=path.png to keep the sample's
screenshot (the README's picture is made that way).
"""

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest

from graph.html import MAX_COOCCUR_SENTENCES, MAX_SENTENCES, write_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (apt-get install chromium fonts-noto-cjk)")


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


class Page:
    """A page with every console error, page error, dialog and request recorded."""

    def __init__(self, browser, path: Path):
        self.errors, self.requests, self.dialogs = [], [], []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("typeof network !== 'undefined' && document.getElementById('zhkg-types').children.length > 0")

    def search(self, text: str) -> None:
        self.page.fill("#zhkg-search", text)
        self.page.press("#zhkg-search", "Enter")
        self.page.wait_for_timeout(600)

    def click_node(self, node: str) -> None:
        # Centre the node first, without animation, so the click lands on it even on a slow machine.
        self.page.evaluate("id => network.moveTo({position: network.getPosition(id), scale: 1.5, animation: false})", node)
        self.page.wait_for_timeout(200)
        xy = self.page.evaluate("id => network.canvasToDOM(network.getPosition(id))", node)
        self.page.mouse.click(xy["x"], xy["y"])
        self.page.wait_for_timeout(600)

    def empty_spot(self) -> tuple[int, int]:
        """A point on the canvas with no node or edge under it (and not under the legend or panel)."""
        return self.page.evaluate(
            """() => {
              for (let y = 880; y > 300; y -= 20) {
                for (let x = 320; x < 1000; x += 20) {
                  if (network.getNodeAt({x, y}) === undefined && network.getEdgeAt({x, y}) === undefined) { return [x, y]; }
                }
              }
              throw new Error('no empty spot');
            }"""
        )

    def hover_node(self, node: str) -> str:
        """Rest the pointer on ``node`` until its tooltip shows; the tooltip's text."""
        self.page.evaluate("id => network.moveTo({position: network.getPosition(id), scale: 1.5, animation: false})", node)
        return self._hover(self.page.evaluate("id => network.canvasToDOM(network.getPosition(id))", node))

    def hover_edge(self, edge: str) -> str:
        """Rest the pointer on a point of ``edge`` (under no node and no other edge) until its tooltip shows."""
        return self._hover(self.edge_spot(edge))

    def edge_spot(self, edge: str) -> dict:
        return self.page.evaluate(
            """eid => {
              const e = edges.get(eid), a = network.getPosition(e.from), b = network.getPosition(e.to);
              network.moveTo({position: {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}, scale: 1.5, animation: false});
              for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75]) {
                const p = network.canvasToDOM({x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)});
                if (network.getNodeAt(p) === undefined && network.getEdgeAt(p) === eid) { return p; }
              }
              throw new Error('no free spot on ' + eid);
            }""",
            edge,
        )

    def _hover(self, xy: dict) -> str:
        # Above 100 nodes pyvis covers the canvas with a loading bar that fades out after the layout settles.
        self.page.wait_for_function(
            "() => { const b = document.getElementById('loadingBar'); return !b || getComputedStyle(b).display === 'none'; }"
        )
        self.page.mouse.move(*self.empty_spot())  # away first: the previous tooltip hides
        self.page.wait_for_timeout(150)
        self.page.mouse.move(xy["x"], xy["y"], steps=3)
        self.page.wait_for_function(
            "() => { const t = document.querySelector('div.vis-tooltip'); return t && t.style.visibility === 'visible'; }"
        )
        self.page.wait_for_timeout(200)  # anything the hover started (a popup written as HTML, an image's onerror) has run
        return self.page.evaluate("() => document.querySelector('div.vis-tooltip').textContent")

    def tooltip_tags(self) -> list[str]:
        return self.page.evaluate("() => [...document.querySelectorAll('div.vis-tooltip *')].map(e => e.tagName)")

    def visible(self, dataset: str) -> list[str]:
        return self.page.evaluate(f"() => {dataset}.get({{filter: x => !x.hidden}}).map(x => x.id)")

    def offline(self) -> bool:
        return all(url.startswith(("file:", "data:", "blob:")) for url in self.requests)


def test_sample_view_search_click_evidence_filters(browser, sample_out, tmp_path):
    page = Page(browser, sample_out / "graph.html")
    # The layout settles and physics switches itself off (the view then stays still).
    page.page.wait_for_function("() => network.physics.physicsEnabled === false", timeout=20_000)

    page.search("刘馨蕊")
    panel = page.page.inner_text("#zhkg-panel")
    assert page.page.is_visible("#zhkg-panel")
    assert page.page.inner_text("#zhkg-panel h2") == "刘馨蕊"
    assert "works for · 工会专干 → 安远社区" in panel
    assert "安远社区工会专干刘馨蕊拨通了街道总工会社会化工作者孙养利电话" in panel  # the evidence sentence
    # The neighbourhood stays coloured, the rest is dimmed.
    colors = page.page.evaluate("() => Object.fromEntries(nodes.get().map(n => [n.id, n.color]))")
    assert colors["ORG:安远社区"] != "#e8e8e8" and colors["LOC:北京市"] == "#e8e8e8"

    page.click_node("ORG:安远社区")  # clicking another node moves the panel to it
    assert page.page.inner_text("#zhkg-panel h2") == "安远社区"
    page.page.mouse.click(*page.empty_spot())  # empty canvas: panel closes, colours come back
    assert page.page.is_hidden("#zhkg-panel")
    page.click_node("PERSON:刘馨蕊")
    assert page.page.inner_text("#zhkg-panel h2") == "刘馨蕊"

    page.search("孙师傅")  # an alias finds the person
    assert page.page.inner_text("#zhkg-panel h2") == "孙养利"
    page.search("没有这个人")
    assert "not found" in page.page.inner_text("#zhkg-miss")

    page.page.uncheck("#zhkg-relations input[data-key=co_occurs]")
    edges = page.page.evaluate("() => edges.get({filter: e => !e.hidden}).map(e => e.label)")
    assert edges and all(label for label in edges)  # only typed relations left, each labelled
    assert any(label == "任职 · 工会专干" for label in edges) and any(label == "毕业于" for label in edges)  # Chinese names on edges
    page.page.check("#zhkg-relations input[data-key=co_occurs]")
    page.page.uncheck("#zhkg-types input[data-key=PERSON]")
    assert not [n for n in page.visible("nodes") if n.startswith("PERSON:")]
    page.page.check("#zhkg-types input[data-key=PERSON]")
    page.page.evaluate("() => network.fit({animation: false})")
    page.search("刘馨蕊")

    page.page.wait_for_timeout(1500)  # the focus animation ends
    view, node = page.page.evaluate("() => [network.getViewPosition(), network.getPosition('PERSON:刘馨蕊')]")
    assert view["x"] == pytest.approx(node["x"], abs=5) and view["y"] == pytest.approx(node["y"], abs=5)  # search centres the node
    page.page.mouse.move(*page.empty_spot())  # no tooltip over the picture
    page.page.wait_for_timeout(300)
    shot = Path(os.environ.get("ZHKG_SCREENSHOT") or tmp_path / "sample_view.png")
    page.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert page.errors == [] and page.dialogs == []
    assert page.offline(), [u for u in page.requests if not u.startswith("file:")]


def test_hostile_text_is_shown_as_text(browser, tmp_path):
    G = nx.MultiDiGraph()
    bad = "<img src=x onerror=alert(1)>"
    G.add_node("PERSON:" + bad, label=bad, type="PERSON", aliases="</script><script>alert(2)</script>", mentions=1, docs=1)
    G.add_node("ORG:&amp;", label="&amp;", type="ORG", aliases="", mentions=1, docs=1)
    sentence = "“</script><script>alert(3)</script>” & <b>bold</b>"
    s = {"article": "a<1>", "sentence": 0, "start": 0, "end": 9, "text": sentence, "date": ""}
    link = {"relation": "works_for", "weight": 1.0, "role": "<i>r</i>", "evidence": sentence, "sources": "a", "sentences": [s]}
    G.add_edge("PERSON:" + bad, "ORG:&amp;", key="works_for", **link)
    path = tmp_path / "g.html"
    write_html(G, path)
    page = Page(browser, path)
    page.search(bad)
    panel = page.page.inner_text("#zhkg-panel")
    assert bad in panel and sentence in panel and "<i>r</i>" in panel and "&amp;" in panel
    assert page.page.query_selector("#zhkg-panel img, #zhkg-panel b, #zhkg-panel i") is None
    assert page.dialogs == [] and page.errors == []


# What an article can put in a name, an alias, a role or a sentence: markup that runs when written as
# HTML (pyvis's hover handler takes that path as soon as one node's tooltip contains "href"), and names
# that are also properties of every JavaScript object.
IMG = "<img/src='x'/onerror=alert(1)>href"
SCRIPT = "</script><script>alert(1)</script>"
SVG = "<svg onload=alert(1)>"
QUOTES = "\"双引号\" & 'single' &amp;"
SENTENCES = [
    f"国务院印发《{IMG}》的通知。",
    f"{SCRIPT} javascript:alert(1) {SVG} 《constructor》",
    f"{QUOTES} __proto__ toString hasOwnProperty",
]


def hostile_graph() -> nx.MultiDiGraph:
    """Hostile nodes (one with an edge's id; zhkg's ids start with a type, and vis-network cannot hold a bare
    ``constructor``) joined so that no two edges
    share a pair of nodes (each can be hovered on its own), the sentences shared between edges."""
    G = nx.MultiDiGraph()
    nodes = [
        ("DOC:" + IMG, IMG, "DOC", "《" + IMG + "》"),
        ("PERSON:" + SCRIPT, SCRIPT, "PERSON", "javascript:alert(1)"),
        ("ORG:constructor", "constructor", "ORG", "valueOf|__defineGetter__"),
        ("PERSON:__proto__", "__proto__", "PERSON", "hasOwnProperty"),
        ("LOC:toString", "toString", "LOC", ""),
        ("LOC:" + SVG, SVG, "LOC", "<iframe src=javascript:alert(1)>"),
        ("PERSON:" + QUOTES, QUOTES, "PERSON", 'it\'s "x"'),
        ("e0", "e0", "ORG", ""),  # a node whose id is also an edge's
        ("X:1", "<b>type</b>", "constructor", ""),  # a type that is an object property too
    ]
    for node, label, type_, aliases in nodes:
        G.add_node(node, label=label, type=type_, aliases=aliases, mentions=2, docs=1, dates="2024<i>")
    edges = [
        ("DOC:" + IMG, "PERSON:" + SCRIPT, "issued", "<img src=x onerror=alert(3)>href", [0, 1]),
        ("ORG:constructor", "PERSON:__proto__", "works_for", "__proto__", [1]),
        ("PERSON:__proto__", "LOC:toString", "co_occurs", "", [0]),
        ("ORG:constructor", "LOC:" + SVG, "constructor", "", [2]),  # a relation that is an object property
        ("PERSON:" + QUOTES, "e0", "__proto__", "toString", [2, 0]),
        ("e0", "X:1", "co_occurs", "", [0, 1, 2] * 4),  # more than MAX_SENTENCES
        ("LOC:" + SVG, "DOC:" + IMG, "co_occurs", "", [1]),
        ("LOC:toString", "PERSON:" + QUOTES, "met", "", [2]),
    ]
    articles = ["a<1>", "javascript:alert(1)"]
    for u, v, relation, role, used in edges:
        sentences = [
            {"article": articles[i % 2], "sentence": i, "start": 0, "end": 1, "text": SENTENCES[k], "date": "2024-01-01<script>"}
            for i, k in enumerate(used)
        ]
        link = {"relation": relation, "weight": float(len(used)), "evidence": SENTENCES[used[0]], "evidence_doc": articles[0]}
        link.update(sources="|".join(articles), sentences=sentences, **({"role": role} if role else {}))
        G.add_edge(u, v, key=relation, **link)
    return G


def test_hostile_text_stays_text_when_hovered_clicked_and_searched(browser, tmp_path):
    G = hostile_graph()
    path = tmp_path / "hostile.html"
    write_html(G, path)
    page = Page(browser, path)
    page.page.wait_for_function("() => network.physics.physicsEnabled === false", timeout=20_000)

    for node, d in G.nodes(data=True):
        tip = page.hover_node(node)
        assert page.dialogs == [] and page.errors == [], (node, page.dialogs, page.errors)  # nothing ran
        assert tip.startswith(d["label"]) and all(alias in tip for alias in d["aliases"].split("|")), (node, tip)
        assert set(page.tooltip_tags()) <= {"DIV"}, node  # the text is text, not elements
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        tip = page.hover_edge(f"e{i}")
        assert page.dialogs == [] and page.errors == [], (i, page.dialogs, page.errors)
        expected = [G.nodes[u]["label"], d["relation"], G.nodes[v]["label"], d["evidence"], "a<1>, javascript:alert(1)", d.get("role", "")]
        assert all(text in tip for text in expected), (i, tip)
        assert set(page.tooltip_tags()) <= {"DIV"}, i

    for node, d in G.nodes(data=True):
        page.click_node(node)
        assert page.page.inner_text("#zhkg-panel h2") == d["label"], node
    for i, (_, _, d) in enumerate(G.edges(data=True)):
        page.page.mouse.click(*page.empty_spot())  # clear the selection: the panel closes
        spot = page.edge_spot(f"e{i}")
        page.page.mouse.click(spot["x"], spot["y"])
        page.page.wait_for_timeout(300)
        panel = page.page.inner_text("#zhkg-panel")
        shown = MAX_SENTENCES if d["relation"] != "co_occurs" else MAX_COOCCUR_SENTENCES
        assert all(s["text"] in panel for s in d["sentences"][:shown]) and "2024-01-01<script>" in panel, (i, panel)
        more = max(int(d["weight"]), len(d["sentences"])) - shown
        assert (f"+{more} 句 more sentences" in panel) == (more > 0), (i, panel)
    assert page.page.query_selector("#zhkg-panel img, #zhkg-panel svg, #zhkg-panel iframe, #zhkg-panel b, #zhkg-panel i") is None

    for _, d in G.nodes(data=True):
        for name in [d["label"], *filter(None, d["aliases"].split("|"))]:
            page.search(name)
            assert page.page.inner_text("#zhkg-miss") == "", name
            assert page.page.inner_text("#zhkg-panel h2") == d["label"], name

    for relation in ["__proto__", "constructor"]:  # relation filters keyed by such names work too
        edge = next(f"e{i}" for i, (_, _, r) in enumerate(G.edges(data="relation")) if r == relation)
        page.page.uncheck(f"#zhkg-relations input[data-key={relation}]")
        assert edge not in page.visible("edges")
        page.page.check(f"#zhkg-relations input[data-key={relation}]")
        assert edge in page.visible("edges")
    page.page.uncheck("#zhkg-types input[data-key=constructor]")
    assert "X:1" not in page.visible("nodes") and "e0" in page.visible("nodes")
    page.page.mouse.click(*page.empty_spot())
    # Tooltips still work after highlighting and filtering have updated every node and edge.
    edge = next(f"e{i}" for i, (u, v) in enumerate(G.edges()) if v == "e0")
    assert page.hover_node("e0").startswith("e0") and page.hover_edge(edge).startswith(QUOTES + " — __proto__ — e0")
    assert page.dialogs == [] and page.errors == []
    assert page.offline(), [u for u in page.requests if not u.startswith("file:")]


def test_big_view_uses_precomputed_positions_and_says_when_capped(browser, tmp_path):
    from graph.layout import add_positions

    G = nx.MultiDiGraph()
    for i in range(1300):
        G.add_node(f"ORG:o{i}", label=f"机构{i}", type="ORG", aliases="", mentions=1 + i % 7, docs=1)
    for i in range(1, 1300):
        j = (i * 7919) % i
        G.add_edge(f"ORG:o{j}", f"ORG:o{i}", key="co_occurs", relation="co_occurs", weight=1.0, evidence="句子。", sources="a")
    add_positions(G)
    path = tmp_path / "big.html"
    write_html(G, path, max_nodes=1200)
    page = Page(browser, path)
    assert "showing 1200 of 1300 nodes, balanced by type and importance" in page.page.inner_text("#zhkg-legend")
    assert page.page.evaluate("() => network.physics.options.enabled") is False
    x = page.page.evaluate("() => network.getPosition('ORG:o0').x")
    assert x == pytest.approx(G.nodes["ORG:o0"]["x"], abs=1)  # vis rounds to pixels
    assert page.errors == [] and page.offline()


def corpus_graph() -> nx.MultiDiGraph:
    """A hub with 30 people (typed links of weight 4, dated 2020–2029) and a chain of people beyond them
    (undated co-occurrences of weight 1 and 3): a view of 10 nodes leaves most of it out."""
    G = nx.MultiDiGraph()
    G.add_node("ORG:中心", label="中心", type="ORG", aliases="", mentions=50, docs=5, community=0)

    def link(u, v, relation, weight, date=""):
        s = {
            "article": "文章",
            "sentence": 0,
            "start": 0,
            "end": 5,
            "text": f"{G.nodes[u]['label']}与{G.nodes[v]['label']}。",
            "date": date,
        }
        G.add_edge(u, v, key=relation, relation=relation, weight=float(weight), sources="文章", sentences=[s], dates=date)

    for i in range(30):
        G.add_node(f"PERSON:员{i}", label=f"员{i}", type="PERSON", aliases="", mentions=30 - i, docs=1, community=1 + i % 3)
        link(f"PERSON:员{i}", "ORG:中心", "works_for", 4, f"202{i % 10}-01-01")
    for i in range(6):  # 员29 — 远0 — 远1 … — 远5
        G.add_node(f"PERSON:远{i}", label=f"远{i}", type="PERSON", aliases="", mentions=1, docs=1)
        link("PERSON:员29" if i == 0 else f"PERSON:远{i - 1}", f"PERSON:远{i}", "co_occurs", 1 + 2 * (i % 2))
    return G


def test_search_brings_in_expands_filters_paths_and_saves_png(browser, tmp_path):
    G = corpus_graph()
    path = tmp_path / "corpus.html"
    write_html(G, path, max_nodes=10)
    page = Page(browser, path)
    drawn = lambda: set(page.page.evaluate("() => nodes.getIds()"))  # noqa: E731
    assert "PERSON:远3" not in drawn() and len(drawn()) == 10

    page.search("远3")  # outside the view: it comes in with its neighbours, and its panel opens
    assert page.page.inner_text("#zhkg-panel h2") == "远3"
    assert {"PERSON:远3", "PERSON:远2", "PERSON:远4"} <= drawn()
    assert page.page.evaluate("() => edges.get().some(e => e.from === 'PERSON:远2' && e.to === 'PERSON:远3')")
    panel = page.page.inner_text("#zhkg-panel")
    assert "远2与远3。" in panel and "同句共现" in panel

    before = drawn()
    page.page.evaluate("id => network.moveTo({position: network.getPosition(id), scale: 1.5, animation: false})", "PERSON:远4")
    xy = page.page.evaluate("id => network.canvasToDOM(network.getPosition(id))", "PERSON:远4")
    page.page.mouse.dblclick(xy["x"], xy["y"])  # double-click expands
    page.page.wait_for_timeout(600)
    assert drawn() - before == {"PERSON:远5"}

    page.page.fill("#zhkg-weight", "4")  # minimum weight: the chain's links go
    page.page.dispatch_event("#zhkg-weight", "input")
    shown = page.page.evaluate("() => edges.get({filter: e => !e.hidden}).map(e => e.value)")
    assert shown and min(shown) >= 4
    page.page.check("#zhkg-isolated")  # nodes left without a shown link are hidden
    hidden = set(page.page.evaluate("() => nodes.get({filter: n => n.hidden}).map(n => n.id)"))
    assert {"PERSON:远2", "PERSON:远5"} <= hidden and "ORG:中心" not in hidden and "PERSON:员0" not in hidden
    page.page.fill("#zhkg-weight", "0")
    page.page.dispatch_event("#zhkg-weight", "input")
    page.page.uncheck("#zhkg-isolated")

    page.page.evaluate("() => { const s = document.getElementById('zhkg-since'); s.value = s.max; s.dispatchEvent(new Event('input')); }")
    assert page.page.inner_text("#zhkg-dates") == "2029-01-01 — 2029-01-01"
    visible = page.page.evaluate("() => edges.get({filter: e => !e.hidden}).map(e => [e.from, e.to])")
    typed = [pair for pair in visible if pair[1] == "ORG:中心"]
    assert typed == [] or all(pair[0] in ("PERSON:员9", "PERSON:员19", "PERSON:员29") for pair in typed)
    assert ["PERSON:远2", "PERSON:远3"] in visible  # an undated link stays
    page.page.evaluate("() => { const s = document.getElementById('zhkg-since'); s.value = 0; s.dispatchEvent(new Event('input')); }")

    page.page.fill("#zhkg-path-a", "员3")
    page.page.fill("#zhkg-path-b", "远5")
    page.page.click("#zhkg-path-go")
    page.page.wait_for_timeout(600)
    assert "路径 path: 8 步 steps" in page.page.inner_text("#zhkg-panel")  # 员3 → 中心 → 员29 → 远0 … 远5
    assert {"PERSON:员3", "ORG:中心", "PERSON:员29", "PERSON:远0"} <= drawn()

    page.page.check("input[name=zhkg-color][value=community]")
    colors = page.page.evaluate("() => Object.fromEntries(nodes.get().map(n => [n.id, n.color]))")
    assert colors["ORG:中心"] != colors["PERSON:员0"] and colors["PERSON:员0"] == colors["PERSON:员3"]  # communities 1 and 1
    with page.page.expect_download() as download:
        page.page.click("#zhkg-png")
    png = tmp_path / "view.png"
    download.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000
    assert page.errors == [] and page.dialogs == [] and page.offline()


CEC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "cec" / "raw corpus"


@pytest.mark.skipif(not CEC.is_dir(), reason="needs ../shared/corpora/cec (428 real news reports)")
def test_cec_view_search_outside_and_focused_view(browser, tmp_path):
    """The views of a real corpus, with screenshots: ZHKG_SCREENSHOTS=folder keeps them (cec_view.png,
    cec_search.png, cec_focus.png; the closing notes cite them)."""
    import json
    import time

    from graph.cli import main

    out = tmp_path / "cec"
    assert main(["build", str(CEC), "--out", str(out), "--quiet"]) == 0
    folder = Path(os.environ.get("ZHKG_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert (out / "graph.html").stat().st_size <= 3_000_000
    started = time.perf_counter()
    page = Page(browser, out / "graph.html")
    page.page.wait_for_function("() => network.physics.physicsEnabled === false", timeout=30_000)
    print(f"CEC view: {(out / 'graph.html').stat().st_size:,} bytes, drawn and still in {time.perf_counter() - started:.2f} s")
    page.page.screenshot(path=str(folder / "cec_view.png"))
    drawn = set(page.page.evaluate("() => nodes.getIds()"))
    people = [n for n in json.loads((out / "graph.json").read_text(encoding="utf-8"))["nodes"] if n["type"] == "PERSON"]
    outside = max((n for n in people if n["id"] not in drawn), key=lambda n: (n["mentions"], n["id"]))
    page.search(outside["label"])
    assert page.page.inner_text("#zhkg-panel h2") == outside["label"] and outside["id"] in page.page.evaluate("() => nodes.getIds()")
    page.page.screenshot(path=str(folder / "cec_search.png"))
    assert page.errors == [] and page.offline()

    focus = max(people, key=lambda n: (n["mentions"], n["id"]))
    assert main(["view", str(out), "--focus", focus["label"], "--radius", "2", "--out", str(tmp_path / "focus.html")]) == 0
    page = Page(browser, tmp_path / "focus.html")
    page.page.wait_for_function("() => network.physics.physicsEnabled === false", timeout=30_000)
    page.search(focus["label"])
    assert page.page.inner_text("#zhkg-panel h2") == focus["label"]
    page.page.screenshot(path=str(folder / "cec_focus.png"))
    assert page.errors == [] and page.offline()
