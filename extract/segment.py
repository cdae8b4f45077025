"""Word segmentation with spacy-pkuseg, the segmenter of spaCy's own Chinese pipelines.

zhkg ships a compact pkuseg model (``extract/resources/pkuseg``, trained by
``training/pkuseg.py`` on UD Chinese GSDSimp plus LAC-segmented news), so
nothing is downloaded. A bigger model is chosen by path, or by the name of
a pkuseg model already in ``~/.pkuseg`` (``mixed``, ``news`` … fetched there
by the user beforehand: zhkg never downloads at run time).

>>> nlp = pkuseg_nlp()
>>> [t.text for t in nlp("安远社区工会专干刘馨蕊拨通了电话")]  # doctest: +SKIP
['安远', '社区', '工会', '专干', '刘馨蕊', '拨通', '了', '电话']
"""

from __future__ import annotations

import os
from pathlib import Path

import spacy
from spacy.language import Language

PKUSEG_MODEL = Path(__file__).parent / "resources" / "pkuseg"


def pkuseg_model_path(model: str = "zhkg") -> Path:
    """Resolve ``zhkg`` (the shipped model), a folder, or a pkuseg model name in ``~/.pkuseg``."""
    if model == "zhkg":
        return PKUSEG_MODEL
    path = Path(model)
    if not path.is_dir():
        path = Path(os.getenv("PKUSEG_HOME", "~/.pkuseg")).expanduser() / model
    if not (path / "features.msgpack").is_file() and not (path / "features.pkl").is_file():
        raise FileNotFoundError(f"no pkuseg model at {model!r} (looked in {path}); zhkg does not download models")
    return path


def pkuseg_nlp(model: str = "zhkg") -> Language:
    """A blank spaCy ``zh`` pipeline whose tokenizer is pkuseg with ``model``."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model_path(model)), pkuseg_user_dict="default")
    return nlp
