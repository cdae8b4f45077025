"""Events found by rules: who visited, met, called, issued, was honoured … where and when.

The ``events`` component puts a list of :class:`Event` on ``doc._.events``.
Everything is sentence-local: a trigger, the entities of its clause (or of
its sentence where a rule says so) as arguments, and the nearest time
expression of its sentence normalised with :mod:`extract.dates` against the
article's date (``doc._.article.date``; ``''`` when there is no article).
An event whose sentence has no time expression has no date: the article's
date is not copied in (the graph layer may fall back to it).

Two sources of triggers:

* hand rules (:data:`HAND_TYPES`) for the news-politics kinds that CEC
  (emergencies) and DuEE (entertainment, finance, law) do not annotate:
  visit (来到/赴/走进 … 考察/参观学习, 视察, 调研), meeting (会见, 座谈, 召开…会议,
  出席), call (拨通…电话, 与…通话, 致电), issuance (印发/发布/出台/公布 《DOC》),
  award (被评为/被推荐为/授予, 获…称号), founding (成立, 组建, 挂牌), pilot (试点),
  volunteer_service (志愿服务);
* the lexicon ``resources/event_triggers.tsv`` (made by
  ``training/event_triggers.py`` from CEC's train part and DuEE 1.0 dev):
  accident, fire, earthquake, explosion, attack, poisoning, collapse,
  pollution, epidemic, injury, death, rescue and the DuEE kinds in
  :data:`DUEE_TYPES`. A word is a trigger if it was annotated at least
  :data:`MIN_COUNT` times and in at least :data:`MIN_RATIO` of its
  occurrences in the source text. CEC's coarse kinds (operation, movement,
  action, perception, statement, state_change) are left out unless the
  component is added with ``config={"generic": True}``: on news pages they
  make an event of nearly every verb.

Roles in ``Event.args``: statement (X 表示/指出/强调/说，…): speaker; visit: visitor, place; meeting: host, participant;
call: caller, callee; letter: writer, recipient; issuance: issuer, document; award: honoree, giver; founding:
founder, founded; pilot: participant; volunteer_service: organizer; lexicon
kinds: participant (victim for injury and death), place. ``Event.place`` is
also in ``args`` (role ``place``); the time span is ``Event.time``, not an arg.

>>> import extract
>>> nlp = extract.load()  # the events component is part of the rule layer
>>> doc = nlp("9月30日,安远社区工会专干刘馨蕊拨通了街道总工会社会化工作者孙养利电话。")
>>> [(e.type, e.trigger.text, e.date_text, [(a.text, r) for a, r in e.args]) for e in doc._.events]
[('call', '拨通', '9月30日', [('刘馨蕊', 'caller'), ('孙养利', 'callee')])]
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract import dates
from extract.entities import sentence_ents, span_text, token_texts

TRIGGERS = Path(__file__).parent / "resources" / "event_triggers.tsv"
MIN_COUNT = 2  # annotated at least twice ...
MIN_RATIO = 0.3  # ... and a trigger in at least 30% of the places the word appears (CEC train / DuEE dev)
MAX_TRIGGER_TOKENS = 3
HAND_TYPES = ("visit", "meeting", "call", "letter", "issuance", "award", "founding", "pilot", "volunteer_service", "statement")
# Speech: X 表示/指出/强调/说 followed by what was said (，：“). The statement is an event of its speaker's even when
# it names no one; the people and bodies it names are its ``about`` (said links: extract.event_links).
SAY_WORDS = frozenset({"说", "表示", "指出", "强调", "介绍", "称", "透露", "坦言", "宣布", "重申"})
SAID_AFTER = ("，", ",", "：", ":", "“", "。")  # X说，… X说：“…” “…”X说。
SAY_BEFORE_CONTENT = frozenset({"表示", "指出", "强调", "重申"})  # …，表示俄方高度赞赏…: what was said follows with no comma
# CEC's coarse Denoter kinds, kept under their own names (training/event_triggers.py: CEC_GENERIC).
GENERIC = ("state_change", "operation", "movement", "action", "perception", "statement", "emergency", "unknown")

# Our type -> the DuEE 1.0 event_type that means the same (None: DuEE has none).
# award and issuance are the closest DuEE has (products win prizes and are launched there, not people
# and documents); the hand rules decide those two, the DuEE words for them are not used as triggers.
DUEE_TYPES: dict[str, str | None] = {
    "visit": None,  # 交往-探班 is a visit to a film set
    "meeting": "交往-会见",
    "call": None,
    "letter": None,
    "issuance": "产品行为-发布",
    "award": "产品行为-获奖",
    "founding": None,
    "pilot": None,
    "volunteer_service": None,
    "accident": "灾害/意外-车祸",
    "fire": "灾害/意外-起火",
    "earthquake": "灾害/意外-地震",
    "explosion": "灾害/意外-爆炸",
    "attack": "灾害/意外-袭击",
    "collapse": "灾害/意外-坍/垮塌",
    "flood": "灾害/意外-洪灾",
    "plane_crash": "灾害/意外-坠机",
    "poisoning": None,
    "pollution": None,
    "epidemic": None,
    "injury": None,
    "death": "人生-死亡",
    "rescue": None,
    "missing": "人生-失联",
    "arrest": "司法行为-拘捕",
    "fine": "司法行为-罚款",
    "prosecution": "司法行为-起诉",
    "trial": "司法行为-开庭",
    "case_filed": "司法行为-立案",
    "imprisonment": "司法行为-入狱",
    "summons": "司法行为-约谈",
    "whistleblowing": "司法行为-举报",
    "strike": "组织行为-罢工",
    "protest": "组织行为-游行",
    "opening": "组织行为-开幕",
    "closing": "组织行为-闭幕",
    "resignation": "组织关系-辞/离职",
    "dismissal": "组织关系-解雇",
    "layoff": "组织关系-裁员",
    "suspension": "组织关系-停职",
    "dissolution": "组织关系-解散",
    "joining": "组织关系-加盟",
    "withdrawal": "组织关系-退出",
    "apology": "交往-道歉",
    "thanks": "交往-感谢",
    "marriage": "人生-结婚",
    "divorce": "人生-离婚",
}

# Hand rules. Words are LAC tokens; several rules look at the clause (between commas).
VISIT_GO = {"来到", "赴", "赶赴", "奔赴", "赶往", "走进", "前往", "深入", "莅临", "到访"}
VISIT_DO = ("参观学习", "调研指导", "考察调研", "视察", "考察", "调研", "参观", "走访", "慰问", "看望")
VISIT_ALONE = {"视察", "考察", "调研", "走访", "莅临"}  # a visit without a motion verb before it
MEET = {"会见", "会谈", "座谈", "接见", "出席", "会晤", "看望", "慰问"}  # 看望, 慰问 after 来到 are a visit's purpose
MEET_HOLD = {"召开", "举行", "举办"}  # ... with a meeting after it: 召开…会议/座谈会
CALL_DIAL = {"拨通", "打通", "拨打"}  # ... 电话 later in the clause
CALL_TALK = {"通话", "通电话"}  # 与 X 通话
CALL_TO = {"致电", "打电话"}
CALL_LINK = {"视频连线", "连线"}  # 李克强视频连线A、B: each is called
LETTERS = {"回信", "写信", "致信", "复信", "致函"}  # 给X回信, 致信X
TO = {"给", "向", "致"}
WITH = {"与", "同", "和", "跟"}
AT = {"在", "正在", "于", "位于"}
PRONOUNS = {"我", "我们", "他", "她", "他们", "她们", "你", "你们", "咱们"}
ISSUE = {"印发", "发布", "出台", "公布", "颁布", "下发", "发出", "制定", "修订", "提交", "提出"}  # …提交的《…提案》: its author
FOUND = {"成立", "组建", "挂牌", "设立", "筹建"}
AWARD_PASSIVE = re.compile(r"被(?:评为|评选为|推荐为|授予|命名为|表彰为|认定为|选为|确定为)")
AWARD_GIVE = re.compile(r"(?<!被)(?:追授|授予|颁授|表彰)了?")  # X 追授 Y “…”称号: the giver is the subject
AWARD_GET = re.compile(r"(?:荣获|获评|获得|获颁|再获|获)(?=[^,，;；。]{0,20}?(?:称号|奖|荣誉|勋章))")
HONOUR = re.compile(r"[“\"]([^”\"]+)[”\"]|([^,，。;；]{2,20})")  # the honour after 被评为/荣获: quoted, else to the clause's end
MEETING_WORD = re.compile(r"会$|会议|论坛|峰会")
PILOT_NOT_BEFORE = {"单位", "地区", "城市", "企业", "项目", "工作", "经验", "范围"}
CLAUSE_PUNCT = {",", "，", ";", "；", ":", "：", "。", "!", "！", "?", "？"}
# Time expressions the DATE entities miss (relative, holidays, vague): matched in the sentence text.
VAGUE_TIME = re.compile(
    r"(?:今年|去年|前年|明年|本月|上月|上个月)(?:\d{1,2}月(?:\d{1,2}[日号])?)?"
    r"|[“\"]?(?:七一|五一|五四|六一|八一|国庆节?|元旦|春节|中秋节?|端午节?|建党节)[”\"]?(?:前夕|前后|期间|假期|当天)?"
    r"|昨日|昨天|前天|今天|今日|明天|近日|日前|近期|连日来"
    r"|(?<![\d月])\d{1,2}[日号](?=凌晨|早|上午|中午|下午|傍晚|晚|夜|\d{1,2}时)"  # 8日凌晨: this month's 8th
)
SUBJECT = ("PERSON", "ORG")
PLACE = ("LOC", "ORG")
# Every word a hand rule starts at (a backbone may cut one in two: 下 | 发).
HAND_WORDS = frozenset(
    VISIT_GO | VISIT_ALONE | MEET | MEET_HOLD | CALL_DIAL | CALL_TALK | CALL_TO | CALL_LINK | LETTERS | ISSUE | FOUND | SAY_WORDS
)

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


@dataclass
class Event:
    trigger: Span  # the trigger token(s) in the doc
    type: str  # visit, meeting, call, issuance, award, fire, … (module doc)
    date_text: str = ""  # the time expression as written in the sentence, else ""
    date: str = ""  # dates.normalize(date_text, article date): ISO or partial ISO, or ""
    date_range: tuple[str, str] | None = None
    place: Span | None = None  # a LOC or ORG entity span where it happened
    args: list[tuple[Span, str]] = field(default_factory=list)  # (entity span, role)
    rule: str = ""  # which rule or lexicon produced it
    confidence: float = 1.0
    time: Span | None = None  # the span of date_text in the doc
    about: list[Span] = field(default_factory=list)  # who a statement names, the bodies an honour names (not participants)
    title: str = ""  # an award's honour as written (全国三八红旗手)

    @property
    def sentence(self) -> Span:
        return self.trigger.sent


@lru_cache(maxsize=1)
def lexicon(path: Path = TRIGGERS) -> dict[str, tuple[str, float, str]]:
    """trigger -> (type, count/seen, source) for the triggers that pass MIN_COUNT and MIN_RATIO.

    A word with several types keeps its most frequent; hand-rule types are left to the hand rules.
    """
    best: dict[str, tuple[int, str, float, str]] = {}
    with open(path, encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        for row in rows:
            count, seen = int(row["count"]), int(row["seen"])
            ratio = count / max(seen, 1)
            kind = row["type"]
            if count < MIN_COUNT or ratio < MIN_RATIO or kind in HAND_TYPES:
                continue
            if len(row["trigger"]) == 1 and (count < 5 or ratio < 0.5):  # 撞, 烧: only well-attested ones
                continue
            if row["trigger"] not in best or count > best[row["trigger"]][0]:
                best[row["trigger"]] = (count, kind, ratio, row["source"])
    return {t: (kind, ratio, source) for t, (_, kind, ratio, source) in best.items()}


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    """Every beginning of a lexicon trigger ('' too: a space token may open one): a token that is
    none of these starts no trigger."""
    return frozenset(word[:k] for word in lexicon() for k in range(len(word) + 1))


@Language.factory("events", default_config={"generic": False})
def make_events(nlp: Language, name: str, generic: bool):
    def events(doc: Doc) -> Doc:
        return find_events(doc, generic=generic)

    return events


def find_events(doc: Doc, generic: bool = False) -> Doc:
    """Set ``doc._.events``: the hand rules first, then the lexicon on the tokens they left."""
    article = doc._.article if Doc.has_extension("article") else None
    anchor = getattr(article, "date", "") or ""
    found: list[Event] = []
    by_sentence = sentence_ents(doc)
    sents = [sent for sent, _ in by_sentence]
    # spaCy rebuilds ``sent.ents`` and ``sent.text`` from every token on each access, and the
    # rules below read them per token: read once here, for this run (the component changes neither).
    doc.user_data[SENTENCES] = {s.start: (span_text(s), ents) for s, ents in by_sentence}
    words, tags = token_texts(doc), token_texts(doc, "TAG")
    try:
        for sent in sents:
            used: set[int] = set()  # tokens already part of a trigger
            times = _times(sent)
            sent_events = _hand_rules(sent, used, words, tags) + _lexicon_events(sent, used, generic, words)
            for event in sent_events:
                time = _nearest_time(times, event.trigger)
                if time is not None:
                    event.time = time
                    event.date_text = time.text
                    event.date, event.date_range = dates.normalize(time.text, anchor)
            found.extend(sorted(sent_events, key=lambda e: e.trigger.start))
    finally:
        doc.user_data.pop(SENTENCES)
    doc._.events = found
    return doc


SENTENCES = "zhkg.events.sentences"  # doc.user_data key: sentence start -> (text, entities) during find_events


def _text(sent: Span) -> str:
    return sent.doc.user_data[SENTENCES][sent.start][0]


def _sent_ents(sent: Span) -> list[Span]:
    return sent.doc.user_data[SENTENCES][sent.start][1]


# --- helpers -------------------------------------------------------------------------------------


def _clause(sent: Span, i: int) -> tuple[int, int]:
    """Token bounds [start, end) of the clause around token ``i``: between commas, colons, semicolons."""
    doc = sent.doc
    start = i
    while start > sent.start and doc[start - 1].text not in CLAUSE_PUNCT:
        start -= 1
    end = i + 1
    while end < sent.end and doc[end].text not in CLAUSE_PUNCT:
        end += 1
    return start, end


def _ents(sent: Span, start: int, end: int, labels: tuple[str, ...]) -> list[Span]:
    return [e for e in _sent_ents(sent) if e.label_ in labels and e.start >= start and e.end <= end]


def _subject(sent: Span, i: int, labels: tuple[str, ...] = SUBJECT) -> Span | None:
    """Who does what token ``i`` says: the nearest entity before it in its clause, else the
    sentence's topic (an entity that opens the sentence or follows its opening time: 国庆前夕,咸阳市总工会…)."""
    start, _ = _clause(sent, i)
    doc = sent.doc
    # 在北京人民大会堂同…: what follows 在 is where, not who.
    before = [e for e in _ents(sent, start, i, labels) if not (e.start > sent.start and doc[e.start - 1].text in AT)]
    if before:
        return before[-1]
    pronoun = [c for c in doc.spans.get("coref", []) if start <= c.start and c.end <= i] if "PERSON" in labels else []
    if pronoun:
        return pronoun[-1]  # 他表示，…: the person the pronoun was resolved to (extract.states.pronouns)
    # The topic does not reach into quoted speech or past a pronoun subject (我想…组建工会).
    if _in_quote(sent, i) or any(t.text in PRONOUNS for t in sent.doc[start:i]):
        return None
    return _topic(sent, i, labels)


def _topic(sent: Span, i: int, labels: tuple[str, ...]) -> Span | None:
    """The entity the sentence opens with (after its time, a dateline, or the bodies and posts before a name)."""
    ents = _sent_ents(sent)
    for k, e in enumerate(ents):
        if e.start >= i:
            break
        if e.label_ in labels and _opens(sent, e):
            return _titled_person(sent, ents[k:], i, labels) or e
    return None


def _titled_person(sent: Span, ents: list[Span], i: int, labels: tuple[str, ...]) -> Span | None:
    """The person a sentence opens with after the bodies and posts before the name (中共中央政治局常委、国务院总理
    李克强到…): the bodies are the person's titles, not the subject. None when a verb comes first."""
    if "PERSON" not in labels or ents[0].label_ == "PERSON":
        return None
    doc = sent.doc
    for e in ents:
        if e.start >= i:
            return None
        if e.label_ == "PERSON":
            return e
        if any(t.tag_[:1] in ("v", "p") for t in doc[e.end : next((f.start for f in ents if f.start >= e.end), i)]):
            return None
    return None


def _in_quote(sent: Span, i: int) -> bool:
    depth = 0
    for t in sent.doc[sent.start : i]:
        if t.text in ("“", "「"):
            depth += 1
        elif t.text in ("”", "」"):
            depth = max(depth - 1, 0)
    return depth > 0


def _opens(sent: Span, ent: Span) -> bool:
    """The entity opens its sentence: nothing but times, punctuation or a web dateline (央视网消息（新闻联播）：)
    before it. The dateline's outlet itself opens nothing: it is no one's subject."""
    doc = sent.doc
    if ent.end < sent.end and doc[ent.end].text.startswith(DATELINE_WORDS):
        return False
    k = ent.start - 1
    while k >= sent.start and (doc[k].is_space or doc[k].text in CLAUSE_PUNCT or doc[k].ent_type_ == "DATE"):
        if doc[k].text in ("：", ":") and any(t.text.startswith(DATELINE_WORDS) for t in doc[sent.start : k]):
            return True
        k -= 1
    return k < sent.start or doc[k].tag_ == "TIME"


DATELINE_WORDS = ("消息", "讯")  # 央视网消息（新闻联播）：, 本报讯


def _most_specific(ents: list[Span]) -> list[Span]:
    """Of a chain of adjacent places (辽宁 沈阳 皇姑区 三台子街道 牡丹社区) keep the last."""
    return [e for n, e in enumerate(ents) if n + 1 == len(ents) or ents[n + 1].start != e.end]


def _times(sent: Span) -> list[Span]:
    spans = [e for e in _sent_ents(sent) if e.label_ == "DATE"]
    for m in VAGUE_TIME.finditer(_text(sent)):
        span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is not None and not any(s.start < span.end and span.start < s.end for s in spans):
            spans.append(span)
    return sorted(spans, key=lambda s: s.start)


def _nearest_time(times: list[Span], trigger: Span) -> Span | None:
    before = [t for t in times if t.end <= trigger.start]
    if before:
        return before[-1]
    after = [t for t in times if t.start >= trigger.end]
    return after[0] if after else None


def _event(sent: Span, start: int, end: int, kind: str, rule: str, args: list[tuple[Span | None, str]], conf: float) -> Event:
    args = [(a, r) for a, r in args if a is not None]
    place = next((a for a, r in args if r == "place"), None)
    return Event(sent.doc[start:end], kind, place=place, args=args, rule=rule, confidence=conf)


# --- hand rules ----------------------------------------------------------------------------------


def _hand_rules(sent: Span, used: set[int], words: list[str], tags: list[str]) -> list[Event]:
    """``words``, ``tags``: the doc's token texts and tags."""
    out: list[Event] = []
    for i in range(sent.start, sent.end):
        if i in used or _negated(words, i, sent.start):
            continue
        word, tag = words[i], tags[i]
        joined = i + 1 < sent.end and word not in HAND_WORDS and word + words[i + 1] in HAND_WORDS
        if joined:
            word = word + words[i + 1]  # 下 | 发: the backbone cut the verb in two
        verb = tag.startswith("v")
        event = None
        if (word in VISIT_GO or (word == "到" and (_purpose(sent, i) is not None or words[i - 1].endswith("来")))) and verb:
            # 到X考察; 先|后来|到 X: LAC cut 来到 in two
            event = _visit(sent, i, used)
        elif word in VISIT_ALONE and verb:
            event = _visit_alone(sent, i)
        elif word in MEET and verb:
            event = _meeting(sent, i)
        elif word in MEET_HOLD and verb:
            event = _meeting_held(sent, i)
        elif word in CALL_DIAL | CALL_TALK | CALL_TO or (word in ("打", "通") and _has_after(sent, i, "电话", 3 if word == "打" else 1)):
            event = _call(sent, i)
        elif word in LETTERS | CALL_LINK:
            event = _contact(sent, i, word)
        elif word in ISSUE:
            event = _issuance(sent, i)
        elif word in FOUND and verb:
            event = _founding(sent, i)
        elif word == "试点" and (i + 1 >= sent.end or words[i + 1] not in PILOT_NOT_BEFORE):
            event = _pilot(sent, i)
        elif word in ("志愿服务", "志愿") and (word == "志愿服务" or (i + 1 < sent.end and words[i + 1] == "服务")):
            event = _volunteer(sent, i)
        elif word in SAY_WORDS and (i + 1 == sent.end or words[i + 1][:1] in SAID_AFTER or word in SAY_BEFORE_CONTENT):
            event = _statement(sent, i)
        if event is not None and joined and event.trigger.start == i and len(event.trigger) == 1:
            event.trigger = sent.doc[i : i + 2]
            event.rule = event.rule.replace(f":{words[i]}", f":{word}", 1)
        if event is not None and (event.args or _times(sent)):
            used.update(range(event.trigger.start, event.trigger.end))
            out.append(event)
    out.extend(_awards(sent, used))
    out.extend(_awards_given(sent, used))
    return out


NEGATIONS = frozenset({"没有", "没", "未", "并未", "尚未", "从未", "不", "未能", "没能"})


def _negated(words: list[str], i: int, start: int) -> bool:
    """A verb after 没有/未/不 within two words (一直没有打通) did not happen."""
    return any(words[k] in NEGATIONS for k in range(max(start, i - 2), i))


def _statement(sent: Span, i: int) -> Event | None:
    """X 表示，…: the speaker is the entity just before the verb (at most a clause away; 他 stands for the person
    it was resolved to); no speaker, no event. ``about``: the people and bodies what was said names — the quote
    after the verb (X说：“…”) or just before the speaker (“…”X说), else the rest of the sentence (X表示，…)."""
    speaker = _subject(sent, i, ("PERSON", "ORG"))
    if speaker is not None and any(t.tag_.startswith("v") for t in sent.doc[speaker.end : i]):
        # X就组建Y集团作出重要指示强调: the body is the object of another verb; the sentence's topic (X) speaks.
        speaker = _topic(sent, i, ("PERSON", "ORG")) or speaker
    # Far from the verb, only the person the sentence opens with speaks (X介绍了…的看法，表示…).
    if speaker is None or (speaker.end < i - 8 and not (speaker.label_ == "PERSON" and _opens(sent, speaker))):
        return None
    event = _event(sent, i, i + 1, "statement", f"statement:{sent.doc[i].text}", [(speaker, "speaker")], 0.7)
    content = _said_content(sent, i, speaker)
    if content is not None:
        event.about = [e for e in _ents(sent, *content, SUBJECT) if e.text != speaker.text]
        event.confidence = 0.7 if sent.doc[content[0]].text in QUOTES_OPEN else 0.6
    return event


QUOTES_OPEN = ("“", "「", '"')
QUOTES_CLOSE = ("”", "」", '"')


def _said_content(sent: Span, i: int, speaker: Span) -> tuple[int, int] | None:
    """Token bounds of what the statement at ``i`` says, or None when the sentence does not show it."""
    doc = sent.doc
    k = i + 1
    while k < sent.end and doc[k].text in ("，", ",", "：", ":"):
        k += 1
    if k < sent.end and doc[k].text in QUOTES_OPEN:
        close = next((j for j in range(k + 1, sent.end) if doc[j].text in QUOTES_CLOSE), sent.end - 1)
        return k, close + 1
    if speaker.start > sent.start and doc[speaker.start - 1].text in QUOTES_CLOSE:  # “…”刘馨蕊说
        close = speaker.start - 1
        opening = next((j for j in range(close - 1, sent.start - 1, -1) if doc[j].text in QUOTES_OPEN), None)
        return (opening, close + 1) if opening is not None else None
    if i + 1 < sent.end and doc[i + 1].text in ("，", ",", "：", ":"):
        return i + 1, sent.end
    return None


def _has_after(sent: Span, i: int, word: str, window: int) -> bool:
    _, end = _clause(sent, i)
    return any(t.text == word for t in sent.doc[i + 1 : min(end, i + 1 + window)])


LIST_GLUE = ("", "、", "和", "及", "以及")
HERE = ("他们中间", "这里", "群众中间", "他们身边", "大家中间")  # 来到他们中间: where the sentence already is


def _place_run(sent: Span, places: list[Span], start: int) -> list[Span]:
    """The places a motion verb goes to: a run that begins within a few words of it (来到受灾最重的X村…), each
    item of a list (A、B和C); not a place named further on (赴灾区指导支持云南救灾工作: 云南 is whose work it is)."""
    doc = sent.doc
    run: list[Span] = []
    for place in places:
        gap = doc[(run[-1].end if run else start) : place.start]
        verbs = any(t.tag_ == "v" for t in gap)
        if not run and (len(gap) > 5 or verbs):
            break
        # The next item: right after, or after a list word, maybe past what the item was (西安康明斯5万台发动机…项目和…).
        if run and gap.text not in LIST_GLUE and (verbs or len(gap.text) > 16 or not gap.text.endswith(("、", "和", "及"))):
            break
        run.append(place)
    return run


def _purpose(sent: Span, i: int) -> tuple[int, int] | None:
    """(start, length) of the first visit word (考察, 调研 …) after token ``i`` in its clause: 到X考察 is a visit,
    到2025年 is not."""
    doc = sent.doc
    _, end = _clause(sent, i)
    return next(((j, n) for j in range(i + 1, end) for n in (2, 1) if j + n <= end and doc[j : j + n].text in VISIT_DO), None)


def _visit(sent: Span, i: int, used: set[int]) -> Event:
    """X 来到/赴/走进 P(、P…) [考察/参观学习]: the trigger is the purpose verb when there is one."""
    doc = sent.doc
    _, end = _clause(sent, i)
    start, stop, rule = i, i + 1, f"visit:{doc[i].text}"
    purpose = _purpose(sent, i)
    if purpose is not None:
        j, n = purpose
        start, stop, rule = j, j + n, f"visit:{doc[i].text}…{doc[j : j + n].text}"
        used.update(range(j, j + n))
    places = _place_run(sent, _most_specific(_ents(sent, i + 1, start if start > i else end, PLACE)), i + 1)
    if not places and doc[i + 1 : min(i + 4, sent.end)].text.startswith(HERE):
        # 习近平总书记来到他们中间: where "they" were is a place named earlier in the sentence.
        # Prefer one the sentence puts things "in" (正在上海中心大厦…开展) over one inside a quoted slogan.
        earlier = [e for e in _sent_ents(sent) if e.label_ == "LOC" and e.end <= i]
        places = [e for e in earlier if e.start > sent.start and doc[e.start - 1].text in AT][-1:] or earlier[-1:]
    # 受…委派，副总理X代表…，率工作组赶赴Y: the person named last before the motion verb goes.
    visitor = _subject(sent, i) or next((e for e in reversed(_ents(sent, sent.start, i, ("PERSON",)))), None)
    return _event(sent, start, stop, "visit", rule, [(visitor, "visitor")] + [(p, "place") for p in places], 0.9)


def _visit_alone(sent: Span, i: int) -> Event:
    """X 视察/考察/调研 (P): no motion verb; the place, if any, follows."""
    start, end = _clause(sent, i)
    places = _most_specific(_ents(sent, i + 1, end, PLACE))
    visitor = _subject(sent, i)
    at = next((k for k in range(i - 1, start - 1, -1) if sent.doc[k].text in AT | {"到"}), None)
    if not places and at is not None and _ents(sent, at + 1, i, PLACE):
        # 丁薛祥在山西省太原市考察, 李克强到交通运输部考察: the place is between 在/到 and the verb, the visitor before.
        places = _most_specific(_ents(sent, at + 1, i, PLACE))
        visitor = _subject(sent, at)
    if visitor is None:
        return Event(sent.doc[i : i + 1], "visit")  # no args: dropped by the caller unless dated
    return _event(sent, i, i + 1, "visit", f"visit:{sent.doc[i].text}", [(visitor, "visitor")] + [(p, "place") for p in places], 0.8)


def _meeting(sent: Span, i: int) -> Event:
    """X 会见/会谈/座谈/出席 Y, and X 同/与 Y (举行)会谈: the host is X, whoever is named between 同 and the verb
    or after the verb takes part."""
    start, end = _clause(sent, i)
    doc = sent.doc
    with_ = next((k for k in range(i - 1, start - 1, -1) if doc[k].text in WITH and _ents(sent, start, k, SUBJECT)), None)
    if with_ is not None:
        host = _subject(sent, with_)
        others = _ents(sent, with_ + 1, i, SUBJECT) + _ents(sent, i + 1, end, SUBJECT)
    else:
        host = _subject(sent, i)
        others = _ents(sent, i + 1, end, SUBJECT)
    others = [e for e in others if e is not host]
    return _event(sent, i, i + 1, "meeting", f"meeting:{doc[i].text}", [(host, "host")] + [(p, "participant") for p in others], 0.8)


def _meeting_held(sent: Span, i: int) -> Event | None:
    """X 召开/举行 … 会议/座谈会: a meeting only if a meeting word follows in the clause."""
    doc = sent.doc
    _, end = _clause(sent, i)
    if not any(MEETING_WORD.search(t.text) for t in doc[i + 1 : end]) or any(t.text in MEET for t in doc[i + 1 : end]):
        return None  # 举行会谈: the talk is the event (its host and guests are read at 会谈)
    return _event(sent, i, i + 1, "meeting", f"meeting:{doc[i].text}…会", [(_subject(sent, i), "host")], 0.8)


def _call(sent: Span, i: int) -> Event | None:
    """拨通 Y 电话, 与 Y 通话, 致电 Y: the caller is the subject, the callee the person named."""
    doc = sent.doc
    start, end = _clause(sent, i)
    word = doc[i].text
    if word in CALL_DIAL:
        phone = next((k for k in range(i + 1, end) if "电话" in doc[k].text), None)
        if phone is None:
            return None
        callee = _ents(sent, i + 1, phone, SUBJECT)[-1:]
        caller = _subject(sent, i)
    elif word in CALL_TALK or word == "通":  # 通 | 电话: LAC cuts 通电话 after a name
        with_ = next((k for k in range(i - 1, start - 1, -1) if doc[k].text in WITH), None)
        callee = _ents(sent, with_ + 1, i, SUBJECT)[-1:] if with_ is not None else []
        caller = _subject(sent, with_ if with_ is not None else i)
    else:
        callee = _ents(sent, i + 1, end, SUBJECT)[:1]
        caller = _subject(sent, i)
    args = [(caller, "caller")] + [(c, "callee") for c in callee]
    stop = i + 2 if word == "通" else i + 1  # the trigger is 通电话 whole
    return _event(sent, i, stop, "call", f"call:{doc[i:stop].text}", args, 0.9)


def _contact(sent: Span, i: int, word: str) -> Event | None:
    """给/向 X 回信/写信, 致信 X, 视频连线 A、B: a letter (writer, recipient) or a video call (caller, callee); the
    other side is between 给 and the verb, else the list after the verb. None when no one is named."""
    start, end = _clause(sent, i)
    to = next((k for k in range(i - 1, start - 1, -1) if sent.doc[k].text in TO), None)
    others = _ents(sent, to + 1, i, SUBJECT)[-1:] if to is not None else _most_specific(_ents(sent, i + 1, end, SUBJECT))
    if not others:
        return None
    sender = _subject(sent, to if to is not None else i)
    kind, roles = ("letter", ("writer", "recipient")) if word in LETTERS else ("call", ("caller", "callee"))
    args = [(sender, roles[0])] + [(o, roles[1]) for o in others if o is not sender]
    return _event(sent, i, i + 1, kind, f"{kind}:{word}", args, 0.8)


def _issuance(sent: Span, i: int) -> Event | None:
    """X(、Y) 印发/发布 《DOC》: an issuance needs a titled document right after the verb."""
    start, end = _clause(sent, i)
    docs = [d for d in _ents(sent, i + 1, end, ("DOC",)) if d.start - i <= 3]
    if not docs:
        return None
    issuers = _ents(sent, start, i, ("ORG",)) or [e for e in [_subject(sent, i, ("ORG",))] if e is not None]
    args = [(o, "issuer") for o in issuers] + [(d, "document") for d in docs]
    return _event(sent, i, i + 1, "issuance", f"issuance:{sent.doc[i].text}《》", args, 0.9)


def _founding(sent: Span, i: int) -> Event | None:
    """X 成立/组建 Y: Y is the organisation founded (an ORG after the verb); none named, no event
    (成立工会有什么好处 speaks of founding in general)."""
    _, end = _clause(sent, i)
    founded = _ents(sent, i + 1, end, ("ORG",))[:1]
    if not founded:
        return None
    founder = _subject(sent, i, ("ORG", "PERSON"))
    args = [(founder, "founder")] + [(f, "founded") for f in founded]
    return _event(sent, i, i + 1, "founding", f"founding:{sent.doc[i].text}", args, 0.7)


def _pilot(sent: Span, i: int) -> Event:
    """北京、浙江、深圳开展 … 试点: the places and organisations before it in the clause take part."""
    start, _ = _clause(sent, i)
    who = _ents(sent, start, i, ("LOC", "ORG"))
    return _event(sent, i, i + 1, "pilot", "pilot:试点", [(w, "participant") for w in who], 0.7)


def _volunteer(sent: Span, i: int) -> Event:
    """X 开展 … 志愿服务: the organiser is the subject of the clause or of the sentence."""
    stop = i + (1 if sent.doc[i].text == "志愿服务" else 2)
    return _event(sent, i, stop, "volunteer_service", "volunteer_service:志愿服务", [(_subject(sent, i, ("ORG",)), "organizer")], 0.8)


def _awards(sent: Span, used: set[int]) -> list[Event]:
    """X 被评为/被推荐为 “…”, X 获 … 称号: the honoree is the subject; ``title`` the honour as written, ``about`` the
    places and bodies it names (全国妇联 in 全国妇联授予的…)."""
    out = []
    for pattern in (AWARD_PASSIVE, AWARD_GET):
        for m in pattern.finditer(_text(sent)):
            span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
            if span is None or any(k in used for k in range(span.start, span.end)):
                continue
            honoree = _subject(sent, span.start, ("PERSON", "ORG", "LOC"))
            event = _event(sent, span.start, span.end, "award", f"award:{m.group(0)}", [(honoree, "honoree")], 0.8)
            title = HONOUR.match(_text(sent)[m.end() :])
            if title:
                event.title = title.group(1) or title.group(2)
                start, end = sent.start_char + m.end(), sent.start_char + m.end() + title.end()
                inside = [e for e in _sent_ents(sent) if start <= e.start_char and e.end_char <= end and e.label_ in PLACE]
                event.about = [e for e in inside if honoree is None or e.text != honoree.text]
            if event.args or _times(sent):
                used.update(range(span.start, span.end))
                out.append(event)
    return out


def _awards_given(sent: Span, used: set[int]) -> list[Event]:
    """X(、Y) 追授/授予/表彰 Z (“…”称号): Z is the honoree (the first person or body after the verb), the givers
    are the bodies before it (args ``giver``), ``title`` the quoted honour when there is one."""
    out = []
    for m in AWARD_GIVE.finditer(_text(sent)):
        span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is None or any(k in used for k in range(span.start, span.end)):
            continue
        start, end = _clause(sent, span.start)
        honoree = next(iter(_ents(sent, span.end, end, SUBJECT)), None)
        givers = _ents(sent, start, span.start, ("ORG",))
        if honoree is None or not givers:
            continue
        args = [(honoree, "honoree")] + [(g, "giver") for g in givers]
        event = _event(sent, span.start, span.end, "award", f"award:{m.group(0)}", args, 0.8)
        quoted = re.search(r"[“\"]([^”\"]+)[”\"]", _text(sent)[m.end() :])
        event.title = quoted.group(1) if quoted else ""
        used.update(range(span.start, span.end))
        out.append(event)
    return out


# --- lexicon -------------------------------------------------------------------------------------


def _lexicon_events(sent: Span, used: set[int], generic: bool, tokens: list[str]) -> list[Event]:
    """Longest lexicon word (up to 3 tokens) at each free token; arguments from its clause.

    ``tokens``: the doc's token texts.
    """
    doc = sent.doc
    words = lexicon()
    starts = _prefixes()
    out = []
    i = sent.start
    while i < sent.end:
        hit = None
        if tokens[i].replace(" ", "") not in starts:  # no trigger begins with this token: most tokens
            i += 1
            continue
        for n in range(MAX_TRIGGER_TOKENS, 0, -1):
            if i + n > sent.end or any(k in used for k in range(i, i + n)):
                continue
            text = "".join(tokens[i : i + n]).replace(" ", "")
            if text in words and (generic or words[text][0] not in GENERIC) and not doc[i].ent_type_:
                hit = (n, *words[text])
                break
        if hit is None:
            i += 1
            continue
        n, kind, ratio, source = hit
        start, end = _clause(sent, i)
        role = "victim" if kind in ("injury", "death") else "participant"
        who = [(e, role) for e in _ents(sent, start, end, SUBJECT) if e.label_ == "PERSON" or e.end <= i]
        places = _most_specific(_ents(sent, start, end, ("LOC",)))
        args = [(p, "place") for p in places[:1]] + who
        # DuEE's words come from entertainment and business news (加盟, 加入): on ours only a verb with
        # someone attached is taken; CEC's emergency nouns (火灾, 地震) stand alone.
        if source == "duee" and not (doc[i].tag_.startswith("v") and who):
            i += 1
            continue
        out.append(_event(sent, i, i + n, kind, f"lexicon:{source}", args, round(ratio, 2)))
        used.update(range(i, i + n))
        i += n
    return out
