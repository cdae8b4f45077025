"""Plain-text tables for ``zhkg query``, measured in terminal cells so Chinese lines up.

A CJK character is two cells wide. Padding by characters, as ``DataFrame.to_string``
does, pushes every column after a Chinese name out of line. Here every cell is
measured and padded by its display width. Numbers are right-aligned. The table
is fitted to the terminal (100 cells when the output is not a terminal, say a
pipe or a log) by cutting the widest text columns with '…', never through a
wide character. Control characters from the articles (``\\t``, ``\\r``, ESC,
bidi overrides) come out as visible symbols or spaces, so a name can neither
move the cursor nor recolour the terminal. No colour, and the same frame
always gives the same text.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"label": ["刘馨蕊", "Xi'an\\x1b[31m"], "type": ["PERSON", "LOC"], "weight": [2.0, 10.0]})
    >>> print(render(frame, width=40))
    label       type    weight
    ----------  ------  ------
    刘馨蕊      PERSON       2
    Xi'an␛[31m  LOC         10
    >>> print(render(frame, width=22))
    label   type    weight
    ------  ------  ------
    刘馨蕊  PERSON       2
    Xi'an…  LOC         10
    >>> truncate("西北政法大学", 6), display_width("西北政法大学")
    ('西北…', 12)

``render(frame, kind=...)`` picks and orders the columns a reader needs for each
``zhkg query`` question (:data:`KINDS`); ``kind="path"`` writes each path as one
``A → B → C`` line instead of a table.

Display width follows ``unicodedata``: East Asian Wide and Fullwidth characters
are 2 cells, combining marks 0, and everything else 1, Ambiguous characters
included ('…', '→', '“'), as in most terminals and in ``wcwidth``.
"""

from __future__ import annotations

import math
import numbers
import os
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Column", "KINDS", "render", "display_width", "clean", "truncate", "excerpt", "default_width"]

ELLIPSIS = "…"
SEPARATOR = "  "  # between columns
RULE = "-"  # under the header (ASCII: box-drawing characters are Ambiguous width)
NO_ROWS = "(no rows)"
DEFAULT_WIDTH = 100  # when the output is not a terminal and COLUMNS is not set
MIN_TEXT = 4  # a text column is cut to no less than its header or this many cells
PLACEHOLDER = "\ufffd"  # for C1 controls, bidi controls and lone surrogates

# Line breaks and tabs become one space; other C0 controls and DEL their Control Pictures symbol (␛, ␀, ␡).
_SPACES = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029")
# Bidi embeddings, overrides, isolates and marks: they reorder what follows them on the line.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Column:
    """How one column of a query's frame is shown.

    ``header`` is printed instead of ``name``. ``cap`` is the display width
    the column is cut to first when the table is too wide, before the others
    are cut: long names are rare, and a long one costs the evidence its room.
    A column with an ``anchor`` is cut around where the anchor column's value
    occurs in it (the evidence sentence around the neighbour's name). A
    ``whole`` column (a small vocabulary: types, relations) is never cut, as
    numbers are not; when the table cannot fit otherwise, the last columns are
    left out instead.
    """

    name: str
    header: str | None = None
    cap: int | None = None
    anchor: str | None = None
    whole: bool = False

    @property
    def title(self) -> str:
        return self.name if self.header is None else self.header


# The columns a reader needs for each ``zhkg query`` question, in order; a column missing from the frame
# is left out, except ``rank`` (the row's number). ``--json`` prints every field of the frame instead.
KINDS: dict[str, tuple[Column, ...]] = {
    "who": (
        Column("label", cap=14),
        Column("type", whole=True),
        Column("relation", whole=True),
        Column("direction", "dir", whole=True),
        Column("role", cap=10),
        Column("weight"),
        Column("evidence", anchor="label"),
    ),
    "top": (Column("rank", "#"), Column("label"), Column("type", whole=True), Column("score"), Column("mentions")),
    "path": (Column("path", "#"), Column("hops"), Column("nodes")),
    "find": (Column("node", "id", cap=30), Column("label", cap=20), Column("type", whole=True), Column("aliases"), Column("mentions")),
}

_widths: dict[str, int] = {}


def char_width(char: str) -> int:
    """Terminal cells of one character: 2 for East Asian Wide/Fullwidth, 0 for combining and format characters, else 1.

    >>> [char_width(c) for c in "a刘，\\u0301…"]
    [1, 2, 2, 0, 1]
    """
    width = _widths.get(char)
    if width is None:
        code = ord(char)
        if code < 0x20 or 0x7F <= code < 0xA0 or unicodedata.category(char) in ("Mn", "Me", "Cf") or 0x1160 <= code <= 0x11FF:
            width = 0  # controls (clean() replaces them), combining marks, zero-width format, Hangul medial vowels
        else:
            width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        _widths[char] = width
    return width


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes on one line.

    >>> display_width("刘馨蕊 Liu"), display_width("e\\u0301")
    (10, 1)
    """
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(char_width(c) for c in text)


def clean(text: object) -> str:
    """``text`` as one safe line: tabs and line breaks become spaces, other C0 controls and DEL their
    visible symbol (ESC → ␛), C1 controls, bidi controls and lone surrogates '\\ufffd'; other zero-width
    format characters (zero-width space, BOM, soft hyphen) are dropped. ``None`` and NaN are empty.

    >>> clean("a\\tb\\r\\nc\\x1b[2J\\u202eevil\\u200b")
    'a b  c␛[2J\\ufffdevil'
    >>> clean(None), clean(float("nan")), clean(3)
    ('', '', '3')
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    text = str(text)
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        code = ord(char)
        if char in _SPACES:
            out.append(" ")
        elif code < 0x20:
            out.append(chr(0x2400 + code))  # Control Pictures: ␀ … ␟
        elif code == 0x7F:
            out.append("\u2421")  # ␡
        elif 0x80 <= code < 0xA0 or char in _BIDI or 0xD800 <= code < 0xE000:
            out.append(PLACEHOLDER)
        elif unicodedata.category(char) == "Cf":
            continue
        else:
            out.append(char)
    return "".join(out)


def truncate(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, ending with '…' when cut; a wide character that would
    straddle the edge is left out whole (the result may be one cell narrower: :func:`pad` fills it).

    >>> truncate("刘馨蕊拨通了电话", 8), truncate("刘馨蕊", 6), truncate("abcdef", 4), truncate("刘馨蕊", 1)
    ('刘馨蕊…', '刘馨蕊', 'abc…', '…')
    """
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    room, used, end = width - 1, 0, 0  # one cell for the ellipsis
    for end, char in enumerate(text):  # noqa: B007 (end is used after the loop)
        w = char_width(char)
        if used + w > room:
            break
        used += w
    return text[:end] + ELLIPSIS


def excerpt(text: str, anchor: str, width: int) -> str:
    """``text`` cut to ``width`` cells so that ``anchor`` (a name in it) stays in view: from the start if
    it fits there, else from the anchor on, with '…' at each cut.

    >>> s = "9月30日,西安市莲湖区北关街道安远社区工会专干刘馨蕊拨通了电话。"
    >>> excerpt(s, "安远社区", 24)
    '…安远社区工会专干刘馨蕊…'
    >>> excerpt(s, "电话", 12), excerpt(s, "西安市", 16), excerpt(s, "", 8)
    ('…通了电话。', '9月30日,西安市…', '9月30日…')
    """
    if display_width(text) <= width:
        return text
    start = text.find(anchor) if anchor else -1
    if start <= 0 or display_width(text[: start + len(anchor)]) <= width - 1:
        return truncate(text, width)
    tail = text[start:]
    if display_width(tail) + 1 >= width:
        return truncate(ELLIPSIS + tail, width)
    used = display_width(tail) + 1
    while start > 0 and used + char_width(text[start - 1]) <= width:  # room left: show what comes before the anchor
        start -= 1
        used += char_width(text[start])
    while start < len(text) and char_width(text[start]) == 0:  # never begin with a combining mark cut off its base
        start += 1
    return ELLIPSIS + text[start:]


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` cells, on the left when ``right`` (numbers).

    >>> pad("刘馨蕊", 8) + "|", pad("12", 4, right=True) + "|"
    ('刘馨蕊  |', '  12|')
    """
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def default_width(stream=None) -> int:
    """The terminal's width if ``stream`` (default: stdout) is one, else ``$COLUMNS`` if set, else 100."""
    stream = sys.stdout if stream is None else stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        tty = False
    if tty:
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    return columns if columns > 0 else DEFAULT_WIDTH


def render(
    frame: pd.DataFrame,
    columns: list[str] | None = None,
    width: int | None = None,
    kind: str | None = None,
) -> str:
    """``frame`` as a plain-text table at most ``width`` cells wide (default: :func:`default_width`).

    ``columns`` (names) picks and orders the columns; without it, ``kind`` (a key of :data:`KINDS`:
    ``who``, ``top``, ``path``, ``find``) does, and without that every column is shown. Every line has
    the same display width: a header, a rule, then one line per row. When the table is too wide, capped
    columns (:class:`Column`) are cut to their cap, then the widest text columns are cut, down to their
    header, then the last columns are left out (and the others fitted again). ``kind="path"`` writes numbered ``A → B → C`` lines,
    wrapped at the arrows. An empty frame is one line, ``(no rows)``; the text has no final newline.
    """
    width = max(1, default_width() if width is None else width)
    if frame.empty:
        return NO_ROWS
    spec = {c.name: c for c in KINDS.get(kind or "", ())}
    if columns is not None:
        chosen = [spec.get(name, Column(name)) for name in columns]
    elif spec:
        chosen = list(spec.values())
    else:
        chosen = [Column(str(name)) for name in frame.columns]
    if kind == "path" and columns is None and "nodes" in frame.columns:
        return _paths(frame, width)
    keys = {str(key): key for key in frame.columns}  # a frame's column names need not be strings
    shown = [c for c in chosen if c.name in keys or c.name == "rank"]
    if not shown:
        return NO_ROWS
    cells: dict[str, list[str]] = {}
    numeric: dict[str, bool] = {}
    for c in shown:
        values = frame[keys[c.name]].tolist() if c.name in keys else list(range(1, len(frame) + 1))
        numeric[c.name] = _numeric(values)
        cells[c.name] = _numbers(values) if numeric[c.name] else [_cell(v, width) for v in values]
    titles = {c.name: truncate(clean(c.title), width) for c in shown}
    natural = {c.name: max(display_width(s) for s in [titles[c.name], *cells[c.name]]) for c in shown}
    widths = _fit(shown, natural, {c.name: display_width(titles[c.name]) for c in shown}, numeric, width)
    shown = [c for c in shown if c.name in widths]
    lines = [
        SEPARATOR.join(pad(truncate(titles[c.name], widths[c.name]), widths[c.name], numeric[c.name]) for c in shown),
        SEPARATOR.join(RULE * widths[c.name] for c in shown),
    ]
    anchors = {c.name: cells[c.anchor] for c in shown if c.anchor in cells and not numeric[c.name]}
    for i in range(len(frame)):
        row = []
        for c in shown:
            text, w = cells[c.name][i], widths[c.name]
            text = excerpt(text, anchors[c.name][i], w) if c.name in anchors else truncate(text, w)
            row.append(pad(text, w, numeric[c.name]))
        lines.append(SEPARATOR.join(row))
    return "\n".join(lines)


def _cell(value: object, width: int) -> str:
    """A text cell, cleaned; a very long one (a 20,000-character 'sentence') is cut to the table's width first."""
    if isinstance(value, str) and len(value) > 4 * width:
        return truncate(clean(value[: 4 * width]), width - 1) + ELLIPSIS
    return clean(value)


def _numeric(values: list) -> bool:
    """True if every value is a number (bool is not) or empty, and one at least is a number."""
    seen = False
    for v in values:
        if v is None or (isinstance(v, str) and v == ""):
            continue
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            return False
        seen = True
    return seen


def _numbers(values: list) -> list[str]:
    """Numbers of one column with the same decimals: none if all are whole, else enough for three
    significant digits of the smallest (at most 6). Empty and NaN cells are blank.

    >>> _numbers([4.0, 12.0, None]), _numbers([0.25, 0.0031, 1]), _numbers([float("nan"), 3])
    (['4', '12', ''], ['0.25000', '0.00310', '1.00000'], ['', '3'])
    """
    finite = [float(v) for v in values if v is not None and v != "" and math.isfinite(float(v))]
    whole = all(x == int(x) for x in finite)
    decimals = 0
    if not whole:
        smallest = min(abs(x) for x in finite if x != 0)
        decimals = max(1, min(6, 2 - math.floor(math.log10(smallest))))
    out = []
    for v in values:
        if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
            out.append("")
        elif not math.isfinite(float(v)):
            out.append(str(float(v)))
        elif whole:
            out.append(str(int(v)))
        else:
            out.append(f"{float(v):.{decimals}f}")
    return out


def _fit(shown: list[Column], natural: dict[str, int], headers: dict[str, int], numeric: dict[str, bool], width: int) -> dict[str, int]:
    """Column widths that fit in ``width`` with the separators; columns left out are not in the result."""
    names = [c.name for c in shown]
    widths = {n: natural[n] for n in names}

    def total() -> int:
        return sum(widths[n] for n in names) + len(SEPARATOR) * (len(names) - 1)

    if total() <= width:
        return widths
    for c in shown:  # caps first
        if c.cap is not None and not numeric[c.name]:
            widths[c.name] = min(widths[c.name], max(c.cap, headers[c.name]))
    least = {c.name: widths[c.name] if numeric[c.name] or c.whole else min(widths[c.name], max(headers[c.name], MIN_TEXT)) for c in shown}
    while total() > width:  # then cut the widest text column, one cell at a time
        cuttable = [n for n in names if widths[n] > least[n]]
        if not cuttable:
            break
        widest = max(cuttable, key=lambda n: widths[n])  # the first of the widest
        widths[widest] -= 1
    spare = width - total()
    for c in shown:  # room left (the capped columns were cut more than needed): give it back, in order
        if spare <= 0:
            break
        more = min(spare, natural[c.name] - widths[c.name])
        widths[c.name] += more
        spare -= more
    if total() > width and len(shown) > 1:  # still too wide: leave out the last column, fit the others afresh
        return _fit(shown[:-1], natural, headers, numeric, width)
    if total() > width:
        widths[names[0]] = width
    return widths


def _paths(frame: pd.DataFrame, width: int) -> str:
    """One ``N. A → B → C (k hops)`` entry per path, wrapped at the arrows, continuation lines indented."""
    lines = []
    for i, row in enumerate(frame.to_dict(orient="records")):
        number = clean(row.get("path", i + 1))
        nodes = [clean(n) for n in str(row["nodes"]).split(" → ")]
        hops = row.get("hops")
        prefix = f"{number}. "
        indent = " " * display_width(prefix)
        room = max(1, width - len(indent))
        tokens = [truncate(n, max(1, room - 2)) for n in nodes]  # room for a label and its arrow
        tokens = [t + " →" for t in tokens[:-1]] + tokens[-1:]
        if hops is not None and hops == hops:  # not NaN
            tokens.append(f"({hops} hop{'' if hops == 1 else 's'})")
        wrapped, line = [], ""
        for token in tokens:
            if line and display_width(line) + 1 + display_width(token) > room:
                wrapped.append(line)
                line = token
            else:
                line = f"{line} {token}" if line else token
        wrapped.append(line)
        lines += [(prefix if j == 0 else indent) + text for j, text in enumerate(wrapped)]
    return "\n".join(lines)
