"""Where the Neo4j tests get a real Neo4j: NEO4J_URI, else testcontainers with a Docker engine, else skip.

One server serves the whole session. A NEO4J_URI database must hold no nodes when the session starts
(the tests write to it and wipe it, so they refuse to touch a database someone uses), and whatever a
test wrote is deleted when it ends, so every test starts from an empty graph. Constraints and indexes
stay: the store creates them when it first connects.
"""

from __future__ import annotations

import os

import neo4j
import pytest

from graph.neo4j import Neo4jStore

NO_NEO4J = "no Neo4j: NEO4J_URI is not set and no Docker engine is reachable for testcontainers"
IMAGE = "neo4j:5.26-community"
CONTAINER_PASSWORD = "geokg-tests-only"  # a throwaway container's; 8+ characters, as Neo4j 5 requires

_server: dict = {}  # the session's Neo4j: uri, auth, database, driver; or why there is none (skip, refused)


def _docker_answers() -> bool:
    """A Docker engine that answers a ping (DOCKER_HOST, or the default socket), as testcontainers needs."""
    try:
        import docker

        client = docker.from_env(timeout=5)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # no SDK, no socket, no daemon: all mean "no Docker here"
        return False


def _start_container(config: pytest.Config) -> tuple[str, tuple[str, str]]:
    try:
        from testcontainers.community.neo4j import Neo4jContainer
    except ImportError:  # testcontainers before 4.13
        from testcontainers.neo4j import Neo4jContainer

    container = Neo4jContainer(IMAGE, username="neo4j", password=CONTAINER_PASSWORD)
    # The server checks transaction deadlines every 2 s by default; the timeout tests want it sooner.
    container.with_env("NEO4J_db_transaction_monitor_check_interval", "100ms")
    container.start()
    config.add_cleanup(container.stop)
    return container.get_connection_url(), ("neo4j", CONTAINER_PASSWORD)


def _find_server(config: pytest.Config) -> dict:
    if os.environ.get("NEO4J_URI"):
        uri = os.environ["NEO4J_URI"]
        auth = (os.environ.get("NEO4J_USERNAME") or "neo4j", os.environ.get("NEO4J_PASSWORD") or "")
        database = os.environ.get("NEO4J_DATABASE") or None
    elif _docker_answers():
        (uri, auth), database = _start_container(config), None
    else:
        return {"skip": NO_NEO4J}
    driver = neo4j.GraphDatabase.driver(uri, auth=auth)
    config.add_cleanup(driver.close)
    try:
        driver.verify_connectivity()
        nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database).records[0]["n"]
    except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError) as e:
        return {"refused": f"the Neo4j at {uri} does not answer: {e}"}
    if nodes:
        return {"refused": f"the Neo4j tests write to and wipe their database, and {uri} "
                           f"(database {database or 'default'}) already holds {nodes} nodes; point NEO4J_URI or "
                           "NEO4J_DATABASE at an empty database"}
    return {"uri": uri, "auth": auth, "database": database, "driver": driver}


def _wipe(server: dict) -> None:
    server["driver"].execute_query("MATCH (n) DETACH DELETE n", database_=server["database"])


def neo4j_store_or_skip(request: pytest.FixtureRequest) -> Neo4jStore:
    """A store on the session's Neo4j, empty; what the test writes is wiped when it ends."""
    if not _server:
        _server.update(_find_server(request.config))
    if "skip" in _server:
        pytest.skip(_server["skip"])
    if "refused" in _server:
        pytest.fail(_server["refused"], pytrace=False)
    request.addfinalizer(lambda: _wipe(_server))
    return Neo4jStore(_server["uri"], auth=_server["auth"], database=_server["database"])


@pytest.fixture
def neo4j_store(request: pytest.FixtureRequest):
    """For tests that need Neo4j only (the `store` fixture in conftest.py covers both stores)."""
    store = neo4j_store_or_skip(request)
    yield store
    store.close()
