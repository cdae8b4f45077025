"""Check data/dev/draft_2024_2026.jsonl against the corpus it points into.

    python data/dev/check_draft_b.py [--gold PATH] [--corpora DIR]

The gold stores no corpus text, only file names and character offsets (Python
``str`` indexes into the file read as UTF-8).  This script re-reads each file
and prints every mismatch: item bounds, headline bounds, mention offsets
(``text[start:end]`` must equal the entity's name or one of its aliases),
overlapping mentions, relation names, head/tail names and types, roles, and
evidence spans (inside the item, one sentence).  It exits 1 when anything is
wrong and prints ``OK`` with counts otherwise.  It holds no corpus text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "draft_2024_2026.jsonl"
DEFAULT_CORPORA = HERE.parents[2] / "shared" / "corpora"  # /work/shared/corpora next to the repo

KINDS = {"diplomacy", "government", "business", "unions", "courts", "disaster"}
TYPES = {"PERSON", "ORG", "LOC", "DOC"}
# relation: (head types, tail types); "" in tail types allows an empty tail
RELATIONS = {
    "works_for": ({"PERSON"}, {"ORG", "LOC"}),
    "member_of": ({"PERSON"}, {"ORG"}),
    "met": ({"PERSON"}, {"PERSON"}),
    "visited": ({"PERSON", "ORG"}, {"LOC", "ORG"}),
    "said": ({"PERSON", "ORG"}, {"PERSON", "ORG", ""}),
    "part_of": ({"ORG", "LOC"}, {"ORG", "LOC"}),
    "located_in": ({"ORG"}, {"LOC"}),
    "issued": ({"ORG", "PERSON"}, {"DOC"}),
    "honored": ({"PERSON", "ORG"}, {"ORG", "DOC"}),
    "took_part_in": ({"PERSON", "ORG"}, {"ORG"}),
    "graduated_from": ({"PERSON"}, {"ORG"}),
    "contacted": ({"PERSON"}, {"PERSON"}),
}
HEADING = re.compile(r"(?m)^##+ ")
SENT_END = "。！？"
CLOSERS = "”’」』）)》"
TAG = re.compile(r"<[^>]*>")


def check(gold: Path, corpora: Path) -> int:
    problems: list[str] = []
    texts: dict[str, str] = {}
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    keys = [(r["file"], r["start"]) for r in rows]
    if keys != sorted(keys):
        problems.append("rows are not sorted by file then start")
    if len(set(keys)) != len(keys):
        problems.append("duplicate items")
    ent_types: Counter = Counter()
    rel_names: Counter = Counter()
    kinds: Counter = Counter()
    for n, row in enumerate(rows, 1):
        where = f"line {n} {row.get('file')}:{row.get('start')}"
        missing = {"file", "start", "end", "headline_start", "headline_end", "kind", "entities", "relations"} - set(row)
        if missing:
            problems.append(f"{where}: missing keys {sorted(missing)}")
            continue
        path = corpora / row["file"]
        if row["file"] not in texts:
            if not path.is_file():
                problems.append(f"{where}: no such file {path}")
                continue
            texts[row["file"]] = path.read_text(encoding="utf-8")
        text = texts[row["file"]]
        start, end = row["start"], row["end"]
        kinds[row["kind"]] += 1
        if row["kind"] not in KINDS:
            problems.append(f"{where}: kind {row['kind']!r}")
        # item bounds: a '### ' heading line to just before the next heading (or the end of the file)
        heads = [m.start() for m in HEADING.finditer(text)]
        if start not in heads or not text.startswith("### ", start):
            problems.append(f"{where}: start is not a '### ' heading")
        else:
            nxt = [h for h in heads if h > start]
            if end != (nxt[0] if nxt else len(text)):
                problems.append(f"{where}: end {end} is not the next heading ({nxt[0] if nxt else len(text)})")
        line_end = text.find("\n", start)
        if (row["headline_start"], row["headline_end"]) != (start + 4, line_end):
            problems.append(f"{where}: headline bounds {row['headline_start']},{row['headline_end']} != {start + 4},{line_end}")
        # entities and mentions
        names: dict[str, str] = {}
        spans: list[tuple[int, int, str]] = []
        for ent in row["entities"]:
            name, typ, aliases = ent.get("name"), ent.get("type"), ent.get("aliases", [])
            if typ not in TYPES:
                problems.append(f"{where}: {name}: type {typ!r}")
            if not name:
                problems.append(f"{where}: entity without a name")
                continue
            if name in names:
                problems.append(f"{where}: entity {name} listed twice")
            names[name] = typ
            ent_types[typ] += 1
            forms = {name, *aliases}
            used = set()
            for m in ent.get("mentions", []):
                a, b = m
                if not (start <= a < b <= end):
                    problems.append(f"{where}: {name}: mention {a},{b} outside the item")
                    continue
                got = text[a:b]
                if got not in forms:
                    problems.append(f"{where}: {name}: mention {a},{b} reads {got!r}, not the name or an alias")
                used.add(got)
                spans.append((a, b, name))
            if ent.get("mentions") and set(aliases) - used:
                problems.append(f"{where}: {name}: aliases never mentioned {sorted(set(aliases) - used)}")
            if ent.get("mentions") != sorted(ent.get("mentions", [])):
                problems.append(f"{where}: {name}: mentions not sorted")
        spans.sort()
        for (a1, b1, n1), (a2, b2, n2) in zip(spans, spans[1:]):
            if a2 < b1:
                problems.append(f"{where}: mentions overlap: {n1} {a1},{b1} and {n2} {a2},{b2}")
        # relations
        seen = set()
        for rel in row["relations"]:
            label, head, tail, role = rel.get("relation"), rel.get("head"), rel.get("tail"), rel.get("role", "")
            tag = f"{where}: {head} {label} {tail}"
            rel_names[label] += 1
            if label not in RELATIONS:
                problems.append(f"{tag}: unknown relation")
                continue
            heads_ok, tails_ok = RELATIONS[label]
            if names.get(head) not in heads_ok:
                problems.append(f"{tag}: head type {names.get(head)} (entity listed: {head in names})")
            if tail == "":
                if "" not in tails_ok:
                    problems.append(f"{tag}: empty tail")
            elif names.get(tail) not in tails_ok:
                problems.append(f"{tag}: tail type {names.get(tail)} (entity listed: {tail in names})")
            if role and label != "works_for":
                problems.append(f"{tag}: role on a {label}")
            key = (head, label, tail, role)
            if key in seen:
                problems.append(f"{tag}: duplicate relation")
            seen.add(key)
            a, b = rel.get("evidence", [None, None])
            if not (isinstance(a, int) and isinstance(b, int) and start <= a < b <= end):
                problems.append(f"{tag}: evidence {a},{b} outside the item")
                continue
            ev = text[a:b]
            body = ev.rstrip(CLOSERS)
            if TAG.search(ev) or "\n" in ev:
                problems.append(f"{tag}: evidence crosses a tag or a line")
            if any(ch in SENT_END for ch in body.rstrip(SENT_END)):
                problems.append(f"{tag}: evidence holds more than one sentence")
            if a > row["headline_end"] and text[a - 1] not in SENT_END + CLOSERS + ">：\n":
                problems.append(f"{tag}: evidence does not start at a sentence start")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print(f"OK: {len(rows)} items; kinds {dict(kinds)}")
    print(f"entities by type {dict(ent_types)}")
    print(f"relations by name {dict(rel_names)}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args()
    return check(args.gold, args.corpora)


if __name__ == "__main__":
    sys.exit(main())
