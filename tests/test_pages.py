"""Linked-data pages over a real server (kg serve, 2 workers): entities, articles, ontology,
search, dumps, VoID and the base-IRI setting.

RDF answers are parsed with pyoxigraph and checked for content; HTML answers are
parsed into a small element tree and checked for structure (dir="rtl" labels,
evidence quotes linking to the sentence, <mark> mentions whose text is the article
text at their offsets), never just for status 200.
"""
from __future__ import annotations

import gzip
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

BASE = "http://127.0.0.1:8000/"
KG = BASE + "ontology/"
ID = BASE + "id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
VOID = "http://rdfs.org/ns/void#"
ROOT = Path(__file__).resolve().parent.parent

RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
EXTENSIONS = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
              "rdf": "application/rdf+xml", "html": "text/html"}
CHROME_ACCEPT = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
                 "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")


# ---------------------------------------------------------------------------
# helpers (also used by tests/test_xss.py)
# ---------------------------------------------------------------------------

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class El:
    def __init__(self, tag: str, attrs, parent=None):
        self.tag = tag
        self.attrs = {k: (v if v is not None else "") for k, v in attrs}
        self.parent = parent
        self.children: list = []

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, El):
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["El"]:
        out = []
        for el in self.iter():
            if tag and el.tag != tag:
                continue
            if cls and cls not in el.attrs.get("class", "").split():
                continue
            if any(el.attrs.get(k.rstrip("_").replace("_", "-")) != v for k, v in attrs.items()):
                continue
            out.append(el)
        return out

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> "El | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def text(self, skip=lambda el: False) -> str:
        return "".join(c if isinstance(c, str) else ("" if skip(c) else c.text(skip)) for c in self.children)

    def ancestors(self):
        p = self.parent
        while p is not None:
            yield p
            p = p.parent

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = El("#document", [])
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        el = El(tag, attrs, self.cur)
        self.cur.children.append(el)
        if tag not in VOID_TAGS:
            self.cur = el

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(El(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        node = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.cur = node.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(text: str) -> El:
    b = _Builder()
    b.feed(text)
    b.close()
    return b.root


def local(live: str, iri: str, base: str = BASE) -> str:
    """The live server's URL for an IRI under BASE."""
    assert iri.startswith(base), iri
    return live + "/" + iri[len(base):]


def get(url: str, accept: str | None = None, **kw) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(url, headers=headers, timeout=30, **kw)


def parse_rdf(resp: httpx.Response) -> list[ox.Triple]:
    media = resp.headers["content-type"].split(";")[0].strip()
    return list(ox.parse(resp.content, format=RDF_TYPES[media]))


def links(resp: httpx.Response) -> list[tuple[str, dict[str, str]]]:
    """The Link header as (url, params)."""
    out = []
    for m in re.finditer(r'<([^>]*)>((?:\s*;\s*[a-zA-Z]+="[^"]*")*)', resp.headers.get("link", "")):
        params = dict(re.findall(r'([a-zA-Z]+)="([^"]*)"', m.group(2)))
        out.append((m.group(1), params))
    return out


def objects(triples, s: str, p: str):
    return [t.object for t in triples if t.subject.value == s and t.predicate.value == p]


def subjects(triples, p: str, o: str):
    return [t.subject.value for t in triples if t.predicate.value == p and t.object.value == o]


def one(store, sparql: str) -> int:
    return int(next(iter(store.query(sparql)))[0].value)


def href_of(page_url: str, href: str) -> str:
    """Resolve a page-relative href against the page URL."""
    return str(httpx.URL(page_url).join(href))


# ---------------------------------------------------------------------------
# Entity IRIs: content negotiation
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("accept", "expected"), [
    ("text/html", "text/html"),
    (CHROME_ACCEPT, "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
    ("application/rdf+xml;q=0.9, text/html;q=0.8", "application/rdf+xml"),
    ("text/html;q=0.1, application/n-triples;q=0.2", "application/n-triples"),
    ("application/json", "application/ld+json"),
    ("*/*", "text/turtle"),
    (None, "text/turtle"),
])
def test_entity_iri_negotiates(live_server, accept, expected):
    resp = get(live_server + "/id/microsoft", accept)
    assert resp.status_code == 200
    assert resp.headers["content-type"].split(";")[0] == expected
    assert resp.headers["vary"] == "Accept"
    assert resp.headers["access-control-allow-origin"] == "*"
    ext = {v: k for k, v in EXTENSIONS.items()}[expected]
    assert resp.headers["content-location"] == ID + "microsoft." + ext
    if expected != "text/html":
        triples = parse_rdf(resp)
        assert ox.Literal("Microsoft", language="en") in objects(triples, ID + "microsoft", SKOS + "prefLabel")


def test_entity_unacceptable_is_406_with_alternatives(live_server):
    resp = get(live_server + "/id/microsoft", "image/png")
    assert resp.status_code == 406
    assert {p["type"] for _, p in links(resp)} == set(EXTENSIONS.values())


@pytest.mark.parametrize("ext", sorted(EXTENSIONS))
def test_entity_per_format_urls_skip_negotiation(live_server, ext):
    resp = get(live_server + f"/id/microsoft.{ext}", "text/html" if ext != "html" else "text/turtle")
    assert resp.status_code == 200
    assert resp.headers["content-type"].split(";")[0] == EXTENSIONS[ext]
    assert "vary" not in resp.headers
    assert resp.headers["access-control-allow-origin"] == "*"
    alternates = {p["type"]: url for url, p in links(resp) if p.get("rel") == "alternate"}
    assert set(alternates) == set(EXTENSIONS.values()) - {EXTENSIONS[ext]}


def test_link_headers_list_every_other_format_and_they_resolve(live_server):
    resp = get(live_server + "/id/unit-8200", "text/turtle")
    alternates = {p["type"]: url for url, p in links(resp) if p.get("rel") == "alternate"}
    assert set(alternates) == {"text/html", "application/ld+json", "application/n-triples", "application/rdf+xml"}
    reference = set(parse_rdf(resp))
    for media, url in alternates.items():
        assert url == ID + "unit-8200." + {v: k for k, v in EXTENSIONS.items()}[media]
        other = get(local(live_server, url))
        assert other.status_code == 200
        assert other.headers["content-type"].split(";")[0] == media
        if media != "text/html":
            assert set(parse_rdf(other)) == reference, media  # every syntax carries the same graph


def test_head_answers_like_get(live_server):
    resp = httpx.head(live_server + "/id/microsoft", headers={"Accept": "application/ld+json"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/ld+json")
    assert resp.headers["vary"] == "Accept"


@pytest.mark.parametrize(("accept", "media"), [
    ("text/html", "text/html"), ("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"), ("application/rdf+xml", "application/rdf+xml"),
])
def test_unknown_entity_is_404_in_the_negotiated_format(live_server, accept, media):
    resp = get(live_server + "/id/no-such-entity-anywhere", accept)
    assert resp.status_code == 404
    assert resp.headers["content-type"].split(";")[0] == media
    assert resp.headers["access-control-allow-origin"] == "*"
    if media == "text/html":
        assert "no-such-entity-anywhere" in parse_html(resp.text).find("main").text()
    else:
        assert parse_rdf(resp) == []  # a well-formed, empty graph
    assert get(live_server + "/id/no-such-entity-anywhere.jsonld").status_code == 404
    assert get(live_server + "/id/%E2%80%AEodd%20name", accept).status_code == 404


# ---------------------------------------------------------------------------
# Entity descriptions: content
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def article_texts(live_server) -> dict[str, str]:
    """kg:text of every article, read over HTTP from the articles' own descriptions."""
    texts = {}
    for path in sorted((ROOT / "corpus").glob("*.md")):
        resp = get(live_server + f"/article/{path.stem}.nt")
        assert resp.status_code == 200
        [text] = objects(parse_rdf(resp), BASE + "article/" + path.stem, KG + "text")
        texts[BASE + "article/" + path.stem] = text.value
    return texts


def test_microsoft_description_has_contract_with_evidence_at_its_offsets(live_server, article_texts):
    triples = parse_rdf(get(live_server + "/id/microsoft", "text/turtle"))
    contracts = [s for s in subjects(triples, KG + "supplier", ID + "microsoft")
                 if ox.NamedNode(KG + "Contract") in objects(triples, s, RDF_TYPE)]
    amounts = {c: [Decimal(o.value) for o in objects(triples, c, KG + "amount")] for c in contracts}
    [contract] = [c for c, a in amounts.items() if a == [Decimal(211000)]]
    assert objects(triples, contract, KG + "currency") == [ox.Literal("USD")]
    assert [o.value for o in objects(triples, contract, KG + "customer")] == [ID + "israel-prison-service"]
    [evidence] = objects(triples, contract, KG + "evidence")
    [article] = objects(triples, evidence.value, KG + "article")
    [sentence] = objects(triples, evidence.value, KG + "sentence")
    [start] = objects(triples, evidence.value, KG + "start")
    [end] = objects(triples, evidence.value, KG + "end")
    assert sentence.language == "ar"
    assert article_texts[article.value][int(start.value):int(end.value)] == sentence.value
    # every evidence node in the description is anchored the same way
    for ev in subjects(triples, RDF_TYPE, KG + "Evidence"):
        [a] = objects(triples, ev, KG + "article")
        [s], [e], [text] = objects(triples, ev, KG + "start"), objects(triples, ev, KG + "end"), objects(triples, ev, KG + "sentence")
        assert article_texts[a.value][int(s.value):int(e.value)] == text.value


def test_description_has_lexicon_triples_facts_and_incoming_links(live_server):
    triples = parse_rdf(get(live_server + "/id/microsoft.nt"))
    me = ID + "microsoft"
    assert ox.NamedNode("http://www.wikidata.org/entity/Q2283") in objects(triples, me, "http://www.w3.org/2002/07/owl#sameAs")
    assert ox.Literal("مايكروسوفت", language="ar") in objects(triples, me, SKOS + "prefLabel")
    assert ox.NamedNode(KG + "Company") in objects(triples, me, RDF_TYPE)
    # incoming links: subsidiaries (kg:partOf) and products (kg:madeBy)
    assert ID + "github" in subjects(triples, KG + "partOf", me)
    assert ID + "azure" in subjects(triples, KG + "madeBy", me)
    # facts in every role: agent of events, cited source is not Microsoft, target of protests
    assert subjects(triples, KG + "agent", me)
    assert subjects(triples, KG + "target", me)
    for fact in subjects(triples, KG + "agent", me):
        assert objects(triples, fact, KG + "evidence"), fact
        assert objects(triples, fact, KG + "claimStatus"), fact


def test_unit_8200_page_mentions_azure(live_server):
    resp = get(live_server + "/id/unit-8200", "text/html")
    doc = parse_html(resp.text)
    main = doc.find("main")
    assert "Azure" in main.text()
    hrefs = {href_of(str(resp.url), a.attrs["href"]) for a in main.find_all("a") if "href" in a.attrs}
    assert live_server + "/id/azure" in hrefs
    # and its description: a service-provision event with Unit 8200 as target and Azure as instrument
    triples = parse_rdf(get(live_server + "/id/unit-8200.ttl"))
    events = subjects(triples, KG + "target", ID + "unit-8200")
    assert any(ox.NamedNode(ID + "azure") in objects(triples, e, KG + "instrument") for e in events)


# ---------------------------------------------------------------------------
# Entity pages: HTML
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def microsoft_page(live_server):
    resp = get(live_server + "/id/microsoft", CHROME_ACCEPT)
    assert resp.status_code == 200
    return resp, parse_html(resp.text)


def test_entity_page_arabic_label_is_rtl(microsoft_page):
    _, doc = microsoft_page
    h1 = doc.find("h1")
    rtl = [el for el in h1.iter() if el.attrs.get("dir") == "rtl"]
    assert any(el.text().strip() == "مايكروسوفت" and el.attrs.get("lang") == "ar" for el in rtl)
    assert any(el.text().strip() == "Microsoft" and el.attrs.get("lang") == "en" for el in h1.iter())
    assert doc.find("html").attrs.get("lang") == "en"


def test_entity_page_lists_sameas_type_and_alternates(microsoft_page):
    resp, doc = microsoft_page
    assert any(a.attrs.get("href") == "http://www.wikidata.org/entity/Q2283" for a in doc.find_all("a"))
    badge = doc.find("a", cls="type-badge")
    assert "Company" in badge.text() and "شركة" in badge.text()
    alternates = {el.attrs["type"] for el in doc.find_all("link", rel="alternate")}
    assert alternates == set(RDF_TYPES)
    assert resp.headers["vary"] == "Accept"
    assert {p["type"] for _, p in links(resp)} == set(RDF_TYPES)


def test_entity_page_quotes_evidence_linking_to_the_sentence(live_server, microsoft_page, article_texts):
    resp, doc = microsoft_page
    quotes = doc.find_all("blockquote", cls="evidence-quote")
    assert len(quotes) >= 10
    for q in quotes:
        a = q.find("a")
        m = re.fullmatch(r"\.\./article/([A-Za-z0-9_.-]+)#char=(\d+),(\d+)", a.attrs["href"])
        assert m, a.attrs["href"]
        text = article_texts[BASE + "article/" + m.group(1)]
        assert text[int(m.group(2)):int(m.group(3))] == a.text()


def test_entity_page_shows_values_roles_status_and_agreement(microsoft_page):
    _, doc = microsoft_page
    amounts = {(d.attrs["data-amount"], d.attrs["data-currency"]) for d in doc.find_all("dd", cls="amount")}
    assert ("211000", "USD") in amounts and ("10000000", "USD") in amounts
    groups = doc.find_all("section", cls="group")
    # Microsoft -> Israel Defense Forces contracts: two articles, both say 10,000,000 USD
    idf = [g for g in groups if "verdict-agree" in g.attrs["class"] and "Contract" in g.find("h3").text()
           and "Israel Defense Forces" in g.find("h3").text()]
    assert len(idf) == 1
    compare = idf[0].find("table", cls="compare")
    row = [tr for tr in compare.find_all("tr", cls="agree") if tr.find("th").text() == "amount"]
    stated = [el.text() for el in row[0].find_all("strong")]
    assert len(stated) >= 2 and set(stated) == {"10,000,000 USD"}
    # the single-article contract with the prison service says so
    prison = [g for g in groups if "Israel Prison Service" in g.find("h3").text() and "Contract" in g.find("h3").text()]
    assert "verdict-single" in prison[0].attrs["class"]
    statuses = {s.text() for s in doc.find_all("span", cls="status")}
    assert any("Asserted" in s for s in statuses) and any("Not denied" in s for s in statuses)
    precisions = " ".join(p.text() for p in doc.find_all("span", cls="precision"))
    assert "year" in precisions and "month" in precisions


def test_entity_page_timeline_is_sorted_with_precision(microsoft_page):
    _, doc = microsoft_page
    timeline = doc.find("ol", cls="timeline")
    dates = [t.attrs["datetime"] for t in timeline.find_all("time")]
    assert len(dates) >= 3
    assert dates == sorted(dates)
    assert {"2021", "2023-10"} <= set(dates)
    for li in timeline.find_all("li"):
        assert li.find("span", cls="precision").text() in ("year", "month", "day")


def test_entity_page_neighbourhood_svg_and_incoming_links(microsoft_page):
    _, doc = microsoft_page
    svg = doc.find("svg", cls="neighbourhood")
    assert svg is not None
    node_links = [a.attrs["href"] for a in svg.find_all("a")]
    assert "../id/israel-defense-forces" in node_links
    assert not doc.find_all("script")  # no JS at all
    incoming = doc.find("ul", cls="incoming").text()
    assert "GitHub" in incoming and "made by" in incoming and "part of" in incoming
    mentions = doc.find("section", id="mentions").find_all("a")
    assert len(mentions) == 5  # every corpus article mentions Microsoft


def test_fact_agreement_differ_and_date_compatibility():
    """Grouping and the agree/differ verdict on synthetic facts (pure, no server)."""
    from server.pages_entity import ArticleRef, DateView, FactView, Party, group_facts
    from server.pages_site import Label

    def fact(n, amount, date, article, currency="USD"):
        parties = [Party("supplier", ID + "acme", Label(en="Acme"), "Company"),
                   Party("customer", ID + "army", Label(en="Army"), "MilitaryUnit")]
        f = FactView(f"{BASE}contract/{article}/{n}", KG + "Contract", Label(en="Contract"), "contract", ["supplier"], parties)
        f.amount, f.currency, f.date = (Decimal(amount) if amount else None), currency, date
        f.articles = [ArticleRef(BASE + "article/" + article, article, "t", None, None, None, None)]
        return f

    same = group_facts([fact(1, "10", DateView("2023", "year"), "a"), fact(2, "10", DateView("2023-10", "month"), "b")])
    assert [g.verdict for g in same] == ["agree"]
    assert {c.what: c.verdict for c in same[0].comparisons} == {"amount": "agree", "date": "agree"}
    differ = group_facts([fact(1, "10", None, "a"), fact(2, "12", None, "b"), fact(3, None, None, "c")])
    assert [g.verdict for g in differ] == ["differ"] and differ[0].comparisons[0].what == "amount"
    assert len(differ[0].articles) == 3
    single = group_facts([fact(1, "10", None, "a"), fact(2, "11", None, "a")])
    assert [g.verdict for g in single] == ["single"]  # one article: nothing to compare across outlets
    dates = group_facts([fact(1, None, DateView("2023-10", "month"), "a"), fact(2, None, DateView("2024", "year"), "b")])
    assert dates[0].verdict == "differ"


def test_every_iri_under_the_base_in_a_description_dereferences(live_server):
    """Facts, evidence, mentions, articles, entities, ontology terms: no minted IRI is a dead end."""
    triples = parse_rdf(get(live_server + "/id/microsoft.nt")) + parse_rdf(get(live_server + "/id/the-guardian.nt"))
    iris = {t.value for tr in triples for t in (tr.subject, tr.predicate, tr.object)
            if isinstance(t, ox.NamedNode) and t.value.startswith(BASE)}
    kinds = {i[len(BASE):].split("/")[0] for i in iris}
    assert {"id", "article", "contract", "event", "citation", "evidence", "mention", "ontology"} <= kinds
    with httpx.Client(timeout=30) as client:
        for iri in sorted(iris):
            resp = client.get(local(live_server, iri), headers={"Accept": "application/n-triples"})
            assert resp.status_code == 200, iri
            assert ox.parse(resp.content, format=ox.RdfFormat.N_TRIPLES), iri


def test_fact_resource_page(live_server, article_texts):
    triples = parse_rdf(get(live_server + "/id/israel-prison-service.nt"))
    [contract] = [s for s in subjects(triples, KG + "customer", ID + "israel-prison-service")
                  if ox.NamedNode(KG + "Contract") in objects(triples, s, RDF_TYPE)][:1]
    resp = get(local(live_server, contract), "text/html")
    assert resp.headers["vary"] == "Accept"
    doc = parse_html(resp.text)
    assert "Microsoft" in doc.find("section", cls="fact-card").text()
    a = doc.find("blockquote", cls="evidence-quote").find("a")
    article, start, end = re.fullmatch(r"\.\./\.\./article/([^#]+)#char=(\d+),(\d+)", a.attrs["href"]).groups()
    assert article_texts[BASE + "article/" + article][int(start):int(end)] == a.text()
    assert get(live_server + "/contract/no/such-thing", "text/turtle").status_code == 404


# ---------------------------------------------------------------------------
# Article pages
# ---------------------------------------------------------------------------

ARTICLE = "003_22000b77f9ed6113"


@pytest.fixture(scope="module")
def article_page(live_server):
    resp = get(live_server + f"/article/{ARTICLE}", "text/html")
    assert resp.status_code == 200
    return resp, parse_html(resp.text)


def _skip_labels(el: El) -> bool:
    classes = el.attrs.get("class", "").split()
    return "ent-label" in classes or "fact-refs" in classes


def test_article_page_text_is_the_article_text(article_page, article_texts):
    _, doc = article_page
    body = doc.find("div", cls="article-text")
    assert body.text(_skip_labels) == article_texts[BASE + "article/" + ARTICLE]


def test_article_page_marks_mentions_with_type_and_entity_link(article_page, article_texts):
    _, doc = article_page
    text = article_texts[BASE + "article/" + ARTICLE]
    marks = doc.find("div", cls="article-text").find_all("mark", cls="ent")
    assert len(marks) > 50
    for mark in marks:
        s, e = int(mark.attrs["data-start"]), int(mark.attrs["data-end"])
        piece = mark.text(_skip_labels)
        assert piece and piece in text[s:e]  # a fragment of the mention (whole unless a sentence cuts it)
        assert mark.find("span", cls="ent-label") is None or mark.find("span", cls="ent-label").text() == mark.attrs["data-type"]
    microsoft = [m for m in marks if m.attrs["data-entity"] == ID + "microsoft"]
    assert microsoft and all(m.attrs["data-type"] == "Company" for m in microsoft)
    first = microsoft[0]
    assert first.text(_skip_labels) == text[int(first.attrs["data-start"]):int(first.attrs["data-end"])]
    assert first.find("a").attrs["href"] == "../id/microsoft"
    assert first.find("span", cls="ent-label").text() == "Company"


def test_article_page_wraps_evidence_sentences_with_their_facts(article_page, article_texts):
    _, doc = article_page
    text = article_texts[BASE + "article/" + ARTICLE]
    ev = doc.find("span", id="char-2146-2327")
    assert ev is not None and "evidence" in ev.attrs["class"]
    assert ev.find("a", cls="anchor").attrs["id"] == "char=2146,2327"
    assert ev.text(_skip_labels) == text[2146:2327]
    refs = ev.find("sup", cls="fact-refs").find_all("a")
    assert any("Contract" in r.text() for r in refs)
    fact = doc.find("li", id=refs[0].attrs["href"][1:])
    assert fact is not None and "Microsoft" in fact.text()
    # every fact listed links back to its sentence, and that sentence is on the page
    for li in doc.find("ol", cls="article-facts").find_all("li"):
        for a in li.find_all("a", cls="to-sentence"):
            s, e = re.fullmatch(r"#char=(\d+),(\d+)", a.attrs["href"]).groups()
            assert doc.find(id=f"char={s},{e}") is not None


def test_article_page_metadata_and_graph_downloads(live_server, article_page, built_store):
    resp, doc = article_page
    meta = doc.find("section", id="metadata").text()
    assert "2025-01-25" in meta and "ar" in meta
    stored = built_store.stored_articles()[BASE + "graph/article/" + ARTICLE]
    assert stored.content_hash in meta
    assert "tool version" in meta and re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", meta)
    graph = BASE + "graph/article/" + ARTICLE
    expected = len(list(built_store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
    for name, fmt in (("graph.trig", ox.RdfFormat.TRIG), ("graph.nq", ox.RdfFormat.N_QUADS)):
        r = get(live_server + f"/article/{ARTICLE}/{name}")
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
        quads = list(ox.parse(r.content, format=fmt))
        assert len(quads) == expected
        assert {q.graph_name.value for q in quads} == {graph}
    r = get(live_server + f"/article/{ARTICLE}/graph.ttl")
    assert len(set(ox.parse(r.content, format=ox.RdfFormat.TURTLE))) == expected
    assert get(live_server + f"/article/{ARTICLE}/graph.xml").status_code == 404
    assert get(live_server + "/article/nope/graph.trig").status_code == 404


def test_article_conneg_and_404(live_server):
    resp = get(live_server + f"/article/{ARTICLE}", "application/ld+json")
    assert resp.headers["content-type"].startswith("application/ld+json") and resp.headers["vary"] == "Accept"
    triples = parse_rdf(resp)
    assert objects(triples, BASE + "article/" + ARTICLE, KG + "contentHash")
    types = {p["type"] for _, p in links(resp)}
    assert {"application/trig", "application/n-quads", "text/html", "text/turtle"} <= types
    assert get(live_server + f"/article/{ARTICLE}.rdf").headers["content-type"].startswith("application/rdf+xml")
    missing = get(live_server + "/article/no-such-article", "text/turtle")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/turtle")


def test_highlight_nests_overlapping_spans():
    """Overlapping sentences and mentions give well-nested HTML whose text is the input."""
    from server.pages_article import Span, disjoint_mentions, highlight, paragraphs

    text = "Alpha Beta Gamma.\nDelta Epsilon."
    mentions, dropped = disjoint_mentions([Span(6, 16, "m"), Span(11, 16, "m"), Span(0, 10, "m")])
    assert [(m.start, m.end) for m in mentions] == [(0, 10), (11, 16)] and len(dropped) == 1
    spans = paragraphs(text) + [Span(0, 17, "ev"), Span(6, 24, "ev"), Span(15, 30, "ev")] + mentions
    tree = highlight(text, spans)

    covered = []

    def walk(node, pos, ancestors):
        for c in node.children:
            if isinstance(c, str):
                pos += len(c)
                continue
            begin = pos
            pos = walk(c, pos, ancestors + [c])
            covered.append((c, begin, pos, ancestors))
        return pos

    assert walk(tree, 0, []) == len(text)
    assert "".join(_texts(tree)) == text
    for node, begin, end, ancestors in covered:
        assert node.span.start <= begin < end <= node.span.end  # a fragment never leaves its span
        if node.kind == "m":
            assert all(a.kind in ("p", "ev") for a in ancestors)  # mentions are innermost
    firsts = [n for n, *_ in covered if n.kind == "ev" and n.first]
    assert len(firsts) == 3  # each sentence gets exactly one id-bearing fragment
    assert sum(1 for n, *_ in covered if n.kind == "ev" and n.last) == 3


def _texts(node):
    for c in node.children:
        if isinstance(c, str):
            yield c
        else:
            yield from _texts(c)


def _nodes(node):
    for c in node.children:
        if not isinstance(c, str):
            yield c
            yield from _nodes(c)


# ---------------------------------------------------------------------------
# Ontology
# ---------------------------------------------------------------------------

def _ontology_terms() -> dict[str, str]:
    kinds = {"http://www.w3.org/2002/07/owl#Class": "class", "http://www.w3.org/2002/07/owl#ObjectProperty": "property",
             "http://www.w3.org/2002/07/owl#DatatypeProperty": "property"}
    out = {}
    for t in ox.parse(path=str(ROOT / "ontology" / "kg.ttl"), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == RDF_TYPE and t.object.value in kinds and t.subject.value.startswith(KG):
            out[t.subject.value[len(KG):]] = kinds[t.object.value]
    return out


def test_contract_page_has_both_labels_and_the_instance_count(live_server, built_store):
    resp = get(live_server + "/ontology/Contract", CHROME_ACCEPT)
    doc = parse_html(resp.text)
    h1 = doc.find("h1")
    assert "Contract" in h1.text()
    assert any(el.attrs.get("dir") == "rtl" and el.text() == "عقد" for el in h1.iter())
    contracts = one(built_store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{KG}Contract> }}")
    assert contracts == 10
    assert doc.find("strong", cls="instance-count").text() == str(contracts)
    comments = [p.attrs.get("lang") for p in doc.find_all("p", cls="comment")]
    assert comments == ["en", "ar"]
    assert "supplier" in doc.find("main").text()  # properties whose domain is Contract


def test_every_ontology_term_dereferences(live_server, built_store):
    terms = _ontology_terms()
    assert len(terms) > 50
    index = parse_html(get(live_server + "/ontology/", "text/html").text)
    listed = {a.attrs["href"] for a in index.find_all("a") if a.attrs.get("href", "").startswith("../ontology/")}
    for name, kind in terms.items():
        assert f"../ontology/{name}" in listed, name
        html = get(live_server + f"/ontology/{name}", "text/html")
        assert html.status_code == 200, name
        count = int(parse_html(html.text).find("strong", cls="instance-count").attrs["data-count"])
        if kind == "property":
            expected = one(built_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s <{KG}{name}> ?o }} }}")
        else:
            expected = one(built_store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{KG}{name}> }}")
        assert count == expected, name
        ttl = get(live_server + f"/ontology/{name}", "text/turtle")
        triples = parse_rdf(ttl)
        labels = {o.language for o in objects(triples, KG + name, "http://www.w3.org/2000/01/rdf-schema#label")}
        assert labels == {"ar", "en"}, name
    assert get(live_server + "/ontology/NoSuchTerm", "text/turtle").status_code == 404


def test_property_page_shows_union_domain(live_server):
    doc = parse_html(get(live_server + "/ontology/article", "text/html").text)
    axioms = doc.find("section", cls="axioms").text()
    assert "Evidence" in axioms and "Mention" in axioms and "Extraction run" in axioms


def test_whole_ontology(live_server):
    resp = get(live_server + "/ontology.ttl")
    assert resp.headers["content-type"].startswith("text/turtle")
    triples = set(parse_rdf(resp))
    expected = set(ox.parse(path=str(ROOT / "ontology" / "kg.ttl"), format=ox.RdfFormat.TURTLE))
    named = {t for t in expected if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)}
    assert named <= triples
    assert len(triples) == len(expected)
    negotiated = get(live_server + "/ontology/", "application/n-triples")
    assert negotiated.headers["vary"] == "Accept" and len(parse_rdf(negotiated)) == len(expected)
    assert get(live_server + "/ontology", "text/html", follow_redirects=True).status_code == 200


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("مايكروسوفت", "microsoft"),
    ("مايكروسفت", "microsoft"),          # hidden label (misspelling)
    ("لمايكروسوفت", "microsoft"),        # proclitic ل
    ("وبمايكروسوفت", "microsoft"),       # و + ب
    ("مَايْكرُوسُوفْت", "microsoft"),    # diacritics
    ("مايكروســوفت", "microsoft"),       # tatweel
    ("MICROSOFT", "microsoft"),
    ("microsoft", "microsoft"),
    ("الوحده 8200", "unit-8200"),        # ta marbuta variant
    ("للوحدة 8200", "unit-8200"),        # لل
    ("unit 8200", "unit-8200"),
    ("الجيش الاسرائيلي", "israel-defense-forces"),  # alef with hamza folded
    ("ازور", "azure"),
])
def test_search_finds_the_right_entity_first(live_server, query, expected):
    resp = get(live_server + "/search", params={"q": query, "format": "json"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/json")
    results = resp.json()["results"]
    assert results and results[0]["iri"] == ID + expected, [r["iri"] for r in results[:3]]
    assert results[0]["match"] == "exact"


def test_search_ranks_exact_then_prefix_then_substring(live_server):
    results = get(live_server + "/search", params={"q": "Microsoft", "format": "json", "limit": 50}).json()["results"]
    order = {"exact": 0, "prefix": 1, "substring": 2}
    ranks = [order[r["match"]] for r in results]
    assert ranks == sorted(ranks) and {0, 1, 2} <= set(ranks)
    first = results[0]
    assert first["type"] == "Company" and first["labels"] == {"ar": "مايكروسوفت", "en": "Microsoft"}
    assert any(r["iri"] == ID + "microsoft-israel" and r["match"] == "prefix" for r in results)


def test_search_html_and_accept(live_server):
    resp = get(live_server + "/search", CHROME_ACCEPT, params={"q": "مايكروسوفت"})
    assert resp.headers["content-type"].startswith("text/html") and resp.headers["vary"] == "Accept"
    doc = parse_html(resp.text)
    first = doc.find("tr", cls="hit")
    cells = first.find_all("td")
    assert cells[0].attrs["dir"] == "rtl" and cells[0].text() == "مايكروسوفت"
    assert cells[1].text() == "Microsoft" and "Company" in cells[2].text()
    assert first.find("a").attrs["href"] == "./id/microsoft"
    as_json = get(live_server + "/search", "application/json", params={"q": "Microsoft"})
    assert as_json.json()["results"][0]["iri"] == ID + "microsoft"
    assert get(live_server + "/search", "application/json", params={"q": ""}).json()["results"] == []


# ---------------------------------------------------------------------------
# Dumps and VoID
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "fmt"), [("kg.nq.gz", ox.RdfFormat.N_QUADS), ("kg.trig.gz", ox.RdfFormat.TRIG)])
def test_dumps_are_the_whole_store(live_server, built_store, name, fmt):
    with httpx.stream("GET", live_server + "/dumps/" + name, timeout=60) as resp:
        assert resp.status_code == 200
        assert resp.headers["content-type"] == "application/gzip"
        assert resp.headers["content-disposition"] == f'attachment; filename="{name}"'
        assert "content-length" not in resp.headers  # streamed
        body = b"".join(resp.iter_raw())
    quads = list(ox.parse(gzip.decompress(body), format=fmt))
    assert len(quads) == len(built_store.store)
    assert set(quads) == set(built_store.store)


def test_void_describes_the_dataset(live_server, built_store):
    for path in ("/.well-known/void", "/void"):
        resp = get(live_server + path)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/turtle")
    triples = parse_rdf(resp)
    ds = BASE + "void#dataset"

    def value(s, p):
        [o] = objects(triples, s, VOID + p)
        return o.value

    distinct = one(built_store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert int(value(ds, "triples")) == distinct
    assert int(value(ds, "distinctSubjects")) == one(built_store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert int(value(ds, "distinctObjects")) == one(built_store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
    assert int(value(ds, "entities")) > 500
    assert value(ds, "sparqlEndpoint") == BASE + "sparql"
    assert value(ds, "uriSpace") == ID
    assert {o.value for o in objects(triples, ds, VOID + "dataDump")} == {BASE + "dumps/kg.trig.gz", BASE + "dumps/kg.nq.gz"}
    partitions = {objects(triples, p.value, VOID + "class")[0].value: int(objects(triples, p.value, VOID + "entities")[0].value)
                  for p in objects(triples, ds, VOID + "classPartition")}
    assert partitions[KG + "Contract"] == 10
    assert int(value(ds, "classes")) == len(partitions)
    props = {objects(triples, p.value, VOID + "property")[0].value: int(objects(triples, p.value, VOID + "triples")[0].value)
             for p in objects(triples, ds, VOID + "propertyPartition")}
    assert sum(props.values()) == distinct
    [linkset] = subjects(triples, RDF_TYPE, VOID + "Linkset")
    assert value(linkset, "linkPredicate") == "http://www.w3.org/2002/07/owl#sameAs"
    same_as = one(built_store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { "
                               "?s <http://www.w3.org/2002/07/owl#sameAs> ?o FILTER(STRSTARTS(STR(?o), \"http://www.wikidata.org/entity/\")) } }")
    assert int(value(linkset, "triples")) == same_as > 50
    target = value(linkset, "objectsTarget")
    assert value(target, "uriSpace") == "http://www.wikidata.org/entity/"
    as_jsonld = get(live_server + "/.well-known/void", "application/ld+json")
    assert as_jsonld.headers["vary"] == "Accept"
    assert set(parse_rdf(as_jsonld)) == set(triples)
    json.loads(as_jsonld.text)


# ---------------------------------------------------------------------------
# The base IRI is a setting
# ---------------------------------------------------------------------------

OTHER = "https://kg.example.org/"


def _trig(vocab: str) -> str:
    b = OTHER
    return f"""
@prefix kg: <{vocab}> .
@prefix id: <{b}id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{b}graph/lexicon> {{
  id:acme a kg:Company ; skos:prefLabel "Acme Defence"@en , "أكمي للدفاع"@ar .
  id:army a kg:MilitaryUnit ; skos:prefLabel "Army"@en , "الجيش"@ar .
}}
<{b}graph/article/a1> {{
  <{b}article/a1> a kg:Article ; kg:text "Acme Defence sold drones to the Army for $5 million."@en ;
      kg:contentHash "abc" ; schema:inLanguage "en" ; kg:mentions id:acme , id:army .
  <{b}mention/a1/0-12> a kg:Mention ; kg:denotes id:acme ; kg:article <{b}article/a1> ;
      kg:start 0 ; kg:end 12 ; kg:surface "Acme Defence"@en .
  <{b}contract/a1/0-52> a kg:Contract ; kg:supplier id:acme ; kg:customer id:army ;
      kg:amount "5000000"^^xsd:decimal ; kg:currency "USD" ; kg:claimStatus kg:Asserted ;
      kg:evidence <{b}evidence/a1/0-52> ; prov:wasDerivedFrom <{b}article/a1> .
  <{b}evidence/a1/0-52> a kg:Evidence ; kg:article <{b}article/a1> ;
      kg:sentence "Acme Defence sold drones to the Army for $5 million."@en ; kg:start 0 ; kg:end 52 .
}}
"""


@pytest.mark.parametrize("vocab", ["rebased", "default"])
def test_base_iri_setting_resolves_the_deployments_own_iris(tmp_path, vocab):
    from .live_server import running_server

    trig = tmp_path / "data.trig"
    trig.write_text(_trig(OTHER + "ontology/" if vocab == "rebased" else KG), encoding="utf-8")
    store = ox.Store(str(tmp_path / "store"))  # loaded as written: no rebasing on the way in
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    with running_server(str(tmp_path / "store"), "--base-iri", OTHER, "--workers", "1") as url:
        resp = get(url + "/id/acme", "text/turtle")
        assert resp.status_code == 200
        triples = parse_rdf(resp)
        assert ox.Literal("Acme Defence", language="en") in objects(triples, OTHER + "id/acme", SKOS + "prefLabel")
        assert resp.headers["content-location"] == OTHER + "id/acme.ttl"
        assert all(u.startswith(OTHER + "id/acme.") for u, _ in links(resp))
        page = get(url + "/id/acme", "text/html")
        doc = parse_html(page.text)
        assert doc.find("h1").find(dir="rtl").text() == "أكمي للدفاع"
        quote = doc.find("blockquote", cls="evidence-quote").find("a")
        assert quote.attrs["href"] == "../article/a1#char=0,52"
        assert "5,000,000 USD" in doc.find("main").text()
        assert "http://127.0.0.1:8000/" not in page.text
        # the default base's IRIs are not this deployment's
        assert get(url + "/id/microsoft", "text/turtle").status_code == 404
        article = parse_html(get(url + "/article/a1", "text/html").text)
        mark = article.find("div", cls="article-text").find("mark", cls="ent")
        assert mark.attrs["data-type"] == "Company" and mark.find("a").attrs["href"] == "../id/acme"
        hits = get(url + "/search", params={"q": "acme", "format": "json"}).json()["results"]
        assert hits[0]["iri"] == OTHER + "id/acme" and hits[0]["type"] == "Company"
        void = parse_rdf(get(url + "/void.ttl"))
        assert objects(void, OTHER + "void#dataset", VOID + "uriSpace") == [ox.Literal(OTHER + "id/")]


def test_store_built_with_another_base_serves_its_own_iris(tmp_path):
    """kg build with a deployment's base IRI, served with --base-iri: its IRIs dereference, pages link within it."""
    from kg.build import build
    from kg.extract.extract import Extractor
    from kg.store import KGStore

    from .live_server import running_server

    store = KGStore(tmp_path / "store", base=OTHER)
    report = build([ROOT / "corpus" / f"{ARTICLE}.md"], store, extractor=Extractor(base=OTHER))
    assert report.ok
    del store
    with running_server(str(tmp_path / "store"), "--base-iri", OTHER, "--workers", "1") as url:
        triples = parse_rdf(get(url + "/id/unit-8200", "text/turtle"))
        events = subjects(triples, OTHER + "ontology/target", OTHER + "id/unit-8200")
        assert any(ox.NamedNode(OTHER + "id/azure") in objects(triples, e, OTHER + "ontology/instrument") for e in events)
        page = get(url + "/id/unit-8200", "text/html").text
        assert "http://127.0.0.1:8000/" not in page and "../article/" + ARTICLE + "#char=" in page
        contract = parse_html(get(url + "/ontology/Contract", "text/html").text)
        assert contract.find("strong", cls="instance-count").text() == str(len(
            {t.subject.value for t in parse_rdf(get(url + f"/article/{ARTICLE}.nt"))
             if t.predicate.value == RDF_TYPE and t.object.value == OTHER + "ontology/Contract"}))
        assert get(url + "/search", params={"q": "الوحده 8200", "format": "json"}).json()["results"][0]["iri"] == OTHER + "id/unit-8200"
