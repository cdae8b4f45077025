"""Split a newspaper page into articles.

A page from a PDF or a web scrape holds several articles, their headlines,
continuation markers and lists of other headlines. Links must only be made
inside one article, so the page is cut at what a reader uses to see where a
new story starts:

* a headline block followed by a lead (``本报讯(记者 刘强)``, ``新华社北京10月9日电``);
* a headline block with a subtitle (``——记……``);
* a continuation marker (``(上接第一版)``), with the headline just before it;
* the line after a closing dateline (``(新华社北京10月9日电)``).

A headline inside an article that none of these mark is a section heading
and stays in the article. In a headline block of several lines only the last
one or two lines (a short first line such as ``西安市总工会`` continues onto
the next) title the new article; two or more lines before them are a list of
headlines (``kind="index"``), which is kept but not mined for links.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from extract.ingest import Source
from extract.markup import blank
from extract.sentences import BYLINE, byline_names

CONTINUATION = re.compile(r"^[(（]\s*(?:上接|下转|接上|转下|紧接)第?.{1,4}版\s*[)）]$")
DATELINE_END = re.compile(r"^[(（]\s*((?:新华社|中新社|本报|人民日报)[^()（）]{0,20}电)\s*[)）]$")
SUBTITLE = re.compile(r"^(?:——|--|—)\S")
SENTENCE_PUNCT = re.compile(r"[。！？!?；;,，、:：…]")
FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
# A headline line that is only a date is the article's date, not its title: 2009/05/22,
# 2009-05-22 10:11:12, 2008年04月05日 09:12 星期六, 时间:2020-02-01, 包头新闻网 发布时间: 2009年…, … 来源:新华网.
_SOURCE = r"(?:来源[:：]\s*)?\S{0,12}?(?:网|报|社)"
DATE_LINE = re.compile(
    rf"^\s*(?:{_SOURCE}\s*)?(?:(?:发布)?时间[:：]\s*)?"
    r"(\d{4})\s*(?:[/.-]|年)\s*(\d{1,2})\s*(?:[/.-]|月)\s*(\d{1,2})\s*日?"
    r"\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|\d{1,2}时左右)?\s*(?:星期[一二三四五六日天])?"
    rf"\s*(?:{_SOURCE})?\s*$"
)
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S")
MARKDOWN_MARK = re.compile(r"^#{1,6}\s+")
# A numbered headline in a list of a day's items: 1.【领航中国】…； (1)21家主要银行…；
LIST_ITEM = re.compile(r"^(?:\d{1,3}\s*[.、．]|[（(]\d{1,3}[)）])\s*\S")
# A page's machinery, not news: update stamps, editors, source notes.
META_LINE = re.compile(r"^[(（]?\s*(?:更新时间戳?|发布时间|责任编辑|编辑|来源|原标题)\s*[:：]")
COMPACT_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(\d{2})(\d{2})(?!\d)")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
HEADLINE_MAX = 40
SHORT_HEAD = 8


@dataclass
class Article:
    """One article (or headline list) cut from a :class:`Source`.

    ``start``/``end`` are character offsets of the article in the source text.
    """

    id: str
    source: str
    start: int
    end: int
    text: str
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    reporters: list[str] = field(default_factory=list)
    dateline: str = ""
    date: str = ""
    kind: str = "article"
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class _Line:
    start: int
    end: int
    text: str
    kind: str  # head, sub, lead, cont, dateline, body


def split_articles(source: Source) -> list[Article]:
    """Cut ``source`` into articles; a JSONL record is one article already.

    >>> from extract.ingest import Source
    >>> page = '标题一\\n本报讯(记者 刘强)甲说了话。\\n(新华社北京10月9日电)\\n标题二\\n乙来了。'
    >>> [(a.title, a.reporters, a.dateline) for a in split_articles(Source('p', page, 'p.txt'))]
    [('标题一', ['刘强'], '新华社北京10月9日电'), ('标题二', [], '')]
    """
    text = blank(source.text)  # markup is not text (extract.markup): same offsets, tags as spaces and line breaks
    lines = _classify(text)
    day = ""
    if not source.is_page:
        groups = [(lines, [])] if lines else []
    elif _is_markdown(lines):
        groups, day = _markdown_groups(lines), _page_date(lines, source.path)
    else:
        groups = _group(lines)
    articles = []
    for body, index in groups:
        if index:
            articles.append(_make(source, text, index, "index", day))
        if body:
            articles.append(_make(source, text, body, "article", day))
    many = len(articles) > 1
    for n, art in enumerate(articles, 1):
        art.id = f"{source.id}#{n}" if many else source.id
    return articles


def _classify(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            out.append(_Line(start, start + len(stripped), stripped, _kind(stripped)))
        pos += len(raw)
    return out


def _kind(line: str) -> str:
    if CONTINUATION.match(line):
        return "cont"
    if DATELINE_END.match(line):
        return "dateline"
    if BYLINE.match(line):
        return "lead"
    if len(line) <= HEADLINE_MAX and not SENTENCE_PUNCT.search(line[-1]):
        if SUBTITLE.match(line):
            return "sub"
        if not re.search(r"[。！？!?；;]", line):
            return "head"
    return "body"


def _group(lines: list[_Line]) -> list[tuple[list[_Line], list[_Line]]]:
    """Return ``(article lines, headline-list lines)`` per article."""
    groups: list[tuple[list[_Line], list[_Line]]] = []
    current: list[_Line] = []
    closed = True  # at page start, or after a closing dateline
    i = 0
    while i < len(lines):
        if lines[i].kind not in ("head", "sub"):
            line = lines[i]
            if line.kind == "cont" or (closed and line.kind != "dateline") or (line.kind == "lead" and _has_body(current)):
                _flush(groups, current)
                current = []
            current.append(line)
            closed = line.kind == "dateline"
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].kind in ("head", "sub"):
            j += 1
        block = lines[i:j]
        nxt = lines[j].kind if j < len(lines) else "end"
        starts = closed or nxt in ("lead", "cont") or any(b.kind == "sub" for b in block)
        if not starts:
            current.extend(block)  # section headings inside an article
            i = j
            continue
        title = _title_lines(block)
        rest = block[: len(block) - len(title)]
        index: list[_Line] = []
        if len(rest) == 1 and current and not closed:
            current.append(rest[0])  # a line broken off the article above
        else:
            index = rest
        _flush(groups, current)
        if index:
            groups.append(([], index))
        current = list(title)
        if nxt == "cont":
            current.append(lines[j])
            j += 1
        closed = False
        i = j
    _flush(groups, current)
    return groups


def _has_body(lines: list[_Line]) -> bool:
    return any(line.kind not in ("head", "sub", "cont") for line in lines)


def _title_lines(block: list[_Line]) -> list[_Line]:
    """The lines of ``block`` that title the article that follows."""
    end = len(block)
    while end > 1 and block[end - 1].kind == "sub":
        end -= 1
    first = end - 1
    if first > 0 and block[first - 1].kind == "head" and len(block[first - 1].text) <= SHORT_HEAD:
        first -= 1
    return block[first:]


def _flush(groups: list, current: list[_Line]) -> None:
    if current:
        groups.append((current, []))


def _make(source: Source, text: str, lines: list[_Line], kind: str, day: str = "") -> Article:
    start, end = lines[0].start, lines[-1].end
    body = text[start:end]
    for line in lines:
        if m := MARKDOWN_MARK.match(line.text):  # "### " is markup too; the headline stays, at its offsets
            at = line.start - start
            body = body[:at] + " " * m.end() + body[at + m.end() :]
    art = Article(
        id="",
        source=source.path,
        start=start,
        end=end,
        text=body,
        kind=kind,
        meta=dict(source.meta),
    )
    if kind == "index":
        art.title = _heading(lines[0].text)
        art.date = source.meta.get("date", "") or day
        return art
    heads = []
    dated = ""
    for line in lines:
        if line.kind == "head" and (d := DATE_LINE.match(line.text)):
            dated = dated or _iso(d)
        elif line.kind == "head":
            heads.append(_heading(line.text))
        elif line.kind == "sub":
            art.subtitle = art.subtitle or line.text.lstrip("—-").strip()
        else:
            break
    for line in lines:
        if line.kind == "lead" and not art.byline:
            art.byline = BYLINE.match(line.text).group(0).strip()
            art.reporters = [name for name, *_ in byline_names(art.byline)]
            lead = re.match(r"(?:新华社|中新社|本报)[^()（）]{0,12}电", art.byline)
            art.dateline = lead.group(0) if lead else art.dateline
        elif line.kind == "dateline":
            art.dateline = DATELINE_END.match(line.text).group(1)
    art.title = source.meta.get("title") or " ".join(heads)
    art.date = source.meta.get("date", "") or dated or day
    m = FULL_DATE.search(art.dateline) or (FULL_DATE.search(art.byline) if art.byline else None)
    if not art.date and m:
        art.date = _iso(m)
    return art


def _is_markdown(lines: list[_Line]) -> bool:
    """A page whose items are under Markdown headings (``### headline``): two headings at least."""
    return sum(1 for line in lines if MARKDOWN_HEADING.match(line.text)) >= 2


def _markdown_groups(lines: list[_Line]) -> list[tuple[list[_Line], list[_Line]]]:
    """One article per Markdown heading and the lines under it, to the next heading. A heading with
    nothing under it (``## 详细新闻``) is a section title, and a body that is a numbered list of
    headlines (``1.【领航中国】…；``) is an index. Update stamps and source notes are dropped."""
    blocks: list[list[_Line]] = []
    for line in lines:
        if MARKDOWN_HEADING.match(line.text):
            blocks.append([line])
        elif blocks and not META_LINE.match(line.text):
            blocks[-1].append(line)
        elif not blocks:
            blocks.append([line])  # text before the first heading
    groups: list[tuple[list[_Line], list[_Line]]] = []
    for block in blocks:
        body = block[1:] if MARKDOWN_HEADING.match(block[0].text) else block
        if not body:
            continue
        listed = sum(1 for line in body if LIST_ITEM.match(line.text))
        if listed >= 3 and listed >= 0.5 * len(body):
            groups.append(([], block))
        else:
            if MARKDOWN_HEADING.match(block[0].text):
                block[0].kind = "head"
            for line in body:
                line.kind = "body" if line.kind == "head" else line.kind  # a short line under a heading is text
            groups.append((block, []))
    return groups


def _page_date(lines: list[_Line], path: str) -> str:
    """The day of a page of items: a date in its first heading (``# 《新闻联播》 (20220924)``), else in the
    file's name (``20220924.md``); ``""`` if neither holds a real day."""
    first = next((line.text for line in lines if MARKDOWN_HEADING.match(line.text)), "")
    for text in (first, Path(path).stem):
        if (m := COMPACT_DATE.search(text)) or (m := ISO_DATE.search(text)):
            try:
                return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                continue
    return ""


def _heading(text: str) -> str:
    return text.lstrip("#").strip()


def _iso(m: re.Match) -> str:
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
