"""Text -> articles, sentences, entities and relations, as a spaCy ``zh`` pipeline.

>>> import extract
>>> nlp = extract.load()
>>> doc = nlp("9月30日,安远社区工会专干刘馨蕊拨通了街道总工会社会化工作者孙养利电话。")
>>> [(e.text, e.label_) for e in doc.ents]  # doctest: +NORMALIZE_WHITESPACE
[('9月30日', 'DATE'), ('安远社区', 'ORG'), ('刘馨蕊', 'PERSON'), ('街道总工会', 'ORG'), ('孙养利', 'PERSON')]
>>> [(r.head.text, r.label, r.tail.text, r.role) for r in doc._.relations]
[('刘馨蕊', 'works_for', '安远社区', '工会专干'), ('孙养利', 'works_for', '街道总工会', '社会化工作者')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing the modules registers their components and tokenizer with spaCy.
from extract import entities, lac, relations  # noqa: F401
from extract.pages import Article

BACKBONES = {"lac": "zhkg.lac_tokenizer.v1"}
# The backbone puts names on the Doc; the rule layer corrects them in this order.
BACKBONE_PIPES = {"lac": ["lac_entities"]}
RULE_PIPES = [
    "titled_docs",
    "dates",
    "places",
    "place_categories",
    "org_names",
    "org_lists",
    "bylines",
    "person_titles",
    "entity_filter",
    "unit_roles",
    "canonical_names",
    "works_for",
]

if not Doc.has_extension("article"):
    Doc.set_extension("article", default=None)


def load(backbone: str = "lac", threads: int = 0) -> Language:
    """Build the extraction pipeline on the named backbone (default: Baidu LAC).

    ``threads`` caps the backbone's CPU threads (0: its default, all cores).
    """
    if backbone not in BACKBONES:
        raise ValueError(f"unknown backbone {backbone!r}; choose one of {', '.join(sorted(BACKBONES))}")
    tokenizer = {"@tokenizers": BACKBONES[backbone], "threads": threads}
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}})
    for name in BACKBONE_PIPES[backbone] + RULE_PIPES:
        nlp.add_pipe(name)
    return nlp


def process(nlp: Language, articles: Iterable[Article], on_error: Callable[[Article, Exception], None] | None = None) -> Iterator[Doc]:
    """Run ``nlp`` over articles; each Doc carries its :class:`Article` on ``doc._.article``.

    An article that fails is passed to ``on_error`` (if given, else the error
    propagates) and the rest go on.
    """
    for article in articles:
        try:
            doc = nlp(article.text)
        except Exception as exc:
            if on_error is None:
                raise
            on_error(article, exc)
            continue
        doc._.article = article
        yield doc
