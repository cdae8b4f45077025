"""zhkg build --update (extraction cache), --force, and outputs that survive an interrupted run."""

import json
import shutil

import pytest
from conftest import ROOT, SAMPLE

from graph.cli import main


def build(*args) -> int:
    return main(["build", *map(str, args), "--quiet"])


def report(out):
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "data" / "sample.jsonl", folder)
    return folder


def test_update_extracts_only_new_articles_and_matches_a_fresh_build(inputs, tmp_path):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    assert build(inputs, "--out", out) == 0
    assert (report(out)["extracted"], report(out)["from_cache"]) == (3, 0)
    shutil.copy(SAMPLE, inputs)  # a page of 6 more articles
    assert build("--update", out) == 0  # inputs come from the last build's manifest
    assert (report(out)["extracted"], report(out)["from_cache"]) == (6, 3)
    assert build(inputs, "--out", fresh) == 0
    for name in ("graph.json", "graph.graphml", "graph.gexf", "nodes.csv", "edges.csv"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def test_a_deleted_input_takes_its_contributions_away(inputs, tmp_path):
    out = tmp_path / "out"
    shutil.copy(SAMPLE, inputs)
    assert build(inputs, "--out", out) == 0
    assert "PERSON:刘馨蕊" in (out / "graph.json").read_text(encoding="utf-8")
    (inputs / SAMPLE.name).unlink()
    assert build("--update", out) == 0
    assert (report(out)["extracted"], report(out)["from_cache"]) == (0, 3)
    assert "PERSON:刘馨蕊" not in (out / "graph.json").read_text(encoding="utf-8")


def test_a_new_pipeline_version_invalidates_the_cache(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert build(inputs, "--out", out) == 0
    import graph.cache

    monkeypatch.setattr(graph.cache, "pipeline_version", lambda backbone, segmenter: "changed")
    assert build("--update", out) == 0
    assert (report(out)["extracted"], report(out)["from_cache"]) == (3, 0)


def test_a_folder_zhkg_did_not_write_needs_force(inputs, tmp_path, capsys):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "thesis.docx").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        build(inputs, "--out", theirs)
    assert exit_.value.code == 2 and "--force" in capsys.readouterr().err
    assert build(inputs, "--out", theirs, "--force") == 0
    assert (theirs / "thesis.docx").read_text(encoding="utf-8") == "mine" and (theirs / "graph.json").is_file()
    assert build(inputs, "--out", theirs) == 0  # now it is zhkg's


@pytest.mark.parametrize("failure", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_run_leaves_the_previous_outputs(inputs, tmp_path, monkeypatch, capsys, failure):
    out = tmp_path / "out"
    assert build(inputs, "--out", out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    shutil.copy(SAMPLE, inputs)
    import graph.cli

    def crash(*args, **kwargs):
        raise failure("interrupted while writing")

    monkeypatch.setattr(graph.cli, "write_html", crash)  # after graphml, gexf and json are staged
    assert build(inputs, "--out", out) == {KeyboardInterrupt: 130, RuntimeError: 3}[failure]
    err = capsys.readouterr().err
    assert "keeps its previous outputs" in err and ("Traceback" in err) == (failure is RuntimeError)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
