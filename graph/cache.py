"""The extraction cache behind ``zhkg build --update``: only new or changed articles are extracted.

An SQLite file in the output folder (``.zhkg/cache.sqlite``) maps a key —
the SHA-256 of the article (id, offsets, metadata and text) — to what
extraction made of it: its sentence count, mentions and links, as JSON. Every
entry also records the pipeline version (:func:`pipeline_version`: a hash of
the extraction code, its shipped resources, the backbone and the segmenter),
so any change to the pipeline makes old entries misses. After a build the
cache holds exactly the articles of that build: an input that was deleted
takes its entries, and with them its contributions, away.

JSON, not pickle: a cache file is data, never code to run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from sys import intern

from graph.build import Link, Mention

CACHE = Path(".zhkg") / "cache.sqlite"
_CODE = ("extract", "graph/build.py", "graph/hierarchy.py", "graph/cache.py")
# Code, word lists, the models' metadata, CRF weights and the lac-ner layer.
_HASHED = (".py", ".tsv", ".txt", ".json", ".crfsuite", ".npz")


@lru_cache(maxsize=8)
def pipeline_version(backbone: str, segmenter: str) -> str:
    """A hash of everything that decides what extraction makes of a text."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{backbone}|{segmenter}".encode())
    for part in _CODE:
        path = root / part
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in _HASHED) if path.is_dir() else [path]
        for f in files:
            digest.update(str(f.relative_to(root)).encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def article_key(article) -> str:
    """What extraction depends on in an article: id, offsets, metadata and text."""
    meta = {"id": article.id, "start": article.start, "date": article.date, "byline": article.byline, "meta": article.meta}
    return hashlib.sha256((json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\0" + article.text).encode()).hexdigest()


def encode(sentences: int, mentions: list[Mention], links: list[Link]) -> str:
    """One article's extraction result as JSON text: what workers send back and the cache stores.

    Rows of field values in declaration order: several times faster to write
    and read than dicts, and a worker's text needs no work in the main process.
    A link's evidence sentence is a number into the article's list of them:
    every pair of entities in a sentence is a link, and the text once per pair
    made most of the cache.
    """
    texts: dict[str, int] = {}
    rows = []
    for link in links:
        row = list(vars(link).values())
        row[5] = texts.setdefault(link.evidence, len(texts))
        rows.append(row)
    return json.dumps([sentences, [list(vars(m).values()) for m in mentions], rows, list(texts)], ensure_ascii=False)


def decode(text: str) -> tuple[int, list[Mention], list[Link]]:
    sentences, mentions, links, texts = json.loads(text)
    # Node ids recur in every article that names them: one string each (sys.intern), not one per article.
    mentions = [Mention(intern(m[0]), *m[1:]) for m in mentions]
    links = [Link(intern(lk[0]), intern(lk[1]), *lk[2:5], texts[lk[5]], *lk[6:]) for lk in links]
    return sentences, mentions, links


class ExtractionCache:
    """Extraction results by article key, and which of them this build uses, in input order.

    A build stores every article's result here as it is extracted, marks the
    articles it merges (:meth:`keep`) and reads them back one at a time
    (:meth:`kept`) to merge (:func:`graph.build.merge`), so a corpus's
    mentions and links never sit in memory all at once; :meth:`finish` then
    drops the entries this build did not keep.

    >>> import tempfile
    >>> from extract.pages import Article
    >>> cache = ExtractionCache(Path(tempfile.mkdtemp()) / "c.sqlite", "v1")
    >>> a = Article("a", "a.txt", 0, 3, "刘馨蕊")
    >>> key = article_key(a)
    >>> cache.get(key) is None
    True
    >>> cache.put(key, encode(1, [Mention("PERSON:刘馨蕊", "PERSON", "刘馨蕊", "刘馨蕊", "a", 0, 0, 3)], []))
    >>> cache.get(key)[1][0].name
    '刘馨蕊'
    >>> cache.keep(key); cache.commit(); [mentions[0].node for mentions, _ in cache.kept()]
    ['PERSON:刘馨蕊']
    >>> cache.finish(); ExtractionCache(cache.path, "v2").get(key) is None  # a new pipeline version misses
    True
    """

    def __init__(self, path: Path, version: str):
        self.path, self.version = Path(path), version
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.recovered = ""  # why the cache file was moved aside and started anew, if it was
        try:
            self._open()
        except sqlite3.DatabaseError as exc:  # not SQLite, truncated, malformed: a cache is only a cache
            aside = self.path.with_name(f"{self.path.name}.corrupt")
            os.replace(self.path, aside)
            for suffix in ("-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.recovered = f"{self.path} was unreadable ({exc}); moved to {aside.name} and rebuilt: every article is extracted again"
            self._open()

    def _open(self) -> None:
        self.db = sqlite3.connect(self.path)
        try:
            # quick_check reads every page: a truncated or overwritten file fails here, not half-way through a build.
            if (status := self.db.execute("PRAGMA quick_check").fetchone()[0]) != "ok":
                raise sqlite3.DatabaseError(status)
            self.db.execute("CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, version TEXT, result TEXT)")
            # This build's articles, in input order: on disk, not in a dict (a corpus has millions). A table in
            # the file, not a TEMP one, so that :meth:`kept` can read it on a connection of its own.
            self.db.execute("DROP TABLE IF EXISTS build")
            self.db.execute("CREATE TABLE build (seq INTEGER PRIMARY KEY, key TEXT UNIQUE)")
            self.db.commit()
        except BaseException:
            self.db.close()
            raise

    def get(self, key: str) -> tuple | None:
        """``(sentences, mentions, links)`` stored under ``key`` by this pipeline version, else None."""
        row = self.db.execute("SELECT result FROM extraction WHERE key = ? AND version = ?", (key, self.version)).fetchone()
        return None if row is None else decode(row[0])

    def has(self, key: str) -> bool:
        """Whether ``key`` is stored by this pipeline version (without decoding it)."""
        return self.db.execute("SELECT 1 FROM extraction WHERE key = ? AND version = ?", (key, self.version)).fetchone() is not None

    def put(self, key: str, result: str) -> None:
        """Store an :func:`encode`-d result under ``key``."""
        self.db.execute("INSERT OR REPLACE INTO extraction VALUES (?, ?, ?)", (key, self.version, result))

    def keep(self, key: str) -> None:
        """Mark ``key`` as the next article of this build (it must be stored)."""
        self.db.execute("INSERT INTO build (key) VALUES (?)", (key,))

    def commit(self) -> None:
        """Make what was stored and kept so far readable by :meth:`kept`."""
        self.db.commit()

    def kept(self) -> Iterator[tuple[list[Mention], list[Link]]]:
        """The mentions and links of this build's articles (as of the last :meth:`commit`), decoded one at a
        time, in the order they were kept.

        Read on a connection of its own, so a forked process may read while its parent does (SQLite
        connections must not cross a fork).
        """
        db = sqlite3.connect(self.path)
        try:  # one query read as it goes, not one per article
            query = "SELECT e.result FROM build b JOIN extraction e ON e.key = b.key AND e.version = ? ORDER BY b.seq"
            for (text,) in db.execute(query, (self.version,)):
                yield decode(text)[1:]
        finally:
            db.close()

    def close(self) -> None:
        """Close without changing what is stored (a build that failed or read nothing)."""
        try:
            self.db.rollback()
            self.db.close()
        except sqlite3.ProgrammingError:  # closed already (by finish)
            pass

    def finish(self) -> None:
        """Keep only this build's articles (deleted inputs take their entries with them), then close."""
        self.db.execute("DELETE FROM extraction WHERE key NOT IN (SELECT key FROM build) OR version != ?", (self.version,))
        self.db.execute("DROP TABLE build")
        self.db.commit()
        self.db.close()
