"""Read-only snapshots of a store that takes updates, and the generation counter.

RocksDB lets one process write a store, and opening it read-only while
another process writes it is undefined behaviour. So when SPARQL Update is on,
nobody reads the store directory itself: readers (the query processes and the
pages of every HTTP worker) read *snapshots*, RocksDB checkpoints made with
``Store.backup`` (hard links to the immutable SST files: milliseconds, almost
no disk). The runtime directory holds::

    generation          "N snap-N" (replaced atomically with os.replace)
    snap-0, snap-1 ...  checkpoints; snap-0 is taken from the store at start-up
    write.lock          flock held by the one process applying an update

A writer (server.sparql_update, one short-lived process per update) takes the
lock, opens the store writable, applies the update (one transaction), takes a
checkpoint ``snap-N+1`` and then replaces ``generation``. A reader checks
``generation`` (one stat, its inode changes on every replace) before each
query and reopens its snapshot when it changed, so a query sent after a
successful update sees the new data. Snapshots two generations old are
deleted once older than the query timeout plus a margin (no query can still be
reading them; an idle reader reopens before its next query).
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

RUNTIME_ENV = "KG_RUNTIME_DIR"  # set by `kg serve` for its workers (internal, not a user setting)
GENERATION = "generation"
LOCK = "write.lock"


def runtime_dir_from_env() -> Path | None:
    value = os.environ.get(RUNTIME_ENV)
    return Path(value) if value else None


def new_runtime_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="kg-serve-"))


@contextlib.contextmanager
def write_lock(runtime: Path):
    with open(runtime / LOCK, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_generation(runtime: Path) -> tuple[int, str] | None:
    try:
        text = (runtime / GENERATION).read_text().split()
    except FileNotFoundError:
        return None
    return int(text[0]), text[1]


def publish(runtime: Path, store: ox.Store, generation: int) -> Path:
    """Checkpoint STORE as snapshot GENERATION and make it current (call under the write lock)."""
    name = f"snap-{generation}"
    target = runtime / name
    if target.exists():
        shutil.rmtree(target)
    store.backup(str(target))
    tmp = runtime / f".{GENERATION}.{os.getpid()}"
    tmp.write_text(f"{generation} {name}\n")
    os.replace(tmp, runtime / GENERATION)
    return target


def ensure_initial(runtime: Path, store_path: str | os.PathLike) -> None:
    """Snapshot 0 from the store as it is now, unless a generation exists already."""
    runtime.mkdir(parents=True, exist_ok=True)
    with write_lock(runtime):
        if read_generation(runtime) is not None:
            return
        store = ox.Store.read_only(str(store_path))
        publish(runtime, store, 0)
        del store


def collect_garbage(runtime: Path, current: int, grace_seconds: float) -> None:
    """Delete snapshots older than CURRENT-1 whose successor is older than GRACE_SECONDS."""
    now = time.time()
    for path in runtime.glob("snap-*"):
        try:
            gen = int(path.name.split("-", 1)[1])
        except ValueError:
            continue
        if gen >= current - 1:
            continue
        successor = runtime / f"snap-{gen + 1}"
        try:
            age = now - successor.stat().st_mtime
        except FileNotFoundError:
            age = grace_seconds + 1
        if age > grace_seconds:
            shutil.rmtree(path, ignore_errors=True)


class SnapshotFollower:
    """A read-only pyoxigraph Store that follows the newest snapshot (or the plain store)."""

    def __init__(self, store_path: str | os.PathLike, runtime: Path | None):
        self.store_path = str(store_path)
        self.runtime = runtime
        self._stamp = None
        self._store: ox.Store | None = None
        self.generation: int | None = None

    def current(self) -> ox.Store:
        if self.runtime is None:
            if self._store is None:
                self._store = ox.Store.read_only(self.store_path)
            return self._store
        try:
            st = os.stat(self.runtime / GENERATION)
            stamp = (st.st_ino, st.st_mtime_ns)
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp or self._store is None:
            found = read_generation(self.runtime)
            if found is None:
                raise OSError(f"no snapshot in {self.runtime}")
            self.generation, name = found
            self._store = None
            self._store = ox.Store.read_only(str(self.runtime / name))
            self._stamp = stamp
        return self._store
