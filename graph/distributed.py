"""Extraction on a Dask cluster; the graph is still built on this machine.

Extraction (spaCy pipeline -> mentions and links, one article at a time) is
the only expensive step of a build and it is independent per article, so it
is the step that goes to the cluster. :func:`mine_distributed` cuts the
articles into shards, runs each shard on a Dask worker and yields the
results in input order; each result is exactly what ``graph.cli._mine_one``
gives on one machine (``(sentences, mentions, links)``, or the extraction's
exception), so the reduction is unchanged: the caller feeds the results to
:func:`graph.build.build_graph` as ``run_build`` does, and the outputs are
byte for byte those of a single-machine build of the same inputs.

Why Dask (``distributed``) rather than Ray: its wheels are pure Python; a
``LocalCluster`` needs nothing else installed or running; an existing
cluster is used by giving its scheduler address (``tcp://host:8786``); and
its futures API maps one to one onto our per-shard function
(``client.map(shard_fn, shards)`` then each future's result in order).

Each worker loads the pipeline once (on its first shard, with one LAC
thread) and keeps it for the next shards. The pipeline is kept per worker
thread, so start workers with one thread each (``dask worker ADDR
--nthreads 1 --nworkers N``), as the ``LocalCluster`` started here is;
workers on other machines need zhkg and its models installed. Workers are
spawned processes: a script that calls this module needs the usual
``if __name__ == "__main__":`` guard.

    PYTHONPATH=. python -m graph.distributed data/ --out out/ --workers 2
    PYTHONPATH=. python -m graph.distributed news/ --out out/ --scheduler tcp://10.0.0.5:8786
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

_local = threading.local()  # this worker thread's pipelines, by (backbone, segmenter)
loads = 0  # pipelines this process has loaded (one per worker thread and backbone)


def _pipeline(backbone: str, segmenter: str):
    """The pipeline for this worker thread, loaded on first use with one LAC thread."""
    global loads
    import extract

    cache = _local.__dict__.setdefault("pipelines", {})
    if (backbone, segmenter) not in cache:
        cache[backbone, segmenter] = extract.load(backbone, threads=1, segmenter=segmenter)
        loads += 1
    return cache[backbone, segmenter]


def _mine_shard(shard: list, backbone: str, segmenter: str) -> list:
    """Run on a worker: ``graph.cli._mine_one`` over a shard of articles, results in shard order."""
    from graph import cli

    nlp = _pipeline(backbone, segmenter)
    return [cli._mine_one(nlp, article) for article in shard]


def mine_distributed(
    articles: list,
    backbone: str = "lac",
    segmenter: str = "zhkg",
    client=None,
    n_workers: int = 2,
    shard_size: int = 16,
) -> Iterator[tuple]:
    """Yield ``(article, (sentences, mentions, links) or exception)`` in input order, mined on Dask workers.

    ``client`` is a ``distributed.Client``, a scheduler address, or None to
    start a ``LocalCluster`` of ``n_workers`` single-threaded processes that
    is closed when the results have all been yielded (or the generator is
    closed). An error that is not an extraction failure (a worker lost, a bug)
    is raised here, as it is by the single-machine path.
    """
    if shard_size < 1:
        raise ValueError("shard_size must be at least 1")
    articles = list(articles)
    if not articles:
        return
    from distributed import Client, LocalCluster

    cluster = own_client = None
    try:
        if client is None:
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = own_client = Client(cluster)
        elif isinstance(client, str):
            client = own_client = Client(client)
        shards = [articles[i : i + shard_size] for i in range(0, len(articles), shard_size)]
        from graph.distributed import _mine_shard  # by name even under ``python -m``, so workers import it

        futures = client.map(_mine_shard, shards, backbone=backbone, segmenter=segmenter, pure=False)
        for i, (shard, future) in enumerate(zip(shards, futures)):
            results = future.result()
            futures[i] = None  # let the scheduler forget the shard
            future.release()
            yield from zip(shard, results)
    finally:
        if own_client is not None:
            own_client.close()
        if cluster is not None:
            cluster.close()


def build_distributed(
    paths: list[str],
    out: Path | str,
    backbone: str | None = None,
    client=None,
    n_workers: int = 2,
    shard_size: int = 16,
    **options,
) -> int:
    """``graph.cli.run_build`` with extraction on Dask; return the exit status.

    ``options`` go to ``run_build`` (``segmenter``, ``max_nodes``,
    ``progress``, ``update``). Until ``run_build`` takes a miner, its ``_mine``
    is swapped for the Dask one for the length of the call (not thread-safe:
    one build at a time in a process).
    """
    from graph import cli

    def mine(articles, backbone, segmenter, jobs, progress):
        results = mine_distributed(articles, backbone, segmenter, client=client, n_workers=n_workers, shard_size=shard_size)
        for article, (mined, result) in zip(cli._progress(articles, progress), results):
            assert article is mined
            yield article, result

    single_machine = cli._mine
    cli._mine = mine
    try:
        return cli.run_build(list(paths), Path(out), backbone=backbone, **options)
    finally:
        cli._mine = single_machine


def main(argv: list[str] | None = None) -> int:
    import argparse
    import logging
    import sys

    parser = argparse.ArgumentParser(prog="python -m graph.distributed", description="zhkg build with extraction on Dask workers")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, .jsonl dumps or - for stdin")
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder")
    parser.add_argument("--backbone", metavar="NAME", help="entity backbone (default: lac)")
    parser.add_argument("--segmenter", default="zhkg", metavar="MODEL", help="pkuseg model for the zhkg backbone")
    parser.add_argument("--scheduler", metavar="ADDR", help="an existing cluster's scheduler (default: a local cluster)")
    parser.add_argument("--workers", type=int, default=2, metavar="N", help="local cluster worker processes (default: 2)")
    parser.add_argument("--shard-size", type=int, default=16, metavar="N", help="articles per task (default: 16)")
    parser.add_argument("-q", "--quiet", action="store_true", help="errors only")
    args = parser.parse_args(argv)
    if args.workers < 1 or args.shard_size < 1:
        parser.error("--workers and --shard-size must be at least 1")
    from graph.cli import log

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("zhkg: %(message)s"))
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.WARNING if args.quiet else logging.INFO)
    return build_distributed(
        args.paths,
        args.out,
        backbone=args.backbone,
        client=args.scheduler,
        n_workers=args.workers,
        shard_size=args.shard_size,
        segmenter=args.segmenter,
        progress=not args.quiet,
    )


if __name__ == "__main__":
    from graph.distributed import main  # the importable module, not __main__, for the workers' sake

    raise SystemExit(main())
