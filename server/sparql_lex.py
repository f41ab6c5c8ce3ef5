"""A small SPARQL lexer: just enough to look at a query's keywords safely.

pyoxigraph exposes no algebra, so the few decisions the endpoint takes
before running a query are lexical: is there a SERVICE (or, in an update, a
LOAD) to another host; does the query carry its own dataset (FROM / FROM
NAMED); which form is it (a SELECT, or an update sent to the query endpoint);
and where do USING clauses go in an update. A keyword counts only as a bare
word token: never inside a string, an IRI, a comment, a variable (``?service``)
or a prefixed name (``ex:service``, ``service:x``). Oxigraph's parser still
decides whether the text is valid; this module never accepts anything it would
refuse.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Order matters: comments, long strings before short ones, IRIs before '<' as an operator.
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[^\s{}()\[\];,<>"'\#\\]|\\.)*)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # string | iri | var | pname | word | other
    text: str
    start: int
    end: int

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def tokens(text: str) -> list[Token]:
    """Tokens of TEXT, without whitespace and comments."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        out.append(Token(kind, m.group(), m.start(), m.end()))
    return out


def _mentions(text: str, word: str) -> bool:
    """Cheap pre-check: the word cannot be a keyword if it is not even a substring."""
    return word in text.lower()


def has_keyword(text: str, *words: str) -> bool:
    """True when one of WORDS (upper case) appears as a bare keyword."""
    if not any(_mentions(text, w.lower()) for w in words):
        return False
    return any(t.is_word(*words) for t in tokens(text))


def uses_service(text: str) -> bool:
    """SERVICE anywhere in the query (federated calls to other endpoints)."""
    return has_keyword(text, "SERVICE")


def has_dataset_clause(text: str) -> bool:
    """FROM / FROM NAMED: the query names its own dataset."""
    return has_keyword(text, "FROM")


def _skip_prologue(toks: list[Token], i: int = 0) -> int:
    while i < len(toks):
        if toks[i].is_word("BASE"):
            i += 2
        elif toks[i].is_word("PREFIX"):
            i += 3
        else:
            break
    return i


UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})


def first_keyword(text: str) -> str | None:
    """The first keyword after the prologue (SELECT, ASK, INSERT, ...), upper case."""
    toks = tokens(text)
    i = _skip_prologue(toks)
    if i < len(toks) and toks[i].kind == "word":
        return toks[i].text.upper()
    return None


def looks_like_update(text: str) -> bool:
    return first_keyword(text) in UPDATE_KEYWORDS


class UsingError(ValueError):
    """using-graph-uri / using-named-graph-uri cannot be applied to this update."""


def _matching_brace(toks: list[Token], i: int) -> int:
    """Index of the '}' closing the '{' at toks[i]."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].text == "{" and toks[j].kind == "other":
            depth += 1
        elif toks[j].text == "}" and toks[j].kind == "other":
            depth -= 1
            if depth == 0:
                return j
    raise UsingError("unbalanced braces in the update")


def _operations(toks: list[Token]) -> list[list[Token]]:
    """Split an update request into operations at the ';' found outside braces."""
    ops, current, depth = [], [], 0
    for t in toks:
        if t.kind == "other" and t.text == "{":
            depth += 1
        elif t.kind == "other" and t.text == "}":
            depth -= 1
        if depth == 0 and t.kind == "other" and t.text == ";":
            ops.append(current)
            current = []
            continue
        current.append(t)
    if current:
        ops.append(current)
    return ops


def add_using(update: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """Apply the protocol's using-graph-uri / using-named-graph-uri to UPDATE.

    Each operation with a WHERE clause (``DELETE/INSERT ... WHERE``) gets
    ``USING <g>`` / ``USING NAMED <g>`` clauses in front of its WHERE; the
    ``DELETE WHERE { P }`` shorthand is first expanded to its definition,
    ``DELETE { P } WHERE { P }``. Other operations (INSERT DATA, DELETE DATA,
    LOAD, CLEAR, DROP, ...) have no WHERE and are left alone. As the SPARQL 1.1
    Protocol requires, an operation that already has USING, USING NAMED or
    WITH is an error (UsingError, answered with 400).
    """
    if not default_graphs and not named_graphs:
        return update
    clauses = " ".join([f"USING {_iri(g)}" for g in default_graphs] + [f"USING NAMED {_iri(g)}" for g in named_graphs])
    toks = tokens(update)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original text
    for op in _operations(toks):
        i = _skip_prologue(op)
        if i >= len(op):
            continue
        head = op[i]
        if head.is_word("WITH"):
            raise UsingError("using-graph-uri/using-named-graph-uri cannot be combined with WITH in the update")
        if not head.is_word("INSERT", "DELETE"):
            continue
        if i + 1 < len(op) and op[i + 1].is_word("DATA"):
            continue
        depth = 0
        where = None
        for j in range(i, len(op)):
            t = op[j]
            if t.kind == "other" and t.text == "{":
                depth += 1
            elif t.kind == "other" and t.text == "}":
                depth -= 1
            elif depth == 0 and t.is_word("USING"):
                raise UsingError("using-graph-uri/using-named-graph-uri cannot be combined with USING in the update")
            elif depth == 0 and t.is_word("WHERE") and where is None:
                where = j
        if where is None:
            raise UsingError("could not find the WHERE clause of an update operation")
        if head.is_word("DELETE") and where == i + 1:
            # DELETE WHERE { P }  ==  DELETE { P } WHERE { P }
            if where + 1 >= len(op) or op[where + 1].text != "{":
                raise UsingError("malformed DELETE WHERE")
            close = _matching_brace(op, where + 1)
            pattern = update[op[where + 1].start:op[close].end]
            edits.append((op[where].start, op[where].start, f"{pattern} {clauses} "))
        else:
            edits.append((op[where].start, op[where].start, f"{clauses} "))
    out = update
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    return out


def _iri(value: str) -> str:
    if not value or re.search(r'[<>"{}|^`\\\x00-\x20]', value):
        raise UsingError(f"not an IRI: {value!r}")
    return f"<{value}>"
