"""The shared sidebar — language, data source, "as of" date — and the context
every page reads: the language, the date and the source, whose questions the
pages ask through :mod:`ui.data` (answered in memory, or by the store itself).

``app.py`` calls :func:`sidebar` on every run before the page; a page calls
:func:`current` and gets the same context, or stops if the data did not load.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import pandas as pd
import streamlit as st

from access.accounts import Permission, User
from graph.errors import LoadError, Problem, RespnetError
from graph.i18n import DEFAULT_LANG, LANGS, Lang, resolve_lang, t, term
from graph.schema import NodeLabel
from queries.labels import level_label
from ui.auth import may, note_source, record
from ui.data import (
    Source,
    default_source,
    folder_source,
    graph_for,
    neo4j_source,
    network_for,
    node_counts,
    opening_source,
    span_for,
)
from ui.loading import held
from ui.store import neo4j_connection
from ui.text import md

__all__ = ["Context", "activate_upload", "current", "optional", "page_lang", "problems_frame", "sidebar", "use_saved"]

_CTX = "_respnet_context"
_UPLOADS = "uploads"  # source key -> Source, every upload that validated this session
_IN_USE = "_respnet_source_in_use"  # the key of the source the last run used (a change is audited)
KIND_PATH, KIND_UPLOAD, KIND_NEO4J = "path", "upload", "neo4j"


@dataclass(frozen=True)
class Context:
    """What a page needs: the reader's language, the date, the source."""

    lang: Lang
    at: date
    source: Source

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def term(self, member: StrEnum | str, vocab: type[StrEnum] | None = None) -> str:
        if isinstance(member, StrEnum):
            return term(member, self.lang)
        return term(vocab(member), self.lang) if vocab else str(member)

    def level(self, level: str) -> str:
        """A level's label in the reader's language (unknown levels as written)."""
        return level_label(level, self.lang)


def problems_frame(problems: Sequence[Problem], lang: Lang) -> pd.DataFrame:
    """Load problems as a table: file, row, column, severity, message; text
    throughout (a row number beside an empty cell is no mixed column for Arrow)."""
    return pd.DataFrame(
        [
            {
                t("app.col_file", lang): p.file,
                t("app.col_row", lang): str(p.row) if p.row is not None else "",
                t("app.col_column", lang): p.column or "",
                t("app.col_severity", lang): t(f"app.severity_{p.severity.value}", lang),
                t("app.col_message", lang): p.message(lang),
            }
            for p in problems
        ],
        dtype=str,
    )


def activate_upload(source: Source) -> None:
    """Make a validated upload the session's data source (a button callback:
    it runs before the sidebar is drawn again); the switch is audited."""
    record("source_switch", kind=KIND_UPLOAD, to=source.label, sha256=source.key.removeprefix("upload:"))
    st.session_state.setdefault(_UPLOADS, {})[source.key] = source
    st.session_state["source_kind"] = KIND_UPLOAD
    st.session_state["upload_choice"] = source.key
    st.session_state[_IN_USE] = _identity(source)


def use_saved(path: str) -> None:
    """Show this session the dataset just saved or restored at ``path`` (a
    button callback; the save or restore is its audit line, not a switch)."""
    st.session_state["source_kind"] = KIND_PATH
    st.session_state["folder"] = path
    st.session_state[_IN_USE] = f"{KIND_PATH}:{path}"


def _identity(source: Source) -> str:
    """What names a source across runs (a folder's key also changes when its files do)."""
    if source.kind == KIND_PATH:
        return f"{KIND_PATH}:{source.path}"
    return source.key if source.kind == KIND_UPLOAD else f"{KIND_NEO4J}:{source.label}"


def _note_switch(source: Source | None) -> None:
    """Audit a change of the data this session is shown (not the first choice)."""
    key = _identity(source) if source is not None else None
    before = st.session_state.get(_IN_USE, key)
    if key is not None and key != before:
        record("source_switch", kind=source.kind if source else None, to=source.label if source else None)
    st.session_state[_IN_USE] = key if key is not None else before


def _pick_source(lang: Lang, may_choose: bool, may_upload: bool) -> Source | None:
    """The source chosen in the sidebar. Who may not choose (signed in
    without the import permission, or a visitor of the open demo) gets the
    server's data or the shared store — no folder typed in, the widget's value
    not even read — and their own uploads only if they may upload."""
    uploads: dict[str, Source] = st.session_state.get(_UPLOADS, {}) if may_upload else {}
    kind = st.sidebar.radio(
        t("app.data_source", lang),
        [KIND_PATH, KIND_UPLOAD, KIND_NEO4J] if may_upload else [KIND_PATH, KIND_NEO4J],
        format_func=lambda k: t(f"app.source_{k}", lang),
        key="source_kind",
    )
    if kind == KIND_NEO4J:
        conn = neo4j_connection()
        if conn is None:
            st.sidebar.info(t("app.neo4j_not_configured", lang))
            return None
        source, meta = neo4j_source(conn)
        name, pushed = md(meta.get("name") or ""), md(meta.get("pushed"))
        st.sidebar.caption(t("app.neo4j_pushed", lang, name=name, nodes=meta.get("nodes"), pushed=pushed))
        if meta.get("pushing"):
            st.sidebar.warning(t("cli.store_pushing", lang, where=md(conn.label), pushing=md(meta["pushing"])))
        return source
    if kind == KIND_UPLOAD:
        if not uploads:
            st.sidebar.info(t("app.no_uploads", lang))
            st.sidebar.page_link(
                "ui/pages/importer.py", label=t("app.page_importer", lang), icon=":material/upload_file:"
            )
            return None
        choice = st.sidebar.selectbox(
            t("app.upload_choice", lang),
            list(uploads),
            format_func=lambda k: uploads[k].label,
            key="upload_choice",
        )
        return uploads[choice] if choice else None
    if not may_choose:
        st.sidebar.caption(t("app.server_data", lang))
        return opening_source()
    path = st.sidebar.text_input(
        t("app.folder", lang), value=default_source(), key="folder", help=t("app.folder_help", lang)
    )
    return folder_source(path.strip()) if path.strip() else None


def _as_of(lang: Lang) -> date:
    """The "as of" date: the URL's ``at`` when a link or saved view brought one
    (it wins over the box's last value), else the box's, else today; written
    back to the URL so the page's link holds its date."""
    try:
        asked = date.fromisoformat(st.query_params.get("at", ""))
    except ValueError:
        asked = None
    if asked is not None and asked.isoformat() != st.session_state.get("_url_at"):
        st.session_state["at"] = asked
    at: date = (
        st.sidebar.date_input(
            t("app.as_of", lang),
            value=None if "at" in st.session_state else date.today(),  # the box's own value holds
            key="at",
            help=t("app.as_of_help", lang),
        )
        or date.today()
    )
    st.session_state["_url_at"] = at.isoformat()
    st.query_params["at"] = at.isoformat()
    return at


#: What a widget whose labels follow the language holds (a radio, select box,
#: multiselect or date): its value is given back after a change of language.
_CHOSEN = (str, int, float, date, tuple)


def _relabel() -> None:
    """After a change of language, give every widget its own value again: the
    browser then shows it under its new label (left alone, a radio or select
    whose labels changed shows nothing chosen). Buttons, toggles, uploads,
    editors and canvases are left alone: code may not set some of them, and no
    label shows their value."""
    for key in list(st.session_state.keys()):
        if not isinstance(key, str) or key == "lang" or key.startswith("_"):
            continue
        value = st.session_state[key]
        items = value if isinstance(value, list) else [value]
        if isinstance(value, (bool, dict)) or value is None or not all(isinstance(v, _CHOSEN) for v in items):
            continue  # a button, toggle, upload, editor or canvas: no label shows its value
        st.session_state[key] = value


_KEPT_LANG = "_respnet_lang"


def page_lang() -> Lang:
    """The reader's language, as chosen in the sidebar (Chinese at first)."""
    lang = st.session_state.get("lang", st.session_state.get(_KEPT_LANG))
    return lang if lang in LANGS else resolve_lang()


def sidebar(*, needs_data: bool = True, user: User | None = None) -> Context | None:
    """Draw the shared sidebar and load the chosen source (once per source: its
    graph, or its store connection, is cached on the source's key). Returns None, after saying why, when
    there is nothing usable to show; a page that ``needs_data`` gets the
    reasons in full, any other page one line in the sidebar.

    A scoped ``user`` gets the source seen through their scope: every analysis
    of this run reads the scoped graph (:mod:`graph.scope`)."""
    lang: Lang = st.sidebar.radio(
        t("app.language", DEFAULT_LANG),
        LANGS,
        format_func=lambda code: t(f"app.lang_{code}", code),
        horizontal=True,
        key="lang",
        on_change=_relabel,
        index=LANGS.index(st.session_state.get(_KEPT_LANG, resolve_lang())),
    )
    # kept apart from the widget: a page switched to from code (st.switch_page) starts its
    # first run before the radio has given its value back
    st.session_state[_KEPT_LANG] = lang
    try:
        source = _pick_source(lang, may(Permission.IMPORT), may(Permission.UPLOAD))
        _note_switch(source)
        if source is not None and user is not None and user.scoped:
            source = source.scoped(user.scope)
    except RespnetError as e:  # the store is unreachable, refuses us, or holds no data
        st.sidebar.error(md(e.message(lang)))
        source = None
    at = _as_of(lang)
    st.session_state.pop(_CTX, None)
    note_source(source.label if source else None)
    if source is None:
        return None
    try:
        _load_shown(source, lang)
        with st.spinner(t("app.loading", lang, source=source.label)):
            network_for(source.key, source)
            orgs = node_counts(source.key, source).get(NodeLabel.ORGANIZATION, 0)
    except LoadError as e:
        if not needs_data:
            st.sidebar.error(t("app.load_failed", lang, source=md(source.label)))
            return None
        st.error(t("app.load_failed", lang, source=md(source.label)))
        st.dataframe(problems_frame([*e.problems, *e.warnings], lang), hide_index=True)
        return None
    except RespnetError as e:
        (st.error if needs_data else st.sidebar.error)(md(e.message(lang)))
        return None
    ctx = Context(lang, at, source)
    st.sidebar.caption(t("app.source_summary", lang, source=md(source.label), orgs=orgs))
    outside = span_for(source.key, source).warning(at, lang)
    if outside:
        st.warning(md(outside), icon=":material/event_busy:")
    st.session_state[_CTX] = ctx
    return ctx


def _load_shown(source: Source, lang: Lang) -> None:
    """Load a source held in memory with its stages on a progress bar (the first
    session loads it, any other waits for that load), unless it is held already."""
    whole = source.whole()
    if whole.conn is not None or held(whole.key):
        return
    began = time.monotonic()
    bar = st.progress(0.0, text=t("app.loading", lang, source=md(source.label)))

    def show(stage: str, done: float) -> None:
        seconds = f"{time.monotonic() - began:.0f}"
        text = t("app.load_stage", lang, source=md(source.label), stage=t(f"load_stage.{stage}", lang), seconds=seconds)
        bar.progress(min(max(done, 0.0), 1.0), text=text)

    try:
        graph_for(whole.key, whole, show)
    finally:
        bar.empty()


def optional() -> Context | None:
    """The context of this run, or None when no data is loaded (for pages that
    work without data)."""
    ctx: Context | None = st.session_state.get(_CTX)
    return ctx


def current() -> Context:
    """The context of this run; stops the page when the data did not load."""
    ctx: Context | None = st.session_state.get(_CTX)
    if ctx is None:
        st.stop()
    assert ctx is not None
    return ctx
