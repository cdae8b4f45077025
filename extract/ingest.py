"""Read news from files, folders, JSONL dumps and stdin.

Every input becomes one or more :class:`Source` records (a page or an article
with its metadata). An input that cannot be read becomes a :class:`Skipped`
record with the reason, and reading goes on: one bad file never loses a run.

Text is decoded but not otherwise changed, so character offsets that
evidence refers to index into exactly what the user gave us.
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
META_KEYS = ("id", "title", "date", "source", "url")


@dataclass
class Source:
    """A unit of input text: a whole page (from a file) or one JSONL article."""

    id: str
    text: str
    path: str
    encoding: str = "utf-8"
    meta: dict[str, str] = field(default_factory=dict)
    is_page: bool = True  # a file may hold a page of several articles; a JSONL line is one article


@dataclass
class Skipped:
    path: str
    reason: str


class DecodeError(ValueError):
    pass


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of Chinese text; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; other
    input is tried as GB18030 (a superset of GBK/GB2312) and Big5, and
    charset-normalizer picks between them when both decode. Binary data,
    empty input and text in no known encoding raise :class:`DecodeError`.

    >>> decode('西安市总工会'.encode('gbk'))
    ('西安市总工会', 'gb18030')
    """
    if not data.strip():
        raise DecodeError("empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="strict"), enc)
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    candidates = {}
    for enc in ("gb18030", "big5"):
        try:
            candidates[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise DecodeError("not UTF-8, GB18030/GBK or Big5 text")
    if len(candidates) == 1:
        enc, text = next(iter(candidates.items()))
        return _checked(text, enc)
    enc = _pick_chinese_encoding(data)
    return _checked(candidates[enc], enc)


def _pick_chinese_encoding(data: bytes) -> str:
    """Choose GB18030 or Big5 for bytes that decode in both."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is not None and best.encoding in ("big5", "big5hkscs", "cp950"):
        return "big5"
    return "gb18030"


def _checked(text: str, encoding: str) -> tuple[str, str]:
    # Control characters other than whitespace mean this is not a text file.
    bad = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    if bad > max(2, len(text) // 100):
        raise DecodeError(f"binary file ({bad} control characters)")
    if not text.strip():
        raise DecodeError("empty file")
    return text, encoding


def read_inputs(paths: Iterable[str], stdin: bytes | None = None) -> Iterator[Source | Skipped]:
    """Yield a :class:`Source` per readable text and a :class:`Skipped` per bad one.

    ``paths`` may name ``.txt``/``.md`` files, folders (read recursively, in
    sorted order so runs are repeatable), ``.jsonl`` files (one JSON object a
    line with ``text`` and optional ``id``, ``title``, ``date``, ``source``,
    ``url``) or ``-`` for standard input.
    """
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read() if stdin is None else stdin
            yield from _read_bytes(data, "<stdin>", "stdin")
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
            if not files:
                yield Skipped(str(path), "folder holds no .txt, .md or .jsonl files")
            for p in files:
                yield from _read_file(p)
        elif path.is_file():
            yield from _read_file(path)
        else:
            yield Skipped(str(path), "no such file or folder")


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


def _read_bytes(data: bytes, name: str, id_: str) -> Iterator[Source | Skipped]:
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        yield Skipped(name, str(exc))
        return
    yield Source(id=id_, text=text, path=name, encoding=encoding)


def _read_jsonl(data: bytes, name: str) -> Iterator[Source | Skipped]:
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        yield Skipped(name, str(exc))
        return
    stem = Path(name).stem
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            yield Skipped(where, "line is not a JSON object")
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Skipped(where, "no 'text' field" if "text" not in obj else "'text' is empty or not a string")
            continue
        meta = {k: str(obj[k]) for k in META_KEYS if obj.get(k) not in (None, "")}
        yield Source(
            id=meta.pop("id", f"{stem}-{lineno}"),
            text=body,
            path=where,
            encoding=encoding,
            meta=meta,
            is_page=False,
        )
