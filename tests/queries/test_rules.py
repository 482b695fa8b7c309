"""The rule sets: each rule on a small graph, each citation against the stored
texts, ``basic`` against the first version's trace, versions, periods, acting
heads, exonerations, several organizations and bounded supervision."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from graph.builder import GraphBuilder
from graph.schema import AccountabilityRole, NodeLabel
from loaders import load_graph
from queries.trace import trace_case
from rules import RuleSetError, choose, load_rule_set, rule_set_names, shipped, sources
from tests.helpers import copy_demo, edit_rows, read_rows, shared, write_rows
from tests.reference.trace_v1 import trace_case as trace_v1

D = date
R = AccountabilityRole
ROOT = Path(__file__).resolve().parents[2]
REGULATIONS = shared("regulations") / "regulations"
DEMO = ROOT / "data" / "demo"
#: What the trace added since the first version (the JSON grows only by these keys).
ADDED = {
    *("rule_set", "orgs", "period", "investigated_by", "organizations"),
    *("rule", "rules", "citation", "case_org", "capacity", "interval", "now"),
    *("note", "form_kind", "target_kind"),
}


def _strip(value):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ADDED}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


# ------------------------------------------------------------------ basic = the first version
def _as_first_version(folder: Path) -> Path:
    """The demo without what the first version's data could not say."""
    edit_rows(
        folder,
        "cases",
        lambda rows: [
            {**r, "org_id": r["org_id"].split(";")[0], "period_start": "", "period_end": "", "investigated_by": ""}
            for r in rows
        ],
    )
    edit_rows(folder, "tenures", lambda rows: [{**r, "capacity": ""} for r in rows])
    edit_rows(
        folder,
        "decisions",
        lambda rows: [{**r, "note": ""} for r in rows if r["role"] not in ("exonerated", "overall_leadership")],
    )
    return folder


def test_basic_gives_the_first_versions_trace_for_every_demo_case(tmp_path: Path) -> None:
    G = load_graph(_as_first_version(copy_demo(tmp_path)))
    cases = G.ids(NodeLabel.CASE)
    assert len(cases) == 7
    for case in cases:
        for lang in ("zh", "en"):
            assert _strip(trace_case(G, case, "basic").to_dict(lang)) == _strip(trace_v1(G, case).to_dict(lang)), case


def test_basic_ignores_the_fields_added_since(tmp_path: Path, demo) -> None:  # type: ignore[no-untyped-def]
    plain = load_graph(_as_first_version(copy_demo(tmp_path)))
    for case in demo.ids(NodeLabel.CASE):
        full, first = trace_case(demo, case, "basic"), trace_case(plain, case, "basic")
        assert {r: full.people(r) for r in R} == {r: first.people(r) for r in R}, case
        assert full.organizations == () and full.period is None


def test_basic_gives_the_first_versions_trace_on_a_synthetic_province(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    out = tmp_path / "synth"
    assert CliRunner().invoke(main, ["synth", str(out), "--orgs", "80", "--seed", "7"]).exit_code == 0
    G = load_graph(out)
    cases = G.ids(NodeLabel.CASE)
    assert len(cases) > 10
    for case in cases:
        assert _strip(trace_case(G, case, "basic").to_dict()) == _strip(trace_v1(G, case).to_dict()), case


# ------------------------------------------------------------------ each rule on a small graph
def _town(**case):  # type: ignore[no-untyped-def]
    """A town committee T with a village unit V: secretary S, member M overseeing V,
    member A assisting the breached duty, the town commission TJ (same level) and
    the city commission CJ (upper) supervising T."""
    return (
        GraphBuilder()
        .organization("C", "City", "party_committee")
        .organization("CJ", "City commission", "discipline_commission", parent="C")
        .organization("T", "Town", "party_committee", parent="C")
        .organization("TJ", "Town commission", "discipline_commission", parent="T")
        .organization("V", "Village office", "unit", parent="T")
        .position("T-S", "T", "Secretary", "secretary")
        .position("T-M", "T", "Member", "member")
        .position("T-A", "T", "Member", "member")
        .position("TJ-S", "TJ", "Discipline secretary", "discipline_secretary")
        .position("CJ-S", "CJ", "City discipline secretary", "discipline_secretary")
        .position("V-K", "V", "Clerk", "other")
        .person("S", "Shi")
        .person("M", "Ma")
        .person("A", "An")
        .person("J", "Jin")
        .person("K", "Kong")
        .person("Q", "Qian")
        .tenure("S", "T-S", D(2015, 1, 1))
        .tenure("M", "T-M", D(2015, 1, 1))
        .tenure("A", "T-A", D(2015, 1, 1))
        .tenure("J", "TJ-S", D(2015, 1, 1))
        .tenure("Q", "CJ-S", D(2015, 1, 1))
        .tenure("K", "V-K", D(2015, 1, 1))
        .oversight("T-M", "V", D(2015, 1, 1))
        .supervision("TJ", "T", "same_level", D(2015, 1, 1))
        .supervision("CJ", "T", "upper", D(2015, 1, 1))
        .duty("D1", "Funds", "dual_duty")
        .bears("T-A", "D1", "lead")
        .bears("T-M", "D1", "assist")
        .case("K1", case.pop("day", D(2024, 5, 4)), "V", "Misused funds", breaches=["D1"], direct=["K"], **case)
    )


#: Who each rule of each shipped set puts where, on :func:`_town`'s case.
EXPECTED = {
    "basic.direct": ["K"],
    "basic.principal.secretary": ["S"],
    "basic.important.overseer": ["M"],
    "basic.important.duty_lead": ["A"],
    "basic.supervisory.head": ["J", "Q"],  # the nearest supervised level's every body
    "wenze2019.direct": ["K"],
    "wenze2019.principal.head": ["S"],
    "wenze2019.principal.overseer": ["M"],  # 直接主管的班子成员: 主要领导责任
    "wenze2019.important.duty_lead": ["A"],
    "wenze2019.important.duty_assist": [],  # M assists, but bears 主要 already
    "wenze2019.supervisory.head": ["J"],  # the same-level commission, not the upper one
    "wenze2019.org.overall": ["T"],
    "wenze2019.org.supervisory": ["TJ"],
    "wenze2016.direct": ["K"],
    "wenze2016.principal.head": ["S"],
    "wenze2016.principal.overseer": ["M"],
    "wenze2016.important.duty_lead": ["A"],
    "wenze2016.supervisory.head": ["J"],
    "wenze2016.org.overall": ["T"],
    "chufen2023.direct": ["K"],
    "chufen2023.principal.overseer": ["M"],  # 主管的工作: a division of work
    "chufen2023.principal.duty_lead": ["A"],
    "chufen2023.important.secretary": ["S"],  # 应管的工作
    "chufen2023.important.duty_assist": [],  # M is principal already
    "chufen2023.supervisory.head": ["J"],
}


def _by_rule(tr):  # type: ignore[no-untyped-def]
    found: dict[str, list[str]] = {}
    for role in R:
        for e in tr.roles[role]:
            for rule in e.rules:
                found.setdefault(rule, []).append(e.person)
    for o in tr.organizations:
        found.setdefault(o.rule, []).append(o.org)
    return found


@pytest.mark.parametrize("name", rule_set_names())
def test_each_rule_of_each_shipped_set_on_a_small_graph(name: str) -> None:
    rs = shipped(name)
    day = D(2017, 5, 4) if name == "wenze2016" else D(2024, 5, 4)
    tr = trace_case(_town(day=day).build(), "K1", rs)
    assert tr.rule_set is not None and tr.rule_set.rule_set.id == name
    found = _by_rule(tr)
    for rule in (*rs.rules, *rs.organizations):
        assert rule.id in EXPECTED, f"no test for rule {rule.id}"
        assert sorted(found.get(rule.id, [])) == sorted(EXPECTED[rule.id]), rule.id


def test_assisting_bearers_are_important_when_not_principal() -> None:
    G = (
        _town()
        .position("T-B", "T", "Member", "member")
        .person("B", "Bai")
        .tenure("B", "T-B", D(2015, 1, 1))
        .bears("T-B", "D1", "assist")
        .build()
    )
    for name, role in (("wenze2019", R.IMPORTANT_LEADERSHIP), ("chufen2023", R.IMPORTANT_LEADERSHIP)):
        tr = trace_case(G, "K1", name)
        assert "B" in tr.people(role), name
    early = _town(day=D(2017, 5, 4)).position("T-B", "T", "Member", "member").person("B", "Bai")
    early = early.tenure("B", "T-B", D(2015, 1, 1)).bears("T-B", "D1", "assist").build()
    assert "B" not in trace_case(early, "K1", "wenze2016").people(R.IMPORTANT_LEADERSHIP)  # 参与决策 only
    assert "B" in trace_case(early, "K1", "chufen2023").people(R.IMPORTANT_LEADERSHIP)


# ------------------------------------------------------------------ citations
def test_every_citation_quotes_the_stored_text_where_it_holds_the_article() -> None:
    assert REGULATIONS.is_dir(), REGULATIONS
    index = sources()
    for source in index:
        assert (REGULATIONS / source.file).is_file(), source.file
    checked = 0
    for name in rule_set_names():
        for rule in (*shipped(name).rules, *shipped(name).organizations):
            c = rule.citation
            holders = [s for s in index if s.holds(c)]
            if c.source is None:
                assert not holders, f"{rule.id}: {holders[0].file} holds the article; quote it"
                assert c.note, f"{rule.id}: a citation without a text says why"
                continue
            [source] = [s for s in index if s.file == c.source]
            assert source.holds(c), f"{rule.id}: {c.source} does not hold {c.regulation} {c.version} art. {c.article}"
            text = re.sub(r"\s+", "", (REGULATIONS / c.source).read_text("utf-8"))
            assert c.quote and re.sub(r"\s+", "", c.quote) in text, f"{rule.id}: 「{c.quote}」 not in {c.source}"
            checked += 1
    assert checked >= 20


def test_a_changed_quote_would_be_caught() -> None:
    text = (REGULATIONS / "wenze2019_art1_6.txt").read_text("utf-8")
    assert "领导班子主要负责人和直接主管的班子成员" in text and "领导班子主要负责人和分管的班子成员" not in text


# ------------------------------------------------------------------ versions and files
def test_the_version_in_force_on_the_case_date_is_used() -> None:
    tr = trace_case(_town(day=D(2018, 3, 1)).build(), "K1")  # before 2019-09-01
    assert tr.rule_set is not None and tr.rule_set.rule_set.id == "wenze2016" and tr.rule_set.reason == "switched"
    assert "2019" in tr.rule_set.because("zh") and tr.rule_set.chosen == "wenze2019"
    assert choose(shipped("wenze2016"), D(2024, 1, 1)).rule_set.id == "wenze2019"
    early = choose(shipped("chufen2023"), D(2023, 6, 1))
    assert (early.rule_set.id, early.reason) == ("chufen2023", "none_in_force")
    period = _town(day=D(2019, 10, 1), period=(D(2018, 1, 1), D(2019, 10, 1))).build()
    assert trace_case(period, "K1").rule_set.rule_set.id == "wenze2019"  # type: ignore[union-attr]  # the period's end


def test_a_rule_set_file_of_ones_own_and_a_bad_one(tmp_path: Path) -> None:
    own = tmp_path / "mine.yaml"
    own.write_text((ROOT / "rules" / "basic.yaml").read_text("utf-8").replace("id: basic\n", "id: mine\n"), "utf-8")
    assert trace_case(_town().build(), "K1", load_rule_set(str(own))).people(R.IMPORTANT_LEADERSHIP) == ["M", "A"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(own.read_text("utf-8").replace("find: overseers", "find: everybody"), "utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_rule_set(str(bad))
    assert "everybody" in caught.value.message("zh") and "rules[2]" in caught.value.message("zh")
    with pytest.raises(RuleSetError):
        load_rule_set("wenze2030")


# ------------------------------------------------------------------ periods, acting heads, exonerations
def _lianhu(demo):  # type: ignore[no-untyped-def]
    return trace_case(demo, "C2024-06", today=D(2026, 12, 2))


def test_a_period_lists_every_successive_holder_with_the_part_they_cover(demo) -> None:  # type: ignore[no-untyped-def]
    tr = _lianhu(demo)
    assert tr.period is not None and (tr.period.start, tr.period.end) == (D(2022, 9, 1), D(2024, 6, 30))
    head = {e.person: e for e in tr.roles[R.PRINCIPAL_LEADERSHIP] if e.rule == "wenze2019.principal.head"}
    assert {p: (e.interval.start, e.interval.end) for p, e in head.items()} == {  # type: ignore[union-attr]
        "P047": (D(2022, 9, 1), D(2023, 12, 31)),  # the secretary who left
        "P056": (D(2024, 1, 1), D(2024, 2, 29)),  # presiding while the post was vacant
        "P054": (D(2024, 3, 1), D(2024, 6, 30)),  # the successor
    }
    sup = {e.person: e for e in tr.roles[R.SUPERVISORY]}
    assert (sup["P055"].interval.end, sup["P049"].interval.start) == (D(2023, 3, 31), D(2023, 4, 1))  # type: ignore[union-attr]
    assert head["P047"].now == () and sup["P049"].now == ()  # no post today: 终身问责
    assert [p.position for p in head["P054"].now or ()] == ["LH-S"]
    assert head["P056"].capacity == "presiding" and any(n.key == "presiding" for n in tr.notes)


def test_exonerations_count_as_examined_and_organizations_are_examined(demo) -> None:  # type: ignore[no-untyped-def]
    tr = _lianhu(demo)
    unexamined = {i.get("person") or i["target"] for i in tr.unexamined or ()}
    assert "P049" not in unexamined  # 不予问责, with its reason
    [exon] = [d for d in tr.decisions if d["role"] == "exonerated"]
    assert exon["target"] == "P049" and "三个区分开来" in exon["note"]
    assert "LH-JW" in unexamined and "LH" not in unexamined  # the street's committee was 通报
    [org] = [d for d in tr.decisions if d["target"] == "LH"]
    assert (org["form_kind"], org["target_kind"]) == ("circulation", "organization")
    assert "P057" not in unexamined and "JY-JW-O3" not in unexamined  # the office investigated the case


def test_a_case_in_two_organizations_is_traced_from_each(demo) -> None:  # type: ignore[no-untyped-def]
    tr = trace_case(demo, "C2025-07")
    assert [o for o, _ in tr.orgs] == ["ZJ", "CZ"] and tr.org == "ZJ"
    heads = {e.person: e.case_org for e in tr.roles[R.PRINCIPAL_LEADERSHIP] if e.rule == "wenze2019.principal.head"}
    assert heads == {"P023": "ZJ", "P014": "CZ"}
    assert {e.person: e.case_org for e in tr.roles[R.DIRECT]} == {"P022": "CZ", "P027": "ZJ"}
    assert {(o.org, o.role.value) for o in tr.organizations} >= {
        ("ZJ", "overall_leadership"),
        ("CZ", "overall_leadership"),
    }
    assert trace_case(demo, "C2025-07", "basic").orgs == (("ZJ", "江屿市住房和城乡建设局"),)


def test_bounded_supervision_takes_the_office_and_the_street_commission_not_the_city(demo) -> None:  # type: ignore[no-untyped-def]
    tr = _lianhu(demo)
    bodies = {e.org for e in tr.roles[R.SUPERVISORY]}
    assert bodies == {"LH-JW", "JY-JW-O3"}  # the office's director answers; the city commission does not
    assert "JY-JW" not in bodies and "JY-JW" in {s.org for lvl in tr.chain for s in lvl.supervisors}


# ------------------------------------------------------------------ the CLI, JSON and reports show them
def test_cli_json_and_rules_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    runner = CliRunner()
    out = runner.invoke(main, ["trace", str(DEMO), "C2024-06", "--json"])
    assert out.exit_code == 0, out.output
    tr = json.loads(out.stdout)
    assert tr["rule_set"]["id"] == "wenze2019" and tr["period"] == {"start": "2022-09-01", "end": "2024-06-30"}
    assert all("interval" in e and "now" in e and e["citation"] for e in tr["roles"]["principal_leadership"])
    assert tr["organizations"][0]["citation"]["article"] == 6
    text = runner.invoke(main, ["trace", str(DEMO), "C2024-06"]).output
    for phrase in ("主持工作", "第六条", "无现职", "不予（免予）问责", "三个区分开来", "全面领导责任"):
        assert phrase in text, phrase
    listed = json.loads(runner.invoke(main, ["rules", "--json"]).output)
    assert listed[0]["id"] == "wenze2019" and listed[0]["default"]
    one = json.loads(runner.invoke(main, ["rules", "chufen2023", "--json"]).output)
    assert one["organizations"] == [] and all(r["citation"]["quote"] for r in one["rules"])
    assert runner.invoke(main, ["trace", str(DEMO), "C2024-06", "--rules", "nope"]).exit_code == 2
    two = json.loads(runner.invoke(main, ["trace", str(DEMO), "C2025-07", "--json"]).output)
    assert [o["org"] for o in two["orgs"]] == ["ZJ", "CZ"]
    assert {e["case_org"] for e in two["roles"]["principal_leadership"]} == {"ZJ", "CZ"}
    assert [(d["target"], d["target_kind"], d["form_kind"]) for d in two["decisions"]][-1] == (
        "CZ",
        "organization",
        "inspection",
    )
    assert (
        "江屿市住房和城乡建设局 (ZJ)、江屿市财政局 (CZ)" in runner.invoke(main, ["trace", str(DEMO), "C2025-07"]).output
    )


def test_the_word_report_cites_the_articles(demo) -> None:  # type: ignore[no-untyped-def]
    import io

    from docx import Document

    from reports.filed import trace_report
    from reports.paper import namer, paper

    def body(tr):  # type: ignore[no-untyped-def]
        doc = Document(
            io.BytesIO(trace_report(paper(tr.title, "审查员", tr.date, "demo", "zh"), tr, namer(demo), None))
        )
        return "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)

    text = body(_lianhu(demo))
    for phrase in (
        "《中国共产党问责条例》(2019) 第六条",
        "主持工作",
        "2022-09-01~2023-12-31",
        "全面领导责任",
        "三个区分开来",
    ):
        assert phrase in text, phrase
    assert "江屿市住房和城乡建设局、江屿市财政局" in body(
        trace_case(demo, "C2025-07")
    )  # names: no ids in a filed report


# ------------------------------------------------------------------ the data format additions
@pytest.mark.parametrize(
    ("table", "edit", "column", "words"),
    [
        ("cases", {"period_start": "2024-13-01", "period_end": "2024-12-31"}, "period_start", "2024-13-01"),
        ("cases", {"period_start": "2024-06-01", "period_end": "2024-01-01"}, "period_end", "早于"),
        ("cases", {"period_start": "2024-06-01", "period_end": ""}, "period_end", "同时填写"),
        ("cases", {"investigated_by": "NOPE"}, "investigated_by", "NOPE"),
        ("cases", {"org_id": "XK-CZS;NOPE"}, "org_id", "NOPE"),
        ("tenures", {"capacity": "临时"}, "capacity", "主持工作"),
    ],
)
def test_bad_additions_are_reported_at_file_row_column(
    tmp_path: Path, table: str, edit, column: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from cli import main

    folder = copy_demo(tmp_path)
    rows = read_rows(folder / f"{table}.csv")
    rows[1].update(edit)
    write_rows(folder / f"{table}.csv", rows)
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 2
    assert f"{table}.csv:3:{column}:" in result.output and words in result.output, result.output
