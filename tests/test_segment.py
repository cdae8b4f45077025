"""The shipped pkuseg model, loaded offline through spaCy's pkuseg tokenizer."""

import pytest

from extract.segment import pkuseg_model_path, pkuseg_nlp


def test_shipped_model_segments_news():
    nlp = pkuseg_nlp()
    text = "中央组织部印发了关于加强基层党组织建设的意见。"
    words = [t.text for t in nlp(text)]
    assert "".join(words) == text
    assert "中央" in words or "中央组织部" in words
    assert 8 <= len(words) <= 16  # words, not characters


def test_unknown_model_is_not_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("PKUSEG_HOME", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="does not download"):
        pkuseg_model_path("mixed")
