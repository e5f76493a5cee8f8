"""User Cypher on the embedded engine, in worker processes that open the graph read-only.

LadybugDB's own timeout and interrupt() did not stop a runaway query (design.md measured 38 s and
never), so a query runs in a child process that the parent kills at the deadline. Read-only mode makes
the engine itself refuse writes. Workers stay warm between queries; a killed one is simply replaced.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from typing import Any

from graph.exc import QueryError, QueryTimeout
from graph.records import QueryResult

_CTX = mp.get_context("spawn")  # the parent holds engine threads; forking them is unsafe


def _serve(path: str, pipe) -> None:  # runs in the worker process
    import ladybug

    from graph.embedded.values import plain

    conn = ladybug.Connection(ladybug.Database(path, read_only=True))
    while True:
        try:
            cypher, params, max_rows = pipe.recv()
        except EOFError:
            return
        try:
            result = conn.execute(cypher, params or {})
            columns = result.get_column_names()
            rows = []
            while result.has_next() and len(rows) <= max_rows:
                rows.append([plain(v) for v in result.get_next()])
            pipe.send(("ok", columns, rows[:max_rows], len(rows) > max_rows))
        except Exception as e:  # the engine's message is what the user needs to see
            pipe.send(("error", str(e).strip(), None, None))


class _Worker:
    def __init__(self, path: str):
        self.pipe, child = _CTX.Pipe()
        self.process = _CTX.Process(target=_serve, args=(path, child), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.pipe.close()


class QueryRunner:
    """Hands each query to an idle worker (starting one if none is idle); kills it at the deadline."""

    def __init__(self, path: str, keep_idle: int = 2):
        self.path = path
        self.keep_idle = keep_idle
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def run(self, cypher: str, params: dict[str, Any] | None, timeout_s: float, max_rows: int) -> QueryResult:
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        worker = worker or _Worker(self.path)
        worker.pipe.send((cypher, params, max_rows))
        # Opening the database counts against the deadline too: a user waits for both.
        if not worker.pipe.poll(timeout_s):
            worker.stop()
            raise QueryTimeout(f"query stopped after {timeout_s:g} s (the time limit)")
        try:
            status, columns, rows, truncated = worker.pipe.recv()
        except EOFError:
            worker.stop()
            raise QueryError("the query worker died; the query may have exhausted memory") from None
        with self._lock:
            if len(self._idle) < self.keep_idle:
                self._idle.append(worker)
                worker = None
        if worker:
            worker.stop()
        if status == "error":
            raise QueryError(columns)
        return QueryResult(columns=columns, rows=rows, truncated=truncated)

    def reset(self) -> None:
        """Workers read the graph as it was when they opened it; after a write, start afresh."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    close = reset
