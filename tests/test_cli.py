"""The kg command, run as a user runs it: a real process, real store, real output."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from .conftest import CORPUS, ROOT

KG = [sys.executable, "-m", "kg.cli"]


def kg(*args: str, store: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if store is not None:
        env["KG_STORE"] = str(store)
    proc = subprocess.run([*KG, *args], capture_output=True, env=env, cwd=ROOT, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} -> {proc.returncode}\n{proc.stderr.decode()}")
    return proc


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    proc = kg("build", str(CORPUS), store=store)
    assert b"built 5" in proc.stderr
    return store


def test_build_is_incremental_from_the_cli(cli_store):
    again = kg("build", str(CORPUS), "--store", str(cli_store))
    assert b"built 0, unchanged 5" in again.stderr


def test_stats_prints_counts_per_class(cli_store):
    out = kg("stats", store=cli_store).stdout.decode()
    for cls in ("kg:Article", "kg:Contract", "kg:Company", "kg:MilitaryUnit", "kg:Evidence", "kg:Mention"):
        assert cls in out
    line = next(l for l in out.splitlines() if re.search(r"\bkg:Article\b", l))
    assert re.search(r"\b5\b", line), line


def test_validate_passes_on_the_built_graph(cli_store):
    proc = kg("validate", store=cli_store)
    assert b"conforms" in proc.stdout


def test_query_formats(cli_store):
    q = "SELECT ?a WHERE { ?a a <http://127.0.0.1:8000/ontology/Article> } ORDER BY ?a"
    as_json = json.loads(kg("query", q, "--format", "json", store=cli_store).stdout)
    assert len(as_json) == 5 and all(r["a"].startswith("http://127.0.0.1:8000/article/") for r in as_json)
    as_csv = list(csv.reader(io.StringIO(kg("query", q, "--format", "csv", store=cli_store).stdout.decode())))
    assert as_csv[0] == ["a"] and len(as_csv) == 6
    table = kg("query", q, store=cli_store).stdout.decode()
    assert "article/000_d6d8b807271ffa95" in table


def test_query_from_rq_file_and_bad_query(cli_store, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("# how many articles\nSELECT (COUNT(*) AS ?n) WHERE { ?a a <http://127.0.0.1:8000/ontology/Article> }\n")
    assert json.loads(kg("query", str(rq), "--format", "json", store=cli_store).stdout) == [{"n": "5"}]
    bad = kg("query", "SELECT WHERE {", store=cli_store, check=False)
    assert bad.returncode == 1 and b"query:" in bad.stderr


@pytest.mark.parametrize("fmt,parser", [("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS),
                                         ("turtle", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_export_formats_parse_back(cli_store, fmt, parser):
    data = kg("export", "--format", fmt, store=cli_store).stdout
    parsed = list(ox.parse(data, format=parser))
    assert len(parsed) > 1000
    if parser.supports_datasets:
        graphs = {q.graph_name.value for q in parsed if not isinstance(q.graph_name, ox.DefaultGraph)}
        assert sum(g.startswith("http://127.0.0.1:8000/graph/article/") for g in graphs) == 5


def test_extract_jsonl_contract(tmp_path):
    out = kg("extract", str(CORPUS), "--format", "jsonl").stdout.decode()
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 5
    for rec in records:
        assert set(rec) >= {"source", "article", "language", "text", "entities", "contracts", "events", "citations"}
        assert rec["language"] in ("ar", "en", "mixed")
        text = rec["text"]
        for ent in rec["entities"]:
            assert set(ent) >= {"iri", "type", "labels", "wikidata", "mentions"}
            for m in ent["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]
        for fact in rec["contracts"] + rec["events"] + rec["citations"]:
            ev = fact["evidence"]
            assert text[ev["start"]:ev["end"]] == ev["text"]
        for c in rec["contracts"]:
            assert all(p["role"] in ("supplier", "customer", "party") for p in c["parties"])
    assert {r["language"] for r in records} == {"ar", "mixed"}


def test_extract_rdf_formats_leave_store_untouched(tmp_path):
    store = tmp_path / "untouched"
    trig = kg("extract", str(sorted(CORPUS.glob("*.md"))[0]), "--format", "trig", store=store).stdout
    assert list(ox.parse(trig, format=ox.RdfFormat.TRIG))
    nq = kg("extract", str(sorted(CORPUS.glob("*.md"))[0]), "--format", "nquads", store=store).stdout
    assert list(ox.parse(nq, format=ox.RdfFormat.N_QUADS))
    assert not store.exists()


def test_extract_reports_bad_file_and_continues(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00")
    good = tmp_path / "good.txt"
    good.write_text("Microsoft suspended services to the Israeli Ministry of Defense.\n")
    proc = kg("extract", str(bad), str(good), check=False)
    assert proc.returncode == 1
    assert b"bad.txt" in proc.stderr
    assert len(proc.stdout.splitlines()) == 1
    strict = kg("extract", "--strict", str(bad), str(good), check=False)
    assert strict.returncode == 1 and not strict.stdout


def test_load_rdf_into_named_graph(tmp_path):
    store = tmp_path / "store"
    ttl = tmp_path / "extra.ttl"
    ttl.write_text('<http://example.org/x> <http://example.org/p> "ذ"@ar .\n', encoding="utf-8")
    kg("load", str(ttl), "--graph", "http://example.org/g", store=store)
    out = json.loads(kg("query", "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "json", store=store).stdout)
    assert out == [{"g": "http://example.org/g"}]
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://example.org/x> <http://example.org/p> .\n")
    proc = kg("load", str(broken), store=store, check=False)
    assert proc.returncode == 1 and b"broken.ttl" in proc.stderr


def test_missing_store_is_a_clear_error(tmp_path):
    proc = kg("stats", store=tmp_path / "nowhere", check=False)
    assert proc.returncode == 3 and b"kg build" in proc.stderr
