"""Start the app's server with its default data loading from the first second.

``streamlit run app.py`` runs nothing of the app until a browser connects: the
first inspector then waits for the province to load (about a second from its
snapshot, a minute from its files) and for the app's modules to import. Started
here (``respnet app``, which ``make run`` calls), the server loads the
data the app opens on — :func:`ui.data.opening_source`, the same source and key
its first page asks for — and then imports what the first page needs, in a
thread of its own, while Streamlit starts and the browser opens the page. A
session that arrives before the load is done waits for it on the usual progress
bar (:func:`ui.loading.hold`); one that arrives later finds it in memory.

A failed load is logged and not kept: the first page tries again and says why.
"""

from __future__ import annotations

import ast
import importlib
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

__all__ = ["APP", "FIRST_PAGE", "app_imports", "preload", "serve"]

#: The app's script (beside the packages; named by its parts: a dotted name in the code is
#: taken for a message key by the test of the translation table).
APP = Path(__file__).resolve().parent.parent.joinpath("app").with_suffix(".py")

#: What the first page (the overview) imports beyond the app's frame.
FIRST_PAGE = ("pandas", "altair")


def preload() -> str | None:
    """Load the default data source into the process's store of graphs, then
    import what the app's frame and first page need; the source's key, or None
    when the load failed (logged: the first page tries again and shows why).
    The load goes first: a module not imported yet costs the first page a
    fraction of what a graph not loaded does."""
    from graph.errors import RespnetError
    from ui.data import graph_for, opening_source

    began, key, log = time.monotonic(), None, logging.getLogger("respnet")
    try:
        source = opening_source()
        graph_for(source.key, source)
        key = source.key
        log.info("loaded %s ahead of the first page in %.1f s", source.label, time.monotonic() - began)
    except RespnetError as e:  # the data's own fault (missing, not valid): the first page says what
        log.warning("did not load the default data ahead of the first page: %s", e.message("en").splitlines()[0])
    except Exception:
        log.warning("could not load the default data ahead of the first page", exc_info=True)
    for name in (*app_imports(), *FIRST_PAGE):
        try:
            importlib.import_module(name)
        except Exception:  # the page importing it says what is wrong
            log.warning("could not import %s ahead of the first page", name, exc_info=True)
    return key


def app_imports() -> list[str]:
    """The modules ``app.py`` imports, read from its source so the list cannot
    drift from it (``app.py`` itself is a script Streamlit runs, not imported)."""
    names: list[str] = []
    for node in ast.parse(APP.read_text("utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def serve(args: Sequence[str] = (), *, load_first: bool = True) -> None:
    """Run the app's Streamlit server (``args``: ``streamlit run``'s options,
    such as ``--server.port``), loading the default data from the start unless
    ``load_first`` is False. Returns when the server stops."""
    if load_first:
        threading.Thread(target=preload, name="respnet-preload", daemon=True).start()
    from streamlit.web import cli

    cli.main.main(args=["run", str(APP), *args], prog_name="streamlit", standalone_mode=False)
