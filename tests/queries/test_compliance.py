from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.builder import GraphBuilder
from graph.errors import RespnetError
from graph.frequency import Period
from queries.compliance import compliance, underperformed_duties
from queries.findings import FindingKind

D = date


def meetings(*days: date):  # type: ignore[no-untyped-def]
    b = (
        GraphBuilder()
        .organization("O", "机关党委", "organ_committee")
        .position("S", "O", "机关党委书记", "secretary")
        .person("A", "甲")
        .person("B", "乙")
        .tenure("A", "S", D(2024, 1, 1), D(2025, 6, 30))
        .tenure("B", "S", D(2025, 7, 1))
        .duty("D", "每季度至少召开1次委员会议", "first_responsible", frequency="每季度至少1次")
        .bears("S", "D")
    )
    for i, (person, day) in enumerate(days):
        b.record(f"R{i}", "D", person, day)
    return b.build()


def test_records_count_for_the_post_their_author_held_that_day() -> None:
    G = meetings(("A", D(2025, 2, 1)), ("A", D(2025, 5, 1)), ("B", D(2025, 8, 1)), ("A", D(2025, 11, 1)))
    [f] = underperformed_duties(G, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert f.ids == ("D", "S")
    # A had left the post before Q4: that record does not count for it
    assert [w["start"] for w in f.details["windows"]] == ["2025-10-01"]
    assert "2025年第4季度实有0次、应有1次" in f.message()


def test_only_whole_windows_inside_the_range_are_checked() -> None:
    G = meetings(("A", D(2025, 2, 1)))
    assert underperformed_duties(G, start=D(2025, 1, 1), end=D(2025, 3, 31)) == []
    assert underperformed_duties(G, start=D(2025, 1, 2), end=D(2025, 6, 29)) == []  # no whole quarter
    [f] = underperformed_duties(G, start=D(2025, 1, 1), end=D(2025, 6, 30))
    assert [w["start"] for w in f.details["windows"]] == ["2025-04-01"]


def test_records_on_window_edges_count() -> None:
    G = meetings(("A", D(2025, 1, 1)), ("A", D(2025, 6, 30)))
    assert underperformed_duties(G, start=D(2025, 1, 1), end=D(2025, 6, 30)) == []


def test_unparsed_frequency_is_reported_not_guessed_and_bad_range_rejected() -> None:
    G = (
        GraphBuilder()
        .organization("O", "单位", "unit")
        .duty("D", "定期检查", "principal", frequency="定期")
        .bears("O", "D")
        .build()
    )
    assert [(f.kind, f.ids) for f in compliance(G, start=D(2025, 1, 1), end=D(2025, 12, 31))] == [
        (FindingKind.UNPARSED_FREQUENCY, ("D",))
    ]
    with pytest.raises(RespnetError, match="晚于"):
        compliance(G, start=D(2025, 2, 1), end=D(2025, 1, 1))


def test_demo_compliance_2025(demo) -> None:  # type: ignore[no-untyped-def]
    found = compliance(demo, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert [(f.kind.value, f.ids) for f in found] == [
        ("underperformed_duty", ("JY-2R/10@LH", "LH-S")),
        ("underperformed_duty", ("JY-2R/14@JY", "JY-M4")),
        ("underperformed_duty", ("JY-2R/14@XK", "XK-M2")),
        ("underperformed_duty", ("SC-3L5P/33@TJ", "TJ-S")),
        ("underperformed_duty", ("SC-3L5P/33@ZJ", "ZJ-S")),
        ("underperformed_duty", ("SC-3L5P/44@CZ-JG", "CZ-JG-S")),
        ("underperformed_duty", ("SC-3L5P/44@TJ-GB", "TJ-GB-S")),
        ("unparsed_frequency", ("D-TJ-01",)),
    ]
    cz = next(f for f in found if f.subject == "SC-3L5P/44@CZ-JG")
    assert cz.details["windows"] == [{"start": "2025-07-01", "end": "2025-09-30", "actual": 0}]


# ------------------------------------------------ held days in a window, all at once
def _posts_with_terms(terms: list[tuple[int, int, int | None]]) -> tuple[object, list[str]]:
    """A graph with posts S0..S3 and the terms (post, first day offset, last day offset or open)."""
    from datetime import timedelta

    b = GraphBuilder().organization("O", "机关", "unit")
    posts = [f"S{i}" for i in range(4)]
    for post in posts:
        b.position(post, "O", post, "member")
    base = D(2024, 11, 1)
    for i, (post, first, span) in enumerate(terms):
        b.person(f"P{i}", f"人{i}")
        end = None if span is None else base + timedelta(days=first + span)
        b.tenure(f"P{i}", f"S{post}", base + timedelta(days=first), end)
    return b.build(), posts


terms_drawn = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 500), st.none() | st.integers(0, 200)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(terms_drawn, st.sampled_from(list(Period)))
def test_held_days_of_many_windows_equal_prorated_one_by_one(terms: list, period: Period) -> None:  # type: ignore[type-arg]
    """The scan's array pass counts a post's held days in each window as
    :func:`prorated` does for one post and one window (overlapping terms once)."""
    import numpy as np

    from graph.frequency import calendar_windows
    from queries.compliance import _held_days, prorated

    G, posts = _posts_with_terms(terms)
    windows = calendar_windows(period, D(2025, 1, 1), D(2025, 12, 31))
    pairs = [(post, w) for post in posts for w in windows]
    core = G.core  # type: ignore[attr-defined]
    got = _held_days(
        core,
        np.array([core.pos[p] for p, _ in pairs]),
        np.array([w.start.toordinal() for _, w in pairs]),
        np.array([w.end.toordinal() for _, w in pairs]),
    )
    assert got.tolist() == [prorated(1, w, G.terms(p))[1] for p, w in pairs]  # type: ignore[attr-defined]


def test_the_scan_leaves_the_wording_until_a_finding_is_read(monkeypatch: pytest.MonkeyPatch, demo) -> None:  # type: ignore[no-untyped-def]
    """Which findings hold is decided from the columns; each one's names, labels
    and windows are made only when it is read, and then as before."""
    import importlib

    from queries.orphans import orphans

    module = importlib.import_module("queries.compliance")  # the package names a function so too

    worded: list[tuple[str, ...]] = []
    real = module.underperformed

    def counting(G, duty, bearer, freq, short):  # type: ignore[no-untyped-def]
        worded.append((duty, bearer))
        return real(G, duty, bearer, freq, short)

    monkeypatch.setattr(module, "underperformed", counting)
    found = underperformed_duties(demo, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert found and worded == []
    messages = [f.message() for f in found]
    assert worded == [f.ids for f in found] and all(messages)
    [f.message() for f in found]  # worded once
    assert len(worded) == len(found)
    vacant = [f for f in orphans(demo, at=D(2026, 6, 30)) if f.kind is FindingKind.VACANT_BEARER]
    for f in vacant:
        assert f._make is not None  # not worded yet
        assert f.subject in f.message()
        assert f._make is None


def test_a_deferred_finding_pickles_worded() -> None:
    import pickle

    G = meetings(("A", D(2025, 2, 1)))
    [f] = underperformed_duties(G, start=D(2025, 1, 1), end=D(2025, 12, 31))
    again = pickle.loads(pickle.dumps(f))
    assert again == f and again.message("en") == f.message("en") and dict(again.details) == dict(f.details)
