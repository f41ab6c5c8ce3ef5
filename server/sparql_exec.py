"""What a query process does with a job: run it in Oxigraph and serialise the answer to bytes.

Runs inside the query processes of server.query_pool (never in the HTTP
worker), so it imports only pyoxigraph and the standard library. A job is a
dict; the answer is ``(header dict, body bytes)``, the body already in the
negotiated format and written by Oxigraph's own writers
(``QuerySolutions.serialize``, ``pyoxigraph.serialize``).

Result cap and timeout, honestly:

* SELECT, fast path: Oxigraph writes the whole result into a collector that
  counts an upper bound of the rows as the bytes arrive (``},{`` in JSON,
  ``<result>`` in XML, line ends in CSV/TSV) and checks the deadline. Most
  answers end here, untouched.
* More rows than ``limit`` (by that bound): the query is run again and its
  first ``limit`` rows are taken one by one, written as TSV and passed back
  through Oxigraph's TSV parser and the requested writer. The answer then says
  ``truncated: limit`` with the exact row count.
* Deadline reached while rows were being written: the bytes are cut at the
  last complete row and closed (``truncated: timeout``, exact count). When no
  complete row exists, the answer is an error (the HTTP layer says 503).
  A query that produces nothing before the deadline never returns here: the
  HTTP worker kills the process.
* CONSTRUCT/DESCRIBE: triples are counted as they pass to the writer, which
  stops at ``limit`` or at the deadline.

JSON results carry the cut in the body too, as an extra top-level member
``"kg": {"truncated": true, "reason": ..., "rows": n, "limit": n}``; Turtle,
N-Triples, N-Quads, TriG and N3 get a leading comment line. Every cut answer
also has the ``X-KG-Truncated`` / ``X-KG-Rows`` headers (set by the HTTP layer
from the header dict).
"""
from __future__ import annotations

import csv
import io
import time

import pyoxigraph as ox

RESULT_WRITERS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_WRITERS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "n3": ox.RdfFormat.N3,
}
PREFIXED = {"turtle", "trig", "n3", "rdfxml"}
COMMENTED = {"turtle", "ntriples", "nquads", "trig", "n3"}

STANDARD_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
}

# An upper bound of the rows written so far: (marker, rows = count + offset)
_ROW_MARKERS = {"json": (b"},{", 1), "xml": (b"<result>", 0), "tsv": (b"\n", -1), "csv": (b"\n", -1)}


class _Stop(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Collector:
    """A file-like object for Oxigraph's result writers: keeps the bytes, bounds rows, watches the clock."""

    __slots__ = ("chunks", "marker", "offset", "count", "tail", "limit", "deadline", "expired")

    def __init__(self, writer: str, limit: int, deadline: float):
        self.chunks: list[bytes] = []
        self.marker, self.offset = _ROW_MARKERS[writer]
        self.count = 0
        self.tail = b""
        self.limit = limit
        self.deadline = deadline
        self.expired = False

    def write(self, data) -> int:
        if self.expired:  # stop at the chunk after the deadline: a result that ends meanwhile is whole
            raise _Stop("timeout")
        data = bytes(data)
        self.chunks.append(data)
        marker = self.marker
        keep = len(marker) - 1
        if keep:
            self.count += (self.tail + data[:keep]).count(marker)
            self.tail = data[-keep:] if len(data) >= keep else (self.tail + data)[-keep:]
        self.count += data.count(marker)
        if self.count + self.offset > self.limit:
            raise _Stop("limit")
        if time.monotonic() > self.deadline:
            self.expired = True
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


def _kg_member(reason: str, rows: int, limit: int) -> bytes:
    return b',"kg":{"truncated":true,"reason":"%s","rows":%d,"limit":%d}}' % (reason.encode(), rows, limit)


def _mark_json(body: bytes, reason: str, rows: int, limit: int) -> bytes:
    body = body.rstrip()
    assert body.endswith(b"}")
    return body[:-1] + _kg_member(reason, rows, limit)


def _error(status: int, error: str, message: str) -> tuple[dict, bytes]:
    return {"status": status, "error": error, "message": message}, b""


def _ok(media: str, body: bytes, truncated: str | None = None, rows: int | None = None) -> tuple[dict, bytes]:
    head = {"status": 200, "type": media}
    if truncated:
        head["truncated"] = truncated
        head["rows"] = rows
    return head, body


def _dataset_kwargs(job: dict) -> dict:
    default, named = job.get("default"), job.get("named")
    if default is not None or named is not None:
        # SPARQL 1.1 Protocol: the parameters define the whole dataset; a part not given is empty
        return {"default_graph": [ox.NamedNode(g) for g in default or []],
                "named_graphs": [ox.NamedNode(g) for g in named or []]}
    if job.get("union", True):
        return {"use_default_graph_as_union": True}
    return {}


def run_query(store: ox.Store, job: dict, prefixes: dict[str, str]) -> tuple[dict, bytes]:
    deadline = time.monotonic() + job["timeout"]
    limit = job["limit"]
    try:
        kwargs = _dataset_kwargs(job)
    except ValueError as exc:
        return _error(400, "bad graph IRI", str(exc))
    try:
        result = store.query(job["query"], **kwargs)
    except SyntaxError as exc:
        return _error(400, "malformed query", str(exc))
    if isinstance(result, ox.QueryBoolean):
        if not job.get("result"):
            return _not_acceptable("ASK")
        media, writer = job["result"]
        return _ok(media, result.serialize(format=RESULT_WRITERS[writer]))
    if isinstance(result, ox.QueryTriples):
        if not job.get("graph"):
            return _not_acceptable("CONSTRUCT/DESCRIBE")
        return _graph(result, job["graph"], limit, deadline, job["timeout"], prefixes)
    if not job.get("result"):
        return _not_acceptable("SELECT")
    return _select(store, job, kwargs, result, limit, deadline)


def run_known_query(store: ox.Store, job: dict, prefixes: dict[str, str]) -> tuple[dict, bytes]:
    """run_query for a query that already ran whole (not cut) on this same data: no cap bookkeeping.

    The HTTP worker's fast path (server.sparql): its answer has the same rows as before, so SELECT
    and ASK results go straight to Oxigraph's writer.
    """
    result = store.query(job["query"], **_dataset_kwargs(job))
    if isinstance(result, ox.QueryTriples):
        return _graph(result, job["graph"], job["limit"], time.monotonic() + job["timeout"], job["timeout"], prefixes)
    media, writer = job["result"]
    return {"status": 200, "type": media}, result.serialize(format=RESULT_WRITERS[writer])


def _not_acceptable(form: str) -> tuple[dict, bytes]:
    return _error(406, "not acceptable", f"no format acceptable to the client for a {form} result")


def _select(store, job, kwargs, solutions, limit, deadline) -> tuple[dict, bytes]:
    media, writer = job["result"]
    collector = _Collector(writer, limit, deadline)
    try:
        solutions.serialize(collector, RESULT_WRITERS[writer])
    except _Stop as stop:
        if stop.reason == "limit":
            return _select_capped(store, job, kwargs, media, writer, limit, deadline)
        return _select_partial(collector.getvalue(), media, writer, limit, job["timeout"])
    return _ok(media, collector.getvalue())


def _select_capped(store, job, kwargs, media, writer, limit, deadline) -> tuple[dict, bytes]:
    """Exactly the first LIMIT rows (the query is run again and read row by row)."""
    solutions = store.query(job["query"], **kwargs)
    names = [v.value for v in solutions.variables]
    lines = ["\t".join("?" + n for n in names)]
    rows = 0
    reason = None
    for row in solutions:
        if rows == limit:
            reason = "limit"
            break
        lines.append("\t".join("" if term is None else str(term) for term in row))
        rows += 1
        if not rows & 63 and time.monotonic() > deadline:
            reason = "timeout"
            break
    if reason == "timeout" and rows == 0:
        return _timeout_error(job["timeout"])
    tsv = "\n".join(lines) + "\n"
    body = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=RESULT_WRITERS[writer])
    if reason is None:  # the bound was loose: every row fits
        return _ok(media, body)
    if writer == "json":
        body = _mark_json(body, reason, rows, limit)
    return _ok(media, body, reason, rows)


def _select_partial(data: bytes, media: str, writer: str, limit: int, timeout: float) -> tuple[dict, bytes]:
    """The rows written before the deadline, cut at the last complete row and closed."""
    cut = _cut_complete_rows(data, writer)
    if cut is None:
        return _timeout_error(timeout)
    body, rows = cut
    if rows == 0:
        return _timeout_error(timeout)
    if writer == "json":
        body = _mark_json(body, "timeout", rows, limit)
    return _ok(media, body, "timeout", rows)


def _cut_complete_rows(data: bytes, writer: str) -> tuple[bytes, int] | None:
    if writer == "json":
        # '},{"' only occurs between two rows: a '"' inside a string is always escaped
        pos = data.rfind(b'},{"')
        if pos < 0:
            return None
        body = data[: pos + 1] + b"]}}"
        rows = sum(1 for _ in ox.parse_query_results(body, ox.QueryResultsFormat.JSON))
        return body, rows
    if writer == "xml":
        pos = data.rfind(b"</result>")
        if pos < 0:
            return None
        body = data[: pos + len(b"</result>")] + b"</results></sparql>"
        return body, body.count(b"<result>")
    if writer == "tsv":
        pos = data.rfind(b"\n")
        if pos < 0:
            return None
        body = data[: pos + 1]
        return body, body.count(b"\n") - 1
    # CSV: a line end counts only outside quotes (an even number of '"' before it)
    pos = len(data)
    while True:
        pos = data.rfind(b"\r\n", 0, pos)
        if pos < 0:
            return None
        if data.count(b'"', 0, pos) % 2 == 0:
            break
    body = data[: pos + 2]
    rows = sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8", errors="replace"), newline=""))) - 1
    return body, rows


def _timeout_error(timeout: float) -> tuple[dict, bytes]:
    return _error(503, "timeout", f"the query was stopped after {timeout:g} s, before it produced any result; "
                                  "narrow it down or add a LIMIT")


def _graph(triples, graph_fmt, limit, deadline, timeout, prefixes) -> tuple[dict, bytes]:
    media, writer = graph_fmt
    fmt = GRAPH_WRITERS[writer]
    state = {"n": 0, "reason": None}
    quads = fmt.supports_datasets

    def capped():
        n = 0
        for t in triples:
            if n == limit:
                state["reason"] = "limit"
                break
            yield ox.Quad(t.subject, t.predicate, t.object) if quads else t
            n += 1
            state["n"] = n
            if not n & 255 and time.monotonic() > deadline:
                state["reason"] = "timeout"
                break

    body = ox.serialize(capped(), format=fmt, prefixes=prefixes if writer in PREFIXED else None)
    reason, n = state["reason"], state["n"]
    if reason is None:
        return _ok(media, body)
    if reason == "timeout" and n == 0:
        return _timeout_error(timeout)
    if writer in COMMENTED:
        body = b"# kg: truncated (%s) after %d triples\n" % (reason.encode(), n) + body
    return _ok(media, body, reason, n)


# -- the service description -------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
MAX_LISTED_GRAPHS = 1000


def service_description(store: ox.Store, job: dict, prefixes: dict[str, str] | None = None) -> tuple[dict, bytes]:
    """sd:Service for this endpoint, with a VoID-style description of its default dataset."""
    media, writer = job["graph"]

    def sd(name):
        return ox.NamedNode(SD + name)

    def void(name):
        return ox.NamedNode(VOID + name)

    def integer(n):
        return ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))

    service, dataset, default = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    t = ox.Triple
    out = [
        t(service, RDF_TYPE, sd("Service")),
        t(service, sd("endpoint"), ox.NamedNode(job["endpoint"])),
        t(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        t(service, sd("feature"), sd("UnionDefaultGraph")),
        t(service, sd("defaultDataset"), dataset),
        t(dataset, RDF_TYPE, sd("Dataset")),
        t(dataset, RDF_TYPE, void("Dataset")),
        t(dataset, sd("defaultGraph"), default),
        t(default, RDF_TYPE, sd("Graph")),
    ]
    if job.get("update"):
        out.append(t(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    if job.get("service"):
        out.append(t(service, sd("feature"), sd("BasicFederatedQuery")))
    for fmt in list(RESULT_WRITERS.values()) + list(GRAPH_WRITERS.values()):
        out.append(t(service, sd("resultFormat"), ox.NamedNode(fmt.iri)))
    union = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    triples = int(next(union)["n"].value)
    out.append(t(default, void("triples"), integer(triples)))
    out.append(t(dataset, void("triples"), integer(triples)))
    counts = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    graphs = 0
    for row in counts:
        graphs += 1
        if graphs > MAX_LISTED_GRAPHS:
            continue
        named, graph = ox.BlankNode(), ox.BlankNode()
        out += [
            t(dataset, sd("namedGraph"), named),
            t(named, RDF_TYPE, sd("NamedGraph")),
            t(named, sd("name"), row["g"]),
            t(named, sd("graph"), graph),
            t(graph, RDF_TYPE, sd("Graph")),
            t(graph, void("triples"), integer(int(row["n"].value))),
        ]
    first: dict = {}
    for triple in out:
        first.setdefault(triple.subject, len(first))
    out.sort(key=lambda triple: first[triple.subject])  # one block per node in Turtle
    fmt = GRAPH_WRITERS[writer]
    items = [ox.Quad(x.subject, x.predicate, x.object) for x in out] if fmt.supports_datasets else out
    sd_prefixes = {name: STANDARD_PREFIXES[name] for name in ("sd", "void", "rdf", "xsd")}
    body = ox.serialize(items, format=fmt, prefixes=sd_prefixes if writer in PREFIXED else None)
    return _ok(media, body)
