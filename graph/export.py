"""Write a graph for Gephi (GraphML, GEXF), spreadsheets (CSV) and code (JSON).

Every writer is atomic: it writes a temporary file beside the target and
renames it into place, so a crash never leaves half a file under the real
name. Output is deterministic: nodes and edges are written sorted, and no
timestamps are embedded.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, is_dataclass
from pathlib import Path

import networkx as nx

# Colours per entity type, shared by GEXF and the HTML view.
TYPE_COLORS = {
    "PERSON": "#e15759",
    "ORG": "#4e79a7",
    "LOC": "#59a14f",
    "DATE": "#b07aa1",
    "DOC": "#f28e2b",
    "EVENT": "#edc948",
}
OTHER_COLOR = "#9c9c9c"
NODE_FIELDS = ["id", "label", "type", "aliases", "mentions", "docs"]
EDGE_FIELDS = ["source", "target", "relation", "weight", "role", "evidence", "evidence_doc", "evidence_start", "evidence_end", "sources"]


def write_atomic(path: str | Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode(encoding) if isinstance(data, str) else data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    """GraphML with named keys (``d0`` becomes ``label``), one type per attribute, for Gephi and igraph."""
    # GraphML edge ids must be unique in the file (Gephi drops repeats); our
    # keys are only unique per node pair, so number the edges in their sorted order.
    H = nx.MultiDiGraph()
    H.add_nodes_from(G.nodes(data=True))
    for i, (u, v, data) in enumerate(G.edges(data=True)):
        H.add_edge(u, v, key=f"e{i}", **data)
    buf = io.BytesIO()
    nx.write_graphml(H, buf, named_key_ids=True, infer_numeric_types=True)
    write_atomic(path, buf.getvalue())


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> None:
    """GEXF 1.2 with node colour by type and size by mentions (Gephi's viz attributes)."""
    H = G.copy()
    top = max((d["mentions"] for _, d in H.nodes(data=True)), default=1)
    for _, data in H.nodes(data=True):
        r, g, b = _rgb(TYPE_COLORS.get(data["type"], OTHER_COLOR))
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": round(10 + 40 * data["mentions"] / top, 2)}
    buf = io.BytesIO()
    nx.write_gexf(H, buf, version="1.2draft")
    # networkx stamps today's date into <meta>; drop it so output is byte-identical across days.
    text = re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue())
    write_atomic(path, text)


def write_json(G: nx.MultiDiGraph, path: str | Path) -> None:
    """networkx node-link JSON (``nx.node_link_graph`` reads it back)."""
    data = nx.node_link_data(G, edges="links")
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def write_csv(rows: Iterable[dict], fields: list[str], path: str | Path) -> None:
    """CSV in UTF-8 with a BOM, so spreadsheet programs show Chinese."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in fields})
    write_atomic(path, "\ufeff" + buf.getvalue())


def node_rows(G: nx.MultiDiGraph) -> list[dict]:
    return [{"id": n, **d} for n, d in G.nodes(data=True)]


def edge_rows(G: nx.MultiDiGraph) -> list[dict]:
    return [{"source": u, "target": v, **d} for u, v, d in G.edges(data=True)]


def records(items: Iterable) -> list[dict]:
    """Dataclass instances as dicts (for CSV/JSON tables)."""
    return [asdict(x) if is_dataclass(x) else dict(x) for x in items]


def write_report(report: dict, path: str | Path) -> None:
    write_atomic(path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
