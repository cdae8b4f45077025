"""Traditional-character news (Hong Kong, Taiwan, Big5 sources) read by extractors trained on simplified text.

The models and the rules know simplified characters: 中華全國總工會 is not 中华全国总工会 to
them. An article written mostly in traditional characters goes through the pipeline as its
simplified copy, made by OpenCC (``t2s``) one character for one character, so every offset
into the copy is an offset into the original. The graph then takes each mention's surface and
each evidence sentence from the original (:func:`extract.entities.source_text`), while node
names are the simplified canonical form: 習近平 and 习近平 are one person, and the traditional
spelling is kept as the node's alias.

>>> simplified("中華全國總工會副主席劉馨蕊在西安市發表講話。")
'中华全国总工会副主席刘馨蕊在西安市发表讲话。'
>>> simplified("中华全国总工会副主席刘馨蕊在西安市发表讲话。") is None  # already simplified
True
"""

from __future__ import annotations

import re
from functools import cache

# An article is traditional when at least this share of its Han characters change under t2s (and
# at least MIN_CHANGED of them): simplified news changes almost none (a few characters such as 乾
# or 著 have a traditional reading), traditional news a fifth to a third.
MIN_SHARE = 0.05
MIN_CHANGED = 3
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str | None:
    """The simplified copy of ``text``, of the same length, if ``text`` is written in traditional
    characters; ``None`` if it is not (then the text goes through as it is)."""
    han = len(HAN.findall(text))
    if han < MIN_CHANGED:
        return None
    copy = one_for_one(text)
    changed = sum(a != b for a, b in zip(text, copy))
    return copy if changed >= MIN_CHANGED and changed >= MIN_SHARE * han else None


def one_for_one(text: str) -> str:
    """``text`` in simplified characters, one character for one: OpenCC's phrase conversion where it
    keeps the length (it nearly always does), else each character converted alone."""
    convert = _converter().convert
    copy = convert(text)
    if len(copy) == len(text):
        return copy
    chars = [convert(c) for c in text]
    return "".join(c if len(c) == 1 else t for c, t in zip(chars, text))
