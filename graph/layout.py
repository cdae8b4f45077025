"""Node positions, computed once so Gephi, GraphML readers and the HTML view agree.

igraph's Fruchterman-Reingold runs in C; with its grid approximation it lays
out 20,000 nodes in seconds where networkx's pure-Python spring layout would
need the n² distance matrix. Positions are deterministic: the starting points
come from a seeded generator over the sorted node ids, and igraph's own random
numbers are seeded for the call.
"""

from __future__ import annotations

import random
import statistics

import networkx as nx

GRID_ABOVE = 1000  # nodes; below this the exact (quadratic) forces are cheap
EDGE_LENGTH = 100.0  # median edge length after scaling, in vis-network pixels


def add_positions(G: nx.MultiDiGraph) -> None:
    """Store a force-directed layout on ``G`` as node attributes ``x`` and ``y``.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> add_positions(G)
    >>> sorted(G.nodes["a"]) == ["x", "y"]
    True
    >>> H = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> add_positions(H)
    >>> G.nodes(data=True) == H.nodes(data=True)  # deterministic
    True
    """
    import igraph as ig

    nodes = sorted(G.nodes)
    if not nodes:
        return
    index = {n: i for i, n in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[u], index[v]))) for u, v in G.edges() if u != v})
    g = ig.Graph(n=len(nodes), edges=pairs)
    rng = random.Random(0)
    spread = len(nodes) ** 0.5
    seed = [[rng.uniform(-spread, spread), rng.uniform(-spread, spread)] for _ in nodes]
    ig.set_random_number_generator(random.Random(0))
    try:
        grid = len(nodes) > GRID_ABOVE
        coords = g.layout_fruchterman_reingold(seed=seed, niter=300 if grid else 500, grid=grid).coords
    finally:
        ig.set_random_number_generator(random)
    lengths = [((coords[a][0] - coords[b][0]) ** 2 + (coords[a][1] - coords[b][1]) ** 2) ** 0.5 for a, b in pairs]
    scale = EDGE_LENGTH / (statistics.median(lengths) or 1.0) if lengths else EDGE_LENGTH
    for n, (x, y) in zip(nodes, coords):
        # Rounded so tiny floating-point differences do not change the files.
        G.nodes[n]["x"] = round(x * scale, 1)
        G.nodes[n]["y"] = round(y * scale, 1)
