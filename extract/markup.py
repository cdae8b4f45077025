"""Markup in scraped news is not text: HTML tags and entities, Markdown links and rules.

Web pages and their Markdown dumps carry ``<p><strong>央视网消息</strong>（新闻联播）：…</p>``,
``&nbsp;`` and ``[查看原文](https://…)``. Left in, the tags become sentences, names and
evidence (``</p><p>万里长江…``). :func:`blank` replaces markup one character for one, so every
offset into the result is an offset into the file as it was:

* a block tag (``<p>``, ``</p>``, ``<br>``, ``<div>``, ``<li>``, headings, table rows …) becomes a
  line break and spaces: the paragraphs it separates become lines;
* any other tag (``<strong>``, ``<a href=…>``, ``<img …>``) becomes spaces, and so does the content
  of ``<script>`` and ``<style>`` elements and of comments (line breaks kept);
* an entity becomes its character and spaces (``&amp;`` → ``&``, ``&nbsp;`` → a space);
* Markdown emphasis keeps its text (``**央视网消息**`` → ``  央视网消息  ``); a Markdown link keeps
  its text (``[查看原文](url)`` → `` 查看原文 ``), an image goes whole, and a rule line (``---``)
  becomes spaces.

:func:`tidy` then drops the runs of spaces markup left inside a sentence, for quoting it.

>>> blank("<p><strong>央视网消息</strong>：A&amp;B</p><p>第二段</p>")
'\\n          央视网消息         ：A&    B\\n   \\n  第二段\\n   '
>>> tidy(blank("<p><strong>央视网消息</strong>：A&amp;B</p>"))
'央视网消息：A&B'
"""

from __future__ import annotations

import html
import re

BLOCK_TAGS = "p|br|div|li|ul|ol|tr|td|th|table|h[1-6]|section|article|blockquote|header|footer|hr|dd|dt|dl"
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*/?>")
_BLOCK = re.compile(rf"(?:{BLOCK_TAGS})", re.I)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\((?:https?://|/|#)[^)\s]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)
_SPACES = re.compile(r"[ \t\u3000]{2,}")
_MARKUP = re.compile(r"<[a-zA-Z/!]|&#?[a-zA-Z0-9]+;|\]\(|\*\*|__|^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)


def blank(text: str) -> str:
    """``text`` with its markup replaced one character for one (see the module's doc)."""
    if not _MARKUP.search(text):
        return text  # most plain news has none: no copy
    text = _SCRIPT.sub(lambda m: _spaces(m.group()), text)
    text = _TAG.sub(_tag, text)
    text = _ENTITY.sub(_entity, text)
    text = _IMAGE.sub(lambda m: _spaces(m.group()), text)
    text = _LINK.sub(lambda m: " " + m.group(1) + " " * (len(m.group()) - len(m.group(1)) - 1), text)
    text = _EMPHASIS.sub(lambda m: "  " + m.group(2) + "  ", text)
    return _RULE.sub(lambda m: _spaces(m.group()), text)


def tidy(text: str) -> str:
    """``text`` for quoting: the runs of spaces that markup left are dropped (one stays between two
    Latin letters or digits, as in a name like Joe Biden), and the ends are stripped."""
    return _SPACES.sub(_join, text).strip()


def _join(m: re.Match) -> str:
    s, e = m.start(), m.end()
    text = m.string
    return (
        " "
        if 0 < s and e < len(text) and text[s - 1].isascii() and text[s - 1].isalnum() and text[e].isascii() and text[e].isalnum()
        else ""
    )


def _tag(m: re.Match) -> str:
    if _BLOCK.fullmatch(m.group(1)):
        return "\n" + " " * (len(m.group()) - 1)
    return _spaces(m.group())


def _entity(m: re.Match) -> str:
    char = html.unescape(m.group())
    if len(char) != 1 or char == m.group():
        return m.group()  # not an entity HTML knows: it is text
    char = " " if char in "\xa0\u200b\ufeff" else char
    return char + " " * (len(m.group()) - 1)


def _spaces(s: str) -> str:
    """``s`` as spaces, its line breaks kept (line numbers and paragraphs stay where they were)."""
    return re.sub(r"[^\n]", " ", s)
