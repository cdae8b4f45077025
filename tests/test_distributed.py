"""Extraction on a local two-worker Dask cluster gives the single-machine graph, byte for byte."""

import json
import shutil

import pytest

distributed = pytest.importorskip("distributed")

from conftest import ROOT  # noqa: E402

from graph.cli import _mine, main  # noqa: E402
from graph.distributed import build_distributed, mine_distributed  # noqa: E402

DATA = ROOT / "data"  # the sample page and sample.jsonl
GRAPHS = ("graph.json", "graph.graphml", "graph.gexf")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            client.wait_for_workers(2)
            yield client


@pytest.fixture(scope="module")
def failing_inputs(tmp_path_factory):
    """sample.jsonl and an article over spaCy's max_length, whose extraction raises."""
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copy(DATA / "sample.jsonl", inputs)
    # Lines of 10,000 characters (ingest cuts longer lines), 1,000,100 in all: over spaCy's max_length.
    text = "\n".join(["北京" * 5_000] * 100) + "北京" * 50
    (inputs / "huge.jsonl").write_text(json.dumps({"id": "huge", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    return inputs


def pipelines_loaded(client) -> list[int]:
    return sorted(client.run(lambda: __import__("graph.distributed").distributed.loads).values())


def single_and_distributed(inputs, tmp_path, client):
    single, dask = tmp_path / "single", tmp_path / "dask"
    status = main(["build", str(inputs), "--out", str(single), "--quiet"])
    assert build_distributed([str(inputs)], dask, client=client, shard_size=2, progress=False) == status
    return status, single, dask


def test_the_graph_is_byte_identical_to_a_single_machine_build(tmp_path, client):
    status, single, dask = single_and_distributed(DATA, tmp_path, client)
    assert status == 0
    for name in GRAPHS:
        assert (dask / name).read_bytes() == (single / name).read_bytes(), name
    report = json.loads((dask / "report.json").read_text(encoding="utf-8"))
    assert report["skipped"] == [] and report["articles"] == json.loads((single / "report.json").read_text(encoding="utf-8"))["articles"]
    assert pipelines_loaded(client) == [1, 1]  # both workers mined shards, each loaded its pipeline once


def test_a_failing_article_is_skipped_as_on_one_machine(tmp_path, client, failing_inputs):
    status, single, dask = single_and_distributed(failing_inputs, tmp_path, client)
    assert status == 1
    skipped = [json.loads((out / "report.json").read_text(encoding="utf-8"))["skipped"] for out in (single, dask)]
    assert skipped[0] == skipped[1] and [s["input"] for s in skipped[1]] == ["huge"]
    assert "extraction failed" in skipped[1][0]["reason"]
    for name in GRAPHS:
        assert (dask / name).read_bytes() == (single / name).read_bytes(), name
    assert pipelines_loaded(client) == [1, 1]  # the pipeline stays loaded between builds


def test_mine_distributed_yields_in_input_order_with_the_exception(client, failing_inputs):
    from extract.ingest import read_inputs
    from extract.pages import split_articles

    articles = [a for source in read_inputs([str(failing_inputs)]) for a in split_articles(source)]
    results = list(mine_distributed(articles, client=client, shard_size=1))
    assert [a.id for a, _ in results] == [a.id for a in articles] == ["huge", "demo-1", "demo-2", "demo-3"]
    assert isinstance(results[0][1], ValueError) and "E088" in str(results[0][1])
    single = list(_mine(articles, "lac", "zhkg", 1))
    assert [r for _, r in results[1:]] == [r for _, r in single[1:]]  # (sentences, mentions, links) as JSON, equal byte by byte
    assert str(single[0][1]) == str(results[0][1])
    assert list(mine_distributed([], client=client)) == []
