"""Start the real server (``kg serve``, uvicorn, several workers) on 127.0.0.1 for tests."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(store: str, *args: str, env: dict[str, str] | None = None, ready_path: str = "/sparql?query=ASK%7B%7D",
                   timeout: float = 60) -> Iterator[str]:
    """Run ``kg serve --store STORE ARGS...`` until the block ends; yields the base URL."""
    port = free_port()
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--store", str(store), *args],
        cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    try:
        while True:
            try:
                httpx.get(url + ready_path, timeout=2)
                break
            except httpx.HTTPError:
                if proc.poll() is not None:
                    raise RuntimeError("server exited: " + proc.stderr.read().decode(errors="replace"))
                if time.time() > deadline:
                    raise RuntimeError("server did not start in time")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
