"""The local Neo4j that ``make neo4j`` and ``make test`` start (store/server.py).

The configuration and file modes are read off the instance this run was
started with (``RESPNET_NEO4J_HOME``, set by ``python -m store.server run``);
a second instance whose Bolt port is taken shows that start fails at once
with the log's tail instead of waiting out its timeout."""

from __future__ import annotations

import os
import re
import socket
import stat
import time
from pathlib import Path

import pytest

import store.server as server_module
from graph.errors import StoreError
from store.server import Instance, Server, find_java, min_java, new_password

pytestmark = pytest.mark.slow  # starts and stops real Neo4j servers

#: the instance `python -m store.server run` started for this test run
RUNNING = Path(os.environ.get("RESPNET_NEO4J_HOME", "/nonexistent"))
needs_java = pytest.mark.skipif(
    find_java(17) is None or not __import__("shutil").which("mvn"),
    reason="no Java 17+ or Maven here: no local Neo4j can be started",
)


def test_versions_need_their_java() -> None:
    assert min_java("5.26.30") == 17 and min_java("2026.08.1") == 21
    found = find_java(21)
    assert found is None or (found / "bin" / "java").exists()


@pytest.mark.skipif(
    not (RUNNING / "connection.env").is_file(), reason="not run by `python -m store.server run` (make test)"
)
def test_the_test_instance_is_local_private_and_bounded() -> None:
    conf = dict(
        line.split("=", 1) for line in (RUNNING / "conf" / "neo4j.conf").read_text().splitlines() if "=" in line
    )
    assert conf["server.default_listen_address"] == "127.0.0.1"
    assert conf["server.bolt.listen_address"].startswith("127.0.0.1:")
    assert conf["server.http.enabled"] == "false" and conf["server.https.enabled"] == "false"
    assert conf["dbms.usage_report.enabled"] == "false" and conf["dbms.security.auth_enabled"] == "true"
    assert conf["server.memory.heap.max_size"] and conf["server.memory.pagecache.size"]
    for secret in (RUNNING / "password", RUNNING / "connection.env"):
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600, secret
    env = dict(line.split("=", 1) for line in (RUNNING / "connection.env").read_text().splitlines() if "=" in line)
    assert env["NEO4J_URI"] == f"bolt://{conf['server.bolt.listen_address']}"
    assert os.environ["NEO4J_URI"] == env["NEO4J_URI"]


@needs_java
def test_a_server_that_dies_fails_the_start_at_once_with_its_log(monkeypatch: pytest.MonkeyPatch) -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    taken = holder.getsockname()[1]
    monkeypatch.setattr(server_module, "_free_port", lambda: taken)
    broken = Server(Instance("test-broken", heap="512m", pagecache="64m"))
    began = time.monotonic()
    try:
        with pytest.raises(StoreError) as caught:
            broken.start(fresh=True)
    finally:
        holder.close()
        broken.stop()
    took = time.monotonic() - began
    assert caught.value.key == "error.server_died", caught.value.message("en")
    assert str(taken) in caught.value.params["tail"]  # the log says which address could not be bound
    assert took < server_module.START_TIMEOUT / 2


def test_a_generated_password_is_never_taken_for_an_option() -> None:
    """neo4j-admin reads a password starting with "-" as an option and refuses to start (seen in CI)."""
    drawn = [new_password() for _ in range(500)]
    assert all(re.fullmatch(r"[0-9a-f]{48}", p) for p in drawn)
    assert len(set(drawn)) == len(drawn)
