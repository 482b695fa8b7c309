"""管理 Administration: the audit log (filter by time, user, event, text), the
accounts (added with ``respnet user add``), and the saved dataset versions
(the one served, the one before it, and going back to it)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from access.accounts import Permission
from access.audit import EVENTS
from graph.i18n import Lang, t
from ui.auth import accounts, audit_log, record, require
from ui.context import page_lang, use_saved
from ui.data import shelf
from ui.text import md


def _local_day(stamp: str) -> date | None:
    try:
        return datetime.fromisoformat(stamp).astimezone().date()
    except (TypeError, ValueError):
        return None


def _audit(lang: Lang) -> None:
    log = audit_log()
    broken = log.verify()
    if broken is None:
        st.caption(t("app.audit_whole", lang, path=md(log.path)))
    else:
        where = {"line": broken.line, "expected": broken.expected, "path": md(log.path)}
        st.error(t(f"audit.broken_{broken.reason}", lang, **where))
    entries = list(log.entries())
    users = sorted({str(e.get("user") or e.get("attempted") or "") for e in entries} - {""})  # never a hash
    today = date.today()
    c1, c2, c3, c4 = st.columns([2, 2, 3, 3])
    span = c1.date_input(t("app.audit_span", lang), value=(today - timedelta(days=30), today), key="audit_span")
    who = c2.multiselect(t("app.audit_user", lang), users, key="audit_user", placeholder=t("app.audit_all", lang))
    events = c3.multiselect(
        t("app.audit_event", lang),
        EVENTS,
        format_func=lambda e: t(f"audit_event.{e}", lang),
        key="audit_event",
        placeholder=t("app.audit_all", lang),
    )
    text = c4.text_input(t("app.audit_text", lang), key="audit_text").strip().casefold()
    start, end = (span[0], span[-1]) if isinstance(span, tuple) and span else (None, None)

    def keep(e: dict[str, Any]) -> bool:
        day = _local_day(str(e.get("time", "")))
        return (
            (start is None or (day is not None and start <= day <= end))  # type: ignore[operator]
            and (not who or str(e.get("user") or e.get("attempted") or "") in who)
            and (not events or e.get("event") in events)
            and (not text or text in str(e).casefold())
        )

    shown = [e for e in reversed(entries) if keep(e)]
    st.caption(t("app.audit_count", lang, shown=len(shown), total=len(entries)))
    plain = ("time", "event", "user", "role", "source", "n", "prev")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("app.audit_col_time", lang): str(e.get("time", "")),
                    t("app.audit_col_event", lang): t(f"audit_event.{e.get('event')}", lang)
                    if e.get("event") in EVENTS
                    else str(e.get("event")),
                    t("app.audit_col_user", lang): str(e.get("user") or ""),
                    t("app.audit_col_role", lang): str(e.get("role") or ""),
                    t("app.audit_col_source", lang): str(e.get("source") or ""),
                    t("app.audit_col_detail", lang): "；".join(f"{k}={v}" for k, v in e.items() if k not in plain),
                }
                for e in shown
            ],
            columns=[t(f"app.audit_col_{c}", lang) for c in ("time", "event", "user", "role", "source", "detail")],
        ),
        hide_index=True,
    )


def _accounts(lang: Lang) -> None:
    st.caption(t("app.accounts_help", lang, path=md(accounts().path)))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("app.accounts_col_name", lang): u.name,
                    t("app.accounts_col_display", lang): u.display,
                    t("app.accounts_col_role", lang): t(f"app.role_{u.role.value}", lang),
                    t("app.accounts_col_scope", lang): "、".join(u.scope),
                    t("app.accounts_col_method", lang): t(
                        "app.accounts_oidc" if u.oidc else "app.accounts_password", lang
                    ),
                }
                for u in accounts().users().values()
            ]
        ),
        hide_index=True,
    )


def _restore() -> None:
    restored = shelf().restore_previous()
    if restored is not None:
        record("dataset_restore", file=restored.name, saved_as=restored.file, sha256=restored.sha256)
        use_saved(str(shelf().path(restored)))


def _datasets(lang: Lang) -> None:
    current, previous = shelf().current(), shelf().previous()
    if current is None:
        st.info(t("app.datasets_none", lang))
        return
    rows = [(t("app.datasets_current", lang), current)]
    if previous is not None:
        rows.append((t("app.datasets_previous", lang), previous))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("app.datasets_col_which", lang): which,
                    t("app.datasets_col_name", lang): d.name,
                    t("app.datasets_col_file", lang): d.file,
                    t("app.datasets_col_by", lang): d.saved_by,
                    t("app.datasets_col_at", lang): d.saved_at,
                    "SHA-256": d.sha256[:16],
                }
                for which, d in rows
            ]
        ),
        hide_index=True,
    )
    if previous is not None:
        st.button(t("app.datasets_restore", lang), on_click=_restore, key="datasets_restore")


def _rules(lang: Lang) -> None:
    from access.settings import default_rule_set, set_default_rule_set
    from rules import DEFAULT_RULE_SET, rule_set_names, shipped

    names = rule_set_names()
    current = default_rule_set() or DEFAULT_RULE_SET
    chosen = st.selectbox(
        t("app.admin_rules", lang),
        names,
        index=names.index(current) if current in names else 0,
        format_func=lambda n: f"{shipped(n).name(lang)} ({n})",
        help=t("app.admin_rules_help", lang),
        key="admin_rules",
    )
    st.caption(md(shipped(chosen).description))
    if chosen != current and st.button(t("app.admin_rules", lang) + " ✓", key="admin_rules_save"):
        set_default_rule_set(chosen)
        record("rules_default", rules=chosen, before=current)
        st.success(t("app.admin_rules_saved", lang, rules=shipped(chosen).name(lang)))


lang = page_lang()
require(Permission.ACCOUNTS, lang)
st.title(t("app.page_admin", lang))
tab_audit, tab_accounts, tab_data, tab_rules = st.tabs(
    [
        t("app.admin_audit", lang),
        t("app.admin_accounts", lang),
        t("app.admin_datasets", lang),
        t("app.admin_rules", lang),
    ]
)
with tab_audit:
    _audit(lang)
with tab_accounts:
    _accounts(lang)
with tab_data:
    _datasets(lang)
with tab_rules:
    _rules(lang)
