"""The home page at `/`: what the graph holds, every article, the ways in; RDF clients go to VoID."""
from __future__ import annotations

import httpx

from kg.corpus import iter_articles

from .conftest import CORPUS
from .test_pages import get, parse_html


def test_home_lists_every_article_with_a_link_to_its_page(live_server):
    resp = get(live_server + "/", "text/html")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    assert "accept" in resp.headers["vary"].lower()
    doc = parse_html(resp.text)
    links = {a.text(): a.attrs["href"] for a in doc.find("section", cls="articles").find_all("a")}
    articles = [a for a in iter_articles([CORPUS]) if not isinstance(a, Exception)]
    for article in articles:
        title = article.title or article.id
        assert links.get(title) == f"./article/{article.id}", title
        assert get(live_server + "/article/" + article.id, "text/html").status_code == 200


def test_home_counts_what_the_store_holds(live_server):
    doc = parse_html(get(live_server + "/", "text/html").text)
    counts = {}
    for item in doc.find("section", cls="counts").find_all("li"):
        number, _, rest = item.text().strip().partition(" ")
        counts[rest.split(" ")[0]] = int(number.replace(",", ""))
    articles = len([a for a in iter_articles([CORPUS]) if not isinstance(a, Exception)])
    assert counts["Article"] == articles
    asked = httpx.get(live_server + "/sparql", params={"query": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { "
                                                       "?c a <http://127.0.0.1:8000/ontology/Contract> }"},
                      headers={"Accept": "application/sparql-results+json"})
    assert counts["Contract"] == int(asked.json()["results"]["bindings"][0]["n"]["value"]) > 0


def test_home_links_the_ways_in(live_server):
    doc = parse_html(get(live_server + "/", "text/html").text)
    hrefs = {a.attrs["href"] for a in doc.find("section", cls="ways-in").find_all("a")}
    assert {"./search", "./editor", "./ontology/", "./dumps/kg.trig.gz", "./dumps/kg.nq.gz", "./void"} <= hrefs
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for href in hrefs:
        assert httpx.head(live_server + href[1:], headers={"Accept": browser}).status_code == 200, href


def test_rdf_clients_are_sent_to_the_void_description(live_server):
    resp = httpx.get(live_server + "/", headers={"Accept": "text/turtle"})
    assert resp.status_code == 303
    assert resp.headers["location"] == "void.ttl"
    followed = httpx.get(live_server + "/", headers={"Accept": "text/turtle"}, follow_redirects=True)
    assert followed.status_code == 200
    assert "void:Dataset" in followed.text or "rdfs.org/ns/void#Dataset" in followed.text


def test_every_html_page_answers_head_like_get(live_server):
    """HEAD is supported wherever GET is (RFC 9110 §9.3.2): same status, same type, no body."""
    for path in ("/", "/editor", "/search", "/ontology/", "/static/pages.css"):
        got = httpx.get(live_server + path, headers={"Accept": "text/html"})
        head = httpx.head(live_server + path, headers={"Accept": "text/html"})
        assert (head.status_code, head.headers["content-type"]) == (got.status_code, got.headers["content-type"]), path
        assert got.status_code == 200 and head.content == b"", path


def test_home_counts_events_by_their_subclasses(live_server):
    doc = parse_html(get(live_server + "/", "text/html").text)
    counts = {item.text().strip().partition(" ")[2].split(" ")[0]: int(item.text().strip().split(" ")[0].replace(",", ""))
              for item in doc.find("section", cls="counts").find_all("li")}
    asked = httpx.get(live_server + "/sparql", params={"query": (
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
        "<http://127.0.0.1:8000/ontology/Event> }")}, headers={"Accept": "application/sparql-results+json"})
    assert counts["Event"] == int(asked.json()["results"]["bindings"][0]["n"]["value"]) > 0


def test_jsonld_has_a_context_and_the_same_triples_as_turtle(live_server):
    """JSON-LD for clients: an @context with the prefixes and compact property names, and exactly
    the triples the Turtle holds (read by two JSON-LD parsers, Oxigraph's and rdflib's)."""
    import json

    import pyoxigraph as ox
    import rdflib

    for path in ("/id/microsoft", "/void", "/ontology/Contract"):
        jsonld = httpx.get(live_server + path, headers={"Accept": "application/ld+json"})
        turtle = httpx.get(live_server + path, headers={"Accept": "text/turtle"})
        assert jsonld.status_code == turtle.status_code == 200, path
        data = json.loads(jsonld.content)
        assert data["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#", path
        assert any(":" in key and not key.startswith("http") for node in data["@graph"] for key in node), path
        want = {(t.subject, t.predicate, t.object) for t in ox.parse(turtle.content, format=ox.RdfFormat.TURTLE)}
        got = {(q.subject, q.predicate, q.object) for q in ox.parse(jsonld.content, format=ox.RdfFormat.JSON_LD)}
        assert got == want and want, path
        assert len(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == len(want), path
