"""Make tests/gold/xinwenlianbo.jsonl from the two reviewed drafts, with its split (run from the project root).

    python tests/gold/make_gold.py

The split is made once and by kind: within each kind, in file order, items go to ``dev`` and
``dev-test`` in turn, so both parts hold every kind of news.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
DRAFTS = [HERE / "drafts" / "draft_2022_2023.jsonl", HERE / "drafts" / "draft_2024_2026.jsonl"]


def main() -> None:
    items = [json.loads(line) for path in DRAFTS for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items.sort(key=lambda r: (r["kind"], r["file"], r["start"]))
    seen: dict[str, int] = {}
    for item in items:
        n = seen[item["kind"]] = seen.get(item["kind"], -1) + 1
        item["split"] = "dev" if n % 2 == 0 else "dev-test"
    items.sort(key=lambda r: (r["file"], r["start"]))
    keys = ("file", "start", "end", "headline_start", "headline_end", "kind", "split", "entities", "relations")
    with open(HERE / "xinwenlianbo.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for item in items:
            f.write(json.dumps({k: item[k] for k in keys}, ensure_ascii=False) + "\n")
    print(f"{len(items)} items: {sum(i['split'] == 'dev' for i in items)} dev, {sum(i['split'] == 'dev-test' for i in items)} dev-test")


if __name__ == "__main__":
    main()
