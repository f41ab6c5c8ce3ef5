"""Trigger lexicons (data/triggers.yaml) compiled for lookup on NORM tokens."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from collections.abc import Callable
from pathlib import Path

import yaml

from kg.text.normalize import normalize

TRIGGERS_PATH = Path(__file__).resolve().parent / "data" / "triggers.yaml"


@dataclass
class PhraseIndex:
    """Multi-word phrases indexed by their first normalised word."""

    norm: Callable[[str], str] = normalize  # phrase -> space-separated NORM words
    first: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    registry: "IndexRegistry | None" = None  # shared word -> indexes map (set by load_triggers)
    _compiled: dict | None = field(default=None, repr=False, compare=False)  # word -> compiled(entries)

    def add(self, phrase: str, value: str) -> None:
        words = tuple(self.norm(phrase).split())
        if words:
            self.first.setdefault(words[0], []).append((words, value))
            # longest phrases first, so "cut off" wins over "cut"
            self.first[words[0]].sort(key=lambda item: -len(item[0]))
            self._compiled = None
            if self.registry is not None:
                self.registry.stale = True

    def words(self) -> set[str]:
        return {w for entries in self.first.values() for phrase, _ in entries for w in phrase}

    def find_in(self, view, lo: int = 0, hi: int | None = None, clause: int | None = None) -> list[tuple[int, int, str]]:
        """Matches in a sentence view (computed once per view, for every registered index in one
        pass), optionally only those inside tokens [lo, hi) and starting in CLAUSE."""
        cache = view.matches
        key = id(self)
        found = cache.get(key)
        if found is None:
            registry = self.registry
            if registry is not None:
                found = registry.scan(view).get(key, _NONE)
            else:
                found = cache[key] = self.find(view.norms, view.normset)
        if lo <= 0 and hi is None and clause is None:
            return found
        hi = len(view.norms) if hi is None else hi
        lo = max(0, lo)
        return [m for m in found if lo <= m[0] and m[1] <= hi
                and (clause is None or view.clause_of[m[0]] == clause)]

    def find(self, norms: list[str], normset: frozenset[str] | None = None) -> list[tuple[int, int, str]]:
        """(start, end, value) of every phrase occurring in NORMS (token indices), longest
        first at each position, none inside another.

        NORMSET (the set of NORMS, when the caller has it) lets most calls end at once.
        """
        if normset is not None and normset.isdisjoint(self.first):
            return []
        by_word = self._compiled
        if by_word is None:
            by_word = self._compiled = {word: compiled(entries) for word, entries in self.first.items()}
        found = []
        busy = 0  # first token after the last longer match
        for i in [i for i, word in enumerate(norms) if word in by_word]:
            if i < busy:
                continue
            single, longer = by_word[norms[i]]
            for words, n, value in longer:
                if norms[i:i + n] == words:
                    found.append((i, i + n, value))
                    busy = i + n
                    break
            else:
                if single is not None:
                    found.append((i, i + 1, single))
        return found


def compiled(entries: list[tuple[tuple[str, ...], str]]) -> tuple[str | None, tuple]:
    """One first word's phrases (longest first) as (the first one-word value or None, the longer
    phrases as (word list, length, value)): a one-word phrase always matches, so nothing after
    the first one can win."""
    single = next((value for words, value in entries if len(words) == 1), None)
    return single, tuple((list(words), len(words), value) for words, value in entries if len(words) > 1)


_NONE: list = []  # "no match here" (shared, never appended to)


class IndexRegistry:
    """All trigger indexes matched against a sentence in ONE walk over its words (instead of
    one walk per index); each index keeps its own rule: longest phrase first, no overlaps."""

    def __init__(self, indexes):
        self.indexes = list({id(index): index for index in indexes}.values())  # an index held twice counts once
        for index in self.indexes:
            index.registry = self
        self.by_word: dict[str, tuple] = {}
        self.stale = True  # compiled at first use, and again after any index gains a phrase

    def _compile(self) -> None:
        """word -> ((index id, its first one-word value or None, its longer phrases), ...)."""
        by_word: dict[str, list] = {}
        for index in self.indexes:
            for word, entries in index.first.items():
                by_word.setdefault(word, []).append((id(index), *compiled(entries)))
        self.by_word = {word: tuple(hits) for word, hits in by_word.items()}
        self.stale = False

    def scan(self, view) -> dict:
        """Every registered index's matches in VIEW, stored in ``view.matches`` by index id."""
        matches = view.matches
        if "scanned" in matches:
            return matches
        if self.stale:
            self._compile()
        matches["scanned"] = True
        norms = view.norms
        by_word = self.by_word
        busy: dict[int, int] = {}  # index id -> first token after its last longer match
        for i, word in enumerate(norms):
            hits = by_word.get(word)
            if hits is None:
                continue
            for key, single, longer in hits:
                if busy and busy.get(key, 0) > i:
                    continue  # inside this index's previous match
                found = None
                for words, n, value in longer:
                    if norms[i:i + n] == words:
                        found = (i, i + n, value)
                        busy[key] = i + n
                        break
                if found is None:
                    if single is None:
                        continue
                    found = (i, i + 1, single)
                got = matches.get(key)
                if got is None:
                    matches[key] = [found]
                else:
                    got.append(found)
        return matches


@dataclass
class Triggers:
    contract_nouns: PhraseIndex
    trade_verbs: PhraseIndex
    not_party: PhraseIndex
    party_again: PhraseIndex
    not_contract_after: PhraseIndex
    subject_openers: PhraseIndex
    value_cues: PhraseIndex
    events: PhraseIndex  # value: Event subclass local name
    event_order: list[str]
    not_an_event: PhraseIndex
    demands: PhraseIndex
    contrast: PhraseIndex
    complementisers: PhraseIndex
    purpose_blocks: frozenset[str]
    demonstratives: frozenset[str]
    target_markers: dict[str, PhraseIndex]
    by_markers: PhraseIndex
    passive: PhraseIndex
    from_markers: PhraseIndex
    not_contract_before: PhraseIndex
    blocked_by: dict[str, PhraseIndex]
    not_followed_by: dict[str, PhraseIndex]
    flip_verbs: PhraseIndex
    client_verbs: frozenset[str]
    weak_triggers: dict[str, frozenset[str]]
    date_anchors: PhraseIndex
    holdings: PhraseIndex
    workers: PhraseIndex
    citation_cues: PhraseIndex
    outlet_nouns: PhraseIndex
    service_words: PhraseIndex
    anaphora: PhraseIndex
    not_trigger_forms: frozenset[str]
    not_trigger_phrases: tuple[str, ...]  # the forms of several words
    claim_status: PhraseIndex  # value: ClaimStatus local name
    claim_order: list[str]

    def indexes(self) -> list[PhraseIndex]:
        """Every phrase index held, found from the fields (no hand-kept list to forget one in)."""
        out: list[PhraseIndex] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, PhraseIndex):
                out.append(value)
            elif isinstance(value, dict):
                out.extend(v for v in value.values() if isinstance(v, PhraseIndex))
        return out

    def words(self) -> set[str]:
        """Every normalised word the triggers use (for proclitic stripping)."""
        return {w for index in self.indexes() for w in index.words()}


def read_trigger_data(path: Path = TRIGGERS_PATH) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def trigger_words(data: dict) -> set[str]:
    """Every word of every trigger phrase, normalised (before proclitic stripping)."""
    out: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif node is not None:
            out.update(normalize(str(node)).split())

    walk(data)
    return out


def load_triggers(path: Path = TRIGGERS_PATH, norm: Callable[[str], str] = normalize, data: dict | None = None) -> Triggers:
    """Compile the trigger lexicons; NORM must be the pipeline's own phrase normaliser."""
    data = data if data is not None else read_trigger_data(path)
    contract = data["contract"]

    def _index(section: dict) -> PhraseIndex:
        index = PhraseIndex(norm)
        for lang_words in section.values():
            for phrase in lang_words:
                index.add(str(phrase), "")
        return index

    def _words(words: list) -> PhraseIndex:
        index = PhraseIndex(norm)
        for word in words or []:
            index.add(str(word), "")
        return index

    events = PhraseIndex(norm)
    for type_name, langs in data["events"].items():
        for words in langs.values():
            for phrase in words:
                events.add(str(phrase), type_name)
    claims = PhraseIndex(norm)
    for status, langs in data["claim_status"].items():
        for words in langs.values():
            for phrase in words:
                claims.add(str(phrase), status)
    not_trigger_forms = frozenset(normalize(str(f)) for f in data["not_trigger_forms"])
    triggers = Triggers(
        contract_nouns=_index(contract["nouns"]),
        trade_verbs=_index(contract["trade_verbs"]),
        not_party=_index(contract["not_party"]),
        party_again=_index(contract["party_again"]),
        not_contract_after=_index(contract["not_contract_after"]),
        subject_openers=_index(contract["subject_openers"]),
        value_cues=_index(contract["value_cues"]),
        events=events,
        event_order=list(data["events"]),
        not_an_event=_index(data["not_an_event"]),
        demands=_index(data["demands"]),
        contrast=_index(data["contrast"]),
        complementisers=_index(data["complementisers"]),
        purpose_blocks=frozenset(data["purpose_blocks"]),
        demonstratives=frozenset(norm(str(w)) for w in data["demonstratives"]),
        target_markers={etype: _words(words) for etype, words in data["role_markers"]["target"].items()},
        by_markers=_words(data["role_markers"]["by"]),
        passive=_words(data["role_markers"]["passive"]),
        from_markers=_words(data["role_markers"]["from"]),
        not_contract_before=_index(contract["not_contract_before"]),
        blocked_by={etype: _words(words) for etype, words in data["blocked_by"].items()},
        not_followed_by={etype: _words(words) for etype, words in data["not_followed_by"].items()},
        flip_verbs=_words(data["divestment_flip"]["verbs"]),
        weak_triggers={etype: frozenset(norm(str(w)).split(" ")[0] for w in words)
                       for etype, words in data["weak_triggers"].items()},
        date_anchors=_words(data["date_anchors"]),
        client_verbs=frozenset(norm(str(w)).split(" ")[0] for w in data["client_verbs"]),
        holdings=_words(data["divestment_flip"]["holdings"]),
        workers=_index(data["workers"]),
        citation_cues=_index(data["citation"]["cues"]),
        outlet_nouns=_index(data["citation"]["outlet_nouns"]),
        service_words=_index(data["service_words"]),
        anaphora=_index(data["anaphora"]),
        not_trigger_forms=not_trigger_forms,  # raw forms
        not_trigger_phrases=tuple(sorted(f for f in not_trigger_forms if " " in f)),
        claim_status=claims,
        claim_order=list(data["claim_status"]),
    )
    IndexRegistry(triggers.indexes())
    return triggers
