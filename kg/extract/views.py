"""Sentence views: what the relation rules see of an article.

A view is a sentence with its normalised tokens, entity mentions, amounts and
dates, all with absolute character offsets into the article text. Building
them is the only place spaCy objects are read; relation rules are pure
functions over views.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.model import Amount, DateMention


class EntityHit(NamedTuple):
    """An entity mention inside one sentence (a tuple: many are made per article)."""

    iri: str
    type: str
    start: int  # char offsets (absolute)
    end: int
    first: int  # token indices within the sentence
    last: int  # exclusive


@dataclass(slots=True)
class SentenceView:
    index: int
    start: int
    end: int
    lang: str
    norms: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    entities: list[EntityHit] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    clause_of: list[int] = field(default_factory=list)  # token index -> clause number
    normset: frozenset[str] = frozenset()  # for skipping trigger lists with no word here
    matches: dict = field(default_factory=dict)  # PhraseIndex id -> its matches here (PhraseIndex.find_in)

    def token_at(self, char: int) -> int:
        """Index of the token containing or following character offset CHAR."""
        i = bisect_left(self.ends, char + 1)
        return min(i, len(self.starts) - 1) if self.starts else 0

    def clause_range(self, clause: int) -> tuple[int, int]:
        """(first, last) token indices of clause number CLAUSE."""
        first = self.clause_of.index(clause)
        last = len(self.clause_of) - self.clause_of[::-1].index(clause)
        return first, last

    def covered(self) -> set[int]:
        """Token indices inside entity mentions (a trigger there is a name, not a verb)."""
        cached = self.matches.get("covered")
        if cached is not None and cached[0] == len(self.entities):
            return cached[1]
        out: set[int] = set()
        for hit in self.entities:
            out.update(range(hit.first, hit.last))
        self.matches["covered"] = (len(self.entities), out)
        return out


def attach_by_offset(views: list[SentenceView], amounts: list[Amount], dates: list[DateMention]) -> None:
    """Give each sentence the amounts and dates whose spans start inside it."""
    starts = [v.start for v in views]

    def owner(offset: int) -> SentenceView | None:
        i = bisect_left(starts, offset + 1) - 1
        if i >= 0 and views[i].start <= offset < views[i].end:
            return views[i]
        return None

    for amount in amounts:
        view = owner(amount.span.start)
        if view is not None:
            view.amounts.append(amount)
    for date in dates:
        view = owner(date.span.start)
        if view is not None:
            view.dates.append(date)
