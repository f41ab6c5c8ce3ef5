"""The embedded Oxigraph store, used through pyoxigraph.

Two ways in, chosen per article: a graph the store does not have yet goes in
with ``bulk_extend`` (what Oxigraph is fastest at); a graph the store already
has is replaced in ONE SPARQL update (``DROP GRAPH`` + ``INSERT DATA``), which
Oxigraph runs as a single transaction, so a reader never sees half an article.
Only graphs whose article node carries a content hash count as built, and
the hash is written last, so an interrupted load is redone by the next build.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import iri as iris
from kg.namespace import KG

DEFAULT_STORE = Path(__file__).resolve().parent.parent / "data" / "store"
GRAPH_PREFIX = "graph/article/"


def store_path(store: str | os.PathLike | None = None) -> Path:
    """--store DIR, else $KG_STORE, else data/store in the project."""
    if store:
        return Path(store)
    env = os.environ.get("KG_STORE")
    return Path(env) if env else DEFAULT_STORE


@dataclass(frozen=True)
class StoredArticle:
    graph: str
    content_hash: str
    source_file: str


class KGStore:
    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False, base: str = iris.DEFAULT_BASE):
        self.path = store_path(path)
        self.base = base
        self._rebase = iris.rebaser(base)
        if read_only:
            if not self.path.exists():
                raise FileNotFoundError(f"no store at {self.path}: run 'kg build' first")
            self.store = ox.Store.read_only(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self.store = ox.Store(str(self.path))

    # -- reading ------------------------------------------------------------

    def query(self, sparql: str, **kwargs):
        """SPARQL in Oxigraph's engine over the union of all graphs by default."""
        kwargs.setdefault("use_default_graph_as_union", True)
        return self.store.query(sparql, **kwargs)

    def stored_articles(self) -> dict[str, StoredArticle]:
        """Article graphs in the store with their content hash (complete graphs only)."""
        prefix = self.base + GRAPH_PREFIX
        out = {}
        rows = self.store.query(
            f"SELECT ?g ?h ?f WHERE {{ GRAPH ?g {{ ?a <{KG.contentHash}> ?h . OPTIONAL {{ ?a <{KG.sourceFile}> ?f }} }} "
            f"FILTER(STRSTARTS(STR(?g), \"{prefix}\")) }}"
        )
        for row in rows:
            graph = row["g"].value
            out[graph] = StoredArticle(graph, row["h"].value, row["f"].value if row["f"] else "")
        return out

    def has_graph(self, graph: str) -> bool:
        return self.store.contains_named_graph(ox.NamedNode(graph))

    # -- writing ------------------------------------------------------------

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Atomically make GRAPH hold exactly QUADS (one transaction)."""
        g = ox.NamedNode(graph)
        rebase = self._rebase
        body = ox.serialize((_triple(rebase(q)) for q in quads), format=ox.RdfFormat.N_TRIPLES)
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        self.store.update(f"DROP SILENT GRAPH <{g.value}> ;\nINSERT DATA {{ GRAPH <{g.value}> {{\n{text}\n}} }}")

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Fast non-transactional load, for graphs the store does not have yet."""
        rebase = self._rebase
        self.store.bulk_extend(quads if self.base == iris.DEFAULT_BASE else map(rebase, quads))

    def write_graphs(self, graphs: Iterable[tuple[str, list[ox.Quad]]]) -> None:
        """Write many article graphs: fresh ones in one bulk load, existing ones replaced atomically."""
        fresh: list[ox.Quad] = []
        for graph, quads in graphs:
            if self.has_graph(graph):
                self.replace_graph(graph, quads)
            else:
                fresh.extend(_hash_last(quads))
        if fresh:
            self.bulk_add(fresh)

    def remove_graph(self, graph: str) -> None:
        self.store.update(f"DROP SILENT GRAPH <{graph}>")

    def load_file(self, path: str | os.PathLike, graph: str | None = None, fmt: ox.RdfFormat | None = None) -> None:
        """Load an RDF file; triples go to GRAPH (or the default graph), quads keep theirs."""
        fmt = fmt or ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".").lower())
        if fmt is None:
            raise ValueError(f"{path}: unknown RDF format (use .ttl, .nt, .nq, .trig, .rdf, .jsonld)")
        if graph:
            self.store.bulk_load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph))
        else:
            self.store.bulk_load(path=str(path), format=fmt)

    def dump(self, output, fmt: ox.RdfFormat) -> None:
        """Quad formats keep the named graphs; triple formats get the union graph."""
        if fmt.supports_datasets:
            self.store.dump(output, format=fmt)
        else:
            ox.serialize(_union_triples(self.store), output, format=fmt)

    def flush(self) -> None:
        self.store.flush()

    def count_by_class(self) -> list[tuple[str, int]]:
        rows = self.query(
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) ?class"
        )
        return [(row["class"].value, int(row["n"].value)) for row in rows]


def _triple(quad: ox.Quad) -> ox.Triple:
    return ox.Triple(quad.subject, quad.predicate, quad.object)


def _hash_last(quads: list[ox.Quad]) -> Iterator[ox.Quad]:
    """The content-hash quad last, so an interrupted bulk load leaves no hash behind."""
    tail = []
    hash_predicate = str(KG.contentHash)
    for quad in quads:
        if quad.predicate.value == hash_predicate:
            tail.append(quad)
        else:
            yield quad
    yield from tail


def _union_triples(store: ox.Store) -> Iterator[ox.Triple]:
    seen = set()
    for quad in store:
        triple = ox.Triple(quad.subject, quad.predicate, quad.object)
        if triple not in seen:
            seen.add(triple)
            yield triple
