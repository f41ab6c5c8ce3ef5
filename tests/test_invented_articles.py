"""Two invented articles (Arabic and English) about the same invented deal.

Every company, military unit, ministry, person, outlet, institute and product
in them is ABSENT from the lexicon (checked by ``test_invented_names_are_not_in_the_lexicon``),
so these tests measure whether the extractor finds NEW names the way real
articles introduce them:

* a company written in Latin letters inside Arabic text ("شركة Tessaline Analytics"),
  and bare later on;
* a numbered unit ("الوحدة 4471" / "Unit 4471");
* a ministry named by its head noun ("وزارة الأمن الرقمي" / "Ministry of Digital Security");
* people introduced by a role ("الرئيسة التنفيذية للشركة، مارا إليسون" /
  "the company's CEO, Mara Ellison"; a spokesperson; a researcher);
* an outlet after "صحيفة" / "the X newspaper"; an institute; a product after "منصة" / "called".

Each must be FOUND (a mention with the expected text), TYPED (core class),
MINTED under http://127.0.0.1:8000/id/, and the Latin-script names shared by
both articles must get the SAME IRI in both. One contract and one statement
per article are checked with their roles.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.lexicon import load_lexicon
from kg.text.normalize import normalize

from .patterns.helpers import describe, label, labels, make_article

ID_BASE = "http://127.0.0.1:8000/id/"

AR_TITLE = "وزارة الأمن الرقمي توقّع عقدا بـ48 مليون دولار مع شركة Tessaline Analytics"
AR_TEXT = """وزارة الأمن الرقمي توقّع عقدا بـ48 مليون دولار مع شركة Tessaline Analytics

القدس – 14 حزيران/يونيو 2025

وقّعت وزارة الأمن الرقمي عقدا بقيمة 48 مليون دولار مع شركة Tessaline Analytics في آذار الماضي، لتطوير منظومة تفرز تسجيلات المكالمات آليا، بحسب وثائق اطلعت عليها صحيفة "الحصاد المقدسي".

وتشمل الصفقة تشغيل منصة Lumen Grid، التي تجمع تسجيلات المكالمات من شبكات الهاتف المحمول وتضع عليها علامات "أشخاص محل اهتمام". وبحسب الوثائق، ستكون الوحدة 4471 أول جهة عسكرية تعمل على المنصة، ابتداء من أيلول المقبل.

وقالت الرئيسة التنفيذية للشركة، مارا إليسون، إن المنصة "صُممت لحماية المدنيين لا لاستهدافهم"، مضيفة أن الشركة تلتزم بالقانون الدولي.

في المقابل، رأت الباحثة في معهد السجل المفتوح، ليلى حداد، أن هذه الأنظمة "تحوّل كل فلسطيني إلى مشتبه به"، ودعت إلى تحقيق مستقل في الصفقة.

واكتفى المتحدث باسم الوزارة، داني روزن، بالقول إن "كل المشتريات تخضع للرقابة"، رافضا الخوض في بنود العقد.

وتأسست Tessaline Analytics عام 2019 في حيفا على يد ضباط سابقين في الوحدة 4471، وتوظف اليوم نحو 120 مهندسا.
"""

EN_TITLE = "Digital security ministry hands $48m call-sorting deal to Tessaline Analytics"
EN_TEXT = """Digital security ministry hands $48m call-sorting deal to Tessaline Analytics

JERUSALEM, June 14, 2025 - Tessaline Analytics was awarded a $48 million contract by the Ministry of Digital Security last March to build a system that sorts intercepted phone calls, according to procurement documents seen by the Northgate Courier newspaper.

The deal covers a platform called Lumen Grid, which ingests call recordings from mobile networks and flags "persons of interest" automatically. Unit 4471, a military intelligence unit, is expected to be the first to run it, starting in September.

"Lumen Grid was designed to protect civilians, not to target them," the company's CEO, Mara Ellison, said. She added that the firm complies with international law.

Leila Haddad, a researcher at the Open Ledger Institute, said such systems "turn every Palestinian into a suspect" and called for an independent inquiry into the deal.

A ministry spokesperson, Danny Rosen, declined to discuss the terms, saying only that "all procurement is subject to oversight."

Founded in Haifa in 2019 by veterans of Unit 4471, Tessaline Analytics now employs about 120 engineers.
"""

# (case id, language, accepted surface texts of one mention, expected core class)
EXPECTED_NAMES = [
    ("ar-company-latin-script-after-sharika", "ar", {"Tessaline Analytics"}, "Company"),
    ("ar-unit-numbered", "ar", {"الوحدة 4471"}, "MilitaryUnit"),
    ("ar-ministry-head-noun", "ar", {"وزارة الأمن الرقمي"}, "GovernmentBody"),
    ("ar-person-ceo-role-apposition", "ar", {"مارا إليسون"}, "Person"),
    ("ar-person-spokesperson-role-apposition", "ar", {"داني روزن"}, "Person"),
    ("ar-person-researcher-role-apposition", "ar", {"ليلى حداد"}, "Person"),
    ("ar-outlet-after-sahifa-quoted", "ar", {"الحصاد المقدسي"}, "NewsOutlet"),
    ("ar-institute-after-mahad", "ar", {"معهد السجل المفتوح", "السجل المفتوح"}, "Organization"),
    ("ar-product-latin-after-minassa", "ar", {"Lumen Grid"}, "Product"),
    ("en-company-suffix-analytics", "en", {"Tessaline Analytics"}, "Company"),
    ("en-unit-numbered", "en", {"Unit 4471"}, "MilitaryUnit"),
    ("en-ministry-of", "en", {"Ministry of Digital Security"}, "GovernmentBody"),
    ("en-person-ceo-role-apposition", "en", {"Mara Ellison"}, "Person"),
    ("en-person-spokesperson-role-apposition", "en", {"Danny Rosen"}, "Person"),
    ("en-person-researcher-name-first", "en", {"Leila Haddad"}, "Person"),
    ("en-outlet-the-x-newspaper", "en", {"Northgate Courier"}, "NewsOutlet"),
    ("en-institute", "en", {"Open Ledger Institute"}, "Organization"),
    ("en-product-called", "en", {"Lumen Grid"}, "Product"),
]

# Names that appear in Latin letters (or as "Unit N") in both articles: one IRI across languages.
SHARED = [
    ("company-Tessaline-Analytics", {"Tessaline Analytics"}, {"Tessaline Analytics"}),
    ("unit-4471", {"الوحدة 4471"}, {"Unit 4471"}),
    ("product-Lumen-Grid", {"Lumen Grid"}, {"Lumen Grid"}),
]

# Every invented name, for the lexicon check.
INVENTED = ["Tessaline Analytics", "Tessaline", "Lumen Grid", "Unit 4471", "الوحدة 4471", "وحدة 4471",
            "وزارة الأمن الرقمي", "Ministry of Digital Security", "مارا إليسون", "Mara Ellison", "داني روزن",
            "Danny Rosen", "ليلى حداد", "Leila Haddad", "الحصاد المقدسي", "Northgate Courier",
            "معهد السجل المفتوح", "السجل المفتوح", "Open Ledger Institute"]


@pytest.fixture(scope="module")
def articles(extractor):
    ar = make_article(AR_TEXT, "ar", "2025-06-14", article_id="invented-ar", title=AR_TITLE)
    en = make_article(EN_TEXT, "en", "2025-06-14", article_id="invented-en", title=EN_TITLE)
    return {"ar": extractor.extract(ar), "en": extractor.extract(en)}


def _strip_quotes(text: str) -> str:
    return text.strip().strip("\"'«»“”")


def _mentions_with_text(extraction, texts: set[str]):
    return [m for m in extraction.mentions if _strip_quotes(m.span.text) in texts]


def test_article_sizes():
    """The brief: about 150-250 words each, with a headline, a dateline and several paragraphs."""
    for text in (AR_TEXT, EN_TEXT):
        words = len(text.split())
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        assert 150 <= words <= 260, words
        assert len(paragraphs) >= 6


def test_invented_names_are_not_in_the_lexicon():
    """Guard: if one of these names is ever added to the lexicon, pick another (the tests would stop measuring)."""
    lexicon = load_lexicon()
    known = {normalize(form) for form, _, _ in lexicon.surface_forms()}
    clashes = [name for name in INVENTED if normalize(name) in known]
    assert not clashes, clashes


@pytest.mark.parametrize("lang, texts, type_name", [c[1:] for c in EXPECTED_NAMES], ids=[c[0] for c in EXPECTED_NAMES])
def test_invented_name_found_typed_and_minted(articles, lang, texts, type_name):
    extraction = articles[lang]
    found = _mentions_with_text(extraction, texts)
    assert found, f"no mention with text {sorted(texts)}" + describe(extraction)
    entities = {m.entity: extraction.entities[m.entity] for m in found}
    typed = [e for e in entities.values() if e.type == type_name]
    assert typed, (f"mention {sorted(texts)} found but typed {sorted({e.type for e in entities.values()})},"
                   f" expected {type_name}" + describe(extraction))
    for entity in typed:
        assert not entity.from_lexicon, f"{entity.iri} came from the lexicon" + describe(extraction)
        assert entity.iri.startswith(ID_BASE), entity.iri


@pytest.mark.parametrize("ar_texts, en_texts", [s[1:] for s in SHARED], ids=[s[0] for s in SHARED])
def test_same_name_same_iri_across_languages(articles, ar_texts, en_texts):
    ar_iris = {m.entity for m in _mentions_with_text(articles["ar"], ar_texts)}
    en_iris = {m.entity for m in _mentions_with_text(articles["en"], en_texts)}
    assert ar_iris and en_iris, (f"ar mentions {sorted(ar_iris)}, en mentions {sorted(en_iris)}"
                                 + describe(articles["ar"]) + describe(articles["en"]))
    assert ar_iris == en_iris, (f"ar {sorted(ar_iris)} != en {sorted(en_iris)}"
                                + describe(articles["ar"]) + describe(articles["en"]))
    assert len(ar_iris) == 1, ar_iris


def _iri_of(extraction, texts: set[str], type_name: str) -> str | None:
    for m in _mentions_with_text(extraction, texts):
        if extraction.entities[m.entity].type == type_name:
            return m.entity
    return None


@pytest.mark.parametrize("lang", ["ar", "en"], ids=["ar-vso-contract", "en-passive-awarded-by"])
def test_invented_contract(articles, lang):
    """The ministry buys from Tessaline Analytics: $48 million, last March (2025-03)."""
    extraction = articles[lang]
    company = _iri_of(extraction, {"Tessaline Analytics"}, "Company")
    ministry = _iri_of(extraction, {"وزارة الأمن الرقمي", "Ministry of Digital Security"}, "GovernmentBody")
    assert company and ministry, "the parties themselves were not found" + describe(extraction)
    matching = [c for c in extraction.contracts
                if c.suppliers == [company] and ministry in c.customers
                and c.value == Decimal("48000000") and c.currency == "USD"
                and c.date is not None and c.date.value == "2025-03"]
    assert matching, "no contract Tessaline Analytics -> ministry, 48000000 USD, 2025-03" + describe(extraction)
    # nobody else is a supplier of that contract, and the unit is no supplier either
    assert all(set(c.customers) <= {ministry, _iri_of(extraction, {"الوحدة 4471", "Unit 4471"}, "MilitaryUnit")}
               for c in matching), describe(extraction)


@pytest.mark.parametrize("lang", ["ar", "en"], ids=["ar-ceo-said-vso-role-first", "en-quote-then-role-then-said"])
def test_invented_statement_by_ceo(articles, lang):
    """The CEO, introduced by her role, is the speaker of the quoted statement."""
    extraction = articles[lang]
    ceo = _iri_of(extraction, {"مارا إليسون", "Mara Ellison"}, "Person")
    assert ceo, "the CEO was not found as a Person" + describe(extraction)
    statements = [e for e in extraction.events if e.type == "Statement" and ceo in e.agents]
    assert statements, (f"no Statement with agent {label(extraction, ceo)}; statements:"
                        f" {[sorted(labels(extraction, e.agents)) for e in extraction.events if e.type == 'Statement']}"
                        + describe(extraction))


@pytest.mark.parametrize("lang", ["ar", "en"], ids=["ar-only-the-one-deal", "en-only-the-one-deal"])
def test_invented_no_spurious_contract(articles, lang):
    """Every contract found is the ministry's deal with Tessaline Analytics: a researcher calling for an
    inquiry "into the deal", or an institute named near the word, is no contract party."""
    extraction = articles[lang]
    company = _iri_of(extraction, {"Tessaline Analytics"}, "Company")
    wrong = [c for c in extraction.contracts if c.suppliers != [company] or c.parties]
    assert not wrong, "contracts other than Tessaline Analytics -> ministry" + describe(extraction)
