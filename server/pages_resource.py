"""Every other IRI the build mints dereferences too: facts, evidence, mentions, runs, graphs.

``{base}contract/…``, ``{base}event/…``, ``{base}citation/…``, ``{base}evidence/…``,
``{base}mention/…``, ``{base}run/…``, ``{base}graph/…`` and ``{base}software/…``
answer with the same negotiation rules as entities. The description is the
resource's own triples, its incoming links, the evidence of a fact, and the
labels and types of what they point to; the HTML page is a property table,
with a fact shown like on entity pages (values, claim status, quoted sentence).
"""
from __future__ import annotations

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import Response

from server import rdf_views as rv
from server.pages_entity import FORMATS, entity_type, fact_view, serve_description
from server.pages_site import GraphIndex, Site, term

KINDS = ("contract", "event", "citation", "evidence", "mention", "run", "graph", "software")

DESCRIBE = """
CONSTRUCT {
  %(r)s ?p ?o .
  ?s ?ip %(r)s .
  ?ev ?evp ?evo .
  ?n ?np ?nl .
}
WHERE {
  { %(r)s ?p ?o }
  UNION { ?s ?ip %(r)s }
  UNION { %(r)s kg:evidence ?ev . ?ev ?evp ?evo }
  UNION {
    %(r)s ?p2 ?n . ?n ?np ?nl
    FILTER(isIRI(?n) && ?np IN (skos:prefLabel, rdfs:label, rdf:type, schema:headline, schema:publisher))
  }
  UNION {
    ?n ?p3 %(r)s . ?n ?np ?nl
    FILTER(isIRI(?n) && ?np IN (skos:prefLabel, rdfs:label, rdf:type))
  }
  UNION {
    %(r)s kg:evidence/kg:article ?n . ?n ?np ?nl
    FILTER(?np IN (rdfs:label, schema:headline, schema:publisher, rdf:type))
  }
}
"""


def describe(site: Site, iri: str) -> list[ox.Triple]:
    return rv.dedupe(site.query(DESCRIBE % {"r": term(iri)}))


def resource_view(site: Site, g: GraphIndex, iri: str) -> dict:
    v = site.vocab
    types = g.types(iri)
    is_fact = any(site.ontology.is_subclass(t, v + "Fact") for t in types)
    rows = []
    for p, objs in g.out.get(iri, {}).items():
        for o in objs:
            rows.append(_row(site, g, p, o))
    incoming = []
    for p, subjects in g.inc.get(iri, {}).items():
        for s in subjects:
            if not s.startswith("_:"):
                incoming.append(_row(site, g, p, ox.NamedNode(s)))
    rows.sort(key=lambda r: (r["prop"].best, r["text"]))
    incoming.sort(key=lambda r: (r["prop"].best, r["text"]))
    span = None
    article = g.value(iri, v + "article")
    start, end = g.value(iri, v + "start"), g.value(iri, v + "end")
    if article and start is not None and end is not None and site.article_id(article):
        span = {"article_id": site.article_id(article), "start": int(start), "end": int(end),
                "text": (g.value(iri, v + "sentence") or g.value(iri, v + "surface") or "")}
    return {
        "iri": iri,
        "types": [(t, site.ontology.label(t)) for t in types],
        "label": g.label(iri),
        "fact": fact_view(site, g, iri, None) if is_fact else None,
        "rows": rows,
        "incoming": incoming,
        "span": span,
    }


def _row(site: Site, g: GraphIndex, p: str, o) -> dict:
    row = {"prop_iri": p, "prop": site.ontology.label(p), "iri": None, "label": None, "type": None, "text": "",
           "lang": None, "datatype": None}
    if isinstance(o, ox.Literal):
        row.update(text=o.value, lang=o.language,
                   datatype=(o.datatype.value.rpartition("#")[2] if o.datatype and not o.language else None))
    elif isinstance(o, ox.NamedNode):
        label = g.label(o.value)
        term_label = site.ontology.term_for(o.value)
        if not term_label and not (label.ar or label.en or label.other) and o.value.startswith(site.base):
            label.fallback = o.value[len(site.base):]
        row.update(iri=o.value, label=term_label.label if term_label else label, text=label.best,
                   type=entity_type(site, g, o.value))
    else:
        row.update(text="_:" + o.value)
    return row


def install(app: FastAPI, site: Site) -> None:
    for kind in KINDS:
        _route(app, site, kind)


def _route(app: FastAPI, site: Site, kind: str) -> None:
    prefix = f"{site.base}{kind}/"

    def html(request: Request, iri: str, triples, headers) -> Response:
        view = resource_view(site, GraphIndex(triples), iri)
        return site.render(request, "resource.html", headers=headers, r=view, iri=iri, formats=FORMATS)

    def resource(request: Request, rest: str) -> Response:
        return serve_description(site, request, rest, iri_for=lambda name: prefix + name, describe=describe, html=html)

    app.add_api_route(f"/{kind}/{{rest:path}}", resource, methods=["GET", "HEAD"], include_in_schema=False)
