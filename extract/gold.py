"""Read annotated NER corpora into one shape: ``(text, [(start, end, TYPE), ...])``.

Offsets are character offsets into ``text``, end exclusive; TYPE is one of the
graph's types (PERSON, ORG, LOC). Labels a corpus has that the graph has no
type for (CLUENER ``book``, Weibo nominal mentions ``PER.NOM``, Resume ``TITLE``
…) are dropped, so every backbone is scored on the same three types.

Formats:

- ``bio``: one character per line, ``CHAR TAG`` (tab or space), a blank line
  between sentences; BIO or BIOES/BMES tags. Weibo's ``CHAR`` + segment digit
  (``科1``) is read as the character.
- ``bmes``: the same layout with B/M/E/S tags (Resume); an alias of ``bio``.
- ``cluener``: JSON lines ``{"text", "label": {type: {name: [[start, end], ...]}}}``
  with inclusive ends.
- ``jsonl``: JSON lines ``{"text", "entities": [[start, end, TYPE], ...]}`` with
  exclusive ends and graph types, zhkg's own format.

>>> from io import StringIO
>>> list(read_gold(StringIO("张\\tB-PER\\n三\\tI-PER\\n在\\tO\\n北\\tB-LOC\\n京\\tE-LOC\\n"), "bio"))
[('张三在北京', [(0, 2, 'PERSON'), (3, 5, 'LOC')])]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

FORMATS = ("bio", "bmes", "cluener", "jsonl")

# Corpus label -> graph type. Anything not listed is ignored when scoring.
LABELS = {
    # MSRA; Resume (NAME, ORG, LOC)
    "PER": "PERSON",
    "ORG": "ORG",
    "LOC": "LOC",
    "NAME": "PERSON",
    # Weibo: named mentions only; a geo-political entity is a place in the graph
    "PER.NAM": "PERSON",
    "ORG.NAM": "ORG",
    "LOC.NAM": "LOC",
    "GPE.NAM": "LOC",
    # CLUENER
    "name": "PERSON",
    "organization": "ORG",
    "government": "ORG",
    "company": "ORG",
    "address": "LOC",
    "scene": "LOC",
    # already graph types (zhkg jsonl; the lac-crf model's B-PERSON …)
    "PERSON": "PERSON",
}

Example = tuple[str, list[tuple[int, int, str]]]


def read_gold(lines: Iterable[str], fmt: str) -> Iterator[Example]:
    """Yield ``(text, spans)`` per sentence/record of a gold file in ``fmt``."""
    if fmt in ("bio", "bmes"):
        yield from _read_tagged(lines)
    elif fmt == "cluener":
        for record in _json_lines(lines):
            spans = [
                (s, e + 1, LABELS[label])
                for label, names in (record.get("label") or {}).items()
                if label in LABELS
                for positions in names.values()
                for s, e in positions
            ]
            yield record["text"], sorted(set(spans))
    elif fmt == "jsonl":
        for record in _json_lines(lines):
            spans = [(s, e, LABELS[label]) for s, e, label in record.get("entities", []) if label in LABELS]
            yield record["text"], sorted(set(spans))
    else:
        raise ValueError(f"unknown gold format {fmt!r}; choose one of {', '.join(FORMATS)}")


def open_gold(path: str, fmt: str) -> list[Example]:
    """Read a whole gold file (UTF-8)."""
    with open(path, encoding="utf-8-sig") as f:
        return list(read_gold(f, fmt))


def _json_lines(lines: Iterable[str]) -> Iterator[dict]:
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {n}: not JSON ({exc.msg})") from None


def _read_tagged(lines: Iterable[str]) -> Iterator[Example]:
    chars: list[str] = []
    tags: list[str] = []
    for line in lines:
        parts = line.split()
        if len(parts) < 2:
            if chars:
                yield "".join(chars), tags_to_spans(tags)
            chars, tags = [], []
            continue
        char = parts[0]
        if len(char) > 1 and char[-1].isdigit():  # Weibo: 科1 = character + its position in a word
            char = char[:-1]
        chars.append(char)
        tags.append(parts[-1])
    if chars:
        yield "".join(chars), tags_to_spans(tags)


def tags_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """BIO/BIOES/BMES tags (one per character) -> mapped spans; a stray I- starts a span.

    >>> tags_to_spans(["B-PER", "I-PER", "O", "S-LOC", "I-ORG", "E-ORG", "B-TITLE"])
    [(0, 2, 'PERSON'), (3, 4, 'LOC'), (4, 6, 'ORG')]
    >>> tags_to_spans(["B-PERSON", "I-PERSON", "B-PERSON", "O"])  # zhkg's own labels
    [(0, 2, 'PERSON'), (2, 3, 'PERSON')]
    """
    spans = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix in ("I", "M", "E") and kind == label and start is not None
        if not continues and start is not None:
            spans.append((start, i, label))
            start = None
        if prefix in ("B", "S") or (prefix in ("I", "M", "E") and not continues):
            start, label = i, kind
        if prefix in ("E", "S") and start is not None:
            spans.append((start, i + 1, label))
            start = None
    return [(s, e, LABELS[k]) for s, e, k in spans if k in LABELS]
