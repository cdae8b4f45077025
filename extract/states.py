"""Pronouns, and the relations that are states rather than events.

Each rule is sentence-local and reads the characters around entity spans, so
it does not depend on how a backbone cut the words. Found relations go on
``doc._.relations`` (:class:`extract.relations.Relation`, with ``rule`` and
``confidence``):

* ``graduated_from`` PERSON → ORG: 毕业于 ORG; ORG + 毕业 (not after 未/没有)
* ``member_of`` PERSON → ORG: 加入/被吸收为 ORG; 是/作为 ORG 会员/成员/社员/党员
* ``located_in`` ORG|LOC → LOC: X 位于/地处/坐落于/总部设在 Y (the most precise place of a chain)

What people do (visit, meet, call, issue, are honoured, say) is an event: extract.events finds it
and extract.event_links draws its links.

``pronouns`` links 她/他 to the most recent compatible person named before it
in the article (the subject of the nearest sentence naming one, within
``MAX_SENTENCES_BACK`` sentences; 她/他 must agree): the pronoun becomes a span
in ``doc.spans["coref"]`` labelled PERSON with ``span._.antecedent`` = the
start character of that person's mention. The graph counts it as a mention of
that person, never as a node, and rules may use it as a subject (她被推荐为…).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.entities import sentence_ents, span_text, token_texts
from extract.relations import Relation

MAX_SENTENCES_BACK = 3
CLAUSE_END = re.compile(r"[,，。;；!！?？:：]")
NEGATION = ("未", "没有", "没", "并未", "不是", "非")
PLACE_LIKE = ("LOC", "ORG")

GRADUATED = re.compile(r"毕业于|毕业自")
LOCATED = re.compile(r"位于|地处|坐落于|坐落在|总部设在|总部位于")
JOIN = re.compile(r"(?:加入了?|被吸收为|入选)")
MEMBER_TAIL = re.compile(r"^(?:的)?(?:会员|成员|社员|团员|党员|队员|一员)")

if not Span.has_extension("antecedent"):
    Span.set_extension("antecedent", default=None)


@Language.component("pronouns")
def pronouns(doc: Doc) -> Doc:
    """她/他 -> a person named before it: the subject (first person) of its own sentence before it,
    else of the last sentence that names one, within MAX_SENTENCES_BACK; skipping a person
    already called by the other pronoun (她 and 他 tell sex)."""
    persons = [e for e in doc.ents if e.label_ == "PERSON" and not e._.surname]
    firsts = [sent.start for sent in doc.sents]
    sent_of = lambda i: bisect_right(firsts, i) - 1  # noqa: E731
    sex: dict[str, str] = {}
    spans = []
    for i, word in enumerate(token_texts(doc)):
        if word not in ("她", "他"):
            continue
        token = doc[i]
        if token.ent_type_:
            continue
        here = sent_of(token.i)
        name = lambda p: p._.canonical or p.text  # noqa: E731
        compatible = [p for p in persons if p.end <= token.i and sex.get(name(p), token.text) == token.text]
        if not compatible or here - sent_of(compatible[-1].start) > MAX_SENTENCES_BACK:
            continue
        last = sent_of(compatible[-1].start)
        antecedent = next(p for p in compatible if sent_of(p.start) == last)  # the subject of that sentence
        sex[name(antecedent)] = token.text
        span = Span(doc, token.i, token.i + 1, label="PERSON")
        span._.antecedent = antecedent.start_char
        span._.canonical = name(antecedent)
        spans.append(span)
    doc.spans["coref"] = spans
    return doc


@Language.component("state_relations")
def state_relations(doc: Doc) -> Doc:
    """The relations of the module doc, appended to ``doc._.relations``."""
    relations = list(doc._.relations or [])
    coref = list(doc.spans["coref"]) if "coref" in doc.spans else []
    for sent, ents in sentence_ents(doc):
        cands = sorted([*ents, *(c for c in coref if sent.start <= c.start < sent.end)], key=lambda s: s.start)
        if len(cands) < 2:
            continue
        text, base = span_text(sent), sent.start_char
        for rule in RULES:
            relations.extend(rule(text, base, cands))
    doc._.relations = _unique(relations)
    return doc


# --- rules: (sentence text, its start char, candidate spans) -> relations -------------


def _graduated(text: str, base: int, cands: list[Span]) -> Iterable[Relation]:
    for m in GRADUATED.finditer(text):
        if _negated(text, m.start()):
            continue
        school = _after(cands, base + m.end(), ("ORG",), text, base, gap=2)
        person = _before(cands, base + m.start(), ("PERSON",))
        if school and text[school.end_char - base : school.end_char - base + 1] == "的":
            # 毕业于河北工业职业技术大学的邓晶: the person the clause describes comes after it
            person = _after(cands, school.end_char + 1, ("PERSON",), text, base, gap=0) or person
        if school and person:
            yield Relation(person, school, "graduated_from", "", "graduated_from:毕业于", 0.9)
    for org in (c for c in cands if c.label_ == "ORG"):
        rest = text[org.end_char - base :]
        if re.match(r"^(?:本科|研究生|硕士|博士)?毕业", rest) and not _negated(text, org.start_char - base):
            person = _before(cands, org.start_char, ("PERSON",))
            if person:
                yield Relation(person, org, "graduated_from", "", "graduated_from:ORG毕业", 0.7)


def _member(text: str, base: int, cands: list[Span]) -> Iterable[Relation]:
    for m in JOIN.finditer(text):
        org = _after(cands, base + m.end(), ("ORG",), text, base, gap=2)
        person = _before(cands, base + m.start(), ("PERSON",))
        if org and person and not _negated(text, m.start()):
            yield Relation(person, org, "member_of", "", "member_of:加入ORG", 0.8)
    for org in (c for c in cands if c.label_ == "ORG"):
        if MEMBER_TAIL.match(text[org.end_char - base :]) and re.search(r"(?:是|作为|身为)$", text[: org.start_char - base]):
            person = _before(cands, org.start_char, ("PERSON",)) or _after(cands, org.end_char, ("PERSON",), text, base, gap=8)
            if person:
                yield Relation(person, org, "member_of", "", "member_of:是ORG会员", 0.8)


def _located(text: str, base: int, cands: list[Span]) -> Iterable[Relation]:
    for m in LOCATED.finditer(text):
        thing = _before(cands, base + m.start(), ("ORG", "LOC"))
        if thing is None or _clause_break(text, thing.end_char - base, m.start()):
            continue
        for place in _places_after(cands, base + m.end(), text, base)[:1]:
            # 西班牙位于北非的飞地: what lies there is the noun after 的, not the subject.
            if place.label_ == "LOC" and place.text != thing.text and not text.startswith("的", place.end_char - base):
                yield Relation(thing, place, "located_in", "", "located_in:X位于Y", 0.9)


RULES = [_graduated, _member, _located]


# --- helpers -------------------------------------------------------------------------


def _before(cands: list[Span], pos: int, labels: tuple[str, ...]) -> Span | None:
    """The nearest candidate of ``labels`` ending at or before character ``pos``."""
    found = [c for c in cands if c.end_char <= pos and c.label_ in labels]
    return found[-1] if found else None


def _after(cands: list[Span], pos: int, labels: tuple[str, ...], text: str, base: int, gap: int = 12) -> Span | None:
    """The first candidate of ``labels`` starting within ``gap`` characters after ``pos``, in the same clause."""
    for c in cands:
        if c.start_char >= pos and c.label_ in labels:
            if c.start_char - pos <= gap and not _clause_break(text, pos - base, c.start_char - base):
                return c
            return None
    return None


def _places_after(cands: list[Span], pos: int, text: str, base: int) -> list[Span]:
    """Places after a visit verb, in its clause: the last of each chain, each item of a list."""
    found: list[Span] = []
    last_end = pos
    for c in cands:
        if c.start_char < pos:
            continue
        between = text[last_end - base : c.start_char - base]
        if c.label_ not in PLACE_LIKE or CLAUSE_END.search(between) or len(between) > (6 if not found else 2):
            break
        if found and between == "" and c.start_char == found[-1].end_char:
            found[-1] = c  # a chain: 沈阳皇姑区三台子街道牡丹社区 -> the most precise place
        elif found and between not in ("、", "和", "及", "与", ""):
            break
        else:
            found.append(c)
        last_end = c.end_char
    return found


def _clause_break(text: str, a: int, b: int, allow: int = 0) -> bool:
    return len(CLAUSE_END.findall(text[a:b])) > allow


def _negated(text: str, i: int) -> bool:
    return text[max(0, i - 3) : i].endswith(NEGATION)


def _unique(relations: list[Relation]) -> list[Relation]:
    seen, out = set(), []
    for r in relations:
        key = (r.head.start_char, r.tail.start_char, r.label, r.role)  # two posts in one body are two links
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
