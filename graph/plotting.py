"""A Chinese font for matplotlib, found or explained: notebooks call :func:`use_cjk_font` before plotting.

Without a CJK font matplotlib draws every Chinese label as a box and warns
"Glyph … missing from font" once per character. A font installed after
matplotlib built its font cache (``apt-get install fonts-noto-cjk`` in a
running session) is not seen either: the cache is rebuilt once before giving up.

>>> use_cjk_font() in CJK_FONTS + (None,)
True
"""

from __future__ import annotations

# The first of these that matplotlib knows is used; each has the simplified Chinese glyphs.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)
FIX = (
    "no Chinese font found for matplotlib: labels will show as boxes. Install one "
    "(Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; macOS and Windows have PingFang SC / Microsoft YaHei), "
    "then restart the kernel"
)


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese: set the first installed font of :data:`CJK_FONTS` and return its name,
    or print how to install one (:data:`FIX`) and return None."""
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    found = _first_known(font_manager.fontManager)
    if found is None:  # installed after the cache was built: read the system's fonts again
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
        found = _first_known(font_manager.fontManager)
    if found is None:
        print(f"zhkg: {FIX}")
        return None
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = [found, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack U+2212
    return found


def _first_known(manager) -> str | None:
    names = {f.name for f in manager.ttflist}
    return next((name for name in CJK_FONTS if name in names), None)
