"""Sign-in for the app, and the audit events it writes.

:func:`gate` runs before any page: with no accounts file the app is open (the
caller says so on every page); otherwise it returns the signed-in
:class:`~ui.users.User` or draws the sign-in form and stops the run. The
account is read again from the file on every run, so removing an account or
changing its role takes effect at the user's next click.

Single sign-on: when Streamlit's ``[auth]`` section is configured in
``.streamlit/secrets.toml`` (and Authlib is installed), a button signs in
through the organisation's OIDC provider (``st.login``); the e-mail it vouches
for must belong to an account added with ``respnet user add EMAIL --oidc``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from graph.i18n import Lang, t
from ui.audit import AuditLog
from ui.users import AccountError, Permission, Throttle, User, UserStore, home

__all__ = [
    "accounts",
    "audit_log",
    "current_user",
    "gate",
    "note_source",
    "record",
    "record_once",
    "require",
    "user_line",
]

_USER = "_respnet_user"  # the signed-in account's name
_USER_OBJ = "_respnet_user_obj"  # its account as read on this run (what current_user() returns)
_SOURCE = "_respnet_source_label"  # the data source of this run, for the audit log


def accounts() -> UserStore:
    return UserStore(home() / "users.yaml")


def audit_log() -> AuditLog:
    return AuditLog(home() / "audit.jsonl")


@st.cache_resource(show_spinner=False)
def _throttle() -> Throttle:
    return Throttle()


def current_user() -> User | None:
    """The signed-in account of this session (None in open mode)."""
    user: User | None = st.session_state.get(_USER_OBJ)
    return user


def _client() -> str | None:
    try:
        address = st.context.ip_address
    except AttributeError:
        return None
    return str(address) if address else None


def record(event: str, *, user: User | None = None, source: str | None = None, **fields: Any) -> None:
    """Write one audit event for this session (its user, data source and client address)."""
    who = user or current_user()
    audit_log().append(
        event,
        user=who.name if who else None,
        role=who.role.value if who else None,
        source=source if source is not None else st.session_state.get(_SOURCE),
        client=_client(),
        **fields,
    )


def record_once(event: str, **fields: Any) -> None:
    """:func:`record`, but once for the same event, fields and source in a row
    (a page is run again on every click; viewing one trace is one event)."""
    seen = (event, st.session_state.get(_SOURCE), tuple(sorted(fields.items())))
    if st.session_state.get("_respnet_last_" + event) != seen:
        record(event, **fields)
        st.session_state["_respnet_last_" + event] = seen


def note_source(label: str | None) -> None:
    """Remember the data source of this run for the audit events it writes."""
    st.session_state[_SOURCE] = label


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, ValueError):
        return False


def _sign_in_form(store: UserStore, lang: Lang) -> None:
    st.title(t("app.title", lang))
    st.subheader(t("app.sign_in", lang))
    with st.form("sign_in"):
        name = st.text_input(t("app.sign_in_name", lang), key="sign_in_name")
        password = st.text_input(t("app.sign_in_password", lang), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("app.sign_in_button", lang), type="primary")
    if _oidc_configured() and st.button(t("app.sign_in_oidc", lang)):
        st.login()
    if not submitted:
        return
    name = name.strip()
    wait = _throttle().wait(name)
    if wait > 0:
        record("sign_in_locked", source="", attempted=name)
        st.error(t("app.sign_in_locked", lang, minutes=max(1, round(wait / 60))))
        return
    user = store.verify(name, password)
    if user is None:
        _throttle().failed(name)
        record("sign_in_failed", source="", attempted=name)
        st.error(t("app.sign_in_failed", lang))
        return
    _throttle().succeeded(name)
    st.session_state[_USER] = user.name
    st.session_state[_USER_OBJ] = user
    record("sign_in", user=user, source="", method="password")
    st.rerun()


def _sign_out() -> None:
    user = current_user()
    if user is not None:
        record("sign_out", user=user)
    for key in (_USER, _USER_OBJ):
        st.session_state.pop(key, None)


def gate(lang: Lang) -> tuple[bool, User | None]:
    """Sign-in before every page: ``(configured, user)``. Open mode is
    ``(False, None)``; with accounts configured and nobody signed in, this draws
    the sign-in form and stops the run."""
    store = accounts()
    if not store.configured:
        return False, None
    try:
        users = store.users()
    except AccountError as e:  # an accounts file that cannot be trusted: nobody gets in
        st.error(e.message(lang))
        st.stop()
    name = st.session_state.get(_USER)
    if name is None and _oidc_configured() and getattr(st.user, "is_logged_in", False):
        sso = store.by_email(str(st.user.get("email") or ""))
        if sso is None:
            st.error(t("app.sign_in_oidc_unknown", lang, email=st.user.get("email") or ""))
            st.button(t("app.sign_out", lang), on_click=st.logout)
            st.stop()
        assert sso is not None
        name = sso.name
        st.session_state[_USER] = name
        record("sign_in", user=sso, source="", method="oidc")
    user = users.get(name) if name else None
    if user is None:  # not signed in, or the account was removed since
        st.session_state.pop(_USER, None)
        st.session_state.pop(_USER_OBJ, None)
        _sign_in_form(store, lang)
        st.stop()
    assert user is not None
    st.session_state[_USER_OBJ] = user
    return True, user


def user_line(user: User, lang: Lang) -> None:
    """The sidebar's line naming who is signed in, with a sign-out button."""
    who = user.display or user.name
    role = t(f"app.role_{user.role.value}", lang)
    scope = t("app.user_scope", lang, scope="、".join(user.scope)) if user.scoped else ""
    st.sidebar.markdown(t("app.signed_in_as", lang, user=who, role=role) + scope)
    st.sidebar.button(t("app.sign_out", lang), on_click=_sign_out, key="sign_out")


def require(permission: Permission, lang: Lang) -> None:
    """Stop the page unless the signed-in user (or open mode) may ``permission``."""
    user = current_user()
    if user is None or user.can(permission):
        return
    record("access_denied", permission=permission.value)
    st.error(t("app.access_denied", lang))
    st.stop()
