"""vis-network is served from the app's static folder: copied there from the
pyvis package, refreshed when it differs, and inlined into the canvas module
when static serving is off or the folder cannot be written."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config

import ui.canvas as canvas


@pytest.fixture()
def static(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "static"
    monkeypatch.setattr(canvas, "STATIC", folder)
    was = config.get_option("server.enableStaticServing")
    config.set_option("server.enableStaticServing", True)
    canvas.module_source.cache_clear()
    yield folder
    config.set_option("server.enableStaticServing", was)
    canvas.module_source.cache_clear()


def test_the_script_is_copied_from_pyvis_once_and_named_by_its_version(static: Path) -> None:
    name = canvas.served_vis()
    assert name == "vis-network-9.1.2.min.js"
    served = static / name
    assert served.read_bytes() == canvas._VIS.read_bytes()
    os.utime(served, (1, 1))
    assert canvas.served_vis() == name and served.stat().st_mtime == 1  # the same file: not written again
    served.write_text("stale", encoding="utf-8")
    assert canvas.served_vis() == name and served.read_bytes() == canvas._VIS.read_bytes()
    assert [p.name for p in static.iterdir()] == [name]  # no partial file left behind


def test_the_module_names_the_served_script_instead_of_carrying_it(static: Path) -> None:
    served = canvas.module_source()
    inline = canvas.module_source(inline=True)
    assert '"url": "./app/static/vis-network-9.1.2.min.js"' in served and '"source"' not in served
    assert len(served) < 50_000 < 400_000 < len(inline)  # half a megabyte less with each page that draws
    assert "vis.Network" in served and "vis.Network" in inline


def test_without_static_serving_or_a_writable_folder_the_script_is_inlined(
    static: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    config.set_option("server.enableStaticServing", False)
    assert canvas.served_vis() is None and not static.exists()
    assert '"source"' in canvas.module_source()
    config.set_option("server.enableStaticServing", True)
    canvas.module_source.cache_clear()
    blocked = static.parent / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setattr(canvas, "STATIC", blocked / "static")  # cannot be made, whoever runs the app
    assert canvas.served_vis() is None
    assert '"source"' in canvas.module_source()
    assert "vis-network inlined" in caplog.text
