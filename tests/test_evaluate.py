"""Gold readers, scoring and `zhkg evaluate` on small files written for the tests."""

import json
from io import StringIO
from pathlib import Path

import pytest

from extract.gold import open_gold, read_gold, tags_to_spans
from extract.score import compare
from graph.cli import main

GOLD = Path(__file__).parent / "fixtures" / "gold.jsonl"


def test_bio_reads_weibo_digits_and_maps_types():
    text = "张0\tB-PER.NAM\n三1\tI-PER.NAM\n在0\tO\n老0\tB-PER.NOM\n师1\tI-PER.NOM\n\n北\tB-GPE.NAM\n京\tI-GPE.NAM\n"
    assert list(read_gold(StringIO(text), "bio")) == [("张三在老师", [(0, 2, "PERSON")]), ("北京", [(0, 2, "LOC")])]


def test_bmes_resume():
    text = "李 B-NAME\n华 E-NAME\n任 O\n清 B-ORG\n华 M-ORG\n大 M-ORG\n学 E-ORG\n教 B-TITLE\n授 E-TITLE\n"
    assert list(read_gold(StringIO(text), "bmes")) == [("李华任清华大学教授", [(0, 2, "PERSON"), (3, 7, "ORG")])]


def test_cluener_ends_are_inclusive_and_fine_types_are_mapped():
    line = json.dumps(
        {
            "text": "马云在杭州创办阿里巴巴",
            "label": {
                "name": {"马云": [[0, 1]]},
                "address": {"杭州": [[3, 4]]},
                "company": {"阿里巴巴": [[7, 10]]},
                "book": {"x": [[5, 6]]},
            },
        },
        ensure_ascii=False,
    )
    [(text, spans)] = read_gold(StringIO(line), "cluener")
    assert [(text[s:e], t) for s, e, t in spans] == [("马云", "PERSON"), ("杭州", "LOC"), ("阿里巴巴", "ORG")]


def test_jsonl_and_bad_input():
    examples = open_gold(str(GOLD), "jsonl")
    assert len(examples) == 4 and examples[0][1][1] == (6, 8, "PERSON")
    with pytest.raises(ValueError, match="line 1"):
        list(read_gold(StringIO("{not json\n"), "jsonl"))
    with pytest.raises(ValueError, match="unknown gold format"):
        list(read_gold(StringIO(""), "conll"))


def test_stray_inside_tag_starts_an_entity():
    assert tags_to_spans(["O", "I-LOC", "I-LOC", "B-LOC"]) == [(1, 3, "LOC"), (3, 4, "LOC")]


def test_compare_counts_exact_spans_only():
    gold = [{(0, 2, "PERSON"), (3, 5, "LOC")}]
    predicted = [{(0, 2, "PERSON"), (3, 6, "LOC"), (7, 9, "DATE")}]  # a wrong edge is a miss and a false alarm; DATE is not scored
    scores = compare(gold, predicted)
    assert scores["micro"] == {"p": 0.5, "r": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert scores["per_type"]["PERSON"]["f1"] == 1.0 and scores["per_type"]["LOC"]["f1"] == 0.0


@pytest.mark.parametrize("backbone", ["lac", "lac-crf", "zhkg", "zhkg-lac"])
def test_evaluate_json(backbone, capsys):
    assert main(["evaluate", "--gold", str(GOLD), "--format", "jsonl", "--backbone", backbone, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result["per_type"]) == {"PERSON", "ORG", "LOC"}
    assert result["sentences"] == 4 and result["chars_per_second"] > 0
    # Easy news sentences: every backbone finds most names.
    assert result["micro"]["f1"] >= 0.6, result


def test_evaluate_table_and_no_rules(capsys):
    assert main(["evaluate", "--gold", str(GOLD), "--format", "jsonl", "--backbone", "lac", "--no-rules"]) == 0
    out = capsys.readouterr().out
    assert "no rules" in out and "micro" in out and "chars/s" in out


def test_evaluate_unreadable_gold(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{broken\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(bad), "--format", "jsonl", "--backbone", "lac"]) == 1
    assert "bad.jsonl" in capsys.readouterr().err


def test_backbone_from_config_key(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zhkg.toml").write_text('backbone = "no-such-backbone"\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["evaluate", "--gold", str(GOLD), "--format", "jsonl"])
    assert exit_.value.code == 2 and "no-such-backbone" in capsys.readouterr().err
    (tmp_path / "zhkg.toml").write_text('backbone = "lac"\n', encoding="utf-8")
    assert main(["evaluate", "--gold", str(GOLD), "--format", "jsonl", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["backbone"] == "lac"


def test_missing_spacy_pipeline_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["evaluate", "--gold", str(GOLD), "--format", "jsonl", "--backbone", "spacy:zh_no_such_pipeline"])
    assert exit_.value.code == 2 and "zh_no_such_pipeline" in capsys.readouterr().err


def test_segmenter_key_matters_only_to_the_zhkg_backbone(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zhkg.toml").write_text('backbone = "lac"\nsegmenter = "/no/such/model"\n', encoding="utf-8")
    assert main(["evaluate", "--gold", str(GOLD), "--format", "jsonl", "--json"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main(["evaluate", "--gold", str(GOLD), "--format", "jsonl", "--backbone", "zhkg"])
    assert exit_.value.code == 2 and "/no/such/model" in capsys.readouterr().err
