"""graph.tables: ``zhkg query`` tables measured in terminal cells (CJK is two), fitted to the width, safe to print."""

import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import query as q
from graph.tables import KINDS, NO_ROWS, clean, default_width, display_width, excerpt, render, truncate

MIXED = pd.DataFrame(
    {
        "label": ["刘馨蕊", "Zhang San", "北关街道总工会 Beiguan", "Café", "ｆｕｌｌ　ｗｉｄｔｈ"],
        "type": ["PERSON", "PERSON", "ORG", "ORG", "LOC"],
        "weight": [2.0, 13.0, 1.0, 120.0, 7.0],
        "mentions": [16, 5, 2, 3, 1],
        "evidence": [
            "9月30日,西安市莲湖区北关街道安远社区工会专干刘馨蕊拨通了街道总工会社会化工作者孙养利电话。",
            "Zhang San met 刘馨蕊 at the 安远社区 office on Monday, 30 September, to talk about the union.",
            "北关街道总工会（Beiguan street union）于2022年10月9日召开了建会工作总结会，会上表彰了优秀网格员。",
            "Cafe\u0301 au lait, e\u0301te\u0301",
            "",
        ],
    }
)


def line_widths(text: str) -> set[int]:
    return {display_width(line) for line in text.split("\n")}


def is_safe(text: str) -> bool:
    """No control character but the line breaks between lines, no bidi control, no lone surrogate."""
    for char in text:
        if char == "\n":
            continue
        code = ord(char)
        if (
            code < 0x20
            or 0x7F <= code < 0xA0
            or 0xD800 <= code < 0xE000
            or unicodedata.bidirectional(char) in ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")
        ):
            return False
        if unicodedata.category(char) == "Cf":
            return False
    return True


@pytest.mark.parametrize("width", [100, 80, 60, 45, 30])
def test_every_line_of_a_mixed_table_has_the_same_width(width):
    text = render(MIXED, width=width)
    assert len(line_widths(text)) == 1 and max(line_widths(text)) <= width
    assert len(text.split("\n")) == len(MIXED) + 2  # header, rule, one line per row


def test_a_table_that_fits_is_not_cut_and_columns_start_at_the_same_cell():
    text = render(MIXED[["label", "type", "mentions"]], width=100)
    assert "…" not in text
    lines = text.split("\n")
    for row, line in zip(MIXED.itertuples(), lines[2:]):
        # "type" starts at the same display column on every line, whatever the label's script
        start = display_width(line[: line.index(row.type, len(row.label))])
        assert start == display_width(lines[0][: lines[0].index("type")])


def test_numbers_are_right_aligned_with_the_same_decimals():
    text = render(MIXED[["label", "weight", "mentions", "type"]], width=100)
    lines = text.split("\n")
    header = lines[0]
    for name, cells in (("weight", ["2", "13", "1", "120", "7"]), ("mentions", ["16", "5", "2", "3", "1"])):
        end = display_width(header[: header.index(name) + len(name)])
        for line, cell in zip(lines[2:], cells):
            before = line[: end_index(line, end)]
            assert before.endswith(" " + cell), (line, cell)
    scores = render(pd.DataFrame({"label": ["a", "b"], "score": [0.25, 0.0031]})).split("\n")[2:]
    assert [line.split()[-1] for line in scores] == ["0.25000", "0.00310"]


def end_index(line: str, cells: int) -> int:
    """The index in ``line`` where its first ``cells`` display cells end."""
    used = 0
    for i, char in enumerate(line):
        if used >= cells:
            return i
        used += display_width(char)
    return len(line)


@pytest.mark.parametrize("width", range(0, 16))
def test_truncation_never_splits_a_wide_character(width):
    text = "刘馨蕊拨通了孙养利"
    cut = truncate(text, width)
    assert display_width(cut) <= width
    if width >= display_width(text):
        assert cut == text
    elif width:
        assert cut.endswith("…") and text.startswith(cut[:-1]) and display_width(cut) >= width - 1


def test_a_cut_table_keeps_whole_characters_and_marks_the_cut():
    frame = pd.DataFrame({"label": ["刘馨蕊拨通了孙养利的电话", "ab"], "n": [1, 2]})
    for width in (12, 13, 14, 15):
        text = render(frame, width=width)
        assert line_widths(text) == {width}
        first = text.split("\n")[2]
        kept = first.split("…")[0]
        assert "…" in first and "刘馨蕊拨通了孙养利的电话".startswith(kept)


def test_control_characters_and_escapes_never_reach_the_terminal():
    nasty = "刘\x1b[31m馨蕊\x1b[0m\t孙\r养利\n\x07\x00\x7f\x9b2J\u202eevil\u2066x\u2069\u200b\ud800"
    frame = pd.DataFrame({"label\x1b[1m": [nasty, "ok"], "type": ["PERSON\r", "ORG"], "evidence": [nasty * 3, "安远社区"]})
    for width in (100, 40):
        text = render(frame, width=width)
        assert "\x1b" not in text and "\r" not in text and "\t" not in text
        assert is_safe(text)
        assert len(text.split("\n")) == 4 and len(line_widths(text)) == 1
    assert "␛[31m" in render(frame, width=200)  # ESC shown as a visible symbol, the rest of the name kept
    assert clean("a\tb\nc") == "a b c" and is_safe(clean(nasty))


def test_an_empty_frame_says_so():
    assert render(pd.DataFrame()) == NO_ROWS == "(no rows)"
    assert render(pd.DataFrame(columns=["label", "type"]), kind="who") == NO_ROWS
    assert render(pd.DataFrame({"x": [1]}), columns=["missing"]) == NO_ROWS


def test_rendering_is_deterministic_and_plain():
    assert render(MIXED, width=70) == render(MIXED.copy(), width=70)
    assert is_safe(render(MIXED))  # no colour codes


def test_the_default_width_is_100_off_a_terminal(monkeypatch, tmp_path):
    monkeypatch.delenv("COLUMNS", raising=False)
    with open(tmp_path / "log.txt", "w") as stream:
        assert default_width(stream) == 100
        monkeypatch.setenv("COLUMNS", "72")
        assert default_width(stream) == 72


def test_excerpt_keeps_the_name_in_view():
    sentence = "9月30日,西安市莲湖区北关街道安远社区工会专干刘馨蕊拨通了街道总工会社会化工作者孙养利电话。"
    shown = excerpt(sentence, "孙养利", 30)
    assert "孙养利" in shown and shown.startswith("…") and display_width(shown) <= 30
    assert excerpt(sentence, "西安市", 30).startswith("9月30日")  # near the start: cut at the end only
    assert excerpt(sentence, "不在句中", 20) == truncate(sentence, 20)


def test_who_on_the_example_graph_has_the_kinds_columns():
    text = render(q.neighbors(q.example_graph(), "刘馨蕊"), kind="who", width=100)
    header = text.split("\n")[0].split()
    assert header == [c.title for c in KINDS["who"]]
    row = next(line for line in text.split("\n") if "works_for" in line)
    assert "安远社区" in row and "工会专干" in row and "拨通了" in row


def test_top_numbers_the_rows_and_find_renames_node_to_id():
    G = q.example_graph()
    top = render(q.top(G, n=3), kind="top").split("\n")
    assert top[0].split() == ["#", "label", "type", "score"]  # mentions: only if the frame has them
    assert [line.split()[0] for line in top[2:]] == ["1", "2", "3"]
    found = pd.DataFrame(
        [{"node": n, "label": G.nodes[n]["label"], "type": "ORG", "aliases": "", "mentions": 2} for n in q.find(G, "安远")]
    )
    assert render(found, kind="find").split("\n")[0].split() == ["id", "label", "type", "aliases", "mentions"]


def test_paths_are_arrow_lines_wrapped_to_the_width():
    G = q.example_graph()
    found = q.paths(G, "孙养利", "西北政法大学")
    frame = pd.DataFrame(
        {"path": i + 1, "hops": len(p) - 1, "nodes": " → ".join(G.nodes[n]["label"] for n in p)} for i, p in enumerate(found)
    )
    assert render(frame, kind="path") == "1. 孙养利 → 刘馨蕊 → 安远社区 → 西北政法大学 (3 hops)"
    narrow = render(frame, kind="path", width=20).split("\n")
    assert len(narrow) > 1 and all(display_width(line) <= 20 for line in narrow)
    assert narrow[1].startswith("   ") and "".join(narrow).count("→") == 3


def test_the_built_sample_fits_100_columns(sample_out):
    G = q.load(sample_out)
    who = q.neighbors(G, "刘馨蕊")
    text = render(who, kind="who", width=100)
    assert line_widths(text) == {100}  # the evidence is long: the table takes the whole width, every line of it
    assert len(text.split("\n")) == len(who) + 2 and is_safe(text)
    row = next(line for line in text.split("\n") if "works_for" in line)
    assert "安远社区" in row and "工会专干" in row and "拨通了" in row  # what tests/test_query.py asks of `zhkg query --who`
    for kind, frame in (("top", q.top(G, n=10)), ("who", q.neighbors(G, "北关街道"))):
        text = render(frame, kind=kind, width=100)
        assert len(line_widths(text)) == 1 and max(line_widths(text)) <= 100


TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from("刘馨蕊安远\x1b\t\r\n\u202e\u0301…ｆ"), max_size=40
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(TEXT, TEXT, st.integers(-1000, 10**6) | st.floats(allow_nan=True)), min_size=1, max_size=6),
    width=st.integers(10, 120),
)
def test_any_text_gives_lines_of_one_width(rows, width):
    frame = pd.DataFrame(rows, columns=["label", "evidence", "weight"])
    text = render(frame, width=width)
    assert len(line_widths(text)) == 1 and max(line_widths(text)) <= width
    assert len(text.split("\n")) == len(rows) + 2 and is_safe(text)


@pytest.mark.parametrize("width", [60, 40, 20, 8])
def test_a_narrow_terminal_leaves_out_the_last_columns_and_keeps_types_whole(width):
    who = q.neighbors(q.example_graph(), "刘馨蕊")
    text = render(who, kind="who", width=width)
    assert len(line_widths(text)) == 1 and max(line_widths(text)) <= width
    header = text.split("\n")[0].split()
    titles = [c.title for c in KINDS["who"]]
    assert header == titles[: len(header)]  # a prefix: the last columns go first
    if "relation" in header:
        assert all(r in text for r in who["relation"])  # never cut to 'co_occu…'
