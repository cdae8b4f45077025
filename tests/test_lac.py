"""The LAC tokenizer's decoding: the best paths of a whole-sentence Viterbi, and batching that changes nothing."""

import numpy as np
import pytest

from extract import lac
from extract.lac import _Decoder


def viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The textbook Viterbi over one sentence, every tag at every step."""
    score = emissions[0].astype(np.float64)
    back = []
    for e in emissions[1:]:
        s = score[:, None] + transitions
        back.append(s.argmax(axis=0))
        score = s.max(axis=0) + e
    path = [int(score.argmax())]
    for b in reversed(back):
        path.append(int(b[path[-1]]))
    return path[::-1]


@pytest.mark.parametrize("scale", [0.3, 1.0, 3.0])
def test_decoder_finds_the_viterbi_paths(scale):
    """Random sentences of several lengths; ``scale`` sets how many positions have more than one tag within reach
    (0.3: nearly all open, long stretches; 3.0: nearly all fixed)."""
    rng = np.random.default_rng(7)
    transitions = rng.uniform(-0.2, 0.2, (9, 9)).astype(np.float32)
    decoder, expected = _Decoder(transitions), []
    for length in (1, 2, 5, 17, 40):
        batch = (rng.standard_normal((6, length, 9)) * scale).astype(np.float32)
        decoder.add(batch)
        expected += [t for sentence in batch for t in viterbi(sentence, transitions)]
    assert decoder.paths().tolist() == expected


def test_segment_does_not_depend_on_the_batch():
    sentences = ["西安市总工会举行座谈会。", "刘馨蕊拨通了孙养利的电话", "会", "", "今天凌晨，杭州新增1例无症状感染者。"]
    alone = [lac.segment([s])[0] for s in sentences]
    assert lac.segment(sentences) == alone
    assert lac.segment(sentences[::-1]) == alone[::-1]
    assert "".join(w for w, _ in alone[1]) == sentences[1]
    assert alone[3] == []
