"""Every write stays inside the folder it is meant for and is never half
done; a list id cannot climb out of ``lists/``; nothing a file name or a
document carries becomes live YAML; what a killed write leaves behind is
cleaned when the app or the CLI starts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from graph.schema import DutyKind, OrgKind, Role
from loaders.atomic import TEMP_MARK, OutsideFolder, atomic_write, clean_stale, within
from loaders.listimport import DraftClause, ListDraft, check_draft, draft_yaml, save_template, valid_list_id
from tests.helpers import ROOT, copy_demo

BREAKS = ["\n", "\r", "\u0085", "\u2028", "\u2029", "\x0b", "\x0c"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "name",
    [
        "../users.yaml",
        "lists/../../users.yaml",
        "/etc/passwd",
        "..",
        ".",
        "",
        "a\u2028b.yaml",
        "a\nb.yaml",
        "a\x00b",
    ],
)
def test_a_name_outside_the_folder_is_refused_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "users.yaml").write_text("users: {}\n", "utf-8")
    before = _tree(tmp_path)
    with pytest.raises(OutsideFolder):
        atomic_write(folder, name, b"users:\n  evil: {role: admin}\n")
    assert _tree(tmp_path) == before


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    folder, outside = tmp_path / "data", tmp_path / "home"
    folder.mkdir()
    outside.mkdir()
    (folder / "lists").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutsideFolder):
        within(folder, "lists/users.yaml")
    (folder / "link.yaml").symlink_to(outside / "users.yaml")
    with pytest.raises(OutsideFolder):
        atomic_write(folder, "link.yaml", b"x")
    assert not (outside / "users.yaml").exists()


def test_writes_inside_the_folder_land_whole_with_their_mode(tmp_path: Path) -> None:
    path = atomic_write(tmp_path, "lists/a.yaml", b"id: A\n", mode=0o600)
    assert path == (tmp_path / "lists" / "a.yaml").resolve() and path.read_bytes() == b"id: A\n"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert not [p for p in tmp_path.rglob("*") if TEMP_MARK in p.name]


@pytest.mark.parametrize(
    "list_id", ["../../users", "../users", "/tmp/x", ".hidden", "a/b", "a\\b", "a\u2028b", "x" * 65]
)
def test_a_list_id_that_is_not_one_is_refused_before_anything_is_written(tmp_path: Path, list_id: str) -> None:
    data = copy_demo(tmp_path / "data")
    before = _tree(tmp_path)
    assert not valid_list_id(list_id)
    with pytest.raises(OutsideFolder):
        save_template(data, list_id, "id: X\ntitle: x\nclauses: []\n")
    assert _tree(tmp_path) == before
    problems, _ = check_draft(ListDraft(list_id, "清单", clauses=[_clause()]))
    assert "bad_list_id" in [p.code for p in problems]


def test_a_valid_list_id_is_saved_under_lists(tmp_path: Path) -> None:
    data = copy_demo(tmp_path / "data")
    saved = save_template(data, "天水-清单.v2", "id: X\n")
    assert saved == (data / "lists" / "天水-清单.v2.yaml").resolve()


def _clause(text: str = "每季度至少讲1次党课。") -> DraftClause:
    return DraftClause("1", text, DutyKind.FIRST_RESPONSIBLE, "", "", (OrgKind.BRANCH,), Role.SECRETARY, 3, "1.")


@pytest.mark.parametrize("brk", BREAKS)
def test_no_text_becomes_live_yaml(brk: str) -> None:
    evil = f"清单{brk}users:{brk}  evil: {{role: admin, password: x}}{brk}#"
    draft = ListDraft(
        f"L{brk}users",
        f"标题{brk}users: 1",
        issuer=f"发文{brk}users: 2",
        clauses=[_clause(f"条款{brk}users: 3")],
        source=f"{evil}.docx",
    )
    text = draft_yaml(draft, "zh")
    assert not any(b in text for b in BREAKS if b != "\n")
    doc = yaml.safe_load(text)
    assert set(doc) == {"id", "title", "issuer", "clauses"}  # no `users:` anywhere at the top
    comments = [line for line in text.split("\n") if line.lstrip().startswith("#")]
    assert any("users:" in c for c in comments)  # the file name is kept, as a comment
    starts = ("#", " ", "-", "id:", "title:", "issuer:", "clauses:", "")
    assert all(line.startswith(starts) for line in text.split("\n"))


def test_stale_temporary_files_are_removed_and_young_ones_kept(tmp_path: Path) -> None:
    old = tmp_path / f".users.yaml{TEMP_MARK}abc123.tmp"
    young = tmp_path / "lists" / f".a.yaml{TEMP_MARK}def456.tmp"
    other = tmp_path / ".keep.tmp"
    for path in (old, young, other):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert clean_stale(tmp_path) == [old]
    assert young.exists() and other.exists() and not old.exists()


_KILLED = """
import os, signal, sys
from loaders.atomic import atomic_file
with atomic_file(sys.argv[1], "users.yaml", mode=0o600) as f:
    f.write(b"users:\\n")
    f.flush()
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_write_killed_half_way_leaves_the_old_file_and_its_temporary_is_cleaned_at_the_next_start(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "users.yaml").write_text("users: {}\n", "utf-8")
    done = subprocess.run([sys.executable, "-c", _KILLED, str(home)], cwd=ROOT, capture_output=True)
    assert done.returncode == -signal.SIGKILL
    assert (home / "users.yaml").read_text("utf-8") == "users: {}\n"
    [left] = [p for p in home.iterdir() if TEMP_MARK in p.name]
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    env = {**os.environ, "RESPNET_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "cli", "user", "list"], cwd=ROOT, env=env, capture_output=True, check=True)
    assert not left.exists()


def test_the_app_cleans_what_a_killed_write_left_in_its_home_when_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.test_pages import app

    home = tmp_path / "home"
    (home / "datasets").mkdir(parents=True)
    left = [home / f".users.yaml{TEMP_MARK}k1ll3d.tmp", home / "datasets" / f".current.json{TEMP_MARK}x.tmp"]
    for path in left:
        path.write_bytes(b"half")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    monkeypatch.setenv("RESPNET_HOME", str(home))
    assert not app().exception
    assert not any(p.exists() for p in left)
