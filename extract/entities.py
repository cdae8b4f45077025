"""Entity components: the backbone's names, then a rule layer for news text.

Each component does one thing to ``doc.ents`` (labels PERSON, ORG, LOC, DATE,
DOC) and to the span extensions below. They are registered by name and put
together by :func:`extract.load`.

Span extensions (set on entity spans; spaCy keys them by character offsets):

* ``span._.canonical`` — the name the graph uses for the entity;
* ``span._.title`` — a title or honorific after a name (总书记 in 习近平总书记);
* ``span._.surname`` — set on surname+honorific mentions (孙师傅) that the graph
  resolves to a full name in the same article;
* ``span._.role`` — a role known from the context (记者 for bylines).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.sentences import BYLINE, byline_names

RESOURCES = Path(__file__).with_name("resources")
LAC_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "TIME": "TIME"}

# Words that end an organisation's name. Longer first, so 总工会 wins over 工会.
ORG_SUFFIXES = tuple(
    sorted(
        """总工会 工会 委员会 党委 党支部 党组 政府 人大 政协 法院 检察院 公安局 局 部 厅 署 办 委 院 所
        公司 集团 基地 社区 街道 村 大学 学院 学校 中学 小学 中心 医院 银行 协会 学会 联合会 商会 研究会
        基金会 研究院 研究所 出版社 报社 电视台 合作社 工作站 服务站 服务中心 车间 厂 站 队 团 社 会
        联社 联 处 科 馆 园区 开发区 中央 党""".split(),
        key=len,
        reverse=True,
    )
)
# Place levels: an ORG that contains one is named after a place already.
PLACE_LEVEL = re.compile(r"省|市|县|区|镇|乡|村|社区|街道|中国|全国|国家|中央")
LEVEL_WORD = re.compile(r"省|市|县|区|镇|乡|村|社区|街道|地区|基层|单位|中央|地方")
# Names for a period or a generation, or a bare unit word (工会, 党委: whose?), not an organisation.
NOT_ORG = re.compile(
    r"(?:时代|时期|年代|世纪|阶段)$|^\d+后$|^(?:新时代|新征程)"  # 新时代党 of 新时代党和国家事业: a period and a word
    r"|\d+(?:多|余)?[座家个所条处项]$|^[万亿](?:立方米|吨|千瓦|元|人次|平方米|亩|公里)"  # 黄河流域360座, 7000 | 万立方米: a count
    r"|^(?:执政党|反对党|在野党|参政党|少数党|多数党|第一大党|政党|新政府|商协会)$"  # kinds of party or body
    r"|^(?:工会|党委|党支部|党总支|党组|团委|组织部|宣传部|政府|居委会|村委会)$"
    r"|(?:党员|官兵|政客)$|^(?:大中小学|中小学)$"  # people of a body (中共党员, 志愿军官兵), kinds of school
)
HONORIFICS = (
    "总书记 主席 总理 委员长 书记 同志 师傅 老师 先生 女士 教授 院士 博士 医生 大夫 律师 部长 省长 市长 县长 "
    "局长 厅长 主任 经理 董事长 总经理 校长 院长 大姐 大哥 阿姨 大爷 老人 夫人"
).split()
DATE = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:\d{1,2}月(?:\d{1,2}日)?|[春夏秋冬]季?)?"
    r"(?:(?:至|到|—|-|~)(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?)?"
    r"|\d{1,2}月\d{1,2}日(?:(?:至|到|—|-)\d{1,2}日)?"
    r"|\d{1,2}月(?:上旬|中旬|下旬|初|底)?(?:(?:至|到)\d{1,2}月)?(?=[,，、。的起以前后间中]|$)"
)

for ext in ("canonical", "title", "surname", "role"):
    if not Span.has_extension(ext):
        Span.set_extension(ext, default="")


def normalize(text: str) -> str:
    """The canonical form of a name: NFKC (full-width to half-width), no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(resource_lines(RESOURCES / "surnames.txt"))


@lru_cache(maxsize=1)
def places() -> dict[str, tuple[str, str, str]]:
    """name -> (level, parent, short form) from the shipped gazetteer.

    A name that is several places (北关街道 is in six counties) keeps its first
    row; the graph only needs to know it is a place.
    """
    table: dict[str, tuple[str, str, str]] = {}
    for line in resource_lines(RESOURCES / "places.tsv"):
        name, level, parent, short = (line.split("\t") + ["", "", ""])[:4]
        table.setdefault(name, (level, parent, short))
    return table


@lru_cache(maxsize=1)
def place_parents() -> dict[str, frozenset[str]]:
    """name -> every enclosing division's full name (北关街道 is in six counties: all six)."""
    table: dict[str, set[str]] = {}
    for line in resource_lines(RESOURCES / "places.tsv"):
        name, _, parent = (line.split("\t") + ["", ""])[:3]
        if parent:
            table.setdefault(name, set()).add(parent)
    return {name: frozenset(parents) for name, parents in table.items()}


@lru_cache(maxsize=1)
def place_short_forms() -> dict[str, str]:
    """陕西 -> 陕西省, 西安 -> 西安市: unique short forms of provinces and cities."""
    return {short: name for name, (_, _, short) in places().items() if short}


# The 55 minority nationalities, in the names of autonomous divisions (临夏回族自治州, 积石山保安族东乡族撒拉族自治县).
NATIONALITIES = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 "
    "达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 "
    "赫哲 门巴 珞巴 基诺"
).split()
AUTONOMOUS = re.compile(r"^(.{2,}?)(?:(?:" + "|".join(sorted(NATIONALITIES, key=len, reverse=True)) + r")族)+自治([州县旗])$")


@lru_cache(maxsize=1)
def place_aliases() -> dict[str, str]:
    """Every short way news writes a division -> its full name, for telling which place encloses which: the short
    forms of provinces and cities (陕西), autonomous divisions by their stem (临夏州, 积石山县), and counties and
    districts and county-level cities without their level word when that is unambiguous (丰台 for 丰台区, 诸城
    for 诸城市). Not used to find places in text:
    a county's stem is often a word too (和平区)."""
    table = dict(place_short_forms())
    counties = [name for name, (level, _, _) in places().items() if level in ("city", "county")]
    stems: dict[str, list[str]] = {}
    for name in counties:
        m = AUTONOMOUS.match(name)
        if m:
            stems.setdefault(m.group(1) + m.group(2), []).append(name)
        if name.endswith(("区", "县", "市")) and len(name) >= 3:
            stems.setdefault(name[:-1], []).append(name)
    for alias, names in stems.items():
        if len(set(names)) == 1 and alias not in places() and alias not in table:
            table[alias] = names[0]
    return table


def encloses(outer: str, inner: str, depth: int = 4) -> bool:
    """True if the gazetteer puts ``inner`` inside ``outer`` (up to ``depth`` levels).

    >>> encloses("西安市", "北关街道"), encloses("莲湖区", "北关街道"), encloses("北京市", "莲湖区")
    (True, True, False)
    """
    outer = place_aliases().get(outer, outer)
    level = {place_aliases().get(inner, inner)}
    for _ in range(depth):
        level = {p for name in level for p in place_parents().get(name, ())}
        if outer in level:
            return True
    return False


@lru_cache(maxsize=1)
def known_place_names() -> frozenset[str]:
    """Every name of a division, full, short or by its stem (:func:`place_names` and :func:`place_aliases`)."""
    return place_names() | frozenset(place_aliases())


def leading_place(name: str, aliases: bool = False) -> str:
    """The longest known place ``name`` starts with, leaving at least two characters of its own; ``aliases``:
    stems count too (积石山县 …). ``''`` when none.

    >>> leading_place("西安市总工会"), leading_place("北京长峰医院"), leading_place("中华全国总工会")
    ('西安市', '北京', '')
    """
    known = known_place_names() if aliases else place_names()
    return next((name[:k] for k in range(min(len(name) - 2, 12), 1, -1) if name[:k] in known), "")


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    return frozenset(places()) | frozenset(place_short_forms())


@lru_cache(maxsize=1)
def place_prefixes() -> frozenset[str]:
    """Every beginning of a known place name (西, 西安, 西安市)."""
    return frozenset(name[:k] for name in place_names() for k in range(1, len(name) + 1))


def resource_lines(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


TEXT = "zhkg.text"  # doc.user_data key of doc_text


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once per Doc.

    spaCy re-joins every token on each access of ``doc.text``, a whole article's
    worth for each rule that reads it; the text itself never changes (retokenizing
    included). A Doc made from an article (``doc._.article``) is that article's text.
    """
    text = doc.user_data.get(TEXT)
    if text is None:
        article = doc._.article if Doc.has_extension("article") else None
        text = doc.user_data[TEXT] = article.text if article is not None and article.text else doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text`` cut from :func:`doc_text` (spaCy re-joins the span's tokens on each access)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


SOURCE = "zhkg.source"  # doc.user_data key of source_text, when the Doc reads a copy


def read_as(doc: Doc, text: str, source: str) -> None:
    """Mark ``doc`` as made from ``text``, a same-length copy of the article's ``source`` (its
    simplified copy: extract.traditional): the components read the copy, the graph quotes the source."""
    if len(text) != len(source):
        raise ValueError("a Doc's copy must have its source's length: offsets point into both")
    doc.user_data[TEXT] = text
    doc.user_data[SOURCE] = source


def source_text(doc: Doc) -> str:
    """The text as the article wrote it: what mentions and evidence quote (:func:`doc_text` unless
    the Doc reads a copy, :func:`read_as`)."""
    return doc.user_data.get(SOURCE) or doc_text(doc)


def source_span(span: Span) -> str:
    """``span`` as the article wrote it (:func:`source_text`)."""
    return source_text(span.doc)[span.start_char : span.end_char]


def token_texts(doc: Doc, attr: str = "ORTH") -> list[str]:
    """Each token's text (``attr="TAG"``: its tag), without making a Token object per token.

    A rule that reads every token of an article through ``for token in doc``
    spends most of its time creating Token objects; the Doc's arrays are read in C.
    """
    return list(map(doc.vocab.strings.__getitem__, doc.to_array(attr).tolist()))


def set_ents(doc: Doc, spans: Iterable[Span], override: bool) -> None:
    """Add ``spans`` to ``doc.ents``; on overlap the new spans win if ``override``."""
    new = sorted(spans, key=lambda s: (s.start, -len(s)))
    old = list(doc.ents)
    first, second = (new, old) if override else (old, new)
    taken = set()
    kept = []
    for span in first + second:
        cells = set(range(span.start, span.end))
        if cells & taken:
            continue
        taken |= cells
        kept.append(span)
    doc.ents = sorted(kept, key=lambda s: s.start)


def char_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="contract") or doc.char_span(
        start, end, label=label, alignment_mode="expand"
    )


@Language.component("lac_entities")
def lac_entities(doc: Doc) -> Doc:
    """Turn LAC's name tags (on ``token.tag_``) into entities."""
    doc.ents = [Span(doc, i, i + 1, label=LAC_LABELS[tag]) for i, tag in enumerate(token_texts(doc, "TAG")) if tag in LAC_LABELS]
    return doc


@Language.component("titled_docs")
def titled_docs(doc: Doc) -> Doc:
    """《…》 is a document, law or work: label what is inside the brackets DOC.

    Unless the backbone already calls exactly that an organisation: 《人民日报》
    is a newspaper, and the newspaper is who publishes.
    """
    orgs = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"}
    spans = []
    for m in re.finditer(r"《([^《》\n]{1,60})》", doc_text(doc)):
        span = char_span(doc, m.start(1), m.end(1), "DOC")
        if span is not None and len(span) and (m.start(1), m.end(1)) not in orgs:
            spans.append(span)
    set_ents(doc, spans, override=True)
    return doc


@Language.component("dates")
def dates(doc: Doc) -> Doc:
    """Explicit dates become DATE; vague times from the backbone (目前, 近日) are dropped."""
    spans = []
    for m in DATE.finditer(doc_text(doc)):
        span = char_span(doc, m.start(), m.end(), "DATE")
        if span is not None and len(span) and not any(t.is_space for t in span):
            spans.append(span)
    set_ents(doc, spans, override=True)
    doc.ents = [e for e in doc.ents if e.label_ != "TIME"]
    return doc


@Language.component("places")
def places_component(doc: Doc) -> Doc:
    """Label LOC the unlabelled words (and runs of up to three) that the gazetteer knows."""
    known, starts = place_names(), place_prefixes()
    texts = token_texts(doc)
    free = [True] * len(doc)
    for e in doc.ents:
        free[e.start : e.end] = [False] * len(e)
    spans = []
    i = 0
    while i < len(texts):
        if texts[i] not in starts:  # no known place begins with this word: most words
            i += 1
            continue
        for n in (3, 2, 1):
            if i + n <= len(texts) and all(free[i : i + n]) and "".join(texts[i : i + n]) in known:
                if n > 1 or not (doc[i].is_punct or doc[i].is_space):
                    spans.append(Span(doc, i, i + n, label="LOC"))
                    i += n
                    break
        else:
            i += 1
    set_ents(doc, spans, override=False)
    return doc


def place_end(text: Sequence[str], i: int, names: frozenset[str], longest: int = 12) -> int | None:
    """End of the longest known place (two to ``longest`` items) starting at ``text[i]``, or None.

    ``text`` is a string or a list of characters (possibly NFKC-folded ones).
    """
    return next((j for j in range(min(len(text), i + longest), i + 1, -1) if "".join(text[i:j]) in names), None)


def place_chain(text: str, names: frozenset[str]) -> list[str]:
    """The longest run of known places (two characters or more each) that ``text`` starts with.

    >>> place_chain("商洛市武关镇中学", place_names())
    ['商洛市', '武关镇']
    """
    chain: list[str] = []
    i = 0
    while i < len(text):
        j = place_end(text, i, names)
        if j is None:
            break
        chain.append(text[i:j])
        i = j
    return chain


@Language.component("place_chains")
def place_chains(doc: Doc) -> Doc:
    """One entity that is a chain of places becomes one place each (商洛市武关镇 -> 商洛市, 武关镇).

    An organisation named after such a chain keeps its own name
    (西安市莲湖区北关街道安远社区 -> 西安市, 莲湖区, 北关街道 + 安远社区): the
    graph wants each place as its own node. One leading place stays inside an
    organisation's name (西安市总工会, 北京市人民政府).
    """
    names = place_names()
    spans, changed = [], False
    for ent in doc.ents:
        chain = place_chain(ent.text, names) if ent.label_ in ("LOC", "ORG") else []
        rest = ent.text[sum(map(len, chain)) :]
        whole = ent.label_ == "LOC" and len(chain) >= 2 and not rest
        named = ent.label_ == "ORG" and len(chain) >= 2 and len(rest) >= 2
        if not (whole or named):
            spans.append((ent.start_char, ent.end_char, ent.label_))
            continue
        changed = True
        start = ent.start_char
        for place in chain:
            spans.append((start, start + len(place), "LOC"))
            start += len(place)
        if rest:
            spans.append((start, ent.end_char, "ORG"))
    if changed:
        set_names(doc, spans)
    return doc


ORG_HEADS = frozenset({"组织", "机构", "联盟", "集团", "公司", "基金"})  # words that end a body's name but LAC may tag as verbs
# Words that end like an organisation but name a meeting (天津 | 峰会 is a summit, not a body).
MEETING_END = re.compile(
    r"(?:峰|大|年|例|盛|晚|博览|展览|展销|交易|洽谈|恳谈|招商|订货|交流|联欢|音乐|运动|座谈|研讨|发布|推介|见面|茶话|表彰|动员|招聘|论证)会$"
)


def is_meeting(name: str) -> bool:
    """``name`` names a meeting or a fair (第七届进博会, 交易会, 党的全国代表大会), not a body; a people's congress
    (人民代表大会) is a body.

    >>> is_meeting("中国进出口商品交易会"), is_meeting("全国人民代表大会"), is_meeting("全国总工会")
    (True, False, False)
    """
    return bool(MEETING_END.search(name)) and not name.endswith("人民代表大会")


def _is_suffix_word(token) -> bool:
    """A word that completes an organisation's name (总工会, 生产基地). Not a two-character verbal noun (国务院 |
    部署: an action), nor a meeting (峰会)."""
    text = token.text
    if token.ent_type_ or token.tag_ not in ("n", "nz", "nt", "vn") or not text.endswith(ORG_SUFFIXES):
        return False
    return not (token.tag_ == "vn" and len(text) <= 2) and not is_meeting(text)


@Language.component("org_names")
def org_names(doc: Doc) -> Doc:
    """Join a place or organisation with what completes its name.

    西安(LOC) + 康明斯(ORG) -> 西安康明斯; 街道(ORG) + 总工会 -> 街道总工会;
    吉利(ORG) + 西安(LOC) + 生产基地 -> 吉利西安生产基地. A run of places with
    nothing after it (西安市 莲湖区 北关街道) stays a run of places, an
    organisation already named after a place (安远社区工会) is not glued to
    the place before it, and a bare level word inside the suffix
    (北关街道 + 社区 + 工会) marks a category, not one organisation.
    """
    _join_missions(doc)
    # Twice: names completed in the first pass (西安康明斯) are known in the second.
    for _ in range(2):
        known = {e.text for e in doc.ents if e.label_ == "ORG"}
        doc.ents = _merge_org_runs(doc, known)
    return doc


def _join_missions(doc: Doc) -> None:
    """One body the backbone cut into two: a state's mission to a body (中国常驻 | 联合国代表团)."""
    ents = list(doc.ents)
    out: list[Span] = []
    for e in ents:
        last = out[-1] if out else None
        if last is not None and e.label_ == "ORG" and last.end == e.start and last.label_ in ("ORG", "LOC") and last.text.endswith("常驻"):
            out[-1] = Span(doc, last.start, e.end, label="ORG")
        else:
            out.append(e)
    if len(out) < len(ents):
        doc.ents = out


def _merge_org_runs(doc: Doc, known_orgs: set[str]) -> list[Span]:
    ents = list(doc.ents)
    merged = []
    i = 0
    while i < len(ents):
        j = i
        while j + 1 < len(ents) and ents[j + 1].start == ents[j].end and ents[j + 1].label_ in ("LOC", "ORG"):
            j += 1
        run = ents[i : j + 1]
        if run[0].label_ not in ("LOC", "ORG"):
            merged.append(run[0])
            i += 1
            continue
        if len(run) > 1 and doc[run[0].start : run[-1].end].text in known_orgs:
            # The article names this organisation whole elsewhere (西安康明斯).
            merged.append(Span(doc, run[0].start, run[-1].end, label="ORG"))
            i = j + 1
            continue
        end = run[-1].end
        while end < len(doc) and _is_suffix_word(doc[end]) and not is_meeting(run[-1].text):
            end += 1  # a meeting's name is whole (…交易会 | 企业馆 is a hall of it)
        if (
            end == run[-1].end < len(doc)
            and doc[end].text in ORG_HEADS
            and not run[-1].text.endswith(ORG_SUFFIXES)
            and not (all(e.label_ == "LOC" for e in run) and doc[end].tag_ == "v")
        ):
            end += 1  # 上海合作 | 组织: a name with no organisation word yet takes the one after it; not a place's verb (浙江 | 组织/v)
        if any(LEVEL_WORD.fullmatch(t.text) for t in doc[run[-1].end : end - 1]):
            end = run[-1].end  # 北关街道 社区 工会: the unions of its communities, a category, not one body
        if end > run[-1].end:
            merged.append(Span(doc, run[0].start, end, label="ORG"))
        else:
            # Only a place directly before an organisation that lacks one.
            k = len(run) - 1
            while k > 0 and run[k].label_ == "ORG" and run[k - 1].label_ == "LOC":
                if PLACE_LEVEL.search(run[k].text) and not _official_name(run[k - 1].text, run[k].text):
                    break
                k -= 1
            merged.extend(run[:k])
            merged.append(Span(doc, run[k].start, run[-1].end, label=run[-1].label_) if k < len(run) - 1 else run[k])
        i = j + 1
    return merged


# A place's own courts, procuratorates, police and schools carry its whole chain of places in their official name
# (浙江省温州市人民检察院, 太原市晋源区实验中学); a company or hospital after a place (河北 | 开滦集团) does not.
OFFICIAL_ENDS = ("人民法院", "人民检察院", "法院", "检察院", "公安局", "人民政府", "中学", "小学")


def _official_name(place: str, org: str) -> bool:
    """``place`` + ``org`` is one official name: the organisation is a local body whose own leading place lies in ``place``."""
    if not org.endswith(OFFICIAL_ENDS):
        return False
    lead = leading_place(org, aliases=True)
    return bool(lead) and encloses(place, lead)


COORDINATORS = {"、", "和", "及", "与", "以及", ",", "，"}


@Language.component("org_lists")
def org_lists(doc: Doc) -> Doc:
    """In a list of organisations, a noun with an organisation suffix is one too.

    中央组织部、财政部、农业农村部印发…: the backbone knows the first two;
    农业农村部, in the same list and ending in 部, is labelled ORG as well.
    """
    labels = {i: e.label_ for e in doc.ents for i in range(e.start, e.end)}
    words, tags = token_texts(doc), token_texts(doc, "TAG")
    nouns = [i for i, (w, tag) in enumerate(zip(words, tags)) if tag in ("n", "nz", "nt") and len(w) >= 3 and w.endswith(ORG_SUFFIXES)]
    spans = []
    changed = True
    while changed:
        changed = False
        for i in nouns:
            if i in labels:
                continue
            if any(0 <= j < len(words) and labels.get(j) == "ORG" and words[(j + i) // 2] in COORDINATORS for j in (i - 2, i + 2)):
                labels[i] = "ORG"
                spans.append(Span(doc, i, i + 1, label="ORG"))
                changed = True
    set_ents(doc, spans, override=False)
    return doc


BARE_LEVELS = ("社区", "街道", "村")
WEATHER = re.compile(r"(?:晴|阴|多云|小雨|中雨|大雨|阵雨|雷阵雨|小雪|雨夹雪)$")
# What a venue's name ends with: a hall, square or guest house in a city is a place of its own in it.
VENUE = re.compile(r"(?:大会堂|会堂|广场|国宾馆|宾馆|饭店|酒店|会议中心|展览中心|体育场|体育馆|机场)$")
# A part of a place by its direction or stretch (陕西北部, 深圳西南方, 北京以东, 宁夏段 of 黄河宁夏段): the place is
# named, the part is no name.
DIRECTION = re.compile(
    r"(?:东|南|西|北|中|东北|东南|西北|西南|中北|中南|中西|中东)部|(?:东|南|西|北|东北|东南|西北|西南)(?:方|侧)|以[东南西北]|段"
)


@Language.component("place_categories")
def place_categories(doc: Doc) -> Doc:
    """A place plus a bare level word (北关街道社区 + 工会) is that place's communities: a category; a place plus
    a direction (陕西北部, 深圳西南方) is a part of the place: the place is the mention.

    The backbone can return 北关街道社区 as one organisation or 陕西北部 as one place; the token is
    split and only the place (北关街道, 陕西; LOC) stays an entity.
    """
    full, names = place_names(), known_place_names() | country_names()  # levels: full names (北关街道 stays whole)
    cuts = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "LOC"):
            continue
        level = next((lv for lv in BARE_LEVELS if ent.text.endswith(lv)), None) if len(ent) == 1 else None
        if level and ent.text[: -len(level)] not in full:
            level = None
        if level is None and ent.label_ == "LOC":  # 陕西 | 北部, not 陕 | 西北部: the longest place
            level = next(
                (ent.text[k:] for k in range(2, len(ent.text)) if ent.text[:k] in names and DIRECTION.fullmatch(ent.text[k:])), None
            )
        if level is None and ent.label_ == "LOC" and ent.text.endswith(("文", "语")) and ent.text[:-1] in country_names():
            level = ent.text[-1]  # 老挝文: the state's language names the state
        if level is None and ent.label_ == "LOC" and (m := WEATHER.search(ent.text)):
            level = m.group()  # 兰州晴 | 转小雨: a forecast's weather glued to its city
        if level and ent.text[: -len(level)] in names:
            cuts.append((ent, level, "LOC"))
    cut_suffixes(doc, cuts)
    return doc


def cut_suffixes(doc: Doc, cuts: list[tuple[Span, str, str]]) -> None:
    """Shorten each entity by ``suffix`` and relabel it, splitting a token when the cut is inside it.

    Shared by the rules that find a name plus something that is not part of it
    (北关街道社区 -> 北关街道 + 社区; 安远社区工会 -> 安远社区 + 工会).
    """
    if not cuts:
        return
    cut = {ent.start_char for ent, _, _ in cuts}
    spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.start_char not in cut]
    spans += [(ent.start_char, ent.end_char - len(suffix), label) for ent, suffix, label in cuts]
    split_at(doc, {ent.end_char - len(suffix) for ent, suffix, _ in cuts})
    doc.ents = sorted((sp for s, e, lab in spans if (sp := doc.char_span(s, e, label=lab)) is not None), key=lambda sp: sp.start)


def sentence_ents(doc: Doc) -> list[tuple[Span, list[Span]]]:
    """Each sentence with its entities, from one read of ``doc.ents``.

    ``sent.ents`` rebuilds every entity of the Doc on each call; per sentence
    that is quadratic in the article's length.
    """
    ents = list(doc.ents)
    out, k = [], 0
    for sent in doc.sents:
        while k < len(ents) and ents[k].start < sent.start:
            k += 1
        j = k
        while j < len(ents) and ents[j].start < sent.end:
            j += 1
        out.append((sent, ents[k:j]))
        k = j
    return out


def split_at(doc: Doc, offsets: set[int]) -> None:
    """Split tokens so that each offset in ``offsets`` is a token boundary; pieces keep the token's tag.

    Sentence starts are kept where they were (a split token's pieces would lose them).
    """
    idx = doc.to_array("IDX").tolist()  # each token's character offset
    sentence_starts = {x for x, first in zip(idx, doc.to_array("SENT_START").tolist()) if first == 1}
    cuts: dict[int, list[int]] = {}  # token -> offsets inside it
    for x in sorted(offsets):
        i = bisect_right(idx, x) - 1
        if i >= 0 and idx[i] < x < idx[i] + len(doc[i].text):
            cuts.setdefault(i, []).append(x - idx[i])
    if cuts:
        with doc.retokenize() as retokenizer:
            for i, inside in cuts.items():
                token = doc[i]
                bounds = [0, *inside, len(token.text)]
                pieces = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
                n = len(pieces)
                heads = [(token, k + 1) for k in range(n - 1)] + [(token, 0)]
                retokenizer.split(token, pieces, heads=heads, attrs={"TAG": [token.tag_] * n})
    # Setting is_sent_start re-derives the Doc's sentence structure: only where a split changed it
    # (setting every token made this rule quadratic: 0.3 s on a 4,000-token page).
    for i, (x, first) in enumerate(zip(doc.to_array("IDX").tolist(), doc.to_array("SENT_START").tolist())):
        if first == 0 or (first == 1) is not (x in sentence_starts):
            doc[i].is_sent_start = x in sentence_starts


def set_names(doc: Doc, spans: list[tuple[int, int, str]]) -> None:
    """``doc.ents`` = ``spans`` (character offsets, label), words split where a name edge falls inside one.

    A span that still does not fall on token edges (a cut inside a space
    token) is dropped rather than stretched.
    """
    split_at(doc, {x for s, e, _ in spans for x in (s, e)})
    ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
    doc.ents = sorted((e for e in ents if e is not None), key=lambda e: e.start)


@Language.component("bylines")
def bylines(doc: Doc) -> Doc:
    """Names in a byline (本报讯(记者 刘强)) are PERSONs with role 记者/通讯员."""
    spans = []
    for sent in doc.sents:
        m = BYLINE.match(span_text(sent))
        if not m:
            continue
        for _, start, end, role in byline_names(m.group(0)):
            span = char_span(doc, sent.start_char + start, sent.start_char + end, "PERSON")
            if span is not None:
                span._.role = role
                spans.append(span)
    set_ents(doc, spans, override=True)
    return doc


@Language.component("person_titles")
def person_titles(doc: Doc) -> Doc:
    """Titles after a name (习近平总书记) and surname+honorific mentions (孙师傅).

    The title stays out of the PERSON span and goes to ``span._.title``. A
    mention that is only a surname and an honorific keeps its text and gets
    ``span._.surname``, for the graph to resolve within the article.
    """
    text_all = doc_text(doc)
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        text = normalize(ent.text)
        for title in HONORIFICS:
            surname = text[: -len(title)] if text.endswith(title) else ""
            if surname and surname in surnames():
                ent._.surname, ent._.title = surname, title
                break
        # Read the title from the text: with character tokens 师傅 is two tokens.
        after = text_all[ent.end_char : ent.end_char + 3]
        title = next((t for t in sorted(HONORIFICS, key=len, reverse=True) if after.startswith(t)), "")
        if title and not (ent.end < len(doc) and doc[ent.end].ent_type_):
            ent._.title = title
            if text in surnames() and not ent._.surname:  # 孙 + 师傅: a surname mention, resolved in the article
                ent._.surname = text
    return doc


@Language.factory("entity_filter", default_config={"single_chars": True, "surnames": False, "short_orgs": True})
def make_entity_filter(nlp: Language, name: str, single_chars: bool, surnames: bool, short_orgs: bool):
    """Drop what the backbone tags as a name but is not one.

    Always: bare level words (街道, 社区); a 'person' followed directly by the
    particle 了 (路平了 is "the road is smooth" — names do not take 了) or
    standing alone in quotes (“大白” is a nickname); 'organisations' that name
    a period or a generation (新时代, 90后). Unless allowed by the config:
    one-character names (``single_chars``: 中 and 美 in 中美关系 are real
    places, and a trained model finds them); persons that do not start with
    a surname (``surnames=True`` checks; LAC tags idioms such as 强基固本 as
    names, a trained model does not, and foreign names have no surname);
    two-character organisations with no organisation suffix that the NER
    corpora do not name either (``short_orgs``: LAC's 聚力, 严密; but 欧盟 and
    曼联 are real).
    """

    def entity_filter(doc: Doc) -> Doc:
        keep, doubtful = [], []
        for ent in doc.ents:
            text = normalize(ent.text)
            if ent.label_ in ("PERSON", "ORG", "LOC") and ((len(text) < 2 and not single_chars) or LEVEL_WORD.fullmatch(text)):
                continue
            if ent.label_ == "PERSON" and not _plausible_name(doc, ent, text, surnames):
                doubtful.append(ent)
                continue
            if ent.label_ == "ORG" and len(text) == 2 and text in known_place_names() | country_names():
                ent = Span(doc, ent.start, ent.end, label="LOC")  # 北京 | 市委书记: LAC's ORG is the place of a body
            if ent.label_ == "ORG" and (NOT_ORG.search(text) or (len(text) == 2 and not short_orgs and not _short_org(text))):
                continue
            keep.append(ent)
        # One name, one reading per article: a name the article shows to be a person's once (总统卢卡申科)
        # is a person's where it stands alone too (卢卡申科表示).
        persons = {normalize(e.text) for e in keep if e.label_ == "PERSON"}
        keep.extend(e for e in doubtful if normalize(e.text) in persons)
        doc.ents = sorted(keep, key=lambda e: e.start)
        return doc

    return entity_filter


@lru_cache(maxsize=1)
def short_org_names() -> frozenset[str]:
    """Two-character organisations of the NER corpora (欧盟, 北约, 央视, 宝钢): resources/short_orgs.txt."""
    return frozenset(resource_lines(RESOURCES / "short_orgs.txt"))


def _short_org(text: str) -> bool:
    """A two-character organisation the backbone found is one when it ends like one or the corpora name it."""
    return text.endswith((*ORG_SUFFIXES, "军")) or text in short_org_names()  # 军: 美军, 乌军, 空军


def _plausible_name(doc: Doc, ent: Span, text: str, check_surname: bool = True) -> bool:
    if ent._.role or ent._.surname:  # a byline name, or 孙师傅
        return True
    after = doc[ent.end] if ent.end < len(doc) else None
    before = doc[ent.start - 1] if ent.start > 0 else None
    if after is not None and after.text.startswith("了") and after.tag_ in ("u", "xc", "v"):
        return False
    if before is not None and after is not None and before.text.endswith(("“", '"')) and after.text.startswith(("”", '"')):
        return False
    if "·" in text or not check_surname:  # transliterated foreign names
        return True
    if len(text) <= 4 and (text[0] in surnames() or text[:2] in surnames()) and (len(text) < 4 or text[:2] in surnames()):
        return True
    return plausible_foreign_name(text, doc_text(doc)[max(0, ent.start_char - 6) : ent.start_char])


# A post right before a name says the name is a person's, whatever its first character (联合国秘书长古特雷斯).
POSTS_BEFORE = re.compile(
    r"(?:总统|总理|首相|国王|女王|王储|亲王|埃米尔|苏丹|秘书长|总干事|部长|外长|防长|大使|议长|主席|总裁|首席执行官|董事长|会长|行长|主任|市长|州长|总督|夫人|先生|女士)$"
)


def plausible_foreign_name(text: str, before: str = "") -> bool:
    """A name with no Chinese surname that is a transliteration (three quarters of its characters are
    those of foreign names, resources/transliteration.txt: 古特雷斯, 阿尔巴尼斯) or follows a post
    (总统穆罕默德, 部长耶伦). LAC tags idioms as names too (强基固本): they are neither.

    >>> plausible_foreign_name("古特雷斯"), plausible_foreign_name("耶伦", "美国财政部长"), plausible_foreign_name("强基固本")
    (True, True, False)
    """
    if len(text) < 2 or len(text) > 12:
        return False
    letters = transliteration()
    share = sum(c in letters for c in text) / len(text)
    return (len(text) >= 3 and share >= 0.75) or bool(POSTS_BEFORE.search(before))


@lru_cache(maxsize=1)
def transliteration() -> frozenset[str]:
    return frozenset(resource_lines(RESOURCES / "transliteration.txt"))


# Standing abbreviations of national bodies: one node whichever form an article uses.
# (Abbreviations made from the article's own context — 市总工会 -> 西安市总工会 — are resolved in graph.build.)
ABBREVIATIONS = {
    "中组部": "中央组织部",
    "中宣部": "中央宣传部",
    "中联部": "中央对外联络部",
    "中央统战部": "中央统一战线工作部",
    "中办": "中共中央办公厅",
    "国办": "国务院办公厅",
    "国家发改委": "国家发展和改革委员会",
    "发改委": "国家发展和改革委员会",
    "国资委": "国务院国有资产监督管理委员会",
    "国家卫健委": "国家卫生健康委员会",
    "国家卫生健康委": "国家卫生健康委员会",
    "卫健委": "国家卫生健康委员会",
    "中纪委": "中央纪律检查委员会",
    "全国总工会": "中华全国总工会",
    "全总": "中华全国总工会",
    "世卫组织": "世界卫生组织",
    "人社部": "人力资源和社会保障部",
    "工信部": "工业和信息化部",
}


# A place's government under its short name is its people's government: 陕西省政府 = 陕西省人民政府.
GOVERNMENT = re.compile(r"^(.{2,}?(?:省|市|县|区|州|旗|自治区|自治州|自治县))政府$")


def _expanded_prefix(name: str) -> str:
    """A body of an abbreviated organisation under the organisation's full name: 全国总工会权益保障部 ->
    中华全国总工会权益保障部, so it joins its parent (graph.hierarchy: part_of)."""
    for k in range(len(name) - 2, 2, -1):
        if name[:k] in ABBREVIATIONS:
            return ABBREVIATIONS[name[:k]] + name[k:]
    return name


# The one-character names news uses for cities after a verb of place (在京, 抵沪, 赴港): extract.names.city_letters.
CITY_ONE_CHAR = {"京": "北京市", "沪": "上海市", "津": "天津市", "渝": "重庆市", "穗": "广州市", "蓉": "成都市", "港": "香港", "澳": "澳门"}


@cache
def country_names() -> frozenset[str]:
    """The states' short names (中国, 印度尼西亚), resources/countries.txt."""
    return frozenset(resource_lines(RESOURCES / "countries.txt"))


# A state's official name is its short name and its form: 印度尼西亚共和国, 柬埔寨王国 (联邦 is left out: 美国联邦
# 储备委员会 is a body). The graph names the state by its short name.
STATE_FORMS = "联邦民主共和国|民主共和国|人民共和国|联邦共和国|伊斯兰共和国|共和国|联合王国|王国|合众国|酋长国|大公国|苏丹国"
_STATE_FORM_END = re.compile(f"(?:{STATE_FORMS})$")


def state_short_name(name: str) -> str:
    """印度尼西亚共和国 -> 印度尼西亚; any other name unchanged.

    >>> state_short_name("柬埔寨王国"), state_short_name("共和国"), state_short_name("北京市")
    ('柬埔寨', '共和国', '北京市')
    """
    short = _STATE_FORM_END.sub("", name)
    return short if short != name and short in country_names() else name


def canonical_place(name: str) -> str:
    """A place's name in full: 西安 → 西安市, 京 → 北京市, 印度尼西亚共和国 → 印度尼西亚.

    >>> canonical_place("江西"), canonical_place("沪"), canonical_place("柬埔寨王国")
    ('江西省', '上海市', '柬埔寨')
    """
    return place_short_forms().get(name, CITY_ONE_CHAR.get(name, state_short_name(name)))


@Language.component("canonical_names")
def canonical_names(doc: Doc) -> Doc:
    """Set ``span._.canonical``: normalized text; unique short place names in full (西安 -> 西安市);
    standing abbreviations in full (中组部 -> 中央组织部)."""
    for ent in doc.ents:
        name = normalize(ent.text)
        if ent.label_ == "LOC":
            name = canonical_place(name)
        elif ent.label_ == "ORG":
            name = GOVERNMENT.sub(r"\1人民政府", ABBREVIATIONS.get(name, None) or _expanded_prefix(name))
        ent._.canonical = name
    return doc
