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
from spacy.matcher import Matcher, PhraseMatcher
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
        for token in doc:
            text = token.text
            if text not in done:
                self.set_norm(text)
        return doc


@Language.factory("kg_sentences", default_config={})
def make_sentences(nlp: Language, name: str):
    return sentence_boundaries


def sentence_boundaries(doc: Doc) -> Doc:
    """A sentence ends after . ! ? ؟ or at a line break (paragraphs never merge)."""
    start_next = True
    for token in doc:
        token.is_sent_start = start_next
        text = token.text
        start_next = text in SENTENCE_END or ("\n" in text and token.is_space)
    return doc


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
        self.rules = Matcher(nlp.vocab)
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

    def add_rules(self, rules: dict[str, list[list[dict]]]) -> None:
        for key, patterns in rules.items():
            self.rules.add(key, patterns)

    def __call__(self, doc: Doc) -> Doc:
        strings = self.vocab.strings
        spans: list[Span] = []
        for matcher in (self.phrases, self.acronyms):
            for match_id, start, end in matcher(doc):
                iri = strings[match_id]
                spans.append(Span(doc, start, end, label=self.types[iri], kb_id=iri))
        for match_id, start, end in self.rules(doc):
            rule = strings[match_id]
            span = _rule_span(doc, rule, start, end)
            if span is not None:
                spans.append(span)
        doc.spans[ENTITY_SPANS] = filter_spans(spans)
        return doc


# --- rules for names not in the lexicon --------------------------------------
# Rule keys encode what the match means: "TYPE|HOW". HOW says which tokens are
# the name: "all" the whole match, "tail" everything after the first (cue) token.

_LATIN_NAME = {"TEXT": {"REGEX": r"^[A-Z][A-Za-z0-9&.\-]*$"}}
_LATIN_ANY = {"TEXT": {"REGEX": r"^([A-Z][A-Za-z0-9&.\-]*|of|and|for|the|&)$"}, "OP": "*"}
_NUMBER = {"TEXT": {"REGEX": r"^[0-9\u0660-\u0669]{2,5}$"}}

NAME_RULES: dict[str, list[list[dict]]] = {
    "MilitaryUnit|unit": [
        [{"NORM": {"IN": ["الوحده", "وحده"]}}, _NUMBER],
        [{"LOWER": "unit"}, _NUMBER],
    ],
    "Company|tail": [
        [{"NORM": {"IN": ["شركه", "الشركه", "شركتي", "شركات"]}}, _LATIN_NAME, _LATIN_ANY],
    ],
    "Product|tail": [
        [{"NORM": {"IN": ["منصه", "برنامج", "نظام", "تطبيق", "اداه", "تقنيه", "خدمه", "منتج"]}}, _LATIN_NAME, _LATIN_ANY],
    ],
    "Project|tail": [
        [{"NORM": {"IN": ["مشروع", "برنامج"]}}, _LATIN_NAME, _LATIN_ANY],
    ],
    "NewsOutlet|tail": [
        [{"NORM": {"IN": ["صحيفه", "موقع", "مجله", "وكاله", "قناه"]}}, _LATIN_NAME, _LATIN_ANY],
    ],
    "Company|all": [
        [_LATIN_NAME, _LATIN_ANY, {"TEXT": {"IN": ["Inc", "Inc.", "Ltd", "Ltd.", "LLC", "Corp", "Corp.", "Technologies", "Systems", "Industries", "Labs", "Group"]}}],
    ],
}


def _rule_span(doc: Doc, rule: str, start: int, end: int) -> Span | None:
    type_name, how = rule.split("|")
    if how == "unit":
        number = doc[end - 1].text.translate(_DIGITS)
        return Span(doc, start, end, label=type_name, kb_id=f"new:{type_name}:unit {number}")
    if how == "tail":
        start += 1
    # Trim trailing connective words a greedy '*' may have taken.
    while end > start and doc[end - 1].text in {"of", "and", "for", "the", "&"}:
        end -= 1
    if end <= start:
        return None
    name = doc[start:end].text
    return Span(doc, start, end, label=type_name, kb_id=f"new:{type_name}:{name}")


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
