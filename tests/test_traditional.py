"""Traditional-character news goes through the extractors as simplified text and keeps its own text in the graph."""

import json

import pytest
from conftest import ROOT

from extract.traditional import one_for_one, simplified
from graph.cli import main

PAGE = ROOT / "data" / "000_5e311010456c98bd.txt"


def test_only_traditional_text_is_converted_and_lengths_hold():
    page = PAGE.read_text(encoding="utf-8")
    assert simplified(page) is None  # the simplified sample page goes through as it is
    traditional = _traditional(page)
    copy = simplified(traditional)
    assert copy is not None and len(copy) == len(traditional)
    assert sum(a != b for a, b in zip(copy, page)) < 0.01 * len(page)  # t2s(s2t(page)) is nearly the page
    assert one_for_one("") == "" and simplified("ABC 123") is None


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("traditional")
    (root / "simplified").mkdir()
    (root / "traditional").mkdir()
    page = PAGE.read_text(encoding="utf-8")
    (root / "simplified" / "page.txt").write_text(page, encoding="utf-8")
    (root / "traditional" / "page.txt").write_text(_traditional(page), encoding="utf-8")
    for name in ("simplified", "traditional"):
        assert main(["build", str(root / name), "--out", str(root / f"out-{name}"), "--quiet"]) == 0
    return [json.loads((root / f"out-{name}" / "graph.json").read_text(encoding="utf-8")) for name in ("simplified", "traditional")], root


def test_a_traditional_copy_finds_the_entities_of_the_simplified_page(builds):
    (simple, traditional), _ = builds

    def entities(G):
        return {n["id"] for n in G["nodes"] if n["type"] in ("PERSON", "ORG", "LOC")}

    found = entities(simple) & entities(traditional)
    assert len(found) >= 0.95 * len(entities(simple))  # the bar; 62 of 62 when this was written
    typed = {(e["source"], e["relation"], e["target"]) for e in simple["links"] if e["relation"] != "co_occurs"}
    kept = typed & {(e["source"], e["relation"], e["target"]) for e in traditional["links"]}
    assert len(kept) >= 0.95 * len(typed)


def test_names_merge_and_the_graph_quotes_the_traditional_text(builds):
    (_, traditional), root = builds
    source = (root / "traditional" / "page.txt").read_text(encoding="utf-8")
    person = next(n for n in traditional["nodes"] if n["id"] == "PERSON:刘馨蕊")  # one node for 劉馨蕊 and 刘馨蕊
    assert "劉馨蕊" in person["aliases"].split("|")
    for s in traditional["sentences"]:
        assert source[s["start"] : s["end"]] == s["text"]  # evidence is the original text, at its offsets
    assert any("黨建" in s["text"] for s in traditional["sentences"])
    mentions = (root / "out-traditional" / "mentions.csv").read_text(encoding="utf-8")
    assert "劉馨蕊" in mentions


def _traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)
