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

from kg.text.normalize import normalize

# Proclitic sequences tried in order (longest first) when a token is unknown:
# conjunction (و ف) + preposition (ب ل ك) + article (ال); "لل" is ل + ال.
_PROCLITICS = (
    "وبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل",
    "وب", "ول", "وك", "فب", "فل", "فك",
    "و", "ف", "ب", "ل", "ك", "ال",
)
_MIN_STEM = 2

SENTENCE_END = frozenset({".", "!", "?", "؟", "…", "!", "؛"})
CLAUSE_END = frozenset({"،", ",", ";", "؛", ":", "-", "–", "—", "(", ")"})

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
        self._cache: dict[str, str] = {normalize(w): normalize(w) for w in never_strip}
        self._cache.update({w: normalize(w) for w in never_strip})

    def __call__(self, text: str) -> str:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        norm = normalize(text)
        if norm[:1] in "وفبلكا" and " " not in norm and norm not in self._cache:
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
    prefixes = [r"[لبوفك]ـ+", r"ـ+", *nlp.Defaults.prefixes]
    suffixes = [*nlp.Defaults.suffixes, r"\.", r"ـ+"]
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

    def add_rules(self, rules: dict[str, list[str]]) -> None:
        self.name_rules = NameRules(self.vocab, rules)

    def __call__(self, doc: Doc) -> Doc:
        strings = self.vocab.strings
        spans: list[Span] = []
        for matcher in (self.phrases, self.acronyms):
            for match_id, start, end in matcher(doc):
                iri = strings[match_id]
                spans.append(Span(doc, start, end, label=self.types[iri], kb_id=iri))
        spans.extend(self.name_rules(doc))
        doc.spans[ENTITY_SPANS] = filter_spans(spans)
        return doc


class NameRules:
    """Names not in the lexicon, found by cue words (a fast scan, not spaCy's Matcher:
    a regex predicate on every token cost more than the rest of the pipeline).

    Rules come from NAME_RULES: ``TYPE|unit`` = cue + number; ``TYPE|tail`` = cue
    + capitalised Latin words (the name); ``TYPE|all`` = capitalised Latin words
    ending in a corporate suffix.
    """

    def __init__(self, vocab, rules: dict[str, list[str]]):
        self.vocab = vocab
        self.cues: dict[str, list[tuple[str, str]]] = {}  # NORM word -> (type, how)
        self.suffixes: dict[str, str] = {}  # corporate suffix -> type
        for key, words in rules.items():
            type_name, how = key.split("|")
            for word in words:
                if how == "all":
                    self.suffixes[word] = type_name
                else:
                    self.cues.setdefault(word, []).append((type_name, how))
        self._cue_ids = None  # hashes, made on first use (the vocab's StringStore)
        self._suffix_ids = None

    def __call__(self, doc: Doc) -> list[Span]:
        """Only positions holding a cue word or a suffix are looked at (hash-set tests)."""
        strings = self.vocab.strings
        if self._cue_ids is None:
            self._cue_ids = frozenset(strings.add(w) for w in self.cues)
            self._suffix_ids = frozenset(strings.add(w) for w in self.suffixes)
        arrays = doc.to_array([NORM, ORTH]).tolist()
        cue_ids, suffix_ids = self._cue_ids, self._suffix_ids
        hits = [i for i, (norm, orth) in enumerate(arrays) if norm in cue_ids or orth in suffix_ids]
        if not hits:
            return []
        orths = [orth for _, orth in arrays]
        spans: list[Span] = []
        for i in hits:
            norm, orth = arrays[i]
            if norm in cue_ids:
                for type_name, how in self.cues[strings[norm]]:
                    span = self._after_cue(doc, strings, orths, i, type_name, how)
                    if span is not None:
                        spans.append(span)
                        break
            if orth in suffix_ids:
                suffix_type = self.suffixes[strings[orth]]
                first = i
                while first > 0 and _LATIN_NAME_RE.match(strings[orths[first - 1]]):
                    first -= 1
                if first < i:
                    name = doc[first:i + 1].text
                    spans.append(Span(doc, first, i + 1, label=suffix_type, kb_id=f"new:{suffix_type}:{name}"))
        return spans

    @staticmethod
    def _after_cue(doc, strings, orth_ids, i, type_name, how) -> Span | None:
        count = len(orth_ids)
        if i + 1 >= count:
            return None
        following = strings[orth_ids[i + 1]]
        if how == "unit":
            if _NUMBER_RE.match(following):
                number = following.translate(_DIGITS)
                return Span(doc, i, i + 2, label=type_name, kb_id=f"new:{type_name}:unit {number}")
            return None
        if not _LATIN_NAME_RE.match(following):
            return None
        end = i + 2
        while end < count and _LATIN_CONT_RE.match(strings[orth_ids[end]]):
            end += 1
        while end > i + 1 and strings[orth_ids[end - 1]] in _CONNECTIVES:
            end -= 1
        return Span(doc, i + 1, end, label=type_name, kb_id=f"new:{type_name}:{doc[i + 1:end].text}")


_LATIN_NAME_RE = re.compile(r"^[A-Z][A-Za-z0-9&.\-]*$")
_LATIN_CONT_RE = re.compile(r"^([A-Z][A-Za-z0-9&.\-]*|of|and|for|the|&)$")
_NUMBER_RE = re.compile(r"^[0-9\u0660-\u0669]{2,5}$")
_CONNECTIVES = frozenset({"of", "and", "for", "the", "&"})


# --- rules for names not in the lexicon --------------------------------------
# "TYPE|HOW" -> words. HOW: "unit" = cue word + number ("الوحدة 8200", "Unit 81");
# "tail" = cue word + capitalised Latin words, the name ("شركة Quantumleap");
# "all" = capitalised Latin words ending in one of these corporate suffixes.
NAME_RULES: dict[str, list[str]] = {
    "MilitaryUnit|unit": ["الوحده", "وحده", "unit"],
    "Company|tail": ["شركه", "الشركه", "شركتي", "شركات"],
    "Product|tail": ["منصه", "نظام", "تطبيق", "اداه", "تقنيه", "خدمه", "منتج"],
    "Project|tail": ["مشروع", "برنامج"],
    "NewsOutlet|tail": ["صحيفه", "موقع", "مجله", "وكاله", "قناه"],
    "Company|all": ["Inc", "Inc.", "Ltd", "Ltd.", "LLC", "Corp", "Corp.", "Technologies", "Industries", "Labs", "Group"],
}


_DIGITS = str.maketrans({chr(0x0660 + i): str(i) for i in range(10)})


def make_pipeline(lang: str, known_words: Iterable[str], lexicon_forms, lexicon_types: dict[str, str],
                  never_strip: Iterable[str] = ()) -> Language:
    """A blank ``lang`` pipeline with kg_norm, kg_sentences and kg_entities."""
    nlp = spacy.blank(lang)
    _customise_tokenizer(nlp)
    norm: NormComponent = nlp.add_pipe("kg_norm")
    norm.normaliser = Normaliser(known_words, never_strip)
    nlp.add_pipe("kg_sentences")
    entities: EntityComponent = nlp.add_pipe("kg_entities")
    entities.add_lexicon(nlp, lexicon_forms, lexicon_types, norm.set_norm)
    entities.add_rules(NAME_RULES)
    return nlp


WORD = re.compile(r"\w+", re.UNICODE)
