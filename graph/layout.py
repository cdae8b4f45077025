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
# Grid iterations for a big component: 300 up to 10,000 nodes, then fewer so that nodes x iterations
# stays about 3 million (four years of national news have a 75,000-node component: 300 iterations took
# 100 s, more than all the writing; 60 take 20 s and the picture is still untangled at Gephi's zoom).
GRID_WORK = 3_000_000
GRID_ITERATIONS = (60, 300)
EDGE_LENGTH = 100.0  # median edge length after scaling, in vis-network pixels


def add_positions(G: nx.MultiDiGraph) -> None:
    """Store a force-directed layout on ``G`` as node attributes ``x`` and ``y``.

    Each connected component is laid out on its own and the components are
    packed in rows, largest first: one layout of a whole news corpus would
    push hundreds of small components into a wide ring around a dense ball.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("d", "e")])
    >>> add_positions(G)
    >>> sorted(G.nodes["a"]) == ["x", "y"]
    True
    >>> H = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("d", "e")])
    >>> add_positions(H)
    >>> G.nodes(data=True) == H.nodes(data=True)  # deterministic
    True
    """
    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    components = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c[0]))
    placed = [_component_layout(U, nodes) for nodes in components]
    for nodes, coords in zip(components, _pack(placed)):
        for n, (x, y) in zip(nodes, coords):
            # Rounded so tiny floating-point differences do not change the files.
            G.nodes[n]["x"] = round(x, 1)
            G.nodes[n]["y"] = round(y, 1)


def _component_layout(U: nx.Graph, nodes: list[str]) -> list[tuple[float, float]]:
    """Fruchterman-Reingold for one component, scaled so the median edge is EDGE_LENGTH long."""
    import igraph as ig

    if len(nodes) == 1:
        return [(0.0, 0.0)]
    index = {n: i for i, n in enumerate(nodes)}
    pairs = sorted(tuple(sorted((index[u], index[v]))) for u, v in U.subgraph(nodes).edges())
    g = ig.Graph(n=len(nodes), edges=pairs)
    rng = random.Random(0)
    spread = len(nodes) ** 0.5
    seed = [[rng.uniform(-spread, spread), rng.uniform(-spread, spread)] for _ in nodes]
    ig.set_random_number_generator(random.Random(0))
    try:
        grid = len(nodes) > GRID_ABOVE
        niter = min(GRID_ITERATIONS[1], max(GRID_ITERATIONS[0], GRID_WORK // len(nodes))) if grid else 500
        coords = g.layout_fruchterman_reingold(seed=seed, niter=niter, grid=grid).coords
    finally:
        ig.set_random_number_generator(random)
    lengths = [((coords[a][0] - coords[b][0]) ** 2 + (coords[a][1] - coords[b][1]) ** 2) ** 0.5 for a, b in pairs]
    scale = EDGE_LENGTH / (statistics.median(lengths) or 1.0)
    return [(x * scale, y * scale) for x, y in coords]


def _pack(layouts: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    """Place component layouts left to right in rows of about the square root of their total area."""
    if not layouts:  # a graph with no entities
        return []
    gap = EDGE_LENGTH
    boxes = []
    for coords in layouts:
        xs, ys = [x for x, _ in coords], [y for _, y in coords]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + gap, max(ys) - min(ys) + gap))
    width = max(max(b[2] for b in boxes), sum(b[2] * b[3] for b in boxes) ** 0.5)
    x = y = row = 0.0
    shifted = []
    for coords, (x0, y0, w, h) in zip(layouts, boxes):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        shifted.append([(cx - x0 + x, cy - y0 + y) for cx, cy in coords])
        x, row = x + w, max(row, h)
    # Centre the picture on the origin.
    xs = [p[0] for c in shifted for p in c]
    ys = [p[1] for c in shifted for p in c]
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return [[(px - mx, py - my) for px, py in c] for c in shifted]
