"""Speed and memory of `zhkg build` on the sample page repeated to about 1 MB.

    python bench/build_speed.py [--mb 1.0] [--jobs 1]

Prints the machine, characters, seconds, characters per second and peak RSS.
Each copy is a separate file, as a folder of pages would be.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from common import machine

from graph.cli import run_build

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "000_5e311010456c98bd.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=1.0, help="input size in millions of characters (default 1.0)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes, as zhkg build --jobs (default 1)")
    args = parser.parse_args()
    text = SAMPLE.read_text(encoding="utf-8")
    copies = max(1, round(args.mb * 1_000_000 / len(text)))
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in"
        inp.mkdir()
        for i in range(copies):
            (inp / f"page{i:04d}.txt").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        code = run_build([str(inp)], Path(tmp) / "out", progress=False, jobs=args.jobs)
        seconds = time.perf_counter() - start
    chars = copies * len(text)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"machine: {machine()}")
    print(f"input: {copies} copies of {SAMPLE.name} = {chars:,} characters (exit {code})")
    workers = f", largest worker {workers_mb:.0f} MB" if args.jobs > 1 else ""
    print(f"zhkg build --jobs {args.jobs}: {seconds:.1f} s, {chars / seconds:,.0f} chars/s, peak RSS {rss_mb:.0f} MB{workers}")


if __name__ == "__main__":
    main()
