"""SPARQL Update at /update: off by default, bearer token, Protocol content types, USING parameters, visibility."""
from __future__ import annotations

import time

import httpx
import pytest

from .live_server import running_server

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EX = "http://example.org/"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def server(built_store, tmp_path_factory):
    """A writable copy of the built store (a RocksDB checkpoint), served with updates on, two workers."""
    path = tmp_path_factory.mktemp("update") / "store"
    built_store.store.backup(str(path))
    with running_server(str(path), "--workers", "2", "--update-token", TOKEN, "--query-timeout", "3") as url:
        yield url


def _ask(url: str, pattern: str) -> bool:
    response = httpx.get(url + "/sparql", params={"query": f"ASK {{ {pattern} }}"})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def _update(url: str, text: str, **kwargs) -> httpx.Response:
    return httpx.post(url + "/update", data={"update": text, **kwargs}, headers=AUTH, timeout=30)


def test_updates_are_off_by_default(live_server):
    response = httpx.post(live_server + "/update", data={"update": f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}"},
                          headers=AUTH)
    assert response.status_code == 404
    assert "--update-token" in response.json()["message"]
    assert response.headers["access-control-allow-origin"] == "*"


def test_missing_token_is_401(server):
    response = httpx.post(server + "/update", data={"update": f"INSERT DATA {{ <{EX}n1> <{EX}p> 1 }}"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    basic = httpx.post(server + "/update", data={"update": f"INSERT DATA {{ <{EX}n1> <{EX}p> 1 }}"},
                       auth=("user", TOKEN))
    assert basic.status_code == 401
    assert not _ask(server, f"<{EX}n1> ?p ?o")


def test_wrong_token_is_403(server):
    response = httpx.post(server + "/update", data={"update": f"INSERT DATA {{ <{EX}n2> <{EX}p> 1 }}"},
                          headers={"Authorization": "Bearer " + TOKEN[:-1]})
    assert response.status_code == 403
    assert not _ask(server, f"<{EX}n2> ?p ?o")


def test_form_update_is_visible_to_every_later_query(server):
    response = _update(server, f'INSERT DATA {{ GRAPH <{EX}g1> {{ <{EX}alpha> <{EX}label> "alpha" }} }}')
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is True
    # several queries: both workers and all their query processes see it at once
    assert all(_ask(server, f'<{EX}alpha> <{EX}label> "alpha"') for _ in range(8))


def test_direct_update_content_type(server):
    response = httpx.post(server + "/update", content=f"INSERT DATA {{ <{EX}beta> <{EX}p> 2 }}".encode(),
                          headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert response.status_code == 200, response.text
    assert _ask(server, f"<{EX}beta> <{EX}p> 2")


def test_delete_is_visible(server):
    assert _update(server, f"INSERT DATA {{ <{EX}gamma> <{EX}p> 3 }}").status_code == 200
    assert _ask(server, f"<{EX}gamma> <{EX}p> 3")
    assert _update(server, f"DELETE DATA {{ <{EX}gamma> <{EX}p> 3 }}").status_code == 200
    assert not _ask(server, f"<{EX}gamma> <{EX}p> 3")


def test_using_graph_uri_sets_the_where_dataset(server):
    setup = (f"INSERT DATA {{ GRAPH <{EX}u1> {{ <{EX}x1> <{EX}p> 1 }} GRAPH <{EX}u2> {{ <{EX}x2> <{EX}p> 2 }} }}")
    assert _update(server, setup).status_code == 200
    copy = f"INSERT {{ GRAPH <{EX}copy> {{ ?s <{EX}copied> ?o }} }} WHERE {{ ?s <{EX}p> ?o }}"
    response = _update(server, copy, **{"using-graph-uri": f"{EX}u1"})
    assert response.status_code == 200, response.text
    assert _ask(server, f"GRAPH <{EX}copy> {{ <{EX}x1> <{EX}copied> 1 }}")
    assert not _ask(server, f"GRAPH <{EX}copy> {{ <{EX}x2> <{EX}copied> 2 }}")


def test_using_named_graph_uri_sets_the_named_graphs(server):
    assert _update(server, f"INSERT DATA {{ GRAPH <{EX}v1> {{ <{EX}y1> <{EX}p> 1 }} "
                           f"GRAPH <{EX}v2> {{ <{EX}y2> <{EX}p> 2 }} }}").status_code == 200
    copy = f"INSERT {{ GRAPH <{EX}named> {{ ?s <{EX}from> ?g }} }} WHERE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }}"
    response = httpx.post(server + "/update", params={"using-named-graph-uri": f"{EX}v2"}, content=copy.encode(),
                          headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert response.status_code == 200, response.text
    assert _ask(server, f"GRAPH <{EX}named> {{ <{EX}y2> <{EX}from> <{EX}v2> }}")
    assert not _ask(server, f"GRAPH <{EX}named> {{ <{EX}y1> ?p ?o }}")


def test_using_graph_uri_with_delete_where(server):
    """DELETE WHERE {P} is DELETE {P} WHERE {P}: P is matched in the USING graph, deleted from the default graph."""
    assert _update(server, f"INSERT DATA {{ <{EX}z> <{EX}q> 1 . GRAPH <{EX}w> {{ <{EX}z> <{EX}q> 1 }} }}").status_code == 200
    response = _update(server, f"DELETE WHERE {{ <{EX}z> <{EX}q> ?o }}", **{"using-graph-uri": f"{EX}w"})
    assert response.status_code == 200, response.text
    assert _ask(server, f"GRAPH <{EX}w> {{ <{EX}z> <{EX}q> 1 }}")
    found = httpx.get(server + "/sparql", params={"query": f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}z> <{EX}q> 1 }} }}"})
    assert [b["g"]["value"] for b in found.json()["results"]["bindings"]] == [f"{EX}w"]


def test_using_graph_uri_with_a_with_clause_is_400(server):
    update = f"WITH <{EX}u1> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
    response = _update(server, update, **{"using-graph-uri": f"{EX}u2"})
    assert response.status_code == 400
    assert "WITH" in response.json()["message"]
    assert _ask(server, f"GRAPH <{EX}u1> {{ <{EX}x1> <{EX}p> 1 }}")


def test_malformed_update_is_400(server):
    response = _update(server, "INSERT DATA { <http://x> }")
    assert response.status_code == 400
    assert response.json()["error"] == "malformed update"


@pytest.mark.parametrize("update", ["LOAD <http://127.0.0.1:9/data.ttl>",
                                    "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"])
def test_load_and_service_are_refused(server, update):
    response = _update(server, update)
    assert response.status_code == 400
    assert "allow_service" in response.json()["message"]


def test_protocol_errors(server):
    assert httpx.get(server + "/update", headers=AUTH).status_code == 405
    no_type = httpx.post(server + "/update", content=b"INSERT DATA {}", headers=AUTH)
    assert no_type.status_code == 400 and no_type.json()["error"] == "missing content type"
    wrong = httpx.post(server + "/update", content=b"INSERT DATA {}", headers={**AUTH, "Content-Type": "text/plain"})
    assert wrong.status_code == 400
    two = httpx.post(server + "/update", content=b"update=INSERT+DATA+%7B%7D&update=INSERT+DATA+%7B%7D",
                     headers={**AUTH, "Content-Type": FORM})
    assert two.status_code == 400


def test_service_description_announces_update(server):
    description = httpx.get(server + "/sparql", headers={"Accept": "application/n-triples"}).text
    assert "<http://www.w3.org/ns/sparql-service-description#SPARQL11Update>" in description


def test_runaway_update_is_stopped_and_changes_nothing(server):
    # an update's WHERE sees the store's default graph: reach the article graphs with GRAPH
    update = (f"INSERT {{ GRAPH <{EX}never> {{ ?a ?b ?c }} }} WHERE {{ GRAPH ?x {{ ?a ?b ?c }} "
              "GRAPH ?y { ?d ?e ?f } GRAPH ?z { ?g ?h ?i } "
              'FILTER(CONCAT(STR(?c), STR(?f), STR(?i)) = "never") }')
    started = time.monotonic()
    response = _update(server, update)
    assert response.status_code == 503
    assert "rolled back" in response.json()["message"]
    assert time.monotonic() - started < 15
    assert not _ask(server, f"GRAPH <{EX}never> {{ ?s ?p ?o }}")
    assert _update(server, f"INSERT DATA {{ <{EX}after> <{EX}p> 1 }}").status_code == 200
    assert _ask(server, f"<{EX}after> <{EX}p> 1")


def test_other_features_follow_the_snapshots(built_store, tmp_path):
    """With updates on, app.state.store (pages, dumps) reads the newest snapshot, never the store being written."""
    import asyncio

    import pyoxigraph as ox

    from server import sparql_snapshots as snaps
    from server.app import create_app
    from server.settings import Settings

    path = tmp_path / "store"
    built_store.store.backup(str(path))
    app = create_app(Settings(store=str(path), update_token=TOKEN))
    try:
        kept = app.state.store.store  # as a feature would keep it at install time
        ask = f"ASK {{ GRAPH ?g {{ <{EX}late> ?p ?o }} }}"
        assert not kept.query(ask)
        writer = ox.Store(str(path))
        writer.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}late> <{EX}p> 1 }} }}")
        runtime = app.state.sparql.runtime
        with snaps.write_lock(runtime):
            snaps.publish(runtime, writer, 1)
        del writer
        assert kept.query(ask)
        assert app.state.store.query(f"ASK {{ <{EX}late> ?p ?o }}")  # KGStore.query: union default graph
        assert len(kept) == len(built_store.store) + 1
    finally:
        asyncio.run(app.state.sparql.close())
