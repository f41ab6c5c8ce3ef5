"""Entity pages: ``{base}id/{slug}`` by content negotiation, and ``{base}id/{slug}.{ext}``.

The description is one SPARQL CONSTRUCT over the union graph: the entity's
own triples (labels, types, sameAs, madeBy, partOf; lexicon graph and article
graphs alike), every fact it takes part in (as supplier, customer, party,
agent, target, subject, instrument or cited source) with the fact's triples
and its evidence nodes (article, sentence, offsets), the metadata of the
articles that evidence comes from (headline, publisher, date), every
incoming link, and the labels and types of the things all these point to.
RDF clients get exactly that graph; the HTML page is built from the same
graph, so both always say the same thing.

Agreement across outlets: facts of the same kind with the same parties in the
same roles (contract: suppliers + customers; event: agents + targets;
citation: cited source) form a group; each report in it comes from one
article (and its outlet). The group's reports *agree* when every value that
at least two of them state is the same (amount with currency; date, where
"2023" and "2023-10" are compatible; count; quantity with unit) and no report
has the fact denied while another does not; they *differ* when any such
value conflicts (the page says which). A group reported by one article is
a single report: there is nothing to compare.
"""
from __future__ import annotations

import math
from urllib.parse import quote
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import Response

from kg.iri import short_hash
from server import rdf_views as rv
from server.pages_site import (
    PREF_LABEL,
    RDF_TYPE,
    RDFS_LABEL,
    GraphIndex,
    Label,
    Site,
    format_amount,
    local_part,
    term,
)

ROLES = ("supplier", "customer", "party", "agent", "target", "subject", "instrument", "citedSource")
# roles that identify "the same fact" across articles (subject/instrument are compared, not keyed)
KEY_ROLES = ("supplier", "customer", "party", "agent", "target", "citedSource")
VALUE_PROPS = ("amount", "currency", "date", "datePrecision", "startDate", "endDate", "quantity", "quantityUnit",
               "count", "subjectText", "claimStatus")

DESCRIBE = """
CONSTRUCT {
  %(e)s ?p ?o .
  ?s ?ip %(e)s .
  ?f ?fp ?fo .
  ?ev ?evp ?evo .
  ?art ?ap ?ao .
  ?pub ?pubp ?publ .
  ?n ?np ?nl .
}
WHERE {
  { %(e)s ?p ?o }
  UNION { ?s ?ip %(e)s }
  UNION { VALUES ?role { %(roles)s } ?f ?role %(e)s . ?f ?fp ?fo }
  UNION { VALUES ?role { %(roles)s } ?f ?role %(e)s . ?f kg:evidence ?ev . ?ev ?evp ?evo }
  UNION {
    VALUES ?role { %(roles)s }
    ?f ?role %(e)s ; kg:evidence/kg:article ?art . ?art ?ap ?ao
    FILTER(?ap IN (schema:headline, rdfs:label, schema:publisher, schema:datePublished, schema:url, schema:inLanguage, rdf:type))
  }
  UNION {
    VALUES ?role { %(roles)s }
    ?f ?role %(e)s ; kg:evidence/kg:article/schema:publisher ?pub . ?pub ?pubp ?publ
    FILTER(?pubp IN (skos:prefLabel, rdf:type))
  }
  UNION {
    VALUES ?role { %(roles)s }
    ?f ?role %(e)s . ?f ?r2 ?n . ?n ?np ?nl
    FILTER(isIRI(?n) && ?n != %(e)s && ?np IN (skos:prefLabel, rdfs:label, rdf:type))
  }
  UNION {
    %(e)s ?p3 ?n . ?n ?np ?nl
    FILTER(isIRI(?n) && ?n != %(e)s && ?np IN (skos:prefLabel, rdfs:label, rdf:type))
  }
  UNION {
    ?n ?p4 %(e)s . ?n ?np ?nl
    FILTER(?p4 != kg:denotes && isIRI(?n) && ?n != %(e)s && ?np IN (skos:prefLabel, rdfs:label, rdf:type))
  }
}
"""


def describe(site: Site, iri: str) -> list[ox.Triple]:
    roles = " ".join(term(site.vocab + r) for r in ROLES)
    return rv.dedupe(site.query(DESCRIBE % {"e": term(iri), "roles": roles}))


# ---------------------------------------------------------------------------
# View model
# ---------------------------------------------------------------------------


@dataclass
class DateView:
    value: str
    precision: str  # year | month | day

    MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")

    @property
    def display(self) -> str:
        parts = self.value.split("-")
        try:
            if self.precision == "day" and len(parts) == 3:
                return f"{int(parts[2])} {self.MONTHS[int(parts[1]) - 1]} {parts[0]}"
            if self.precision == "month" and len(parts) >= 2:
                return f"{self.MONTHS[int(parts[1]) - 1]} {parts[0]}"
        except (ValueError, IndexError):
            pass
        return self.value

    def compatible(self, other: "DateView") -> bool:
        return self.value.startswith(other.value) or other.value.startswith(self.value)


def _date(lit) -> DateView | None:
    if not isinstance(lit, ox.Literal):
        return None
    dt = lit.datatype.value if lit.datatype else ""
    precision = "day" if dt.endswith("#date") else "month" if dt.endswith("#gYearMonth") else "year" if dt.endswith("#gYear") else "day"
    return DateView(lit.value, precision)


@dataclass
class Party:
    role: str
    iri: str
    label: Label
    type: str | None


@dataclass
class Evidence:
    iri: str
    article: str | None
    article_id: str | None
    sentence: str
    lang: str | None
    start: int | None
    end: int | None


@dataclass
class ArticleRef:
    iri: str
    article_id: str | None
    title: str | None
    title_lang: str | None
    outlet_iri: str | None
    outlet: Label | None
    published: str | None

    @property
    def outlet_name(self) -> str:
        return self.outlet.best if self.outlet else "outlet not stated"

    @property
    def source_name(self) -> str:
        """The outlet when the article states one, else the article's (shortened) title."""
        if self.outlet:
            return self.outlet.best
        if self.title:
            return self.title if len(self.title) <= 48 else self.title[:47] + "…"
        return "article " + (self.article_id or self.iri)


@dataclass
class FactView:
    iri: str
    type_iri: str
    type_label: Label
    kind: str  # contract | event | citation
    my_roles: list[str]
    parties: list[Party]
    amount: Decimal | None = None
    currency: str | None = None
    date: DateView | None = None
    start_date: DateView | None = None
    end_date: DateView | None = None
    quantity: Decimal | None = None
    quantity_unit: str | None = None
    count: Decimal | None = None
    subject_text: str | None = None
    subject_lang: str | None = None
    status_iri: str | None = None
    status: Label | None = None
    evidence: list[Evidence] = field(default_factory=list)
    articles: list[ArticleRef] = field(default_factory=list)

    @property
    def money(self) -> str | None:
        if self.amount is None:
            return None
        return format_amount(self.amount) + (f" {self.currency}" if self.currency else "")

    @property
    def quantity_text(self) -> str | None:
        if self.quantity is None:
            return None
        return format_amount(self.quantity) + (f" {self.quantity_unit}" if self.quantity_unit else "")

    @property
    def denied(self) -> bool:
        return bool(self.status_iri and self.status_iri.endswith("/Denied"))

    @property
    def when(self) -> DateView | None:
        return self.date or self.start_date

    def parties_in(self, role: str) -> list[Party]:
        return [p for p in self.parties if p.role == role]


@dataclass
class Comparison:
    what: str
    verdict: str  # agree | differ
    values: list[tuple[str, str]]  # (value, where it is stated)


@dataclass
class FactGroup:
    type_label: Label
    type_iri: str
    key_parties: list[Party]
    facts: list[FactView]
    articles: list[ArticleRef]
    verdict: str  # agree | differ | single
    comparisons: list[Comparison]

    @property
    def anchor(self) -> str:
        return "group-" + short_hash(self.facts[0].iri)


@dataclass
class Link:
    prop_iri: str
    prop: Label
    iri: str
    label: Label
    type: str | None


@dataclass
class Neighbour:
    iri: str
    label: Label
    type: str | None
    relations: Counter


@dataclass
class EntityView:
    iri: str
    label: Label
    alt_ar: list[str]
    alt_en: list[str]
    types: list[tuple[str, Label]]
    same_as: list[str]
    values: list[tuple[Label, str]]
    outgoing: list[Link]
    incoming: list[Link]
    groups: list[FactGroup]
    facts: list[FactView]
    mentioned_in: list[ArticleRef]
    mention_count: int
    neighbours: list[Neighbour]
    svg: dict
    timeline: list[FactView]


_SKIP_OUT = {RDF_TYPE, PREF_LABEL, RDFS_LABEL, "http://www.w3.org/2004/02/skos/core#altLabel",
             "http://www.w3.org/2004/02/skos/core#hiddenLabel", "http://www.w3.org/2002/07/owl#sameAs"}


def _dec(lit) -> Decimal | None:
    try:
        return Decimal(lit.value) if lit is not None else None
    except InvalidOperation:
        return None


def _int(lit) -> int | None:
    try:
        return int(lit.value) if lit is not None else None
    except ValueError:
        return None


def most_specific_type(site: Site, types: list[str]) -> str | None:
    """The most specific of TYPES that the ontology defines (kg:Protest over kg:Event)."""
    ours = [t for t in types if site.ontology.term_for(t)]
    if not ours:
        return types[0] if types else None
    best = ours[0]
    for t in ours[1:]:
        if site.ontology.is_subclass(t, best):
            best = t
    return best


def entity_type(site: Site, g: GraphIndex, iri: str) -> str | None:
    t = most_specific_type(site, g.types(iri))
    return local_part(t) if t else None


def article_ref(site: Site, g: GraphIndex, iri: str) -> ArticleRef:
    title = g.first(iri, "https://schema.org/headline") or g.first(iri, RDFS_LABEL)
    pub = g.value(iri, "https://schema.org/publisher")
    return ArticleRef(
        iri=iri,
        article_id=site.article_id(iri),
        title=title.value if title is not None else None,
        title_lang=(title.language if title is not None and title.language else None),
        outlet_iri=pub,
        outlet=g.label(pub) if pub else None,
        published=g.value(iri, "https://schema.org/datePublished"),
    )


def fact_view(site: Site, g: GraphIndex, f: str, me: str | None) -> FactView:
    v = site.vocab
    type_iri = most_specific_type(site, g.types(f)) or ""
    kind = ("contract" if site.ontology.is_subclass(type_iri, v + "Contract")
            else "citation" if site.ontology.is_subclass(type_iri, v + "Citation") else "event")
    parties: list[Party] = []
    specific = set()
    for role in ROLES:
        for o in g.iris(f, v + role):
            if role == "party" and o in specific:
                continue  # kg:party restates kg:supplier / kg:customer
            if role in ("supplier", "customer"):
                specific.add(o)
            parties.append(Party(role, o, g.label(o), entity_type(site, g, o)))
    my_roles = [p.role for p in parties if p.iri == me]
    fv = FactView(f, type_iri, site.ontology.label(type_iri), kind, my_roles, parties)
    fv.amount = _dec(g.first(f, v + "amount"))
    fv.currency = g.value(f, v + "currency")
    fv.date = _date(g.first(f, v + "date"))
    if fv.date is not None and g.value(f, v + "datePrecision"):
        fv.date.precision = g.value(f, v + "datePrecision")
    fv.start_date = _date(g.first(f, v + "startDate"))
    fv.end_date = _date(g.first(f, v + "endDate"))
    fv.quantity = _dec(g.first(f, v + "quantity"))
    fv.quantity_unit = g.value(f, v + "quantityUnit")
    fv.count = _dec(g.first(f, v + "count"))
    st = g.first(f, v + "subjectText")
    if st is not None:
        fv.subject_text, fv.subject_lang = st.value, st.language
    fv.status_iri = g.value(f, v + "claimStatus")
    fv.status = site.ontology.label(fv.status_iri) if fv.status_iri else None
    arts: dict[str, ArticleRef] = {}
    for ev in g.iris(f, v + "evidence"):
        sentence = g.first(ev, v + "sentence")
        article = g.value(ev, v + "article")
        fv.evidence.append(Evidence(
            iri=ev, article=article, article_id=site.article_id(article) if article else None,
            sentence=sentence.value if sentence is not None else "",
            lang=sentence.language if sentence is not None else None,
            start=_int(g.first(ev, v + "start")), end=_int(g.first(ev, v + "end")),
        ))
        if article and article not in arts:
            arts[article] = article_ref(site, g, article)
    for article in g.iris(f, "http://www.w3.org/ns/prov#wasDerivedFrom"):
        if article not in arts:
            arts[article] = article_ref(site, g, article)
    fv.evidence.sort(key=lambda e: (e.article or "", e.start or 0))
    fv.articles = list(arts.values())
    return fv


def group_facts(facts: list[FactView]) -> list[FactGroup]:
    groups: dict[tuple, list[FactView]] = defaultdict(list)
    for f in facts:
        k = (f.type_iri, tuple(sorted((p.role, p.iri) for p in f.parties if p.role in KEY_ROLES)))
        groups[k].append(f)
    out = []
    for (type_iri, _), members in groups.items():
        articles: dict[str, ArticleRef] = {}
        for f in members:
            for a in f.articles:
                articles.setdefault(a.iri, a)
        comparisons = compare(members) if len(articles) > 1 else []
        verdict = "single" if len(articles) <= 1 else ("differ" if any(c.verdict == "differ" for c in comparisons) else "agree")
        first = members[0]
        out.append(FactGroup(first.type_label, type_iri, [p for p in first.parties if p.role in KEY_ROLES],
                             members, list(articles.values()), verdict, comparisons))
    out.sort(key=lambda g: (g.facts[0].kind != "contract", g.facts[0].kind == "citation", -len(g.articles),
                            g.type_label.best, [p.label.best for p in g.key_parties]))
    return out


def _where(f: FactView) -> str:
    return "; ".join(f"{a.outlet_name}: {a.source_name if a.outlet else a.title or a.article_id or a.iri}"
                     for a in f.articles) or f.iri


def compare(facts: list[FactView]) -> list[Comparison]:
    """What the reports in one group say about each value, and whether they agree."""
    out = []

    def add(what, items, same):
        items = [(v, f) for v, f in items if v is not None]
        if len({id(f) for _, f in items}) < 2:
            return
        verdict = "agree" if all(same(items[0][0], v) for v, _ in items[1:]) and \
            all(same(a, b) for i, (a, _) in enumerate(items) for b, _ in items[i + 1:]) else "differ"
        out.append(Comparison(what, verdict, [(display(v), _where(f)) for v, f in items]))

    def display(v):
        if isinstance(v, DateView):
            return f"{v.display} ({v.precision})"
        if isinstance(v, tuple):
            return " ".join(format_amount(x) if isinstance(x, Decimal) else str(x) for x in v if x is not None)
        if isinstance(v, Decimal):
            return format_amount(v)
        return str(v)

    def money_same(a, b):
        return a[0] == b[0] and (a[1] is None or b[1] is None or a[1] == b[1])

    add("amount", [((f.amount, f.currency) if f.amount is not None else None, f) for f in facts], money_same)
    add("date", [(f.date, f) for f in facts], lambda a, b: a.compatible(b))
    add("count", [(f.count, f) for f in facts], lambda a, b: a == b)
    add("quantity", [((f.quantity, f.quantity_unit) if f.quantity is not None else None, f) for f in facts], money_same)
    statuses = [(("denied" if f.denied else "not denied") if f.status_iri else None, f) for f in facts]
    if {s for s, _ in statuses if s} == {"denied", "not denied"}:
        add("claim status", [(f.status.best if f.status else None, f) for f in facts], lambda a, b: False)
    return out


def entity_view(site: Site, g: GraphIndex, iri: str) -> EntityView:
    v = site.vocab
    lab = g.label(iri)
    alts = g.objects(iri, "http://www.w3.org/2004/02/skos/core#altLabel")
    alt_ar = sorted({a.value for a in alts if (a.language or "").startswith("ar")} - {lab.ar})
    alt_en = sorted({a.value for a in alts if not (a.language or "").startswith("ar")} - {lab.en})
    types = []
    for t in g.types(iri):
        types.append((t, site.ontology.label(t)))
    spec = most_specific_type(site, g.types(iri))
    types.sort(key=lambda x: x[0] != spec)
    same_as = sorted(g.iris(iri, "http://www.w3.org/2002/07/owl#sameAs"))
    values, outgoing = [], []
    for p, objs in g.out.get(iri, {}).items():
        if p in _SKIP_OUT:
            continue
        for o in objs:
            if isinstance(o, ox.Literal):
                values.append((site.ontology.label(p), o.value))
            elif isinstance(o, ox.NamedNode):
                outgoing.append(Link(p, site.ontology.label(p), o.value, g.label(o.value), entity_type(site, g, o.value)))

    # facts this entity takes part in
    fact_iris = []
    for role in ROLES:
        for f in g.subjects(v + role, iri):
            if f not in fact_iris:
                fact_iris.append(f)
    facts = [fact_view(site, g, f, iri) for f in fact_iris]

    incoming, mentioned_in = [], []
    skip_in = {v + r for r in ROLES} | {v + "denotes", v + "mentions", v + "cites"}
    for p, subjects in g.inc.get(iri, {}).items():
        for s in subjects:
            if p == v + "mentions":
                mentioned_in.append(article_ref(site, g, s))
            elif p not in skip_in and not s.startswith("_:"):
                incoming.append(Link(p, site.ontology.label(p), s, g.label(s), entity_type(site, g, s)))
    incoming.sort(key=lambda link: (link.prop.best, link.label.best))
    outgoing.sort(key=lambda link: (link.prop.best, link.label.best))
    mentioned_in.sort(key=lambda a: a.article_id or a.iri)
    mention_count = len(g.subjects(v + "denotes", iri))

    neighbours = neighbourhood(site, g, iri, facts, outgoing, incoming)
    timeline = sorted([f for f in facts if f.when is not None], key=lambda f: (f.when.value, f.type_label.best))
    return EntityView(
        iri=iri, label=lab, alt_ar=alt_ar, alt_en=alt_en, types=types, same_as=same_as, values=values,
        outgoing=outgoing, incoming=incoming, groups=group_facts(facts), facts=facts, mentioned_in=mentioned_in,
        mention_count=mention_count, neighbours=neighbours, svg=svg_layout(neighbours), timeline=timeline,
    )


def neighbourhood(site: Site, g: GraphIndex, iri: str, facts, outgoing, incoming) -> list[Neighbour]:
    found: dict[str, Neighbour] = {}

    def add(other: str, relation: str):
        if other == iri or not site.is_entity(other):
            return
        n = found.get(other)
        if n is None:
            n = found[other] = Neighbour(other, g.label(other), entity_type(site, g, other), Counter())
        n.relations[relation] += 1

    for f in facts:
        for p in f.parties:
            add(p.iri, f"{f.type_label.en or f.type_label.best}: {p.role}")
    for link in outgoing:
        add(link.iri, link.prop.en or link.prop.best)
    for link in incoming:
        add(link.iri, "← " + (link.prop.en or link.prop.best))
    return sorted(found.values(), key=lambda n: (-sum(n.relations.values()), n.label.best))


SVG_W, SVG_H = 1060, 640
MAX_NODES = 24
EDGE_LABELS_UP_TO = 10


def _short(text: str | None, n: int = 26) -> str | None:
    if text is None:
        return None
    return text if len(text) <= n else text[: n - 1] + "…"


def _edge_kind(relations: Counter) -> str:
    names = " ".join(relations)
    if "Contract" in names:
        return "contract"
    if ":" in names:
        return "event"
    return "link"


def svg_layout(neighbours: list[Neighbour]) -> dict:
    """A radial picture: the entity in the middle, neighbours on an ellipse, labels outside it.

    Numbers only; every label goes through the template (escaped). Arabic lines are
    drawn right to left, so their text-anchor is mirrored to line up with the English one.
    """
    shown = neighbours[:MAX_NODES]
    cx, cy = SVG_W / 2, SVG_H / 2
    rx, ry = 330, 235
    nodes = []
    count = len(shown)
    for i, n in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / max(count, 1)
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + rx * cos, cy + ry * sin
        anchor = "start" if cos > 0.1 else "end" if cos < -0.1 else "middle"
        lx = x + (14 if anchor == "start" else -14 if anchor == "end" else 0)
        two = bool(n.label.ar and n.label.en)
        if anchor == "middle":
            ly = y - (34 if two else 16) if sin < 0 else y + 26
        else:
            ly = y - (4 if two else -5)
        rel = ", ".join(f"{r}" + (f" ×{c}" if c > 1 else "") for r, c in n.relations.most_common())
        top = n.relations.most_common(1)[0][0]
        more = len(n.relations) - 1
        nodes.append({
            "iri": n.iri, "x": round(x, 1), "y": round(y, 1),
            "lx": round(lx, 1), "ly": round(ly, 1), "ly2": round(ly + 18, 1) if two else round(ly, 1),
            "anchor": anchor, "anchor_ar": {"start": "end", "end": "start"}.get(anchor, "middle"),
            "mx": round(cx + (x - cx) * 0.5, 1), "my": round(cy + (y - cy) * 0.5 - 3, 1),
            "ar": _short(n.label.ar), "en": _short(n.label.en or (None if n.label.ar else n.label.best)),
            "type": n.type or "Entity", "relations": rel, "kind": _edge_kind(n.relations),
            "edge": _short(top, 30) + (f" +{more}" if more else ""),
            "weight": min(1 + sum(n.relations.values()), 6),
        })
    return {"w": SVG_W, "h": SVG_H, "cx": cx, "cy": cy, "nodes": nodes, "edge_labels": count <= EDGE_LABELS_UP_TO,
            "hidden": max(0, len(neighbours) - len(shown))}


# ---------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------

FORMATS = list(rv.DESCRIPTION_FORMATS.values())


def install(app: FastAPI, site: Site) -> None:
    @app.api_route("/id/{name}", methods=["GET", "HEAD"], include_in_schema=False)
    def entity(request: Request, name: str) -> Response:
        return serve_description(
            site, request, name, iri_for=site.entity_iri, describe=describe,
            html=lambda req, iri, triples, headers: site.render(
                req, "entity.html", headers=headers, entity=entity_view(site, GraphIndex(triples), iri), iri=iri,
                formats=FORMATS),
        )


def serve_description(site: Site, request: Request, name: str, *, iri_for, describe, html, formats=FORMATS,
                      extra_links=lambda iri: ()) -> Response:
    """The shared conneg rules of every described thing (entity, article, ontology term)."""
    stem, forced = rv.split_extension(name, rv.DESCRIPTION_FORMATS)
    if forced is not None and forced in formats:
        target, fmt, negotiated = stem, forced, False
    else:
        target, negotiated = name, True
        fmt = rv.negotiate(request.headers.get("accept"), formats, default=rv.TURTLE)
    try:
        iri = iri_for(target)
        term(iri)
    except ValueError:
        iri = None
    url = iri if iri else iri_for("") + quote(target, safe="")  # for headers only; never queried
    if fmt is None:
        return rv.not_acceptable(url, formats)
    headers = rv.ld_headers(url, formats, fmt, negotiated, extra_links(url) if iri else ())
    triples = describe(site, iri) if iri else []
    if not triples:
        if fmt.rdf is None:
            return site.render(request, "not_found.html", status=404, headers=headers, iri=url)
        return Response(rv.not_found_rdf(fmt, url), status_code=404, media_type=fmt.content_type, headers=headers)
    if fmt.rdf is None:
        return html(request, iri, triples, headers)
    return rv.rdf_response(triples, fmt, headers, site.prefixes)
