"""Limits that protect everyone: timeout (the work really stops), result cap (said honestly), SERVICE refused."""
from __future__ import annotations

import csv
import io
import json
import os
import threading
import time
import xml.etree.ElementTree as ET

import httpx
import pyoxigraph as ox
import pytest

from server import sparql_exec
from server.sparql_lex import UsingError, add_using, has_dataset_clause, looks_like_update, uses_service

from .live_server import running_server

KG = "http://127.0.0.1:8000/ontology/"
ARTICLES = f"SELECT ?a WHERE {{ ?a a <{KG}Article> }}"
# The cross product cannot be cut short: the FILTER needs all three patterns bound.
RUNAWAY = ('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i '
           'FILTER(CONCAT(STR(?c), STR(?f), STR(?i)) = "never") }')


@pytest.fixture(scope="module")
def limited(built_store):
    """One worker with two query processes, a 2 s timeout and a 3-row cap."""
    with running_server(str(built_store.path), "--workers", "1", "--query-processes", "2",
                        "--query-timeout", "2", "--result-limit", "3") as url:
        yield url + "/sparql"


def _processes() -> dict[int, tuple[int, list[bytes]]]:
    """pid -> (parent pid, argv) of every process we can see."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                argv = handle.read().split(b"\0")
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        out[int(entry)] = (ppid, argv)
    return out


def _pool_pids(url: str) -> set[int]:
    """The query processes of the (one-worker) server listening at URL."""
    port = url.split(":")[2].split("/")[0].encode()
    procs = _processes()
    servers = {pid for pid, (_, argv) in procs.items() if b"serve" in argv and port in argv}
    return {pid for pid, (ppid, argv) in procs.items() if ppid in servers and b"server.query_pool" in argv}


# -- the timeout -----------------------------------------------------------------------------


def test_runaway_query_is_stopped_while_others_are_answered(limited):
    before = _pool_pids(limited)
    assert len(before) == 2
    outcome = {}

    def runaway():
        started = time.monotonic()
        outcome["response"] = httpx.get(limited, params={"query": RUNAWAY}, timeout=60)
        outcome["elapsed"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)  # the runaway now holds one query process
    simple = f"ASK {{ ?a a <{KG}Article> }} # during the runaway"
    started = time.monotonic()
    answer = httpx.get(limited, params={"query": simple}, timeout=30)
    round_trip = time.monotonic() - started
    assert answer.json()["boolean"] is True
    assert round_trip < 1.0, f"a simple query waited {round_trip:.2f} s behind the runaway"
    thread.join(30)

    response = outcome["response"]
    assert response.status_code == 503
    assert response.json()["error"] == "timeout"
    assert "2 s" in response.json()["message"]
    assert response.headers["x-kg-truncated"] == "timeout"
    assert 2.0 <= outcome["elapsed"] < 10, outcome["elapsed"]

    # the process that ran it was killed and replaced
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        after = _pool_pids(limited)
        if len(after) == 2 and after != before:
            break
        time.sleep(0.1)
    assert len(after) == 2 and len(before - after) == 1, (before, after)
    count = f"SELECT (COUNT(?a) AS ?n) WHERE {{ ?a a <{KG}Article> }} # after the runaway"
    assert httpx.get(limited, params={"query": count}).json()["results"]["bindings"][0]["n"]["value"] == "5"


# -- the result cap -----------------------------------------------------------------------------


def test_result_cap_json_says_so(limited):
    for _ in range(3):  # every time: a cut answer never takes the fast path
        response = httpx.get(limited, params={"query": ARTICLES})
        assert response.status_code == 200
        body = response.json()
        assert len(body["results"]["bindings"]) == 3
        assert body["kg"] == {"truncated": True, "reason": "limit", "rows": 3, "limit": 3}
        assert response.headers["x-kg-truncated"] == "limit"
        assert response.headers["x-kg-rows"] == "3"
        assert "X-KG-Truncated" in response.headers["access-control-expose-headers"]


@pytest.mark.parametrize("accept", ["text/csv", "text/tab-separated-values", "application/sparql-results+xml"])
def test_result_cap_other_formats(limited, accept):
    response = httpx.get(limited, params={"query": ARTICLES}, headers={"Accept": accept})
    assert response.headers["x-kg-truncated"] == "limit" and response.headers["x-kg-rows"] == "3"
    if accept == "application/sparql-results+xml":
        assert len(ET.fromstring(response.content).findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 3
    else:
        assert len(response.text.strip().splitlines()) == 4  # header + 3 rows


def test_result_cap_construct(limited):
    query = f"CONSTRUCT {{ ?a a <{KG}Article> }} WHERE {{ ?a a <{KG}Article> }}"
    response = httpx.get(limited, params={"query": query})
    assert response.headers["x-kg-truncated"] == "limit"
    assert response.text.startswith("# kg: truncated (limit) after 3 triples")
    assert len(list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))) == 3


def test_results_under_the_cap_are_not_marked(limited):
    response = httpx.get(limited, params={"query": f"SELECT (COUNT(?a) AS ?n) WHERE {{ ?a a <{KG}Article> }}"})
    assert "x-kg-truncated" not in response.headers
    assert "kg" not in response.json()


# -- SERVICE ----------------------------------------------------------------------------------


def test_service_is_refused(limited):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = httpx.get(limited, params={"query": query})
    assert response.status_code == 400
    assert response.json()["error"] == "SERVICE not allowed"
    assert "allow_service" in response.json()["message"]
    lower = "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert httpx.get(limited, params={"query": lower}).status_code == 400


@pytest.mark.parametrize("query", [
    'SELECT ("SERVICE <http://x>" AS ?x) WHERE {}',
    "SELECT ?service WHERE { BIND(1 AS ?service) }",
    "# SERVICE <http://x> { }\nASK {}",
    "PREFIX service: <http://example.org/> ASK { ?s service:p ?o }",
    "ASK { <http://example.org/SERVICE> ?p ?o }",
])
def test_service_word_outside_a_keyword_is_fine(limited, query):
    assert httpx.get(limited, params={"query": query}).status_code == 200


# -- in process: the cut answers are valid documents ----------------------------------------------


@pytest.fixture(scope="module")
def memory_store():
    store = ox.Store()
    p = ox.NamedNode("http://example.org/p")
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/e{i}"), p,
                         ox.Literal(f'value {i}, with "quotes", a comma\nand a newline'))
                 for i in range(3000))
    return store


def _job(writer, media, limit=100_000, timeout=30.0, query="SELECT ?s ?o WHERE { ?s ?p ?o }"):
    return {"kind": "query", "query": query, "default": None, "named": None, "union": True,
            "result": [media, writer], "graph": ["text/turtle", "turtle"], "limit": limit, "timeout": timeout}


FORMATS = [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
           ("csv", "text/csv"), ("tsv", "text/tab-separated-values")]


def _rows(writer: str, body: bytes) -> int:
    if writer == "json":
        return len(json.loads(body)["results"]["bindings"])
    if writer == "xml":
        return len(ET.fromstring(body).findall(".//{http://www.w3.org/2005/sparql-results#}result"))
    if writer == "csv":
        return len(list(csv.reader(io.StringIO(body.decode(), newline="")))) - 1
    return len(list(ox.parse_query_results(body, ox.QueryResultsFormat.TSV)))


@pytest.mark.parametrize("writer,media", FORMATS)
def test_cap_cuts_exactly(memory_store, writer, media):
    header, body = sparql_exec.run_query(memory_store, _job(writer, media, limit=1234), {})
    assert header["truncated"] == "limit" and header["rows"] == 1234
    assert _rows(writer, body) == 1234


@pytest.mark.parametrize("writer,media", FORMATS)
def test_timeout_while_writing_keeps_whole_rows(memory_store, writer, media):
    header, body = sparql_exec.run_query(memory_store, _job(writer, media, timeout=0.0), {})
    assert header["status"] == 200 and header["truncated"] == "timeout"
    assert 0 < header["rows"] < 3000
    assert _rows(writer, body) == header["rows"]
    if writer == "json":
        assert json.loads(body)["kg"]["reason"] == "timeout"


@pytest.mark.parametrize("writer,media", FORMATS)
def test_whole_answer_is_untouched(memory_store, writer, media):
    header, body = sparql_exec.run_query(memory_store, _job(writer, media), {})
    assert "truncated" not in header
    assert _rows(writer, body) == 3000


def test_one_small_answer_and_a_zero_cap(memory_store):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    header, _ = sparql_exec.run_query(memory_store, _job("json", "application/json", timeout=0.0, query=query), {})
    assert header["status"] == 200  # one small answer, written at once: complete, so not cut
    header, _ = sparql_exec.run_query(memory_store, {**_job("json", "application/json", limit=0), "query": query}, {})
    assert header["truncated"] == "limit" and header["rows"] == 0


# -- the lexer -------------------------------------------------------------------------------------


def test_lexer_finds_service_only_as_a_keyword():
    assert uses_service("SELECT * { SERVICE <http://x> { ?s ?p ?o } }")
    assert uses_service("select * { service\n\tsilent ?ep { ?s ?p ?o } }")
    assert not uses_service('SELECT * { ?s ?p "SERVICE" }')
    assert not uses_service("SELECT * { ?s ?p '''\nSERVICE <x>''' }")
    assert not uses_service("SELECT ?service { ?service ?p ?o }")
    assert not uses_service("SELECT * { ?s ex:service ?o . ?s service:x ?o }")
    assert not uses_service("# SERVICE\nSELECT * { ?s ?p ?o }")
    assert not uses_service("SELECT * { <http://x/SERVICE> ?p ?o }")
    assert uses_service('SELECT * { ?s ?p "a\\"b" . SERVICE <http://x> {} }')  # escaped quote inside a string
    assert uses_service("SELECT * { ?s ex:a\\#b ?o . SERVICE <http://x> {} }")  # escaped '#' in a local name


def test_lexer_other_checks():
    assert has_dataset_clause("SELECT * FROM <http://g> { ?s ?p ?o }")
    assert not has_dataset_clause('SELECT ?from { ?from ?p "FROM" }')
    assert looks_like_update("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }")
    assert not looks_like_update("PREFIX ex: <http://e/> SELECT * { ?s ?p ?o }")


def test_add_using_to_operations_with_where():
    update = ('PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b "WHERE" } ; '
              'DELETE { ?s ?p ?o } INSERT { ?s ?p "x" } WHERE { ?s ?p ?o } ; '
              'INSERT { GRAPH ex:g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }')
    out = add_using(update, ["http://e/g1"], ["http://e/g2"])
    assert out.count("USING <http://e/g1> USING NAMED <http://e/g2> WHERE") == 2
    assert 'INSERT DATA { ex:a ex:b "WHERE" }' in out
    assert add_using(update, [], []) == update


def test_add_using_expands_delete_where():
    out = add_using("DELETE WHERE { ?s <http://e/p> ?o }", ["http://e/g"], [])
    assert out == "DELETE { ?s <http://e/p> ?o } USING <http://e/g> WHERE { ?s <http://e/p> ?o }"
    ox.Store().update(out)  # valid SPARQL Update


@pytest.mark.parametrize("update", [
    "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } USING <http://e/h> WHERE { ?s ?p ?o }",
])
def test_add_using_refuses_with_and_using(update):
    with pytest.raises(UsingError):
        add_using(update, ["http://e/g"], [])


def test_allow_service_lets_service_through(built_store):
    import asyncio

    from server.app import create_app
    from server.settings import Settings
    from server.sparql import HttpError

    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    for allow, refused in ((False, True), (True, False)):
        app = create_app(Settings(store=str(built_store.path), allow_service=allow))
        try:
            prepared = app.state.sparql._prepare([query], [], None)
            assert isinstance(prepared, HttpError) is refused
            if not refused:
                assert prepared.stable is False  # a SERVICE call never takes the fast path
        finally:
            asyncio.run(app.state.sparql.close())
