"""Concrete facts of the seed articles, in the built graph, with their evidence.

Each test finds the fact by SPARQL over the union graph (by the English
prefLabel of its participants, so the tests do not depend on IRI spelling),
then checks that its evidence sentence is exactly the article text at the
stated offsets.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.namespace import KG

PREFIXES = f"""
PREFIX kg: <{KG}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def rows(store, query: str) -> list[dict]:
    result = store.query(PREFIXES + query)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def assert_evidence(store, fact_iri: str) -> list[dict]:
    """Every evidence node of FACT slices its article's text exactly; returns them."""
    evidence = rows(store, f"""
        SELECT ?sentence ?start ?end ?text WHERE {{
          <{fact_iri}> kg:evidence ?e .
          ?e kg:sentence ?sentence ; kg:start ?start ; kg:end ?end ; kg:article ?a .
          ?a kg:text ?text .
        }}""")
    assert evidence, f"{fact_iri} has no evidence"
    for ev in evidence:
        assert ev["text"][int(ev["start"]):int(ev["end"])] == ev["sentence"]
    return evidence


def entity(label: str) -> str:
    return f'?{label.replace(" ", "_")} skos:prefLabel "{label}"@en .'


def test_microsoft_consulting_deal_with_israeli_military(built_store):
    found = rows(built_store, """
        SELECT ?c ?amount ?currency ?qty ?unit WHERE {
          ?c a kg:Contract ; kg:supplier ?s ; kg:customer ?m ; kg:amount ?amount ; kg:currency ?currency ;
             kg:quantity ?qty ; kg:quantityUnit ?unit .
          ?s skos:prefLabel "Microsoft"@en . ?m skos:prefLabel "Israel Defense Forces"@en .
        }""")
    deals = [r for r in found if Decimal(r["amount"]) == Decimal("10000000") and Decimal(r["qty"]) == 19000]
    assert deals, found
    assert {r["currency"] for r in deals} == {"USD"}
    assert {r["unit"] for r in deals} == {"hour"}
    # reported by two articles, each with its own evidence sentence
    articles = set()
    for deal in deals:
        for ev in assert_evidence(built_store, deal["c"]):
            assert "10 ملايين دولار" in ev["sentence"]
            articles.add(ev["text"][:40])
    assert len(articles) == 2


def test_units_rely_on_azure(built_store):
    found = rows(built_store, """
        SELECT ?e (GROUP_CONCAT(?n; separator=",") AS ?units) WHERE {
          ?e a kg:ServiceProvision ; kg:instrument ?azure ; kg:target ?u .
          ?azure skos:prefLabel "Microsoft Azure"@en .
          ?u a kg:MilitaryUnit ; kg:unitNumber ?n .
        } GROUP BY ?e""")
    assert any({"8200", "9900", "81"} <= set(r["units"].split(",")) for r in found), found
    event = next(r["e"] for r in found if {"8200", "9900", "81"} <= set(r["units"].split(",")))
    ev = assert_evidence(built_store, event)
    assert "8200" in ev[0]["sentence"] and "Azure" in ev[0]["sentence"]
    agents = rows(built_store, f"SELECT ?l WHERE {{ <{event}> kg:agent/skos:prefLabel ?l FILTER(lang(?l)='en') }}")
    assert [a["l"] for a in agents] == ["Microsoft"]


def test_m12_divests_74m_from_anyvision(built_store):
    found = rows(built_store, """
        SELECT ?e ?amount ?currency WHERE {
          ?e a kg:Divestment ; kg:agent ?m12 ; kg:target ?av ; kg:amount ?amount ; kg:currency ?currency .
          ?m12 skos:prefLabel "M12"@en .
          ?av skos:prefLabel ?avl . FILTER(STR(?avl) IN ("AnyVision", "Oosto"))
        }""")
    assert len(found) == 1, found
    assert Decimal(found[0]["amount"]) == Decimal("74000000") and found[0]["currency"] == "USD"
    assert "74" in assert_evidence(built_store, found[0]["e"])[0]["sentence"]


def test_elbit_onesim_contract_107m(built_store):
    found = rows(built_store, """
        SELECT ?c ?amount ?date ?customer WHERE {
          ?c a kg:Contract ; kg:subject ?p ; kg:supplier ?s ; kg:amount ?amount .
          ?p skos:prefLabel "OneSim"@en . ?s skos:prefLabel "Elbit Systems"@en .
          OPTIONAL { ?c kg:date ?date }
          OPTIONAL { ?c kg:customer/skos:prefLabel ?customer FILTER(lang(?customer) = "en") }
        }""")
    assert len(found) == 1, found
    assert Decimal(found[0]["amount"]) == Decimal("107000000")
    assert found[0]["date"] == "2022"
    assert found[0]["customer"] == "Israel Defense Forces"
    assert "107" in assert_evidence(built_store, found[0]["c"])[0]["sentence"]


def test_microsoft_prison_service_contract_2021(built_store):
    found = rows(built_store, """
        SELECT ?c ?amount ?date (DATATYPE(?date) AS ?dt) WHERE {
          ?c a kg:Contract ; kg:supplier ?s ; kg:customer ?ips ; kg:amount ?amount ; kg:date ?date .
          ?s skos:prefLabel "Microsoft"@en . ?ips skos:prefLabel "Israel Prison Service"@en .
        }""")
    assert len(found) == 1, found
    assert Decimal(found[0]["amount"]) == Decimal("211000")
    assert found[0]["date"] == "2021"
    assert found[0]["dt"] == "http://www.w3.org/2001/XMLSchema#gYear"
    sentence = assert_evidence(built_store, found[0]["c"])[0]["sentence"]
    assert "211" in sentence and "2021" in sentence


def test_google_fires_28_employees_april_2024(built_store):
    found = rows(built_store, """
        SELECT ?e ?count ?date WHERE {
          ?e a kg:Dismissal ; kg:agent ?g ; kg:count ?count ; kg:date ?date .
          ?g skos:prefLabel "Google"@en .
        }""")
    matching = [r for r in found if Decimal(r["count"]) == 28]
    assert len(matching) == 1, found
    assert matching[0]["date"] == "2024-04"  # "April last year" in an article dated January 2025
    assert "28" in assert_evidence(built_store, matching[0]["e"])[0]["sentence"]


def test_microsoft_cuts_off_services_to_israeli_ministry_of_defense(built_store):
    found = rows(built_store, """
        SELECT DISTINCT ?e WHERE {
          ?e a kg:ServiceSuspension ; kg:agent ?ms ; kg:target ?mod .
          ?ms skos:prefLabel "Microsoft"@en . ?mod skos:prefLabel "Israeli Ministry of Defense"@en .
        }""")
    assert found, "no suspension of services to the Ministry of Defense"
    for r in found:
        assert_evidence(built_store, r["e"])


@pytest.mark.parametrize("fact_class", ["Contract", "ServiceProvision", "ServiceSuspension", "Dismissal", "Divestment", "Citation"])
def test_every_fact_has_exact_evidence(built_store, fact_class):
    facts = rows(built_store, f"SELECT DISTINCT ?f WHERE {{ ?f a kg:{fact_class} }}")
    assert facts, f"no {fact_class} in the graph"
    for fact in facts:
        assert_evidence(built_store, fact["f"])


def test_every_mention_slices_the_article_text(built_store):
    mentions = rows(built_store, """
        SELECT ?surface ?start ?end ?text WHERE {
          ?m a kg:Mention ; kg:surface ?surface ; kg:start ?start ; kg:end ?end ; kg:article/kg:text ?text .
        }""")
    assert len(mentions) > 100
    for m in mentions:
        assert m["text"][int(m["start"]):int(m["end"])] == m["surface"]
