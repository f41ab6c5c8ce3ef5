"""The read-only SPARQL GET endpoint, over a real uvicorn server on 127.0.0.1."""
from __future__ import annotations

import httpx


def test_select_returns_sparql_json(live_server):
    q = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <http://127.0.0.1:8000/ontology/Article> }"
    resp = httpx.get(live_server + "/sparql", params={"query": q})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/sparql-results+json")
    assert resp.json()["results"]["bindings"][0]["n"]["value"] == "5"


def test_malformed_query_is_400_with_message(live_server):
    resp = httpx.get(live_server + "/sparql", params={"query": "SELECT WHERE {"})
    assert resp.status_code == 400


def test_update_is_refused(live_server):
    resp = httpx.get(live_server + "/sparql", params={"query": "INSERT DATA { <http://x> <http://y> <http://z> }"})
    assert resp.status_code == 400
    count = httpx.get(live_server + "/sparql", params={"query": "ASK { <http://x> ?p ?o }"}).json()
    assert count["boolean"] is False
