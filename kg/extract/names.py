"""Names that are not in the lexicon: found by cue words, shape and roles.

A pure function over a sentence-free token list (texts and NORMs of one Doc):
``NameFinder.find(texts, norms, lang)`` returns (first, last, type, name)
token spans. The cue lexicons are data (data/names.yaml). The rules aim at
precision: an Arabic-script name is taken only when something marks it as a
name (quotes, a nationality adjective after a company cue, a role and a comma
around a person), while Latin-script names inside Arabic text are names by
their shape.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.extract.triggers import PhraseIndex
from kg.text.normalize import ARABIC_LETTER, normalize

NAMES_PATH = Path(__file__).resolve().parent / "data" / "names.yaml"

_LATIN_WORD = re.compile(r"^(?:[A-Z][A-Za-z0-9&'’.\-]*|[0-9]+[A-Za-z][A-Za-z0-9\-]*)$")
_CONNECTIVE = frozenset({"of", "for", "the", "&", "de"})  # not "and"/"on": they join two names
_PRODUCT_SHAPE = re.compile(r"[0-9]|[a-z][A-Z]|^[A-Z]{2,}-")  # GPT-5, OneSim, AI-7
_CALLED = frozenset({"called", "named", "dubbed", "known"})
_BRAND_SHAPE = re.compile(r"[0-9]|[a-z][A-Z]|^[A-Z]{2,}$")  # OpenAI, GPT4, IBM
_QUOTES = frozenset({'"', "«", "»", "“", "”", "'"})
_COMMA = frozenset({"،", ","})
_NATIONALITY_SUFFIX = ("يه", "ي")  # الأمريكية، الإسرائيلي… (after folding ة -> ه)
_NATIONALITIES = frozenset(normalize(w) for w in (
    "الأمريكية", "الأميركية", "الإسرائيلية", "البريطانية", "الصينية", "الفرنسية", "الألمانية", "الهندية", "الروسية",
    "الإماراتية", "السعودية", "التركية", "الإيطالية", "اليابانية", "الكندية", "الهولندية", "الإيرلندية", "الأوروبية",
    "الأمريكي", "الأميركي", "الإسرائيلي", "البريطاني", "الناشئة", "العملاقة", "المتخصصة", "الاستشارية", "التقنية",
))
_NUMBER = re.compile(r"^[0-9\u0660-\u0669]{2,5}$")
_DIGITS = str.maketrans({chr(0x0660 + i): str(i) for i in range(10)})
MAX_NAME_TOKENS = 5
MAX_ARABIC_NAME = 3


@dataclass(frozen=True, slots=True)
class NameSpan:
    first: int
    last: int  # exclusive
    type: str
    name: str


class NameFinder:
    def __init__(self, norm=normalize, stop_norms: frozenset[str] = frozenset(), path: Path = NAMES_PATH):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.cues = PhraseIndex(norm)
        for type_name, langs in data["cue_then_name"].items():
            for words in langs.values():
                for word in words:
                    self.cues.add(str(word), type_name)
        self.body_heads = {norm(w): t for t, words in data["body_heads"].items() for w in words}
        self.body_start = {w: t for t, d in data["body_words_en"].items() for w in d["start"]}
        self.body_end = {w: t for t, d in data["body_words_en"].items() for w in d["end"]}
        self.roles = PhraseIndex(norm)
        for words in data["roles"].values():
            for word in words:
                self.roles.add(str(word), "role")
        self.named = PhraseIndex(norm)
        for words in data["named"].values():
            for word in words:
                self.named.add(str(word), "named")
        self.unit_words = frozenset(norm(w) for w in data["unit_words"])
        self.not_name_ar = frozenset(normalize(w) for w in data["not_name_ar"]) | stop_norms
        self.not_name_en = frozenset(data["not_name_en"])
        self.norm = norm

    def words(self) -> set[str]:
        """NORM words the finder looks up (so proclitic stripping knows them)."""
        return self.cues.words() | self.roles.words() | self.named.words() | set(self.body_heads) | set(self.unit_words)

    # -- entry point ----------------------------------------------------------

    def find(self, texts: list[str], norms: list[str], lang: str, has_latin: bool = True) -> list[NameSpan]:
        """HAS_LATIN=False (no capital Latin letter in the text) skips the Latin-name rules."""
        normset = frozenset(norms)
        out: list[NameSpan] = self._numbered_units(texts, norms, normset)
        cue_at = {start: (end, t) for start, end, t in self.cues.find(norms, normset)}
        cue_end = {end: t for start, (end, t) in cue_at.items()}
        if has_latin:
            for first, last in _latin_runs(texts):
                span = self._typed_latin_run(texts, first, last, cue_end, lang)
                if span is not None:
                    out.append(span)
        if lang == "ar":
            if cue_at:
                out.extend(self._arabic_after_cues(texts, norms, cue_at))
            if not normset.isdisjoint(self.body_heads):
                out.extend(self._arabic_bodies(texts, norms))
            out.extend(self._arabic_people(texts, norms, normset))
        elif has_latin:
            out.extend(self._english_people(texts, norms, normset))
        return out

    # -- numbered units ("الوحدة 8200", "Unit 81") ------------------------------

    def _numbered_units(self, texts, norms, normset) -> list[NameSpan]:
        if normset.isdisjoint(self.unit_words):
            return []
        out = []
        for i in range(len(norms) - 1):
            if norms[i] in self.unit_words and _NUMBER.match(texts[i + 1]):
                number = texts[i + 1].translate(_DIGITS)
                out.append(NameSpan(i, i + 2, "MilitaryUnit", f"unit {number}"))
        return out

    # -- Latin-script names ---------------------------------------------------

    def _typed_latin_run(self, texts, first, last, cue_end, lang) -> NameSpan | None:
        run_start = first
        while first < last and texts[first] in self.not_name_en:
            first += 1
        if first >= last:
            return None
        words = texts[first:last]
        name = " ".join(words)
        cue_type = cue_end.get(first) or (cue_end.get(first - 1) if first > 0 and texts[first - 1] in _QUOTES else None)
        if not cue_type and first >= 2 and texts[first - 1] in _CALLED:
            cue_type = cue_end.get(first - 1)  # "a platform called X"
        if cue_type:
            return NameSpan(first, last, cue_type, name)
        if lang == "en" and last < len(texts):
            after = self.cues.find([self.norm(texts[last])])
            if after and after[0][2] in ("NewsOutlet", "Campaign", "Company", "Organization", "Product", "Project"):
                return NameSpan(first, last, after[0][2], name)
        if lang == "ar" and not self._name_shaped(texts, run_start, last):
            return None
        body = self.body_start.get(words[0]) or self.body_end.get(words[-1])
        if body and len(words) >= 2:
            return NameSpan(first, last, body, name)
        if lang == "ar":
            # a Latin-script name inside Arabic text is a name by its shape
            return NameSpan(first, last, "Product" if _PRODUCT_SHAPE.search(name) else "Company", name)
        return None

    @staticmethod
    def _name_shaped(texts, first, last) -> bool:
        """Not a gloss ("…/Air-Gapped Systems"), not a quoted title, and brand-like when one word."""
        before = texts[first - 1] if first > 0 else ""
        if before in ("/", "(") or before in _QUOTES:
            return False
        if "-" in texts[first:last] and not _PRODUCT_SHAPE.search(" ".join(texts[first:last])):
            return False
        if last - first == 1:
            word = texts[first]
            return bool(_BRAND_SHAPE.search(word)) or len(word) >= 5
        return True

    # -- Arabic ---------------------------------------------------------------

    def _arabic_after_cues(self, texts, norms, cue_at) -> list[NameSpan]:
        """Cue + quoted name, or company cue + Arabic name + nationality adjective."""
        out = []
        for start, (end, type_name) in cue_at.items():
            if _definite(texts[end - 1]):
                continue  # "الشركة «...»" refers back; only "شركة «X»" introduces a name
            if end < len(texts) and texts[end] in _QUOTES:
                close = next((k for k in range(end + 1, min(end + 1 + MAX_NAME_TOKENS + 1, len(texts))) if texts[k] in _QUOTES), None)
                if close and close > end + 1:
                    out.append(NameSpan(end + 1, close, type_name, " ".join(texts[end + 1:close])))
                continue
            if type_name not in ("Company", "NewsOutlet"):
                continue
            stop = end
            while stop < len(texts) and stop - end < MAX_ARABIC_NAME and self._arabic_name_word(texts[stop], norms[stop]):
                stop += 1
            if stop > end and stop < len(texts) and norms[stop] in _NATIONALITIES | {normalize(texts[stop])}:
                if normalize(texts[stop]) in _NATIONALITIES:
                    out.append(NameSpan(end, stop, type_name, " ".join(texts[end:stop])))
        return out

    def _arabic_bodies(self, texts, norms) -> list[NameSpan]:
        """"وزارة الأمن الرقمي": a body noun and the definite words that follow it."""
        out = []
        for i, norm in enumerate(norms):
            type_name = self.body_heads.get(norm)
            if not type_name:
                continue
            stop = i + 1
            while stop < len(texts) and stop - i <= 3 and normalize(texts[stop]).startswith("ال") \
                    and normalize(texts[stop]) not in self.not_name_ar | _GENERIC_DEFINITES:
                stop += 1
            if stop - i >= 2:
                out.append(NameSpan(i, stop, type_name, " ".join(texts[i:stop])))
        return out

    def _arabic_name_word(self, text: str, norm: str) -> bool:
        folded = normalize(text)
        definite = _strip_marks(text).startswith("ال")  # the article; not إل/أل of names like إليسون
        return (bool(ARABIC_LETTER.match(text)) and len(folded) >= 2 and not definite
                and folded not in self.not_name_ar and norm not in self.not_name_ar)

    def _arabic_person_at(self, texts, norms, start: int, step: int = 1) -> tuple[int, int] | None:
        """2–3 name words starting at START (forwards, and followed by a comma, a full stop,
        "إن/أن" or the end), or the two words ending at START (backwards)."""
        limit = MAX_ARABIC_NAME if step == 1 else 2
        words = []
        k = start
        while 0 <= k < len(texts) and len(words) < limit:
            if self._arabic_name_word(texts[k], norms[k]) or (words and normalize(texts[k]) in ("الله", "الدين", "الرحمن")):
                words.append(k)
                k += step
            else:
                break
        if len(words) < 2:
            return None
        first, last = min(words), max(words) + 1
        if step == 1 and last < len(texts) and not (texts[last] in _COMMA or texts[last] in _QUOTES
                                                    or texts[last] in (".", ":", "؛") or normalize(texts[last]) in ("ان",)):
            return None
        return first, last

    def _arabic_people(self, texts, norms, normset) -> list[NameSpan]:
        out = []
        roles = self.roles.find(norms, normset)
        named = self.named.find(norms, normset)
        if not roles and not named:
            return out
        for start, end, _ in roles:
            # ROLE NAME  ("الباحث مات محمودي")
            found = self._arabic_person_at(texts, norms, end)
            if found is None:
                # ROLE ... ، NAME  ("الرئيس التنفيذي للشركة، داني روزن")
                comma = next((k for k in range(end, min(end + 7, len(texts))) if texts[k] in _COMMA), None)
                if comma is not None:
                    found = self._arabic_person_at(texts, norms, comma + 1)
            if found is None and start >= 2 and texts[start - 1] in _COMMA:
                # NAME ، ROLE  ("براد سميث، رئيس الشركة")
                found = self._arabic_person_at(texts, norms, start - 2, step=-1)
            if found is not None:
                out.append(NameSpan(found[0], found[1], "Person", " ".join(texts[found[0]:found[1]])))
        for _, end, _ in named:
            found = self._arabic_person_at(texts, norms, end)
            if found is not None:
                out.append(NameSpan(found[0], found[1], "Person", " ".join(texts[found[0]:found[1]])))
        return out

    # -- English people -------------------------------------------------------

    def _english_people(self, texts, norms, normset) -> list[NameSpan]:
        out = []
        runs = [(a, b) for a, b in _latin_runs(texts) if 2 <= b - a <= 3]
        roles = self.roles.find([n.lower() for n in norms])
        role_starts = {s for s, _, _ in roles}
        role_ends = {e for _, e, _ in roles}
        for first, last in runs:
            words = texts[first:last]
            if any(w in self.not_name_en or not w[:1].isupper() or any(c.isdigit() for c in w) for w in words):
                continue
            if self.body_start.get(words[0]) or self.body_end.get(words[-1]):
                continue
            before = {first - k for k in range(1, 4)}
            after = {last + k for k in range(0, 5)}
            called_thing = first >= 2 and bool(self.cues.find([self.norm(texts[first - 2])]))
            is_person = bool(role_ends & {first}) or (texts[first - 1] in _COMMA and bool(role_ends & before)) \
                or (last < len(texts) and texts[last] in _COMMA and bool(role_starts & after)) \
                or (bool(self.named.find(norms[max(0, first - 1):first])) and not called_thing)
            if is_person:
                out.append(NameSpan(first, last, "Person", " ".join(words)))
        return out


# Definite words after a body noun that are generic, not part of a name.
_GENERIC_DEFINITES = frozenset(normalize(w) for w in ("الإسرائيلية", "الإسرائيلي", "الأمريكية", "التابعة", "المعنية", "الحكومية"))


def _strip_marks(text: str) -> str:
    return _MARKS.sub("", text)


_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")


def _definite(text: str) -> bool:
    folded = normalize(text)
    return folded.startswith(("ال", "لل", "وال", "بال", "فال", "ولل")) or folded in ("the",)


_RUN_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _latin_runs(texts: list[str]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised Latin words (connectives allowed inside)."""
    runs = []
    i, count = 0, len(texts)
    while i < count:
        if texts[i][:1] in _RUN_START and _LATIN_WORD.match(texts[i]):
            j = i + 1
            while j < count and (_LATIN_WORD.match(texts[j]) or
                                 ((texts[j] in _CONNECTIVE or texts[j] == "-") and j + 1 < count
                                  and _LATIN_WORD.match(texts[j + 1]))):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs
