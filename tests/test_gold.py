"""The gold set (tests/gold/*.json) is well-formed and faithful to the article texts.

Annotation rules: tests/gold/GUIDELINES.md. These checks are what a new gold
file must pass before it is used for scoring.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.corpus import parse_published, read_article
from kg.evaluate import CLASSES, EVENT_TYPES, STATUSES
from kg.iri import article_id_from_filename

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
CORPUS = ROOT / "corpus"

GOLD_FILES = sorted(GOLD.glob("*.json"))
ARTICLES = {article_id_from_filename(p.stem): p for p in CORPUS.iterdir()
            if p.suffix.lower() in (".md", ".txt", ".html", ".htm")}

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
ENTITY_KEYS = {"name", "type", "surface", "note"}
CONTRACT_KEYS = {"suppliers", "customers", "parties", "value", "currency", "date", "start", "end", "subject",
                 "quantity", "quantity_unit", "status", "evidence", "note"}
EVENT_KEYS = {"type", "agents", "targets", "date", "count", "value", "currency", "status", "evidence", "note"}
TOP_KEYS = {"article", "published", "entities", "contracts", "events", "citations"}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(doc: dict) -> str:
    return read_article(ARTICLES[doc["article"]]).text


def _valid_date(value: str) -> bool:
    if not DATE.match(value):
        return False
    try:
        parse_published(value)
    except ValueError:
        return False
    return True


def test_one_gold_file_per_corpus_article():
    assert {p.stem for p in GOLD_FILES} == set(ARTICLES)


@pytest.fixture(params=GOLD_FILES, ids=lambda p: p.stem)
def gold(request):
    doc = _load(request.param)
    assert doc.get("article") == request.param.stem
    return doc


def test_structure(gold):
    assert set(gold) == TOP_KEYS
    assert gold["article"] in ARTICLES
    for e in gold["entities"]:
        assert set(e) <= ENTITY_KEYS and {"name", "type", "surface"} <= set(e), e
        assert isinstance(e["surface"], list) and e["surface"], e
        assert len(set(e["surface"])) == len(e["surface"]), f"duplicate surface form in {e['name']}"
    for c in gold["contracts"]:
        assert set(c) <= CONTRACT_KEYS and "evidence" in c, c
    for e in gold["events"]:
        assert set(e) <= EVENT_KEYS and {"type", "agents", "targets", "evidence"} <= set(e), e
    assert isinstance(gold["citations"], list)


def test_entity_names_unique_and_types_valid(gold):
    names = [e["name"] for e in gold["entities"]]
    assert len(names) == len(set(names)), "an entity is listed twice"
    for e in gold["entities"]:
        assert e["type"] in CLASSES, e


def test_surface_forms_verbatim_and_unambiguous(gold):
    text = _text(gold)
    owner: dict[str, str] = {}
    for e in gold["entities"]:
        for s in e["surface"]:
            assert s == s.strip() and s, (e["name"], s)
            assert s in text, f"{e['name']}: surface form {s!r} is not in the article text"
            assert owner.setdefault(s, e["name"]) == e["name"], f"{s!r} is given to two entities"


def test_references_only_own_entities(gold):
    names = {e["name"] for e in gold["entities"]}
    for c in gold["contracts"]:
        for role in ("suppliers", "customers", "parties"):
            for n in c.get(role, []):
                assert n in names, f"contract {role}: {n!r} is not an entity of this file"
        assert c.get("suppliers") or c.get("customers") or c.get("parties"), "a contract without parties"
    for e in gold["events"]:
        for n in e["agents"] + e["targets"]:
            assert n in names, f"{e['type']}: {n!r} is not an entity of this file"
        assert e["agents"] or e["targets"], f"{e['type']} without any named participant"
    for n in gold["citations"]:
        assert n in names, f"citation {n!r} is not an entity of this file"
    assert len(set(gold["citations"])) == len(gold["citations"])


def test_evidence_sentences_verbatim(gold):
    text = _text(gold)
    for item in gold["contracts"] + gold["events"]:
        assert item["evidence"], item
        for sentence in item["evidence"]:
            assert sentence == sentence.strip() and sentence in text, f"not in the text: {sentence!r}"
            assert "\n" not in sentence, "an evidence sentence never crosses a line break"


def test_subjects_verbatim(gold):
    text = _text(gold)
    for c in gold["contracts"]:
        if c.get("subject"):
            assert c["subject"] in text, c["subject"]


def test_dates_statuses_amounts(gold):
    if gold["published"] is not None:
        assert _valid_date(gold["published"])
    for c in gold["contracts"]:
        for key in ("date", "start", "end"):
            assert c.get(key) is None or _valid_date(c[key]), (key, c.get(key))
        if c.get("start") and c.get("end"):
            assert c["start"] <= c["end"]
        assert c.get("status", "Asserted") in STATUSES
        assert (c.get("value") is None) == (c.get("currency") is None), "value and currency go together"
        assert c.get("currency") is None or CURRENCY.match(c["currency"])
        assert c.get("value") is None or (isinstance(c["value"], (int, float)) and c["value"] > 0)
        assert (c.get("quantity") is None) == (c.get("quantity_unit") is None)
    for e in gold["events"]:
        assert e["type"] in EVENT_TYPES, e["type"]
        assert e.get("date") is None or _valid_date(e["date"]), e.get("date")
        assert e.get("status", "Asserted") in STATUSES
        assert e.get("count") is None or (isinstance(e["count"], int) and e["count"] > 0)
        assert (e.get("value") is None) == (e.get("currency") is None)
        if e["type"] == "Statement":
            assert e["agents"] and not e["targets"], "a Statement has its speaker as agent and no target"
        if e["type"] == "Partnership":
            assert len(e["agents"]) >= 2 and not e["targets"], "Partnership: every partner is an agent"


def test_event_dates_not_after_publication(gold):
    """Events happen before the article that reports them is published."""
    if gold["published"] is not None:
        for e in gold["events"]:
            if e.get("date"):
                assert e["date"] <= gold["published"]
