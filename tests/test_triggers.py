"""Trigger lookup: the one-walk registry finds what each index finds on its own."""
from __future__ import annotations

from kg.extract.triggers import IndexRegistry, PhraseIndex
from kg.extract.views import SentenceView


def _view(words: list[str]) -> SentenceView:
    return SentenceView(index=0, start=0, end=1, lang="en", norms=words, normset=frozenset(words))


def test_registry_scan_equals_each_index_alone(extractor, extractions):
    """On every sentence of the corpus, each registered index's matches from the shared walk are
    exactly the matches of that index walked alone (longest phrase first, no overlaps)."""
    triggers = extractor.triggers
    indexes = triggers.indexes()
    checked = 0
    for extraction in extractions.values():
        text = extraction.article.text
        for sentence in [s for s in text.replace("؟", ".").replace("!", ".").split(".") if s.strip()]:
            norms = extractor.nlp["ar"].get_pipe("kg_norm").normaliser.phrase(sentence).split()
            view = _view(norms)
            for index in indexes:
                assert index.find_in(view) == index.find(norms), (sentence, index.first.keys())
                checked += 1
    assert checked > 1000


def test_a_phrase_added_after_the_registry_compiled_is_found():
    cut = PhraseIndex(norm=str.lower)
    cut.add("cut off", "ServiceSuspension")
    other = PhraseIndex(norm=str.lower)
    other.add("contract", "")
    IndexRegistry([cut, other, cut])  # an index held twice counts once
    assert cut.find_in(_view(["they", "cut", "off", "azure"])) == [(1, 3, "ServiceSuspension")]
    cut.add("suspended", "ServiceSuspension")
    assert cut.find_in(_view(["microsoft", "suspended", "services"])) == [(1, 2, "ServiceSuspension")]
    assert other.find_in(_view(["a", "contract", "and", "a", "contract"])) == [(1, 2, ""), (4, 5, "")]
