"""Recipe for extract/resources/event_triggers.tsv: event trigger words counted in CEC and DuEE.

    PYTHONPATH=. python training/event_triggers.py ../shared/corpora

Sources (read from ``../shared/corpora``, never copied into the repository):

* CEC (``cec/CEC/<category>/**/*.xml``): each ``<Denoter type=...>`` inside an
  ``<Event>``. Only the TRAIN part is read: documents in sorted path order,
  every 5th (index 4, 9, 14 …) is held out for ``bench/events.py``
  (:func:`held_out`). CEC's Denoter types are coarse (emergency, stateChange,
  operation …); :func:`our_type` turns them into our types using the trigger's
  characters and the document's category (火灾 -> fire, 死亡 -> death …).
* DuEE 1.0 (``duee1.0/duee_dev.json``, the only split in the folder): triggers of
  the DuEE event types that :data:`extract.events.DUEE_TYPES` maps to ours.

Columns: ``trigger``, ``type`` (ours), ``count`` (times annotated as a trigger
of that type), ``seen`` (times the string occurs in that source's text read,
so ``count / seen`` estimates how often the word is a trigger when it appears),
``source`` (``cec`` or ``duee``).
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "extract" / "resources" / "event_triggers.tsv"
HELD_OUT_EVERY = 5
ARG_TAGS = ("Time", "Location", "Participant", "Object")

# CEC's document categories -> the emergency type a bare "emergency" trigger there means.
CEC_CATEGORIES = {
    "交通事故": "accident",
    "火灾": "fire",
    "地震": "earthquake",
    "恐怖袭击": "attack",
    "食物中毒": "poisoning",
    "环境污染": "pollution",
    "新冠疫情": "epidemic",
}
# An emergency trigger's own characters say more than the folder it sits in (a fire in a traffic accident).
EMERGENCY_WORDS = [
    ("explosion", re.compile(r"爆")),
    ("fire", re.compile(r"火|燃|焚|烧")),
    ("earthquake", re.compile(r"震")),
    ("poisoning", re.compile(r"中毒|毒")),
    ("attack", re.compile(r"袭|恐怖|劫持|枪|砍|刺杀|暴恐")),
    ("collapse", re.compile(r"塌")),
    ("accident", re.compile(r"撞|追尾|翻|车祸|事故|坠|碾|刮擦")),
    ("pollution", re.compile(r"污染|噪|泄漏|排放|异味")),
    ("epidemic", re.compile(r"疫|感染|确诊|病例")),
]
# Whatever CEC calls them (相撞 is an "action", 倒塌 a "stateChange"), these words name the emergency itself.
STRONG = [
    ("accident", re.compile(r"^(?:相撞|碰撞|追尾|翻车|侧翻|撞车)$")),
    ("collapse", re.compile(r"^(?:倒塌|坍塌|垮塌)$")),
    ("explosion", re.compile(r"^爆炸$")),
    ("fire", re.compile(r"^(?:起火|着火|失火)$")),
    ("poisoning", re.compile(r"^(?:食物)?中毒$")),
]
DEATH = re.compile(r"死|亡|遇难|丧生|罹难|身故")
INJURY = re.compile(r"伤")
RESCUE = re.compile(r"救|抢险|送医|送往医院|搜寻|急救")
# The coarse CEC kinds we keep under their own (generic) names; extract.events.GENERIC lists them.
CEC_GENERIC = {
    "stateChange": "state_change",
    "operation": "operation",
    "movement": "movement",
    "action": "action",
    "perception": "perception",
    "statement": "statement",
}


def our_type(trigger: str, cec_type: str, category: str) -> str:
    """A CEC Denoter (text, type attribute, document category) -> our event type.

    >>> our_type("起火", "emergency", "交通事故"), our_type("发生", "emergency", "地震")
    ('fire', 'earthquake')
    >>> our_type("遇难", "stateChange", "地震"), our_type("救治", "operation", "火灾")
    ('death', 'rescue')
    >>> our_type("表示", "statement", "火灾")
    'statement'
    """
    for name, pattern in STRONG:
        if pattern.match(trigger):
            return name
    if cec_type == "emergency":
        for name, pattern in EMERGENCY_WORDS:
            if pattern.search(trigger):
                return name
        return CEC_CATEGORIES.get(category, "emergency")
    if cec_type == "stateChange":
        if DEATH.search(trigger):
            return "death"
        if INJURY.search(trigger):
            return "injury"
    if cec_type in ("operation", "movement") and RESCUE.search(trigger):
        return "rescue"
    return CEC_GENERIC.get(cec_type, cec_type or "unknown")


@dataclass
class CecSpan:
    start: int
    end: int
    text: str
    tag: str  # Denoter type for triggers; Time/Location/Participant/Object for arguments


@dataclass
class CecEvent:
    trigger: CecSpan
    args: list[CecSpan] = field(default_factory=list)


@dataclass
class CecDoc:
    path: Path
    category: str
    text: str
    sentences: list[tuple[int, int]]
    events: list[CecEvent]


def cec_files(corpora: Path) -> list[Path]:
    """All CEC documents, sorted by path (the order :func:`held_out` counts in)."""
    return sorted((Path(corpora) / "cec" / "CEC").rglob("*.xml"))


def held_out(index: int) -> bool:
    """Every 5th document (sorted path order) is held out for scoring; the rest trains the lexicon."""
    return index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1


def _strip(s: str | None) -> str:
    # The XML is indented between tags; Chinese text has no meaningful whitespace.
    return re.sub(r"\s+", "", s or "")


def parse_cec(path: Path, corpora: Path | None = None) -> CecDoc | None:
    """One CEC document as plain text (title line, then its sentences) with character offsets of
    every Denoter and argument; ``None`` if the XML is malformed (some 新冠疫情 files)."""
    try:
        root = ET.fromstring(Path(path).read_bytes())
    except ET.ParseError:
        return None
    rel = Path(path).relative_to(Path(corpora) / "cec" / "CEC") if corpora else Path(path)
    category = rel.parts[0] if len(rel.parts) > 1 else ""
    buf: list[str] = []
    pos = 0
    events: list[CecEvent] = []
    sentences: list[tuple[int, int]] = []

    def emit(s: str | None) -> None:
        nonlocal pos
        s = _strip(s)
        buf.append(s)
        pos += len(s)

    def walk(el: ET.Element, event: CecEvent | None) -> None:
        start = pos
        if el.tag == "Event":
            event = CecEvent(CecSpan(0, 0, "", ""))
            events.append(event)
        emit(el.text)
        for child in el:
            walk(child, event)
            emit(child.tail)
        if event is not None and el.tag == "Denoter":
            event.trigger = CecSpan(start, pos, "".join(buf)[start:pos], el.get("type", ""))
        elif event is not None and el.tag in ARG_TAGS:
            event.args.append(CecSpan(start, pos, "".join(buf)[start:pos], el.tag))

    title = root.find("Title")
    if title is not None and _strip(title.text):
        emit(title.text)
        sentences.append((0, pos))
        emit("\n")
    for paragraph in root.iter("Paragraph"):
        for sentence in paragraph.iter("Sentence"):
            start = pos
            walk(sentence, None)
            if pos > start:
                sentences.append((start, pos))
        emit("\n")
    text = "".join(buf)
    events = [e for e in events if e.trigger.end > e.trigger.start]
    return CecDoc(Path(path), category, text, sentences, events)


def cec_split(corpora: Path, part: str) -> list[CecDoc]:
    """``part`` = ``train`` or ``heldout``: the parsed CEC documents of that part."""
    docs = []
    for i, path in enumerate(cec_files(corpora)):
        if held_out(i) == (part == "heldout"):
            doc = parse_cec(path, corpora)
            if doc is not None:
                docs.append(doc)
    return docs


def cec_counts(corpora: Path) -> tuple[Counter, Counter]:
    """(trigger, our type) -> count, and trigger -> occurrences in the text, over CEC train."""
    counts: Counter = Counter()
    docs = cec_split(corpora, "train")
    for doc in docs:
        for event in doc.events:
            t = event.trigger
            counts[t.text, our_type(t.text, t.tag, doc.category)] += 1
    return counts, _seen({t for t, _ in counts}, [d.text for d in docs])


def duee_counts(corpora: Path) -> tuple[Counter, Counter]:
    """(trigger, our type) -> count from DuEE dev, for the DuEE types we map."""
    from extract.events import DUEE_TYPES

    ours = {duee: our for our, duee in DUEE_TYPES.items() if duee}
    counts: Counter = Counter()
    texts = []
    with open(Path(corpora) / "duee1.0" / "duee_dev.json", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            texts.append(record["text"])
            for event in record.get("event_list", []):
                if event["event_type"] in ours:
                    counts[event["trigger"], ours[event["event_type"]]] += 1
    return counts, _seen({t for t, _ in counts}, texts)


def _seen(triggers: set[str], texts: list[str]) -> Counter:
    return Counter({t: sum(text.count(t) for text in texts) for t in triggers})


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    corpora = Path(argv[0] if argv else "../shared/corpora")
    rows = []
    for source, (counts, seen) in (("cec", cec_counts(corpora)), ("duee", duee_counts(corpora))):
        for (trigger, kind), n in counts.items():
            rows.append((trigger, kind, n, max(seen[trigger], n), source))
    rows.sort(key=lambda r: (r[4], r[1], -r[2], r[0]))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# Event triggers counted in CEC (train part: not every 5th document) and DuEE 1.0 dev.\n")
        f.write("# Made by: PYTHONPATH=. python training/event_triggers.py ../shared/corpora\n")
        f.write("trigger\ttype\tcount\tseen\tsource\n")
        for row in rows:
            f.write("\t".join(map(str, row)) + "\n")
    print(f"{len(rows)} rows -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
