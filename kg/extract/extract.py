"""Article -> Extraction: the text -> mentions -> facts stage.

Paragraphs are routed by script (a bilingual article is split: Arabic
paragraphs go through the ``ar`` pipeline, English ones through ``en``), so
every offset stays an offset into the one article text.
"""
from __future__ import annotations

import gc
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, groupby
from operator import itemgetter

import numpy as np
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH, NORM, ORTH, SENT_START

from kg import iri as iris
from kg.extract.amounts import find_amounts
from kg.extract.dates import find_dates
from kg.extract.names import NameFinder
from kg.extract.nlp import (CLAUSE_END, ENTITY_SPANS, ENTITY_TUPLES, INEXACT, ROW_CLAUSE_END, ROW_IDX, ROW_LENGTH,
                            ROW_SENTENCE_END, ROW_SPACE, TOKEN_ROWS, TOKEN_STRINGS, TUPLES_ONLY, make_pipeline)
from kg.extract.relations import ArticleContext, find_citations, find_contracts, find_events
from kg.extract.triggers import Triggers, load_triggers, read_trigger_data, trigger_words
from kg.extract.views import EntityHit, SentenceView, attach_by_offset
from kg.lexicon import Lexicon, load_lexicon
from kg.model import Article, Entity, Extraction, Mention, Span
from kg.text.normalize import ARABIC_LETTER, LATIN_LETTER, normalize, script_of

_PARAGRAPH = re.compile(r"[^\n]+")
_NEXT_WORD = re.compile(r"\s+(\w+)")
# Paragraphs joined into one Doc are separated by a blank line: a whitespace token holding a
# line break, where kg_sentences ends a sentence (the tokenizer has no whitespace special
# cases: see kg.extract.nlp._customise_tokenizer).
LINE_JOIN = "\n\n"
MIXED_MINORITY_SHARE = 0.15  # a second script this large makes an article "mixed"

# Labels for minted military units, by language.
UNIT_LABELS = {"ar": "الوحدة {n}", "en": "Unit {n}"}

# NORM of the bare definite "الحكومة" (proclitics and article stripped by the pipeline).
BARE_GOVERNMENT = frozenset({"حكومه", "الحكومه"})
GOVERNMENT_WORDS = BARE_GOVERNMENT | {"government"}


@dataclass(slots=True)
class Paragraph:
    start: int
    text: str
    lang: str


def split_paragraphs(text: str) -> list[Paragraph]:
    """Non-empty lines with the script that dominates each (lines without letters are skipped)."""
    out = []
    for match in _PARAGRAPH.finditer(text):
        line = match.group()
        lang = _script_of(line)
        if lang is not None:
            out.append(Paragraph(match.start(), line, lang))
    return out


def _script_of(text: str) -> str | None:
    """``script_of`` without counting every Arabic letter: count the (usually few) Latin
    letters, then look for only as many Arabic ones."""
    latin = len(LATIN_LETTER.findall(text))
    if not latin:
        return "ar" if ARABIC_LETTER.search(text) is not None else None
    for arabic, _ in enumerate(ARABIC_LETTER.finditer(text), 1):
        if arabic >= latin:
            return "ar"
    return "en"


def article_language(paragraphs: list[Paragraph]) -> str:
    sizes = {"ar": 0, "en": 0}
    for p in paragraphs:
        sizes[p.lang] += len(p.text)
    total = sum(sizes.values()) or 1
    minority = min(sizes.values()) / total
    if minority >= MIXED_MINORITY_SHARE:
        return "mixed"
    return "ar" if sizes["ar"] >= sizes["en"] else "en"


class Extractor:
    """Holds the two pipelines (built once); ``extract`` is pure per article."""

    def __init__(self, lexicon: Lexicon | None = None, base: str = iris.DEFAULT_BASE):
        self.lexicon = lexicon or load_lexicon()
        self.base = base
        forms = list(self.lexicon.surface_forms())
        types = {iri: entity.type for iri, entity in self.lexicon.entities.items()}
        trigger_data = read_trigger_data()
        vocabulary = trigger_words(trigger_data)
        known = self._known_words(forms, vocabulary | NameFinder().words())
        never_strip = trigger_data.get("not_proclitic", [])
        stop_norms = frozenset(vocabulary)
        self.nlp = {lang: make_pipeline(lang, known, forms, types, never_strip, stop_norms) for lang in ("ar", "en")}
        normaliser = self.nlp["ar"].get_pipe("kg_norm").normaliser
        self.triggers: Triggers = load_triggers(norm=normaliser.phrase, data=trigger_data)
        self._label_index = {normalize(label): iri for label, _, iri in forms}
        # Paragraphs are joined into one Doc per script unless a lexicon label holds a whitespace
        # token (a match could then run across a line break).
        self._joinable = {lang: not nlp.get_pipe("kg_entities").space_in_patterns for lang, nlp in self.nlp.items()}
        self._normalisers = [nlp.get_pipe("kg_norm").normaliser for nlp in self.nlp.values()]
        self._exception_forms = frozenset(normalize(token[ORTH]) for nlp in self.nlp.values()
                                          for tokens in nlp.tokenizer.rules.values() for token in tokens)
        # The pipelines and lexicon live as long as the process: keep them out of
        # the garbage collector's full scans (measured: ~7% of extraction time).
        gc.freeze()

    @staticmethod
    def _known_words(forms, trigger_vocabulary: set[str]) -> set[str]:
        tokenizer = spacy.blank("ar").tokenizer
        known = {normalize(t.text) for label, _, _ in forms for t in tokenizer(label)}
        known |= trigger_vocabulary
        return {w for w in known if w}

    # -- stages -------------------------------------------------------------

    def extract(self, article: Article) -> Extraction:
        # No cyclic garbage collection inside one article: what it allocates is freed by
        # reference counting when it ends, and collections mid-article rescan the same
        # short-lived views, tokens and lists (measured: ~5% of extraction time).
        enabled = gc.isenabled()
        if enabled:
            gc.disable()
        try:
            return self._extract(article)
        finally:
            if enabled:
                gc.enable()

    def _extract(self, article: Article) -> Extraction:
        text = article.text
        paragraphs = split_paragraphs(text)
        language = article.language or article_language(paragraphs)
        views, mentions = self._views(paragraphs)
        reference = article.published
        attach_by_offset(views, find_amounts(text), find_dates(text, reference))
        extraction = Extraction(article=article, language=language)
        self._resolve_entities(text, views, mentions, extraction)
        self._surname_mentions(text, views, extraction)
        self._expansions(text, views, extraction)
        self._bare_government(text, views, extraction)
        ctx = ArticleContext(
            article_id=article.id,
            entities=extraction.entities,
            triggers=self.triggers,
            own_outlet=self._own_outlet(article),
            base=self.base,
        )
        extraction.contracts = find_contracts(views, text, ctx)
        contract_sentences = {v.index for v in views for c in extraction.contracts if c.evidence.start == v.start}
        extraction.events = find_events(views, text, ctx, contract_sentences)
        extraction.citations = find_citations(views, text, ctx)
        return extraction

    def _views(self, paragraphs: list[Paragraph]) -> tuple[list[SentenceView], list[tuple[int, int, str, str]]]:
        """Sentence views and raw entity mentions (absolute offsets), by script.

        Each script's paragraphs go through the pipeline as ONE Doc, joined by line breaks
        (sentences end at line breaks, and names are found line by line, so the result is the
        one per-paragraph Docs give, at a fraction of the per-Doc cost).
        """
        views: list[SentenceView] = []
        raw_mentions: list[tuple[int, int, str, str]] = []
        for lang in ("ar", "en"):
            group = [p for p in paragraphs if p.lang == lang]
            if not group:
                continue
            nlp = self.nlp[lang]
            if not self._joinable[lang] or not self._views_joined(nlp, group, lang, views, raw_mentions):
                self._views_per_paragraph(nlp, group, lang, views, raw_mentions)
        views.sort(key=lambda v: v.start)
        for i, view in enumerate(views):
            view.index = i
        return views, raw_mentions

    @staticmethod
    def _views_joined(nlp, group: list[Paragraph], lang: str, views: list, raw_mentions: list) -> bool:
        """One Doc for GROUP; False (nothing added) when a name cannot be placed on its tokens."""
        text = LINE_JOIN.join(p.text for p in group)
        doc = nlp.make_doc(text)
        doc.user_data["kg_text"] = text
        doc.user_data[TUPLES_ONLY] = True
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        if doc.user_data.get(INEXACT):
            return False
        line_starts = list(accumulate((len(p.text) + len(LINE_JOIN) for p in group[:-1]), initial=0))
        shifts = [p.start - s for p, s in zip(group, line_starts)]
        views.extend(_joined_sentence_views(doc, line_starts, shifts, lang))
        texts = doc.user_data[TOKEN_STRINGS][0]
        idx = doc.user_data[TOKEN_ROWS][:, ROW_IDX].tolist() if doc.user_data[ENTITY_TUPLES] else ()
        for start, end, label, kb in doc.user_data[ENTITY_TUPLES]:
            char_start = idx[start]
            shift = shifts[bisect_right(line_starts, char_start) - 1]
            raw_mentions.append((shift + char_start, shift + idx[end - 1] + len(texts[end - 1]), kb, label))
        return True

    @staticmethod
    def _views_per_paragraph(nlp, group: list[Paragraph], lang: str, views: list, raw_mentions: list) -> None:
        docs = []
        for p in group:
            doc = nlp.make_doc(p.text)
            doc.user_data["kg_text"] = p.text  # components read the text without doc.text's Token walk
            docs.append(doc)
        for paragraph, doc in zip(group, nlp.pipe(docs)):
            views.extend(_sentence_views(doc, paragraph, lang))
            for span in doc.spans[ENTITY_SPANS]:
                raw_mentions.append((paragraph.start + span.start_char, paragraph.start + span.end_char,
                                     span.kb_id_, span.label_))

    def _resolve_entities(self, text: str, views: list[SentenceView], raw_mentions, extraction: Extraction) -> None:
        """Lexicon IRIs pass through; rule-found names are minted (or matched to the lexicon)."""
        starts = [v.start for v in views]
        from bisect import bisect_right

        for start, end, key, type_name in sorted(raw_mentions):
            if type_name == "MilitaryUnit" and _NEXT_WORD.match(text, end) and \
                    _NEXT_WORD.match(text, end).group(1).lower() in ("unit", "units"):
                continue  # "an Israeli military unit": some unit of that army, not the army
            entity = self._entity_for(key, type_name, text[start:end], extraction)
            extraction.mentions.append(Mention(entity.iri, Span(start, end, text[start:end])))
            i = bisect_right(starts, start) - 1
            if i < 0:
                continue
            view = views[i]
            if not (view.start <= start < view.end) or not view.starts:
                continue
            first = view.token_at(start)
            last = view.token_at(end - 1) + 1
            view.entities.append(EntityHit(entity.iri, entity.type, start, end, first, last))

    def _bare_government(self, text: str, views: list[SentenceView], extraction: Extraction) -> None:
        """Bare "الحكومة" / "the government" is the government the article names (most often)."""
        counts: dict[str, int] = {}
        for mention in extraction.mentions:
            entity = extraction.entities[mention.entity]
            if entity.type == "GovernmentBody" and any("government" in l.lower() for l in entity.labels.get("en", [])):
                counts[entity.iri] = counts.get(entity.iri, 0) + 1
        if not counts:
            return
        government = max(counts, key=counts.get)
        covered = [(m.span.start, m.span.end) for m in extraction.mentions]
        for view in views:
            if view.normset.isdisjoint(GOVERNMENT_WORDS):
                continue
            for k, norm in enumerate(view.norms):
                english = view.lang == "en" and norm == "government" and k > 0 and view.norms[k - 1] == "the"
                if not (norm in BARE_GOVERNMENT or english):
                    continue
                nxt = view.texts[k + 1] if k + 1 < len(view.texts) else ""
                if normalize(nxt).startswith("ال") or nxt[:1].isupper():
                    continue  # "الحكومة الأمريكية", "government of X": another government
                start, end = view.starts[k], view.ends[k]
                if any(a <= start < b for a, b in covered):
                    continue
                extraction.mentions.append(Mention(government, Span(start, end, text[start:end])))
                view.entities.append(EntityHit(government, "GovernmentBody", start, end, k, k + 1))
                view.entities.sort(key=lambda h: h.first)
        extraction.mentions.sort(key=lambda m: m.span.start)

    def _expansions(self, text: str, views: list[SentenceView], extraction: Extraction) -> None:
        """"Long Name (ACR)": a minted long name right before a known acronym in brackets is that entity."""
        by_start = {m.span.start: m for m in extraction.mentions}
        renamed: dict[str, str] = {}
        for mention in list(extraction.mentions):
            entity = extraction.entities[mention.entity]
            if entity.from_lexicon:
                continue
            rest = text[mention.span.end:mention.span.end + 3]
            if not rest.lstrip().startswith("("):
                continue
            inner_start = mention.span.end + rest.index("(") + 1
            inner = by_start.get(inner_start)
            if inner is not None and extraction.entities[inner.entity].from_lexicon \
                    and text[inner.span.end:inner.span.end + 1] == ")":
                renamed[mention.entity] = inner.entity
        if not renamed:
            return
        extraction.mentions = [Mention(renamed.get(m.entity, m.entity), m.span) for m in extraction.mentions]
        for old in renamed:
            extraction.entities.pop(old, None)
        for view in views:
            view.entities = [EntityHit(renamed.get(h.iri, h.iri), extraction.entities[renamed.get(h.iri, h.iri)].type,
                                       h.start, h.end, h.first, h.last) for h in view.entities]

    def _surname_mentions(self, text: str, views: list[SentenceView], extraction: Extraction) -> None:
        """After a person is named in full, the family name alone refers to them ("وشدد سميث")."""
        first_seen: dict[str, int] = {}
        for mention in extraction.mentions:
            entity = extraction.entities[mention.entity]
            if entity.type == "Person":
                first_seen.setdefault(entity.iri, mention.span.start)
        surnames: dict[str, str] = {}
        for iri in first_seen:
            for labels in extraction.entities[iri].labels.values():
                for label in labels:
                    words = normalize(label).split()
                    if len(words) >= 2 and len(words[-1]) >= 3:
                        surnames.setdefault(words[-1], iri)
        if not surnames:
            return
        taken = {(m.span.start, m.span.end) for m in extraction.mentions}
        covered = [(m.span.start, m.span.end) for m in extraction.mentions]
        keys = surnames.keys()
        # A token whose folded text is a surname has that surname as its NORM, unless the NORM
        # differs from the folded text: a proclitic stripped (a surname starting with و or ل),
        # or a tokenizer exception's NORM ("Jr."). Only such surnames need the folded texts.
        odd = {k for k in keys if k in self._exception_forms or any(n(k) != k for n in self._normalisers)}
        for view in views:
            if keys.isdisjoint(view.normset):
                if not odd:
                    continue
                folded = list(map(normalize, view.texts))
                if odd.isdisjoint(folded):
                    continue
            else:
                folded = list(map(normalize, view.texts))
            for k, norm in enumerate(view.norms):
                iri = surnames.get(norm) or surnames.get(folded[k])
                if iri is None or view.starts[k] <= first_seen[iri]:
                    continue
                start, end = view.starts[k], view.ends[k]
                if (start, end) in taken or any(a <= start < b for a, b in covered):
                    continue
                extraction.mentions.append(Mention(iri, Span(start, end, text[start:end])))
                view.entities.append(EntityHit(iri, "Person", start, end, k, k + 1))
                view.entities.sort(key=lambda h: h.first)
        extraction.mentions.sort(key=lambda m: m.span.start)

    def _entity_for(self, key: str, type_name: str, surface: str, extraction: Extraction) -> Entity:
        known = extraction.entities.get(key)
        if known is not None:
            return known
        if not key.startswith("new:"):
            entity = self.lexicon.entities[key]
            extraction.entities[key] = entity
            return entity
        _, new_type, name = key.split(":", 2)
        labels: dict[str, list[str]] = {"ar": [], "en": []}
        if name.startswith("unit "):
            number = name.split(" ", 1)[1]
            canonical = UNIT_LABELS["en"].format(n=number)
            labels = {lang: [fmt.format(n=number)] for lang, fmt in UNIT_LABELS.items()}
        else:
            canonical = name
            labels["ar" if script_of(name) == "ar" else "en"].append(name)
        iri = self._label_index.get(normalize(canonical)) or iris.entity_iri(canonical, base=self.base)
        if iri in self.lexicon.entities:
            entity = self.lexicon.entities[iri]
        else:
            entity = extraction.entities.get(iri) or Entity(iri=iri, type=new_type, labels=labels, from_lexicon=False)
        extraction.entities[iri] = entity
        return entity

    def _own_outlet(self, article: Article) -> str | None:
        if not article.outlet:
            return None
        return self._label_index.get(normalize(article.outlet))


def _sentence_views(doc, paragraph: Paragraph, lang: str) -> list[SentenceView]:
    """Cut a paragraph Doc into sentence views with absolute offsets and clause numbers.

    Reads the Doc as arrays (no Token objects: they cost more than the rest).
    """
    base = paragraph.start
    text = paragraph.text
    strings = doc.vocab.strings
    rows = doc.to_array([IDX, LENGTH, NORM, IS_SPACE, SENT_START]).tolist()
    sentence_of, kept = [], []
    sentence = 0
    for row in rows:
        if row[4] == 1:
            sentence += 1
        if not row[3]:
            kept.append(row)
            sentence_of.append(sentence)
    views: list[SentenceView] = []
    for _, group in groupby(range(len(kept)), key=sentence_of.__getitem__):
        members = [kept[i] for i in group]
        starts = [base + idx for idx, *_ in members]
        ends = [base + idx + length for idx, length, *_ in members]
        texts = [text[idx:idx + length] for idx, length, *_ in members]
        norms = [strings[norm] for _, _, norm, *_ in members]
        clause_of = list(accumulate((t in CLAUSE_END for t in texts[:-1]), initial=0))
        views.append(SentenceView(index=0, start=starts[0], end=ends[-1], lang=lang, norms=norms, starts=starts,
                                  ends=ends, texts=texts, clause_of=clause_of, normset=frozenset(norms)))
    return views


def _joined_sentence_views(doc, line_starts: list[int], shifts: list[int], lang: str) -> list[SentenceView]:
    """``_sentence_views`` for a Doc of several paragraphs joined by line breaks: line L
    (starting at LINE_STARTS[L] in the Doc) sits at offset Doc offset + SHIFTS[L] in the article.

    Same views as per-paragraph Docs; the per-token work is done on arrays.
    """
    texts_all, norms_all = doc.user_data[TOKEN_STRINGS]
    rows = doc.user_data[TOKEN_ROWS]
    kept = np.flatnonzero(rows[:, ROW_SPACE] == 0)
    count = len(kept)
    if not count:
        return []
    ends_sentence = rows[:, ROW_SENTENCE_END]
    sentence = (np.cumsum(ends_sentence) - ends_sentence)[kept]  # sentence ends before each token
    idx = rows[kept, ROW_IDX].astype(np.int64)
    line = np.searchsorted(np.array(line_starts, dtype=np.int64), idx, side="right") - 1
    starts = idx + np.array(shifts, dtype=np.int64)[line]
    ends = (starts + rows[kept, ROW_LENGTH].astype(np.int64)).tolist()
    starts = starts.tolist()
    bounds = [0, *(np.flatnonzero(sentence[1:] != sentence[:-1]) + 1).tolist(), count]
    clause_end = rows[kept, ROW_CLAUSE_END].astype(np.int64)
    before = np.concatenate(([0], np.cumsum(clause_end)))  # clause ends before each token
    firsts = np.array(bounds[:-1])
    clause_of_all = (before[:-1] - np.repeat(before[firsts], np.diff(bounds))).tolist()
    if count == 1:
        k = int(kept[0])
        texts, norms = [texts_all[k]], [norms_all[k]]
    else:
        get = itemgetter(*kept.tolist())
        texts, norms = list(get(texts_all)), list(get(norms_all))
    views: list[SentenceView] = []
    for a, b in zip(bounds, bounds[1:]):
        sentence_norms = norms[a:b]
        views.append(SentenceView(index=0, start=starts[a], end=ends[b - 1], lang=lang, norms=sentence_norms,
                                  starts=starts[a:b], ends=ends[a:b], texts=texts[a:b], clause_of=clause_of_all[a:b],
                                  normset=frozenset(sentence_norms)))
    return views
