"""The read-only SPARQL GET endpoint, over a real uvicorn server on 127.0.0.1."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from .conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(built_store):
    port = free_port()
    # a read-only open works beside the session's writer (it sees a snapshot)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--store", str(built_store.path)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read().decode())
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(10)


def test_select_returns_sparql_json(server):
    q = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <http://127.0.0.1:8000/ontology/Article> }"
    resp = httpx.get(server + "/sparql", params={"query": q})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/sparql-results+json")
    assert resp.json()["results"]["bindings"][0]["n"]["value"] == "5"


def test_malformed_query_is_400_with_message(server):
    resp = httpx.get(server + "/sparql", params={"query": "SELECT WHERE {"})
    assert resp.status_code == 400 and resp.json()["error"] == "malformed query"


def test_update_is_refused(server):
    resp = httpx.get(server + "/sparql", params={"query": "INSERT DATA { <http://x> <http://y> <http://z> }"})
    assert resp.status_code == 400
    count = httpx.get(server + "/sparql", params={"query": "ASK { <http://x> ?p ?o }"}).json()
    assert count["boolean"] is False
