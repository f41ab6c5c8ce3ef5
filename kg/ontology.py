"""The ontology as data: load it, list its terms, validate graphs, generate KG.

``ontology/kg.ttl`` is the single source of class and property names. Code
uses them through :class:`kg.namespace.KG`, a ``DefinedNamespace`` generated
from the Turtle by this module (``python -m kg.ontology generate``), the way
rdflib ships SKOS and PROV; ``generate --check`` and a test keep the two in step.
"""
from __future__ import annotations

import argparse
import difflib
import sys
import textwrap
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pyoxigraph
from rdflib import ConjunctiveGraph, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_PATH = ONTOLOGY_DIR / "kg.ttl"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
NAMESPACE_MODULE_PATH = Path(__file__).resolve().parent / "namespace" / "_KG.py"

# Kinds of term, in the order the generated module lists them, keyed by the
# rdf:type that makes a term of that kind (first match wins).
_KINDS: tuple[tuple[str, URIRef], ...] = (
    ("class", OWL.Class),
    ("object_property", OWL.ObjectProperty),
    ("datatype_property", OWL.DatatypeProperty),
    ("concept_scheme", SKOS.ConceptScheme),
    ("individual", OWL.NamedIndividual),
)


class Term(NamedTuple):
    local_name: str
    kind: str  # "class" | "object_property" | "datatype_property" | "concept_scheme" | "individual"
    label_en: str
    comment_en: str


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def load_ontology() -> Graph:
    """A fresh rdflib Graph of ontology/kg.ttl (callers may modify it)."""
    graph = Graph()
    graph.parse(ONTOLOGY_PATH, format="turtle")
    return graph


def load_shapes() -> Graph:
    """A fresh rdflib Graph of ontology/shapes.ttl."""
    graph = Graph()
    graph.parse(SHAPES_PATH, format="turtle")
    return graph


def ontology_quads(graph_name: str | None = None) -> list[pyoxigraph.Quad]:
    """The ontology as pyoxigraph quads, in GRAPH_NAME (default graph if None), for a store."""
    target = pyoxigraph.NamedNode(graph_name) if graph_name else pyoxigraph.DefaultGraph()
    return [
        pyoxigraph.Quad(t.subject, t.predicate, t.object, target)
        for t in pyoxigraph.parse(path=ONTOLOGY_PATH, format=pyoxigraph.RdfFormat.TURTLE)
    ]


@lru_cache(maxsize=1)
def _graph() -> Graph:
    """Shared parsed ontology for read-only lookups; never hand it out."""
    return load_ontology()


@lru_cache(maxsize=1)
def namespace() -> str:
    """The vocabulary namespace: the IRI of the owl:Ontology in kg.ttl."""
    (iri,) = (s for s in _graph().subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
    return str(iri)


# ---------------------------------------------------------------------------
# Reading terms
# ---------------------------------------------------------------------------


def _literal(graph: Graph, subject: URIRef, predicate: URIRef, lang: str) -> str:
    """The (first, in sorted order, so deterministic) LANG literal of SUBJECT PREDICATE, on one line."""
    values = sorted(str(v) for v in graph.objects(subject, predicate) if getattr(v, "language", None) == lang)
    return " ".join(values[0].split()) if values else ""


def _kind(graph: Graph, subject: URIRef) -> str | None:
    types = set(graph.objects(subject, RDF.type))
    for kind, rdf_type in _KINDS:
        if rdf_type in types:
            return kind
    return None


@lru_cache(maxsize=1)
def _terms() -> tuple[Term, ...]:
    graph = _graph()
    ns = namespace()
    order = {kind: i for i, (kind, _) in enumerate(_KINDS)}
    found: dict[str, Term] = {}
    for subject in set(graph.subjects(RDF.type, None)):
        if not isinstance(subject, URIRef) or not str(subject).startswith(ns) or str(subject) == ns:
            continue
        kind = _kind(graph, subject)
        if kind is None:
            raise ValueError(f"{subject} has no rdf:type the generator knows ({', '.join(k for k, _ in _KINDS)})")
        local = str(subject)[len(ns):]
        found[local] = Term(
            local, kind, _literal(graph, subject, RDFS.label, "en"), _literal(graph, subject, RDFS.comment, "en")
        )
    return tuple(sorted(found.values(), key=lambda t: (order[t.kind], t.local_name)))


def terms() -> list[Term]:
    """Every term of the ontology as (local_name, kind, label_en, comment_en), sorted by kind, then name."""
    return list(_terms())


def _subclasses(root: str) -> tuple[str, ...]:
    graph = _graph()
    ns = namespace()
    seen: set[URIRef] = set()
    todo = [URIRef(ns + root)]
    while todo:
        for sub in graph.subjects(RDFS.subClassOf, todo.pop()):
            if isinstance(sub, URIRef) and str(sub).startswith(ns) and sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return tuple(sorted(str(s)[len(ns):] for s in seen))


@lru_cache(maxsize=1)
def entity_types() -> tuple[str, ...]:
    """Local names of the subclasses of kg:Entity, transitively (Entity itself excluded), sorted."""
    return _subclasses("Entity")


@lru_cache(maxsize=1)
def event_types() -> tuple[str, ...]:
    """Local names of the subclasses of kg:Event, transitively (Event itself excluded), sorted."""
    return _subclasses("Event")


def label(local_name: str, lang: str = "en") -> str:
    """rdfs:label of a term in LANG ("" if it has none)."""
    return _literal(_graph(), URIRef(namespace() + local_name), RDFS.label, lang)


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


class ValidationResult(NamedTuple):
    conforms: bool
    report_graph: Graph
    report_text: str


def validate(data_graph: Graph) -> ValidationResult:
    """Validate DATA_GRAPH against shapes.ttl, with the ontology added (DATA_GRAPH is not modified).

    A Dataset is validated as the union of its graphs.

    The ontology is merged into a copy of the data graph (the same as passing
    it as pySHACL's ``ont_graph``; merging also handles Datasets). No inference is run: the shapes target every class explicitly and rely on
    SHACL's own rdf:type/rdfs:subClassOf* reading only for sh:class.
    ``advanced=True`` enables the one SHACL-AF feature used, a SPARQL target
    (span text == article text at the offsets).
    """
    import pyshacl  # heavy; only needed here

    if isinstance(data_graph, ConjunctiveGraph):  # Dataset included: union of all graphs
        triples = ((s, p, o) for s, p, o, _ in data_graph.quads((None, None, None, None)))
    else:
        triples = iter(data_graph)
    merged = Graph()
    merged.addN((s, p, o, merged) for s, p, o in triples)
    merged.addN((s, p, o, merged) for s, p, o in _graph())
    conforms, report_graph, report_text = pyshacl.validate(
        merged, shacl_graph=load_shapes(), inference="none", advanced=True, inplace=True
    )
    return ValidationResult(bool(conforms), report_graph, str(report_text))


# ---------------------------------------------------------------------------
# The generated namespace module
# ---------------------------------------------------------------------------

_KIND_HEADERS = {kind: str(rdf_type) for kind, rdf_type in _KINDS}


def generate_namespace_module() -> str:
    """Python source of kg/namespace/_KG.py, modelled on rdflib's namespace/_SKOS.py."""
    graph = _graph()
    ns = namespace()
    onto = URIRef(ns)
    title = _literal(graph, onto, URIRef("http://purl.org/dc/terms/title"), "en")
    version = next((str(v) for v in graph.objects(onto, OWL.versionInfo)), "")
    comment = _literal(graph, onto, RDFS.comment, "en")
    doc_lines = [
        title + (f" (version {version})" if version else ""),
        "",
        *textwrap.wrap(comment, width=88),
        "",
        f"Generated from: ontology/{ONTOLOGY_PATH.name}",
    ]
    docstring = "\n".join(f"    {line}" if line else "" for line in doc_lines)
    docstring = docstring.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')

    lines = [
        '"""The techmil-kg vocabulary as an rdflib DefinedNamespace.',
        "",
        "GENERATED by `python -m kg.ontology generate` from ontology/kg.ttl: do not edit;",
        "edit the Turtle and regenerate (tests/test_ontology.py checks they agree).",
        '"""',
        "# fmt: off",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class KG(DefinedNamespace):",
        '    """',
        docstring,
        '    """',
        "",
        "    _fail = True",
    ]
    current_kind = None
    for term in _terms():
        if term.kind != current_kind:
            current_kind = term.kind
            lines += ["", f"    # {_KIND_HEADERS[term.kind]}"]
        note = term.comment_en or term.label_en
        lines.append(f"    {term.local_name}: URIRef" + (f"  # {note}" if note else ""))
    lines += ["", f'    _NS = Namespace("{ns}")', ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.ontology", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help=f"write {NAMESPACE_MODULE_PATH.name} from {ONTOLOGY_PATH.name}")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 if the module is out of date")
    gen.add_argument("-o", "--output", type=Path, default=NAMESPACE_MODULE_PATH, help="module path (default: %(default)s)")
    args = parser.parse_args(argv)

    source = generate_namespace_module()
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current == source:
            return 0
        diff = difflib.unified_diff(
            current.splitlines(keepends=True), source.splitlines(keepends=True),
            fromfile=str(output), tofile="generated",
        )
        sys.stderr.writelines(diff)
        print(f"{output} is out of date: run `python -m kg.ontology generate`", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(source, encoding="utf-8")
    print(f"wrote {output} ({len(_terms())} terms)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
