"""Linked-data pages: entities, articles, ontology, search, dumps and VoID (issue #4, items 5-10).

``install(app)`` builds one :class:`server.pages_site.Site` for the app (base
IRI, store, ontology, templates) and adds the routes of each page module.
Everything here only reads the store.

Routes (paths; the IRIs they answer for are ``{base_iri}`` + path):

- ``/``: the home page (HTML), or a 303 to ``/void`` for RDF clients
- ``/id/{slug}`` (+ ``.html .ttl .jsonld .nt .rdf``): entity descriptions
- ``/article/{id}`` (+ the same extensions), ``/article/{id}/graph.{trig,nq,ttl}``
- ``/ontology/``, ``/ontology/{Term}`` (+ extensions), ``/ontology.ttl``
- ``/contract/…``, ``/event/…``, ``/citation/…``, ``/evidence/…``, ``/mention/…``, ``/run/…``,
  ``/graph/…``, ``/software/…`` (+ extensions): every other minted IRI
- ``/search?q=`` (HTML or JSON)
- ``/dumps/kg.trig.gz``, ``/dumps/kg.nq.gz``, ``/void``, ``/.well-known/void``
- ``/static/pages.css``, ``/static/pages/{file}``
"""
from __future__ import annotations

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

from server import dumps, pages_article, pages_entity, pages_home, pages_ontology, pages_resource, search
from server.pages_site import STATIC, Site


def install(app: FastAPI) -> None:
    site = Site(app)
    app.state.pages = site
    pages_entity.install(app, site)
    pages_article.install(app, site)
    pages_ontology.install(app, site)
    pages_resource.install(app, site)
    search.install(app, site)
    dumps.install(app, site)
    pages_home.install(app, site)

    @app.api_route("/static/pages.css", methods=["GET", "HEAD"], include_in_schema=False)
    def pages_css() -> FileResponse:
        return FileResponse(STATIC / "pages.css", media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    @app.api_route("/static/pages/{name}", methods=["GET", "HEAD"], include_in_schema=False)
    def pages_static(name: str) -> FileResponse:
        folder = (STATIC / "pages").resolve()
        path = (folder / name).resolve()
        if path.parent != folder or not path.is_file():
            raise HTTPException(404)
        return FileResponse(path, headers={"Cache-Control": "max-age=3600"})
