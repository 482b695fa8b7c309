"""Sign-in for the app, what each visitor may do, and the audit events it writes.

:func:`gate` runs before any page and settles the access mode
(:func:`access.accounts.access_mode`): with accounts, it returns the
signed-in :class:`~access.accounts.User` or draws the sign-in form and stops
the run; without accounts the app is open only when ``RESPNET_OPEN=1`` says
so, or on the bundled demo data (where nothing shared can be changed), and
closed otherwise. The accounts file is read again on every run, so removing
an account, changing its role, or losing the file takes effect at the user's
next click: a missing or unreadable file once accounts existed ends every
session.

Single sign-on: when Streamlit's ``[auth]`` section is configured in
``.streamlit/secrets.toml`` (and Authlib is installed), a button signs in
through the organisation's OIDC provider (``st.login``); the e-mail it vouches
for must belong to an account added with ``respnet user add EMAIL --oidc``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any, NoReturn

import streamlit as st

from access.accounts import AccessMode, AccountError, Permission, User, UserStore, access_mode, mode_grants
from access.audit import AuditLog
from access.throttle import Throttle
from graph.i18n import Lang, t
from ui.text import md

__all__ = [
    "accounts",
    "audit_log",
    "audited_download",
    "current_mode",
    "current_user",
    "gate",
    "may",
    "note_source",
    "record",
    "record_once",
    "refuse",
    "require",
    "user_line",
]

_USER = "_respnet_user"  # the signed-in account's name
_USER_OBJ = "_respnet_user_obj"  # its account as read on this run (what current_user() returns)
_MODE = "_respnet_mode"  # the access mode of this run
_SOURCE = "_respnet_source_label"  # the data source of this run, for the audit log
_LOG = logging.getLogger("respnet")


def accounts() -> UserStore:
    return UserStore()


def audit_log() -> AuditLog:
    return AuditLog.default()


def _throttle() -> Throttle:
    return Throttle()


def current_user() -> User | None:
    """The signed-in account of this session (None in an open mode)."""
    user: User | None = st.session_state.get(_USER_OBJ)
    return user


def current_mode() -> AccessMode:
    """The access mode of this run (closed until :func:`gate` has run)."""
    mode = st.session_state.get(_MODE)
    return mode if isinstance(mode, AccessMode) else AccessMode.CLOSED


def may(permission: Permission) -> bool:
    """Whether this session may ``permission``: the signed-in account's role,
    or what the open mode grants everyone."""
    user = current_user()
    if user is not None:
        return user.can(permission)
    return permission in mode_grants(current_mode())


def _client() -> str | None:
    try:
        address = st.context.ip_address
    except AttributeError:
        return None
    return str(address) if address else None


def _entry(event: str, user: User | None, source: str | None, fields: dict[str, Any]) -> dict[str, Any]:
    who = user or current_user()
    mode = current_mode()
    return {
        "event": event,
        "user": who.name if who else None,
        "role": who.role.value if who else (None if mode is AccessMode.ACCOUNTS else mode.value),
        "source": source if source is not None else st.session_state.get(_SOURCE),
        "client": _client(),
        **fields,
    }


def record(event: str, *, user: User | None = None, source: str | None = None, **fields: Any) -> None:
    """Write one audit event for this session (its user, data source and client address)."""
    entry = _entry(event, user, source, fields)
    audit_log().append(entry.pop("event"), **entry)


def record_once(event: str, **fields: Any) -> None:
    """:func:`record`, but once for the same event, fields and source in a row
    (a page is run again on every click; viewing one trace is one event)."""
    seen = (event, st.session_state.get(_SOURCE), tuple(sorted((k, str(v)) for k, v in fields.items())))
    if st.session_state.get("_respnet_last_" + event) != seen:
        record(event, **fields)
        st.session_state["_respnet_last_" + event] = seen


def audited_download(
    column: Any,
    label: str,
    make: Callable[[], bytes],
    *,
    file_name: str,
    mime: str,
    what: str,
    icon: str | None = None,
    disabled: bool = False,
    key: str | None = None,
    **fields: Any,
) -> None:
    """A download button whose file is made only when it is clicked, and whose
    audit line (with the SHA-256 of exactly the bytes served) is written then.

    Nothing is put on the server for a download nobody asked for, and every
    file that leaves the app has its line. ``make`` runs on a worker thread
    (Streamlit's deferred download), so the line is prepared here, where the
    session is known."""
    entry = _entry("export", None, None, {"what": what, "file": file_name, **fields})
    log = audit_log()

    def produce() -> bytes:
        data = make()
        event = dict(entry)
        log.append(event.pop("event"), **event, bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
        return data

    column.download_button(
        label,
        produce,
        file_name=file_name,
        mime=mime,
        icon=icon,
        disabled=disabled,
        on_click="ignore",
        key=key,
    )


def note_source(label: str | None) -> None:
    """Remember the data source of this run for the audit events it writes."""
    st.session_state[_SOURCE] = label


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, ValueError):
        return False


def _sign_in_form(store: UserStore, users: dict[str, User], lang: Lang) -> None:
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
    throttle, client = _throttle(), _client()
    known = name in users  # as read for this run: the file is not read twice
    # what was typed as a name may have been a password: an unknown one is logged only as a keyed hash
    attempted: dict[str, Any] = {"attempted": name} if known else {"attempted_hash": throttle.fingerprint(name)}
    wait = throttle.wait(name, client)
    if wait > 0:
        record("sign_in_locked", source="", **attempted)
        st.error(t("app.sign_in_locked", lang, minutes=max(1, round(wait / 60))))
        return
    user = store.verify(name, password)
    if user is None:
        throttle.failed(name, client)
        record("sign_in_failed", source="", **attempted)
        st.error(t("app.sign_in_failed", lang))
        return
    throttle.succeeded(name)
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


def _end_session(reason: str) -> None:
    """Sign this session out because the accounts can no longer be trusted."""
    user = current_user()
    if user is not None or st.session_state.get(_USER):
        record("session_ended", user=user, reason=reason)
    for key in (_USER, _USER_OBJ):
        st.session_state.pop(key, None)


def gate(lang: Lang, *, on_demo: Callable[[], bool]) -> tuple[AccessMode, User | None]:
    """Settle who is using the app before every page: ``(mode, user)``.

    In an open mode the user is None; with accounts and nobody signed in this
    draws the sign-in form and stops the run; closed, it says why and stops.
    ``on_demo`` tells whether the data the app opens on is the bundled demo."""
    store = accounts()
    mode = access_mode(store, on_demo=on_demo)
    st.session_state[_MODE] = mode
    if mode is AccessMode.CLOSED:
        _end_session("no_accounts")
        st.title(t("app.title", lang))
        st.error(t("app.closed_no_accounts", lang))
        st.stop()
    if mode is not AccessMode.ACCOUNTS:
        return mode, None
    try:
        users = store.users()
    except AccountError as e:  # an accounts file that cannot be trusted, or that is gone: nobody gets in
        _LOG.error("sign-in refused: %s", e.message("en"))
        _end_session(e.key)
        st.title(t("app.title", lang))
        # why, without the server's paths: this visitor has not signed in
        why = AccountError(e.key, **{**e.params, "where": t("app.accounts_file", lang)}).message(lang)
        st.error(t("app.accounts_broken", lang) + "\n\n" + md(why))
        st.stop()
    name = st.session_state.get(_USER)
    if name is None and _oidc_configured() and getattr(st.user, "is_logged_in", False):
        sso = store.by_email(str(st.user.get("email") or ""))
        if sso is None:
            st.error(t("app.sign_in_oidc_unknown", lang, email=md(st.user.get("email") or "")))
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
        _sign_in_form(store, users, lang)
        st.stop()
    assert user is not None
    st.session_state[_USER_OBJ] = user
    return mode, user


def user_line(user: User, lang: Lang) -> None:
    """The sidebar's line naming who is signed in, with a sign-out button."""
    who = md(user.display or user.name)
    role = t(f"app.role_{user.role.value}", lang)
    scope = t("app.user_scope", lang, scope="、".join(md(s) for s in user.scope)) if user.scoped else ""
    st.sidebar.markdown(t("app.signed_in_as", lang, user=who, role=role) + scope)
    st.sidebar.button(t("app.sign_out", lang), on_click=_sign_out, key="sign_out")


def refuse(event: str, message: str, *, note: str | None = None, **fields: Any) -> NoReturn:
    """Say why something is refused (``message``, Markdown already escaped;
    ``note`` beneath it), audit the attempt once, and stop the page."""
    record_once(event, **fields)
    st.error(message)
    if note:
        st.info(note)
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover - st.stop raises


def require(permission: Permission, lang: Lang) -> None:
    """Stop the page unless this session may ``permission``."""
    if may(permission):
        return
    record("access_denied", permission=permission.value)
    st.error(t("app.access_denied", lang))
    st.stop()
