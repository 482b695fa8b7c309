"""The canvas outside Streamlit: a page that runs the component's own module
on some data, as the app's component does (for tests and benchmarks that look
at the drawing alone)."""

from __future__ import annotations

import json


def canvas_page(data: dict[str, object]) -> str:
    """A page that runs the canvas's own module on ``data`` outside Streamlit
    (what the component does in the app): for tests that look at the drawing alone."""
    from ui.canvas import CSS, module_source

    # vis-network inlined: a page opened from a file has no app to serve it
    module = module_source(inline=True).replace("export default function", "window.renderCanvas = function", 1)
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{CSS}</style></head><body><div id='host'></div>"
        f"<script>{module}</script><script>window.events = [];"
        f"renderCanvas({{data: {payload}, parentElement: document.getElementById('host'),"
        " setStateValue: (k, v) => events.push(['state', k, v]),"
        " setTriggerValue: (k, v) => events.push(['trigger', k, v])});"
        "</script></body></html>"
    )
