"""respnet — the inspector's app (``streamlit run app.py``).

The router: page configuration, the shared sidebar (language, data source,
"as of" date) and the navigation. Each page lives in ``ui/pages/`` and reads
the shared context from :func:`ui.context.current`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from graph.errors import RespnetError
from graph.i18n import t
from ui.context import page_lang, sidebar

ICON = Path(__file__).resolve().parent / "ui" / "icon.png"  # a file: no icon font fetched from outside

st.set_page_config(page_title="respnet", page_icon=str(ICON), layout="wide")

PAGES = (
    ("overview", ":material/dashboard:"),
    ("trace", ":material/manage_search:"),
    ("explore", ":material/hub:"),
    ("findings", ":material/checklist:"),
    ("people", ":material/badge:"),
    ("importer", ":material/upload_file:"),
    ("lists", ":material/post_add:"),
    ("console", ":material/terminal:"),
)

navigation = st.navigation(
    [
        st.Page(
            f"ui/pages/{name}.py",
            title=t(f"app.page_{name}", page_lang()),
            icon=icon,
            url_path=name,
            default=name == "overview",
        )
        for name, icon in PAGES
    ]
)
sidebar(needs_data=navigation.url_path not in ("importer", "lists", "console"))
try:
    navigation.run()
except RespnetError as e:  # a named error: its own message, no traceback
    st.error(e.message(page_lang()))
except Exception as e:
    logging.getLogger("respnet").exception("page %s failed", navigation.url_path)
    st.error(t("cli.internal_error", page_lang(), detail=type(e).__name__))
