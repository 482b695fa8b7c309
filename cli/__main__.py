"""``python -m cli``: the ``respnet`` command line."""

from cli import run

run()
