"""The development gold (tests/gold/xinwenlianbo.jsonl): every offset gives its name, and the graph of the dev
items keeps the scores it had (floors well below them: a fall means a rule broke). Needs ../shared."""

import json

import pytest
from conftest import ROOT

from graph.cli import main

GOLD = ROOT / "tests" / "gold" / "xinwenlianbo.jsonl"
CORPORA = ROOT.parent / "shared" / "corpora"
pytestmark = pytest.mark.skipif(not (CORPORA / "xinwenlianbo").is_dir(), reason="needs ../shared/corpora/xinwenlianbo")


def items():
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_mention_and_evidence_points_into_its_item():
    rows = items()
    assert len(rows) >= 40 and {r["split"] for r in rows} == {"dev", "dev-test"}
    for row in rows:
        text = (CORPORA / row["file"]).read_text(encoding="utf-8")
        assert 0 <= row["start"] < row["end"] <= len(text) and text[row["start"] :].startswith("#")
        for ent in row["entities"]:
            for s, e in ent["mentions"]:
                assert text[s:e] in [ent["name"], *ent["aliases"]], (row["file"], ent["name"], text[s:e])
        names = {ent["name"] for ent in row["entities"]} | {""}
        for rel in row["relations"]:
            assert rel["head"] in names and rel["tail"] in names, (row["file"], rel)
            assert row["start"] <= rel["evidence"][0] < rel["evidence"][1] <= row["end"]


def test_the_dev_graph_keeps_its_scores(capsys):
    assert main(["evaluate", "--task", "graph", "--gold", str(GOLD), "--split", "dev", "--corpora", str(CORPORA), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["entities"]["micro"]["recall"] >= 0.80 and result["nodes"]["micro"]["precision"] >= 0.75
    assert result["relations"]["micro"]["p"] >= 0.70 and result["relations"]["micro"]["r"] >= 0.35
