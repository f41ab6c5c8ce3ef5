"""Vocabularies for code: our terms (KG, generated from ontology/kg.ttl) and the standard ones we reuse.

Use these instead of IRI string literals::

    from kg.namespace import KG, PROV, SKOS
    graph.add((contract, RDF.type, KG.Contract))
"""
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Namespace

from kg.namespace._KG import KG

WD = Namespace("http://www.wikidata.org/entity/")  # Wikidata items, targets of owl:sameAs

__all__ = ["KG", "PROV", "SKOS", "OWL", "XSD", "RDF", "RDFS", "DCTERMS", "SDO", "ORG", "WD"]
