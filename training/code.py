"""``spacy train --code training/code.py``: registers zhkg's tokenizers (characters, LAC)."""

import extract  # noqa: F401
