"""Alembic's environment for the casework database: run on the connection
:func:`casework.db.migrate` hands over (``config.attributes["connection"]``)."""

from __future__ import annotations

from alembic import context

from casework.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
