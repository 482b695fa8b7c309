"""The headless Chromium the browser tests share (Debian's, never a downloaded one)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
#: Where a page is photographed when a test fails while it is open (a flaky
#: failure is then seen as the browser saw it, not guessed from a timeout).
FAILURES = Path(__file__).resolve().parents[1] / "output" / "failures"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("browser tests skipped: no Chromium at /usr/bin/chromium (install Debian's chromium; .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests skipped: playwright is not installed")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@contextmanager
def offline_page(browser: Any, base: str, *, height: int) -> Iterator[Any]:
    """A page of the app at ``base``; on closing, fails the test if the app
    fetched anything from outside the machine."""
    page = browser.new_page(viewport={"width": 1400, "height": height}, locale="zh-CN")
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((base, "data:", "blob:", "about:")) else None,
    )
    try:
        yield page
    except (Exception, pytest.fail.Exception):  # a skip is no failure
        _photograph(page)
        raise
    finally:
        page.close()
    assert outside == [], f"the app fetched from outside the machine: {outside[:5]}"


def _photograph(page: Any) -> None:
    """Save what ``page`` shows, named after the running test (best effort: the
    page may be gone with the failure)."""
    test = os.environ.get("PYTEST_CURRENT_TEST", "unknown").split(" ")[0]
    FAILURES.mkdir(parents=True, exist_ok=True)
    path = FAILURES / (re.sub(r"[^\w.-]+", "_", test)[-150:] + ".png")
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as e:  # noqa: BLE001 - the failure itself matters more than its picture
        print(f"\nno screenshot of the failure: {e}")
    else:
        print(f"\nscreenshot of the failure: {path}")
