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
from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.attrs import IS_SPACE, NORM, ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import compile_prefix_regex, compile_suffix_regex, filter_spans

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
_CAPITAL_LATIN = re.compile(r"[A-Z]")

ENTITY_SPANS = "kg_entities"


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
    leading tatweel, and always split a final full stop from a word."""
    prefixes = [r"[لبوفك]ـ+", r"ـ+", r"-+(?=\S)", *nlp.Defaults.prefixes]
    suffixes = [*nlp.Defaults.suffixes, r"\.", r"ـ+", r"(?<=[^\W\d_])-+"]  # "الإسرائيلية-", "-صندوق"
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


@Language.factory("kg_norm", default_config={})
def make_norm(nlp: Language, name: str):
    return NormComponent(nlp)


class NormComponent:
    """Sets NORM on each word's lexeme, once per distinct word.

    Tokens read their lexeme's NORM, so a word seen before costs one set lookup.
    """

    def __init__(self, nlp: Language):
        self.vocab = nlp.vocab
        self.normaliser: Normaliser | None = None
        self._done: set[str] = set()

    def set_norm(self, text: str) -> None:
        if text not in self._done:
            self.vocab[text].norm_ = self.normaliser(text)
            self._done.add(text)

    def __call__(self, doc: Doc) -> Doc:
        done = self._done
        strings = self.vocab.strings
        for orth in set(doc.to_array(ORTH).tolist()):
            text = strings[orth]
            if text not in done:
                self.set_norm(text)
        return doc


@Language.factory("kg_sentences", default_config={})
def make_sentences(nlp: Language, name: str):
    return sentence_boundaries


def sentence_boundaries(doc: Doc) -> Doc:
    """A sentence ends after . ! ? ؟ or at a line break (paragraphs never merge).

    Works on the ORTH array; only sentence-initial tokens become Token objects.
    """
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, IS_SPACE]).tolist()
    ends = _sentence_end_ids(strings)
    doc[0].is_sent_start = True
    for i in range(len(rows) - 1):
        orth, is_space = rows[i]
        if orth in ends or (is_space and "\n" in strings[orth]):
            doc[i + 1].is_sent_start = True
    return doc


_END_IDS: dict[int, frozenset[int]] = {}


def _sentence_end_ids(strings) -> frozenset[int]:
    key = id(strings)
    if key not in _END_IDS:
        _END_IDS[key] = frozenset(strings.add(mark) for mark in SENTENCE_END)
    return _END_IDS[key]


@Language.factory("kg_entities", default_config={})
def make_entities(nlp: Language, name: str):
    return EntityComponent(nlp)


class EntityComponent:
    """Lexicon matches plus rule-found new names, as ``doc.spans["kg_entities"]``.

    Each span's label is the entity's class local name and its kb_id the
    entity IRI (lexicon IRI, or ``new:Type:name`` for a name to be minted).
    """

    def __init__(self, nlp: Language):
        self.vocab = nlp.vocab
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")  # Latin names as written
        self.types: dict[str, str] = {}  # iri -> type

    def add_lexicon(self, nlp: Language, forms: Iterable[tuple[str, str, str]], types: dict[str, str], set_norm) -> None:
        self.types.update(types)
        by_iri: dict[str, list[Doc]] = {}
        acr: dict[str, list[Doc]] = {}
        for label, _lang, iri in forms:
            doc = nlp.make_doc(label)
            if label.isascii() and any(c.isupper() for c in label):
                acr.setdefault(iri, []).append(doc)  # proper-cased Latin names match as written
                continue
            for token in doc:
                set_norm(token.text)
            by_iri.setdefault(iri, []).append(doc)
        for iri, docs in by_iri.items():
            self.phrases.add(iri, docs)
        for iri, docs in acr.items():
            self.acronyms.add(iri, docs)

    def add_names(self, finder) -> None:
        self.names = finder

    def __call__(self, doc: Doc) -> Doc:
        strings = self.vocab.strings
        spans: list[Span] = []
        for matcher in (self.phrases, self.acronyms):
            for match_id, start, end in matcher(doc):
                iri = strings[match_id]
                spans.append(Span(doc, start, end, label=self.types[iri], kb_id=iri))
        spans.extend(self._new_names(doc))
        doc.spans[ENTITY_SPANS] = filter_spans(spans)
        return doc

    def _new_names(self, doc: Doc) -> list[Span]:
        """Spans for names the lexicon does not know (kg.extract.names), kb_id "new:Type:name".

        Most paragraphs hold no cue word and no capital Latin letter: that is decided on
        the hash arrays, before any string is built.
        """
        strings = self.vocab.strings
        rows = doc.to_array([ORTH, NORM]).tolist()
        raw = doc.user_data.get("kg_text")
        texts = None
        if raw is None:  # a Doc made elsewhere: build the strings (doc.text would walk Token objects)
            texts = [strings[orth] for orth, _ in rows]
            raw = "".join(texts)
        has_latin = _CAPITAL_LATIN.search(raw) is not None
        if not has_latin:
            cue_ids = self._cue_ids()
            if not any(norm in cue_ids for _, norm in rows):
                return []
        texts = texts or [strings[orth] for orth, _ in rows]
        norms = [strings[norm] for _, norm in rows]
        return [Span(doc, n.first, n.last, label=n.type, kb_id=f"new:{n.type}:{n.name}")
                for n in self.names.find(texts, norms, doc.lang_, has_latin)]

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
    entities.add_lexicon(nlp, lexicon_forms, lexicon_types, norm.set_norm)
    entities.add_names(NameFinder(norm.normaliser.phrase, stop_norms))
    return nlp


WORD = re.compile(r"\w+", re.UNICODE)
