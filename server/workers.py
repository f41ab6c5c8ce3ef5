"""HTTP workers with a listening socket each (one SO_REUSEPORT group), for ``kg serve --workers N``.

Why: uvicorn's own workers share one listening socket, and the worker that wakes first
accepts every connection then waiting. Connections a client opens together thus often
all land on one worker while the others idle (bench/bench_endpoint.py, 8 keep-alive
connections, 2 workers: one worker held all 8 in about half of the rounds, at some 0.6x
the label lookups/s of a balanced round). With one socket per worker in a SO_REUSEPORT
group the kernel spreads new connections over the sockets by address hash, whatever the
workers' timing.

uvicorn's supervisor is kept (health checks, restarts, signals); only the socket a worker
gets changes: worker i always gets socket i, so a restarted worker takes over the
connections queued on its predecessor's socket. SIGTTIN adds a worker with a socket of
its own; SIGTTOU removes the last worker and closes its socket. Where SO_REUSEPORT is missing, the
workers share one socket as uvicorn's do.
"""
from __future__ import annotations

import logging
import socket

from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process

logger = logging.getLogger("uvicorn.error")


def worker_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """COUNT listening sockets on HOST:PORT in one SO_REUSEPORT group (or one shared socket)."""
    if not hasattr(socket, "SO_REUSEPORT"):
        return [_bound(host, port, reuse_port=False)] * count
    first = _bound(host, port, reuse_port=True)
    port = first.getsockname()[1]  # port 0: the others join the port the first one got
    return [first] + [_bound(host, port, reuse_port=True) for _ in range(count - 1)]


def _bound(host: str, port: int, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


class SocketPerWorker(Multiprocess):
    """uvicorn's Multiprocess, with worker i always started on socket i."""

    def __init__(self, config: Config, sockets: list[socket.socket]) -> None:
        super().__init__(config, sockets=sockets)
        self.processes_num = len(sockets)

    def handle_ttin(self) -> None:
        logger.info("Received SIGTTIN, adding a worker on a socket of its own.")
        host, port = self.sockets[0].getsockname()[:2]
        shared = len(set(self.sockets)) == 1 and len(self.sockets) > 1
        self.sockets.append(self.sockets[0] if shared else _bound(host, port, reuse_port=True))
        self.processes_num += 1
        self.processes.append(self._new_process(len(self.processes)))

    def handle_ttou(self) -> None:
        """One worker fewer; its socket leaves the group with it (no connection waits on a socket
        nobody accepts from)."""
        if self.processes_num <= 1:
            logger.info("Already one worker, cannot remove one.")
            return
        logger.info("Received SIGTTOU, removing a worker and its socket.")
        self.processes_num -= 1
        process = self.processes.pop()
        process.terminate()
        process.join()
        sock = self.sockets.pop()
        if sock not in self.sockets:
            sock.close()

    def _new_process(self, index: int) -> Process:
        process = Process(self.config, [self.sockets[index]])
        process.start()
        return process

    def init_processes(self) -> None:
        self.processes = [self._new_process(i) for i in range(self.processes_num)]

    def restart_all(self) -> None:
        """Replaces each worker, its replacement serving (on the same socket) before the old one stops."""
        for index, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._new_process(index)
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                if not self.should_exit.is_set():
                    logger.error(f"New worker [{new.pid}] was not ready in time; keeping [{old.pid}].")
                return
            old.terminate()
            old.join()
            self.processes[index] = new

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for index, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # hung or dead
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                # it failed before serving: the app or the socket is broken, a restart would fail alike
                logger.error(f"Worker [{process.pid}] failed to start, stopping.")
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            logger.info(f"Worker [{process.pid}] died; restarting it on its socket")
            self.processes[index] = self._new_process(index)


def run_workers(config: Config) -> None:
    """Serve CONFIG (an import string app) with ``config.workers`` processes, a socket each."""
    sockets = worker_sockets(config.host, config.port, config.workers)
    try:
        SocketPerWorker(config, sockets).run()
    finally:
        for sock in set(sockets):
            sock.close()
