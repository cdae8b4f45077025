"""What an ensemble of names branches would score: their name scores and transitions averaged, then decoded.

    python bench/branch_ensemble.py [--corpora ../shared/corpora] HEAD [HEAD ...]

HEAD: folders written by ``training/lac_ner.py`` (the shipped branch is
``extract/resources/lac_ner``; others come from the same recipe with another
``--seed``). zhkg ships one branch, not an ensemble: each branch costs as much
as LAC itself at run time. This measures what an ensemble would buy, on MSRA
dev and test (``msra`` layer) and CLUENER dev (``cluener`` layer), with the
chars/s of this script's loop (each branch runs with its own copy of LAC, one
thread). Test splits are reported, never chosen by.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import machine  # noqa: E402

from extract.gold import open_gold, tags_to_spans  # noqa: E402
from extract.lac import _Decoder, _lac, by_sentence, length_batches  # noqa: E402
from extract.lac_ner import branch_inputs, load_head, session  # noqa: E402
from extract.score import compare  # noqa: E402

GOLD = {
    "MSRA dev": ("msra-ner/dev.bio", "bio", "msra"),
    "MSRA test": ("msra-ner/test.bio", "bio", "msra"),
    "CLUENER dev": ("cluener2020/test.json", "cluener", "cluener"),
}


def ensemble_names(sentences: list[str], heads: list[Path], convention: str) -> list[set]:
    """Each sentence's names under the mean of the branches' name scores and transitions."""
    branches = []
    for head in heads:
        arrays, tags = load_head(str(head), convention)
        branches.append((session(1, str(head), convention).run, arrays))
    decoder = _Decoder(np.mean([arrays["transitions"] for _, arrays in branches], axis=0))
    order: list[int] = []
    for rows, ids in length_batches(sentences, _lac(1)):
        lengths = np.full(len(rows), ids.shape[1], dtype=np.int64)
        scores = [run(None, {"token_ids": ids, "length": lengths} | branch_inputs(ids, arrays))[1] for run, arrays in branches]
        decoder.add(np.mean(scores, axis=0))
        order.extend(rows)
    names = [set() for _ in sentences]
    for k, path in by_sentence(decoder.paths(), order, sentences):
        names[k] = set(tags_to_spans([tags[t] for t in path.tolist()]))
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("heads", nargs="+", type=Path)
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = ap.parse_args()
    print(machine())
    print(f"{len(args.heads)} branch(es): {', '.join(map(str, args.heads))}")
    for label, (rel, fmt, convention) in GOLD.items():
        gold = [record for record in open_gold(str(args.corpora / rel), fmt) if record[0]]
        started = time.perf_counter()
        names = ensemble_names([text for text, _ in gold], args.heads, convention)
        seconds = time.perf_counter() - started
        f1 = compare([set(spans) for _, spans in gold], names)["micro"]["f1"]
        print(f"{label}: F1 {f1:.4f}, {sum(len(text) for text, _ in gold) / seconds:,.0f} chars/s", flush=True)


if __name__ == "__main__":
    main()
