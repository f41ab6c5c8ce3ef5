"""Plain data passed between the extraction stages.

Each stage is a pure function over these values: the article text never
changes after reading, and every span is a pair of character offsets into it
(``text[start:end] == span.text`` always holds).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text, by character offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date with its precision: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'."""

    value: str

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}[len(self.value)]


@dataclass(frozen=True, slots=True)
class Amount:
    """A quantity found in text: money (currency set) or a counted unit (unit set)."""

    span: Span
    value: Decimal
    currency: str | None = None  # ISO 4217
    unit: str | None = None  # e.g. "hour", "employee", "percent"
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class DateMention:
    span: Span
    date: DateValue
    relative: bool = False  # resolved against the article's own date


@dataclass
class Article:
    """One corpus file: its text and the metadata the article itself states."""

    id: str  # stable slug from the file name
    source: str  # path as given
    text: str
    content_hash: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: DateValue | None = None
    language: str | None = None  # "ar" | "en" | "mixed"; None = detect
    author: str | None = None


@dataclass
class Entity:
    """A canonical thing: from the lexicon, or minted for a new name."""

    iri: str
    type: str  # core class local name, e.g. "Company"
    labels: dict[str, list[str]] = field(default_factory=lambda: {"ar": [], "en": []})
    wikidata: str | None = None
    from_lexicon: bool = True
    extra: dict[str, list[str]] = field(default_factory=dict)  # e.g. madeBy, parentOrganization


@dataclass(frozen=True, slots=True)
class Mention:
    entity: str  # IRI
    span: Span


@dataclass
class Contract:
    iri: str
    evidence: Span
    suppliers: list[str] = field(default_factory=list)
    customers: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)  # role unknown
    value: Decimal | None = None
    currency: str | None = None
    date: DateValue | None = None
    start_date: DateValue | None = None
    end_date: DateValue | None = None
    subject: str | None = None  # surface text of what is supplied
    subject_entities: list[str] = field(default_factory=list)
    quantity: Decimal | None = None
    quantity_unit: str | None = None
    status: str = "Asserted"


@dataclass
class Event:
    iri: str
    type: str  # Event subclass local name
    evidence: Span
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)  # products involved
    date: DateValue | None = None
    value: Decimal | None = None
    currency: str | None = None
    count: Decimal | None = None  # people involved (dismissed, protesting)
    status: str = "Asserted"


@dataclass
class Citation:
    iri: str  # fact node IRI
    source: str  # IRI of the cited outlet or report
    evidence: Span


@dataclass
class Extraction:
    """Everything found in one article: the input to RDF emission and JSONL."""

    article: Article
    language: str
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
