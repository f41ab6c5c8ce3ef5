"""The home page: what the graph holds, and where to go from there.

``/`` answers a browser with HTML: counts of what was extracted, every article
(headline, outlet, date, language) linked to its page, and the ways in
(search, query editor, ontology, dumps). A linked-data client that asks for RDF
is sent (303 See Other) to the dataset's VoID description, the usual entry
point for crawlers. Computed once per worker: the store a server reads does
not change under it (with updates on, the counts are those at start-up).
"""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from server import rdf_views as rv
from server.pages_site import Site, label_from

FORMATS = [rv.HTML, *rv.RDF_FORMATS.values()]
COUNTED = ("Article", "Contract", "Event", "Citation", "Company", "MilitaryUnit", "GovernmentBody", "Person",
           "Product", "NewsOutlet")


@dataclass
class ArticleRow:
    iri: str
    article_id: str
    title: str
    outlet: str | None
    outlet_label: str | None
    published: str | None
    language: str | None


def articles(site: Site) -> list[ArticleRow]:
    """Every article of the store, newest first (undated ones last)."""
    rows = site.query(
        "SELECT ?a ?title ?outlet ?outletLabel ?date ?lang WHERE { ?a a kg:Article . "
        "OPTIONAL { ?a schema:headline ?title } "
        "OPTIONAL { ?a schema:publisher ?outlet OPTIONAL { ?outlet skos:prefLabel ?outletLabel } } "
        "OPTIONAL { ?a schema:datePublished ?date } OPTIONAL { ?a schema:inLanguage ?lang } }")
    found: dict[str, dict] = {}
    for row in rows:
        iri = row["a"].value
        seen = found.setdefault(iri, {"row": row, "labels": []})
        if row["outletLabel"] is not None:
            seen["labels"].append(row["outletLabel"])
    out = []
    for iri, seen in found.items():
        row = seen["row"]
        article_id = site.article_id(iri) or iri
        outlet = row["outlet"].value if row["outlet"] is not None else None
        out.append(ArticleRow(
            iri=iri, article_id=article_id,
            title=row["title"].value if row["title"] is not None else article_id,
            outlet=outlet,
            outlet_label=(label_from(seen["labels"], outlet).best or None) if outlet else None,
            published=row["date"].value if row["date"] is not None else None,
            language=row["lang"].value if row["lang"] is not None else None))
    dated = sorted((r for r in out if r.published), key=lambda r: (r.published, r.article_id), reverse=True)
    return dated + sorted((r for r in out if not r.published), key=lambda r: r.article_id)


def class_counts(site: Site) -> list[tuple[str, object, int]]:
    """(local name, label, instances with subclasses) for each class shown: events are typed
    by their subclasses (ServiceSuspension, Protest, ...)."""
    return [(name, site.ontology.label(site.vocab + name), site.instance_count(site.vocab + name))
            for name in COUNTED]


def install(app: FastAPI, site: Site) -> None:
    cache: dict[str, object] = {}

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def home(request: Request) -> Response:
        fmt = rv.negotiate(request.headers.get("accept"), FORMATS, default=rv.HTML)
        if fmt is not None and fmt.rdf is not None:
            return RedirectResponse(f"void.{fmt.ext}", status_code=303, headers={"Vary": "Accept", **rv.cors()})
        if "articles" not in cache:
            cache["articles"] = articles(site)
        if "counts" not in cache:
            cache["counts"] = class_counts(site)
        stats = site.stats
        return site.render(request, "home.html", headers={"Vary": "Accept"}, articles=cache["articles"],
                           counts=cache["counts"], stats=stats)
