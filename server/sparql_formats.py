"""Result formats of the SPARQL endpoint and how a request picks one.

Two families: results of SELECT/ASK (SPARQL JSON, XML, CSV, TSV) and graphs
from CONSTRUCT/DESCRIBE (Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads, TriG,
N3). The Accept header is parsed by ``server.conneg.best`` (q-values,
wildcards); no Accept or ``*/*`` gives JSON for results and Turtle for graphs.
A ``format=`` parameter overrides the header (for browsers and quick links):
a short name (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``/``ttl``,
``ntriples``/``nt``, ``rdfxml``, ``jsonld``, ``nquads``, ``trig``, ``n3``) or a
media type, or a comma-separated list of those (the first known one wins).
``format=xml`` means SPARQL XML for a SELECT and RDF/XML for a CONSTRUCT.

Names here (not pyoxigraph objects) travel to the query processes, which map
them to Oxigraph's writers.
"""
from __future__ import annotations

from server.conneg import best

# media type offered -> writer name (aliases share a writer; the response says the type matched)
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "text/n3": "n3",
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "application/json": "jsonld",
}
RESULT_DEFAULT = "application/sparql-results+json"
GRAPH_DEFAULT = "text/turtle"
# canonical media type per writer (for format= names)
RESULT_CANONICAL = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                    "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_CANONICAL = {"turtle": "text/turtle", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
                   "jsonld": "application/ld+json", "nquads": "application/n-quads", "trig": "application/trig",
                   "n3": "text/n3"}
FORMAT_ALIASES = {
    "json": ("json", "jsonld"), "srj": ("json", None), "xml": ("xml", "rdfxml"), "srx": ("xml", None),
    "csv": ("csv", None), "tsv": ("tsv", None),
    "turtle": (None, "turtle"), "ttl": (None, "turtle"), "ntriples": (None, "ntriples"), "nt": (None, "ntriples"),
    "n-triples": (None, "ntriples"), "rdfxml": (None, "rdfxml"), "rdf": (None, "rdfxml"), "rdf+xml": (None, "rdfxml"),
    "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"), "nquads": (None, "nquads"), "nq": (None, "nquads"),
    "n-quads": (None, "nquads"), "trig": (None, "trig"), "n3": (None, "n3"),
}


class UnknownFormat(ValueError):
    pass


def _pair(result_type: str | None, graph_type: str | None) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    r = (result_type, RESULT_TYPES[result_type]) if result_type else None
    g = (graph_type, GRAPH_TYPES[graph_type]) if graph_type else None
    return r, g


_cache: dict[str, tuple] = {}


def negotiate(accept: str | None, format_param: str | None = None):
    """((media type, writer) for SELECT/ASK or None, (media type, writer) for CONSTRUCT/DESCRIBE or None).

    None means nothing acceptable (406 if the query turns out to be of that
    family). Raises UnknownFormat for a ``format=`` value we do not know.
    """
    if format_param:
        # a name or a media type; clients such as SPARQLWrapper send a comma-separated list
        for item in format_param.split(","):
            value = item.strip().lower()
            if value in FORMAT_ALIASES:
                r, g = FORMAT_ALIASES[value]
                return _pair(RESULT_CANONICAL[r] if r else None, GRAPH_CANONICAL[g] if g else None)
            media = value.split(";")[0].strip()
            if media in RESULT_TYPES or media in GRAPH_TYPES:
                return _pair(media if media in RESULT_TYPES else None, media if media in GRAPH_TYPES else None)
        raise UnknownFormat(format_param)
    key = accept or ""
    hit = _cache.get(key)
    if hit is None:
        hit = _pair(best(accept, list(RESULT_TYPES), RESULT_DEFAULT), best(accept, list(GRAPH_TYPES), GRAPH_DEFAULT))
        if len(_cache) > 512:
            _cache.clear()
        _cache[key] = hit
    return hit


def graph_only(accept: str | None, format_param: str | None = None) -> tuple[str, str] | None:
    """The graph format for an RDF document we produce ourselves (the service description)."""
    return negotiate(accept, format_param)[1]
