"""The canvas every drawing of the app is shown on: a Streamlit custom
component (``st.components.v2``) around vis-network that answers clicks.

A click selects a node (``selected``: the page shows its details on the
view's date); a double-click, or the expand button, asks for its
neighbourhood (``expand``, a trigger); the toolbar pins a node where it
stands, hides it (``hidden``), shows everything again, fits the view, and
downloads the drawing as PNG or SVG. vis-network's script comes from the
pyvis package: copied into the app's static folder and served from there
(``server.enableStaticServing``), so a browser keeps it, compiled, between
pages instead of being sent half a megabyte with every page that draws; where
that folder cannot be written or static serving is off, it is inlined into the
component's module. Nothing is fetched from outside. Node and edge texts
travel as JSON data and are drawn as text.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyvis
import streamlit as st

from ui.draw import DrawEdge, DrawNode, drawing

__all__ = ["CSS", "STATIC", "TEXT_KEYS", "Canvas", "canvas", "canvas_data", "module_source", "served_vis"]

_JS = Path(__file__).resolve().parent / "canvas.js"
_VIS = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
#: The app's static folder: Streamlit serves it at ``app/static/`` beside the pages.
STATIC = Path(__file__).resolve().parent.parent / "static"
CSS = """
.rn-canvas { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; }
.rn-canvas .rn-tools { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 6px; }
.rn-canvas .rn-tools button { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid #c9ced6;
  border-radius: 6px; background: #fff; color: #222; cursor: pointer; }
.rn-canvas .rn-tools button:hover { border-color: #4C78A8; color: #4C78A8; }
.rn-canvas .rn-graph { border: 1px solid #e3e3e3; border-radius: 6px; background: #fff; position: relative; }
.rn-canvas .rn-status { font-size: 12px; color: #666; min-height: 1em; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; white-space: pre-wrap; max-width: 360px;
  font-size: 12px; color: #222; background: #fffdf0; border: 1px solid #d9d2a6; border-radius: 4px;
  box-shadow: 2px 2px 8px rgba(0, 0, 0, .15); pointer-events: none; z-index: 5; }
"""
#: The toolbar's texts, by name (``app.canvas_NAME`` in the translation table).
TEXT_KEYS = ("fit", "expand", "pin", "hide", "show_all", "png", "svg", "pinned", "unpinned", "unavailable")


@cache
def module_source(*, inline: bool = False) -> str:
    """The component's JavaScript module: where vis-network comes from (its
    address in the app's static folder, else, or with ``inline``, its source),
    then the canvas."""
    served = None if inline else served_vis()
    vis = {"url": f"./app/static/{served}"} if served else {"source": _VIS.read_text("utf-8")}
    return f"const VIS = {json.dumps(vis)};\n" + _JS.read_text("utf-8")


def served_vis() -> str | None:
    """The name vis-network is served under from the app's static folder, copied
    there from the pyvis package when missing or different; None when static
    serving is off or the folder cannot be written (the script is inlined then)."""
    if not st.get_option("server.enableStaticServing"):
        return None
    source = _VIS.read_bytes()
    target = STATIC / f"{_VIS.parent.name.replace('vis-', 'vis-network-')}.min.js"
    try:
        if not target.is_file() or target.read_bytes() != source:
            STATIC.mkdir(exist_ok=True)
            part = target.with_name(f".{target.name}.part")
            part.write_bytes(source)
            part.replace(target)  # whole or not at all: another process may be serving it
    except OSError as e:
        logging.getLogger("respnet").warning("vis-network inlined: %s cannot be written (%s)", target, e)
        return None
    return target.name


@cache
def _component() -> Any:
    """The component, registered once per process."""
    return st.components.v2.component("respnet_canvas", js=module_source(), css=CSS, isolate_styles=False)


def canvas_data(
    nodes: list[DrawNode],
    edges: list[DrawEdge],
    *,
    text: dict[str, str],
    file: str,
    hierarchical: bool = False,
    height: int = 620,
    hidden: Iterable[str] = (),
    expandable: bool = False,
) -> dict[str, Any]:
    """What the canvas is sent: the drawing (:func:`ui.draw.drawing`), a key
    that changes only when the drawing does, the toolbar's texts and the rest."""
    data = drawing(nodes, edges, hierarchical=hierarchical)
    data["key"] = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    data["text"] = {k: text[k] for k in TEXT_KEYS}
    data["file"] = file
    data["height"] = height
    data["hidden"] = sorted(hidden)
    data["expandable"] = expandable
    return data


@dataclass(frozen=True)
class Canvas:
    """What the inspector did on the canvas: the node selected, the nodes
    hidden, the nodes pinned, and the node just asked to expand (or None)."""

    selected: str | None = None
    hidden: tuple[str, ...] = ()
    pinned: dict[str, Any] = field(default_factory=dict)
    expand: str | None = None


def canvas(
    nodes: list[DrawNode],
    edges: list[DrawEdge],
    *,
    key: str,
    text: dict[str, str],
    file: str,
    hierarchical: bool = False,
    height: int = 620,
    expandable: bool = False,
    selected: str | None = None,
) -> Canvas:
    """Draw ``nodes`` and ``edges`` on the canvas ``key``, less the nodes the
    inspector hid there; ``text`` labels the toolbar (:data:`TEXT_KEYS`),
    ``file`` names the PNG and SVG downloads; an ``expandable`` canvas offers
    to expand a node (double-click or the button); ``selected`` is shown
    selected when the drawing is made. A change of what is hidden
    draws the page again at once."""
    memory, pins = f"_canvas_hidden_{key}", f"_canvas_pinned_{key}"
    hidden = set(st.session_state.get(memory, ()))
    if hidden:
        nodes = [n for n in nodes if n.id not in hidden]
        edges = [e for e in edges if e.source not in hidden and e.target not in hidden]
    data = canvas_data(
        nodes,
        edges,
        text=text,
        file=file,
        hierarchical=hierarchical,
        height=height,
        hidden=hidden,
        expandable=expandable,
    )
    data["selected"] = selected
    data["pinned"] = st.session_state.get(pins, {})  # where the inspector pinned nodes, kept when the drawing changes
    result = _component()(
        key=key,
        data=data,
        default={"selected": None, "hidden": [], "pinned": {}},
        height=height + 64,
        on_selected_change=_ignore,
        on_hidden_change=_ignore,
        on_pinned_change=_ignore,
        on_expand_change=_ignore,
    )
    st.session_state[pins] = dict(result.get("pinned") or {})
    now_hidden = tuple(result.get("hidden") or ())
    if set(now_hidden) != hidden:
        st.session_state[memory] = now_hidden
        st.rerun()
    return Canvas(
        selected=result.get("selected"),
        hidden=now_hidden,
        pinned=dict(result.get("pinned") or {}),
        expand=result.get("expand"),
    )


def _ignore() -> None:
    """The change is read from the component's result on the rerun."""
