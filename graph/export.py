"""Write a graph for Gephi (GraphML, GEXF), spreadsheets (CSV) and code (JSON).

Every writer is atomic: it writes a temporary file beside the target and
renames it into place, so a crash never leaves half a file under the real
name. Output is deterministic: nodes and edges are written sorted, and no
timestamps are embedded.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, SubElement, _escape_attrib, _escape_cdata, tostring  # ElementTree's own escaping: the same bytes

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

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
NODE_FIELDS = ["id", "label", "type", "aliases", "mentions", "docs", "dates", "community", "x", "y"]
EDGE_FIELDS = [
    "source",
    "target",
    "relation",
    "weight",
    "docs",
    "role",
    "evidence",
    "evidence_doc",
    "evidence_start",
    "evidence_end",
    "sources",
    "dates",
]
# evidence.csv: one row per evidence sentence of an edge; the sentence's text is in sentences.csv (one row
# per sentence, joined on article + sentence), not repeated on every edge it proves.
EVIDENCE_FIELDS = ["source", "target", "relation", "role", "article", "sentence", "start", "end", "date"]
SENTENCE_FIELDS = ["article", "sentence", "start", "end", "date", "text"]


def write_atomic(path: str | Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with atomic_open(path) as f:
        f.write(data.encode(encoding) if isinstance(data, str) else data)


@contextmanager
def atomic_open(path: str | Path, mode: str = "wb", **kwargs) -> Iterator[IO]:
    """A file to write ``path`` through: a temporary file beside it, renamed to ``path`` if the block succeeds.

    Big outputs are written as they are made instead of built in memory first.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
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
    """GraphML for Gephi and igraph: named keys, one type per attribute, Gephi's reserved names.

    Gephi reads ``label``, ``weight``, ``x``/``y``, ``size`` and colours as
    ``r``/``g``/``b``; edges get a ``label`` (the relation, and the role if any).
    The graph is directed and a co-occurrence says ``directed="false"``: GraphML allows mixed graphs,
    and Gephi and graphology read them (igraph reads every edge as directed; networkx refuses mixed
    graphs: in Python, read graph.json with ``graph.query.load``).
    Per-sentence evidence lists stay in graph.json (GraphML has no list type).
    """
    size = _sizes(G)

    def nodes():
        for node, data in G.nodes(data=True):
            r, g, b = _rgb(TYPE_COLORS.get(data["type"], OTHER_COLOR))
            yield {"id": graphml_id(node)}, {**_scalars(data), "r": r, "g": g, "b": b, "size": size[node]}

    def edges():
        # GraphML edge ids must be unique in the file (Gephi drops repeats); our
        # keys are only unique per node pair, so number the edges in their sorted order.
        for i, (u, v, data) in enumerate(G.edges(data=True)):
            ends = {"source": graphml_id(u), "target": graphml_id(v), "id": f"e{i}"}
            if not directed(data):
                ends["directed"] = "false"  # a mixed graph: Gephi and graphology read each edge's direction
            yield ends, {**_edge_scalars(data), "label": _edge_label(data)}

    # Always the standard-library writer: nx.write_graphml switches to lxml when
    # it is installed, which formats differently, and output must not depend on that.
    writer = _GraphMLWriter(encoding="utf-8", prettyprint=True, infer_numeric_types=True, named_key_ids=True)
    # networkx's writer builds the whole document as one tree (a gigabyte for the graph of 100 MB of
    # news); here it makes one element at a time. Keys come first in the file and give an attribute
    # one type for all its values: two passes over the attributes before the first element.
    scopes = (("node", nodes), ("edge", edges))
    for scope, items in scopes:
        for _, data in items():
            for k, v in data.items():
                writer.attribute_types[(k, scope)].add(type(v))
    # One type per attribute, so one key each, declared in the order the attributes were first met.
    key_of = {(k, scope): writer.get_key(k, writer.get_xml_type(writer.attr_type(k, scope, None)), scope, None)
              for k, scope in writer.attribute_types}  # fmt: skip

    def texts(scope, items):
        """Each element's XML text as ElementTree wrote it indented at depth 2 (byte for byte: checked on
        the sample, CEC and 100 days of xinwenlianbo when this replaced it), made as a string: building
        an Element per node and edge took most of the time."""
        for attrs, data in items():
            head = f"<{scope}" + "".join(f' {k}="{_escape_attrib(v)}"' for k, v in attrs.items())
            if not data:
                yield head + " />"
                continue
            parts = []
            for k, v in data.items():
                text, key = str(v), key_of[(k, scope)]
                parts.append(f'<data key="{key}">{_escape_cdata(text)}</data>' if text else f'<data key="{key}" />')
            yield f"{head}>\n      " + "\n      ".join(parts) + f"\n    </{scope}>"

    graph = SubElement(writer.xml, "graph", edgedefault="directed")
    streams = [(graph, texts(scope, items)) for scope, items in scopes]
    with atomic_open(path) as f:
        _write_document(f, writer.xml, writer.indent, streams)


# XML 1.0 (5th edition) NameChar: what GraphML's node ids (xs:NMTOKEN) may hold. Chinese text and its
# full-width punctuation are allowed; ASCII brackets, spaces, slashes, dashes such as — are not.
_NAME_CHAR = (
    "-.0-9:A-Z_a-z\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u200c\u200d\u203f\u2040"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NOT_NAME = re.compile(f"[^{_NAME_CHAR}]|_(?=x)")
_ESCAPED = re.compile(r"_x([0-9A-F]{4,6})_")


def graphml_id(node: str) -> str:
    """``node`` as a GraphML id (an NMTOKEN): each character an id may not hold, and ``_`` before ``x``,
    written ``_xHHHH_`` (its code point); :func:`node_id` reverses it. Most ids are unchanged.

    >>> graphml_id("ORG:中国（北京）"), graphml_id("ORG:X(北京)"), node_id(graphml_id("DOC:a_x b"))
    ('ORG:中国（北京）', 'ORG:X_x0028_北京_x0029_', 'DOC:a_x b')
    """
    return _NOT_NAME.sub(lambda m: f"_x{ord(m.group()):04X}_", node)


def node_id(graphml: str) -> str:
    """The node id a :func:`graphml_id` stands for."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), graphml)


class _GraphMLWriter(GraphMLWriter):
    """Key ids are the attribute names (``label``, not ``d0``), made unique per file.

    A node and an edge attribute may share a name (``label``, ``dates``); GraphML
    key ids must not, so the edge's key becomes ``edge_label`` (its
    ``attr.name`` stays ``label``, which is what readers and Gephi use).
    """

    def get_key(self, name, attr_type, scope, default):
        keys_key = (name, attr_type, scope)
        if keys_key not in self.keys and name in self.keys.values():
            new_id = self.keys[keys_key] = f"{scope}_{name}"
            key = self.myElement("key", **{"id": new_id, "for": scope, "attr.name": name, "attr.type": attr_type})
            self.xml.insert(0, key)
            return new_id
        return super().get_key(name, attr_type, scope, default)


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """zhkg's GraphML read with networkx, whose reader refuses a mixed graph: each ``directed="false"``
    co-occurrence is read as an edge from its smaller id (as graph.json has it). Node ids stay as the
    file has them (:func:`node_id` turns one back).

    >>> import tempfile
    >>> from graph.query import example_graph
    >>> path = Path(tempfile.mkdtemp()) / "g.graphml"
    >>> write_graphml(example_graph(), path)
    >>> read_graphml(path).number_of_edges()
    5
    """
    return nx.parse_graphml(_unmixed(path, b' directed="false"'), force_multigraph=True)


def read_gexf(path: str | Path) -> nx.MultiDiGraph:
    """zhkg's GEXF read with networkx, as :func:`read_graphml` reads GraphML (``type="undirected"`` dropped)."""
    return nx.read_gexf(io.BytesIO(_unmixed(path, b' type="undirected"')))


def _unmixed(path: str | Path, mark: bytes) -> bytes:
    # Only in <edge …> start tags, whose attribute values escape quotes and ">": a sentence in a
    # <data> element that happens to hold the mark is left as it is.
    return re.sub(rb"(<edge [^>]*?)" + re.escape(mark), rb"\1", Path(path).read_bytes())


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> None:
    """GEXF 1.3 for Gephi (the version Gephi 0.9 and later write): colour by type, size by mentions,
    positions, time, and each edge's relation as its ``kind``.

    The graph is mixed, as Gephi's own files are: typed relations are directed (the default), a
    co-occurrence is ``type="undirected"``. With ``kind``, Gephi keeps a typed link and the
    co-occurrence between the same two names as two edges instead of merging them.
    Nodes and edges from dated articles get one spell per date, so the graph
    is ``mode="dynamic"`` and Gephi's timeline plays it day by day; those
    from undated articles have no spell and are always shown.
    """
    size = _sizes(G)

    def node_graphs():
        for part in _batched(G.nodes(data=True), 1000):
            H = nx.MultiDiGraph()
            for node, data in part:
                r, g, b = _rgb(TYPE_COLORS.get(data["type"], OTHER_COLOR))
                viz = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": size[node]}
                if "x" in data:
                    viz["position"] = {"x": data["x"], "y": data["y"], "z": 0.0}
                H.add_node(node, **_scalars(data, skip=("x", "y")), viz=viz, **_spells(data))
            yield H

    def edge_texts():
        """Each edge as networkx's GEXF writer made it (ids counted from 0, label and weight as XML
        attributes, spells, then the other attributes as attvalues, the key as networkx_key), written
        as a string at depth 3: building elements for 300,000 edges took a minute."""
        pad, deeper = "\n" + "  " * 4, "\n" + "  " * 5
        for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
            values = _edge_scalars(data)
            weight = values.pop("weight", None)
            head = f'<edge source="{_escape_attrib(u)}" target="{_escape_attrib(v)}" id="{i}"'
            # kind (GEXF 1.3) keeps parallel edges of different relations apart in Gephi, which
            # otherwise folds a typed link into the co-occurrence between the same two names.
            head += "" if directed(data) else ' type="undirected"'
            head += f' label="{_escape_attrib(_edge_label(data))}" kind="{_escape_attrib(data["relation"])}"'
            head += f' weight="{_escape_attrib(str(weight))}">' if weight is not None else ">"
            parts = []
            if spells := _spells(data).get("spells"):
                for start, end in spells:
                    writer.alter_graph_mode_timeformat(start)
                    writer.alter_graph_mode_timeformat(end)
                rows = "".join(f'{deeper}<spell start="{_escape_attrib(a)}" end="{_escape_attrib(b)}" />' for a, b in spells)
                parts.append(f"<spells>{rows}{pad}</spells>")
            values["networkx_key"] = key
            rows = "".join(
                f'{deeper}<attvalue for="{attr_id(k, v)}" value="{_escape_attrib(_gexf_value(v))}" />' for k, v in values.items()
            )
            parts.append(f"<attvalues>{rows}{pad}</attvalues>")
            yield head + "".join(pad + p for p in parts) + "\n      </edge>"

    def attr_id(name: str, value) -> str:
        return writer.get_attr_id(name, writer.xml_type[type(value)], "edge", {}, "static")

    def elements(add, tag, graphs):
        for H in graphs:
            holder = Element("graph")
            add(H, holder)
            yield from holder.find(tag)

    writer = GEXFWriter(version="1.3")
    writer.xml.set("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")  # networkx 3.6 drops the "www."
    # networkx stamps today's date into <meta>; drop it so output is byte-identical across days.
    writer.xml.find("meta").attrib.pop("lastmodifieddate", None)
    # Its <graph name=""> is not allowed by the GEXF schema.
    graph = writer.graph_element = SubElement(writer.xml, "graph", defaultedgetype="directed", mode="static")
    # networkx's writer builds the whole document as one tree; here it makes a thousand nodes or
    # edges at a time, spooled to a temporary file because the attribute declarations it
    # collects on the way (into ``graph``) come before them in the file.
    with tempfile.TemporaryFile() as spool, atomic_open(path) as f:
        nodes = _spool(spool, _texts(elements(writer.add_nodes, "nodes", node_graphs()), 3))
        edges = _spool(spool, edge_texts())
        streams = [(SubElement(graph, "nodes"), nodes()), (SubElement(graph, "edges"), edges())]
        # An element written alone declares the namespace of its <viz:…> children; the whole document declares it once.
        declare = f'xmlns:viz="{writer.NS_VIZ}"' if G.number_of_nodes() else ""
        _write_document(f, writer.xml, writer.indent, streams, declare)


def _gexf_value(value) -> str:
    """An attvalue as networkx writes it: booleans in lower case, non-finite floats as INF/-INF/NaN."""
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    return {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(text, text) if isinstance(value, float) else text


def _batched(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while part := list(itertools.islice(it, n)):
        yield part


def _texts(elements: Iterable[Element], level: int) -> Iterator[str]:
    """Each element as indented XML text at depth ``level`` of the document (without namespace declarations),
    as ElementTree's indent and tostring write it, byte for byte (tests/test_export.py), several times faster."""
    for element in elements:
        yield _xml(element, level)


_NAMESPACES = {"http://gexf.net/1.3/viz": "viz"}


def _qname(tag: str) -> str:
    if tag[:1] == "{":
        uri, _, local = tag[1:].partition("}")
        return f"{_NAMESPACES[uri]}:{local}"
    return tag


def _xml(element: Element, level: int) -> str:
    """One element and its children, indented two spaces a level (the layout ElementTree.indent gives)."""
    tag = _qname(element.tag)
    attrs = "".join(f' {_qname(k)}="{_escape_attrib(v)}"' for k, v in element.items())
    children = list(element)
    if not children:
        return f"<{tag}{attrs}>{_escape_cdata(element.text)}</{tag}>" if element.text else f"<{tag}{attrs} />"
    pad = "\n" + "  " * (level + 1)
    inner = "".join(pad + _xml(child, level + 1) for child in children)
    return f"<{tag}{attrs}>{inner}\n{'  ' * level}</{tag}>"


def _spool(spool: IO[bytes], texts: Iterable[str]) -> Callable[[], Iterator[str]]:
    """Write ``texts`` to the end of ``spool``; return a reader that yields them again."""
    spool.seek(0, os.SEEK_END)
    start, count = spool.tell(), 0
    for text in texts:
        data = text.encode("utf-8")
        spool.write(len(data).to_bytes(8, "little") + data)
        count += 1

    def read() -> Iterator[str]:
        at = start
        for _ in range(count):  # readers may take turns: each seeks to where it was
            spool.seek(at)
            size = int.from_bytes(spool.read(8), "little")
            yield spool.read(size).decode("utf-8")
            at += 8 + size

    return read


def _write_document(f: IO[bytes], root: Element, indent: Callable, streams: list[tuple[Element, Iterator[str]]], declare: str = "") -> None:
    """Write ``root`` as an XML document (as ElementTree would, indented) with each stream's
    element texts written, one at a time, as the last children of its parent element.
    ``declare`` adds namespace declarations to the root element."""
    firsts = []
    for i, (parent, texts) in enumerate(streams):
        first = next(texts, None)
        if first is not None:  # an empty stream leaves its parent as it is (<nodes />)
            SubElement(parent, f"zhkg-stream-{i}")
        firsts.append(first)
    indent(root)
    document = tostring(root, encoding="unicode")
    if declare:
        document = document.replace(" ", f" {declare} ", 1)
    f.write(b"<?xml version='1.0' encoding='utf-8'?>\n")
    for i, ((parent, texts), first) in enumerate(zip(streams, firsts)):
        if first is None:
            continue
        head, document = document.split(f"<zhkg-stream-{i} />", 1)
        f.write(head.encode("utf-8"))
        f.write(first.encode("utf-8"))
        for text in texts:  # the separator: the indentation ElementTree puts between siblings
            f.write((parent.text + text).encode("utf-8"))
    f.write(document.encode("utf-8"))


def _scalars(data: dict, skip: tuple[str, ...] = ()) -> dict:
    return {k: v for k, v in data.items() if isinstance(v, (str, int, float, bool)) and k not in skip}


def _edge_scalars(data: dict) -> dict:
    """An edge's attributes for the one-file formats (GraphML, GEXF, edges.csv). A typed link carries
    the sentence that proves it (``evidence``); a co-occurrence only points at its first sentence
    (``evidence_doc``, offsets): co-occurrences are most edges, and their text in every format made
    most of a corpus's outputs. graph.json, evidence.csv and sentences.csv have every sentence."""
    scalars = _scalars(data)
    if data.get("relation") == "co_occurs":
        scalars.pop("evidence", None)
    return scalars


def directed(data: dict) -> bool:
    """Whether an edge has a direction: every typed relation (head -> tail) does; a co-occurrence
    (two names in one sentence) does not, and is stored once, from the smaller id."""
    return data.get("relation") != "co_occurs"


def _sizes(G: nx.MultiDiGraph) -> dict[str, float]:
    """Node size for Gephi: 10 to 50 by mentions."""
    top = max((d["mentions"] for _, d in G.nodes(data=True)), default=1)
    return {n: round(10 + 40 * d["mentions"] / top, 2) for n, d in G.nodes(data=True)}


def _edge_label(data: dict) -> str:
    return f"{data['relation']}: {data['role']}" if data.get("role") else data["relation"]


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _spells(data: dict) -> dict:
    """One spell per day the node or edge was reported; GEXF's timeline takes full dates only
    (xs:date), so a partial date (2024-05) or an impossible one stays out of it."""
    dates = [d for d in str(data.get("dates", "")).split("|") if _DAY.fullmatch(d) and _real_day(d)]
    return {"spells": [(d, d) for d in dates]} if dates else {}


def _real_day(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def write_json(G: nx.MultiDiGraph, path: str | Path) -> None:
    """networkx node-link JSON (``nx.node_link_graph(data, edges="links")`` reads it back), a node or link per line.

    Each evidence sentence is written once, in a top-level ``sentences`` table
    (``article, sentence, start, end, date, text``) in order of first use; a
    link's ``sentences`` are numbers into it and its first sentence's text is
    not repeated as ``evidence`` (:func:`graph.query.load` puts both back).
    Many links share a sentence: a sentence naming n entities is evidence for
    up to 5n co-occurrence links, and a corpus's evidence written once per
    link made most of the file.

    Written one line at a time with the C JSON encoder (``json.dump`` with an
    ``indent`` runs the pure-Python one, and ``nx.node_link_data`` copies the graph first).
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    table: dict[tuple, int] = {}  # (article, sentence) -> row of the sentence table
    rows: list[dict] = []

    def number(s: dict) -> int:
        key = (s["article"], s["sentence"])
        if key not in table:
            table[key] = len(rows)
            rows.append({k: s[k] for k in SENTENCE_FIELDS})
        return table[key]

    with atomic_open(path, "w", encoding="utf-8") as f:
        head = {"directed": G.is_directed(), "multigraph": G.is_multigraph(), "graph": G.graph}
        f.write(encode(head)[:-1] + ', "nodes": [')
        for i, (node, data) in enumerate(G.nodes(data=True)):
            f.write(("\n" if i == 0 else ",\n") + encode({**data, "id": node}))
        f.write('\n], "links": [')
        for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
            link = {k: x for k, x in data.items() if k != "evidence"}
            link["sentences"] = [number(s) for s in data.get("sentences", ())]
            f.write(("\n" if i == 0 else ",\n") + encode({**link, "source": u, "target": v, "key": key}))
        f.write('\n], "sentences": [')
        for i, row in enumerate(rows):
            f.write(("\n" if i == 0 else ",\n") + encode(row))
        f.write("\n]}\n")


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_START)


def write_csv(rows: Iterable[dict], fields: list[str], path: str | Path) -> None:
    """CSV in UTF-8 with a BOM, so spreadsheet programs show Chinese.

    Text comes from the input, so a name or sentence such as ``=HYPERLINK(…)``
    or ``@SUM(…)`` would run as a formula when the file is opened in Excel,
    LibreOffice or Google Sheets. Following OWASP's CSV injection guidance,
    every ``str`` cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return is written with a leading ``'`` (``'=HYPERLINK(…)``;
    spreadsheets show the text, and quotes inside are escaped by the csv
    module as usual). Numbers (``int``/``float``: weights, offsets, counts,
    positions) are written as they are, negative ones too; a ``str`` that looks
    like a number (``"-1"``) is text from the input and is escaped like any
    other text: no column of ours holds numbers as strings. A carriage return
    inside a cell becomes ``\n`` (the csv module does not quote a bare CR, and
    readers would end the row there).
    """
    with open_csv(fields, path) as write_row:
        for row in rows:
            write_row(row)


@contextmanager
def open_csv(fields: list[str], path: str | Path) -> Iterator[Callable[[dict], None]]:
    """Write CSV rows one at a time (see :func:`write_csv`) to a temporary file renamed to ``path`` on success.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> with open_csv(["name"], path) as row:
    ...     _ = row({"name": "=1+1"})
    >>> path.read_text(encoding="utf-8-sig").splitlines()
    ['name', "'=1+1"]
    """
    with atomic_open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(fields)
        yield lambda row: writer.writerow([_cell(row.get(k)) for k in fields])


def _cell(value: object) -> object:
    """A CSV cell: ``None`` as empty, formula-like text defused with a leading ``'``."""
    if not isinstance(value, str):
        return "" if value is None else value
    if value[:1] in _FORMULA_FIRST:
        value = "'" + value
    # csv quotes a cell with "\n" but not one with a bare "\r", which readers take as a row end.
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def node_rows(G: nx.MultiDiGraph) -> list[dict]:
    return [{"id": n, **d} for n, d in G.nodes(data=True)]


def edge_rows(G: nx.MultiDiGraph) -> list[dict]:
    return [{"source": u, "target": v, **_edge_scalars(d)} for u, v, d in G.edges(data=True)]


def write_report(report: dict, path: str | Path) -> None:
    write_atomic(path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
