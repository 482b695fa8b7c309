"""One place turns errors into exit statuses: each error class carries its own."""

from __future__ import annotations

import graph.errors as errors
from graph.errors import RespnetError, StoreError


def test_each_error_class_carries_its_exit_status() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, RespnetError)]
    assert len(classes) > 5
    for cls in classes:
        assert cls.exit_code == (3 if issubclass(cls, StoreError) else 2), cls.__name__


def test_the_cli_asks_the_error_for_its_status(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from cli import main

    class Odd(RespnetError):
        exit_code = 7

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise Odd("error.generic")

    monkeypatch.setattr("rules.load_rule_set", boom)
    result = CliRunner().invoke(main, ["trace", "data/demo", "C2025-03"])
    assert result.exit_code == 7
