"""Contract patterns, written fresh: who supplies whom, for how much, when.

Every sentence here was written for this file (none is copied from corpus/ or
the seeds). Participants are all lexicon entities, so a failure points at the
RELATION rules (roles, value, date), not at name finding. Cases vary the verb,
the word order (Arabic VSO/SVO/nominal, English active and passive), where the
value stands, clitics on names (وشركة، لوزارة، بالجيش), date forms (Levantine
months, paired months, relative to the article date "2025-06-15") and amount
forms (مليون/مليار/ألف, "$2.5bn", "NIS 40 million", "£15m", "€20 million").

Negative cases must NOT produce the contract: a company that lost a tender,
"عقد اجتماعا" (held a meeting), "عقود" meaning decades, a refusal, a deal only
under consideration.
"""
from __future__ import annotations

import pytest

from .patterns.helpers import ContractCase as C
from .patterns.helpers import NegativeCase as N
from .patterns.helpers import assert_absent, assert_contract

MOD = "Israeli Ministry of Defense"
IDF = "Israel Defense Forces"

POSITIVE = [
    # --- Arabic ------------------------------------------------------------
    C("ar-vso-value-after-parties-paired-month", "ar",
      "وقّعت وزارة الدفاع الإسرائيلية عقدا مع شركة إلبيت سيستمز بقيمة 300 مليون دولار "
      "في الخامس من أيار/مايو 2024 لتوريد قذائف مدفعية.",
      suppliers={"Elbit Systems"}, customers={MOD}, value="300000000", currency="USD", date="2024-05-05"),
    C("ar-value-first-shekel-levantine-month", "ar",
      "صفقة بقيمة 45 مليون شيكل أبرمتها مصلحة السجون الإسرائيلية مع شركة سيليبرايت في شباط 2024 "
      "لشراء أجهزة لاستخراج بيانات الهواتف.",
      suppliers={"Cellebrite"}, customers={"Israel Prison Service"}, value="45000000", currency="ILS",
      date="2024-02"),
    C("ar-passive-awarded-relative-month", "ar",
      "مُنحت شركة بالانتير عقدا من الجيش الإسرائيلي بقيمة 200 مليون دولار في آذار الماضي، "
      "بحسب ما أوردته صحيفة كالكاليست.",
      suppliers={"Palantir Technologies"}, customers={IDF}, value="200000000", currency="USD", date="2025-03"),
    C("ar-won-clitic-customer", "ar",
      "فازت أوراكل بمناقصة لوزارة الدفاع الإسرائيلية قيمتها 80 مليون دولار لتوفير قواعد بيانات "
      "في تشرين الأول 2023.",
      suppliers={"Oracle"}, customers={MOD}, value="80000000", currency="USD", date="2023-10"),
    C("ar-trade-verb-bought-relative-year", "ar",
      "اشترى الجيش الإسرائيلي من شركة إلبيت سيستمز طائرات مسيّرة بقيمة 150 مليون دولار العام الماضي.",
      suppliers={"Elbit Systems"}, customers={IDF}, value="150000000", currency="USD", date="2024"),
    C("ar-date-first-clitic-coordinated-customer", "ar",
      "في 12 تشرين الثاني 2023، وقعت جوجل ووزارة الدفاع الإسرائيلية اتفاقية بقيمة 400 مليون دولار "
      "لتقديم خدمات سحابية.",
      suppliers={"Google"}, customers={MOD}, value="400000000", currency="USD", date="2023-11-12"),
    C("ar-value-clause-before-parties-thousand", "ar",
      "بلغت قيمة الصفقة 850 ألف دولار، وبموجبها تزوّد شركة سيليبرايت الشرطة الإسرائيلية بأدوات لاختراق الهواتف.",
      suppliers={"Cellebrite"}, customers={"Israel Police"}, value="850000", currency="USD"),
    C("ar-svo-company-subject-clitic-wa-sharika", "ar",
      "الشرطة الإسرائيلية وشركة كورسايت أبرمتا صفقة بقيمة 12 مليون شيكل مطلع عام 2024 "
      "لتركيب كاميرات للتعرف على الوجوه على الحواجز.",
      suppliers={"Corsight AI"}, customers={"Israel Police"}, value="12000000", currency="ILS", date="2024"),
    C("ar-passive-tum-tawqi-bi-jaysh", "ar",
      "تمّ توقيع عقد بين مايكروسوفت والجيش الإسرائيلي قيمته 35 مليون دولار في حزيران/يونيو 2023 "
      "لتوفير ساعات دعم فني.",
      suppliers={"Microsoft"}, customers={IDF}, value="35000000", currency="USD", date="2023-06"),
    C("ar-value-not-the-contracts-revenue-first", "ar",
      "وقّعت إلبيت سيستمز، التي بلغت إيراداتها 6 مليارات دولار العام الماضي، عقدا بقيمة 300 مليون دولار "
      "مع الجيش الإسرائيلي في آذار 2025.",
      suppliers={"Elbit Systems"}, customers={IDF}, value="300000000", currency="USD", date="2025-03"),
    C("ar-two-contracts-one-sentence-first", "ar",
      "وقّعت مايكروسوفت عقدا مع الجيش الإسرائيلي بقيمة 10 ملايين دولار، فيما وقّعت جوجل عقدا آخر "
      "مع الشاباك بقيمة 5 ملايين دولار.",
      suppliers={"Microsoft"}, customers={IDF}, value="10000000", currency="USD"),
    C("ar-two-contracts-one-sentence-second", "ar",
      "وقّعت مايكروسوفت عقدا مع الجيش الإسرائيلي بقيمة 10 ملايين دولار، فيما وقّعت جوجل عقدا آخر "
      "مع الشاباك بقيمة 5 ملايين دولار.",
      suppliers={"Google"}, customers={"Shin Bet"}, value="5000000", currency="USD"),
    C("ar-verb-taaqadat-no-contract-noun", "ar",
      "تعاقدت وزارة الدفاع الإسرائيلية مع شركة أندوريل لتزويدها بمنظومات اعتراض في أيار 2025.",
      suppliers={"Anduril Industries"}, customers={MOD}, date="2025-05"),
    C("ar-verb-talaba-order-billions", "ar",
      "طلب سلاح الجو الإسرائيلي 25 طائرة إف 35 من لوكهيد مارتن بقيمة 3 مليارات دولار عام 2023.",
      suppliers={"Lockheed Martin"}, customers={"Israeli Air Force"}, value="3000000000", currency="USD",
      date="2023"),
    C("ar-verb-istajarat-lease-muqabil", "ar",
      "استأجرت وزارة الدفاع الإسرائيلية خوادم من أمازون ويب سيرفيسز مقابل 20 مليون دولار سنويا.",
      suppliers={"Amazon Web Services"}, customers={MOD}, value="20000000", currency="USD"),
    C("ar-anaphor-software-giant-previous-sentence", "ar",
      "أعلنت شركة أوراكل عن أرباح قياسية يوم الثلاثاء. ووقّع عملاق البرمجيات عقدا مع مصلحة السجون "
      "الإسرائيلية بقيمة 50 مليون دولار.",
      suppliers={"Oracle"}, customers={"Israel Prison Service"}, value="50000000", currency="USD"),
    # --- English -----------------------------------------------------------
    C("en-active-value-after-parties", "en",
      "The Israeli Ministry of Defense signed a $1.2 billion contract with Elbit Systems in January 2024 "
      "to supply artillery shells.",
      suppliers={"Elbit Systems"}, customers={MOD}, value="1200000000", currency="USD", date="2024-01"),
    C("en-passive-awarded-by-relative-month", "en",
      "Palantir was awarded a contract worth $45 million by the Israel Defense Forces last March.",
      suppliers={"Palantir Technologies"}, customers={IDF}, value="45000000", currency="USD", date="2025-03"),
    C("en-value-first-bn", "en",
      "A $2.5bn cloud deal between Google and the Israeli government was signed in April 2021.",
      suppliers={"Google"}, customers={"Government of Israel"}, value="2500000000", currency="USD",
      date="2021-04"),
    C("en-bought-from-nis", "en",
      "The Israel Prison Service bought phone-extraction kits from Cellebrite for NIS 40 million, "
      "procurement records from October 2023 show.",
      suppliers={"Cellebrite"}, customers={"Israel Prison Service"}, value="40000000", currency="ILS",
      date="2023-10"),
    C("en-passive-signed-by-supplier-day-month-year", "en",
      "A contract to install facial recognition cameras for the Israel Police was signed by Corsight AI "
      "on 3 February 2024.",
      suppliers={"Corsight AI"}, customers={"Israel Police"}, date="2024-02-03"),
    C("en-sold-to-euro-relative-year", "en",
      "Oracle sold database licences worth €20 million to the Israeli Ministry of Defense last year.",
      suppliers={"Oracle"}, customers={MOD}, value="20000000", currency="EUR", date="2024"),
    C("en-won-tender-m-suffix", "en",
      "Microsoft won a Shin Bet tender for data storage valued at $18m in May 2024.",
      suppliers={"Microsoft"}, customers={"Shin Bet"}, value="18000000", currency="USD", date="2024-05"),
    C("en-agreement-value-first-pound-last-month", "en",
      "Under a £15m agreement signed last month, Palantir will provide the Israeli Ministry of Defense "
      "with analytics software.",
      suppliers={"Palantir Technologies"}, customers={MOD}, value="15000000", currency="GBP", date="2025-05"),
    C("en-passive-customer-subject-supplied-by", "en",
      "Unit 8200 was supplied with storage servers by Dell under a $9.5 million contract in September 2022.",
      suppliers={"Dell Technologies"}, customers={"Unit 8200"}, value="9500000", currency="USD", date="2022-09"),
    C("en-passive-bought-from-by-company-customer", "en",
      "Storage servers worth $5 million were bought from Dell by Elbit Systems in 2023.",
      suppliers={"Dell Technologies"}, customers={"Elbit Systems"}, value="5000000", currency="USD", date="2023"),
    C("en-value-not-the-contracts-revenue-first", "en",
      "Elbit Systems, whose revenue reached $6bn last year, signed a $300 million contract with the "
      "Israel Defense Forces in March 2025.",
      suppliers={"Elbit Systems"}, customers={IDF}, value="300000000", currency="USD", date="2025-03"),
    C("en-two-contracts-gapping-second", "en",
      "Microsoft signed a $10 million contract with the Israel Defense Forces, and Google a $5 million "
      "contract with Shin Bet.",
      suppliers={"Google"}, customers={"Shin Bet"}, value="5000000", currency="USD"),
    C("en-verb-ordered-from", "en",
      "The Israeli Air Force ordered 25 F-35 jets from Lockheed Martin for $3bn in 2023.",
      suppliers={"Lockheed Martin"}, customers={"Israeli Air Force"}, value="3000000000", currency="USD",
      date="2023"),
    C("en-verb-procured-from-nis", "en",
      "The Israel Police procured drones from Elbit Systems in 2023 for NIS 30 million.",
      suppliers={"Elbit Systems"}, customers={"Israel Police"}, value="30000000", currency="ILS", date="2023"),
    C("en-anaphor-software-maker-previous-sentence", "en",
      "Oracle reported strong results on Tuesday. The software maker also signed a $50m contract with "
      "the Israel Prison Service.",
      suppliers={"Oracle"}, customers={"Israel Prison Service"}, value="50000000", currency="USD"),
]

NEGATIVE = [
    # --- Arabic ------------------------------------------------------------
    N("ar-lost-tender-lam-tafuz", "ar",
      "لم تفز شركة أمازون بمناقصة وزارة الدفاع الإسرائيلية، التي ذهبت في النهاية إلى أوراكل.",
      "Contract", about={"Amazon"}, role="supplier", why="Amazon did not win the tender"),
    N("ar-lost-tender-to-rival", "ar",
      "خسرت شركة إلبيت سيستمز مناقصة الشرطة الإسرائيلية أمام منافستها رافائيل.",
      "Contract", about={"Elbit Systems"}, role="supplier", why="Elbit lost the tender"),
    N("ar-held-meeting-vso", "ar",
      "عقد وزير الدفاع الإسرائيلي اجتماعا مع مسؤولين من شركة مايكروسوفت في تل أبيب.",
      "Contract", why="عقد + subject + اجتماعا is 'held a meeting'"),
    N("ar-decades", "ar",
      "تعمل إلبيت سيستمز مع الجيش الإسرائيلي منذ عقود.",
      "Contract", why="عقود here means decades"),
    N("ar-refused-to-sign", "ar",
      "رفضت شركة جوجل توقيع عقد جديد مع وزارة الدفاع الإسرائيلية.",
      "Contract", why="a refusal, no contract"),
    # --- English -----------------------------------------------------------
    N("en-lost-tender-passive-beaten", "en",
      "Google was beaten to the Israel Police contract by Microsoft.",
      "Contract", about={"Google"}, role="supplier", why="Google lost the contract"),
    N("en-outbid", "en",
      "Amazon was outbid by Oracle in the Israeli Ministry of Defense tender.",
      "Contract", about={"Amazon"}, role="supplier", why="Amazon was outbid"),
    N("en-considering-deal", "en",
      "The Israeli Ministry of Defense is considering a deal with Palantir, officials said.",
      "Contract", why="a deal under consideration is not a contract"),
    N("en-no-contract", "en",
      "Google says it has no contract with the Israeli military.",
      "Contract", why="an explicit denial that any contract exists"),
]


@pytest.mark.parametrize("case", POSITIVE, ids=lambda c: c.id)
def test_contract_pattern(extractor, case):
    assert_contract(extractor, case)


@pytest.mark.parametrize("case", NEGATIVE, ids=lambda c: c.id)
def test_not_a_contract(extractor, case):
    assert_absent(extractor, case)


def test_case_counts():
    """The brief: at least 5 Arabic and 5 English positive sentences, and negatives in both languages."""
    for lang in ("ar", "en"):
        assert sum(c.lang == lang for c in POSITIVE) >= 5
        assert sum(c.lang == lang for c in NEGATIVE) >= 2
    assert len({c.id for c in POSITIVE + NEGATIVE}) == len(POSITIVE + NEGATIVE)
