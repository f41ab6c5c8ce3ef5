"""Incremental builds, atomic per-article replacement, and bad input at build level."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import iri as iris
from kg.build import StrictStop, build
from kg.store import KGStore

from .conftest import CORPUS

TWO = sorted(CORPUS.glob("*.md"))[:2]


def graph_quads(store: KGStore, article_id: str) -> set:
    import pyoxigraph as ox

    g = ox.NamedNode(iris.graph_iri(article_id))
    return {(q.subject, q.predicate, q.object) for q in store.store.quads_for_pattern(None, None, None, g)}


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in TWO:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture()
def store(tmp_path) -> KGStore:
    return KGStore(tmp_path / "store")


def test_second_build_skips_unchanged_articles(corpus_copy, store, extractor):
    first = build([corpus_copy], store, extractor=extractor)
    assert len(first.built) == 2 and not first.skipped
    second = build([corpus_copy], store, extractor=extractor)
    assert not second.built and len(second.skipped) == 2


def test_changed_article_replaces_exactly_its_graph(corpus_copy, store, extractor):
    build([corpus_copy], store, extractor=extractor)
    changed, other = sorted(corpus_copy.glob("*.md"))
    other_before = graph_quads(store, other.stem)
    changed_before = graph_quads(store, changed.stem)
    changed.write_text(changed.read_text(encoding="utf-8") + "\nشركة Quantumleap Systems أعلنت شيئا.\n", encoding="utf-8")
    report = build([corpus_copy], store, extractor=extractor)
    assert report.built == [iris.graph_iri(changed.stem)]
    assert graph_quads(store, other.stem) == other_before
    changed_after = graph_quads(store, changed.stem)
    assert changed_after != changed_before
    # no leftovers: exactly one content hash and one text for the article
    hashes = [o for s, p, o in changed_after if p.value.endswith("/contentHash")]
    assert len(hashes) == 1


def test_removed_article_loses_its_graph(corpus_copy, store, extractor):
    build([corpus_copy], store, extractor=extractor)
    gone = sorted(corpus_copy.glob("*.md"))[0]
    gone.unlink()
    report = build([corpus_copy], store, extractor=extractor)
    assert report.removed == [iris.graph_iri(gone.stem)]
    assert not graph_quads(store, gone.stem)


BAD_CASES = {
    "empty": (b"", "empty"),
    "binary": (b"\x00\x01\x02binary\x00" * 10, "binary"),
    "latin1": ("خبر".encode() + b"\xff\xfe bad bytes", "not UTF-8"),
    "described": (b"---\ntitel: x\n---\nbody text here\n", "unknown"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_article_keeps_old_graph_and_others_build(case, corpus_copy, store, extractor):
    build([corpus_copy], store, extractor=extractor)
    victim = sorted(corpus_copy.glob("*.md"))[0]
    kept = graph_quads(store, victim.stem)
    assert kept
    content, reason = BAD_CASES[case]
    victim.write_bytes(content)
    newcomer = corpus_copy / "zz_new.txt"
    newcomer.write_text("أعلنت شركة مايكروسوفت تعليق خدماتها لوزارة الدفاع الإسرائيلية.\n", encoding="utf-8")
    report = build([corpus_copy], store, extractor=extractor)
    assert len(report.errors) == 1
    message = str(report.errors[0])
    assert victim.name in message and reason in message
    assert graph_quads(store, victim.stem) == kept  # the store keeps what it had
    assert report.built == [iris.graph_iri("zz_new")]


def test_enormous_article_is_refused_without_reading(corpus_copy, store, extractor):
    big = corpus_copy / "huge.txt"
    with open(big, "wb") as handle:
        handle.write("نص ".encode())
        handle.truncate(51 * 1024 * 1024)
    report = build([corpus_copy], store, extractor=extractor)
    assert len(report.errors) == 1 and "too large" in str(report.errors[0])
    assert len(report.built) == 2


def test_strict_stops_at_first_bad_article(corpus_copy, store, extractor):
    (corpus_copy / "000_bad.txt").write_bytes(b"")
    with pytest.raises(StrictStop) as stop:
        build([corpus_copy], store, extractor=extractor, strict=True)
    assert "000_bad.txt" in str(stop.value)


def test_plain_txt_without_metadata_builds(tmp_path, store, extractor):
    plain = tmp_path / "note.txt"
    plain.write_text("Microsoft halted services to Unit 8200 in 2025.\n", encoding="utf-8")
    report = build([plain], store, extractor=extractor)
    assert report.built == [iris.graph_iri("note")]
    assert graph_quads(store, "note")
