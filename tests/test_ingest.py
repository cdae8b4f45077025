import json

import pytest

from extract.ingest import DecodeError, Skipped, Source, clean, decode, decode_text, read_inputs
from extract.sentences import split_sentences

TEXT = "本报讯(记者 刘强)10月9日,西安市总工会组织参观学习。孙养利说:“很好。”"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        ("臺灣總工會舉辦活動,記者劉強報導。會員們參觀學習,氣氛熱烈。".encode("big5"), "big5"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_decode_encodings(data, encoding):
    text, found = decode(data)
    assert found == encoding
    assert "記者" in text or "记者" in text


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"   \n", "empty"), (b"\x00\x01\x02binary\x00" * 10, "binary"), (bytes(range(128, 256)) * 3, "not UTF-8")],
)
def test_decode_rejects(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)


def test_read_inputs_reports_bad_files_and_goes_on(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(TEXT.encode("gbk"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(b"\x00\xff" * 50)
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    lines = [
        json.dumps({"id": "a1", "title": "标题", "date": "2022-10-09", "text": TEXT}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "no text"}, ensure_ascii=False),
        "",
        json.dumps({"text": TEXT}, ensure_ascii=False),
    ]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = list(read_inputs([str(tmp_path), str(tmp_path / "missing.txt")]))
    sources = [i for i in items if isinstance(i, Source)]
    skipped = {i.path.replace(str(tmp_path), ""): i.reason for i in items if isinstance(i, Skipped)}
    assert [s.id for s in sources] == ["a1", "dump-5", "gbk", "good"]
    assert sources[0].meta == {"title": "标题", "date": "2022-10-09"} and not sources[0].is_page
    assert sources[2].text == TEXT
    assert "binary" in skipped["/blob.txt"]
    assert "empty" in skipped["/empty.txt"]
    assert "malformed JSON" in skipped["/dump.jsonl:2"]
    assert "no 'text'" in skipped["/dump.jsonl:3"]
    assert "no such file" in skipped["/missing.txt"]


def test_sentences_respect_quotes_and_keep_offsets():
    text = "本报讯(记者 刘强)10月9日,甲来了。他说:“我来了。你好!”大家笑了……\n“好吗?”孙养利问。\n标题"
    spans = split_sentences(text)
    got = [text[s:e] for s, e in spans]
    assert got == ["本报讯(记者 刘强)", "10月9日,甲来了。", "他说:“我来了。你好!”", "大家笑了……", "“好吗?”孙养利问。", "标题"]
    # offsets index the original text
    assert all(text[s:e] == g for (s, e), g in zip(spans, got))


def test_sentences_unbalanced_quote_stops_at_line_end():
    text = "他说:“没有结束的引号。还在说。\n下一段。"
    assert [text[s:e] for s, e in split_sentences(text)] == ["他说:“没有结束的引号。还在说。", "下一段。"]


def test_decode_text_mixed_and_stray_bytes():
    utf8, gbk = "西安市总工会副主席汪青。\n".encode(), "咸阳市总工会主席王明。\n".encode("gbk")
    d = decode_text(utf8 + gbk + utf8)
    assert d.text == "西安市总工会副主席汪青。\n咸阳市总工会主席王明。\n西安市总工会副主席汪青。\n" and d.replaced == {}
    assert d.encoding == "mixed (utf-8+gb18030)" and "mixed encodings" in d.warnings[0]
    d = decode_text(utf8 + b"\xff" + utf8)  # a UTF-8 file with one bad byte is not read as GB18030 mojibake
    assert d.encoding == "utf-8" and d.replaced == {2: 1} and d.text.count("汪青") == 2
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\xff\xfe\x00\xd8")  # UTF-16 BOM on bytes that are not UTF-16


def test_clean_keeps_offsets():
    raw = "甲\x00乙\x0c丙\x7f丁\ud800\t\r\n"
    assert clean(raw) == "甲 乙\n丙 丁\ufffd\t\r\n" and len(clean(raw)) == len(raw)
