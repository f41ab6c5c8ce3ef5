"""The ontology, its generated namespace module and its SHACL shapes."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg import ontology
from kg.iri import DEFAULT_BASE, KINDS
from kg import namespace as ns
from kg.namespace import KG, PROV, WD

# Module-level SDO/XSD names would make pytest's collector poke at them and
# trigger DefinedNamespace warnings; use them through the module.

NS = "http://127.0.0.1:8000/ontology/"

CLASSES = [
    "Entity", "Organization", "Company", "MilitaryUnit", "GovernmentBody", "NewsOutlet", "Campaign",
    "Person", "Product", "Project", "Place", "Article", "Fact", "Contract", "Event",
    "ServiceProvision", "ServiceSuspension", "Protest", "Dismissal", "Investment", "Divestment",
    "Investigation", "Statement", "Partnership", "Citation", "Evidence", "Mention", "ExtractionRun",
    "ClaimStatus",
]
OBJECT_PROPERTIES = [
    "party", "supplier", "customer", "agent", "target", "instrument", "subject", "claimStatus",
    "evidence", "article", "denotes", "mentions", "cites", "citedSource", "madeBy", "partOf",
]
DATATYPE_PROPERTIES = [
    "amount", "currency", "quantity", "quantityUnit", "count", "date", "startDate", "endDate",
    "datePrecision", "subjectText", "sentence", "start", "end", "surface", "text", "contentHash",
    "sourceFile", "toolVersion", "unitNumber",
]
CLAIM_STATUSES = ["Asserted", "Reported", "Alleged", "Denied", "NotDenied"]
ENTITY_TYPES = {
    "Organization", "Company", "MilitaryUnit", "GovernmentBody", "NewsOutlet", "Campaign",
    "Person", "Product", "Project", "Place",
}
EVENT_TYPES = {
    "ServiceProvision", "ServiceSuspension", "Protest", "Dismissal", "Investment", "Divestment",
    "Investigation", "Statement", "Partnership",
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology.load_ontology()


# ---------------------------------------------------------------------------
# The Turtle and the generated module
# ---------------------------------------------------------------------------


def test_turtle_parses_with_rdflib_and_pyoxigraph(onto):
    ox_triples = list(pyoxigraph.parse(path=ontology.ONTOLOGY_PATH, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(ox_triples) == len(onto) > 500
    shapes_ox = list(pyoxigraph.parse(path=ontology.SHAPES_PATH, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(shapes_ox) == len(ontology.load_shapes()) > 100
    assert len(ontology.ontology_quads("urn:x:ontology")) == len(onto)


def test_ontology_header(onto):
    onto_iri = URIRef(NS)
    assert ontology.namespace() == NS == DEFAULT_BASE + KINDS["ontology"] + "/"
    assert (onto_iri, RDF.type, OWL.Ontology) in onto
    assert onto.value(onto_iri, OWL.versionInfo) == Literal("0.1.0")
    assert {lit.language for lit in onto.objects(onto_iri, URIRef("http://purl.org/dc/terms/title"))} >= {"en", "ar"}
    assert onto.value(onto_iri, RDFS.comment) is not None


def test_generated_module_is_up_to_date():
    committed = ontology.NAMESPACE_MODULE_PATH.read_text(encoding="utf-8")
    assert committed == ontology.generate_namespace_module(), "run `python -m kg.ontology generate`"
    assert ontology.main(["generate", "--check"]) == 0


def test_generate_check_detects_a_stale_module(tmp_path, capsys):
    stale = tmp_path / "_KG.py"
    stale.write_text("# stale\n", encoding="utf-8")
    assert ontology.main(["generate", "--check", "-o", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert ontology.main(["generate", "-o", str(stale)]) == 0
    assert ontology.main(["generate", "--check", "-o", str(stale)]) == 0


def test_generated_module_is_deterministic_and_ordered():
    assert ontology.generate_namespace_module() == ontology.generate_namespace_module()
    kinds = [t.kind for t in ontology.terms()]
    order = ["class", "object_property", "datatype_property", "concept_scheme", "individual"]
    assert kinds == sorted(kinds, key=order.index)
    for kind in order:
        names = [t.local_name for t in ontology.terms() if t.kind == kind]
        assert names == sorted(names)


@pytest.mark.parametrize(
    "names, kind",
    [(CLASSES, "class"), (OBJECT_PROPERTIES, "object_property"),
     (DATATYPE_PROPERTIES, "datatype_property"), (CLAIM_STATUSES, "individual")],
)
def test_required_terms_exist(names, kind, onto):
    by_name = {t.local_name: t for t in ontology.terms()}
    for name in names:
        assert name in by_name, name
        assert by_name[name].kind == kind, name
        assert getattr(KG, name) == URIRef(NS + name)
        assert KG[name] == URIRef(NS + name)


def test_no_unlisted_terms():
    listed = set(CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES + CLAIM_STATUSES + ["ClaimStatusScheme"])
    assert {t.local_name for t in ontology.terms()} == listed


def test_unknown_term_raises():
    with pytest.raises(AttributeError):
        KG.NoSuchTerm  # noqa: B018
    with pytest.raises(AttributeError):
        KG.contract  # case matters: the class is KG.Contract


def test_namespace_reexports():
    assert str(WD) == "http://www.wikidata.org/entity/"
    assert str(ns.SDO) == "https://schema.org/"
    assert PROV.wasGeneratedBy == URIRef("http://www.w3.org/ns/prov#wasGeneratedBy")


def test_every_term_has_labels_and_comments(onto):
    for term in ontology.terms():
        iri = URIRef(NS + term.local_name)
        labels = {lit.language for lit in onto.objects(iri, RDFS.label)}
        comments = {lit.language for lit in onto.objects(iri, RDFS.comment)}
        assert {"ar", "en"} <= labels, term.local_name
        assert {"ar", "en"} <= comments, term.local_name
        assert term.label_en and term.comment_en
        assert (iri, RDFS.isDefinedBy, URIRef(NS)) in onto


def test_classes_and_properties_are_declared(onto):
    for name in CLASSES:
        assert list(onto.objects(KG[name], RDFS.subClassOf)), f"{name} has no superclass"
    for name in OBJECT_PROPERTIES + DATATYPE_PROPERTIES:
        assert onto.value(KG[name], RDFS.domain) is not None, name
        assert onto.value(KG[name], RDFS.range) is not None, name
    for name in DATATYPE_PROPERTIES:
        assert (KG[name], RDF.type, OWL.DatatypeProperty) in onto


@pytest.mark.parametrize(
    "sub, sup",
    [
        (KG.Organization, URIRef("http://www.w3.org/ns/org#Organization")),
        (KG.Organization, ns.SDO.Organization),
        (KG.Company, ns.SDO.Corporation),
        (KG.GovernmentBody, ns.SDO.GovernmentOrganization),
        (KG.NewsOutlet, ns.SDO.NewsMediaOrganization),
        (KG.Person, PROV.Person),
        (KG.Article, ns.SDO.NewsArticle),
        (KG.Article, PROV.Entity),
        (KG.Evidence, PROV.Entity),
        (KG.ExtractionRun, PROV.Activity),
        (KG.ClaimStatus, SKOS.Concept),
        (KG.Event, ns.SDO.Event),
        (KG.Contract, KG.Fact),
        (KG.Citation, KG.Fact),
    ],
)
def test_class_alignments(sub, sup, onto):
    assert (sub, RDFS.subClassOf, sup) in onto
    assert (KG.Entity, RDFS.subClassOf, PROV.Entity) not in onto


def test_property_alignments(onto):
    assert (KG.supplier, RDFS.subPropertyOf, KG.party) in onto
    assert (KG.customer, RDFS.subPropertyOf, KG.party) in onto
    assert (KG.agent, RDFS.subPropertyOf, ns.SDO.agent) in onto
    assert (KG.instrument, RDFS.subPropertyOf, ns.SDO.instrument) in onto
    assert (KG.madeBy, RDFS.subPropertyOf, ns.SDO.manufacturer) in onto
    assert (KG.partOf, RDFS.subPropertyOf, ns.SDO.parentOrganization) in onto
    assert (KG.partOf, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#subOrganizationOf")) in onto


def test_claim_statuses_form_a_scheme(onto):
    for name in CLAIM_STATUSES:
        assert (KG[name], RDF.type, KG.ClaimStatus) in onto
        assert (KG[name], RDF.type, SKOS.Concept) in onto
        assert (KG[name], SKOS.inScheme, KG.ClaimStatusScheme) in onto
    assert (KG.ClaimStatusScheme, RDF.type, SKOS.ConceptScheme) in onto


def test_entity_and_event_types_come_from_the_turtle():
    assert set(ontology.entity_types()) == ENTITY_TYPES
    assert set(ontology.event_types()) == EVENT_TYPES
    assert ontology.entity_types() == tuple(sorted(ENTITY_TYPES))
    assert ontology.label("Company", "ar") == "شركة"


def test_shapes_target_every_subclass_explicitly():
    # shapes.ttl lists subclasses as targets so targeting works without the ontology;
    # keep those lists in step with the class hierarchy.
    shapes = ontology.load_shapes()
    kgsh = URIRef(NS + "shapes#")

    def targets(shape: str) -> set[str]:
        return {str(c)[len(NS):] for c in shapes.objects(URIRef(kgsh + shape), SH.targetClass)}

    assert targets("EntityShape") == ENTITY_TYPES | {"Entity"}
    assert targets("EventShape") == EVENT_TYPES | {"Event"}


# ---------------------------------------------------------------------------
# SHACL: a well-formed graph passes, each defect fails at the right node
# ---------------------------------------------------------------------------

TEXT = "قالت صحيفة هآرتس إن جوجل وقعت عقدا مع الجيش الإسرائيلي. واحتج موظفون على ذلك."
SENTENCE_END = TEXT.index(".") + 1
GOOGLE_START = TEXT.index("جوجل")
GOOGLE_END = GOOGLE_START + len("جوجل")
HASH = "0123456789abcdef" * 4

VALID = f"""
@prefix kg:       <http://127.0.0.1:8000/ontology/> .
@prefix xsd:      <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs:     <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:     <http://www.w3.org/2004/02/skos/core#> .
@prefix owl:      <http://www.w3.org/2002/07/owl#> .
@prefix prov:     <http://www.w3.org/ns/prov#> .
@prefix schema:   <https://schema.org/> .
@prefix id:       <http://127.0.0.1:8000/id/> .
@prefix article:  <http://127.0.0.1:8000/article/> .
@prefix run:      <http://127.0.0.1:8000/run/> .
@prefix contract: <http://127.0.0.1:8000/contract/> .
@prefix event:    <http://127.0.0.1:8000/event/> .
@prefix citation: <http://127.0.0.1:8000/citation/> .
@prefix evidence: <http://127.0.0.1:8000/evidence/> .
@prefix mention:  <http://127.0.0.1:8000/mention/> .

article:a1 a kg:Article ;
    kg:text "{TEXT}"@ar ;
    kg:contentHash "{HASH}" ;
    kg:sourceFile "a1.md" ;
    schema:headline "جوجل والجيش"@ar ;
    schema:url <https://example.org/news/a1> ;
    schema:datePublished "2024-05-01"^^xsd:date ;
    schema:inLanguage "ar" ;
    schema:publisher id:aljazeera ;
    prov:wasGeneratedBy run:a1 ;
    kg:mentions id:google ;
    kg:cites id:haaretz .

run:a1 a kg:ExtractionRun ;
    kg:toolVersion "0.1.0" ;
    kg:article article:a1 ;
    prov:startedAtTime "2024-05-02T10:00:00Z"^^xsd:dateTime ;
    prov:endedAtTime "2024-05-02T10:00:01Z"^^xsd:dateTime .

evidence:e1 a kg:Evidence ;
    kg:article article:a1 ;
    kg:sentence "{TEXT[:SENTENCE_END]}"@ar ;
    kg:start "0"^^xsd:integer ;
    kg:end "{SENTENCE_END}"^^xsd:integer .

mention:m1 a kg:Mention ;
    kg:article article:a1 ;
    kg:denotes id:google ;
    kg:surface "جوجل"@ar ;
    kg:start "{GOOGLE_START}"^^xsd:integer ;
    kg:end "{GOOGLE_END}"^^xsd:integer .

contract:c1 a kg:Contract ;
    kg:supplier id:google ;
    kg:customer id:idf ;
    kg:subject id:nimbus ;
    kg:subjectText "خدمات سحابية"@ar ;
    kg:amount "1200000000"^^xsd:decimal ;
    kg:currency "USD" ;
    kg:date "2021-04"^^xsd:gYearMonth ;
    kg:datePrecision "month" ;
    kg:claimStatus kg:Reported ;
    kg:evidence evidence:e1 .

event:p1 a kg:Protest ;
    kg:agent id:notech ;
    kg:target id:google ;
    kg:count "50"^^xsd:decimal ;
    kg:date "2024"^^xsd:gYear ;
    kg:datePrecision "year" ;
    kg:claimStatus kg:Asserted ;
    kg:evidence evidence:e1 .

citation:x1 a kg:Citation ;
    kg:citedSource id:haaretz ;
    kg:evidence evidence:e1 .

id:google a kg:Company ;
    skos:prefLabel "Google"@en , "جوجل"@ar ;
    skos:altLabel "غوغل"@ar ;
    owl:sameAs <http://www.wikidata.org/entity/Q95> .
id:idf a kg:MilitaryUnit ; skos:prefLabel "Israel Defense Forces"@en .
id:nimbus a kg:Project ; skos:prefLabel "Project Nimbus"@en ; kg:madeBy id:google .
id:notech a kg:Campaign ; rdfs:label "No Tech for Apartheid"@en .
id:haaretz a kg:NewsOutlet ; skos:prefLabel "هآرتس"@ar .
id:aljazeera a kg:NewsOutlet ; skos:prefLabel "الجزيرة"@ar .
"""

B = DEFAULT_BASE
C1 = URIRef(B + "contract/c1")
P1 = URIRef(B + "event/p1")
X1 = URIRef(B + "citation/x1")
E1 = URIRef(B + "evidence/e1")
M1 = URIRef(B + "mention/m1")
A1 = URIRef(B + "article/a1")
R1 = URIRef(B + "run/a1")
GOOGLE = URIRef(B + "id/google")


def valid_graph() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


def focus_nodes(report: Graph) -> set:
    return set(report.objects(None, SH.focusNode))


def test_valid_graph_conforms():
    result = ontology.validate(valid_graph())
    assert result.conforms, result.report_text


def test_valid_graph_conforms_with_pyshacl_directly(onto):
    # The ontology loaded into the validated graph, no inference: the shapes need
    # no reasoning (targets are explicit, sh:class follows rdfs:subClassOf in the
    # data graph); inference="rdfs" also passes but adds owlrl's cost and closure
    # triples for nothing. advanced=True enables the span-text SPARQL target.
    import pyshacl

    for advanced in (False, True):
        conforms, _, text = pyshacl.validate(
            valid_graph() + onto, shacl_graph=ontology.load_shapes(), inference="none", advanced=advanced
        )
        assert conforms, text


def test_validation_with_pyshacl_ont_graph_is_fast():
    # pySHACL's ont_graph mixing deep-clones owl:NamedIndividuals; a cycle among
    # them (skos:hasTopConcept back from the scheme) once made this take ~35 s.
    import time

    import pyshacl

    began = time.perf_counter()
    conforms, _, text = pyshacl.validate(
        valid_graph(), shacl_graph=ontology.load_shapes(), ont_graph=ontology.load_ontology(), inference="none"
    )
    assert conforms, text
    assert time.perf_counter() - began < 10


def test_validation_without_the_ontology_misses_only_claim_status_types():
    # Documents what the ontology in the data graph is for: without it only the
    # claim-status concepts (typed in kg.ttl) are unknown.
    import pyshacl

    conforms, report, _ = pyshacl.validate(valid_graph(), shacl_graph=ontology.load_shapes(), inference="none")
    assert not conforms
    assert set(report.objects(None, SH.resultPath)) == {KG.claimStatus}


def test_validate_accepts_a_dataset():
    from rdflib import Dataset

    ds = Dataset()
    graph = ds.graph(URIRef(B + "graph/a1"))
    for triple in valid_graph():
        graph.add(triple)
    assert ontology.validate(ds).conforms
    graph.remove((C1, KG.evidence, None))
    assert not ontology.validate(ds).conforms


def _set(s, p, o) -> Callable[[Graph], None]:
    return lambda g: g.set((s, p, o))


def _add(s, p, o) -> Callable[[Graph], None]:
    return lambda g: g.add((s, p, o))


def _remove(s, p) -> Callable[[Graph], None]:
    return lambda g: g.remove((s, p, None))


def _nni(n: int) -> Literal:
    return Literal(str(n), datatype=ns.XSD.integer)


# (defect, mutation, focus node that must be reported, path reported or None for node-level)
DEFECTS = [
    # contracts
    ("contract without evidence", _remove(C1, KG.evidence), C1, KG.evidence),
    ("contract evidence not typed Evidence", _set(C1, KG.evidence, M1), C1, KG.evidence),
    ("currency written out", _set(C1, KG.currency, Literal("dollars")), C1, KG.currency),
    ("currency lowercase", _set(C1, KG.currency, Literal("usd")), C1, KG.currency),
    ("two currencies", _add(C1, KG.currency, Literal("ILS")), C1, KG.currency),
    ("date as plain string", _set(C1, KG.date, Literal("2021-04")), C1, KG.date),
    ("date as xsd:dateTime", _set(C1, KG.date, Literal("2021-04-01T00:00:00", datatype=ns.XSD.dateTime)), C1, KG.date),
    ("ill-formed gYearMonth", _set(C1, KG.date, Literal("2021-13", datatype=ns.XSD.gYearMonth)), C1, KG.date),
    ("two dates", _add(C1, KG.date, Literal("2022", datatype=ns.XSD.gYear)), C1, KG.date),
    ("precision not day/month/year", _set(C1, KG.datePrecision, Literal("week")), C1, KG.datePrecision),
    ("precision disagrees with date", _set(C1, KG.datePrecision, Literal("day")), C1, None),
    ("amount as string", _set(C1, KG.amount, Literal("1.2 billion")), C1, KG.amount),
    ("amount as float", _set(C1, KG.amount, Literal(1.2e9)), C1, KG.amount),
    ("negative amount", _set(C1, KG.amount, Literal(Decimal("-5"))), C1, KG.amount),
    ("startDate as string", _set(C1, KG.startDate, Literal("2021")), C1, KG.startDate),
    ("contract without parties", lambda g: [g.remove((C1, p, None)) for p in (KG.supplier, KG.customer)], C1, None),
    ("party is a literal", _set(C1, KG.customer, Literal("الجيش")), C1, None),
    ("two claim statuses", _add(C1, KG.claimStatus, KG.Denied), C1, KG.claimStatus),
    ("claim status not a ClaimStatus", _set(C1, KG.claimStatus, KG.Contract), C1, KG.claimStatus),
    ("subject as surface text", _set(C1, KG.subject, Literal("نيمبوس")), C1, KG.subject),
    ("subjectText without language", _set(C1, KG.subjectText, Literal("cloud")), C1, KG.subjectText),
    # events (typed only with a subclass)
    ("protest without evidence", _remove(P1, KG.evidence), P1, KG.evidence),
    ("agent is a literal", _set(P1, KG.agent, Literal("Google")), P1, KG.agent),
    ("target is a blank node", _set(P1, KG.target, BNode()), P1, KG.target),
    ("event date wrong type", _set(P1, KG.date, Literal(2024)), P1, KG.date),
    ("negative count", _set(P1, KG.count, Literal(Decimal("-1"))), P1, KG.count),
    # citations
    ("citation without source", _remove(X1, KG.citedSource), X1, KG.citedSource),
    ("citation with two sources", _add(X1, KG.citedSource, GOOGLE), X1, KG.citedSource),
    ("citation without evidence", _remove(X1, KG.evidence), X1, KG.evidence),
    # evidence
    ("evidence without article", _remove(E1, KG.article), E1, KG.article),
    ("evidence sentence without language", _set(E1, KG.sentence, Literal(TEXT[:SENTENCE_END])), E1, KG.sentence),
    ("evidence offset as a string", _set(E1, KG.start, Literal("0")), E1, KG.start),
    ("evidence offset negative", _set(E1, KG.start, Literal(-1)), E1, KG.start),
    ("evidence start not before end", _set(E1, KG.start, _nni(SENTENCE_END)), E1, KG.start),
    ("evidence without end", _remove(E1, KG.end), E1, KG.end),
    ("evidence offsets off by one", _set(E1, KG.end, _nni(SENTENCE_END - 1)), E1, None),
    # mentions
    ("mention surface not at offsets", _set(M1, KG.start, _nni(GOOGLE_START + 1)), M1, None),
    ("mention denotes a literal", _set(M1, KG.denotes, Literal("جوجل")), M1, KG.denotes),
    ("mention without surface", _remove(M1, KG.surface), M1, KG.surface),
    ("mention article not an Article", _set(M1, KG.article, GOOGLE), M1, KG.article),
    # articles
    ("article without text", _remove(A1, KG.text), A1, KG.text),
    ("content hash uppercase", _set(A1, KG.contentHash, Literal(HASH.upper())), A1, KG.contentHash),
    ("content hash truncated", _set(A1, KG.contentHash, Literal(HASH[:40])), A1, KG.contentHash),
    ("url as a literal", _set(A1, ns.SDO.url, Literal("https://example.org/news/a1")), A1, ns.SDO.url),
    ("two urls", _add(A1, ns.SDO.url, URIRef("https://example.org/other")), A1, ns.SDO.url),
    ("language not ar/en/mixed", _set(A1, ns.SDO.inLanguage, Literal("arabic")), A1, ns.SDO.inLanguage),
    ("datePublished as dateTime string", _set(A1, ns.SDO.datePublished, Literal("1 May 2024")), A1, ns.SDO.datePublished),
    ("article not generated by a run", _remove(A1, PROV.wasGeneratedBy), A1, PROV.wasGeneratedBy),
    # extraction runs
    ("run without tool version", _remove(R1, KG.toolVersion), R1, KG.toolVersion),
    ("run time not a dateTime", _set(R1, PROV.startedAtTime, Literal("2024-05-02")), R1, PROV.startedAtTime),
    # entities
    ("entity without label", _remove(GOOGLE, SKOS.prefLabel), GOOGLE, None),
    ("sameAs to DBpedia", _set(GOOGLE, OWL.sameAs, URIRef("http://dbpedia.org/resource/Google")), GOOGLE, OWL.sameAs),
    ("sameAs to a Wikidata page", _set(GOOGLE, OWL.sameAs, URIRef("https://www.wikidata.org/wiki/Q95")), GOOGLE, OWL.sameAs),
    ("sameAs as a QID string", _set(GOOGLE, OWL.sameAs, Literal("Q95")), GOOGLE, OWL.sameAs),
    ("two English prefLabels", _add(GOOGLE, SKOS.prefLabel, Literal("Alphabet", lang="en")), GOOGLE, SKOS.prefLabel),
    ("madeBy a literal", _set(URIRef(B + "id/nimbus"), KG.madeBy, Literal("Google")), URIRef(B + "id/nimbus"), KG.madeBy),
]


@pytest.mark.parametrize("defect, mutate, focus, path", DEFECTS, ids=[d[0] for d in DEFECTS])
def test_shapes_catch_defect(defect, mutate, focus, path):
    graph = valid_graph()
    mutate(graph)
    result = ontology.validate(graph)
    assert not result.conforms, f"{defect}: not caught"
    # The defect is reported at its own node, and nowhere else.
    assert focus_nodes(result.report_graph) == {focus}, result.report_text
    if path is not None:
        assert path in set(result.report_graph.objects(None, SH.resultPath)), result.report_text


def test_entity_label_may_be_rdfs_label_only():
    graph = valid_graph()
    graph.remove((GOOGLE, SKOS.prefLabel, None))
    graph.add((GOOGLE, RDFS.label, Literal("Google", lang="en")))
    assert ontology.validate(graph).conforms


def test_contract_with_only_an_untyped_party_conforms():
    graph = valid_graph()
    for p in (KG.supplier, KG.customer):
        graph.remove((C1, p, None))
    graph.add((C1, KG.party, GOOGLE))
    assert ontology.validate(graph).conforms


def test_mixed_language_article_text_may_be_xsd_string():
    graph = valid_graph()
    graph.set((A1, KG.text, Literal(TEXT)))
    graph.set((A1, ns.SDO.inLanguage, Literal("mixed")))
    assert ontology.validate(graph).conforms
