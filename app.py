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
from ui.auth import gate, user_line
from ui.context import page_lang, sidebar
from ui.users import Permission

ICON = Path(__file__).resolve().parent / "ui" / "icon.png"  # a file: no icon font fetched from outside

st.set_page_config(page_title="respnet", page_icon=str(ICON), layout="wide")

#: Every page, its icon, and the permission it needs (None: every signed-in user).
PAGES = (
    ("overview", ":material/dashboard:", None),
    ("trace", ":material/manage_search:", None),
    ("explore", ":material/hub:", None),
    ("findings", ":material/checklist:", None),
    ("people", ":material/badge:", None),
    ("importer", ":material/upload_file:", Permission.IMPORT),
    ("lists", ":material/post_add:", Permission.LISTS),
    ("console", ":material/terminal:", Permission.CONSOLE),
    ("admin", ":material/admin_panel_settings:", Permission.ACCOUNTS),
)

lang = page_lang()
configured, user = gate(lang)  # draws the sign-in form and stops when accounts exist and nobody is signed in
navigation = st.navigation(
    [
        st.Page(
            f"ui/pages/{name}.py",
            title=t(f"app.page_{name}", lang),
            icon=icon,
            url_path=name,
            default=name == "overview",
        )
        for name, icon, needs in PAGES
        # open mode has no accounts to manage; a signed-in user sees the pages their role allows
        if (user.can(needs) if user is not None and needs is not None else configured or name != "admin")
    ]
)
if user is None:
    st.warning(t("app.open_mode", lang), icon=":material/lock_open:")
else:
    user_line(user, lang)
    if user.scoped:
        st.info(t("app.scoped_notice", lang, scope="、".join(user.scope)), icon=":material/filter_alt:")
sidebar(needs_data=navigation.url_path not in ("importer", "lists", "console", "admin"), user=user)
try:
    navigation.run()
except RespnetError as e:  # a named error: its own message, no traceback
    st.error(e.message(page_lang()))
except Exception as e:
    logging.getLogger("respnet").exception("page %s failed", navigation.url_path)
    st.error(t("cli.internal_error", page_lang(), detail=type(e).__name__))
