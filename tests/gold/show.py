"""Print gold items beside their text, to check them by eye (run from the project root).

    python tests/gold/show.py 0 3 7                 # items by their line number in the gold (0-based)
    python tests/gold/show.py --corpora PATH 12     # corpora elsewhere than ../shared/corpora

Each item prints its text, then every entity (type, name, aliases, the distinct forms of its
mentions) and every relation with the start of its evidence sentence.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

GOLD = Path(__file__).parent / "xinwenlianbo.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", nargs="*", type=int, help="line numbers (all when none)")
    parser.add_argument("--corpora", default="../shared/corpora")
    args = parser.parse_args()
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    for i, item in enumerate(items):
        if args.items and i not in args.items:
            continue
        text = (Path(args.corpora) / item["file"]).read_text(encoding="utf-8")
        print(f"=== #{i} {item['file']} {item['split']} {item['kind']} [{item['start']},{item['end']}]")
        print(text[item["start"] : item["end"]].strip())
        print("--- entities")
        for ent in item["entities"]:
            forms = sorted({text[s:e] for s, e in ent["mentions"]})
            print(f"  {ent['type']} {ent['name']} aliases={ent['aliases']} mentions={len(ent['mentions'])} forms={forms}")
        print("--- relations")
        for row in item["relations"]:
            start, end = row["evidence"]
            role = "{" + row["role"] + "}" if row.get("role") else ""
            print(f"  {row['head']} -{row['relation']}{role}-> {row['tail']!r}   | {text[start:end][:60]}")


if __name__ == "__main__":
    main()
