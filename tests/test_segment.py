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


def test_pkuseg_words_after_the_character_ner_keep_entities_whole():
    import extract

    nlp = extract.load("zhkg")
    nlp.remove_pipe("works_for")
    assert nlp.pipe_names[:3] == ["tok2vec", "ner", "pkuseg_words"]
    text = "西安市总工会组织职工参观 学习,孙养利说。"
    doc = nlp(text)
    assert doc.text == text
    assert len(doc) < len(text) - 5  # words, not characters
    for ent in doc.ents:  # every entity still starts and ends on a token edge
        assert ent.text == text[ent.start_char : ent.end_char]
    assert any(t.text == "学习" for t in doc) and not any(" " in t.text for t in doc)


def test_segmenter_option(capsys):
    from graph.cli import main

    gold = str(__import__("pathlib").Path(__file__).parent / "fixtures" / "gold.jsonl")
    assert main(["evaluate", "--gold", gold, "--format", "jsonl", "--backbone", "zhkg", "--segmenter", "none", "--json"]) == 0
    with pytest.raises(SystemExit) as exit_:
        main(["evaluate", "--gold", gold, "--format", "jsonl", "--backbone", "zhkg", "--segmenter", "/no/such/model"])
    assert exit_.value.code == 2 and "does not download" in capsys.readouterr().err
