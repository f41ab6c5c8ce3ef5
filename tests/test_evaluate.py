"""kg.evaluate: the scorer on small hand-made records, and one run over the corpus."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kg.evaluate import (
    align_entities,
    format_report,
    match_keys,
    run_eval,
    score_article,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
CORPUS = ROOT / "corpus"

TEXT = (
    "وقعت شركة مايكروسوفت عقدا بقيمة 10 ملايين دولار مع جيش الاحتلال الإسرائيلي.\n"
    "وفصلت جوجل 28 موظفا في أبريل 2024 بعد احتجاجهم، بحسب صحيفة الغارديان.\n"
)
S1 = "وقعت شركة مايكروسوفت عقدا بقيمة 10 ملايين دولار مع جيش الاحتلال الإسرائيلي."
S2 = "وفصلت جوجل 28 موظفا في أبريل 2024 بعد احتجاجهم، بحسب صحيفة الغارديان."

GOLD_DOC = {
    "article": "t1",
    "published": None,
    "entities": [
        {"name": "Microsoft", "type": "Company", "surface": ["مايكروسوفت"]},
        {"name": "Israel Defense Forces", "type": "MilitaryUnit", "surface": ["جيش الاحتلال الإسرائيلي"]},
        {"name": "Google", "type": "Company", "surface": ["جوجل"]},
        {"name": "The Guardian", "type": "NewsOutlet", "surface": ["الغارديان"]},
    ],
    "contracts": [
        {"suppliers": ["Microsoft"], "customers": ["Israel Defense Forces"], "parties": [], "value": 10000000,
         "currency": "USD", "date": None, "start": None, "end": None, "subject": None, "quantity": None,
         "quantity_unit": None, "status": "Asserted", "evidence": [S1]},
    ],
    "events": [
        {"type": "Dismissal", "agents": ["Google"], "targets": [], "date": "2024-04", "count": 28,
         "status": "Reported", "evidence": [S2]},
    ],
    "citations": ["The Guardian"],
}

MS, IDF, GOOG, GUARD = (f"http://127.0.0.1:8000/id/{x}" for x in
                        ("microsoft", "israel-defense-forces", "google", "the-guardian"))


def _span(text: str) -> dict:
    start = TEXT.index(text)
    return {"text": text, "start": start, "end": start + len(text)}


def _entity(iri, type_, en, mention):
    return {"iri": iri, "type": type_, "labels": {"ar": [], "en": [en]}, "wikidata": None,
            "mentions": [_span(mention)]}


def perfect_record() -> dict:
    return {
        "source": "corpus/t1.md",
        "article": "http://127.0.0.1:8000/article/t1",
        "language": "ar",
        "text": TEXT,
        "entities": [
            _entity(MS, "Company", "Microsoft", "مايكروسوفت"),
            _entity(IDF, "MilitaryUnit", "Israel Defense Forces", "جيش الاحتلال الإسرائيلي"),
            _entity(GOOG, "Company", "Google", "جوجل"),
            _entity(GUARD, "NewsOutlet", "The Guardian", "الغارديان"),
        ],
        "contracts": [{
            "iri": "c1", "parties": [{"iri": MS, "role": "supplier"}, {"iri": IDF, "role": "customer"}],
            "value": 10000000, "currency": "USD", "date": None, "start_date": None, "end_date": None,
            "subject": None, "subject_entities": [], "quantity": None, "quantity_unit": None,
            "status": "Asserted", "evidence": _span(S1),
        }],
        "events": [{
            "iri": "e1", "type": "Dismissal", "agents": [GOOG], "targets": [], "instruments": [],
            "date": "2024-04", "value": None, "currency": None, "count": 28, "status": "Reported",
            "evidence": _span(S2),
        }],
        "citations": [{"iri": GUARD, "fact": "x", "evidence": _span(S2)}],
    }


def test_perfect_record_scores_one():
    s = score_article(GOLD_DOC, perfect_record())
    for counts in (s.entities, s.contracts, s.events, s.citations):
        assert (counts.precision, counts.recall, counts.f1) == (1.0, 1.0, 1.0)
    assert s.types.value == 1.0
    assert s.evidence.value == 1.0
    assert s.errors == []


def test_wrong_party_makes_the_contract_wrong():
    rec = perfect_record()
    rec["contracts"][0]["parties"][1]["iri"] = GOOG  # customer Google instead of the IDF
    s = score_article(GOLD_DOC, rec)
    assert (s.contracts.correct_pred, s.contracts.pred, s.contracts.found_gold) == (0, 1, 0)
    assert s.contract_fields["parties"].value == 0.0
    assert any(e.category == "contract" and e.kind == "wrong" for e in s.errors)


def test_swapped_roles_are_wrong():
    rec = perfect_record()
    for p in rec["contracts"][0]["parties"]:
        p["role"] = "customer" if p["role"] == "supplier" else "supplier"
    assert score_article(GOLD_DOC, rec).contracts.correct_pred == 0


def test_missing_value_is_wrong_and_spurious_value_too():
    rec = perfect_record()
    rec["contracts"][0]["value"] = None
    rec["contracts"][0]["currency"] = None
    assert score_article(GOLD_DOC, rec).contracts.correct_pred == 0
    gold = copy.deepcopy(GOLD_DOC)
    gold["contracts"][0]["value"] = gold["contracts"][0]["currency"] = None
    assert score_article(gold, perfect_record()).contracts.correct_pred == 0


def test_contract_matched_by_parties_when_evidence_differs():
    rec = perfect_record()
    rec["contracts"][0]["evidence"] = _span(S2)
    s = score_article(GOLD_DOC, rec)
    assert s.contracts.correct_pred == 1 and s.contracts.found_gold == 1


def test_duplicate_correct_predictions_count_once_in_recall():
    rec = perfect_record()
    rec["events"].append(copy.deepcopy(rec["events"][0]))
    s = score_article(GOLD_DOC, rec)
    assert (s.events.correct_pred, s.events.pred, s.events.found_gold, s.events.gold) == (2, 2, 1, 1)
    assert s.duplicates == 1


def test_missing_entity_lowers_recall_only():
    rec = perfect_record()
    rec["entities"] = [e for e in rec["entities"] if e["iri"] != GOOG]
    s = score_article(GOLD_DOC, rec)
    assert s.entities.recall == 0.75 and s.entities.precision == 1.0
    assert any(e.category == "entity" and e.kind == "missed" and "Google" in e.what for e in s.errors)
    # the event's agent is now unknown: the dismissal is no longer correct
    assert s.events.correct_pred == 0


def test_spurious_entity_lowers_precision():
    rec = perfect_record()
    rec["entities"].append(_entity("http://127.0.0.1:8000/id/x", "Place", "Nowhere", "أبريل"))
    s = score_article(GOLD_DOC, rec)
    assert s.entities.precision == 0.8 and s.entities.recall == 1.0


def test_type_mismatch_lowers_type_accuracy():
    rec = perfect_record()
    rec["entities"][1]["type"] = "GovernmentBody"
    s = score_article(GOLD_DOC, rec)
    assert s.types.value == 0.75
    assert s.entities.f1 == 1.0  # alignment does not depend on the type


def test_event_wrong_date_or_agent_is_wrong_missing_date_is_not():
    rec = perfect_record()
    rec["events"][0]["date"] = "2024"
    assert score_article(GOLD_DOC, rec).events.correct_pred == 0
    rec = perfect_record()
    rec["events"][0]["date"] = None
    s = score_article(GOLD_DOC, rec)
    assert s.events.correct_pred == 1 and s.event_fields["date"].value == 0.0
    rec = perfect_record()
    rec["events"][0]["agents"] = [MS]
    assert score_article(GOLD_DOC, rec).events.correct_pred == 0
    rec = perfect_record()
    rec["events"][0]["type"] = "Protest"  # same sentence, other type: no match
    s = score_article(GOLD_DOC, rec)
    assert s.events.pred == 1 and s.events.correct_pred == 0 and s.events.found_gold == 0


def test_partnership_is_symmetric():
    gold = copy.deepcopy(GOLD_DOC)
    gold["events"] = [{"type": "Partnership", "agents": ["Microsoft", "Israel Defense Forces"], "targets": [],
                       "date": None, "count": None, "status": "Asserted", "evidence": [S1]}]
    rec = perfect_record()
    rec["events"] = [{"iri": "p", "type": "Partnership", "agents": [MS], "targets": [IDF], "date": None,
                      "count": None, "status": "Asserted", "evidence": _span(S1)}]
    assert score_article(gold, rec).events.correct_pred == 1


def test_citations_are_per_article_sets():
    rec = perfect_record()
    rec["citations"].append(copy.deepcopy(rec["citations"][0]))  # the same source twice
    assert score_article(GOLD_DOC, rec).citations.precision == 1.0
    rec["citations"].append({"iri": MS, "fact": "y", "evidence": _span(S1)})
    s = score_article(GOLD_DOC, rec)
    assert s.citations.precision == 0.5 and s.citations.recall == 1.0


def test_bad_span_is_counted():
    rec = perfect_record()
    rec["events"][0]["evidence"]["start"] += 1
    s = score_article(GOLD_DOC, rec)
    assert s.evidence.ok == s.evidence.total - 1


def test_match_keys_fold_clitics_designators_and_quotes():
    assert match_keys("لمايكروسوفت") & match_keys("مايكروسوفت")
    assert match_keys("شركة مايكروسوفت") & match_keys("مايكروسوفت")
    assert match_keys("للحكومة الإسرائيلية") & match_keys("الحكومة الإسرائيلية")
    assert match_keys("ومجلة +972") & match_keys("+972")
    assert match_keys('وحدة "أوفك"') & match_keys("أوفك")
    assert match_keys("The Guardian") & match_keys("Guardian")
    assert not match_keys("مايكروسوفت") & match_keys("جوجل")
    assert not match_keys("Microsoft") & match_keys("Microsoft Azure")


def test_alignment_is_one_to_one_by_overlap():
    gold = [{"name": "Microsoft", "type": "Company", "surface": ["مايكروسوفت"]}]
    pred = [
        {"iri": "a", "labels": {}, "mentions": [{"text": "مايكروسوفت"}]},
        {"iri": "b", "labels": {}, "mentions": [{"text": "مايكروسوفت"}, {"text": "لمايكروسوفت"}]},
    ]
    assert align_entities(gold, pred) == {"b": "Microsoft"}


def test_records_without_gold_are_skipped(tmp_path):
    (tmp_path / "t1.json").write_text(json.dumps(GOLD_DOC, ensure_ascii=False), encoding="utf-8")
    other = perfect_record()
    other["source"] = "corpus/zz_unknown.md"
    report = run_eval(tmp_path, [perfect_record(), other])
    assert [a.article for a in report.articles] == ["t1"]
    assert any("zz_unknown" in n for n in report.notes)
    assert report.ok
    out = format_report(report, verbose=True)
    assert "overall" in out and "zz_unknown" in out


def test_jsonl_input(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "t1.json").write_text(json.dumps(GOLD_DOC, ensure_ascii=False), encoding="utf-8")
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(perfect_record(), ensure_ascii=False) + "\n", encoding="utf-8")
    report = run_eval(tmp_path / "gold", path)
    assert report.entities.f1 == 1.0 and report.contracts.f1 == 1.0
    other = tmp_path / "records.txt"  # any name, when given as jsonl=
    other.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    report = run_eval(tmp_path / "gold", jsonl=other)
    assert report.ok and report.events.f1 == 1.0
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert not run_eval(tmp_path / "gold", jsonl=empty).ok  # nothing scored: exit code 1


@pytest.mark.slow
def test_corpus_end_to_end(extractor, capsys):
    """The real extractor over the seeds: every span exact; the report is printed (no score thresholds yet)."""
    report = run_eval(GOLD, [CORPUS], extractor=extractor)
    assert len(report.articles) == len(list(GOLD.glob("*.json")))
    assert report.read_errors == 0
    ev = report.evidence
    assert ev.total > 0 and ev.ok == ev.total, [e for a in report.articles for e in a.errors
                                                 if e.category == "evidence"]
    text = format_report(report, verbose=True)
    with capsys.disabled():
        print("\n" + text)
