from __future__ import annotations

from datetime import date

import pytest

from graph.builder import GraphBuilder
from graph.errors import RespnetError
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
