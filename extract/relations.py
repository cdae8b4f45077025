"""Typed relations found by rules: who works for which organisation, in what role.

Results go on ``doc._.relations`` as :class:`Relation` records that point at
entity spans, so provenance (sentence, offsets) comes with them.

Patterns, within one sentence:

* ORG + ROLE + PERSON — 街道总工会副主席汪青, 街道总工会社会化工作者孙养利
* ORG + PERSON + ROLE — 北关街道总工会汪青副主席
* PERSON + 担任/任/出任 + ORG + ROLE — 汪青担任街道总工会副主席

A unit word at the end of the organisation moves into the role when what is
left is still an organisation: 安远社区工会 + 专干 -> 安远社区, role 工会专干
(the token is split, so the entity span is exactly 安远社区).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.entities import ORG_SUFFIXES, RESOURCES, canonical_place, cut_suffixes, leading_place, resource_lines, sentence_ents
from extract.names import BODIES

ROLE_HEADS = (
    "副主席 主席 副书记 书记 副主任 主任 专干 干事 工作者 委员 常委 秘书长 局长 副局长 部长 副部长 厅长 处长 科长 "
    "省长 市长 县长 区长 镇长 乡长 村长 所长 站长 馆长 社长 行长 会长 理事长 董事长 董事 总经理 经理 总裁 总监 "
    "主管 负责人 院长 副院长 校长 副校长 教授 研究员 工程师 医生 护士 教师 老师 记者 编辑 主编 网格员 "
    "组长 队长 班长 党代表 代表 总书记 总理 第一书记 支书 工人 职工 员工 会员 志愿者 "
    "执行官 总干事 大使 首相 国王 议长 外长 防长 总统 副总统 法定代表人 头目 "
    "技术员 农艺师 设计师 技师 律师 法官 检察官 民警 警察 辅警 书记员 审判员 检验员 操作员 驾驶员 飞行员 乘务员 司机 快递员 "
    "科员 职员 会计 国务卿 财长 总督 元首 王储 议员 发言人 特使 司令 司令员 参谋长 政委 官员 委员长 埃米尔 女王 亲王 党首 "
    "州长 领导人 领袖"
).split()
ROLE = re.compile(
    r"^(?:常务|执行|第一|首席|原|前|代|驻村)?[\u4e00-\u9fff]{0,4}?(?:" + "|".join(sorted(ROLE_HEADS, key=len, reverse=True)) + ")$"
)
# Job titles from data: CLUENER2020's position spans (extract/resources/compile.py).
ROLE_WORDS = frozenset(resource_lines(RESOURCES / "roles.txt"))
UNITS = ("工会", "党委", "党支部", "党总支", "团委", "妇联", "居委会", "村委会")
APPOINT = {"担任", "任", "出任", "兼任", "当选", "是", "现任", "曾任"}
MEMBER_VERBS = {"是", "作为", "加入", "成为"}
MEMBER_WORDS = {"成员", "会员", "党员", "队员", "一员", "社员", "团员"}
ROLE_VERBS = ("执行", "代", "常务", "驻村", "代理", "主管", "监事")  # words a post may start with that LAC tags as verbs
MAX_ROLE_CHARS = 10  # what ROLE can match: a 0-4 character prefix, a head, an optional 常务/第一…

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)


@dataclass
class Relation:
    head: Span
    tail: Span
    label: str
    role: str = ""
    rule: str = ""  # the component and pattern that found it, for provenance and scoring
    confidence: float = 1.0  # how sure the rule is; patterns that misfire more often say less

    @property
    def sentence(self) -> Span:
        return self.head.sent


def _role_after(doc: Doc, start: int, stop: int) -> tuple[str, int]:
    """The role made of tokens doc[start:k] (k <= stop), longest first; ('', start) if none. Posts held
    together are one role, 兼-joined (董事长兼首席执行官): :func:`posts` splits it."""
    end = start
    while end < stop and doc[end].idx + len(doc[end].text) - doc[start].idx <= 2 * MAX_ROLE_CHARS + 1:
        end += 1
    for k in range(end, start, -1):
        span = doc[start:k]
        if any(t.ent_type_ or t.is_punct or t.is_space for t in span):
            continue
        # 释放 | 总统马杜罗: a verb, not a post (but 执行董事, and 专干 that LAC tags as a verb)
        if span[0].tag_ == "v" and span[0].text not in ROLE_VERBS and not is_role(span[0].text):
            continue
        if all(is_role(part) for part in posts(span.text)):
            return span.text, k
    return "", start


def post_after(doc: Doc, start: int) -> str:
    """The post written from token ``start`` on (高盛集团 | 董事长兼首席执行官 → 董事长兼首席执行官), ``''`` if none."""
    return _role_after(doc, start, len(doc))[0]


def is_role(text: str) -> bool:
    """A post: the head-word pattern or a job title from data (not longer than ``MAX_ROLE_CHARS``)."""
    return 0 < len(text) <= MAX_ROLE_CHARS and (bool(ROLE.match(text)) or text in ROLE_WORDS)


def posts(role: str) -> list[str]:
    """The posts of a role: 董事长兼首席执行官 → 董事长, 首席执行官 (one works_for each)."""
    return [p for p in role.split("兼") if p] or [role]


# What may stand before an appointment verb: a time, an adverb, a preposition (于2019年担任, 已经出任).
BEFORE_APPOINT = ("d", "TIME", "t", "p", "m", "q", "f")


def _appoints(doc: Doc, start: int, stop: int) -> bool:
    """Between a name and an organisation: an appointment verb, maybe after a time or adverb (现任, 于2019年担任);
    not someone else's appointment (祝贺您当选: the words before the verb are a verb and a pronoun)."""
    words = doc[start:stop]
    return (
        0 < len(words) <= 3
        and words[-1].text in APPOINT | MEMBER_VERBS
        and not any(t.is_punct for t in words)
        and all(t.tag_ in BEFORE_APPOINT or t.text in ("同志", "先生", "女士") for t in words[:-1])
    )


def _member_before(doc: Doc, start: int, stop: int) -> bool:
    """ORG + 会员/党员 + NAME: 工会会员王芳."""
    return stop - start == 1 and doc[start].text in MEMBER_WORDS


@Language.component("unit_roles")
def unit_roles(doc: Doc) -> Doc:
    """安远社区工会 | 专干 | 刘馨蕊 -> 安远社区 | 工会 | 专干 | 刘馨蕊: the unit belongs to the role."""
    cuts = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or ent.end >= len(doc):
            continue
        unit = next((u for u in UNITS if ent.text.endswith(u)), None)
        if unit is None or ent.text == unit:
            continue
        rest = ent.text[: -len(unit)]
        if not rest.endswith(ORG_SUFFIXES) or len(rest) < 3:
            continue
        role, k = _role_after(doc, ent.end, len(doc))
        if role and k < len(doc) and doc[k].ent_type_ == "PERSON":
            cuts.append((ent, unit, "ORG"))
    cut_suffixes(doc, cuts)
    return doc


@Language.component("role_suffixes")
def role_suffixes(doc: Doc) -> Doc:
    """An organisation that swallowed the role after it (街道总工会社会化工作者) gives the role back.

    The character NER learnt organisations from newswire where a title rarely
    follows one; the role then reads as ORG + ROLE for ``works_for``.
    """
    cuts = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        for k in range(2, len(ent.text) - 1):
            rest, role = ent.text[:k], ent.text[k:]
            if rest.endswith(ORG_SUFFIXES) and ROLE.match(role):
                # 中共中央 | 政治局常委 -> 中共中央政治局 | 常委: a body the post begins with is the organisation's.
                body = next((b for b in BODIES if role.startswith(b) and ROLE.match(role[len(b) :])), "")
                cuts.append((ent, role[len(body) :], "ORG"))
                break
    cut_suffixes(doc, cuts)
    return doc


# Posts a state, province or city holds (白俄罗斯总统卢卡申科, 浙江省长王浩): the place stands for its government.
GOV_POST = re.compile(r"(?:总统|总理|首相|国王|女王|王储|埃米尔|苏丹|外长|防长|议长|总督|元首|省长|市长|县长|区长|州长|镇长|乡长|主席)$")


def _earlier_posts(doc: Doc, before: list[Span], org: Span, person: Span) -> list[Relation]:
    """中共中央总书记、国家主席、中央军委主席习近平: each organisation of a list of posts before the one
    next to the name gets its post too (国家主席 names no organisation and links nothing)."""
    found, right = [], org
    for left in reversed(before):
        if left.label_ not in ("ORG", "LOC"):
            break
        role, k = _role_after(doc, left.end, right.start)
        between = doc[k : right.start].text if role else ""
        # After the post: a list comma, and maybe posts of their own (国家主席、) before the next organisation.
        if not role or not between.startswith("、") or _post_run(doc, k + 1, right.start) not in ("", "、"):
            break
        if left.label_ == "ORG" or GOV_POST.search(role):
            found.append(Relation(person, left, "works_for", role, "works_for:post-list", 0.9))
        right = left
    return found


def _post_run(doc: Doc, start: int, stop: int) -> str:
    """How doc[start:stop] reads as posts separated by 、: ``""`` (nothing), ``"、"`` (each post followed by
    、: 国家主席、), ``"post"`` (ending with a post: 副市长; 副书记、省长), or ``"no"``."""
    last = ""
    while start < stop:
        role, k = _role_after(doc, start, stop)
        if not role:
            return "no"
        if k == stop:
            return "post"
        if doc[k].text != "、":
            return "no"
        start, last = k + 1, "、"
    return last


def _names_after(doc: Doc, rest: list[Span], first: Span) -> list[Span]:
    """The names listed right after ``first`` (韩正、孙春兰、胡春华和刘鹤): each joined by 、/和/及 alone."""
    names, last = [], first
    for ent in rest:
        if ent.label_ != "PERSON" or doc[last.end : ent.start].text not in ("、", "和", "及"):
            break
        names.append(ent)
        last = ent
    return names


def _appointed(doc: Doc, sent: Span, before: list[Span], org: Span) -> Span | None:
    """Who an appointment verb before ``org`` appoints (``before``: the sentence's entities before it): the person
    just before it (汪青担任…), or, when the verb opens a clause with the name left out (…，不再担任贵州省委书记),
    the person named last before it in the sentence. The organisation's place before it is skipped (是河北 | 开滦集团的…)."""
    if before and before[-1].label_ == "LOC" and before[-1].end == org.start:
        org, before = before[-1], before[:-1]
    if before and before[-1].label_ == "PERSON" and _appoints(doc, before[-1].end, org.start):
        return before[-1]
    k = org.start
    while k > sent.start and not doc[k - 1].is_punct:
        k -= 1
    persons = [e for e in before if e.label_ == "PERSON" and e.end <= k]
    if persons and k > sent.start and _appoints(doc, k, org.start) and not [e for e in before if e.start >= k]:
        return persons[-1]
    return None


def _roles_list(doc: Doc, start: int, stop: int) -> list[str]:
    """The posts listed from ``start`` (委员、常委、书记): each post, 、-separated; [] if none."""
    roles: list[str] = []
    while start < stop:
        role, k = _role_after(doc, start, stop)
        if not role:
            break
        roles += posts(role)
        if k >= stop or doc[k].text != "、":
            break
        start = k + 1
    return roles


# A place's own posts, by the level of the place they belong to (省长 → a province, 副市长 → a city).
PLACE_POST = re.compile(r"^(?:常务)?副?(省|市|县|区|州)长$")


def _place_posts(doc: Doc, ents: list[Span], i: int) -> list[Relation]:
    """江西省委书记易炼红、省长叶建春; 北京市委副书记、市长殷勇，副市长靳伟: a place's post written with the place left
    out belongs to the place the sentence names last with that level, inside a body's name or alone (江西省委 →
    江西省). The place is a span of its own, canonical in full, no entity."""
    person = ents[i]
    k = person.start
    while k > 0 and not doc[k - 1].is_punct and not doc[k - 1].ent_type_:
        k -= 1
    found = []
    for post in [p for p in _roles_list(doc, k, person.start) if PLACE_POST.match(p)]:
        level = PLACE_POST.match(post).group(1)
        for ent in reversed(ents[:i]):
            name = ent.text if ent.label_ == "LOC" else leading_place(ent.text, aliases=True) if ent.label_ == "ORG" else ""
            place = canonical_place(name) if name else ""
            if place.endswith(level) and (span := doc.char_span(ent.start_char, ent.start_char + len(name), label="LOC")) is not None:
                span._.canonical = place
                found.append(Relation(person, span, "works_for", post, "works_for:post-of-place", 0.8))
                break
    return found


@Language.component("works_for")
def works_for(doc: Doc) -> Doc:
    """PERSON -works_for-> ORG with a role, from the patterns in the module doc."""
    relations = list(doc._.relations or [])
    for sent, ents in sentence_ents(doc):
        for i, ent in enumerate(ents):
            if ent.label_ == "PERSON" and i and not (ents[i - 1].end == ent.start - 1 and ents[i - 1].label_ == "LOC"):
                relations += _place_posts(doc, ents, i)
        for i, (a, b) in enumerate(zip(ents, ents[1:])):
            if a.label_ in ("ORG", "LOC") and b.label_ == "PERSON":
                role, k = _role_after(doc, a.end, b.start)
                if role and k == b.start and (a.label_ == "ORG" or GOV_POST.search(role)):
                    for person in [b, *_names_after(doc, ents[i + 2 :], b)]:  # 国务院副总理韩正、孙春兰: each holds it
                        rule = "works_for:org-role-name" if person is b else "works_for:org-role-names"
                        relations += [Relation(person, a, "works_for", post, rule) for post in posts(role)]
                    relations += _earlier_posts(doc, ents[:i], a, b)
                    continue
                if role and a.label_ == "ORG" and k < b.start and doc[k].text == "、" and _post_run(doc, k + 1, b.start) == "post":
                    # 北京市委常委、副市长靳伟: the first post is the organisation's (the others may be its place's)
                    relations.append(Relation(b, a, "works_for", role, "works_for:org-posts-name", 0.8))
                    continue
                if a.label_ == "LOC":
                    continue
                if b.end < len(doc) and a.end == b.start:
                    role, k = _role_after(doc, b.end, sent.end)
                    if role:
                        relations.append(Relation(b, a, "works_for", role, "works_for:org-name-role", 0.9))
            elif b.label_ == "ORG" and (person := _appointed(doc, sent, ents[: i + 1], b)) is not None:
                # 汪青担任街道总工会副主席; 李明是华为公司的工程师 (X是Y的Z); 王明任湖南省委委员、常委、书记, and after a
                # comma with the name left out: …，不再担任贵州省委书记、常委职务 (each post of the list)
                after = b.end + (b.end < sent.end and doc[b.end].text == "的")
                after += after < sent.end and doc[after].text in ("一名", "一位", "名", "位")  # 是开滦集团的一名技术员
                roles = _roles_list(doc, after, sent.end)
                if roles and roles[0] not in MEMBER_WORDS:
                    relations += [Relation(person, b, "works_for", role, "works_for:name-appoint-org-role", 0.9) for role in roles]
                elif doc[person.end].text in MEMBER_VERBS and b.end < sent.end and doc[b.end].text in MEMBER_WORDS:
                    relations.append(Relation(person, b, "member_of", doc[b.end].text, "member_of:name-is-org-member", 0.8))
            elif a.label_ == "ORG" and b.label_ == "PERSON" and _member_before(doc, a.end, b.start):
                relations.append(Relation(b, a, "member_of", doc[a.end].text, "member_of:org-member-name", 0.8))
    doc._.relations = relations
    return doc
