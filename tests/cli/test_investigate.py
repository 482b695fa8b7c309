"""``respnet path``, ``respnet person`` and ``respnet unit`` on the demo: the
JSON shapes of the contract, the text output, bad input refused with exit 2."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli import main
from tests.helpers import DEMO


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_path_json_has_the_contract_shape_and_moves_with_the_date() -> None:
    result = run("path", str(DEMO), "P036", "P053", "--at", "2025-06-01", "--max", "2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"from", "to", "at", "paths"} and data["at"] == "2025-06-01"
    assert len(data["paths"]) == 2
    for p in data["paths"]:
        assert p["nodes"][0] == "P036" and p["nodes"][-1] == "P053"
        assert len(p["edges"]) == len(p["nodes"]) - 1
        assert {"type", "source", "target", "start", "end"} <= set(p["edges"][0]) and p["sentence"].endswith("。")
    assert data["paths"][0]["edges"][0] == {
        "type": "HOLDS",
        "source": "P036",
        "target": "XK-S",
        "start": "2024-07-01",
        "end": None,
        "sentence": "许晓东任中共江屿市溪口镇委员会·镇党委书记（2024-07-01起）",
    }
    before = json.loads(run("path", str(DEMO), "P036", "P053", "--at", "2024-01-01", "--json").stdout)
    assert before == {"from": "P036", "to": "P053", "at": "2024-01-01", "paths": []}


def test_path_text_and_edge_kinds() -> None:
    result = run("path", str(DEMO), "P036", "XK", "--at", "2025-06-01", "--edge-kinds", "HOLDS,IN", "--max", "1")
    assert result.exit_code == 0, result.output
    assert "最短的 1 条路径" in result.output and "镇党委书记设于" in result.output
    none = run("path", str(DEMO), "P036", "P053", "--at", "2025-06-01", "--edge-kinds", "HOLDS")
    assert none.exit_code == 0 and "没有" in none.output


def test_path_refuses_bad_input_with_exit_2() -> None:
    for args in (
        ("P036", "NOPE"),
        ("P036", "P036"),
        ("P036", "P053", "--edge-kinds", "HOLDS,XX"),
        ("P036", "P053", "--max", "0"),
    ):
        result = run("path", str(DEMO), *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_person_dossier_names_cases_roles_and_decisions() -> None:
    result = run("person", str(DEMO), "P035", "--at", "2025-06-01", "--json")
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert {"posts", "cases", "decisions", "records", "findings"} <= set(d)
    assert [(p["position"], p["start"], p["end"], p["current"]) for p in d["posts"]] == [
        ("XK-S", "2021-01-01", "2024-06-30", False)
    ]
    assert [(c["case"], c["roles"]) for c in d["cases"]] == [
        ("C2024-02", ["decision:principal_leadership"]),
        ("C2025-03", ["decision:principal_leadership"]),
    ]
    assert [(x["case"], x["form"], x["date"]) for x in d["decisions"]] == [
        ("C2024-02", "通报", "2024-05-10"),
        ("C2025-03", "通报", "2025-08-01"),
    ]
    xu = json.loads(run("person", str(DEMO), "P036", "--at", "2026-01-01", "--json").stdout)
    assert [r["record"] for r in xu["records"]] == ["R020"] and xu["posts"][0]["current"] is True
    text = run("person", str(DEMO), "P035", "--at", "2025-06-01")
    assert text.exit_code == 0 and "周立群（P035）" in text.output and "主要领导责任者" in text.output


def test_unit_dossier_holders_overseers_findings_and_cases() -> None:
    result = run("unit", str(DEMO), "XK-CZS", "--at", "2025-06-01", "--json")
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert {"posts", "overseers", "supervisors", "duties", "findings", "cases"} <= set(d)
    assert {p["position"]: [h["name"] for h in p["holders"]] for p in d["posts"]} == {
        "XK-CZS-K": ["朱慧"],
        "XK-CZS-H": ["杨帆"],
    }
    assert [o["position"] for o in d["overseers"]] == ["XK-M1", "XK-M2"]
    assert [c["case"] for c in d["cases"]] == ["C2024-02", "C2025-03"]
    overlap = [f for f in d["findings"] if f["kind"] == "overlapping_oversight"]
    assert overlap and overlap[0]["severity"] == "low"
    assert set(overlap[0]["holders"]) == {"XK-M1", "XK-M2"} and overlap[0]["holders"]["XK-M1"] == ["夏雨"]
    assert run("unit", str(DEMO), "P035").exit_code == 2  # a person is no unit
    text = run("unit", str(DEMO), "XK-CZS", "--at", "2025-06-01")
    assert text.exit_code == 0, text.output
    assert text.output.count("该单位的问题") == 1 and "秦国华" in text.output and "C2025-03" in text.output
    english = run("--lang", "en", "unit", str(DEMO), "XK-CZS", "--at", "2025-06-01")
    assert english.exit_code == 0 and "Findings on the unit" in english.output
