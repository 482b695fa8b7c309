"""Saved views (access/views.py): saved per account, reopened by id by anyone,
deleted only by their owner, names checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from access.views import MAX_NAME, SavedViews
from graph.errors import RespnetError


def test_views_are_kept_per_account_and_opened_by_id(tmp_path: Path) -> None:
    views = SavedViews(tmp_path / "views.sqlite")
    one = views.save("wang", "溪口镇 书记", "explore", {"org": "XK", "select": "XK-S", "at": "2025-06-01", "view": "x"})
    assert one.params == {"org": "XK", "select": "XK-S", "at": "2025-06-01"}  # the link's own view id is not kept
    views.save("li", "另一个", "findings", {"kinds": "orphan_duty"})
    assert [v.name for v in views.mine("wang")] == ["溪口镇 书记"]
    assert SavedViews(tmp_path / "views.sqlite").get(one.id) == one  # another process, the same view
    again = views.save("wang", "  溪口镇   书记 ", "explore", {"org": "XK"})  # the same name replaces it
    assert [v.id for v in views.mine("wang")] == [again.id] and views.get(one.id) is None
    assert not views.delete("li", again.id) and views.delete("wang", again.id)
    assert views.get(again.id) is None


def test_bad_names_are_refused(tmp_path: Path) -> None:
    views = SavedViews(tmp_path / "views.sqlite")
    for name in ("", "   ", "名" * (MAX_NAME + 1)):
        with pytest.raises(RespnetError):
            views.save("wang", name, "explore", {})
