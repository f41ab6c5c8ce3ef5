"""Shared fixtures: one extractor and one store built from corpus/ per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def extractor():
    from kg.extract.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def built_store(tmp_path_factory, extractor):
    """The corpus built into a fresh store (session-wide; tests must not write to it)."""
    from kg.build import build
    from kg.store import KGStore

    store = KGStore(tmp_path_factory.mktemp("store") / "kg")
    report = build([CORPUS], store, extractor=extractor)
    assert report.ok, [str(e) for e in report.errors]
    assert len(report.built) == len(list(CORPUS.glob("*.md")))
    return store


@pytest.fixture(scope="session")
def extractions(extractor):
    """Extraction of every corpus article, by article id."""
    from kg.corpus import iter_articles

    out = {}
    for article in iter_articles([CORPUS]):
        out[article.id] = extractor.extract(article)
    return out


@pytest.fixture(scope="session")
def live_server(built_store):
    """The built corpus served by a real ``kg serve`` (2 workers) on 127.0.0.1; yields its URL."""
    from .live_server import running_server

    with running_server(str(built_store.path), "--workers", "2") as url:
        yield url
