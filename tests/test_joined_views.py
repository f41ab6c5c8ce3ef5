"""The fast path (one Doc per article and script) gives exactly what one Doc per paragraph gives.

The extractor joins an article's same-script paragraphs into one Doc for speed; offsets,
sentence views and mentions must not change. Checked on the corpus and on variants with
the whitespace that makes joining tricky (NBSP, spaces, tabs, RLM at paragraph edges).
"""
from __future__ import annotations

import random

import pytest

from kg.corpus import iter_articles
from kg.extract.extract import split_paragraphs

from .conftest import CORPUS

EDGES = ["\xa0", " ", "  ", "\t", " \xa0", "\xa0 ", "\u200f", "", "", ""]


def variant(text: str, rng: random.Random) -> str:
    out = []
    for line in text.split("\n"):
        if line.strip() and rng.random() < 0.5:
            line = rng.choice(EDGES) + line + rng.choice(EDGES)
        if rng.random() < 0.2:
            line = line.replace(" ", "  ", 1)
        out.append(line)
    if rng.random() < 0.3:
        out.insert(rng.randrange(len(out) + 1), rng.choice(["***", "2024", "  ", "Microsoft Azure deal.", "«شركة نيمبوس»"]))
    return "\n".join(out)


def snapshot(views, mentions):
    return ([(v.start, v.end, v.lang, v.norms, v.starts, v.ends, v.texts, v.clause_of, v.normset) for v in views],
            sorted(mentions))


def per_paragraph(extractor, paragraphs):
    views, mentions = [], []
    for lang in ("ar", "en"):
        group = [p for p in paragraphs if p.lang == lang]
        if group:
            extractor._views_per_paragraph(extractor.nlp[lang], group, lang, views, mentions)
    views.sort(key=lambda v: v.start)
    return snapshot(views, mentions)


TEXTS = [a.text for a in iter_articles([CORPUS]) if not isinstance(a, Exception)]
RNG = random.Random(7)
CASES = [(f"seed{i}", t) for i, t in enumerate(TEXTS)] + \
        [(f"seed{i}-variant{k}", variant(t, RNG)) for i, t in enumerate(TEXTS) for k in range(3)]


@pytest.mark.parametrize("text", [t for _, t in CASES], ids=[name for name, _ in CASES])
def test_joined_doc_views_equal_per_paragraph_views(extractor, text):
    paragraphs = split_paragraphs(text)
    assert snapshot(*extractor._views(paragraphs)) == per_paragraph(extractor, paragraphs)
