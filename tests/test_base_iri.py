"""A deployment's own base IRI: everything it builds lives under it."""
from __future__ import annotations

import pyoxigraph as ox

from kg.build import build
from kg.iri import DEFAULT_BASE
from kg.store import KGStore

from .conftest import CORPUS

BASE = "https://kg.example.org/"


def test_build_with_another_base_rebases_every_iri(tmp_path):
    from kg.extract.extract import Extractor

    store = KGStore(tmp_path / "s", base=BASE)
    article = sorted(CORPUS.glob("*.md"))[1]
    report = build([article], store, extractor=Extractor(base=BASE))
    assert report.ok and report.built == [f"{BASE}graph/article/{article.stem}"]
    iris = {t.value for q in store.store for t in (q.subject, q.predicate, q.object, q.graph_name)
            if isinstance(t, ox.NamedNode)}
    assert not [i for i in iris if i.startswith(DEFAULT_BASE)]
    assert f"{BASE}id/microsoft" in iris
    assert f"{BASE}ontology/Contract" in iris
    rows = list(store.query(f"SELECT ?c WHERE {{ ?c a <{BASE}ontology/ServiceSuspension> ; "
                            f"<{BASE}ontology/agent> <{BASE}id/microsoft> }}"))
    assert rows
