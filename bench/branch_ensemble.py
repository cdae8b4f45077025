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
from itertools import repeat
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import machine  # noqa: E402

from extract.gold import open_gold, tags_to_spans  # noqa: E402
from extract.lac import MAX_ROWS, _char_ids, _Decoder, _lac  # noqa: E402
from extract.lac_ner import BIGRAMS, LEXICON, bigram_ids, lexicon_features, load_head, session  # noqa: E402
from extract.score import compare  # noqa: E402

GOLD = {
    "MSRA dev": ("msra-ner/dev.bio", "bio", "msra"),
    "MSRA test": ("msra-ner/test.bio", "bio", "msra"),
    "CLUENER dev": ("cluener2020/test.json", "cluener", "cluener"),
}


def ensemble_names(sentences: list[str], heads: list[Path], convention: str) -> list[set]:
    """Each sentence's names under the mean of the branches' name scores and transitions."""
    lac = _lac(1)
    char_id, oov = _char_ids(lac), lac._oov_id
    branches = []
    for head in heads:
        arrays, tags = load_head(str(head), convention)
        branches.append((session(1, str(head), convention).run, arrays))
    decoder = _Decoder(np.mean([arrays["transitions"] for _, arrays in branches], axis=0))
    by_length: dict[int, list[int]] = {}
    for k, sentence in enumerate(sentences):
        by_length.setdefault(len(sentence), []).append(k)
    order: list[int] = []
    for length, members in sorted(by_length.items()):
        for b in range(0, len(members), MAX_ROWS):
            rows = members[b : b + MAX_ROWS]
            chars = "".join(sentences[k] for k in rows)
            ids = np.fromiter(map(char_id.get, chars, repeat(oov)), dtype=np.int64, count=len(chars)).reshape(len(rows), length)
            scores = []
            for run, arrays in branches:
                feed = {"token_ids": ids, "length": np.full(len(rows), length, dtype=np.int64)}
                feed[BIGRAMS] = bigram_ids(ids, arrays["bigram_keys"], int(arrays["bigram_base"]))
                feed[LEXICON] = lexicon_features(ids, arrays["lexicon_keys"], arrays["lexicon_classes"])
                scores.append(run(None, feed)[1])
            decoder.add(np.mean(scores, axis=0))
            order.extend(rows)
    path, at, names = decoder.paths(), 0, [set() for _ in sentences]
    for k in order:
        names[k] = set(tags_to_spans([tags[t] for t in path[at : at + len(sentences[k])].tolist()]))
        at += len(sentences[k])
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
