"""Article pages: ``{base}article/{id}`` by content negotiation, per-format URLs, graph downloads.

The RDF description of an article is its named graph (``{base}graph/article/{id}``):
the article's metadata and text, the extraction run, its mentions and its
facts with their evidence. ``/article/{id}/graph.trig`` and ``.nq`` give the
same graph with its name, ``graph.ttl`` its triples.

The HTML page shows the text with every mention and fact highlighted in the
manner of displaCy's entity view. The text (kg:text) is cut at every offset
(Python str indices) of a paragraph, an evidence sentence or a mention, and
each piece becomes a text node of a small tree that the template renders,
escaping every piece. Paragraphs hold sentences, sentences hold mentions;
a span crossing a boundary of an enclosing one is split into fragments (the
first carries the id, the last the label), so the HTML always nests. Mentions
that overlap an earlier, longer mention are not highlighted inline (marks
would nest links); they are still listed under the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import Response

from server import rdf_views as rv
from server.pages_entity import FORMATS, article_ref, entity_type, fact_view, serve_description
from server.pages_site import GraphIndex, Site, term

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
GRAPH_FORMATS = {"trig": rv.TRIG, "nq": rv.NQUADS, "ttl": rv.TURTLE}

LABELS = """
CONSTRUCT { ?n ?lp ?l } WHERE {
  GRAPH %(g)s { ?x ?p ?n FILTER(isIRI(?n)) }
  VALUES ?lp { skos:prefLabel rdf:type }
  ?n ?lp ?l
}
"""


def graph_quads(site: Site, article_id: str) -> list[ox.Quad]:
    return list(site.store.quads_for_pattern(None, None, None, ox.NamedNode(site.graph_iri(article_id))))


def describe(site: Site, iri: str) -> list[ox.Triple]:
    article_id = site.article_id(iri)
    if article_id is None or not _SAFE_ID.match(article_id):
        return []
    return [ox.Triple(q.subject, q.predicate, q.object) for q in graph_quads(site, article_id)]


# ---------------------------------------------------------------------------
# Highlighting
# ---------------------------------------------------------------------------

RANK = {"p": 0, "ev": 1, "m": 2}


@dataclass(eq=False)
class Span:
    start: int
    end: int
    kind: str  # p | ev | m
    data: dict = field(default_factory=dict)


@dataclass(eq=False)
class Node:
    kind: str  # root | p | ev | m
    span: Span | None
    first: bool
    children: list = field(default_factory=list)
    last: bool = False


def paragraphs(text: str) -> list[Span]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Span(pos, pos + len(line), "p"))
        pos += len(line) + 1
    return out


def disjoint_mentions(mentions: list[Span]) -> tuple[list[Span], list[Span]]:
    """Mentions that overlap no longer/earlier one (shown inline), and the rest."""
    kept, dropped = [], []
    last_end = -1
    for m in sorted(mentions, key=lambda s: (s.start, -(s.end - s.start))):
        if m.start >= last_end:
            kept.append(m)
            last_end = m.end
        else:
            dropped.append(m)
    return kept, dropped


def highlight(text: str, spans: list[Span]) -> Node:
    """A tree of nodes and text pieces: TEXT cut at every offset of SPANS, properly nested."""
    n = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n, *(s.start for s in spans), *(s.end for s in spans)})
    order = {id(s): (RANK[s.kind], s.start, -s.end, i) for i, s in enumerate(spans)}
    root = Node("root", None, True)
    stack: list[Node] = [root]
    last_node: dict[int, Node] = {}
    starts: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    active: list[Span] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [s for s in active if s.end > a] + starts.get(a, [])
        wanted = sorted(active, key=lambda s: order[id(s)])
        # keep the open prefix that is still wanted in the same order, close the rest, open the new
        keep = 0
        while keep < len(wanted) and keep + 1 < len(stack) and stack[keep + 1].span is wanted[keep]:
            keep += 1
        del stack[keep + 1:]
        for s in wanted[keep:]:
            node = Node(s.kind, s, first=id(s) not in last_node)
            last_node[id(s)] = node
            stack[-1].children.append(node)
            stack.append(node)
        stack[-1].children.append(text[a:b])
    for node in last_node.values():
        node.last = True
    return root


# ---------------------------------------------------------------------------
# View
# ---------------------------------------------------------------------------


@dataclass
class ArticleView:
    iri: str
    article_id: str
    graph: str
    title: str | None
    title_lang: str | None
    lang: str | None
    text_lang: str | None
    outlet_iri: str | None
    outlet: object
    url: str | None
    published: str | None
    author: str | None
    content_hash: str | None
    source_file: str | None
    run: dict
    tree: Node
    facts: list
    mentions: list[dict]
    hidden_mentions: int
    evidence_count: int
    text_length: int


def article_view(site: Site, iri: str, article_id: str, triples: list[ox.Triple]) -> ArticleView:
    v, sdo = site.vocab, "https://schema.org/"
    g_iri = site.graph_iri(article_id)
    extra = list(site.query(LABELS % {"g": term(g_iri)}))
    g = GraphIndex(triples + extra)
    text_lit = g.first(iri, v + "text")
    text = text_lit.value if text_lit is not None else ""
    ref = article_ref(site, g, iri)
    url = g.value(iri, sdo + "url")
    if url and not url.startswith(("http://", "https://")):
        url = None
    run_iri = g.value(iri, "http://www.w3.org/ns/prov#wasGeneratedBy")
    run = {}
    if run_iri:
        agent = g.value(run_iri, "http://www.w3.org/ns/prov#wasAssociatedWith")
        run = {
            "iri": run_iri,
            "started": g.value(run_iri, "http://www.w3.org/ns/prov#startedAtTime"),
            "ended": g.value(run_iri, "http://www.w3.org/ns/prov#endedAtTime"),
            "version": g.value(run_iri, v + "toolVersion"),
            "agent": g.label(agent).best if agent else None,
        }

    # facts of this article, numbered in text order, and the sentences that state them
    fact_iris = [s for s in g.out if any(site.ontology.is_subclass(t, v + "Fact") for t in g.types(s))]
    facts = [fact_view(site, g, f, None) for f in fact_iris]
    facts.sort(key=lambda f: (min((e.start or 0) for e in f.evidence) if f.evidence else 0, f.type_label.best))
    evidence: dict[tuple[int, int], Span] = {}
    for number, f in enumerate(facts, 1):
        f.number = number
        for e in f.evidence:
            if e.start is None or e.end is None:
                continue
            span = evidence.setdefault((e.start, e.end), Span(e.start, e.end, "ev", {"facts": []}))
            span.data["facts"].append(f)

    mentions = []
    for m in g.subjects("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", v + "Mention"):
        ent = g.value(m, v + "denotes")
        start, end = g.first(m, v + "start"), g.first(m, v + "end")
        try:
            s, e = int(start.value), int(end.value)
        except (AttributeError, ValueError):
            continue
        surface = g.first(m, v + "surface")
        mentions.append(Span(s, e, "m", {
            "entity": ent, "label": g.label(ent) if ent else None,
            "type": entity_type(site, g, ent) if ent else None,
            "surface": surface.value if surface is not None else text[s:e],
        }))
    kept, dropped = disjoint_mentions(mentions)
    tree = highlight(text, paragraphs(text) + list(evidence.values()) + kept)
    lang = g.value(iri, sdo + "inLanguage")
    return ArticleView(
        iri=iri, article_id=article_id, graph=g_iri, title=ref.title, title_lang=ref.title_lang, lang=lang,
        text_lang=(text_lit.language if text_lit is not None and text_lit.language else None),
        outlet_iri=ref.outlet_iri, outlet=ref.outlet, url=url, published=ref.published,
        author=g.value(iri, sdo + "author"), content_hash=g.value(iri, v + "contentHash"),
        source_file=g.value(iri, v + "sourceFile"), run=run, tree=tree, facts=facts,
        mentions=[{"start": m.start, "end": m.end, **m.data} for m in sorted(mentions, key=lambda m: m.start)],
        hidden_mentions=len(dropped), evidence_count=len(evidence), text_length=len(text),
    )


# ---------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------


def install(app: FastAPI, site: Site) -> None:
    def iri_for(name: str) -> str:
        return f"{site.base}article/{name}"

    def graph_links(url: str):
        return [(f"{url}/graph.trig", "alternate", rv.TRIG.media_type), (f"{url}/graph.nq", "alternate", rv.NQUADS.media_type)]

    def html(request: Request, iri: str, triples, headers) -> Response:
        article_id = site.article_id(iri)
        view = article_view(site, iri, article_id, triples)
        return site.render(request, "article.html", headers=headers, article=view, iri=iri, formats=FORMATS)

    @app.api_route("/article/{name}", methods=["GET", "HEAD"], include_in_schema=False)
    def article(request: Request, name: str) -> Response:
        return serve_description(site, request, name, iri_for=iri_for, describe=describe, html=html,
                                 extra_links=graph_links)

    @app.api_route("/article/{article_id}/{filename}", methods=["GET", "HEAD"], include_in_schema=False)
    def article_graph(article_id: str, filename: str) -> Response:
        stem, _, ext = filename.rpartition(".")
        fmt = GRAPH_FORMATS.get(ext)
        if stem != "graph" or fmt is None or not _SAFE_ID.match(article_id):
            return Response("Not found: the graph is at graph.trig, graph.nq or graph.ttl\n", status_code=404,
                            media_type="text/plain; charset=utf-8", headers=rv.cors())
        quads = graph_quads(site, article_id)
        if not quads:
            return Response(f"No graph for article {article_id}\n", status_code=404, media_type="text/plain; charset=utf-8",
                            headers=rv.cors())
        if fmt.rdf.supports_datasets:
            body = ox.serialize(quads, format=fmt.rdf, **({"prefixes": site.prefixes} if fmt is rv.TRIG else {}))
        else:
            body = rv.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], fmt, site.prefixes)
        return Response(body, media_type=fmt.content_type, headers={
            **rv.cors(),
            "Content-Disposition": f'inline; filename="{article_id}.{ext}"',
            "Link": f'<{rv.as_uri(iri_for(article_id))}>; rel="describes"',
        })

