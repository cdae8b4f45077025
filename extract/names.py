"""Names the backbone cuts or misses in national and foreign news, fixed by classes, not by lists of names.

* ``glued_verbs``: a name that swallowed the first character of the verb after it
  (卢卡申科通 | 电话 → 卢卡申科): LAC glues a name to 通 of 通电话, 会 of 会见 …;
  a body's name swallows a verb of the body's too (工业和信息化部联合 | 国家标准化管理委员会, 浙江组织 | 党员);
* ``datelines``: the outlet of a web dateline is an organisation (央视网消息（新闻联播）, 新华网消息);
* ``countries``: a country is a place, never a person, and one place even when the backbone split
  it (白 + 俄罗斯 → 白俄罗斯); a country name no entity covers becomes one (印尼). The list is
  the world's states (resources/countries.txt);
* ``joined_ministries``: a ministry named for two fields joined by 和 is one body (文化和旅游部,
  住房和城乡建设部), where the backbone saw none or half of it;
* ``two_bodies``: two national bodies written as one (中央纪委国家监委: 中央纪委 and 国家监委);
* ``country_pairs``: 中美, 中俄, 美中 (two countries' one-character names: their relations, not a
  place) and 中方, 俄方 (a side, not a name) are no entities;
* ``common_nouns``: a kind of place or body is no name (高速公路, 北方地区, 公办大学, 产业集团);
* ``foreign_bodies``: a foreign body after its country is the body, in the country (美国 | 高盛集团);
* ``country_places``: a place after its country is a place of its own (印尼 | 巴厘岛);
* ``cut_countries``: a country glued to the start of the next name gives it back (也门萨 | 那 → 也门 + 萨那);
* ``joined_places``: two places written as one are two (潍坊 | 诸城); a person named like a place the article
  names as one is the place;
* ``place_bodies``: a body after its place that the article also names alone is the body, in the place (河北 | 开滦集团);
* ``listed_names``: a word between two names of a list is a name (明国平、明菊兰、明珍珍);
* ``city_letters``: a city's one-character name after a verb of place is the city (在京 → 北京市);
* ``whole_names``: a name cut at its start where the article writes it whole is the whole name (别 | 尔德穆哈梅多夫);
* ``dotted_names``: a transliterated name is not split at a middle dot;
* ``names_after_posts``: a foreign name after a post is not cut into words (总理内 | 塔尼亚 | 胡);
* ``name_tails``: a two-character name keeps a third character left before punctuation (王伟 | 中 | 、);
* ``bodies_by_word``: ministries and offices the backbone read as words (应急管理部, 金融监管总局局长, …指挥部 | 办公室);
* ``named_units``: a team or studio named for a person is an organisation (“李志强班”, 邓晶创新工作室);
* ``idiom_names``: a two-character "person" named once with nothing of a person's beside it is a word (茫茫林海);
* ``posts_of_bodies``: a "person" whose post another person holds is a body (哈马斯高级官员纳伊姆);
* ``body_roles``: a place or body followed by a post that begins with a body of it is that body
  and the rest of the post (江西 | 省委书记 → 江西省委 | 书记; 中共中央 | 政治局常委 → 中共中央政治局 |
  常委), so ``works_for`` reads ORG + ROLE + NAME.

Foreign names that start with no Chinese surname (古特雷斯, 耶伦) are kept by
:func:`extract.entities.plausible_foreign_name`.

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("zh").vocab, words=["同", "白俄罗斯", "总统", "通电话"], spaces=[False] * 4)
>>> _ = countries(doc); [(e.text, e.label_) for e in doc.ents]
[('白俄罗斯', 'LOC')]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.entities import (
    CITY_ONE_CHAR,
    NOT_ORG,
    OFFICIAL_ENDS,
    ORG_SUFFIXES,
    STATE_FORMS,
    VENUE,
    country_names,
    cut_suffixes,
    doc_text,
    encloses,
    is_meeting,
    known_place_names,
    leading_place,
    place_aliases,
    place_names,
    places,
    plausible_foreign_name,
    set_ents,
    set_names,
    split_at,
    surnames,
    transliteration,
)
from extract.events import HAND_WORDS

# The first character of a verb a name gets glued to, and what may follow it in the next token.
GLUED = {
    "通": ("电话", "话"),
    "会": ("见", "谈", "晤"),
    "表": ("示",),
    "指": ("出",),
    "强": ("调",),
    "致": ("电", "函", "信"),
    "建": ("交",),
}
OUTLET = re.compile(r"(?:^|\n)[ \t]*([\u4e00-\u9fffA-Za-z]{1,8}?(?:网|社|台|报|日报|电视台))(?=消息|讯|电[（(]|[（(]记者)")
# Bodies a post can begin with (省委书记, 政治局常委, 党组书记, 常委会主任 …), longest first.
BODIES = sorted(
    (
        "省委 市委 县委 区委 州委 盟委 旗委 镇委 乡委 党委 党组 政治局 书记处 纪委 监委 常委会 人大常委会 政协 "
        "省政府 市政府 县政府 区政府 政府"
    ).split(),
    key=len,
    reverse=True,
)


@cache
@cache
def _country_pattern() -> re.Pattern:
    """Every country name of two characters or more, longest first, with its state form if written (the backbone
    cuts 印度 | 尼西亚共和国): one pass over a text finds them all."""
    names = sorted((n for n in country_names() if len(n) >= 2), key=lambda n: (-len(n), n))
    return re.compile(f"(?:{'|'.join(map(re.escape, names))})(?:{STATE_FORMS})?")


GLUED_WITH = ("同", "与", "向", "跟")  # 在北京人民大会堂同 | 欧盟委员会主席…: the preposition before the next name
# Verbs a body does that the backbone glues to the body's name (工业和信息化部联合 | 国家标准化管理委员会,
# 航天局称, 中央广播电视总台所属): no name ends in them. 组织 does (世界卫生组织): it is cut only after a place or
# a body (浙江组织 | 党员干部), and 会 of 会同 only after a body (国家体育总局会 | 同).
BODY_VERBS = ("联合", "所属", "牵头", "称", "组织", "会")


@Language.component("glued_verbs")
def glued_verbs(doc: Doc) -> Doc:
    """卢卡申科通 | 电话 → 卢卡申科: the verb's first character goes back to the verb; 北京人民大会堂同 | 欧盟委员会 →
    北京人民大会堂 and 韩正在 | 钓鱼台国宾馆 → 韩正: so does a preposition right before the next name."""
    cuts = []
    starts = {e.start for e in doc.ents}
    for ent in doc.ents:
        nxt, named = (doc[ent.end].text if ent.end < len(doc) else ""), ent.end in starts
        if ent.label_ in ("PERSON", "ORG", "LOC") and len(ent.text) >= 3 and nxt.startswith(GLUED.get(ent.text[-1], ())):
            cuts.append((ent, ent.text[-1], ent.label_))
        elif ent.label_ in ("ORG", "LOC") and len(ent.text) >= 4 and ent.text.endswith(GLUED_WITH) and ent.end in starts:
            cuts.append((ent, ent.text[-1], ent.label_))
        elif ent.label_ in ("ORG", "PERSON") and len(ent.text) >= 4 and ent.text.endswith(("愿", "和")) and (nxt in GLUED_WITH or named):
            cuts.append((ent, ent.text[-1], ent.label_))  # 全国政协愿 | 同, 朔尔茨和 | 法国政府
        elif ent.label_ == "PERSON" and len(ent.text) >= 3 and ent.text.endswith(("在", *GLUED_WITH)) and ent.end in starts:
            cuts.append((ent, ent.text[-1], ent.label_))  # 韩正在 | 钓鱼台国宾馆: 在 goes to the place
        elif ent.label_ == "ORG" and (cut := _body_verb(ent.text, nxt)):
            cuts.append((ent, *cut))
    cut_suffixes(doc, cuts)
    # 中方愿 | 同亚行: the preposition after a verb or adverb opens the next clause, not the name.
    heads = []
    for ent in doc.ents:
        before = doc[ent.start - 1] if ent.start else None
        if (
            ent.label_ in ("ORG", "LOC")
            and len(ent.text) >= 3
            and ent.text.startswith(GLUED_WITH)
            and before is not None
            and (before.tag_ in ("d", "v", "vd") or before.text.endswith("方"))
        ):
            heads.append((ent.start_char + 1, ent.end_char, ent.label_))
    if heads:
        set_ents(doc, [sp for s, e, label in heads for sp in _labelled(doc, [(s, e)], label)], override=True)
    return doc


def _body_verb(name: str, after: str) -> tuple[str, str] | None:
    """The verb a body's name swallowed and the kind of what is left (LOC for a place: 浙江组织 → 浙江)."""
    verb = next((v for v in BODY_VERBS if name.endswith(v)), "")
    rest = name[: -len(verb)] if verb else ""
    if len(rest) < 2:
        return None
    body = rest.endswith((*ORG_SUFFIXES, "台"))
    if verb in ("联合", "所属", "牵头", "称") and body:
        return verb, "ORG"
    if verb == "组织" and (_places_only(rest) or body):
        return verb, "LOC" if _places_only(rest) else "ORG"
    if verb == "会" and after.startswith("同") and rest.endswith(("局", "部", "委", "院", "署", "办", "厅")):
        return verb, "ORG"
    return None


def _places_only(text: str) -> bool:
    """``text`` is a place or a chain of places (云南西双版纳傣族自治州)."""
    while text and text not in known_place_names():
        lead = leading_place(text)
        if not lead:
            return False
        text = text[len(lead) :]
    return bool(text)


def _labelled(doc: Doc, bounds: list[tuple[int, int]], label: str) -> list[Span]:
    """Spans of ``label`` over character ``bounds``, tokens split where a bound falls inside one."""
    split_at(doc, {x for pair in bounds for x in pair})
    return [span for s, e in bounds if (span := doc.char_span(s, e, label=label)) is not None]


@Language.component("datelines")
def datelines(doc: Doc) -> Doc:
    """The outlet that opens a web dateline (央视网消息（新闻联播）：…) is an organisation."""
    spans = _labelled(doc, [m.span(1) for m in OUTLET.finditer(doc_text(doc))], "ORG")
    if spans:
        set_ents(doc, spans, override=True)
    return doc


@Language.component("countries")
def countries(doc: Doc) -> Doc:
    """Countries are places: split ones joined (白 + 俄罗斯), people named like one relabelled, unlabelled ones found."""
    text = doc_text(doc)
    bounds = []
    for m in _country_pattern().finditer(text):
        start, end = m.span()
        inside = [e for e in doc.ents if e.start_char < end and start < e.end_char]
        # Only where the backbone saw a place or a person, or nothing, or the country alone as a body (斯洛伐克
        # and 匈牙利 as ORG): 中国 inside 中国银行 stays the bank's.
        alone = len(inside) == 1 and (inside[0].start_char, inside[0].end_char) == (start, end)
        if alone or all(e.label_ in ("LOC", "PERSON") and start <= e.start_char and e.end_char <= end for e in inside):
            if inside or (_free(text, start, end) and _one_word(doc, start, end)):
                bounds.append((start, end))
    bounds = _outermost(bounds)
    if bounds:
        set_ents(doc, _labelled(doc, bounds, "LOC"), override=True)
    return doc


HOME = frozenset({"中国"})


@Language.component("foreign_bodies")
def foreign_bodies(doc: Doc) -> Doc:
    """A foreign body written after its country (美国高盛集团, 韩国三星集团) is the body, in the country:
    LOC + ORG. Chinese ones keep theirs (中国银行, 中华全国总工会: the country is part of the name)."""
    split = []
    for ent in doc.ents:
        m = _country_pattern().match(ent.text) if ent.label_ in ("ORG", "LOC") else None
        rest = ent.text[m.end() :] if m else ""
        # A body read as a place with its country (俄罗斯国防部 as LOC) is the body too.
        if m and m.group() not in HOME and len(rest) >= 3 and (ent.label_ == "ORG" or rest.endswith(ORG_SUFFIXES)):
            split.append((ent, m.end(), "LOC"))
    _split_ents(doc, split)
    return doc


FOREIGN_REGION = re.compile(r"^[\u4e00-\u9fff]{3,}(?:州|省|市|郡)$")


@Language.component("joined_places")
def joined_places(doc: Doc) -> Doc:
    """Two places written as one word (潍坊诸城, the backbone's one place) are two when the gazetteer knows both and
    puts the second inside the first: LOC + LOC (and part_of in the graph); so are a city and a venue in it
    (北京 | 人民大会堂). A person named like a place the
    article names as a place (舒兰 … 舒兰) is that place."""
    known = known_place_names()
    split = []
    for ent in doc.ents:
        if ent.label_ != "LOC" or ent.text in known:
            continue
        cut = next((k for k in range(2, len(ent.text) - 1) if ent.text[:k] in known and ent.text[k:] in known), 0)
        if cut and encloses(ent.text[:cut], ent.text[cut:]):
            split.append((ent, cut, "LOC"))
        elif VENUE.search(ent.text) and (k := len(leading_place(ent.text))) and len(ent.text) - k >= 3:
            split.append((ent, k, "LOC"))  # 北京 | 人民大会堂: a venue in its city
    _split_ents(doc, split, rest="LOC")
    aliases = place_aliases()
    places = {aliases.get(e.text, e.text) for e in doc.ents if e.label_ == "LOC"}

    def a_place(e: Span) -> bool:
        return e.label_ == "PERSON" and e.text in known and aliases.get(e.text, e.text) in places

    if any(a_place(e) for e in doc.ents):
        doc.ents = [Span(doc, e.start, e.end, label="LOC") if a_place(e) else e for e in doc.ents]
    return doc


# A place's kind at the end of its name: what a place after a country's name must end with to be one.
PLACE_END = re.compile(r"[\u4e00-\u9fff]{2,}(?:岛|群岛|省|州|市|县|区|城|港|湾|山|河|湖)$")


@Language.component("country_places")
def country_places(doc: Doc) -> Doc:
    """A place written after its country (印尼巴厘岛, 美国加利福尼亚州) is two places: the country and the place.
    What follows must be a place by itself: a Chinese division of the gazetteer, or a name ending in a kind of
    place with two characters before it (巴厘岛; not 半岛 of 朝鲜半岛, nor 利亚 of 巴西利亚)."""
    split = []
    gazetteer = places()
    for ent in doc.ents:
        m = _country_pattern().match(ent.text) if ent.label_ == "LOC" else None
        rest = ent.text[m.end() :] if m else ""
        if rest and (rest in gazetteer or PLACE_END.fullmatch(rest)):
            split.append((ent, m.end(), "LOC"))
    _split_ents(doc, split, rest="LOC")
    return doc


@Language.component("cut_countries")
def cut_countries(doc: Doc) -> Doc:
    """A country glued to one or two characters of the next name, which goes on (也门萨 | 那, 乌克兰第 | 聂伯罗…州):
    the country, and the characters go back to the place they begin (萨那, 第聂伯罗…州) or are dropped."""
    cut = []
    for ent in doc.ents:
        m = _country_pattern().match(ent.text) if ent.label_ == "LOC" else None
        rest = ent.text[m.end() :] if m else ""
        if not (rest and len(rest) <= 2 and _cut_mid_name(doc, ent, rest)):
            continue
        after = doc[ent.end]
        if after.ent_type_ == "LOC":  # 乌克兰第 | 聂伯罗彼得罗夫斯克州: the characters go to the next place
            cut.append((ent.start_char, ent.start_char + m.end(), next(e.end_char for e in doc.ents if e.start == ent.end)))
            continue
        country, foreign = ent.start_char + m.end(), all(c in transliteration() for c in rest)
        name = rest + after.text
        if len(rest) == 1 and foreign and len(name) <= 5 and all(c in transliteration() for c in name):
            cut.append((ent.start_char, country, ent.end_char + len(after.text)))  # 也门萨 | 那 → 也门 + 萨那
        elif not foreign:  # (a foreign rest may be the name's own: 巴西利亚, 马里兰)
            cut.append((ent.start_char, country, None))  # 中国航天 | 日, 沙特王 | 储 → the country alone
    if cut:  # 也门萨 | 那 → 也门 + 萨那 (the cut place, when it reads as a transliteration); 乌克兰第 | 聂伯… → 乌克兰
        starts = {start for start, _, _ in cut}
        ends = {end for _, _, end in cut}
        spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.start_char not in starts and e.end_char not in ends]
        spans += [(start, country, "LOC") for start, country, _ in cut]
        spans += [(country, end, "LOC") for _, country, end in cut if end is not None]
        set_names(doc, sorted(spans))
    return doc


def _cut_mid_name(doc: Doc, ent: Span, rest: str) -> bool:
    """A country and one or two characters of the next word, which goes on (乌克兰第 | 聂伯罗…, 也门萨 | 那): the
    backbone cut a name; not a state's own form (南非共和国) or a word of place (美国西部)."""
    after = doc[ent.end] if ent.end < len(doc) else None
    return (
        after is not None
        and not after.is_punct
        and after.ent_type_ in ("", "LOC")
        and (not after.ent_type_ or after.ent_iob_ == "B")
        and rest not in place_names()
        and not re.match(STATE_FORMS, rest)
        and not re.fullmatch(r"[东南西北中]部?|[东西南北]方", rest)
        and not rest.endswith(tuple("省州市县区河江湖海洋湾岛山峡港人籍族语馆"))  # 约旦河, 印度洋, 美国人, 古巴使馆
    )


# A unit named for a person: a name and a unit word in quotes (“李志强班”); 邓晶创新工作室 (a studio without quotes too).
UNIT_IN_QUOTES = re.compile(r"[“\"]([\u4e00-\u9fff·]{2,8}?)(班组|班|组|队|团队|工作室)[”\"]")
STUDIO = re.compile(r"(?:劳模创新工作室|技能大师工作室|创新工作室|工作室)")


@Language.component("named_units")
def named_units(doc: Doc) -> Doc:
    """A team or studio named for a person is an organisation, not the person: “李志强班”, 邓晶创新工作室."""
    text = doc_text(doc)
    persons = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"}
    bounds = [(m.start(1), m.end(2)) for m in UNIT_IN_QUOTES.finditer(text) if m.span(1) in persons]  # “李志强班”, not “先锋号”
    for ent in doc.ents:
        m = STUDIO.match(text, ent.end_char) if ent.label_ == "PERSON" else None
        if m:
            bounds.append((ent.start_char, m.end()))
    spans = _labelled(doc, _outermost(bounds), "ORG")
    if spans:
        set_ents(doc, spans, override=True)
    return doc


# What a post, a ministry or an office is called: the word that ends a body's name when the backbone saw none.
MINISTRY_END = ("部", "总局", "总署", "委员会", "管理局")
POST_AFTER = ("部长", "局长", "署长", "主任", "副部长", "副局长", "副署长", "副主任")
# An office of the body it follows (国务院抗震救灾指挥部 | 办公室, …驻应急管理部 | 纪检监察组).
OFFICES = ("办公室", "办公厅", "常委会", "书记处", "纪检监察组", "纪检组")
NOUNISH = ("n", "vn", "nz", "nt", "an")
NOT_A_NAME_END = ("v", "u", "p", "c", "d", "w", "r", "m", "q", "xc", "TIME", "PER", "LOC", "ORG")


@Language.component("bodies_by_word")
def bodies_by_word(doc: Doc) -> Doc:
    """Bodies the backbone read as words: a word of four characters or more ending like a ministry (应急管理部), a
    run of up to three nouns ending so and followed by its head's post (金融 | 监管 | 总局 | 局长), and an office right
    after a body (国务院抗震救灾指挥部 | 办公室); a party (社民党); a broadcaster's channel (央视社会与法频道)."""
    taken = {i for e in doc.ents for i in range(e.start, e.end)}
    found = []
    for i, token in enumerate(doc):
        if i in taken or token.tag_ not in NOUNISH or not token.text.endswith(MINISTRY_END):
            continue
        if len(token.text) >= 4:
            found.append(Span(doc, i, i + 1, label="ORG"))
        elif i + 1 < len(doc) and doc[i + 1].text in POST_AFTER:
            start = i
            while start > max(i - 3, 0) and start - 1 not in taken and doc[start - 1].tag_ in NOUNISH:
                start -= 1
            if start < i and len(doc[start : i + 1].text) >= 4:
                found.append(Span(doc, start, i + 1, label="ORG"))
    spans = list(doc.ents)
    text = doc_text(doc)
    for k, ent in enumerate(spans):
        office = next((o for o in OFFICES if text.startswith(o, ent.end_char)), "")
        whole = doc.char_span(ent.start_char, ent.end_char + len(office), label="ORG") if ent.label_ == "ORG" and office else None
        if whole is not None and not any(i in taken for i in range(ent.end, whole.end)):
            spans[k] = whole  # 国务院抗震救灾指挥部 | 办公室, …驻应急管理部 | 纪检 | 监察组
    doc.ents = spans
    if found:
        set_ents(doc, found, override=False)
    taken = {i for e in doc.ents for i in range(e.start, e.end)}
    parties = [Span(doc, i, i + 1, label="ORG") for i, t in enumerate(doc) if i not in taken and _a_party(t.text, t.tag_)]
    if parties:
        set_ents(doc, parties, override=False)
    channels = [m.span() for m in CHANNEL.finditer(doc_text(doc))]
    if channels:
        set_ents(doc, _labelled(doc, channels, "ORG"), override=True)
    return doc


def _a_party(word: str, tag: str) -> bool:
    """A word of three characters or more ending in 党 is a party (社民党, 印度人民党), not a kind of one (执政党:
    extract.entities.NOT_ORG)."""
    return len(word) >= 3 and word.endswith("党") and tag in NOUNISH and not NOT_ORG.search(word) and word.isalpha()


# A broadcaster's channel is one body, whatever the backbone cut (央视 | 社会 | 与 | 法 | 频道).
CHANNEL = re.compile(r"(?:央视|中央电视台|CCTV-?\d*)[\u4e00-\u9fff]{1,6}?频道")


@Language.component("whole_names")
def whole_names(doc: Doc) -> Doc:
    """A person named in part where the article writes the whole name (总统别 | 尔德穆哈梅多夫, the article's
    别尔德穆哈梅多夫 elsewhere) is the whole name: the missing characters are just before it."""
    text = doc_text(doc)
    names = sorted({e.text for e in doc.ents if e.label_ == "PERSON" and len(e.text) >= 3}, key=len, reverse=True)
    bounds = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        whole = next((n for n in names if len(n) > len(ent.text) and n.endswith(ent.text)), None)
        head = len(whole) - len(ent.text) if whole else 0
        if whole and text[ent.start_char - head : ent.start_char] == whole[:head]:
            bounds.append((ent.start_char - head, ent.end_char))
    spans = _labelled(doc, bounds, "PERSON")
    if spans:
        set_ents(doc, spans, override=True)
    return doc


NAME_JOINS = ("·", "-", "－", "‐")  # middle dot, hyphen, full-width hyphen, Unicode hyphen
DOTTED_REST = re.compile(r"^·[\u4e00-\u9fff]{2,8}$")


@Language.component("dotted_names")
def dotted_names(doc: Doc) -> Doc:
    """A transliterated name is not split at a middle dot (特奥多罗·奥比昂·恩圭马· | 姆巴索戈 → one name), at
    the hyphen of a double name (阿库福 | - | 阿多), nor, when foreign, anywhere with nothing between (纳夫 | 罗茨基)."""
    ents = list(doc.ents)
    out: list[Span] = []
    taken = {i for e in ents for i in range(e.start, e.end)}
    for ent in ents:
        # 帕巴拉 | ·格列朗杰: the part after the dot that the backbone left as punctuation.
        if ent.label_ == "PERSON" and ent.end < len(doc) and ent.end not in taken and DOTTED_REST.match(doc[ent.end].text):
            ent = Span(doc, ent.start, ent.end + 1, label="PERSON")
        prev = out[-1] if out else None
        name_part = ent.label_ == "PERSON" or (ent.label_ == "LOC" and FOREIGN_REGION.match(ent.text))
        if name_part and prev is not None and prev.label_ == "PERSON":
            between = doc[prev.end : ent.start].text
            # Nothing between two names: a foreign name cut in two (纳夫 | 罗茨基); Chinese names of a list written
            # with no separator (a corpus's 李岚清李铁映) stay apart.
            cut = prev.end_char == ent.start_char and (prev.text.endswith("·") or plausible_foreign_name(prev.text + ent.text))
            if cut or between in NAME_JOINS:
                out[-1] = Span(doc, prev.start, ent.end, label="PERSON")
                continue
        out.append(ent)
    # 聂伯罗 | 彼得罗夫斯克州: a foreign region the backbone read as a name.
    out = [Span(doc, e.start, e.end, label="LOC") if e.label_ == "PERSON" and FOREIGN_REGION.match(e.text) else e for e in out]
    if out != ents:
        doc.ents = out
    return doc


NAME_PART_TAGS = frozenset({"PER", "LOC", "f", "nz", "n", "nr", "ns"})


@Language.component("names_after_posts")
def names_after_posts(doc: Doc) -> Doc:
    """A foreign name after a post that the backbone cut into words (总理 | 内/f | 塔尼亚/LOC | 胡/PER) is one name:
    the longest run of up to four words after the post that holds a name, reads as a transliteration and names
    no known place."""
    from extract.relations import is_role

    known = known_place_names() | country_names()
    spans = []
    for i in range(len(doc) - 1):
        if not is_role(doc[i].text):
            continue
        run = []
        for tok in doc[i + 1 : i + 5]:
            # A single character that is no function word may open the name (发言人 | 扎/v | 哈罗娃/PER): the
            # whole must still read as a transliteration.
            lead = not run and len(tok.text) == 1 and tok.tag_ not in ("p", "c", "u", "d", "r", "m", "q")
            if (tok.tag_ not in NAME_PART_TAGS and not lead) or tok.is_punct or tok.text in known:
                break
            run.append(tok)
        for k in range(len(run), 1, -1):
            words = run[:k]
            name = "".join(t.text for t in words)
            if any(t.tag_ == "PER" for t in words) and plausible_foreign_name(name):
                spans.append(Span(doc, words[0].i, words[-1].i + 1, label="PERSON"))
                break
    # 埃米尔塔米姆: a post the backbone read into the name it precedes.
    if spans:
        set_ents(doc, spans, override=True)
    names = [(e.start_char + k, e.end_char) for e in doc.ents if e.label_ == "PERSON" and (k := _post_before_name(e.text, is_role))]
    # 总理别 | 克捷诺夫: the post took the name's first character.
    for e in doc.ents:
        post = doc[e.start - 1].text if e.label_ == "PERSON" and e.start else ""
        if (
            len(post) >= 3
            and is_role(post[:-1])
            and not is_role(post)
            and post[-1] not in BODY_CHARS + "府处司馆人"
            and len(e.text) >= 3
            and plausible_foreign_name(e.text)
        ):
            names.append((e.start_char - 1, e.end_char))
    if names:
        set_ents(doc, _labelled(doc, names, "PERSON"), override=True)
    return doc


def _post_before_name(text: str, is_role: Callable[[str], bool]) -> int:
    """Where a post that ``text`` starts with ends, when a transliterated name follows (0: none)."""
    return next((k for k in (2, 3) if len(text) - k >= 2 and is_role(text[:k]) and plausible_foreign_name(text[k:])), 0)


@Language.component("name_tails")
def name_tails(doc: Doc) -> Doc:
    """A two-character name that left its third character to the next word (广东省长王伟 | 中 | 、) keeps it: one
    character that is no verb, particle or other function word, before punctuation."""
    spans = list(doc.ents)
    changed = False
    for k, ent in enumerate(spans):
        end = ent.end
        if ent.label_ != "PERSON" or len(ent.text) != 2 or end + 1 >= len(doc):
            continue
        tail, after = doc[end], doc[end + 1]
        # …王伟 | 中 | 、 and 刘国 | 中/f | 出席: a word of place (f) the backbone split off before a verb.
        ends_here = after.is_punct or (tail.tag_ == "f" and after.tag_.startswith("v"))
        if len(tail.text) == 1 and not tail.ent_type_ and tail.tag_ not in NOT_A_NAME_END and ends_here:
            spans[k] = Span(doc, ent.start, end + 1, label="PERSON")
            changed = True
    if changed:
        doc.ents = spans
    return doc


AT_PLACE = ("在", "赴", "抵", "抵达", "来", "离", "返", "回", "进", "驻", "访")


@Language.component("city_letters")
def city_letters(doc: Doc) -> Doc:
    """A city's one-character name right after a verb of place is the city (在京会见, 抵沪, 离港): LAC tags it, the
    one-character filter dropped it, or glued it to a body (在 | 京全国人大). Its canonical name is the city's
    (extract.entities.CITY_ONE_CHAR)."""
    taken = {i for e in doc.ents for i in range(e.start, e.end)}
    found = [
        Span(doc, i, i + 1, label="LOC")
        for i in range(1, len(doc))
        if doc[i].text in CITY_ONE_CHAR and i not in taken and doc[i - 1].text.endswith(AT_PLACE)
    ]
    if found:
        set_ents(doc, found, override=False)
    # 在 | 京全国人大: the city glued to the body after it.
    glued = [
        (e, 1, "LOC")
        for e in doc.ents
        if e.label_ == "ORG" and len(e.text) >= 4 and e.text[0] in CITY_ONE_CHAR and e.start and doc[e.start - 1].text.endswith(AT_PLACE)
    ]
    _split_ents(doc, glued)
    return doc


@Language.component("listed_names")
def listed_names(doc: Doc) -> Doc:
    """A word between two names of a list is a name too when it looks like one (明国平、明菊兰、明珍珍: the backbone
    missed the middle one, or read it as a place): two or three characters starting with a surname, no entity or
    an unknown place, 、 on both sides."""
    persons = {e.start: e for e in doc.ents if e.label_ == "PERSON"}
    ends = {e.end for e in persons.values()}
    taken = {i for e in doc.ents for i in range(e.start, e.end)}
    # A one-word "place" of the list that no gazetteer knows is one of its names too (王勇、苏辉、邵鸿).
    known = known_place_names() | country_names()
    relabel = [
        Span(doc, e.start, e.end, label="PERSON")
        for e in doc.ents
        if e.label_ == "LOC"
        and len(e) == 1
        and e.text not in known
        and 2 <= len(e.text) <= 3
        and e.text[0] in surnames()
        and _in_list(doc, e.start, ends, persons)
    ]
    if relabel:
        set_ents(doc, relabel, override=True)
    found = []
    for i in range(2, len(doc) - 2):
        word = doc[i].text
        if i in taken or not 2 <= len(word) <= 3 or word[0] not in surnames() or not all("\u4e00" <= c <= "\u9fff" for c in word):
            continue
        if _in_list(doc, i, ends, persons):
            found.append(Span(doc, i, i + 1, label="PERSON"))
    if found:
        set_ents(doc, found, override=False)
    return doc


def _in_list(doc: Doc, i: int, ends: set[int], persons: dict[int, Span]) -> bool:
    """Word ``i`` stands between two names of a list: NAME 、 word 、 NAME."""
    return 1 < i < len(doc) - 2 and doc[i - 1].text == "、" == doc[i + 1].text and i - 1 in ends and i + 2 in persons


# What closes a list of companies: 等 | (多家 | 三家)? | 企业 (or 公司, 品牌, 车企 …).
FIRMS = ("企业", "公司", "品牌", "车企", "厂商", "民企", "龙头企业", "科技企业")
FIRM_COUNT = re.compile(r"^(?:多|几|数|\d+|[一二两三四五六七八九十百]+)家$")
FIRM_NAME_TAGS = frozenset({"ORG", "PER", "nz", "nt"})  # a firm's own name, as the backbone tags its word


@Language.component("company_lists")
def company_lists(doc: Doc) -> Doc:
    """The names of a list that ends in 等企业 are companies (美的、贝乐智能、梦百合家居等企业负责人): each item a word the
    backbone reads as a name, alone or with a word of its trade, at least two such items.

    Trades listed the same way (钢铁、煤炭等企业) are plain nouns and stay no entity.
    """
    spans = []
    for i, tok in enumerate(doc):
        if tok.text != "等" or i + 1 >= len(doc):
            continue
        j = i + 1 + (FIRM_COUNT.match(doc[i + 1].text) is not None)
        if j >= len(doc) or doc[j].text not in FIRMS:
            continue
        items, end = [], i
        while end > 0:
            item = _firm_before(doc, end)
            if item is None:
                break
            items.append(item)
            if item[0] == 0 or doc[item[0] - 1].text != "、":
                break
            end = item[0] - 1
        if len(items) >= 2:
            spans += [Span(doc, a, b, label="ORG") for a, b in items]
    if spans:
        set_ents(doc, spans, override=True)
    return doc


def _firm_before(doc: Doc, end: int) -> tuple[int, int] | None:
    """The company name that ends at token ``end`` of a list: a name word, then maybe one word of its trade."""
    for start in (end - 2, end - 1):
        if start < 0:
            continue
        words = doc[start:end]
        name, trade = words[0], words[1:]
        if name.tag_ not in FIRM_NAME_TAGS and name.ent_type_ not in ("ORG", "PERSON"):
            continue
        if any(t.tag_ not in ("n", "nz", "vn") for t in trade) or not 2 <= len(words.text) <= 8:
            continue
        if start > 0 and not doc[start - 1].is_punct and start == end - 1 and doc[start - 1].tag_ in FIRM_NAME_TAGS:
            continue  # the name goes on before: take it whole or not at all
        if all("\u4e00" <= c <= "\u9fff" for c in words.text):
            return start, end
    return None


@Language.component("place_bodies")
def place_bodies(doc: Doc) -> Doc:
    """A body written after its place that the article also names alone (河北开滦集团 … 开滦集团) is the body, in the
    place: LOC + ORG. A place's own bodies keep it (温州市人民检察院), and so does a name the article never shortens."""
    names = {e.text for e in doc.ents if e.label_ == "ORG"}
    split = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        lead = leading_place(ent.text)
        rest = ent.text[len(lead) :]
        if lead and rest in names and not rest.endswith(OFFICIAL_ENDS):
            split.append((ent, len(lead), "LOC"))
    _split_ents(doc, split)
    return doc


def _split_ents(doc: Doc, cuts: list[tuple[Span, int, str]], rest: str = "ORG") -> None:
    """Cut each entity in two at its ``k``-th character: the first part labelled as given, the rest
    ``rest``; tokens are split where the cut falls inside one."""
    if not cuts:
        return
    cut = {ent.start_char for ent, *_ in cuts}
    spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.start_char not in cut]  # offsets: tokens split below
    spans += [(e.start_char, e.start_char + k, label) for e, k, label in cuts] + [(e.start_char + k, e.end_char, rest) for e, k, _ in cuts]
    split_at(doc, {e.start_char + k for e, k, _ in cuts})
    doc.ents = sorted((sp for s, e, lab in spans if (sp := doc.char_span(s, e, label=lab)) is not None), key=lambda sp: sp.start)


def _free(text: str, start: int, end: int) -> bool:
    """A country name not inside a longer word that no entity covers: 印尼 in 印尼总统, not 美国 in 美国籍."""
    return not (end < len(text) and text[end] in "籍人式")


def _one_word(doc: Doc, start: int, end: int) -> bool:
    """The backbone read the characters as one word: 中国 in 发展|中|国|家 (developing countries) is two."""
    span = doc.char_span(start, end)
    return span is not None and len(span) == 1


def _outermost(bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(bounds), key=lambda b: (b[0], -b[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


BODY_CHARS = "部委局院办厅署会"
MINISTRY = re.compile(
    r"[\u4e00-\u9fff]{2,8}?和[\u4e00-\u9fff]{2,6}?(?:部|委员会|总局|(?<![格布大变结当战时政全])局|研究院|研究所)(?![署分门位队])"
)


@Language.component("joined_ministries")
def joined_ministries(doc: Doc) -> Doc:
    """文化和旅游部, 人力资源和社会保障部, 中共中央党史和文献研究院: one body, where no person or place is inside."""
    bounds = []
    for m in MINISTRY.finditer(doc_text(doc)):
        start = m.start()
        # 来自 | 文化和旅游部, 记者 | 从 | 工业和信息化部: a verb or a preposition before it, and all before that, is no
        # part of the name.
        for tok in doc.char_span(m.start(), m.end(), alignment_mode="expand") or []:
            if tok.idx + len(tok.text) <= m.start() + m.group().index("和") and (
                tok.tag_.startswith("v") or tok.tag_ in ("p", "u", "d", "r", "w")
            ):
                start = max(start, tok.idx + len(tok.text))
        join = m.start() + m.group().index("和")
        if join - start < 2:
            continue
        if doc_text(doc)[join - 1] in BODY_CHARS:  # 自然资源部和退役军人事务部: two bodies, the second one whole
            start = join + 1
        for e in doc.ents:  # 中国 | 文化和旅游部: the state before the ministry stays a place
            if e.label_ == "LOC" and e.start_char <= start < e.end_char and e.end_char <= join - 2:
                start = e.end_char
        last = next((tok for tok in doc if tok.idx < m.end() <= tok.idx + len(tok.text)), None)
        if last is not None and len(last.text) == 2 and last.idx + 2 == m.end():
            continue  # 技术|根部: a two-character word that ends in 部 is no ministry's end (旅游部, 旅游|部 are)
        inside = [e for e in doc.ents if e.start_char < m.end() and start < e.end_char]
        if all(e.label_ == "ORG" and start <= e.start_char and e.end_char <= m.end() for e in inside):
            bounds.append((start, m.end()))
    if bounds:
        set_ents(doc, _labelled(doc, bounds, "ORG"), override=True)
    return doc


# The second of two bodies written together: a national body's short name (国家监委, 国家网信办), a ministry
# after a ministry (民政部 | 财政部), or a body after 会同 (财政部会同 | 农业农村部).
SECOND_BODY = re.compile(
    r"(?<=[委部院会局办厅署])(?:国家|中央|全国)[\u4e00-\u9fff]{1,3}[委部局办署]$"
    r"|(?<=部)(?![队门分长位])[\u4e00-\u9fff]{2,8}部$"
    r"|(?<=[委部院局办厅署])会同[\u4e00-\u9fff]{2,10}[委部院局办厅署]$"
)


@Language.component("two_bodies")
def two_bodies(doc: Doc) -> Doc:
    """中央纪委国家监委 → 中央纪委 + 国家监委: two bodies that work as one are written as one name; so are two
    ministries (民政部财政部, 财政部会同农业农村部), and a group and its company named after a place
    (开滦集团唐山中润公司 → 开滦集团 + 唐山中润公司)."""
    cuts = []
    for ent in doc.ents:
        m = SECOND_BODY.search(ent.text) if ent.label_ == "ORG" else None
        if m and m.start() >= 3:
            cuts.append((ent, m.start(), "ORG"))
        elif ent.label_ == "ORG" and (k := _unit_after_group(ent.text)):
            cuts.append((ent, k, "ORG"))
    _split_ents(doc, cuts)
    joined = [(e.start_char + 2, e.end_char) for e in doc.ents if e.label_ == "ORG" and e.text.startswith("会同")]
    if joined:  # 会同 is the verb between the two
        set_ents(doc, _labelled(doc, joined, "ORG"), override=True)
    return doc


GROUP_END = re.compile(r"(?:集团|控股)(?:有限)?(?:公司)?")


def _unit_after_group(name: str) -> int:
    """河北开滦集团唐山中润公司 → 河北开滦集团 | 唐山中润公司: a company named after its place, after its group."""
    for m in GROUP_END.finditer(name):
        rest = name[m.end() :]
        if m.start() >= 2 and len(rest) >= 4 and rest.endswith(("公司", "厂", "矿")) and leading_place(rest, aliases=True):
            return m.end()
    return 0


# A kind of place or body, maybe with a word of kind before it: what any article may say, not a name.
COMMON_NOUN = re.compile(
    r"^(?:各级|基层|地方|全国|国有|民营|公办|民办|大型|中小|重点|跨境|相关|有关|境外|海外|南方|北方|东部|西部|中部|沿海|内陆|城乡|农村)?"
    r"(?:地区|企业|公司|集团|产业集团|大学|高校|学校|医院|部门|机构|单位|高速公路|公路|铁路|大通道|通道|电信|社会|群众|大家)$"
    r"|^(?:多|各|两|三|四|五|数|诸|邻|他|本|该)(?:国|州|省|市|县)$|^(?:各)?大城市$"  # 多国人士, 美国多州: counted, no place
    r"|^(?:经开区|高新区|开发区|自贸区|建制村|行政村|沿江|沿海|沿边|沿线|主产区|产区|灾区|库区|景区|园区|城区|郊区|市区|新区)$"
)


# What a place's name makes when a word follows it: a time zone (北京时间) or a style (中国式现代化): no mention
# of the place. Its people (德国人, 中国人) and citizens (缅甸籍) are: MSRA marks them so, and they tie to the state.
NOT_THE_PLACE = re.compile(r"(?:时间|式)")  # matched at the end of the name


# A city's standing, not a body: 巩固香港国际金融中心地位, 建设国际科技创新中心.
STATUS = re.compile(r"国际(?:金融|航运|贸易|科技创新|创新科技|消费|交往|物流|航空)中心$")


PEOPLE_OF = re.compile(r"(?:社会|民众|各界|媒体|网民|企业|群众|人民|乡村|农村)$")
COUNTRYSIDE = ("乡村", "农村")  # 平安乡村, 和美乡村: a slogan; 四川农村: the place's countryside (PEOPLE_OF)
# A kind counted is no name: 267座 | 城市公园, 30家 | 示范企业 (but 一个 | 中国: a place stays).
COUNTED = re.compile(r"^(?:\d+|[一二两三四五六七八九十百千万]+)(?:多|余)?[座家个所条处栋批支只台辆艘架类项]$")
# The 地 of 等地, 各地, 当地 that the backbone glued to the next word (等 | 地火车站).
DI_BEFORE = frozenset("等各当两多外本异")


def _counted(doc: Doc, ent: Span) -> bool:
    before = doc[ent.start - 1] if ent.start else None
    return before is not None and bool(COUNTED.match(before.text)) and ent.text not in known_place_names() | country_names()


def _after_deng_di(doc: Doc, ent: Span) -> bool:
    return ent.text.startswith("地") and ent.start > 0 and doc[ent.start - 1].text in DI_BEFORE


@Language.component("common_nouns")
def common_nouns(doc: Doc) -> Doc:
    """高速公路, 北方地区, 公办大学, 产业集团, 267座城市公园: a kind of place or body, no place or body of its
    own; 北京时间, 中国式: a place's name inside another word; 等 | 地火车站: the 地 of 等地 glued to a word;
    “林肯”号: a vessel, no person."""
    text = doc_text(doc)
    known = known_place_names() | country_names()

    def inside_a_word(e: Span) -> bool:
        return (e.label_ == "LOC" and bool(NOT_THE_PLACE.match(text, e.end_char))) or bool(STATUS.search(e.text))

    def a_kind(e: Span) -> bool:
        if e.label_ == "ORG" and e.text.endswith(COUNTRYSIDE) and e.text[:-2] not in known:
            return True
        return e.label_ in ("LOC", "ORG") and bool(COMMON_NOUN.match(e.text) or _counted(doc, e) or _after_deng_di(doc, e))

    def a_vessel(e: Span) -> bool:  # “亚伯拉罕·林肯”号, “雪龙2”号: a ship, train or craft, named for no one here
        return e.label_ == "PERSON" and text[e.start_char - 1 : e.start_char] == "“" and text.startswith("”号", e.end_char)

    # 中国进出口商品交易会, 哈尔滨 | 国际经济贸易洽谈会: a meeting or a fair is no body; a known place that names
    # one stays a place.
    meetings = [e for e in doc.ents if e.label_ == "ORG" and (is_meeting(e.text) or _names_a_meeting(doc, e))]
    places = [Span(doc, e.start, e.end, label="LOC") for e in meetings if e.text in known]
    kept = [e for e in doc.ents if not a_kind(e) and not inside_a_word(e) and not a_vessel(e) and e not in meetings]
    kept += places
    # 美国社会, 日本民众: a place's people or firms at large, no body: the place.
    of_a_place = [
        (e, m.group(), "LOC") for e in kept if e.label_ == "ORG" and (m := PEOPLE_OF.search(e.text)) and e.text[: m.start()] in known
    ]
    # The city of a standing stays (香港 of 香港国际金融中心).
    places_of = [
        (e.start_char, e.start_char + m.start()) for e in doc.ents if (m := STATUS.search(e.text)) and e.text[: m.start()] in place_names()
    ]
    if len(kept) < len(doc.ents) or places:
        doc.ents = sorted(kept, key=lambda e: e.start)
    if places_of:
        set_ents(doc, _labelled(doc, places_of, "LOC"), override=False)
    cut_suffixes(doc, [c for c in of_a_place if c[0] in doc.ents])
    return doc


def _names_a_meeting(doc: Doc, ent: Span) -> bool:
    """``ent`` opens the name of a meeting: up to four nouns after it end in one (哈尔滨 | 国际 经济 贸易 洽谈会)."""
    for tok in doc[ent.end : ent.end + 4]:
        if tok.ent_type_ or tok.tag_ not in NOUNISH:
            return False
        if is_meeting(tok.text):
            return True
    return False


# One-character names of states as news pairs them (中美关系, 中欧班列, 中白工业园); 南, 西, 国, 山 … are left
# out of the second place, so 越南, 巴西, 中国 and 中山 are not pairs.
STATE_CHARS = "中美俄英法德日韩朝印巴澳加意越老柬泰缅菲蒙哈乌吉塔阿伊叙以沙埃欧非拉白古墨智秘新马黎塞孟土"
_SECOND = STATE_CHARS.replace("新", "").replace("马", "")
PAIR = re.compile(f"^[{STATE_CHARS}][{_SECOND}]{{1,2}}(?:两国|三国)?$|^[{STATE_CHARS}]方$")  # 中美, 中蒙俄, 中日韩三国, 中方


PLACE_KIND = "(?:地带|地区|城|市|省|州|岛|河|湖|山)"


@cache
def _country_initials() -> frozenset[str]:
    """The first characters of the states' names, as 中X pairs them (中摩, 中喀); not 东, 南, 西, 北 (中东, 中南)."""
    return frozenset(n[0] for n in country_names()) - set("东南西北")


ARMY = re.compile(f"^[{STATE_CHARS}]军$")


@Language.component("country_pairs")
def country_pairs(doc: Doc) -> Doc:
    """中美, 俄美 and 中方 are no entities: a pair of states or a side, not a place or a body. A name that reads
    like a pair but that the article writes before a place's kind (加沙 of 加沙地带) is a place."""
    text = doc_text(doc)

    def a_pair(e: Span) -> bool:
        pair = PAIR.match(e.text) or (len(e.text) == 2 and e.text[0] == "中" and e.text[1] in _country_initials())  # 中摩
        if not (e.label_ in ("LOC", "ORG", "PERSON") and pair) or e.text in country_names():
            return False
        return not re.search(re.escape(e.text) + PLACE_KIND, text)

    # 乌军, 以军: a state's army is a body, not a person.
    kept = [Span(doc, e.start, e.end, label="ORG") if ARMY.match(e.text) and e.label_ == "PERSON" else e for e in doc.ents if not a_pair(e)]
    if kept != list(doc.ents):
        doc.ents = kept
    return doc


# What only a body's name ends with: a "place" that ends so is a body (香港各界庆典委员会).
BODY_ENDS = ("委员会", "协会", "学会", "联合会", "商会", "基金会", "公司", "集团", "银行", "大学", "学院", "医院")
BODY_ENDS += ("研究院", "研究所", "政府", "总工会", "工会", "党委", "法院", "检察院")
# A part of a place or the land around it, written after its name: a name before one is a place (X以西, X附近).
AROUND = frozenset({"以东", "以南", "以西", "以北", "附近", "一带", "境内", "周边", "郊区", "市区", "城区", "东部", "南部", "西部", "北部"})


@Language.component("one_label")
def one_label(doc: Doc) -> Doc:
    """One name, one kind in an article.

    A place whose name ends like a body's is a body (香港各界庆典委员会 | 近日); a name the article writes before
    a part of a place is a place (杰巴利耶 | 以西); a name the backbone read as two kinds takes the kind most of
    its mentions have (哈马斯 ×2 ORG, ×1 LOC → ORG), unless the gazetteer knows it or the vote is tied.
    """
    ents = list(doc.ents)
    kinds = ("PERSON", "ORG", "LOC")
    for k, e in enumerate(ents):
        if e.label_ == "LOC" and len(e.text) > 3 and e.text.endswith(BODY_ENDS):
            ents[k] = Span(doc, e.start, e.end, label="ORG")
        elif e.label_ in ("PERSON", "ORG") and e.end < len(doc) and doc[e.end].text in AROUND and plausible_foreign_name(e.text):
            ents[k] = Span(doc, e.start, e.end, label="LOC")
    votes: dict[str, Counter] = {}
    for e in ents:
        if e.label_ in kinds:
            votes.setdefault(e.text, Counter())[e.label_] += 1
    known = known_place_names() | country_names()
    kind = {}
    for name, count in votes.items():
        (first, n1), *rest = count.most_common()
        if rest and n1 > rest[0][1] and name not in known:
            kind[name] = first
    doc.ents = [Span(doc, e.start, e.end, label=kind[e.text]) if e.label_ in kinds and e.text in kind else e for e in ents]
    return doc


# What stands beside a person's name (a post, a list, an appointment, a verb of speech or of doing) and not
# beside the words LAC reads as two-character names (林海, 夏收, 江河: a surname and a common character).
PERSON_BEFORE = frozenset("、 和 与 同 及 任命 免去 选举 增补 推选 授予 追授 表彰 由 向 对 致电 会见".split())
PERSON_AFTER = (
    "表示 说 指出 强调 介绍 认为 称 告诉 主持 出席 参加 会见 会谈 通电话 致 同志 先生 女士 等 、 和 与 同 及 "
    "也 还 又 则 都 曾 作 为 担任 不再 当选 任 现任 率 在 是 的讲话 讲话 发言 代表 夫妇 一家 夺得 获得 战胜 击败 "
    "被 回到 来到 前往 赴 抵达 到"
).split()
ROLE_ENDS = ("长", "员", "生", "者", "户", "人", "家", "手", "师", "工", "官", "士", "主")


@Language.component("idiom_names")
def idiom_names(doc: Doc) -> Doc:
    """A two-character "person" that starts with a surname, that the article names once and that nothing beside
    marks as a person's (a post, a list of names, an appointment, a verb) is a word LAC read as a name
    (茫茫林海, 全国夏收, 【江河奔腾】). Foreign-looking names and names from a byline or with a title stay."""
    from extract.relations import is_role

    counts = Counter(e.text for e in doc.ents if e.label_ == "PERSON")
    keep = []
    for e in doc.ents:
        if e.label_ == "PERSON" and len(e.text) == 2 and counts[e.text] == 1 and not (e._.role or e._.surname or e.text[1] == "某"):
            if e.text[0] in surnames() and not plausible_foreign_name(e.text) and not _person_cue(doc, e, is_role):
                continue
        keep.append(e)
    if len(keep) < len(doc.ents):
        doc.ents = keep
    return doc


def _clause(doc: Doc, ent: Span) -> list[Span]:
    """The entities of the clause ``ent`` stands in (up to the punctuation around it; spaces part names of a list)."""
    start, end = ent.start, ent.end
    while start > 0 and not (doc[start - 1].is_punct and doc[start - 1].text not in "、　"):
        start -= 1
    while end < len(doc) and not (doc[end].is_punct and doc[end].text not in "、　"):
        end += 1
    return list(doc[start:end].ents)


def _person_cue(doc: Doc, ent: Span, is_role: Callable[[str], bool]) -> bool:
    before = doc[ent.start - 1].text if ent.start > 0 else ""
    after = doc[ent.end].text if ent.end < len(doc) else ""
    text = doc_text(doc)
    lead, rest = text[max(0, ent.start_char - 6) : ent.start_char], text[ent.end_char : ent.end_char + 4]
    clause = _clause(doc, ent)
    return (
        before in PERSON_BEFORE
        or any(o.label_ == "PERSON" and o.start != ent.start for o in clause)  # 习近平　王毅 …, 林珊力压队友李亚杰
        or (before == "的" and ent.start > 1 and doc[ent.start - 2].ent_type_ == "ORG")  # 广东队的陈烨
        or any(is_role(lead[-k:]) for k in range(2, len(lead) + 1))  # the backbone may cut the post: 理事 | 长
        or (
            before.endswith(ROLE_ENDS) and (len(before) > 1 or (ent.start > 1 and doc[ent.start - 2].ent_type_ in ("ORG", "LOC")))
        )  # 民主党 | 人
        or is_role(after)
        or after in HAND_WORDS  # a news verb: 李华来到, 王芳会见
        or rest.startswith(tuple(PERSON_AFTER))
    )


# Posts a person holds for another person (普京特使, 总统助理): they say nothing of a body.
PERSONAL_POSTS = ("特使", "特别代表", "代表", "助理", "顾问", "夫人", "发言人", "秘书")


@Language.component("posts_of_bodies")
def posts_of_bodies(doc: Doc) -> Doc:
    """A "person" whose post another person holds is a body (哈马斯 | 高级官员 | 纳伊姆: LAC reads 哈马斯 as a
    name), and so is every mention of that name in the article."""
    from extract.relations import is_role

    ents = list(doc.ents)
    bodies = set()
    for ent, nxt in zip(ents, ents[1:]):
        post = doc[ent.end : nxt.start].text.lstrip("）)")  # （哈马斯）高级官员
        # Only a name that reads as a transliteration: 习近平总书记 | 李强 is two people.
        held = is_role(post) and not post.endswith(PERSONAL_POSTS)
        if ent.label_ == nxt.label_ == "PERSON" and held and plausible_foreign_name(ent.text):
            bodies.add(ent.text)
    if bodies:
        doc.ents = [Span(doc, e.start, e.end, label="ORG") if e.label_ == "PERSON" and e.text in bodies else e for e in ents]
    return doc


@Language.component("body_roles")
def body_roles(doc: Doc) -> Doc:
    """江西 | 省委书记 | 易炼红 → 江西省委 | 书记 | 易炼红: a post that begins with a body of the place or
    organisation before it gives that body to the organisation (the rest stays the post). A post glued to a
    place (美国国务卿) is cut off it."""
    from extract.relations import is_role

    text = doc_text(doc)
    bounds = []
    for ent in doc.ents:
        if ent.label_ not in ("LOC", "ORG"):
            continue
        after = text[ent.end_char : ent.end_char + 12]
        body = next((b for b in BODIES if after.startswith(b)), None)
        if body is None:
            continue
        rest = after[len(body) :]
        if any(is_role(rest[:k]) for k in range(min(len(rest), 8), 0, -1)):
            bounds.append((ent.start_char, ent.end_char + len(body)))
    if bounds:
        set_ents(doc, _labelled(doc, bounds, "ORG"), override=True)
    # A post the backbone glued to its state (美国国务卿 as one place): the state, and the post after it.
    names = known_place_names() | country_names()
    glued = [(e, e.text[k:], "LOC") for e in doc.ents if e.label_ == "LOC" and (k := _place_before_post(e.text, names, is_role))]
    cut_suffixes(doc, glued)
    return doc


def _place_before_post(text: str, names: frozenset[str], is_role: Callable[[str], bool]) -> int:
    """Where a known place that ``text`` starts with ends when a post follows it (湖南 | 省长; 0: none)."""
    return next((k for k in range(len(text) - 1, 1, -1) if text[:k] in names and is_role(text[k:])), 0)
