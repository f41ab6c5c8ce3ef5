"""`kg serve --workers N`: a listening socket per worker, restarts on the same socket, and
responses whose head goes out with their body (server/workers.py, server/http_protocol.py)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.parse

import httpx
import pytest

from server.http_protocol import _HeadWithBody
from server.workers import worker_sockets

from .live_server import running_server

LOOKUP = 'SELECT ?e WHERE { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> "Microsoft"@en }'


def test_worker_sockets_share_one_port_and_the_kernel_spreads_connections():
    sockets = worker_sockets("127.0.0.1", 0, 2)
    try:
        assert len({id(s) for s in sockets}) == 2, "one socket per worker"
        port = sockets[0].getsockname()[1]
        assert sockets[1].getsockname()[1] == port
        for sock in sockets:
            sock.listen(128)
            sock.setblocking(False)
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(64)]
        time.sleep(0.2)
        accepted = []
        for sock in sockets:
            count = 0
            while True:
                try:
                    conn, _ = sock.accept()
                except BlockingIOError:
                    break
                conn.close()
                count += 1
            accepted.append(count)
        for client in clients:
            client.close()
        assert sum(accepted) == 64
        # by address hash: all 64 on one socket has probability 2**-63
        assert min(accepted) > 0, accepted
    finally:
        for sock in sockets:
            sock.close()


def _children(pid: int) -> list[int]:
    """The HTTP workers under a `kg serve` supervisor (not multiprocessing's resource tracker)."""
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in out.splitlines()
            if "multiprocessing.spawn" in line and "resource_tracker" not in line]


def test_a_killed_worker_is_replaced_and_every_connection_is_answered(built_store):
    with running_server(str(built_store.path), "--workers", "2") as url:
        port = int(urllib.parse.urlsplit(url).port)
        supervisor = next(int(line.split()[0]) for line in subprocess.run(
            ["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout.splitlines()
            if "kg.cli serve" in line and f"--port {port}" in line)
        workers = _children(supervisor)
        assert len(workers) == 2, workers
        os.kill(workers[0], signal.SIGKILL)
        # new connections, some hashed to the dead worker's socket: they wait for its replacement
        for _ in range(12):
            with httpx.Client(timeout=60) as client:  # a new connection each time
                response = client.get(url + "/sparql", params={"query": LOOKUP},
                                      headers={"Accept": "application/sparql-results+json"})
                assert response.status_code == 200
                assert response.json()["results"]["bindings"], "Microsoft is in the lexicon"
        deadline = time.time() + 30
        while time.time() < deadline and len(_children(supervisor)) < 2:
            time.sleep(0.2)
        now = _children(supervisor)
        assert len(now) == 2 and workers[0] not in now, (workers, now)


class _Recorder:
    """The transport under the wrapper: records each write as one send."""

    def __init__(self):
        self.sends: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.sends.append(data)

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name, default=None):
        return ("127.0.0.1", 1) if name in ("peername", "sockname") else default


def test_head_is_sent_with_the_body():
    transport = _Recorder()
    wrapped = _HeadWithBody(transport)
    wrapped.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
    assert transport.sends == []
    wrapped.write(b"{}")
    assert transport.sends == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"]
    assert wrapped.get_extra_info("peername") == ("127.0.0.1", 1)  # everything else is the transport's


def test_interim_continue_is_never_held_and_close_flushes():
    transport = _Recorder()
    wrapped = _HeadWithBody(transport)
    wrapped.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    assert transport.sends == [b"HTTP/1.1 100 Continue\r\n\r\n"]
    wrapped.write(b"HTTP/1.1 500 Internal Server Error\r\n\r\n")
    wrapped.close()
    assert transport.sends[-1] == b"HTTP/1.1 500 Internal Server Error\r\n\r\n" and transport.closed


@pytest.mark.parametrize("path", ["/sparql"])
def test_expect_100_continue_over_a_real_socket(live_server, path):
    """A client that waits for "100 Continue" before sending its body gets it (not held back)."""
    port = urllib.parse.urlsplit(live_server).port
    body = urllib.parse.urlencode({"query": LOOKUP}).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/sparql-results+json\r\n"
                      f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
                      "Expect: 100-continue\r\n\r\n").encode())
        interim = sock.recv(4096)
        assert interim.startswith(b"HTTP/1.1 100 Continue"), interim
        sock.sendall(body)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        assert b'"bindings"' in answer


@pytest.mark.parametrize("workers", ["1", "2"])
def test_address_in_use_is_a_clear_error_with_exit_code_4(built_store, workers):
    import sys

    from .live_server import ROOT

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--store", str(built_store.path),
                               "--port", str(port), "--workers", workers],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 4, done.stderr
    assert f"127.0.0.1:{port}" in done.stderr


def test_head_request_gets_its_head_without_a_body(live_server):
    response = httpx.head(live_server + "/sparql", params={"query": LOOKUP}, timeout=10,
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.content == b""


def _without_date(headers) -> list:
    return sorted((k, v) for k, v in headers.items() if k.lower() != "date")


def test_a_request_answered_inline_is_the_same_answer(live_server):
    """The first time a request runs in a query process, then in the worker (the fast path), then
    straight from the HTTP parser (server.http_protocol): the same status, headers and body."""
    with httpx.Client(timeout=10) as client:  # one keep-alive connection: one worker
        answers = [client.get(live_server + "/sparql", params={"query": LOOKUP + " # inline"},
                              headers={"Accept": "application/sparql-results+json"}) for _ in range(4)]
        head = client.head(live_server + "/sparql", params={"query": LOOKUP + " # inline"},
                           headers={"Accept": "application/sparql-results+json"})
    first = answers[0]
    assert first.status_code == 200 and first.json()["results"]["bindings"]
    for later in answers[1:]:
        assert (later.status_code, _without_date(later.headers), later.content) == \
            (first.status_code, _without_date(first.headers), first.content)
    assert head.status_code == 200 and head.content == b""
    assert _without_date(head.headers) == _without_date(first.headers)


def test_pipelined_requests_are_answered_in_order(live_server):
    """Two requests sent back to back on one connection (HTTP/1.1 pipelining), the second one
    cheap and answered inline: both answers arrive, in order."""
    port = urllib.parse.urlsplit(live_server).port
    quick = urllib.parse.urlencode({"query": LOOKUP})
    with httpx.Client(timeout=10) as client:
        for _ in range(3):  # make it cheap on every worker this test may reach
            client.get(live_server + "/sparql?" + quick, headers={"Accept": "text/csv"})
    count = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    request = "GET /sparql?{} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/csv\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall((request.format(count) + request.format(quick) + request.format(quick)).encode())
        data = b""
        deadline = time.time() + 10
        while data.count(b"HTTP/1.1 200") < 3 or not data.rstrip().endswith(b"microsoft"):
            chunk = sock.recv(65536)
            if not chunk or time.time() > deadline:
                break
            data += chunk
    answers = data.split(b"HTTP/1.1 ")[1:]
    assert len(answers) == 3, data[:500]
    assert b"\r\n\r\nn\r\n" in answers[0]  # the count first
    assert answers[1].rstrip().endswith(b"microsoft") and answers[2].rstrip().endswith(b"microsoft")


def test_switching_protocols_is_never_held():
    transport = _Recorder()
    wrapped = _HeadWithBody(transport)
    wrapped.write(b"HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n\r\n")
    assert transport.sends == [b"HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n\r\n"]


def _answered(url: str, times: int) -> None:
    for _ in range(times):
        with httpx.Client(timeout=30) as client:  # a new connection each time
            response = client.get(url + "/sparql", params={"query": LOOKUP},
                                  headers={"Accept": "application/sparql-results+json"})
            assert response.status_code == 200 and response.json()["results"]["bindings"]


def test_fewer_and_more_workers_on_signals_leave_no_connection_waiting(built_store):
    """SIGTTOU removes a worker and its socket (new connections all answered, none queued on an
    abandoned socket); SIGTTIN adds a worker with a socket of its own."""
    with running_server(str(built_store.path), "--workers", "2") as url:
        port = int(urllib.parse.urlsplit(url).port)
        supervisor = next(int(line.split()[0]) for line in subprocess.run(
            ["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout.splitlines()
            if "kg.cli serve" in line and f"--port {port}" in line)
        os.kill(supervisor, signal.SIGTTOU)
        deadline = time.time() + 30
        while time.time() < deadline and len(_children(supervisor)) != 1:
            time.sleep(0.2)
        assert len(_children(supervisor)) == 1
        _answered(url, 16)
        os.kill(supervisor, signal.SIGTTIN)
        while time.time() < deadline + 30 and len(_children(supervisor)) != 2:
            time.sleep(0.2)
        assert len(_children(supervisor)) == 2
        _answered(url, 16)
