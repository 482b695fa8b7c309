"""Every page of the running app, in headless Chromium, on a data set whose
names, titles and file names are written to attack whoever reads them:
Markdown bold, emphasis, strike-through, links, images, LaTeX, Streamlit's
colour directive, bare ``http://`` and ``www.`` addresses, e-mail addresses
and HTML. The test fails on any of them rendered as what it says (an element
holding just the marked word, a link or image pointing outside, a formula)
and on any request leaving the machine (:func:`tests.ui.conftest.offline_page`)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import copy_demo, folder_to_zip, read_rows, write_rows
from tests.ui.conftest import offline_page
from tests.ui.test_browser import SCREENS, running_app

pytestmark = pytest.mark.slow  # the running app in headless Chromium

#: Words that appear only inside a piece of Markdown: an element whose whole text
#: is one of them means that piece was rendered (bold, emphasis, link, image,
#: colour, strike-through, HTML).
MARKED = ("粗甲", "斜乙", "链丙", "图丁", "红己", "删庚", "粗辛")


def hostile(tag: str) -> str:
    return (
        f"{tag}**粗甲**_斜乙_[链丙](http://evil.example/{tag})![图丁](http://evil.example/{tag}.png)"
        f"$x^2$:red[红己]~~删庚~~ http://evil.example/bare-{tag} www.evil.example x@evil.example <b>粗辛</b>"
    )


def _rename(folder: Path, table: str, key: str, column: str, names: dict[str, str]) -> None:
    rows = read_rows(folder / f"{table}.csv")
    for row in rows:
        if row[key] in names:
            row[column] = names[row[key]]
    write_rows(folder / f"{table}.csv", rows, list(rows[0]))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = copy_demo(tmp_path_factory.mktemp("hostile") / "江屿")
    _rename(data, "people", "id", "name", {row["id"]: hostile(row["id"]) for row in read_rows(data / "people.csv")})
    _rename(data, "organizations", "id", "name", {o: hostile(o) for o in ("JY", "XK", "XK-CZS")})
    _rename(data, "positions", "id", "title", {"JY-S": hostile("市委书记")})
    _rename(data, "cases", "id", "title", {"C2025-03": hostile("案件")})
    return data


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[str]:
    yield from running_app({"RESPNET_DATA": str(folder), "RESPNET_OPEN": "1"}, "streamlit-hostile.log")


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    with offline_page(browser, server, height=2200) as page:
        yield page


def _settle(page: Any) -> None:
    page.locator('[data-testid="stSidebar"]').wait_for(timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMain\"] h1').length > 0",
        timeout=60_000,
    )
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stException"]').count() == 0


_FORMATTED = """(marked) => {
  const base = location.origin;
  const bad = [];
  const frames = [document, ...[...document.querySelectorAll('iframe')].map(f => {
    try { return f.contentDocument; } catch (e) { return null; } }).filter(Boolean)];
  for (const doc of frames) {
    for (const el of doc.querySelectorAll('*')) {
      const own = (el.textContent || '').trim();
      if (marked.includes(own) && el.children.length === 0) bad.push(el.tagName + ':' + own);
    }
    for (const a of doc.querySelectorAll('a[href]')) {
      const href = a.getAttribute('href');
      if (/^(https?:)?\\/\\//i.test(href) && !a.href.startsWith(base)) bad.push('link:' + href);
      if (/^mailto:/i.test(href)) bad.push('mail:' + href);
    }
    for (const img of doc.querySelectorAll('img[src]')) {
      if (!/^(data:|blob:)/.test(img.getAttribute('src')) && !img.src.startsWith(base)) bad.push('img:' + img.src);
    }
    if (doc.querySelector('.katex, math')) bad.push('formula');
  }
  return bad;
}"""


def _check(page: Any, shot: str, *, shows: str | None = None) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"hostile-{shot}.png"), full_page=True)
    assert page.evaluate(_FORMATTED, list(MARKED)) == []
    if shows is not None:  # the attack is on the page, as text (the word joiners md() adds are invisible)
        assert shows in page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")


@pytest.mark.parametrize(
    ("path", "shows"),
    [
        ("", None),
        ("trace?case=C2025-03", "案件**粗甲**_斜乙_[链丙](http://evil.example/案件)"),
        ("explore", None),
        ("findings", None),
        ("people", "**粗甲**"),
        ("console", None),
    ],
)
def test_every_page_shows_hostile_data_as_text(page: Any, server: str, path: str, shows: str | None) -> None:
    page.goto(f"{server}/{path}")
    _settle(page)
    _check(page, path.split("?")[0] or "overview", shows=shows)


def test_a_post_history_shows_its_holders_as_text(page: Any, server: str) -> None:
    page.goto(f"{server}/people")
    _settle(page)
    page.get_by_text("岗位任职史", exact=True).click()
    page.wait_for_timeout(2500)
    _check(page, "people-post", shows="**粗甲**_斜乙_[链丙](http://evil.example/P")


def test_uploads_with_hostile_names_and_text_are_shown_as_text(page: Any, server: str, folder: Path) -> None:
    page.goto(f"{server}/importer")
    _settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": "上传**粗甲**[链丙](http://evil.example).zip", "mimeType": "application/zip", "buffer": _zip(folder)}
    )
    page.get_by_text("校验通过").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    _check(page, "importer", shows="上传**粗甲**[链丙](http://evil.example).zip")

    page.goto(f"{server}/lists")
    _settle(page)
    text = (
        "一、党委（党组）\n1. 每季度至少听取1次**粗甲**汇报[链丙](http://evil.example)。\n"
        "2. 每年至少讲1次~~删庚~~党课。\n"
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": "清单_斜乙_:red[红己].txt", "mimeType": "text/plain", "buffer": text.encode("utf-8")}
    )
    page.get_by_text("条款").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2000)
    _check(page, "lists")


def _zip(folder: Path) -> bytes:
    payload = folder_to_zip(folder)
    assert zipfile.ZipFile(io.BytesIO(payload)).namelist()
    return payload


@pytest.fixture(scope="module")
def secured(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from access.accounts import AccountRole, UserStore

    home = tmp_path_factory.mktemp("hostile-home")
    UserStore(home / "users.yaml").add("wang", AccountRole.ADMIN, password="admin-pass-123", display=hostile("主任"))
    env = {"RESPNET_DATA": str(folder), "RESPNET_HOME": str(home), "RESPNET_OPEN": ""}
    yield from running_app(env, "streamlit-hostile-admin.log")


def test_the_administration_page_shows_hostile_names_as_text(browser: Any, secured: str) -> None:
    with offline_page(browser, secured, height=2200) as page:
        page.goto(secured)
        page.get_by_role("heading", name="登录").wait_for(timeout=60_000)
        page.get_by_label("用户名").fill("x@evil.example **粗甲**")  # logged as a keyed hash, never as typed
        page.get_by_label("密码").fill("wrong-password")
        page.get_by_role("button", name="登录").click()
        page.get_by_text("用户名或密码不正确").wait_for(timeout=30_000)
        page.get_by_label("用户名").fill("wang")
        page.get_by_label("密码").fill("admin-pass-123")
        page.get_by_role("button", name="登录").click()
        page.get_by_role("heading", name="总览").first.wait_for(timeout=60_000)
        page.locator('[data-testid="stSidebarNav"]').get_by_text("系统管理").click()  # a new page load signs out
        _settle(page)
        page.get_by_text("日志完整").wait_for(timeout=30_000)
        _check(page, "admin")
        assert "主任**粗甲**" in page.locator('[data-testid="stSidebar"]').inner_text().replace("\u2060", "")
