"""Where queries run: a small pool of killable processes per HTTP worker.

pyoxigraph has no timeout of its own and a running query cannot be
interrupted from Python, so a query runs in the HTTP worker only once it has
proven cheap here (the fast path, see server.sparql). Each worker
owns ``query_processes`` children (``python -m server.query_pool``); each child
opens the store read-only once at start (or follows the newest snapshot when
updates are on, see server.sparql_snapshots) and then answers jobs one at a
time: it runs the query in Oxigraph and sends back the finished response body,
already serialised in the negotiated format (server.sparql_exec).

The worker talks to a child over its stdin/stdout pipes with length-prefixed
frames, read by an asyncio protocol (the event loop is never blocked). A job
has a deadline: the child itself stops writing rows at the query timeout and
returns what it has (marked as cut), and if it has not answered ``GRACE``
seconds later (a query stuck in evaluation), the worker kills it with SIGKILL
and starts a replacement; the request gets a 503. While one child is busy or
being replaced, the others keep answering. A child also dies with its worker
(PR_SET_PDEATHSIG) or when its stdin closes.

Frames: worker -> child ``>I`` length + job; child -> worker ``>II``
(header length, body length) + header + body bytes. Job and header are small
dicts in ``marshal`` format (both ends are the same interpreter); the header
reports how long the job took (``took``, seconds of wall time, an upper bound
of its CPU time), which server.sparql uses to find cheap queries.
"""
from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import marshal
import os
import signal
import struct
import subprocess
import sys
import time

GRACE = 1.0  # seconds past the query timeout before a silent child is killed
_F_SETPIPE_SZ = 1031


class PoolError(Exception):
    status = 500
    error = "query process failed"


class QueryTimeout(PoolError):
    status = 503
    error = "timeout"


class PoolBusy(PoolError):
    status = 503
    error = "busy"


class ProcessDied(PoolError):
    status = 500
    error = "query process died"


# -- the child ------------------------------------------------------------------


def _read_exactly(fd: int, n: int) -> bytes | None:
    parts, got = [], 0
    while got < n:
        chunk = os.read(fd, n - got)
        if not chunk:
            return None
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _send(fd: int, header: dict, body: bytes = b"") -> None:
    head = marshal.dumps(header)
    _write_all(fd, struct.pack(">II", len(head), len(body)) + head + body if len(body) < 65536 else
               struct.pack(">II", len(head), len(body)) + head)
    if len(body) >= 65536:
        _write_all(fd, body)


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def child_main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="server.query_pool")
    parser.add_argument("--store", required=True)
    parser.add_argument("--runtime", default=None)
    parser.add_argument("--base", default=None)
    args = parser.parse_args(argv)

    _die_with_parent()
    out = os.dup(1)
    os.dup2(2, 1)  # a stray print must never corrupt the frames
    with contextlib.suppress(OSError):
        import fcntl

        fcntl.fcntl(out, _F_SETPIPE_SZ, 1 << 20)

    from pathlib import Path

    from server import sparql_exec
    from server.sparql_snapshots import SnapshotFollower

    prefixes = dict(sparql_exec.STANDARD_PREFIXES)
    if args.base:
        prefixes["kg"] = args.base + "ontology/"
    follower = SnapshotFollower(args.store, Path(args.runtime) if args.runtime else None)
    try:
        follower.current()
    except OSError as exc:
        _send(out, {"status": 500, "error": "cannot open the store", "message": str(exc)})
        return 3
    _send(out, {"status": 200, "ready": True})
    while True:
        size = _read_exactly(0, 4)
        if size is None:
            return 0
        payload = _read_exactly(0, struct.unpack(">I", size)[0])
        if payload is None:
            return 0
        job = marshal.loads(payload)
        started = time.perf_counter()
        try:
            store = follower.current()
            kind = job.get("kind")
            if kind == "query":
                header, body = sparql_exec.run_query(store, job, prefixes)
            elif kind == "sd":
                header, body = sparql_exec.service_description(store, job, prefixes)
            elif kind == "ping":
                header, body = {"status": 200, "generation": follower.generation}, b""
            else:
                header, body = {"status": 500, "error": "unknown job", "message": repr(kind)}, b""
        except OSError as exc:  # the store failed to read; say so and keep serving
            header, body = {"status": 500, "error": "store error", "message": str(exc)}, b""
        except Exception as exc:  # noqa: BLE001 - a job must never take the process down silently
            header, body = {"status": 500, "error": "internal error", "message": f"{type(exc).__name__}: {exc}"}, b""
        header["took"] = time.perf_counter() - started
        _send(out, header, body)


# -- the worker side ----------------------------------------------------------------


class _Frames(asyncio.Protocol):
    """Reads the child's stdout: hands each complete frame to the waiting job."""

    def __init__(self, child: QueryProcess):
        self.child = child
        self.buf = bytearray()
        self.need = 0  # bytes of the frame being read (0: header not seen yet)

    def data_received(self, data: bytes) -> None:
        buf = self.buf
        buf += data
        while True:
            if not self.need:
                if len(buf) < 8:
                    return
                head_len, body_len = struct.unpack_from(">II", buf)
                self.need = 8 + head_len + body_len
            if len(buf) < self.need:
                return
            head_len = struct.unpack_from(">I", buf)[0]
            view = memoryview(buf)
            header = marshal.loads(view[8:8 + head_len])
            body = bytes(view[8 + head_len:self.need])
            view.release()
            del buf[:self.need]
            self.need = 0
            self.child._deliver(header, body)

    def connection_lost(self, exc) -> None:
        self.child._lost()


class QueryProcess:
    """One child process and the pipes to it."""

    def __init__(self, argv: list[str], env: dict[str, str] | None):
        self.argv = argv
        self.env = env
        self.popen: subprocess.Popen | None = None
        self.writer: asyncio.WriteTransport | None = None
        self.reader: asyncio.ReadTransport | None = None
        self.waiter: asyncio.Future | None = None
        self.dead = False
        self.timed_out = False

    async def start(self, timeout: float = 60.0) -> None:
        loop = asyncio.get_running_loop()
        spawn = functools.partial(subprocess.Popen, self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  env=self.env, bufsize=0, close_fds=True)
        self.popen = await loop.run_in_executor(None, spawn)  # fork and exec off the event loop
        self.waiter = loop.create_future()
        self.reader, _ = await loop.connect_read_pipe(lambda: _Frames(self), self.popen.stdout)
        self.writer, _ = await loop.connect_write_pipe(asyncio.Protocol, self.popen.stdin)
        try:
            header, _ = await asyncio.wait_for(self.waiter, timeout)
        except (TimeoutError, ProcessDied) as exc:
            self.kill()
            raise ProcessDied("a query process did not start") from exc
        if not header.get("ready"):
            self.kill()
            raise ProcessDied(f"{header.get('error')}: {header.get('message')}")

    def _deliver(self, header: dict, body: bytes) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result((header, body))

    def _lost(self) -> None:
        self.dead = True
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_exception(ProcessDied("the query process ended"))

    async def call(self, job: dict, kill_after: float) -> tuple[dict, bytes]:
        if self.dead:
            raise ProcessDied("the query process ended")
        loop = asyncio.get_running_loop()
        self.waiter = waiter = loop.create_future()
        payload = marshal.dumps(job)
        self.writer.write(struct.pack(">I", len(payload)) + payload)
        timer = loop.call_later(kill_after, self._deadline)
        try:
            return await waiter
        finally:
            timer.cancel()

    def _deadline(self) -> None:
        self.timed_out = True
        self.kill()

    def kill(self) -> None:
        self.dead = True
        if self.popen is not None and self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.popen.kill()
        for transport in (self.writer, self.reader):
            if transport is not None:
                transport.close()

    async def reap(self) -> None:
        if self.popen is not None:
            with contextlib.suppress(Exception):
                await asyncio.get_running_loop().run_in_executor(None, self.popen.wait, 5)


class QueryPool:
    """``size`` query processes; one job per process at a time, FIFO wait for a free one."""

    def __init__(self, store: str, size: int, runtime: str | None = None, base: str | None = None,
                 env: dict[str, str] | None = None):
        argv = [sys.executable, "-m", "server.query_pool", "--store", store]
        if runtime:
            argv += ["--runtime", runtime]
        if base:
            argv += ["--base", base]
        self.argv = argv
        self.env = env
        self.size = max(1, size)
        self.idle: collections.deque[QueryProcess] = collections.deque()
        self.waiters: collections.deque[asyncio.Future] = collections.deque()
        self.procs: set[QueryProcess] = set()
        self._tasks: set[asyncio.Task] = set()
        self._starting: asyncio.Task | None = None
        self._closed = False

    async def start(self) -> None:
        if self._starting is None:
            self._starting = asyncio.get_running_loop().create_task(self._start())
        await asyncio.shield(self._starting)

    async def _start(self) -> None:
        procs = [QueryProcess(self.argv, self.env) for _ in range(self.size)]
        results = await asyncio.gather(*(p.start() for p in procs), return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:
            for p in procs:
                p.kill()
            self._starting = None
            raise errors[0]
        for p in procs:
            self.procs.add(p)
            self._release(p)

    def _release(self, proc: QueryProcess) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(proc)
                return
        self.idle.append(proc)

    async def _acquire(self, wait: float) -> QueryProcess:
        if self.idle:
            return self.idle.popleft()
        waiter = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            return await asyncio.wait_for(waiter, wait)
        except TimeoutError:
            raise PoolBusy("every query process stayed busy; try again shortly") from None

    async def run(self, job: dict, timeout: float, wait: float | None = None) -> tuple[dict, bytes]:
        """Run JOB in a free process; the process is killed if silent TIMEOUT + GRACE seconds."""
        if self._starting is None or not self._starting.done():
            await self.start()
        proc = await self._acquire(timeout if wait is None else wait)
        try:
            result = await proc.call(job, timeout + GRACE)
        except ProcessDied:
            self._replace(proc)
            if proc.timed_out:
                raise QueryTimeout(f"the query was stopped after {timeout:g} s, before it produced any result; "
                                   "narrow it down or add a LIMIT") from None
            raise ProcessDied("the query process ended unexpectedly (it was restarted)") from None
        except BaseException:
            self._replace(proc)  # cancelled mid-job: its answer must not reach the next job
            raise
        if proc.dead:  # killed by its deadline just as the answer came in
            self._replace(proc)
        else:
            self._release(proc)
        return result

    def _replace(self, proc: QueryProcess) -> None:
        proc.kill()
        self.procs.discard(proc)
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._respawn(proc))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, old: QueryProcess) -> None:
        await old.reap()
        delay = 0.1
        while not self._closed:
            fresh = QueryProcess(self.argv, self.env)
            try:
                await fresh.start()
            except (ProcessDied, OSError):
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if self._closed:
                fresh.kill()
                return
            self.procs.add(fresh)
            self._release(fresh)
            return

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for proc in list(self.procs):
            proc.kill()
        for proc in list(self.procs):
            await proc.reap()
        self.procs.clear()
        self.idle.clear()


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
