"""The app starts on the demo data with no exception, in both languages (every page: tests/ui/)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT


def test_app_runs_on_the_demo() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "总览"
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Overview"
