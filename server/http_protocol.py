"""uvicorn's httptools protocol with two savings on the /sparql hot path.

1. A response's head goes out with the start of its body. uvicorn writes the
   status line and headers as soon as the app sends ``http.response.start``,
   and the body on ``http.response.body``: two sends, so two TCP segments and
   often two wake-ups of the client, for every small SPARQL answer. Here the
   head is held until the next write (or until the response completes, for
   HEAD); an interim response (100 Continue, 101 Switching Protocols) is
   never held.
2. A GET or HEAD of /sparql that the endpoint has already prepared and proven
   cheap (server.sparql's fast path) is answered right in the HTTP parser's
   callback, without an asyncio task and the ASGI messages' round trip: the
   endpoint makes the same answer (``Endpoint.answer_inline``), and uvicorn's
   request/response bookkeeping (keep-alive, pipelining) is kept. Any other
   request goes the ordinary ASGI way.

``kg serve`` selects this class (uvicorn's ``http`` setting takes an import
path). Measured with bench/bench_endpoint.py.
"""
from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

_INTERIM = b"HTTP/1.1 1"  # 100 Continue, 101 Switching Protocols: the client waits for them, never hold one
_LANE_METHODS = ("GET", "HEAD")


class _HeadWithBody:
    """A transport whose write() holds a response head until the next write (or close)."""

    __slots__ = ("_transport", "_held")

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._held: bytes | None = None

    def write(self, data: bytes) -> None:
        held = self._held
        if held is not None:
            self._held = None
            self._transport.write(held + data)
        elif data.endswith(b"\r\n\r\n") and data.startswith(b"HTTP/") and not data.startswith(_INTERIM):
            self._held = data
        else:
            self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def flush(self) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            self._transport.write(held)

    def __getattr__(self, name: str):
        return getattr(self._transport, name)


def _find_lane(app):
    """The SPARQL endpoint's ``answer_inline`` behind uvicorn's and our middleware wrappers, or None."""
    for _ in range(10):
        if app is None:
            return None
        state = getattr(app, "state", None)
        endpoint = getattr(state, "sparql", None) if state is not None else None
        if endpoint is not None:
            return getattr(endpoint, "answer_inline", None)
        app = getattr(app, "app", None)
    return None


class HeadWithBodyProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(_HeadWithBody(transport))  # type: ignore[arg-type]
        self._lane = _find_lane(self.app)

    def on_response_complete(self) -> None:
        self.transport.flush()  # a response with no body write (HEAD) sends its head now
        super().on_response_complete()

    def _start_asgi_task(self, cycle, app) -> None:
        scope = cycle.scope
        lane = self._lane
        if lane is not None and app is self.app and scope["path"] == "/sparql" and scope["method"] in _LANE_METHODS:
            messages = lane(scope)
            if messages is not None:
                return self._answer(cycle, messages)
        super()._start_asgi_task(cycle, app)

    def _answer(self, cycle, messages: list[dict]) -> None:
        """Write a whole answer at once, with the bookkeeping uvicorn's send() does."""
        start, body = messages
        head = [STATUS_LINE[start["status"]]]
        for name, value in (*self.server_state.default_headers, *start["headers"]):
            head += [name, b": ", value, b"\r\n"]
        if not cycle.keep_alive:
            head.append(b"connection: close\r\n")
        head.append(b"\r\n")
        if cycle.scope["method"] != "HEAD":
            head.append(body["body"])
        cycle.response_started = cycle.response_complete = True
        self.transport.write(b"".join(head))
        cycle.message_event.set()
        if not cycle.keep_alive:
            self.transport.close()
        self.on_response_complete()


IMPORT_PATH = f"{__name__}:{HeadWithBodyProtocol.__name__}"
