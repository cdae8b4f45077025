"""Web news as scraped: Markdown headings split a day's file into items, HTML markup is not text."""

import json

from extract.ingest import Source
from extract.markup import blank, tidy
from extract.pages import split_articles
from graph.cli import main

DAY = """# 《新闻联播》 (20240315)

## 新闻摘要

本期节目主要内容：

1.习近平会见法国总统马克龙；

2.国内联播快讯：

（1）全国总工会发布新规；

（《新闻联播》 20240315 19:00）

## 详细新闻

### 习近平会见法国总统马克龙

<p><strong>央视网消息</strong>（新闻联播）：国家主席习近平3月15日在北京人民大会堂会见法国总统马克龙。</p><p>王毅参加会见。&nbsp;两国元首讨论了A&amp;B合作。</p>

[查看原文](https://tv.cctv.com/2024/03/15/x.shtml)

### 国内联播快讯

<p>中华全国总工会副主席徐留平在陕西省西安市调研。<br></p>

---

(更新时间戳: 1710500000000)
"""


def test_markup_is_blanked_one_character_for_one():
    text = blank(DAY)
    assert len(text) == len(DAY) and "<" not in text and "&nbsp;" not in text and "https://" not in text
    assert text.count("\n") > DAY.count("\n")  # </p><p> separates paragraphs
    assert tidy(blank("<p><strong>央视网消息</strong>：Joe <b>Biden</b> 说</p>")) == "央视网消息：Joe Biden说"
    assert tidy(blank("**央视网消息**（新闻联播）：2**3")) == "央视网消息（新闻联播）：2**3"  # Markdown bold, not a power
    assert blank("数值<5且>3") == "数值<5且>3" and blank("A&B&c;") == "A&B&c;"  # not markup: left as it is


def test_a_days_file_gives_one_article_per_item_with_its_headline_and_the_days_date():
    articles = split_articles(Source("20240315", DAY, "news/20240315.md"))
    kinds = [(a.kind, a.title, a.date) for a in articles]
    assert kinds == [
        ("index", "新闻摘要", "2024-03-15"),
        ("article", "习近平会见法国总统马克龙", "2024-03-15"),
        ("article", "国内联播快讯", "2024-03-15"),
    ]
    meeting = articles[1]
    assert DAY[meeting.start : meeting.end].startswith("### 习近平会见") and len(meeting.text) == meeting.end - meeting.start
    assert "<p>" not in meeting.text and "###" not in meeting.text and "查看原文" in meeting.text
    assert "更新时间戳" not in articles[2].text and "---" not in articles[2].text


def test_no_markup_reaches_names_sentences_or_evidence(tmp_path):
    (tmp_path / "20240315.md").write_text(DAY, encoding="utf-8")
    assert main(["build", str(tmp_path / "20240315.md"), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    G = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    texts = [n["label"] + n["aliases"] for n in G["nodes"]] + [s["text"] for s in G["sentences"]]
    assert not [t for t in texts if any(mark in t for mark in ("<", ">", "&nbsp", "strong", "](", "###"))]
    for s in G["sentences"]:  # offsets point into the file as it is, markup and all
        assert blank(DAY)[s["start"] : s["end"]].replace(" ", "").startswith(s["text"].replace(" ", "")[:4])
    assert any(s["text"] == "央视网消息（新闻联播）：国家主席习近平3月15日在北京人民大会堂会见法国总统马克龙。" for s in G["sentences"])
    assert {"PERSON:习近平", "PERSON:马克龙"} <= {n["id"] for n in G["nodes"]}
