"""The ``kg`` command: a thin layer over kg.build, kg.store and the server.

Output goes to stdout, progress and errors to stderr. Exit codes: 0 success;
1 some input was bad (articles skipped, validation violations); 2 usage
errors; 3 the store is missing or unusable.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
from pathlib import Path

import click
import pyoxigraph as ox
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg import __version__

stderr = Console(stderr=True)

EXIT_BAD_INPUT = 1
EXIT_NO_STORE = 3
EXIT_SERVER = 4  # the server could not start (address in use, ...)

store_option = click.option(
    "--store", "store", envvar="KG_STORE", type=click.Path(file_okay=False), default=None,
    help="Store directory (default: $KG_STORE, else data/store in the project).",
)

RDF_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def _default_paths(paths: tuple[str, ...]) -> list[str]:
    if paths:
        return list(paths)
    from kg.build import DEFAULT_CORPUS

    local = Path("corpus")
    return [str(local if local.is_dir() else DEFAULT_CORPUS)]


def _base_iri() -> str:
    """KG_BASE_IRI (with its final slash) when set, else the default base."""
    import os

    from kg.iri import DEFAULT_BASE

    base = os.environ.get("KG_BASE_IRI") or DEFAULT_BASE
    return base if base.endswith("/") else base + "/"


def _open_store(store: str | None, read_only: bool = False):
    """The store at --store/KG_STORE, minting under KG_BASE_IRI when that is set."""
    from kg.store import KGStore

    base = _base_iri()
    try:
        return KGStore(store, read_only=read_only, base=base)
    except (FileNotFoundError, OSError) as exc:
        _error_line(exc)
        sys.exit(EXIT_NO_STORE)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.fields[file]}"), console=stderr, transient=False,
    )


def _error_line(error) -> None:
    click.echo(f"error: {error}", err=True)


@click.group()
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build and query the knowledge graph of technology companies' dealings with militaries and governments."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@store_option
@click.option("--strict", is_flag=True, help="Stop at the first bad article (exit 1).")
@click.option("--force", is_flag=True, help="Rebuild every article even if unchanged.")
def build(paths, store, strict, force):
    """Build the graph from PATHS (files or directories; default corpus/) into the store."""
    from kg.build import StrictStop, _expand, build as run_build

    files, missing = _expand(_default_paths(paths))
    kg_store = _open_store(store)
    with _progress() as progress:
        task = progress.add_task("building", total=len(files), file="")

        def tick(path: Path) -> None:
            progress.update(task, advance=1, file=path.name)

        try:
            report = run_build(_default_paths(paths), kg_store, strict=strict, force=force, on_file=tick,
                               on_error=_error_line, files=files)
        except StrictStop:
            sys.exit(EXIT_BAD_INPUT)
    for error in missing:
        _error_line(error)
    stderr.print(
        f"built {len(report.built)}, unchanged {len(report.skipped)}, removed {len(report.removed)}, "
        f"failed {len(report.errors) + len(missing)}; {report.quads} quads written to {kg_store.path}"
    )
    if report.errors or missing:
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(), required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "trig", "nquads"]), default="jsonl", show_default=True)
@click.option("--strict", is_flag=True, help="Stop at the first bad article (exit 1).")
def extract(paths, fmt, strict):
    """Extract PATHS and print the result (store untouched), IRIs under KG_BASE_IRI when set."""
    from kg import iri as iris
    from kg.build import _expand
    from kg.corpus import ArticleError, read_article
    from kg.emit import RunInfo, article_quads
    from kg.extract.extract import Extractor
    from kg.jsonl import extraction_record

    base = _base_iri()
    rebase = iris.rebaser(base)

    files, missing = _expand(paths)
    failed = list(missing)
    for error in missing:
        _error_line(error)
        if strict:
            sys.exit(EXIT_BAD_INPUT)
    extractor = Extractor(base=base)
    out = sys.stdout.buffer
    for path in files:
        try:
            article = read_article(path)
        except ArticleError as error:
            _error_line(error)
            failed.append(error)
            if strict:
                sys.exit(EXIT_BAD_INPUT)
            continue
        extraction = extractor.extract(article)
        if fmt == "jsonl":
            out.write(json.dumps(extraction_record(extraction, base), ensure_ascii=False).encode("utf-8") + b"\n")
        else:
            quads = map(rebase, article_quads(extraction, RunInfo.now(), base))
            out.write(ox.serialize(quads, format=RDF_FORMATS[fmt]))
        out.flush()
    if failed:
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False), required=True)
@click.option("--graph", "graph", default=None, help="Named graph IRI for triples (default: the default graph).")
@store_option
def load(files, graph, store):
    """Load RDF FILES (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) into the store."""
    kg_store = _open_store(store)
    bad = 0
    for path in files:
        try:
            kg_store.load_file(path, graph)
            stderr.print(f"loaded {path}")
        except (ValueError, SyntaxError, OSError) as exc:
            _error_line(f"{path}: {exc}")
            bad += 1
    kg_store.flush()
    if bad:
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@store_option
def query(query, fmt, store):
    """Run a SPARQL QUERY (text, or a .rq file) over the union of all graphs."""
    from kg.queries import read_query

    text = read_query(query)
    kg_store = _open_store(store, read_only=True)
    try:
        result = kg_store.query(text)
    except SyntaxError as exc:
        _error_line(f"query: {exc}")
        sys.exit(EXIT_BAD_INPUT)
    if isinstance(result, bool):
        click.echo(json.dumps({"boolean": result}) if fmt == "json" else str(result).lower())
        return
    if isinstance(result, ox.QueryTriples):
        sys.stdout.buffer.write(ox.serialize(result, format=ox.RdfFormat.TURTLE))
        return
    names = [v.value for v in result.variables]
    rows = [[_term(row[name]) for name in names] for row in result]
    if fmt == "json":
        click.echo(json.dumps([dict(zip(names, r)) for r in rows], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(names)
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        table = Table(*names)
        for r in rows:
            table.add_row(*[v if v is not None else "" for v in r])
        Console().print(table)


def _term(term) -> str | None:
    return None if term is None else term.value


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(RDF_FORMATS)), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="-", help="Output file (default: stdout).")
@store_option
def export(fmt, output, store):
    """Write the whole graph (TriG/N-Quads keep named graphs; others give the union)."""
    kg_store = _open_store(store, read_only=True)
    if output == "-":
        kg_store.dump(sys.stdout.buffer, RDF_FORMATS[fmt])
    else:
        with open(output, "wb") as handle:
            kg_store.dump(handle, RDF_FORMATS[fmt])


@main.command()
@store_option
def stats(store):
    """Count instances per class."""
    kg_store = _open_store(store, read_only=True)
    table = Table("class", "instances")
    for cls, count in kg_store.count_by_class():
        table.add_row(_short(cls), str(count))
    Console().print(table)


def _short(iri: str) -> str:
    from kg.namespace import KG

    prefixes = {str(KG): "kg:", "http://www.w3.org/ns/prov#": "prov:", "http://www.w3.org/2004/02/skos/core#": "skos:",
                "http://www.w3.org/2002/07/owl#": "owl:", "http://www.w3.org/ns/shacl#": "sh:",
                "http://www.w3.org/2000/01/rdf-schema#": "rdfs:", "https://schema.org/": "schema:"}
    for ns, prefix in prefixes.items():
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri


@main.command()
@store_option
def validate(store):
    """Check the built graph against the SHACL shapes (exit 1 on violations)."""
    from kg.validate import validate_store

    kg_store = _open_store(store, read_only=True)
    conforms, report = validate_store(kg_store)
    if conforms:
        click.echo("conforms: the graph satisfies every shape")
        return
    click.echo(report, err=True)
    sys.exit(EXIT_BAD_INPUT)


@main.command("eval")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="Gold directory (default tests/gold).")
@click.option("--jsonl", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Score this 'kg extract --format jsonl' output instead of extracting.")
@click.option("-v", "--verbose", is_flag=True, help="List missed, spurious and wrong items with their sentence.")
def eval_cmd(paths, gold_dir, jsonl, verbose):
    """Precision, recall and F1 of the extractor against the gold set, per article and overall."""
    from kg.evaluate import format_report, run_eval

    if jsonl and paths:
        raise click.UsageError("give PATHS or --jsonl, not both")
    report = run_eval(gold_dir, list(paths) or None, jsonl=jsonl)
    click.echo(format_report(report, verbose=verbose), nl=False)
    sys.exit(0 if report.ok else EXIT_BAD_INPUT)


def _setting_options(func):
    """One click option per server setting (server/settings.py is the single table)."""
    from server.settings import SETTINGS

    for setting in reversed(SETTINGS):
        if setting.name == "store":
            continue
        flag = "--" + setting.name.replace("_", "-")
        if setting.type is bool:
            func = click.option(flag + "/--no-" + setting.name.replace("_", "-"), setting.name, default=None,
                                help=f"{setting.help} [env {setting.env}]")(func)
        else:
            func = click.option(flag, setting.name, type=setting.type, default=None,
                                help=f"{setting.help} [env {setting.env}; default {setting.default}]")(func)
    return func


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@store_option
@_setting_options
def serve(host, port, store, **options):
    """Serve the store over HTTP: SPARQL endpoint at /sparql, entity and article pages."""
    import os

    import uvicorn

    from server.settings import settings_from_env

    kg_store = _open_store(store, read_only=True)  # fail early, with a clear message
    settings = settings_from_env(store=str(kg_store.path), **options)
    os.environ.update(settings.to_env())
    runtime = None
    if settings.update_token:
        # Updates on: every worker reads snapshots in one shared runtime directory (server/sparql_snapshots.py)
        import shutil

        from server import sparql_snapshots

        runtime = sparql_snapshots.new_runtime_dir()
        sparql_snapshots.ensure_initial(runtime, kg_store.path)
        os.environ[sparql_snapshots.RUNTIME_ENV] = str(runtime)
    stderr.print(f"serving {kg_store.path} at http://{host}:{port}/sparql with {settings.workers} worker(s)"
                 + (f"; SPARQL Update at http://{host}:{port}/update" if runtime else ""))
    del kg_store
    try:
        # access_log off: at log level warning nothing would be shown, yet each request would format the line
        from server.http_protocol import IMPORT_PATH as http_protocol

        config = uvicorn.Config("server.app:app_from_env", factory=True, host=host, port=port, http=http_protocol,
                                workers=settings.workers, log_level="warning", access_log=False)
        if settings.workers > 1:
            from server.workers import run_workers

            try:
                run_workers(config)  # a listening socket per worker: connections spread evenly
            except OSError as exc:
                stderr.print(f"[red]cannot listen on {host}:{port}: {exc.strerror or exc}[/red]")
                sys.exit(EXIT_SERVER)
        else:
            server = uvicorn.Server(config)
            with contextlib.suppress(SystemExit):  # uvicorn exits 1 when it cannot bind; we say why
                server.run()
            if not server.started:
                stderr.print(f"[red]the server could not start on {host}:{port} (see the message above)[/red]")
                sys.exit(EXIT_SERVER)
    finally:
        if runtime is not None:
            shutil.rmtree(runtime, ignore_errors=True)


if __name__ == "__main__":
    main()
