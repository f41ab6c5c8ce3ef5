"""The domain lexicon: canonical entities kept as RDF in ``lexicon/*.ttl``.

The lexicon is both the extractor's gazetteer (every skos:prefLabel,
skos:altLabel and skos:hiddenLabel is a surface form) and part of the
published graph (the build loads the Turtle files into the store as they
are). Each entity has exactly one core class, one skos:prefLabel in Arabic and
one in English, optional owl:sameAs to Wikidata, and optional kg:madeBy,
kg:partOf and kg:unitNumber.

Files are parsed with pyoxigraph (fast, streaming); nothing is cached at module
level: callers that need the lexicon more than once keep the returned object.

``python -m kg.lexicon`` prints entity counts per type.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.model import Entity

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicon"

BASE = "http://127.0.0.1:8000/"
KG = BASE + "ontology/"
ID = BASE + "id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
WIKIDATA = "http://www.wikidata.org/entity/"

# The core classes an entity of the lexicon may have (kg: local names).
TYPES = (
    "Company",
    "MilitaryUnit",
    "GovernmentBody",
    "Organization",
    "Person",
    "Product",
    "Project",
    "Place",
    "NewsOutlet",
    "Campaign",
)
LANGS = ("ar", "en")

_PREF = SKOS + "prefLabel"
_ALT = SKOS + "altLabel"
_HIDDEN = SKOS + "hiddenLabel"
_LABEL_RANK = {_PREF: 0, _ALT: 1, _HIDDEN: 2}

# Relations between lexicon entities (object properties) and literal extras.
RELATIONS = ("madeBy", "partOf")
LITERALS = ("unitNumber",)


@dataclass
class _Draft:
    """Everything read about one subject before validation."""

    iri: str
    file: Path
    types: list[str] = field(default_factory=list)
    labels: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # lang -> [(rank, label)]
    prefs: dict[str, list[str]] = field(default_factory=dict)
    same_as: list[str] = field(default_factory=list)
    extra: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Lexicon:
    """Canonical entities by IRI, plus the Turtle files they came from."""

    entities: dict[str, Entity]
    files: list[Path] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, iri: object) -> bool:
        return iri in self.entities

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities.values())

    def get(self, iri: str) -> Entity | None:
        return self.entities.get(iri)

    def surface_forms(self) -> Iterator[tuple[str, str, str]]:
        """(label, lang, iri) for every pref/alt/hidden label, prefLabel first."""
        for iri, entity in self.entities.items():
            for lang, labels in entity.labels.items():
                for label in labels:
                    yield label, lang, iri

    def by_type(self, type_name: str) -> list[Entity]:
        if type_name not in TYPES:
            raise ValueError(f"unknown entity type {type_name!r}; expected one of {', '.join(TYPES)}")
        return [e for e in self.entities.values() if e.type == type_name]

    def counts(self) -> dict[str, int]:
        """Number of entities per type, in TYPES order (zero counts included)."""
        counts = {t: 0 for t in TYPES}
        for entity in self.entities.values():
            counts[entity.type] += 1
        return counts

    def quads_path(self) -> list[Path]:
        """The Turtle files, for loading into the store as they are."""
        return list(self.files)

    def triples(self) -> Iterator[ox.Quad]:
        """Every triple of the lexicon files (as pyoxigraph default-graph quads)."""
        for path in self.files:
            yield from ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)


def lexicon_files(directory: Path = LEXICON_DIR) -> list[Path]:
    return sorted(directory.glob("*.ttl"))


def load_lexicon(paths: Sequence[Path] | None = None) -> Lexicon:
    """Read and validate the lexicon (default: every ``lexicon/*.ttl``, sorted).

    Raises ValueError naming the file and the entity when an entity has no
    core type or more than one, lacks (or repeats) an @ar or @en prefLabel, has
    a malformed Wikidata link, or points kg:madeBy/kg:partOf at an IRI that
    the lexicon does not define.
    """
    files = [Path(p) for p in (lexicon_files() if paths is None else paths)]
    drafts: dict[str, _Draft] = {}
    for path in files:
        _read_file(path, drafts)
    entities = {iri: _finish(draft) for iri, draft in drafts.items()}
    for draft in drafts.values():
        for relation in RELATIONS:
            for target in draft.extra.get(relation, []):
                if target not in entities:
                    raise ValueError(
                        f"{draft.file}: entity <{draft.iri}> has kg:{relation} <{target}>, "
                        "which is not defined in the lexicon"
                    )
    return Lexicon(entities=entities, files=files)


def _read_file(path: Path, drafts: dict[str, _Draft]) -> None:
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as err:
        raise ValueError(f"{path}: cannot parse Turtle: {err}") from err
    for quad in quads:
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if not isinstance(subject, ox.NamedNode):
            raise ValueError(f"{path}: blank-node subject {subject} (lexicon entities need IRIs)")
        iri = subject.value
        draft = drafts.get(iri)
        if draft is None:
            draft = drafts[iri] = _Draft(iri=iri, file=path)
        if predicate == RDF_TYPE:
            if isinstance(obj, ox.NamedNode) and obj.value.startswith(KG):
                draft.types.append(obj.value[len(KG):])
        elif predicate in _LABEL_RANK:
            if not isinstance(obj, ox.Literal) or obj.language not in LANGS:
                raise ValueError(
                    f"{path}: entity <{iri}> has a label {obj} that is not an @ar or @en literal"
                )
            value = " ".join(obj.value.split())
            draft.labels.setdefault(obj.language, []).append((_LABEL_RANK[predicate], value))
            if predicate == _PREF:
                draft.prefs.setdefault(obj.language, []).append(value)
        elif predicate == OWL_SAME_AS:
            if isinstance(obj, ox.NamedNode) and obj.value.startswith(WIKIDATA):
                draft.same_as.append(obj.value[len(WIKIDATA):])
        elif predicate.startswith(KG):
            name = predicate[len(KG):]
            if name in RELATIONS:
                if not isinstance(obj, ox.NamedNode):
                    raise ValueError(f"{path}: entity <{iri}> has kg:{name} {obj}, which is not an IRI")
                draft.extra.setdefault(name, []).append(obj.value)
            elif name in LITERALS:
                if not isinstance(obj, ox.Literal):
                    raise ValueError(f"{path}: entity <{iri}> has kg:{name} {obj}, which is not a literal")
                draft.extra.setdefault(name, []).append(obj.value)


def _finish(draft: _Draft) -> Entity:
    where = f"{draft.file}: entity <{draft.iri}>"
    core = [t for t in dict.fromkeys(draft.types) if t in TYPES]
    unknown = [t for t in dict.fromkeys(draft.types) if t not in TYPES]
    if unknown:
        raise ValueError(f"{where} has unknown type(s) {', '.join('kg:' + t for t in unknown)}")
    if not core:
        raise ValueError(f"{where} has no type (expected one of {', '.join('kg:' + t for t in TYPES)})")
    if len(core) > 1:
        raise ValueError(f"{where} has {len(core)} types ({', '.join('kg:' + t for t in core)}); expected one")
    for lang in LANGS:
        prefs = draft.prefs.get(lang, [])
        if not prefs:
            raise ValueError(f"{where} lacks a skos:prefLabel in @{lang}")
        if len(prefs) > 1:
            raise ValueError(f"{where} has {len(prefs)} skos:prefLabel in @{lang}; expected one")
    qids = list(dict.fromkeys(draft.same_as))
    if len(qids) > 1:
        raise ValueError(f"{where} has {len(qids)} Wikidata links; expected at most one")
    labels: dict[str, list[str]] = {}
    for lang in LANGS:
        ordered = sorted(draft.labels.get(lang, []), key=lambda pair: pair[0])  # stable: file order within rank
        labels[lang] = list(dict.fromkeys(label for _rank, label in ordered))
    extra = {name: list(dict.fromkeys(values)) for name, values in draft.extra.items()}
    return Entity(
        iri=draft.iri,
        type=core[0],
        labels=labels,
        wikidata=qids[0] if qids else None,
        from_lexicon=True,
        extra=extra,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print entity counts per type (and label counts) for the lexicon."""
    args = list(sys.argv[1:] if argv is None else argv)
    paths = [Path(a) for a in args] or None
    lexicon = load_lexicon(paths)
    labels = {t: 0 for t in TYPES}
    qids = {t: 0 for t in TYPES}
    for entity in lexicon:
        labels[entity.type] += sum(len(v) for v in entity.labels.values())
        qids[entity.type] += entity.wikidata is not None
    width = max(len(t) for t in TYPES)
    print(f"{'type':<{width}}  {'entities':>8}  {'labels':>7}  {'wikidata':>8}")
    for type_name, count in lexicon.counts().items():
        print(f"{type_name:<{width}}  {count:>8}  {labels[type_name]:>7}  {qids[type_name]:>8}")
    print(f"{'total':<{width}}  {len(lexicon):>8}  {sum(labels.values()):>7}  {sum(qids.values()):>8}")
    print(f"files: {len(lexicon.files)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
