"""Calendar dates in Arabic and English news text.

``find_dates(text, reference=None)`` returns :class:`kg.model.DateMention`
values sorted by start and non-overlapping.  Offsets are into the original
text (``text[d.span.start:d.span.end] == d.span.text``); matching runs on the
folded copy from :func:`kg.extract.amounts.fold` (diacritics and tatweel
removed, alef/ya/ta-marbuta and Arabic-Indic digits folded).

Forms
-----
* day month year: ``7 أكتوبر 2023``, ``السابع من تشرين الأول/ أكتوبر 2023``,
  ``October 7, 2023``, ``7th October 2023``, ``Oct. 7, 2023``.  A weekday
  before the day is allowed but is not part of the span.
* month year: ``أكتوبر 2023``, ``أكتوبر من عام 2023``, ``October 2023``.
* Paired month names are one mention: ``تشرين الأول/أكتوبر``,
  ``أكتوبر (تشرين الأول)``, ``سبتمبر - أيلول``.  Gregorian-transliterated,
  Levantine/Iraqi, Maghrebi (Algerian/Tunisian and Moroccan) and English
  (full and abbreviated) names.
* year with a cue: ``عام 2021``, ``في 2021``, ``منذ 2019``, ``منتصف 2024``,
  ``in 2021``, ``by 2030``, ``mid-2024``, ``fiscal year 2024``.  Prepositions (في، منذ،
  in, since ...) are not part of the span; descriptive words (عام، منتصف،
  mid-, the end of ...) are.  A bare year without a cue is never a date.
  Years 1900-2099 only.
* numeric: ISO ``2023-10-07`` (also ``/`` and ``.``).  ``d/m/yyyy`` is read
  day-first when the surrounding text is Arabic (the Arabic press
  convention); in non-Arabic context it is used only when unambiguous (one
  part > 12), otherwise skipped.
* relative (only with a ``reference``; ``relative=True``): day+month without
  a year (most recent such date not after the reference), a bare month after
  a cue such as في / in (most recent such month not after the reference),
  ``أبريل الماضي`` / ``last April`` (most recent April strictly before the
  reference month), ``أبريل المقبل`` / ``next April``, ``العام الماضي``,
  ``العام قبل الماضي``, ``الشهر الماضي``, ``هذا العام``, ``العام المقبل``,
  ``last/this/next year|month``, ``أمس`` / ``yesterday`` (reference with day).

Month words that are also ordinary words (مارس "practised", آب/أب, ماي, جوان,
أوت, English abbreviations) need a day, a year, a paired name, الماضي-type
suffix or a preceding cue (في، خلال، منذ ...).
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from kg.extract.amounts import AB, END, TRIGGERS, _alt, fold, fold_pattern, trigger_positions
from kg.model import DateMention, DateValue

# --------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------

AR_MONTHS: dict[str, int] = {
    # Gregorian-transliterated (Egypt, Gulf)
    "يناير": 1, "فبراير": 2, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8,
    "أغسطوس": 8, "سبتمبر": 9, "أكتوبر": 10, "أوكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Levantine / Iraqi
    "كانون الثاني": 1, "كانون ثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5,
    "حزيران": 6, "تموز": 7, "أيلول": 9, "تشرين الأول": 10, "تشرين أول": 10,
    "تشرين الثاني": 11, "تشرين ثاني": 11, "كانون الأول": 12, "كانون أول": 12,
    # Maghrebi (Algeria/Tunisia; Morocco)
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "جويلية": 7, "جويليه": 7,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}
# Also ordinary words: only with a day, a year, a pair, a suffix or a cue.
AR_MONTHS_RISKY: dict[str, int] = {"مارس": 3, "ماي": 5, "آب": 8, "أوت": 8, "جوان": 6}

EN_MONTHS: dict[str, int] = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6,
    "July": 7, "August": 8, "September": 9, "October": 10, "November": 11,
    "December": 12,
}
EN_MONTH_ABBR: dict[str, int] = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
    "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}

_UNITS_ORD = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع",
              "الثامن", "التاسع", "العاشر"]
AR_ORDINAL_DAYS: dict[str, int] = {}
for _i, _w in enumerate(_UNITS_ORD, start=1):
    AR_ORDINAL_DAYS[_w] = _i
AR_ORDINAL_DAYS["الحادي عشر"] = 11
for _i in range(2, 10):
    AR_ORDINAL_DAYS[_UNITS_ORD[_i - 1] + " عشر"] = 10 + _i
for _tens, _names in ((20, ("العشرين", "العشرون")), (30, ("الثلاثين", "الثلاثون"))):
    for _n in _names:
        AR_ORDINAL_DAYS[_n] = _tens
        AR_ORDINAL_DAYS["الحادي و" + _n] = _tens + 1
        AR_ORDINAL_DAYS["الواحد و" + _n] = _tens + 1
        if _tens == 20:
            for _i in range(2, 10):
                AR_ORDINAL_DAYS[_UNITS_ORD[_i - 1] + " و" + _n] = 20 + _i


def _words_alt(words) -> str:
    """Trie regex for folded WORDS; spaces match any whitespace, "و" may be spaced."""
    words = list(words)
    return _alt(words + [w.replace(" و", " و ") for w in words if " و" in w])


_MONTH_LOOKUP: dict[str, int] = {}
for _w, _m in {**AR_MONTHS, **AR_MONTHS_RISKY}.items():
    _MONTH_LOOKUP[fold_pattern(_w).replace(" ", "")] = _m
for _w, _m in {**EN_MONTHS, **EN_MONTH_ABBR}.items():
    _MONTH_LOOKUP[_w.lower()] = _m
_RISKY = {fold_pattern(w) for w in AR_MONTHS_RISKY}
_ORD_LOOKUP = {fold_pattern(w).replace(" ", ""): d for w, d in AR_ORDINAL_DAYS.items()}

# --------------------------------------------------------------------------
# Patterns (run on the folded text, case-sensitive; English cue words use (?i:))
# --------------------------------------------------------------------------

MONTH = (
    rf"(?:{AB}(?:{_words_alt(AR_MONTHS)}){END}"
    rf"|{AB}(?:{_words_alt(AR_MONTHS_RISKY)}){END}"
    rf"|\b(?:{'|'.join(EN_MONTHS)})\b"
    rf"|\b(?:{'|'.join(sorted(EN_MONTH_ABBR, key=len, reverse=True))})(?:\.|\b))"
)
_YEAR = r"(?:19|20)\d\d(?!\d|'?s\b)"  # not "1990s"
_DAY = r"(?<![\d.,/:])[0-3]?\d(?!\d)"
_ORD = f"{AB}(?:{_words_alt(AR_ORDINAL_DAYS)}){END}"
_REL_SUFFIX = fold_pattern(r"الماضي|المنصرم|الفائت|المنقضي|المقبل|القادم|الجاري|الحالي")
_YEAR_TAIL = fold_pattern(
    r"\s*[,،]?\s*(?:(?:من\s+)?(?:ال)?(?:عام|سنة)\s+|of\s+)?"
) + rf"(?P<yy>{_YEAR})(?![.,]\d)(?:\s?م{END})?"

_MD = (
    r"(?P<MD>"
    r"(?:(?P<dd>" + _DAY + r")(?:st|nd|rd|th)?\s*(?:من\s+|of\s+)?"
    r"|(?P<ord>" + _ORD + r")\s+من\s+"
    r"|(?P<lastp>\b(?i:last|this|next|coming))\s+)?"
    r"(?P<shahr>شهر\s+)?"
    r"(?P<m1>" + MONTH + r")"
    r"(?:\s*[/\\(\-]\s*(?P<m2>" + MONTH + r")(?:\s*\))?)?"
    r"(?:\s+(?P<dd3>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:.,]\d|\d))?"
    r"(?P<yt>" + _YEAR_TAIL + r")?"
    r"(?:\s+(?P<rel>" + _REL_SUFFIX + r")" + END + r")?"
    r")"
)

_ISO = (r"(?P<ISO>(?<![\d/.\-])(?P<iy>" + _YEAR + r")(?P<isep>[-/.])(?P<im>[01]?\d)(?P=isep)"
        r"(?P<id>[0-3]?\d)(?![\d]|[/.\-]\d))")
_DMY = (r"(?P<DMY>(?<![\d/.\-])(?P<n1>[0-3]?\d)(?P<nsep>[/.\-])(?P<n2>[0-3]?\d)(?P=nsep)"
        r"(?P<n3>" + _YEAR + r")(?![/.\-]\d))")

_REL_GROUPS = {
    "r_y2": (fold_pattern(r"(?:العام|السنة)\s+(?:قبل\s+الماضي|قبل\s+الماضية)") + END, ("y", -2)),
    "r_ly": (fold_pattern(r"(?:العام|السنة)\s+(?:الماضي|الماضية|المنصرم|المنصرمة|الفائت|الفائتة|المنقضي)")
             + END + r"|\b(?i:last\s+year)\b", ("y", -1)),
    "r_ty": (fold_pattern(r"(?:هذا\s+العام|هذه\s+السنة|(?:العام|السنة)\s+(?:الجاري|الجارية|الحالي|الحالية))")
             + END + r"|\b(?i:this\s+year)\b", ("y", 0)),
    "r_ny": (fold_pattern(r"(?:العام|السنة)\s+(?:المقبل|المقبلة|القادم|القادمة)") + END
             + r"|\b(?i:next\s+year)\b", ("y", 1)),
    "r_lm": (fold_pattern(r"الشهر\s+(?:الماضي|المنصرم|الفائت)") + END
             + r"|\b(?i:last\s+month)\b", ("m", -1)),
    "r_tm": (fold_pattern(r"(?:هذا\s+الشهر|الشهر\s+(?:الجاري|الحالي))") + END
             + r"|\b(?i:this\s+month)\b", ("m", 0)),
    "r_nm": (fold_pattern(r"الشهر\s+(?:المقبل|القادم)") + END + r"|\b(?i:next\s+month)\b", ("m", 1)),
    "r_d2": (fold_pattern(AB + r"(?:أمس\s+الأول|أول\s+أمس)") + END, ("d", -2)),
    "r_d1": (fold_pattern(AB + r"(?:أمس|الأمس)") + END + r"|\b(?i:yesterday)\b", ("d", -1)),
}
_REL = "(?P<REL>" + "|".join(f"(?P<{k}>{p})" for k, (p, _) in _REL_GROUPS.items()) + ")"

_PREP = (fold_pattern(r"(?:(?<=\bو)|\b)(?:في|منذ|حتى|خلال|بحلول|قبل|بعد|طوال|طيلة)") + END
         + r"|\b(?i:in|since|by|during|until|till|before|after|through|throughout|between)\b")
_DESC = (fold_pattern(AB + r"(?:منتصف|أواخر|أوائل|أواسط|مطلع|بداية|نهاية|ربيع|صيف|خريف|شتاء)") + END
         + r"|\b(?i:early|late|mid-|mid|(?:the\s+)?(?:end|start|beginning|middle|first\s+half|"
           r"second\s+half|(?:first|second|third|fourth)\s+quarter)\s+of|"
           r"(?:the\s+)?(?:spring|summer|fall|autumn|winter)(?:\s+of)?)")
_YW = (fold_pattern(r"(?:(?<=\b[وبف])|\b)(?:ال|لل|ل)?(?:عام|عامي|سنة|سنتي)") + END
       + r"|\b(?i:(?:the\s+)?(?:fiscal\s+)?year|fiscal|FY)")
_NOT_AMOUNT = fold_pattern(
    r"(?!\s*(?:%|ألف|آلاف|مليون|ملايين|مليار|دولار|يورو|شيكل|جنيه|ريال|موظف|عامل|شخص|أشخاص|ساعة|"
    r"ساعات|ناشط|(?i:employees|workers|people|persons|staff|dollars|euros|hours|percent|million|"
    r"billion|thousand)\b))"
)
_Y = (r"(?P<Y>(?<![\d.,/:+])(?P<y>" + _YEAR + r")(?![.,]\d)(?![-/.]\d{1,2}[-/.]\d)"
      + _NOT_AMOUNT + r"(?:\s?م" + END + r")?)")
# What may stand before a year: preposition (not in the span), then a
# descriptive word and/or a year word (both in the span).
_Y_CUE_RE = re.compile(
    r"(?:(?<![\w-])|(?<=\b[وبف]))(?:(?P<prep>" + _PREP + r")\s+)?"
    r"(?P<desc>(?:" + _DESC + r")\s*)?(?P<yw>(?:" + _YW + r")\s*)?$"
)

DATE_RE = re.compile("|".join([_ISO, _DMY, _MD, _REL, _Y]))

_REL_EN = [f"{a} {b}" for a in ("last", "this", "next", "coming")
           for b in ["year", "month", *EN_MONTHS, *EN_MONTH_ABBR]]
_DATE = TRIGGERS.register(
    "date",
    list(AR_MONTHS) + list(AR_MONTHS_RISKY) + list(EN_MONTHS) + list(EN_MONTH_ABBR)
    + list(AR_ORDINAL_DAYS)
    + ["شهر", "العام", "السنة", "هذا العام", "هذه السنة", "هذا الشهر", "الشهر",
       "أمس", "الأمس", "أول أمس", "yesterday", "Yesterday"]
    + _REL_EN + [w[0].upper() + w[1:] for w in _REL_EN]
)

_CUE_BEFORE_RE = re.compile(
    fold_pattern(r"(?:(?:\b|(?<=\bو))(?:في|خلال|منذ|حتى|بحلول|مطلع|منتصف|أواخر|أوائل|أواسط|نهاية|بداية|"
                 r"قبل|بعد|طوال|طيلة)")
    + r"|\b(?i:in|since|during|until|till|by|before|after|early|late|mid|end\s+of|"
      r"beginning\s+of|start\s+of|middle\s+of|through|throughout))[\s-]*$"
)
_PERIOD_BEFORE_RE = re.compile(fold_pattern(
    r"(?:الأسبوع|الأسابيع|الربع|النصف|الثلث|العقد|الفصل|الأيام|الجولة|المرحلة|الدفعة)\s+$"))
_ARABIC_CHAR_RE = re.compile("[\u0621-\u064a]")
_LAST_WORDS = {fold_pattern(w) for w in ("الماضي", "المنصرم", "الفائت", "المنقضي")} | {"last"}
_NEXT_WORDS = {fold_pattern(w) for w in ("المقبل", "القادم")} | {"next", "coming"}
_THIS_WORDS = {fold_pattern(w) for w in ("الجاري", "الحالي")} | {"this"}

# --------------------------------------------------------------------------
# Resolution helpers
# --------------------------------------------------------------------------


def _ref_parts(ref: DateValue | None) -> tuple[int | None, int | None, int | None]:
    if ref is None:
        return None, None, None
    v = ref.value
    return (int(v[:4]), int(v[5:7]) if len(v) >= 7 else None,
            int(v[8:10]) if len(v) == 10 else None)


def _ymd(y: int, m: int | None = None, d: int | None = None) -> str | None:
    if not 1900 <= y <= 2099:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        date(y, m, d)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _resolve_month(month: int, mode: str, ref) -> str | None:
    ry, rm, _ = ref
    if ry is None:
        return None
    if mode == "this":
        return _ymd(ry, month)
    if rm is None:
        return None
    if mode == "last":
        y = ry if month < rm else ry - 1
    elif mode == "next":
        y = ry if month > rm else ry + 1
    else:  # most recent not after the reference
        y = ry if month <= rm else ry - 1
    return _ymd(y, month)


def _resolve_day(month: int, day: int, mode: str, ref) -> str | None:
    ry, rm, rd = ref
    if ry is None or rm is None:
        return None
    if mode == "this":
        return _ymd(ry, month, day)
    key = (month, day)
    rkey = (rm, rd if rd is not None else 31 if mode != "next" else 0)
    if mode == "next":
        y = ry if key > rkey else ry + 1
    elif mode == "last" and rd is not None:
        y = ry if key < rkey else ry - 1
    else:
        y = ry if key <= rkey else ry - 1
    for _ in range(8):  # 29 February: go to a leap year
        v = _ymd(y, month, day)
        if v or not (month == 2 and day == 29):
            return v
        y += 1 if mode == "next" else -1
    return None


def _shift(ref, unit: str, n: int) -> str | None:
    ry, rm, rd = ref
    if ry is None:
        return None
    if unit == "y":
        return _ymd(ry + n)
    if rm is None:
        return None
    if unit == "m":
        k = ry * 12 + (rm - 1) + n
        return _ymd(k // 12, k % 12 + 1)
    if rd is None:
        return None
    d = date(ry, rm, rd) + timedelta(days=n)
    return _ymd(d.year, d.month, d.day)


def _month_of(s: str) -> int | None:
    return _MONTH_LOOKUP.get(re.sub(r"[\s.]", "", s).lower())


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def find_dates(text: str, reference: DateValue | None = None) -> list[DateMention]:
    """Date mentions in TEXT, sorted and non-overlapping; see module doc."""
    fv = fold(text)
    f = fv.folded
    ref = _ref_parts(reference)
    out: list[DateMention] = []
    last_end = 0
    for pos in trigger_positions(fv, _DATE):
        if pos < last_end:
            continue
        m = DATE_RE.match(f, pos)
        if m is None:
            continue
        found = _resolve(m, f, ref, last_end)
        if found is None:
            if m.group("MD") is not None and (m["dd"] or m["ord"]) and m["yy"]:
                last_end = m.end()  # "31 فبراير 2023": not a date, and not "فبراير 2023"
            continue
        s, e, value, relative = found
        out.append(DateMention(span=fv.span(s, e), date=DateValue(value), relative=relative))
        last_end = e
    return out


def _resolve(m: re.Match, f: str, ref, last_end: int):
    """(start, end, value, relative) for a match, or None."""
    if m.group("ISO") is not None:
        v = _ymd(int(m["iy"]), int(m["im"]), int(m["id"]))
        return (m.start(), m.end(), v, False) if v else None
    if m.group("DMY") is not None:
        a, b, y = int(m["n1"]), int(m["n2"]), int(m["n3"])
        v = None
        if _ARABIC_CHAR_RE.search(f, max(0, m.start() - 40), m.end() + 40) or a > 12 >= b:
            v = _ymd(y, b, a)
        elif b > 12 >= a:
            v = _ymd(y, a, b)
        return (m.start(), m.end(), v, False) if v else None
    if m.group("MD") is not None:
        return _month_date(m, f, ref)
    if m.group("REL") is not None:
        for k, (_, (unit, n)) in _REL_GROUPS.items():
            if m.group(k) is not None:
                v = _shift(ref, unit, n)
                return (m.start(), m.end(), v, True) if v else None
        return None
    # a year: needs a cue before it
    start = m.start()
    cue = _Y_CUE_RE.search(f, max(last_end, start - 50), start)
    if cue is None or not (cue["prep"] or cue["desc"] or cue["yw"]):
        return None
    if cue["desc"] or cue["yw"]:
        start = cue.start("desc") if cue["desc"] else cue.start("yw")
    return start, m.end(), _ymd(int(m["y"])), False


def _month_date(m: re.Match, f: str, ref):
    m1 = m["m1"]
    month = _month_of(m1)
    if month is None:
        return None
    start, end = m.start("MD"), m.end("MD")
    is_abbr = m1[:1].isascii() and m1.rstrip(".") in EN_MONTH_ABBR
    day = None
    period = False  # "الأسبوع الأول من أكتوبر"
    if m["dd"] is not None:
        day = int(m["dd"])
    elif m["ord"] is not None:
        if _PERIOD_BEFORE_RE.search(f, max(0, start - 20), start):
            # "الأسبوع الأول من أكتوبر": an ordinal week, not a day
            start = m.start("shahr") if m["shahr"] else m.start("m1")
            period = True
        else:
            day = _ORD_LOOKUP.get(re.sub(r"\s", "", m["ord"]))
    year = int(m["yy"]) if m["yy"] else None
    rel = m["rel"]
    if m["dd3"] is not None:
        if day is None and m1[:1].isascii():
            day = int(m["dd3"])
        else:  # "أكتوبر 15 شركة": the number is not a day; stop after the month
            end = m.end("m2") if m["m2"] is not None else m.end("m1")
            year, rel = None, None
    if day is not None and not 1 <= day <= 31:
        return None
    if m["m2"] is not None and _month_of(m["m2"]) != month:
        # two different months ("January/February 2024"): only the year is sure
        return (start, end, _ymd(year), False) if year is not None else None
    if year is not None:
        v = _ymd(year, month, day)
        return (start, end, v, False) if v else None
    # no year: relative to the reference
    if ref[0] is None:
        return None
    word = (rel or m["lastp"] or "").lower()
    mode = ("last" if word in _LAST_WORDS else "next" if word in _NEXT_WORDS
            else "this" if word in _THIS_WORDS else "recent")
    if day is not None:
        v = _resolve_day(month, day, mode, ref)
    else:
        if is_abbr and m["lastp"] is None:
            return None
        if mode == "recent":
            cued = (period or m["shahr"] is not None or (m["m2"] is not None and m1 not in _RISKY)
                    or _CUE_BEFORE_RE.search(f, max(0, start - 25), start))
            if not cued:
                return None
        v = _resolve_month(month, mode, ref)
    return (start, end, v, True) if v else None

