"""Ingest hardening: long paragraphs, deep and unreadable folders, bidi controls, lone CR, JSONL dates."""

import json
import os
import re
import tempfile
import time
from pathlib import Path

import pytest

from extract import ingest
from extract.ingest import MAX_LINE_CHARS, MAX_PARAGRAPH_CHARS, Partial, Skipped, Source, cap, clean, read_inputs
from extract.sentences import split_sentences

SENTENCES = [
    "西安市总工会副主席汪青出席会议并讲话。",
    "他说:“要把工会工作做实做细。”",
    "咸阳市总工会组织职工参观学习，气氛热烈！",
    "会议还通报了上半年工作情况；",
    "刘强在西安市工作？",
]


def paragraph(chars: int) -> str:
    """A paragraph of exactly ``chars`` characters of short news sentences (one line)."""
    out, n = [], 0
    while n < chars:
        s = SENTENCES[len(out) % len(SENTENCES)]
        out.append(s)
        n += len(s)
    text = "".join(out)[:chars]
    return text[:-1] + "。"


def sources_and_skips(items):
    items = list(items)
    return [i for i in items if isinstance(i, Source)], [i for i in items if isinstance(i, Skipped)]


# --- 1. long paragraphs ----------------------------------------------------------------------


def test_a_21530_character_paragraph_is_read_whole(tmp_path):
    long = paragraph(21_530)
    text = "标题\n本报讯(记者 刘强)" + long + "\n下一段。\n"
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    sources, skips = sources_and_skips(read_inputs([str(tmp_path / "page.txt")]))
    assert skips == []
    (src,) = sources
    assert src.text == text and src.warnings == []  # not a character lost
    assert all(e - s <= MAX_LINE_CHARS for s, e in split_sentences(src.text))


def test_cap_reads_long_lines_with_sentence_ends_whole_and_offsets_hold():
    text = "短句。\n" + paragraph(3 * MAX_LINE_CHARS) + "\n" + paragraph(50_000) + "\n尾"
    kept, note = cap(text)
    assert kept is text and note is None


def test_a_stretch_without_a_sentence_end_is_cut_and_reported_with_its_line():
    run = "工会干部学习讲话精神，" * 2_000  # 22,000 characters, no sentence end
    text = "第一行。\n" + paragraph(5_000) + run + "。后面的句子。\n第三行。"
    kept, note = cap(text)
    start = len("第一行。\n") + 5_000  # where the stretch starts
    assert text.startswith(kept) and len(kept) <= start + MAX_LINE_CHARS
    assert len(kept) >= start + MAX_LINE_CHARS // 2  # half the stretch at least is read
    assert note == (
        f"line 2 has {len(run) + 1:,} characters without a sentence end (over {MAX_LINE_CHARS:,}) from its character 5,001; "
        f"only the first {len(kept):,} of {len(text):,} characters were read"
    )


def test_a_long_stretch_through_the_pipeline_gives_a_partial_naming_the_line(tmp_path):
    run = "甲乙丙丁" * 6_000
    (tmp_path / "run.txt").write_text("开头。\n" + run + "\n结尾。", encoding="utf-8")
    sources, skips = sources_and_skips(read_inputs([str(tmp_path / "run.txt")]))
    (src,) = sources
    (partial,) = skips
    assert isinstance(partial, Partial) and partial.path == str(tmp_path / "run.txt")
    assert partial.reason.startswith(f"line 2 is {len(run):,} characters long (over {MAX_LINE_CHARS:,} without a line break)")
    assert src.text == "开头。\n" + run[:MAX_LINE_CHARS] and partial.reason in src.warnings


def test_an_unbalanced_quote_makes_one_long_sentence_which_is_bounded():
    # The sentence splitter does not end a sentence inside a quote: the cap measures what it does.
    text = "他说:“" + paragraph(MAX_LINE_CHARS + 500).replace("”", "")
    kept, note = cap(text)
    assert note is not None and len(kept) <= MAX_LINE_CHARS and kept[-1] in "。！？!?…"
    assert max(e - s for s, e in split_sentences(kept)) <= MAX_LINE_CHARS


def test_jsonl_long_text_is_read_whole(tmp_path):
    body = paragraph(30_000)
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "a", "text": body}, ensure_ascii=False), encoding="utf-8")
    sources, skips = sources_and_skips(read_inputs([str(tmp_path / "d.jsonl")]))
    assert skips == [] and sources[0].text == body


def test_a_line_longer_than_a_paragraph_is_still_cut_at_a_sentence_end_within_the_limit():
    line = paragraph(MAX_PARAGRAPH_CHARS + 1)
    kept, note = cap(line + "\n后面。")
    assert len(kept) <= MAX_LINE_CHARS and kept[-1] == "。" and line.startswith(kept)
    assert note.startswith(f"line 1 is {len(line):,} characters long (over {MAX_LINE_CHARS:,} without a line break); only the first ")


def test_a_50_mb_line_is_cut_quickly(tmp_path):
    path = tmp_path / "dump.txt"
    unit = paragraph(1_000).encode("utf-8")
    with open(path, "wb") as f:
        for _ in range(50_000_000 // len(unit) + 1):
            f.write(unit)
    assert path.stat().st_size > 50_000_000
    started = time.perf_counter()
    sources, skips = sources_and_skips(read_inputs([str(path)]))
    assert time.perf_counter() - started < 60
    assert len(sources[0].text) <= MAX_LINE_CHARS and sources[0].text[-1] == "。"
    assert isinstance(skips[0], Partial) and "line 1 is" in skips[0].reason


# --- 2. deep folders, order -----------------------------------------------------------------


@pytest.fixture
def deep_tree():
    """``(top, folder 1,200 deep under it)``, removed bottom-up afterwards.

    Not under pytest's tmp_path: shutil.rmtree recurses, so pytest's clean-up of old runs
    would fail on a tree left by an interrupted run.
    """
    top = Path(tempfile.mkdtemp(prefix="zhkg-deep-"))
    deep = top
    for _ in range(1_200):
        deep = deep / "d"
        deep.mkdir()  # os.makedirs recurses too
    yield top, deep
    while True:  # os.walk recurses too
        for child in deep.iterdir():
            child.unlink()
        deep.rmdir()
        if deep == top:
            break
        deep = deep.parent


def test_folders_1200_deep_are_read(deep_tree):
    top, deep = deep_tree
    (deep / "deep.txt").write_text("西安市总工会副主席汪青出席会议。", encoding="utf-8")
    (top / "top.txt").write_text("刘强在西安市工作。", encoding="utf-8")
    sources, skips = sources_and_skips(read_inputs([str(top)]))
    assert [s.id for s in sources] == ["deep", "top"] and skips == []


def test_folder_order_is_sorted_paths_as_before(tmp_path):
    names = ["b.txt", "b/x.txt", "b-c.txt", "B.txt", "a.md", "a/z/y.jsonl", "a/a.txt", "中文.txt", ".hidden/h.txt"]
    names += ["a b/q.txt", "a.txt", "z.TXT", "skip.png", ".dot.txt", "c/.x.txt", "c/d/e/f.text"]
    for name in names:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text('{"text": "你好。"}' if name.endswith(".jsonl") else "你好。", encoding="utf-8")
    os.symlink(tmp_path / "b", tmp_path / "link-to-b")  # links to folders are not followed (as rglob)
    os.symlink(tmp_path / "a.txt", tmp_path / "link.txt")  # links to files are read
    expected = sorted(p for p in tmp_path.rglob("*") if p.is_file() and ingest._wanted(p))
    got = [s.path.split(":")[0] for s in read_inputs([str(tmp_path)])]
    assert got == [str(p) for p in expected]
    assert str(tmp_path / "link.txt") in got and not any("link-to-b" in g for g in got)


# --- 3. unreadable folders -------------------------------------------------------------------


def _tree(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("西安市总工会副主席汪青出席会议。", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "secret.txt").write_text("刘强。", encoding="utf-8")
    (tmp_path / "z.txt").write_text("刘强在西安市工作。", encoding="utf-8")
    return tmp_path / "locked"


def test_an_unreadable_folder_is_skipped_with_the_reason(tmp_path):
    locked = _tree(tmp_path)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading (see the monkeypatched test)")
        items = list(read_inputs([str(tmp_path)]))
    finally:
        locked.chmod(0o755)
    assert [(type(i).__name__, i.path) for i in items] == [
        ("Source", str(tmp_path / "a" / "one.txt")),
        ("Skipped", str(locked)),
        ("Source", str(tmp_path / "z.txt")),
    ]
    assert items[1].reason == "cannot read folder: Permission denied"


def test_an_unreadable_folder_is_skipped_with_the_reason_simulated(tmp_path, monkeypatch):
    locked = _tree(tmp_path)
    scandir = os.scandir

    def refusing(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    items = list(read_inputs([str(tmp_path)]))
    assert [(type(i).__name__, i.path) for i in items] == [
        ("Source", str(tmp_path / "a" / "one.txt")),
        ("Skipped", str(locked)),
        ("Source", str(tmp_path / "z.txt")),
    ]
    assert items[1].reason == "cannot read folder: Permission denied"
    # The named folder itself unreadable: said once, not also "holds no files".
    assert [(i.path, i.reason) for i in read_inputs([str(locked)])] == [(str(locked), "cannot read folder: Permission denied")]


# --- 4. bidi controls, 5. lone CR -------------------------------------------------------------

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidi_controls_become_spaces_one_for_one():
    raw = "王\u202e明" + BIDI + "出席。"
    assert clean(raw) == "王 明" + " " * len(BIDI) + "出席。"
    assert not re.search(f"[{BIDI}]", clean(raw))


def test_bidi_controls_are_not_in_read_text(tmp_path):
    (tmp_path / "rtl.txt").write_text("公司总经理王\u202e明出席会议。\u2066刘强\u2069在西安。", encoding="utf-8")
    (tmp_path / "rtl.jsonl").write_text(json.dumps({"title": "标\u202e题", "text": "王\u200f明出席。"}), encoding="utf-8")
    texts = [(s.text, s.meta) for s in read_inputs([str(tmp_path)])]
    assert texts == [("王 明出席。", {"title": "标 题"}), ("公司总经理王 明出席会议。 刘强 在西安。", {})]


def test_a_lone_carriage_return_becomes_a_line_feed():
    assert clean("《\r》") == "《\n》"
    assert clean("甲\r\n乙\r\r\n丙\r") == "甲\r\n乙\n\r\n丙\n"  # CRLF stays as it was


def test_crlf_files_read_as_before_and_lone_cr_is_a_line_break(tmp_path):
    crlf = "标题\r\n本报讯(记者 刘强)西安市总工会副主席汪青出席会议。\r\n刘强在西安市工作。\r\n"
    (tmp_path / "crlf.txt").write_bytes(crlf.encode("utf-8"))
    (tmp_path / "cr.txt").write_bytes("公司发布《关于\r通知》。\r下一行。".encode())
    by_id = {s.id: s.text for s in read_inputs([str(tmp_path)])}
    assert by_id["crlf"] == crlf
    assert by_id["cr"] == "公司发布《关于\n通知》。\n下一行。"


# --- 6. JSONL dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, date",
    [
        ("2024-02-29", "2024-02-29"),
        ("2024-02", "2024-02"),
        ("2024", "2024"),
        (" 2024-10-09 ", "2024-10-09"),
        ("2024-10-09T08:30:00", "2024-10-09"),
        ("2024-10-09 08:30", "2024-10-09"),
        ("2024-10-09T08:30:00+08:00", "2024-10-09"),
        ("2024-10-09T08:30:00Z", "2024-10-09"),
        ("2024-10-09T08:30:00.123456", "2024-10-09"),
    ],
)
def test_jsonl_good_dates(tmp_path, value, date):
    (tmp_path / "d.jsonl").write_text(json.dumps({"date": value, "text": "刘强出席。"}), encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "d.jsonl")]))
    assert len(items) == 1 and items[0].meta == {"date": date} and items[0].warnings == []


@pytest.mark.parametrize(
    "value, said",
    [
        ("2024-13-45", "'2024-13-45' is not a date"),
        ("2023-02-29", "'2023-02-29' is not a date"),
        ("2024-00", "'2024-00' is not a date"),
        ("0000", "'0000' is not a date"),
        ("20241009", "'20241009' is not a date"),  # fromisoformat takes it; the ISO dates here have dashes
        ("2024-W41-3", "'2024-W41-3' is not a date"),
        ("2024-10-09T25:00", "'2024-10-09T25:00' is not a date"),
        ("2024年10月9日", "'2024年10月9日' is not a date"),
        ("２０２４-10-09", "'２０２４-10-09' is not a date"),
        ("yesterday", "'yesterday' is not a date"),
        ({"a": 1}, "is an object, not a date"),
        (20241009, "is a number, not a date"),
        (True, "is a boolean, not a date"),
        (["2024-10-09"], "is an array, not a date"),
    ],
)
def test_jsonl_bad_dates_are_reported_and_the_article_kept(tmp_path, value, said):
    lines = [
        json.dumps({"id": "ok", "date": "2024-10-09", "text": "王明出席。"}),
        json.dumps({"id": "bad", "date": value, "text": "刘强出席。"}),
    ]
    (tmp_path / "d.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "d.jsonl")]))
    assert [type(i).__name__ for i in items] == ["Source", "Source", "Partial"]
    ok, bad, partial = items
    assert ok.meta == {"date": "2024-10-09"}
    assert bad.id == "bad" and bad.text == "刘强出席。" and "date" not in bad.meta
    assert partial.path == f"{tmp_path / 'd.jsonl'}:2"
    assert partial.reason == f"'date' {said} (YYYY-MM-DD, YYYY-MM or YYYY); the article was read without a date"
    assert bad.warnings == [partial.reason]


def test_jsonl_empty_or_null_date_is_no_date_and_no_report(tmp_path):
    lines = [json.dumps({"date": "", "text": "王明出席。"}), json.dumps({"date": None, "text": "刘强出席。"})]
    (tmp_path / "d.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "d.jsonl")]))
    assert [(type(i).__name__, i.meta) for i in items] == [("Source", {}), ("Source", {})]


def test_a_long_bad_date_is_shortened_in_the_report(tmp_path):
    (tmp_path / "d.jsonl").write_text(json.dumps({"date": "x" * 500, "text": "刘强出席。"}), encoding="utf-8")
    _, partial = read_inputs([str(tmp_path / "d.jsonl")])
    assert len(partial.reason) < 200 and "…" in partial.reason
