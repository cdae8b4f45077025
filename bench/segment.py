"""Word segmentation: F1 on held-out gold, characters per second and peak memory.

    python bench/segment.py [--corpora ../shared/corpora]

Segmenters: zhkg's shipped pkuseg model (extract/resources/pkuseg), LAC and
jieba; a pkuseg model you have can be added with --pkuseg PATH. Gold: UD
Chinese GSDSimp test (Wikipedia) and the SIGHAN 2005 PKU and MSR test sets
(news; a different word standard from UD, so lower figures are expected for
everyone). None of them was trained on. Each segmenter runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from common import dir_mb, in_subprocess, lac_mb, machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD = {
    "UD test": "ud-chinese-gsdsimp/zh_gsdsimp-ud-test.conllu",
    "PKU test": "icwb2-sighan2005/gold/pku_test_gold.utf8",
    "MSR test": "icwb2-sighan2005/gold/msr_test_gold.utf8",
}


def gold_sentences(path: Path) -> list[list[str]]:
    if path.suffix == ".conllu":
        from training.pkuseg import conllu_sentences

        return conllu_sentences(path)
    return [line.split() for line in path.read_text(encoding="utf-8").splitlines() if line.split()]


def spans(words: list[str]) -> set[tuple[int, int]]:
    out, pos = set(), 0
    for w in words:
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out


def segmenter(name: str):
    if name == "lac":
        from extract.lac import _lac

        lac = _lac(threads=1)
        return lambda text: [w for w, _ in lac.run(text)], lac_mb()
    if name == "jieba":
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        return lambda text: list(jieba.cut(text)), dir_mb(Path(jieba.__file__).parent / "dict.txt")
    from extract.segment import pkuseg_model_path, pkuseg_nlp

    nlp = pkuseg_nlp(name)
    return lambda text: [t.text for t in nlp.make_doc(text)], dir_mb(pkuseg_model_path(name))


def one(name: str, corpora: Path) -> dict:
    cut, size = segmenter(name)
    result = {"segmenter": name, "model_mb": round(size, 1)}
    chars = seconds = 0.0
    for label, rel in GOLD.items():
        path = corpora / rel
        if not path.exists():
            continue
        sents = gold_sentences(path)
        tp = ng = npred = 0
        start = time.perf_counter()
        predicted = [cut("".join(s)) for s in sents]
        seconds += time.perf_counter() - start
        for g, p in zip(sents, predicted):
            gs, ps = spans(g), spans([w for w in p if w.strip()])
            tp, ng, npred = tp + len(gs & ps), ng + len(gs), npred + len(ps)
            chars += sum(map(len, g))
        pr, rc = tp / npred, tp / ng
        result[label] = round(2 * pr * rc / (pr + rc), 4)
    result["chars_per_second"] = round(chars / seconds)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--pkuseg", action="append", default=[], metavar="PATH", help="another pkuseg model to compare")
    ap.add_argument("--one", metavar="NAME", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.corpora)))
        return
    print(f"machine: {machine()}")
    cols = [*GOLD, "chars_per_second", "peak_rss_mb", "model_mb"]
    print("| segmenter | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for name in ["zhkg", *args.pkuseg, "lac", "jieba"]:
        r = in_subprocess(__file__, name, "--corpora", str(args.corpora))
        label = "pkuseg (zhkg model)" if name == "zhkg" else name
        print(f"| {label} | " + " | ".join(str(r.get(c, r.get("error", "-"))) for c in cols) + " |", flush=True)


if __name__ == "__main__":
    main()
