"""Entity quality on the sample page: precision, recall and F1 of the graph's
PERSON/ORG/LOC nodes against the hand-made gold list ``data/sample_gold.tsv``.

    python bench/sample_entities.py [--show] [--backbone NAME]

Scoring is over unique canonical names per type, which is what a user of the
graph sees: a node is right when a reader would mark that name with that type.
Names marked IGNORE in the gold file are not scored either way.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import networkx as nx

from graph.cli import run_build
from graph.export import read_graphml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "000_5e311010456c98bd.txt"
GOLD = ROOT / "data" / "sample_gold.tsv"
TYPES = ("PERSON", "ORG", "LOC")


def load_gold(path: Path = GOLD) -> tuple[dict[str, list[str]], set[str]]:
    """name -> allowed types (first = the type it is scored under when missed), and the names to ignore."""
    gold: dict[str, list[str]] = {}
    ignore: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        types, name = line.split("\t")
        if types == "IGNORE":
            ignore.add(name)
        else:
            gold[name] = types.split("|")
    return gold, ignore


def score(G: nx.MultiDiGraph, gold: dict[str, list[str]], ignore: set[str]) -> dict:
    """Per-type and micro P/R/F1 of the graph's mentioned nodes against ``gold``.

    Nodes with no mention of their own (西安市 known only from inside 西安市总工会,
    as a located_in target) were not extracted from the text, so they are not scored.
    """
    predicted = {
        (d["type"], d["label"])
        for _, d in G.nodes(data=True)
        if d["type"] in TYPES and d["label"] not in ignore and int(d.get("mentions", 1)) > 0
    }
    # Each gold name is scored under one type: the allowed type it was found as, else its first.
    scored_as = {name: types[0] for name, types in gold.items()}
    for t, name in predicted:
        if t in gold.get(name, ()):
            scored_as[name] = t
    found = {name for t, name in predicted if t in gold.get(name, ())}
    result: dict = {"per_type": {}, "false_positives": [], "missed": []}
    totals = [0, 0, 0]
    for t in TYPES:
        pred_t = {name for tt, name in predicted if tt == t}
        tp = sum(1 for name in pred_t if t in gold.get(name, ()))
        gold_t = [n for n, st in scored_as.items() if st == t]
        result["per_type"][t] = _prf(tp, len(pred_t), len(gold_t))
        totals = [totals[0] + tp, totals[1] + len(pred_t), totals[2] + len(gold_t)]
        result["false_positives"] += sorted(f"{t}:{n}" for n in pred_t if t not in gold.get(n, ()))
    result["micro"] = _prf(*totals)
    result["missed"] = sorted(n for n in gold if n not in found)
    return result


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "predicted": n_pred, "gold": n_gold}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="list false positives and missed names")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--backbone", help="entity backbone, as zhkg build --backbone (default: zhkg's default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_build([str(SAMPLE)], Path(tmp), backbone=args.backbone, progress=False)
        G = read_graphml(Path(tmp) / "graph.graphml")
    result = score(G, *load_gold())
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    for t, s in [*result["per_type"].items(), ("micro", result["micro"])]:
        print(f"{t:7} P {s['p']:.3f}  R {s['r']:.3f}  F1 {s['f1']:.3f}  ({s['tp']} of {s['predicted']} predicted, {s['gold']} gold)")
    if args.show:
        print("false positives:", " ".join(result["false_positives"]) or "-")
        print("missed:", " ".join(result["missed"]) or "-")


if __name__ == "__main__":
    main()
