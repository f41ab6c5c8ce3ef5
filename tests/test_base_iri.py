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


def test_kg_extract_writes_every_iri_under_the_base_the_build_uses(tmp_path):
    """`kg extract` with KG_BASE_IRI prints the IRIs `kg build` stores under that base."""
    import json
    import os
    import re
    import subprocess
    import sys

    from kg.extract.extract import Extractor

    article = sorted(CORPUS.glob("*.md"))[1]
    env = {**os.environ, "KG_BASE_IRI": BASE}
    cwd = CORPUS.parent
    record = json.loads(subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(article), "--format", "jsonl"],
                                       cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout)
    nquads = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(article), "--format", "nquads"],
                            cwd=cwd, env=env, capture_output=True, check=True).stdout
    in_record = set(re.findall(r"https?://[^\s\"]+", json.dumps({k: v for k, v in record.items() if k != "text"})))
    assert record["article"] == f"{BASE}article/{article.stem}"
    assert not [i for i in in_record if i.startswith(DEFAULT_BASE)]
    extracted = {t.value for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
                 for t in (q.subject, q.predicate, q.object, q.graph_name) if isinstance(t, ox.NamedNode)}
    assert not [i for i in extracted if i.startswith(DEFAULT_BASE)]
    store = KGStore(tmp_path / "s", base=BASE)
    build([article], store, extractor=Extractor(base=BASE))
    stored = {t.value for q in store.store for t in (q.subject, q.predicate, q.object, q.graph_name)
              if isinstance(t, ox.NamedNode)}
    entities = {e["iri"] for e in record["entities"]}
    assert f"{BASE}id/microsoft" in entities and entities <= stored
    assert {i for i in extracted if "/run/" not in i and "/software/" not in i} <= stored
