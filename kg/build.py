"""Build: corpus files -> extraction -> quads -> store, incrementally.

Unchanged articles (same content hash) are skipped; an article whose file is
gone from a directory being built loses its graph; a bad article is reported
and skipped, leaving whatever the store had for it untouched.
"""
from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import iri as iris
from kg.corpus import ArticleError, find_article_files, read_article
from kg.emit import RunInfo, article_quads
from kg.namespace import KG
from kg.store import KGStore

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
BATCH_ARTICLES = 200  # graphs written per store call (bounds memory on big corpora)


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)
    quads: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class StrictStop(Exception):
    """--strict: the first bad article stops the build."""

    def __init__(self, error: ArticleError):
        super().__init__(str(error))
        self.error = error


def _static_graphs(base: str) -> list[tuple[str, list[Path]]]:
    from kg.lexicon import LEXICON_DIR
    from kg.ontology import ONTOLOGY_PATH, SHAPES_PATH

    return [
        (iris.ontology_graph(base), [ONTOLOGY_PATH, SHAPES_PATH]),
        (iris.lexicon_graph(base), sorted(LEXICON_DIR.glob("*.ttl"))),
    ]


def load_static_graphs(store: KGStore, force: bool = False) -> list[str]:
    """(Re)load the ontology and lexicon graphs when their files changed."""
    changed = []
    for graph, files in _static_graphs(store.base):
        digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
        g = ox.NamedNode(graph)
        current = [q.object.value for q in store.store.quads_for_pattern(g, ox.NamedNode(str(KG.contentHash)), None, g)]
        if current == [digest] and not force:
            continue
        quads = [ox.Quad(t.subject, t.predicate, t.object, g) for f in files for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)]
        quads.append(ox.Quad(g, ox.NamedNode(str(KG.contentHash)), ox.Literal(digest), g))
        store.replace_graph(graph, quads)
        changed.append(graph)
    return changed


def build(
    paths: Sequence[str | Path],
    store: KGStore,
    *,
    extractor=None,
    strict: bool = False,
    force: bool = False,
    on_file: Callable[[Path], None] | None = None,
    on_error: Callable[[ArticleError], None] | None = None,
    files: Iterable[Path] | None = None,
) -> BuildReport:
    """Build PATHS into STORE. ``on_file`` ticks progress; ``on_error`` reports a bad article."""
    report = BuildReport()
    base = store.base
    if files is None:
        files, missing = _expand(paths)
        for error in missing:
            _fail(report, error, strict, on_error)
    load_static_graphs(store, force=force)
    stored = store.stored_articles()
    seen_ids: dict[str, Path] = {}
    batch: list[tuple[str, list[ox.Quad]]] = []
    if extractor is None:
        from kg.extract.extract import Extractor

        extractor = Extractor(base=base)
    for path in files:
        if on_file:
            on_file(path)
        try:
            article = read_article(path)
        except ArticleError as error:
            _fail(report, error, strict, on_error)
            continue
        if article.id in seen_ids:
            _fail(report, ArticleError(str(path), f"duplicate article id '{article.id}' (also {seen_ids[article.id]})"), strict, on_error)
            continue
        seen_ids[article.id] = path
        graph = iris.graph_iri(article.id, base)
        previous = stored.get(graph)
        if previous and previous.content_hash == article.content_hash and not force:
            report.skipped.append(graph)
            continue
        try:
            started = RunInfo.now().started
            extraction = extractor.extract(article)
            quads = list(article_quads(extraction, RunInfo(started, RunInfo.now().ended), base))
        except Exception as exc:  # a bug on one article must not cost the others their graphs
            detail = traceback.extract_tb(exc.__traceback__)[-1]
            error = ArticleError(str(path), f"extraction failed: {type(exc).__name__}: {exc} ({Path(detail.filename).name}:{detail.lineno})")
            _fail(report, error, strict, on_error)
            continue
        batch.append((graph, quads))
        report.built.append(graph)
        report.quads += len(quads)
        if len(batch) >= BATCH_ARTICLES:
            store.write_graphs(batch)
            batch = []
    if batch:
        store.write_graphs(batch)
    report.removed = _remove_vanished(store, stored, paths, seen_ids)
    store.flush()
    return report


def _expand(paths: Sequence[str | Path]) -> tuple[list[Path], list[ArticleError]]:
    existing, missing = [], []
    for p in paths:
        if Path(p).exists():
            existing.append(p)
        else:
            missing.append(ArticleError(str(p), "no such file or directory"))
    return (find_article_files(existing) if existing else []), missing


def _fail(report: BuildReport, error: ArticleError, strict: bool, on_error) -> None:
    report.errors.append(error)
    if on_error:
        on_error(error)
    if strict:
        raise StrictStop(error)


def _remove_vanished(store: KGStore, stored, paths, seen_ids: dict[str, Path]) -> list[str]:
    """Graphs of articles that used to live under a directory being built and are gone."""
    dirs = [Path(p).resolve() for p in paths if Path(p).is_dir()]
    if not dirs:
        return []
    current = {iris.graph_iri(i, store.base) for i in seen_ids}
    removed = []
    for graph, info in stored.items():
        if graph in current or not info.source_file:
            continue
        source = Path(info.source_file).resolve()
        if any(source.is_relative_to(d) for d in dirs) and not source.exists():
            store.remove_graph(graph)
            removed.append(graph)
    return removed
