"""Train the ``lac-crf`` backbone's CRF and ship it: one command, from ../shared/corpora to extract/resources/crf.

    python training/crf.py ../shared/corpora [--iterations 350] [--no-cluener]

1. LAC segments and tags every sentence of MSRA ``train.bio`` and CLUENER
   ``train.json`` (mapped to PERSON/ORG/LOC; ``--no-cluener`` leaves it out);
2. each character gets :func:`extract.crf.features` and its gold BIO label;
3. CRFsuite (L-BFGS, L1 0.05 / L2 0.01, features seen once dropped) trains
   for ``--iterations``;
4. the model is scored on MSRA ``dev.bio`` and written to
   ``extract/resources/crf/ner.crfsuite`` with ``meta.json``.
About 18 minutes on one core of a 2-core AMD EPYC. Test splits are never read.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.crf import CRF_MODEL, features  # noqa: E402
from extract.gold import open_gold, tags_to_spans  # noqa: E402
from extract.lac import segment  # noqa: E402
from extract.score import compare  # noqa: E402

PARAMS = {"c1": 0.05, "c2": 0.01, "feature.possible_transitions": True, "feature.minfreq": 2}


def bio(text: str, spans: list[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * len(text)
    for s, e, kind in spans:
        labels[s:e] = ["B-" + kind] + ["I-" + kind] * (e - s - 1)
    return labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", type=Path)
    ap.add_argument("--iterations", type=int, default=350)
    ap.add_argument("--no-cluener", action="store_true")
    ap.add_argument("--output", type=Path, default=CRF_MODEL)
    args = ap.parse_args()
    import pycrfsuite

    sources = [("msra-ner/train.bio", "bio")] + ([] if args.no_cluener else [("cluener2020/train.json", "cluener")])
    examples = [e for path, fmt in sources for e in open_gold(str(args.corpora / path), fmt) if e[0]]
    started = time.perf_counter()
    words = segment([text for text, _ in examples], threads=1)
    print(f"LAC on {len(examples):,} sentences: {time.perf_counter() - started:.0f} s", flush=True)
    trainer = pycrfsuite.Trainer(verbose=False)
    for (text, spans), ws in zip(examples, words):
        trainer.append(features(text, ws), bio(text, spans))
    trainer.set_params({**PARAMS, "max_iterations": args.iterations})
    args.output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.output))
    print(f"trained: {time.perf_counter() - started:.0f} s", flush=True)

    dev = [e for e in open_gold(str(args.corpora / "msra-ner/dev.bio"), "bio") if e[0]]
    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.output))
    predicted = [tags_to_spans(tagger.tag(features(text, ws))) for (text, _), ws in zip(dev, segment([t for t, _ in dev], threads=1))]
    scores = compare([spans for _, spans in dev], predicted)
    print(f"MSRA dev: {json.dumps(scores['micro'])}")
    meta = {
        "name": "zhkg_lac_crf",
        "trained_on": [path for path, _ in sources],
        "params": {**PARAMS, "max_iterations": args.iterations},
        "msra_dev": scores["micro"],
        "recipe": "python training/crf.py ../shared/corpora" + (" --no-cluener" if args.no_cluener else ""),
        "license": "Derived from MSRA NER (SIGHAN 2006) and CLUENER2020 train; see ../shared/corpora/*/SOURCE.txt",
    }
    (args.output.parent / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    size = args.output.stat().st_size / 1e6
    print(f"shipped {args.output} ({size:.1f} MB)")


if __name__ == "__main__":
    main()
