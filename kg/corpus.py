"""Reading the corpus: article files in, :class:`~kg.model.Article` values out.

The format is documented in ``docs/corpus-format.md``. In short:

* ``.md`` / ``.txt``: UTF-8 text, optionally starting with YAML front matter
  between two ``---`` lines; the body is everything after the closing line.
* ``.html`` / ``.htm``: UTF-8 HTML; the visible text of ``<article>`` (or the
  whole page) becomes the body, metadata comes from ``<head>``.

The body is the file's text verbatim except that a UTF-8 byte order mark is
dropped and CRLF / CR newlines become LF. Every character offset produced later
in the pipeline refers to this text.

Anything wrong with a file -- too large, binary, not UTF-8, empty, badly
described front matter -- raises one :class:`ArticleError` naming the file, the
reason (one line) and, where it applies, the line of the file.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from kg.iri import article_id_from_filename
from kg.model import Article, DateValue

__all__ = [
    "ArticleError",
    "MAX_BYTES",
    "SUFFIXES",
    "FRONT_MATTER_KEYS",
    "LANGUAGES",
    "read_article",
    "find_article_files",
    "iter_articles",
    "parse_published",
]

MAX_BYTES = 50 * 1024 * 1024
SUFFIXES = (".md", ".txt", ".html", ".htm")
FRONT_MATTER_SUFFIXES = (".md", ".txt")
HTML_SUFFIXES = (".html", ".htm")
FRONT_MATTER_KEYS = ("title", "outlet", "url", "published", "language", "author")
LANGUAGES = ("ar", "en", "mixed")

_BOM = b"\xef\xbb\xbf"
_MIB = 1024 * 1024
# C0 control bytes other than tab, LF, CR and form feed, plus DEL. UTF-8
# multi-byte sequences never contain bytes below 0x80, so counting these on the
# raw bytes is safe for any script.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_MAX_CONTROL_SHARE = 0.10


class ArticleError(Exception):
    """A file that cannot be read as an article, with the reason in one line."""

    def __init__(self, path: str | os.PathLike[str], reason: str, line: int | None = None):
        path = os.fspath(path)
        reason = " ".join(str(reason).split())  # always one line
        super().__init__(path, reason, line)
        self.path = path
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}: {self.reason}"
        return f"{self.path}: {self.reason}"


# --------------------------------------------------------------------------- dates


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


def parse_published(value: object) -> DateValue:
    """A publication date as a :class:`DateValue` with its precision.

    Accepts ``datetime.date`` / ``datetime.datetime`` (as YAML produces them),
    a year as an int, and strings ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO
    date-time (its date part is kept, as written). Anything else raises
    ``ValueError`` with a message saying what was expected.
    """
    if isinstance(value, _dt.datetime):
        return DateValue(value.date().isoformat())
    if isinstance(value, _dt.date):
        return DateValue(value.isoformat())
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(
            f"invalid published date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD"
        )
    text = value.strip()
    m = _DATETIME_RE.match(text)
    if m:
        text = m.group(1)
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(
            f"invalid published date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD"
        )
    year, month, day = m.groups()
    if int(year) < 1:
        raise ValueError(f"invalid published date {value!r}: year must be 0001..9999")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"invalid published date {value!r}: month must be 01..12")
    if day is not None:
        try:
            _dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(
                f"invalid published date {value!r}: no day {day} in {year}-{month}"
            ) from None
    return DateValue(text)


# --------------------------------------------------------------------------- bytes -> text


def _format_size(n: int) -> str:
    if n >= _MIB:
        s = f"{n / _MIB:.1f}"
        return (s[:-2] if s.endswith(".0") else s) + " MB"
    if n >= 1024:
        s = f"{n / 1024:.1f}"
        return (s[:-2] if s.endswith(".0") else s) + " KB"
    return f"{n} bytes"


def _too_large(size: int, limit: int) -> str:
    a, b = _format_size(size), _format_size(limit)
    if a == b:  # rounding hid the difference: be exact
        a, b = f"{size} bytes", f"{limit} bytes"
    return f"too large: {a} > {b} limit"


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing non-files and files over MAX_BYTES before reading."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ArticleError(shown, "no such file") from None
    except OSError as e:
        raise ArticleError(shown, f"cannot read: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ArticleError(shown, "is a directory, not an article file")
    if not stat.S_ISREG(st.st_mode):
        raise ArticleError(shown, "not a regular file")
    if st.st_size > max_bytes:
        raise ArticleError(shown, _too_large(st.st_size, max_bytes))
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as e:
        raise ArticleError(shown, f"cannot read: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise ArticleError(shown, _too_large(len(data), max_bytes))
    return data


def _decode(data: bytes, shown: str) -> str:
    """Bytes -> text with the BOM dropped and newlines as LF; refuses binary / non-UTF-8."""
    if not data.strip():
        raise ArticleError(shown, "empty article")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(
            shown,
            f"not UTF-8: invalid byte 0x{data[0]:02x} at byte 0 (line 1); "
            "the file starts with a UTF-16 byte order mark",
            1,
        )
    if b"\x00" in data:
        raise ArticleError(shown, "binary file, not text")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise ArticleError(shown, "binary file, not text")
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as e:
        offset = skip + e.start
        good = data[skip:offset].decode("utf-8")
        line = _normalise_newlines(good).count("\n") + 1
        raise ArticleError(
            shown,
            f"not UTF-8: invalid byte 0x{data[offset]:02x} at byte {offset} (line {line})",
            line,
        ) from None
    return _normalise_newlines(text)


# --------------------------------------------------------------------------- front matter


def _is_fence(line: str) -> bool:
    return line.rstrip(" \t") == "---"


def _split_front_matter(text: str, shown: str) -> tuple[str | None, str]:
    """(front matter text or None, body). The front matter starts at file line 2."""
    # Split on LF only: str.splitlines() would also split on U+2028, \x0c, ...
    # and put every line number after them off.
    lines = text.split("\n")
    if not _is_fence(lines[0]):
        return None, text
    for i in range(1, len(lines)):
        if _is_fence(lines[i]):
            return "\n".join(lines[1:i]) + "\n", "\n".join(lines[i + 1 :])
    raise ArticleError(shown, "front matter not closed: no '---' line after the opening one", 1)


_NODE_KIND = {
    yaml.SequenceNode: "a list",
    yaml.MappingNode: "a mapping",
}


def _scalar_text(key: str, node: yaml.Node, shown: str, lineno: int) -> str | None:
    """The text of a scalar value as written (``title: 1984`` is the text "1984")."""
    if not isinstance(node, yaml.ScalarNode):
        raise ArticleError(shown, f"{key} must be text, got {_NODE_KIND.get(type(node), 'a structure')}", lineno)
    if node.tag == "tag:yaml.org,2002:null" and node.style is None:
        return None  # "key:" with no value: the same as leaving the key out
    value = node.value.strip()
    return value or None


def _parse_front_matter(fm: str, shown: str) -> dict[str, object]:
    """Validated metadata from the front matter text (which starts at file line 2)."""
    def file_line(index: int) -> int:
        # PyYAML also counts U+2028, U+2029 and U+0085 as line breaks; count LFs only.
        return fm.count("\n", 0, index) + 2

    try:
        root = yaml.compose(fm, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        parts = [p for p in (e.context, e.problem) if p]
        reason = "front matter is not valid YAML: " + "; ".join(parts)
        raise ArticleError(shown, reason, file_line(mark.index) if mark else None) from None
    except yaml.reader.ReaderError as e:
        reason = f"front matter is not valid YAML: unacceptable character #x{e.character:04x}"
        raise ArticleError(shown, reason, file_line(e.position)) from None
    except yaml.YAMLError as e:
        raise ArticleError(shown, f"front matter is not valid YAML: {e}") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        kind = _NODE_KIND.get(type(root), "a single value")
        raise ArticleError(
            shown, f"front matter must be a mapping of keys to values, got {kind}",
            file_line(root.start_mark.index),
        )
    meta: dict[str, object] = {}
    seen: set[str] = set()
    for key_node, value_node in root.value:
        kline = file_line(key_node.start_mark.index)
        vline = kline  # errors about a value point at its key's line
        if not isinstance(key_node, yaml.ScalarNode):
            raise ArticleError(shown, "front matter keys must be plain names", kline)
        key = key_node.value
        if key not in FRONT_MATTER_KEYS:
            hint = difflib.get_close_matches(key, FRONT_MATTER_KEYS, n=1)
            more = f"; did you mean '{hint[0]}'?" if hint else ""
            raise ArticleError(
                shown,
                f"unknown front matter key {key!r} (allowed: {', '.join(FRONT_MATTER_KEYS)}){more}",
                kline,
            )
        if key in seen:
            raise ArticleError(shown, f"duplicate front matter key {key!r}", kline)
        seen.add(key)
        text = _scalar_text(key, value_node, shown, vline)
        if text is None:
            continue
        if key == "published":
            try:
                meta[key] = parse_published(text)
            except ValueError as e:
                raise ArticleError(shown, str(e), vline) from None
        elif key == "language":
            if text not in LANGUAGES:
                raise ArticleError(
                    shown, f"language must be one of {', '.join(LANGUAGES)}, got {text!r}", vline
                )
            meta[key] = text
        elif key == "url":
            if not _is_http_url(text):
                raise ArticleError(shown, f"url must be an http(s) URL with a host, got {text!r}", vline)
            meta[key] = text
        else:
            meta[key] = text
    return meta


def _is_http_url(text: str) -> bool:
    if any(c.isspace() for c in text):
        return False
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError on a bad port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host)


# --------------------------------------------------------------------------- HTML


_SKIP_TAGS = {"script", "style", "nav", "noscript", "template", "svg", "head"}
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}
_WS = re.compile(r"[ \t\n\r\f\v]+")


class _HTMLText(HTMLParser):
    """Visible text and head metadata, without building a tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page: list[str] = []  # everything visible
        self.article: list[str] = []  # inside <article> elements
        self.skip = 0
        self.in_article = 0
        self.in_pre = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.time_datetime: str | None = None
        self.lang: str | None = None

    def _emit(self, s: str) -> None:
        if self.skip:
            return
        self.page.append(s)
        if self.in_article:
            self.article.append(s)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang") and self.lang is None:
            self.lang = a["lang"]
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if name and "content" in a and name not in self.meta:
                self.meta[name] = a["content"].strip()
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            if self.canonical is None and a.get("href"):
                self.canonical = a["href"].strip()
        elif tag == "time" and a.get("datetime") and self.time_datetime is None:
            self.time_datetime = a["datetime"].strip()
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if tag == "article":
            self.in_article += 1
        if tag == "pre":
            self.in_pre += 1
        if tag == "br":
            self._emit("\n")
        elif tag in _BLOCK_TAGS:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if tag in _BLOCK_TAGS:
            self._emit("\n\n")
        if tag == "article":
            self.in_article = max(0, self.in_article - 1)
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.in_pre:
            self._emit(re.sub(r"[ \t\f\v]+", " ", data.replace("\r", "")))  # keeps its lines
        else:
            self._emit(_WS.sub(" ", data))


def _html_layout(parts: list[str]) -> str:
    """Join emitted pieces: one space inside a line, a blank line between blocks."""
    out: list[str] = []
    blank = False
    for line in "".join(parts).split("\n"):
        line = re.sub(r" {2,}", " ", line).strip(" ")
        if not line:
            blank = True
            continue
        if out:
            out.append("\n\n" if blank else "\n")
        out.append(line)
        blank = False
    return "".join(out)


def _read_html(text: str) -> tuple[str, dict[str, object]]:
    p = _HTMLText()
    p.feed(text)
    p.close()
    body = _html_layout(p.article) if "".join(p.article).strip() else _html_layout(p.page)
    meta: dict[str, object] = {}
    title = p.meta.get("og:title") or " ".join("".join(p.title_parts).split())
    if title:
        meta["title"] = title
    if p.meta.get("og:site_name"):
        meta["outlet"] = p.meta["og:site_name"]
    if p.meta.get("author"):
        meta["author"] = p.meta["author"]
    for url in (p.canonical, p.meta.get("og:url")):
        if url and _is_http_url(url):
            meta["url"] = url
            break
    # Page metadata is not ours to fix: an unusable value is left out, not an error.
    for date in (p.meta.get("article:published_time"), p.meta.get("datepublished"), p.time_datetime):
        if date:
            try:
                meta["published"] = parse_published(date)
                break
            except ValueError:
                continue
    if p.lang:
        lang = p.lang.strip().lower()[:2]
        if lang in ("ar", "en"):
            meta["language"] = lang
    return body, meta


# --------------------------------------------------------------------------- API


def read_article(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Article:
    """Read one article file; raises :class:`ArticleError` for anything wrong with it."""
    shown = os.fspath(path)
    p = Path(path)
    data = _read_bytes(p, shown, max_bytes)
    text = _decode(data, shown)
    suffix = p.suffix.lower()
    if suffix in HTML_SUFFIXES:
        body, meta = _read_html(text)
    else:  # .md, .txt, or any file named explicitly
        fm, body = _split_front_matter(text, shown)
        meta = _parse_front_matter(fm, shown) if fm is not None else {}
    if not body.strip():
        raise ArticleError(shown, "empty article")
    return Article(
        id=article_id_from_filename(p.stem),
        source=shown,
        text=body,
        content_hash=hashlib.sha256(data).hexdigest(),
        title=meta.get("title"),  # type: ignore[arg-type]
        outlet=meta.get("outlet"),  # type: ignore[arg-type]
        url=meta.get("url"),  # type: ignore[arg-type]
        published=meta.get("published"),  # type: ignore[arg-type]
        language=meta.get("language"),  # type: ignore[arg-type]
        author=meta.get("author"),  # type: ignore[arg-type]
    )


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _expand(path: str | os.PathLike[str]) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        found: list[Path] = []
        # Symlinked directories are not followed (no cycles); symlinked files are read.
        for root, dirs, files in os.walk(p):
            dirs[:] = [d for d in dirs if not _hidden(d)]
            for name in files:
                if not _hidden(name) and Path(name).suffix.lower() in SUFFIXES:
                    found.append(Path(root) / name)
        return found
    if p.exists():
        return [p]  # named explicitly: read whatever its suffix
    if p.is_symlink():
        raise ArticleError(os.fspath(path), "broken symbolic link")
    raise ArticleError(os.fspath(path), "no such file or directory")


def _unique_sorted(paths: Iterable[Path]) -> list[Path]:
    seen: set[Path] = set()
    out: list[Path] = []
    for p in sorted(paths):
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def find_article_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Article files for PATHS: files as given, directories searched recursively.

    Directories yield files with a suffix in :data:`SUFFIXES` (any case), skipping
    hidden files and directories (name starting with '.'); a file named
    explicitly is kept whatever its suffix. The result is sorted with duplicates
    (the same file reached twice) removed. A path that does not exist raises
    :class:`ArticleError`.
    """
    found: list[Path] = []
    for path in paths:
        found.extend(_expand(path))
    return _unique_sorted(found)


def iter_articles(
    paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = MAX_BYTES
) -> Iterator[Article | ArticleError]:
    """Each article under PATHS in order, or the :class:`ArticleError` for a bad one.

    Never raises for a bad file or a missing path: errors for paths that do not
    exist come first, then one item per file in :func:`find_article_files` order.
    """
    found: list[Path] = []
    missing: list[ArticleError] = []
    for path in paths:
        try:
            found.extend(_expand(path))
        except ArticleError as e:
            missing.append(e)
    yield from missing
    for p in _unique_sorted(found):
        try:
            yield read_article(p, max_bytes=max_bytes)
        except ArticleError as e:
            yield e
