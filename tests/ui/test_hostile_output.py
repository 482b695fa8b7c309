"""Data that tries to attack whoever reads it — Markdown links and images,
HTML and script in names and titles — is shown as the text it is: in the
app's pages (Streamlit Markdown) and in the graph drawing (the canvas,
checked in headless Chromium: nothing runs, nothing is fetched, the tooltip
and the detail panel show the text)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tests.canvas_page import canvas_page
from tests.helpers import copy_demo, read_rows, write_rows
from tests.ui.test_pages import AT, goto
from ui.draw import DrawEdge, DrawNode

EVIL_NAME = "许晓东[点此](http://evil.example/x)![](http://evil.example/t.png)<script>window.pwned=1</script>"
EVIL_TITLE = "**虚报**<img src=x onerror=window.pwned=2>:red[红字]`code`"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = copy_demo(tmp_path / "hostile")
    people = read_rows(folder / "people.csv")
    for row in people:
        if row["id"] == "P036":
            row["name"] = EVIL_NAME
    write_rows(folder / "people.csv", people, list(people[0]))
    cases = read_rows(folder / "cases.csv")
    for row in cases:
        if row["id"] == "C2025-03":
            row["title"] = EVIL_TITLE
    with (folder / "cases.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(cases[0]))
        writer.writeheader()
        writer.writerows(cases)
    return folder


def test_md_escapes_what_markdown_acts_on_and_nothing_else() -> None:
    import doctest

    import ui.text

    assert doctest.testmod(ui.text).failed == 0


def _markdown_values(at) -> list[str]:  # type: ignore[no-untyped-def]
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    return [str(e.value) for kind in kinds for e in getattr(at, kind)] + [
        str(e.value) for e in (*at.sidebar.markdown, *at.sidebar.caption)
    ]


def test_names_and_titles_reach_markdown_escaped(hostile: Path) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.helpers import ROOT

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["at"] = AT
    at.session_state["folder"] = str(hostile)
    at.query_params["case"] = "C2025-03"
    at = goto(at.run(), "trace")
    assert not at.exception
    values = _markdown_values(at)
    shown = "\n".join(values)
    assert "许晓东" in shown and "虚报" in shown  # the data is there ...
    for value in values:  # ... but never as a link, an image, bold, a colour or HTML
        unescaped = [r"(?<!\\)\]\(", r"(?<!\\)\*\*虚报", r"(?<!\\):red", r"(?<!\\)<img", r"(?<!\\)<script"]
        assert not [p for p in unescaped if re.search(p, value)], value


def test_the_drawing_shows_hostile_text_as_text(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.canvas import TEXT_KEYS, canvas_data

    evil_id = "A</script><script>window.pwned=3</script>"
    data = canvas_data(
        [
            DrawNode(evil_id, EVIL_NAME, EVIL_TITLE + "\n" + EVIL_NAME, "#c00"),
            DrawNode("B", "<b>粗</b>", "<iframe src=http://evil.example></iframe>", "#0c0"),
        ],
        [DrawEdge(evil_id, "B", "<u>边</u>", title="<img src=x onerror=alert(1)>")],
        text={k: f"<i>{k}</i>" for k in TEXT_KEYS},
        file="<b>x</b>",
    )
    page = browser.new_page(viewport={"width": 1000, "height": 760})
    outside: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("data:", "about:", "file:")) else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    path = tmp_path / "canvas.html"
    path.write_text(canvas_page(data), "utf-8")
    page.goto(path.as_uri())
    root = page.locator(".rn-canvas[data-drawn]")
    root.wait_for(state="attached", timeout=30_000)
    assert root.get_attribute("data-drawn") == "2"
    assert page.locator(".rn-tools button").first.inner_text() == "<i>fit</i>"  # the toolbar's text is text too
    # hover the first node: the tooltip holds the text, no element made from it
    spot = page.evaluate(
        "(id) => { const n = document.querySelector('.rn-canvas').network;"
        " return n.canvasToDOM(n.getPositions([id])[id]); }",
        evil_id,
    )
    box = page.locator(".rn-graph").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    page.locator("div.vis-tooltip").wait_for(state="visible", timeout=10_000)
    tip = page.locator("div.vis-tooltip")
    assert EVIL_TITLE in tip.inner_text() and tip.locator("img, script, iframe").count() == 0
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    assert page.evaluate("() => events") == [["state", "selected", evil_id]]  # the id travels back whole
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("body img, body iframe").count() == 0
    assert len(page.locator("script").all()) == 3  # the canvas module, the call, vis-network's own: nothing injected
    assert not dialogs and not outside
    page.screenshot(path=str(Path(__file__).resolve().parents[1] / "output" / "screens" / "hostile-drawing.png"))
    page.close()
