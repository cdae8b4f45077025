"""Extraction on a Dask cluster; the graph is still built on this machine.

Extraction (spaCy pipeline -> mentions and links, one article at a time) is
the only expensive step of a build and it is independent per article, so it
is the step that goes to the cluster. :func:`mine_distributed` cuts the
articles into shards, runs each shard on a Dask worker and yields the
results in input order; each result is exactly what ``graph.cli._mine_many``
gives on one machine (the article's sentences, mentions and links as JSON
text, or the extraction's exception), so the reduction is unchanged:
``run_build`` stores the results and merges them (:func:`graph.build.merge`)
as it does on one machine, and the outputs are byte for byte those of a
single-machine build of the same inputs.

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

    zhkg build data/ --out out/ --scheduler local --workers 2
    zhkg build news/ --out out/ --scheduler tcp://10.0.0.5:8786
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Iterable, Iterator
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
    """Run on a worker: ``graph.cli._mine_many`` over a shard of articles, results in shard order."""
    from graph import cli

    return cli._mine_many(_pipeline(backbone, segmenter), shard)


def mine_distributed(
    articles: Iterable,
    backbone: str = "lac",
    segmenter: str = "zhkg",
    client=None,
    n_workers: int = 2,
    shard_size: int = 32,
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
    shards = _shards(articles, shard_size)
    first = next(shards, None)
    if first is None:
        return
    from distributed import Client, LocalCluster

    cluster = own_client = None
    try:
        if client is None:
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = own_client = Client(cluster)
        elif isinstance(client, str):
            client = own_client = Client(client)
        from graph.distributed import _mine_shard  # by name even under ``python -m``, so workers import it

        # Two shards per worker thread in flight: input is read only as fast as the cluster extracts it.
        window = max(2, 2 * sum(client.nthreads().values()))
        pending: deque = deque()
        for shard in itertools.chain([first], shards, [None]):  # None: input done, drain the rest
            if shard is not None:
                pending.append((shard, client.submit(_mine_shard, shard, backbone=backbone, segmenter=segmenter, pure=False)))
            while pending and (shard is None or len(pending) >= window):
                done, future = pending.popleft()
                results = future.result()
                future.release()  # let the scheduler forget the shard
                yield from zip(done, results)
    finally:
        if own_client is not None:
            own_client.close()
        if cluster is not None:
            cluster.close()


def _shards(articles: Iterable, size: int) -> Iterator[list]:
    shard = []
    for article in articles:
        shard.append(article)
        if len(shard) == size:
            yield shard
            shard = []
    if shard:
        yield shard


def dask_miner(client=None, n_workers: int = 2, shard_size: int = 32):
    """A miner for ``graph.cli.run_build(mine=...)``: same signature and results as its ``_mine``.

    ``client``: a ``distributed.Client``, a scheduler address, or None for a
    local cluster of ``n_workers`` processes started for the build.
    """

    def mine(articles, backbone, segmenter, jobs):  # run_build's bar counts what comes back
        yield from mine_distributed(articles, backbone, segmenter, client=client, n_workers=n_workers, shard_size=shard_size)

    return mine


def build_distributed(
    paths: list[str],
    out: Path | str,
    backbone: str | None = None,
    client=None,
    n_workers: int = 2,
    shard_size: int = 32,
    **options,
) -> int:
    """``graph.cli.run_build`` with extraction on Dask; return the exit status.

    ``options`` go to ``run_build`` (``segmenter``, ``max_nodes``, ``progress``, ``update``).
    """
    from graph import cli

    return cli.run_build(list(paths), Path(out), backbone=backbone, mine=dask_miner(client, n_workers, shard_size), **options)
