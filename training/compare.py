"""Which tokenization should the NER read? Train ``ner.cfg`` on each for the same steps, report dev F1.

    python training/compare.py --steps 2000 [chars pkuseg lac]

chars: one token per character (ner.cfg as is); pkuseg: spaCy's pkuseg
segmenter with the shipped model; lac: LAC words. Word tokenizations embed
the word, its first and last characters (PREFIX/SUFFIX) instead of the
character bigram. A gold entity whose edges fall inside a word cannot be
found by a word model; the share of such entities in dev is printed too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from thinc.api import Config

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TOKENIZERS = {
    "chars": None,
    "pkuseg": {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "pkuseg"},
    "lac": {"@tokenizers": "zhkg.lac_tokenizer.v1", "threads": 1},
}


def config_for(name: str, steps: int) -> Config:
    config = Config().from_disk(HERE / "ner.cfg", interpolate=False)
    config["training"]["max_steps"] = steps
    config["training"]["eval_frequency"] = min(1000, steps)
    if TOKENIZERS[name]:
        config["nlp"]["tokenizer"] = TOKENIZERS[name]
        config["components"]["tok2vec"]["model"]["embed"]["attrs"] = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
        config["components"]["tok2vec"]["model"]["embed"]["rows"] = [50000, 6000, 20000, 200]
    if name == "pkuseg":
        from extract.segment import PKUSEG_MODEL

        config["initialize"]["tokenizer"] = {"pkuseg_model": str(PKUSEG_MODEL), "pkuseg_user_dict": "default"}
    return config


def alignable(name: str) -> float:
    """Share of dev entities whose start and end are token boundaries under ``name``."""
    import extract  # noqa: F401  (registers the tokenizers)

    nlp = spacy.util.load_model_from_config(config_for(name, 1), auto_fill=True)
    if name == "pkuseg":
        from extract.segment import PKUSEG_MODEL

        nlp.tokenizer.initialize(pkuseg_model=str(PKUSEG_MODEL), pkuseg_user_dict="default")
    ok = total = 0
    for ref in DocBin().from_disk(HERE / "corpus" / "dev" / "msra.spacy").get_docs(nlp.vocab):
        doc = nlp.make_doc(ref.text)
        edges = {t.idx for t in doc} | {len(doc.text)}
        for e in ref.ents:
            total += 1
            ok += e.start_char in edges and e.end_char in edges
    return ok / total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", default=list(TOKENIZERS))
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "zhkg-compare")
    args = ap.parse_args()
    for name in args.names:
        path = args.out / f"{name}.cfg"
        path.parent.mkdir(parents=True, exist_ok=True)
        config_for(name, args.steps).to_disk(path)
        subprocess.run(
            [sys.executable, "-m", "spacy", "train", str(path), "--output", str(args.out / name), "--code", str(HERE / "code.py")],
            check=True,
            cwd=HERE.parent,
        )
        meta = json.loads((args.out / name / "model-last" / "meta.json").read_text())
        print(
            json.dumps(
                {
                    "tokenization": name,
                    "steps": args.steps,
                    "dev_f1": round(meta["performance"]["ents_f"], 4),
                    "dev_entities_alignable": round(alignable(name), 4),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
