"""Amounts: money and counted quantities in Arabic and English (own sentences)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.amounts import find_amounts, parse_digits


def _amounts(text):
    found = find_amounts(text)
    for a in found:  # the offset invariant, on every result
        assert text[a.span.start:a.span.end] == a.span.text
        assert a.span.text == a.span.text.strip()
    starts = [a.span.start for a in found]
    assert starts == sorted(starts)
    for x, y in zip(found, found[1:]):
        assert x.span.end <= y.span.start
    return found


# (text, span text, value, currency, unit, approximate)
CASES = [
    # --- Arabic money
    ("وقّعت الشركة عقداً بقيمة 1.2 مليار دولار مع الوزارة.", "1.2 مليار دولار", "1200000000", "USD", None, False),
    ("بلغت قيمة الصفقة ٣٫٥ مليون دولار أمريكي العام الماضي", "٣٫٥ مليون دولار أمريكي", "3500000", "USD", None, False),
    ("دفعت الحكومة 211 ألف دولار مقابل الاستشارات", "211 ألف دولار", "211000", "USD", None, False),
    ("تعاقدت الوزارة مع المزوّد بـ10 ملايين دولار", "10 ملايين دولار", "10000000", "USD", None, False),
    ("خصّص الصندوق مليونَي دولار للمشروع", "مليونَي دولار", "2000000", "USD", None, False),
    ("ضخّت المجموعة ملياري دولار في السوق", "ملياري دولار", "2000000000", "USD", None, False),
    ("تلقّت البلدية مليونا دولار كمنحة", "مليونا دولار", "2000000", "USD", None, False),
    ("تبلغ الميزانية 25 مليارًا من الدولارات", "25 مليارًا من الدولارات", "25000000000", "USD", None, False),
    ("أنفقت الدولة 1,2 مليار يورو على الأنظمة", "1,2 مليار يورو", "1200000000", "EUR", None, False),
    ("عرض المستثمر نصف مليار دولار", "نصف مليار دولار", "500000000", "USD", None, False),
    ("بلغت الكلفة مليار ونصف المليار دولار", "مليار ونصف المليار دولار", "1500000000", "USD", None, False),
    ("وصلت القيمة إلى مليار و200 مليون دولار", "مليار و200 مليون دولار", "1200000000", "USD", None, False),
    ("اشترت الهيئة معدات بقيمة ثلاثة ملايين دولار", "ثلاثة ملايين دولار", "3000000", "USD", None, False),
    ("بيعت الحصة بمبلغ 50 مليون جنيه إسترليني", "50 مليون جنيه إسترليني", "50000000", "GBP", None, False),
    ("رصدت الوزارة 3 ملايين جنيه مصري للتدريب", "3 ملايين جنيه مصري", "3000000", "EGP", None, False),
    ("وقع الصندوق اتفاقاً بـ100 مليون ريال سعودي", "100 مليون ريال سعودي", "100000000", "SAR", None, False),
    ("قيمة العقد 20 مليون درهم إماراتي", "20 مليون درهم إماراتي", "20000000", "AED", None, False),
    ("خُصص مبلغ 5 ملايين دينار أردني", "5 ملايين دينار أردني", "5000000", "JOD", None, False),
    ("حصلت الشركة على 200 مليون شيكل من الوزارة", "200 مليون شيكل", "200000000", "ILS", None, False),
    ("تم تحويل 40 مليون شيقل جديد", "40 مليون شيقل جديد", "40000000", "ILS", None, False),
    ("بلغت الاستثمارات 1.5 مليار ين", "1.5 مليار ين", "1500000000", "JPY", None, False),
    ("قدّرت الصفقة بمليار يوان", "مليار يوان", "1000000000", "CNY", None, False),
    ("دفع البنك 10 ملايين فرنك سويسري", "10 ملايين فرنك سويسري", "10000000", "CHF", None, False),
    ("وقّعت كندا عقداً بقيمة 40 مليون دولار كندي", "40 مليون دولار كندي", "40000000", "CAD", None, False),
    ("صفقة تُقدّر بنحو 10 ملايين دولار", "10 ملايين دولار", "10000000", "USD", None, True),
    ("كلّف المشروع 10 ملايين دولار تقريبًا", "10 ملايين دولار", "10000000", "USD", None, True),
    ("بلغت قيمة العقد 7 مليـون دولار", "7 مليـون دولار", "7000000", "USD", None, False),
    ("العقد «بقيمة 15 مليون دولار» كما قيل", "15 مليون دولار", "15000000", "USD", None, False),
    ("بقيمة 10\u00a0ملايين\u00a0دولار", "10\u00a0ملايين\u00a0دولار", "10000000", "USD", None, False),
    # --- English money
    ("The deal was worth $1.2 billion over seven years.", "$1.2 billion", "1200000000", "USD", None, False),
    ("It divested a $74M stake.", "$74M", "74000000", "USD", None, False),
    ("A contract of US$ 10m was signed.", "US$ 10m", "10000000", "USD", None, False),
    ("The ministry paid USD 10 million.", "USD 10 million", "10000000", "USD", None, False),
    ("Funding reached €5m last year.", "€5m", "5000000", "EUR", None, False),
    ("The bid was £3bn.", "£3bn", "3000000000", "GBP", None, False),
    ("The tender is worth NIS 100 million.", "NIS 100 million", "100000000", "ILS", None, False),
    ("A fee of ₪ 50 applies.", "₪ 50", "50", "ILS", None, False),
    ("They paid 10 million shekels for the system.", "10 million shekels", "10000000", "ILS", None, False),
    ("The agency spent 500 million euros.", "500 million euros", "500000000", "EUR", None, False),
    ("It raised two billion dollars.", "two billion dollars", "2000000000", "USD", None, False),
    ("It paid half a billion dollars.", "half a billion dollars", "500000000", "USD", None, False),
    ("The award was 10 million pounds.", "10 million pounds", "10000000", "GBP", None, False),
    ("Saudi Arabia committed 5 billion Saudi riyals.", "5 billion Saudi riyals", "5000000000", "SAR", None, False),
    ("The contract is worth roughly $300 million.", "$300 million", "300000000", "USD", None, True),
    ("A total of $10,000 was donated.", "$10,000", "10000", "USD", None, False),
    # --- counted units, Arabic
    ("سجّل الجيش 19,000 ساعة دعم فني", "19,000 ساعة", "19000", None, "hour", False),
    ("اشترى الجيش 19 ألف ساعة من الدعم", "19 ألف ساعة", "19000", None, "hour", False),
    ("اشترى الجيش حوالي 19.000 ساعة", "19.000 ساعة", "19000", None, "hour", True),
    ("فصلت الشركة نحو 300 موظف", "300 موظف", "300", None, "person", True),
    ("احتج أكثر من 50 موظفًا في المقر", "50 موظفًا", "50", None, "person", True),
    ("طُرد خمسة موظفين بعد الاعتصام", "خمسة موظفين", "5", None, "person", False),
    ("قاطع اثنان من الموظفين الكلمة", "اثنان من الموظفين", "2", None, "person", False),
    ("أبلغت الشركة 28 من موظفيها بقرار الفصل", "28 من موظفيها", "28", None, "person", False),
    ("شارك خمسة وعشرون ناشطًا في الوقفة", "خمسة وعشرون ناشطًا", "25", None, "person", False),
    ("تظاهر ألف شخص أمام المبنى", "ألف شخص", "1000", None, "person", False),
    ("تضاعف الاستهلاك 64 ضعفًا خلال عام", "64 ضعفًا", "64", None, "times", False),
    ("ارتفع الطلب عشرة أضعاف", "عشرة أضعاف", "10", None, "times", False),
    ("استحوذت الخدمة على 60% من الطلب", "60%", "60", None, "percent", False),
    ("بلغت نسبة الإدانة ٩٩٫٩٪ في المحاكم", "٩٩٫٩٪", "99.9", None, "percent", False),
    ("تراجعت الأرباح 25 بالمئة", "25 بالمئة", "25", None, "percent", False),
    ("ارتفعت الحصة 40 في المائة", "40 في المائة", "40", None, "percent", False),
    ("اعتصم المحتجون لما يقرب من 10 ساعات", "10 ساعات", "10", None, "hour", True),
    # --- counted units, English
    ("About 1,500 employees signed the letter.", "1,500 employees", "1500", None, "person", True),
    ("More than 200 Google workers walked out.", "200 Google workers", "200", None, "person", True),
    ("The firm fired 28 of its employees.", "28 of its employees", "28", None, "person", False),
    ("Two employees were dismissed.", "Two employees", "2", None, "person", False),
    ("A dozen workers protested.", "A dozen workers", "12", None, "person", False),
    ("Twenty-five protesters were arrested.", "Twenty-five protesters", "25", None, "person", False),
    ("Usage rose 60 percent in a month.", "60 percent", "60", None, "percent", False),
    ("A share of 12.5 per cent was sold.", "12.5 per cent", "12.5", None, "percent", False),
    ("Storage grew 10-fold.", "10-fold", "10", None, "times", False),
    ("Demand rose three times over.", "three times", "3", None, "times", False),
    ("Police held nine activists overnight.", "nine activists", "9", None, "person", False),
]


@pytest.mark.parametrize("text,span,value,currency,unit,approx", CASES)
def test_amount(text, span, value, currency, unit, approx):
    found = _amounts(text)
    assert len(found) == 1, found
    a = found[0]
    assert a.span.text == span
    assert a.value == Decimal(value)
    assert a.currency == currency
    assert a.unit == unit
    assert a.approximate is approx


NEGATIVES = [
    "رصدت الحكومة 10 ملايين جنيه للمشروع",  # which pound?
    "دفع الزبون 500 ريال نقداً",  # which riyal?
    "بما في ذلك الوحدة 8200 المتخصصة في التجسس",
    'والموقع الإسرائيلي "+972" نشر التحقيق',
    "وقعت الاتفاقية 2023 في القاهرة",
    "سجلات ملايين المكالمات الهاتفية اليومية",
    "أنفقت الشركات ملايين الدولارات",
    "Call +972 50 123 4567 for details.",
    "The F-35 program and the A320 jets.",
    "He lost 10 pounds in a month.",
    "They walked 5 miles.",
    "In 2023 Google employees protested.",
    "اعتقلت الشرطة تسعة منهم",  # no person noun before: not sure who
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_amount(text):
    assert _amounts(text) == []


def test_several_amounts_sorted_and_disjoint():
    text = ("أبرمت الشركة عقداً بقيمة 1.2 مليار دولار، ثم فصلت 50 موظفاً، "
            "وارتفعت حصتها 25% بعد صفقة بـ$74M و€5m.")
    found = _amounts(text)
    assert [(a.value, a.currency, a.unit) for a in found] == [
        (Decimal("1200000000"), "USD", None),
        (Decimal("50"), None, "person"),
        (Decimal("25"), None, "percent"),
        (Decimal("74000000"), "USD", None),
        (Decimal("5000000"), "EUR", None),
    ]


def test_them_counts_persons_after_a_person_noun():
    text = "اعتقلت الشرطة عشرين ناشطاً، وأفرجت عن تسعة منهم لاحقاً"
    found = _amounts(text)
    assert [(a.span.text, a.value, a.unit) for a in found] == [
        ("عشرين ناشطاً", Decimal(20), "person"),
        ("تسعة منهم", Decimal(9), "person"),
    ]


def test_offsets_with_diacritics_tatweel_and_indic_digits():
    text = "وَقَّعَت الـشركة عَقْدًا بِقِيمَةِ ١٠ مَلَايِين دُولَارٍ أَمْرِيكِيٍّ، وَفَصَلَت ٢٨ مُوَظَّفًا."
    found = _amounts(text)
    assert [(a.value, a.currency, a.unit) for a in found] == [
        (Decimal("10000000"), "USD", None),
        (Decimal("28"), None, "person"),
    ]
    assert found[0].span.text == "١٠ مَلَايِين دُولَارٍ أَمْرِيكِيٍّ"
    assert found[1].span.text == "٢٨ مُوَظَّفًا"


@pytest.mark.parametrize("s,hint,value", [
    ("19,000", False, "19000"), ("1,2", True, "1.2"), ("1.2", True, "1.2"),
    ("1.200.000", False, "1200000"), ("1,200,000.50", False, "1200000.50"),
    ("1.200,5", False, "1200.5"), ("19.000", False, "19000"), ("1.500", True, "1.5"),
])
def test_parse_digits(s, hint, value):
    assert parse_digits(s, decimal_hint=hint) == Decimal(value)


# --- property: offsets always index the original text, whatever the noise
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FRAGMENTS = [
    "١٠", "٣٫٥", "١٬٢٠٠", "10", "1,2", "19.000", "2023", " ", "\u00a0", "ـ", "\u064b", "\u0651",
    "\u0650", "\u200f", "«", "»", "مليون", "ملايين", "مليـار", "ألف", "آلاف", "دولار", "دُولَارٍ",
    "أمريكي", "جنيه", "إسترليني", "موظفًا", "موظفين", "من موظفيها", "منهم", "ناشطين", "٪", "%",
    "ضعفًا", "نحو", "بـ", "و", "خمسة", "وعشرون", "$", "€", "NIS", "million", "employees", "about",
    "Google", "two", "half a", "billion", "dollars", "pounds", "-", "/", "أكتوبر", "تشرين الأول",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=25))
def test_offsets_property(parts):
    _amounts("".join(parts))
