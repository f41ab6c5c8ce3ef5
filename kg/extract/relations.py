"""Relation rules: sentence views -> contracts, events, citations.

Roles come from what the participants ARE (their class) and from cue words,
never from the order of mention alone: a company supplying a ministry is the
supplier whether it is named first or last. The role tables below are the
rules; the functions only apply them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg import iri as iris
from kg.extract.triggers import Triggers
from kg.extract.views import EntityHit, SentenceView
from kg.model import Citation, Contract, DateValue, Entity, Event, Span
from kg.text.normalize import normalize

# Contract role of a party, by its class.
CONTRACT_ROLE = {
    "Company": "supplier",
    "GovernmentBody": "customer",
    "MilitaryUnit": "customer",
    "Place": "customer",
    "Organization": "party",
}

# Event type -> (classes that can be agents, classes that can be targets,
# where agents are looked for, whether a target is required).
ACTORS = frozenset({"Company", "Organization", "GovernmentBody", "MilitaryUnit", "Person", "Campaign", "NewsOutlet"})
STATE = frozenset({"GovernmentBody", "MilitaryUnit"})


@dataclass(frozen=True)
class EventRule:
    agents: tuple[str, ...]  # classes that can be agents, in order of preference
    targets: frozenset[str]
    needs_agent: bool = True
    needs_target: bool = False
    split_by_position: bool = False  # a class on both sides: before the trigger = agent, after = target
    one_agent_class: bool = True  # keep only agents of the most preferred class present
    nearest_agent: bool = False  # the one actor next to the trigger (a speaker)
    nearest_target: bool = False  # only the target right after the trigger (e.g. the person dismissed)
    subject_may_be_target: bool = False  # "فُصل X", "X and Y joined forces": the subject is not the agent


ACTOR_CLASSES = ("Company", "Person", "GovernmentBody", "Organization", "MilitaryUnit", "Campaign")

EVENT_RULES: dict[str, EventRule] = {
    "ServiceSuspension": EventRule(("Company",), STATE),
    "ServiceProvision": EventRule(("Company",), STATE, needs_target=True),
    "Dismissal": EventRule(("Company", "GovernmentBody", "Organization"), frozenset({"Person"}), nearest_target=True,
                           subject_may_be_target=True),
    "Protest": EventRule(("Person", "Campaign", "Organization"), frozenset({"Company", "Project", "GovernmentBody"}),
                         needs_agent=False, one_agent_class=False, subject_may_be_target=True),
    "Investment": EventRule(("Company", "Organization"), frozenset({"Company"}), split_by_position=True),
    "Divestment": EventRule(("Company", "Organization"), frozenset({"Company"}), split_by_position=True),
    "Investigation": EventRule(("Company", "NewsOutlet", "Person", "Organization", "GovernmentBody"),
                               frozenset({"Company", "MilitaryUnit", "GovernmentBody"}), split_by_position=True),
    "Partnership": EventRule(("Company", "Organization"), STATE, one_agent_class=False,
                             subject_may_be_target=True),  # partners are symmetric
    "Statement": EventRule(ACTOR_CLASSES, frozenset(), nearest_agent=True),
}

# Events whose presence in a sentence makes a "provision" reading redundant.
SUPERSEDES_PROVISION = frozenset({"ServiceSuspension", "Divestment"})
SPEAKER_REACH = 4  # tokens between a speech verb and its speaker
SPEAKER_REACH_TO_COMPLEMENT = 10  # ... when a complementiser closes the speaker slot
ACCORDING_TO = frozenset({"بحسب", "وفقا", "according"})

# How far back (tokens) a "demand/refusal" cue cancels a trigger.
NEGATION_WINDOW = 4


@dataclass
class ArticleContext:
    article_id: str
    entities: dict[str, Entity]  # iri -> Entity (lexicon and minted)
    triggers: Triggers
    own_outlet: str | None = None
    base: str = iris.DEFAULT_BASE
    last_investment_targets: list[str] = field(default_factory=list)
    last_investigation: tuple[list[str], list[str]] | None = None  # (agents, targets)

    def made_by(self, iri: str) -> list[str]:
        entity = self.entities.get(iri)
        return list(entity.extra.get("madeBy", [])) if entity else []

    def part_of(self, iri: str) -> list[str]:
        entity = self.entities.get(iri)
        return list(entity.extra.get("partOf", [])) if entity else []


# --- helpers -----------------------------------------------------------------


def _evidence(text: str, view: SentenceView) -> Span:
    return Span(view.start, view.end, text[view.start:view.end])


def _unique(items):
    seen = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _drop_parents(iris_: list[str], ctx: ArticleContext) -> list[str]:
    """Keep the most specific: drop X when a part of X is also listed."""
    parents = {p for i in iris_ for p in ctx.part_of(i)}
    return [i for i in iris_ if i not in parents]


def _in_clause(view: SentenceView, hit: EntityHit, clause: int) -> bool:
    return view.clause_of[hit.first] == clause


def _negated(view: SentenceView, token: int, triggers: Triggers) -> bool:
    """A refusal just before the trigger, or a demand anywhere earlier in its clause."""
    clause = view.clause_of[token]
    lo, words = token, 0
    ends = {h.last: h.first for h in view.entities if h.last <= token}
    while lo > 0 and words < NEGATION_WINDOW:
        # a named entity in between counts as one word ("إذا كان جيش الاحتلال الإسرائيلي يستخدم")
        lo = ends.get(lo, lo - 1)
        words += 1
    covered = view.covered()  # "No Azure for Apartheid": a cue inside a name is part of the name
    if any(m[0] not in covered for m in triggers.not_an_event.find_in(view, lo, token, clause)):
        return True
    return bool(triggers.demands.find_in(view, 0, token, clause))


def _anaphors(view: SentenceView, tr: Triggers) -> list[int]:
    """Token indices of "the company"-like words that refer back (not "شركة X", a name cue)."""
    starts = {h.first for h in view.entities}
    out = []
    for first, _end, _ in tr.anaphora.find_in(view):
        if first in starts:
            continue
        if normalize(view.texts[first]) in BARE_COMPANY_NOUNS:
            continue
        out.append(first)
    return out


BARE_COMPANY_NOUNS = frozenset({"شركه", "company", "firm"})  # without the article they start a name


def _anaphor_company(view: SentenceView, history: list[SentenceView], ctx: ArticleContext, excluded: set[int] = frozenset(),
                     at: int | None = None) -> str | None:
    """The company "the company" refers to: the nearest company before it in its
    sentence, else the company the article has named most so far (its topic)."""
    anaphors = _anaphors(view, ctx.triggers)
    if at is not None:
        anaphors = [a for a in anaphors if a == at]
    if not anaphors:
        return None
    limit = anaphors[0]
    counts = _company_counts(history)
    in_sentence = [h for h in view.entities if h.type == "Company" and h.last <= limit and h.first not in excluded]
    if in_sentence:  # the company named before it in its sentence, the article's most named first
        return max(reversed(in_sentence), key=lambda h: counts.get(h.iri, 0)).iri
    if limit > 0 and view.norms[limit - 1] in ctx.triggers.demonstratives or \
            view.norms[limit].split(" ")[0] in ctx.triggers.demonstratives:
        for prev in reversed(history[-3:]):  # "this company": the one named last
            for hit in reversed(prev.entities):
                if hit.type == "Company":
                    return hit.iri
    if not counts:
        return None
    order = {h.iri: n for n, prev in enumerate(history) for h in prev.entities}
    return max(counts, key=lambda iri: (counts[iri], order.get(iri, 0)))


def _company_counts(history: list[SentenceView]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for prev in history:
        for hit in prev.entities:
            if hit.type == "Company":
                counts[hit.iri] = counts.get(hit.iri, 0) + 1
    return counts


def _claim_status(view: SentenceView, ctx: ArticleContext) -> str:
    found = {value for _, _, value in ctx.triggers.claim_status.find_in(view)}
    for status in ctx.triggers.claim_order:
        if status in found:
            return status
    return "Asserted"


POSSESSED_PLURAL = ("اتها", "اته", "اتهم", "اتهما")
SHORT_PREFIX_CLAUSE = 7  # "في عام 2021،" / "In 2021," — a date prefix, not a clause with its own event


def _anchored(view: SentenceView, date, anchors) -> bool:
    at = view.token_at(date.span.start)
    return bool(anchors.find_in(view, at - 3, at))


def _date_range(view: SentenceView, text: str, near: int | None = None, anchors=None,
                allow_later: bool = False) -> tuple[DateValue | None, DateValue | None, DateValue | None]:
    """(date, start, end): a 'between X and Y' / 'from X to Y' pair gives a range.

    With NEAR (a trigger token), only dates in the trigger's clause or the
    clause just before it count: a date elsewhere in a long sentence usually
    belongs to another event.
    """
    dates = [d for d in view.dates if not _anchored(view, d, anchors)] if anchors is not None else view.dates
    if near is not None:
        clause = view.clause_of[near]
        prefix_ok = clause > 0 and view.clause_of.count(clause - 1) <= SHORT_PREFIX_CLAUSE \
            and not normalize(view.texts[near]).endswith(POSSESSED_PLURAL)  # "استثماراتها": a state, not an act
        allowed = (clause, clause - 1) if prefix_ok else (clause,)
        dates = [d for d in dates if view.clause_of[view.token_at(d.span.start)] in allowed]
        same = [d for d in dates if view.clause_of[view.token_at(d.span.start)] == clause]
        later = [d for d in view.dates if view.clause_of[view.token_at(d.span.start)] > clause
                 and not _anchored(view, d, anchors) if anchors is not None] if anchors is not None else []
        dates = same or dates or (later[:1] if view.lang == "en" or allow_later else [])
    if not dates:
        return None, None, None
    if len(dates) >= 2:
        first, second = dates[0], dates[1]
        between = normalize(text[first.span.end:second.span.start])
        before = normalize(text[max(view.start, first.span.start - 12):first.span.start])
        joined = between.strip() in {"و", "-", "to", "and", "الى", "حتى", "until", "through"}
        opened = any(w in before.split() for w in ("بين", "من", "between", "from", "منذ"))
        if joined and opened:
            return first.date, first.date, second.date
    return dates[0].date, None, None


# --- contracts ---------------------------------------------------------------


def find_contracts(views: list[SentenceView], text: str, ctx: ArticleContext) -> list[Contract]:
    """One contract per clause that names one (two deals in one sentence are two contracts)."""
    contracts: list[Contract] = []
    tr = ctx.triggers
    for n, view in enumerate(views):
        covered = view.covered()
        nouns = [m for m in tr.contract_nouns.find_in(view)
                 if m[0] not in covered and not _is_held_meeting(view, m[1], tr) and not _not_a_contract_noun(view, m[0], tr)]
        trades = [m for m in tr.trade_verbs.find_in(view) if m[0] not in covered]
        money = [a for a in view.amounts if a.currency]
        products = [h for h in view.entities if h.type in ("Product", "Project")]
        if not nouns and not (trades and (money or products)):
            continue
        triggers = _one_per_clause(view, nouns) if nouns else [trades[0][0]]
        found: list[Contract] = []
        for trigger in triggers:
            if _negated(view, trigger, tr):
                continue
            by_trade = not nouns or any(t[0] < trigger and view.clause_of[t[0]] == view.clause_of[trigger] for t in trades)
            contract = _contract_at(view, n, views, text, ctx, trigger, by_trade, own_clause_only=len(triggers) > 1,
                                    ordinal=len(found))
            if contract is not None:
                found.append(contract)
        contracts.extend(found)
    return consolidate_contracts(contracts)


CONSOLIDATED_FIELDS = ("customers", "value", "currency", "date", "start_date", "end_date", "quantity", "quantity_unit")


def consolidate_contracts(contracts: list[Contract]) -> list[Contract]:
    """One contract stated in several sentences of an article (same suppliers, same named
    subject): each statement keeps its own evidence, and fills the fields it lacks from the
    others (never overwriting what its own sentence says)."""
    groups: dict[tuple, list[Contract]] = {}
    for contract in contracts:
        if contract.suppliers and contract.subject_entities:
            key = (frozenset(contract.suppliers), frozenset(contract.subject_entities))
            groups.setdefault(key, []).append(contract)
    for group in groups.values():
        for contract in group:
            for other in group:
                if other is contract:
                    continue
                for name in CONSOLIDATED_FIELDS:
                    if not getattr(contract, name) and getattr(other, name):
                        setattr(contract, name, getattr(other, name))
    return contracts


def _one_per_clause(view: SentenceView, nouns) -> list[int]:
    seen, out = set(), []
    for start, _, _ in nouns:
        clause = view.clause_of[start]
        if clause not in seen:
            seen.add(clause)
            out.append(start)
    return out


def _not_a_contract_noun(view: SentenceView, start: int, tr: Triggers) -> bool:
    """"منذ عقود" (for decades): a word before the noun makes it something else."""
    return start > 0 and bool(tr.not_contract_before.find_in(view, start - 1, start))


def _is_held_meeting(view: SentenceView, after: int, tr: Triggers) -> bool:
    """"عقد ... اجتماعا" is "held a meeting" (the verb's subject may stand in between)."""
    return bool(tr.not_contract_after.find_in(view, after, after + 5))


def _excluded_hits(view: SentenceView, tr: Triggers) -> set[int]:
    """Entity hits (by first token) named as losers or rivals, not parties."""
    excluded: set[int] = set()
    cues = tr.not_party.find_in(view)
    again = [s for s, _, _ in tr.party_again.find_in(view)]
    for start, _, _ in cues:
        if tr.passive.find_in(view, start - 2, start):  # "X was beaten/outbid by Y": X lost
            loser = [h for h in view.entities if h.last <= start and h.type in CONTRACT_ROLE]
            if loser:
                excluded.add(loser[-1].first)
            continue
        clause = view.clause_of[start]
        stop = min([a for a in again if a > start] or [len(view.norms)])
        for hit in view.entities:
            if start < hit.first < stop and view.clause_of[hit.first] == clause and hit.type in CONTRACT_ROLE:
                excluded.add(hit.first)
    return excluded


def _contract_at(view, n, views, text, ctx: ArticleContext, trigger: int, by_trade_verb: bool,
                 own_clause_only: bool = False, ordinal: int = 0) -> Contract | None:
    tr = ctx.triggers
    clause = view.clause_of[trigger]
    excluded = _excluded_hits(view, tr)
    candidates = [h for h in view.entities if h.first not in excluded]

    def roles(hits):
        suppliers, customers, parties = [], [], []
        for hit in hits:
            role = CONTRACT_ROLE.get(hit.type)
            {"supplier": suppliers, "customer": customers, "party": parties}.get(role, []).append(hit.iri)
        return suppliers, customers, parties

    in_clause = [h for h in candidates if _in_clause(view, h, clause)]
    suppliers, customers, parties = roles(in_clause)
    if by_trade_verb:
        suppliers, customers = _trade_roles(view, in_clause if in_clause else candidates, suppliers, customers, trigger, tr)
    if own_clause_only and not (suppliers or customers or parties):
        return None
    if not (suppliers and customers) and not own_clause_only:
        s2, c2, p2 = roles(_before_contrast(view, candidates, trigger, tr))
        suppliers = suppliers or s2
        customers = customers or c2
        parties = parties or p2
    product_hits = [h for h in candidates if h.type in ("Product", "Project")]
    products = [h.iri for h in product_hits if _in_clause(view, h, clause)] or [h.iri for h in product_hits[:1]]
    if not suppliers:
        suppliers = _unique(m for p in products for m in ctx.made_by(p))
    if not suppliers:
        anaphor = _anaphor_company(view, views[:n], ctx, excluded)
        if anaphor:
            suppliers = [anaphor]
    suppliers = _drop_parents(_unique(suppliers), ctx)
    customers = _unique(c for c in customers if c not in suppliers)
    parties = _unique(p for p in parties if p not in suppliers and p not in customers)
    if not (suppliers or customers or parties):
        return None
    money = _nearest(view, [a for a in view.amounts if a.currency], trigger, clause if own_clause_only else None)
    counted = [a for a in view.amounts if a.unit and a.unit not in ("percent", "times", "person")]
    date, start, end = _date_range(view, text, near=trigger)
    if date is None and n > 0 and products and _shares_party(views[n - 1], products):
        date, start, end = _date_range(views[n - 1], text)
    evidence = _evidence(text, view)
    return Contract(
        iri=iris.fact_iri("contract", ctx.article_id, evidence.start, evidence.end, str(ordinal) if ordinal else "",
                          base=ctx.base),
        evidence=evidence,
        suppliers=suppliers,
        customers=customers,
        parties=parties,
        value=money[0].value if money else None,
        currency=money[0].currency if money else None,
        date=date,
        start_date=start,
        end_date=end,
        subject=_subject_text(view, text, trigger, tr),
        subject_entities=_unique(products),
        quantity=counted[0].value if counted else None,
        quantity_unit=counted[0].unit if counted else None,
        status=_claim_status(view, ctx),
    )


def _before_contrast(view: SentenceView, hits: list[EntityHit], trigger: int, tr: Triggers) -> list[EntityHit]:
    """Hits not separated from the trigger by a contrast word ("... إلا أنها ...", "but")."""
    contrasts = [s for s, _, _ in tr.contrast.find_in(view) if s > trigger]
    if not contrasts:
        return hits
    return [h for h in hits if h.first < contrasts[0]]


def _trade_roles(view, hits, suppliers, customers, trigger, tr: Triggers) -> tuple[list[str], list[str]]:
    """Buying and selling verbs: "bought/ordered X from Y" makes Y the supplier; a by-phrase is the
    buyer of "was bought" and the seller of "was sold"; two companies: the verb says who sells."""
    from_ends, from_clitics = _marker_info(view, tr.from_markers)
    by_ends, _ = _marker_info(view, tr.by_markers)
    verb = view.norms[trigger]
    buying = not verb.startswith(("باع", "بيع", "sold", "sell"))
    companies = [h for h in hits if h.type in CONTRACT_ROLE]
    sellers = [h.iri for h in companies if h.type == "Company" and buying and _marked(view, h, from_ends, frozenset())]
    by = [h.iri for h in companies if _marked(view, h, by_ends, frozenset())]
    if sellers:
        buyers = [h.iri for h in companies if h.iri not in sellers and h.iri not in suppliers or h.iri in by]
        buyers = [b for b in buyers if b not in sellers]
        return sellers, _unique(customers + [b for b in buyers if b not in customers])
    if by and buying:
        return [s for s in suppliers if s not in by], _unique(customers + by)
    both = [h.iri for h in companies if h.iri in suppliers]
    if len(both) >= 2 and not customers:
        before = [h.iri for h in companies if h.iri in both and h.first < trigger]
        after = [h.iri for h in companies if h.iri in both and h.first > trigger]
        if before and after:
            return (after, before) if buying else (before, after)
    return suppliers, customers


def _nearest(view: SentenceView, amounts, trigger: int, clause: int | None = None):
    """The amounts sorted by closeness to the trigger (after a value cue first), optionally in one clause."""
    if clause is not None:
        amounts = [a for a in amounts if view.clause_of[view.token_at(a.span.start)] == clause] or amounts
    return sorted(amounts, key=lambda a: abs(view.token_at(a.span.start) - trigger))


def _shares_party(view: SentenceView, iris_: list[str]) -> bool:
    return any(h.iri in iris_ for h in view.entities)


SUBJECT_MAX_TOKENS = 8


def _subject_text(view: SentenceView, text: str, trigger: int, tr: Triggers) -> str | None:
    """What is supplied, as worded: after an opener ("to provide ...") or between
    the contract noun and its value cue ("a cloud computing contract worth")."""
    value_at = [s for s, _, _ in tr.value_cues.find_in(view)]
    stops = {h.first for h in view.entities} | set(value_at) | {view.token_at(a.span.start) for a in view.amounts}
    openers = tr.subject_openers.find_in(view)
    spans = []
    if value_at and value_at[0] > trigger + 1 and value_at[0] - trigger <= SUBJECT_MAX_TOKENS:
        spans.append((trigger + 1, value_at[0]))
    for _, end, _ in openers:
        stop = end
        while stop < len(view.norms) and stop - end < SUBJECT_MAX_TOKENS and stop not in stops \
                and view.clause_of[stop] == view.clause_of[end - 1] and view.norms[stop] not in ("مع", "with", "to"):
            stop += 1
        if stop > end:
            spans.append((end, stop))
    for first, last in spans:
        while last > first and (view.texts[last - 1] in ("لـ", "ل", "to", "for", "of") or len(view.texts[last - 1]) == 1):
            last -= 1
        if last > first:
            return text[view.starts[first]:view.ends[last - 1]]
    return None


# --- events ------------------------------------------------------------------


def find_events(views: list[SentenceView], text: str, ctx: ArticleContext, skip_provision: set[int]) -> list[Event]:
    events: list[Event] = []
    tr = ctx.triggers
    for n, view in enumerate(views):
        covered = view.covered()
        by_type: dict[str, list[int]] = {}
        for start, end, etype in _event_triggers(view, tr):
            if start in covered or _false_trigger(view, start, end, tr):
                continue
            if _blocked(view, start, end, etype, tr):
                continue
            if etype in tr.purpose_blocks and _purpose_form(view, start):
                continue
            if _negated(view, start, tr) or (etype == "Statement" and _infinitive(view, start)):
                continue
            by_type.setdefault(etype, []).append(start)
        for etype, tokens in by_type.items():
            if etype == "ServiceProvision" and (view.index in skip_provision or SUPERSEDES_PROVISION & set(by_type)):
                continue
            event = _event_at(view, n, views, text, ctx, etype, tokens)
            if event is not None:
                events.append(event)
    return events


# Event types whose targets must be named by a preposition ("an inquiry INTO X"), be the
# verb's object ("probing X") or the passive subject ("X was investigated").
OBJECT_TARGETS_ONLY = frozenset({"Investigation", "Protest"})
# Event types whose participants are all in the trigger's clause.
CLAUSE_BOUND = frozenset({"Partnership", "ServiceProvision"})

MARKER_REACH = 6  # a target preposition belongs to the trigger only this close after it

# Words between a role marker and the entity it marks ("في شركة X", "into the company X").
MARKER_GAP = frozenset({"شركه", "شركات", "مجموعه", "منظمه", "the", "company", "firm", "group", "a", "an",
                        # "an inquiry into the USE of X", "في ممارسات شركة X"
                        "استخدام", "ممارسات", "تعاملات", "دور", "علاقات", "عقود", "use", "practices", "dealings",
                        "role", "ties", "contracts", "conduct",
                        "اذا", "كان", "كانت", "ما", "if"})  # "للتحقيق فيما إذا كان X ..." (whether X)


def _glued(view: SentenceView, token: int) -> str:
    """The proclitic glued to a token ("لوزارة" -> "ل"), '' when none."""
    raw = normalize(view.texts[token])
    norm = view.norms[token]
    if view.lang != "ar" or raw == norm or not raw.endswith(norm[-2:] if len(norm) >= 2 else norm):
        return ""
    cut = raw.find(norm[2:] if norm.startswith("ال") else norm)
    prefix = raw[:cut] if cut > 0 else ""
    return prefix.replace("ال", "")[:2]


def _distance(view: SentenceView, a: int, b: int) -> int:
    """Tokens from A to B, a named entity in between counting as one word."""
    inside = sum(h.last - h.first - 1 for h in view.entities if a < h.first and h.last <= b)
    return b - a - inside


def _marked(view: SentenceView, hit: EntityHit, marker_ends: set[int], clitics: frozenset[str]) -> bool:
    """Is HIT right after a marker (allowing one cue word between) or glued to a marker clitic?"""
    k = hit.first
    if k in marker_ends:
        return True
    gap = k
    while gap - 1 >= 0 and k - gap < 2 and view.norms[gap - 1] in MARKER_GAP:
        gap -= 1
        if gap in marker_ends:
            return True
    glued = _glued(view, k)
    return bool(glued) and any(glued.startswith(c) or glued.endswith(c) for c in clitics)


def _marker_info(view: SentenceView, index) -> tuple[set[int], frozenset[str]]:
    """Token indices right after the markers of INDEX, and its one-letter markers (glued clitics)."""
    if index is None:
        return set(), frozenset()
    found = index.find_in(view)
    clitics = index.__dict__.get("_clitics")
    if clitics is None:
        clitics = index.__dict__["_clitics"] = frozenset(w for w in index.first if len(w) == 1)
    return {end for _, end, _ in found}, clitics


PARTICIPLES = frozenset({"sold", "bought", "won", "shut", "cut", "held", "made", "given", "taken", "hit", "put", "run"})


MODIFIER_CUES = frozenset({"التابعه", "التابع", "التابعين", "affiliated", "subsidiary", "belonging", "owned"})
PLACE_OF_PERSON = frozenset({"مكتب", "مكاتب", "office", "offices", "منزل", "home"})  # "مكتب سميث": a place


def _modifier(view: SentenceView, hit: EntityHit) -> bool:
    """"وحدة أوفك التابعة لسلاح الجو": the body an entity belongs to is not a participant."""
    k = hit.first
    if hit.type == "Person" and k > 0 and view.norms[k - 1] in PLACE_OF_PERSON:
        return True
    return k > 0 and (view.norms[k - 1] in MODIFIER_CUES or (k > 1 and view.norms[k - 2] in MODIFIER_CUES))


def _is_passive(view: SentenceView, trigger: int, tr: Triggers) -> bool:
    """A by-phrase after the trigger, or an auxiliary before it (English: with a participle)."""
    by = [s for s, _, _ in tr.by_markers.find_in(view) if s > trigger]
    if by:
        return True
    raw = view.texts[trigger]
    if view.lang == "ar" and len(raw) > 1 and raw[1] == "\u064f":  # a damma on the first letter: فُعِل
        return True
    if not tr.passive.find_in(view, trigger - 3, trigger):
        return False
    word = view.texts[trigger].lower()
    return view.lang == "ar" or word.endswith(("ed", "en")) or word in PARTICIPLES


def _roles(view: SentenceView, hits: list[EntityHit], rule: EventRule, trigger: int, clause: int,
           etype: str, tr: Triggers) -> tuple[list[str], list[str]]:
    """Agents and targets by role: a by-phrase marks an agent, a type's target preposition a
    target; otherwise the class decides, and for classes that can be either, the voice and
    the position (active: the subject acts; passive: the subject is acted upon)."""
    agent_classes = set(rule.agents)
    by_ends, by_clitics = _marker_info(view, tr.by_markers)
    target_ends, target_clitics = _marker_info(view, tr.target_markers.get(etype))
    target_ends = {e for e in target_ends if e <= trigger or _distance(view, trigger, e) <= MARKER_REACH}
    passive = _is_passive(view, trigger, tr)
    agent_hits: list[EntityHit] = []
    target_hits: list[EntityHit] = []
    for hit in hits:
        can_agent, can_target = hit.type in agent_classes, hit.type in rule.targets
        if not (can_agent or can_target) or _modifier(view, hit):
            continue
        if can_agent and _marked(view, hit, by_ends, frozenset()):
            agent_hits.append(hit)
        elif can_target and _marked(view, hit, target_ends, target_clitics):
            target_hits.append(hit)
        elif can_agent and not can_target:
            agent_hits.append(hit)
        elif can_target and not can_agent:
            target_hits.append(hit)
        elif passive:
            target_hits.append(hit)  # the agent of a passive is marked by its by-phrase
        elif rule.split_by_position and hit.first > trigger and not _verb_first_subject(view, hit, trigger, agent_hits):
            target_hits.append(hit)
        else:
            agent_hits.append(hit)
    in_clause = [h for h in agent_hits if view.clause_of[h.first] == clause]
    chosen = in_clause or agent_hits
    if rule.one_agent_class and chosen:
        best = min(rule.agents.index(h.type) for h in chosen)
        chosen = [h for h in chosen if rule.agents.index(h.type) == best]
    marked = [h for h in target_hits if _marked(view, h, target_ends, target_clitics)]
    client = _subject(view, trigger) if view.norms[trigger] in tr.client_verbs else None
    if client is not None and client.type in rule.targets:
        # "the unit used Azure": the user is the one served (others named in the sentence stay)
        target_hits = [client] + [h for h in target_hits if h is not client]
    elif marked:
        target_hits = marked  # a target named by its preposition outranks ones found by class
    elif etype in OBJECT_TARGETS_ONLY:
        # no preposition: only the verb's object (right after it) or a passive subject is acted upon
        target_hits = [h for h in target_hits if 0 < h.first - trigger <= 2 or (passive and h.first < trigger)]
    if etype in CLAUSE_BOUND:
        clauses = _clause_with_list(view, clause)
        chosen = [h for h in chosen if view.clause_of[h.first] in clauses] or chosen
        target_hits = [h for h in target_hits if view.clause_of[h.first] in clauses]
    if rule.nearest_target and target_hits:
        after = [h for h in target_hits if 0 < h.first - trigger <= 3]
        target_hits = after[:1] or ([h for h in target_hits if h.first < trigger][-1:] if passive else [])
    return [h.iri for h in chosen], [h.iri for h in target_hits]


PREPOSITIONS = frozenset({"مع", "في", "من", "الي", "على", "عن", "ل", "ب", "to", "with", "in", "from", "for", "of", "on"})


def _behind_preposition(view: SentenceView, hit: EntityHit) -> bool:
    """"مع الجيش", "لوزارة", "with the army": an entity governed by a preposition is no subject."""
    k = hit.first
    prev = view.norms[k - 1] if k > 0 else ""
    return prev in PREPOSITIONS or (k > 1 and prev in MARKER_GAP and view.norms[k - 2] in PREPOSITIONS) \
        or bool(_glued(view, k)[:1] in ("ل", "ب"))


INCLUSION = frozenset({"بما", "مثل", "including", "such", "like", "among"})


def _clause_with_list(view: SentenceView, clause: int) -> set[int]:
    """A clause plus the list that follows it ("…، بما في ذلك X، وY، وZ", "…, including X and Y")."""
    clauses = {clause}
    starts = {c: view.clause_of.index(c) for c in set(view.clause_of)}
    following = sorted(c for c in starts if c > clause)
    if following and view.norms[starts[following[0]]] in INCLUSION:
        clauses.update(following)
    return clauses


def _verb_first_subject(view: SentenceView, hit: EntityHit, trigger: int, agent_hits: list[EntityHit]) -> bool:
    """Arabic verb-first order: the first entity right after the verb is its subject."""
    return view.lang == "ar" and not agent_hits and hit.first - trigger <= 2


def _subject(view: SentenceView, trigger: int) -> EntityHit | None:
    """The verb's subject: an actor just before it (SVO), else (Arabic) one just after it (VSO)."""
    clause = view.clause_of[trigger]
    actors = [h for h in view.entities if h.type in ACTOR_CLASSES and view.clause_of[h.first] == clause]
    before = [h for h in actors if h.last <= trigger and trigger - h.last <= 2]
    if before:
        return before[-1]
    if view.lang == "ar":
        return next((h for h in actors if 0 < h.first - trigger <= 2 and not _behind_preposition(view, h)), None)
    return None


def _subject_mismatch(view: SentenceView, trigger: int, rule: EventRule, tr: Triggers) -> bool:
    """The grammatical subject is an actor that cannot be this event's agent
    ("the police arrested ..." is not a suspension by the company named later)."""
    if _is_passive(view, trigger, tr):
        return False
    subject = _subject(view, trigger)
    if subject is None:
        return False
    if view.norms[trigger] in tr.client_verbs or rule.subject_may_be_target:
        return subject.type not in rule.agents and subject.type not in rule.targets
    return subject.type not in rule.agents


def _speaker(view: SentenceView, trigger: int, history: list[SentenceView], ctx: ArticleContext) -> list[str]:
    """Who speaks: the actor of a by-phrase ("confirmed by X"); an actor between the verb and
    its complementiser ("قال X إن", "said X, ..."); else the actor before the verb, a person
    first ("X, the company's president, said")."""
    tr = ctx.triggers
    actors = [h for h in view.entities if h.type in ACTOR_CLASSES]
    by_ends, _ = _marker_info(view, tr.by_markers)
    by_actors = [h for h in actors if h.first > trigger and _marked(view, h, by_ends, frozenset())]
    if by_actors:
        persons = [h for h in actors if h.first >= by_actors[0].first and h.type == "Person"
                   and h.first - by_actors[0].first <= 6]
        return [(persons or by_actors)[0].iri]
    comps = [s for s, _, _ in tr.complementisers.find_in(view) if s > trigger]
    stop = min(comps[0], trigger + 1 + SPEAKER_REACH_TO_COMPLEMENT) if comps else trigger + 1 + SPEAKER_REACH
    if view.norms[trigger] in ACCORDING_TO:
        stop = trigger + 3  # "بحسب الشركة", "according to X": the source follows at once
    if view.lang == "en":
        stop = trigger + 3  # English: "X said ..."; the speaker follows only in "'...', said X"
    after = [h for h in actors if trigger < h.first < stop]
    if after:
        persons = [h for h in after if h.type == "Person"]
        return [(persons or after)[0].iri]
    for anaphor in _anaphors(view, tr) if view.lang == "ar" else ():
        if trigger < anaphor < min(stop, trigger + 3):
            company = _anaphor_company(view, history, ctx, at=anaphor)
            return [company] if company else []
    before = [h for h in actors if h.last <= trigger and trigger - h.last <= 12]
    persons = [h for h in before if h.type == "Person"]
    if persons:
        return [persons[-1].iri]
    clause = view.clause_of[trigger]
    in_clause = [h for h in before if view.clause_of[h.first] == clause]
    if in_clause:
        return [in_clause[-1].iri]
    # Arabic drops the subject pronoun ("رغم عدم تحديد X ...، أوضحت في بيانها"): the sentence's topic,
    # its first actor, speaks
    return [before[0].iri] if before and view.lang == "ar" and view.norms[trigger] not in ACCORDING_TO else []


def _event_triggers(view: SentenceView, tr: Triggers) -> list[tuple[int, int, str]]:
    """Trigger matches, with split divestments: a sell/withdraw verb earlier in the clause turns
    an investment word or a holding ("حصتها", "its shares") into a Divestment."""
    found = tr.events.find_in(view)
    verbs = [s for s, _, _ in tr.flip_verbs.find_in(view)]
    if not verbs:
        return found
    def flipped(start: int) -> bool:
        return any(v < start and start - v <= 6 and view.clause_of[v] == view.clause_of[start] for v in verbs)
    out = [(s, e, "Divestment" if t == "Investment" and flipped(s) else t) for s, e, t in found]
    taken = {s for s, _, _ in out}
    for s, e, _ in tr.holdings.find_in(view):
        if s not in taken and flipped(s):
            out.append((s, e, "Divestment"))
    return sorted(out)


def _blocked(view: SentenceView, start: int, end: int, etype: str, tr: Triggers) -> bool:
    blockers = tr.blocked_by.get(etype)
    if blockers is not None and blockers.find_in(view, 0, start, view.clause_of[start]):
        return True
    after = tr.not_followed_by.get(etype)
    return after is not None and bool(after.find_in(view, end, end + 5))


def _definite(view: SentenceView, token: int) -> bool:
    """A definite noun ("التحقيق", "the investigation") refers to one already introduced."""
    raw = normalize(view.texts[token])
    return raw.startswith(("ال", "بال", "وال", "لل")) or (token > 0 and view.norms[token - 1] == "the")


def _subject_anaphor(view: SentenceView, trigger: int, history, ctx: ArticleContext) -> str | None:
    """"وفّرت الشركة", "the company provided": an anaphor in the subject slot of the verb."""
    for anaphor in _anaphors(view, ctx.triggers):
        after = view.lang == "ar" and 0 < anaphor - trigger <= 1
        before = 0 < trigger - anaphor <= 2 and not any(h.first > anaphor and h.last <= trigger for h in view.entities)
        if after or before:
            return _anaphor_company(view, history, ctx, at=anaphor)
    return None


def _employer(view: SentenceView, tr: Triggers) -> list[str]:
    """The company whose workers are named: "موظفي مايكروسوفت", "Google employees", "employees of Amazon"."""
    out = []
    for start, end, _ in tr.workers.find_in(view):
        for hit in view.entities:
            if hit.type != "Company":
                continue
            right_after = 0 <= hit.first - end <= 1 or (hit.first - end == 1 and view.norms[end] in ("of", "في", "at"))
            right_before = view.lang == "en" and 0 <= start - hit.last <= 1
            if right_after or right_before:
                out.append(hit.iri)
    return _unique(out)


def _marked_anaphor_target(view: SentenceView, history, ctx: ArticleContext, etype: str) -> list[str]:
    tr = ctx.triggers
    ends, _ = _marker_info(view, tr.target_markers.get(etype))
    for anaphor in _anaphors(view, tr):
        if anaphor in ends:
            company = _anaphor_company(view, history, ctx, at=anaphor)
            return [company] if company else []
    return []


def _infinitive(view: SentenceView, start: int) -> bool:
    """"سعت إلى كشف", "plans to suspend": the action is aimed at, not done."""
    return start > 0 and view.norms[start - 1] in ("الي", "to")


def _purpose_form(view: SentenceView, start: int) -> bool:
    """"لوقف"، "للتوقف": a preposition glued to a verbal noun says 'in order to'."""
    raw = normalize(view.texts[start])
    return raw.startswith("ل") and not view.norms[start].startswith("ل") and view.lang == "ar"


def _false_trigger(view: SentenceView, start: int, end: int, tr: Triggers) -> bool:
    surface = normalize(" ".join(view.texts[start:end + 1]))
    with_previous = normalize(" ".join(view.texts[max(0, start - 1):end]))
    raw = normalize(view.texts[start])
    phrases = tr.not_trigger_phrases
    if surface.startswith(phrases) or with_previous.endswith(phrases):
        return True
    return raw in tr.not_trigger_forms and not _is_passive(view, start, tr)  # "خضعت لتحقيق من قبل"


def _event_at(view, n, views, text, ctx: ArticleContext, etype: str, tokens: list[int]) -> Event | None:
    rule = EVENT_RULES[etype]
    tr = ctx.triggers
    trigger = tokens[0]
    clause = view.clause_of[trigger]
    excluded = _excluded_hits(view, tr)
    hits = [h for h in view.entities if h.first not in excluded]
    instruments = [h.iri for h in hits if h.type == "Product"]
    subject_anaphor = _subject_anaphor(view, trigger, views[:n], ctx) if "Company" in rule.agents else None
    if rule.nearest_agent:
        agents = _speaker(view, trigger, views[:n], ctx)
        targets = []
    else:
        if _subject_mismatch(view, trigger, rule, tr):
            return None
        agents, targets = _roles(view, hits, rule, trigger, clause, etype, tr)
        if subject_anaphor and not _is_passive(view, trigger, tr):
            agents = [subject_anaphor]  # "وفّرت الشركة ...": the company the text refers back to
    if not agents and etype in ("ServiceProvision", "ServiceSuspension", "Partnership"):
        agents = _unique(m for p in instruments for m in ctx.made_by(p))
    if not agents and not rule.nearest_agent and "Company" in rule.agents:
        anaphor = _anaphor_company(view, views[:n], ctx, excluded)
        positions = _anaphors(view, tr)
        if anaphor and rule.split_by_position and positions and positions[0] > trigger:
            targets = targets or [anaphor]  # "divestment FROM this company": acted upon
        elif anaphor:
            agents = [anaphor]
    if not targets and "Company" in rule.targets:
        targets = _marked_anaphor_target(view, views[:n], ctx, etype)  # "الاحتجاج ضد الشركة"
    if not targets and etype == "Protest":
        targets = _employer(view, tr)  # "protests among Microsoft's employees": against their employer
        subject = _subject(view, trigger)
        if not targets and subject is not None and subject.type == "Company":
            targets = [subject.iri]  # "واجهت مايكروسوفت ضغوطًا": the company facing the protest
    agents = _drop_parents(_unique(agents), ctx)
    targets = _unique(t for t in targets if t not in agents)
    if etype == "Divestment" and not targets:
        targets = list(ctx.last_investment_targets)
    count = next((a.value for a in view.amounts if a.unit == "person"), None)
    if view.norms[trigger] in tr.weak_triggers.get(etype, ()) and not tr.workers.find_in(view):
        return None
    if etype == "Dismissal" and not (tr.workers.find_in(view) or count is not None or targets):
        return None
    if etype == "ServiceSuspension" and not (targets or tr.service_words.find_in(view)):
        return None
    if etype == "Partnership" and len(agents) + len(targets) < 2:
        return None
    if rule.needs_agent and not agents:
        return None
    if rule.needs_target and not targets and not (etype == "ServiceProvision" and instruments and agents):
        return None
    if not agents and not targets:
        return None
    if etype == "Investment" and targets:
        ctx.last_investment_targets = targets
    if etype == "Investigation":
        if not targets and ctx.last_investigation and _definite(view, trigger) \
                and (not agents or set(agents) & set(ctx.last_investigation[0])):
            targets = list(ctx.last_investigation[1])  # "التحقيق", "the review": the one already named
        if targets:
            ctx.last_investigation = (agents, targets)
    money = [a for a in view.amounts if a.currency]
    date, _, _ = _date_range(view, text, near=trigger, anchors=tr.date_anchors, allow_later=etype == "Statement")
    evidence = _evidence(text, view)
    return Event(
        iri=iris.fact_iri("event", ctx.article_id, evidence.start, evidence.end, etype, base=ctx.base),
        type=etype,
        evidence=evidence,
        agents=agents,
        targets=targets,
        instruments=_unique(instruments) if etype not in ("Statement", "Dismissal", "Protest") else [],
        date=date,
        value=money[0].value if money and etype in ("Investment", "Divestment") else None,
        currency=money[0].currency if money and etype in ("Investment", "Divestment") else None,
        count=count if etype in ("Dismissal", "Protest") else None,
        status="Asserted" if etype == "Statement" else _claim_status(view, ctx),
    )


# --- citations ---------------------------------------------------------------

SOURCE_TYPES = frozenset({"NewsOutlet"})
REPORT_SOURCE_TYPES = frozenset({"Organization", "GovernmentBody"})
CUE_REACH = 3  # tokens between "according to" and an organisation it cites


def find_citations(views: list[SentenceView], text: str, ctx: ArticleContext) -> list[Citation]:
    tr = ctx.triggers
    out: list[Citation] = []
    for view in views:
        cues = tr.citation_cues.find_in(view)
        nouns = {end for _, end, _ in tr.outlet_nouns.find_in(view)}
        cue_ends = [end for _, end, _ in cues]
        cited: list[str] = []
        for hit in view.entities:
            if hit.iri == ctx.own_outlet:
                continue
            if hit.type in SOURCE_TYPES and (cues or hit.first in nouns):
                cited.append(hit.iri)
            elif hit.type in REPORT_SOURCE_TYPES and any(0 <= hit.first - e < CUE_REACH for e in cue_ends):
                cited.append(hit.iri)
        evidence = _evidence(text, view)
        for source in _unique(cited):
            out.append(Citation(
                iri=iris.fact_iri("citation", ctx.article_id, evidence.start, evidence.end,
                                  source.rsplit("/", 1)[-1], base=ctx.base),
                source=source,
                evidence=evidence,
            ))
    return out

