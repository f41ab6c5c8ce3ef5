"""Dates in Arabic and English (own sentences)."""
from __future__ import annotations

import pytest

from kg.extract.dates import find_dates
from kg.model import DateValue

REF = DateValue("2025-01-25")


def _dates(text, reference=None):
    found = find_dates(text, reference)
    for d in found:  # the offset invariant, on every result
        assert text[d.span.start:d.span.end] == d.span.text
        assert d.span.text == d.span.text.strip()
    for x, y in zip(found, found[1:]):
        assert x.span.end <= y.span.start
    return found


# (text, span text, value) -- absolute dates, found with or without a reference
ABSOLUTE = [
    ("اندلعت الحرب في 7 أكتوبر 2023 وما زالت مستمرة", "7 أكتوبر 2023", "2023-10-07"),
    ("بعد أحداث السابع من تشرين الأول/ أكتوبر 2023 تغيّر كل شيء", "السابع من تشرين الأول/ أكتوبر 2023", "2023-10-07"),
    ("وقعت الهجمات في 7 تشرين الأول/أكتوبر 2023", "7 تشرين الأول/أكتوبر 2023", "2023-10-07"),
    ("نُشر التقرير يوم السبت 25 يناير 2025", "25 يناير 2025", "2025-01-25"),
    ("ابتداءً من أكتوبر 2023 ارتفع الطلب", "أكتوبر 2023", "2023-10"),
    ("حتى أبريل/نيسان 2024 لم يصدر أي رد", "أبريل/نيسان 2024", "2024-04"),
    ("منذ أكتوبر (تشرين الأول) 2023 تضاعف الاستخدام", "أكتوبر (تشرين الأول) 2023", "2023-10"),
    ("بين سبتمبر - أيلول 2022 ومطلع العام التالي", "سبتمبر - أيلول 2022", "2022-09"),
    ("وُقّع الاتفاق في 7 من أكتوبر 2023", "7 من أكتوبر 2023", "2023-10-07"),
    ("تم الإعلان في أكتوبر من عام 2023", "أكتوبر من عام 2023", "2023-10"),
    ("في الحادي والعشرين من حزيران 2022 أعلنت الوزارة", "الحادي والعشرين من حزيران 2022", "2022-06-21"),
    ("صدر القرار في 12 شباط 2024", "12 شباط 2024", "2024-02-12"),
    ("عُقد الاجتماع في أيار 2023", "أيار 2023", "2023-05"),
    ("انطلق البرنامج في 15 جويلية 2022", "15 جويلية 2022", "2022-07-15"),
    ("نُشرت النتائج في أفريل 2023", "أفريل 2023", "2023-04"),
    ("حُدد الموعد في 3 جانفي 2024", "3 جانفي 2024", "2024-01-03"),
    ("تغيّر الوضع في فيفري 2021", "فيفري 2021", "2021-02"),
    ("تحدّث الوزير في ٧ أكتوبر ٢٠٢٣", "٧ أكتوبر ٢٠٢٣", "2023-10-07"),
    ("انتهى العقد في أكتـوبر 2023", "أكتـوبر 2023", "2023-10"),
    ("وقّعت الشركة العقد فِي عَامِ 2021", "عَامِ 2021", "2021"),
    ("في عام 2021 وقعت الشركة عقداً", "عام 2021", "2021"),
    ("تأسست الوحدة في العام 2022", "العام 2022", "2022"),
    ("بدأ التعاون سنة 2020", "سنة 2020", "2020"),
    ("وقّعت الشركة العقد في 2021", "2021", "2021"),
    ("تعمل الشركة هناك منذ 2019", "2019", "2019"),
    ("سيكتمل المشروع بحلول منتصف 2024", "منتصف 2024", "2024"),
    ("تراجعت المبيعات أواخر 2023", "أواخر 2023", "2023"),
    ("من المتوقع إطلاقه أوائل 2024", "أوائل 2024", "2024"),
    ("أُعلن ذلك مطلع 2024", "مطلع 2024", "2024"),
    ("الأراضي المحتلة عام 1948 وما بعدها", "عام 1948", "1948"),
    ("صدر في 2023م عن الوزارة", "2023م", "2023"),
    ("The attack took place on October 7, 2023.", "October 7, 2023", "2023-10-07"),
    ("It was signed on 7 October 2023 in Tel Aviv.", "7 October 2023", "2023-10-07"),
    ("Reported on Oct. 7, 2023 by several outlets.", "Oct. 7, 2023", "2023-10-07"),
    ("Usage spiked in October 2023.", "October 2023", "2023-10"),
    ("The contract was awarded in 2021.", "2021", "2021"),
    ("The unit has used the platform since 2019.", "2019", "2019"),
    ("Deliveries should start by mid-2024.", "mid-2024", "2024"),
    ("The document is dated 2023-10-07.", "2023-10-07", "2023-10-07"),
    ("نُشر البيان بتاريخ 7/10/2023 على الموقع", "7/10/2023", "2023-10-07"),
    ("The memo dated 25/12/2023 was leaked.", "25/12/2023", "2023-12-25"),
    ("It happened on the 3rd of March 2022.", "3rd of March 2022", "2022-03-03"),
    ("The review ended in late 2023.", "late 2023", "2023"),
    ("The figures for the end of 2022 were higher.", "the end of 2022", "2022"),
]


@pytest.mark.parametrize("text,span,value", ABSOLUTE)
@pytest.mark.parametrize("reference", [None, REF])
def test_absolute_date(text, span, value, reference):
    found = _dates(text, reference)
    assert len(found) == 1, found
    d = found[0]
    assert d.span.text == span
    assert d.date.value == value
    assert d.relative is False
    assert d.date.precision == {4: "year", 7: "month", 10: "day"}[len(value)]


# (text, reference, span text, value) -- resolved against the article date;
# all relative=True except the last one, an absolute year next to a reference
RELATIVE = [
    ("أخطرت الشركة موظفيها في أبريل الماضي", "2025-01-25", "أبريل الماضي", "2024-04"),
    ("في أبريل/نيسان الماضي فُصل العشرات", "2025-01-25", "أبريل/نيسان الماضي", "2024-04"),
    ("كما حدث في أبريل الماضي", "2024-04-10", "أبريل الماضي", "2023-04"),
    ("كما حدث في مارس الماضي", "2024-04-10", "مارس الماضي", "2024-03"),
    ("كشفت تقارير العام الماضي عن ذلك", "2025-01-25", "العام الماضي", "2024"),
    ("تضاعف الطلب خلال السنة الماضية", "2025-01-25", "السنة الماضية", "2024"),
    ("تصاعدت الاحتجاجات الشهر الماضي", "2025-01-25", "الشهر الماضي", "2024-12"),
    ("يتوقع أن يكتمل هذا العام", "2025-01-25", "هذا العام", "2025"),
    ("ارتفعت الإيرادات في العام الجاري", "2025-01-25", "العام الجاري", "2025"),
    ("سيعرض التقرير العام المقبل", "2025-01-25", "العام المقبل", "2026"),
    ("وقّع العقد العام قبل الماضي", "2025-01-25", "العام قبل الماضي", "2023"),
    ("أعلنت الشركة ذلك أمس", "2025-01-25", "أمس", "2025-01-24"),
    ("The company fired them last April.", "2025-01-25", "last April", "2024-04"),
    ("Revenue doubled last year.", "2025-01-25", "last year", "2024"),
    ("Revenue doubled earlier this year.", "2025-03-02", "this year", "2025"),
    ("Protests grew last month.", "2025-01-25", "last month", "2024-12"),
    ("The contract was announced in April.", "2025-01-25", "April", "2024-04"),
    ("وقعت الاتفاقية في أبريل", "2025-01-25", "أبريل", "2024-04"),
    ("صدر القرار في يناير", "2025-01-25", "يناير", "2025-01"),
    ("يحتجزون دون محاكمة منذ 7 أكتوبر", "2025-01-25", "7 أكتوبر", "2024-10-07"),
    ("بعد السابع من أكتوبر تغيّر كل شيء", "2025-01-25", "السابع من أكتوبر", "2024-10-07"),
    ("نُشر في 25 يناير", "2025-01-25", "25 يناير", "2025-01-25"),
    ("نُشر في 26 يناير", "2025-01-25", "26 يناير", "2024-01-26"),
    ("It began on October 7 with an attack.", "2025-01-25", "October 7", "2024-10-07"),
    ("وقّع العقد في شهر مارس", "2025-06-01", "شهر مارس", "2025-03"),
    ("أعلن ذلك في أغسطس/آب الماضي", "2025-01-25", "أغسطس/آب الماضي", "2024-08"),
    ("ستبدأ المرحلة في يونيو المقبل", "2025-01-25", "يونيو المقبل", "2025-06"),
    ("The review will finish by the same date in 2026.", "2025-01-25", "2026", "2026"),
]


@pytest.mark.parametrize("text,ref,span,value", RELATIVE)
def test_relative_date(text, ref, span, value):
    found = _dates(text, DateValue(ref))
    assert len(found) == 1, found
    d = found[0]
    assert d.span.text == span
    assert d.date.value == value
    assert d.relative is (span != "2026")


@pytest.mark.parametrize("text", [t for t, r, s, v in RELATIVE if s != "2026"])
def test_relative_needs_reference(text):
    assert _dates(text) == []


NEGATIVES = [
    "بما في ذلك الوحدة 8200 المتخصصة في التجسس",
    'والموقع الإسرائيلي "+972" نشر التحقيق',
    "أصدرت وزارة 2021 بياناً",
    "اتصل على +972 50 123 4567 للاستفسار",
    "بلغ عدد الموظفين 2023 موظفاً",
    "وقعت الشركة 2023 عقداً جديداً",
    "مارس الضغط على الحكومة لسنوات",
    "ومارس الجيش ضغوطاً كبيرة",
    "يعمل في 2000 موظف حول العالم",
    "The 2023 report was leaked.",
    "Staff may strike if the deal goes ahead.",
    "They will march on the ministry.",
    "The memo dated 10/7/2023 was leaked.",  # d/m or m/d? ambiguous in English
    "وقع ذلك في 31 فبراير 2023",  # no such day
    "GPT-4 و F-35 و A320",
]


@pytest.mark.parametrize("text", NEGATIVES)
@pytest.mark.parametrize("reference", [None, REF])
def test_no_date(text, reference):
    assert _dates(text, reference) == []


def test_several_dates_in_order():
    text = ("بدأ التعاون منذ 7 أكتوبر 2023، وتوسّع بين أكتوبر 2023 ويونيو/حزيران 2024، "
            "وفي عام 2021 وقّعت الشركة عقداً، ثم فصلت موظفين في أبريل الماضي.")
    found = _dates(text, REF)
    assert [(d.span.text, d.date.value, d.relative) for d in found] == [
        ("7 أكتوبر 2023", "2023-10-07", False),
        ("أكتوبر 2023", "2023-10", False),
        ("يونيو/حزيران 2024", "2024-06", False),
        ("عام 2021", "2021", False),
        ("أبريل الماضي", "2024-04", True),
    ]


def test_paired_months_with_conjunction_clitic():
    text = "بين سبتمبر/أيلول 2023 ومارس/آذار 2024 تضاعف الاستهلاك"
    found = _dates(text)
    assert [(d.span.text, d.date.value) for d in found] == [
        ("سبتمبر/أيلول 2023", "2023-09"),
        ("مارس/آذار 2024", "2024-03"),
    ]


def test_offsets_with_diacritics_nbsp_and_quotes():
    text = "«وَفِي الـسَّابِعِ مِنْ تِشْرِينَ الأَوَّلِ/\u00a0أُكْتُوبَر ٢٠٢٣» قَالَ"
    found = _dates(text)
    assert len(found) == 1
    assert found[0].date.value == "2023-10-07"
    assert found[0].span.text == "الـسَّابِعِ مِنْ تِشْرِينَ الأَوَّلِ/\u00a0أُكْتُوبَر ٢٠٢٣"


def test_leap_day_and_invalid_days():
    assert [d.date.value for d in _dates("في 29 فبراير 2024")] == ["2024-02-29"]
    assert _dates("في 29 فبراير 2023") == []


# --- property: offsets always index the original text, whatever the noise
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FRAGMENTS = [
    "٧", "٢٠٢٣", "7", "25", "2023", "1948", "8200", "2023-10-07", "7/10/2023", " ", "\u00a0",
    "ـ", "\u064e", "\u0651", "\u0650", "\u200f", "«", "»", "/", "(", ")", "-", "، ",
    "أكتوبر", "أكتـوبر", "تشرين الأول", "تِشْرِينَ الأَوَّلِ", "نيسان", "أبريل", "مارس", "آب",
    "جويلية", "السابع", "الحادي والعشرين", "من", "في", "عام", "العام", "منتصف", "الماضي",
    "الماضية", "السنة", "الشهر", "هذا", "أمس", "October", "Oct.", "May", "last", "this", "in",
    "since", "mid-", "year", ", ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=25),
       st.sampled_from([None, "2025", "2025-01", "2024-04-10"]))
def test_offsets_property(parts, ref):
    _dates("".join(parts), DateValue(ref) if ref else None)
