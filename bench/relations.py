"""Relation and event quality and speed of the pipeline, in one run: hand-written gold sets, DuIE, held-out CEC.

Events (the written ``tests/fixtures/events_gold.jsonl`` and CEC's held-out
fifth) are scored by bench/events.py's functions and printed after the
relation table.

    PYTHONPATH=. python bench/relations.py [--backbone NAME] [--limit N] [--json] [--errors] [--corpora ../shared/corpora]

1. ``tests/fixtures/relations_gold.jsonl``: 91 news-style sentences written
   for zhkg (not taken from a corpus or the sample page), every relation label
   at least six times with varied phrasing, and 18 sentences with entities but
   none of the relations (co-occurrence, negation, distractors). One JSON
   object a line: ``{"text", "relations": [{"head", "tail", "label", "role"}]}``,
   head and tail as they are written in the text. Conventions of the gold:

   - direction head -> tail as in :data:`LABELS`; ``met`` is symmetric;
   - ``said``: tail is ``""``, only speaker and label are scored;
   - ``role`` only on ``works_for`` (may be ``""`` when the text names none);
   - a place chain is cut as the pipeline cuts it (北京市海淀区 -> 北京市,
     海淀区): ``located_in`` goes to the nearest place, each link of the chain
     is a ``part_of`` (海淀区 part_of 北京市); a document is the text inside 《》.

2. DuIE (``duie-sample/dev.json``, 5,000 sentences from Baidu Baike and feeds):
   the predicates in :data:`DUIE` map to zhkg labels; everything else in DuIE
   (films, songs, books, birth places, spouses, dates …) is out of scope.
   Scored: the sentences with at least one mapped triple, and, separately, the
   relations zhkg finds on the sentences without one (they are false positives
   as far as DuIE knows). DuIE is not exhaustive for our labels (a 总裁 or a
   university's address is never annotated), so its precision is a lower bound;
   and most of its triples are stated without the surface patterns the rules
   read (a biography that names a school without 毕业于), so recall is low.

Matching: a predicted relation matches a gold one with the same label when its
head and tail each equal the gold string, as ``span.text`` or as
``span._.canonical`` (when set). "Lenient" also accepts either string
containing the other (西安 for 西安市委). Each gold relation matches at most one
prediction; duplicate predictions (same label, head and tail text) count once.
Predictions with labels outside :data:`LABELS` are counted, not scored. Role
accuracy: exact role string on strictly matched ``works_for`` pairs whose gold
role is not empty.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "relations_gold.jsonl"
DUIE = Path("duie-sample") / "dev.json"

# label: (head types, tail types), head -> tail
LABELS = {
    "works_for": ("PERSON", "ORG"),
    "member_of": ("PERSON", "ORG"),
    "graduated_from": ("PERSON", "ORG"),
    "part_of": ("ORG/LOC", "ORG/LOC"),
    "located_in": ("ORG", "LOC"),
    "contacted": ("PERSON", "PERSON"),
    "met": ("PERSON/ORG", "PERSON/ORG"),
    "visited": ("PERSON/ORG", "LOC/ORG"),
    "issued": ("ORG", "DOC"),
    "honored": ("PERSON/ORG", "DOC/ORG"),
    "said": ("PERSON/ORG", ""),
}
SYMMETRIC = {"met"}
NO_TAIL = {"said"}

# DuIE predicate (subject type -> object type in dev.json) -> (zhkg label, head is the subject?, role).
# Left out: 出生地/祖籍/国籍 (a person is not located_in), 父亲/母亲/妻子/丈夫 (kinship), 成立日期,
# 注册资本, 出品公司/出版社 (works, not documents an organisation issues), 首都 (a capital is part_of
# its country, but DuIE annotates no other part_of, so precision there would say nothing).
DUIE_MAP = {
    "毕业院校": ("graduated_from", True, ""),  # 人物 -> 学校, 341 triples
    "董事长": ("works_for", False, "董事长"),  # 企业 -> 人物, 6: head is the person
    "创始人": ("works_for", False, "创始人"),  # 企业 -> 人物, 13: founders usually lead what they found
    "总部地点": ("located_in", True, ""),  # 企业 -> 地点, 66
    "所在城市": ("located_in", True, ""),  # 景点 -> 城市, 21; a scenic spot the NER calls LOC would be part_of: a miss here
}


# ---------------------------------------------------------------- matching


IMPLIED = ("part_of", "located_in")


def names(x) -> tuple[str, ...]:
    """The strings a predicted head or tail may be matched by: its text and, if set, its canonical name."""
    if x is None:
        return ("",)
    if isinstance(x, str):
        return (x,)
    text = getattr(x, "text", str(x))
    canonical = getattr(getattr(x, "_", None), "canonical", "") or ""
    return (text, canonical) if canonical and canonical != text else (text,)


def predicted(doc) -> list[dict]:
    """``doc._.relations`` as dicts {label, head: names, tail: names, role}, duplicates dropped."""
    out, seen = [], set()
    for rel in doc._.relations or []:
        head, tail = names(rel.head), names(rel.tail)
        key = (rel.label, head[0], tail[0])
        if rel.label in SYMMETRIC:
            key = (rel.label, *sorted((head[0], tail[0])))
        if key in seen:
            continue
        seen.add(key)
        out.append({"label": rel.label, "head": head, "tail": tail, "role": getattr(rel, "role", "") or ""})
    return out


def _same(gold: str, pred: tuple[str, ...], lenient: bool) -> bool:
    if gold in pred:
        return True
    return lenient and any(p and gold and (p in gold or gold in p) for p in pred)


def matches(gold: dict, pred: dict, lenient: bool = False) -> bool:
    """Does a predicted relation (from :func:`predicted`) match a gold one ({head, tail, label})?"""
    if gold["label"] != pred["label"]:
        return False
    if gold["label"] in NO_TAIL or not gold["tail"]:
        return _same(gold["head"], pred["head"], lenient)
    pairs = [(pred["head"], pred["tail"])]
    if gold["label"] in SYMMETRIC:
        pairs.append((pred["tail"], pred["head"]))
    return any(_same(gold["head"], h, lenient) and _same(gold["tail"], t, lenient) for h, t in pairs)


def align(golds: list[dict], preds: list[dict], lenient: bool = False) -> list[tuple[int, int]]:
    """(gold index, prediction index) pairs, one-to-one; exact names first, then (lenient) containment."""
    pairs, used_g, used_p = [], set(), set()
    for loose in (False, True) if lenient else (False,):
        for i, g in enumerate(golds):
            if i in used_g:
                continue
            for j, p in enumerate(preds):
                if j not in used_p and matches(g, p, loose):
                    pairs.append((i, j))
                    used_g.add(i)
                    used_p.add(j)
                    break
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"gold": n_gold, "pred": n_pred, "tp": tp, "p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)}


def score(examples: Iterable[tuple[list[dict], list[dict]]], labels: Iterable[str] = LABELS) -> dict:
    """P/R/F1 per label and micro, strict and lenient, from (gold relations, predicted relations) per sentence.

    Predictions whose label is not in ``labels`` are counted under ``unscored``.
    """
    labels = list(labels)
    counts = {mode: {"tp": Counter(), "pred": Counter(), "gold": Counter()} for mode in ("strict", "lenient")}
    unscored, roles_ok, roles_n = Counter(), 0, 0
    for golds, preds in examples:
        golds = [g for g in golds if g["label"] in labels]
        unscored.update(p["label"] for p in preds if p["label"] not in labels)
        preds = [p for p in preds if p["label"] in labels]
        for mode in counts:
            pairs = align(golds, preds, lenient=mode == "lenient")
            c = counts[mode]
            c["gold"].update(g["label"] for g in golds)
            c["pred"].update(p["label"] for p in preds)
            c["tp"].update(golds[i]["label"] for i, _ in pairs)
            if mode == "strict":
                for i, j in pairs:
                    if golds[i]["label"] == "works_for" and golds[i].get("role"):
                        roles_n += 1
                        roles_ok += preds[j]["role"] == golds[i]["role"]
    result = {}
    for mode, c in counts.items():
        per = {lab: _prf(c["tp"][lab], c["pred"][lab], c["gold"][lab]) for lab in labels}
        micro = _prf(sum(c["tp"].values()), sum(c["pred"].values()), sum(c["gold"].values()))
        result[mode] = {"per_label": per, "micro": micro}
    result["role_accuracy"] = {"correct": roles_ok, "of": roles_n, "acc": round(roles_ok / roles_n, 3) if roles_n else None}
    result["unscored_predictions"] = dict(unscored)
    return result


# ---------------------------------------------------------------- data sets


def load_gold(path: Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def implied(doc) -> list[dict]:
    """The links the graph adds from names (part_of, located_in: graph/hierarchy.py), as dicts."""
    from graph.build import collect

    _, links = collect([doc])
    out = []
    for link in links:
        if link.relation in IMPLIED:
            head, tail = link.source.partition(":")[2], link.target.partition(":")[2]
            out.append({"label": link.relation, "head": (head,), "tail": (tail,), "role": link.role})
    return out


def run(nlp, texts: list[str]) -> tuple[list[list[dict]], float]:
    """Predicted relations per text (the Doc's and the graph's implied ones) and the seconds it took.

    Each text is one article, as ``zhkg build`` would see it.
    """
    import extract
    from extract.pages import Article

    start = time.perf_counter()
    articles = [Article(id=f"t{i}", source="bench", start=0, end=len(t), text=t) for i, t in enumerate(texts)]
    preds = []
    for doc in extract.process(nlp, articles):
        found = predicted(doc)
        seen = {(p["label"], p["head"][0], p["tail"][0]) for p in found}
        found += [p for p in implied(doc) if (p["label"], p["head"][0], p["tail"][0]) not in seen]
        preds.append(found)
    return preds, time.perf_counter() - start


def errors(rows: list[dict], preds: list[list[dict]]) -> list[dict]:
    """Per sentence of the gold set: the gold relations missed and the predictions matching none (strict)."""
    out = []
    for row, pred in zip(rows, preds):
        golds = row["relations"]
        pred = [p for p in pred if p["label"] in LABELS]
        pairs = align(golds, pred)
        missed = [golds[i] for i in range(len(golds)) if i not in {i for i, _ in pairs}]
        wrong = [pred[j] for j in range(len(pred)) if j not in {j for _, j in pairs}]
        if missed or wrong:
            out.append({"text": row["text"], "missed": missed, "false_positives": wrong})
    return out


def bench_gold(nlp, limit: int = 0, path: Path = GOLD, show_errors: bool = False) -> dict:
    rows = load_gold(path)[: limit or None]
    texts = [r["text"] for r in rows]
    preds, seconds = run(nlp, texts)
    result = score(zip([r["relations"] for r in rows], preds))
    if show_errors:
        result["errors"] = errors(rows, preds)
    chars = sum(map(len, texts))
    negatives = [p for r, p in zip(rows, preds) if not r["relations"]]
    result.update(
        sentences=len(rows),
        chars=chars,
        chars_per_second=round(chars / seconds) if seconds else 0,
        negative_sentences=len(negatives),
        predictions_on_negatives=sum(len([x for x in p if x["label"] in LABELS]) for p in negatives),
    )
    return result


def duie_gold(spo_list: list[dict]) -> list[dict]:
    """The mapped DuIE triples of one sentence as gold relations (duplicates dropped)."""
    out, seen = [], set()
    for spo in spo_list:
        if spo["predicate"] not in DUIE_MAP:
            continue
        label, subject_is_head, role = DUIE_MAP[spo["predicate"]]
        head, tail = (spo["subject"], spo["object"]) if subject_is_head else (spo["object"], spo["subject"])
        if (label, head, tail) in seen:
            continue
        seen.add((label, head, tail))
        out.append({"head": head, "tail": tail, "label": label, "role": role, "predicate": spo["predicate"]})
    return out


def bench_duie(nlp, path: Path, limit: int = 0) -> dict:
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()][: limit or None]
    texts = [r["text"] for r in rows]
    preds, seconds = run(nlp, texts)
    labels = sorted({label for label, _, _ in DUIE_MAP.values()}, key=list(LABELS).index)
    golds = [duie_gold(r["spo_list"]) for r in rows]
    with_gold = [i for i, g in enumerate(golds) if g]
    scored = score(((golds[i], preds[i]) for i in with_gold), labels)
    everything = score(zip(golds, preds), labels)
    without = [i for i, g in enumerate(golds) if not g]
    fp_without = Counter(p["label"] for i in without for p in preds[i] if p["label"] in labels)
    by_predicate, found = Counter(), Counter()
    for i in with_gold:
        pairs = align(golds[i], [p for p in preds[i] if p["label"] in labels])
        by_predicate.update(g["predicate"] for g in golds[i])
        found.update(golds[i][k]["predicate"] for k, _ in pairs)
    chars = sum(map(len, texts))
    return {
        "sentences": len(rows),
        "chars": chars,
        "chars_per_second": round(chars / seconds) if seconds else 0,
        "labels": labels,
        "sentences_with_mapped_triple": len(with_gold),
        "mapped_triples": sum(by_predicate.values()),
        "scored": scored,
        "all_sentences": {
            "micro": everything["strict"]["micro"],
            "per_label": everything["strict"]["per_label"],
            "sentences_without_mapped_triple": len(without),
            "false_positives_there": dict(fp_without),
        },
        "recall_by_predicate": {k: {"found": found[k], "of": n, "r": round(found[k] / n, 3)} for k, n in by_predicate.most_common()},
    }


# ---------------------------------------------------------------- output


def _cells(s: dict) -> str:
    return f"{s['gold']} | {s['pred']} | {s['tp']} | {s['p']:.3f} | {s['r']:.3f} | {s['f1']:.3f}"


def print_table(result: dict) -> None:
    print(f"machine: {result['machine']}")
    print(f"backbone: {result['backbone']}")
    sets = [("gold", result["gold"])]
    g = result["gold"]
    print(
        f"gold fixture: {g['sentences']} sentences ({g['negative_sentences']} without relations: "
        f"{g['predictions_on_negatives']} relations predicted there), {g['chars_per_second']} chars/s"
    )
    d = result["duie"]
    if "skipped" in d:
        print(f"DuIE: skipped ({d['skipped']})")
    else:
        print(
            f"DuIE dev: {d['sentences']} sentences, {d['chars_per_second']} chars/s; "
            f"{d['sentences_with_mapped_triple']} with a mapped triple ({d['mapped_triples']} triples) are scored below"
        )
        sets.append(("DuIE", d["scored"]))
    print()
    print("| set | label | gold | pred | tp | P | R | F1 | lenient P | lenient R | lenient F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, s in sets:
        for label, st in [*s["strict"]["per_label"].items(), ("micro", s["strict"]["micro"])]:
            le = s["lenient"]["micro"] if label == "micro" else s["lenient"]["per_label"][label]
            bold = "**" if label == "micro" else ""
            print(f"| {name} | {bold}{label}{bold} | {_cells(st)} | {le['p']:.3f} | {le['r']:.3f} | {le['f1']:.3f} |")
    print()
    for name, s in sets:
        ra = s["role_accuracy"]
        acc = f"{ra['acc']:.3f}" if ra["acc"] is not None else "-"
        print(f"{name}: works_for role exact on matched pairs: {ra['correct']}/{ra['of']} ({acc})", end="")
        print(f"; unscored labels predicted: {s['unscored_predictions']}" if s["unscored_predictions"] else "")
    if "skipped" not in d:
        a = d["all_sentences"]
        print(
            f"DuIE, all {d['sentences']} sentences: micro P {a['micro']['p']:.3f} ({a['micro']['tp']} of {a['micro']['pred']} predicted); "
            f"on the {a['sentences_without_mapped_triple']} sentences without a mapped triple: {sum(a['false_positives_there'].values())} "
            f"predicted {a['false_positives_there'] or ''}"
        )
        print("DuIE recall by predicate: " + ", ".join(f"{k} {v['found']}/{v['of']}" for k, v in d["recall_by_predicate"].items()))
    for e in result["gold"].get("errors", []):
        print(f"\n{e['text']}")
        for g in e["missed"]:
            print(f"  missed: {g['head']} -{g['label']}-> {g['tail']} {g['role']}".rstrip())
        for p in e["false_positives"]:
            print(f"  extra:  {'/'.join(p['head'])} -{p['label']}-> {'/'.join(p['tail'])} {p['role']}".rstrip())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backbone", default=None, help="passed to extract.load (default: its default backbone)")
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--limit", type=int, default=0, help="first N sentences of each set (0 = all)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--errors", action="store_true", help="also list the gold set's misses and false positives")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import machine

    import extract

    backbone = args.backbone or extract.DEFAULT_BACKBONE
    nlp = extract.load(backbone)
    nlp("预热：模型在第一句上加载。")  # warm-up, so the first set's chars/s does not pay for lazy loading
    result = {"machine": machine(), "backbone": backbone, "gold": bench_gold(nlp, args.limit, show_errors=args.errors)}
    path = args.corpora / DUIE
    if path.exists():
        result["duie"] = bench_duie(nlp, path, args.limit)
    else:
        result["duie"] = {"skipped": f"{path} not found (the shared corpora are not on this machine)"}
        print(f"DuIE skipped: {path} not found", file=sys.stderr)
    # Events in the same run: the written gold sentences and held-out CEC (bench/events.py).
    from events import bench_cec, print_cec, print_gold
    from events import bench_gold as bench_event_gold

    result["events_gold"] = bench_event_gold(nlp)
    if (args.corpora / "cec" / "CEC").exists():
        result["cec"] = bench_cec(nlp, args.corpora)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_table(result)
        print()
        print_gold(result["events_gold"])
        if "cec" in result:
            print_cec(result["cec"])


if __name__ == "__main__":
    main()
