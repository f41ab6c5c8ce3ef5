"""The SPARQL 1.1 endpoint: /sparql (Protocol, queries) and /update (Update, off by default).

``install(app)`` registers two raw ASGI endpoints (no FastAPI parameter
parsing, no pydantic) as routes and also dispatches their two paths before the
middleware stack: they answer every error themselves, and each layer costs
per request (measured with bench/bench_endpoint.py). It also starts, in every
HTTP worker, a pool of query processes (server.query_pool) at start-up.

Where a query runs:
  * In a query process of the worker's pool (killable: see the query_pool
    docstring), the first time a given request is seen, always.
  * Directly in the HTTP worker (the *fast path*, setting ``fast_path``, on by
    default, read-only servers only), when the very same request (query text,
    dataset parameters, format) already ran in the pool in under 2 ms, was
    not cut and wrote under 256 KiB, and has none of RAND, UUID, STRUUID,
    NOW, SAMPLE, GROUP or SERVICE (whose cost can differ from one run, or one
    process, to the next). The data cannot change under a read-only server,
    so such a request costs the same again; it saves the process hop, which
    for a label lookup costs more than the query itself (the figures are in
    the benchmark). An inline run slower than 50 ms loses its place on the
    fast path. A new or expensive query never runs in the worker.
  * GET requests are parsed once: the prepared job is kept per query string
    and Accept header (a bounded cache; the answer is never cached). A GET or
    HEAD already prepared and on the fast path is answered from the HTTP
    parser's callback, without the ASGI round trip (server.http_protocol).

/sparql — SPARQL 1.1 Protocol, query operation
  * ``GET ?query=``; ``POST`` with ``application/x-www-form-urlencoded``
    (``query=`` in the body); ``POST`` with ``application/sparql-query`` (the
    body is the query). ``default-graph-uri`` / ``named-graph-uri`` (repeatable,
    URL or form body) set the dataset; a part not given is empty, as the
    Protocol says. Without them a query sees the union of all graphs as its
    default graph (and every named graph), unless it has FROM / FROM NAMED.
  * Result format by the Accept header (q-values, wildcards; server.conneg):
    SELECT/ASK -> SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE -> Turtle,
    N-Triples, RDF/XML, JSON-LD, N-Quads, TriG, N3. No Accept or ``*/*``: JSON
    or Turtle. Nothing acceptable: 406. ``format=`` overrides the header (see
    server.sparql_formats for the names: json, xml, csv, tsv, turtle, nt,
    rdfxml, jsonld, nquads, trig, n3, or a media type).
  * ``GET /sparql`` without a query: the SPARQL Service Description (Turtle by
    default, negotiated), or, for a browser, the query editor
    (``server.editor.editor_page``, when that module is installed).
  * 400 with Oxigraph's message for a malformed query; 400 for two ``query``
    parameters, a query both in the URL and in the body, a POST without a
    supported Content-Type, an update sent here (updates are never run at
    /sparql: the query grammar refuses them), and SERVICE unless
    ``allow_service`` is on. 405 for other methods, 413 for a body over 1 MiB.
  * Limits: ``query_timeout`` and ``result_limit``; a cut answer says so
    (``X-KG-Truncated: limit|timeout``, ``X-KG-Rows``, and a ``"kg"`` member in
    SPARQL JSON); a timeout before any result is a 503 with a message.
    Errors are JSON ``{"error", "message"}`` (text/plain when preferred).

/update — SPARQL 1.1 Protocol, update operation (server.sparql_update)
  * Off unless ``update_token`` is set; when off, ``/update`` answers **404**
    (there is no update service; no credentials could change that).
  * ``Authorization: Bearer TOKEN`` required: missing -> 401 with
    ``WWW-Authenticate: Bearer``; wrong -> 403 (hmac.compare_digest).
  * ``POST`` ``application/x-www-form-urlencoded`` (``update=``) or
    ``application/sparql-update`` (body). ``using-graph-uri`` /
    ``using-named-graph-uri`` are applied by adding USING / USING NAMED clauses
    to every operation that has a WHERE (server.sparql_lex.add_using); an
    operation with its own USING or WITH is then a 400, as the Protocol says.
    LOAD (which fetches a URL) and SERVICE are refused unless
    ``allow_service`` is on. Success: 200 ``{"ok": true, "generation": n}``;
    the change is visible to every query sent afterwards.

CORS: every /sparql and /update response carries
``Access-Control-Allow-Origin: *``; OPTIONS preflight allows GET, POST,
OPTIONS and the headers Content-Type, Accept, Authorization.
"""
from __future__ import annotations

import contextlib
import hmac
import html
import importlib
import inspect
import json
import re
import shutil
import time
from urllib.parse import parse_qsl

from starlette.routing import Route

from kg.store import KGStore, store_path
from server import sparql_exec
from server import sparql_snapshots as snaps
from server.conneg import best, prefers_html
from server.query_pool import PoolError, QueryPool
from server.settings import Settings
from server.sparql_formats import UnknownFormat, graph_only, negotiate
from server.sparql_lex import UsingError, add_using, has_dataset_clause, has_keyword, looks_like_update, uses_service
from server.sparql_update import UpdateFailed, run_update

CHEAP_SECONDS = 0.002  # a request that took less than this in a query process may run in the worker
CHEAP_BYTES = 256 * 1024
INLINE_RECHECK = 0.05  # an inline run slower than this loses its place on the fast path
VOLATILE = ("RAND", "UUID", "STRUUID", "NOW", "SAMPLE", "GROUP", "SERVICE")
MAX_QUERY_BYTES = 1 << 20
CACHED_QUERY_BYTES = 16 * 1024  # longer requests are prepared afresh each time
MAX_UPDATE_BYTES = 64 << 20
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

ACAO = (b"access-control-allow-origin", b"*")
CORS = [ACAO, (b"access-control-expose-headers", b"X-KG-Truncated, X-KG-Rows")]
PREFLIGHT = [(b"access-control-allow-methods", b"GET, POST, OPTIONS"),
             (b"access-control-allow-headers", b"Content-Type, Accept, Authorization"),
             (b"access-control-max-age", b"86400"),
             (b"allow", b"GET, POST, OPTIONS")]
VARY = (b"vary", b"Accept")
_CHARSET = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples", "application/n-quads",
            "application/trig", "text/n3", "text/plain", "text/xml", "application/x-turtle"}
_TYPE_HEADERS: dict[str, bytes] = {}


class HttpError(Exception):
    def __init__(self, status: int, error: str, message: str, headers: list | None = None):
        super().__init__(message)
        self.status, self.error, self.message = status, error, message
        self.headers = headers or []


def _content_type(media: str) -> bytes:
    value = _TYPE_HEADERS.get(media)
    if value is None:
        value = (media + "; charset=utf-8" if media in _CHARSET else media).encode()
        _TYPE_HEADERS[media] = value
    return value


def _headers(scope) -> dict[bytes, bytes]:
    return dict(scope["headers"])


def _params(raw: bytes) -> list[tuple[str, str]]:
    try:
        return [(k.decode("utf-8"), v.decode("utf-8")) for k, v in parse_qsl(raw, keep_blank_values=True)]
    except UnicodeDecodeError:
        raise HttpError(400, "bad request", "parameters must be UTF-8") from None


def _values(params: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in params if k == name]


async def _read_body(receive, limit: int) -> bytes:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise HttpError(400, "bad request", "the client went away")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise HttpError(413, "too large", f"the request body is over {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def _posted(scope, headers, receive, field: str, direct: str, limit: int):
    """A POSTed operation the two ways the Protocol allows: FIELD= in a form body, or the whole
    body of the DIRECT media type. (texts, all parameters, form-body parameters) or, for any
    other content type, (None, that type) for the caller to refuse in its own words."""
    url_params = _params(scope["query_string"]) if scope["query_string"] else []
    ctype = _media(headers.get(b"content-type"))
    if ctype not in (FORM, direct):
        return None, ctype
    if _values(url_params, field):
        raise HttpError(400, "bad request", f"the {field} is given both in the URL and in the body")
    raw = await _read_body(receive, limit)
    if ctype == FORM:
        body = _params(raw)
        return _values(body, field), url_params + body, body
    try:
        return [raw.decode("utf-8")], url_params, []
    except UnicodeDecodeError:
        raise HttpError(400, "bad request", f"the {field} must be UTF-8") from None


def _media(value: bytes | None) -> str | None:
    if not value:
        return None
    return value.decode("latin-1").split(";", 1)[0].strip().lower() or None


def _has_body(headers: dict[bytes, bytes]) -> bool:
    length = headers.get(b"content-length")
    return bool(headers.get(b"transfer-encoding")) or (length is not None and length.strip() not in (b"", b"0"))


async def _send(send, status: int, body: bytes, content_type: bytes, extra: list | None = None) -> None:
    headers = [(b"content-type", content_type), (b"content-length", b"%d" % len(body)), VARY, *CORS]
    if extra:
        headers += extra
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_error(send, accept: bytes | None, status: int, error: str, message: str, extra=None) -> None:
    accept_text = accept.decode("latin-1") if accept else None
    if best(accept_text, ["application/json", "text/plain"], "application/json") == "text/plain":
        body = f"{error}: {message}\n".encode()
        ctype = b"text/plain; charset=utf-8"
    else:
        body = json.dumps({"error": error, "message": message}, ensure_ascii=False).encode()
        ctype = b"application/json"
    await _send(send, status, body, ctype, extra)


class _Prepared:
    __slots__ = ("job", "key", "stable")

    def __init__(self, job: dict, key: tuple, stable: bool):
        self.job, self.key, self.stable = job, key, stable


class _ASGI:
    """A route endpoint Starlette passes requests to untouched (not a function: no request_response wrapper)."""

    def __init__(self, handler):
        self.handler = handler

    async def __call__(self, scope, receive, send):
        await self.handler(scope, receive, send)


class _FollowingStore:
    """Stands for a pyoxigraph Store and forwards every use to the newest snapshot."""

    def __init__(self, follower: snaps.SnapshotFollower):
        self._follower = follower

    def __getattr__(self, name):
        return getattr(self._follower.current(), name)

    def __len__(self):
        return len(self._follower.current())

    def __iter__(self):
        return iter(self._follower.current())

    def __contains__(self, quad):
        return quad in self._follower.current()

    def __bool__(self):
        return True


class FollowingKGStore(KGStore):
    """app.state.store while updates are on: the other features (pages, dumps) read the newest snapshot.

    ``.store`` forwards each call to the current snapshot, so a feature that kept a reference to it at
    install time still sees every update (and never holds a deleted snapshot).
    """

    def __init__(self, path, runtime, base):  # no super().__init__: nothing here opens the store itself
        self.path = path
        self.base = base
        self.store = _FollowingStore(snaps.SnapshotFollower(path, runtime))


class Endpoint:
    """/sparql and /update for one app (one per HTTP worker): settings, the query pool, the fast path."""

    def __init__(self, app, settings: Settings):
        self.settings = settings
        current = getattr(app.state, "store", None)
        self.store_path = str(current.path if current is not None else store_path(settings.store))
        self.token = settings.update_token or None
        self.runtime = None
        self._own_runtime = False
        if self.token:
            self.runtime = snaps.runtime_dir_from_env()
            if self.runtime is None:  # not started by `kg serve`: this worker keeps its own (single-worker use)
                self.runtime = snaps.new_runtime_dir()
                self._own_runtime = True
            snaps.ensure_initial(self.runtime, self.store_path)
            app.state.store = FollowingKGStore(self.store_path, self.runtime, settings.base_iri)
        self.pool = QueryPool(self.store_path, settings.query_processes,
                              str(self.runtime) if self.runtime else None, settings.base_iri)
        # The fast path (read-only servers): queries proven cheap in the pool run in this process
        self.inline_store = app.state.store.store if settings.fast_path and not self.token else None
        self.cheap: dict[tuple, bool] = {}
        self._prepared: dict[tuple, _Prepared | HttpError] = {}
        self.prefixes = dict(sparql_exec.STANDARD_PREFIXES, kg=settings.base_iri + "ontology/")

    async def start(self) -> None:
        await self.pool.start()

    async def close(self) -> None:
        await self.pool.close()
        if self._own_runtime and self.runtime is not None:
            shutil.rmtree(self.runtime, ignore_errors=True)

    # -- /sparql -------------------------------------------------------------

    def answer_inline(self, scope) -> list[dict] | None:
        """The fast path without the ASGI round trip (server.http_protocol calls this from the
        HTTP parser): for a GET or HEAD of /sparql whose request was prepared here and proven
        cheap, the ASGI messages of its answer, made at once; None sends the request the normal
        way. Nothing here waits: the inline branch of ``_run`` runs the query in this process."""
        if self.inline_store is None:
            return None
        headers = _headers(scope)
        accept = headers.get(b"accept")
        prepared = self._prepared.get((scope["query_string"], accept))
        if not isinstance(prepared, _Prepared) or prepared.key not in self.cheap or _has_body(headers):
            return None
        messages: list[dict] = []

        async def collect(message) -> None:
            messages.append(message)

        answer = self._run(collect, prepared, accept)
        try:
            answer.send(None)
        except StopIteration:
            return messages
        answer.close()
        raise RuntimeError("an inline answer waited")  # cannot happen: the inline branch never waits

    async def sparql(self, scope, receive, send) -> None:
        headers = _headers(scope)
        accept = headers.get(b"accept")
        try:
            await self._sparql(scope, receive, send, headers, accept)
        except HttpError as exc:
            await _send_error(send, accept, exc.status, exc.error, exc.message, exc.headers)
        except PoolError as exc:
            extra = [(b"x-kg-truncated", b"timeout"), (b"x-kg-rows", b"0")] if exc.status == 503 and \
                exc.error == "timeout" else [(b"retry-after", b"1")] if exc.error == "busy" else None
            await _send_error(send, accept, exc.status, exc.error, str(exc), extra)

    async def _sparql(self, scope, receive, send, headers, accept) -> None:
        method = scope["method"]
        if method == "GET" or method == "HEAD":
            qs = scope["query_string"]
            prepared = self._prepared.get((qs, accept))
            if prepared is None:
                params = _params(qs) if qs else []
                queries = _values(params, "query")
                if not queries:
                    if _values(params, "update"):
                        raise HttpError(400, "update not allowed here",
                                        "SPARQL Update is accepted only by POST /update")
                    return await self._describe(scope, receive, send, headers, accept, params)
                prepared = self._prepare(queries, params, accept)
                if len(qs) < CACHED_QUERY_BYTES:
                    if len(self._prepared) > 4096:
                        self._prepared.clear()
                    self._prepared[(qs, accept)] = prepared
            if _has_body(headers):
                raise HttpError(400, "bad request", "a GET request carries its query in the URL, not in a body")
            return await self._run(send, prepared, accept)
        if method == "POST":
            posted = await _posted(scope, headers, receive, "query", SPARQL_QUERY, MAX_QUERY_BYTES)
            if posted[0] is None:
                ctype = posted[1]
                if ctype == SPARQL_UPDATE:
                    raise HttpError(400, "update not allowed here", "SPARQL Update is accepted only by POST /update")
                if ctype is None:
                    raise HttpError(400, "missing content type",
                                    f"POST a query as {FORM} (query=...) or as {SPARQL_QUERY}")
                raise HttpError(400, "unsupported content type",
                                f"{ctype} is not a query; POST {FORM} (query=...) or {SPARQL_QUERY}")
            queries, params, form = posted
            if _values(form, "update"):
                raise HttpError(400, "update not allowed here", "SPARQL Update is accepted only by POST /update")
            if not queries:
                raise HttpError(400, "bad request", "no query parameter")
            return await self._run(send, self._prepare(queries, params, accept), accept)
        if method == "OPTIONS":
            return await _send(send, 204, b"", b"text/plain", PREFLIGHT)
        raise HttpError(405, "method not allowed", f"{method} is not supported at /sparql",
                        [(b"allow", b"GET, POST, OPTIONS")])

    def _prepare(self, queries: list[str], params, accept) -> _Prepared | HttpError:
        """Everything about a query request that does not depend on the store (cached for GET)."""
        if len(queries) > 1:
            return HttpError(400, "bad request", "exactly one query parameter is allowed")
        query = queries[0]
        if not self.settings.allow_service and uses_service(query):
            return HttpError(400, "SERVICE not allowed",
                             "federated queries (SERVICE) are disabled on this server (allow_service is off)")
        try:
            result_fmt, graph_fmt = negotiate(accept.decode("latin-1") if accept else None, _last(params, "format"))
        except UnknownFormat as exc:
            return HttpError(400, "unknown format", f"format={exc} is not a format this endpoint writes")
        if result_fmt is None and graph_fmt is None:
            return HttpError(406, "not acceptable", "none of the SPARQL result or RDF formats is acceptable")
        default = _values(params, "default-graph-uri")
        named = _values(params, "named-graph-uri")
        job = {
            "kind": "query", "query": query,
            "default": default if default or named else None,
            "named": named if default or named else None,
            "union": not has_dataset_clause(query),
            "result": result_fmt, "graph": graph_fmt,
            "limit": self.settings.result_limit, "timeout": self.settings.query_timeout,
        }
        key = (query, tuple(default), tuple(named), job["union"], result_fmt, graph_fmt)
        return _Prepared(job, key, not has_keyword(query, *VOLATILE))

    async def _run(self, send, prepared: _Prepared | HttpError, accept) -> None:
        if isinstance(prepared, HttpError):  # answered, not raised: the cached instance keeps no traceback
            return await _send_error(send, accept, prepared.status, prepared.error, prepared.message, prepared.headers)
        job, key = prepared.job, prepared.key
        if self.inline_store is not None and key in self.cheap:
            started = time.perf_counter()
            header, body = sparql_exec.run_known_query(self.inline_store, job, self.prefixes)
            if time.perf_counter() - started > INLINE_RECHECK:
                self.cheap.pop(key, None)
        else:
            header, body = await self.pool.run(job, self.settings.query_timeout)
            if self.inline_store is not None and prepared.stable and header["status"] == 200 and \
                    "truncated" not in header and len(job["query"]) < CACHED_QUERY_BYTES and \
                    header.get("took", 1.0) < CHEAP_SECONDS and len(body) < CHEAP_BYTES:
                if len(self.cheap) > 10_000:
                    self.cheap.clear()
                self.cheap[key] = True
        status = header["status"]
        if status != 200:
            error, message = header.get("error", "error"), header.get("message", "")
            if status == 400 and error == "malformed query" and looks_like_update(job["query"]):
                error, message = "update not allowed here", "SPARQL Update is accepted only by POST /update"
            extra = [(b"x-kg-truncated", b"timeout"), (b"x-kg-rows", b"0")] if error == "timeout" else None
            return await _send_error(send, accept, status, error, message, extra)
        if "truncated" in header:
            return await _send(send, 200, body, _content_type(header["type"]), _truncated(header))
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", _content_type(header["type"])), (b"content-length", b"%d" % len(body)), VARY, ACAO]})
        await send({"type": "http.response.body", "body": body})

    async def _describe(self, scope, receive, send, headers, accept, params) -> None:
        accept_text = accept.decode("latin-1") if accept else None
        if prefers_html(accept_text) and not _last(params, "format"):
            return await self._editor(scope, receive, send)
        try:
            graph_fmt = graph_only(accept_text, _last(params, "format"))
        except UnknownFormat as exc:
            raise HttpError(400, "unknown format", f"format={exc} is not a format this endpoint writes") from None
        if graph_fmt is None:
            raise HttpError(406, "not acceptable", "the service description is RDF: ask for Turtle, N-Triples, "
                                                   "RDF/XML or JSON-LD")
        job = {"kind": "sd", "endpoint": _endpoint_url(scope, headers), "graph": graph_fmt,
               "update": bool(self.token), "service": self.settings.allow_service}
        header, body = await self.pool.run(job, self.settings.query_timeout)
        if header["status"] != 200:
            return await _send_error(send, accept, header["status"], header.get("error", "error"),
                                     header.get("message", ""))
        await _send(send, 200, body, _content_type(header["type"]))

    async def _editor(self, scope, receive, send) -> None:
        try:
            editor = importlib.import_module("server.editor")
        except ModuleNotFoundError as exc:
            if exc.name != "server.editor":
                raise
            editor = None
        if editor is None or not hasattr(editor, "editor_page"):
            return await _send(send, 200, _NO_EDITOR, b"text/html; charset=utf-8")
        from starlette.requests import Request
        from starlette.responses import HTMLResponse

        page = editor.editor_page(Request(scope, receive))
        if inspect.isawaitable(page):
            page = await page
        if isinstance(page, str):
            page = HTMLResponse(page)
        page.headers["access-control-allow-origin"] = "*"
        await page(scope, receive, send)

    # -- /update -------------------------------------------------------------

    async def update(self, scope, receive, send) -> None:
        headers = _headers(scope)
        accept = headers.get(b"accept")
        try:
            await self._update(scope, receive, send, headers, accept)
        except HttpError as exc:
            await _send_error(send, accept, exc.status, exc.error, exc.message, exc.headers)

    async def _update(self, scope, receive, send, headers, accept) -> None:
        method = scope["method"]
        if method == "OPTIONS":
            return await _send(send, 204, b"", b"text/plain", PREFLIGHT)
        if not self.token:
            raise HttpError(404, "updates disabled",
                            "SPARQL Update is off on this server (start it with --update-token or KG_UPDATE_TOKEN)")
        if method != "POST":
            raise HttpError(405, "method not allowed", "send updates with POST", [(b"allow", b"POST, OPTIONS")])
        self._authorize(headers.get(b"authorization"))
        posted = await _posted(scope, headers, receive, "update", SPARQL_UPDATE, MAX_UPDATE_BYTES)
        if posted[0] is None:
            ctype = posted[1]
            if ctype is None:
                raise HttpError(400, "missing content type", f"POST an update as {FORM} (update=...) or {SPARQL_UPDATE}")
            raise HttpError(400, "unsupported content type",
                            f"{ctype} is not an update; POST {FORM} (update=...) or {SPARQL_UPDATE}")
        updates, params, _ = posted
        if _values(params, "query"):
            raise HttpError(400, "bad request", "queries go to /sparql; /update takes update=")
        if len(updates) != 1:
            raise HttpError(400, "bad request", "exactly one update parameter is required")
        text = updates[0]
        if not self.settings.allow_service and has_keyword(text, "SERVICE", "LOAD"):
            raise HttpError(400, "SERVICE not allowed",
                            "SERVICE and LOAD reach other hosts and are disabled on this server (allow_service is off)")
        try:
            text = add_using(text, _values(params, "using-graph-uri"), _values(params, "using-named-graph-uri"))
        except UsingError as exc:
            raise HttpError(400, "bad request", str(exc)) from None
        try:
            answer = await run_update(self.store_path, str(self.runtime), text, self.settings.query_timeout)
        except UpdateFailed as exc:
            raise HttpError(exc.status, exc.error, exc.message) from None
        body = json.dumps({"ok": True, "generation": answer["generation"]}).encode()
        await _send(send, 200, body, b"application/json")

    def _authorize(self, header: bytes | None) -> None:
        challenge = [(b"www-authenticate", b'Bearer realm="kg-update"')]
        if not header:
            raise HttpError(401, "unauthorized", "send 'Authorization: Bearer TOKEN'", challenge)
        scheme, _, credentials = header.decode("latin-1").strip().partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise HttpError(401, "unauthorized", "send 'Authorization: Bearer TOKEN'", challenge)
        if not hmac.compare_digest(credentials.strip().encode(), self.token.encode()):
            raise HttpError(403, "forbidden", "the update token is not valid")


def _last(params, name: str) -> str | None:
    values = _values(params, name)
    return values[-1] if values else None


def _truncated(header: dict) -> list:
    return [(b"x-kg-truncated", header["truncated"].encode()), (b"x-kg-rows", b"%d" % header["rows"])]


def _endpoint_url(scope, headers) -> str:
    host = headers.get(b"host")
    if host and re.fullmatch(rb"[A-Za-z0-9.\-]+(:[0-9]+)?|\[[0-9A-Fa-f:.]+\](:[0-9]+)?", host):
        authority = host.decode("ascii")
    else:
        server = scope.get("server") or ("127.0.0.1", 80)
        authority = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{authority}{scope.get('root_path', '')}/sparql"


_NO_EDITOR = ("<!doctype html><html lang=en><meta charset=utf-8><title>SPARQL endpoint</title>"
              "<h1>SPARQL endpoint</h1><p>The query editor is not installed on this server. "
              "Send queries with <code>GET /sparql?query=...</code> or POST; "
              "<a href='?format=turtle'>service description</a>.</p>"
              "<form method=get><textarea name=query rows=10 cols=80>"
              + html.escape("SELECT * WHERE { ?s ?p ?o } LIMIT 10") +
              "</textarea><br><input type=hidden name=format value=json><button>Run</button></form>"
              "</html>").encode()


def install(app) -> None:
    endpoint = Endpoint(app, app.state.settings)
    app.state.sparql = endpoint
    app.router.routes.insert(0, Route("/sparql", _ASGI(endpoint.sparql), methods=None, include_in_schema=False))
    app.router.routes.insert(1, Route("/update", _ASGI(endpoint.update), methods=None, include_in_schema=False))
    # /sparql and /update answer every error themselves: let them skip the middleware stack (measured)
    build_stack = app.build_middleware_stack

    def build_middleware_stack():
        stack = build_stack()
        routes = {"/sparql": endpoint.sparql, "/update": endpoint.update}

        async def dispatch(scope, receive, send):
            if scope["type"] == "http":
                handler = routes.get(scope["path"])
                if handler is not None:
                    return await handler(scope, receive, send)
            await stack(scope, receive, send)

        return dispatch

    app.build_middleware_stack = build_middleware_stack
    original = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(a):
        await endpoint.start()
        try:
            async with original(a) as state:
                yield state
        finally:
            await endpoint.close()

    app.router.lifespan_context = lifespan
