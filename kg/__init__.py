"""Knowledge-graph builder: news articles -> RDF facts with evidence -> SPARQL.

The notebook API lives here: ``kg.load()`` and ``kg.query_df()``.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load", "query_df"]


def load(store: str | None = None):
    """Open the built graph as an rdflib Dataset (union of all named graphs)."""
    from kg.notebook import load as _load

    return _load(store)


def query_df(sparql: str, store: str | None = None):
    """Run a SPARQL SELECT in Oxigraph's engine and return a pandas DataFrame."""
    from kg.notebook import query_df as _query_df

    return _query_df(sparql, store)
