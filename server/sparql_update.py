"""SPARQL Update: how writes reach the store and how readers see them.

Design (one writer at a time, readers on snapshots):

* The HTTP worker that receives ``POST /update`` (token checked, protocol
  parsed by server.sparql) starts ONE short-lived process,
  ``python -m server.sparql_update``, and gives it the update on stdin.
* That process takes the runtime directory's write lock (flock: updates from
  every HTTP worker are applied one after another), opens the store directory
  writable, runs the update (Oxigraph applies it as one transaction), takes a
  RocksDB checkpoint as the next snapshot and publishes it by replacing the
  generation file (server.sparql_snapshots), then answers and exits.
* Query processes check the generation file before each query and reopen the
  new snapshot, so a query sent after a successful update sees its effect, in
  every HTTP worker.
* The update has the query timeout: past it the process is killed. RocksDB
  commits a transaction whole or not at all, so a killed update changes
  nothing, and the lock dies with the process.

Trade-offs: each update pays a process start and a store open (a few hundred
milliseconds), which suits occasional curation, not high-rate writes; in
exchange there is no long-lived writer to supervise, readers never block on
writers, and queries keep running (on the previous snapshot) while an update
is applied. While updates are on, nothing in the server reads the store
directory itself (RocksDB does not allow reading it read-only while a process
writes it).

Note: like any SPARQL store, an update's WHERE clause matches the store's
real default graph, not the union of all graphs that queries see; use
``GRAPH ?g { ... }`` (or ``using-graph-uri``) to match article graphs.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys


class UpdateFailed(Exception):
    def __init__(self, status: int, error: str, message: str):
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


async def run_update(store: str, runtime: str, update: str, timeout: float) -> dict:
    """Apply UPDATE in a writer process; returns {"generation": n}; raises UpdateFailed."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server.sparql_update", "--store", store, "--runtime", runtime,
        "--grace", str(timeout + 5),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(json.dumps({"update": update}).encode()), timeout)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        await proc.wait()
        raise UpdateFailed(503, "timeout", f"the update was stopped after {timeout:g} s and rolled back; "
                                           "nothing was changed") from None
    except asyncio.CancelledError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        raise
    try:
        answer = json.loads(out)
    except ValueError:
        raise UpdateFailed(500, "update process failed", f"exit status {proc.returncode}") from None
    if answer.get("status", 500) != 200:
        raise UpdateFailed(answer.get("status", 500), answer.get("error", "update failed"), answer.get("message", ""))
    return answer


def child_main(argv: list[str]) -> int:
    import argparse
    from pathlib import Path

    from server.query_pool import _die_with_parent

    parser = argparse.ArgumentParser(prog="server.sparql_update")
    parser.add_argument("--store", required=True)
    parser.add_argument("--runtime", required=True)
    parser.add_argument("--grace", type=float, default=60.0)
    args = parser.parse_args(argv)
    _die_with_parent()
    out = os.dup(1)
    os.dup2(2, 1)

    def answer(payload: dict) -> int:
        os.write(out, json.dumps(payload).encode())
        return 0

    job = json.loads(sys.stdin.buffer.read())
    import pyoxigraph as ox

    from server import sparql_snapshots as snaps

    runtime = Path(args.runtime)
    with snaps.write_lock(runtime):
        try:
            store = ox.Store(args.store)
        except OSError as exc:
            return answer({"status": 503, "error": "store busy", "message": f"cannot open the store for writing: {exc}"})
        try:
            store.update(job["update"])
        except SyntaxError as exc:
            return answer({"status": 400, "error": "malformed update", "message": str(exc)})
        except (OSError, ValueError) as exc:
            return answer({"status": 400, "error": "update failed", "message": str(exc)})
        store.flush()
        current = snaps.read_generation(runtime)
        generation = (current[0] if current else -1) + 1
        snaps.publish(runtime, store, generation)
        del store
        snaps.collect_garbage(runtime, generation, args.grace)
    return answer({"status": 200, "generation": generation})


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
