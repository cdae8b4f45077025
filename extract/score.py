"""Exact-span precision, recall and F1 of a pipeline's entities against gold.

A predicted entity counts when its start, end and type equal a gold one's.
Only PERSON, ORG and LOC are scored (gold corpora are mapped to them by
:mod:`extract.gold`); the pipeline's DATE/DOC/… are ignored.

>>> prf(8, 2, 0)
{'p': 0.8, 'r': 1.0, 'f1': 0.8889, 'tp': 8, 'fp': 2, 'fn': 0}
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable

from spacy.language import Language

from extract.gold import Example

TYPES = ("PERSON", "ORG", "LOC")
Spans = set[tuple[int, int, str]]


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}


def compare(gold: Iterable[Spans], predicted: Iterable[Spans]) -> dict:
    """Micro and per-type scores of predicted span sets against gold ones (aligned lists)."""
    counts: Counter = Counter()
    for g, p in zip(gold, predicted, strict=True):
        g = {s for s in g if s[2] in TYPES}
        p = {s for s in p if s[2] in TYPES}
        for s in g & p:
            counts["tp", s[2]] += 1
        for s in p - g:
            counts["fp", s[2]] += 1
        for s in g - p:
            counts["fn", s[2]] += 1
    per_type = {t: prf(counts["tp", t], counts["fp", t], counts["fn", t]) for t in TYPES}
    micro = prf(*(sum(counts[k, t] for t in TYPES) for k in ("tp", "fp", "fn")))
    return {"micro": micro, "per_type": per_type}


def doc_spans(nlp: Language) -> Callable[[list[str]], list[Spans]]:
    """Wrap a spaCy pipeline as ``texts -> span sets`` for :func:`evaluate`.

    Texts run as ``zhkg build`` runs articles (:func:`extract.process`: the
    tokenizer sees up to ``extract.BATCH_CHARS`` characters at a time, LAC
    runs equal-length sentences in one call), so the speed measured is the
    build's; a text's names never depend on its batch.
    """

    def predict(texts: list[str]) -> list[Spans]:
        from extract import process
        from extract.pages import Article

        articles = [Article(id=str(k), source="", start=0, end=len(text), text=text) for k, text in enumerate(texts)]
        return [{(e.start_char, e.end_char, e.label_) for e in doc.ents} for doc in process(nlp, articles)]

    return predict


def evaluate(predict: Callable[[list[str]], list[Spans]], examples: list[Example]) -> dict:
    """Score ``predict`` (texts -> span sets) on gold examples, with its speed.

    ``chars_per_second`` counts the gold texts' characters over the time
    ``predict`` took, so a loaded model's start-up is not included.
    """
    texts = [text for text, _ in examples]
    start = time.perf_counter()
    predicted = predict(texts)
    seconds = time.perf_counter() - start
    result = compare([set(spans) for _, spans in examples], predicted)
    chars = sum(map(len, texts))
    result.update(sentences=len(texts), chars=chars, seconds=round(seconds, 2), chars_per_second=round(chars / seconds) if seconds else 0)
    return result
