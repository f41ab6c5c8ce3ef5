"""Ontology pages: ``{base}ontology/`` (all terms), ``{base}ontology/{Term}``, ``{base}ontology.ttl``.

Terms come from the ontology graph in the store (``{base}graph/ontology``),
so a deployment documents the vocabulary its data uses. A term's RDF is its
own triples (and the blank nodes they lead to, e.g. an owl:unionOf domain);
its HTML page adds instance counts from the store: subjects typed with a
class (directly, and with its subclasses), triples using a property, facts
pointing at an individual.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from server import rdf_views as rv
from server.pages_site import KINDS, RDF_NS, RDFS_NS, SKOS_NS, Label, Site, Term, key, term

FORMATS = list(rv.DESCRIPTION_FORMATS.values())
OWL = "http://www.w3.org/2002/07/owl#"


@dataclass
class Ref:
    iri: str | None
    label: Label
    local: bool  # one of our terms


@dataclass
class TermView:
    term: Term
    kind_label: tuple[str, str]
    superclasses: list[Ref] = field(default_factory=list)
    subclasses: list[Ref] = field(default_factory=list)
    domain: list[Ref] = field(default_factory=list)
    range: list[Ref] = field(default_factory=list)
    super_properties: list[Ref] = field(default_factory=list)
    sub_properties: list[Ref] = field(default_factory=list)
    types: list[Ref] = field(default_factory=list)
    schemes: list[Ref] = field(default_factory=list)
    members: list[Ref] = field(default_factory=list)
    domain_of: list[Ref] = field(default_factory=list)
    range_of: list[Ref] = field(default_factory=list)
    count: int | None = None
    count_label: str = ""
    count_with_subclasses: int | None = None
    examples: list[tuple[str, Label]] = field(default_factory=list)


def _ref(site: Site, iri: str) -> Ref:
    t = site.ontology.term_for(iri)
    if t:
        return Ref(iri, t.label, True)
    return Ref(iri, Label(fallback=_curie(site, iri)), False)


def _curie(site: Site, iri: str) -> str:
    for prefix, ns in site.prefixes.items():
        if iri.startswith(ns) and prefix not in ("id",):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _members(site: Site, node) -> list[Ref]:
    """An IRI, or a blank node class with owl:unionOf, as a list of classes."""
    g = site.ontology.graph
    if isinstance(node, ox.NamedNode):
        return [_ref(site, node.value)]
    union = g.first(key(node), OWL + "unionOf")
    out, cur = [], union
    while cur is not None and not (isinstance(cur, ox.NamedNode) and cur.value == RDF_NS + "nil"):
        first = g.first(key(cur), RDF_NS + "first")
        if isinstance(first, ox.NamedNode):
            out.append(_ref(site, first.value))
        cur = g.first(key(cur), RDF_NS + "rest")
    return out


def _count(site: Site, q: str) -> int:
    return int(next(iter(site.query(q)))[0].value)


def term_view(site: Site, t: Term) -> TermView:
    o = site.ontology
    g = o.graph
    kind_label = next(((en, ar) for k, _, en, ar in KINDS if k == t.kind), (t.kind, t.kind))
    view = TermView(t, kind_label)
    stats = site.stats
    if t.kind == "class":
        view.superclasses = [_ref(site, c) for c in o.superclasses(t.iri)]
        view.subclasses = sorted((_ref(site, c) for c in o.subclasses(t.iri)), key=lambda r: r.label.best)
        for p in g.subjects(RDFS_NS + "domain", t.iri):
            view.domain_of.append(_ref(site, p))
        for p in g.subjects(RDFS_NS + "range", t.iri):
            view.range_of.append(_ref(site, p))
        for bnode_subject in [s for s in g.subjects(RDF_NS + "first", t.iri)]:
            # t is a member of a union list used as a domain or range
            for holder in _list_holders(site, bnode_subject):
                for p in g.subjects(RDFS_NS + "domain", holder):
                    view.domain_of.append(_ref(site, p))
                for p in g.subjects(RDFS_NS + "range", holder):
                    view.range_of.append(_ref(site, p))
        view.count = stats.class_counts.get(t.iri, 0)
        view.count_label = "instances (subjects typed with this class)"
        if len(o.descendants(t.iri)) > 1:
            view.count_with_subclasses = site.instance_count(t.iri)
        rows = site.query(f"SELECT DISTINCT ?s WHERE {{ ?s a {term(t.iri)} FILTER(isIRI(?s)) }} LIMIT 24")
        examples = [r["s"].value for r in rows]
        if examples:
            values = " ".join(term(s) for s in examples)
            labels: dict[str, list] = {}
            for r in site.query(f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} {{ ?s skos:prefLabel ?l }} UNION {{ ?s rdfs:label ?l }} }}"):
                labels.setdefault(r["s"].value, []).append(r["l"])
            from server.pages_site import label_from

            view.examples = []
            for s in examples:
                lab = label_from(labels.get(s, []), s)
                if s.startswith(site.base):
                    lab.fallback = s[len(site.base):]  # contract/ARTICLE/START-END says more than START-END
                view.examples.append((s, lab))
            view.examples.sort(key=lambda x: x[1].best)
    elif t.kind in ("object_property", "datatype_property"):
        for d in g.objects(t.iri, RDFS_NS + "domain"):
            view.domain += _members(site, d)
        for r in g.objects(t.iri, RDFS_NS + "range"):
            view.range += _members(site, r)
        view.super_properties = [_ref(site, p) for p in g.iris(t.iri, RDFS_NS + "subPropertyOf")]
        view.sub_properties = [_ref(site, p) for p in g.subjects(RDFS_NS + "subPropertyOf", t.iri)]
        view.count = stats.property_counts.get(t.iri, 0)
        view.count_label = "uses (distinct triples with this property)"
    else:
        view.types = [_ref(site, c) for c in g.types(t.iri)]
        view.schemes = [_ref(site, s) for s in g.iris(t.iri, SKOS_NS + "inScheme")]
        view.members = sorted((_ref(site, s) for s in g.subjects(SKOS_NS + "inScheme", t.iri)), key=lambda r: r.label.best)
        view.count = _count(site, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {term(t.iri)} "
                                  f"FILTER(?p != rdf:type && ?p != skos:inScheme && ?p != skos:topConceptOf) }} }}")
        view.count_label = "uses (subjects pointing at it)"
    return view


def _list_holders(site: Site, list_node: str) -> list[str]:
    """The blank-node classes whose owl:unionOf list contains LIST_NODE."""
    g = site.ontology.graph
    heads, todo, seen = [], [list_node], set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        previous = g.subjects(RDF_NS + "rest", n)
        if not previous:
            heads.append(n)
        todo.extend(previous)
    return [h for head in heads for h in g.subjects(OWL + "unionOf", head)]


def install(app: FastAPI, site: Site) -> None:
    onto_url = site.base + "ontology"  # per-format URLs of the whole ontology: {base}ontology.ttl etc.

    def whole(request: Request, fmt: rv.Fmt | None, negotiated: bool) -> Response:
        if fmt is None:
            return rv.not_acceptable(onto_url, FORMATS)
        headers = rv.ld_headers(onto_url, FORMATS, fmt, negotiated)
        if fmt.rdf is None:
            groups = []
            for kind, _, en, ar in KINDS:
                terms = sorted((t for t in site.ontology.terms.values() if t.kind == kind), key=lambda t: t.local)
                rows = []
                for t in terms:
                    if kind == "class":
                        n = site.stats.class_counts.get(t.iri, 0)
                    elif kind.endswith("property"):
                        n = site.stats.property_counts.get(t.iri, 0)
                    else:
                        n = None
                    rows.append((t, n))
                if rows:
                    groups.append((kind, en, ar, rows))
            header = site.ontology.graph.label(site.vocab)
            comments = {}
            for c in site.ontology.graph.objects(site.vocab, RDFS_NS + "comment"):
                comments.setdefault((c.language or "en").split("-")[0], c.value)
            return site.render(request, "ontology_index.html", headers=headers, groups=groups, iri=site.vocab,
                               title=header, comments=comments, formats=FORMATS, onto_url=onto_url)
        return rv.rdf_response(site.ontology.ontology_triples(), fmt, headers, site.prefixes)

    @app.api_route("/ontology/", methods=["GET", "HEAD"], include_in_schema=False)
    def ontology_index(request: Request) -> Response:
        return whole(request, rv.negotiate(request.headers.get("accept"), FORMATS, default=rv.TURTLE), True)

    @app.api_route("/ontology", methods=["GET", "HEAD"], include_in_schema=False)
    def ontology_no_slash() -> Response:
        return RedirectResponse("ontology/", status_code=301, headers=rv.cors())

    @app.api_route("/ontology.{ext}", methods=["GET", "HEAD"], include_in_schema=False)
    def ontology_file(request: Request, ext: str) -> Response:
        fmt = rv.DESCRIPTION_FORMATS.get(ext)
        if fmt is None:
            return Response("Not found\n", status_code=404, media_type="text/plain; charset=utf-8", headers=rv.cors())
        return whole(request, fmt, False)

    @app.api_route("/ontology/{name}", methods=["GET", "HEAD"], include_in_schema=False)
    def ontology_term(request: Request, name: str) -> Response:
        stem, forced = rv.split_extension(name, rv.DESCRIPTION_FORMATS)
        negotiated = forced is None
        local = name if negotiated else stem
        fmt = forced or rv.negotiate(request.headers.get("accept"), FORMATS, default=rv.TURTLE)
        url = site.base + "ontology/" + (local if local.isascii() and local.isidentifier() else "unknown")
        if fmt is None:
            return rv.not_acceptable(url, FORMATS)
        headers = rv.ld_headers(url, FORMATS, fmt, negotiated)
        t = site.ontology.terms.get(local)
        if t is None:
            if fmt.rdf is None:
                return site.render(request, "not_found.html", status=404, headers=headers, iri=url)
            return Response(rv.not_found_rdf(fmt, url), status_code=404, media_type=fmt.content_type, headers=headers)
        if fmt.rdf is not None:
            return rv.rdf_response(site.ontology.triples_of(t.iri), fmt, headers, site.prefixes)
        return site.render(request, "ontology_term.html", headers=headers, view=term_view(site, t), iri=t.iri,
                           formats=FORMATS)
