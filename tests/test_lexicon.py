"""The domain lexicon (lexicon/*.ttl) and its loader (kg.lexicon)."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from kg.lexicon import LEXICON_DIR, TYPES, Lexicon, load_lexicon, main
from kg.text.normalize import is_arabic, normalize

IRI = re.compile(r"^http://127\.0\.0\.1:8000/id/[a-z0-9-]+$")
QID = re.compile(r"^Q[1-9][0-9]*$")
ORGANISATION_TYPES = {"Company", "MilitaryUnit", "GovernmentBody", "Organization", "NewsOutlet"}

# Labels deliberately shared by two entities (normalised label -> IRIs). Empty:
# every surface form resolves to exactly one entity.
SHARED_LABELS: dict[str, set[str]] = {}

# Ordinary words and phrases that must never be a label on their own: they
# would match everywhere. Arabic entries are compared after normalisation, so
# "إلبيت" (folds to "البيت") is caught too.
STOP_LABELS = {
    # Arabic
    "البيت", "بيت", "المنصة", "منصة", "الجزيرة", "جزيرة", "حملة", "الحملة", "أمان", "الحق", "عدالة",
    "حماس", "الميادين", "الشرق الأوسط", "العربية", "الأخبار", "الأهرام", "الشروق", "كان",
    "الجيش", "جيش", "الحكومة", "حكومة", "وزارة", "الوزارة", "شركة", "الشركة", "وحدة", "الوحدة",
    "السحابة", "الذكاء الاصطناعي", "إسرائيل اليوم", "أين أبي", "وزارة الدفاع", "وزارة الحرب",
    "الاستخبارات العسكرية", "الإنجيل", "جنين", "ماسك", "ساب", "وفا", "والا", "الجمعية العامة",
    "مجلس الأمن القومي", "كسر الصمت", "النيابة العسكرية", "حرس الحدود", "الخزامى",
    # English (matched case-insensitively unless all-caps)
    "the", "unit", "ministry", "army", "military", "government", "cloud", "company", "platform",
    "campaign", "guardian", "intercept", "insider", "paragon", "intel", "checkpoint", "check point",
    "foundry", "gotham", "heron", "hermes", "predator", "maven", "teams", "windows", "wired", "time",
    "the information", "security council", "national security council", "x", "apartheid",
    "gallant", "musk", "karp", "albanese", "mercury", "america", "opt", "federal government",
}

# Proclitics the matcher strips by itself (kg.extract.nlp): a label must not
# be such a proclitic glued onto another label.
PROCLITICS = ("وبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "وب", "ول", "وك", "فب", "فل", "فك",
              "و", "ف", "ب", "ل", "ك")

# Labels matched on exact spelling (ORTH) by the matcher: ASCII, all letters
# upper case, at most 6 characters.
def _is_acronym(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return bool(letters) and label.isascii() and all(c.isupper() for c in letters) and len(label) <= 6


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def _all_labels(lexicon: Lexicon):
    for entity in lexicon:
        for lang, labels in entity.labels.items():
            for label in labels:
                yield entity, lang, label


# --- files and loader ----------------------------------------------------------


def test_every_lexicon_file_is_loaded(lexicon):
    names = {p.name for p in lexicon.files}
    expected = {f"{n}.ttl" for n in ("companies", "military", "government", "organizations", "outlets",
                                      "campaigns", "people", "products", "projects", "places")}
    assert expected <= names
    assert lexicon.files == sorted(LEXICON_DIR.glob("*.ttl"))
    assert lexicon.quads_path() == lexicon.files


def test_lexicon_is_broad(lexicon):
    counts = lexicon.counts()
    assert len(lexicon) >= 250
    for type_name in TYPES:
        assert counts[type_name] >= 5, type_name


def test_each_entity_defined_in_one_file():
    import pyoxigraph as ox

    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    seen: dict[str, str] = {}
    for path in sorted(LEXICON_DIR.glob("*.ttl")):
        typed = {q.subject.value for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
                 if q.predicate.value == rdf_type}
        for iri in typed:
            assert iri not in seen, f"{iri} defined in {seen[iri]} and {path.name}"
            seen[iri] = path.name


# --- entities --------------------------------------------------------------------


def test_types_iris_and_pref_labels(lexicon):
    for entity in lexicon:
        assert entity.type in TYPES, entity.iri
        assert IRI.match(entity.iri), entity.iri
        assert entity.from_lexicon
        for lang in ("ar", "en"):
            assert entity.labels.get(lang), f"{entity.iri} has no @{lang} label"


def test_wikidata_ids_are_well_formed(lexicon):
    for entity in lexicon:
        if entity.wikidata is not None:
            assert QID.match(entity.wikidata), (entity.iri, entity.wikidata)


def test_wikidata_ids_are_unique(lexicon):
    owners = defaultdict(list)
    for entity in lexicon:
        if entity.wikidata:
            owners[entity.wikidata].append(entity.iri)
    assert {q: iris for q, iris in owners.items() if len(iris) > 1} == {}


def test_known_wikidata_ids(lexicon):
    expected = {"microsoft": "Q2283", "google": "Q95", "amazon": "Q3884", "apple": "Q312",
                "ibm": "Q37156", "israel": "Q801", "united-states": "Q30"}
    for slug, qid in expected.items():
        assert lexicon.entities[f"http://127.0.0.1:8000/id/{slug}"].wikidata == qid


def test_relations_point_at_defined_entities_of_the_right_kind(lexicon):
    for entity in lexicon:
        for target in entity.extra.get("madeBy", []):
            assert entity.type == "Product", f"{entity.iri} ({entity.type}) has madeBy"
            assert lexicon.entities[target].type == "Company", f"{entity.iri} madeBy {target}"
        for target in entity.extra.get("partOf", []):
            assert entity.type in ORGANISATION_TYPES, f"{entity.iri} ({entity.type}) has partOf"
            assert lexicon.entities[target].type in ORGANISATION_TYPES, f"{entity.iri} partOf {target}"
            assert target != entity.iri


def test_part_of_has_no_cycles(lexicon):
    def ancestors(iri, path=()):
        assert iri not in path, f"partOf cycle: {' -> '.join(path + (iri,))}"
        for parent in lexicon.entities[iri].extra.get("partOf", []):
            ancestors(parent, path + (iri,))

    for entity in lexicon:
        ancestors(entity.iri)


def test_unit_numbers(lexicon):
    numbered = {e.iri: e for e in lexicon if "unitNumber" in e.extra}
    assert numbered, "no numbered units"
    for iri, entity in numbered.items():
        assert entity.type == "MilitaryUnit", iri
        (number,) = entity.extra["unitNumber"]
        assert number.isdigit(), iri
        assert any(number in label for labels in entity.labels.values() for label in labels), iri
    unit_8200 = lexicon.entities["http://127.0.0.1:8000/id/unit-8200"]
    assert unit_8200.extra["unitNumber"] == ["8200"]
    assert "http://127.0.0.1:8000/id/israel-defense-forces" in unit_8200.extra["partOf"]


def test_core_entities_present(lexicon):
    for slug in ("microsoft", "google", "amazon-web-services", "azure", "project-nimbus",
                 "israel-defense-forces", "israeli-ministry-of-defense", "israel-prison-service",
                 "unit-8200", "unit-9900", "unit-81", "the-guardian", "972-magazine", "local-call",
                 "no-tech-for-apartheid", "no-azure-for-apartheid", "elbit-systems", "palantir-technologies",
                 "m12", "microsoft-consulting-services", "brad-smith", "gaza-strip"):
        assert f"http://127.0.0.1:8000/id/{slug}" in lexicon, slug


# --- labels ------------------------------------------------------------------------


def test_labels_are_clean(lexicon):
    for entity, lang, label in _all_labels(lexicon):
        assert label and label == label.strip() and "  " not in label, (entity.iri, label)
        if lang == "ar":
            assert is_arabic(label), f"{entity.iri}: @ar label without Arabic letters: {label!r}"
        else:
            assert not is_arabic(label), f"{entity.iri}: @en label with Arabic letters: {label!r}"


def test_no_label_shared_by_two_entities(lexicon):
    owners: dict[str, set[str]] = defaultdict(set)
    for entity, _lang, label in _all_labels(lexicon):
        owners[normalize(label)].add(entity.iri)
    shared = {key: iris for key, iris in owners.items() if len(iris) > 1}
    assert shared == SHARED_LABELS


def test_no_redundant_arabic_variants(lexicon):
    """Variants the matcher folds anyway (hamza, ta marbuta, alef maqsura, diacritics) are noise."""
    for entity in lexicon:
        keys = [normalize(label) for label in entity.labels["ar"]]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        assert not dupes, f"{entity.iri}: Arabic labels equal after normalisation: {dupes}"


def test_no_stop_word_labels(lexicon):
    stop = {normalize(word) for word in STOP_LABELS}
    for entity, _lang, label in _all_labels(lexicon):
        if _is_acronym(label):  # matched on exact spelling: "WIRED" is not "wired"
            continue
        assert normalize(label) not in stop, f"{entity.iri}: ordinary word as label: {label!r}"


def test_no_label_is_a_proclitic_glued_onto_another_label(lexicon):
    keys = {normalize(label) for _e, lang, label in _all_labels(lexicon) if lang == "ar"}
    for entity, lang, label in _all_labels(lexicon):
        if lang != "ar":
            continue
        key = normalize(label)
        for clitic in PROCLITICS:
            if key.startswith(clitic) and len(key) > len(clitic) + 1:
                rest = key[len(clitic):]
                glued = rest in keys or (clitic.endswith("لل") and "ال" + rest in keys)
                assert not glued, f"{entity.iri}: {label!r} is {clitic}+{rest!r}, which the matcher strips"


def _matcher_key(label: str, known: set[str]) -> tuple[str, ...]:
    """A label as the matcher sees it: normalised words, each stripped of
    proclitics (and the article) while what remains is a known label word."""
    clitics = PROCLITICS + ("ال",)

    def strip(word: str) -> str:
        for clitic in clitics:
            if word.startswith(clitic) and len(word) - len(clitic) >= 3:
                stem = word[len(clitic):]
                for candidate in (stem, "ال" + stem):
                    if candidate != word and candidate in known and not candidate.startswith("الال"):
                        return strip(candidate)
        return word

    return tuple(strip(w) for w in normalize(label).split())


def test_no_two_entities_share_a_label_once_clitics_are_stripped(lexicon):
    """Every label word is a 'known' word for the matcher, which strips و ف ب ل ك ال
    from any word whose remainder is known: two entities must not collapse."""
    known = {w for _e, _lang, label in _all_labels(lexicon) for w in normalize(label).split()}
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for entity, _lang, label in _all_labels(lexicon):
        if not _is_acronym(label):
            owners[_matcher_key(label, known)].add(entity.iri)
    clashes = {" ".join(k): iris for k, iris in owners.items() if len(iris) > 1}
    assert clashes == {}


def test_acronyms_are_upper_case_and_long_enough(lexicon):
    for entity, lang, label in _all_labels(lexicon):
        if lang == "en" and _is_acronym(label):
            assert len(label) >= 2, (entity.iri, label)


def test_surface_forms_list_pref_label_first(lexicon):
    forms = list(lexicon.surface_forms())
    assert len(forms) == sum(len(v) for e in lexicon for v in e.labels.values())
    microsoft = [(label, lang) for label, lang, iri in forms if iri == "http://127.0.0.1:8000/id/microsoft"]
    assert microsoft[0] in {("Microsoft", "en"), ("مايكروسوفت", "ar")}
    entity = lexicon.entities["http://127.0.0.1:8000/id/microsoft"]
    assert entity.labels["en"][0] == "Microsoft"
    assert entity.labels["ar"][0] == "مايكروسوفت"
    assert "ميكروسوفت" in entity.labels["ar"]
    assert "مايكروسفت" in entity.labels["ar"]  # hiddenLabel, after the altLabels
    assert entity.labels["ar"].index("مايكروسفت") > entity.labels["ar"].index("ميكروسوفت")


def test_by_type(lexicon):
    units = lexicon.by_type("MilitaryUnit")
    assert {e.type for e in units} == {"MilitaryUnit"}
    assert any(e.iri.endswith("/unit-8200") for e in units)
    with pytest.raises(ValueError):
        lexicon.by_type("Unicorn")


def test_key_spelling_variants(lexicon):
    def labels_of(slug):
        entity = lexicon.entities[f"http://127.0.0.1:8000/id/{slug}"]
        return {normalize(label) for labels in entity.labels.values() for label in labels}

    assert {normalize(x) for x in ("جوجل", "غوغل", "قوقل")} <= labels_of("google")
    assert {normalize(x) for x in ("الغارديان", "الجارديان", "ذا غارديان")} <= labels_of("the-guardian")
    # bare "الاحتلال" is a deliberate hidden label of the IDF: Arabic press names the army so
    # ("اعتمد الاحتلال على ..."); longer labels ("حكومة الاحتلال", "وزارة دفاع الاحتلال") win over it.
    assert {normalize(x) for x in ("جيش الاحتلال", "جيش الاحتلال الإسرائيلي", "قوات الاحتلال", "IDF")} \
        <= labels_of("israel-defense-forces")
    assert {normalize(x) for x in ("وزارة الدفاع الإسرائيلية", "وزارة دفاع الاحتلال", "IMOD")} \
        <= labels_of("israeli-ministry-of-defense")
    assert {normalize(x) for x in ("مصلحة السجون الإسرائيلية", "IPS")} <= labels_of("israel-prison-service")
    assert {normalize(x) for x in ("لا تكنولوجيا للفصل العنصري", "لا تقنية من أجل الفصل العنصري")} \
        <= labels_of("no-tech-for-apartheid")
    assert {normalize(x) for x in ("مشروع نيمبوس", "نيمبوس", "Project Nimbus")} <= labels_of("project-nimbus")


# --- loader errors -------------------------------------------------------------

_PREFIXES = """@prefix kg: <http://127.0.0.1:8000/ontology/> .
@prefix id: <http://127.0.0.1:8000/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix wd: <http://www.wikidata.org/entity/> .
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "test.ttl"
    path.write_text(_PREFIXES + body, encoding="utf-8")
    return path


def test_loader_reads_a_small_file(tmp_path):
    path = _write(tmp_path, """
id:acme a kg:Company ; skos:prefLabel "Acme"@en, "أكمي"@ar ; skos:altLabel "Acme Corp"@en ;
    skos:hiddenLabel "اكمى"@ar ; owl:sameAs wd:Q42 .
id:widget a kg:Product ; skos:prefLabel "Widget"@en, "ويدجت"@ar ; kg:madeBy id:acme .
id:unit-7 a kg:MilitaryUnit ; skos:prefLabel "Unit 7"@en, "الوحدة 7"@ar ; kg:unitNumber "7" .
""")
    lexicon = load_lexicon([path])
    acme = lexicon.entities["http://127.0.0.1:8000/id/acme"]
    assert acme.type == "Company" and acme.wikidata == "Q42"
    assert acme.labels == {"ar": ["أكمي", "اكمى"], "en": ["Acme", "Acme Corp"]}
    assert lexicon.entities["http://127.0.0.1:8000/id/widget"].extra == {"madeBy": ["http://127.0.0.1:8000/id/acme"]}
    assert lexicon.entities["http://127.0.0.1:8000/id/unit-7"].extra == {"unitNumber": ["7"]}
    assert lexicon.files == [path]
    assert len(list(lexicon.triples())) == 14


@pytest.mark.parametrize(
    "body, message",
    [
        ('id:x skos:prefLabel "X"@en, "إكس"@ar .', "no type"),
        ('id:x a kg:Company, kg:Product ; skos:prefLabel "X"@en, "إكس"@ar .', "2 types"),
        ('id:x a kg:Gadget ; skos:prefLabel "X"@en, "إكس"@ar .', "unknown type"),
        ('id:x a kg:Company ; skos:prefLabel "X"@en .', "prefLabel in @ar"),
        ('id:x a kg:Company ; skos:prefLabel "إكس"@ar .', "prefLabel in @en"),
        ('id:x a kg:Company ; skos:prefLabel "X"@en, "Y"@en, "إكس"@ar .', "2 skos:prefLabel in @en"),
        ('id:x a kg:Company ; skos:prefLabel "X"@en, "إكس"@ar ; kg:partOf id:nowhere .', "kg:partOf"),
        ('id:x a kg:Product ; skos:prefLabel "X"@en, "إكس"@ar ; kg:madeBy id:nowhere .', "kg:madeBy"),
        ('id:x a kg:Company ; skos:prefLabel "X"@en, "إكس"@ar ; skos:altLabel "X"@fr .', "@ar or @en"),
        ('id:x a kg:Company ; skos:prefLabel "X"@en, "إكس"@ar ; owl:sameAs wd:Q1, wd:Q2 .', "Wikidata"),
        ('id:x a kg:Company ; skos:prefLabel "X"@en "broken', "cannot parse"),
    ],
)
def test_loader_rejects_bad_entities(tmp_path, body, message):
    path = _write(tmp_path, body)
    with pytest.raises(ValueError) as info:
        load_lexicon([path])
    text = str(info.value)
    assert message in text
    assert str(path) in text
    if "cannot parse" not in message:
        assert "http://127.0.0.1:8000/id/x" in text


def test_main_prints_counts_per_type(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    for type_name in TYPES:
        assert re.search(rf"^{type_name}\s+\d+", out, re.M), type_name
    assert re.search(r"^total\s+\d+", out, re.M)
