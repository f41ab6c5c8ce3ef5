"""The one place IRIs are made.

Surface text never becomes an IRI directly: names are normalised, transliterated
to an ASCII slug, and (when transliteration loses information) suffixed with a
short hash of the normalised name, so the same name always gives the same IRI and
different names never collide.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from anyascii import anyascii

from kg.text.normalize import normalize

DEFAULT_BASE = "http://127.0.0.1:8000/"

# Path segments under the base, one per kind of resource.
KINDS = {
    "entity": "id",
    "article": "article",
    "graph": "graph",
    "contract": "contract",
    "event": "event",
    "citation": "citation",
    "evidence": "evidence",
    "mention": "mention",
    "run": "run",
    "ontology": "ontology",
}

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_PLAIN = re.compile(r"^[a-z0-9]+( [a-z0-9]+)*$")
_MAX_SLUG = 60


def short_hash(text: str, length: int = 8) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()[:length]


@lru_cache(maxsize=65_536)  # pure; names and event types recur in every article
def slugify(name: str) -> str:
    """ASCII slug of a name; stable, never empty, never longer than ~70 chars.

    Pure-ASCII names whose slug keeps every letter and digit stay readable
    ("Elbit Systems" -> "elbit-systems"); anything else (Arabic script, names
    that differ only in punctuation lost by slugging) gets a hash suffix of the
    normalised name so distinct names never share a slug.
    """
    key = normalize(name)
    if _PLAIN.match(key) and len(key) <= _MAX_SLUG:
        return key.replace(" ", "-")  # reversible: only words and single spaces
    ascii_form = anyascii(key).lower()
    slug = _NON_SLUG.sub("-", ascii_form).strip("-")[:_MAX_SLUG].strip("-")
    return f"{slug}-{short_hash(key)}" if slug else short_hash(key)


def mint(kind: str, *parts: str, base: str = DEFAULT_BASE) -> str:
    """IRI for a resource of KIND identified by PARTS (already-safe id pieces or names)."""
    segment = KINDS[kind]
    if not parts:
        raise ValueError("mint() needs at least one identifying part")
    return base + segment + "/" + "/".join(slugify(p) if not _is_safe(p) else p for p in parts)


_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _is_safe(part: str) -> bool:
    return bool(_SAFE.match(part)) and len(part) <= 120


def entity_iri(name: str, base: str = DEFAULT_BASE) -> str:
    """IRI for a newly found entity, from its (normalised) name."""
    return f"{base}id/{slugify(name)}"


def article_iri(article_id: str, base: str = DEFAULT_BASE) -> str:
    return mint("article", article_id, base=base)


def graph_iri(article_id: str, base: str = DEFAULT_BASE) -> str:
    return mint("graph", "article", article_id, base=base)


def fact_iri(kind: str, article_id: str, start: int, end: int, label: str = "", base: str = DEFAULT_BASE) -> str:
    """IRI for a fact stated at [start, end) of an article (stable while the text is)."""
    suffix = f"{start}-{end}" + (f"-{slugify(label)}" if label else "")
    return mint(kind, article_id, suffix, base=base)


LEXICON_GRAPH = "graph/lexicon"
ONTOLOGY_GRAPH = "graph/ontology"


def lexicon_graph(base: str = DEFAULT_BASE) -> str:
    return base + LEXICON_GRAPH


def ontology_graph(base: str = DEFAULT_BASE) -> str:
    return base + ONTOLOGY_GRAPH


def article_id_from_filename(stem: str) -> str:
    """Article id from a file's stem: readable when ASCII-safe, hashed otherwise."""
    return stem if _is_safe(stem) else slugify(stem)


def iri_rebaser(base: str):
    """A function mapping an IRI string minted under DEFAULT_BASE to BASE (others unchanged)."""
    if base == DEFAULT_BASE:
        return lambda iri: iri
    cut = len(DEFAULT_BASE)
    return lambda iri: base + iri[cut:] if iri.startswith(DEFAULT_BASE) else iri


def rebaser(base: str):
    """A function mapping pyoxigraph quads minted under DEFAULT_BASE to BASE (identity when equal).

    Lexicon, ontology and vocabulary IRIs are written under the default base;
    a deployment with its own public base IRI gets them rewritten on the way
    into its store, so every IRI it serves dereferences on that deployment.
    """
    if base == DEFAULT_BASE:
        return lambda quad: quad
    import pyoxigraph as ox

    cut = len(DEFAULT_BASE)

    def term(t):
        if isinstance(t, ox.NamedNode) and t.value.startswith(DEFAULT_BASE):
            return ox.NamedNode(base + t.value[cut:])
        return t

    def rebase(quad):
        return ox.Quad(term(quad.subject), term(quad.predicate), term(quad.object), term(quad.graph_name))

    return rebase
