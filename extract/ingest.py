"""Read news from files, folders, JSONL dumps and stdin.

Every input becomes one or more :class:`Source` records (a page or an article
with its metadata). An input that cannot be read becomes a :class:`Skipped`
record with the reason, and reading goes on: one bad file never loses a run.
An input that is read but not whole (undecodable bytes replaced, an
over-long line cut) gives its :class:`Source` *and* a :class:`Partial`
record (a kind of :class:`Skipped`) saying what was left out, so the run
reports it and exits 1 like for a skipped input.

Bad input and what happens to it:

* empty or whitespace-only: skipped, ``empty file``;
* binary (NUL bytes, more than 8 and over 1% control characters, a UTF-16 BOM
  on bytes that are not UTF-16): skipped;
* not UTF-8, GB18030/GBK or Big5: skipped, unless only a few bytes fail (at
  most 8, or 5% of the characters):
  those become U+FFFD and a :class:`Partial` names the file and lines;
* mixed encodings (a UTF-8 part and a GBK part): each line is decoded in its
  own encoding, and a warning names the file (logger ``zhkg.ingest``, also in
  :attr:`Source.warnings`); no text is lost, so this alone is not a Partial;
* a long line (a paragraph of 21,530 characters) is read whole, as the
  sentence splitter cuts it into sentences. What is bounded is a *sentence*:
  more than :data:`MAX_LINE_CHARS` characters without a sentence end (as
  :func:`extract.sentences.split_sentences` sees them) is cut there, and a
  Partial names the line. A line over :data:`MAX_PARAGRAPH_CHARS` (a one-line
  50 MB dump) is not a paragraph: it is cut at its last sentence end within
  :data:`MAX_LINE_CHARS`, as before. Cutting keeps a prefix, so offsets still
  index the file's text (see :func:`cap`);
* control characters (U+0000-U+001F but tab, LF and CR; U+007F) and bidi
  controls (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C: they can show
  a name reversed) become a space (line breaks VT, FF, U+001C-U+001E and a
  lone CR become LF); lone surrogates and U+FFFE/U+FFFF (from JSON escapes)
  become U+FFFD. Each replacement is one character for one, so offsets are
  unchanged;
* a folder that cannot be listed (permission denied): skipped with the reason,
  the rest of the tree is read;
* a JSONL line that is not JSON, not an object, or whose ``text`` is
  missing, empty or not a string: skipped as ``file:line``. A ``date`` that is
  not an ISO date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, or a datetime, whose
  date is kept): the article is read without a date and a Partial names the
  line and the value.

Otherwise text is decoded but not changed, so character offsets that evidence
refers to index into exactly what the user gave us (decoded).
"""

from __future__ import annotations

import codecs
import datetime
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extract.sentences import TERMINALS, split_sentences

TEXT_SUFFIXES = {".txt", ".md", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
META_KEYS = ("id", "title", "date", "source", "url")
LEGACY = ("gb18030", "big5")
# A sentence of news is far shorter than this. The rules and the links work sentence by
# sentence and a sentence's cost grows faster than its length (more names, more pairs, each
# with the sentence as evidence), so more text than this without a sentence end is cut
# rather than left to run for hours.
MAX_LINE_CHARS = 20_000
# A paragraph (one line) may be longer than MAX_LINE_CHARS: it is read whole when its sentences
# are not. A line longer than this is not a paragraph but text whose line breaks were lost (a
# one-line dump of megabytes): it is cut at its last sentence end within MAX_LINE_CHARS.
MAX_PARAGRAPH_CHARS = 100_000
# More undecodable bytes than this share of the characters: not text in a known encoding.
MAX_REPLACED = 0.05

log = logging.getLogger("zhkg.ingest")


@dataclass
class Source:
    """A unit of input text: a whole page (from a file) or one JSONL article."""

    id: str
    text: str
    path: str
    encoding: str = "utf-8"
    meta: dict[str, str] = field(default_factory=dict)
    is_page: bool = True  # a file may hold a page of several articles; a JSONL line is one article
    warnings: list[str] = field(default_factory=list)


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class Partial(Skipped):
    """Part of an input was left out or replaced; the rest was read and yielded as a :class:`Source`."""


class DecodeError(ValueError):
    pass


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    replaced: dict[int, int] = field(default_factory=dict)  # line number -> undecodable bytes replaced


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of Chinese text; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; other
    input is tried as GB18030 (a superset of GBK/GB2312) and Big5, and
    charset-normalizer picks between them when both decode. Binary data,
    empty input and text in no known encoding raise :class:`DecodeError`.
    See :func:`decode_text` for mixed encodings and stray bad bytes.

    >>> decode('西安市总工会'.encode('gbk'))
    ('西安市总工会', 'gb18030')
    """
    d = decode_text(data)
    return d.text, d.encoding


def decode_text(data: bytes) -> Decoded:
    """:func:`decode`, also for mixed encodings and a few undecodable bytes.

    A file that is not valid UTF-8 but has lines of UTF-8 Chinese is decoded
    line by line: UTF-8 where a line is (mostly) UTF-8, else GB18030 or Big5.
    Bytes no encoding takes become U+FFFD and are counted per line in
    ``replaced``; more than :data:`MAX_REPLACED` of the text raises
    :class:`DecodeError`. Control characters are replaced (:func:`clean`).
    """
    if not data.strip():
        raise DecodeError("empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(Decoded(data.decode(enc, errors="strict"), enc))
            except UnicodeDecodeError:
                if enc == "utf-16":
                    raise DecodeError("binary file (starts with a UTF-16 byte-order mark but is not UTF-16 text)") from None
                return _checked(_by_line(data[len(bom) :], "utf-8-sig"))
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    if not any(_utf8_chinese(line) for line in data.split(b"\n")):
        candidates = {}
        for enc in LEGACY:
            try:
                candidates[enc] = data.decode(enc)
            except UnicodeDecodeError:
                continue
        if len(candidates) == 1:
            enc, text = next(iter(candidates.items()))
            return _checked(Decoded(text, enc))
        if candidates:
            enc = _pick_chinese_encoding(data)
            return _checked(Decoded(candidates[enc], enc))
    return _checked(_by_line(data))


def _utf8_chinese(line: bytes) -> bool:
    """A line that is valid UTF-8 with at least two characters of three bytes or more (CJK)."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return sum(1 for c in text if ord(c) >= 0x800) >= 2


def _by_line(data: bytes, first: str = "") -> Decoded:
    """Decode each line in its own encoding; undecodable bytes become U+FFFD."""
    lines = data.split(b"\n")
    kinds: list[str] = []  # per line: "utf-8", "legacy" or "ascii"
    for line in lines:
        try:
            line.decode("utf-8")
            kinds.append("utf-8" if not line.isascii() else "ascii")
            continue
        except UnicodeDecodeError:
            pass
        loose = line.decode("utf-8", errors="replace")
        bad = loose.count("\ufffd") - line.decode("utf-8", errors="ignore").count("\ufffd")
        good = sum(1 for c in loose if ord(c) >= 0x80 and c != "\ufffd")
        kinds.append("utf-8" if good > bad else "legacy")
    legacy_bytes = b"\n".join(line for line, kind in zip(lines, kinds) if kind == "legacy")
    legacy = _legacy_encoding(legacy_bytes) if legacy_bytes else "gb18030"
    out: list[str] = []
    replaced: dict[int, int] = {}
    for n, (line, kind) in enumerate(zip(lines, kinds), 1):
        enc = "utf-8" if kind != "legacy" else legacy
        try:
            out.append(line.decode(enc))
        except UnicodeDecodeError:
            text = line.decode(enc, errors="replace")
            replaced[n] = text.count("\ufffd") - line.decode(enc, errors="ignore").count("\ufffd")
            out.append(text)
    text = "\n".join(out)
    total = sum(replaced.values())
    if total > max(8, MAX_REPLACED * len(text)):
        raise DecodeError(f"not UTF-8, GB18030/GBK or Big5 text ({total:,} undecodable bytes)")
    n_utf8, n_legacy = kinds.count("utf-8"), kinds.count("legacy")
    warnings = []
    if n_utf8 and n_legacy:
        warnings.append(
            f"mixed encodings: {n_utf8} line(s) UTF-8, {n_legacy} line(s) {legacy.upper()}; each line was decoded in its own encoding"
        )
    encoding = first or ("utf-8" if n_utf8 >= n_legacy else legacy)
    if n_utf8 and n_legacy:
        encoding = f"mixed ({'utf-8' if not first else first}+{legacy})"
    return Decoded(text, encoding, warnings, replaced)


def _legacy_encoding(data: bytes) -> str:
    ok = []
    for enc in LEGACY:
        try:
            data.decode(enc)
            ok.append(enc)
        except UnicodeDecodeError:
            continue
    if len(ok) == 1:
        return ok[0]
    if len(ok) == 2:
        return _pick_chinese_encoding(data)
    # Neither takes every byte: the one that leaves fewer undecodable.
    return min(LEGACY, key=lambda enc: data.decode(enc, errors="replace").count("\ufffd"))


def _pick_chinese_encoding(data: bytes) -> str:
    """Choose GB18030 or Big5 for bytes that decode in both."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is not None and best.encoding in ("big5", "big5hkscs", "cp950"):
        return "big5"
    return "gb18030"


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e]|\r(?!\n)")  # line breaks to str.splitlines: kept as line breaks
# Bidi embeddings, overrides and isolates, and the direction marks: they can make a label read reversed.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_NOT_XML = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
_PRIVATE = re.compile(r"[\ue000-\uf8ff]")


def _checked(d: Decoded) -> Decoded:
    # Control characters other than whitespace mean this is not a text file.
    bad = len(_CONTROL.findall(d.text))
    if bad > max(8, len(d.text) // 100):
        raise DecodeError(f"binary file ({bad} control characters)")
    # Private-use characters are what bytes in the wrong encoding tend to decode to.
    odd = len(_PRIVATE.findall(d.text))
    if odd > max(2, len(d.text) // 100):
        raise DecodeError(f"not UTF-8, GB18030/GBK or Big5 text ({odd} private-use characters)")
    if not d.text.strip():
        raise DecodeError("empty file")
    d.text = clean(d.text)
    return d


def clean(text: str) -> str:
    """Replace control characters one for one, so offsets stay valid.

    Line-break controls (VT, FF, U+001C-U+001E) and a CR not followed by LF
    become ``\\n`` (a CSV reader would turn a lone CR in a name into LF, and
    the name's id with it); other C0 controls but tab, LF and CR, DEL, and the
    bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C) become
    a space; lone surrogates and U+FFFE/U+FFFF (not allowed in XML, not
    encodable) become U+FFFD.

    >>> clean("甲\\x00乙\\x0c丙\\ud800\\r丁\\u202e戊\\r\\n")
    '甲 乙\\n丙\\ufffd\\n丁 戊\\r\\n'
    """
    text = _BREAKS.sub("\n", text)
    text = _CONTROL.sub(" ", text)
    text = _BIDI.sub(" ", text)
    return _NOT_XML.sub("\ufffd", text)


def cap(text: str, limit: int | None = None, paragraph: int | None = None) -> tuple[str, str | None]:
    """Cut ``text`` before a sentence longer than ``limit`` characters runs over.

    A line may be as long as it likes up to ``paragraph`` characters
    (:data:`MAX_PARAGRAPH_CHARS`) so long as its sentences, as
    :func:`extract.sentences.split_sentences` cuts them (a quotation is one
    sentence), are at most ``limit`` (:data:`MAX_LINE_CHARS`): the line is
    kept whole and the sentence splitter does the rest. A sentence over
    ``limit`` (that many characters without a sentence end) is cut, and so is
    a line over ``paragraph`` (its line breaks were lost): the cut falls after
    the last sentence end (。！？!?…) in the second half of the ``limit``
    characters from where the sentence (or the line) starts, else at ``limit``.

    Nothing is inserted or replaced, so offsets into the result index the
    text itself: the result is the kept prefix, and a note saying what was cut
    (line and place) or ``None``. Only lines over ``limit`` are looked at.
    """
    limit = MAX_LINE_CHARS if limit is None else limit
    paragraph = max(limit, MAX_PARAGRAPH_CHARS if paragraph is None else paragraph)
    if len(text) <= limit:
        return text, None
    start, lineno = 0, 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > limit:
            line = text[start:end] if end - start <= paragraph else ""
            spans = split_sentences(line) if line else [(0, end - start)]
            for s, e in spans:
                if e - s <= limit:
                    continue
                cut = start + s + limit
                window = text[start + s + limit // 2 : cut]
                ends = [window.rfind(p) for p in TERMINALS]
                if max(ends) >= 0:
                    cut = start + s + limit // 2 + max(ends) + 1
                if len(spans) == 1:  # the whole line (or a dump) is the stretch without a sentence end
                    said = f"line {lineno} is {end - start:,} characters long (over {limit:,} without a line break)"
                else:
                    said = f"line {lineno} has {e - s:,} characters without a sentence end (over {limit:,}) from its character {s + 1:,}"
                note = f"{said}; only the first {cut:,} of {len(text):,} characters were read"
                if not line:
                    note += f" (a line over {paragraph:,} characters is not a paragraph: it is read up to {limit:,})"
                return text[:cut], note
        start, lineno = end + 1, lineno + 1
    return text, None


def read_inputs(paths: Iterable[str], stdin: bytes | None = None) -> Iterator[Source | Skipped]:
    """Yield a :class:`Source` per readable text and a :class:`Skipped` per bad one.

    ``paths`` may name ``.txt``/``.md`` files, folders (read recursively, in
    sorted order so runs are repeatable), ``.jsonl`` files (one JSON object a
    line with ``text`` and optional ``id``, ``title``, ``date``, ``source``,
    ``url``) or ``-`` for standard input. A :class:`Partial` follows the
    Source of an input that was read only in part.
    """
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read() if stdin is None else stdin
            yield from _read_bytes(data, "<stdin>", "stdin")
            continue
        path = Path(raw)
        if path.is_dir():
            found = _folder_files(path)
            if not found:
                yield Skipped(str(path), "folder holds no .txt, .md or .jsonl files")
            for p in found:
                if isinstance(p, Skipped):
                    yield p
                else:
                    yield from _read_file(p)
        elif path.is_file():
            yield from _read_file(path)
        else:
            yield Skipped(str(path), "no such file or folder")


def _folder_files(top: Path) -> list[Path | Skipped]:
    """The files under ``top`` to read, and a :class:`Skipped` for each folder that cannot be listed.

    In the order of ``sorted(top.rglob("*"))`` (each folder's entries by name,
    a subfolder's files where its name falls), walked with a stack rather than
    by recursion, so a tree of any depth is read. As with ``rglob``, links to
    folders are not followed (no loops) and links to files are read.
    """
    found: list[Path | Skipped] = []

    def listing(folder: Path) -> Iterator[os.DirEntry] | None:
        try:
            with os.scandir(folder) as entries:
                return iter(sorted(entries, key=lambda entry: entry.name))
        except OSError as exc:
            found.append(Skipped(str(folder), f"cannot read folder: {exc.strerror or exc}"))
            return None

    stack = [(top, listing(top))]
    while stack:
        folder, entries = stack[-1]
        entry = next(entries, None) if entries is not None else None
        if entry is None:
            stack.pop()
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            stack.append((path, listing(path)))
        elif entry.is_file() and _wanted(path):
            found.append(path)
    return found


def _wanted(path: Path) -> bool:
    return not path.name.startswith(".") and path.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES


def _read_file(path: Path) -> Iterator[Source | Skipped]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(data, str(path))
    else:
        yield from _read_bytes(data, str(path), path.stem)


def _decode_or_skip(data: bytes, name: str) -> Decoded | Skipped:
    try:
        d = decode_text(data)
    except DecodeError as exc:
        return Skipped(name, str(exc))
    for note in d.warnings:
        log.warning("%s: %s", name, note)
    return d


def _replaced_note(replaced: dict[int, int], lines: list[int] | None = None) -> str:
    lines = sorted(replaced) if lines is None else lines
    shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
    total = sum(replaced[n] for n in lines)
    return f"{total} undecodable byte(s) replaced with U+FFFD on line(s) {shown}; the rest was read"


def _read_bytes(data: bytes, name: str, id_: str) -> Iterator[Source | Skipped]:
    d = _decode_or_skip(data, name)
    if isinstance(d, Skipped):
        yield d
        return
    text, cut = cap(d.text)
    notes = ([_replaced_note(d.replaced)] if d.replaced else []) + ([cut] if cut else [])
    yield Source(id=id_, text=text, path=name, encoding=d.encoding, warnings=d.warnings + notes)
    for note in notes:
        yield Partial(name, note)


def _read_jsonl(data: bytes, name: str) -> Iterator[Source | Skipped]:
    d = _decode_or_skip(data, name)
    if isinstance(d, Skipped):
        yield d
        return
    stem = Path(name).stem
    # Lines end at "\n" only (as in _by_line): U+2028 or a form feed inside a JSON string is not a line break.
    for lineno, line in enumerate(d.text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield Skipped(where, "malformed JSON: nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield Skipped(where, f"line is {_json_type(obj)}, not a JSON object")
            continue
        body = obj.get("text")
        if "text" not in obj:
            yield Skipped(where, "no 'text' field")
            continue
        if not isinstance(body, str):
            yield Skipped(where, f"'text' is {_json_type(body)}, not a string")
            continue
        if not body.strip():
            yield Skipped(where, "'text' is empty")
            continue
        body, cut = cap(clean(body))
        notes = ([_replaced_note(d.replaced, [lineno])] if lineno in d.replaced else []) + ([f"'text': {cut}"] if cut else [])
        meta = {k: clean(str(obj[k])) for k in META_KEYS if obj.get(k) not in (None, "")}
        if "date" in meta:
            written = meta["date"]
            meta["date"], bad = _iso_date(obj["date"])
            if bad:  # kept as text only (articles.csv's date_text), never as a date
                del meta["date"]
                meta["date_text"] = written[:100]
                notes.append(bad)
        yield Source(
            id=meta.pop("id", f"{stem}-{lineno}"),
            text=body,
            path=where,
            encoding=d.encoding,
            meta=meta,
            is_page=False,
            warnings=d.warnings + notes,
        )
        for note in notes:
            yield Partial(where, note)


_DATE_SHAPE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")  # ASCII digits: \d takes ２０２４ too
_DATETIME_SHAPE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]\S")


def _iso_date(value: object) -> tuple[str, str | None]:
    """A JSONL ``date`` as an ISO date, ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, and ``None``; or ``""`` and why not.

    A datetime (``2024-10-09T08:30:00+08:00``) gives its date.

    >>> _iso_date("2024-10-09 08:30"), _iso_date("2024-02-30")[1]
    (('2024-10-09', None), "'date' '2024-02-30' is not a date (YYYY-MM-DD, YYYY-MM or YYYY); the article was read without a date")
    """
    why = "; the article was read without a date"
    formats = "(YYYY-MM-DD, YYYY-MM or YYYY)"
    if not isinstance(value, str):
        return "", f"'date' is {_json_type(value)}, not a date {formats}{why}"
    text = value.strip()
    try:
        if _DATE_SHAPE.fullmatch(text):  # fromisoformat alone also takes 20241009 and 2024-W41-3
            datetime.date.fromisoformat((text + "-01-01")[:10])
            return text, None
        if m := _DATETIME_SHAPE.match(text):
            datetime.datetime.fromisoformat(text)
            return m.group(1), None
    except ValueError:
        pass
    shown = value if len(value) <= 40 else value[:40] + "…"
    return "", f"'date' {clean(shown)!r} is not a date {formats}{why}"


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"
