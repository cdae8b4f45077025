"""Train zhkg's NER and ship it: one command, from ../shared/corpora to extract/resources/ner.

    python training/ner.py ../shared/corpora [--steps 30000] [--output training/output]

1. ``training/corpus.py``: MSRA train + CLUENER train (mapped) and MSRA dev as DocBins;
2. ``spacy train training/ner.cfg`` (seeded; model-best is the best MSRA dev F1);
3. model-best is copied to ``extract/resources/ner`` with its metadata filled in.
Training on 2 CPU cores takes hours; ``--steps`` bounds it, and spaCy keeps
``model-best`` on disk after every evaluation, so an interrupted run still
leaves a model to ship with ``--package-only``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET = ROOT / "extract" / "resources" / "ner"


def package(best: Path) -> None:
    meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
    meta.update(
        name="zhkg_ner",
        version="0.1.0",
        description="Character-level Chinese NER (PERSON, ORG, LOC) for zhkg: hash embeddings of character, bigram "
        "and shape, CNN encoder, transition-based NER. Trained by training/ner.py.",
        license="Trained on MSRA NER (SIGHAN 2006) and CLUENER2020 train; see ../shared/corpora/*/SOURCE.txt",
        sources=[{"name": "MSRA NER train.bio"}, {"name": "CLUENER2020 train.json (mapped to PERSON/ORG/LOC)"}],
    )
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(best, TARGET)
    (TARGET / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    size = sum(f.stat().st_size for f in TARGET.rglob("*") if f.is_file()) / 1e6
    print(f"shipped {best} -> {TARGET} ({size:.1f} MB), dev F1 {meta['performance']['ents_f']:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", type=Path)
    ap.add_argument("--steps", type=int, default=30000)
    ap.add_argument("--output", type=Path, default=HERE / "output")
    ap.add_argument("--package-only", action="store_true", help="ship OUTPUT/model-best without training")
    args = ap.parse_args()
    if not args.package_only:
        subprocess.run([sys.executable, str(HERE / "corpus.py"), str(args.corpora), str(HERE / "corpus")], check=True, cwd=ROOT)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "spacy",
                "train",
                str(HERE / "ner.cfg"),
                "--output",
                str(args.output),
                "--code",
                str(HERE / "code.py"),
                "--training.max_steps",
                str(args.steps),
            ],
            check=True,
            cwd=ROOT,
        )
    package(args.output / "model-best")


if __name__ == "__main__":
    main()
