"""User Cypher on the embedded engine, in worker processes that open the graph read-only.

LadybugDB's own timeout and interrupt() did not stop a runaway query (design.md measured 38 s and never),
and read-only mode does not stop it reading or writing files. So a query
- is checked first (graph/guard.py: one statement that reads, a plan of read operators only),
- runs on a fresh connection (settings such as `CALL timeout=1` would otherwise outlive it),
- in a worker process the parent kills at the deadline or when it grows past its memory cap,
- from a pool of a few workers; a request that finds them all busy waits briefly, then is turned away.
The deadline starts when the worker is ready, so starting one never eats into a query's time.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from typing import Any

from graph.exc import QueryBusy, QueryError, QueryRefused, QueryTimeout
from graph.records import QueryResult

_CTX = mp.get_context("spawn")  # the parent holds engine threads; forking them is unsafe
MEMORY_MB = int(os.environ.get("GEOKG_CONSOLE_MEMORY_MB", "2048"))  # a worker is killed past this resident size
WORKERS = int(os.environ.get("GEOKG_CONSOLE_WORKERS", "2"))  # queries that run at once
WAIT_S = 2.0  # how long a query waits for a free worker before it is turned away
START_S = 120.0  # how long a new worker may take to open the graph
POLL_S = 0.05
PAGE = os.sysconf("SC_PAGE_SIZE")


def _serve(path: str, memory_mb: int, pipe) -> None:  # runs in the worker process
    import ladybug

    from graph import guard
    from graph.embedded.values import plain

    # The engine's page cache stays well inside the cap; what a query builds beyond it is watched by the parent.
    db = ladybug.Database(path, read_only=True, buffer_pool_size=max(64, memory_mb // 2) << 20)
    pipe.send(("ready", None, None, None))
    while True:
        try:
            cypher, params, max_rows = pipe.recv()
        except EOFError:
            return
        conn = ladybug.Connection(db)  # fresh for every query: nothing one query sets reaches the next
        try:
            guard.check_text(cypher)
            plan = conn.execute("EXPLAIN " + cypher, params or {}).get_all()[0][0]
            guard.check_ladybug_plan(plan)
            result = conn.execute(cypher, params or {})
            columns = result.get_column_names()
            rows = []
            while result.has_next() and len(rows) <= max_rows:
                rows.append([plain(v) for v in result.get_next()])
            pipe.send(("ok", columns, rows[:max_rows], len(rows) > max_rows))
        except QueryRefused as e:
            pipe.send(("refused", str(e), None, None))
        except Exception as e:  # the engine's message is what the user needs to see, with a hint where it helps
            said = " ".join(str(e).split())
            if "write operations in a read-only database" in said:
                pipe.send(("refused", "refused: the query writes to the graph; the console only reads it", None, None))
            else:
                pipe.send(("error", said + guard.ladybug_hint(cypher), None, None))
        finally:
            conn.close()


def resident_mb(pid: int) -> float:
    """A process's resident memory, from /proc (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * PAGE / (1 << 20)
    except (OSError, IndexError, ValueError):
        return 0.0


class _Worker:
    def __init__(self, path: str, memory_mb: int):
        self.pipe, child = _CTX.Pipe()
        self.process = _CTX.Process(target=_serve, args=(path, memory_mb, child), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.pipe.poll(START_S):
            self.stop()
            raise QueryError(f"the query worker did not open the graph within {START_S:g} s")
        try:
            self.pipe.recv()
        except EOFError:
            self.stop()
            raise QueryError("the query worker could not open the graph") from None
        self.ready = True

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.pipe.close()


class QueryRunner:
    """Runs each query in an idle worker (starting one if none is idle); kills it at the deadline or its cap."""

    def __init__(self, path: str, workers: int = WORKERS, memory_mb: int = MEMORY_MB, keep_idle: int = 2):
        self.path = path
        self.memory_mb = memory_mb
        self.keep_idle = keep_idle
        self._slots = threading.BoundedSemaphore(workers)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def run(self, cypher: str, params: dict[str, Any] | None, timeout_s: float, max_rows: int) -> QueryResult:
        if not self._slots.acquire(timeout=WAIT_S):
            raise QueryBusy("the console is busy with other queries; try again in a moment")
        try:
            return self._run(cypher, params, timeout_s, max_rows)
        finally:
            self._slots.release()

    def warm(self) -> None:
        """Start a worker ahead of the first query, so that query does not wait for one."""
        with self._lock:
            if self._idle:
                return
        worker = _Worker(self.path, self.memory_mb)
        worker.wait_ready()
        self._keep(worker)

    def _run(self, cypher: str, params: dict[str, Any] | None, timeout_s: float, max_rows: int) -> QueryResult:
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        worker = worker or _Worker(self.path, self.memory_mb)
        worker.wait_ready()
        worker.pipe.send((cypher, params, max_rows))
        deadline = time.monotonic() + timeout_s  # from when the worker has the query, not from its start-up
        while not worker.pipe.poll(POLL_S):
            if resident_mb(worker.process.pid) > self.memory_mb:
                worker.stop()
                raise QueryError(f"query stopped: it needed more than {self.memory_mb} MB of memory (the console's "
                                 "limit); narrow it down, e.g. with a LIMIT or a WHERE on an id")
            if time.monotonic() > deadline:
                worker.stop()
                raise QueryTimeout(f"query stopped after {timeout_s:g} s (the time limit)")
        try:
            status, detail, rows, truncated = worker.pipe.recv()
        except EOFError:
            worker.stop()
            raise QueryError("the query worker died; the query may have exhausted memory") from None
        self._keep(worker)
        if status == "refused":
            raise QueryRefused(detail)
        if status == "error":
            raise QueryError(detail)
        return QueryResult(columns=detail, rows=rows, truncated=truncated)

    def _keep(self, worker: _Worker) -> None:
        with self._lock:
            if len(self._idle) < self.keep_idle:
                self._idle.append(worker)
                return
        worker.stop()

    def reset(self) -> None:
        """Workers read the graph as it was when they opened it; after a write, start afresh."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    close = reset
