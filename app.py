"""respnet — the inspector's app (``streamlit run app.py``).

The router: page configuration, the shared sidebar (language, data source,
"as of" date) and the navigation. Each page lives in ``ui/pages/`` and reads
the shared context from :func:`ui.context.current`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from access.accounts import AccessMode, Permission
from graph.errors import RespnetError
from graph.i18n import t
from ui.auth import gate, may, user_line
from ui.context import page_lang, sidebar
from ui.data import on_demo, tidy_once
from ui.links import PAGE_FILES
from ui.loading import warm_imports
from ui.text import md
from ui.workspace import open_remembered_page, open_saved_view, remember_page, saved_views, search_box

ICON = Path(__file__).resolve().parent / "ui" / "icon.png"  # a file: no icon font fetched from outside

st.set_page_config(page_title="respnet", page_icon=str(ICON), layout="wide")

#: Every page, its icon, and the permission it needs (None: every signed-in user).
PAGES = (
    ("overview", ":material/dashboard:", None),
    ("trace", ":material/manage_search:", None),
    ("explore", ":material/hub:", None),
    ("paths", ":material/route:", None),
    ("findings", ":material/checklist:", None),
    ("leads", ":material/assignment:", None),
    ("decisions", ":material/gavel:", None),
    ("changes", ":material/history:", None),
    ("whatif", ":material/science:", None),
    ("dossier", ":material/folder_shared:", None),
    ("people", ":material/badge:", None),
    ("importer", ":material/upload_file:", Permission.UPLOAD),
    ("lists", ":material/post_add:", Permission.LISTS),
    ("console", ":material/terminal:", Permission.CONSOLE),
    ("admin", ":material/admin_panel_settings:", Permission.ACCOUNTS),
)

tidy_once()  # temporary files a killed write left behind, once per process
lang = page_lang()
remember_page()  # a link to a page, opened signed out: its page, after signing in
mode, user = gate(lang, on_demo=on_demo)  # draws the sign-in form (or says the app is closed) and stops
allowed = [(name, icon) for name, icon, needs in PAGES if needs is None or may(needs)]  # this role's pages
navigation = st.navigation(
    [
        st.Page(
            PAGE_FILES[name], title=t(f"app.page_{name}", lang), icon=icon, url_path=name, default=name == "overview"
        )
        for name, icon in allowed
    ],
    expanded=True,  # every page in sight: collapsed, the menu hides those past the tenth behind "more"
)
if mode is AccessMode.OPEN:
    st.warning(t("app.open_mode", lang), icon=":material/lock_open:")
elif mode is AccessMode.DEMO:
    st.warning(t("app.demo_mode", lang), icon=":material/lock_open:")
elif user is not None:
    user_line(user, lang)
    if user.scoped:
        st.info(t("app.scoped_notice", lang, scope="、".join(md(s) for s in user.scope)), icon=":material/filter_alt:")
open_remembered_page(navigation.url_path, (name for name, _ in allowed))
open_saved_view(lang)  # ?view=ID: its page, with its parameters
ctx = sidebar(needs_data=navigation.url_path not in ("importer", "lists", "console", "admin"), user=user)
if ctx is not None:
    search_box(ctx)
saved_views(lang, navigation.url_path or "overview", user)
try:
    navigation.run()
except RespnetError as e:  # a named error: its own message, no traceback
    st.error(md(e.message(page_lang())))
except Exception as e:
    logging.getLogger("respnet").exception("page %s failed", navigation.url_path)
    st.error(t("cli.internal_error", page_lang(), detail=type(e).__name__))
warm_imports()  # the first page is drawn: what the other pages import, in the background
