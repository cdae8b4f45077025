"""Who did what to whom: relations read from a verb between two entities, and pronouns.

Each rule is sentence-local and reads the characters around entity spans, so
it does not depend on how a backbone cut the words. Found relations go on
``doc._.relations`` (:class:`extract.relations.Relation`, with ``rule`` and
``confidence``):

* ``graduated_from`` PERSON → ORG: 毕业于 ORG; ORG + 毕业 (not after 未/没有)
* ``contacted`` PERSON → PERSON: 拨通/致电 X(的)电话; 与/和/给 X 通话/通电话/打电话
* ``met`` PERSON|ORG → PERSON|ORG: 会见/会晤/接见/看望/慰问 X; 与 X 座谈/会谈
* ``visited`` PERSON|ORG → LOC|ORG: 来到/赴/走进/前往/深入 X (考察/参观…); of a chain
  of places (辽宁沈阳皇姑区…牡丹社区) the last, most precise one; each item of a
  list (赴A、B和C参观学习); "来到他们中间" takes the place the sentence is 在
* ``issued`` ORG → DOC: ORG(、ORG) 印发/发布/出台/公布/下发/颁布 《DOC》
* ``honored`` PERSON|ORG|LOC → the place or organisation named in the honour:
  被评为/被推荐为/被授予/荣获/获评 “…” (the honour is the ``role``)
* ``member_of`` PERSON → ORG: 加入/被吸收为 ORG; 是/作为 ORG 会员/成员/社员/党员
* ``located_in`` ORG|LOC → LOC: X 位于/地处/坐落于/总部设在 Y (the most precise place of a chain)
* ``said`` PERSON|ORG → each entity the quote names: X 说/表示/指出/强调: “…” and
  “…” X 说 (the quote is the evidence)

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
ACTORS = ("PERSON", "ORG")
QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")

GRADUATED = re.compile(r"毕业于|毕业自")
CALL = re.compile(r"拨通了?|致电")
CALL_WITH = re.compile(r"(?:与|和|同|给)$")
CALL_AFTER = re.compile(r"^(?:打了?(?:个)?电话|电话联系)")
MEET = re.compile(r"会见了?|会晤了?|接见了?|看望了?|慰问了?")
# 与X会谈, 同X举行会谈, 同X通电话: talks, in person or by phone (leaders' calls are talks; 拨通X电话 is contacted).
MEET_AFTER = re.compile(r"^(?:举行了?)?(?:视频)?(?:座谈|会谈|会晤|会面|见面|通了?电话|通话)")
# What may stand between 同/与 and the one met: that one's country or body and post (同白俄罗斯总统卢卡申科).
MEET_WITH = re.compile(r"(?:与|和|同)[^，。,；;：:“”\"]{0,16}$")
VISIT = re.compile(r"来到|赴|走进|前往|深入|到访|莅临")
INSPECT = re.compile(r"(?:考察|调研|视察|检查指导|检查)")
ISSUE = re.compile(r"(?:联合)?(?:印发|发布|出台|公布|下发|颁布)了?")
HONOR = re.compile(r"被(?:评为|推荐为|授予|表彰为|命名为)|荣获|获评|获得了?|被评选为")
LOCATED = re.compile(r"位于|地处|坐落于|坐落在|总部设在|总部位于")
JOIN = re.compile(r"(?:加入了?|被吸收为|入选)")
MEMBER_TAIL = re.compile(r"^(?:的)?(?:会员|成员|社员|团员|党员|队员|一员)")
SAY = re.compile(r"(?:说|表示|指出|强调|介绍|称|透露|坦言)(?=[:：,，“\"]|$)")

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


@Language.component("action_relations")
def action_relations(doc: Doc) -> Doc:
    """The verb-triggered relations of the module doc, appended to ``doc._.relations``."""
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
        if school and person:
            yield Relation(person, school, "graduated_from", "", "graduated_from:毕业于", 0.9)
    for org in (c for c in cands if c.label_ == "ORG"):
        rest = text[org.end_char - base :]
        if re.match(r"^(?:本科|研究生|硕士|博士)?毕业", rest) and not _negated(text, org.start_char - base):
            person = _before(cands, org.start_char, ("PERSON",))
            if person:
                yield Relation(person, org, "graduated_from", "", "graduated_from:ORG毕业", 0.7)


def _contacted(text: str, base: int, cands: list[Span]) -> Iterable[Relation]:
    for m in CALL.finditer(text):
        callee = _after(cands, base + m.end(), ("PERSON",), text, base)
        caller = _before(cands, base + m.start(), ("PERSON",))
        if callee and caller and callee.text != caller.text:
            yield Relation(caller, callee, "contacted", "", "contacted:拨通电话", 0.9)
    for callee in (c for c in cands if c.label_ == "PERSON"):
        head, tail = text[: callee.start_char - base], text[callee.end_char - base :]
        if CALL_WITH.search(head) and CALL_AFTER.match(tail):
            caller = _before(cands, callee.start_char - 1, ("PERSON",))
            if caller and caller.text != callee.text:
                yield Relation(caller, callee, "contacted", "", "contacted:与X通话", 0.8)


def _met(text: str, base: int, cands: list[Span]) -> Iterable[Relation]:
    for m in MEET.finditer(text):
        guest = _after(cands, base + m.end(), ACTORS, text, base)
        guest = _person_of(cands, guest, text, base) or guest  # 会见美国高盛集团董事长苏德巍: the chairman, not the bank
        host = _before(cands, base + m.start(), ACTORS)
        if guest and host and guest.text != host.text:
            yield Relation(host, guest, "met", "", "met:会见", 0.8)
    for other in (c for c in cands if c.label_ in ACTORS):
        head, tail = text[: other.start_char - base], text[other.end_char - base :]
        with_ = MEET_WITH.search(head)
        if (
            with_
            and MEET_AFTER.match(tail)
            and not [c for c in cands if c.label_ == "PERSON" and base + with_.start() < c.start_char < other.start_char]
        ):
            host = _before(cands, base + with_.start(), ACTORS)
            if host and host.text != other.text:
                yield Relation(host, other, "met", "", "met:与X会谈", 0.7)


def _person_of(cands: list[Span], org: Span | None, text: str, base: int) -> Span | None:
    """The person an organisation is written before, with the post between (高盛集团董事长苏德巍)."""
    if org is None or org.label_ == "PERSON":
        return None
    from extract.relations import is_role, posts

    after = [c for c in cands if c.start_char >= org.end_char]
    if after and after[0].label_ == "PERSON":
        between = text[org.end_char - base : after[0].start_char - base]
        if between and all(is_role(p) for p in posts(between)):
            return after[0]
    return None


def _visited(text: str, base: int, cands: list[Span]) -> Iterable[Relation]:
    for m in VISIT.finditer(text):
        visitor = _before(cands, base + m.start(), ("PERSON",)) or _before(cands, base + m.start(), ("ORG",))
        if visitor is None:
            continue
        places = _places_after(cands, base + m.end(), text, base)
        rule, confidence = "visited:来到X", 0.8
        if not places and text[m.end() :].startswith(("他们中间", "这里", "群众中间", "他们身边")):
            # 正在上海中心大厦…开展活动,习近平来到他们中间: the place the sentence is 在.
            places = [c for c in cands if c.label_ in PLACE_LIKE and text[: c.start_char - base].endswith("在")][-1:]
            rule, confidence = "visited:在X…来到他们中间", 0.6
        for place in places:
            if place.text != visitor.text:
                yield Relation(visitor, place, "visited", "", rule, confidence)
    # 丁薛祥在山西省太原市考察, 李克强在交通运输部调研, 李克强到国家电网公司考察: 在/到 + the place (the most
    # precise of a chain) + the visit.
    for m in INSPECT.finditer(text):
        # 在X考察 and 到X考察 (到 alone is no visit: 到2025年, 得到)
        at = max(text.rfind("在", 0, m.start()), text.rfind("到", 0, m.start()))
        if text[at : at + 1] == "到" and text[at - 1 : at] in ("得", "受", "遇", "达", "想", "看", "提", "感"):
            continue
        if at < 0 or _clause_break(text, at, m.start()):
            continue
        places = _places_after(cands, base + at + 1, text, base)
        visitor = _before(cands, base + at, ("PERSON",))
        if places and visitor and not _clause_break(text, visitor.end_char - base, at) and places[-1].end_char - base <= m.start():
            for place in places:
                yield Relation(visitor, place, "visited", "", "visited:在X考察", 0.7)


def _issued(text: str, base: int, cands: list[Span]) -> Iterable[Relation]:
    for m in ISSUE.finditer(text):
        docs = [
            c
            for c in cands
            if c.label_ == "DOC" and c.start_char >= base + m.end() and not _clause_break(text, m.end(), c.start_char - base)
        ]
        issuers = _run_before(cands, base + m.start(), ("ORG",), text, base)
        for issuer in issuers:
            for d in docs[:3]:
                yield Relation(issuer, d, "issued", "", "issued:ORG印发《DOC》", 0.9)


def _honored(text: str, base: int, cands: list[Span]) -> Iterable[Relation]:
    for m in HONOR.finditer(text):
        honoree = _before(cands, base + m.start(), ("PERSON", "ORG", "LOC"))
        if honoree is None or _clause_break(text, honoree.end_char - base, m.start(), allow=1):
            continue
        rest = text[m.end() :]
        q = re.match(r"[“\"]([^”\"]+)[”\"]|([^,，。;；]{2,20})", rest)
        if not q:
            continue
        title = q.group(1) or q.group(2)
        start, end = base + m.end(), base + m.end() + q.end()
        for inside in (c for c in cands if start <= c.start_char and c.end_char <= end and c.label_ in PLACE_LIKE):
            if inside.text != honoree.text:
                yield Relation(honoree, inside, "honored", title, "honored:被评为“…”", 0.6)


def _said(text: str, base: int, cands: list[Span]) -> Iterable[Relation]:
    for m in SAY.finditer(text):
        quote = next(
            (q for q in QUOTE.finditer(text) if q.start() >= m.end() and not _clause_break(text, m.end(), q.start(), allow=1)), None
        )
        speaker = _before(cands, base + m.start(), ACTORS)  # ends before the verb
        if speaker is None or _clause_break(text, speaker.end_char - base, m.start(), allow=1):
            continue
        if quote is None:
            # “…”刘馨蕊说: the quote ends just before the speaker.
            quote = next((q for q in QUOTE.finditer(text) if q.end() == speaker.start_char - base), None)
        rule = "said:X说“…”"
        if quote is not None:
            qs, qe = base + quote.start(), base + quote.end()
        elif text[m.end() : m.end() + 1] in ",，:：":
            qs, qe, rule = base + m.end(), base + len(text), "said:X表示，…"  # indirect speech: the rest of the sentence
        else:
            continue
        for named in (c for c in cands if qs <= c.start_char and c.end_char <= qe and c.label_ in ACTORS):
            if named.text != speaker.text:
                yield Relation(speaker, named, "said", "", rule, 0.7 if quote is not None else 0.6)


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
            if place.label_ == "LOC" and place.text != thing.text:
                yield Relation(thing, place, "located_in", "", "located_in:X位于Y", 0.9)


RULES = [_graduated, _contacted, _met, _visited, _issued, _honored, _said, _member, _located]


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


def _run_before(cands: list[Span], pos: int, labels: tuple[str, ...], text: str, base: int) -> list[Span]:
    """The list of ``labels`` entities just before ``pos``: 中共中央办公厅、国务院办公厅印发."""
    run: list[Span] = []
    end = pos
    for c in reversed([c for c in cands if c.end_char <= pos]):
        between = text[c.end_char - base : end - base]
        if c.label_ not in labels or len(between) > (4 if not run else 1) or CLAUSE_END.search(between):
            break
        run.insert(0, c)
        end = c.start_char
    return run


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
