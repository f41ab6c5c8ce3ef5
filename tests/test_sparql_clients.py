"""Real SPARQL clients against the real endpoint: SPARQLWrapper and rdflib's SPARQLStore."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, POST, RDFXML, TURTLE, XML, SPARQLWrapper

KG = "http://127.0.0.1:8000/ontology/"
COUNT = f"SELECT (COUNT(?a) AS ?n) WHERE {{ ?a a <{KG}Article> }}"
ARTICLES = f"SELECT ?a WHERE {{ ?a a <{KG}Article> }}"
CONSTRUCT = f"CONSTRUCT {{ ?a a <{KG}Article> }} WHERE {{ ?a a <{KG}Article> }}"


@pytest.fixture(scope="module")
def endpoint(live_server):
    return live_server + "/sparql"


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_json(endpoint, method):
    client = SPARQLWrapper(endpoint)
    client.setQuery(COUNT)
    client.setMethod(method)
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert result["results"]["bindings"][0]["n"]["value"] == "5"


def test_sparqlwrapper_select_xml_and_csv(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(ARTICLES)
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert len(document.getElementsByTagName("result")) == 5
    client.setReturnFormat(CSV)
    lines = client.query().convert().decode().strip().splitlines()
    assert lines[0] == "a" and len(lines) == 6


def test_sparqlwrapper_ask(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(f"ASK {{ ?a a <{KG}Article> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


@pytest.mark.parametrize("fmt", [RDFXML, JSONLD])
def test_sparqlwrapper_construct_as_graph(endpoint, fmt):
    client = SPARQLWrapper(endpoint)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(fmt)
    graph = client.query().convert()
    assert len(graph) == 5
    assert set(graph.objects()) == {URIRef(KG + "Article")}


def test_sparqlwrapper_construct_turtle(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    response = client.query()
    assert response.info()["content-type"].startswith("text/turtle")
    assert len(list(ox.parse(response.convert(), format=ox.RdfFormat.TURTLE))) == 5


def test_sparqlwrapper_reports_a_bad_query(endpoint):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT WHERE {")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="malformed query"):
        client.query()


@pytest.mark.parametrize("options", [{}, {"returnFormat": "json", "method": "POST"}])
def test_rdflib_sparqlstore_select(endpoint, options):
    graph = Graph(SPARQLStore(endpoint, **options))
    rows = list(graph.query(ARTICLES))
    assert len(rows) == 5
    assert all(str(row.a).startswith("http://127.0.0.1:8000/article/") for row in rows)
    count = list(graph.query(COUNT))
    assert count[0].n == Literal(5)


def test_rdflib_sparqlstore_construct_and_ask(endpoint):
    graph = Graph(SPARQLStore(endpoint))
    result = graph.query(CONSTRUCT)
    assert len(result.graph) == 5
    assert set(result.graph.objects()) == {URIRef(KG + "Article")}
    assert graph.query(f"ASK {{ ?a a <{KG}Article> }}").askAnswer is True


def test_rdflib_sparqlstore_triples(endpoint):
    graph = Graph(SPARQLStore(endpoint))
    articles = set(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(KG + "Article")))
    assert len(articles) == 5
