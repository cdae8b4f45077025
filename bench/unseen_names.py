"""How much of a names branch's MSRA dev score is memory: F1 on names seen in MSRA train and on the rest.

    python bench/unseen_names.py [--corpora ../shared/corpora] [HEAD ...]

84% of MSRA dev's names occur in MSRA train (dev is every 20th sentence of
the official train, so it shares articles with it); the unseen names show
what the branch learnt rather than remembered. HEAD: a folder written by
``training/lac_ner.py`` (default: the shipped ``extract/resources/lac_ner``).
Dev only: no test split is read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.gold import open_gold  # noqa: E402
from extract.lac import analyse  # noqa: E402
from extract.lac_ner import HEAD  # noqa: E402
from extract.score import compare  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("heads", nargs="*", type=Path, default=[HEAD])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = ap.parse_args()
    train = open_gold(str(args.corpora / "msra-ner/train.bio"), "bio")
    seen = {text[s:e] for text, spans in train for s, e, _ in spans}
    dev = [e for e in open_gold(str(args.corpora / "msra-ner/dev.bio"), "bio") if e[0]]
    for head in args.heads:
        _, names = analyse([text for text, _ in dev], head=str(head), convention="msra")
        line = [str(head)]
        for label, keep in (("seen", True), ("unseen", False)):
            gold = [{n for n in spans if (text[n[0] : n[1]] in seen) == keep} for text, spans in dev]
            found = [{n for n in ns if (text[n[0] : n[1]] in seen) == keep} for (text, _), ns in zip(dev, names)]
            micro = compare(gold, found)["micro"]
            line.append(f"{label}: {sum(map(len, gold)):,} names, P {micro['p']:.3f} R {micro['r']:.3f} F1 {micro['f1']:.3f}")
        print("  ".join(line))


if __name__ == "__main__":
    main()
