"""The HTTP face of the store: a read-only SPARQL endpoint (GET, JSON results).

The app is built from a store object (no globals) and never imports spaCy.
Queries run in Oxigraph's engine over the union of all graphs; updates are
refused because the endpoint parses with the query grammar only.
"""
from __future__ import annotations

import pyoxigraph as ox
from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse, Response

from kg.store import KGStore

SPARQL_JSON = "application/sparql-results+json"


def create_app(store: KGStore) -> FastAPI:
    app = FastAPI(title="kg SPARQL endpoint", docs_url=None, redoc_url=None)
    app.state.store = store

    @app.get("/sparql")
    def sparql(query: str = Query(..., description="A SPARQL 1.1 query")) -> Response:
        try:
            result = store.query(query)
        except SyntaxError as exc:
            return JSONResponse({"error": "malformed query", "message": str(exc)}, status_code=400)
        if isinstance(result, bool):
            return JSONResponse({"head": {}, "boolean": result}, media_type=SPARQL_JSON)
        if isinstance(result, ox.QueryTriples):
            body = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
            return Response(body, media_type="application/n-triples")
        return Response(result.serialize(format=ox.QueryResultsFormat.JSON), media_type=SPARQL_JSON)

    return app
