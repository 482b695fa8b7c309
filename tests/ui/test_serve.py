"""``respnet app``: the server loads the data the app opens on before anyone asks
(:mod:`ui.serve`), under the same key as the first page, and a failed load is
neither kept nor fatal."""

from __future__ import annotations

import logging
import sys

import pytest
from click.testing import CliRunner

from cli import main
from tests.helpers import DEMO
from ui import loading
from ui.data import default_source, folder_source
from ui.serve import app_imports, preload


@pytest.fixture(autouse=True)
def empty() -> None:
    loading.forget()


def test_the_default_data_is_held_under_the_first_pages_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESPNET_DATA", str(DEMO))
    key = preload()
    assert key is not None
    assert key == folder_source(default_source()).key  # what the sidebar asks for
    assert loading.held(key)
    assert {"ui.context", "ui.workspace", "pandas", "altair"} <= set(sys.modules)


def test_a_failed_load_is_logged_not_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RESPNET_DATA", str(tmp_path / "missing"))
    with caplog.at_level(logging.WARNING, logger="respnet"):
        assert preload() is None
    assert "did not load" in caplog.text and "Traceback" not in caplog.text  # the data's fault: one line
    assert not loading.held(folder_source(default_source()).key)


def test_the_imports_are_app_pys_own() -> None:
    names = app_imports()
    assert "ui.context" in names and "streamlit" in names and "ui.workspace" in names
    assert "ui.pages" not in names  # the pages are scripts, run by the navigation


def test_a_missing_data_folder_is_refused_before_the_server_starts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["app", "--data", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "找不到数据源" in result.output
