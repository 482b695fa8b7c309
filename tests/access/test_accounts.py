"""Fail closed: once accounts exist, losing the accounts file lets nobody in
(and ends open sessions); a file others may write is refused; without
accounts the app is open only on the bundled demo (and then changes nothing
shared) or when RESPNET_OPEN=1 says so; sign-in lock-outs outlive a restart."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from access.accounts import AccessMode, AccountError, AccountRole, UserStore, access_mode
from access.throttle import Throttle
from tests.helpers import DEMO, copy_demo, folder_to_zip
from tests.ui.test_pages import app, goto, texts
from tests.ui.test_trust import PASSWORDS, audit, sign_in


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("RESPNET_HOME", str(folder))
    monkeypatch.delenv("RESPNET_OPEN", raising=False)
    monkeypatch.delenv("RESPNET_DATA", raising=False)
    return folder


@pytest.fixture
def accounts(home: Path) -> UserStore:
    store = UserStore(home / "users.yaml")
    store.add("wang", AccountRole.ADMIN, password=PASSWORDS["wang"], display="王主任")
    store.add("li", AccountRole.UNIT_INSPECTOR, password=PASSWORDS["li"], scope=("XK",))
    return store


def test_the_accounts_file_leaves_a_marker(accounts: UserStore, home: Path) -> None:
    assert (home / "accounts.required").exists()
    assert oct((home / "accounts.required").stat().st_mode & 0o777) == "0o600"
    (home / "users.yaml").unlink()
    assert accounts.configured
    with pytest.raises(AccountError) as caught:
        accounts.users()
    assert caught.value.key == "error.account_missing"


def test_deleting_the_accounts_file_signs_everyone_out_and_lets_nobody_in(
    accounts: UserStore, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed_in = sign_in(app(), "li")
    assert signed_in.metric and not signed_in.exception
    (home / "users.yaml").unlink()
    monkeypatch.setenv("RESPNET_OPEN", "1")  # not even this opens an app that had accounts
    after = goto(signed_in, "findings")  # the same session's next click
    assert not after.exception
    assert not after.metric and not after.dataframe and not after.text_input
    assert any("任何人都不能登录" in e.value for e in after.error)
    assert "_respnet_user" not in after.session_state and "_respnet_user_obj" not in after.session_state
    fresh = app()  # a new visitor: no sign-in form at all
    assert not fresh.text_input and not fresh.metric
    assert any("任何人都不能登录" in e.value for e in fresh.error)
    assert str(home) not in "".join(e.value for e in fresh.error)  # no server path for a visitor
    ended = [e for e in audit(home) if e["event"] == "session_ended"]
    assert ended and ended[0]["user"] == "li" and ended[0]["reason"] == "error.account_missing"


def test_an_accounts_file_others_may_write_is_refused(accounts: UserStore, home: Path) -> None:
    path = home / "users.yaml"
    for bits in (stat.S_IWOTH, stat.S_IWGRP):
        path.chmod(0o600 | bits)
        with pytest.raises(AccountError) as caught:
            accounts.users()
        assert caught.value.key == "error.account_writable"
        at = app()
        assert not at.text_input and not at.metric
        assert any("可被其他用户修改" in e.value for e in at.error)
    path.chmod(0o600)
    assert sign_in(app(), "wang").metric


def test_without_accounts_the_bundled_demo_is_open_but_changes_nothing_shared(home: Path) -> None:
    at = app()
    assert not at.exception and at.metric[0].value == "34"
    assert any("演示模式" in w.value for w in at.warning)
    assert not [w for w in at.sidebar.text_input if w.key == "folder"]  # no server path can be typed
    at = goto(at, "importer")
    at.file_uploader[0].set_value(("城市.zip", folder_to_zip(DEMO), "application/zip")).run()
    assert any("校验通过" in s.value for s in at.success)  # uploads can be tried ...
    assert not [b for b in at.button if b.key == "import_save"]  # ... and never saved as the shared data
    assert "保存为共享数据需要导入权限" in texts(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("ui/pages/admin.py")


def test_without_accounts_real_data_is_closed(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESPNET_DATA", str(copy_demo(tmp_path / "real")))
    at = app()
    assert not at.exception and not at.metric and not at.dataframe
    assert any("RESPNET_OPEN=1" in e.value for e in at.error)
    monkeypatch.setenv("RESPNET_OPEN", "1")
    at = app()
    assert at.metric and any("开放模式" in w.value for w in at.warning)


def test_the_access_mode_follows_the_accounts_the_flag_and_the_data(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UserStore(home / "users.yaml")
    assert access_mode(store, on_demo=True) is AccessMode.DEMO
    assert access_mode(store, on_demo=False) is AccessMode.CLOSED
    monkeypatch.setenv("RESPNET_OPEN", "1")
    assert access_mode(store, on_demo=False) is AccessMode.OPEN
    store.add("wang", AccountRole.ADMIN, password=PASSWORDS["wang"])
    (home / "users.yaml").unlink()
    assert access_mode(store, on_demo=True) is AccessMode.ACCOUNTS


def test_lock_outs_outlive_a_restart(home: Path) -> None:
    first = Throttle(home / "signin.sqlite", name_limit=3, name_lock=60)
    for _ in range(3):
        first.failed("zhao")
    restarted = Throttle(home / "signin.sqlite", name_limit=3, name_lock=60)  # a new process, the same file
    assert restarted.wait("zhao") > 50
    assert restarted.wait("wang") == 0
    assert oct((home / "signin.sqlite").stat().st_mode & 0o777) == "0o600"
    assert b"zhao" not in (home / "signin.sqlite").read_bytes()  # names only as keyed hashes


def test_one_client_is_limited_whatever_names_it_tries(home: Path) -> None:
    throttle = Throttle(home / "signin.sqlite", client_limit=4, client_lock=60)
    for n in range(4):
        assert throttle.wait(f"name{n}", "10.0.0.7") == 0
        throttle.failed(f"name{n}", "10.0.0.7")
    assert throttle.wait("another-name", "10.0.0.7") > 50
    assert throttle.wait("another-name", "10.0.0.8") == 0  # other clients are not held back
    throttle.succeeded("name0")
    assert throttle.wait("name0", "10.0.0.7") > 50  # a right password does not reset the client's count


def test_the_client_limit_can_be_turned_off(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESPNET_SIGNIN_CLIENT_LIMIT", "0")  # behind a proxy every user has its address
    throttle = Throttle(home / "signin.sqlite")
    for n in range(30):
        throttle.failed(f"name{n}", "10.0.0.1")
    assert throttle.wait("wang", "10.0.0.1") == 0


def test_a_lock_runs_out(home: Path) -> None:
    throttle = Throttle(home / "signin.sqlite", name_limit=2, name_lock=0.5)
    throttle.failed("zhao")
    throttle.failed("zhao")
    assert throttle.wait("zhao") > 0
    time.sleep(0.6)
    assert throttle.wait("zhao") == 0
