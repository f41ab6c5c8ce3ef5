"""The extractor keeps the development figures the project commits to (issue: extraction researchers
can trust). Held-out articles are scored elsewhere; these guard the seeds against regressions."""
from __future__ import annotations

import pytest

from kg.evaluate import run_eval

TARGETS = {"entities": 0.95, "contracts": 0.90, "events": 0.80, "citations": 0.90}


@pytest.fixture(scope="module")
def report(extractor):
    return run_eval(None, None, extractor=extractor)


@pytest.mark.parametrize("category", sorted(TARGETS))
def test_f1_meets_the_development_target(report, category):
    f1 = getattr(report, category).f1
    assert f1 is not None and f1 >= TARGETS[category], f"{category} F1 {f1:.3f} < {TARGETS[category]}"


def test_type_accuracy_and_exact_evidence(report):
    assert report.types.value >= 0.95
    assert report.evidence.value == 1.0
