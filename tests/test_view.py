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

from graph.html import write_html

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
    assert any(label == "works_for · 工会专干" for label in edges) and any(label == "graduated_from" for label in edges)
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
    assert "showing the 1200 most connected of 1300 nodes" in page.page.inner_text("#zhkg-legend")
    assert page.page.evaluate("() => network.physics.options.enabled") is False
    x = page.page.evaluate("() => network.getPosition('ORG:o0').x")
    assert x == pytest.approx(G.nodes["ORG:o0"]["x"], abs=1)  # vis rounds to pixels
    assert page.errors == [] and page.offline()
