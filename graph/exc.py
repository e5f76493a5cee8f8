"""The exceptions geokg raises; the CLI and the dashboard turn them into messages, never tracebacks."""

from __future__ import annotations

from dataclasses import dataclass


class GeoKGError(Exception):
    """Base of every error geokg reports to a user."""


class InvalidModel(GeoKGError):
    """graph/model.yaml contradicts itself; raised at import, before any data is touched."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: str
    row: int | None  # as a spreadsheet numbers it: the header is row 1; None for the whole file
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


class InvalidData(GeoKGError):
    """The input has problems; every one is listed and nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the input")


class QueryError(GeoKGError):
    """The engine rejected a query: a syntax error, a write in read-only mode, a missing table."""


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped."""


class StoreUnavailable(GeoKGError):
    """The graph database cannot be reached or refused our credentials."""


class GraphHeld(StoreUnavailable):
    """An embedded graph another process holds read-write (a running `geokg serve`, say)."""

    def __init__(self, message: str, path):
        super().__init__(message)
        self.path = path


class QueryRefused(QueryError):
    """The console reads the graph and nothing else: this query would have done more (or is more than one
    statement)."""


class QueryBusy(QueryError):
    """Every console worker is busy; the query was not started."""
