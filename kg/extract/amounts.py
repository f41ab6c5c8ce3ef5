"""Money amounts and counted quantities in Arabic and English news text.

``find_amounts(text)`` returns :class:`kg.model.Amount` values sorted by start,
non-overlapping (the longest candidate wins).  Every span is a pair of offsets
into the *original* text: ``text[a.span.start:a.span.end] == a.span.text``.

How it works
------------
The text is folded once (:func:`fold`, cached and shared with
:mod:`kg.extract.dates`): alef variants, alef maqsura, ta marbuta,
Arabic-Indic digits, Arabic decimal/thousands separators (٫ ٬), ٪, exotic
spaces, guillemets and dashes become one character each, and harakat,
tatweel and bidi marks are *deleted*, so patterns never deal with
diacritics.  Deleted characters are recorded as runs, and a bisect over
those runs maps folded offsets back to the original text (marks on the last
letter of a match are included in its span).

Speed: one scan (:data:`TRIGGERS`, shared by amounts and dates) finds the
places where a match can start: a digit, or a start word (number word, scale
word, month name ...) after a non-word character.  It starts with a
character class, so ``re`` skips the rest of the text in C.  The full
patterns (lexicons compiled as tries) run with ``.match`` at those places
only.  ``python -m kg.extract.amounts`` prints the throughput on the seeds.

Two full patterns: a currency symbol or code *before* a number
(``$1.2 billion``, ``NIS 100 million``, ``€5m``), and a quantity (digits,
number words, scale words, duals, "مليار و200 مليون") *followed by* a
currency (noun + optional country adjective, English adjective + noun, ISO
code, symbol) or a unit word.

Conventions
-----------
* A hedge (نحو، حوالي، أكثر من، about, more than, ...) before the amount, or
  تقريبا / "or so" after it, sets ``approximate=True``; the hedge is **not** part
  of the span, and the value is the stated number.
* Digit grouping: ``19,000`` and ``1.200.000`` are thousands; ``1,2`` and
  ``1.2`` are decimals; a single ``.`` followed by exactly three digits is a
  thousands separator unless a scale word or percent follows (``19.000 ساعة`` is
  19000, ``1.500 مليار`` is 1.5e9).
* A currency word that needs its country (جنيه، ريال، درهم، دينار، ليرة، فرنك,
  "riyals", "dinars", ...) without one yields no money amount; bare English
  "pounds" is GBP only after a scale word ("10 million pounds").
* Units: "hour", "person", "percent", "times".  "N منهم" / "N of them" counts
  persons only when a person noun occurs shortly before.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kg.model import Amount, Span

# --------------------------------------------------------------------------
# Folding: 1:1 replacements, deleted marks tracked for offset mapping
# --------------------------------------------------------------------------

_DELETED = (
    "\u0610-\u061a\u061c\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
    "\u0640\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
)
_DELETED_RUN = re.compile(f"[{_DELETED}]+")


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for m in re.finditer(r".-.|.", _DELETED, flags=re.S):
        chunk = m.group()
        lo, hi = (chunk[0], chunk[2]) if len(chunk) == 3 else (chunk, chunk)
        for cp in range(ord(lo), ord(hi) + 1):
            table[cp] = None
    one_to_one = {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
        "ى": "ي", "ی": "ي", "ې": "ي", "ة": "ه", "ۃ": "ه", "ک": "ك", "ڪ": "ك",
        "٫": ".", "٬": ",", "٪": "%",
        "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
        "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
        "\u202f": " ", "\u205f": " ", "\u3000": " ",
        "«": '"', "»": '"', "\u201c": '"', "\u201d": '"', "\u201e": '"',
        "\u2018": "'", "\u2019": "'", "\u2010": "-", "\u2011": "-", "\u2012": "-",
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
    }
    for i in range(10):
        one_to_one[chr(0x0660 + i)] = str(i)
        one_to_one[chr(0x06F0 + i)] = str(i)
    for k, v in one_to_one.items():
        table[ord(k)] = v
    return table


_TABLE = _build_table()
_REPLACEMENTS = [(chr(k), v) for k, v in _TABLE.items() if v is not None]


def _fold_text(text: str) -> str:
    """``text.translate(_TABLE)``, 3-5x faster: few distinct characters change,
    and ``str.replace`` / ``re.sub`` scan in C while ``translate`` looks every
    non-ASCII character up in a dict."""
    if text.isascii():
        return text
    if _DELETED_RUN.search(text):
        text = _DELETED_RUN.sub("", text)
    for src, dst in _REPLACEMENTS:
        if src in text:
            text = text.replace(src, dst)
    return text


class Folded:
    """TEXT with a folded copy and a map from folded offsets to TEXT offsets."""

    __slots__ = ("text", "folded", "_pos", "_cum", "triggers")

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = _fold_text(text)
        self._pos: list[int] | None = None
        self._cum: list[int] = []
        self.triggers: tuple[int, list[tuple[int, int]]] | None = None
        if len(self.folded) != len(text):
            pos, cum, removed = [], [], 0
            for m in _DELETED_RUN.finditer(text):
                s, e = m.span()
                pos.append(s - removed)
                removed += e - s
                cum.append(removed)
            self._pos, self._cum = pos, cum

    def orig(self, i: int) -> int:
        """Offset in the original text of folded offset I (marks before I skipped)."""
        if self._pos is None:
            return i
        k = bisect_right(self._pos, i)
        return i + self._cum[k - 1] if k else i

    def span(self, start: int, end: int) -> Span:
        a, b = self.orig(start), self.orig(end)
        return Span(a, b, self.text[a:b])


@lru_cache(maxsize=8)
def fold(text: str) -> Folded:
    """Folded view of TEXT (cached, so amounts and dates share one folding)."""
    return Folded(text)


def fold_pattern(pattern: str) -> str:
    """Apply the same folding to a regex source written in natural Arabic."""
    return pattern.translate(_TABLE)


def _trie_emit(node: dict, ci: bool) -> str:
    keys = sorted(k for k in node if k)
    if not keys:
        return ""
    alts = []
    for k in keys:
        if k == " ":
            c = r"\s+"
        elif ci and k.isascii() and k.isalpha():
            c = f"[{k.lower()}{k.upper()}]"
        else:
            c = re.escape(k)
        alts.append(c + _trie_emit(node[k], ci))
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:
        body = (f"(?:{body})?" if len(alts) == 1 else body + "?")
    return body


def _trie(words) -> dict:
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


def _alt(words, ci: bool = False) -> str:
    """Regex matching any of WORDS (folded; spaces match any whitespace) as a trie.

    A trie fails after one or two characters where a flat alternation would
    try every word; that matters for long lexicons.
    """
    folded = {re.sub(r"\s+", " ", fold_pattern(w)) for w in words}
    if ci:
        folded = {w.lower() for w in folded}
    return _trie_emit(_trie(folded), ci)


# Word start, asserted *after* the first character has been consumed: the
# character before it is not a word character, or is a و/ب clitic that itself
# starts a word.
_WS_AFTER_FIRST = r"(?:(?<!\w\w)|(?<=\b[وب]\w))"


class _TriggerRegistry:
    """Where full patterns may start, found by one fast scan shared by all kinds.

    Each extractor registers its start words under a kind (``"amount"``,
    ``"date"``).  One regex finds, after a non-word character and an optional
    clitic (و ب ل ف), either a digit (relevant to every kind) or one of the
    registered words (a trie; case-sensitive, so register the case variants
    you want; multi-word entries allowed).  The pattern starts with a
    character class, so ``re`` skips the rest of the text in C without
    entering the pattern ("charset prefix" optimisation).  Results are cached
    on the :class:`Folded` text, so amounts and dates share one scan; the full
    patterns are then tried with ``.match`` at these positions only.
    """

    def __init__(self) -> None:
        self._words: dict[str, int] = {}
        self._kinds: dict[str, int] = {}
        self._re: re.Pattern | None = None
        self._re0: re.Pattern | None = None
        self.version = 0

    def register(self, kind: str, words) -> int:
        bit = self._kinds.setdefault(kind, 1 << len(self._kinds))
        for w in words:
            w = re.sub(r"\s+", " ", fold_pattern(w))
            self._words[w] = self._words.get(w, 0) | bit
        self._re = None
        self.version += 1
        return bit

    glued: tuple[str, ...] = ()  # prefixes glued to a digit ("USD1.2bn"): digit reported

    def _compile(self) -> None:
        body = rf"[وبلف]?(?:({_alt(self._words)})(?!\w)|([0-9]))"
        if self.glued:
            body += f"|(?:{_alt(self.glued)})([0-9])"
        self._re = re.compile(r"\W(?:" + body + ")")
        self._re0 = re.compile(body)

    def scan(self, f: str) -> list[tuple[int, int]]:
        """(position, kinds bitmask) of every trigger in folded text F."""
        if self._re is None:
            self._compile()
        words, every = self._words, -1
        out = []
        m0 = self._re0.match(f)
        if m0 is not None:
            out.append(m0)
        out.extend(self._re.finditer(f))
        res = []
        for m in out:
            w = m.group(1)
            if w is None:
                res.append((m.start(m.lastindex), every))
            else:
                res.append((m.start(1), words.get(w) or words.get(re.sub(r"\s+", " ", w), 0)))
        return res


TRIGGERS = _TriggerRegistry()


def trigger_positions(fv: "Folded", bit: int) -> list[int]:
    """Trigger positions relevant to the kind BIT in folded text FV (cached)."""
    cache = fv.triggers
    if cache is None or cache[0] != TRIGGERS.version:
        cache = fv.triggers = (TRIGGERS.version, TRIGGERS.scan(fv.folded))
    return [p for p, k in cache[1] if k & bit]


# Arabic word start: a word boundary, or right after a و/ب clitic.
AB = r"(?:(?<=\b[وب])|\b)"
END = r"(?!\w)"

# --------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------

AR_NUMBER_WORDS: dict[str, int] = {
    "واحد": 1, "واحدة": 1, "أحد عشر": 11, "إحدى عشرة": 11, "احدى عشر": 11,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2,
    "اثنتا": 2, "اثنتي": 2,
    "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5,
    "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "ثمان": 8,
    "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10,
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40,
    "أربعين": 40, "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60,
    "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80, "تسعون": 90,
    "تسعين": 90,
    "مائة": 100, "مئة": 100, "مائتان": 200, "مائتين": 200, "مئتان": 200,
    "مئتين": 200, "مائتا": 200, "مئتا": 200, "مائتي": 200, "مئتي": 200,
}
for _p, _v in (("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7),
               ("ثمان", 8), ("تسع", 9)):
    AR_NUMBER_WORDS[_p + "مائة"] = _v * 100
    AR_NUMBER_WORDS[_p + "مئة"] = _v * 100

EN_NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_MULTIPLIER_WORDS = {"hundred": 100, "dozen": 12}
_FRACTION_WORDS = {"نصف": Decimal("0.5"), "ربع": Decimal("0.25"), "half": Decimal("0.5"),
                   "quarter": Decimal("0.25"), "a": Decimal(1), "an": Decimal(1)}

# scale word -> (multiplier, form) ; form: "s" singular, "d" dual, "p" plural
_SCALES_AR: dict[str, tuple[int, str]] = {}
for _stem, _val, _forms in (
    ("ألف", 10**3, {"ألف": "s", "آلاف": "p", "ألوف": "p", "ألفا": "d", "ألفي": "d",
                   "ألفان": "d", "ألفين": "d"}),
    ("مليون", 10**6, {"مليون": "s", "ملايين": "p", "مليونا": "d", "مليوني": "d",
                      "مليونان": "d", "مليونين": "d"}),
    ("مليار", 10**9, {"مليار": "s", "مليارات": "p", "مليارا": "d", "ملياري": "d",
                      "ملياران": "d", "مليارين": "d"}),
    ("بليون", 10**9, {"بليون": "s", "بلايين": "p", "بليونات": "p", "بليونا": "d",
                      "بليوني": "d", "بليونان": "d", "بليونين": "d"}),
    ("تريليون", 10**12, {"تريليون": "s", "تريليونات": "p", "تريليونا": "d",
                         "تريليوني": "d", "تريليونان": "d", "تريليونين": "d"}),
):
    for _w, _form in _forms.items():
        _SCALES_AR[fold_pattern(_w)] = (_val, _form)

_SCALES_EN_LONG = {"thousand": 10**3, "thousands": 10**3, "million": 10**6,
                   "millions": 10**6, "billion": 10**9, "billions": 10**9,
                   "trillion": 10**12, "trillions": 10**12}
_SCALES_EN_SHORT = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "b": 10**9,
                    "bn": 10**9, "bln": 10**9, "tn": 10**12, "trn": 10**12}

_HUNDRED_AR = {fold_pattern(w) for w in ("مائة", "مئة")}

# --------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------

_DIGITS_CORE = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d+(?:[.,]\d+)?)"
    r"(?![0-9]|[.,]\d)"
)
NUM_DIGITS = r"(?<![0-9A-Za-z.,+/:#])" + _DIGITS_CORE

_AR_NUMW = _alt(AR_NUMBER_WORDS)
NUM_WORDS_AR = rf"{AB}(?:{_AR_NUMW}){END}(?:\s+و?\s?(?:{_AR_NUMW}){END})*"
_EN_NUMW = _alt(list(EN_NUMBER_WORDS) + list(_MULTIPLIER_WORDS))
NUM_WORDS_EN = (
    rf"\b(?:a\s+(?=hundred|dozen))?(?:{_EN_NUMW})\b"
    rf"(?:(?:\s+and\s+|\s+|-)(?:{_EN_NUMW})\b)*"
)
_FRACTIONS = r"(?:\b(?:half\s+an?|a\s+quarter\s+of\s+an?|an?)\s+|" + AB + r"(?:نصف|ربع)\s+)"

_SCALE_AR = rf"{AB}(?:{_alt(_SCALES_AR)}){END}"
_SCALE_EN_LONG = rf"\b(?:{_alt(_SCALES_EN_LONG)})\b"
SCALE = (
    rf"(?:\s*(?:{_SCALE_AR}|{_SCALE_EN_LONG})"
    r"|(?<=\d)[kmb](?![\w])"
    r"|(?<=\d)\s?(?:mn|mln|bn|bln|tn|trn)(?![\w]))"
)
_NUM = rf"(?:{NUM_DIGITS}|{NUM_WORDS_AR}|{NUM_WORDS_EN})"
_HALF_TAIL = fold_pattern(r"(?:\s*ونصف(?:\s+ال(?:مليون|مليار|ألف|بليون))?" + END + ")?")
# A scaled quantity may go on with "و + number (+ scale)": "مليار و200 مليون",
# "3 آلاف و500"; an unscaled number may not ("بين 10 و20 موظفا" is a range).
_SCALED_TAIL = rf"(?:\s*و\s*{_NUM}{SCALE}?|\s+and\s+{_NUM}{SCALE})?{_HALF_TAIL}"
QTY = (
    rf"(?:(?:{_NUM}|{_FRACTIONS}(?={_SCALE_AR}|{_SCALE_EN_LONG})){SCALE}{_SCALED_TAIL}"
    rf"|{_SCALE_AR}{_SCALED_TAIL}"
    rf"|{_NUM})"
)


# Currencies: a noun (its stem below) with an optional country adjective;
# (stem, country) -> ISO 4217.  A stem that needs a country and has none
# (جنيه، ريال، درهم، دينار، ليرة، فرنك, riyals, dinars ...) gives no amount.
_AR_CUR_NOUNS: dict[str, str] = {}
for _stem, _forms in {
    "dollar": "دولار دولارا دولارات دولاران دولارين",
    "pound": "جنيه جنيها جنيهات جنيهان جنيهين",
    "sterling": "إسترليني إسترلينيا إسترلينية استرليني استرلينيا استرلينية",
    "riyal": "ريال ريالا ريالات ريالان ريالين",
    "dirham": "درهم درهما دراهم درهمان درهمين",
    "dinar": "دينار دينارا دنانير ديناران دينارين",
    "lira": "ليرة ليرات ليرتان ليرتين",
    "franc": "فرنك فرنكا فرنكات فرنكان فرنكين",
    "shekel": "شيكل شيقل شيكلا شيقلا شيكلات شيقلات شواكل شيكلان شيكلين شيقلين",
    "euro": "يورو",
    "yen": "ين",
    "yuan": "يوان يوانا",
    "ruble": "روبل روبلا روبلات",
    "rupee": "روبية روبيات",
}.items():
    for _w in _forms.split():
        _AR_CUR_NOUNS[fold_pattern(_w)] = _stem

_AR_CUR_ADJS = {fold_pattern(k): v for k, v in {
    "أمريكي": "US", "أميركي": "US", "كندي": "CA", "أسترالي": "AU", "استرالي": "AU",
    "سنغافوري": "SG", "هونغ كونغ": "HK", "هونج كونج": "HK", "مصري": "EG", "سوداني": "SD",
    "لبناني": "LB", "سوري": "SY", "إسترليني": "GB", "استرليني": "GB", "سعودي": "SA",
    "قطري": "QA", "عماني": "OM", "يمني": "YE", "إيراني": "IR", "إماراتي": "AE",
    "مغربي": "MA", "أردني": "JO", "كويتي": "KW", "بحريني": "BH", "عراقي": "IQ",
    "تونسي": "TN", "جزائري": "DZ", "ليبي": "LY", "تركي": "TR", "سويسري": "CH",
    "ياباني": "JP", "صيني": "CN", "روسي": "RU", "هندي": "IN", "جديد": "new",
    "إسرائيلي": "IL",
}.items()}

_EN_CUR_NOUNS: dict[str, str] = {}
for _stem, _forms in {
    "dollar": "dollar dollars", "euro": "euro euros", "pound": "pound pounds",
    "sterling": "sterling", "shekel": "shekel shekels sheqel sheqels",
    "riyal": "riyal riyals rial rials", "dirham": "dirham dirhams",
    "dinar": "dinar dinars", "lira": "lira liras lire", "franc": "franc francs",
    "yen": "yen", "yuan": "yuan renminbi", "ruble": "ruble rubles rouble roubles",
    "rupee": "rupee rupees",
}.items():
    for _w in _forms.split():
        _EN_CUR_NOUNS[_w] = _stem

_EN_CUR_ADJS = {
    "us": "US", "u.s.": "US", "american": "US", "canadian": "CA", "australian": "AU",
    "singapore": "SG", "singaporean": "SG", "hong kong": "HK", "egyptian": "EG",
    "sudanese": "SD", "lebanese": "LB", "syrian": "SY", "british": "GB", "saudi": "SA",
    "qatari": "QA", "qatar": "QA", "omani": "OM", "yemeni": "YE", "iranian": "IR",
    "uae": "AE", "emirati": "AE", "moroccan": "MA", "jordanian": "JO", "kuwaiti": "KW",
    "bahraini": "BH", "iraqi": "IQ", "tunisian": "TN", "algerian": "DZ", "libyan": "LY",
    "turkish": "TR", "swiss": "CH", "japanese": "JP", "chinese": "CN", "russian": "RU",
    "indian": "IN", "new": "new", "israeli": "IL", "new israeli": "IL", "israeli new": "IL",
}

CURRENCY_OF: dict[tuple[str, str | None], str] = {
    ("dollar", None): "USD", ("dollar", "US"): "USD", ("dollar", "CA"): "CAD",
    ("dollar", "AU"): "AUD", ("dollar", "SG"): "SGD", ("dollar", "HK"): "HKD",
    ("pound", "EG"): "EGP", ("pound", "SD"): "SDG", ("pound", "GB"): "GBP",
    ("pound", "LB"): "LBP", ("pound", "SY"): "SYP", ("pound", "sterling"): "GBP",
    ("sterling", None): "GBP", ("sterling", "GB"): "GBP",
    ("riyal", "SA"): "SAR", ("riyal", "QA"): "QAR", ("riyal", "OM"): "OMR",
    ("riyal", "YE"): "YER", ("riyal", "IR"): "IRR",
    ("dirham", "AE"): "AED", ("dirham", "MA"): "MAD",
    ("dinar", "JO"): "JOD", ("dinar", "KW"): "KWD", ("dinar", "BH"): "BHD",
    ("dinar", "IQ"): "IQD", ("dinar", "TN"): "TND", ("dinar", "DZ"): "DZD",
    ("dinar", "LY"): "LYD",
    ("lira", "TR"): "TRY", ("lira", "LB"): "LBP", ("lira", "SY"): "SYP",
    ("franc", "CH"): "CHF",
    ("shekel", None): "ILS", ("shekel", "new"): "ILS", ("shekel", "IL"): "ILS",
    ("euro", None): "EUR", ("yen", None): "JPY", ("yen", "JP"): "JPY",
    ("yuan", None): "CNY", ("yuan", "CN"): "CNY", ("ruble", None): "RUB",
    ("ruble", "RU"): "RUB", ("rupee", "IN"): "INR",
}
CURRENCY_CODES = {c: c for c in set(CURRENCY_OF.values())}
CURRENCY_CODES.update({"NIS": "ILS", "RMB": "CNY", "LE": "EGP"})
TRIGGERS.glued = tuple(sorted(CURRENCY_CODES, key=len, reverse=True))
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "₪": "ILS", "¥": "JPY",
                    "₹": "INR", "₽": "RUB"}

_CUR_AR = (
    rf"(?:من\s+)?(?:ال)?(?P<an>{_alt(_AR_CUR_NOUNS)}){END}"
    rf"(?:\s+(?:ال)?(?P<aa>{_alt(_AR_CUR_ADJS)})(?:ا|ه|ين|ون)?{END})?"
)
_CUR_EN = (
    rf"\b(?:(?P<ea>{_alt(_EN_CUR_ADJS)})\s+)?(?P<en>{_alt(_EN_CUR_NOUNS)})\b"
    r"(?:\s+(?P<es>sterling)\b)?"
)
_CUR_CODE = (r"(?-i:(?P<code>" + "|".join(sorted(CURRENCY_CODES, key=len, reverse=True))
             + r"))\b|(?P<sym>[$€£₪¥₹₽])")


_PERSON_AR = (
    "موظف موظفا موظفين موظفون موظفة موظفات عامل عاملا عاملين عاملون عمال عاملة عاملات "
    "شخص شخصا أشخاص ناشط ناشطا ناشطين ناشطون نشطاء ناشطة ناشطات محتج محتجا محتجين "
    "محتجون متظاهر متظاهرا متظاهرين متظاهرون مهندس مهندسا مهندسين مهندسون مهندسة "
    "مهندسات باحث باحثا باحثين باحثون فرد فردا أفراد نسمة مدني مدنيا مدنيين مدنيون"
).split()
_PERSON_AR_STEMS = r"موظف|عامل|عمال|ناشط|نشطاء|محتج|متظاهر|مهندس|باحث|أشخاص"
_PERSON_EN = (r"employees?|workers?|staff(?:ers)?|staff\s+members|people|persons?|"
              r"activists?|protest[eo]rs?|demonstrators?|engineers?|researchers?|civilians?")
_GAP_EN = (r"(?:current\s+and\s+former|current|former|other|more|additional|new|full-time|"
           r"part-time|senior|junior|tech|software|company|(?-i:[A-Z])[\w&.'-]*)")

UNITS: list[tuple[str, str]] = [
    ("U_hour", rf"{AB}(?:{_alt(['ساعة', 'ساعات'])}){END}|\b(?:hours?|hrs?)\b"),
    ("U_person", rf"{AB}(?:{_alt(_PERSON_AR)}){END}"
                 + fold_pattern(rf"|من\s+(?:ال)?(?:{_PERSON_AR_STEMS})\w*")
                 + rf"|(?:\s+{_GAP_EN}){{0,3}}\s+(?:{_PERSON_EN})\b"
                 + rf"|\bof\s+(?:its|their|the|our|his|her|(?-i:[A-Z])[\w&.-]*(?:'s)?)\s+"
                   rf"(?:(?:current|former|own)\s+)?(?:{_PERSON_EN})\b"),
    ("U_them", r"\bمنهم\b|\bمنهن\b|\bof\s+(?:them|whom)\b"),
    ("U_pct", fold_pattern(r"%|" + AB + r"(?:بالمئة|بالمائة|بالمية)" + END
                           + r"|في\s+(?:المئة|المائة|المية)" + END)
              + r"|\bper\s?cent\b|\bpct\b|\bpercentage\s+points?\b"),
    ("U_times", fold_pattern(AB + r"(?:ضعفا|أضعاف|ضعف|مرات|مرة)" + END) + r"|-?fold\b|\btimes\b"),
]

_U = (f"(?P<C_ar>{_CUR_AR})|(?P<C_en>{_CUR_EN})|(?P<C_code>{_CUR_CODE})|"
      + "|".join(f"(?P<{name}>{pat})" for name, pat in UNITS))
_U_NAMES = ["C_ar", "C_en", "C_code"] + [name for name, _ in UNITS]

_POST_RE = re.compile(rf"(?P<q>{QTY})(?P<sep>\s*|-)(?P<u>{_U})", re.I)

_PRE_CUR = (r"(?P<pc>(?-i:US|U\.S\.)\s?\$|(?-i:C|A|S|HK)\$|[$€£₪¥₹₽%]|E£|(?-i:"
            + "|".join(sorted(CURRENCY_CODES, key=len, reverse=True)) + r")(?=\s?\d))")
_PRE_RE = re.compile(
    rf"(?<![A-Za-z]){_PRE_CUR}\s?(?P<q>{_DIGITS_CORE}(?:{SCALE})?)", re.I
)
_PRE_CODES = {**CURRENCY_CODES, **CURRENCY_SYMBOLS, "US$": "USD", "U.S.$": "USD",
              "C$": "CAD", "A$": "AUD", "S$": "SGD", "HK$": "HKD", "E£": "EGP"}

_HEDGE_RE = re.compile(
    fold_pattern(
        r"(?:(?:\b|(?<=\b[وبل]))(?:نحو|حوالي|حوالى|قرابة|زهاء|تقريبا|ما\s+يقرب\s+من|يقرب\s+من|ما\s+يقارب|يقارب|"
        r"أكثر\s+من|ما\s+يزيد\s+(?:عن|على)|يزيد\s+(?:عن|على)|أقل\s+من|ما\s+لا\s+يقل\s+عن|"
        r"لا\s+يقل\s+عن|ما\s+يربو\s+على|يربو\s+على|ما\s+يصل\s+إلى|يصل\s+إلى|ما\s+يناهز|يناهز)"
        r"|\b(?:about|approximately|approx\.|around|nearly|some|roughly|more\s+than|over|"
        r"almost|up\s+to|at\s+least|close\s+to|an\s+estimated|estimated|in\s+excess\s+of|"
        r"upwards\s+of|fewer\s+than|less\s+than|just\s+over|just\s+under|under))"
        r"\s*[\"']?\s*$"
    ),
    re.I,
)
_TRAIL_APPROX_RE = re.compile(fold_pattern(r"\s*(?:تقريبا\b|or\s+so\b|or\s+more\b|approximately\b)"), re.I)
_YEAR_CUE_BEFORE_RE = re.compile(
    fold_pattern(r"(?:\b|(?<=\b[وب]))(?:في|عام|العام|سنة|منذ|حتى|خلال)\s+$")
    + r"|\b(?:in|since|by|during|until|of)\s+$", re.I)
_PERSON_CONTEXT_RE = re.compile(
    fold_pattern(rf"(?:{_PERSON_AR_STEMS})|\b(?:{_PERSON_EN})\b"), re.I
)

# Tokeniser for the quantity text.
_QTOK = re.compile(r"\d[\d.,]*\d|\d|[^\W\d_]+")
_NUMWORD_VALUES: dict[str, int] = {fold_pattern(k): v for k, v in AR_NUMBER_WORDS.items()}
_NUMWORD_VALUES.update(EN_NUMBER_WORDS)
# compound tokens such as "أحد عشر" are looked up word by word: أحد/إحدى = 1
_NUMWORD_VALUES.update({fold_pattern("أحد"): 1, fold_pattern("إحدى"): 1, "احدي": 1})
_NUMWORD_VALUES.pop(fold_pattern("أحد عشر"), None)
_NUMWORD_VALUES.pop(fold_pattern("إحدى عشرة"), None)
_NUMWORD_VALUES.pop(fold_pattern("احدى عشر"), None)


# --------------------------------------------------------------------------
# Value parsing
# --------------------------------------------------------------------------

def parse_digits(s: str, decimal_hint: bool = False) -> Decimal | None:
    """Parse a digit string with , and . separators (see module doc)."""
    try:
        if "," in s and "." in s:
            if s.rfind(",") > s.rfind("."):
                return Decimal(s.replace(".", "").replace(",", "."))
            return Decimal(s.replace(",", ""))
        if "," in s:
            if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
                return Decimal(s.replace(",", ""))
            return Decimal(s.replace(",", ".")) if s.count(",") == 1 else None
        if "." in s:
            if s.count(".") > 1:
                return Decimal(s.replace(".", "")) if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s) else None
            if not decimal_hint and re.fullmatch(r"\d{1,3}\.\d{3}", s):
                return Decimal(s.replace(".", ""))
        return Decimal(s)
    except InvalidOperation:
        return None


def _clean(v: Decimal) -> Decimal:
    return v.quantize(Decimal(1)) if v == v.to_integral_value() else v.normalize()


_EN_FRACTION_RE = re.compile(r"\b(?:a\s+(quarter)\s+of|(half))\s+an?\b", re.I)


def parse_quantity(q: str, percent: bool = False) -> tuple[Decimal, bool] | None:
    """Value of a quantity phrase (folded text) and whether it had a scale word."""
    q = _EN_FRACTION_RE.sub(lambda m: m.group(1) or m.group(2), q)  # "half a" -> "half"
    tokens = _QTOK.findall(q)
    has_scale = any(t.lower() in _SCALES_EN_LONG or t.lower() in _SCALES_EN_SHORT
                    or t in _SCALES_AR for t in tokens if not t[0].isdigit())
    total = Decimal(0)
    cur = Decimal(0)
    seen = False  # a number (digits or number word) is pending in cur
    last_scale = 0
    after_scale_half = False
    for tok in tokens:
        w = tok.lower()
        if tok[0].isdigit():
            v = parse_digits(tok, decimal_hint=has_scale or percent)
            if v is None:
                return None
            cur += v
            seen = True
            continue
        if w in ("و", "and"):
            continue
        if len(w) > 2 and w[0] == "و" and (w[1:] in _NUMWORD_VALUES or w[1:] in _SCALES_AR
                                           or w[1:] == "نصف"):
            w = w[1:]
        if w in ("المليون", "المليار", "الالف", "البليون"):
            continue
        if w in _MULTIPLIER_WORDS:
            cur = (cur or 1) * _MULTIPLIER_WORDS[w]
            seen = True
        elif w in _HUNDRED_AR and seen and cur < 10:
            cur = cur * 100
        elif w in _NUMWORD_VALUES:
            cur += _NUMWORD_VALUES[w]
            seen = True
        elif w in _FRACTION_WORDS:
            if w in ("a", "an"):
                if not seen:
                    cur, seen = Decimal(1), True
            else:
                if last_scale and not seen:
                    after_scale_half = True
                cur += _FRACTION_WORDS[w]
                seen = True
        elif w in _SCALES_AR or w in _SCALES_EN_LONG or w in _SCALES_EN_SHORT:
            if w in _SCALES_AR:
                base, form = _SCALES_AR[w]
            else:
                base, form = _SCALES_EN_LONG.get(w) or _SCALES_EN_SHORT[w], "s"
            if not seen:
                if form == "p":
                    return None  # "ملايين دولار": no count
                cur = Decimal(2 if form == "d" else 1)
            total += cur * base
            last_scale = base
            cur, seen = Decimal(0), False
        else:
            return None
    if seen:
        total += cur * last_scale if after_scale_half else cur
    if total <= 0:
        return None
    return _clean(total), has_scale


def _is_approx(f: str, start: int, end: int) -> bool:
    if _HEDGE_RE.search(f, max(0, start - 40), start):
        return True
    return _TRAIL_APPROX_RE.match(f, end) is not None


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------

_EN_TRIGGER_WORDS = (list(EN_NUMBER_WORDS) + list(_MULTIPLIER_WORDS)
                     + ["a hundred", "a dozen", "a thousand", "a million", "a billion",
                        "a trillion", "a quarter", "half"])
_AMOUNT = TRIGGERS.register(
    "amount",
    list(AR_NUMBER_WORDS) + list(_SCALES_AR) + ["نصف", "ربع"]
    + _EN_TRIGGER_WORDS + [w.capitalize() for w in _EN_TRIGGER_WORDS]
)
# A currency symbol or code ending right before a number.
_PRE_BACK_RE = re.compile(r"(?<![A-Za-z])" + _PRE_CUR.replace(r"(?=\s?\d)", "") + r"\s?$")
_UNIT_OF = {"U_hour": "hour", "U_person": "person", "U_them": "person",
            "U_pct": "percent", "U_times": "times"}


def _currency(m: re.Match, name: str, has_scale: bool) -> tuple[str, int] | None:
    """(ISO code, end offset) of the currency matched in group NAME, or None."""
    if name == "C_code":
        if m["code"] is not None:
            return CURRENCY_CODES[m["code"]], m.end()
        return CURRENCY_SYMBOLS[m["sym"]], m.end()
    if name == "C_ar":
        stem = _AR_CUR_NOUNS[m["an"]]
        adj = _AR_CUR_ADJS.get(re.sub(r"\s+", " ", m["aa"])) if m["aa"] else None
        noun_end = m.end("an")
    else:
        stem = _EN_CUR_NOUNS[m["en"].lower()]
        adj = _EN_CUR_ADJS.get(re.sub(r"\s+", " ", m["ea"].lower())) if m["ea"] else None
        if m["es"] is not None:
            adj = "sterling"
        noun_end = m.end("en")
        if stem == "pound" and adj is None:
            return ("GBP", m.end()) if has_scale else None  # "10 million pounds"
    code = CURRENCY_OF.get((stem, adj))
    if code is not None:
        return code, m.end()
    if adj is not None and name == "C_ar" and (stem, None) in CURRENCY_OF:
        return CURRENCY_OF[(stem, None)], noun_end  # unrelated word after the noun
    return None


def _has_gap(u: str) -> bool:
    """Words between the number and an English person noun ("2023 Google employees")."""
    words = u.split()
    return len(words) > 1 and words[0].lower() != "of" and words[0] not in ("من", "منهم")


def _post_candidate(m: re.Match, f: str):
    name = next(n for n in _U_NAMES if m.group(n) is not None)
    q = m.group("q")
    unit = _UNIT_OF.get(name)
    parsed = parse_quantity(q, percent=unit == "percent")
    if parsed is None:
        return None
    value, has_scale = parsed
    end = m.end()
    currency = None
    if unit is None:
        found = _currency(m, name, has_scale)
        if found is None:
            return None
        currency, end = found
    elif unit == "person":
        if name == "U_them":
            if not _PERSON_CONTEXT_RE.search(f, max(0, m.start() - 200), m.start()):
                return None
        # "In 2023 Google employees ...", "في 2023 موظفون": a year, not a head count.
        elif re.fullmatch(r"(?:19|20)\d\d", q.strip()) and (
                _has_gap(m.group("u"))
                or _YEAR_CUE_BEFORE_RE.search(f, max(0, m.start() - 12), m.start())):
            return None
    return (m.start(), end, value, currency, unit)


def find_amounts(text: str) -> list[Amount]:
    """Money amounts and counted quantities in TEXT, sorted, non-overlapping."""
    fv = fold(text)
    f = fv.folded
    cands: list[tuple[int, int, Decimal, str | None, str | None]] = []
    post_end = -1
    for pos in trigger_positions(fv, _AMOUNT):
        if "0" <= f[pos] <= "9":
            back = _PRE_BACK_RE.search(f, max(0, pos - 8), pos)
            if back is not None:
                m = _PRE_RE.match(f, back.start())
                if m is not None:
                    pc = re.sub(r"\s", "", m.group("pc"))
                    parsed = parse_quantity(m.group("q"), percent=pc == "%")
                    if parsed is not None:
                        if pc == "%":  # "%60" typed right-to-left, not "60% 40"
                            if m.group(0)[1:2].isdigit() and not re.search(
                                    r"\d\s*$", f[max(0, m.start() - 3):m.start()]):
                                cands.append((m.start(), m.end(), parsed[0], None, "percent"))
                        else:
                            cands.append((m.start(), m.end(), parsed[0], _PRE_CODES.get(pc, pc), None))
        if pos < post_end:
            continue
        m = _POST_RE.match(f, pos)
        if m is not None:
            c = _post_candidate(m, f)
            if c is not None:
                cands.append(c)
                post_end = m.end()

    return [Amount(span=fv.span(s, e), value=v, currency=c, unit=u,
                   approximate=_is_approx(f, s, e))
            for s, e, v, c, u in _longest_non_overlapping(cands)]


def _longest_non_overlapping(cands: list[tuple]) -> list[tuple]:
    """Keep the longest of overlapping (start, end, ...) candidates; sort by start."""
    cands = sorted(set(cands), key=lambda c: (-(c[1] - c[0]), c[0]))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[tuple] = []
    for c in cands:
        s, e = c[0], c[1]
        i = bisect_right(starts, s)
        if i and ends[i - 1] > s:
            continue
        if i < len(starts) and starts[i] < e:
            continue
        starts.insert(i, s)
        ends.insert(i, e)
        kept.append(c)
    kept.sort(key=lambda c: c[0])
    return kept

