"""Time as a dimension on a small network made by hand, and on the demo:
diff, handovers, what-if and pro-rated compliance give the answers worked out
here by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.builder import build_graph
from graph.errors import RespnetError
from graph.model import ResponsibilityGraph
from graph.records import Dataset
from loaders import load_dataset
from queries import compliance, reference
from queries.findings import FindingKind
from queries.handover import handover_counts, handover_gaps, handovers
from queries.timeline import ChangeKind, data_span, dated_findings, diff
from queries.whatif import MoveKind, apply_moves, parse_move, whatif

D = date

# The town committee T: its secretary A leaves after 2024-06-30 and B starts
# the next day (a secretary post has one holder at a time), after A made a
# handover record; member F of T-W leaves after 2024-03-31 and G starts that
# same day (a member post may have two holders); its discipline secretary C
# leaves after 2024-09-30 and nobody follows; E takes up a new member post T-V
# on 2024-09-23 (100 days of leap 2024); member D oversees unit U until 2024-10-31;
# the town's commission TJ supervises T from 2024-05-01.
TABLES = {
    "organizations": (
        "id,name,kind,level,parent_id\nT,镇党委,party_committee,乡镇,\nU,镇财政所,unit,乡镇,T\n"
        "TJ,镇纪委,discipline_commission,乡镇,T\n"
    ),
    "positions": (
        "id,org_id,title,role\nT-S,T,书记,secretary\nT-D,T,纪委书记,discipline_secretary\n"
        "T-M,T,委员甲,member\nT-V,T,委员乙,member\nT-W,T,委员丙,member\n"
    ),
    "people": "id,name\nA,甲\nB,乙\nC,丙\nD,丁\nE,戊\nF,己\nG,庚\n",
    "tenures": (
        "person_id,position_id,start,end\nA,T-S,2020-01-01,2024-06-30\nB,T-S,2024-07-01,\n"
        "C,T-D,2020-01-01,2024-09-30\nD,T-M,2020-01-01,\nE,T-V,2024-09-23,\n"
        "F,T-W,2020-01-01,2024-03-31\nG,T-W,2024-03-31,\n"
    ),
    "oversight": "position_id,org_id,start,end\nT-M,U,2020-01-01,2024-10-31\n",
    "supervision": "supervisor_id,org_id,kind,start,end\nTJ,T,same_level,2024-05-01,\n",
    "duties": (
        "id,text,kind,category,list_id,clause,frequency,parent_id\n"
        "DS,召开党委会研究党风廉政建设,first_responsible,,,,每季度至少召开1次,\n"
        "DD,监督检查,supervisory,,,,,\n"
        "DQ,听取纪检工作汇报,supervisory,,,,每半年至少1次,\n"
        "DY,廉政谈话,dual_duty,,,,每年至少3次,\n"
    ),
    "assignments": "duty_id,bearer_id,role\nDS,T-S,lead\nDD,T-D,lead\nDQ,T-D,lead\nDY,T-V,lead\n",
    "cases": ("id,date,org_id,title,category,breached_duty_ids,direct_person_ids\nK,2024-09-01,T,违规发放补贴,,DD,\n"),
    "decisions": "case_id,target_id,role,form,date,note\n",
    "records": (
        "id,duty_id,person_id,date,kind,note\nR1,DS,A,2024-02-10,会议,\nR2,DS,B,2024-08-01,会议,\n"
        "R3,DS,A,2024-06-25,离任交接,移交党风廉政建设责任\nR4,DS,B,2025-02-01,会议,\n"
    ),
}


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, ResponsibilityGraph]:
    folder: Path = tmp_path_factory.mktemp("town")
    for name, text in TABLES.items():
        (folder / f"{name}.csv").write_text(text, "utf-8")
    ds = load_dataset(folder)
    return ds, build_graph(ds)


def test_the_span_and_its_warnings(town) -> None:  # type: ignore[no-untyped-def]
    _, G = town
    span = data_span(G)
    assert (span.earliest, span.latest, span.latest_record) == (D(2020, 1, 1), D(2025, 2, 1), D(2025, 2, 1))
    assert "早于数据中最早的日期2020-01-01" in (span.warning(D(2019, 1, 1)) or "")
    assert "晚于数据中最晚的日期2025-02-01" in (span.warning(D(2026, 1, 1)) or "")
    assert span.warning(D(2024, 1, 1)) is None
    span.check_period(D(2025, 2, 1))
    with pytest.raises(RespnetError) as refused:
        span.check_period(D(2025, 12, 31))
    assert refused.value.key == "error.compliance_future"
    span.check_period(D(2025, 12, 31), allow_future=True)


def test_diff_over_2024(town) -> None:  # type: ignore[no-untyped-def]
    _, G = town
    found = diff(G, D(2024, 1, 1), D(2024, 12, 31))
    assert [(c.kind, c.ids, c.date) for c in found.changes] == [
        (ChangeKind.TENURE_BEGAN, ("G", "T-W"), D(2024, 3, 31)),
        (ChangeKind.TENURE_ENDED, ("F", "T-W"), D(2024, 3, 31)),
        (ChangeKind.SUPERVISION_BEGAN, ("TJ", "T"), D(2024, 5, 1)),
        (ChangeKind.TENURE_ENDED, ("A", "T-S"), D(2024, 6, 30)),
        (ChangeKind.TENURE_BEGAN, ("B", "T-S"), D(2024, 7, 1)),
        (ChangeKind.TENURE_BEGAN, ("E", "T-V"), D(2024, 9, 23)),
        (ChangeKind.DUTIES_GAINED, ("T-V", "DY"), D(2024, 9, 23)),
        (ChangeKind.TENURE_ENDED, ("C", "T-D"), D(2024, 9, 30)),
        (ChangeKind.DUTIES_LOST, ("T-D", "DD", "DQ"), D(2024, 9, 30)),
        (ChangeKind.OVERSIGHT_ENDED, ("T-M", "U"), D(2024, 10, 31)),
        (ChangeKind.UNIT_DUTIES, ("T", "T-D", "T-V"), D(2024, 12, 31)),
    ]
    unit = found.changes[-1]
    assert (unit.params["before"], unit.params["after"]) == (3, 2)  # T-S 1 + T-D 2, then T-S 1 + T-V 1
    assert {(f.kind, f.ids) for f in found.opened} == {
        (FindingKind.VACANT_BEARER, ("DD", "T-D")),
        (FindingKind.VACANT_BEARER, ("DQ", "T-D")),
        (FindingKind.VACANT_KEY_POST, ("T-D", "T")),
        (FindingKind.UNOVERSEEN_UNIT, ("U",)),
    }
    assert {(f.kind, f.ids) for f in found.closed} == {
        (FindingKind.VACANT_BEARER, ("DY", "T-V")),
        (FindingKind.UNSUPERVISED_ORG, ("T",)),
    }
    (supervised,) = [c for c in found.changes if c.kind is ChangeKind.SUPERVISION_BEGAN]
    assert supervised.message() == "2024-05-01起，镇纪委（TJ）对镇党委（T）实施同级监督。"
    assert supervised.message("en") == "From 2024-05-01, 镇纪委 (TJ) supervises 镇党委 (T) (same level)."
    payload = found.to_dict("en")
    assert set(payload) == {"from", "to", "changes", "opened", "closed"}
    assert payload["changes"][3] == {
        "kind": "tenure_ended",
        "ids": ["A", "T-S"],
        "message": "2024-06-30: last day of 甲 (A) as 镇党委·书记 (T-S).",
        "date": "2024-06-30",
    }
    assert diff(G, D(2024, 3, 1), D(2024, 3, 1)).changes == []
    with pytest.raises(RespnetError):
        diff(G, D(2024, 3, 1), D(2024, 2, 1))


def test_handovers_same_day_successor_and_nobody_following(town) -> None:  # type: ignore[no-untyped-def]
    _, G = town
    found = handovers(G, start=D(2024, 1, 1), end=D(2024, 12, 31), findings=dated_findings(G, D(2024, 12, 31)))
    member, secretary, discipline = (h.to_dict(G) for h in found)
    on_town = [  # the findings on 2024-12-31 whose unit is T (U is D's, overseen by nobody then)
        ("vacant_bearer", ["DD", "T-D"]),
        ("vacant_bearer", ["DQ", "T-D"]),
        ("vacant_key_post", ["T-D", "T"]),
    ]
    for h in (member, secretary):
        assert [(i["finding"], i["ids"]) for i in h.pop("open_items")] == on_town
    assert member == {
        "position": "T-W",
        "org": "T",
        "from_person": "F",
        "to_person": "G",
        "left": "2024-03-31",
        "arrived": "2024-03-31",  # the same day
        "vacancy_days": 0,
        "duties": [],
        "unmet": [],
        "handover_record": None,
    }
    assert secretary == {
        "position": "T-S",
        "org": "T",
        "from_person": "A",
        "to_person": "B",
        "left": "2024-06-30",
        "arrived": "2024-07-01",  # the next day: no day vacant
        "vacancy_days": 0,
        "duties": ["DS"],
        "unmet": [{"duty": "DS", "window": {"start": "2024-04-01", "end": "2024-06-30"}, "actual": 0, "required": 1}],
        "handover_record": "R3",
    }
    assert {k: discipline[k] for k in ("from_person", "to_person", "arrived", "vacancy_days", "handover_record")} == {
        "from_person": "C",
        "to_person": None,
        "arrived": None,
        "vacancy_days": 92,  # 2024-10-01 … 2024-12-31
        "handover_record": None,
    }
    assert discipline["unmet"] == [
        {"duty": "DQ", "window": {"start": "2024-07-01", "end": "2024-12-31"}, "actual": 0, "required": 1}
    ]
    items = discipline["open_items"]
    assert items[0] == {"kind": "case", "id": "K", "title": "违规发放补贴", "date": "2024-09-01"}
    assert [(i["finding"], i["ids"]) for i in items[1:]] == on_town
    # the handover record counts within 15 days only
    assert handovers(G, start=D(2024, 1, 1), end=D(2024, 12, 31), days=4)[1].record is None


def test_handover_gap_findings(town) -> None:  # type: ignore[no-untyped-def]
    _, G = town
    gap, same_day = handover_gaps(G, start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert gap.kind is FindingKind.HANDOVER_GAP and gap.ids == ("T-D", "C")
    assert same_day.ids == ("T-W", "F", "G") and "同日由庚（G）接任" in same_day.message()
    assert gap.severity.value == "medium"
    assert gap.message() == (
        "2024-09-30，丙（C）镇党委·纪委书记（T-D）任期截止，至2024-12-31无人接任（空缺92天），"
        "前后15日内未见交接记录（该岗位承担2项责任）。"
    )
    assert gap.details["vacancy_days"] == 92 and gap.details["to_person"] is None
    assert [f.ids for f in handover_gaps(G, start=D(2024, 1, 1), end=D(2024, 12, 31), days=4)] == [
        ("T-D", "C"),
        ("T-S", "A", "B"),
        ("T-W", "F", "G"),
    ]
    assert "次日由乙（B）接任" in handover_gaps(G, start=D(2024, 1, 1), end=D(2024, 12, 31), days=4)[1].message()
    assert handover_gaps(G, start=D(2025, 1, 1), end=D(2025, 12, 31)) == []


@pytest.mark.parametrize("days", [0, 4, 15])
def test_handover_counts_are_the_handovers_and_their_gaps(town, demo, days: int) -> None:  # type: ignore[no-untyped-def]
    for G, start, end in ((town[1], D(2024, 1, 1), D(2024, 12, 31)), (demo, D(2020, 1, 1), D(2026, 12, 31))):
        held = handovers(G, start=start, end=end, days=days)
        assert held, "nothing to count"
        gaps = sum(h.record is None for h in held)
        assert handover_counts(G, start=start, end=end, days=days) == (len(held), gaps)
        assert gaps == len(handover_gaps(G, start=start, end=end, days=days))


def _windows(G: ResponsibilityGraph, duty: str, start: date, end: date, *, prorate: bool = True) -> list[dict]:
    found = [f for f in compliance(G, start=start, end=end, prorate=prorate) if f.ids[0] == duty]
    return [w for f in found for w in f.details["windows"]]


def test_compliance_pro_rated_by_the_days_held(town) -> None:  # type: ignore[no-untyped-def]
    _, G = town
    # DQ, half-yearly, T-D: H1 held throughout (not pro-rated); H2 held 92 of 184 days -> ceil(1 × 92/184) = 1
    assert _windows(G, "DQ", D(2024, 1, 1), D(2024, 12, 31)) == [
        {"start": "2024-01-01", "end": "2024-06-30", "actual": 0},
        {
            "start": "2024-07-01",
            "end": "2024-12-31",
            "actual": 0,
            "required": 1,
            "held_days": 92,
            "holders": [{"person": "C", "days": 92}],
        },
    ]
    # 2025 H1: vacant throughout, owes nothing; without pro-rating it is flagged
    assert _windows(G, "DQ", D(2025, 1, 1), D(2025, 6, 30)) == []
    assert _windows(G, "DQ", D(2025, 1, 1), D(2025, 6, 30), prorate=False) == [
        {"start": "2025-01-01", "end": "2025-06-30", "actual": 0}
    ]
    # DY, three a year, T-V held 100 of 366 days: ceil(3 × 100/366) = 1
    (dy,) = [f for f in compliance(G, start=D(2024, 1, 1), end=D(2024, 12, 31)) if f.ids[0] == "DY"]
    assert dy.details["windows"][0]["required"] == 1
    assert "应有1次（岗位在岗100天/366天，按在岗天数折算；戊100天）" in dy.message()
    assert "held 100 of 366 days" in dy.message("en")
    (dy_full,) = [f for f in compliance(G, start=D(2024, 1, 1), end=D(2024, 12, 31), prorate=False) if f.ids[0] == "DY"]
    assert dy_full.details["windows"][0] == {"start": "2024-01-01", "end": "2024-12-31", "actual": 0}
    # DS: a handover inside Q2 leaves no vacancy, so Q2 owes one record and none was made
    assert [w["start"] for w in _windows(G, "DS", D(2024, 1, 1), D(2024, 12, 31))] == ["2024-04-01", "2024-10-01"]
    # the plain loops say the same
    for prorate in (True, False):
        for year in (2024, 2025):
            start, end = D(year, 1, 1), D(year, 12, 31)
            ours = [f.to_dict() for f in compliance(G, start=start, end=end, prorate=prorate)]
            theirs = [f.to_dict() for f in reference.compliance(G, start=start, end=end, prorate=prorate)]
            assert ours == theirs


def test_whatif_on_a_copy(town) -> None:  # type: ignore[no-untyped-def]
    ds, G = town
    at = D(2025, 3, 1)
    terms = list(ds.tenures)
    result = whatif(
        G,
        at,
        [parse_move(MoveKind.END_TENURE, "E:T-V"), parse_move(MoveKind.MERGE_ORGS, "T,U")],
        dataset=lambda: ds,
    )
    assert ds.tenures == terms  # nothing written
    assert {(f.kind, f.ids) for f in result.opened} == {(FindingKind.VACANT_BEARER, ("DY", "T-V"))}
    assert {(f.kind, f.ids) for f in result.closed} == {(FindingKind.UNOVERSEEN_UNIT, ("U",))}
    assert len(result.after) == len(result.before) + 1 - 1
    removed = whatif(G, at, [parse_move(MoveKind.REMOVE_PERSON, "B")])  # made on the columns: no dataset
    assert {(f.kind, f.ids) for f in removed.opened} == {
        (FindingKind.VACANT_BEARER, ("DS", "T-S")),
        (FindingKind.VACANT_KEY_POST, ("T-S", "T")),
    }
    payload = removed.to_dict("zh")
    assert set(payload) == {"at", "changes", "before", "after", "opened", "closed"}
    assert payload["changes"] == [{"kind": "remove_person", "args": ["B"], "message": "B离开所有岗位"}]


def test_whatif_moves_oversight_and_refuses_what_is_not_there(town) -> None:  # type: ignore[no-untyped-def]
    ds, _ = town
    moved = apply_moves(ds, D(2024, 6, 1), [parse_move(MoveKind.MOVE_OVERSIGHT, "T-M:U:T-V")])
    assert {(o.position_id, o.start, o.end) for o in moved.oversight} == {
        ("T-M", D(2020, 1, 1), D(2024, 5, 31)),
        ("T-V", D(2024, 6, 1), D(2024, 10, 31)),
    }
    for kind, text in (
        (MoveKind.REMOVE_PERSON, "Z"),
        (MoveKind.END_TENURE, "C:T-S"),
        (MoveKind.MOVE_OVERSIGHT, "T-S:U:T-V"),
        (MoveKind.MERGE_ORGS, "T,T"),
    ):
        with pytest.raises(RespnetError) as refused:
            apply_moves(ds, D(2024, 6, 1), [parse_move(kind, text)])
        assert refused.value.key == "error.bad_change"
    with pytest.raises(RespnetError):
        parse_move(MoveKind.END_TENURE, "C")


def test_on_the_demo(demo) -> None:  # type: ignore[no-untyped-def]
    """The demo's reshuffles: 周立群 → 许晓东 at 溪口 (next day), 林建国 → 郑海涛 with a
    handover record (R026), 曹敏 leaving the stationed team with nobody following."""
    found = {
        (h.succession.position, h.succession.from_person): h
        for h in handovers(demo, start=D(2024, 1, 1), end=D(2026, 11, 30))
    }
    assert found[("JY-S", "P001")].record == "R026"
    assert found[("XK-S", "P035")].succession.to_person == "P036"
    assert found[("XK-S", "P035")].succession.vacancy_days == 0
    alone = found[("JY-ST2-L", "P012")].succession
    assert (alone.to_person, alone.vacancy_days) == (None, 91)
    gaps = {f.ids[:2] for f in handover_gaps(demo, start=D(2024, 1, 1), end=D(2026, 11, 30))}
    assert ("JY-S", "P001") not in gaps and ("XK-S", "P035") in gaps and ("JY-ST2-L", "P012") in gaps
    changed = diff(demo, D(2024, 1, 1), D(2025, 6, 30))
    assert (ChangeKind.TENURE_BEGAN, ("P036", "XK-S"), D(2024, 7, 1)) in {
        (c.kind, c.ids, c.date) for c in changed.changes
    }
    assert (FindingKind.CONFLICT_OF_INTEREST, ("XK-JW-S", "XK-AJZ")) in {(f.kind, f.ids) for f in changed.opened}


def test_changes_are_worded_when_first_read(town, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pickle

    import queries.timeline as timeline

    _, G = town
    made: list[int] = []
    worded = timeline._edge_params
    monkeypatch.setattr(timeline, "_edge_params", lambda *args: made.append(1) or worded(*args))
    found = diff(G, D(2024, 1, 1), D(2024, 12, 31)).changes
    assert found and not made  # decided, not worded
    first = found[0]
    text = first.message()
    assert len(made) == 1 and first.message() == text and len(made) == 1
    again = pickle.loads(pickle.dumps(first))
    assert again == first and again.message() == text and len(made) == 1
    assert {c.kind for c in found} >= {ChangeKind.TENURE_ENDED, ChangeKind.TENURE_BEGAN}
