"""A browser test that fails leaves a picture of its page (tests/output/failures)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import FAILURES, offline_page


def test_a_failure_inside_a_page_is_photographed(browser) -> None:  # type: ignore[no-untyped-def]
    expected = FAILURES / "tests_ui_test_failure_photo.py_test_a_failure_inside_a_page_is_photographed.png"
    expected.unlink(missing_ok=True)
    with pytest.raises(AssertionError, match="on purpose"), offline_page(browser, "about:", height=300) as page:
        page.set_content("<h1>失败时的页面</h1>")
        raise AssertionError("failed on purpose")
    assert expected.stat().st_size > 1000
    expected.unlink()


def test_a_skip_inside_a_page_is_not_photographed(browser) -> None:  # type: ignore[no-untyped-def]
    before = set(FAILURES.glob("*.png")) if FAILURES.exists() else set()
    with pytest.raises(pytest.skip.Exception), offline_page(browser, "about:", height=300):
        pytest.skip("not a failure")
    assert (set(FAILURES.glob("*.png")) if FAILURES.exists() else set()) == before
