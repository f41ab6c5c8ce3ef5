"""What every linked-data page needs: the deployment's IRIs, the store, templates, links.

``Site`` is built once per app (per worker) from ``app.state.settings`` and
``app.state.store``: the public base IRI, the ontology namespace the store
actually uses, the ontology's terms and labels, the Jinja2 environment
(autoescape on for every template) and cached store statistics. The store a
server opens is read-only, so what is computed from it once stays true for
the worker's life.

IRIs are never built from request hosts: a thing is ``{base_iri}id/{slug}``,
whatever port or proxy the request came through. Links in HTML are relative
to the page (``../id/microsoft``), computed from the base IRI, so pages work
on the public host, behind a path prefix and on a test port alike; headers
and RDF carry absolute IRIs under the base.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import jinja2
import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from kg import iri as iris
from kg.namespace import KG
from server.rdf_views import RDF_NS, RDFS_NS, SKOS_NS, prefixes

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
ONTOLOGY_FILE = HERE.parent / "ontology" / "kg.ttl"

RDF_TYPE = RDF_NS + "type"
PREF_LABEL = SKOS_NS + "prefLabel"
RDFS_LABEL = RDFS_NS + "label"

_LOCAL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def term(value: str) -> str:
    """A SPARQL term for an IRI, validated by pyoxigraph (raises ValueError on a bad IRI)."""
    return str(ox.NamedNode(value))


def literal(value: str) -> str:
    """A SPARQL string literal, escaped by pyoxigraph."""
    return str(ox.Literal(value))


def key(t) -> str:
    """Dictionary key of an RDF term: the IRI, or '_:id' for a blank node."""
    return "_:" + t.value if isinstance(t, ox.BlankNode) else t.value


# ---------------------------------------------------------------------------
# Labels and a small in-memory index over CONSTRUCT results
# ---------------------------------------------------------------------------


@dataclass
class Label:
    """A thing's names: Arabic and English preferred labels and a fallback."""

    ar: str | None = None
    en: str | None = None
    other: str | None = None
    fallback: str = ""

    @property
    def best(self) -> str:
        return self.en or self.ar or self.other or self.fallback

    @property
    def primary(self) -> tuple[str, str | None]:
        """(text, lang) of the label to show where only one fits: English, else Arabic."""
        if self.en:
            return self.en, "en"
        if self.ar:
            return self.ar, "ar"
        return self.other or self.fallback, None


class GraphIndex:
    """Triples indexed by subject and by object, for building views."""

    def __init__(self, triples: Iterable[ox.Triple]):
        self.triples = list(dict.fromkeys(triples))
        self.out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.inc: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for t in self.triples:
            self.out[key(t.subject)][t.predicate.value].append(t.object)
            if not isinstance(t.object, ox.Literal):
                self.inc[key(t.object)][t.predicate.value].append(key(t.subject))

    def __len__(self) -> int:
        return len(self.triples)

    def objects(self, s: str, p: str) -> list:
        return self.out.get(s, {}).get(p, [])

    def first(self, s: str, p: str):
        values = self.objects(s, p)
        return values[0] if values else None

    def value(self, s: str, p: str) -> str | None:
        v = self.first(s, p)
        return v.value if v is not None else None

    def iris(self, s: str, p: str) -> list[str]:
        return [o.value for o in self.objects(s, p) if isinstance(o, ox.NamedNode)]

    def subjects(self, p: str, o: str) -> list[str]:
        return self.inc.get(o, {}).get(p, [])

    def types(self, s: str) -> list[str]:
        return self.iris(s, RDF_TYPE)

    def label(self, s: str) -> Label:
        return label_from(self.objects(s, PREF_LABEL) or self.objects(s, RDFS_LABEL), s)


def label_from(literals: Iterable, iri: str = "") -> Label:
    lab = Label(fallback=local_part(iri))
    for lit in literals:
        if not isinstance(lit, ox.Literal):
            continue
        lang = (lit.language or "").split("-")[0]
        if lang == "ar" and lab.ar is None:
            lab.ar = lit.value
        elif lang == "en" and lab.en is None:
            lab.en = lit.value
        elif lab.other is None:
            lab.other = lit.value
    return lab


def local_part(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/"))[-1] if iri else ""


# ---------------------------------------------------------------------------
# The ontology, as the store has it
# ---------------------------------------------------------------------------

KINDS = (
    ("class", "http://www.w3.org/2002/07/owl#Class", "Classes", "الأصناف"),
    ("object_property", "http://www.w3.org/2002/07/owl#ObjectProperty", "Object properties", "خصائص العلاقات"),
    ("datatype_property", "http://www.w3.org/2002/07/owl#DatatypeProperty", "Datatype properties", "خصائص القيم"),
    ("concept_scheme", SKOS_NS + "ConceptScheme", "Concept schemes", "مخططات المفاهيم"),
    ("individual", "http://www.w3.org/2002/07/owl#NamedIndividual", "Individuals", "الأفراد"),
)


@dataclass
class Term:
    iri: str
    local: str
    kind: str
    label: Label
    comments: dict[str, str] = field(default_factory=dict)


class Ontology:
    """Terms of the ontology graph (``{base}graph/ontology``; ontology/kg.ttl when the store lacks it)."""

    def __init__(self, store, base: str, vocab: str):
        self.vocab = vocab
        graph = iris.ontology_graph(base)
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
        self.from_store = bool(triples)
        if not triples:
            triples = list(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE))
            if vocab != str(KG):
                triples = [_rebase_triple(t, str(KG), vocab) for t in triples]
        self.graph = GraphIndex(triples)
        self.terms: dict[str, Term] = {}
        for s in list(self.graph.out):
            if not s.startswith(vocab):
                continue
            local = s[len(vocab):]
            if not _LOCAL_NAME.match(local):
                continue  # the ontology itself, shapes (…/shapes#X)
            kind = self._kind(s)
            if kind is None:
                continue
            comments = {}
            for c in self.graph.objects(s, RDFS_NS + "comment"):
                comments.setdefault((c.language or "").split("-")[0] or "en", c.value)
            self.terms[local] = Term(s, local, kind, self.graph.label(s), comments)

    def _kind(self, s: str) -> str | None:
        types = set(self.graph.types(s))
        for kind, type_iri, _, _ in KINDS:
            if type_iri in types:
                return kind
        return "individual" if types else None

    def term_for(self, iri: str) -> Term | None:
        if iri.startswith(self.vocab):
            return self.terms.get(iri[len(self.vocab):])
        return None

    def label(self, iri: str) -> Label:
        t = self.term_for(iri)
        return t.label if t else Label(fallback=local_part(iri))

    def triples_of(self, iri: str) -> list[ox.Triple]:
        """The term's own triples, with the blank nodes they lead to (owl:unionOf lists)."""
        return self._closure([iri])

    def ontology_triples(self) -> list[ox.Triple]:
        """The whole ontology: every triple about the vocabulary's own IRIs (not the SHACL shapes)."""
        roots = [s for s in self.graph.out
                 if s == self.vocab or (s.startswith(self.vocab) and _LOCAL_NAME.match(s[len(self.vocab):]))]
        return self._closure(roots)

    def _closure(self, roots: list[str]) -> list[ox.Triple]:
        out: list[ox.Triple] = []
        seen: set[str] = set()
        todo = list(reversed(roots))
        while todo:
            s = todo.pop()
            if s in seen:
                continue
            seen.add(s)
            subject = ox.BlankNode(s[2:]) if s.startswith("_:") else ox.NamedNode(s)
            for p, objects in self.graph.out.get(s, {}).items():
                for o in objects:
                    out.append(ox.Triple(subject, ox.NamedNode(p), o))
                    if isinstance(o, ox.BlankNode):
                        todo.append(key(o))
        return out

    def superclasses(self, iri: str) -> list[str]:
        return self.graph.iris(iri, RDFS_NS + "subClassOf")

    def subclasses(self, iri: str) -> list[str]:
        return [s for s in self.graph.subjects(RDFS_NS + "subClassOf", iri) if not s.startswith("_:")]

    def descendants(self, iri: str) -> list[str]:
        """IRI and all its subclasses, transitively."""
        out, todo = [], [iri]
        while todo:
            c = todo.pop()
            if c in out:
                continue
            out.append(c)
            todo.extend(self.subclasses(c))
        return out

    def is_subclass(self, iri: str, ancestor: str) -> bool:
        return iri in self.descendants(ancestor)


def _rebase_triple(t: ox.Triple, old: str, new: str) -> ox.Triple:
    def r(x):
        if isinstance(x, ox.NamedNode) and x.value.startswith(old):
            return ox.NamedNode(new + x.value[len(old):])
        return x
    return ox.Triple(r(t.subject), r(t.predicate), r(t.object))


# ---------------------------------------------------------------------------
# The site
# ---------------------------------------------------------------------------


@dataclass
class Stats:
    """Store-wide counts (computed once per worker; the server's store is read-only)."""

    quads: int
    triples: int
    distinct_subjects: int
    distinct_objects: int
    entities: int
    class_counts: dict[str, int]
    property_counts: dict[str, int]
    same_as_wikidata: int


class Site:
    def __init__(self, app: FastAPI):
        settings = app.state.settings
        self.settings = settings
        self.base: str = settings.base_iri
        term(self.base)  # a bad base IRI fails at start, not on the first request
        self.kgstore = app.state.store
        self.store: ox.Store = self.kgstore.store
        self.vocab = detect_vocab(self.kgstore, self.base)
        self.ontology = Ontology(self.store, self.base, self.vocab)
        self.prefixes = prefixes(self.base, self.vocab)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,  # every template, whatever its name
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals["site"] = self
        self.env.filters["amount"] = format_amount
        self._stats: Stats | None = None

    # -- IRIs -----------------------------------------------------------------

    def entity_iri(self, slug: str) -> str:
        return f"{self.base}id/{slug}"

    def article_iri(self, article_id: str) -> str:
        return iris.article_iri(article_id, self.base)

    def graph_iri(self, article_id: str) -> str:
        return iris.graph_iri(article_id, self.base)

    def is_entity(self, iri: str) -> bool:
        return iri.startswith(self.base + "id/")

    def article_id(self, iri: str) -> str | None:
        prefix = self.base + "article/"
        return iri[len(prefix):] if iri.startswith(prefix) else None

    def sparql_prefixes(self) -> str:
        return "".join(f"PREFIX {p}: {term(ns)}\n" for p, ns in self.prefixes.items())

    def query(self, body: str):
        """SPARQL over the union graph, with the site's prefixes (kg: is the store's vocabulary)."""
        return self.kgstore.query(self.sparql_prefixes() + body)

    def instance_count(self, class_iri: str) -> int:
        """Distinct subjects typed with CLASS_IRI or any of its subclasses."""
        values = " ".join(term(c) for c in self.ontology.descendants(class_iri))
        rows = self.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c {{ {values} }} ?s a ?c }}")
        return int(next(iter(rows))[0].value)

    # -- stats ----------------------------------------------------------------

    @property
    def stats(self) -> Stats:
        if self._stats is None:
            self._stats = self._compute_stats()
        return self._stats

    def _compute_stats(self) -> Stats:
        def one(q: str) -> int:
            row = next(iter(self.query(q)))
            return int(row[0].value)

        entity_prefix = literal(self.base + "id/")
        classes = {row["c"].value: int(row["n"].value) for row in self.query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
        props = {row["p"].value: int(row["n"].value) for row in self.query(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p")}
        return Stats(
            quads=len(self.store),
            triples=sum(props.values()),
            distinct_subjects=one("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
            distinct_objects=one("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
            entities=one("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "
                         + entity_prefix + ")) }"),
            class_counts=classes,
            property_counts=props,
            same_as_wikidata=one("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { ?s owl:sameAs ?o "
                                 "FILTER(STRSTARTS(STR(?o), " + literal("http://www.wikidata.org/entity/") + ")) } }"),
        )

    # -- rendering ------------------------------------------------------------

    def render(self, request: Request, template: str, status: int = 200, headers: dict | None = None, **context) -> HTMLResponse:
        links = Linker(self, request)
        html = self.env.get_template(template).render(link=links, request_path=request.url.path, **context)
        return HTMLResponse(html, status_code=status, headers=headers)


def detect_vocab(kgstore, base: str) -> str:
    """The ontology namespace of the data: ``{base}ontology/`` when the store uses it, else kg.namespace.KG."""
    default = str(KG)
    own = base + "ontology/"
    if own == default:
        return default
    probes = " ".join(term(own + name) for name in ("Article", "Evidence", "Mention", "Contract", "Company", "Entity", "Class"))
    probe_props = " ".join(term(own + name) for name in ("text", "evidence", "article", "denotes"))
    ask = (f"ASK {{ {{ VALUES ?c {{ {probes} }} ?s a ?c }} UNION {{ VALUES ?p {{ {probe_props} }} ?s ?p ?o }} "
           f"UNION {{ GRAPH {term(iris.ontology_graph(base))} {{ {term(own + 'Article')} ?p ?o }} }} }}")
    return own if kgstore.query(ask) else default


class Linker:
    """Hrefs for one page: IRIs under the base become page-relative paths; other IRIs stay absolute."""

    _SAFE = "/#=,:@!$&'()*+;-._~%?"

    def __init__(self, site: Site, request: Request):
        self.site = site
        depth = request.url.path.count("/") - 1
        self.root = "../" * depth if depth > 0 else "./"

    def path(self, local: str) -> str:
        return self.root + quote(local, safe=self._SAFE)

    def __call__(self, iri: str | None) -> str | None:
        """Where a browser should go for IRI (None: not a web link, e.g. a blank node or urn:)."""
        if not iri:
            return None
        site = self.site
        if iri.startswith(site.base):
            return self.path(iri[len(site.base):])
        if site.vocab != site.base + "ontology/" and iri.startswith(site.vocab):
            return self.path("ontology/" + iri[len(site.vocab):])
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def article(self, article_id: str, start: int | None = None, end: int | None = None) -> str:
        href = self.path("article/" + article_id)
        if start is not None and end is not None:
            href += f"#char={int(start)},{int(end)}"
        return href


def format_amount(value) -> str:
    """1200000000 -> '1,200,000,000'; keeps decimals as stated."""
    from decimal import Decimal, InvalidOperation

    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d:,}"
