"""The embedded store on LadybugDB: zero set-up, file-backed, in-process."""

from graph.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
