"""The Neo4j store: the same contract as the embedded store, on a Neo4j 5 server, a cluster or Aura."""

from graph.neo4j.store import Neo4jStore

__all__ = ["Neo4jStore"]
