"""Relations against a small hand-written gold set; bench/relations.py prints the full figures and DuIE."""

import importlib.util
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
FLOOR = 0.55  # strict micro F1 (0.612 when the rules landed) on tests/fixtures/relations_gold.jsonl


def _bench():
    spec = importlib.util.spec_from_file_location("bench_relations", ROOT / "bench" / "relations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()


def test_fixture_is_well_formed():
    rows = bench.load_gold()
    assert len({r["text"] for r in rows}) == len(rows)
    labels = Counter()
    for row in rows:
        for rel in row["relations"]:
            assert rel["label"] in bench.LABELS, rel
            assert rel["head"] and rel["head"] in row["text"], rel
            assert (rel["tail"] == "") == (rel["label"] in bench.NO_TAIL), rel
            assert rel["tail"] in row["text"], rel
            assert not rel["role"] or rel["label"] == "works_for", rel
            labels[rel["label"]] += 1
    assert all(labels[label] >= 5 for label in bench.LABELS), labels
    assert sum(not r["relations"] for r in rows) >= 15


def _span(text, canonical=""):
    return SimpleNamespace(text=text, _=SimpleNamespace(canonical=canonical))


def test_matching():
    def pred(label, head, tail, role=""):
        return {"label": label, "head": bench.names(head), "tail": bench.names(tail), "role": role}

    gold = {"head": "王强", "tail": "西安市委", "label": "works_for", "role": "书记"}
    assert bench.matches(gold, pred("works_for", _span("王强"), _span("西安市委")))
    assert not bench.matches(gold, pred("member_of", _span("王强"), _span("西安市委")))
    assert not bench.matches(gold, pred("works_for", _span("王强"), _span("西安")))
    assert bench.matches(gold, pred("works_for", _span("王强"), _span("西安")), lenient=True)
    place = {"head": "腾讯公司", "tail": "深圳市", "label": "located_in", "role": ""}
    assert bench.matches(place, pred("located_in", _span("腾讯公司"), _span("深圳", "深圳市")))  # canonical name
    met = {"head": "赵刚", "tail": "孙立新", "label": "met", "role": ""}
    assert bench.matches(met, pred("met", _span("孙立新"), _span("赵刚")))  # symmetric
    said = {"head": "李华", "tail": "", "label": "said", "role": ""}
    assert bench.matches(said, pred("said", _span("李华"), "要压实安全生产责任"))
    # one prediction matches one gold relation; exact names are paired before containment
    golds = [{"head": "李娟", "tail": "全国妇联", "label": "honored"}, {"head": "李娟", "tail": "全国三八红旗手", "label": "honored"}]
    preds = [pred("honored", _span("李娟"), _span("全国三八红旗手"))]
    assert bench.align(golds, preds, lenient=True) == [(1, 0)]
    result = bench.score([(golds, preds)])
    assert result["strict"]["micro"] == {"gold": 2, "pred": 1, "tp": 1, "p": 1.0, "r": 0.5, "f1": 0.667}


def test_gold_micro_f1(nlp):
    result = bench.bench_gold(nlp)
    assert result["strict"]["micro"]["f1"] >= FLOOR, result["strict"]["micro"]


def test_no_relations_on_negative_sentences(nlp):
    result = bench.bench_gold(nlp)
    assert result["predictions_on_negatives"] <= 2, result["predictions_on_negatives"]
