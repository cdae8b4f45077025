from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "000_5e311010456c98bd.txt"


@pytest.fixture(scope="session")
def nlp():
    import extract

    return extract.load()


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory):
    """The sample page built once through the CLI, as a user would."""
    from graph.cli import main

    out = tmp_path_factory.mktemp("sample")
    assert main(["build", str(SAMPLE), "--out", str(out), "--quiet"]) == 0
    return out


def tiny_corpus(root: Path, files: list[str]) -> None:
    """Write a tiny BIO corpus (two sentences, 20 times) to each of ``files`` under ``root``, for the training recipes."""
    sentences = [("刘馨蕊在安远社区工作", [(0, 3, "PER"), (4, 8, "ORG")]), ("孙养利来到西安市", [(0, 3, "PER"), (5, 8, "LOC")])]
    lines = []
    for text, spans in sentences * 20:
        tags = ["O"] * len(text)
        for s, e, kind in spans:
            tags[s:e] = ["B-" + kind] + ["I-" + kind] * (e - s - 1)
        lines += [f"{c}\t{t}" for c, t in zip(text, tags)] + [""]
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("\n".join(lines), encoding="utf-8")


def view_data(page: str) -> dict:
    """The data block with its rows as dicts (what view.js makes of them); ``drawn``: the links drawn
    at first, which come first in ``edges``."""
    import json
    import re

    from graph.html import LINK_COLUMNS, NODE_COLUMNS

    (block,) = re.findall(r'<script type="application/json" id="zhkg-data">(.*?)</script>', page, re.S)
    data = json.loads(block)
    nodes = [dict(zip(NODE_COLUMNS, row)) for row in data["nodes"]]
    for node in nodes:
        node["id"] = node["id"] or f"{node['type']}:{node['label']}"
    edges = [dict(zip(LINK_COLUMNS, row)) for row in data["edges"]]
    for i, edge in enumerate(edges):
        edge.update(id=f"e{i}", relation=data["relations"][edge["relation"]][0])
        edge.update({"from": nodes[edge["from"]]["id"], "to": nodes[edge["to"]]["id"]})
    _, drawn = (json.loads(x) for x in re.findall(r"new vis\.DataSet\((\[.*\])\);\n", page))
    return {**data, "nodes": nodes, "edges": edges, "drawn": len(drawn)}
