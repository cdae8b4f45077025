"""Backbones by name: LAC, zhkg's NER on LAC words, the character NER alone, any spaCy pipeline."""

import pytest
import spacy

import extract
from extract.entities import split_at

TEXT = "9月30日,安远社区工会专干刘馨蕊拨通了街道总工会社会化工作者孙养利电话。"


@pytest.mark.parametrize("backbone", ["zhkg", "zhkg-lac", "lac-crf", "lac-ner", "lac-ner-cluener"])
def test_trained_backbones_find_the_names_and_the_role(backbone):
    nlp = extract.load(backbone)
    doc = nlp(TEXT)
    ents = {(e.text, e.label_) for e in doc.ents}
    assert {("刘馨蕊", "PERSON"), ("孙养利", "PERSON"), ("安远社区", "ORG")} <= ents
    assert ("刘馨蕊", "works_for", "安远社区", "工会专干") in {(r.head.text, r.label, r.tail.text, r.role) for r in doc._.relations}
    assert doc.text == TEXT


def test_backbone_alone_has_no_rule_components():
    assert extract.load("zhkg", rules=False).pipe_names == ["tok2vec", "ner"]
    assert "pkuseg_words" not in extract.load("zhkg", segmenter="none").pipe_names
    assert "works_for" in extract.load("zhkg").pipe_names


def test_split_at_keeps_text_and_tags(nlp):
    doc = nlp.make_doc("安远社区工会专干刘馨蕊")
    tags = {t.text: t.tag_ for t in doc}
    split_at(doc, {4})
    assert doc.text == "安远社区工会专干刘馨蕊"
    assert any(t.idx == 4 for t in doc)
    assert all(t.tag_ for t in doc) and tags  # pieces keep a tag


def test_spacy_pipeline_by_path_with_labels_mapped(tmp_path):
    custom = spacy.blank("zh")
    ruler = custom.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "北京"}, {"label": "NORP", "pattern": "中国人"}])
    custom.to_disk(tmp_path / "pipeline")
    nlp = extract.load(f"spacy:{tmp_path / 'pipeline'}", rules=False)
    doc = nlp("中国人在北京")
    assert [(e.text, e.label_) for e in doc.ents] == [("北京", "LOC")]


def test_unknown_backbone():
    with pytest.raises(ValueError, match="unknown backbone"):
        extract.load("bert")


def test_split_at_keeps_sentence_starts(nlp):
    doc = nlp.make_doc("安远社区工会专干刘馨蕊说。孙养利来了。")
    starts = [t.idx for t in doc if t.is_sent_start]
    split_at(doc, {2, 4})
    assert [t.idx for t in doc if t.is_sent_start] == starts
    assert len(list(doc.sents)) == 2


def test_every_backbone_scores_single_sentences():
    """Gold corpora are one sentence per example: splitting its first token must keep the sentence."""
    for backbone in ("lac", "lac-ner", "lac-ner-cluener", "lac-crf", "zhkg", "zhkg-lac"):
        doc = extract.load(backbone)("商洛市武关镇中学的老师来到西安市莲湖区北关街道安远社区")
        assert len(list(doc.sents)) == 1 and doc.ents, backbone


def test_crf_recipe_trains_a_model_the_backbone_loads(tmp_path):
    """training/crf.py end to end on a tiny corpus folder (MSRA layout), then the model in the lac-crf backbone."""
    import subprocess
    import sys

    from conftest import ROOT, tiny_corpus

    tiny_corpus(tmp_path, ["msra-ner/train.bio", "msra-ner/dev.bio"])
    model = tmp_path / "crf" / "ner.crfsuite"
    cmd = [sys.executable, "training/crf.py", str(tmp_path), "--no-cluener", "--iterations", "30", "--output", str(model)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "MSRA dev" in done.stdout and (model.parent / "meta.json").is_file()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhkg.lac_tokenizer.v1"}}})
    nlp.add_pipe("crf_ner", config={"model": str(model)})
    assert {(e.text, e.label_) for e in nlp("刘馨蕊在安远社区工作").ents} == {("刘馨蕊", "PERSON"), ("安远社区", "ORG")}
