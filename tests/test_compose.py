"""docker-compose.yml, the Dockerfile and .env.example, checked by structure: no Docker engine runs here.

What `docker compose up` must do: Neo4j 5 with a healthcheck and its data in a named volume; a one-shot
loader once Neo4j is healthy; the dashboard once the load has succeeded; every secret from the
environment, none written down.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
INTERPOLATED = re.compile(r"^\$\{(\w+)(:?[?-][^}]*)?\}$")


def command(service: str) -> str:
    cmd = SERVICES[service]["command"]
    return " ".join(cmd) if isinstance(cmd, list) else cmd


def depends(service: str) -> dict[str, str]:
    return {name: spec["condition"] for name, spec in SERVICES[service]["depends_on"].items()}


def container_ports(service: str) -> set[int]:
    return {int(str(p).split(":")[-1].split("/")[0]) for p in SERVICES[service].get("ports", [])}


def test_three_services():
    assert set(SERVICES) == {"neo4j", "loader", "dashboard"}


def test_neo4j_is_a_pinned_neo4j_5_with_its_data_in_a_named_volume():
    neo4j = SERVICES["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert container_ports("neo4j") == {7474, 7687}
    volume, _, mount = neo4j["volumes"][0].partition(":")
    assert mount == "/data" and volume in COMPOSE["volumes"]


def test_neo4j_has_a_healthcheck_the_others_wait_for():
    check = SERVICES["neo4j"]["healthcheck"]
    assert check["test"] and check["interval"] and check["retries"] >= 10
    assert depends("loader") == {"neo4j": "service_healthy"}


def test_the_loader_runs_once_and_loads_the_seeds_into_neo4j():
    assert command("loader") == "geokg load --graph bolt://neo4j:7687"
    assert SERVICES["loader"]["restart"] == "no"
    assert {"NEO4J_USERNAME", "NEO4J_PASSWORD"} <= set(SERVICES["loader"]["environment"])


def test_the_dashboard_starts_after_a_successful_load():
    dashboard = SERVICES["dashboard"]
    assert depends("dashboard") == {"neo4j": "service_healthy", "loader": "service_completed_successfully"}
    assert command("dashboard") == "geokg serve --graph bolt://neo4j:7687 --host 0.0.0.0 --port 8050"
    assert container_ports("dashboard") == {8050}
    assert dashboard["build"] == "."
    assert {"NEO4J_USERNAME", "NEO4J_PASSWORD", "GEOKG_AUTH"} <= set(dashboard["environment"])


@pytest.mark.parametrize("service", ["neo4j", "loader", "dashboard"])
def test_no_secret_is_written_down(service):
    env = SERVICES[service].get("environment", {})
    assert isinstance(env, dict), "environment as a mapping, so each value can be checked"
    for name, value in env.items():
        if "PASSWORD" in name or "AUTH" in name:
            secret = str(value).removeprefix("neo4j/")  # NEO4J_AUTH is user/password
            assert INTERPOLATED.match(secret), f"{service}: {name} must come from the environment, not {value!r}"


def test_the_example_env_file_names_every_variable_compose_needs():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    given = dict(re.findall(r"^(\w+)=(.*)$", example, flags=re.M))
    needed = set(re.findall(r"\$\{(\w+)", (ROOT / "docker-compose.yml").read_text(encoding="utf-8")))
    assert needed == {"NEO4J_PASSWORD", "GEOKG_AUTH"} and needed <= set(given)
    assert ":" in given["GEOKG_AUTH"]
    compose_text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert all(value not in compose_text for value in given.values())
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_the_image_installs_geokg_and_runs_unprivileged():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, flags=re.M)
    assert "RUN pip install ." in dockerfile and "EXPOSE 8050" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, flags=re.M)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".env", ".venv", ".geokg"} <= set(ignored)


def test_every_port_is_published_on_loopback_only():
    published = [p for service in COMPOSE["services"].values() for p in service.get("ports", [])]
    assert published and all(str(p).startswith("127.0.0.1:") for p in published), published


def test_neo4j_reads_no_file_and_fetches_no_url():
    environment = COMPOSE["services"]["neo4j"]["environment"]
    assert environment["NEO4J_dbms_security_allow__csv__import__from__file__urls"] == "false"
    assert set(environment["NEO4J_internal_dbms_cypher__ip__blocklist"].split(",")) == {"0.0.0.0/0", "::/0"}
