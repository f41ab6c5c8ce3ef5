"""uvicorn's httptools protocol, sending a response's head and the start of its body together.

uvicorn writes the status line and headers as soon as the app sends
``http.response.start``, and the body on ``http.response.body``: two sends, so
two TCP segments and often two wake-ups of the client, for every small SPARQL
answer (a label lookup's whole answer is a few hundred bytes). Here the head is
held until the next write and goes out with it. ``kg serve`` selects this class
(uvicorn's ``http`` setting takes an import path); nothing else differs from
uvicorn's protocol. A head with no body write after it (HEAD) goes out when the
response completes; an interim "100 Continue" is never held.
"""
from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_CONTINUE = b"HTTP/1.1 100 "  # interim "100 Continue": the client waits for it, never hold it


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
        elif data.endswith(b"\r\n\r\n") and data.startswith(b"HTTP/") and not data.startswith(_CONTINUE):
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


class HeadWithBodyProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(_HeadWithBody(transport))  # type: ignore[arg-type]

    def on_response_complete(self) -> None:
        self.transport.flush()  # a response with no body write (HEAD) sends its head now
        super().on_response_complete()


IMPORT_PATH = f"{__name__}:{HeadWithBodyProtocol.__name__}"
