import csv
import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE, view_data

from graph.cli import main
from graph.export import read_graphml

OUTPUTS = [
    "graph.graphml",
    "graph.gexf",
    "graph.html",
    "graph.json",
    "nodes.csv",
    "edges.csv",
    "mentions.csv",
    "articles.csv",
    "report.json",
]


def test_sample_page_graph(sample_out):
    for name in OUTPUTS:
        assert (sample_out / name).stat().st_size > 0
    G = read_graphml(sample_out / "graph.graphml")
    for person in ["刘馨蕊", "孙养利", "汪青", "刘强", "习近平"]:
        assert G.nodes[f"PERSON:{person}"]["type"] == "PERSON"
    for org in ["西安市总工会", "中央组织部", "西北政法大学", "安远社区", "北关街道总工会", "咸阳市总工会", "澄城县总工会"]:
        assert G.nodes[f"ORG:{org}"]["type"] == "ORG", org
    for loc in ["西安市", "莲湖区", "北关街道", "郝家桥村"]:
        assert G.nodes[f"LOC:{loc}"]["type"] == "LOC", loc
    roles = {d.get("role") for _, _, d in G.edges("PERSON:刘馨蕊", data=True) if d["relation"] == "works_for"}
    assert "工会专干" in roles
    assert G.has_edge("PERSON:刘馨蕊", "ORG:安远社区")
    # junk the rules remove
    for junk in ["PERSON:路平", "ORG:新时代", "ORG:90后", "PERSON:孙师傅"]:
        assert junk not in G


def test_report(sample_out):
    report = json.loads((sample_out / "report.json").read_text(encoding="utf-8"))
    assert report["inputs_read"] == 1 and report["articles"] == 6 and report["skipped"] == []
    assert report["entities_by_type"]["PERSON"] >= 5
    assert report["edges_by_relation"]["works_for"] >= 3
    assert report["sentences"] > 100


def test_evidence_offsets_point_into_the_input(sample_out):
    text = SAMPLE.read_text(encoding="utf-8")
    with open(sample_out / "edges.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    typed = [row for row in rows if row["relation"] != "co_occurs"]
    assert typed and all(text[int(row["evidence_start"]) : int(row["evidence_end"])] == row["evidence"] for row in typed)
    # A co-occurrence names its first sentence by offsets only; every sentence's text is in sentences.csv.
    assert all(row["evidence"] == "" for row in rows if row["relation"] == "co_occurs")
    with open(sample_out / "sentences.csv", encoding="utf-8-sig") as f:
        sentences = {(row["article"], row["sentence"]): row for row in csv.DictReader(f)}
    assert all(text[int(row["start"]) : int(row["end"])] == row["text"] for row in sentences.values())
    with open(sample_out / "evidence.csv", encoding="utf-8-sig") as f:
        evidence = list(csv.DictReader(f))
    assert len(evidence) > len(sentences) and all((row["article"], row["sentence"]) in sentences for row in evidence)
    with open(sample_out / "mentions.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            assert text[int(row["start"]) : int(row["end"])] in row["surface"]


def test_same_input_gives_identical_files(sample_out, tmp_path):
    assert main(["build", str(SAMPLE), "--out", str(tmp_path), "-q"]) == 0
    for name in ["graph.graphml", "graph.json", "graph.gexf", "nodes.csv", "edges.csv", "graph.html"]:
        assert (tmp_path / name).read_bytes() == (sample_out / name).read_bytes(), name


def test_worker_processes_give_identical_files(tmp_path, monkeypatch):
    """Two cores (a worker pool; mentions.csv, evidence.csv and GEXF written by forked helpers) and one
    (all in this process) write the same bytes."""
    import extract

    monkeypatch.setattr(extract, "BATCH_CHARS", 3000)  # several batches, so the worker pool runs
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["build", str(SAMPLE), "--out", str(one), "-q", "--jobs", "1"]) == 0
    assert main(["build", str(SAMPLE), "--out", str(two), "-q", "--jobs", "2"]) == 0
    names = sorted(p.name for p in one.iterdir() if p.is_file() and p.name != "report.json")
    assert "evidence.csv" in names and "graph.gexf" in names
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_a_failed_helper_process_fails_the_build():
    from graph.cli import _fork

    _fork(print, "a helper that works")()
    with pytest.raises(RuntimeError, match="failed in a helper process"):
        _fork(sys.exit, 3)()


def test_gbk_copy_gives_the_same_graph(sample_out, tmp_path):
    gbk = tmp_path / "in" / SAMPLE.name
    gbk.parent.mkdir()
    gbk.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gbk"))
    assert main(["build", str(gbk), "--out", str(tmp_path / "out"), "-q"]) == 0
    assert (tmp_path / "out" / "graph.graphml").read_bytes() == (sample_out / "graph.graphml").read_bytes()


def test_bad_inputs_are_reported_and_the_rest_is_built(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("咸阳市总工会副主席李华出席会议。", encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01" * 40)
    (tmp_path / "in" / "d.jsonl").write_text('{"text": "刘强在西安市工作。"}\n{broken\n{"id": "x"}\n', encoding="utf-8")
    code = main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q"])
    assert code == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    reasons = {s["input"].replace(str(tmp_path / "in"), ""): s["reason"] for s in report["skipped"]}
    assert set(reasons) == {"/bad.txt", "/d.jsonl:2", "/d.jsonl:3"}
    err = capsys.readouterr().err
    assert "bad.txt" in err and "binary" in err
    G = read_graphml(tmp_path / "out" / "graph.graphml")
    assert "PERSON:李华" in G and "PERSON:刘强" in G


def test_usage_errors_exit_2(tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "graph", *a], capture_output=True, text=True, cwd=ROOT)  # noqa: E731
    assert run("build", str(SAMPLE)).returncode == 2  # no --out
    assert run("frobnicate").returncode == 2
    assert run("build", str(SAMPLE), "--out", str(tmp_path), "--max-nodes", "0").returncode == 2
    assert run("build", str(SAMPLE), "--out", str(tmp_path), "--backbone", "nope").returncode == 2
    helptext = run("build", "--help").stdout
    assert ".jsonl" in helptext and "example" in helptext and "stdin" in helptext


def test_stdin(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "graph", "build", "-", "--out", str(tmp_path), "-q"],
        input="咸阳市总工会副主席李华出席会议。".encode("gbk"),
        capture_output=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "PERSON:李华" in (tmp_path / "nodes.csv").read_text(encoding="utf-8-sig")


def test_jsonl_sample(tmp_path):
    assert main(["build", str(ROOT / "data" / "sample.jsonl"), "--out", str(tmp_path), "-q"]) == 0
    with open(tmp_path / "articles.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [(r["id"], r["date"]) for r in rows][0] == ("demo-1", "2022-10-12")
    assert rows[0]["reporters"] == "张明"


def test_sample_entity_quality(sample_out):
    """Regression guard on the hand-made gold list (bench/sample_entities.py prints the figures)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from sample_entities import load_gold, score

    result = score(read_graphml(sample_out / "graph.graphml"), *load_gold())
    assert result["per_type"]["PERSON"]["f1"] == 1.0
    assert result["micro"]["r"] >= 0.95 and result["micro"]["f1"] >= 0.93, result


def test_identical_files_across_processes_and_hash_seeds(tmp_path):
    import os

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-m", "graph", "build", str(ROOT / "data"), "--out", str(out), "-q"], env=env, cwd=ROOT)
        assert proc.returncode == 0
        outs.append(out)
    for name in ["graph.graphml", "graph.json", "graph.gexf", "edges.csv", "nodes.csv", "mentions.csv", "evidence.csv", "graph.html"]:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_trained_backbone_builds_the_same_graph_in_workers(tmp_path):
    """zhkg's own NER: same bytes with one process and with two workers, and the showcase link."""
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["build", str(SAMPLE), "--out", str(one), "-q", "--backbone", "zhkg"]) == 0
    assert main(["build", str(SAMPLE), "--out", str(two), "-q", "--backbone", "zhkg", "--jobs", "2"]) == 0
    for name in ["graph.graphml", "graph.json", "mentions.csv"]:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    sys.path.insert(0, str(ROOT / "bench"))
    from sample_entities import load_gold, score

    result = score(read_graphml(one / "graph.graphml"), *load_gold())
    assert result["micro"]["f1"] >= 0.65, result  # a model trained on other news: see README for the figures


def test_a_terminal_gets_a_bar_per_stage_with_its_total(tmp_path, monkeypatch):
    import io

    import graph.cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(graph.cli.sys, "stderr", terminal)
    assert main(["build", str(SAMPLE), "--out", str(tmp_path / "out"), "--workers", "1"]) == 0
    shown = terminal.getvalue().replace("\r", "\n")
    assert f"/{SAMPLE.stat().st_size / 1000:.1f}k" in shown  # the extraction bar's total: the input's size
    assert "2/3 merge: 100%" in shown and "| 6/6 " in shown  # the page's 6 articles merged
    assert "3/3 layout and write: 100%" in shown and "| 7/7 " in shown  # the layout, then the 6 outputs written here


def _view_data(page) -> dict:
    """The page's data block with only the nodes drawn under ``nodes`` (not the index of the rest)."""
    text = page.read_text(encoding="utf-8")
    drawn = {n["id"] for n in json.loads(re.findall(r"new vis\.DataSet\((\[.*\])\);\n", text)[0])}
    data = view_data(text)
    return {**data, "nodes": [n for n in data["nodes"] if n["id"] in drawn]}


def test_view_writes_a_focused_page(sample_out, tmp_path, capsys):
    page = tmp_path / "v.html"
    assert main(["view", str(sample_out), "--focus", "孙师傅", "--radius", "1", "--out", str(page)]) == 0  # an alias
    shown = {n["id"] for n in _view_data(page)["nodes"]}
    G = read_graphml(sample_out / "graph.graphml")
    near = {"PERSON:孙养利", *G.predecessors("PERSON:孙养利"), *G.successors("PERSON:孙养利")}
    assert shown == near and "PERSON:刘馨蕊" in shown
    assert main(["view", str(sample_out), "--focus", "孙养利", "--max-nodes", "1", "--out", str(page)]) == 0
    assert [n["id"] for n in _view_data(page)["nodes"]] == ["PERSON:孙养利"]  # the focus stays in the smallest view
    assert main(["view", str(sample_out), "--types", "PERSON,ORG", "--out", str(page)]) == 0
    assert {n["type"] for n in _view_data(page)["nodes"]} <= {"PERSON", "ORG"}
    assert main(["view", str(sample_out), "--focus", "刘馨", "--out", str(tmp_path / "no.html")]) == 1
    assert "did you mean PERSON:刘馨蕊?" in capsys.readouterr().err and not (tmp_path / "no.html").exists()
