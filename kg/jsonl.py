"""Extraction -> the JSON Lines record of ``kg extract --format jsonl``.

The contract (one object per input file): source, article, language, text,
entities (with mentions), contracts, events, citations. Offsets index ``text``
and the IRIs are the ones the RDF uses.
"""
from __future__ import annotations

from decimal import Decimal

from kg import iri as iris
from kg.model import DateValue, Extraction, Span


def _span(span: Span) -> dict:
    return {"text": span.text, "start": span.start, "end": span.end}


def _date(value: DateValue | None) -> str | None:
    return value.value if value else None


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def extraction_record(ex: Extraction, base: str = iris.DEFAULT_BASE) -> dict:
    """The record, every IRI under BASE (lexicon IRIs are written under the default base and
    rebased here, as the store rebases them in ``kg build``)."""
    r = iris.iri_rebaser(base)
    mentions: dict[str, list[dict]] = {}
    for mention in ex.mentions:
        mentions.setdefault(mention.entity, []).append(_span(mention.span))
    entities = [
        {
            "iri": r(entity.iri),
            "type": entity.type,
            "labels": {"ar": list(entity.labels.get("ar", [])), "en": list(entity.labels.get("en", []))},
            "wikidata": entity.wikidata,
            "mentions": mentions.get(entity.iri, []),
        }
        for entity in ex.entities.values()
        if entity.iri in mentions
    ]
    contracts = [
        {
            "iri": r(c.iri),
            "parties": [{"iri": r(p), "role": "supplier"} for p in c.suppliers]
            + [{"iri": r(p), "role": "customer"} for p in c.customers]
            + [{"iri": r(p), "role": "party"} for p in c.parties],
            "value": _number(c.value),
            "currency": c.currency,
            "date": _date(c.date),
            "start_date": _date(c.start_date),
            "end_date": _date(c.end_date),
            "subject": c.subject,
            "subject_entities": [r(e) for e in c.subject_entities],
            "quantity": _number(c.quantity),
            "quantity_unit": c.quantity_unit,
            "status": c.status,
            "evidence": _span(c.evidence),
        }
        for c in ex.contracts
    ]
    events = [
        {
            "iri": r(e.iri),
            "type": e.type,
            "agents": [r(a) for a in e.agents],
            "targets": [r(t) for t in e.targets],
            "instruments": [r(i) for i in e.instruments],
            "date": _date(e.date),
            "value": _number(e.value),
            "currency": e.currency,
            "count": _number(e.count),
            "status": e.status,
            "evidence": _span(e.evidence),
        }
        for e in ex.events
    ]
    citations = [{"iri": r(c.source), "fact": r(c.iri), "evidence": _span(c.evidence)} for c in ex.citations]
    return {
        "source": ex.article.source,
        "article": iris.article_iri(ex.article.id, base),
        "language": ex.language,
        "text": ex.article.text,
        "entities": entities,
        "contracts": contracts,
        "events": events,
        "citations": citations,
    }
