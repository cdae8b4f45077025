"""Check a hand-annotated gold draft against the corpus it points into.

Usage: python data/dev/check_draft.py [DRAFT.jsonl] [--corpora DIR]

The draft never holds corpus text: items, mentions and evidence are
``[start, end]`` offsets (Python ``str`` indexes) into the file named by
``file``, read with ``open(path, encoding="utf-8").read()``. This script reads
the corpus and prints every offset that does not match, one line each, then a
summary; it exits 1 when there are errors. Lines starting ``note`` are things
to look at, not errors (a name-derived relation whose tail is not in the
evidence sentence, a place name nested inside an organisation's name).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DRAFT = HERE / "draft_2022_2023.jsonl"
DEFAULT_CORPORA = Path("/work/shared/corpora")

KINDS = {"diplomacy", "government", "business", "unions", "courts", "disaster"}
TYPES = {"PERSON", "ORG", "LOC", "DOC"}
# relation -> (allowed head types, allowed tail types); "" tail is allowed for said only
RELATIONS = {
    "works_for": ({"PERSON"}, {"ORG", "LOC"}),
    "member_of": ({"PERSON"}, {"ORG"}),
    "met": ({"PERSON"}, {"PERSON"}),
    "visited": ({"PERSON", "ORG"}, {"LOC", "ORG"}),
    "said": ({"PERSON", "ORG"}, {"PERSON", "ORG"}),
    "part_of": ({"ORG", "LOC"}, {"ORG", "LOC"}),
    "located_in": ({"ORG"}, {"LOC"}),
    "issued": ({"ORG", "PERSON"}, {"DOC"}),
    "honored": ({"PERSON", "ORG"}, {"ORG", "DOC"}),
    "took_part_in": ({"PERSON", "ORG"}, {"ORG", "LOC", "DOC"}),
    "graduated_from": ({"PERSON"}, {"ORG"}),
    "contacted": ({"PERSON", "ORG"}, {"PERSON", "ORG"}),
}
ITEM_KEYS = {"file", "start", "end", "headline_start", "headline_end", "kind", "entities", "relations"}
HEADING = re.compile(r"^#{2,3} ", re.M)
MARKUP = re.compile(r"<[^>]*>|\*\*|&nbsp;")


def check(draft: Path, corpora: Path) -> int:
    errors: list[str] = []
    notes: list[str] = []
    texts: dict[str, str] = {}
    items = []
    for n, line in enumerate(draft.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                items.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                errors.append(f"line {n}: not JSON ({exc})")

    def err(n: int, msg: str) -> None:
        errors.append(f"line {n}: {msg}")

    keys = [(it.get("file", ""), it.get("start", -1)) for _, it in items]
    if keys != sorted(keys):
        errors.append("items are not sorted by file then start")
    if len(set(keys)) != len(keys):
        errors.append("the same item appears twice")
    spans: dict[str, list[tuple[int, int]]] = {}

    for n, it in items:
        missing = ITEM_KEYS - it.keys()
        if missing:
            err(n, f"missing keys {sorted(missing)}")
            continue
        if set(it) - ITEM_KEYS:
            err(n, f"unexpected keys {sorted(set(it) - ITEM_KEYS)}")
        path = corpora / it["file"]
        if it["file"] not in texts:
            try:
                texts[it["file"]] = path.read_text(encoding="utf-8")
            except OSError as exc:
                err(n, f"cannot read {path}: {exc}")
                continue
        t = texts[it["file"]]
        st, en, hs, he = it["start"], it["end"], it["headline_start"], it["headline_end"]
        tag = f"{it['file']}@{st}"
        # the item: a heading line up to the next heading (or the end of the file)
        m = HEADING.match(t, st)
        if not m or (st > 0 and t[st - 1] != "\n"):
            err(n, f"{tag}: start is not at a heading line")
        else:
            nxt = HEADING.search(t, st + 1)
            want_end = nxt.start() if nxt else len(t)
            if en != want_end:
                err(n, f"{tag}: end {en} != next heading {want_end}")
            if hs != m.end():
                err(n, f"{tag}: headline_start {hs} != {m.end()} (after the heading marker)")
            line_end = t.find("\n", st)
            if he != (line_end if line_end != -1 else len(t)):
                err(n, f"{tag}: headline_end {he} is not the end of the heading line")
        if it["kind"] not in KINDS:
            err(n, f"{tag}: unknown kind {it['kind']!r}")
        length = en - st
        if not 150 <= length <= 1500:
            notes.append(f"note line {n}: {tag}: item is {length} characters (preferred 150-1500)")
        for a, b in spans.get(it["file"], []):
            if a < en and st < b:
                err(n, f"{tag}: overlaps another item of the same file")
        spans.setdefault(it["file"], []).append((st, en))

        ents = it["entities"]
        names = [e.get("name") for e in ents]
        for dup, c in Counter(names).items():
            if c > 1:
                err(n, f"{tag}: entity name {dup!r} used {c} times")
        by_name = {e.get("name"): e for e in ents}
        allm: list[tuple[int, int, str, str]] = []
        for e in ents:
            if set(e) != {"type", "name", "aliases", "mentions"}:
                err(n, f"{tag}: entity {e.get('name')!r} keys {sorted(e)}")
                continue
            if e["type"] not in TYPES:
                err(n, f"{tag}: entity {e['name']!r} has type {e['type']!r}")
            forms = {e["name"], *e["aliases"]}
            if not e["mentions"]:
                err(n, f"{tag}: entity {e['name']!r} has no mention")
            used = set()
            for ms in e["mentions"]:
                a, b = ms
                if not (st <= a < b <= en):
                    err(n, f"{tag}: mention {ms} of {e['name']!r} is outside the item")
                    continue
                got = t[a:b]
                if got not in forms:
                    err(n, f"{tag}: mention {ms} of {e['name']!r} reads {got!r}")
                used.add(got)
                if MARKUP.search(t[a:b]) or "\n" in got:
                    err(n, f"{tag}: mention {ms} of {e['name']!r} crosses markup")
                allm.append((a, b, e["name"], e["type"]))
            if e["mentions"] != sorted(e["mentions"]) or len({tuple(x) for x in e["mentions"]}) != len(e["mentions"]):
                err(n, f"{tag}: mentions of {e['name']!r} are unsorted or repeated")
            for alias in e["aliases"]:
                if alias not in used:
                    notes.append(f"note line {n}: {tag}: alias {alias!r} of {e['name']!r} has no mention")
        allm.sort(key=lambda m: (m[0], -m[1]))
        for i, (a, b, na, ta) in enumerate(allm):
            for a2, b2, nb, tb in allm[i + 1 :]:
                if a2 >= b:
                    break
                if a <= a2 and b2 <= b and (a, b) != (a2, b2):
                    outer, inner = (na, ta), (nb, tb)
                elif a2 <= a and b <= b2 and (a, b) != (a2, b2):
                    outer, inner = (nb, tb), (na, ta)
                else:
                    outer = inner = None
                if outer and inner[1] == "LOC" and outer[1] == "ORG":
                    notes.append(f"note line {n}: {tag}: LOC {inner[0]!r} nested in ORG {outer[0]!r} at {max(a, a2)}")
                else:
                    err(n, f"{tag}: mentions overlap: {na!r} {[a, b]} and {nb!r} {[a2, b2]}")

        seen = set()
        for r in it["relations"]:
            if set(r) != {"head", "relation", "tail", "role", "evidence"}:
                err(n, f"{tag}: relation keys {sorted(r)}")
                continue
            sig = (r["head"], r["relation"], r["tail"], r["role"])
            if sig in seen:
                err(n, f"{tag}: relation repeated {sig}")
            seen.add(sig)
            rel = r["relation"]
            if rel not in RELATIONS:
                err(n, f"{tag}: unknown relation {rel!r}")
                continue
            heads, tails = RELATIONS[rel]
            h = by_name.get(r["head"])
            if h is None:
                err(n, f"{tag}: {rel} head {r['head']!r} is not an entity")
            elif h["type"] not in heads:
                err(n, f"{tag}: {rel} head {r['head']!r} is {h['type']}")
            if r["tail"] == "" and rel == "said":
                tl = None
            else:
                tl = by_name.get(r["tail"])
                if tl is None:
                    err(n, f"{tag}: {rel} tail {r['tail']!r} is not an entity")
                elif tl["type"] not in tails:
                    err(n, f"{tag}: {rel} tail {r['tail']!r} is {tl['type']}")
            if h is not None and r["head"] == r["tail"]:
                err(n, f"{tag}: {rel} links {r['head']!r} to itself")
            a, b = r["evidence"]
            if not (st <= a < b <= en):
                err(n, f"{tag}: evidence {r['evidence']} is outside the item")
                continue
            ev = t[a:b]
            if "\n" in ev or HEADING.search(ev):
                err(n, f"{tag}: evidence {r['evidence']} crosses a line")
            if (a, b) != (hs, he) and not re.search(r"[。！？][”’」』）]*$", ev):
                notes.append(f"note line {n}: {tag}: evidence {r['evidence']} does not end a sentence")
            for role, ent in (("head", h), ("tail", tl)):
                if ent is not None and not any(a <= x and y <= b for x, y in ent["mentions"]):
                    notes.append(f"note line {n}: {tag}: {rel} {role} {ent['name']!r} has no mention in evidence {r['evidence']}")

    kinds = Counter(it.get("kind") for _, it in items)
    for k in sorted(KINDS):
        if kinds[k] < 3:
            errors.append(f"kind {k}: {kinds[k]} items (want at least 3)")
    for line in notes:
        print(line)
    for line in errors:
        print(line)
    ents = Counter(e["type"] for _, it in items for e in it.get("entities", []))
    rels = Counter(r["relation"] for _, it in items for r in it.get("relations", []))
    print(f"{len(items)} items; kinds {dict(sorted(kinds.items()))}")
    print(f"entities {dict(sorted(ents.items()))}; mentions {sum(len(e['mentions']) for _, it in items for e in it.get('entities', []))}")
    print(f"relations {dict(sorted(rels.items()))}")
    print(f"{len(errors)} errors, {len(notes)} notes")
    return 1 if errors else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("draft", nargs="?", type=Path, default=DEFAULT_DRAFT)
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder that `file` is relative to")
    args = ap.parse_args()
    return check(args.draft, args.corpora)


if __name__ == "__main__":
    sys.exit(main())
