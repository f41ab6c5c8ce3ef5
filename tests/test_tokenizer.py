"""The pipelines' tokenizer: spaCy's, without whitespace special cases, and the same tokens.

A special-case hit makes spaCy stop caching every later chunk of the Doc, so spaCy's
whitespace special cases (" ", "\\n", "\\t", no-break space) made one no-break space cost the
rest of an article its tokenizer cache. Dropping them must not change a single token.
"""
from __future__ import annotations

import pytest
import spacy

from kg.extract.nlp import _customise_tokenizer

TEXTS = [
    "قالت\u00a0مايكروسوفت إنها أوقفت\u00a0 خدمات أزور للوحدة 8200.",
    "Microsoft\u00a0said it had cut off Azure  services\tto Unit 8200.\n\nIt's the U.S. Army's call.",
    "\u00a0 leading and trailing \u00a0",
    "لـمايكروسوفت\n\u00a0\nوجوجل",
]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_no_whitespace_special_cases_remain(extractor, lang):
    rules = extractor.nlp[lang].tokenizer.rules
    assert rules, "the other special cases stay (U.S., it's, ...)"
    assert not [text for text in rules if text.isspace()]


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("text", TEXTS)
def test_tokens_are_those_of_spacys_tokenizer_with_every_special_case(extractor, lang, text):
    reference = spacy.blank(lang)
    _customise_tokenizer(reference)
    reference.tokenizer.rules = {**spacy.blank(lang).tokenizer.rules}  # spaCy's own, whitespace ones included
    ours = [(t.text, t.idx, t.whitespace_) for t in extractor.nlp[lang].tokenizer(text)]
    theirs = [(t.text, t.idx, t.whitespace_) for t in reference.tokenizer(text)]
    assert ours == theirs
