"""Mentions -> networkx graph; merge, query helpers and exports (GraphML, GEXF, HTML, CSV, JSON).

>>> from graph.query import load
>>> G = load("out")  # doctest: +SKIP
>>> sorted(G.successors("PERSON:刘馨蕊"))  # doctest: +SKIP
"""

from graph.build import Link, Mention, build_graph, collect
from graph.export import write_csv, write_gexf, write_graphml, write_json
from graph.html import write_html

__all__ = ["Link", "Mention", "build_graph", "collect", "write_csv", "write_gexf", "write_graphml", "write_html", "write_json"]
