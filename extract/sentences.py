"""Chinese sentence splitting that keeps character offsets.

A sentence ends at 。！？!? or an ellipsis, together with any closing quotes
and brackets that follow (``……。”`` stays whole), and at every line break.
Terminal punctuation *inside* quotation marks does not end the sentence, so a
quoted speech of several sentences stays whole (``他说:“我来了。你好。”``);
a quote that ends in 。” ends the sentence, unless a short speaker clause
follows (``“……。”刘馨蕊说,``) — the link between speaker and words is what the
graph needs. Quote depth resets at each line, so one unbalanced quote cannot
swallow a page.

A newspaper byline (``本报讯(记者 刘强)``) is split off as a sentence of its
own: the reporter wrote the article, they are not a participant in its first
sentence.
"""

from __future__ import annotations

import re

TERMINALS = set("。！？!?…")
OPENERS = set("“‘「『《(（[【")
CLOSERS = set("”’」』》)）]】")
QUOTE_OPEN = set("“‘「『")
QUOTE_CLOSE = set("”’」』")
# A byline: 本报讯(记者 刘强) / 新华社北京10月9日电(记者 X) / 本报记者 X 报道.
BYLINE = re.compile(
    r"^\s*(?:本报讯|本报[^\s()（）]{0,12}电|新华社[^\s()（）]{0,12}电|中新社[^\s()（）]{0,12}电)"
    r"\s*(?:[(（][^()（）\n]{1,40}[)）])?"
)

# A short clause naming the speaker right after a closing quote: 刘馨蕊说, / 孙养利好奇地问。
SPEAKER = re.compile(r"[^,，。!?！？“”\n]{1,10}?(?:说|道|问|表示|强调|指出|介绍|称|回答)[,，:：。]")

BYLINE_ROLES = re.compile(r"见习记者|记者|通讯员|实习生|本报|特约|摄影|报道|摄")


def byline_names(byline: str) -> list[tuple[str, int, int, str]]:
    """``(name, start, end, role)`` for each name in a byline's parentheses.

    >>> byline_names("本报讯(通讯员 张三 记者 李四)")
    [('张三', 8, 10, '通讯员'), ('李四', 14, 16, '记者')]
    """
    inner = re.search(r"[(（]([^()（）]+)[)）]", byline)
    if not inner:
        return []
    out = []
    role = "记者"
    # Role words become spaces of the same length, so offsets stay put.
    text = inner.group(1)
    blanked = BYLINE_ROLES.sub(lambda m: " " * len(m.group()), text)
    for m in re.finditer(r"[^\s、,，/]+", blanked):
        said = BYLINE_ROLES.findall(text[: m.start()])
        role = said[-1] if said and said[-1] in ("记者", "通讯员", "实习生", "见习记者") else role
        if re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", m.group()):
            out.append((m.group(), inner.start(1) + m.start(), inner.start(1) + m.end(), role))
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text``.

    Offsets index into ``text`` itself; whitespace-only stretches are not
    sentences. Every non-space character belongs to exactly one sentence.

    >>> t = '他说:“我来了。你好。”大家笑了。\\n“好。”她说。'
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['他说:“我来了。你好。”', '大家笑了。', '“好。”她说。']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        _split_line(line, pos, spans)
        pos += len(line)
    return spans


def _split_line(line: str, offset: int, out: list[tuple[int, int]]) -> None:
    start = 0
    m = BYLINE.match(line)
    if m and m.end() < len(line.rstrip()):
        _emit(line, offset, 0, m.end(), out)
        start = m.end()
    depth = 0
    i, n = start, len(line)
    while i < n:
        ch = line[i]
        if ch in QUOTE_OPEN:
            depth += 1
        elif ch in QUOTE_CLOSE:
            depth = max(0, depth - 1)
        elif ch in TERMINALS and depth == 0:
            j = i + 1
            while j < n and (line[j] in TERMINALS or line[j] in CLOSERS):
                j += 1
            _emit(line, offset, start, j, out)
            start = i = j
            continue
        elif ch in TERMINALS and depth > 0:
            # 。” closes the quote and the sentence together.
            j = i + 1
            while j < n and line[j] in TERMINALS:
                j += 1
            if j < n and line[j] in QUOTE_CLOSE and depth == 1:
                while j < n and (line[j] in CLOSERS or line[j] in TERMINALS):
                    j += 1
                depth = 0
                if SPEAKER.match(line, j):
                    i = j
                    continue
                _emit(line, offset, start, j, out)
                start = i = j
                continue
        i += 1
    _emit(line, offset, start, n, out)


def _emit(line: str, offset: int, start: int, end: int, out: list[tuple[int, int]]) -> None:
    # Trim surrounding whitespace so a sentence's offsets cover text only.
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((offset + start, offset + end))
