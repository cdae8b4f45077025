"""The graph as FollowTheMoney entities, for Aleph and the ``ftm`` tools.

:func:`write_ftm` writes one entity a line (``proxy.to_dict()`` as JSON, keys sorted, so ``id``
comes first: the lines are sorted by id and the file is ready for ``ftm sorted-aggregate``,
``ftm validate`` or ``alephclient write-entities``). ``pip install "zhkg[ftm]"``
(FollowTheMoney 4.x, Python 3.11+). From the command line::

    zhkg export ftm out/ out/graph.ftm.json
    alephclient write-entities -i out/graph.ftm.json -f my_collection

Mapping (schema names are FtM 4.x's; FtM has no place schema, so a place is an ``Address``):

=======================  ==================================================================
zhkg                     FollowTheMoney
=======================  ==================================================================
PERSON node              ``Person``: name = label, alias = aliases
ORG node                 ``PublicBody`` when the name ends with one of
                         :data:`PUBLIC_BODY_SUFFIXES` (政府, 委员会, 部, 局, 党委 …) and
                         none of :data:`NOT_PUBLIC_BODY_SUFFIXES` (俱乐部, 总部, 餐厅 …); else
                         ``Organization``. name = label, alias = aliases
LOC node                 ``Address``: full = label, alias = aliases
DOC node                 ``Document``: title = name = fileName = label (the document named
                         in 《》; fileName is FtM's required caption)
EVENT node               ``Event``: name = label, summary = "event_type: trigger", keywords
                         = event_type, date / startDate / endDate = date / date_start /
                         date_end (ISO only); ``involved`` = every person or organisation
                         that ``took_part_in`` it, ``organizer`` also for the roles host,
                         issuer and organizer; ``location`` = the names it ``happened_at``,
                         ``addressEntity`` = those that are places
DATE node                not an entity (FtM has none); dates are properties of the others
article (articles.csv)   ``Article`` (a Document): name = article id, title, fileName = the
                         source file's name, publishedAt = date = the article's date, author
                         = reporters, summary = subtitle, sourceUrl = url (when a column has
                         one), language = zho
works_for                ``Employment``: employee, employer, role = the role
                         (from a person to an organisation; otherwise ``UnknownLink``)
member_of                ``Membership``: member, organization, role = the role
part_of                  ``Membership`` (member = the part, organization = the whole, role =
                         part_of) between organisations; between places ``UnknownLink``
took_part_in             folded into the ``Event`` (``involved``); a document or place taking
                         part is an ``UnknownLink`` (subject, object = the event)
happened_at              folded into the ``Event`` (``location``, ``addressEntity``)
other relations          ``UnknownLink`` (graduated_from, located_in, contacted, met,
                         visited, issued, honored, said, any other): subject = source,
                         object = target, role = the relation's name, summary = the edge's
                         role (an honour's title …)
co_occurs                left out: named in one sentence is not a stated relation, and they
                         are most edges (140 of 207 on the sample page), each of which would
                         be an entity of its own; they stay in graph.json and edges.csv
=======================  ==================================================================

Evidence, on every relation entity (Employment, Membership, UnknownLink) and on the Events:
``proof`` = the Articles its evidence sentences come from (``sources``), ``description`` = the
sentences themselves (those kept on the edge: 20 in graph.json, 1 in GraphML), ``sourceUrl`` =
the articles' URLs when known, and on the relations ``date`` = the articles' dates (when it was
reported; an Event's date is its own). Every node entity has ``proof`` = the
articles of all its links (co-occurrences included). Every article a proof names is written,
from articles.csv beside the graph when there is one, else with its id only. Rules and
confidences are not carried (graph.json and edges.csv have them).

Edges with an end that is not an entity (a DATE, a type FtM gets nothing for) are left out.
Ids are ``make_id`` (SHA-1) of a tag and the zhkg key — the node id, the article id, or the
edge's (source, target, relation) — so the same graph gives the same file, byte for byte.
Text is data: values go through FtM's cleaning for their type; one that it rejects (a date
that is not ISO, like 今年8月) is left out, one longer than FtM allows is cut to its limit.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from graph.export import atomic_open

__all__ = [
    "write_ftm",
    "read_articles",
    "entities",
    "is_public_body",
    "PUBLIC_BODY_SUFFIXES",
    "NOT_PUBLIC_BODY_SUFFIXES",
]

# An ORG whose name ends so is a government, party or people's-congress body: a PublicBody.
PUBLIC_BODY_SUFFIXES = (
    "政府",
    "国务院",
    "党中央",
    "委员会",
    "委会",  # 村委会, 居委会
    "委",  # 党委, 纪委, 卫健委, 发改委
    "党组",
    "党总支",
    "部",  # 财政部, 中央组织部, 党支部
    "局",
    "厅",
    "署",
    "办公室",
    "办事处",
    "人民代表大会",
    "人大",
    "常委会",
    "政协",
    "法院",
    "检察院",
    "派出所",
    "使馆",
)
# … unless it ends so: the 部 of a club, a company or a newspaper, a 厅 that is a room; words, not bodies.
NOT_PUBLIC_BODY_SUFFIXES = ("俱乐部", "总部", "事业部", "营业部", "门市部", "编辑部", "干部", "全部", "餐厅", "客厅", "大厅", "展厅")
# took_part_in roles that organise the event as well as take part.
ORGANIZER_ROLES = ("host", "issuer", "organizer")
NODE_SCHEMAS = {"PERSON": "Person", "ORG": "Organization", "LOC": "Address", "DOC": "Document", "EVENT": "Event"}
LEGAL_ENTITY = ("Person", "Organization", "PublicBody")
ORGANIZATION = ("Organization", "PublicBody")
# Characters JSON leaves raw that line readers splitting like str.splitlines() would break on.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def is_public_body(name: str) -> bool:
    """An organisation name that reads as a government or party body.

    >>> is_public_body("中央组织部"), is_public_body("莲湖区人民政府"), is_public_body("安远社区")
    (True, True, False)
    >>> is_public_body("足球俱乐部")
    False
    """
    name = name.strip()
    return name.endswith(PUBLIC_BODY_SUFFIXES) and not name.endswith(NOT_PUBLIC_BODY_SUFFIXES)


def read_articles(source: str | Path) -> list[dict]:
    """The rows of ``articles.csv`` beside a graph (in an output folder, or next to its graph.json); [] if none."""
    source = Path(source)
    path = (source if source.is_dir() else source.parent) / "articles.csv"
    if not path.is_file():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_ftm(G: nx.MultiDiGraph, path: str | Path, overwrite: bool = False, articles: Iterable[dict] | None = None) -> Counter:
    """Write ``G`` as FollowTheMoney entities to ``path`` (line-based JSON); return the count by schema.

    ``articles`` are rows of articles.csv (:func:`read_articles`) for the Article entities.
    An existing ``path`` is an error (:class:`FileExistsError`) unless ``overwrite``; a folder
    is never replaced (:class:`IsADirectoryError`). The file is written atomically.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; not replaced")
    if not overwrite and (path.exists() or path.is_symlink()):
        raise FileExistsError(f"{path} already exists")
    counts: Counter = Counter()
    lines = []
    for proxy in entities(G, articles):
        counts[proxy.schema.name] += 1
        lines.append(_line(proxy.to_dict()))
    lines.sort()  # by id: each line starts with {"id": "<sha1>"
    with atomic_open(path) as f:
        for line in lines:
            f.write(line)
    return counts


def entities(G: nx.MultiDiGraph, articles: Iterable[dict] | None = None):
    """The entities of ``G`` as FtM proxies: its nodes, the articles, the relations (see the module's table)."""
    from followthemoney import model

    schemas = {node: _node_schema(d) for node, d in G.nodes(data=True)}
    schemas = {node: schema for node, schema in schemas.items() if schema}
    ids = {node: _make_id("zhkg-node", node) for node in schemas}
    rows = {}
    for row in articles or ():
        article = _text(row.get("id"))
        if article and article not in rows:
            rows[article] = row
    article_ids = {article: _make_id("zhkg-article", article) for article in rows}
    urls = {article: _text(row.get("url")) for article, row in rows.items() if _text(row.get("url"))}
    dates = {article: _text(row.get("date")) for article, row in rows.items() if _text(row.get("date"))}

    def evidence(proxy, edges, reported: bool = True) -> None:
        """proof, description, sourceUrl (and ``date``, the articles' dates, if ``reported``) from ``edges``."""
        for d in edges:
            for article in _articles_of(d):
                article_ids.setdefault(article, _make_id("zhkg-article", article))
                _put(proxy, "proof", article_ids[article])
                _put(proxy, "sourceUrl", urls.get(article))
                if reported:
                    _put(proxy, "date", dates.get(article))
            for text in _sentences_of(d):
                _put(proxy, "description", text)
            if reported:
                for sentence in d.get("sentences") or ():
                    if isinstance(sentence, dict):
                        _put(proxy, "date", sentence.get("date"))
                _put(proxy, "date", _split(d.get("dates")))

    def incident(node):
        edges = [(u, v, k, d) for u, v, k, d in G.in_edges(node, keys=True, data=True)]
        edges += [(u, v, k, d) for u, v, k, d in G.out_edges(node, keys=True, data=True)]
        return sorted(edges, key=lambda e: (str(e[0]), str(e[1]), str(e[2])))

    # Nodes.
    for node in sorted(schemas, key=str):
        d = G.nodes[node]
        schema = schemas[node]
        proxy = model.make_entity(schema)
        proxy.id = ids[node]
        label = _text(d.get("label")) or _text(node)
        aliases = [a for a in _split(d.get("aliases")) if a != label]
        if schema == "Address":
            _put(proxy, "full", label)
            _put(proxy, "alias", aliases)
        elif schema == "Document":
            _put(proxy, "title", label)
            _put(proxy, "name", label)
            _put(proxy, "fileName", label)
        elif schema == "Event":
            _put(proxy, "name", label)
            event_type, trigger = _text(d.get("event_type")), _text(d.get("trigger"))
            _put(proxy, "summary", ": ".join(filter(None, (event_type, trigger))))
            _put(proxy, "keywords", event_type)
            _put(proxy, "date", d.get("date"))
            _put(proxy, "startDate", d.get("date_start"))
            _put(proxy, "endDate", d.get("date_end"))
        else:
            _put(proxy, "name", label)
            _put(proxy, "alias", aliases)
        for required in ("name", "fileName"):
            if required in proxy.schema.required and not proxy.has(required):
                _put(proxy, required, _text(node))  # a label FtM cleans away entirely: the node id
        edges = incident(node)
        if schema == "Event":
            folded = [e for e in edges if _folded(e, schemas)]
            for u, v, key, d2 in folded:
                if key == "took_part_in":
                    _put(proxy, "involved", ids[u])
                    if _text(d2.get("role")) in ORGANIZER_ROLES:
                        _put(proxy, "organizer", ids[u])
                else:  # happened_at
                    _put(proxy, "location", _text(G.nodes[v].get("label")) or _text(v))
                    if schemas[v] == "Address":
                        _put(proxy, "addressEntity", ids[v])
            # The event's own date only: the articles' dates are not when it happened.
            evidence(proxy, [e[3] for e in edges if e[2] in ("took_part_in", "happened_at")], reported=False)
        else:
            for article in sorted({article for *_, d2 in edges for article in _articles_of(d2)}):
                article_ids.setdefault(article, _make_id("zhkg-article", article))
                _put(proxy, "proof", article_ids[article])
        yield proxy

    # Relations.
    links = []
    for u, v, key, d in G.edges(keys=True, data=True):
        relation = _text(d.get("relation")) or _text(key)
        if relation == "co_occurs" or u not in schemas or v not in schemas or _folded((u, v, relation, d), schemas):
            continue
        links.append((str(u), str(v), relation, u, v, d))
    links.sort(key=lambda link: link[:3])
    for _, _, relation, u, v, d in links:
        schema, source, target = _link_schema(relation, schemas[u], schemas[v])
        proxy = model.make_entity(schema)
        proxy.id = _make_id("zhkg-link", u, v, relation)
        _put(proxy, source, ids[u])
        _put(proxy, target, ids[v])
        role = _text(d.get("role"))
        if schema == "UnknownLink":
            _put(proxy, "role", relation)
            _put(proxy, "summary", role)
        else:
            _put(proxy, "role", role or (relation if relation == "part_of" else None))
        evidence(proxy, [d])
        yield proxy

    # Articles: every row of articles.csv and every article a proof names.
    for article in sorted(article_ids):
        row = rows.get(article, {})
        proxy = model.make_entity("Article")
        proxy.id = article_ids[article]
        _put(proxy, "name", article)
        _put(proxy, "title", row.get("title"))
        source = _text(row.get("source"))
        _put(proxy, "fileName", source.replace("\\", "/").rsplit("/", 1)[-1] if source else article)
        _put(proxy, "publishedAt", row.get("date"))
        _put(proxy, "date", row.get("date"))
        _put(proxy, "author", _split(row.get("reporters")))
        _put(proxy, "summary", row.get("subtitle"))
        _put(proxy, "sourceUrl", row.get("url"))
        _put(proxy, "language", "zho")
        yield proxy


def _node_schema(d: dict) -> str | None:
    schema = NODE_SCHEMAS.get(_text(d.get("type")))
    if schema == "Organization" and is_public_body(_text(d.get("label"))):
        return "PublicBody"
    return schema


def _folded(edge, schemas: dict) -> bool:
    """A took_part_in of a person or organisation, or a happened_at: a property of the Event, not an entity."""
    u, v, key, _ = edge
    if key == "took_part_in":
        return schemas.get(v) == "Event" and schemas.get(u) in LEGAL_ENTITY
    if key == "happened_at":
        return schemas.get(u) == "Event" and v in schemas
    return False


def _link_schema(relation: str, source: str, target: str) -> tuple[str, str, str]:
    """The schema of a relation entity and its two properties, given the schemas at its ends."""
    if relation == "works_for" and source == "Person" and target in ORGANIZATION:
        return "Employment", "employee", "employer"
    if relation in ("member_of", "part_of") and source in LEGAL_ENTITY and target in ORGANIZATION:
        return "Membership", "member", "organization"
    return "UnknownLink", "subject", "object"


def _articles_of(d: dict) -> list[str]:
    seen = dict.fromkeys(_split(d.get("sources")))
    for sentence in d.get("sentences") or ():
        if isinstance(sentence, dict) and _text(sentence.get("article")):
            seen.setdefault(_text(sentence.get("article")))
    if not seen and _text(d.get("evidence_doc")):
        seen[_text(d.get("evidence_doc"))] = None
    return sorted(seen)


def _sentences_of(d: dict) -> list[str]:
    texts = [_text(s.get("text")) for s in d.get("sentences") or () if isinstance(s, dict)]
    texts = [t for t in texts if t] or [_text(d.get("evidence"))]
    return list(dict.fromkeys(t for t in texts if t))


def _put(proxy, name: str, values) -> None:
    """Add ``values`` to property ``name`` as FtM cleans them: rejected ones left out, long ones cut."""
    prop = proxy.schema.get(name)
    if prop is None or values is None:
        return
    for value in values if isinstance(values, (list, tuple)) else [values]:
        text = _text(value)
        if not text:
            continue
        cleaned = prop.type.clean(text, proxy=proxy)
        limit = min(prop.max_length, prop.type.max_length)
        if cleaned is not None and len(cleaned) > limit:
            cleaned = prop.type.clean(cleaned[:limit], proxy=proxy)
        if cleaned and prop.type.validate(cleaned):
            proxy.add(prop, cleaned, cleaned=True)


def _make_id(*parts) -> str:
    """``proxy.make_id``'s SHA-1 of one part, the JSON of ``parts``: it joins its parts with nothing
    between, so ("ab", "c") would be ("a", "bc"); ASCII JSON, so any string (even a lone surrogate) hashes."""
    from followthemoney.util import make_entity_id

    return make_entity_id(json.dumps([str(p) for p in parts]))


def _line(data: dict) -> bytes:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return (text + "\n").encode("utf-8")


def _split(value) -> list[str]:
    return [part.strip() for part in _text(value).split("|") if part.strip()]


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()
