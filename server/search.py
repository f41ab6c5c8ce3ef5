"""Entity search: ``/search?q=`` over every label, as HTML or JSON.

At app start (per worker) one SPARQL query reads every skos:prefLabel,
skos:altLabel, skos:hiddenLabel and rdfs:label of the entities under
``{base}id/``; each label is keyed by kg.text.normalize (diacritics, tatweel,
alef forms, ta marbuta, alef maqsura, Latin case). A query is normalised the
same way, and each of its words is also tried without a proclitic
(و ف ب ل ك ال لل, and و/ف before ب ل ك ال لل), so "لمايكروسوفت" finds Microsoft.

Ranking: an exact match of the normalised query first, then a label starting
with it, then a label containing it; within a tier, the query as typed beats a
variant with a proclitic removed, a preferred label beats other labels, an
entity mentioned in more articles beats a rarer one, a shorter label a longer.
"""
from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from kg.text.normalize import normalize
from server import rdf_views as rv
from server.pages_site import Label, Site, label_from, literal

PROCLITICS = ("لل", "ال", "و", "ف", "ب", "ل", "ك")
CONJUNCTIONS = ("و", "ف")
MIN_STEM = 2
MAX_VARIANTS = 64
MAX_SUBSTRING_VARIANTS = 8
MATCH_NAMES = ("exact", "prefix", "substring")
LABEL_RANK = {"prefLabel": 0, "label": 1, "altLabel": 2, "hiddenLabel": 3}

LABELS_QUERY = """
SELECT ?e ?p ?l WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel rdfs:label }
  ?e ?p ?l .
  FILTER(isIRI(?e) && STRSTARTS(STR(?e), %(prefix)s) && isLiteral(?l))
}
"""
TYPES_QUERY = "SELECT DISTINCT ?e ?t WHERE { ?e a ?t FILTER(isIRI(?e) && STRSTARTS(STR(?e), %(prefix)s)) }"
POPULARITY_QUERY = "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a kg:mentions ?e } GROUP BY ?e"


def word_variants(word: str) -> list[tuple[str, int]]:
    """WORD as typed (0) and without one or two proclitics (1 per clitic removed); لل also as ال."""
    out = [(word, 0)]
    for p in PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= MIN_STEM:
            rest = word[len(p):]
            out.append((rest, 1))
            if p == "لل":
                out.append(("ال" + rest, 1))
            if p in CONJUNCTIONS:
                for q in PROCLITICS:
                    if q not in CONJUNCTIONS and rest.startswith(q) and len(rest) - len(q) >= MIN_STEM:
                        out.append((rest[len(q):], 2))
                        if q == "لل":
                            out.append(("ال" + rest[len(q):], 2))
    seen, unique = set(), []
    for w, cost in out:
        if w not in seen:
            seen.add(w)
            unique.append((w, cost))
    return unique


def query_variants(text: str) -> list[tuple[str, int]]:
    """Normalised variants of a whole query, cheapest first (at most MAX_VARIANTS)."""
    words = normalize(text).split()
    if not words:
        return []
    options = [word_variants(w) for w in words]
    combos = []
    for combo in itertools.islice(itertools.product(*options), 4096):
        combos.append((" ".join(w for w, _ in combo), sum(c for _, c in combo)))
    best: dict[str, int] = {}
    for v, cost in combos:
        if v not in best or cost < best[v]:
            best[v] = cost
    return sorted(best.items(), key=lambda x: (x[1], x[0]))[:MAX_VARIANTS]


@dataclass
class Entry:
    key: str
    entity: int
    label: str
    lang: str | None
    kind: str


@dataclass
class Hit:
    iri: str
    type: str | None
    labels: Label
    matched: str
    matched_lang: str | None
    match: str
    score: tuple


class SearchIndex:
    def __init__(self, site: Site):
        self.site = site
        prefix = literal(site.base + "id/")
        labels: dict[str, list] = {}
        entries: list[tuple[str, str, str, str | None, str]] = []
        for row in site.query(LABELS_QUERY % {"prefix": prefix}):
            iri, prop, lit = row["e"].value, row["p"].value, row["l"]
            kind = prop.rpartition("#")[2]
            if kind == "prefLabel":
                labels.setdefault(iri, []).append(lit)
            elif kind == "label":
                labels.setdefault(iri + "\x00rdfs", []).append(lit)
            entries.append((normalize(lit.value), iri, lit.value, lit.language, kind))
        types: dict[str, list[str]] = {}
        for row in site.query(TYPES_QUERY % {"prefix": prefix}):
            types.setdefault(row["e"].value, []).append(row["t"].value)
        popularity = {row["e"].value: int(row["n"].value) for row in site.query(POPULARITY_QUERY)}

        self.iris: list[str] = sorted({iri for _, iri, _, _, _ in entries})
        index = {iri: i for i, iri in enumerate(self.iris)}
        from server.pages_entity import most_specific_type

        self.types = [most_specific_type(site, types.get(iri, [])) for iri in self.iris]
        self.labels = [label_from(labels.get(iri) or labels.get(iri + "\x00rdfs", []), iri) for iri in self.iris]
        self.popularity = [popularity.get(iri, 0) for iri in self.iris]
        unique = {(k, iri, lab, lang, kind) for k, iri, lab, lang, kind in entries if k}
        self.entries = sorted((Entry(k, index[iri], lab, lang, kind) for k, iri, lab, lang, kind in unique),
                              key=lambda e: (e.key, e.entity, LABEL_RANK.get(e.kind, 9)))
        self.keys = [e.key for e in self.entries]
        self.size = len(self.entries)

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        best: dict[int, tuple] = {}
        for n, (variant, cost) in enumerate(query_variants(text)):
            # exact and prefix: binary search in the sorted keys
            lo = bisect.bisect_left(self.keys, variant)
            i = lo
            while i < len(self.keys) and self.keys[i].startswith(variant):
                self._offer(best, self.entries[i], 0 if self.keys[i] == variant else 1, cost)
                i += 1
            # substring: linear scan (labels are short; the index holds thousands, not millions),
            # for the cheapest variants only
            if n >= MAX_SUBSTRING_VARIANTS:
                continue
            for e in self.entries:
                if variant in e.key and not e.key.startswith(variant):
                    self._offer(best, e, 2, cost)
        ranked = sorted(best.items(), key=lambda item: item[1][0])[:limit]
        return [Hit(self.iris[entity], self.types[entity], self.labels[entity], entry.label, entry.lang,
                    MATCH_NAMES[score[0]], score) for entity, (score, entry) in ranked]

    def _offer(self, best: dict, e: Entry, tier: int, cost: int) -> None:
        score = (tier, cost, LABEL_RANK.get(e.kind, 9), -self.popularity[e.entity], len(e.key), self.iris[e.entity])
        current = best.get(e.entity)
        if current is None or score < current[0]:
            best[e.entity] = (score, e)


def install(app: FastAPI, site: Site) -> None:
    index = SearchIndex(site)
    app.state.search_index = index

    @app.api_route("/search", methods=["GET", "HEAD"], include_in_schema=False)
    def search(request: Request, q: str = "", format: str | None = None, limit: int = 20) -> Response:
        limit = max(1, min(limit, 200))
        q = q[:200]
        if format in ("json", "html"):
            as_json, negotiated = format == "json", False
        else:
            chosen = rv.negotiate(request.headers.get("accept"), [rv.HTML, rv.Fmt("json", "application/json", "JSON")],
                                  default=rv.HTML)
            if chosen is None:
                return Response("Available: text/html, application/json\n", status_code=406,
                                media_type="text/plain; charset=utf-8", headers={"Vary": "Accept", **rv.cors()})
            as_json, negotiated = chosen.ext != "html", True
        hits = index.search(q, limit) if q.strip() else []
        headers = rv.cors()
        if negotiated:
            headers["Vary"] = "Accept"
        if as_json:
            return JSONResponse({
                "query": q,
                "normalized": normalize(q),
                "results": [{
                    "iri": h.iri,
                    "type": h.type.rpartition("/")[2] if h.type else None,
                    "typeIri": h.type,
                    "labels": {"ar": h.labels.ar, "en": h.labels.en},
                    "label": h.labels.best,
                    "matched": h.matched,
                    "matchedLang": h.matched_lang,
                    "match": h.match,
                } for h in hits],
            }, headers=headers)
        rows = [(h, site.ontology.label(h.type) if h.type else None) for h in hits]
        return site.render(request, "search.html", headers=headers, q=q, rows=rows, size=index.size)
