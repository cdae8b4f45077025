"""Links that an article's names imply: what is part of what, and where an organisation is.

Run per article on resolved names (so 街道总工会 is already 北关街道总工会):

* ``part_of`` place → larger place, from a chain of places written together
  (西安市莲湖区北关街道安远社区: 安远社区 → 北关街道 → 莲湖区 → 西安市), kept when
  the gazetteer says the first encloses the second, or when the second is a
  community or village (社区, 村; not in the gazetteer) after a known township;
* ``part_of`` organisation → parent organisation: two bodies of one kind named
  after places, the second's place enclosing the first's (北关街道总工会 →
  莲湖区总工会 → 西安市总工会), and an organisation whose name is another's plus
  a unit (安远社区工会 → 安远社区);
* ``located_in`` organisation → place: its name starts with a known place
  (西安康明斯 → 西安市, 北关街道总工会 → 北关街道; the place becomes a node), or a
  place is written just before it (美国 | 高盛集团); a place before an organisation
  named after a place inside it is that place's whole (浙江省 | 温州市人民检察院:
  温州市 part_of 浙江省);
* ``part_of`` body → organisation: a name that is another's plus a body of it
  (中共中央政治局 → 中共中央, 全国总工会权益保障部 → 全国总工会);
* ``part_of`` village → county: 石棉县 | 海耳村;
* ``part_of`` place → country: a place written just after its country (印尼 | 巴厘岛);
* ``part_of`` company → group: a company written just after its group (开滦集团 | 唐山中润公司);
* ``part_of`` venue → place: a hall, square or airport written just after its place (北京 | 人民大会堂);
* ``part_of`` for the next item of a list after a chain (四川泸定县、石棉县: 石棉县 → 四川), when the gazetteer agrees.

The evidence is the sentence with the (first) mention that shows it.
"""

from __future__ import annotations

from extract.entities import VENUE, country_names, encloses, known_place_names, leading_place, place_aliases, place_names, place_short_forms
from extract.names import GROUP_END

UNITS = ("总工会", "工会", "党委", "党工委", "人民政府", "政府", "人大常委会", "政协", "团委", "妇联", "纪委", "组织部", "宣传部")
LOWEST = ("社区", "村")
COUNTIES = ("县", "区", "市", "旗")
# What a place's own bodies end with: its party committee, government, courts, police, union.
LOCAL_BODIES = (
    *("委", "政府", "人民法院", "人民检察院", "公安局", "总工会", "人大常委会", "政协", "党组", "监委", "纪委", "应急管理局"),
    *("中学", "小学"),
)
# What a state's own bodies end with (美国政府, 俄罗斯外交部, 日本驻华大使馆); a company named after it is not one.
STATE_BODIES = ("政府", "共产党", "外交部", "国防部", "大使馆", "议会", "国会", "总统府")
NAMED_BODIES = ("政治局", "书记处", "常委会", "办公厅", "办公室", "党组", "纪检监察组")  # bodies only ever of another
ORG_ENDS = ("中央", "委", "部", "院", "会", "局", "署", "厅", "指挥部", "政府", "集团", "公司")
SUB_BODIES = NAMED_BODIES + ("部", "局", "处", "司", "厅", "委员会", "中心", "分公司")
TOWNS = ("街道", "镇", "乡")


def structure_links(mentions: list[tuple[str, str, int, int, int]]) -> list[tuple[str, str, str, int, str, float]]:
    """Implied links of one article.

    ``mentions``: ``(type, resolved name, start, end, sentence)`` in text order.
    Returns ``(source name, target name, relation, sentence, rule, confidence)``; the
    caller turns names into node ids of their type.

    >>> m = [("LOC", "西安市", 0, 3, 0), ("LOC", "莲湖区", 3, 6, 0), ("LOC", "北关街道", 6, 10, 0), ("ORG", "安远社区", 10, 14, 0),
    ...      ("ORG", "北关街道总工会", 20, 27, 1), ("ORG", "西安市总工会", 30, 36, 2), ("ORG", "咸阳市总工会", 40, 46, 3)]
    >>> for link in structure_links(m): print(link[:3])
    ('莲湖区', '西安市', 'part_of')
    ('北关街道', '莲湖区', 'part_of')
    ('安远社区', '北关街道', 'part_of')
    ('北关街道总工会', '西安市总工会', 'part_of')
    ('北关街道总工会', '北关街道', 'located_in')
    ('西安市总工会', '西安市', 'located_in')
    ('咸阳市总工会', '咸阳市', 'located_in')
    >>> [link[:3] for link in structure_links([("LOC", "印尼", 0, 2, 0), ("LOC", "巴厘岛", 2, 5, 0)])]
    [('巴厘岛', '印尼', 'part_of')]
    """
    links: list[tuple[str, str, str, int, str, float]] = []
    countries = country_names()
    parent: dict[str, str] = {}  # place -> the place written before it that encloses it
    for (type_a, outer, _, end, sent), (type_b, inner, start, _, _) in zip(mentions, mentions[1:]):
        if end == start and type_a == type_b == "LOC" and outer in countries and inner not in countries:
            links.append((inner, outer, "part_of", sent, "part_of:place-after-country", 0.8))  # 印尼 | 巴厘岛
            continue
        if end == start and type_a == type_b == "ORG" and GROUP_END.search(outer) and GROUP_END.search(outer).end() == len(outer):
            links.append((inner, outer, "part_of", sent, "part_of:company-after-group", 0.8))  # 开滦集团 | 唐山中润公司
            continue
        if end != start or outer == inner or not is_place(outer):
            continue
        if type_b == "LOC" and VENUE.search(inner) and not is_place(inner):
            links.append((inner, outer, "part_of", sent, "part_of:venue-after-place", 0.8))  # 北京 | 人民大会堂
            continue
        if encloses(outer, inner):
            links.append((inner, outer, "part_of", sent, "part_of:place-chain+gazetteer", 0.95))
            parent[inner] = outer
        elif inner.endswith(LOWEST) and inner not in place_names() and outer.endswith(TOWNS):
            links.append((inner, outer, "part_of", sent, "part_of:community-after-township", 0.8))
        elif inner.endswith(LOWEST) and inner not in place_names() and outer.endswith(COUNTIES):
            links.append((inner, outer, "part_of", sent, "part_of:village-after-county", 0.7))
    # 四川泸定县、石棉县: the next item of a list after a chain is in the chain's outer place too.
    for (type_a, first, _, end, sent), (type_b, other, start, _, sent_b) in zip(mentions, mentions[1:]):
        outer = parent.get(first)
        if type_a == type_b == "LOC" and sent == sent_b and start - end == 1 and outer and other not in parent and encloses(outer, other):
            links.append((other, outer, "part_of", sent, "part_of:place-list+gazetteer", 0.8))
            parent[other] = outer
    orgs: dict[str, int] = {}
    for type_, name, _, _, sent in mentions:
        if type_ == "ORG":
            orgs.setdefault(name, sent)
    for name, sent in orgs.items():
        place, unit = _place_and_unit(name)
        for other in orgs:
            if other == name:
                continue
            other_place, other_unit = _place_and_unit(other)
            if unit and unit == other_unit and place and other_place and encloses(other_place, place):
                links.append((name, other, "part_of", sent, "part_of:unit-of-enclosing-place", 0.8))
            elif len(other) >= 3 and name.startswith(other) and name[len(other) :] in UNITS:
                links.append((name, other, "part_of", sent, "part_of:unit-of-organisation", 0.8))
            elif len(other) >= 3 and name.startswith(other) and _sub_body(name[len(other) :]) and other != name:
                # 中共中央政治局 → 中共中央, 全国总工会权益保障部 → 全国总工会, 中央纪委常委会 → 中央纪委
                links.append((name, other, "part_of", sent, "part_of:body-of-organisation", 0.8))
    named = {place_short_forms().get(name, name) for type_, name, *_ in mentions if type_ == "LOC"}
    for name, sent in orgs.items():
        # 中共中央政治局 → 中共中央, 中央纪委常委会 → 中央纪委, named alone in the article or not (the parent becomes a node).
        parent = next((name[: -len(b)] for b in NAMED_BODIES if name.endswith(b) and len(name) - len(b) >= 3), "")
        if parent and parent.endswith(ORG_ENDS) and parent not in orgs:
            links.append((name, parent, "part_of", sent, "part_of:named-body-of-organisation", 0.8))
    before: dict[str, tuple[str, int]] = {}  # organisation -> the place written just before it (美国 | 高盛集团)
    for (type_a, outer, _, end, sent), (type_b, inner, start, _, _) in zip(mentions, mentions[1:]):
        if type_a == "LOC" and type_b == "ORG" and end == start:
            before.setdefault(inner, (outer, sent))
    for name, sent in orgs.items():
        chain = _places_in_name(name)
        for outer_place, inner_place in zip(chain, chain[1:]):  # 浙江省温州市人民检察院: 温州市 part_of 浙江省
            links.append((inner_place, outer_place, "part_of", sent, "part_of:places-in-name", 0.8))
        place = chain[-1] if len(chain) > 1 else leading_place(name) or _leading_country(name)
        full = place_short_forms().get(place, place)
        if place and place in country_names() and not name[len(place) :].endswith(STATE_BODIES):
            place = ""  # 中国航空 is no body of the state; 美国政府, 俄罗斯外交部 are
        # A place's own bodies (温州市人民检察院, 西安市委) are in it, named alone or not (the place becomes a node);
        # for others (上海合作组织, 西安康明斯) only when the article names the place on its own.
        if place and (name[len(place) :].endswith(LOCAL_BODIES) or full in named):
            # True but implied by the name, not stated: the lowest confidence of all links.
            links.append((name, full, "located_in", sent, "located_in:name-starts-with-place", 0.5))
            outer = before.get(name)
            if outer and encloses(outer[0], full):  # 浙江省 | 温州市人民检察院: 温州市 is part of 浙江省
                links.append((full, outer[0], "part_of", outer[1], "part_of:place-before-organisation", 0.8))
        elif name in before and not any(link[:2] == (name, before[name][0]) for link in links):
            links.append((name, before[name][0], "located_in", before[name][1], "located_in:place-before-organisation", 0.7))
    return links


def _leading_country(name: str) -> str:
    """The state an organisation's name starts with (中国政府, 中国共产党 → 中国), leaving two characters; '' if none.

    >>> _leading_country("中国共产党"), _leading_country("美国政府"), _leading_country("中国")
    ('中国', '美国', '')
    """
    return next((name[:k] for k in range(len(name) - 2, 1, -1) if name[:k] in country_names()), "")


def _sub_body(rest: str) -> bool:
    """What makes a body of an organisation out of its name: 政治局, 常委会, 办公厅, 权益保障部, 驻…纪检监察组."""
    return 2 <= len(rest) <= 10 and rest.endswith(SUB_BODIES) and not rest.endswith(UNITS)


def is_place(name: str) -> bool:
    """A name the gazetteer knows as a division (in full or short), or one ending in a township's or village's level."""
    return name in known_place_names() or name.endswith(LOWEST + TOWNS)


def _place_and_unit(name: str) -> tuple[str, str]:
    """西安市总工会 -> (西安市, 总工会); ('', '') when the name is not place + unit."""
    unit = next((u for u in UNITS if name.endswith(u)), "")
    place = name[: -len(unit)] if unit else ""
    return (place, unit) if place and place in place_names() else ("", "")


def _places_in_name(name: str) -> list[str]:
    """The chain of places an organisation's name opens with, each inside the one before (太原市晋源区实验中学 ->
    [太原市, 晋源区]); full names as the gazetteer has them. Fewer than two: []."""
    chain: list[str] = []
    rest = name
    while (place := leading_place(rest)) and (not chain or encloses(chain[-1], place)):
        chain.append(place_aliases().get(place, place))
        rest = rest[len(place) :]
    return chain if len(chain) > 1 else []
