"""The notebook API: the built graph as an rdflib Dataset or pandas DataFrames.

``load()`` opens the store through oxrdflib, so SPARQL strings passed to
``Dataset.query`` still run in Oxigraph's engine (pass the string alone: a
prepared query or extra keyword arguments fall back to rdflib's slow engine).
``query_df()`` skips rdflib altogether.
"""
from __future__ import annotations

from rdflib import Dataset

from kg.store import KGStore, store_path


def load(store: str | None = None, writable: bool = False) -> Dataset:
    """An rdflib Dataset over the store; queries see the union of all graphs.

    Read-only by default, so a notebook can sit beside a running ``kg build``
    or ``kg serve`` (it sees the store as it was when opened).
    """
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    path = store_path(store)
    if not path.exists():
        raise FileNotFoundError(f"no store at {path}: run 'kg build' first")
    backend = ox.Store(str(path)) if writable else ox.Store.read_only(str(path))
    return Dataset(store=OxigraphStore(store=backend), default_union=True)


def query_df(sparql: str, store: str | None = None):
    """Run a SELECT in Oxigraph and return a pandas DataFrame (IRIs and literals as strings)."""
    import pandas as pd

    kg_store = KGStore(store, read_only=True)
    result = kg_store.query(sparql)
    names = [v.value for v in result.variables]
    rows = [[None if row[n] is None else row[n].value for n in names] for row in result]
    return pd.DataFrame(rows, columns=names)
