"""Extraction -> quads in the article's named graph.

A generator of pyoxigraph Quads (no string building, no rdflib on the hot
path). Every fact node links to an Evidence node (article, sentence as a
language-tagged literal, character offsets); every entity mention is a Mention
node with the same anchoring. The graph also carries the article's metadata and
the extraction run in PROV-O.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from kg import __version__
from kg import iri as iris
from kg.model import Contract, DateValue, Entity, Event, Extraction, Span
from kg.namespace import KG, OWL, PROV, RDF, RDFS, SDO, SKOS, WD, XSD
from kg.text.normalize import normalize, script_of


@lru_cache(maxsize=4096)
def node(uri: str) -> NamedNode:
    return NamedNode(str(uri))


DATE_TYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}
ROLE_PROPERTIES = (("suppliers", KG.supplier), ("customers", KG.customer), ("parties", KG.party))


@dataclass(frozen=True)
class RunInfo:
    started: datetime
    ended: datetime
    version: str = __version__

    @classmethod
    def now(cls) -> "RunInfo":
        moment = datetime.now(timezone.utc).replace(microsecond=0)
        return cls(moment, moment)


def _date(value: DateValue) -> Literal:
    return Literal(value.value, datatype=node(DATE_TYPES[value.precision]))


def _decimal(value: Decimal) -> Literal:
    return Literal(format(value.normalize(), "f"), datatype=node(XSD.decimal))


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=node(XSD.integer))


def _text(value: str, fallback: str | None = None) -> Literal:
    """A language-tagged literal: the script decides (ar/en); no script -> plain."""
    lang = script_of(value) or fallback
    return Literal(value, language=lang) if lang in ("ar", "en") else Literal(value)


def _datetime(value: datetime) -> Literal:
    return Literal(value.isoformat(), datatype=node(XSD.dateTime))


def article_quads(ex: Extraction, run: RunInfo, base: str = iris.DEFAULT_BASE) -> Iterator[Quad]:
    """All quads of one article's named graph."""
    article = ex.article
    g = node(iris.graph_iri(article.id, base))
    a = node(iris.article_iri(article.id, base))

    def q(s, p, o) -> Quad:
        return Quad(s, node(p) if not isinstance(p, NamedNode) else p, o, g)

    yield from _article_metadata(ex, a, g, run, base, q)
    for entity in ex.entities.values():
        yield from _entity(entity, q)
    seen_mentions: set[tuple[int, int]] = set()
    for mention in ex.mentions:
        key = (mention.span.start, mention.span.end)
        if key in seen_mentions:
            continue
        seen_mentions.add(key)
        m = node(iris.fact_iri("mention", article.id, mention.span.start, mention.span.end, base=base))
        e = node(mention.entity)
        yield q(m, RDF.type, node(KG.Mention))
        yield q(m, KG.denotes, e)
        yield q(m, KG.article, a)
        yield q(m, KG.start, _integer(mention.span.start))
        yield q(m, KG.end, _integer(mention.span.end))
        yield q(m, KG.surface, _text(mention.span.text, ex.language))
        yield q(a, KG.mentions, e)
    evidence_done: set[tuple[int, int]] = set()
    for contract in ex.contracts:
        yield from _contract(contract, a, q)
        yield from _evidence(contract.evidence, article.id, a, base, q, evidence_done, node(contract.iri))
    for event in ex.events:
        yield from _event(event, a, q)
        yield from _evidence(event.evidence, article.id, a, base, q, evidence_done, node(event.iri))
    for citation in ex.citations:
        c = node(citation.iri)
        source = node(citation.source)
        yield q(c, RDF.type, node(KG.Citation))
        yield q(c, KG.citedSource, source)
        yield q(c, PROV.wasDerivedFrom, a)
        yield q(a, KG.cites, source)
        yield from _evidence(citation.evidence, article.id, a, base, q, evidence_done, c)


def _article_metadata(ex: Extraction, a, g, run: RunInfo, base: str, q) -> Iterator[Quad]:
    article = ex.article
    r = node(iris.mint("run", article.id, article.content_hash[:12], base=base))
    agent = node(f"{base}software/kg/{run.version}")
    yield q(a, RDF.type, node(KG.Article))
    yield q(a, KG.text, _text(article.text) if ex.language in ("ar", "en") else Literal(article.text))
    yield q(a, KG.contentHash, Literal(article.content_hash))
    yield q(a, KG.sourceFile, Literal(article.source))
    yield q(a, SDO.inLanguage, Literal(ex.language))
    yield q(a, PROV.wasGeneratedBy, r)
    if article.title:
        yield q(a, SDO.headline, _text(article.title, ex.language))
        yield q(a, RDFS.label, _text(article.title, ex.language))
    if article.url:
        yield q(a, SDO.url, NamedNode(article.url))
    if article.published:
        yield q(a, SDO.datePublished, _date(article.published))
    if article.author:
        yield q(a, SDO.author, _text(article.author, ex.language))
    if article.outlet:
        outlet = _outlet_iri(ex, base)
        yield q(a, SDO.publisher, node(outlet))
    yield q(g, PROV.wasDerivedFrom, a)
    yield q(g, PROV.wasGeneratedBy, r)
    yield q(r, RDF.type, node(KG.ExtractionRun))
    yield q(r, RDF.type, node(PROV.Activity))
    yield q(r, KG.article, a)
    yield q(r, PROV.used, a)
    yield q(r, PROV.startedAtTime, _datetime(run.started))
    yield q(r, PROV.endedAtTime, _datetime(run.ended))
    yield q(r, PROV.wasAssociatedWith, agent)
    yield q(r, KG.toolVersion, Literal(run.version))
    yield q(agent, RDF.type, node(PROV.SoftwareAgent))
    yield q(agent, RDFS.label, Literal(f"kg {run.version}"))


def _outlet_iri(ex: Extraction, base: str) -> str:
    """The publisher: a known outlet among the article's entities, else a minted one."""
    key = normalize(ex.article.outlet or "")
    for entity in ex.entities.values():
        if entity.type == "NewsOutlet" and any(normalize(l) == key for ls in entity.labels.values() for l in ls):
            return entity.iri
    iri = iris.entity_iri(ex.article.outlet or "", base)
    if iri not in ex.entities:
        lang = "ar" if script_of(ex.article.outlet or "") == "ar" else "en"
        labels = {"ar": [], "en": []}
        labels[lang].append(ex.article.outlet)
        ex.entities[iri] = Entity(iri=iri, type="NewsOutlet", labels=labels, from_lexicon=False)
    return iri


def _entity(entity: Entity, q) -> Iterator[Quad]:
    e = node(entity.iri)
    yield q(e, RDF.type, node(getattr(KG, entity.type)))
    if entity.from_lexicon:
        return  # labels, links and sameAs live in the lexicon graph
    for lang, labels in entity.labels.items():
        for i, label in enumerate(labels):
            yield q(e, SKOS.prefLabel if i == 0 else SKOS.altLabel, Literal(label, language=lang))
            yield q(e, RDFS.label, Literal(label, language=lang))
    if entity.wikidata:
        yield q(e, OWL.sameAs, node(WD[entity.wikidata]))


def _dated(s, prop, value: DateValue | None, q) -> Iterator[Quad]:
    if value is not None:
        yield q(s, prop, _date(value))


def _contract(c: Contract, a, q) -> Iterator[Quad]:
    s = node(c.iri)
    yield q(s, RDF.type, node(KG.Contract))
    for attr, prop in ROLE_PROPERTIES:
        for party in getattr(c, attr):
            yield q(s, prop, node(party))
            if prop != KG.party:
                yield q(s, KG.party, node(party))
    if c.value is not None:
        yield q(s, KG.amount, _decimal(c.value))
    if c.currency:
        yield q(s, KG.currency, Literal(c.currency))
    if c.date is not None:
        yield q(s, KG.date, _date(c.date))
        yield q(s, KG.datePrecision, Literal(c.date.precision))
    yield from _dated(s, KG.startDate, c.start_date, q)
    yield from _dated(s, KG.endDate, c.end_date, q)
    if c.subject:
        yield q(s, KG.subjectText, _text(c.subject))
    for subject in c.subject_entities:
        yield q(s, KG.subject, node(subject))
    if c.quantity is not None:
        yield q(s, KG.quantity, _decimal(c.quantity))
        yield q(s, KG.quantityUnit, Literal(c.quantity_unit or ""))
    yield q(s, KG.claimStatus, node(getattr(KG, c.status)))
    yield q(s, PROV.wasDerivedFrom, a)


def _event(ev: Event, a, q) -> Iterator[Quad]:
    s = node(ev.iri)
    yield q(s, RDF.type, node(getattr(KG, ev.type)))
    for agent in ev.agents:
        yield q(s, KG.agent, node(agent))
    for target in ev.targets:
        yield q(s, KG.target, node(target))
    for product in ev.instruments:
        yield q(s, KG.instrument, node(product))
    if ev.date is not None:
        yield q(s, KG.date, _date(ev.date))
        yield q(s, KG.datePrecision, Literal(ev.date.precision))
    if ev.value is not None:
        yield q(s, KG.amount, _decimal(ev.value))
    if ev.currency:
        yield q(s, KG.currency, Literal(ev.currency))
    if ev.count is not None:
        yield q(s, KG.count, _decimal(ev.count))
    yield q(s, KG.claimStatus, node(getattr(KG, ev.status)))
    yield q(s, PROV.wasDerivedFrom, a)


def _evidence(span: Span, article_id: str, a, base: str, q, done: set, fact) -> Iterator[Quad]:
    ev = node(iris.fact_iri("evidence", article_id, span.start, span.end, base=base))
    yield q(fact, KG.evidence, ev)
    key = (span.start, span.end)
    if key in done:
        return
    done.add(key)
    yield q(ev, RDF.type, node(KG.Evidence))
    yield q(ev, KG.article, a)
    yield q(ev, KG.sentence, _text(span.text))
    yield q(ev, KG.start, _integer(span.start))
    yield q(ev, KG.end, _integer(span.end))
