"""Events on the sample page, dates.normalize, and the DuEE mapping (that part needs ../shared)."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

import extract
import extract.events  # noqa: F401  (registers the component)
from extract import dates
from extract.events import DUEE_TYPES, Event
from extract.ingest import read_inputs
from extract.pages import split_articles
from tests.conftest import ROOT, SAMPLE

SCHEMA = ROOT.parent / "shared" / "corpora" / "duee1.0" / "duee_event_schema.json"


@pytest.fixture(scope="module")
def sample_events(nlp):
    articles = [a for s in read_inputs([str(SAMPLE)]) for a in split_articles(s)]
    return [e for doc in extract.process(nlp, articles) for e in doc._.events]


def _args(event: Event) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for span, role in event.args:
        out.setdefault(role, []).append(span.text)
    return out


def _find(events, kind, text):
    found = [e for e in events if e.type == kind and text in e.sentence.text]
    assert found, f"no {kind} event in a sentence with {text!r}"
    return found[0]


def test_call(sample_events):
    e = _find(sample_events, "call", "拨通了街道总工会")
    assert _args(e) == {"caller": ["刘馨蕊"], "callee": ["孙养利"]}
    assert e.date_text == "9月30日" and e.time is not None and e.time.text == "9月30日"


def test_visits(sample_events):
    e = _find(sample_events, "visit", "郝家桥村考察")
    assert _args(e)["visitor"] == ["习近平"] and e.place.text == "郝家桥村"
    assert (e.date_text, e.date, e.date_range) == ("2021年9月", "2021-09", ("2021-09-01", "2021-09-30"))
    e = _find(sample_events, "visit", "牡丹社区考察")
    assert _args(e)["visitor"] == ["习近平"] and e.place.text == "牡丹社区"
    assert e.date_text == "今年8月" and e.date == ""  # the sample page carries no date to anchor 今年
    e = _find(sample_events, "visit", "上海中心大厦22层")
    assert _args(e)["visitor"] == ["习近平"] and e.place.text == "上海中心大厦"
    assert e.date == "2018-11-06"


def test_study_tour(sample_events):
    e = _find(sample_events, "visit", "赴吉利西安生产基地")
    assert e.trigger.text == "参观学习" and e.date_text == "10月9日"
    args = _args(e)
    assert args["visitor"] == ["西安市机械冶金建材工会"]
    assert "吉利西安生产基地" in args["place"] and "中国重型机械研究院股份有限公司" in args["place"]


def test_issuance(sample_events):
    e = _find(sample_events, "issuance", "若干意见》,从干部")
    assert _args(e) == {"issuer": ["中央组织部"], "document": ["关于抓党建促乡村振兴的若干意见"]}
    assert e.trigger.text == "印发" and e.date == "2021-06"


def test_award_pilot_volunteer(sample_events):
    e = _find(sample_events, "award", "被推荐为")
    assert e.date_text == "“七一”前夕"
    assert _args(_find(sample_events, "pilot", "北京、浙江、深圳"))["participant"] == ["北京", "浙江", "深圳"]
    assert _find(sample_events, "pilot", "北京").date_range == ("2021-06-01", "2021-12-31")
    assert _args(_find(sample_events, "volunteer_service", "国庆前夕"))["organizer"] == ["咸阳市总工会"]


def test_no_founding_in_general_talk(sample_events):
    assert not [e for e in sample_events if e.type == "founding"]  # 成立工会有什么好处, 我想…组建工会


def test_article_date_anchors(nlp):
    from extract.pages import Article

    doc = nlp.make_doc("今年8月,习近平总书记来到辽宁沈阳皇姑区三台子街道牡丹社区考察。")
    doc._.article = Article("a", "a.txt", 0, 0, doc.text, date="2022-10-10")
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    (e,) = doc._.events
    assert (e.date, e.date_range) == ("2022-08", ("2022-08-01", "2022-08-31"))
    assert replace(e).type == "visit"


def test_emergency_lexicon(nlp):
    doc = nlp("昨天下午,北京市朝阳区一栋居民楼发生火灾,造成2人死亡。")
    kinds = {e.trigger.text: e.type for e in doc._.events}
    assert kinds.get("火灾") == "fire" and kinds.get("死亡") == "death"
    assert all(e.date_text == "昨天下午" and e.date == "" for e in doc._.events)  # LAC keeps 下午 in the token


@pytest.mark.parametrize(
    "text,anchor,expected",
    [
        ("2018年11月6日", "", ("2018-11-06", ("2018-11-06", "2018-11-06"))),
        ("2021年9月", "", ("2021-09", ("2021-09-01", "2021-09-30"))),
        ("10月9日", "2022-10-10", ("2022-10-09", ("2022-10-09", "2022-10-09"))),
        ("12月30日", "2023-01-02", ("2022-12-30", ("2022-12-30", "2022-12-30"))),
        ("10月9日", "", ("", None)),
        ("今年8月", "2022-10-10", ("2022-08", ("2022-08-01", "2022-08-31"))),
        ("昨日", "2009-05-22", ("2009-05-21", ("2009-05-21", "2009-05-21"))),
        ("前天", "2009-05-22", ("2009-05-20", ("2009-05-20", "2009-05-20"))),
        ("今天", "2009-05-22", ("2009-05-22", ("2009-05-22", "2009-05-22"))),
        ("明天", "2009-05-22", ("2009-05-23", ("2009-05-23", "2009-05-23"))),
        ("上月", "2022-01-10", ("2021-12", ("2021-12-01", "2021-12-31"))),
        ("本月", "2022-02-10", ("2022-02", ("2022-02-01", "2022-02-28"))),
        ("去年", "2022-02-10", ("2021", ("2021-01-01", "2021-12-31"))),
        ("国庆前夕", "2022-10-10", ("", ("2022-09-24", "2022-09-30"))),
        ("七一", "2021-07-05", ("2021-07-01", ("2021-07-01", "2021-07-01"))),
        ("“七一”前夕", "2021-07-05", ("", ("2021-06-24", "2021-06-30"))),
        ("春节", "2021-02-20", ("", None)),
        ("2009年5月22日上午", "", ("2009-05-22", ("2009-05-22", "2009-05-22"))),
        ("凌晨4时", "2009-05-22", ("", None)),
        ("2009/05/22", "", ("2009-05-22", ("2009-05-22", "2009-05-22"))),
        ("2009-05-22", "", ("2009-05-22", ("2009-05-22", "2009-05-22"))),
        ("２００９年５月２２日", "", ("2009-05-22", ("2009-05-22", "2009-05-22"))),
        ("二〇〇八年五月十二日", "", ("2008-05-12", ("2008-05-12", "2008-05-12"))),
        ("十月九日", "2022-10-10", ("2022-10-09", ("2022-10-09", "2022-10-09"))),
        ("2021年6月至12月", "", ("", ("2021-06-01", "2021-12-31"))),
    ],
)
def test_normalize(text, anchor, expected):
    assert dates.normalize(text, anchor) == expected


@pytest.mark.skipif(not SCHEMA.exists(), reason="needs ../shared/corpora/duee1.0 (DuEE schema)")
def test_duee_mapping_exists_in_schema():
    schema = {json.loads(line)["event_type"] for line in Path(SCHEMA).read_text(encoding="utf-8").splitlines() if line.strip()}
    missing = {ours: duee for ours, duee in DUEE_TYPES.items() if duee and duee not in schema}
    assert not missing


def test_written_event_gold_floor(nlp):
    """Events on sentences written for the tests (tests/fixtures/events_gold.jsonl): 0.889 / 0.811 when they landed."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_events", ROOT / "bench" / "events.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.bench_gold(nlp)
    assert result["event"]["f1"] >= 0.8 and result["argument"]["f1"] >= 0.7, result


def test_a_statement_is_an_event_of_its_speaker(nlp):
    doc = nlp("王毅表示，双方要加强合作。")
    (event,) = [e for e in doc._.events if e.type == "statement"]
    assert event.trigger.text == "表示" and [(a.text, r) for a, r in event.args] == [("王毅", "speaker")]
    assert not [e for e in nlp("他表示，双方要加强合作。")._.events if e.type == "statement"]  # no named speaker, no event
