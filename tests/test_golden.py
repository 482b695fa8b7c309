"""Nothing a user sees of the demo changes when the code is rearranged: today's
findings and traces equal the copy stored before (tests/golden.py)."""

from __future__ import annotations

from tests.golden import current, stored


def test_the_demos_findings_and_traces_are_as_stored() -> None:
    now, before = current(), stored()
    assert sorted(now) == sorted(before)
    changed = [key for key in before if now[key] != before[key]]
    assert not changed, f"changed since the stored copy: {changed} (python -m tests.golden --write, if meant)"
