"""The attacks that once broke a build (issue: unbreakable at the scale of real news), each a test.

Script in the view is tested in a real browser (tests/test_view_security.py); long lines, deep and
unreadable folders, bidi controls, lone CRs and JSONL dates at the reader (tests/test_ingest_hardening.py).
Here: whole builds through the CLI, as a user (or an attacker) runs them.
"""

import csv
import json
import multiprocessing
import os
import sqlite3
from pathlib import Path

import networkx as nx
import pytest

from graph import publish as publishing
from graph import query as q
from graph.cli import main
from graph.publish import MANIFEST, STAGING, Unpublished

NAMES = "张伟 王芳 李娜 刘洋 陈静 杨磊 赵敏 黄勇 周杰 吴刚 徐丽 孙涛 胡军 朱琳 高峰 林海 何平 郭亮 马超 罗兰".split()


def build(out: Path, *paths, extra=()) -> int:
    return main(["build", *map(str, paths), "--out", str(out), "--quiet", "--workers", "1", *extra])


def files(out: Path) -> dict[str, bytes]:
    """Every output file (not .zhkg/) by name."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def jsonl(path: Path, *records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """A small input and its built folder, for the publishing tests (copied before each is changed)."""
    root = tmp_path_factory.mktemp("page")
    src = root / "in.txt"
    src.write_text("咸阳市总工会副主席李华出席会议。李华来到西安市莲湖区北关街道。\n", encoding="utf-8")
    assert build(root / "out", src) == 0
    return src, root / "out"


def copy(out: Path, to: Path) -> Path:
    import shutil

    shutil.copytree(out, to)
    return to


# --- 2. article identity ------------------------------------------------------------------


def test_two_jsonl_lines_with_one_id_are_two_articles(tmp_path):
    dump = jsonl(tmp_path / "dump.jsonl", {"id": "x", "text": "李华来到西安市。"}, {"id": "x", "text": "王芳来到咸阳市。"})
    assert build(tmp_path / "out", dump) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["articles"] == 2 and report["duplicate_ids"] == [{"input": f"{dump}:2", "id": "x", "kept_as": "x~2"}]
    G = q.load(tmp_path / "out")
    assert {"PERSON:李华", "PERSON:王芳"} <= set(G)


def test_an_id_equal_to_a_pages_generated_id_loses_nothing(tmp_path):
    page = "标题一\n\n本报讯 李华来到西安市。\n\n标题二\n\n本报讯 王芳来到咸阳市。\n"
    (tmp_path / "p.txt").write_text(page, encoding="utf-8")
    alone = tmp_path / "alone"
    assert build(alone, tmp_path / "p.txt") == 0
    ids = [row["id"] for row in csv.DictReader((alone / "articles.csv").open(encoding="utf-8-sig"))]
    dump = jsonl(tmp_path / "d.jsonl", *({"id": i, "text": "赵敏来到宝鸡市。"} for i in ids))
    both = tmp_path / "both"
    assert build(both, tmp_path / "p.txt", dump) == 0
    G, H = q.load(alone), q.load(both)
    assert set(G) < set(H) and "PERSON:赵敏" in H
    report = json.loads((both / "report.json").read_text(encoding="utf-8"))
    assert report["articles"] == 2 * len(ids) and len(report["duplicate_ids"]) == len(ids)


def test_a_megabyte_id_is_shortened(tmp_path):
    dump = jsonl(tmp_path / "d.jsonl", {"id": "长" * 1_000_000, "text": "李华来到西安市。王芳在咸阳市。"})
    assert build(tmp_path / "out", dump) == 0
    total = sum(len(b) for b in files(tmp_path / "out").values())
    assert total < 1_500_000  # the graph.html page alone is ~1.2 MB of vis-network


# --- 3. co-occurrence and evidence grow linearly ------------------------------------------------


def _sizes(out: Path) -> int:
    return sum(len(b) for name, b in files(out).items() if name != "graph.html")


def test_a_list_of_200_names_gives_linear_links(tmp_path):
    names = [a + b for a in "张王李刘陈杨赵黄周吴" for b in "伟芳娜洋静磊敏勇杰刚丽涛军琳峰海平亮超兰"]
    assert len(set(names)) == 200
    (tmp_path / "list.txt").write_text("名单如下：" + "、".join(names) + "。\n", encoding="utf-8")
    assert build(tmp_path / "out", tmp_path / "list.txt") == 0
    G = q.load(tmp_path / "out")
    people = [n for n in G if n.startswith("PERSON:")]
    co = [e for e in G.edges(keys=True) if e[2] == "co_occurs"]
    assert len(people) > 150 and len(co) <= 5 * len(people)  # was n(n-1)/2: ~20,000 links
    assert _sizes(tmp_path / "out") < 3_000_000  # was 393 MB with graph.html
    sentences = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))["sentences"]
    assert len(sentences) == 1  # the sentence is stored once, not once per link


def test_2000_characters_without_punctuation_stay_small(tmp_path):
    text = "".join(NAMES[i % len(NAMES)] + "和" for i in range(700))[:2000]
    (tmp_path / "run.txt").write_text(text + "\n", encoding="utf-8")
    assert build(tmp_path / "out", tmp_path / "run.txt") == 0
    assert _sizes(tmp_path / "out") < 2_000_000  # was 1.9 GB


def test_5_mb_without_punctuation_is_cut_and_reported(tmp_path):
    text = "".join(NAMES[i % len(NAMES)] + "和" for i in range(5_000_000 // 3))  # 5 MB, no sentence end, one line
    (tmp_path / "run.txt").write_text(text, encoding="utf-8")
    assert build(tmp_path / "out", tmp_path / "run.txt") == 1  # read in part: reported
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert "only the first 20,000 of 4,999,998 characters were read" in report["skipped"][0]["reason"]
    assert _sizes(tmp_path / "out") < 5_000_000  # was 336 s, 4.9 GB of memory and a full disk


# --- 4. a run that reads nothing ------------------------------------------------------------


def test_update_with_every_input_gone_keeps_graph_and_cache(tmp_path, page):
    src, built = page
    gone = tmp_path / "gone.txt"
    gone.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert build(out, gone) == 0
    before, cache = files(out), _extractions(out)
    gone.unlink()
    assert main(["build", "--update", str(out), "--quiet"]) == 1
    assert files(out) == before and _extractions(out) == cache and cache
    assert not (out / STAGING).exists()


def _extractions(out: Path) -> list:
    db = sqlite3.connect(out / ".zhkg" / "cache.sqlite")
    try:
        return db.execute("SELECT key, version, result FROM extraction ORDER BY key").fetchall()
    finally:
        db.close()


def test_a_typo_in_the_path_is_a_usage_error(tmp_path, page):
    _, built = page
    out = copy(built, tmp_path / "out")
    before = files(out)
    with pytest.raises(SystemExit) as stop:
        build(out, tmp_path / "no-such-folder")
    assert stop.value.code == 2 and files(out) == before


def test_only_bad_files_keep_the_previous_graph(tmp_path, page):
    _, built = page
    out = copy(built, tmp_path / "out")
    before = files(out)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    assert build(out, tmp_path / "bad.txt") == 1
    assert files(out) == before


# --- 5. publishing as a whole ---------------------------------------------------------------


def _new_outputs(tmp_path: Path, built: Path) -> tuple[Path, Path]:
    """``built`` copied, and a staging folder in it holding a different build's outputs."""
    out = copy(built, tmp_path / "out")
    other = tmp_path / "other.txt"
    other.write_text("王芳来到咸阳市。王芳在宝鸡市工作。\n", encoding="utf-8")
    assert build(tmp_path / "second", other) == 0
    stage = out / STAGING
    stage.mkdir(parents=True)
    for name, data in files(tmp_path / "second").items():
        (stage / name).write_bytes(data)
    return out, stage


def test_an_output_that_cannot_be_replaced_leaves_the_previous_set(tmp_path, page, monkeypatch):
    _, built = page
    out, stage = _new_outputs(tmp_path, built)
    before, manifest = files(out), (out / MANIFEST).read_bytes()
    real, moved = os.replace, []

    def replace(a, b):
        if Path(a).parent == stage and len(moved) == 3:  # the fourth output will not move
            raise PermissionError(13, "Permission denied", str(b))
        moved.append(b)
        real(a, b)

    monkeypatch.setattr(publishing.os, "replace", replace)
    with pytest.raises(PermissionError):
        publishing.publish(stage, out, {"inputs": []})
    monkeypatch.undo()
    assert files(out) == before and (out / MANIFEST).read_bytes() == manifest
    assert q.load(out).number_of_nodes() > 0


def _killed_while_publishing(stage: Path, out: Path) -> None:
    real, moved = os.replace, []

    def replace(a, b):
        if Path(a).parent == stage and len(moved) == 4:
            os._exit(9)  # as kill -9 would: no cleanup, no finally
        moved.append(b)
        real(a, b)

    publishing.os.replace = replace
    publishing.publish(stage, out, {"inputs": []})


def test_kill_during_publishing_never_shows_a_mix(tmp_path, page):
    src, built = page
    out, stage = _new_outputs(tmp_path, built)
    before = files(out)
    child = multiprocessing.get_context("fork").Process(target=_killed_while_publishing, args=(stage, out))
    child.start()
    child.join()
    assert child.exitcode == 9
    assert files(out) != before  # some files are new, some old: a reader must not trust them
    with pytest.raises(Unpublished):
        q.load(out)
    with pytest.raises(SystemExit):  # zhkg query says so and exits 1
        raise SystemExit(main(["query", str(out), "--find", "李华"]))
    assert publishing.recover(out) is True
    assert files(out) == before and q.load(out).number_of_nodes() > 0
    # And a build after the kill starts from the restored folder, with a warning.
    assert build(out, src) == 0


def test_an_interrupted_first_build_can_be_rerun(tmp_path, page):
    src, _ = page
    out = tmp_path / "out"
    (out / STAGING).mkdir(parents=True)  # what a first build killed before publishing leaves
    sqlite3.connect(out / ".zhkg" / "cache.sqlite").close()
    (out / STAGING / "graph.json").write_text("{", encoding="utf-8")
    assert build(out, src) == 0 and (out / MANIFEST).is_file()


# --- 7. a corrupt cache ---------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path, page, damage):
    src, built = page
    out = copy(built, tmp_path / "out")
    cache = out / ".zhkg" / "cache.sqlite"
    data = cache.read_bytes()
    cache.write_bytes(b"not a database at all\0" * 100 if damage == "garbage" else data[: len(data) // 2 + 100])
    assert main(["build", "--update", str(out), "--quiet", "--force"]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert any("moved to cache.sqlite.corrupt" in w for w in report["warnings"])
    assert report["extracted"] == report["articles"] > 0
    assert (out / ".zhkg" / "cache.sqlite.corrupt").is_file()
    assert main(["build", "--update", str(out), "--quiet"]) == 0  # and the new cache works
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["from_cache"] > 0


# --- 8. dates and schemas -------------------------------------------------------------------


def test_bad_dates_stay_out_of_the_timeline_and_files_stay_valid(tmp_path):
    pytest.importorskip("xmlschema")
    from tests.test_gephi import SCHEMAS, _errors, _official_gexf_schema

    dump = jsonl(
        tmp_path / "d.jsonl",
        {"id": "a", "date": "2024-13-45", "text": "李华来到西安市（莲湖区）。"},
        {"id": "b", "date": {"a": 1}, "text": "王芳在《关于(试行)的通知》中说。"},
        {"id": "c", "date": "2024-05", "text": "赵敏来到宝鸡市(陈仓区)。"},
    )
    out = tmp_path / "out"
    assert build(out, dump) == 1  # the bad dates are reported
    rows = {r["id"]: r for r in csv.DictReader((out / "articles.csv").open(encoding="utf-8-sig"))}
    assert (rows["a"]["date"], rows["a"]["date_text"]) == ("", "2024-13-45")  # kept as text only
    assert (rows["c"]["date"], rows["c"]["date_text"]) == ("2024-05", "")
    nodes = json.loads((out / "graph.json").read_text(encoding="utf-8"))["nodes"]
    assert all(d in ("", "2024-05") for n in nodes for d in n["dates"].split("|"))
    assert _errors(SCHEMAS / "graphml.xsd", out / "graph.graphml") == []
    (tmp_path / "xsd").mkdir()
    assert _errors(_official_gexf_schema(tmp_path / "xsd"), out / "graph.gexf") == []


# --- 9. smaller ones ------------------------------------------------------------------------


def test_force_onto_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    (tmp_path / "in.txt").write_text("李华来到西安市。", encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        build(tmp_path / "f", tmp_path / "in.txt", extra=["--force"])
    assert stop.value.code == 2 and (tmp_path / "f").read_text(encoding="utf-8") == "x"


def test_a_carriage_return_in_a_name_gives_one_id_everywhere(tmp_path):
    (tmp_path / "in.txt").write_bytes("国务院印发《关于\r改革的意见》。李华来到西安市。\n".encode())
    assert build(tmp_path / "out", tmp_path / "in.txt") == 0
    out = tmp_path / "out"
    in_json = {n["id"] for n in json.loads((out / "graph.json").read_text(encoding="utf-8"))["nodes"]}
    in_csv = {row["id"] for row in csv.DictReader((out / "nodes.csv").open(encoding="utf-8-sig", newline=""))}
    assert in_json == in_csv and not any("\r" in n for n in in_json)


def test_a_failed_build_leaves_no_staging(tmp_path, page, monkeypatch):
    src, built = page
    out = copy(built, tmp_path / "out")
    before = files(out)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("graph.cli.write_json", full)
    assert build(out, src) == 3
    assert not (out / STAGING).exists() and files(out) == before


def test_graph_loads_in_networkx_from_json(tmp_path, page):
    _, built = page
    data = json.loads((built / "graph.json").read_text(encoding="utf-8"))
    G = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")  # the documented way still reads it
    assert all(isinstance(i, int) for _, _, d in G.edges(data=True) for i in d["sentences"])
