import pytest
from conftest import SAMPLE

from extract.ingest import Source, read_inputs
from extract.pages import split_articles


def test_sample_page_splits_into_its_articles():
    page = next(read_inputs([str(SAMPLE)]))
    arts = split_articles(page)
    articles = [a for a in arts if a.kind == "article"]
    assert [a.title for a in articles] == [
        "西安:工会干部走进高端装备制造企业参观学习",
        "在工会工作岗位上",
        "用心用情 干事必成",
        "西安市总工会 发布“工会活动进乡村”消费帮扶点推介名单",
        "咸阳市总工会 开展“双报到 为民生”志愿服务活动",
        "澄城县总工会 “四步走”推动新就业形态劳动者入会",
    ]
    assert articles[0].reporters == ["刘强"] and articles[0].byline == "本报讯(记者 刘强)"
    assert articles[2].subtitle == "记莲湖区北关街道安远社区工会专干刘馨蕊"
    assert articles[2].dateline == "新华社北京10月9日电"
    assert articles[4].reporters == ["李小朋"]
    # the list of headlines between articles is kept apart, not mined
    index = [a for a in arts if a.kind == "index"]
    assert len(index) == 1 and "咸阳市总工会开展" in index[0].text
    # offsets point into the page
    for a in arts:
        assert page.text[a.start : a.end] == a.text
    # the articles do not overlap and are in page order
    assert all(a.end <= b.start for a, b in zip(arts, arts[1:]))


def test_continuation_marker_and_dateline_start_articles():
    text = "第一篇正文说了一件事。\n(新华社北京10月9日电)\n另一篇正文开始了。\n标题三\n(上接第一版)\n续文。"
    arts = split_articles(Source("p", text, "p.txt"))
    assert [a.text.splitlines()[0] for a in arts] == ["第一篇正文说了一件事。", "另一篇正文开始了。", "标题三"]
    assert arts[0].dateline == "新华社北京10月9日电"
    assert arts[2].title == "标题三"


def test_section_heading_stays_in_article():
    text = "标题\n本报讯(记者 王五)正文第一段。\n小标题\n正文第二段。"
    arts = split_articles(Source("p", text, "p.txt"))
    assert len(arts) == 1 and arts[0].title == "标题" and "小标题" in arts[0].text


def test_jsonl_record_is_one_article_with_its_metadata():
    src = Source("x", "本报讯 甲说话了。\n标题样\n乙说话了。", "d.jsonl:1", meta={"title": "T", "date": "2022-01-02"}, is_page=False)
    (art,) = split_articles(src)
    assert (art.id, art.title, art.date) == ("x", "T", "2022-01-02")


def test_markdown_heading_title():
    (art,) = split_articles(Source("m", "# 标题甲\n\n本报讯(记者 王五)正文。", "m.md"))
    assert art.title == "标题甲" and art.reporters == ["王五"]


def test_windows_line_endings_keep_offsets():
    text = "标题\r\n本报讯(记者 王五)正文一。\r\n(新华社北京10月9日电)\r\n标题二\r\n本报讯(李四)正文二。"
    arts = split_articles(Source("w", text, "w.txt"))
    assert [a.title for a in arts] == ["标题", "标题二"]
    assert all(text[a.start : a.end] == a.text for a in arts)


@pytest.mark.parametrize(
    "first_line",
    ["2009/05/22", "2009-05-22 10:11:12", "2008年04月05日 09:12 星期六", "时间：2009-05-22 10:11:12", "2009年5月22日 10:11　来源：新华网"],
)
def test_a_first_line_that_is_only_a_date_is_the_date(first_line):
    text = f"{first_line}\n本报讯昨日上午，汕头市潮阳区一家庭作坊发生火灾。\n"
    (article,) = split_articles(Source("cec", text, "cec.txt"))
    assert article.date == ("2008-04-05" if "2008" in first_line else "2009-05-22")
    assert article.title == ""


def test_a_headline_starting_with_a_date_stays_a_headline():
    text = "2009-05-22 汕头大火\n本报讯昨日上午，汕头市潮阳区一家庭作坊发生火灾。\n"
    (article,) = split_articles(Source("cec", text, "cec.txt"))
    assert article.title == "2009-05-22 汕头大火" and article.date == ""
