"""Every kind of finding is drawn on the canvas with a border of its own group."""

from __future__ import annotations

from queries.findings import FindingKind
from ui.graphs import _OVERLAY_OF, OVERLAY_BORDERS


def test_every_finding_kind_has_an_overlay() -> None:
    assert set(_OVERLAY_OF) == set(FindingKind)
    assert set(_OVERLAY_OF.values()) == set(OVERLAY_BORDERS)
