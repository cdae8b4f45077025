"""Event triggers and arguments on held-out CEC documents.

    PYTHONPATH=. python bench/events.py [../shared/corpora] [--json]

Held out: every 5th CEC document in sorted path order
(``training.event_triggers.held_out``); the trigger lexicon is counted on the
rest. Each document is the text content of its XML (title line, then the
sentences, whitespace removed) and the Denoter/argument offsets in it.

Scored (micro P/R/F1 over all held-out documents):

* ``trigger``: exact character span of the trigger;
* ``+type``: exact span and type, CEC's Denoter mapped to ours by
  ``training.event_triggers.our_type`` (emergency -> fire/earthquake/… by the
  word and the document's category; stateChange -> death/injury by the word,
  else state_change; operation/movement -> rescue by the word, else
  operation/movement; action, perception, statement keep their names);
* ``arg exact`` / ``arg overlap``: arguments of correctly identified triggers
  (same span as a gold Denoter). Our ``Event.time`` is compared with CEC
  Time, places with Location, every other role with Participant or Object.
  Exact = same character span; overlap = the spans share a character (each
  gold argument matched at most once). Denominators are all predicted and all
  gold arguments (of events in the row's scope).

Rows: ``default`` is the component as shipped (our news and emergency
types); ``generic`` adds CEC's coarse kinds (``config={"generic": True}``).
``all CEC`` scores against every gold trigger; ``claimed`` only against gold
triggers whose mapped type the default component can emit (and only
predictions of those types).

Last run (2 cores, LAC backbone; 93 documents, 1,613 gold events, 315 of
them in claimed types): default/claimed trigger F1 0.58 (P 0.54, R 0.63),
+type the same; default/all CEC trigger F1 0.21 (R 0.13: most CEC events are
coarse kinds we do not emit); generic/all CEC trigger F1 0.57, +type 0.49.
Arguments are weak (overlap F1 0.17 on claimed): ours are named entities
and one time per sentence, CEC's are phrases (一辆大客车, 5人, 现场) and its
Time goes on one event of the sentence only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine  # noqa: E402
from training.event_triggers import cec_split, our_type  # noqa: E402


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "pred": n_pred, "gold": n_gold}


def _role(role: str) -> set[str]:
    if role == "time":
        return {"Time"}
    if role == "place":
        return {"Location"}
    return {"Participant", "Object"}


def score(docs, predictions, claimed: set[str] | None) -> dict[str, dict]:
    """``predictions[i]`` = list of (start, end, type, [(start, end, role)]) for docs[i]."""
    counts = {k: [0, 0, 0, 0] for k in ("trigger", "+type", "arg exact", "arg overlap")}
    for doc, preds in zip(docs, predictions):
        gold = []
        for ev in doc.events:
            kind = our_type(ev.trigger.text, ev.trigger.tag, doc.category)
            if claimed is None or kind in claimed:
                gold.append((ev.trigger.start, ev.trigger.end, kind, [(a.start, a.end, a.tag) for a in ev.args]))
        preds = [p for p in preds if claimed is None or p[2] in claimed]
        gold_spans = {(s, e): (k, args) for s, e, k, args in gold}
        pred_spans = {(s, e): (k, args) for s, e, k, args in preds}
        for key in ("trigger", "+type"):
            counts[key][1] += len(pred_spans)
            counts[key][3] += len(gold_spans)
        counts["trigger"][0] += len(gold_spans.keys() & pred_spans.keys())
        counts["trigger"][2] += len(gold_spans.keys() & pred_spans.keys())
        typed = sum(1 for k in gold_spans.keys() & pred_spans.keys() if gold_spans[k][0] == pred_spans[k][0])
        counts["+type"][0] += typed
        counts["+type"][2] += typed
        n_pred_args = sum(len(a) for _, a in pred_spans.values())
        n_gold_args = sum(len(a) for _, a in gold_spans.values())
        for key in ("arg exact", "arg overlap"):
            counts[key][1] += n_pred_args
            counts[key][3] += n_gold_args
        for span in gold_spans.keys() & pred_spans.keys():
            g_args, p_args = gold_spans[span][1], pred_spans[span][1]
            for key, same in (("arg exact", lambda a, b: a[:2] == b[:2]), ("arg overlap", lambda a, b: a[0] < b[1] and b[0] < a[1])):
                taken: set[int] = set()
                for p in p_args:
                    hit = next((n for n, g in enumerate(g_args) if n not in taken and g[2] in _role(p[2]) and same(p, g)), None)
                    if hit is not None:
                        taken.add(hit)
                counts[key][0] += len(taken)
                counts[key][2] += len(taken)
    return {k: prf(*v) for k, v in counts.items()}


GOLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "events_gold.jsonl"


def bench_cec(nlp, corpora: Path) -> dict:
    """Trigger, type and argument scores on the held-out fifth of CEC, default and generic variants."""
    from extract.events import GENERIC, HAND_TYPES, find_events, lexicon

    docs = cec_split(corpora, "heldout")
    claimed = set(HAND_TYPES) | {kind for kind, _, _ in lexicon().values() if kind not in GENERIC}
    preds: dict[str, list] = {"default": [], "generic": []}
    n_sents = 0
    t0 = time.perf_counter()
    for doc_ in nlp.pipe(d.text for d in docs):
        n_sents += sum(1 for _ in doc_.sents)
        for variant in preds:
            find_events(doc_, generic=variant == "generic")
            preds[variant].append(
                [
                    (
                        e.trigger.start_char,
                        e.trigger.end_char,
                        e.type,
                        [(a.start_char, a.end_char, r) for a, r in e.args]
                        + ([(e.time.start_char, e.time.end_char, "time")] if e.time is not None else []),
                    )
                    for e in doc_._.events
                ]
            )
    seconds = time.perf_counter() - t0
    chars = sum(len(d.text) for d in docs)
    results = {
        f"{variant} / {scope}": score(docs, preds[variant], None if scope == "all CEC" else claimed)
        for variant in preds
        for scope in ("all CEC", "claimed")
    }
    return {
        "documents": len(docs),
        "gold_events": sum(len(d.events) for d in docs),
        "sentences": n_sents,
        "chars": chars,
        "seconds": round(seconds, 2),
        "chars_per_s": round(chars / seconds),
        "claimed_types": sorted(claimed),
        "results": results,
    }


def print_cec(out: dict) -> None:
    print(
        f"# CEC held-out: {out['documents']} documents, {out['gold_events']} gold events, {out['sentences']} sentences (ours), "
        f"{out['chars']} chars, {out['seconds']:.1f} s, {out['chars_per_s']} chars/s (LAC pipeline + events, both variants)"
    )
    cols = ("trigger", "+type", "arg exact", "arg overlap")
    print(f"{'rows':26}" + "".join(f"{c + ' P/R/F1':>24}" for c in cols) + f"{'pred':>7}{'gold':>7}")
    for name, res in out["results"].items():
        cells = "".join(f"{res[c]['p']:>8.3f}{res[c]['r']:>8.3f}{res[c]['f1']:>8.3f}" for c in cols)
        print(f"{name:26}{cells}{res['trigger']['pred']:>7}{res['trigger']['gold']:>7}")


def bench_gold(nlp, path: Path = GOLD) -> dict:
    """Events on sentences written for the tests: (type, trigger) P/R/F1, arguments (role, text) and ISO dates."""
    import extract
    from extract.pages import Article

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [Article(f"g{i}", "gold", 0, len(r["text"]), r["text"], date=r.get("article_date", "")) for i, r in enumerate(rows)]
    counts = {"event": [0, 0, 0], "argument": [0, 0, 0], "date": [0, 0]}  # tp, pred, gold; date: right, gold
    for row, doc in zip(rows, extract.process(nlp, articles)):
        found = {(e.type, e.trigger.text): e for e in doc._.events}
        gold = {(g["type"], g["trigger"]): g for g in row["events"]}
        counts["event"][0] += len(found.keys() & gold.keys())
        counts["event"][1] += len(found)
        counts["event"][2] += len(gold)
        for key, g in gold.items():
            want = {(role, name) for role, names in g.get("args", {}).items() for name in names}
            e = found.get(key)
            got = set()
            if e is not None:
                got = {(role, span.text) for span, role in e.args if role != "place"} | ({("place", e.place.text)} if e.place else set())
            counts["argument"][0] += len(want & got)
            counts["argument"][1] += len(got)
            counts["argument"][2] += len(want)
            if "date" in g:
                counts["date"][1] += 1
                counts["date"][0] += bool(e) and e.date == g["date"]
    out = {k: prf(v[0], v[1], v[0], v[2]) for k, v in counts.items() if k != "date"}
    out["date_accuracy"] = round(counts["date"][0] / counts["date"][1], 3) if counts["date"][1] else None
    out["sentences"] = len(rows)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="?", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"))
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = ap.parse_args(argv)
    corpora = Path(args.corpora)
    if not (corpora / "cec" / "CEC").exists():
        print(f"no CEC under {corpora}", file=sys.stderr)
        return 2

    import extract

    nlp = extract.load()
    out = {"machine": machine(), "gold": bench_gold(nlp), **bench_cec(nlp, corpora)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"# {out['machine']}")
    print_gold(out["gold"])
    print_cec(out)
    return 0


def print_gold(g: dict) -> None:
    print(
        f"# written gold ({g['sentences']} sentences): events (type+trigger) P/R/F1 "
        f"{g['event']['p']:.3f}/{g['event']['r']:.3f}/{g['event']['f1']:.3f}; arguments "
        f"{g['argument']['p']:.3f}/{g['argument']['r']:.3f}/{g['argument']['f1']:.3f}; ISO date right {g['date_accuracy']}"
    )


if __name__ == "__main__":
    sys.exit(main())
