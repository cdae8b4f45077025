"""Bad and hostile input: every kind is named with its file (and line) and the run goes on.

The property test sends random Unicode documents (CJK, ASCII, punctuation,
emoji, astral characters, control characters, newlines, markup, real news
fragments) through ``zhkg build`` and checks that every output file parses.
"""

import csv
import json
import logging
import os
import time
from html.parser import HTMLParser

import networkx as nx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extract import ingest
from extract.ingest import Partial, Skipped, Source, read_inputs
from graph.cli import main
from graph.export import read_gexf, read_graphml, write_csv

GOOD = "咸阳市总工会副主席李华出席会议。"
OUTPUTS = ["graph.graphml", "graph.gexf", "graph.html", "graph.json", "nodes.csv", "edges.csv", "mentions.csv", "articles.csv"]
OUTPUTS += ["evidence.csv", "sentences.csv", "report.json"]
# Documents per run of the property test; ZHKG_FUZZ_EXAMPLES=2000 makes it the long fuzz run (README, "Safety").
FUZZ_EXAMPLES = int(os.environ.get("ZHKG_FUZZ_EXAMPLES", "60"))


def build(tmp_path, *files, name="out"):
    """Build ``files`` (name -> bytes or str) plus one good file; return (exit code, report, stderr-free out dir)."""
    src = tmp_path / f"{name}-in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    for fname, data in files:
        (src / fname).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    out = tmp_path / name
    code = main(["build", str(src), "--out", str(out), "--quiet"])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    reasons = {s["input"].replace(str(src) + "/", ""): s["reason"] for s in report["skipped"]}
    return code, reasons, out


def graph(out):
    return read_graphml(out / "graph.graphml")


# --- each kind of bad input -------------------------------------------------------------


@pytest.mark.parametrize(
    "fname, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\r\n", "empty file"),
        ("bom-only.txt", b"\xef\xbb\xbf", "empty file"),
        ("nul.txt", b"PK\x03\x04\x00\x00binary" * 20, "binary file (contains NUL bytes)"),
        ("controls.txt", bytes(range(1, 32)) * 20, "binary file"),
        ("utf16-bom-binary.txt", b"\xff\xfe\x00\xd8" + b"\x01" * 9, "binary file (starts with a UTF-16 byte-order mark"),
        ("undecodable.txt", bytes(range(128, 256)) * 3, "not UTF-8, GB18030/GBK or Big5 text"),
    ],
)
def test_unreadable_file_is_skipped_by_name_and_the_rest_is_built(tmp_path, capsys, fname, data, reason):
    code, reasons, out = build(tmp_path, (fname, data))
    assert code == 1
    assert reasons[fname].startswith(reason), reasons
    err = capsys.readouterr().err
    assert fname in err and reason in err
    assert "PERSON:李华" in graph(out)


def test_a_few_undecodable_bytes_are_replaced_and_reported_with_the_line(tmp_path, capsys):
    text = "西安市总工会副主席汪青出席会议。\n刘强在西安市工作。\n"
    data = text.encode("utf-8").replace("刘强".encode(), b"\xff\xfe" + "刘强".encode())
    code, reasons, out = build(tmp_path, ("bad-bytes.txt", data))
    assert code == 1
    assert reasons["bad-bytes.txt"] == "2 undecodable byte(s) replaced with U+FFFD on line(s) 2; the rest was read"
    assert "bad-bytes.txt" in capsys.readouterr().err
    G = graph(out)
    assert "PERSON:汪青" in G and "PERSON:李华" in G


@pytest.fixture
def quiet_zhkg_log(monkeypatch):
    """An earlier in-process build left the CLI's handler on a closed capture stream: drop it."""
    monkeypatch.setattr(logging.getLogger("zhkg"), "handlers", [])


@pytest.mark.usefixtures("quiet_zhkg_log")
def test_mixed_utf8_and_gbk_is_decoded_line_by_line_with_a_warning(tmp_path, capsys):
    data = "西安市总工会副主席汪青出席会议。\n".encode() + "咸阳市总工会主席王明讲话。\n".encode("gbk")
    (item,) = read_inputs([str(_write(tmp_path / "mixed.txt", data))])
    assert isinstance(item, Source) and item.text == "西安市总工会副主席汪青出席会议。\n咸阳市总工会主席王明讲话。\n"
    assert item.encoding == "mixed (utf-8+gb18030)"
    assert item.warnings == ["mixed encodings: 1 line(s) UTF-8, 1 line(s) GB18030; each line was decoded in its own encoding"]
    code, reasons, out = build(tmp_path, ("mixed.txt", data))
    assert code == 0 and reasons == {}  # nothing was lost: a warning, not a skip
    err = capsys.readouterr().err
    assert "mixed.txt: mixed encodings" in err
    G = graph(out)
    assert "PERSON:汪青" in G and "PERSON:王明" in G


@pytest.mark.usefixtures("quiet_zhkg_log")
def test_utf8_bom_then_gbk_does_not_crash(tmp_path):
    data = b"\xef\xbb\xbf" + "西安市总工会副主席汪青出席会议。\n".encode() + "咸阳市总工会主席王明讲话。\n".encode("gbk")
    (item,) = read_inputs([str(_write(tmp_path / "bom.txt", data))])
    assert "王明" in item.text and "汪青" in item.text


def test_one_line_of_3_mb_is_cut_reported_and_finishes(tmp_path, capsys):
    line = ("本报讯(记者 刘强)西安市总工会副主席汪青出席会议," + "工会干部学习讲话精神" * 20 + "。") * 15_000
    data = line.encode("utf-8")
    assert len(data) > 3_000_000 and b"\n" not in data
    started = time.perf_counter()
    code, reasons, out = build(tmp_path, ("huge.txt", data))
    seconds = time.perf_counter() - started
    assert code == 1
    reason = reasons["huge.txt"]
    assert reason.startswith(f"line 1 is {len(line):,} characters long (over 20,000 without a line break); only the first ")
    assert "huge.txt" in capsys.readouterr().err
    assert seconds < 60, seconds
    G = graph(out)
    assert "PERSON:汪青" in G and "PERSON:李华" in G
    articles = list(csv.DictReader(open(out / "articles.csv", encoding="utf-8-sig")))
    huge = next(a for a in articles if a["id"] == "huge")
    assert int(huge["end"]) <= ingest.MAX_LINE_CHARS and line[int(huge["end"]) - 1] == "。"  # cut at a sentence end


def test_cap_keeps_a_prefix_and_short_lines_alone():
    text = "短句。\n" * 10 + "甲" * 50 + "\n尾"
    assert ingest.cap(text, 100) == (text, None)
    kept, note = ingest.cap(text, 30)
    assert text.startswith(kept) and kept.endswith("\n" + "甲" * 30)
    assert note == (
        f"line 11 is 50 characters long (over 30 without a line break); only the first {len(kept)} of {len(text)} characters were read"
    )


def test_jsonl_bad_lines_are_named_with_file_and_line(tmp_path, capsys):
    lines = [
        json.dumps({"id": "ok", "text": "西安市总工会副主席汪青出席会议。"}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": 12}),
        json.dumps({"text": ["刘强"]}),
        json.dumps({"text": None}),
        json.dumps({"text": "  "}),
        json.dumps(["a list"]),
        json.dumps({"text": True}),
        # a raw U+2028 and a form feed inside a JSON string are not line breaks
        json.dumps({"id": "sep", "text": "王明\u2028在西安市工作。\x0c刘强也在。"}, ensure_ascii=False),
        json.dumps({"id": "ctl", "text": "刘强\u0000在\u001f西安市\ud800工作。"}),
    ]
    code, reasons, out = build(tmp_path, ("d.jsonl", "\n".join(lines)))
    assert code == 1
    assert reasons == {
        "d.jsonl:2": "malformed JSON: Expecting property name enclosed in double quotes at column 2",
        "d.jsonl:3": "no 'text' field",
        "d.jsonl:4": "'text' is a number, not a string",
        "d.jsonl:5": "'text' is an array, not a string",
        "d.jsonl:6": "'text' is null, not a string",
        "d.jsonl:7": "'text' is empty",
        "d.jsonl:8": "line is an array, not a JSON object",
        "d.jsonl:9": "'text' is a boolean, not a string",
    }
    err = capsys.readouterr().err
    assert "d.jsonl:4: 'text' is a number" in err
    arts = {a["id"]: a for a in csv.DictReader(open(out / "articles.csv", encoding="utf-8-sig"))}
    assert {"ok", "sep", "ctl", "good"} <= set(arts)
    assert "PERSON:汪青" in graph(out)


def test_control_characters_become_spaces_and_offsets_stay_valid(tmp_path):
    raw = "本报讯(记者 刘强)\x01西安市总工会\x7f副主席汪青\x00出席\x0b会议。\r\n刘强在西安市工作。"
    (item,) = read_inputs([str(_write(tmp_path / "ctl.txt", raw.encode("utf-8")))])
    assert item == Skipped(str(tmp_path / "ctl.txt"), "binary file (contains NUL bytes)")
    # Without the NUL byte the control characters are replaced one for one.
    raw = raw.replace("\x00", "")
    (item,) = read_inputs([str(_write(tmp_path / "ctl.txt", raw.encode("utf-8")))])
    assert item.text == raw.replace("\x01", " ").replace("\x7f", " ").replace("\x0b", "\n")
    assert len(item.text) == len(raw)
    code, reasons, out = build(tmp_path, ("ctl.txt", raw))
    assert code == 0
    with open(out / "mentions.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["article"].startswith("ctl"):
                assert item.text[int(row["start"]) : int(row["end"])] in row["surface"]
    assert "PERSON:汪青" in graph(out)


def test_emoji_astral_traditional_long_runs_and_markup_build(tmp_path):
    files = [
        ("emoji.txt", "西安市总工会副主席汪青😀出席𠀀会议。👨‍👩‍👧 𝕏\n"),
        ("trad.txt", "臺灣總工會舉辦活動,記者劉強報導。會員們參觀學習,氣氛熱烈。\n"),
        ("big5.txt", "臺灣總工會理事長王明出席會議。\n".encode("big5")),
        ("run.txt", "汪" * 2000 + "\n" + "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(2000)) + "\n"),
        ("markup.txt", '本报讯(记者 刘强)<script>alert("x")</script>公司总经理"王&明"出席会议。张三\'和李四在西安市工作。\n'),
    ]
    code, reasons, out = build(tmp_path, *files)
    assert code == 0, reasons
    _check_outputs(out)
    G = graph(out)
    assert "ORG:西安市总工会" in G and "PERSON:李华" in G
    # Traditional characters, UTF-8 and Big5: read as simplified (one node for both spellings), quoted as written.
    assert "ORG:台湾总工会" in G and "臺灣總工會" in G.nodes["ORG:台湾总工会"]["aliases"] and "PERSON:王明" in G
    assert all(len(n) < 2100 for n in G)
    arts = {a["id"] for a in csv.DictReader(open(out / "articles.csv", encoding="utf-8-sig"))}
    assert {"emoji", "trad", "big5", "run", "markup"} <= arts


def test_input_without_entities_builds_an_empty_graph(tmp_path):
    (tmp_path / "e.txt").write_text("hello world\n", encoding="utf-8")
    assert main(["build", str(tmp_path / "e.txt"), "--out", str(tmp_path / "out"), "-q"]) == 0


# --- CSV formula injection ---------------------------------------------------------------


def test_csv_cells_that_start_a_formula_are_escaped(tmp_path):
    rows = [
        {"a": '=HYPERLINK("http://x","y")', "b": 1.5, "c": -3},
        {"a": "+1", "b": "-1", "c": "@SUM(A1)"},
        {"a": "\tx", "b": "\rx", "c": "王明"},
        {"a": "a=b", "b": None, "c": 0},
    ]
    write_csv(rows, ["a", "b", "c"], tmp_path / "t.csv")
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as f:
        got = list(csv.DictReader(f))
    assert got == [
        {"a": '\'=HYPERLINK("http://x","y")', "b": "1.5", "c": "-3"},  # numbers stay numbers, negative too
        {"a": "'+1", "b": "'-1", "c": "'@SUM(A1)"},  # a str is text from the input, even "-1"
        {"a": "'\tx", "b": "'\nx", "c": "王明"},  # a bare CR would end the row: it becomes LF
        {"a": "a=b", "b": "", "c": "0"},
    ]


def test_formula_names_are_escaped_in_the_built_csvs(tmp_path):
    code, reasons, out = build(tmp_path, ("f.txt", '=HYPERLINK("http://x")公司总经理王明出席会议。\n@李四说:“好。”\n'))
    assert code == 0
    for name in ["nodes.csv", "edges.csv", "mentions.csv", "evidence.csv", "sentences.csv", "articles.csv"]:
        with open(out / name, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                for value in row.values():
                    assert not value.startswith(("=", "+", "@", "\t", "\r")), (name, value)
                    assert not (value.startswith("-") and not _number(value)), (name, value)


# --- the property test -----------------------------------------------------------------

FRAGMENTS = [
    "本报讯(记者 刘强)",
    "西安市总工会副主席汪青",
    "《关于加强新时代工会工作的意见》",
    "10月9日,",
    "孙养利说:“很好。”",
    "臺灣總工會",
    "<script>alert(1)</script>",
    '"王&明"',
    "=SUM(A1)",
    "😀𠀀",
    "\n\n",
]
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII
    st.sampled_from("。，、；：？！“”‘’《》()（）【】…—·\n\t\r \u3000"),
    st.sampled_from("😀👍🏽🇨🇳𠀀𪚥\U0010fffd"),  # emoji, astral
    st.characters(min_codepoint=0, max_codepoint=0x1F),  # control characters
    st.sampled_from("\x7f\x85\u2028\u2029\ufeff\ufffd\u200b"),
)
DOCUMENTS = st.lists(st.one_of(st.text(ALPHABET, max_size=40), st.sampled_from(FRAGMENTS)), max_size=12).map("".join)
EXAMPLES = {"count": 0}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.data_json = None
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_data = dict(attrs).get("id") == "zhkg-data"

    def handle_data(self, data):
        if self._in_data:
            self.data_json = (self.data_json or "") + data

    def handle_endtag(self, tag):
        self._in_data = False


def _parse_html(path):
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _check_outputs(out, baseline_tags=None):
    for name in OUTPUTS:
        assert (out / name).is_file(), name
    nx.node_link_graph(json.loads((out / "graph.json").read_text(encoding="utf-8")), edges="links")
    read_graphml(out / "graph.graphml")
    read_gexf(out / "graph.gexf")
    parsed = _parse_html(out / "graph.html")
    assert parsed.data_json is not None and "<" not in parsed.data_json  # the data is escaped JSON
    json.loads(parsed.data_json)
    if baseline_tags is not None:
        assert sorted(parsed.tags) == baseline_tags  # no markup from the input became a tag
    return parsed


@pytest.fixture(scope="module")
def baseline_tags(tmp_path_factory):
    code, _, out = build(tmp_path_factory.mktemp("baseline"))
    assert code == 0
    return sorted(_parse_html(out / "graph.html").tags)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=DOCUMENTS)
@example(doc='本报讯(记者 刘强)</script><script>alert("x")</script>西安市总工会副主席汪青\x00\x1b出席😀会议。')
@example(doc="《关于" + "汪" * 2000 + "的意见》\u2028\r\n=cmd|' /C calc'!A0 @李四 \ud800".replace("\ud800", "\ufffd"))
@example(doc="")
def test_random_documents_build_and_every_output_parses(tmp_path_factory, baseline_tags, doc):
    EXAMPLES["count"] += 1
    tmp = tmp_path_factory.mktemp("prop")
    jsonl = json.dumps({"id": "j", "text": doc}) + "\n" + json.dumps({"text": doc}, ensure_ascii=False) + "\n"
    code, reasons, out = build(tmp, ("doc.txt", doc), ("doc.jsonl", jsonl))
    assert code in (0, 1)
    assert all(k.startswith("doc.") for k in reasons), reasons  # the good file is always read
    _check_outputs(out, baseline_tags)
    assert "PERSON:李华" in graph(out)


def test_zz_report_examples(capsys):
    """Prints how many examples the property test ran (pytest -s shows it)."""
    with capsys.disabled():
        print(f"\nhypothesis: {EXAMPLES['count']} documents built through zhkg build")


def _write(path, data):
    path.write_bytes(data)
    return path


def _number(value):
    try:
        float(value)
        return True
    except ValueError:
        return False


def test_partial_is_a_skipped():
    assert issubclass(Partial, Skipped)
