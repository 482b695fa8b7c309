"""Sign-in, roles, the scoped view in the app, the audit trail and saving
imports — through Streamlit's AppTest, with accounts in a home of the test's own."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from access.accounts import AccountError, AccountRole, UserStore
from access.audit import AuditLog
from access.datasets import DatasetShelf
from access.throttle import Throttle
from loaders import load_graph
from tests.graph.test_scope import _outside_words
from tests.helpers import DEMO, copy_demo, folder_to_zip
from tests.ui.test_pages import app, download, frame_text, goto, texts

pytestmark = pytest.mark.slow  # every page through AppTest, signed in as each role (about 20 s)

PASSWORDS = {"wang": "admin-pass-123", "zhao": "inspect-pass-456", "li": "scoped-pass-789"}
SCOPE = ("XK",)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("RESPNET_HOME", str(folder))
    return folder


@pytest.fixture
def accounts(home: Path) -> UserStore:
    store = UserStore(home / "users.yaml")
    store.add("wang", AccountRole.ADMIN, password=PASSWORDS["wang"], display="王主任")
    store.add("zhao", AccountRole.INSPECTOR, password=PASSWORDS["zhao"])
    store.add("li", AccountRole.UNIT_INSPECTOR, password=PASSWORDS["li"], scope=SCOPE, display="李检查")
    return store


def audit(home: Path) -> list[dict[str, object]]:
    return list(AuditLog(home / "audit.jsonl").entries())


def sign_in(at: AppTest, name: str, password: str | None = None) -> AppTest:
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(PASSWORDS[name] if password is None else password)
    [submit] = [b for b in at.button if b.label == "登录"]
    return submit.click().run()


# ---------------------------------------------------------------- accounts
def test_passwords_are_kept_only_as_salted_argon2_hashes(accounts: UserStore) -> None:
    text = accounts.path.read_text("utf-8")
    assert all(p not in text for p in PASSWORDS.values())
    hashes = [u.password_hash for u in accounts.users().values()]
    assert all(h and h.startswith("$argon2id$") for h in hashes)
    assert len(set(hashes)) == 3
    # the same password twice gets two different hashes (a fresh salt each time)
    accounts.add("sun", AccountRole.INSPECTOR, password=PASSWORDS["zhao"])
    assert accounts.users()["sun"].password_hash != accounts.users()["zhao"].password_hash
    assert accounts.verify("zhao", PASSWORDS["zhao"]) is not None
    assert accounts.verify("zhao", PASSWORDS["wang"]) is None
    assert accounts.verify("nobody", PASSWORDS["wang"]) is None
    assert oct(accounts.path.stat().st_mode & 0o777) == "0o600"


def test_single_sign_on_accounts_have_no_password_and_match_by_e_mail(accounts: UserStore) -> None:
    added = accounts.add("Sun.Li@Example.org", AccountRole.UNIT_INSPECTOR, scope=("LH",), oidc=True)
    assert added.password_hash is None and "Sun.Li@Example.org" in accounts.path.read_text("utf-8")
    found = accounts.by_email(" sun.li@example.org ")
    assert found is not None and found.scope == ("LH",)
    assert accounts.by_email("wang") is None  # a password account is never matched by single sign-on
    assert accounts.verify("Sun.Li@Example.org", "") is None  # and an SSO account never by password


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ({"role": "inspector", "password": "plain-text-secret"}, "error.account_plain_password"),
        ({"role": "unit_inspector", "password": "$argon2id$x"}, "error.account_no_scope"),
        ({"role": "inspector", "scope": ["XK"], "password": "$argon2id$x"}, "error.account_scope_unused"),
        ({"role": "root", "password": "$argon2id$x"}, "error.account_role"),
        ({"role": "inspector"}, "error.account_no_password"),
    ],
)
def test_an_accounts_file_that_cannot_be_trusted_is_refused(home: Path, entry: dict[str, object], key: str) -> None:
    import yaml

    home.mkdir()
    (home / "users.yaml").write_text(yaml.safe_dump({"users": {"x": entry}}), "utf-8")
    with pytest.raises(AccountError) as caught:
        UserStore(home / "users.yaml").users()
    assert caught.value.key == key
    assert caught.value.message("zh") and caught.value.message("en")


def test_a_refused_accounts_file_lets_nobody_in(home: Path) -> None:
    home.mkdir()
    (home / "users.yaml").write_text("users:\n  x: {role: admin, password: hunter2hunter2}\n", "utf-8")
    at = app()
    assert any("不是 argon2 哈希" in e.value for e in at.error)
    assert not at.dataframe and not at.metric
    assert str(home) not in texts(at) + "".join(e.value for e in at.error)  # no server path for a visitor


def test_password_guessing_is_locked_out(home: Path) -> None:
    throttle = Throttle(home / "signin.sqlite", name_limit=3, name_lock=60)
    for _ in range(3):
        assert throttle.wait("li") == 0
        throttle.failed("li")
    assert throttle.wait("li") > 50
    assert throttle.wait("wang") == 0
    throttle.succeeded("li")
    assert throttle.wait("li") == 0


def test_cli_user_commands_write_hashes_and_are_audited(home: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    runner = CliRunner()
    done = runner.invoke(
        main,
        ["user", "add", "qian", "--role", "unit_inspector", "--scope", "XK", "--password-stdin"],
        input="a-long-password\n",
    )
    assert done.exit_code == 0, done.output
    assert "a-long-password" not in (home / "users.yaml").read_text("utf-8")
    assert UserStore(home / "users.yaml").verify("qian", "a-long-password") is not None
    listed = runner.invoke(main, ["user", "list", "--json"])
    assert json.loads(listed.stdout) == [{"name": "qian", "role": "unit_inspector", "scope": ["XK"]}]
    short = runner.invoke(main, ["user", "add", "zhou", "--role", "inspector", "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "zhou" not in UserStore(home / "users.yaml").users()
    typed = runner.invoke(main, ["user", "add", "wu", "--role", "admin"], input="first-password\nother-password\n")
    assert typed.exit_code != 0 and "wu" not in UserStore(home / "users.yaml").users()
    assert runner.invoke(main, ["user", "remove", "qian"]).exit_code == 0
    assert UserStore(home / "users.yaml").users() == {}
    events = [(e["event"], e.get("account")) for e in audit(home)]
    assert events == [("user_add", "qian"), ("user_remove", "qian")]


# ---------------------------------------------------------------- the app
@pytest.mark.parametrize("page", ["overview", "trace", "explore", "findings", "people", "importer", "lists", "console"])
def test_with_no_accounts_every_page_says_the_app_is_open(home: Path, page: str) -> None:
    at = goto(app(), page)
    assert not at.exception
    assert any("开放模式" in w.value for w in at.warning)


def test_sign_in_is_required_and_a_wrong_password_is_refused_and_logged(accounts: UserStore, home: Path) -> None:
    at = app()
    assert not at.exception
    assert at.text_input(key="sign_in_password").proto.type == at.text_input(key="sign_in_password").proto.PASSWORD
    assert not at.metric and not at.dataframe  # nothing of the data before signing in
    at = sign_in(at, "wang", "wrong-password")
    assert any("用户名或密码不正确" in e.value for e in at.error)
    assert not at.metric
    at = sign_in(at, "nosuchuser", "whatever-it-is")
    assert any("用户名或密码不正确" in e.value for e in at.error)  # the same answer: names are not revealed
    at = sign_in(at, "wang")
    assert not at.exception and at.metric[0].value == "34"
    assert not any("开放模式" in w.value for w in at.warning)
    assert "王主任" in "\n".join(m.value for m in at.sidebar.markdown)
    events = [(e["event"], e.get("user"), e.get("attempted")) for e in audit(home)]
    assert events == [
        ("sign_in_failed", None, "wang"),
        ("sign_in_failed", None, None),  # an unknown name may be a password typed in the wrong box
        ("sign_in", "wang", None),
    ]
    unknown = audit(home)[1]
    assert len(str(unknown["attempted_hash"])) == 16 and "nosuchuser" not in (home / "audit.jsonl").read_text("utf-8")


def test_five_wrong_passwords_lock_the_name(accounts: UserStore, home: Path) -> None:
    at = app()
    for _ in range(5):
        at = sign_in(at, "zhao", "not-the-password")
    at = sign_in(at, "zhao")  # the right password, but locked
    assert any("暂时锁定" in e.value for e in at.error) and not at.metric
    assert audit(home)[-1]["event"] == "sign_in_locked"


def test_a_unit_inspector_sees_only_their_scope(accounts: UserStore, home: Path) -> None:
    G = load_graph(DEMO)
    outside = _outside_words(G, SCOPE)
    at = sign_in(app(), "li")
    assert not at.exception
    assert any("查看范围：XK" in i.value for i in at.info)
    seen = [texts(at) + frame_text(at)]
    assert at.metric[0].value != "34"  # fewer organizations than the whole city
    assert at.text_input(key="folder") if False else not [w for w in at.sidebar.text_input if w.key == "folder"]
    for page in ("findings", "people", "explore"):
        at = goto(at, page)
        assert not at.exception
        seen.append(texts(at) + frame_text(at))
        seen += [str(s.options) for s in at.selectbox]
    at = goto(at, "trace")
    cases = at.selectbox(key="trace_case").options
    assert cases and all(c.split(" · ")[0] in {"C2023-01", "C2024-02", "C2025-03"} for c in cases)
    for case in ("C2023-01", "C2024-02", "C2025-03"):
        at.selectbox(key="trace_case").set_value(case).run()
        seen.append(texts(at) + frame_text(at) + "".join(_drawn(f.proto.json) for f in at.get("bidi_component")))
        seen += [str(w.value) for w in (*at.warning, *at.error, *at.info)]
    at.query_params["case"] = "C2026-04"  # a case outside, asked for by its link
    at = goto(at, "trace")
    seen.append(texts(at) + frame_text(at))
    leaks = {word for word in outside for text in seen if word in text}
    assert not leaks
    # pages the role does not allow are not in the navigation at all ...
    for page in ("console", "importer", "admin", "lists"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"ui/pages/{page}.py")
    # ... and, run on their own, refuse before reading anything
    li = accounts.users()["li"]
    for page in ("console", "importer", "admin", "lists"):
        alone = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "ui" / "pages" / f"{page}.py"))
        alone.session_state["_respnet_user_obj"] = li
        alone.run()
        assert not alone.exception
        assert any("没有使用本页的权限" in e.value for e in alone.error)
        assert not alone.text_area and not alone.file_uploader and not alone.tabs
    assert [e["permission"] for e in audit(home) if e["event"] == "access_denied"] == [
        "console",
        "upload",  # the import page needs the upload permission (saving needs import)
        "accounts",
        "lists",
    ]


def test_an_inspector_reads_everything_but_cannot_import_or_administer(accounts: UserStore) -> None:
    at = sign_in(app(), "zhao")
    assert at.metric[0].value == "34"
    for page in ("importer", "admin"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"ui/pages/{page}.py")
    at = goto(at, "console")
    assert any(t.value == "Cypher 查询" for t in at.title)


def test_the_audit_log_records_views_and_exports_and_the_admin_reads_it(accounts: UserStore, home: Path) -> None:
    at = sign_in(app(), "li")
    at = goto(at, "trace")
    at.selectbox(key="trace_case").set_value("C2025-03").run()
    at.selectbox(key="trace_case").set_value("C2025-03").run()  # the same trace again: one event
    assert not any(e["event"] == "export" for e in audit(home))  # nothing is made before the click
    served = download(at.get("download_button")[0])
    at.button(key="sign_out").click().run()
    events = audit(home)
    kinds = [e["event"] for e in events]
    assert kinds.count("trace_view") == 2  # the first case shown, then C2025-03
    viewed = [e for e in events if e["event"] == "trace_view"][-1]
    assert viewed["user"] == "li" and viewed["role"] == "unit_inspector" and viewed["case"] == "C2025-03"
    assert viewed["source"] == str(DEMO)
    export = next(e for e in events if e["event"] == "export")
    assert export["what"] == "trace" and export["case"] == "C2025-03" and str(export["file"]).endswith(".docx")
    assert export["sha256"] == hashlib.sha256(served).hexdigest() and export["bytes"] == len(served)
    assert export["user"] == "li" and export["role"] == "unit_inspector"
    assert kinds[-1] == "sign_out"

    before = (home / "audit.jsonl").read_bytes()
    at = sign_in(app(), "wang")  # a new session, as after a restart: the log goes on
    after = (home / "audit.jsonl").read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    at = goto(at, "admin")
    assert not at.exception
    assert any("日志完整" in c.value for c in at.caption)
    at.multiselect(key="audit_event").select("trace_view").run()
    table = at.dataframe[0].value
    assert set(table["事件"]) == {"查看案件追溯"} and "C2025-03" in table.to_csv()
    at.text_input(key="audit_text").set_value("C2025-03").run()
    assert len(at.dataframe[0].value) == 1


def test_the_audit_log_is_append_only_and_shows_tampering(home: Path) -> None:
    log = AuditLog(home / "audit.jsonl")
    for i in range(5):
        log.append("trace_view", user="li", role="unit_inspector", source="demo", case=f"C{i}")
    assert log.verify() is None
    first = log.path.read_bytes()
    AuditLog(log.path).append("sign_out", user="li", role="unit_inspector", source="demo")
    assert log.path.read_bytes().startswith(first)
    lines = log.path.read_bytes().splitlines(keepends=True)
    log.path.write_bytes(b"".join([lines[0], lines[1].replace(b"C1", b"C9"), *lines[2:]]))
    broken = log.verify()
    assert broken is not None and broken.line == 3  # line 2 was changed: line 3 no longer chains to it
    log.path.write_bytes(b"".join([lines[0], *lines[2:]]))
    assert log.verify() == type(broken)(2, "chain")  # a line removed
    with pytest.raises(ValueError):
        log.append("rewrite", user=None, role=None, source=None)


def test_concurrent_writers_never_interleave(home: Path) -> None:
    import multiprocessing

    path = home / "audit.jsonl"
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pool.map(_write_many, [(str(path), n) for n in range(4)])
    log = AuditLog(path)
    assert log.verify() is None
    assert len(list(log.entries())) == 4 * 50


def _write_many(args: tuple[str, int]) -> None:
    path, n = args
    log = AuditLog(Path(path))
    for i in range(50):
        log.append("export", user=f"u{n}", role="inspector", source="demo", what="findings", count=i)


# ---------------------------------------------------------------- saving imports
def test_saving_an_import_keeps_the_previous_version_and_can_go_back(
    accounts: UserStore, home: Path, tmp_path: Path
) -> None:
    at = sign_in(app(), "wang")
    at = goto(at, "importer")
    payload = folder_to_zip(copy_demo(tmp_path / "first"), top="城市")
    at.file_uploader[0].set_value(("城市.zip", payload, "application/zip")).run()
    at.button(key="import_save").click().run()
    shelf = DatasetShelf(home / "datasets")
    first = shelf.current()
    assert first is not None and shelf.path(first).read_bytes() == payload and first.saved_by == "wang"
    assert oct(shelf.path(first).stat().st_mode & 0o777) == "0o600"
    at = goto(at, "overview")
    assert at.metric[0].value == "34" and first.file in texts(at) + "".join(m.value for m in at.sidebar.caption)

    second_folder = copy_demo(tmp_path / "second")
    (second_folder / "records.csv").write_text(
        (second_folder / "records.csv").read_text("utf-8").splitlines()[0] + "\n", "utf-8"
    )
    at = goto(at, "importer")
    at.file_uploader[0].set_value(("第二版.zip", folder_to_zip(second_folder), "application/zip")).run()
    at.button(key="import_save").click().run()
    second = shelf.current()
    assert second is not None and second.name == "第二版.zip"
    assert shelf.previous() == first and shelf.path(first).exists()
    at = goto(at, "admin")
    at.tabs  # noqa: B018 - the tabs are drawn
    at.button(key="datasets_restore").click().run()
    assert shelf.current() == first and shelf.previous() == second
    events = [e["event"] for e in audit(home)]
    assert events.count("import") == 2 and events[-1] == "dataset_restore"


def test_a_save_that_fails_half_way_leaves_the_current_data(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import loaders.atomic

    shelf = DatasetShelf(home / "datasets")
    first = shelf.save("a.zip", b"first version", saved_by="wang")
    real = os.replace
    calls = {"n": 0}

    def failing(src: str, dst: str) -> None:
        calls["n"] += 1
        if str(dst).endswith("current.json"):
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(loaders.atomic.os, "replace", failing)
    with pytest.raises(OSError):
        shelf.save("b.zip", b"second version", saved_by="wang")
    monkeypatch.setattr(loaders.atomic.os, "replace", real)
    assert shelf.current() == first and shelf.path(first).read_bytes() == b"first version"
    assert not [p for p in (home / "datasets").iterdir() if p.name.endswith(".tmp")]  # no temporary file left
    assert calls["n"] == 2


def test_an_import_that_fails_validation_is_logged_and_changes_nothing(
    accounts: UserStore, home: Path, tmp_path: Path
) -> None:
    folder = copy_demo(tmp_path / "bad")
    (folder / "people.csv").write_text("id,name\nP001,甲\nP001,乙\n", "utf-8")
    at = goto(sign_in(app(), "wang"), "importer")
    at.file_uploader[0].set_value(("坏数据.zip", folder_to_zip(folder), "application/zip")).run()
    assert any("未通过校验" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == "import_save"]
    assert DatasetShelf(home / "datasets").current() is None
    failed = [e for e in audit(home) if e["event"] == "import_failed"]
    assert len(failed) == 1 and failed[0]["file"] == "坏数据.zip" and failed[0]["user"] == "wang"


def _drawn(payload: str) -> str:
    """What a canvas was sent, as readable text (its JSON escapes Chinese)."""
    return json.dumps(json.loads(payload), ensure_ascii=False)


def test_a_unit_inspector_sees_and_works_only_the_leads_of_their_scope(accounts: UserStore, home: Path) -> None:
    from casework.book import Actor, Casebook
    from casework.db import Database

    db = Database()  # the app's own database, in its home
    book = Casebook(db)
    inside = book.create_lead(
        Actor("wang"), title="溪口镇财政所问题", source_kind="unit", source_ref="XK-CZS", org_id="XK-CZS"
    )
    outside = book.create_lead(Actor("wang"), title="住建局问题", source_kind="unit", source_ref="ZJ", org_id="ZJ")
    db.close()
    at = goto(sign_in(app(), "li"), "leads")
    assert not at.exception
    assert list(at.dataframe[0].value["线索"]) == ["溪口镇财政所问题"]  # the one in XK only
    picker = next(s for s in at.selectbox if s.label == "打开线索")  # its key carries its labels: found by label
    assert picker.options == [f"#{inside.id} 溪口镇财政所问题（待核实）"]
    at.query_params["lead"] = str(outside.id)  # asked for by its link
    at = goto(at, "leads")
    assert any(f"没有编号为 {outside.id} 的线索" in w.value for w in at.warning)
    assert "住建局问题" not in texts(at) + frame_text(at)
