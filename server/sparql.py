"""The SPARQL endpoint: read-only GET returning SPARQL JSON (the foundation's minimum)."""
from __future__ import annotations

import pyoxigraph as ox
from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response

SPARQL_JSON = "application/sparql-results+json"


def install(app: FastAPI) -> None:
    @app.get("/sparql")
    def sparql(request: Request, query: str = Query(..., description="A SPARQL 1.1 query")) -> Response:
        store = request.app.state.store
        try:
            result = store.query(query)
        except SyntaxError as exc:
            return JSONResponse({"error": "malformed query", "message": str(exc)}, status_code=400)
        if isinstance(result, bool):
            return JSONResponse({"head": {}, "boolean": result}, media_type=SPARQL_JSON)
        if isinstance(result, ox.QueryTriples):
            return Response(ox.serialize(result, format=ox.RdfFormat.N_TRIPLES), media_type="application/n-triples")
        return Response(result.serialize(format=ox.QueryResultsFormat.JSON), media_type=SPARQL_JSON)
