"""``zhkg query`` and graph.query on the built sample (the functions' own examples run as doctests)."""

import json

import pytest
from conftest import SAMPLE

from graph import query as q
from graph.cli import main


def run(capsys, *args):
    code = main(["query", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_who_lists_neighbours_with_role_and_evidence(sample_out, capsys):
    code, out, _ = run(capsys, sample_out, "--who", "刘馨蕊")
    assert code == 0
    lines = out.splitlines()[1:]
    row = next(line for line in lines if "works_for" in line)
    assert "工会专干" in row and "安远社区" in row and "拨通了" in row
    assert lines.index(row) < next(i for i, line in enumerate(lines) if "co_occurs" in line)  # typed relations come first


@pytest.mark.parametrize("ask", [["--who", "刘馨蕊"], ["--top", "20"], ["--find", "总工会"], ["--path", "孙养利", "西北政法大学"]])
def test_tables_fit_100_columns_and_line_up(sample_out, capsys, monkeypatch, ask):
    from graph.tables import display_width

    monkeypatch.delenv("COLUMNS", raising=False)
    code, out, _ = run(capsys, sample_out, *ask)
    lines = out.rstrip("\n").split("\n")
    assert code == 0 and len(lines) > 1 and all(display_width(line) <= 100 for line in lines)
    if ask[0] != "--path":  # a table: every row as wide as the header, whatever its Chinese
        assert len({display_width(line) for line in lines}) == 1


def test_who_json_and_alias(sample_out, capsys):
    code, out, _ = run(capsys, sample_out, "--who", "孙师傅", "--relation", "works_for", "--json")
    rows = json.loads(out)
    assert code == 0 and [(r["label"], r["role"]) for r in rows] == [("北关街道总工会", "社会化工作者")]
    assert "孙养利" in rows[0]["evidence"]


def test_path_and_top(sample_out, capsys):
    code, out, _ = run(capsys, sample_out, "--path", "孙养利", "西北政法大学", "--json")
    paths = json.loads(out)
    assert code == 0 and paths and all(p["nodes"].startswith("孙养利") and p["nodes"].endswith("西北政法大学") for p in paths)
    assert [p["hops"] for p in paths] == sorted(p["hops"] for p in paths)
    code, out, _ = run(capsys, sample_out, "--top", 5, "--type", "ORG", "--by", "pagerank", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5 and {r["type"] for r in rows} == {"ORG"}
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_unknown_name_and_missing_graph(sample_out, tmp_path, capsys):
    code, _, err = run(capsys, sample_out, "--who", "刘馨")
    assert code == 1 and "did you mean PERSON:刘馨蕊" in err
    code, _, err = run(capsys, tmp_path, "--who", "x")
    assert code == 1 and "cannot read a graph" in err
    with pytest.raises(SystemExit) as exit_:
        main(["query", str(sample_out)])  # no question asked
    assert exit_.value.code == 2


def test_graphml_and_json_load_the_same_graph(sample_out):
    from_json, from_graphml = q.load(sample_out / "graph.json"), q.load(sample_out / "graph.graphml")
    assert sorted(from_json.edges(keys=True)) == sorted(from_graphml.edges(keys=True))
    assert len(q.evidence(from_json, "刘馨蕊", "安远社区")) >= len(q.evidence(from_graphml, "刘馨蕊", "安远社区"))


def test_communities_are_carried_by_every_export(sample_out):
    G = q.load(sample_out)
    assert all(isinstance(d["community"], int) for _, d in G.nodes(data=True))
    graphml = q.load(sample_out / "graph.graphml")
    assert all(graphml.nodes[n]["community"] == d["community"] for n, d in G.nodes(data=True))
    assert "community" in (sample_out / "nodes.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "community" in (sample_out / "graph.gexf").read_text(encoding="utf-8")


def test_evidence_csv_has_every_sentence(sample_out):
    import csv

    rows = list(csv.DictReader((sample_out / "evidence.csv").open(encoding="utf-8-sig")))
    G = q.load(sample_out)
    assert len(rows) == sum(len(d["sentences"]) for _, _, d in G.edges(data=True))
    page = SAMPLE.read_text(encoding="utf-8")
    texts = {(s["article"], s["sentence"]): s["text"] for _, _, d in G.edges(data=True) for s in d["sentences"]}
    for row in rows[:50]:
        assert page[int(row["start"]) : int(row["end"])] == texts[row["article"], int(row["sentence"])]
