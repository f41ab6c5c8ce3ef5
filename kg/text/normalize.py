"""Arabic and English normalisation used for matching (never for display).

Folds the variants that spelling in the wild mixes freely: diacritics (harakat,
shadda, sukun, dagger alef), tatweel, alef forms (أ إ آ ٱ -> ا), alef maqsura
(ى -> ي), ta marbuta (ة -> ه), Persian/Urdu letter forms, Arabic-Indic digits,
typographic quotes and dashes, and Latin case. Length may change, so this layer
is for keys and lookups; offsets always refer to the original text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"

_CHAR_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ک": "ك",
        "ی": "ي",
        "ي": "ي",
        "ـ": None,
        # Arabic-Indic and Extended Arabic-Indic digits
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "٫": ".",  # Arabic decimal separator
        "٬": ",",  # Arabic thousands separator
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "«": '"',
        "»": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u200f": None,  # RLM
        "\u200e": None,  # LRM
        "\u200c": None,  # ZWNJ
        "\u200d": None,  # ZWJ
    }
)

_SPACES = re.compile(r"\s+")

ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
LATIN_LETTER = re.compile("[A-Za-z]")


@lru_cache(maxsize=200_000)
def normalize(text: str) -> str:
    """Matching key for TEXT: folded Arabic variants, no diacritics, lower-case Latin."""
    text = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    text = _DIACRITICS.sub("", text).translate(_CHAR_MAP)
    return _SPACES.sub(" ", text).strip().lower()


def is_arabic(text: str) -> bool:
    return ARABIC_LETTER.search(text) is not None


def script_of(text: str) -> str | None:
    """'ar', 'en' or None (no letters): which script dominates TEXT."""
    arabic = len(ARABIC_LETTER.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    if not arabic and not latin:
        return None
    return "ar" if arabic >= latin else "en"
