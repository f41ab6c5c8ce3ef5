"""Whole-store dumps and the VoID description.

``/dumps/kg.trig.gz`` and ``/dumps/kg.nq.gz`` stream the whole store, every
named graph with its name, gzip-compressed as it is produced (a few thousand
quads serialised at a time, never the whole store in memory). The TriG dump
is grouped by graph. ``/void`` and ``/.well-known/void`` describe the dataset
in VoID (Turtle, JSON-LD, N-Triples or RDF/XML by negotiation; ``/void.ttl``
etc. without): size, class and property partitions with counts, the SPARQL
endpoint, the dumps, the URI space and the owl:sameAs linkset to Wikidata.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from itertools import islice

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse

from server import rdf_views as rv
from server.pages_site import Site

BATCH = 5000
VOID_FORMATS = [rv.TURTLE, rv.JSONLD, rv.NTRIPLES, rv.RDFXML]
V = rv.VOID_NS


def _gzip(chunks: Iterator[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip container
    for chunk in chunks:
        out = compressor.compress(chunk)
        if out:
            yield out
    yield compressor.flush()


def _batches(quads: Iterator[ox.Quad], fmt: ox.RdfFormat) -> Iterator[bytes]:
    while True:
        batch = list(islice(quads, BATCH))
        if not batch:
            return
        yield ox.serialize(batch, format=fmt)


def trig_chunks(store: ox.Store) -> Iterator[bytes]:
    """TriG, one graph after another (the default graph first)."""
    yield b"# kg: the whole store as TriG, grouped by named graph\n"
    yield from _batches(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), ox.RdfFormat.TRIG)
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        yield from _batches(iter(store.quads_for_pattern(None, None, None, graph)), ox.RdfFormat.TRIG)


def nquads_chunks(store: ox.Store) -> Iterator[bytes]:
    yield from _batches(iter(store.quads_for_pattern(None, None, None, None)), ox.RdfFormat.N_QUADS)


DUMPS = {
    "kg.trig.gz": (trig_chunks, "application/trig"),
    "kg.nq.gz": (nquads_chunks, "application/n-quads"),
}


def void_triples(site: Site) -> list[ox.Triple]:
    s = site.stats
    base = site.base
    N = ox.NamedNode
    ds = N(base + "void#dataset")
    wd = N(base + "void#wikidata")
    links = N(base + "void#wikidata-links")

    def lit(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=N(rv.XSD_NS + "integer"))

    rdf_type = N(rv.RDF_NS + "type")
    t = [
        ox.Triple(ds, rdf_type, N(V + "Dataset")),
        ox.Triple(ds, N(rv.DCT_NS + "title"), ox.Literal("techmil-kg", language="en")),
        ox.Triple(ds, N(rv.DCT_NS + "description"), ox.Literal(
            "Companies, military units, government bodies, people and products, and the contracts and events "
            "linking them, extracted from news articles; every fact links to the sentence that states it.",
            language="en")),
        ox.Triple(ds, N(V + "triples"), lit(s.triples)),
        ox.Triple(ds, N(V + "entities"), lit(s.entities)),
        ox.Triple(ds, N(V + "distinctSubjects"), lit(s.distinct_subjects)),
        ox.Triple(ds, N(V + "distinctObjects"), lit(s.distinct_objects)),
        ox.Triple(ds, N(V + "classes"), lit(len(s.class_counts))),
        ox.Triple(ds, N(V + "properties"), lit(len(s.property_counts))),
        ox.Triple(ds, N(V + "sparqlEndpoint"), N(base + "sparql")),
        ox.Triple(ds, N(V + "dataDump"), N(base + "dumps/kg.trig.gz")),
        ox.Triple(ds, N(V + "dataDump"), N(base + "dumps/kg.nq.gz")),
        ox.Triple(ds, N(V + "uriSpace"), ox.Literal(base + "id/")),
        ox.Triple(ds, N(V + "vocabulary"), N(site.vocab)),
        ox.Triple(ds, N(V + "feature"), N("http://www.w3.org/ns/formats/Turtle")),
        ox.Triple(ds, N(V + "feature"), N("http://www.w3.org/ns/formats/JSON-LD")),
        ox.Triple(ds, N(V + "feature"), N("http://www.w3.org/ns/formats/N-Triples")),
        ox.Triple(ds, N(V + "feature"), N("http://www.w3.org/ns/formats/RDF_XML")),
        ox.Triple(ds, N(V + "subset"), links),
        ox.Triple(links, rdf_type, N(V + "Linkset")),
        ox.Triple(links, N(V + "linkPredicate"), N(rv.OWL_NS + "sameAs")),
        ox.Triple(links, N(V + "subjectsTarget"), ds),
        ox.Triple(links, N(V + "objectsTarget"), wd),
        ox.Triple(links, N(V + "triples"), lit(s.same_as_wikidata)),
        ox.Triple(wd, rdf_type, N(V + "Dataset")),
        ox.Triple(wd, N(rv.DCT_NS + "title"), ox.Literal("Wikidata", language="en")),
        ox.Triple(wd, N(rv.FOAF_NS + "homepage"), N("https://www.wikidata.org/")),
        ox.Triple(wd, N(V + "uriSpace"), ox.Literal(rv.WD_NS)),
        ox.Triple(wd, N(V + "sparqlEndpoint"), N("https://query.wikidata.org/sparql")),
    ]
    example = base + "id/microsoft"
    if site.store.contains_named_graph(N(base + "graph/lexicon")) and any(
            True for _ in site.store.quads_for_pattern(N(example), None, None, None)):
        t.append(ox.Triple(ds, N(V + "exampleResource"), N(example)))
    for i, (cls, n) in enumerate(sorted(s.class_counts.items()), 1):
        part = N(f"{base}void#class-{i}")
        t += [ox.Triple(ds, N(V + "classPartition"), part), ox.Triple(part, N(V + "class"), N(cls)),
              ox.Triple(part, N(V + "entities"), lit(n))]
    for i, (prop, n) in enumerate(sorted(s.property_counts.items()), 1):
        part = N(f"{base}void#property-{i}")
        t += [ox.Triple(ds, N(V + "propertyPartition"), part), ox.Triple(part, N(V + "property"), N(prop)),
              ox.Triple(part, N(V + "triples"), lit(n))]
    return t


def install(app: FastAPI, site: Site) -> None:
    @app.api_route("/dumps/{name}", methods=["GET", "HEAD"], include_in_schema=False)
    def dump(name: str) -> Response:
        if name not in DUMPS:
            return Response("Dumps: /dumps/kg.trig.gz, /dumps/kg.nq.gz\n", status_code=404,
                            media_type="text/plain; charset=utf-8", headers=rv.cors())
        chunks, _inner = DUMPS[name]
        return StreamingResponse(_gzip(chunks(site.store)), media_type="application/gzip", headers={
            **rv.cors(),
            "Content-Disposition": f'attachment; filename="{name}"',
        })

    prefix_map = {**site.prefixes, "void": V, "foaf": rv.FOAF_NS}
    void_url = site.base + "void"

    def void(request: Request, fmt: rv.Fmt | None, negotiated: bool) -> Response:
        if fmt is None:
            return rv.not_acceptable(void_url, VOID_FORMATS)
        headers = rv.ld_headers(void_url, VOID_FORMATS, fmt, negotiated)
        return rv.rdf_response(void_triples(site), fmt, headers, prefix_map)

    @app.api_route("/void", methods=["GET", "HEAD"], include_in_schema=False)
    @app.api_route("/.well-known/void", methods=["GET", "HEAD"], include_in_schema=False)
    def void_negotiated(request: Request) -> Response:
        return void(request, rv.negotiate(request.headers.get("accept"), VOID_FORMATS, default=rv.TURTLE), True)

    @app.api_route("/void.{ext}", methods=["GET", "HEAD"], include_in_schema=False)
    def void_file(request: Request, ext: str) -> Response:
        fmt = {f.ext: f for f in VOID_FORMATS}.get(ext)
        if fmt is None:
            return Response("Not found\n", status_code=404, media_type="text/plain; charset=utf-8", headers=rv.cors())
        return void(request, fmt, False)
