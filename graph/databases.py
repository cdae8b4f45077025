"""The graph in graph databases: an embedded LadybugDB database, and Neo4j's bulk-import CSVs.

LadybugDB (``ladybug`` on PyPI) is the maintained fork of Kùzu, which its makers archived in
October 2025: the same embedded, in-process Cypher database, file format and Python API
(``Database``, ``Connection``), with releases and fixes still coming.

* :func:`write_ladybug` — a LadybugDB database file (``pip install "zhkg[db]"``), queried with
  Cypher in-process, no server;
* :func:`write_neo4j_csv` — ``nodes.csv`` and ``relationships.csv`` for
  ``neo4j-admin database import full`` (no extra dependency);
* :func:`graph.ftm.write_ftm` — FollowTheMoney entities for Aleph and the ``ftm`` tools
  (``pip install "zhkg[ftm]"``; the mapping is in graph/ftm.py);
* :func:`run_export` — any one of them (:data:`KINDS`) from an output folder of ``zhkg build``,
  with an exit status, for the command line.

LadybugDB and Neo4j carry the scalar attributes of the graph schema (README, "Graph schema"); the
per-sentence ``sentences`` lists stay in graph.json and evidence.csv (each edge
keeps its first evidence sentence and offsets).
"""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from graph.export import write_atomic

__all__ = ["write_ladybug", "write_neo4j_csv", "run_export", "NotADatabaseError", "NODE_COLUMNS", "LINK_COLUMNS"]

# (column, LadybugDB type); nodes are one table, Entity, whatever their type (the `type` column says).
NODE_COLUMNS = (
    ("id", "STRING"),
    ("label", "STRING"),
    ("type", "STRING"),
    ("aliases", "STRING"),
    ("mentions", "INT64"),
    ("docs", "INT64"),
    ("dates", "STRING"),
    ("community", "INT64"),
    ("event_type", "STRING"),
    ("date", "STRING"),
    ("date_text", "STRING"),
)
# Every edge, co_occurs and typed relations alike, is a Link with its `relation`.
LINK_COLUMNS = (
    ("relation", "STRING"),
    ("weight", "DOUBLE"),
    ("docs", "INT64"),
    ("role", "STRING"),
    ("evidence", "STRING"),
    ("evidence_doc", "STRING"),
    ("evidence_start", "INT64"),
    ("evidence_end", "INT64"),
    ("sources", "STRING"),
    ("dates", "STRING"),
    ("rule", "STRING"),
    ("confidence", "DOUBLE"),
)

NEO4J_NODE_HEADER = ["id:ID", "label", "type", "aliases", "mentions:long", "docs:long", "dates", "community:long", ":LABEL"]
NEO4J_REL_HEADER = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "weight:double",
    "docs:long",
    "role",
    "evidence",
    "evidence_doc",
    "evidence_start:long",
    "evidence_end:long",
    "sources",
    "dates",
    "rule",
    "confidence:double",
]
# The kinds of `zhkg export KIND`, and the package each needs (pip install 'zhkg[EXTRA]'): the one list.
KINDS = ("ladybug", "neo4j", "ftm")
_NEEDS = {"ladybug": ("ladybug", "db"), "ftm": ("followthemoney", "ftm")}


class NotADatabaseError(FileExistsError):
    """The target of :func:`write_ladybug` exists and is not a LadybugDB database: never replaced."""


def write_ladybug(G: nx.MultiDiGraph, db_path: str | Path, overwrite: bool = False) -> None:
    """Write ``G`` as an embedded LadybugDB database at ``db_path`` (one file).

    Schema — one node table and one relationship table::

        CREATE NODE TABLE Entity(idx INT64 PRIMARY KEY, id STRING, label STRING, type STRING, aliases STRING,
            mentions INT64, docs INT64, dates STRING, community INT64,
            event_type STRING, date STRING, date_text STRING)
        CREATE REL TABLE Link(FROM Entity TO Entity, relation STRING, weight DOUBLE, docs INT64, role STRING,
            evidence STRING, evidence_doc STRING, evidence_start INT64, evidence_end INT64,
            sources STRING, dates STRING, rule STRING, confidence DOUBLE, MANY_MANY)

    Attributes a node or edge lacks are ``''`` or ``0`` (never NULL); ``event_type``,
    ``date`` and ``date_text`` are set on EVENT nodes only. Rows are loaded with
    ``COPY FROM`` temporary CSV files, in a temporary file next to ``db_path`` that is
    renamed into place at the end, so a failure leaves no half-written database. An
    existing ``db_path`` is an error (:class:`FileExistsError`) unless ``overwrite``; a file or
    folder that is not a LadybugDB database is never replaced (:class:`NotADatabaseError`).

    Speed: the sample page (96 nodes, 211 edges) takes 0.3 s. Kùzu 0.11 (which LadybugDB continues) looks up
    non-ASCII string keys slowly when it copies relationships (1.5 s for 5,000 nodes
    and 10,000 edges, 40 s for 20,000 and 60,000; ASCII keys take 0.1 s).

    Query it from Python (or the ``lbug`` shell)::

        import ladybug
        conn = ladybug.Connection(ladybug.Database("out/graph.lbug", read_only=True))
        conn.execute(
            "MATCH (p:Entity {label: '刘馨蕊'})-[l:Link {relation: 'works_for'}]->(o:Entity) "
            "RETURN o.label, l.role, l.evidence"
        ).get_as_df()  # 安远社区, 工会专干, the sentence

        # everyone within two hops of 孙养利, links in either direction
        "MATCH (a:Entity {label: '孙养利'})-[l:Link*1..2]-(b:Entity) "
        "RETURN DISTINCT b.id, b.type"
    """
    import ladybug

    db_path = Path(db_path)
    _check_target(db_path, overwrite)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # LadybugDB creates the file itself; mkstemp only reserved a unique name
    try:
        with tempfile.TemporaryDirectory(prefix="zhkg-ladybug-") as staging:
            nodes_csv, links_csv = Path(staging) / "nodes.csv", Path(staging) / "links.csv"
            # The primary key is a number: Kùzu 0.11 (which LadybugDB continues) links relationships to Chinese string keys
            # slowly (about 40 s for 60,000 edges, against 0.3 s); `id` stays a column to match on.
            index = {node: i for i, node in enumerate(G.nodes)}
            node_rows = ([i, *row] for i, row in enumerate(_ladybug_node_rows(G)))
            link_rows = ([index.get(row[0], -1), index.get(row[1], -1), *row[2:]] for row in _ladybug_link_rows(G))
            n_nodes = _write_csv(nodes_csv, ["idx", *(c for c, _ in NODE_COLUMNS)], node_rows)
            n_links = _write_csv(links_csv, ["from", "to", *(c for c, _ in LINK_COLUMNS)], link_rows)
            db = ladybug.Database(str(tmp))
            try:
                conn = ladybug.Connection(db)
                try:
                    _load_ladybug(conn, nodes_csv if n_nodes else None, links_csv if n_links else None)
                finally:
                    conn.close()
            finally:
                db.close()  # checkpoints: the write-ahead log is folded into the file
        _replace(tmp, db_path)
    except BaseException:
        for leftover in _ladybug_files(tmp):
            _remove(leftover)
        raise


def _load_ladybug(conn, nodes_csv: Path | None, links_csv: Path | None) -> None:
    node_cols = "idx INT64 PRIMARY KEY, " + ", ".join(f"{c} {t}" for c, t in NODE_COLUMNS)
    link_cols = ", ".join(f"{c} {t}" for c, t in LINK_COLUMNS)
    conn.execute(f"CREATE NODE TABLE Entity({node_cols})")
    conn.execute(f"CREATE REL TABLE Link(FROM Entity TO Entity, {link_cols}, MANY_MANY)")
    # RFC 4180 quoting ("" inside quotes, so a backslash is just a character); quoted
    # newlines need the serial reader. An empty field reads as NULL: set those back to ''.
    options = "(HEADER=true, DELIM=',', QUOTE='\"', ESCAPE='\"', PARALLEL=false)"
    if nodes_csv:
        conn.execute(f"COPY Entity FROM {_cypher_string(nodes_csv)} {options}")
    if links_csv:
        conn.execute(f"COPY Link FROM {_cypher_string(links_csv)} {options}")
    for column, type_ in NODE_COLUMNS:
        if type_ == "STRING" and column != "id":
            conn.execute(f"MATCH (e:Entity) WHERE e.{column} IS NULL SET e.{column} = ''")
    for column, type_ in LINK_COLUMNS:
        if type_ == "STRING":
            conn.execute(f"MATCH ()-[l:Link]->() WHERE l.{column} IS NULL SET l.{column} = ''")


def write_neo4j_csv(G: nx.MultiDiGraph, out_dir: str | Path, overwrite: bool = False) -> None:
    """Write ``nodes.csv`` and ``relationships.csv`` in ``out_dir`` for Neo4j's bulk importer.

    The layout of ``neo4j-admin database import full`` (Neo4j 5.19+ and 2025.x): node
    ids in ``id:ID``, labels in ``:LABEL`` (``Entity;PERSON``, ``Entity;ORG`` …),
    relationship types in ``:TYPE`` (the relation upper-cased: ``WORKS_FOR``,
    ``CO_OCCURS``), typed columns (``mentions:long``, ``weight:double``). UTF-8
    without a BOM, comma-separated, RFC 4180 quoting (``"``, doubled inside a field:
    the importer's defaults); an empty field (no alias, no role) becomes an absent
    property, Neo4j's empty value. An evidence sentence may hold a line break, hence
    ``--multiline-fields=true``. Copy both files into the DBMS's ``import/`` folder
    and, with the database stopped (or not yet created), run from ``$NEO4J_HOME``::

        bin/neo4j-admin database import full neo4j --nodes=import/nodes.csv \\
            --relationships=import/relationships.csv --multiline-fields=true --overwrite-destination

    (Since Neo4j 5.19 the database name goes before the options, as here. For a
    database other than the default ``neo4j``, run ``CREATE DATABASE name`` afterwards.)
    Then, e.g. ``MATCH (p:PERSON {label: '刘馨蕊'})-[r:WORKS_FOR]->(o) RETURN o.label, r.role``.

    Existing files are an error (:class:`FileExistsError`) unless ``overwrite``; each
    file is written atomically.
    """
    out_dir = Path(out_dir)
    targets = [out_dir / "nodes.csv", out_dir / "relationships.csv"]
    if not overwrite:
        for path in targets:
            if path.exists():
                raise FileExistsError(f"{path} already exists")
    nodes = ([*row[:8], f"Entity;{row[2]}" if row[2] else "Entity"] for row in _ladybug_node_rows(G))
    rels = ([row[0], row[1], row[2].upper(), *row[3:]] for row in _ladybug_link_rows(G))
    for path, header, rows in zip(targets, (NEO4J_NODE_HEADER, NEO4J_REL_HEADER), (nodes, rels)):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        write_atomic(path, buf.getvalue())


def run_export(kind: str, source: str | Path, target: str | Path, overwrite: bool = False) -> int:
    """``zhkg export ladybug|neo4j|ftm OUT TARGET [--force]``: read the graph in ``source`` (an output
    folder, graph.json or graph.graphml) and write it to ``target`` — a LadybugDB database file, a
    folder for the Neo4j CSVs, or a file of FollowTheMoney entities (``.ftm.json``; the articles
    come from articles.csv beside the graph, see graph/ftm.py).

    Returns the exit status: 0 written (a summary on stdout); 1 when the graph cannot be read,
    ``target`` exists and ``overwrite`` is false, or writing fails (the path and reason on
    stderr); 2 for an unknown ``kind``.
    """
    from graph.query import load

    if kind not in KINDS:
        print(f"zhkg export: unknown kind {kind!r} (expected one of {', '.join(KINDS)})", file=sys.stderr)
        return 2
    try:
        G = load(source)
        articles = None
        if kind == "ftm":
            from graph.ftm import read_articles

            articles = read_articles(source)
    except Exception as exc:  # a missing file, bad JSON or XML, not a graph: all unreadable
        print(f"zhkg export: cannot read a graph from {source}: {exc}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    detail = ""
    try:
        if kind == "ladybug":
            write_ladybug(G, target, overwrite=overwrite)
        elif kind == "neo4j":
            write_neo4j_csv(G, target, overwrite=overwrite)
        else:
            from graph.ftm import write_ftm

            counts = write_ftm(G, target, overwrite=overwrite, articles=articles)
            by_schema = ", ".join(f"{schema} {n}" for schema, n in sorted(counts.items()))
            detail = f" -> {sum(counts.values())} entities ({by_schema})"
    except NotADatabaseError as exc:
        print(f"zhkg export: {exc}", file=sys.stderr)
        return 1
    except FileExistsError as exc:
        print(f"zhkg export: {exc}; not overwritten (use --force to replace it)", file=sys.stderr)
        return 1
    except ImportError as exc:
        package, extra = _NEEDS.get(kind, (kind, kind))
        print(f"zhkg export: {kind} needs the {package} package (pip install 'zhkg[{extra}]'): {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # OSError, or LadybugDB's RuntimeError; nothing was left behind
        print(f"zhkg export: cannot write {target}: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(f"{target}: {kind}, {G.number_of_nodes()} nodes, {G.number_of_edges()} edges{detail}, {seconds:.2f} s")
    return 0


def _ladybug_node_rows(G: nx.MultiDiGraph):
    for node, d in G.nodes(data=True):
        event = d.get("type") == "EVENT"
        yield [
            node,
            _str(d.get("label", node)),
            _str(d.get("type")),
            _str(d.get("aliases")),
            _int(d.get("mentions")),
            _int(d.get("docs")),
            _str(d.get("dates")),
            _int(d.get("community")),
            _str(d.get("event_type")) if event else "",
            _str(d.get("date")) if event else "",
            _str(d.get("date_text")) if event else "",
        ]


def _ladybug_link_rows(G: nx.MultiDiGraph):
    for u, v, key, d in G.edges(keys=True, data=True):
        yield [
            u,
            v,
            _str(d.get("relation", key)),
            _float(d.get("weight")),
            _int(d.get("docs")),
            _str(d.get("role")),
            _str(d.get("evidence")),
            _str(d.get("evidence_doc")),
            _int(d.get("evidence_start")),
            _int(d.get("evidence_end")),
            _str(d.get("sources")),
            _str(d.get("dates")),
            _str(d.get("rule")),
            _float(d.get("confidence")),
        ]


def _str(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _int(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError, OverflowError):
        return 0


def _float(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _write_csv(path: Path, header: list[str], rows) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _cypher_string(path: Path) -> str:
    text = str(path).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def _ladybug_files(path: Path) -> list[Path]:
    """A LadybugDB database and the files LadybugDB keeps beside it (write-ahead log, shadow pages)."""
    return [path, *(path.with_name(path.name + suffix) for suffix in (".wal", ".shadow"))]


def _check_target(path: Path, overwrite: bool) -> None:
    if not (path.exists() or path.is_symlink()):
        return
    if not overwrite:
        raise FileExistsError(f"{path} already exists")
    if not _is_ladybug(path):
        # Replacing is for databases: never delete a file or folder named by mistake.
        raise NotADatabaseError(f"{path} exists and is not a LadybugDB database; not replaced")


def _is_ladybug(path: Path) -> bool:
    """A LadybugDB database file (starts with ``LBUG``), one written by Kùzu ≥ 0.11 before the move to
    its fork (``KUZU``: zhkg's earlier exports, replaced as databases), a pre-0.11 Kùzu folder, or an empty folder."""
    if path.is_dir():
        return (path / "catalog.kz").exists() or not any(path.iterdir())
    try:
        with open(path, "rb") as f:
            return f.read(4) in (b"LBUG", b"KUZU")
    except OSError:
        return False


def _replace(tmp: Path, path: Path) -> None:
    """Move the finished database into place; an old one (file, or pre-0.11 folder) goes last."""
    for stale in _ladybug_files(path)[1:]:
        _remove(stale)  # an old write-ahead log would be replayed into the new file
    if path.is_dir():
        old = path.with_name(f".{path.name}.old")
        _remove(old)
        os.replace(path, old)
        os.replace(tmp, path)
        _remove(old)
    else:
        os.replace(tmp, path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
