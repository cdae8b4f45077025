"""Word segmentation with spacy-pkuseg, the segmenter of spaCy's own Chinese pipelines.

zhkg ships a compact pkuseg model (``extract/resources/pkuseg``, trained by
``training/pkuseg.py`` on UD Chinese GSDSimp plus LAC-segmented news), so
nothing is downloaded. A bigger model is chosen by path, or by the name of
a pkuseg model already in ``~/.pkuseg`` (``mixed``, ``news`` … fetched there
by the user beforehand: zhkg never downloads at run time).

>>> nlp = pkuseg_nlp()
>>> [t.text for t in nlp("安远社区工会专干刘馨蕊拨通了电话")]  # doctest: +SKIP
['安远', '社区', '工会', '专干', '刘馨蕊', '拨通', '了', '电话']
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extract.entities import doc_text

PKUSEG_MODEL = Path(__file__).parent / "resources" / "pkuseg"


def pkuseg_model_path(model: str = "zhkg") -> Path:
    """Resolve ``zhkg`` (the shipped model), a folder, or a pkuseg model name in ``~/.pkuseg``."""
    if model == "zhkg":
        return PKUSEG_MODEL
    path = Path(model)
    if not path.is_dir():
        path = Path(os.getenv("PKUSEG_HOME", "~/.pkuseg")).expanduser() / model
    if not (path / "features.msgpack").is_file() and not (path / "features.pkl").is_file():
        raise FileNotFoundError(f"no pkuseg model at {model!r} (looked in {path}); zhkg does not download models")
    return path


def pkuseg_nlp(model: str = "zhkg") -> Language:
    """A blank spaCy ``zh`` pipeline whose tokenizer is pkuseg with ``model``."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model_path(model)), pkuseg_user_dict="default")
    return nlp


@lru_cache(maxsize=2)
def _segmenter(path: str):
    import spacy_pkuseg

    return spacy_pkuseg.pkuseg(path, user_dict="default")


@Language.factory("pkuseg_words", default_config={"model": "zhkg"})
def make_pkuseg_words(nlp: Language, name: str, model: str) -> PkusegWords:
    return PkusegWords(model)


class PkusegWords:
    """Merge character tokens into pkuseg's words, never across an entity edge or a space.

    After the character NER this gives the rule layer words to work on (the
    gazetteer looks up words, the role patterns read them), without LAC.
    """

    def __init__(self, model: str = "zhkg"):
        self.segmenter = _segmenter(str(pkuseg_model_path(model)))

    def __call__(self, doc: Doc) -> Doc:
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        bounds = {x for s, e, _ in ents for x in (s, e)}
        text = doc_text(doc)
        pos = 0
        for word in self.segmenter.cut(text):
            start = text.find(word, pos)
            if start < 0:  # pkuseg changed the text: leave the rest in characters
                bounds.update(range(pos, len(text)))
                break
            bounds.update((start, start + len(word)))
            pos = start + len(word)
        with doc.retokenize() as retokenizer:
            i = 0
            while i < len(doc):
                j = i + 1
                while j < len(doc) and doc[j].idx not in bounds and not doc[j - 1].whitespace_ and not doc[j].is_space:
                    j += 1
                if j - i > 1:
                    retokenizer.merge(doc[i:j])
                i = j
        doc.ents = [doc.char_span(s, e, label=label) for s, e, label in ents]
        return doc
