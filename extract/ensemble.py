"""zhkg's character NER on LAC's words: the trained model decides the names, LAC keeps the words.

The rule layer reads words and LAC's part-of-speech tags (org suffix nouns,
the 了 after a false name); the character model finds name edges that LAC's
words hide (安远社区工会 | 专干 vs 安远社区 | 工会专干) and is the more
accurate tagger on newswire gold (MSRA, CLUENER; not Weibo: bench/ner.py). So the pipeline keeps LAC's
tokens, splits a word where a model entity starts or ends inside it (the
pieces keep the word's tag), and labels the model's entities, plus LAC's
where the model found nothing that overlaps (``lac_fill``): LAC knows
names from a far larger training set than MSRA's 1998 newswire.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extract.chars import CharTokenizer  # noqa: F401  (registers the tokenizer the model names)
from extract.entities import doc_text, set_names


@lru_cache(maxsize=2)
def _model(path: str) -> Language:
    return spacy.load(path)


@Language.factory("char_ner", default_config={"model": "", "lac_fill": ["ORG", "LOC"]})
def make_char_ner(nlp: Language, name: str, model: str, lac_fill: list[str]) -> CharNer:
    return CharNer(model, lac_fill)


class CharNer:
    def __init__(self, model: str, lac_fill: list[str]):
        if not model:
            from extract import NER_MODEL

            model = str(NER_MODEL)
        self.model = model
        self.lac_fill = set(lac_fill)
        _model(model)  # load at start-up, not inside the first document's time

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        chars = _model(self.model)(text)
        spans = [(e.start_char, e.end_char, e.label_) for e in chars.ents]
        taken = [False] * (len(text) + 1)
        for s, e, _ in spans:
            taken[s:e] = [True] * (e - s)
        spans += [
            (e.start_char, e.end_char, e.label_)
            for e in doc.ents
            if e.label_ in self.lac_fill and not any(taken[e.start_char : e.end_char])
        ]
        set_names(doc, spans)
        return doc
