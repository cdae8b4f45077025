"""Ask a zhkg graph questions from a notebook or a script.

Plain functions over the ``networkx.MultiDiGraph`` that ``zhkg build`` writes
(node id ``TYPE:name``; see the README for the schema). Tables come back as
pandas DataFrames, graphs as networkx graphs, so everything composes with the
rest of the PyData stack::

    >>> from graph import query as q
    >>> G = q.example_graph()            # or q.load("out/")
    >>> q.find(G, "刘馨蕊")
    ['PERSON:刘馨蕊']
    >>> q.neighbors(G, "刘馨蕊", relation="works_for")[["label", "role"]].values.tolist()
    [['安远社区', '工会专干']]

Centralities and communities are computed on the undirected graph with one
edge per pair, weighted by the number of sentences linking the pair.
"""

from __future__ import annotations

import difflib
import itertools
import json
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from graph.export import node_id, read_graphml
from graph.publish import check

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "load",
    "example_graph",
    "find",
    "neighbors",
    "ego",
    "paths",
    "evidence",
    "timeline",
    "to_frames",
    "top",
    "communities",
    "select",
]

FUZZY_CUTOFF = 0.5


def load(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph written by ``zhkg build``: ``graph.json``, ``graph.graphml`` or the output folder.

    From a folder, ``graph.json`` is preferred: it keeps each edge's evidence
    sentences (the first 20 by default; GraphML keeps the first one per edge;
    ``evidence.csv`` has every one). Edge keys are the relation
    names either way.

    >>> import tempfile
    >>> from graph.export import write_graphml, write_json
    >>> out = Path(tempfile.mkdtemp())
    >>> write_json(example_graph(), out / "graph.json")
    >>> write_graphml(example_graph(), out / "graph.graphml")
    >>> G = load(out)
    >>> G.number_of_nodes(), len(G.edges["PERSON:刘馨蕊", "ORG:安远社区", "works_for"]["sentences"])
    (5, 2)
    >>> sorted(load(out / "graph.graphml").edges(keys=True))[0]
    ('ORG:北关街道总工会', 'PERSON:孙养利', 'co_occurs')
    """
    path = Path(path)
    if path.is_dir():
        check(path)  # a folder mid-publish (or interrupted) holds files of two builds: refuse it
        path = path / "graph.json" if (path / "graph.json").is_file() else path / "graph.graphml"
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        table = data.pop("sentences", None)
        if table is not None:  # sentences written once (graph.export.write_json): numbers -> the sentences
            for link in data["links"]:
                link["sentences"] = [table[i] for i in link.get("sentences", ())]
                if link["sentences"]:
                    link.setdefault("evidence", link["sentences"][0]["text"])
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    if path.suffix == ".graphml":
        read = read_graphml(path)
        G = nx.MultiDiGraph()
        G.add_nodes_from((node_id(n), d) for n, d in read.nodes(data=True))
        for u, v, d in read.edges(data=True):
            G.add_edge(node_id(u), node_id(v), key=d["relation"], **d)
        return G
    raise ValueError(f"{path}: expected an output folder, graph.json or graph.graphml")


def example_graph() -> nx.MultiDiGraph:
    """A five-node graph from the sample page, for examples and tests.

    >>> example_graph().number_of_edges()
    5
    """
    from graph.build import Link, Mention, build_graph

    s1 = "安远社区工会专干刘馨蕊拨通了孙养利的电话。"
    s2 = "刘馨蕊毕业于西北政法大学,现任安远社区工会专干。"
    s3 = "北关街道总工会社会化工作者孙养利说。"
    mentions = [
        Mention("ORG:安远社区", "ORG", "安远社区", "安远社区", "a1", 0, 0, 4, date="2022-10-09"),
        Mention("PERSON:刘馨蕊", "PERSON", "刘馨蕊", "刘馨蕊", "a1", 0, 8, 11, "工会专干", "2022-10-09"),
        Mention("PERSON:孙养利", "PERSON", "孙养利", "孙养利", "a1", 0, 14, 17, date="2022-10-09"),
        Mention("PERSON:刘馨蕊", "PERSON", "刘馨蕊", "馨蕊", "a2", 0, 0, 3, date="2022-10-12"),
        Mention("ORG:西北政法大学", "ORG", "西北政法大学", "西北政法大学", "a2", 0, 6, 12, date="2022-10-12"),
        Mention("ORG:安远社区", "ORG", "安远社区", "安远社区", "a2", 0, 15, 19, date="2022-10-12"),
        Mention("ORG:北关街道总工会", "ORG", "北关街道总工会", "街道总工会", "a3", 0, 0, 7),
        Mention("PERSON:孙养利", "PERSON", "孙养利", "孙师傅", "a3", 0, 13, 16, "社会化工作者"),
    ]
    links = [
        Link("ORG:安远社区", "PERSON:刘馨蕊", "co_occurs", "a1", 0, s1, 0, len(s1), date="2022-10-09"),
        Link("PERSON:刘馨蕊", "PERSON:孙养利", "co_occurs", "a1", 0, s1, 0, len(s1), date="2022-10-09"),
        Link("PERSON:刘馨蕊", "ORG:安远社区", "works_for", "a1", 0, s1, 0, len(s1), "工会专干", "2022-10-09"),
        Link("PERSON:刘馨蕊", "ORG:安远社区", "works_for", "a2", 0, s2, 0, len(s2), "工会专干", "2022-10-12"),
        Link("ORG:安远社区", "ORG:西北政法大学", "co_occurs", "a2", 0, s2, 0, len(s2), date="2022-10-12"),
        Link("ORG:北关街道总工会", "PERSON:孙养利", "co_occurs", "a3", 0, s3, 0, len(s3)),
    ]
    return build_graph(mentions, links)


def find(G: nx.MultiDiGraph, text: str, type: str | None = None) -> list[str]:
    """Node ids whose name or alias matches ``text``: exact first, then containing it, then similar.

    Within each tier the most mentioned come first.

    >>> G = example_graph()
    >>> find(G, "孙师傅")        # an alias
    ['PERSON:孙养利']
    >>> find(G, "安远")          # part of a name
    ['ORG:安远社区']
    >>> find(G, "西北政法大字")  # a typo: the most similar names
    ['ORG:西北政法大学']
    >>> find(G, "刘", type="ORG")
    []
    """
    text = text.strip()
    tiers: dict[str, tuple[int, float]] = {}
    for node, d in G.nodes(data=True):
        if type and d.get("type") != type:
            continue
        names = [d.get("label", node), *filter(None, str(d.get("aliases", "")).split("|"))]
        if node == text or text in names:
            tiers[node] = (0, 1.0)
        elif any(text in name for name in names):
            tiers[node] = (1, 1.0)
        else:
            ratio = max(difflib.SequenceMatcher(None, text, name).ratio() for name in names)
            if ratio >= FUZZY_CUTOFF:
                tiers[node] = (2, ratio)
    best = min((tier for tier, _ in tiers.values()), default=None)
    hits = [n for n, (tier, _) in tiers.items() if tier == best]
    return sorted(hits, key=lambda n: (-tiers[n][1], -G.nodes[n].get("mentions", 0), n))


def neighbors(G: nx.MultiDiGraph, node: str, relation: str | None = None, type: str | None = None) -> pd.DataFrame:
    """The nodes linked to ``node`` (an id, a name or an alias), one row per link, typed relations first.

    Columns: ``node, label, type, relation, direction`` (``out``: node → other,
    ``in``: other → node, ``both`` for co-occurrence), ``role, weight, evidence, article``.

    >>> G = example_graph()
    >>> neighbors(G, "孙师傅")[["label", "relation", "direction"]].values.tolist()
    [['北关街道总工会', 'co_occurs', 'both'], ['刘馨蕊', 'co_occurs', 'both']]
    >>> neighbors(G, "刘馨蕊", type="PERSON")["label"].tolist()
    ['孙养利']
    """
    import pandas as pd

    node = named(G, node)
    rows = []
    for u, v, d in itertools.chain(G.out_edges(node, data=True), G.in_edges(node, data=True)):
        other = v if u == node else u
        if (relation and d["relation"] != relation) or (type and G.nodes[other].get("type") != type):
            continue
        direction = "both" if d["relation"] == "co_occurs" else "out" if u == node else "in"
        rows.append(
            {
                "node": other,
                "label": G.nodes[other].get("label", other),
                "type": G.nodes[other].get("type", ""),
                "relation": d["relation"],
                "direction": direction,
                "role": d.get("role", ""),
                "weight": d.get("weight", 1.0),
                "evidence": d.get("evidence", ""),
                "article": d.get("evidence_doc", ""),
            }
        )
    rows.sort(key=lambda r: (r["relation"] == "co_occurs", r["relation"], -r["weight"], r["node"]))
    return pd.DataFrame(rows, columns=["node", "label", "type", "relation", "direction", "role", "weight", "evidence", "article"])


def ego(G: nx.MultiDiGraph, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph within ``radius`` links of ``node``, whatever the links' direction.

    >>> sorted(ego(example_graph(), "孙养利"))
    ['ORG:北关街道总工会', 'PERSON:刘馨蕊', 'PERSON:孙养利']
    >>> ego(example_graph(), "孙养利", radius=2).number_of_nodes()
    4
    """
    return nx.ego_graph(G, named(G, node), radius=radius, undirected=True).copy()


def paths(G: nx.MultiDiGraph, a: str, b: str, k: int = 3) -> list[list[str]]:
    """Up to ``k`` shortest simple paths between two nodes, shortest first, ignoring direction.

    >>> paths(example_graph(), "孙养利", "西北政法大学")
    [['PERSON:孙养利', 'PERSON:刘馨蕊', 'ORG:安远社区', 'ORG:西北政法大学']]
    """
    a, b = named(G, a), named(G, b)
    try:
        return [list(p) for p in itertools.islice(nx.shortest_simple_paths(_simple(G), a, b), k)]
    except nx.NetworkXNoPath:
        return []


def evidence(G: nx.MultiDiGraph, a: str, b: str) -> pd.DataFrame:
    """The sentences that link ``a`` and ``b``, in either direction, with their article and offsets.

    Each edge holds the sentences the build kept (``--evidence-per-edge``,
    20 by default); the output folder's evidence.csv has every one.

    >>> evidence(example_graph(), "刘馨蕊", "安远社区")[["relation", "article", "date"]].values.tolist()
    [['co_occurs', 'a1', '2022-10-09'], ['works_for', 'a1', '2022-10-09'], ['works_for', 'a2', '2022-10-12']]
    """
    import pandas as pd

    a, b = named(G, a), named(G, b)
    rows = []
    for u, v in ((a, b), (b, a)):
        for d in (G.get_edge_data(u, v) or {}).values():
            for s in _sentences(d):
                rows.append({"relation": d["relation"], "source": u, "target": v, "role": d.get("role", ""), **s})
    rows.sort(key=lambda r: (r["relation"], r["date"], r["article"], r["sentence"]))
    columns = ["relation", "source", "target", "role", "article", "sentence", "start", "end", "date", "text"]
    return pd.DataFrame(rows, columns=columns)


def timeline(G: nx.MultiDiGraph, node: str) -> pd.DataFrame:
    """The dated evidence of ``node``'s links, oldest first: what happened with whom (``node``, ``other``, ``type``), when.

    A link's date is its article's date (from the input's metadata, dateline
    or byline); links from undated articles are left out. Event nodes with a
    ``date`` attribute are listed on that date.

    >>> timeline(example_graph(), "刘馨蕊")[["date", "relation", "other"]].values.tolist()
    [['2022-10-09', 'co_occurs', '安远社区'], ['2022-10-09', 'co_occurs', '孙养利'], ['2022-10-09', 'works_for', '安远社区'], \
['2022-10-12', 'works_for', '安远社区']]
    """
    import pandas as pd

    node = named(G, node)
    rows = []
    for u, v, d in itertools.chain(G.out_edges(node, data=True), G.in_edges(node, data=True)):
        other = v if u == node else u
        event_date = G.nodes[other].get("date", "") if G.nodes[other].get("type") == "EVENT" else ""
        for s in _sentences(d):
            date = event_date or s["date"]
            if date:
                info = G.nodes[other]
                link = {"relation": d["relation"], "node": other, "other": info.get("label", other), "type": info.get("type", "")}
                rows.append({"date": date, **link, "role": d.get("role", ""), **_drop(s, "date")})
    rows.sort(key=lambda r: (r["date"], r["relation"], r["node"], r["article"], r["sentence"]))
    columns = ["date", "relation", "node", "other", "type", "role", "article", "sentence", "start", "end", "text"]
    return pd.DataFrame(rows, columns=columns)


def to_frames(G: nx.MultiDiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(nodes, edges)`` as DataFrames: one row per node (index: id) and per edge.

    The per-sentence evidence stays out (see :func:`evidence`).

    >>> nodes, edges = to_frames(example_graph())
    >>> nodes.loc["PERSON:孙养利", "aliases"], len(edges)
    ('孙师傅', 5)
    """
    import pandas as pd

    nodes = pd.DataFrame([{"id": n, **d} for n, d in G.nodes(data=True)]).set_index("id")
    edges = pd.DataFrame([{"source": u, "target": v, **_drop(d, "sentences")} for u, v, d in G.edges(data=True)])
    return nodes, edges


def top(G: nx.MultiDiGraph, by: str = "degree", type: str | None = None, n: int = 20) -> pd.DataFrame:
    """The ``n`` most central nodes by weighted ``degree``, ``pagerank`` or ``betweenness``.

    >>> top(example_graph(), by="degree", n=2)[["label", "score"]].values.tolist()
    [['安远社区', 4.0], ['刘馨蕊', 4.0]]
    >>> top(example_graph(), by="betweenness", type="PERSON")["label"].tolist()
    ['刘馨蕊', '孙养利']
    """
    import pandas as pd

    H = _simple(G)
    if by == "degree":
        score = dict(H.degree(weight="weight"))
    elif by == "pagerank":
        score = nx.pagerank(H, weight="weight")
    elif by == "betweenness":
        # Exact betweenness is O(nodes × edges); sample 500 sources on big graphs (seeded, so repeatable).
        score = nx.betweenness_centrality(H, k=min(500, len(H)) if len(H) > 500 else None, seed=0)
    else:
        raise ValueError(f"by must be degree, pagerank or betweenness, not {by!r}")
    nodes = sorted((x for x in score if not type or G.nodes[x].get("type") == type), key=lambda x: (-score[x], x))[:n]
    rows = [{"node": x, "label": G.nodes[x].get("label", x), "type": G.nodes[x].get("type", ""), "score": score[x]} for x in nodes]
    return pd.DataFrame(rows, columns=["node", "label", "type", "score"])


def communities(G: nx.MultiDiGraph, resolution: float = 1.0) -> list[set[str]]:
    """Louvain communities, largest first; each node's number is stored as its ``community`` attribute.

    Seeded, so the same graph always gets the same numbers; the exports
    (GraphML, GEXF, JSON, CSV) carry the attribute.

    >>> G = example_graph()
    >>> [sorted(c) for c in communities(G)][0]
    ['ORG:安远社区', 'ORG:西北政法大学', 'PERSON:刘馨蕊']
    >>> G.nodes["ORG:西北政法大学"]["community"]
    0
    """
    return number_communities(G, louvain(G, resolution))


def louvain(G: nx.MultiDiGraph, resolution: float = 1.0) -> list[set[str]]:
    """Louvain communities of ``G`` (seeded), largest first, without storing them (see :func:`communities`)."""
    found = nx.community.louvain_communities(_simple(G), weight="weight", resolution=resolution, seed=0)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def number_communities(G: nx.MultiDiGraph, found: list[set[str]]) -> list[set[str]]:
    """Store each node's community number (its place in ``found``) as the ``community`` attribute."""
    for i, members in enumerate(found):
        for node in members:
            G.nodes[node]["community"] = i
    return found


def select(
    G: nx.MultiDiGraph,
    types: list[str] | None = None,
    relations: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    community: int | None = None,
) -> nx.MultiDiGraph:
    """A subgraph: nodes of ``types`` (and ``community``), edges of ``relations`` dated within ``since``–``until``.

    Dates are ISO strings compared as text (``"2022-10"`` covers the month as
    a bound). A date bound keeps only the dated evidence in range, so the
    edges' ``weight`` and ``sentences`` are recounted; nodes left without an
    edge are dropped when any edge filter is given.

    >>> H = select(example_graph(), relations=["works_for"])
    >>> sorted(H.edges(keys=True))
    [('PERSON:刘馨蕊', 'ORG:安远社区', 'works_for')]
    >>> late = select(example_graph(), since="2022-10-10")
    >>> link = late.edges["PERSON:刘馨蕊", "ORG:安远社区", "works_for"]
    >>> link["weight"], link["evidence_doc"], late.nodes["PERSON:刘馨蕊"]["dates"]
    (1.0, 'a2', '2022-10-12')
    """
    keep = [
        n for n, d in G.nodes(data=True) if (not types or d.get("type") in types) and (community is None or d.get("community") == community)
    ]
    dated = since is not None or until is not None

    def in_range(date: str) -> bool:
        # "~" sorts after digits and "-", so until="2022-10" takes in 2022-10-31.
        return bool(date) and date >= (since or "") and date <= (until or "~") + "~"

    H = nx.MultiDiGraph()
    for n in keep:
        d = dict(G.nodes[n])
        if dated:
            d["dates"] = "|".join(x for x in str(d.get("dates", "")).split("|") if in_range(x))
        H.add_node(n, **d)
    for u, v, key, d in G.edges(keys=True, data=True):
        if u not in H or v not in H or (relations and d["relation"] not in relations):
            continue
        d = dict(d)
        if dated:
            sentences = [s for s in _sentences(d) if in_range(s["date"])]
            if not sentences:
                continue
            first = sentences[0]
            d.update(
                sentences=sentences,
                weight=float(len(sentences)),
                dates="|".join(sorted({s["date"] for s in sentences})),
                sources="|".join(dict.fromkeys(s["article"] for s in sentences)),
                evidence=first["text"],
                evidence_doc=first["article"],
                evidence_start=first["start"],
                evidence_end=first["end"],
            )
        H.add_edge(u, v, key=key, **d)
    if relations or dated:
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    return H


def named(G: nx.MultiDiGraph, name: str) -> str:
    """A node id from an id, a name or an alias (the best exact match); else :class:`networkx.NodeNotFound`
    with suggestions.

    >>> named(example_graph(), "孙师傅")
    'PERSON:孙养利'
    """
    if name in G:
        return name
    hits = find(G, name)
    if hits and (G.nodes[hits[0]].get("label") == name or name in str(G.nodes[hits[0]].get("aliases", "")).split("|")):
        return hits[0]
    hint = f"; did you mean {', '.join(hits[:3])}?" if hits else ""
    raise nx.NodeNotFound(f"no node named {name!r}{hint}")


def _simple(G: nx.MultiDiGraph) -> nx.Graph:
    """One undirected edge per linked pair, weighted by the pair's sentences."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        if u != v:
            w = H[u][v]["weight"] if H.has_edge(u, v) else 0.0
            H.add_edge(u, v, weight=w + float(d.get("weight", 1.0)))
    return H


def _sentences(d: dict) -> list[dict]:
    """An edge's evidence sentences; a graph read from GraphML has only the first."""
    if d.get("sentences"):
        return [dict(s) for s in d["sentences"]]
    dates = str(d.get("dates", "")).split("|")
    return [
        {
            "article": d.get("evidence_doc", ""),
            "sentence": -1,
            "start": d.get("evidence_start", -1),
            "end": d.get("evidence_end", -1),
            "text": d.get("evidence", ""),
            "date": dates[0] if len(dates) == 1 else "",
        }
    ]


def _drop(d: dict, key: str) -> dict:
    return {k: v for k, v in d.items() if k != key}
