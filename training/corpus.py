"""Gold NER corpora -> spaCy DocBin files for ``spacy train``.

    python training/corpus.py ../shared/corpora training/corpus

writes ``train/msra.spacy``, ``train/cluener.spacy`` (CLUENER mapped to
PERSON/ORG/LOC, see ``extract.gold.LABELS``) and ``dev/msra.spacy``. Reference
docs are one token per character; ``spacy train`` aligns them to whatever the
pipeline's tokenizer makes, so one corpus serves every tokenization.
Test splits are never converted: they are for ``bench/ner.py`` only.
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from extract.gold import Example, open_gold

SOURCES = {
    "train/msra": ("msra-ner/train.bio", "bio"),
    "train/cluener": ("cluener2020/train.json", "cluener"),
    "dev/msra": ("msra-ner/dev.bio", "bio"),
}


def to_docbin(examples: list[Example]) -> DocBin:
    nlp = spacy.blank("zh")  # its default char segmenter is not used: words are given
    db = DocBin(store_user_data=False)
    for text, spans in examples:
        words = [c for c in text]
        doc = spacy.tokens.Doc(nlp.vocab, words=words, spaces=[False] * len(words))
        doc.ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
        db.add(doc)
    return db


def main(corpora: str, out: str) -> None:
    for name, (path, fmt) in SOURCES.items():
        examples = open_gold(str(Path(corpora) / path), fmt)
        target = Path(out) / f"{name}.spacy"
        target.parent.mkdir(parents=True, exist_ok=True)
        to_docbin(examples).to_disk(target)
        print(f"{name}: {len(examples)} sentences, {sum(len(t) for t, _ in examples)} chars", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
