"""The app's connection to the shared Neo4j store.

Settings come from Streamlit secrets (``[neo4j]`` with ``uri``, ``user``,
``password``, ``database``) or, failing that, the environment (``NEO4J_URI``,
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``). The driver is opened
once per server, user and database and shared by every session
(``st.cache_resource``); a failed connection is not cached.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:  # the driver (and the neo4j package) is imported when a store is asked for
    from store.driver import Connection, Neo4jStore

__all__ = ["neo4j_connection", "store_for"]


def _secrets() -> Mapping[str, str]:
    try:
        section = st.secrets.get("neo4j", {})
    except (FileNotFoundError, KeyError, ValueError):  # no secrets file: the environment decides
        return {}
    return {k: str(v) for k, v in dict(section).items()}


def neo4j_connection() -> Connection | None:
    """The configured connection, or None when neither secrets nor the environment
    name a server; a bad address or a missing password raises :class:`StoreError`."""
    from store.driver import Connection

    secrets = _secrets()
    if secrets.get("uri"):
        env = {
            "NEO4J_URI": secrets["uri"],
            "NEO4J_USER": secrets.get("user", "neo4j"),
            "NEO4J_PASSWORD": secrets.get("password", ""),
            "NEO4J_DATABASE": secrets.get("database", ""),
        }
        return Connection.from_env(env=env)
    if not os.environ.get("NEO4J_URI"):
        return None
    return Connection.from_env()


@st.cache_resource(show_spinner=False, max_entries=4)
def _open(uri: str, user: str, database: str | None, _conn: Connection) -> Neo4jStore:
    from store.driver import connect

    return connect(_conn)


def store_for(conn: Connection) -> Neo4jStore:
    """A checked, shared connection (raises :class:`StoreError` with the reason)."""
    return _open(conn.uri, conn.user, conn.database, conn)
