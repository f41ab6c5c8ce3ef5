"""Linked-data plumbing shared by the pages: formats, negotiation, headers, serialisation.

One table of representations (HTML and four RDF syntaxes), each with its
media type and the file extension of its per-format URL. A thing IRI answers
by content negotiation (``negotiate``, through server.conneg's real Accept
parser) with ``Vary: Accept``, a ``Content-Location`` naming the per-format URL
served, ``Link: <...>; rel="alternate"`` for every other representation and
CORS open to all origins. RDF is serialised by pyoxigraph, never by hand.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox
from fastapi.responses import Response

from server import conneg

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
PROV_NS = "http://www.w3.org/ns/prov#"
SDO_NS = "https://schema.org/"
DCT_NS = "http://purl.org/dc/terms/"
ORG_NS = "http://www.w3.org/ns/org#"
VOID_NS = "http://rdfs.org/ns/void#"
FOAF_NS = "http://xmlns.com/foaf/0.1/"
WD_NS = "http://www.wikidata.org/entity/"
SH_NS = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Fmt:
    ext: str
    media_type: str
    label: str
    rdf: ox.RdfFormat | None = None  # None: HTML

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


HTML = Fmt("html", "text/html", "HTML")
TURTLE = Fmt("ttl", "text/turtle", "Turtle", ox.RdfFormat.TURTLE)
JSONLD = Fmt("jsonld", "application/ld+json", "JSON-LD", ox.RdfFormat.JSON_LD)
NTRIPLES = Fmt("nt", "application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES)
RDFXML = Fmt("rdf", "application/rdf+xml", "RDF/XML", ox.RdfFormat.RDF_XML)
TRIG = Fmt("trig", "application/trig", "TriG", ox.RdfFormat.TRIG)
NQUADS = Fmt("nq", "application/n-quads", "N-Quads", ox.RdfFormat.N_QUADS)

#: Representations of a described thing (entity, article, ontology term), by extension.
DESCRIPTION_FORMATS: dict[str, Fmt] = {f.ext: f for f in (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)}
RDF_FORMATS: dict[str, Fmt] = {k: v for k, v in DESCRIPTION_FORMATS.items() if v.rdf is not None}

# Media types some clients send for the same representations.
_ALIASES = {
    "application/xhtml+xml": "html",
    "application/x-turtle": "ttl",
    "application/json": "jsonld",
}


def negotiate(accept: str | None, formats: Sequence[Fmt], default: Fmt) -> Fmt | None:
    """The representation ACCEPT prefers among FORMATS (DEFAULT for no header or */*); None: 406."""
    by_ext = {f.ext: f for f in formats}
    offers = [f.media_type for f in formats]
    offers += [mt for mt, ext in _ALIASES.items() if ext in by_ext]
    chosen = conneg.best(accept, offers, default=default.media_type)
    if chosen is None:
        return None
    for f in formats:
        if f.media_type == chosen:
            return f
    return by_ext[_ALIASES[chosen]]


def split_extension(name: str, formats: dict[str, Fmt]) -> tuple[str, Fmt | None]:
    """'microsoft.ttl' -> ('microsoft', TURTLE); 'microsoft' -> ('microsoft', None)."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem and ext in formats:
        return stem, formats[ext]
    return name, None


def as_uri(iri: str) -> str:
    """An IRI as a URI fit for an HTTP header (non-ASCII percent-encoded, nothing else touched)."""
    return quote(iri, safe=":/?#[]@!$&'()*+,;=%~-._")


def link_header(url: str, formats: Iterable[Fmt], served: Fmt | None, extra: Iterable[tuple[str, str, str]] = ()) -> str:
    """``Link`` value: every representation but the one SERVED as rel=alternate, plus EXTRA (url, rel, type)."""
    url = as_uri(url)
    parts = [f'<{url}.{f.ext}>; rel="alternate"; type="{f.media_type}"' for f in formats if f != served]
    parts += [f'<{as_uri(u)}>; rel="{rel}"; type="{mt}"' for u, rel, mt in extra]
    return ", ".join(parts)


def ld_headers(url: str, formats: Sequence[Fmt], served: Fmt, negotiated: bool,
               extra_links: Iterable[tuple[str, str, str]] = ()) -> dict[str, str]:
    """Headers of a linked-data response for the thing at URL (its per-format URLs are URL.ext)."""
    headers = {
        "Link": link_header(url, formats, served, extra_links),
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "Link, Content-Location, Vary",
    }
    if negotiated:
        headers["Vary"] = "Accept"
        headers["Content-Location"] = as_uri(f"{url}.{served.ext}")
    return headers


def cors() -> dict[str, str]:
    return {"Access-Control-Allow-Origin": "*"}


def prefixes(base: str, vocab: str) -> dict[str, str]:
    return {
        "kg": vocab,
        "id": base + "id/",
        "rdf": RDF_NS,
        "rdfs": RDFS_NS,
        "owl": OWL_NS,
        "xsd": XSD_NS,
        "skos": SKOS_NS,
        "prov": PROV_NS,
        "schema": SDO_NS,
        "dcterms": DCT_NS,
        "org": ORG_NS,
        "wd": WD_NS,
    }


def serialize(triples: Iterable[ox.Triple], fmt: Fmt, prefix_map: dict[str, str] | None = None) -> bytes:
    """Triples in FMT (an RDF format), prefixes where the syntax has them (JSON-LD: an @context)."""
    assert fmt.rdf is not None
    if fmt.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.TRIG) and prefix_map:
        return ox.serialize(triples, format=fmt.rdf, prefixes=prefix_map)
    body = ox.serialize(triples, format=fmt.rdf)
    if fmt.rdf == ox.RdfFormat.JSON_LD and prefix_map:
        return with_context(body, prefix_map)
    return body


_CURIE_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


def with_context(jsonld: bytes, prefix_map: dict[str, str]) -> bytes:
    """Oxigraph's JSON-LD (full IRIs, no @context) with an @context of the prefixes and compact
    IRIs for properties, types and datatypes: what JSON-LD clients expect to read, the same triples.
    Node IRIs (@id) stay absolute, so each node is found by the IRI it is known by."""
    namespaces = sorted(prefix_map.items(), key=lambda item: -len(item[1]))  # the longest namespace wins

    def compact(iri: str) -> str:
        for prefix, namespace in namespaces:
            if iri.startswith(namespace) and _CURIE_LOCAL.fullmatch(iri[len(namespace):]):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def walk(node):
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for name, value in node.items():
            if name == "@type":
                out[name] = [compact(t) for t in value] if isinstance(value, list) else compact(value)
            elif name == "@graph":
                out[name] = walk(value)
            elif name.startswith("@"):
                out[name] = value  # @id, @value, @language, @list: as written
            else:
                out[compact(name)] = walk(value)
        return out

    data = json.loads(jsonld)
    graph = data if isinstance(data, list) else data.get("@graph", [data])
    return json.dumps({"@context": dict(prefix_map), "@graph": walk(graph)}, ensure_ascii=False).encode()


def not_found_rdf(fmt: Fmt, iri: str) -> bytes:
    """An empty graph in FMT, with a comment naming IRI where the syntax allows one."""
    empty = ox.serialize([], format=fmt.rdf)
    if fmt in (TURTLE, NTRIPLES):
        # N-Triples and Turtle comments run to the end of the line; an IRI has no newline.
        return f"# No triples describe <{iri}> in this store.\n".encode() + empty
    return empty


def rdf_response(triples: list[ox.Triple], fmt: Fmt, headers: dict[str, str], prefix_map: dict[str, str] | None = None,
                 status: int = 200) -> Response:
    return Response(serialize(triples, fmt, prefix_map), status_code=status, media_type=fmt.content_type, headers=headers)


def not_acceptable(url: str, formats: Sequence[Fmt]) -> Response:
    listing = "\n".join(f"{f.media_type}\t{url}.{f.ext}" for f in formats)
    return Response(
        "None of the representations of this resource is acceptable. Available:\n" + listing + "\n",
        status_code=406, media_type="text/plain; charset=utf-8",
        headers={"Link": link_header(url, formats, None), "Vary": "Accept", "Access-Control-Allow-Origin": "*"},
    )


def dedupe(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Distinct triples in first-seen order (the union graph repeats a triple stated in two graphs)."""
    return list(dict.fromkeys(triples))
