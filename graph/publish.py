"""Publishing a build's outputs into its folder as a whole: readers see the old set or the new one, never a mix.

A build writes every output into ``OUT/.zhkg/staging/``. :func:`publish` then

1. writes the manifest (``OUT/.zhkg/manifest.json``) with ``"state":
   "publishing"``, the files about to move, and the previous manifest;
2. for each output, hard-links the one in place into ``OUT/.zhkg/previous/``
   and renames the staged one over it;
3. writes the manifest again with ``"state": "complete"`` and each file's
   size, then removes the backups.

If a move fails (an output that cannot be replaced), the files already moved
are put back from their backups and the previous manifest is restored, so
the folder holds exactly its previous outputs. If the process dies during
step 2 (kill -9, power), the manifest still says ``publishing``: the next
build calls :func:`recover` first, which rolls the folder back the same way.
Readers trust the manifest: :func:`check` raises :class:`Unpublished` for a
folder whose manifest is not ``complete`` or whose files do not match it.

>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> stage = out / STAGING
>>> stage.mkdir(parents=True)
>>> _ = (stage / "graph.json").write_text("{}")
>>> publish(stage, out, {"inputs": []})
>>> check(out)["files"]
{'graph.json': 2}
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from graph.export import write_report

ZHKG = Path(".zhkg")
MANIFEST = ZHKG / "manifest.json"  # marks a folder zhkg wrote; holds the last build's inputs and files
STAGING = ZHKG / "staging"
PREVIOUS = ZHKG / "previous"  # hard links to the outputs being replaced, while publishing


class Unpublished(RuntimeError):
    """An output folder whose files are not one build's complete set (a publish was interrupted)."""


def manifest(out: Path) -> dict:
    """What zhkg recorded about the last build in ``out`` (inputs, pipeline version, files); {} if none."""
    try:
        data = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def publish(stage: Path, out: Path, record: dict) -> None:
    """Move every file of ``stage`` into ``out`` as one set and record it in the manifest (see the module)."""
    out, stage = Path(out), Path(stage)
    names = sorted(p.name for p in stage.iterdir())
    for name in names:  # an output that cannot be replaced fails here, before anything moved
        if (out / name).is_dir() and not (out / name).is_symlink():
            raise IsADirectoryError(f"{out / name} is a folder: cannot replace it with the new {name}")
    previous = manifest(out)
    previous.pop("previous", None)
    write_report({"state": "publishing", "moving": names, "previous": previous}, out / MANIFEST)
    backup = out / PREVIOUS
    shutil.rmtree(backup, ignore_errors=True)
    backup.mkdir(parents=True)
    try:
        for name in names:
            if (out / name).exists():
                os.link(out / name, backup / name)
            os.replace(stage / name, out / name)
    except BaseException:
        _roll_back(out, names)
        raise
    files = {name: (out / name).stat().st_size for name in names}
    write_report({**record, "state": "complete", "files": files}, out / MANIFEST)
    shutil.rmtree(backup, ignore_errors=True)
    shutil.rmtree(stage, ignore_errors=True)


def recover(out: Path) -> bool:
    """Undo a publish that was interrupted (the manifest still says ``publishing``); True if there was one.

    The folder gets back the outputs it had before that build, and its manifest."""
    out = Path(out)
    data = manifest(out)
    if data.get("state") != "publishing":
        return False
    _roll_back(out, [n for n in data.get("moving", []) if isinstance(n, str) and "/" not in n and n not in ("", ".", "..")])
    return True


def check(out: Path) -> dict:
    """The manifest of ``out`` if its outputs are one complete build; else raise :class:`Unpublished`.

    A folder from before manifests listed their files (no ``files``) is trusted as it is."""
    data = manifest(out)
    if data.get("state") == "publishing":
        raise Unpublished(f"{out}: a build was interrupted while publishing its outputs; run 'zhkg build' on it again")
    for name, size in data.get("files", {}).items():
        path = Path(out) / name
        if not path.is_file() or path.stat().st_size != size:
            raise Unpublished(f"{out}: {name} is not the file the last build wrote (changed or missing); run 'zhkg build' again")
    return data


def _roll_back(out: Path, names: list[str]) -> None:
    """Put the previous outputs back: each moved file from its backup, or removed if it is new."""
    backup = out / PREVIOUS
    data = manifest(out)
    before = data.get("previous", {}) if data.get("state") == "publishing" else data
    for name in names:
        if (backup / name).exists():
            os.replace(backup / name, out / name)
        elif not (out / STAGING / name).exists():
            (out / name).unlink(missing_ok=True)  # moved, and new: the previous build had no such file
    if before:
        write_report(before, out / MANIFEST)
    else:
        (out / MANIFEST).unlink(missing_ok=True)
    shutil.rmtree(backup, ignore_errors=True)
