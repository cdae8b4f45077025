"""Entity quality and speed of every backbone, in one run on one machine.

    python bench/ner.py [--corpora ../shared/corpora] [--limit N]

For each backbone (the names branch on LAC's encoder, by MSRA's and by
CLUENER's conventions; the CRF over characters and LAC's tags; zhkg's character
NER; that NER on LAC's words with LAC filling gaps; LAC; each alone and with
zhkg's rule layer; jieba.posseg; any installed spaCy zh_core_web_* pipeline):
exact-span micro F1 on MSRA NER test, CLUENER2020 dev (its published dev
set, ``test.json`` here; labels mapped as ``zhkg evaluate --help`` says) and
Weibo NER test, characters per second over all three, peak RSS and model size.
Each backbone runs in its own process, one CPU thread where it can be set,
over the sentences batched as ``zhkg build`` batches articles
(:func:`extract.score.doc_spans`).
Test splits are only read here, never trained or tuned on.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
from pathlib import Path

from common import dir_mb, in_subprocess, lac_mb, machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD = {
    "MSRA test": ("msra-ner/test.bio", "bio"),
    "CLUENER dev": ("cluener2020/test.json", "cluener"),
    "Weibo test": ("weibo-ner/weiboNER_2nd_conll.test", "bio"),
}
BACKBONES = [
    *("lac-ner", "lac-ner+rules", "lac-ner-cluener", "lac-ner-cluener+rules", "lac-crf", "lac-crf+rules", "zhkg", "zhkg+rules"),
    *("zhkg-lac", "zhkg-lac+rules", "lac", "lac+rules", "jieba.posseg"),
]
JIEBA_TYPES = {"nr": "PERSON", "ns": "LOC", "nt": "ORG"}


def predictor(name: str):
    """(texts -> span sets, model size in MB) for a backbone name."""
    if name == "jieba.posseg":
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        jieba.initialize()

        def predict(texts):
            out = []
            for text in texts:
                spans, pos = set(), 0
                for word, flag in jieba.posseg.cut(text):
                    if flag in JIEBA_TYPES:
                        spans.add((pos, pos + len(word), JIEBA_TYPES[flag]))
                    pos += len(word)
                out.append(spans)
            return out

        return predict, dir_mb(Path(jieba.__file__).parent / "dict.txt")
    import extract
    from extract.crf import CRF_MODEL
    from extract.lac_ner import HEAD
    from extract.score import doc_spans

    backbone, _, rules = name.partition("+")
    nlp = extract.load(backbone, threads=1, rules=bool(rules))
    if backbone == "lac":
        size = lac_mb()
    elif backbone == "zhkg":
        size = dir_mb(extract.NER_MODEL)
    elif backbone == "zhkg-lac":
        size = dir_mb(extract.NER_MODEL) + lac_mb()
    elif backbone == "lac-crf":
        size = dir_mb(CRF_MODEL.parent) + lac_mb()
    elif backbone.startswith("lac-ner"):
        size = dir_mb(HEAD) + lac_mb()
    else:
        size = dir_mb(Path(nlp.path)) if nlp.path else 0.0
    return doc_spans(nlp), size


def one(name: str, corpora: Path, limit: int) -> dict:
    from extract.gold import open_gold
    from extract.score import evaluate

    predict, size = predictor(name)
    result = {"backbone": name, "model_mb": round(size, 1)}
    chars = seconds = 0.0
    for label, (rel, fmt) in GOLD.items():
        path = corpora / rel
        if not path.exists():
            continue
        examples = open_gold(str(path), fmt)
        scores = evaluate(predict, examples[:limit] if limit else examples)
        result[label] = scores["micro"]["f1"]
        result[label + " per type"] = {t: s["f1"] for t, s in scores["per_type"].items()}
        chars += scores["chars"]
        seconds += scores["seconds"]
    result["chars_per_second"] = round(chars / seconds) if seconds else 0
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def installed_spacy_pipelines() -> list[str]:
    import spacy.util

    return [f"spacy:{p}" for p in sorted(spacy.util.get_installed_models()) if p.startswith("zh_")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--limit", type=int, default=0, help="first N sentences of each set (quick look; 0 = all)")
    ap.add_argument("--backbone", action="append", metavar="NAME", help="only these (repeatable)")
    ap.add_argument("--json", action="store_true", help="one JSON object per backbone instead of a table")
    ap.add_argument("--one", metavar="NAME", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.corpora, args.limit), ensure_ascii=False))
        return
    print(f"machine: {machine()}")
    cols = [*GOLD, "chars_per_second", "peak_rss_mb", "model_mb"]
    if not args.json:
        print("| backbone | " + " | ".join(cols) + " |")
        print("|---" * (len(cols) + 1) + "|")
    for name in args.backbone or BACKBONES + installed_spacy_pipelines():
        r = in_subprocess(__file__, name, "--corpora", str(args.corpora), "--limit", str(args.limit))
        if args.json:
            print(json.dumps(r, ensure_ascii=False), flush=True)
        else:
            print(f"| {name} | " + " | ".join(str(r.get(c, r.get("error", "-"))) for c in cols) + " |", flush=True)


if __name__ == "__main__":
    main()
