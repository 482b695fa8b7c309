"""Casework: what inspectors do with what respnet finds — leads (问题线索)
followed to a decision and the rectification ledger (整改台账) followed until
each item is closed with evidence.

Kept in a real database through SQLAlchemy 2 (:mod:`casework.db`): SQLite in
``$RESPNET_HOME`` by default, PostgreSQL for a shared deployment
(``RESPNET_DB_URL``), the schema made and moved on by Alembic migrations
(``casework/migrations``). Every change is written with its history row in
one transaction, so a killed process leaves the last committed state whole.
"""
