"""Helpers for the pattern tests: build a test Article, read an Extraction by English label.

Every assertion in the pattern tests prints ``describe(extraction)`` so a
failure shows what the extractor DID find (entities with types, contracts
and events with their roles), not only what it missed.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from kg.model import Article, Contract, DateValue, Event, Extraction


def make_article(text: str, lang: str, published: str | None = None, article_id: str = "pattern-case",
                 title: str | None = None) -> Article:
    """An Article for one test text (content_hash is the SHA-256 of the text: any 64-hex string will do)."""
    return Article(
        id=article_id,
        source=f"tests/patterns/{article_id}.md",
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=title,
        published=DateValue(published) if published else None,
        language=lang,
    )


def label(extraction: Extraction, iri: str) -> str:
    """English prefLabel of an entity (first English label), else its first label, else the IRI."""
    entity = extraction.entities.get(iri)
    if entity is None:
        return iri
    for lang in ("en", "ar"):
        if entity.labels.get(lang):
            return entity.labels[lang][0]
    return iri


def labels(extraction: Extraction, iris) -> set[str]:
    return {label(extraction, i) for i in iris}


def _fmt_amount(value, currency) -> str:
    if value is None:
        return "-"
    return f"{value} {currency or ''}".strip()


def describe(extraction: Extraction) -> str:
    """A readable dump of what was extracted: entities, contracts, events."""
    lines = ["", "--- extraction ---", "entities:"]
    seen = set()
    for m in extraction.mentions:
        entity = extraction.entities.get(m.entity)
        key = (m.entity, m.span.text)
        if key in seen:
            continue
        seen.add(key)
        kind = entity.type if entity else "?"
        origin = "lexicon" if entity is not None and entity.from_lexicon else "minted"
        lines.append(f"  {m.span.text!r} -> {label(extraction, m.entity)} [{kind}, {origin}] <{m.entity}>")
    if not extraction.mentions:
        lines.append("  (none)")
    lines.append("contracts:")
    for c in extraction.contracts:
        lines.append(
            f"  suppliers={sorted(labels(extraction, c.suppliers))} customers={sorted(labels(extraction, c.customers))}"
            f" parties={sorted(labels(extraction, c.parties))} value={_fmt_amount(c.value, c.currency)}"
            f" date={c.date.value if c.date else '-'} subject={c.subject!r} status={c.status}")
        lines.append(f"      evidence: {c.evidence.text[:160]!r}")
    if not extraction.contracts:
        lines.append("  (none)")
    lines.append("events:")
    for e in extraction.events:
        lines.append(
            f"  {e.type}: agents={sorted(labels(extraction, e.agents))} targets={sorted(labels(extraction, e.targets))}"
            f" instruments={sorted(labels(extraction, e.instruments))} date={e.date.value if e.date else '-'}"
            f" value={_fmt_amount(e.value, e.currency)} count={e.count if e.count is not None else '-'}"
            f" status={e.status}")
        lines.append(f"      evidence: {e.evidence.text[:160]!r}")
    if not extraction.events:
        lines.append("  (none)")
    return "\n".join(lines)


def entity_labels_found(extraction: Extraction) -> set[str]:
    return {label(extraction, m.entity) for m in extraction.mentions}


def missing_entities(extraction: Extraction, names) -> list[str]:
    """Expected participants (English labels) that were not recognised in the text at all."""
    found = entity_labels_found(extraction)
    return [n for n in names if n not in found]


# --- expected facts ------------------------------------------------------------


@dataclass
class ContractCase:
    id: str
    lang: str
    text: str
    suppliers: set[str] = field(default_factory=set)
    customers: set[str] = field(default_factory=set)
    value: str | None = None  # Decimal as a string, e.g. "1200000000"
    currency: str | None = None
    date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    published: str | None = None


@dataclass
class EventCase:
    id: str
    lang: str
    text: str
    type: str
    agents: set[str] = field(default_factory=set)
    targets: set[str] | None = None  # None: targets not asserted
    date: str | None = None
    count: str | None = None
    value: str | None = None
    currency: str | None = None
    published: str | None = None
    symmetric: bool = False  # partners: compare agents + targets as one set


@dataclass
class NegativeCase:
    """A text that must NOT yield a fact: KIND is "Contract" or an event type.

    With ABOUT (English labels), only a fact involving one of them counts
    (e.g. the company that LOST a tender must not be a supplier); without,
    any fact of that kind counts.
    """

    id: str
    lang: str
    text: str
    kind: str
    about: set[str] = field(default_factory=set)
    role: str = "any"  # "supplier", "customer", "agent", "target", "any"
    published: str | None = None
    why: str = ""
    asserted_only: bool = False  # a denied/alleged fact is acceptable; only an Asserted one offends


def contract_matches(extraction: Extraction, c: Contract, case: ContractCase) -> list[str]:
    """Differences between contract C and the expected CASE (empty = match)."""
    problems = []
    if labels(extraction, c.suppliers) != case.suppliers:
        problems.append(f"suppliers {sorted(labels(extraction, c.suppliers))} != {sorted(case.suppliers)}")
    if labels(extraction, c.customers) != case.customers:
        problems.append(f"customers {sorted(labels(extraction, c.customers))} != {sorted(case.customers)}")
    if case.value is not None and c.value != Decimal(case.value):
        problems.append(f"value {c.value} != {case.value}")
    if case.currency is not None and c.currency != case.currency:
        problems.append(f"currency {c.currency} != {case.currency}")
    if case.date is not None and (c.date.value if c.date else None) != case.date:
        problems.append(f"date {c.date.value if c.date else None} != {case.date}")
    return problems


def event_matches(extraction: Extraction, e: Event, case: EventCase) -> list[str]:
    """Differences between event E and the expected CASE (empty = match)."""
    problems = []
    if e.type != case.type:
        return [f"type {e.type} != {case.type}"]
    agents, targets = labels(extraction, e.agents), labels(extraction, e.targets)
    if case.symmetric:
        want = case.agents | (case.targets or set())
        if agents | targets != want:
            problems.append(f"participants {sorted(agents | targets)} != {sorted(want)}")
    else:
        if agents != case.agents:
            problems.append(f"agents {sorted(agents)} != {sorted(case.agents)}")
        if case.targets is not None and targets != case.targets:
            problems.append(f"targets {sorted(targets)} != {sorted(case.targets)}")
    if case.date is not None and (e.date.value if e.date else None) != case.date:
        problems.append(f"date {e.date.value if e.date else None} != {case.date}")
    if case.count is not None and e.count != Decimal(case.count):
        problems.append(f"count {e.count} != {case.count}")
    if case.value is not None and e.value != Decimal(case.value):
        problems.append(f"value {e.value} != {case.value}")
    if case.currency is not None and e.currency != case.currency:
        problems.append(f"currency {e.currency} != {case.currency}")
    return problems


def best_report(extraction: Extraction, candidates, matcher, case) -> tuple[bool, str]:
    """(any candidate matches, report of the closest one's differences)."""
    reports = []
    for fact in candidates:
        problems = matcher(extraction, fact, case)
        if not problems:
            return True, ""
        reports.append(problems)
    if not reports:
        return False, "no candidate fact at all"
    closest = min(reports, key=len)
    return False, "closest candidate differs: " + "; ".join(closest)


def involved(extraction: Extraction, fact, role: str) -> set[str]:
    """English labels of the participants of a contract or event in ROLE."""
    if isinstance(fact, Contract):
        if role == "supplier":
            return labels(extraction, fact.suppliers)
        if role == "customer":
            return labels(extraction, fact.customers)
        return labels(extraction, fact.suppliers + fact.customers + fact.parties)
    if role == "agent":
        return labels(extraction, fact.agents)
    if role == "target":
        return labels(extraction, fact.targets)
    return labels(extraction, fact.agents + fact.targets)


def offending_facts(extraction: Extraction, case: NegativeCase) -> list:
    """Facts of the negative case's kind that should not be there."""
    if case.kind == "Contract":
        facts = list(extraction.contracts)
    else:
        facts = [e for e in extraction.events if e.type == case.kind]
    if case.about:
        facts = [f for f in facts if involved(extraction, f, case.role) & case.about]
    if case.asserted_only:
        facts = [f for f in facts if f.status == "Asserted"]
    return facts


# --- running a case ------------------------------------------------------------

# The publication date every pattern article gets unless a case sets its own:
# relative dates ("last March", "آذار الماضي", "الشهر الماضي") resolve against it.
PUBLISHED = "2025-06-15"


def extract_case(extractor, case) -> Extraction:
    return extractor.extract(make_article(case.text, case.lang, case.published or PUBLISHED, article_id=case.id))


def _expectation(case) -> str:
    if isinstance(case, ContractCase):
        parts = [f"suppliers={sorted(case.suppliers)}", f"customers={sorted(case.customers)}"]
    else:
        parts = [case.type, f"agents={sorted(case.agents)}"]
        if case.targets is not None:
            parts.append(f"targets={sorted(case.targets)}")
        if case.count is not None:
            parts.append(f"count={case.count}")
    for name in ("value", "currency", "date"):
        if getattr(case, name) is not None:
            parts.append(f"{name}={getattr(case, name)}")
    return " ".join(parts)


def assert_contract(extractor, case: ContractCase) -> None:
    extraction = extract_case(extractor, case)
    ok, report = best_report(extraction, extraction.contracts, contract_matches, case)
    unrecognised = missing_entities(extraction, case.suppliers | case.customers)
    assert ok, (f"[{case.id}] expected a contract {_expectation(case)}; {report}"
                f"{'; participants not recognised at all: ' + str(unrecognised) if unrecognised else ''}"
                f"\ntext: {case.text}" + describe(extraction))


def assert_event(extractor, case: EventCase) -> None:
    extraction = extract_case(extractor, case)
    of_type = [e for e in extraction.events if e.type == case.type]
    ok, report = best_report(extraction, of_type, event_matches, case)
    if not of_type:
        report = f"no {case.type} event at all"
    unrecognised = missing_entities(extraction, case.agents | (case.targets or set()))
    assert ok, (f"[{case.id}] expected {_expectation(case)}; {report}"
                f"{'; participants not recognised at all: ' + str(unrecognised) if unrecognised else ''}"
                f"\ntext: {case.text}" + describe(extraction))


def assert_absent(extractor, case: NegativeCase) -> None:
    extraction = extract_case(extractor, case)
    bad = offending_facts(extraction, case)
    scope = f" involving {sorted(case.about)} as {case.role}" if case.about else ""
    assert not bad, (f"[{case.id}] must NOT yield a {case.kind}{scope} ({case.why}); found {len(bad)}"
                     f"\ntext: {case.text}" + describe(extraction))
