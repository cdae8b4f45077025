"""Names from a CRF that reads characters and LAC's words and tags: the ``lac-crf`` backbone.

LAC knows names from far more text than any gold set here, but it marks them
by its own conventions (MSRA test F1 0.73); zhkg's character model learns
MSRA's conventions but knows only 1998's names. A linear-chain CRF over
characters whose features are the characters around each one, the LAC word it
sits in (the word, its tag, where in the word the character is) and the tags
of the words beside it learns when to trust LAC and where gold sets draw the
edges: learned voting between LAC and the gold data. Trained by
``training/crf.py`` on MSRA train (+ CLUENER train, mapped); CRFsuite tags
about 150,000 characters per second, so the backbone runs near LAC's speed.

>>> feats = features("刘馨蕊说", [("刘馨蕊", "PER"), ("说", "v")])
>>> [f for f in feats[0] if f.startswith(("c0=", "lac=", "w="))]
['c0=刘', 'lac=B-PER', 'w=刘馨蕊', 'w=刘馨蕊/B']
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extract.entities import set_names
from extract.gold import tags_to_spans

CRF_MODEL = Path(__file__).parent / "resources" / "crf" / "ner.crfsuite"
# Words longer than this are not a feature of their own (rare, and a name is shorter).
MAX_WORD = 8


def features(text: str, words: list[tuple[str, str]]) -> list[list[str]]:
    """CRFsuite features of each character of ``text``, which ``words`` (LAC's ``(word, tag)``) cover in order."""
    where: list[tuple[str, str, str, int]] = []  # per character: position in word (B/I/E/S), tag, word, length
    for word, tag in words:
        n = len(word)
        for k in range(n):
            position = "S" if n == 1 else "B" if k == 0 else "E" if k == n - 1 else "I"
            where.append((position, tag, word if n <= MAX_WORD else "", n))
    n = len(text)

    def c(i: int) -> str:
        return text[i] if 0 <= i < n else "<s>" if i < 0 else "</s>"

    def t(i: int) -> str:
        return where[i][1] if 0 <= i < n else "X"

    out = []
    for i in range(n):
        position, tag, word, length = where[i]
        f = [
            "c0=" + c(i), "c-1=" + c(i - 1), "c+1=" + c(i + 1), "c-2=" + c(i - 2), "c+2=" + c(i + 2),
            "b-1=" + c(i - 1) + c(i), "b+1=" + c(i) + c(i + 1), "b-2=" + c(i - 2) + c(i - 1), "b+2=" + c(i + 1) + c(i + 2),
            "lac=" + position + "-" + tag, "lact=" + tag, "lac-1=" + t(i - 1), "lac+1=" + t(i + 1),
            "lac-1/0=" + t(i - 1) + "/" + tag, "lac0/+1=" + tag + "/" + t(i + 1),
            "wl=" + str(min(length, 6)) + position,
        ]  # fmt: skip
        if word:
            f += ["w=" + word, "w=" + word + "/" + position]
        out.append(f)
    return out


@lru_cache(maxsize=2)
def _tagger(path: str):
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


@Language.factory("crf_ner", default_config={"model": ""})
def make_crf_ner(nlp: Language, name: str, model: str) -> CrfNer:
    return CrfNer(model or str(CRF_MODEL))


class CrfNer:
    """Set ``doc.ents`` from the CRF, sentence by sentence, on a Doc of LAC's words (tags on ``token.tag_``).

    A word the CRF cuts (a name ending inside it) is split, the pieces keeping its tag.
    """

    def __init__(self, model: str):
        self.model = model
        _tagger(model)  # load at start-up, not inside the first document's time

    def __call__(self, doc: Doc) -> Doc:
        tagger = _tagger(self.model)
        spans = []
        for sent in doc.sents:
            words = [(t.text, t.tag_) for t in sent]
            for s, e, label in tags_to_spans(tagger.tag(features(sent.text, words))):
                spans.append((sent.start_char + s, sent.start_char + e, label))
        set_names(doc, spans)
        return doc
