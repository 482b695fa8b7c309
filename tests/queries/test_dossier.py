"""Dossiers and findings that name people (queries/dossier.py, severity in
queries/findings.py)."""

from __future__ import annotations

from datetime import date

from loaders import load_graph
from queries import gaps, orphans, overlaps
from queries.dossier import home_org, name_findings, person_dossier, unit_dossier
from queries.findings import SEVERITY, FindingKind, Severity, by_severity
from tests.helpers import DEMO


def test_every_kind_has_a_severity_and_the_gravest_come_first() -> None:
    assert set(SEVERITY) == set(FindingKind)
    G = load_graph(DEMO)
    at = date(2025, 6, 1)
    found = by_severity([*overlaps(G, at=at), *gaps(G, at=at), *orphans(G, at=at)])
    order = [list(Severity).index(f.severity) for f in found]
    assert order == sorted(order) and {f.severity for f in found} >= {Severity.HIGH, Severity.LOW}


def test_findings_name_the_holders_on_their_date_and_belong_to_a_unit() -> None:
    G = load_graph(DEMO)
    at = date(2025, 6, 1)
    named = {n.finding.subject: n for n in name_findings(G, overlaps(G, at=at), at)}
    finance = named["XK-CZS"]
    assert finance.unit == "XK-CZS" and finance.holders == {"XK-M1": ["夏雨"], "XK-M2": ["秦国华"]}
    assert finance.people() == "夏雨、秦国华" and finance.names["XK-M1"] == "镇党委委员、副镇长"
    assert home_org(G, "XK-S") == "XK" and home_org(G, "C2025-03") == "XK-CZS" and home_org(G, "P036") == "XK"


def test_a_dossier_on_another_date_tells_that_date() -> None:
    G = load_graph(DEMO)
    then = person_dossier(G, "P035", at=date(2024, 1, 1))
    now = person_dossier(G, "P035", at=date(2025, 1, 1))
    assert then["posts"][0]["current"] and not now["posts"][0]["current"]
    assert then["duties"] and not now["duties"]  # duties come with the post held on the day
    town_then = unit_dossier(G, "XK", at=date(2024, 1, 1))
    secretary = next(p for p in town_then["posts"] if p["position"] == "XK-S")
    assert [h["name"] for h in secretary["holders"]] == ["周立群"]
