"""Blank spaCy pipelines (``ar`` and ``en``) with our own components.

No model weights: a tokenizer with Arabic-aware prefixes, a NORM layer that
folds spelling variants and strips proclitics when that reveals a known word,
rule-based sentence boundaries, and an entity component that matches the
lexicon on NORM (all-caps acronyms on ORTH) and finds numbered units and names
introduced by cue words. Components follow spaCy's ``SpanRuler`` shape: build
the matchers once, annotate each Doc.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

import numpy as np
import spacy
from spacy.language import Language
from spacy.attrs import IDX, IS_SPACE, LENGTH, NORM, ORTH, SENT_START
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_prefix_regex, compile_suffix_regex

from kg.extract.names import NameFinder
from kg.text.normalize import normalize

# Proclitic sequences tried in order (longest first) when a token is unknown:
# conjunction (و ف) + preposition (ب ل ك) + article (ال); "لل" is ل + ال.
_PROCLITICS = (
    "وبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل",
    "وب", "ول", "وك", "فب", "فل", "فك",
    "و", "ف", "ب", "ل", "ك", "ال",
)
_MIN_STEM = 2

SENTENCE_END = frozenset({".", "!", "?", "؟", "…", "！", "؛"})
CLAUSE_END = frozenset({"،", ",", ";", "؛", ":", "-", "–", "—", "(", ")"})
TOKENIZER_CACHE_CHUNKS = 500_000  # tens of bytes each: at most some 30 MB
_CAPITAL_LATIN = re.compile(r"[A-Z]")

ENTITY_SPANS = "kg_entities"
ENTITY_TUPLES = "kg_entity_tuples"  # doc.user_data: the same spans as (start, end, label, kb_id)
TOKEN_STRINGS = "kg_tokens"  # doc.user_data: (texts, norms) of every token
TOKEN_ROWS = "kg_token_rows"  # doc.user_data: one row per token, columns ROW_* (set by kg_sentences)
TOKEN_COLUMNS = (ORTH, NORM, IDX, LENGTH, IS_SPACE)  # then the sentence-end and clause-end flags
ROW_ORTH, ROW_NORM, ROW_IDX, ROW_LENGTH, ROW_SPACE, ROW_SENTENCE_END, ROW_CLAUSE_END = range(7)
TUPLES_ONLY = "kg_tuples_only"  # doc.user_data: the caller reads ENTITY_TUPLES, no Span objects needed
INEXACT = "kg_inexact"  # doc.user_data: a line's name could not be placed on the joined Doc's tokens


class _StringCache(dict):
    """Hash -> string, filled from the StringStore on first use (a dict lookup is cheaper)."""

    def __init__(self, strings):
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> str:
        value = self[key] = self.strings[key]
        return value


def _filter_spans(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """spacy.util.filter_spans on (start, end, ...) tuples: the (first) longest wins, sorted by start."""
    ordered = sorted(spans, key=lambda span: (span[1] - span[0], -span[0]), reverse=True)
    result = []
    seen: set[int] = set()
    for span in ordered:
        if span[0] not in seen and span[1] - 1 not in seen:
            result.append(span)
            seen.update(range(span[0], span[1]))
    result.sort(key=lambda span: span[0])
    return result


class Normaliser:
    """Token text -> NORM string, folding variants and stripping proclitics.

    A proclitic is stripped only when what remains is a KNOWN word (from the
    lexicon or the trigger lists): "لمايكروسوفت" -> "مايكروسوفت", while
    "وزارة" keeps its و because "زاره" is not a known word. Lexicon labels,
    trigger words and text all go through this same function, so whatever it
    decides, both sides of every comparison agree.
    """

    def __init__(self, known: Iterable[str], never_strip: Iterable[str] = ()):
        self.known = frozenset(known)
        self.never_strip = frozenset(normalize(w) for w in never_strip)
        self._cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        norm = normalize(text)
        if norm[:1] in "وفبلكا" and " " not in norm and norm not in self.never_strip:
            norm = self._strip(norm)
        self._cache[text] = norm
        return norm

    def _strip(self, norm: str) -> str:
        """Strip proclitics while what remains is known; idempotent (the result
        strips to itself), so a word and its cliticised forms share one NORM."""
        known = self.known
        for clitic in _PROCLITICS:
            if norm.startswith(clitic) and len(norm) - len(clitic) >= _MIN_STEM:
                stem = norm[len(clitic):]
                for candidate in (stem, "ال" + stem):
                    if candidate != norm and candidate in known and not candidate.startswith("الال"):
                        return self._strip(candidate) if candidate[:1] in "وفبلكا" else candidate
        return norm

    def phrase(self, text: str) -> str:
        """A multi-word phrase normalised word by word, the way tokens are."""
        return " ".join(self(word) for word in normalize(text).split())


def _customise_tokenizer(nlp: Language) -> None:
    """Split glued Arabic prepositions written with tatweel (لـ, بـ) and a
    leading tatweel, and always split a final full stop from a word.

    Drops spaCy's whitespace special cases (" ", "\\n", "\\t", no-break space):
    without them the same single whitespace token comes out, but a special-case
    hit stops the tokenizer caching every later word of the Doc, so one
    no-break space made the rest of an article be re-split word by word.
    The tokenizer is built once with all its settings (each setter reloads
    every special case).
    """
    old = nlp.tokenizer
    prefixes = [r"[لبوفك]ـ+", r"ـ+", r"-+(?=\S)", *nlp.Defaults.prefixes]
    suffixes = [*nlp.Defaults.suffixes, r"\.", r"ـ+", r"(?<=[^\W\d_])-+"]  # "الإسرائيلية-", "-صندوق"
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        rules={text: tokens for text, tokens in old.rules.items() if not text.isspace()},
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=old.infix_finditer,
        token_match=old.token_match,
        url_match=old.url_match,
        faster_heuristics=old.faster_heuristics,
        # spaCy caches the tokens of at most 10,000 distinct whitespace-separated chunks by default;
        # Arabic, with clitics glued to words, has many more in a corpus
        max_cache_size=TOKENIZER_CACHE_CHUNKS,
    )


@Language.factory("kg_norm", default_config={})
def make_norm(nlp: Language, name: str):
    return NormComponent(nlp)


class NormComponent:
    """The NORM layer: every word's lexeme carries its Normaliser NORM.

    Setting ``normaliser`` makes it the vocabulary's NORM getter, so a word gets
    its NORM once, when the vocabulary first meets it (words already known are
    normalised then); a Doc then costs nothing here.
    """

    def __init__(self, nlp: Language):
        self.vocab = nlp.vocab
        self._normaliser: Normaliser | None = None

    @property
    def normaliser(self) -> Normaliser | None:
        return self._normaliser

    @normaliser.setter
    def normaliser(self, normaliser: Normaliser) -> None:
        self._normaliser = normaliser
        self.vocab.lex_attr_getters = {**self.vocab.lex_attr_getters, NORM: normaliser}
        for lexeme in self.vocab:
            lexeme.norm_ = normaliser(lexeme.orth_)

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("kg_sentences", default_config={})
def make_sentences(nlp: Language, name: str):
    return SentenceBoundaries(nlp)


def ends_sentence(word: str) -> bool:
    """. ! ? ؟ and any whitespace token holding a line break (paragraphs never merge)."""
    return word in SENTENCE_END or ("\n" in word and word.isspace())


class SentenceBoundaries:
    """A sentence ends after . ! ? ؟ or at a line break.

    Which words end a sentence, or a clause, is a lexeme flag: the vocabulary
    computes it once per distinct word. The Doc is read once, as the array
    ``doc.user_data[TOKEN_ROWS]`` (columns ROW_*, sentence ends and clause ends
    included), which later readers use instead of reading the Doc again.
    """

    def __init__(self, nlp: Language):
        self.columns = [*TOKEN_COLUMNS, nlp.vocab.add_flag(ends_sentence), nlp.vocab.add_flag(CLAUSE_END.__contains__)]

    def __call__(self, doc: Doc) -> Doc:
        count = len(doc)
        if not count:
            return doc
        rows = doc.user_data[TOKEN_ROWS] = doc.to_array(self.columns)
        # one from_array instead of Token.is_sent_start per start (each checks every token's DEP)
        starts = np.zeros((count, 1), dtype=np.uint64)
        starts[0, 0] = 1
        starts[np.flatnonzero(rows[:-1, ROW_SENTENCE_END]) + 1, 0] = 1
        doc.from_array([SENT_START], starts)
        return doc


@Language.factory("kg_entities", default_config={})
def make_entities(nlp: Language, name: str):
    return EntityComponent(nlp)


class EntityComponent:
    """Lexicon matches plus rule-found new names, as ``doc.spans["kg_entities"]``.

    Each span's label is the entity's class local name and its kb_id the
    entity IRI (lexicon IRI, or ``new:Type:name`` for a name to be minted).
    The same spans are in ``doc.user_data[ENTITY_TUPLES]`` as plain tuples; a
    caller that reads only those sets ``doc.user_data[TUPLES_ONLY]`` and no
    Span objects are made.
    """

    def __init__(self, nlp: Language):
        self.vocab = nlp.vocab
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")  # Latin names as written
        self.types: dict[str, str] = {}  # iri -> type
        self.space_in_patterns = False  # a lexicon label with a whitespace token (could match across lines)

    def add_lexicon(self, nlp: Language, forms: Iterable[tuple[str, str, str]], types: dict[str, str]) -> None:
        """Lexicon labels as patterns (their words get their NORM from the vocabulary, as text words do)."""
        self.types.update(types)
        by_iri: dict[str, list[Doc]] = {}
        acr: dict[str, list[Doc]] = {}
        for label, _lang, iri in forms:
            doc = nlp.make_doc(label)
            if any(token.is_space for token in doc):
                self.space_in_patterns = True
            if label.isascii() and any(c.isupper() for c in label):
                acr.setdefault(iri, []).append(doc)  # proper-cased Latin names match as written
                continue
            by_iri.setdefault(iri, []).append(doc)
        for iri, docs in by_iri.items():
            self.phrases.add(iri, docs)
        for iri, docs in acr.items():
            self.acronyms.add(iri, docs)

    def add_names(self, finder) -> None:
        self.names = finder

    def __call__(self, doc: Doc) -> Doc:
        strings = self.vocab.strings
        types = self.types
        found: list[tuple[int, int, str, str]] = []
        for matcher in (self.phrases, self.acronyms):
            for match_id, start, end in matcher(doc):
                iri = strings[match_id]
                found.append((start, end, types[iri], iri))
        found.extend(self._new_names(doc))
        kept = _filter_spans(found)
        doc.user_data[ENTITY_TUPLES] = kept
        if not doc.user_data.get(TUPLES_ONLY):
            doc.spans[ENTITY_SPANS] = [Span(doc, start, end, label=label, kb_id=kb) for start, end, label, kb in kept]
        return doc

    def _new_names(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """(first, last, type, "new:Type:name") for names the lexicon does not know (kg.extract.names).

        Names are found line by line, each line read as if it were a Doc of its own (a Doc may
        hold several paragraphs joined by line breaks). Lines with no cue word and no capital
        Latin letter are skipped on the hash arrays. The token strings are kept in
        ``doc.user_data[TOKEN_STRINGS]`` for later readers.
        """
        rows = doc.user_data.get(TOKEN_ROWS)
        if rows is None:  # no kg_sentences before this component
            rows = doc.to_array(TOKEN_COLUMNS)
        orths = rows[:, ROW_ORTH].tolist()
        norm_ids = rows[:, ROW_NORM].tolist()
        cache = self._string_cache()
        texts = list(map(cache.__getitem__, orths))
        norms = list(map(cache.__getitem__, norm_ids))
        doc.user_data[TOKEN_STRINGS] = (texts, norms)
        raw = doc.user_data.get("kg_text")
        if raw is None:  # a Doc made elsewhere (doc.text would walk Token objects)
            raw = doc.text
        if "\n" not in raw:
            return self._names_in(texts, norms, norm_ids, _CAPITAL_LATIN.search(raw) is not None, doc.lang_, 0)
        out: list[tuple[int, int, str, str]] = []
        starts = rows[:, ROW_IDX].tolist()
        pos = 0
        for line in raw.split("\n"):
            line_start, line_end = pos, pos + len(line)
            pos = line_end + 1
            if not line or line.isspace():
                continue
            has_latin = _CAPITAL_LATIN.search(raw, line_start, line_end) is not None
            lo, hi = bisect_left(starts, line_start), bisect_left(starts, line_end)
            if not (line[0].isspace() or line[-1].isspace()):
                # the line's tokens are exactly those of the line on its own
                out.extend(self._names_in(texts[lo:hi], norms[lo:hi], norm_ids[lo:hi], has_latin, doc.lang_, lo))
                continue
            # edge whitespace joins the line break in one token: tokenise the line alone
            alone = self.tokenizer(line)  # (NORM comes with each word's lexeme)
            arr = alone.to_array([ORTH, NORM, IDX])
            a_texts = list(map(cache.__getitem__, arr[:, 0].tolist()))
            a_norm_ids = arr[:, 1].tolist()
            a_starts = arr[:, 2].tolist()
            for first, last, type_name, key in self._names_in(a_texts, list(map(cache.__getitem__, a_norm_ids)),
                                                              a_norm_ids, has_latin, doc.lang_, 0):
                char_start = line_start + a_starts[first]
                char_end = line_start + a_starts[last - 1] + len(a_texts[last - 1])
                i = bisect_left(starts, char_start)
                j = bisect_left(starts, char_end)
                if i < len(starts) and starts[i] == char_start and j > i and starts[j - 1] + len(texts[j - 1]) == char_end:
                    out.append((i, j, type_name, key))
                else:
                    doc.user_data[INEXACT] = True  # no token boundary here in the joined Doc
        return out

    def _names_in(self, texts, norms, norm_ids, has_latin: bool, lang: str, offset: int):
        if not has_latin and self._cue_ids().isdisjoint(norm_ids):
            return []
        return [(n.first + offset, n.last + offset, n.type, f"new:{n.type}:{n.name}")
                for n in self.names.find(texts, norms, lang, has_latin)]

    def _string_cache(self) -> dict:
        cache = self.__dict__.get("_strings")
        if cache is None:
            cache = self.__dict__["_strings"] = _StringCache(self.vocab.strings)
        return cache

    def _cue_ids(self) -> frozenset[int]:
        ids = self.__dict__.get("_cue_id_set")
        if ids is None:
            ids = self.__dict__["_cue_id_set"] = frozenset(self.vocab.strings.add(w) for w in self.names.words())
        return ids




def make_pipeline(lang: str, known_words: Iterable[str], lexicon_forms, lexicon_types: dict[str, str],
                  never_strip: Iterable[str] = (), stop_norms: frozenset[str] = frozenset()) -> Language:
    """A blank ``lang`` pipeline with kg_norm, kg_sentences and kg_entities."""
    nlp = spacy.blank(lang)
    _customise_tokenizer(nlp)
    norm: NormComponent = nlp.add_pipe("kg_norm")
    norm.normaliser = Normaliser(known_words, never_strip)
    nlp.add_pipe("kg_sentences")
    entities: EntityComponent = nlp.add_pipe("kg_entities")
    entities.add_lexicon(nlp, lexicon_forms, lexicon_types)
    entities.add_names(NameFinder(norm.normaliser.phrase, stop_norms))
    entities.tokenizer = nlp.tokenizer
    return nlp


WORD = re.compile(r"\w+", re.UNICODE)
