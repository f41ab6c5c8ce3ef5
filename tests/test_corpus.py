"""Reading article files: the format, bad input, and the corpus/ files themselves."""
from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import pickle
from pathlib import Path

import pytest

from kg.corpus import (
    MAX_BYTES,
    SUFFIXES,
    ArticleError,
    find_article_files,
    iter_articles,
    parse_published,
    read_article,
)
from kg.iri import article_id_from_filename
from kg.model import Article, DateValue

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = ROOT.parent / "shared" / "seeds"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    p.write_bytes(content)
    return p


def error_for(path: Path, **kw) -> ArticleError:
    with pytest.raises(ArticleError) as info:
        read_article(path, **kw)
    err = info.value
    assert err.path == str(path)
    assert str(path) in str(err)
    assert "\n" not in str(err) and "Traceback" not in str(err)
    return err


# --------------------------------------------------------------------------- front matter


FULL = """---
title: مايكروسوفت توسّع شراكتها
outlet: المنصة
url: https://example.org/news/1?x=1
published: 2025-01-25
language: ar
author: قسم الأخبار
---
النص الأول.
"""


def test_front_matter_every_key(tmp_path):
    p = write(tmp_path, "a1.md", FULL)
    a = read_article(p)
    assert isinstance(a, Article)
    assert a.id == "a1"
    assert a.source == str(p)
    assert a.title == "مايكروسوفت توسّع شراكتها"
    assert a.outlet == "المنصة"
    assert a.url == "https://example.org/news/1?x=1"
    assert a.published == DateValue("2025-01-25")
    assert a.published.precision == "day"
    assert a.language == "ar"
    assert a.author == "قسم الأخبار"
    assert a.text == "النص الأول.\n"
    assert a.content_hash == hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "line, expected",
    [
        ("published: 2025", DateValue("2025")),
        ("published: 2025-01", DateValue("2025-01")),
        ("published: '2025-01-05'", DateValue("2025-01-05")),
        ("language: en", "en"),
        ("language: mixed", "mixed"),
        ("title: 1984", "1984"),  # a title is text as written, even if YAML sees a number
        ("title: 'قال: \"نعم\"'", 'قال: "نعم"'),
        ("url: http://example.com", "http://example.com"),
        ("author: Jane Doe", "Jane Doe"),
        ("outlet: The Guardian", "The Guardian"),
    ],
)
def test_front_matter_values(tmp_path, line, expected):
    key = line.split(":")[0]
    a = read_article(write(tmp_path, "x.md", f"---\n{line}\n---\nbody\n"))
    assert getattr(a, key) == expected


def test_front_matter_keys_are_optional(tmp_path):
    a = read_article(write(tmp_path, "x.md", "---\ntitle: T\n---\nbody"))
    assert (a.title, a.outlet, a.url, a.published, a.language, a.author) == ("T", None, None, None, None, None)
    a = read_article(write(tmp_path, "y.md", "---\n---\nbody"))
    assert a.title is None and a.text == "body"
    a = read_article(write(tmp_path, "z.md", "---\ntitle:\nauthor: ~\n---\nbody"))
    assert a.title is None and a.author is None  # "key:" alone == key left out


def test_body_is_verbatim_after_closing_line(tmp_path):
    body = "\n  leading blank line and spaces kept\n---\nlater fences are text\n\n"
    a = read_article(write(tmp_path, "x.md", "---\ntitle: T\n---\n" + body))
    assert a.text == body


def test_front_matter_in_txt(tmp_path):
    a = read_article(write(tmp_path, "x.txt", "---\nlanguage: en\n---\nHello."))
    assert a.language == "en" and a.text == "Hello."


def test_no_front_matter_txt(tmp_path):
    text = "مايكروسوفت\n\nفقرة ثانية\n"
    p = write(tmp_path, "plain.txt", text)
    a = read_article(p)
    assert a.text == text
    assert (a.title, a.outlet, a.url, a.published, a.language, a.author) == (None,) * 6
    assert a.id == "plain"


def test_fence_with_trailing_spaces_and_four_dashes(tmp_path):
    a = read_article(write(tmp_path, "x.md", "--- \ntitle: T\n---\t\nbody"))
    assert a.title == "T" and a.text == "body"
    text = "----\nnot front matter\n"
    assert read_article(write(tmp_path, "y.md", text)).text == text


def test_bom_and_crlf(tmp_path):
    raw = "\ufeff---\r\ntitle: T\r\n---\r\nline one\r\nline two\rline three\r\n".encode("utf-8")
    p = write(tmp_path, "x.md", raw)
    a = read_article(p)
    assert a.title == "T"
    assert a.text == "line one\nline two\nline three\n"
    assert a.content_hash == hashlib.sha256(raw).hexdigest()  # of the raw bytes
    b = read_article(write(tmp_path, "y.txt", "\ufeffنص".encode("utf-8")))
    assert b.text == "نص"


def test_content_hash_changes_with_metadata(tmp_path):
    a = read_article(write(tmp_path, "a.md", "---\ntitle: A\n---\nbody"))
    b = read_article(write(tmp_path, "b.md", "---\ntitle: B\n---\nbody"))
    assert a.text == b.text and a.content_hash != b.content_hash


def test_id_from_filename(tmp_path):
    a = read_article(write(tmp_path, "مقال.md", "نص"))
    assert a.id == article_id_from_filename("مقال")


def test_unicode_line_separators_do_not_shift_lines(tmp_path):
    # U+2028 / U+0085 are line breaks to YAML but not to us: lines count LFs in the file.
    p = write(tmp_path, "x.md", "---\ntitle: 'a\u2028b\u0085c'\nbogus: 1\n---\nbody")
    err = error_for(p)
    assert "unknown front matter key 'bogus'" in err.reason and err.line == 3
    p = write(tmp_path, "y.md", "---\ntitle: ok\nauthor: a\fb\n---\nbody")
    err = error_for(p)
    assert err.reason == "front matter is not valid YAML: unacceptable character #x000c"
    assert err.line == 3
    # and in the body they are kept verbatim
    a = read_article(write(tmp_path, "z.md", "---\ntitle: T\n---\na\u2028b\fc\x85d"))
    assert a.text == "a\u2028b\fc\x85d"


# --------------------------------------------------------------------------- bad input


def test_empty_file(tmp_path):
    err = error_for(write(tmp_path, "e.md", b""))
    assert err.reason == "empty article" and err.line is None


def test_whitespace_only(tmp_path):
    assert error_for(write(tmp_path, "e.txt", " \n\t\r\n  \n")).reason == "empty article"
    assert error_for(write(tmp_path, "f.txt", "\ufeff  \n")).reason == "empty article"


def test_front_matter_with_empty_body(tmp_path):
    assert error_for(write(tmp_path, "e.md", "---\ntitle: T\n---\n")).reason == "empty article"
    assert error_for(write(tmp_path, "f.md", "---\ntitle: T\n---\n \n\n")).reason == "empty article"
    assert error_for(write(tmp_path, "g.md", "---\ntitle: T\n---")).reason == "empty article"


def test_binary_nul(tmp_path):
    p = write(tmp_path, "b.md", b"some text\x00\x01more")
    err = error_for(p)
    assert err.reason == "binary file, not text"
    assert str(err) == f"{p}: binary file, not text"


def test_binary_control_characters(tmp_path):
    err = error_for(write(tmp_path, "b.txt", b"ab\x01\x02\x03\x04\x05\x06cd\x07\x08\x0e\x0f" * 50))
    assert err.reason == "binary file, not text"


def test_a_few_control_characters_are_text(tmp_path):
    a = read_article(write(tmp_path, "ok.txt", "نص عربي طويل بما يكفي\x07 مع جرس واحد\tو\fصفحة\n"))
    assert "\x07" in a.text


def test_not_utf8(tmp_path):
    raw = b"line one\nline two\nline three\nab\xffcd\n"
    p = write(tmp_path, "l.txt", raw)
    err = error_for(p)
    offset = raw.index(b"\xff")
    assert err.reason == f"not UTF-8: invalid byte 0xff at byte {offset} (line 4)"
    assert err.line == 4
    assert str(err) == f"{p}:4: not UTF-8: invalid byte 0xff at byte {offset} (line 4)"


def test_not_utf8_windows_1256_arabic(tmp_path):
    p = write(tmp_path, "cp.txt", "---\ntitle: x\n---\n" .encode() + "مايكروسوفت".encode("cp1256"))
    err = error_for(p)
    assert err.reason.startswith("not UTF-8: invalid byte 0x") and err.line == 4


def test_not_utf8_offset_counts_the_bom(tmp_path):
    raw = b"\xef\xbb\xbfab\xc3("
    err = error_for(write(tmp_path, "x.txt", raw))
    assert err.reason == "not UTF-8: invalid byte 0xc3 at byte 5 (line 1)"


def test_utf16_is_named(tmp_path):
    err = error_for(write(tmp_path, "u.txt", "نص".encode("utf-16")))
    assert err.reason.startswith("not UTF-8:") and "UTF-16" in err.reason


def test_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    p = tmp_path / "big.md"
    with open(p, "wb") as f:
        f.write("نص قصير\n".encode())
        f.truncate(51 * 1024 * 1024)  # sparse: costs nothing on disk

    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if Path(file) == p:
            raise AssertionError("a too-large file must be refused before it is opened")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    err = error_for(p)
    assert err.reason == "too large: 51 MB > 50 MB limit"
    assert MAX_BYTES == 50 * 1024 * 1024


def test_too_large_custom_limit(tmp_path):
    p = write(tmp_path, "x.txt", "a" * 200)
    assert error_for(p, max_bytes=100).reason == "too large: 200 bytes > 100 bytes limit"
    assert read_article(p, max_bytes=200).text == "a" * 200


def test_fractional_size(tmp_path):
    p = tmp_path / "big.txt"
    with open(p, "wb") as f:
        f.write(b"x")
        f.truncate(int(52.4 * 1024 * 1024))
    assert error_for(p).reason == "too large: 52.4 MB > 50 MB limit"


def test_unterminated_front_matter(tmp_path):
    err = error_for(write(tmp_path, "u.md", "---\ntitle: T\n\nbody without a closing line\n"))
    assert err.line == 1
    assert "front matter not closed" in err.reason
    assert error_for(write(tmp_path, "v.md", "---")).line == 1


def test_yaml_syntax_error_line_is_the_file_line(tmp_path):
    p = write(tmp_path, "y.md", "---\ntitle: ok\nauthor: [unclosed\nlanguage: ar\n---\nbody\n")
    err = error_for(p)
    assert err.reason.startswith("front matter is not valid YAML:")
    assert err.line in (3, 4)  # where the parser notices, counted in the FILE
    p = write(tmp_path, "z.md", "---\ntitle: ok\n  bad: indent: here\n---\nbody\n")
    err = error_for(p)
    assert err.reason.startswith("front matter is not valid YAML:") and err.line == 3
    assert str(err).startswith(f"{p}:3: ")


def test_yaml_syntax_error_after_bom_and_crlf(tmp_path):
    p = write(tmp_path, "y.md", "\ufeff---\r\ntitle: ok\r\ntitle2: 'open\r\n---\r\nbody".encode())
    err = error_for(p)
    assert err.reason.startswith("front matter is not valid YAML:")


def test_front_matter_not_a_mapping(tmp_path):
    err = error_for(write(tmp_path, "l.md", "---\n- a\n- b\n---\nbody"))
    assert err.reason == "front matter must be a mapping of keys to values, got a list"
    assert err.line == 2
    err = error_for(write(tmp_path, "s.md", "---\njust a sentence\n---\nbody"))
    assert "must be a mapping" in err.reason


def test_unknown_key(tmp_path):
    err = error_for(write(tmp_path, "k.md", "---\ntitle: T\npublised: 2025\n---\nbody"))
    assert err.reason.startswith("unknown front matter key 'publised'")
    assert "did you mean 'published'?" in err.reason
    assert err.line == 3
    err = error_for(write(tmp_path, "k2.md", "---\nTitle: T\n---\nbody"))
    assert "unknown front matter key 'Title'" in err.reason


def test_duplicate_key(tmp_path):
    err = error_for(write(tmp_path, "d.md", "---\ntitle: A\ntitle: B\n---\nbody"))
    assert err.reason == "duplicate front matter key 'title'" and err.line == 3


@pytest.mark.parametrize(
    "line, reason",
    [
        ("title: [a, b]", "title must be text, got a list"),
        ("author:\n  - A\n  - B", "author must be text, got a list"),
        ("outlet: {name: x}", "outlet must be text, got a mapping"),
        ("published: [2025]", "published must be text, got a list"),
    ],
)
def test_wrong_type(tmp_path, line, reason):
    err = error_for(write(tmp_path, "t.md", f"---\nlanguage: ar\n{line}\n---\nbody"))
    assert err.reason == reason
    assert err.line == 3


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("2025-13-40", "month must be 01..12"),
        ("2025-02-30", "no day 30 in 2025-02"),
        ("yesterday", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("25/01/2025", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("'2025-1-5'", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_invalid_published(tmp_path, value, fragment):
    err = error_for(write(tmp_path, "p.md", f"---\ntitle: T\npublished: {value}\n---\nbody"))
    assert err.reason.startswith("invalid published date")
    assert fragment in err.reason
    assert err.line == 3


@pytest.mark.parametrize("value", ["arabic", "AR", "fr", "ar-EG"])
def test_invalid_language(tmp_path, value):
    err = error_for(write(tmp_path, "l.md", f"---\nlanguage: {value}\n---\nbody"))
    assert err.reason == f"language must be one of ar, en, mixed, got '{value}'"
    assert err.line == 2


@pytest.mark.parametrize(
    "value", ["www.example.com", "ftp://example.com/x", "https://", "http:///path", "javascript:alert(1)",
              "'https://exa mple.com'", "http://example.com:99999/"]
)
def test_invalid_url(tmp_path, value):
    err = error_for(write(tmp_path, "u.md", f"---\nurl: {value}\n---\nbody"))
    assert err.reason.startswith("url must be an http(s) URL with a host")
    assert err.line == 2


def test_yaml_is_never_constructed(tmp_path):
    # Tags that would build Python objects in an unsafe loader are just text here,
    # and a key of the wrong kind is refused.
    err = error_for(write(tmp_path, "t.md", "---\n? [a, b]\n: x\n---\nbody"))
    assert "keys must be plain names" in err.reason


def test_missing_file_and_directory(tmp_path):
    err = error_for(tmp_path / "nope.md")
    assert err.reason == "no such file"
    err = error_for(tmp_path)
    assert "directory" in err.reason


def test_error_is_picklable_and_formats():
    e = ArticleError("a/b.md", "bad\nthing", 7)
    assert str(e) == "a/b.md:7: bad thing"
    assert str(ArticleError("a/b.md", "x")) == "a/b.md: x"
    e2 = pickle.loads(pickle.dumps(e))
    assert (e2.path, e2.reason, e2.line) == ("a/b.md", "bad thing", 7)


# --------------------------------------------------------------------------- parse_published


def test_parse_published_forms():
    assert parse_published(dt.date(2025, 1, 25)) == DateValue("2025-01-25")
    assert parse_published(dt.datetime(2025, 1, 25, 23, 0)) == DateValue("2025-01-25")
    assert parse_published(2025) == DateValue("2025")
    assert parse_published("2025-01") == DateValue("2025-01")
    assert parse_published(" 2024-02-29 ") == DateValue("2024-02-29")
    assert parse_published("2025-01-25T10:00:00+02:00") == DateValue("2025-01-25")
    for bad in ("2023-02-29", "0000", "2025-00", "", "2025-01-25x", True, None, 3.5, ["2025"]):
        with pytest.raises(ValueError, match="invalid published date"):
            parse_published(bad)


# --------------------------------------------------------------------------- HTML


HTML = """<!doctype html>
<html lang="ar-EG">
<head>
  <meta charset="utf-8">
  <title>عنوان الصفحة | الموقع</title>
  <meta property="og:title" content="مايكروسوفت تعلق خدماتها">
  <meta property="og:site_name" content="القاهرة الإخبارية">
  <meta property="og:url" content="https://example.org/og">
  <link rel="canonical" href="https://example.org/news/42">
  <meta property="article:published_time" content="2025-09-26T08:30:00+03:00">
  <meta name="author" content="سامح جريس">
  <style>p { color: red }</style>
  <script>var x = "<p>not text</p>";</script>
</head>
<body>
  <nav><a href="/">الرئيسية</a> <a href="/x">أخبار</a></nav>
  <div class="ad">إعلان خارج المقال</div>
  <article>
    <h1>مايكروسوفت   تعلق
        خدماتها</h1>
    <p>الفقرة <b>الأولى</b> &amp; المزيد.<br>سطر ثان.</p>
    <script>alert(1)</script>
    <p>Microsoft&nbsp;said   so.</p>
    <ul><li>بند ١</li><li>بند ٢</li></ul>
  </article>
  <footer>حقوق النشر</footer>
</body>
</html>
"""


def test_html_extraction(tmp_path):
    a = read_article(write(tmp_path, "page.html", HTML))
    assert a.text == (
        "مايكروسوفت تعلق خدماتها\n\n"
        "الفقرة الأولى & المزيد.\nسطر ثان.\n\n"
        "Microsoft\u00a0said so.\n\n"
        "بند ١\n\nبند ٢"
    )
    assert a.title == "مايكروسوفت تعلق خدماتها"  # og:title preferred to <title>
    assert a.outlet == "القاهرة الإخبارية"
    assert a.url == "https://example.org/news/42"  # canonical before og:url
    assert a.published == DateValue("2025-09-26")
    assert a.language == "ar"
    assert a.author == "سامح جريس"
    assert a.id == "page"


def test_html_without_article_uses_body_and_fallbacks(tmp_path):
    html = """<html lang="en"><head><title> A  title </title>
    <meta property="og:url" content="https://example.org/og">
    <link rel="canonical" href="/relative">
    </head><body><nav>menu</nav><p>One.</p><div>Two <time datetime="2024-03-05">March 5</time>.</div>
    <script>x()</script></body></html>"""
    a = read_article(write(tmp_path, "p.htm", html))
    assert a.text == "One.\n\nTwo March 5."
    assert a.title == "A title"
    assert a.url == "https://example.org/og"  # a relative canonical is not a URL
    assert a.published == DateValue("2024-03-05")
    assert a.language == "en"
    assert a.outlet is None and a.author is None


def test_html_bad_page_metadata_is_left_out(tmp_path):
    html = """<html lang="fr"><head><meta property="article:published_time" content="hier">
    </head><body><p>Texte.</p></body></html>"""
    a = read_article(write(tmp_path, "p.html", html))
    assert a.text == "Texte." and a.published is None and a.language is None


def test_html_with_no_visible_text_is_empty(tmp_path):
    html = "<html><head><title>T</title></head><body><script>x()</script><nav>menu</nav></body></html>"
    assert error_for(write(tmp_path, "e.html", html)).reason == "empty article"


def test_html_is_not_front_matter(tmp_path):
    a = read_article(write(tmp_path, "x.html", "---\n<p>hello</p>"))
    assert a.text == "---\n\nhello"


# --------------------------------------------------------------------------- finding files


def test_find_article_files(tmp_path):
    for name in ["b.md", "a.txt", "sub/c.html", "sub/deep/d.htm", "sub/e.MD", "notes.json",
                 ".hidden.md", ".git/x.md", "sub/.cache/y.md", "z.rst"]:
        write(tmp_path, name, "text")
    found = find_article_files([tmp_path])
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    assert rel == ["a.txt", "b.md", "sub/c.html", "sub/deep/d.htm", "sub/e.MD"]
    assert found == sorted(found)
    assert set(SUFFIXES) == {".md", ".txt", ".html", ".htm"}


def test_find_article_files_explicit_dedup_and_missing(tmp_path):
    write(tmp_path, "a.md", "x")
    write(tmp_path, "other.rst", "x")
    write(tmp_path, ".hidden.md", "x")
    found = find_article_files([tmp_path / "other.rst", tmp_path, str(tmp_path / "a.md"), tmp_path / ".hidden.md"])
    assert [p.name for p in found] == [".hidden.md", "a.md", "other.rst"]  # explicit names are kept
    with pytest.raises(ArticleError) as info:
        find_article_files([tmp_path / "a.md", tmp_path / "missing"])
    assert str(tmp_path / "missing") in str(info.value)
    assert info.value.reason == "no such file or directory"


def test_find_article_files_in_hidden_root(tmp_path):
    write(tmp_path, ".corpus/a.md", "x")
    assert [p.name for p in find_article_files([tmp_path / ".corpus"])] == ["a.md"]


def test_iter_articles_yields_errors_and_continues(tmp_path):
    write(tmp_path, "1_good.md", "---\ntitle: One\n---\nfirst")
    write(tmp_path, "2_bad.md", "---\nbogus: x\n---\nbody")
    write(tmp_path, "3_binary.txt", b"\x00\x01\x02")
    write(tmp_path, "4_empty.txt", "")
    write(tmp_path, "5_good.txt", "last")
    items = list(iter_articles([tmp_path, tmp_path / "missing.md"]))
    assert isinstance(items[0], ArticleError) and items[0].path.endswith("missing.md")
    rest = items[1:]
    kinds = [type(x).__name__ for x in rest]
    assert kinds == ["Article", "ArticleError", "ArticleError", "ArticleError", "Article"]
    assert rest[0].title == "One" and rest[4].text == "last"
    assert "unknown front matter key 'bogus'" in rest[1].reason
    assert rest[2].reason == "binary file, not text"
    assert rest[3].reason == "empty article"


def test_iter_articles_max_bytes(tmp_path):
    write(tmp_path, "a.txt", "x" * 50)
    (item,) = list(iter_articles([tmp_path], max_bytes=10))
    assert isinstance(item, ArticleError) and item.reason.startswith("too large")


# --------------------------------------------------------------------------- the corpus


CORPUS_FILES = sorted(CORPUS.glob("*.md"))
SEED_FILES = sorted(SEEDS.glob("*.txt"))

# What each article states about itself (see docs/corpus-format.md for the lines).
EXPECTED = {
    "000_d6d8b807271ffa95": {"language": "ar", "title": True},
    "001_7bff22a45648a7f0": {"language": "ar", "title": True, "outlet": "القاهرة الإخبارية", "author": "سامح جريس"},
    "002_993173c8c279be71": {"language": "ar"},
    "003_22000b77f9ed6113": {"language": "ar", "title": True, "published": DateValue("2025-01-25"),
                             "author": "قسم الأخبار"},
    "004_39d1ca00e7e9f820": {"language": "mixed"},
}


def test_corpus_has_the_five_articles():
    assert [p.stem for p in CORPUS_FILES] == sorted(EXPECTED)
    assert find_article_files([CORPUS]) == CORPUS_FILES


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_corpus_file(path):
    a = read_article(path)
    assert a.id == path.stem
    exp = EXPECTED[path.stem]
    for key in ("outlet", "author", "published", "language"):
        assert getattr(a, key) == exp.get(key), key
    assert a.url is None  # no seed states its URL
    if exp.get("title"):
        assert a.title in a.text.split("\n")  # the headline line, verbatim
    else:
        assert a.title is None
    for key in ("outlet", "author"):
        if getattr(a, key):
            assert getattr(a, key) in a.text  # stated by the article itself


@pytest.mark.skipif(not SEED_FILES, reason="seeds not available")
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_corpus_body_is_the_seed(seed):
    raw = seed.read_bytes().removeprefix(b"\xef\xbb\xbf")
    expected = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    a = read_article(CORPUS / f"{seed.stem}.md")
    assert a.text == expected
    # and byte for byte in the file: the body is the file's tail
    assert (CORPUS / f"{seed.stem}.md").read_bytes().endswith(b"\n---\n" + seed.read_bytes())
