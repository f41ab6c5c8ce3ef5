"""SHACL validation of the built graph (pySHACL over the union graph)."""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from kg.ontology import validate
from kg.store import KGStore


def union_graph(store: KGStore) -> Graph:
    """The store's union graph as an rdflib Graph, parsed from Oxigraph's N-Triples."""
    data = ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in store.store), format=ox.RdfFormat.N_TRIPLES
    )
    graph = Graph()
    graph.parse(data=data, format="nt")
    return graph


def validate_store(store: KGStore) -> tuple[bool, str]:
    result = validate(union_graph(store))
    return result.conforms, result.report_text
