"""Content negotiation: choose a media type from an Accept header.

A real Accept parser (werkzeug's: q-values, wildcards, specificity), never a
string comparison. ``best`` returns None when nothing offered is acceptable
(the caller answers 406).
"""
from __future__ import annotations

from collections.abc import Sequence

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


def best(accept: str | None, offers: Sequence[str], default: str | None = None) -> str | None:
    """The best of OFFERS for ACCEPT; DEFAULT (or the first offer) when the header is absent or */*."""
    fallback = default or offers[0]
    if not accept or not accept.strip():
        return fallback
    parsed = parse_accept_header(accept, MIMEAccept)
    if not parsed:
        return fallback
    choice = parsed.best_match(offers)
    if choice is None:
        return None
    # "*/*" alone (or a wildcard winning) should give our preferred default, not offer order
    if parsed.quality(fallback) == parsed.quality(choice) and parsed.quality(fallback) > 0:
        return fallback
    return choice


def prefers_html(accept: str | None) -> bool:
    """True when a browser-style Accept ranks text/html above RDF and JSON."""
    if not accept:
        return False
    parsed = parse_accept_header(accept, MIMEAccept)
    html = parsed.quality("text/html")
    return html > 0 and html >= max(parsed.quality("text/turtle"), parsed.quality("application/ld+json"),
                                     parsed.quality("application/sparql-results+json"), 0.0) and \
        "text/html" in {value for value, _ in parsed}
