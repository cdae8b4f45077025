"""Train the shipped spacy-pkuseg segmentation model.

    python training/pkuseg.py ../shared/corpora extract/resources/pkuseg

Gold: UD Chinese GSDSimp dev (CC BY-SA 4.0; its train file is not in the
corpora snapshot), repeated so it weighs against the silver data. Silver: news
sentences (MSRA NER train, CLUENER train) segmented by LAC, so the model knows
news vocabulary. SIGHAN 2005 data is not trained on (its terms cover the
competition only); it and UD test are for scoring (bench/segment.py).
Features seen fewer than ``--trim`` times are dropped to keep the model small.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from extract.gold import open_gold


def conllu_sentences(path: Path) -> list[list[str]]:
    """Words of each sentence in a CoNLL-U file (multi-word token lines skipped)."""
    sentences, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append(words)
            words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                words.append(cols[1])
    if words:
        sentences.append(words)
    return sentences


def silver_sentences(corpora: Path, limit_chars: int) -> list[list[str]]:
    """News sentences segmented by LAC, up to ``limit_chars`` characters."""
    from extract.lac import _lac

    texts = [t for t, _ in open_gold(str(corpora / "cluener2020/train.json"), "cluener")]
    texts += [t for t, _ in open_gold(str(corpora / "msra-ner/train.bio"), "bio")]
    out, total = [], 0
    lac = _lac(threads=1)
    for text in texts:
        if total >= limit_chars:
            break
        text = "".join(text.split())
        if not text:
            continue
        out.append([word for word, _tag in lac.run(text)])
        total += len(text)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--silver-chars", type=int, default=1_000_000)
    ap.add_argument("--gold-repeat", type=int, default=3)
    ap.add_argument("--trim", type=int, default=2, help="drop features seen this many times or fewer")
    ap.add_argument("--iterations", type=int, default=15)
    args = ap.parse_args()

    import spacy_pkuseg
    from spacy_pkuseg.config import config

    gold = conllu_sentences(args.corpora / "ud-chinese-gsdsimp/zh_gsdsimp-ud-dev.conllu")
    silver = silver_sentences(args.corpora, args.silver_chars)
    work = Path(tempfile.mkdtemp(prefix="pkuseg-"))
    train, dev = work / "train.txt", work / "dev.txt"
    train.write_text("".join(" ".join(s) + "\n" for s in gold * args.gold_repeat + silver), encoding="utf-8")
    dev.write_text("".join(" ".join(s) + "\n" for s in gold), encoding="utf-8")
    config.featureTrim = args.trim
    spacy_pkuseg.train(str(train), str(dev), str(work / "model"), train_iter=args.iterations)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("features.msgpack", "weights.npz"):
        shutil.copy(work / "model" / name, args.out / name)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
