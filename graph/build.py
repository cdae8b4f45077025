"""Mentions -> a networkx ``MultiDiGraph``.

Two plain steps, so a notebook can stop after either:

1. :func:`collect` reads processed Docs and returns :class:`Mention` and
   :class:`Link` records, each resolved to a node id within its article and
   carrying its provenance (article, sentence, character offsets).
2. :func:`build_graph` merges them into one graph with the schema documented
   in the README (node id ``TYPE:canonical name``).

Merging rules, all within one article, because only the article links a
short form to a long one:

* titles stay out of names: 习近平总书记 is ``PERSON:习近平`` (alias 习近平总书记);
* a surname with an honorific (孙师傅) becomes the article's only person with
  that surname (孙养利), if there is exactly one;
* a level word plus an organisation (市总工会, 街道总工会, 该县总工会) takes the
  nearest place of that level named before it in the article (西安市,
  北关街道, 澄城县): 西安市总工会, 北关街道总工会. Unresolved, it is dropped —
  a bare 市总工会 is not one organisation across a corpus.

Across articles, one name with both LOC and ORG mentions (安远社区: a place and
a residents' organisation) becomes one node of the type most mentions give.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx
from spacy.tokens import Doc, Span

from extract.entities import place_names, source_span
from extract.markup import tidy
from graph.hierarchy import is_place, structure_links
from graph.namesakes import Namesakes

PRONOUNS = ("她", "他")
# Edge relations, head -> tail (co_occurs is stored once, source id < target id).
RELATIONS = (
    "co_occurs",
    "works_for",
    "member_of",
    "graduated_from",
    "part_of",
    "located_in",
    "contacted",
    "met",
    "visited",
    "issued",
    "honored",
    "said",
    "took_part_in",
    "happened_at",
)
# Co-occurrence within a sentence links each entity to the next COOCCUR_WINDOW entities it names
# (in order of first mention), not to every other one: a sentence naming up to WINDOW + 1 entities
# keeps all its pairs, while a list of 685 names gives a few thousand links rather than 234,000,
# each carrying the whole sentence. Neighbours in a list are what a reader sees as "named together".
COOCCUR_WINDOW = 5
# A date is an attribute, not a node: of its article (every mention and link carries the article's date)
# and of the event its sentence reports (extract.events: date, date_text, date_start/end). As a node,
# "10月13日" joined the stories of every year that had one, and paths ran through "1月20日晚间".
NOT_NODES = frozenset({"DATE"})
LEVELS = ("街道", "社区", "省", "市", "县", "区", "镇", "乡", "村")
LEVEL_ORG = re.compile(r"^(?:该|本|全)?(" + "|".join(LEVELS) + ")(.+)$")
PLACE_PREFIX = re.compile(r"^(.{2,}?(?:" + "|".join(LEVELS) + "))")


@dataclass
class Mention:
    node: str  # TYPE:canonical
    type: str
    name: str
    surface: str
    article: str
    sentence: int
    start: int  # offsets into the source text
    end: int
    role: str = ""
    date: str = ""  # the article's ISO date, if known (an event's own date for EVENT mentions)
    attrs: dict = field(default_factory=dict)  # extra node attributes (EVENT: event_type, trigger, date …)


@dataclass
class Link:
    source: str
    target: str
    relation: str
    article: str
    sentence: int
    evidence: str
    start: int  # offsets of the evidence sentence in the source text
    end: int
    role: str = ""
    date: str = ""  # the article's ISO date, if known
    rule: str = ""  # what found it: a component and pattern, or "co-occurrence"
    confidence: float = 1.0


def collect(docs: Iterable[Doc]) -> tuple[list[Mention], list[Link]]:
    """Resolve each Doc's entities to node ids; gather mentions, co-occurrences and typed relations.

    ``doc._.article`` must be set (see :func:`extract.process`).
    """
    mentions: list[Mention] = []
    links: list[Link] = []
    for doc in docs:
        article = doc._.article
        base = article.start
        sents = list(doc.sents)
        sent_index = _SentenceIndex([s.start for s in sents])
        resolved = _resolve(doc)
        by_sentence: dict[int, list[str]] = defaultdict(list)
        # Pronouns resolved to a person are mentions of that person (never nodes).
        coref = [c for c in doc.spans.get("coref", []) if c._.antecedent in resolved]
        for c in coref:
            resolved[c.start_char] = resolved[c._.antecedent]
        ordered = []  # (type, name, start, end, sentence) for the implied links
        for ent in sorted([*doc.ents, *coref], key=lambda e: e.start):
            name = resolved.get(ent.start_char)
            if name is None or ent.label_ in NOT_NODES:
                continue
            sid = sent_index[ent.start]
            node = f"{ent.label_}:{name}"
            source = source_span(ent)  # as the article wrote it (traditional characters stay traditional)
            surface = source if ent.text.endswith(ent._.title) else source + ent._.title
            mentions.append(
                Mention(
                    node, ent.label_, name, surface, article.id, sid, base + ent.start_char, base + ent.end_char, ent._.role, article.date
                )
            )
            ordered.append((ent.label_, name, ent.start_char, ent.end_char, sid))
            if node not in by_sentence[sid]:
                by_sentence[sid].append(node)
        for sid, nodes in by_sentence.items():
            sent = sents[sid]
            for u, v in cooccurring(nodes):
                links.append(_link(u, v, "co_occurs", article, sid, sent, rule="co-occurrence"))
        named = {(s.start_char, s.end_char) for s in [*doc.ents, *coref]}
        for rel in doc._.relations or []:
            head, tail = _end_name(rel.head, resolved, named), _end_name(rel.tail, resolved, named)
            if head and tail:
                sid = sent_index[rel.head.start]
                u, v = f"{rel.head.label_}:{head}", f"{rel.tail.label_}:{tail}"
                links.append(_link(u, v, rel.label, article, sid, sents[sid], rel.role, rel.rule, rel.confidence))
        paper = _publisher(article)
        for ent in doc.ents if paper else []:
            # 本报讯(记者 刘强) in a paper the input names, 新华社北京10月9日电(记者 …): the reporter works for it.
            if ent.label_ == "PERSON" and ent._.role in ("记者", "通讯员") and ent.start_char in resolved:
                sid = sent_index[ent.start]
                u, v = f"PERSON:{resolved[ent.start_char]}", f"ORG:{paper}"
                links.append(_link(u, v, "works_for", article, sid, sents[sid], ent._.role, "works_for:byline", 0.9))
        _event_nodes(doc, resolved, sent_index, sents, mentions, links)
        types = {name: type_ for type_, name, *_ in ordered}
        for source, target, relation, sid, rule, confidence in structure_links(ordered):
            # A place named only inside an organisation's name (located_in) is a LOC node of its own.
            # A part of an organisation is one (中共中央政治局 → 中共中央), named alone or not; else the target is a place.
            head = types.get(source) or ("LOC" if is_place(source) else "ORG")  # 温州市 of 浙江省温州市人民检察院: a place
            kind = types.get(target) or ("ORG" if relation == "part_of" and head == "ORG" else "LOC")
            u, v = f"{head}:{source}", f"{kind}:{target}"
            links.append(_link(u, v, relation, article, sid, sents[sid], rule=rule, confidence=confidence))
    return mentions, links


def _end_name(span: Span, resolved: dict[int, str], named: set[tuple[int, int]]) -> str | None:
    """The node name of a relation's end: its entity's resolved name, or, for a place named only inside a body's
    name (江西 of 江西省委, extract.relations), the canonical name the rule gave it."""
    if (span.start_char, span.end_char) in named:
        return resolved.get(span.start_char)
    return span._.canonical or None


def cooccurring(nodes: list[str], window: int = COOCCUR_WINDOW) -> Iterator[tuple[str, str]]:
    """The co-occurrence pairs of one sentence's distinct nodes (in order of first mention), each pair
    sorted: every node with the next ``window`` ones, so a sentence gives at most ``window`` links per
    entity and a long list grows linearly, not with its square.

    >>> list(cooccurring(["PERSON:b", "PERSON:a", "ORG:c"]))
    [('PERSON:a', 'PERSON:b'), ('ORG:c', 'PERSON:b'), ('ORG:c', 'PERSON:a')]
    >>> len(list(cooccurring([f"PERSON:{i}" for i in range(6)]))), len(list(cooccurring([f"PERSON:{i}" for i in range(685)])))
    (15, 3410)
    """
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 : i + 1 + window]:
            yield (a, b) if a < b else (b, a)


class _SentenceIndex:
    """Token index -> number of its sentence, by bisection (``span.sent`` walks the tokens on each call)."""

    def __init__(self, starts: list[int]):
        self.starts = starts

    def __getitem__(self, token: int) -> int:
        return bisect_right(self.starts, token) - 1


AGENCY = re.compile(r"^(新华社|中新社|中国新闻社)")


def _publisher(article) -> str:
    """The paper or agency an article's byline belongs to: the agency it names, else the input's ``source``
    (JSONL) when that is a name rather than a path or URL; '' when unknown (本报 alone names nothing)."""
    if m := AGENCY.match(article.byline or ""):
        return m.group(1)
    source = article.meta.get("source", "") if article.byline else ""
    return source if source and len(source) <= 20 and not re.search(r"[/\\.:]", source) else ""


def _event_nodes(doc: Doc, resolved: dict[int, str], sent_index: _SentenceIndex, sents: list[Span], mentions: list, links: list) -> None:
    """Each event of ``doc._.events`` becomes an EVENT node; its arguments link to it.

    ``took_part_in`` (participant → event, with the role: caller, visitor, issuer …)
    and ``happened_at`` (event → place). An event whose sentence names no time takes
    the article's date, marked ``date_source=article``.
    """
    article = doc._.article
    for event in doc._.events or []:
        args = [(span, role, f"{span.label_}:{resolved[span.start_char]}") for span, role in event.args if span.start_char in resolved]
        if not args:
            continue  # an event that names no one and no place links nothing: it stays out of the graph
        sid = sent_index[event.trigger.start]
        start, end = article.start + event.trigger.start_char, article.start + event.trigger.end_char
        date, source = event.date, "text"
        if not date and not event.date_text and article.date:
            date, source = article.date, "article"
        when = event.date_text or date
        label = f"{event.type}·{event.trigger.text}" + (f" {when}" if when else "")
        # Unique per article and offset, and an XML name token (GraphML ids): no spaces, '#' or '@'.
        node = re.sub(r"[^\w.:\-]", "_", f"EVENT:{event.type}:{event.trigger.text}:{article.id}:{start}")
        low, high = event.date_range or (date, date)
        attrs = {
            "event_type": event.type,
            "trigger": event.trigger.text,
            "date": date,
            "date_text": event.date_text,
            "date_start": low or "",
            "date_end": high or "",
            "date_source": source if date else "",
            "rule": event.rule,
            "confidence": float(event.confidence),
        }
        day = date if len(date) == 10 else ""
        mentions.append(Mention(node, "EVENT", label, source_span(event.trigger), article.id, sid, start, end, "", day, attrs))
        for _, role, other in args:
            if role == "place":
                links.append(_link(node, other, "happened_at", article, sid, sents[sid], rule=event.rule, confidence=event.confidence))
            else:
                links.append(_link(other, node, "took_part_in", article, sid, sents[sid], role, event.rule, event.confidence))


def _link(u: str, v: str, relation: str, article, sid: int, sent: Span, role: str = "", rule: str = "", confidence: float = 1.0) -> Link:
    text, start, end = _evidence(sent)
    base = article.start
    return Link(u, v, relation, article.id, sid, text, base + start, base + end, role, article.date, rule, confidence)


def _evidence(sent: Span) -> tuple[str, int, int]:
    """The sentence as quoted, and where it is in the article: its text without the spaces around it
    and those markup left inside it (extract.markup.tidy), the offsets of its first and last character.

    A sentence with n entities gives n(n-1)/2 co-occurrence links: they share
    this string instead of holding a copy each, which keeps a big corpus's links small.
    """
    cache = sent.doc.user_data.setdefault("zhkg_evidence", {})
    if sent.start not in cache:
        raw = source_span(sent)
        lead, trail = len(raw) - len(raw.lstrip()), len(raw) - len(raw.rstrip())
        cache[sent.start] = (tidy(raw), sent.start_char + lead, sent.end_char - trail)
    return cache[sent.start]


def _resolve(doc: Doc) -> dict[int, str]:
    """start_char -> canonical name for each entity of one article; unresolvable ones are left out."""
    names: dict[int, str] = {}
    persons = [e for e in doc.ents if e.label_ == "PERSON" and not e._.surname]
    places: list[tuple[int, str]] = []  # (start, place name) seen so far, in text order
    for ent in doc.ents:
        name = ent._.canonical or ent.text
        if ent.label_ == "PERSON" and ent._.surname:
            full = {p._.canonical for p in persons if p._.canonical.startswith(ent._.surname)}
            name = full.pop() if len(full) == 1 else name
        elif ent.label_ == "ORG" and (m := LEVEL_ORG.match(name)):
            level, rest = m.groups()
            if rest in LEVELS:
                continue  # 街道社区: levels only, a category not an organisation
            place = next((p for _, p in reversed(places) if p.endswith(level)), None)
            if place is None:
                continue
            name = place + rest
        names[ent.start_char] = name
        if ent.label_ == "LOC" and name.endswith(LEVELS):
            places.append((ent.start_char, name))
        elif ent.label_ == "ORG" and (p := PLACE_PREFIX.match(name)) and p.group(1) in place_names():
            places.append((ent.start_char, p.group(1)))
    return names


def build_graph(mentions: list[Mention], links: list[Link], evidence_per_edge: int = 0) -> nx.MultiDiGraph:
    """Merge mentions into nodes and links into weighted edges with evidence (all in memory; see :func:`merge`).

    >>> m = [Mention("PERSON:刘馨蕊", "PERSON", "刘馨蕊", "刘馨蕊", "a", 0, 0, 3, date="2022-10-10"),
    ...      Mention("ORG:安远社区", "ORG", "安远社区", "安远社区", "a", 0, 4, 8)]
    >>> l = [Link("ORG:安远社区", "PERSON:刘馨蕊", "co_occurs", "a", 0, "刘馨蕊…安远社区", 0, 9, date="2022-10-10")]
    >>> G = build_graph(m, l)
    >>> G.nodes["PERSON:刘馨蕊"]["mentions"], G.nodes["PERSON:刘馨蕊"]["dates"]
    (1, '2022-10-10')
    >>> edge = G.edges["ORG:安远社区", "PERSON:刘馨蕊", "co_occurs"]
    >>> edge["weight"], edge["sentences"][0]["text"]
    (1.0, '刘馨蕊…安远社区')
    """
    census = Census()
    census.add(mentions, links)
    return merge([(mentions, links)], census, evidence_per_edge)


class Census:
    """What merging decides corpus-wide, counted one article at a time before :func:`merge`:
    mentions per node id (a LOC and an ORG of one name become the type with more), one node
    for an event several articles report, and namesakes (:class:`graph.namesakes.Namesakes`).

    Articles must be added in input order (the first report of an event names its node).
    """

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.same_event: dict[tuple, str] = {}  # an event's identity -> the node of its first report
        self.namesakes = Namesakes()

    def add(self, mentions: list[Mention], links: list[Link]) -> None:
        """Count one article's mentions and links."""
        self.counts.update(m.node for m in mentions)
        for node, key in _event_keys(mentions, links).items():
            self.same_event.setdefault(key, node)
        self.namesakes.add(mentions, links)


def resolve(
    results: Iterable[tuple[list[Mention], list[Link]]], census: Census, empty: list[str] | None = None
) -> Iterator[tuple[list[tuple[str, Mention]], list[tuple[str, str, Link, bool]]]]:
    """Each article's mentions and links as the merged graph sees them, article by article.

    ``results`` yields ``(mentions, links)`` per article, in input order, the
    articles ``census`` has counted; this yields ``[(node, mention)]`` and
    ``[(source, target, link, new)]`` per article, with final node ids (a
    LOC/ORG twin unified, an event's first report, a namesake's own node). A
    link from a node to itself is left out; ``new`` is false for a link whose
    edge already has evidence from its sentence (one sentence is one piece of
    evidence, whatever rule found it). Nodes known only from inside a name
    (西安市 in 西安市总工会) are appended to ``empty`` as first used.

    Resolution depends only on the census and on earlier articles, so two
    passes over the same results (the graph, and the mention and evidence
    tables) agree.
    """
    empty = [] if empty is None else empty
    retype = _unify_types(census.counts)
    known = {retype.get(n, n) for n in census.counts}  # every node some mention names (namesakes: added as met)

    def node_of(node: str) -> str:
        return retype.get(node) or events.get(node) or renamed.get(node, node)

    events: dict[str, str] = {}  # this article's event nodes -> the node of the event's first report
    renamed: dict[str, str] = {}  # this article's persons who are a namesake of someone else -> their node
    for mentions, links in results:
        events = {node: census.same_event[key] for node, key in _event_keys(mentions, links).items()}
        renamed = census.namesakes.renames(mentions, links)
        known.update(renamed.values())
        resolved = []
        seen = set()
        for link in links:
            u, v = _endpoint(known, empty, node_of(link.source)), _endpoint(known, empty, node_of(link.target))
            if u == v:
                continue
            if link.relation == "co_occurs":
                u, v = sorted((u, v))
            evidence = (u, v, link.relation, link.article, link.sentence)
            resolved.append((u, v, link, evidence not in seen))
            seen.add(evidence)
        yield [(node_of(m.node), m) for m in mentions], resolved


def merge(
    results: Iterable[tuple[list[Mention], list[Link]]],
    census: Census,
    evidence_per_edge: int = 0,
    tap: Callable[[list, list], None] | None = None,
) -> nx.MultiDiGraph:
    """Merge each article's mentions and links into one graph, reading the corpus article by article.

    ``results`` yields ``(mentions, links)`` per article, in input order, the
    articles ``census`` has counted (node ids: :func:`resolve`). Only the
    graph stays in memory: an edge keeps its first ``evidence_per_edge``
    sentences (0: all) and counts the rest, and names its first
    ``evidence_per_edge`` articles (``sources``) and counts them all (``docs``).
    ``tap(mentions, links)``, if given, sees each article as :func:`resolve`
    yields it (the caller streams mentions.csv and evidence.csv from it).

    Nodes carry ``label, type, aliases, mentions, docs, dates``; edges carry
    ``relation, weight`` (sentences), ``docs`` (articles), ``role``, the first ``evidence`` sentence
    with its article and offsets, ``sources``, ``dates``, ``rule`` (what found
    it), ``confidence`` (the surest rule's) and ``sentences`` — evidence
    sentences as dicts (``article, sentence, start, end, text, date``).
    ``dates`` are the distinct ISO dates of the articles, ``|``-joined, like
    ``aliases`` and ``sources``, so GraphML and GEXF can carry them.
    """
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], dict] = {}
    empty: list[str] = []  # nodes known only from inside a name, in order of first use
    for mentions, links in resolve(results, census, empty):
        if tap:
            tap(mentions, links)
        for node, m in mentions:
            data = nodes.get(node)
            if data is None:
                data = nodes[node] = {
                    "aliases": Counter(),
                    "docs": 0,
                    "last": None,
                    "mentions": 0,
                    "dates": set(),
                    "attrs": m.attrs,
                    "name": m.name,
                }
            data["aliases"][m.surface] += 1
            if data["last"] != m.article:  # articles arrive one at a time: a new one is a new doc
                data["docs"] += 1
                data["last"] = m.article
            data["mentions"] += 1
            if m.date:
                data["dates"].add(m.date)
        for u, v, link, new in links:
            data = edges.get((u, v, link.relation))
            if data is None:
                data = edges[(u, v, link.relation)] = _new_edge()
            if link.rule and link.rule not in data["rules"]:
                data["rules"].append(link.rule)
            data["confidence"] = max(data["confidence"], link.confidence)
            if data["last"] != link.article:
                data["last"] = link.article
                data["docs"] += 1
                if not evidence_per_edge or len(data["sources"]) < evidence_per_edge:
                    data["sources"].append(link.article)
            if new:
                data["count"] += 1
                if not evidence_per_edge or len(data["sentences"]) < evidence_per_edge:
                    data["sentences"].append(_sentence(link))
            if link.role and link.role not in data["roles"]:
                data["roles"].append(link.role)
            if link.date:
                data["dates"].add(link.date)

    G = nx.MultiDiGraph()
    for node in sorted(nodes):
        data = nodes[node]
        type_, _, label = node.partition(":")
        # An event's id also holds its article and offset, a namesake's its organisation: the label is the name.
        label = data["name"] if type_ in ("EVENT", "PERSON") else label
        if type_ == "PERSON" and node != f"PERSON:{label}":
            data["attrs"] = {**data["attrs"], "disambiguation": node.rpartition(":")[2]}
        # A pronoun is a mention of the person (it counts), not a name for them.
        aliases = sorted((a for a in data["aliases"] if a != label and a not in PRONOUNS), key=lambda a: (-data["aliases"][a], a))
        G.add_node(
            node,
            **data["attrs"],
            label=label,
            type=type_,
            aliases="|".join(aliases),
            mentions=data["mentions"],
            docs=data["docs"],
            dates="|".join(sorted(data["dates"])),
        )
    for node in empty:
        type_, _, label = node.partition(":")
        G.add_node(node, label=label, type=type_, aliases="", mentions=0, docs=0, dates="")
    for u, v, relation in sorted(edges):
        data = edges[(u, v, relation)]
        first = data["sentences"][0]
        attrs = {
            "relation": relation,
            "weight": float(data["count"]),
            "evidence": first["text"],
            "evidence_doc": first["article"],
            "evidence_start": first["start"],
            "evidence_end": first["end"],
            "sources": "|".join(data["sources"]),
            "docs": data["docs"],
            "dates": "|".join(sorted(data["dates"])),
            "rule": "|".join(data["rules"]),
            "confidence": float(data["confidence"]),
            "sentences": data["sentences"],
        }
        if data["roles"]:
            attrs["role"] = "|".join(data["roles"])
        G.add_edge(u, v, key=relation, **attrs)
    return G


def _event_keys(mentions: list[Mention], links: list[Link]) -> dict[str, tuple]:
    """An article's dated events -> what makes them one event across reports: type, trigger, date and
    every argument with its role. Reprints and follow-ups of one story then share one EVENT node;
    an undated event is never merged with another."""
    args: dict[str, list] = defaultdict(list)
    for link in links:
        if link.relation == "took_part_in" and link.target.startswith("EVENT:"):
            args[link.target].append((link.role, link.source))
        elif link.relation == "happened_at" and link.source.startswith("EVENT:"):
            args[link.source].append(("place", link.target))
    return {
        m.node: (m.attrs["event_type"], m.attrs["trigger"], m.attrs["date"], *sorted(set(args[m.node])))
        for m in mentions
        if m.type == "EVENT" and m.attrs.get("date")
    }


def _new_edge() -> dict:
    return {
        "count": 0,
        "docs": 0,
        "sentences": [],
        "last": None,
        "sources": [],
        "roles": [],
        "dates": set(),
        "rules": [],
        "confidence": 0.0,
    }


def _sentence(link: Link) -> dict:
    return {
        "article": link.article,
        "sentence": link.sentence,
        "start": link.start,
        "end": link.end,
        "text": link.evidence,
        "date": link.date,
    }


def _endpoint(known: set[str], empty: list[str], node: str) -> str:
    """The node a link points at. A name known only from inside another name (西安市 in 西安市总工会)
    becomes a node with no mentions (added to ``known`` and ``empty``); a LOC/ORG twin that exists is used instead."""
    if node in known:
        return node
    type_, _, label = node.partition(":")
    twin = {"LOC": "ORG", "ORG": "LOC"}.get(type_, "") + ":" + label
    if twin in known:
        return twin
    known.add(node)
    empty.append(node)
    return node


def _unify_types(counts: Counter) -> dict[str, str]:
    """LOC:X and ORG:X are one node, of the type with more mentions (ORG on a tie); ``counts``: mentions per node id."""
    retype = {}
    for node in counts:
        type_, _, name = node.partition(":")
        if type_ not in ("LOC", "ORG"):
            continue
        other = ("ORG" if type_ == "LOC" else "LOC") + ":" + name
        if other in counts:
            winner = max((node, other), key=lambda n: (counts[n], n.startswith("ORG")))
            retype[node] = winner
    return retype
