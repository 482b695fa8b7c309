"""``respnet decisions`` on a county made by hand: every figure below was
counted by hand from the tables (see each comment)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from graph.builder import build_graph
from loaders import load_dataset
from queries.decisions import decisions

# County C with its commission CJ; towns A and B under it; A's finance office AF
# and village branch V under A. p5 (village secretary) left on 2024-03-31; p6
# never held a post.
TABLES = {
    "organizations": (
        "id,name,kind,level,parent_id\nC,县委,party_committee,县,\nCJ,县纪委,discipline_commission,县,C\n"
        "A,甲镇党委,party_committee,乡,C\nAF,甲镇财政所,unit,乡,A\nV,一村党支部,branch,村,A\nB,乙镇党委,party_committee,乡,C\n"
    ),
    "positions": (
        "id,org_id,title,role\nC-S,C,县委书记,secretary\nA-S,A,甲镇党委书记,secretary\nA-M,A,甲镇党委委员,member\n"
        "AF-H,AF,财政所所长,other\nV-S,V,村党支部书记,secretary\n"
    ),
    "people": "id,name\np1,赵一\np2,钱二\np3,孙三\np4,李四\np5,周五\np6,吴六\n",
    "tenures": (
        "person_id,position_id,start,end\np1,C-S,2020-01-01,\np2,A-S,2020-01-01,\np3,A-M,2020-01-01,\n"
        "p4,AF-H,2020-01-01,\np5,V-S,2020-01-01,2024-03-31\n"
    ),
    "oversight": "position_id,org_id,start,end\nA-M,AF,2020-01-01,\n",
    "supervision": "supervisor_id,org_id,kind,start,end\nCJ,C,same_level,2020-01-01,\n",
    "duties": "id,text,kind,category,list_id,clause,frequency,parent_id\nD1,管好资金,principal,,,,,\n",
    "assignments": "duty_id,bearer_id,role\nD1,A-S,lead\n",
    "cases": (
        "id,date,org_id,title,category,breached_duty_ids,direct_person_ids\n"
        "K0,2022-01-01,B,旧案,,D1,\nK1,2023-06-01,AF,挪用,,D1,p4\nK2,2024-02-01,AF,虚报,,D1,p4\nK3,2024-05-01,V,侵占,,D1,p5;p6\n"
    ),
    "decisions": (
        "case_id,target_id,role,form,date,note\n"
        "K0,p2,principal_leadership,通报,2022-03-01,\n"
        "K1,p4,direct,党内警告,2023-09-01,\nK1,p2,principal_leadership,诫勉,2023-09-01,\n"
        "K1,p3,important_leadership,诫勉,2023-09-01,\n"
        "K2,p4,direct,撤销党内职务,2024-04-01,\nK2,p3,important_leadership,通报,2024-04-01,\n"
        "K2,A,overall_leadership,检查,2024-04-01,\n"
        "K3,p5,direct,开除党籍,2024-06-01,\nK3,p6,direct,党内警告,2024-06-01,\nK3,p3,exonerated,,2024-06-01,\n"
    ),
    "records": "id,duty_id,person_id,date,kind,note\n",
}

# Counted by hand for 2023-01-01 .. 2024-12-31 (K0's decision, 2022, falls outside):
EXPECTED = {
    "from": "2023-01-01",
    "to": "2024-12-31",
    "total": 9,  # K1 3 + K2 3 + K3 3
    "by_role": {  # direct p4, p4, p5, p6; important p3 twice; principal p2; overall A; exonerated p3
        "direct": 4,
        "exonerated": 1,
        "important_leadership": 2,
        "overall_leadership": 1,
        "principal_leadership": 1,
    },
    # K1: p4 (AF, 乡), p2 (A, 乡), p3 (A, 乡); K2: p4, p3, organization A (乡); K3: p5 left on
    # 2024-03-31 (none), p6 never held a post (none), p3 (乡, exonerated still counted)
    "by_level": {"none": 2, "乡": 7},
    "organizations": 1,
    # cases in the period: K1, K2 in AF, K3 in V; CJ supervises and is not counted
    "without_cases": [{"org": "A", "level": "乡"}, {"org": "B", "level": "乡"}, {"org": "C", "level": "县"}],
    "repeat": [{"org": "AF", "cases": ["K1", "K2"]}],
    "by_year": {"2023": 3, "2024": 6},
    "by_line": {"direct": 4, "principal": 4},  # principal 1 + important 2 + overall 1
    # p3 on A-M in K1 and K2 (K3 exonerated: not held to account); p4 on AF-H in K1 and K2
    "repeat_posts": [{"post": "A-M", "cases": ["K1", "K2"]}, {"post": "AF-H", "cases": ["K1", "K2"]}],
}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder: Path = tmp_path_factory.mktemp("county")
    for name, text in TABLES.items():
        (folder / f"{name}.csv").write_text(text, "utf-8")
    return folder


def test_the_figures_equal_those_counted_by_hand(county: Path) -> None:
    G = build_graph(load_dataset(county))
    assert decisions(G, date(2023, 1, 1), date(2024, 12, 31)).to_dict() == EXPECTED


def test_a_narrower_period(county: Path) -> None:
    G = build_graph(load_dataset(county))
    found = decisions(G, date(2024, 1, 1), date(2024, 4, 30))  # K2 only: its 3 decisions; cases K2
    assert (found.total, found.by_level, found.organizations, found.repeat) == (3, {"乡": 3}, 1, [])
    assert {w["org"] for w in found.without_cases} == {"A", "B", "C", "V"}


def test_the_command_prints_the_same_json_and_a_table(county: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["decisions", str(county), "--from", "2023-01-01", "--to", "2024-12-31", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == EXPECTED
    table = runner.invoke(main, ["decisions", str(county), "--from", "2023-01-01", "--to", "2024-12-31"])
    assert table.exit_code == 0
    assert "问责决定 9 项，其中对组织 1 项" in table.stdout and "甲镇财政所：K1、K2" in table.stdout
    assert "（决定时未任职）" in table.stdout
    reversed_ = runner.invoke(main, ["decisions", str(county), "--from", "2024-12-31", "--to", "2023-01-01"])
    assert reversed_.exit_code == 2
