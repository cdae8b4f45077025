"""One token per character, for the trained NER: Chinese names have no spaces to find.

A character model sees every entity boundary (a word segmenter that glues
``西安市总工会`` to the next word hides it), and it runs without a segmenter.
The character alone says little, so each token's ``norm`` is its right
bigram (``刘馨`` for ``刘``), NFKC-folded so full- and half-width forms share
rows: the tok2vec embeds ``ORTH`` and ``NORM``, and the window encoder sees
the neighbours' bigrams, which gives the left ones.

>>> import spacy
>>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhkg.char_tokenizer.v1"}}})
>>> doc = nlp("刘馨蕊说 ＯＫ")
>>> [(t.text, t.norm_, t.whitespace_) for t in doc]
[('刘', '刘馨', ''), ('馨', '馨蕊', ''), ('蕊', '蕊说', ''), ('说', '说', ' '), ('Ｏ', 'ok', ''), ('Ｋ', 'k', '')]
"""

from __future__ import annotations

import unicodedata

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from extract.sentences import split_sentences


class Stateless:
    """spaCy saves and loads a pipeline's tokenizer; zhkg's tokenizers have no state of their own."""

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs):
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs):
        return self


class CharTokenizer(Stateless):
    """Split text into characters; a single space after a character is its trailing whitespace."""

    def __init__(self, vocab: Vocab, sentences: bool = True, lexicon: bool = False):
        self.vocab = vocab
        self.sentences = sentences
        self.lexicon = lexicon

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for char in text:
            if char == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True
            else:
                words.append(char)
                spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        folded = [unicodedata.normalize("NFKC", w).lower() for w in words]
        for i, token in enumerate(doc):
            # The bigram stops at whitespace: a space is a boundary, not a character.
            nxt = folded[i + 1] if i + 1 < len(words) and not spaces[i] and not words[i + 1].isspace() else ""
            token.norm_ = folded[i] + nxt
        if self.lexicon:
            for token, tag in zip(doc, lexicon_tags(folded)):
                token.lemma_ = tag
        if self.sentences and len(doc):
            starts = {start for start, _ in split_sentences(text)}
            for token in doc:
                token.is_sent_start = token.idx in starts
        return doc


def lexicon_tags(chars: list[str]) -> list[str]:
    """What the shipped lists say about each character: in a known place (begin/inside/end), a surname, or nothing.

    A model feature (``LEMMA``): names it never saw in training still start
    with a surname, and places it never saw are in the gazetteer.

    >>> lexicon_tags(list("刘馨蕊在西安市"))
    ['S', '-', '-', '-', 'PB', 'PI', 'PE']
    """
    from extract.entities import place_end, place_names, surnames

    names, family = place_names(), surnames()
    tags = ["S" if c in family else "-" for c in chars]
    i = 0
    while i < len(chars):
        j = place_end(chars, i, names, longest=10)
        if j is None:
            i += 1
            continue
        tags[i:j] = ["PB"] + ["PI"] * (j - i - 2) + ["PE"]
        i = j
    return tags


@registry.tokenizers("zhkg.char_tokenizer.v1")
def create_char_tokenizer(sentences: bool = True, lexicon: bool = False):
    def make(nlp) -> CharTokenizer:
        return CharTokenizer(nlp.vocab, sentences=sentences, lexicon=lexicon)

    return make
