"""Nothing a user sees in HTML comes out unescaped.

An article whose title, outlet, author, URL and text carry script and attribute
injection payloads is built into a fresh store and served; every page that
shows its data (the article page, the pages of the entities it mentions and of
its outlet, search results for queries holding the payloads, ontology pages
listing it, a 404 for a payload path) must contain the payloads only escaped:
no raw payload, no <script> or <img> element, no on* attribute.
"""
from __future__ import annotations

import httpx
import pytest

from .test_pages import BASE, KG, get, objects, parse_html, parse_rdf

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
ATTR = "' onmouseover='alert(1)"
PAYLOADS = (SCRIPT, IMG, ATTR)
ALL = " ".join(PAYLOADS)

ARTICLE = f"""---
title: '{ALL.replace("'", "''")}'
outlet: '{ALL.replace("'", "''")} News'
author: '{ATTR.replace("'", "''")}'
url: https://example.org/a'onmouseover='alert(1)
language: ar
---
{SCRIPT} وقّعت شركة مايكروسوفت عقدًا بقيمة 10 ملايين دولار مع الجيش الإسرائيلي عام 2021 {IMG}.
وقالت صحيفة الغارديان {ATTR} إن وحدة 8200 تستخدم منصة أزور.
Microsoft signed a $10 million contract with the Israel Defense Forces in 2021 {SCRIPT} {ATTR}.
"""


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory, extractor):
    from kg.build import build
    from kg.store import KGStore

    from .live_server import running_server

    root = tmp_path_factory.mktemp("xss")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "evil.md").write_text(ARTICLE, encoding="utf-8")
    store = KGStore(root / "store")
    report = build([corpus], store, extractor=extractor)
    assert report.ok, [str(e) for e in report.errors]
    del store
    with running_server(str(root / "store"), "--workers", "1") as url:
        yield url


def assert_safe(html: str, where: str) -> None:
    for payload in PAYLOADS:
        assert payload not in html, f"raw payload {payload!r} on {where}"
    doc = parse_html(html)
    assert not doc.find_all("script"), where
    assert not doc.find_all("img"), where
    for el in doc.iter():
        bad = [name for name in el.attrs if name.startswith("on")]
        assert not bad, f"{where}: <{el.tag}> has {bad}"


def test_payloads_really_are_in_the_data(xss_server):
    """The store holds the raw payloads: escaping is the pages' job, not the build's."""
    triples = parse_rdf(get(xss_server + "/article/evil", "text/turtle"))
    [title] = objects(triples, BASE + "article/evil", "https://schema.org/headline")
    assert title.value == ALL
    [text] = objects(triples, BASE + "article/evil", KG + "text")
    assert SCRIPT in text.value and IMG in text.value and ATTR in text.value


def test_article_page_escapes_everything(xss_server):
    resp = get(xss_server + "/article/evil", "text/html")
    assert resp.status_code == 200
    assert_safe(resp.text, "article page")
    doc = parse_html(resp.text)
    assert doc.find("h1").text() == ALL  # shown, as text
    assert SCRIPT in doc.find("div", cls="article-text").text()
    url = [a for a in doc.find_all("a") if a.attrs.get("rel", "").startswith("external")]
    assert url and url[0].attrs["href"] == "https://example.org/a'onmouseover='alert(1)"


def test_entity_pages_escape_everything(xss_server):
    triples = parse_rdf(get(xss_server + "/article/evil.nt"))
    entities = {o.value for o in objects(triples, BASE + "article/evil", KG + "mentions")}
    entities |= {o.value for o in objects(triples, BASE + "article/evil", "https://schema.org/publisher")}
    assert len(entities) >= 3
    outlet_seen = False
    for iri in sorted(entities):
        resp = get(xss_server + "/" + iri[len(BASE):], "text/html")
        assert resp.status_code == 200, iri
        assert_safe(resp.text, iri)
        doc = parse_html(resp.text)
        if ALL in doc.find("h1").text():
            outlet_seen = True
        for quote in doc.find_all("blockquote", cls="evidence-quote"):
            assert "<" not in quote.find("a").attrs["href"]
    assert outlet_seen  # the outlet entity, named by the payload, has its own page


def test_fact_and_evidence_pages_escape_everything(xss_server):
    triples = parse_rdf(get(xss_server + "/article/evil.nt"))
    resources = {t.subject.value for t in triples if t.subject.value.startswith(BASE) and
                 t.subject.value[len(BASE):].split("/")[0] in ("contract", "event", "citation", "evidence", "mention", "run")}
    assert any("/contract/" in r for r in resources) and any("/evidence/" in r for r in resources)
    for iri in sorted(resources):
        resp = get(xss_server + "/" + iri[len(BASE):], "text/html")
        assert resp.status_code == 200, iri
        assert_safe(resp.text, iri)


@pytest.mark.parametrize("query", [SCRIPT, IMG, ATTR, ALL, "News"])
def test_search_results_escape_everything(xss_server, query):
    resp = get(xss_server + "/search", "text/html", params={"q": query})
    assert resp.status_code == 200
    assert_safe(resp.text, f"search {query!r}")


def test_ontology_and_error_pages_escape_everything(xss_server):
    for path in ("/ontology/", "/ontology/Article", "/ontology/NewsOutlet", "/ontology/Contract"):
        resp = get(xss_server + path, "text/html")
        assert resp.status_code == 200, path
        assert_safe(resp.text, path)
    article_examples = parse_html(get(xss_server + "/ontology/Article", "text/html").text).find("ul", cls="examples")
    assert ALL in article_examples.text()  # the payload title is listed, escaped
    for path in ("/id/" + httpx.URL(SCRIPT).raw_path.decode(), "/ontology/%3Cscript%3E", "/article/%22%3E%3Cimg"):
        resp = get(xss_server + path, "text/html")
        assert resp.status_code == 404, path
        assert_safe(resp.text, path)


def test_home_page_escapes_everything(xss_server):
    resp = get(xss_server + "/", "text/html")
    assert resp.status_code == 200
    assert_safe(resp.text, "home page")
    doc = parse_html(resp.text)
    listed = [a.text() for a in doc.find("section", cls="articles").find_all("a")]
    assert ALL in listed  # the payload headline and outlet are listed, as text
