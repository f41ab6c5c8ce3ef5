"""Scoring the extractor against the hand-made gold set (``tests/gold/*.json``).

The gold format and the annotation rules are in ``tests/gold/GUIDELINES.md``;
how each category is matched and counted is in ``docs/evaluation.md``. In short:

* entities are aligned one-to-one, greedily, by how many of an extracted
  entity's mention texts equal (after :func:`match_keys`) a gold surface form;
* contracts and events are matched to a gold item by evidence overlap (and,
  for contracts, by equal supplier+customer sets), then counted *correct* only
  when their parties / participants (and, for contracts, value and currency)
  agree with the gold item; several predictions may match one gold item;
* citations are compared as per-article sets of cited sources;
* every span of every record must slice the record's text exactly.

Precision counts predictions (correct / predicted); recall counts gold items
(found / gold), a gold item being found when at least one prediction matching
it is correct. Figures are micro-averaged over articles.

Entry points: :func:`run_eval` (gold dir + corpus paths, a ``.jsonl`` file or
records -> :class:`Report`) and :func:`format_report` (plain-text tables).
Everything else is a pure function over plain dicts.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.text.normalize import normalize

__all__ = [
    "CLASSES",
    "EVENT_TYPES",
    "STATUSES",
    "SYMMETRIC_EVENTS",
    "Counts",
    "ArticleScore",
    "Report",
    "ErrorItem",
    "load_gold",
    "load_gold_dir",
    "match_keys",
    "align_entities",
    "score_article",
    "run_eval",
    "format_report",
]

CLASSES = (
    "Company", "MilitaryUnit", "GovernmentBody", "Organization", "Person",
    "Product", "Project", "Place", "NewsOutlet", "Campaign",
)
EVENT_TYPES = (
    "ServiceProvision", "ServiceSuspension", "Protest", "Dismissal", "Investment",
    "Divestment", "Investigation", "Statement", "Partnership",
)
STATUSES = ("Asserted", "Reported", "Alleged", "Denied", "NotDenied")
# Event types whose participants have no direction: agents and targets are compared as one set.
SYMMETRIC_EVENTS = frozenset({"Partnership"})

DEFAULT_GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "gold"


# --------------------------------------------------------------------------- matching keys

# Generic head words written before a name ("شركة مايكروسوفت", "صحيفة الغارديان",
# "مجلة +972", "وحدة "أوفك"", "the Guardian"), normalised. Stripped from both the
# gold surface and the extracted mention, so either boundary choice matches.
_DESIGNATORS = (
    "شركه", "الشركه", "شركتي", "صحيفه", "الصحيفه", "مجله", "منصه", "موقع", "وكاله",
    "وحده", "مشروع", "حمله", "حركه", "مجموعه", "the", "project",
)
# Proclitic sequences glued to a word: (و|ف)(ب|ل|ك), any part optional.
_PROCLITICS = sorted({a + b for a in ("", "و", "ف") for b in ("", "ب", "ل", "ك")} - {""}, key=len, reverse=True)
_QUOTES = re.compile(r"[\"'«»“”‘’]")
_EDGE_PUNCT = re.compile(r"^[\s(\[،,:؛;.\-]+|[\s)\]،,:؛;.\-]+$")


def _strip_designator(key: str) -> str | None:
    head, _, rest = key.partition(" ")
    if rest and head in _DESIGNATORS:
        return rest
    return None


def _strip_clitics(key: str) -> list[str]:
    out = []
    for p in _PROCLITICS:
        if key.startswith(p) and len(key) - len(p) >= 2:
            rest = key[len(p):]
            out.append(rest)
            if p.endswith("ل") and rest.startswith("ل"):  # لل + word = ل + ال + word
                out.append("ا" + rest)
    if key.startswith("ال") and len(key) > 4:  # the article itself
        out.append(key[2:])
    return out


def match_keys(text: str) -> frozenset[str]:
    """Matching keys of a surface string: its normalised form and the forms without
    leading proclitics (و ف ب ل ك, لل→ال), the article ال, or a generic head noun
    (شركة, صحيفة, مجلة, منصة, وحدة, مشروع, the, ...). Two strings match when their
    key sets intersect. Used for both gold surfaces and extracted mention texts."""
    base = normalize(_QUOTES.sub(" ", text))
    base = _EDGE_PUNCT.sub("", base)
    base = re.sub(r"\s+", " ", base).strip()
    if not base:
        return frozenset()
    keys = {base}
    frontier = [base]
    for _ in range(3):  # clitic -> designator -> article, at most three peels
        nxt = []
        for k in frontier:
            for v in [*_strip_clitics(k), _strip_designator(k)]:
                if v and v not in keys:
                    keys.add(v)
                    nxt.append(v)
        frontier = nxt
    return frozenset(keys)


# --------------------------------------------------------------------------- gold


class GoldError(ValueError):
    """A gold file that does not follow the format."""


def load_gold(path: str | os.PathLike[str]) -> dict:
    """One gold file as a dict (no validation beyond JSON; see tests/test_gold.py)."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if not isinstance(doc, dict) or "article" not in doc:
        raise GoldError(f"{path}: not a gold file (no 'article')")
    doc.setdefault("entities", [])
    doc.setdefault("contracts", [])
    doc.setdefault("events", [])
    doc.setdefault("citations", [])
    return doc


def load_gold_dir(gold_dir: str | os.PathLike[str]) -> dict[str, dict]:
    """Every ``*.json`` gold file of GOLD_DIR, by article id."""
    out = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        doc = load_gold(path)
        out[doc["article"]] = doc
    return out


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) where NEEDLE occurs in TEXT."""
    spans, i = [], text.find(needle)
    while needle and i >= 0:
        spans.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return spans


# --------------------------------------------------------------------------- counts


@dataclass
class Counts:
    """Precision counts predictions, recall counts gold items."""

    correct_pred: int = 0  # predictions counted correct
    pred: int = 0
    found_gold: int = 0  # gold items with at least one correct prediction
    gold: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.correct_pred += other.correct_pred
        self.pred += other.pred
        self.found_gold += other.found_gold
        self.gold += other.gold
        return self

    @property
    def precision(self) -> float | None:
        return self.correct_pred / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.found_gold / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    ok: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.ok += bool(ok)
        self.total += 1

    def __iadd__(self, other: Ratio) -> Ratio:
        self.ok += other.ok
        self.total += other.total
        return self

    @property
    def value(self) -> float | None:
        return self.ok / self.total if self.total else None


@dataclass
class ErrorItem:
    category: str  # entity | contract | event | citation | evidence
    kind: str  # missed | spurious | wrong | type | mismatch
    what: str
    sentence: str | None = None


@dataclass
class ArticleScore:
    article: str
    entities: Counts = field(default_factory=Counts)
    types: Ratio = field(default_factory=Ratio)
    contracts: Counts = field(default_factory=Counts)
    contract_fields: dict[str, Ratio] = field(default_factory=dict)
    events: Counts = field(default_factory=Counts)
    event_fields: dict[str, Ratio] = field(default_factory=dict)
    events_by_type: dict[str, Counts] = field(default_factory=dict)
    citations: Counts = field(default_factory=Counts)
    evidence: Ratio = field(default_factory=Ratio)
    duplicates: int = 0  # correct predictions of a gold item already found
    errors: list[ErrorItem] = field(default_factory=list)


@dataclass
class Report:
    articles: list[ArticleScore] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # skipped articles, read errors
    read_errors: int = 0

    def _sum(self, name: str):
        total = Ratio() if name in ("types", "evidence") else Counts()
        for a in self.articles:
            total += getattr(a, name)
        return total

    @property
    def entities(self) -> Counts:
        return self._sum("entities")

    @property
    def types(self) -> Ratio:
        return self._sum("types")

    @property
    def contracts(self) -> Counts:
        return self._sum("contracts")

    @property
    def events(self) -> Counts:
        return self._sum("events")

    @property
    def citations(self) -> Counts:
        return self._sum("citations")

    @property
    def evidence(self) -> Ratio:
        return self._sum("evidence")

    def fields(self, name: str) -> dict[str, Ratio]:
        out: dict[str, Ratio] = {}
        for a in self.articles:
            for key, ratio in getattr(a, name).items():
                out.setdefault(key, Ratio())
                out[key] += ratio
        return out

    def events_by_type(self) -> dict[str, Counts]:
        out: dict[str, Counts] = {}
        for a in self.articles:
            for key, counts in a.events_by_type.items():
                out.setdefault(key, Counts())
                out[key] += counts
        return out

    @property
    def ok(self) -> bool:
        """Exit code 0 when True: at least one article scored, every article read,
        and every span of every record slicing its text exactly. Scores never
        change it."""
        ev = self.evidence
        return bool(self.articles) and self.read_errors == 0 and ev.ok == ev.total


# --------------------------------------------------------------------------- entities


def _entity_label(entity: dict) -> str:
    labels = entity.get("labels") or {}
    for lang in ("en", "ar"):
        if labels.get(lang):
            return labels[lang][0]
    mentions = entity.get("mentions") or []
    if mentions:
        return mentions[0]["text"]
    return entity.get("iri", "?").rsplit("/", 1)[-1]


def align_entities(gold_entities: Sequence[dict], pred_entities: Sequence[dict]) -> dict[str, str]:
    """IRI of each aligned extracted entity -> the gold entity name (one-to-one).

    Score of a pair = number of the extracted entity's mentions whose text matches
    (shares a :func:`match_keys` key with) one of the gold surface forms. Pairs are
    taken greedily by score (ties: the entity labelled with the gold name first,
    then record order); entities left over are then paired when one of the
    extracted entity's labels matches the gold name or a gold surface form.
    """
    gold_keys = [(g["name"], frozenset().union(*(match_keys(s) for s in g.get("surface", []))) or frozenset())
                 for g in gold_entities]
    pairs = []
    for pi, p in enumerate(pred_entities):
        mention_keys = [match_keys(m["text"]) for m in p.get("mentions", [])]
        named = {normalize(l) for ls in (p.get("labels") or {}).values() for l in ls}
        for gi, (name, gk) in enumerate(gold_keys):
            score = sum(1 for mk in mention_keys if mk & gk)
            if score:
                # ties go to the entity whose label is the gold name (the canonical one)
                pairs.append((-score, normalize(name) not in named, pi, gi))
    pairs.sort()
    used_p, used_g, out = set(), set(), {}
    for *_, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        out[pred_entities[pi]["iri"]] = gold_keys[gi][0]
    for pi, p in enumerate(pred_entities):
        if pi in used_p:
            continue
        labels = [l for ls in (p.get("labels") or {}).values() for l in ls]
        label_keys = frozenset().union(*(match_keys(l) for l in labels)) if labels else frozenset()
        for gi, (name, gk) in enumerate(gold_keys):
            if gi in used_g:
                continue
            if normalize(name) in {normalize(l) for l in labels} or (label_keys & gk):
                used_p.add(pi)
                used_g.add(gi)
                out[p["iri"]] = name
                break
    return out


# --------------------------------------------------------------------------- facts


def _num(value) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _overlap(span: dict | None, gold_spans: list[tuple[int, int]]) -> int:
    if not span:
        return 0
    s, e = span.get("start", 0), span.get("end", 0)
    return max((min(e, ge) - max(s, gs) for gs, ge in gold_spans), default=0)


def _gold_spans(text: str, sentences: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for sentence in sentences:
        spans.extend(find_all(text, sentence))
    return spans


def _names(iris: Iterable[str], mapping: dict[str, str]) -> frozenset[str]:
    return frozenset(mapping.get(i, "?" + i) for i in iris)


def _roles(contract: dict, mapping: dict[str, str]) -> tuple[frozenset, frozenset, frozenset]:
    by_role: dict[str, list[str]] = {"supplier": [], "customer": [], "party": []}
    for p in contract.get("parties", []):
        by_role.setdefault(p.get("role", "party"), []).append(p["iri"])
    return (_names(by_role["supplier"], mapping), _names(by_role["customer"], mapping),
            _names(by_role["party"], mapping))


def _show(names: Iterable[str]) -> str:
    shown = sorted(n if not n.startswith("?") else "<" + n[1:].rsplit("/", 1)[-1] + ">" for n in names)
    return "{" + ", ".join(shown) + "}"


def _contract_text(sup, cus, par, value, currency) -> str:
    parts = [f"suppliers={_show(sup)}", f"customers={_show(cus)}"]
    if par:
        parts.append(f"parties={_show(par)}")
    parts.append(f"value={value if value is not None else '-'} {currency or ''}".rstrip())
    return " ".join(parts)


def _score_contracts(gold: dict, record: dict, mapping: dict[str, str], score: ArticleScore) -> None:
    text = record["text"]
    golds = gold.get("contracts", [])
    gspans = [_gold_spans(text, g.get("evidence", [])) for g in golds]
    gsets = [(frozenset(g.get("suppliers", [])), frozenset(g.get("customers", [])),
              frozenset(g.get("parties", []))) for g in golds]
    found = [False] * len(golds)
    fields = score.contract_fields
    for key in ("parties", "value", "currency", "date", "subject", "quantity", "status"):
        fields.setdefault(key, Ratio())
    for c in record.get("contracts", []):
        sup, cus, par = _roles(c, mapping)
        value, currency = _num(c.get("value")), c.get("currency")
        score.contracts.pred += 1
        candidates = [i for i in range(len(golds)) if _overlap(c.get("evidence"), gspans[i]) > 0]
        if not candidates:
            candidates = [i for i in range(len(golds)) if (sup, cus) == gsets[i][:2]]

        def correct(i: int) -> bool:
            g = golds[i]
            return ((sup, cus, par) == gsets[i] and value == _num(g.get("value"))
                    and (currency or None) == (g.get("currency") or None))

        sentence = (c.get("evidence") or {}).get("text")
        shown = _contract_text(sup, cus, par, c.get("value"), currency)
        if not candidates:
            score.errors.append(ErrorItem("contract", "spurious", shown, sentence))
            continue
        candidates.sort(key=lambda i: (not correct(i), found[i], -_overlap(c.get("evidence"), gspans[i])))
        i = candidates[0]
        g = golds[i]
        fields["parties"].add((sup, cus, par) == gsets[i])
        fields["value"].add(value == _num(g.get("value")))
        fields["currency"].add((currency or None) == (g.get("currency") or None))
        fields["date"].add((c.get("date"), c.get("start_date"), c.get("end_date"))
                           == (g.get("date"), g.get("start"), g.get("end")))
        if g.get("subject"):
            fields["subject"].add(bool(c.get("subject")))
        if g.get("quantity") is not None or c.get("quantity") is not None:
            fields["quantity"].add(_num(c.get("quantity")) == _num(g.get("quantity"))
                                   and c.get("quantity_unit") == g.get("quantity_unit"))
        fields["status"].add(c.get("status") == g.get("status", "Asserted"))
        if correct(i):
            score.contracts.correct_pred += 1
            if found[i]:
                score.duplicates += 1
            found[i] = True
        else:
            want = _contract_text(*gsets[i], g.get("value"), g.get("currency"))
            score.errors.append(ErrorItem("contract", "wrong", f"{shown}; gold {want}", sentence))
    score.contracts.gold += len(golds)
    score.contracts.found_gold += sum(found)
    for i, g in enumerate(golds):
        if not found[i]:
            shown = _contract_text(*gsets[i], g.get("value"), g.get("currency"))
            score.errors.append(ErrorItem("contract", "missed", shown, (g.get("evidence") or [None])[0]))


def _participants(etype: str, agents: frozenset, targets: frozenset):
    if etype in SYMMETRIC_EVENTS:
        return (agents | targets,)
    return (agents, targets)


def _event_text(etype, agents, targets, date) -> str:
    if etype in SYMMETRIC_EVENTS:
        return f"{etype} parties={_show(agents | targets)}" + (f" date={date}" if date else "")
    return f"{etype} agents={_show(agents)} targets={_show(targets)}" + (f" date={date}" if date else "")


def _score_events(gold: dict, record: dict, mapping: dict[str, str], score: ArticleScore) -> None:
    text = record["text"]
    golds = gold.get("events", [])
    gspans = [_gold_spans(text, g.get("evidence", [])) for g in golds]
    gparts = [_participants(g["type"], frozenset(g.get("agents", [])), frozenset(g.get("targets", [])))
              for g in golds]
    found = [False] * len(golds)
    fields = score.event_fields
    for key in ("agents", "targets", "date", "count", "status"):
        fields.setdefault(key, Ratio())
    by_type = score.events_by_type
    for e in record.get("events", []):
        etype = e.get("type")
        agents, targets = _names(e.get("agents", []), mapping), _names(e.get("targets", []), mapping)
        parts = _participants(etype, agents, targets)
        score.events.pred += 1
        by_type.setdefault(etype, Counts()).pred += 1
        candidates = [i for i, g in enumerate(golds)
                      if g["type"] == etype and _overlap(e.get("evidence"), gspans[i]) > 0]
        sentence = (e.get("evidence") or {}).get("text")
        shown = _event_text(etype, agents, targets, e.get("date"))

        def correct(i: int) -> bool:
            date = e.get("date")
            return parts == gparts[i] and (date is None or date == golds[i].get("date"))

        if not candidates:
            score.errors.append(ErrorItem("event", "spurious", shown, sentence))
            continue
        candidates.sort(key=lambda i: (not correct(i), found[i], -_overlap(e.get("evidence"), gspans[i])))
        i = candidates[0]
        g = golds[i]
        if etype in SYMMETRIC_EVENTS:
            fields["agents"].add(parts == gparts[i])
        else:
            fields["agents"].add(agents == gparts[i][0])
            fields["targets"].add(targets == gparts[i][1])
        if g.get("date") is not None or e.get("date") is not None:
            fields["date"].add(e.get("date") == g.get("date"))
        if g.get("count") is not None or e.get("count") is not None:
            fields["count"].add(_num(e.get("count")) == _num(g.get("count")))
        fields["status"].add(e.get("status") == g.get("status", "Asserted"))
        if correct(i):
            score.events.correct_pred += 1
            by_type[etype].correct_pred += 1
            if found[i]:
                score.duplicates += 1
            found[i] = True
        else:
            want = _event_text(g["type"], frozenset(g.get("agents", [])), frozenset(g.get("targets", [])),
                               g.get("date"))
            score.errors.append(ErrorItem("event", "wrong", f"{shown}; gold {want}", sentence))
    score.events.gold += len(golds)
    score.events.found_gold += sum(found)
    for i, g in enumerate(golds):
        by_type.setdefault(g["type"], Counts()).gold += 1
        if found[i]:
            by_type[g["type"]].found_gold += 1
        else:
            shown = _event_text(g["type"], frozenset(g.get("agents", [])), frozenset(g.get("targets", [])),
                                g.get("date"))
            score.errors.append(ErrorItem("event", "missed", shown, (g.get("evidence") or [None])[0]))


def _spans_of(record: dict) -> Iterable[dict]:
    for entity in record.get("entities", []):
        yield from entity.get("mentions", [])
    for key in ("contracts", "events", "citations"):
        for fact in record.get(key, []):
            if fact.get("evidence"):
                yield fact["evidence"]


def _line_at(text: str, start: int, width: int = 140) -> str:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    line = text[a:b if b >= 0 else len(text)].strip()
    return line if len(line) <= width else line[:width] + "…"


def score_article(gold: dict, record: dict) -> ArticleScore:
    """Score one JSON Lines record (``kg extract --format jsonl``) against its gold file."""
    score = ArticleScore(article=gold["article"])
    text = record.get("text", "")

    # evidence: every span slices the text
    for span in _spans_of(record):
        ok = text[span.get("start", 0):span.get("end", 0)] == span.get("text")
        score.evidence.add(ok)
        if not ok:
            score.errors.append(ErrorItem("evidence", "mismatch",
                                          f"[{span.get('start')}:{span.get('end')}] {span.get('text')!r}"))

    # entities
    gold_entities = gold.get("entities", [])
    pred_entities = [e for e in record.get("entities", []) if e.get("mentions")]
    mapping = align_entities(gold_entities, pred_entities)
    gold_by_name = {g["name"]: g for g in gold_entities}
    score.entities.pred = len(pred_entities)
    score.entities.gold = len(gold_entities)
    score.entities.correct_pred = score.entities.found_gold = len(mapping)
    for p in pred_entities:
        name = mapping.get(p["iri"])
        if name is None:
            m = p["mentions"][0]
            score.errors.append(ErrorItem("entity", "spurious", f"{_entity_label(p)} ({p.get('type')}) "
                                          f"as {m['text']!r}", _line_at(text, m["start"])))
            continue
        expected = gold_by_name[name]["type"]
        score.types.add(p.get("type") == expected)
        if p.get("type") != expected:
            score.errors.append(ErrorItem("entity", "type", f"{name}: {p.get('type')}, gold {expected}"))
    matched = set(mapping.values())
    for g in gold_entities:
        if g["name"] not in matched:
            surface = (g.get("surface") or [""])[0]
            where = find_all(text, surface)
            score.errors.append(ErrorItem("entity", "missed", f"{g['name']} ({g['type']}) as {surface!r}",
                                          _line_at(text, where[0][0]) if where else None))

    _score_contracts(gold, record, mapping, score)
    _score_events(gold, record, mapping, score)

    # citations: per-article sets of source names
    pred_sources = {mapping.get(c["iri"], "?" + c["iri"]) for c in record.get("citations", [])}
    gold_sources = set(gold.get("citations", []))
    hit = pred_sources & gold_sources
    score.citations = Counts(correct_pred=len(hit), pred=len(pred_sources), found_gold=len(hit),
                             gold=len(gold_sources))
    for c in record.get("citations", []):
        name = mapping.get(c["iri"], "?" + c["iri"])
        if name not in gold_sources:
            score.errors.append(ErrorItem("citation", "spurious", _show([name]),
                                          (c.get("evidence") or {}).get("text")))
            gold_sources.add(name)  # report each spurious source once
    for name in sorted(set(gold.get("citations", [])) - pred_sources):
        score.errors.append(ErrorItem("citation", "missed", name))
    return score


# --------------------------------------------------------------------------- running


def _article_id(record: dict) -> str:
    from kg.iri import article_id_from_filename

    source = record.get("source")
    if source:
        return article_id_from_filename(Path(source).stem)
    return str(record.get("article", "")).rstrip("/").rsplit("/", 1)[-1]


def read_jsonl(path: str | os.PathLike[str]) -> list[dict]:
    """Records of a ``kg extract --format jsonl`` output file ("-" = standard input)."""
    if str(path) == "-":
        import sys

        return [json.loads(line) for line in sys.stdin if line.strip()]
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def extract_records(paths: Iterable[str | os.PathLike[str]], extractor=None) -> tuple[list[dict], list[str]]:
    """Run the extractor in-process over PATHS: (records, error lines)."""
    from kg.corpus import ArticleError, iter_articles
    from kg.jsonl import extraction_record

    if extractor is None:
        from kg.extract.extract import Extractor

        extractor = Extractor()
    records, errors = [], []
    for item in iter_articles(list(paths)):
        if isinstance(item, ArticleError):
            errors.append(str(item))
            continue
        records.append(extraction_record(extractor.extract(item)))
    return records, errors


def run_eval(
    gold_dir: str | os.PathLike[str] | None = None,
    paths_or_jsonl: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | Sequence[dict] | None = None,
    *,
    jsonl: str | os.PathLike[str] | None = None,
    extractor=None,
) -> Report:
    """Score extractions against the gold files of GOLD_DIR (default ``tests/gold``).

    PATHS_OR_JSONL: a ``.jsonl`` file written by ``kg extract --format jsonl``;
    or article files/directories to extract in-process (default: ``corpus/``);
    or already-made records (dicts). JSONL (keyword): a JSON Lines file to read
    whatever its name ("-" = standard input); it takes the place of
    PATHS_OR_JSONL. Articles without a gold file are skipped with a note; gold
    files without a record are not scored.
    """
    golds = load_gold_dir(gold_dir or DEFAULT_GOLD_DIR)
    report = Report()
    if jsonl is not None:
        if paths_or_jsonl:
            raise ValueError("give article paths or a JSON Lines file, not both")
        paths_or_jsonl = read_jsonl(jsonl)
        if not paths_or_jsonl:
            report.notes.append(f"no records in {jsonl}")
    if paths_or_jsonl is None:
        paths_or_jsonl = ["corpus"]
    if isinstance(paths_or_jsonl, (str, os.PathLike)):
        if str(paths_or_jsonl).endswith(".jsonl"):
            records = read_jsonl(paths_or_jsonl)
            errors: list[str] = []
        else:
            records, errors = extract_records([paths_or_jsonl], extractor)
    elif all(isinstance(r, dict) for r in paths_or_jsonl):
        records, errors = list(paths_or_jsonl), []
    else:
        records, errors = extract_records(paths_or_jsonl, extractor)
    report.read_errors = len(errors)
    report.notes.extend(f"not read: {e}" for e in errors)
    seen = set()
    for record in records:
        aid = _article_id(record)
        if aid not in golds:
            report.notes.append(f"skipped {aid}: no gold file")
            continue
        if aid in seen:
            report.notes.append(f"skipped {aid}: record given twice")
            continue
        seen.add(aid)
        report.articles.append(score_article(golds[aid], record))
    return report


# --------------------------------------------------------------------------- formatting


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def _prf(c: Counts) -> str:
    return f"{_pct(c.precision)} {_pct(c.recall)} {_pct(c.f1)}  {c.correct_pred:>3}/{c.pred:<3} {c.found_gold:>3}/{c.gold:<3}"


def _ratio(r: Ratio) -> str:
    return f"{_pct(r.value)} ({r.ok}/{r.total})"


def _table(rows: list[tuple[str, Counts]]) -> list[str]:
    out = [f"  {'':<17} {'P':>6} {'R':>6} {'F1':>6}  {'ok/pred':>7} {'found/gold':>10}"]
    out.extend(f"  {name:<17} {_prf(c)}" for name, c in rows)
    return out


def format_report(report: Report, verbose: bool = False) -> str:
    """Plain-text report: one table per article, the overall table, and (VERBOSE) every error."""
    lines: list[str] = []
    for a in report.articles:
        lines.append(f"== {a.article}")
        lines.extend(_table([("entities", a.entities), ("contracts", a.contracts), ("events", a.events),
                             ("citations", a.citations)]))
        lines.append(f"  type accuracy {_ratio(a.types)}   evidence spans exact {_ratio(a.evidence)}")
        lines.append("")
    lines.append(f"== overall ({len(report.articles)} articles, micro-averaged)")
    lines.extend(_table([("entities", report.entities), ("contracts", report.contracts),
                         ("events", report.events), ("citations", report.citations)]))
    lines.append(f"  type accuracy {_ratio(report.types)}   evidence spans exact {_ratio(report.evidence)}")
    dup = sum(a.duplicates for a in report.articles)
    if dup:
        lines.append(f"  ({dup} further correct prediction(s) of an already-found gold item: counted correct, not twice in recall)")
    lines.append("")
    lines.append("  events by type")
    lines.extend(_table(sorted(report.events_by_type().items())))
    lines.append("")
    for title, name in (("contract fields (matched pairs)", "contract_fields"),
                        ("event fields (matched pairs)", "event_fields")):
        fields = report.fields(name)
        if any(r.total for r in fields.values()):
            lines.append(f"  {title}: " + ", ".join(f"{k} {_ratio(r)}" for k, r in fields.items() if r.total))
    for note in report.notes:
        lines.append(f"note: {note}")
    if verbose:
        for a in report.articles:
            if not a.errors:
                continue
            lines.append("")
            lines.append(f"-- errors in {a.article}")
            for err in a.errors:
                lines.append(f"  [{err.category} {err.kind}] {err.what}")
                if err.sentence:
                    lines.append(f"      « {err.sentence.strip()} »")
    return "\n".join(lines).rstrip() + "\n"
