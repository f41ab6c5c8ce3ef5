"""/sparql speaks the SPARQL 1.1 Protocol: one test per rule, against the real server (2 workers) on 127.0.0.1."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pyoxigraph as ox
import pytest

KG = "http://127.0.0.1:8000/ontology/"
LEXICON = "http://127.0.0.1:8000/graph/lexicon"
COUNT = f"SELECT (COUNT(?a) AS ?n) WHERE {{ ?a a <{KG}Article> }}"
ARTICLES = f"SELECT ?a WHERE {{ ?a a <{KG}Article> }}"
GRAPHS = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a a <{KG}Article> }} }}"
CONSTRUCT = f"CONSTRUCT {{ ?a a <{KG}Article> }} WHERE {{ ?a a <{KG}Article> }}"
JSON_TYPE = "application/sparql-results+json"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORM = "application/x-www-form-urlencoded"


def _n(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _graph(response: httpx.Response, fmt: ox.RdfFormat) -> list:
    return list(ox.parse(response.content, format=fmt))


@pytest.fixture(scope="module")
def sparql(live_server):
    return live_server + "/sparql"


@pytest.fixture(scope="module")
def article_graphs(sparql):
    rows = httpx.get(sparql, params={"query": GRAPHS}).json()["results"]["bindings"]
    return sorted(r["g"]["value"] for r in rows)


# -- methods and content types ---------------------------------------------------------


def test_get_select_returns_sparql_json(sparql):
    response = httpx.get(sparql, params={"query": COUNT})
    assert response.headers["content-type"] == JSON_TYPE
    assert _n(response) == 5


def test_post_form(sparql):
    assert _n(httpx.post(sparql, data={"query": COUNT})) == 5


def test_post_form_with_charset(sparql):
    response = httpx.post(sparql, content=httpx.QueryParams({"query": COUNT}).__str__().encode(),
                          headers={"Content-Type": FORM + "; charset=UTF-8"})
    assert _n(response) == 5


def test_post_direct_query(sparql):
    response = httpx.post(sparql, content=COUNT.encode(), headers={"Content-Type": "application/sparql-query"})
    assert _n(response) == 5


def test_head_request(sparql):
    response = httpx.head(sparql, params={"query": COUNT})
    assert response.status_code == 200
    assert response.headers["content-type"] == JSON_TYPE


# -- the dataset ----------------------------------------------------------------------------


def test_default_is_union_of_all_graphs(sparql, article_graphs):
    assert len(article_graphs) == 5
    assert _n(httpx.get(sparql, params={"query": COUNT})) == 5


def test_default_graph_uri_lexicon_sees_no_article(sparql):
    assert _n(httpx.get(sparql, params={"query": COUNT, "default-graph-uri": LEXICON})) == 0


def test_default_graph_uri_one_article_graph(sparql, article_graphs):
    assert _n(httpx.get(sparql, params={"query": COUNT, "default-graph-uri": article_graphs[0]})) == 1


def test_default_graph_uri_repeated_merges(sparql, article_graphs):
    params = [("query", COUNT), ("default-graph-uri", article_graphs[0]), ("default-graph-uri", article_graphs[1])]
    assert _n(httpx.get(sparql, params=params)) == 2


def test_named_graph_uri_restricts_graph_patterns(sparql, article_graphs):
    response = httpx.get(sparql, params={"query": GRAPHS, "named-graph-uri": article_graphs[2]})
    assert [r["g"]["value"] for r in response.json()["results"]["bindings"]] == [article_graphs[2]]
    # named-graph-uri alone leaves the default graph empty (the Protocol's dataset is exactly what is given)
    assert _n(httpx.get(sparql, params={"query": COUNT, "named-graph-uri": article_graphs[2]})) == 0


def test_default_graph_uri_alone_leaves_no_named_graph(sparql, article_graphs):
    response = httpx.get(sparql, params={"query": GRAPHS, "default-graph-uri": article_graphs[0]})
    assert response.json()["results"]["bindings"] == []


def test_dataset_parameters_in_form_body(sparql):
    assert _n(httpx.post(sparql, data={"query": COUNT, "default-graph-uri": LEXICON})) == 0


def test_dataset_parameters_with_direct_post_in_url(sparql):
    response = httpx.post(sparql, params={"default-graph-uri": LEXICON}, content=COUNT.encode(),
                          headers={"Content-Type": "application/sparql-query"})
    assert _n(response) == 0


def test_from_clause_in_query_is_honoured(sparql, article_graphs):
    query = f"SELECT (COUNT(?a) AS ?n) FROM <{article_graphs[3]}> WHERE {{ ?a a <{KG}Article> }}"
    assert _n(httpx.get(sparql, params={"query": query})) == 1


def test_bad_graph_iri_is_400(sparql):
    response = httpx.get(sparql, params={"query": COUNT, "default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert "error" in response.json()


# -- content negotiation ------------------------------------------------------------------------


def test_no_accept_gives_json(sparql):
    response = httpx.get(sparql, params={"query": COUNT}, headers={"Accept": ""})
    assert response.headers["content-type"] == JSON_TYPE
    assert response.headers["vary"] == "Accept"


def test_star_star_gives_json(sparql):
    response = httpx.get(sparql, params={"query": COUNT}, headers={"Accept": "*/*"})
    assert response.headers["content-type"] == JSON_TYPE


def test_xml_results(sparql):
    response = httpx.get(sparql, params={"query": COUNT}, headers={"Accept": "application/sparql-results+xml"})
    assert response.headers["content-type"] == "application/sparql-results+xml"
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert ET.fromstring(response.content).find(".//s:binding[@name='n']/s:literal", ns).text == "5"


def test_csv_results(sparql):
    response = httpx.get(sparql, params={"query": ARTICLES}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["a"] and len(rows) == 6
    assert all(r[0].startswith("http://127.0.0.1:8000/article/") for r in rows[1:])


def test_tsv_results(sparql):
    response = httpx.get(sparql, params={"query": ARTICLES}, headers={"Accept": "text/tab-separated-values"})
    assert response.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    assert len(list(ox.parse_query_results(response.content, ox.QueryResultsFormat.TSV))) == 5


def test_q_values_choose_the_preferred(sparql):
    accept = "application/sparql-results+json;q=0.3, text/csv;q=0.5, application/sparql-results+xml;q=0.9"
    response = httpx.get(sparql, params={"query": COUNT}, headers={"Accept": accept})
    assert response.headers["content-type"] == "application/sparql-results+xml"


def test_q_zero_excludes(sparql):
    response = httpx.get(sparql, params={"query": COUNT},
                         headers={"Accept": "application/sparql-results+json;q=0, text/tab-separated-values;q=0.1"})
    assert response.headers["content-type"].startswith("text/tab-separated-values")


def test_wildcard_subtype(sparql):
    response = httpx.get(sparql, params={"query": COUNT}, headers={"Accept": "text/*"})
    assert response.headers["content-type"].split(";")[0] in ("text/csv", "text/tab-separated-values")
    assert "5" in response.text


def test_plain_json_accept(sparql):
    response = httpx.get(sparql, params={"query": COUNT}, headers={"Accept": "application/json"})
    assert response.headers["content-type"] == "application/json"
    assert _n(response) == 5


def test_unacceptable_is_406(sparql):
    response = httpx.get(sparql, params={"query": COUNT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.json()["error"] == "not acceptable"


def test_construct_default_turtle(sparql):
    response = httpx.get(sparql, params={"query": CONSTRUCT}, headers={"Accept": "*/*"})
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    assert len(_graph(response, ox.RdfFormat.TURTLE)) == 5


@pytest.mark.parametrize("media,fmt", [
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-quads", ox.RdfFormat.N_QUADS),
    ("application/trig", ox.RdfFormat.TRIG),
])
def test_construct_formats(sparql, media, fmt):
    response = httpx.get(sparql, params={"query": CONSTRUCT}, headers={"Accept": media})
    assert response.headers["content-type"].split(";")[0] == media
    triples = _graph(response, fmt)
    assert len(triples) == 5
    assert {t.object.value for t in triples} == {KG + "Article"}


def test_construct_with_results_only_accept_is_406(sparql):
    response = httpx.get(sparql, params={"query": CONSTRUCT}, headers={"Accept": JSON_TYPE})
    assert response.status_code == 406


def test_ask_in_json_and_xml(sparql):
    ask = f"ASK {{ ?a a <{KG}Article> }}"
    assert httpx.get(sparql, params={"query": ask}).json() == {"head": {}, "boolean": True}
    xml = httpx.get(sparql, params={"query": ask}, headers={"Accept": "application/sparql-results+xml"})
    assert ET.fromstring(xml.content).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def test_format_parameter_overrides_accept(sparql):
    response = httpx.get(sparql, params={"query": ARTICLES, "format": "csv"}, headers={"Accept": JSON_TYPE})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0] == "a"


def test_format_parameter_media_type_and_graph_names(sparql):
    response = httpx.get(sparql, params={"query": CONSTRUCT, "format": "nt"})
    assert response.headers["content-type"].startswith("application/n-triples")
    assert len(_graph(response, ox.RdfFormat.N_TRIPLES)) == 5
    response = httpx.get(sparql, params={"query": COUNT, "format": "application/sparql-results+xml"})
    assert response.headers["content-type"] == "application/sparql-results+xml"


def test_unknown_format_parameter_is_400(sparql):
    response = httpx.get(sparql, params={"query": COUNT, "format": "yaml"})
    assert response.status_code == 400
    assert "yaml" in response.json()["message"]


# -- service description and editor ---------------------------------------------------------------


def _sd(response: httpx.Response, fmt=ox.RdfFormat.TURTLE) -> ox.Dataset:
    assert response.status_code == 200, response.text
    return list(ox.parse(response.content, format=fmt))


def test_service_description_turtle_by_default(sparql):
    response = httpx.get(sparql)
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    triples = _sd(response)
    endpoint = [t.object.value for t in triples if t.predicate.value == SD + "endpoint"]
    assert endpoint == [sparql]
    languages = {t.object.value for t in triples if t.predicate.value == SD + "supportedLanguage"}
    assert languages == {SD + "SPARQL11Query"}  # no update service here
    formats = {t.object.value for t in triples if t.predicate.value == SD + "resultFormat"}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats
    features = {t.object.value for t in triples if t.predicate.value == SD + "feature"}
    assert SD + "UnionDefaultGraph" in features and SD + "BasicFederatedQuery" not in features
    names = {t.object.value for t in triples if t.predicate.value == SD + "name"}
    assert LEXICON in names and len([n for n in names if "/graph/article/" in n]) == 5
    assert any(t.predicate.value == "http://rdfs.org/ns/void#triples" for t in triples)


def test_service_description_negotiated(sparql):
    triples = _sd(httpx.get(sparql, headers={"Accept": "application/ld+json"}), ox.RdfFormat.JSON_LD)
    assert any(t.predicate.value == SD + "endpoint" for t in triples)
    assert httpx.get(sparql, headers={"Accept": "image/png"}).status_code == 406


def test_browser_gets_html(sparql):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = httpx.get(sparql, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text.lower() and "sparql" in response.text.lower()


# -- CORS ------------------------------------------------------------------------------


def test_cors_on_results_and_errors(sparql):
    assert httpx.get(sparql, params={"query": COUNT}).headers["access-control-allow-origin"] == "*"
    assert httpx.get(sparql, params={"query": "SELECT WHERE {"}).headers["access-control-allow-origin"] == "*"
    assert httpx.get(sparql).headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("path", ["/sparql", "/update"])
def test_options_preflight(live_server, path):
    response = httpx.options(live_server + path, headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    methods = {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    assert methods == {"GET", "POST", "OPTIONS"}
    allowed = {h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")}
    assert {"content-type", "accept", "authorization"} <= allowed


# -- errors -------------------------------------------------------------------------------


def test_malformed_query_is_400_with_the_parsers_message(sparql):
    response = httpx.get(sparql, params={"query": "SELECT WHERE {"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "malformed query"
    assert "1:" in body["message"]  # Oxigraph's position, e.g. "error at 1:8: ..."


def test_error_as_text_when_preferred(sparql):
    response = httpx.get(sparql, params={"query": "SELECT WHERE {"}, headers={"Accept": "text/plain"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("malformed query:")


def test_two_query_parameters_is_400(sparql):
    response = httpx.get(sparql, params=[("query", COUNT), ("query", "ASK {}")])
    assert response.status_code == 400
    assert "one query" in response.json()["message"]


def test_post_without_content_type_is_400(sparql):
    response = httpx.post(sparql, content=COUNT.encode())
    assert response.status_code == 400
    assert response.json()["error"] == "missing content type"


def test_post_with_wrong_content_type_is_400(sparql):
    response = httpx.post(sparql, content=COUNT.encode(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 400
    assert "text/plain" in response.json()["message"]


def test_query_in_url_and_body_is_400(sparql):
    response = httpx.post(sparql, params={"query": COUNT}, data={"query": COUNT})
    assert response.status_code == 400
    response = httpx.post(sparql, params={"query": COUNT}, content=COUNT.encode(),
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400


def test_get_with_a_body_is_400(sparql):
    response = httpx.request("GET", sparql, params={"query": COUNT}, content=b"query=ASK%7B%7D",
                             headers={"Content-Type": FORM})
    assert response.status_code == 400


def test_other_methods_are_405(sparql):
    response = httpx.put(sparql, content=b"")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/x> <http://example.org/y> \"z\" } }"
CHECK = "ASK { GRAPH ?g { <http://example.org/x> ?p ?o } }"


@pytest.mark.parametrize("send", [
    lambda url: httpx.get(url, params={"query": INSERT}),
    lambda url: httpx.post(url, data={"query": INSERT}),
    lambda url: httpx.post(url, data={"update": INSERT}),
    lambda url: httpx.post(url, content=INSERT.encode(), headers={"Content-Type": "application/sparql-query"}),
    lambda url: httpx.post(url, content=INSERT.encode(), headers={"Content-Type": "application/sparql-update"}),
])
def test_update_at_sparql_is_refused_and_not_run(sparql, send):
    response = send(sparql)
    assert response.status_code == 400
    assert "/update" in response.json()["message"]
    assert httpx.get(sparql, params={"query": CHECK}).json()["boolean"] is False


def test_bad_query_does_not_take_the_server_down(sparql):
    for bad in ["SELECT * WHERE { ?s ?p }", "\x00\x01", "SELECT * WHERE { FILTER(<http://x> + 1) }", "{" * 5000]:
        assert httpx.get(sparql, params={"query": bad}).status_code in (200, 400)
    assert _n(httpx.get(sparql, params={"query": COUNT})) == 5


def test_every_worker_answers_the_same(sparql):
    answers = {json.dumps(httpx.get(sparql, params={"query": ARTICLES + " ORDER BY ?a"}).json()) for _ in range(8)}
    assert len(answers) == 1
