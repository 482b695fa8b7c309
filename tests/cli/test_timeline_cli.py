"""``respnet diff``, ``handover`` and ``whatif`` on the demo: the JSON shapes of
the README, refusals with exit 2, and the notice for a date outside the data
on standard error (standard output stays one JSON document)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli import main
from tests.helpers import DEMO


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_diff_json_shape_and_the_demos_reshuffle() -> None:
    done = run("diff", str(DEMO), "--from", "2024-01-01", "--to", "2025-06-30", "--json")
    assert done.exit_code == 0, done.output
    payload = json.loads(done.stdout)
    assert set(payload) == {"from", "to", "changes", "opened", "closed"}
    assert (payload["from"], payload["to"]) == ("2024-01-01", "2025-06-30")
    assert all(set(c) == {"kind", "ids", "message", "date"} for c in payload["changes"])
    began = [c for c in payload["changes"] if c["kind"] == "tenure_began" and c["ids"] == ["P036", "XK-S"]]
    assert began and began[0]["date"] == "2024-07-01" and "许晓东" in began[0]["message"]
    assert all({"kind", "ids", "message", "severity", "details"} <= set(f) for f in payload["opened"])
    assert not done.stderr  # both dates inside the data: no notice


def test_handover_json_shape() -> None:
    done = run("handover", str(DEMO), "--from", "2024-01-01", "--to", "2025-12-31", "--json")
    assert done.exit_code == 0, done.output
    listed = json.loads(done.stdout)
    keys = {"position", "org", "from_person", "to_person", "left", "arrived", "vacancy_days"}
    keys |= {"duties", "unmet", "open_items", "handover_record"}
    assert [set(h) for h in listed] == [keys] * len(listed) and len(listed) == 3
    by_post = {h["position"]: h for h in listed}
    assert by_post["JY-S"]["handover_record"] == "R026" and by_post["XK-S"]["handover_record"] is None
    table = run("handover", str(DEMO), "--from", "2024-01-01", "--to", "2025-12-31")
    assert table.exit_code == 0 and "R026" in table.stdout and "许晓东" in table.stdout


def test_whatif_json_shape_and_refusals() -> None:
    done = run("whatif", str(DEMO), "--at", "2026-06-01", "--remove-person", "P036", "--json")
    assert done.exit_code == 0, done.output
    payload = json.loads(done.stdout)
    assert set(payload) == {"at", "changes", "before", "after", "opened", "closed"}
    assert {(f["kind"], tuple(f["ids"])) for f in payload["opened"]} >= {("vacant_key_post", ("XK-S", "XK"))}
    assert len(payload["after"]) == len(payload["before"]) + len(payload["opened"]) - len(payload["closed"])
    for args in (
        ("--end-tenure", "P036"),  # no post
        ("--end-tenure", "P001:JY-S"),  # P001 left JY-S in 2024
        ("--remove-person", "NOBODY"),
        ("--merge-orgs", "CZ"),
        (),  # nothing to suppose
    ):
        refused = run("whatif", str(DEMO), "--at", "2026-06-01", *args)
        assert refused.exit_code == 2, (args, refused.output)
        assert "Traceback" not in refused.output


def test_a_date_outside_the_data_is_noticed_on_stderr() -> None:
    done = run("gaps", str(DEMO), "--at", "2019-01-01", "--json")
    assert done.exit_code == 0
    assert json.loads(done.stdout)  # the findings, as JSON, alone on stdout
    assert "早于数据中最早的日期2021-01-01" in done.stderr
    later = run("--lang", "en", "diff", str(DEMO), "--from", "2025-01-01", "--to", "2030-01-01", "--json")
    assert "lies after the latest date in the data (2026-10-12)" in later.stderr
    assert json.loads(later.stdout)["to"] == "2030-01-01"
    backwards = run("diff", str(DEMO), "--from", "2025-01-01", "--to", "2024-01-01")
    assert backwards.exit_code == 2 and "晚于终止日期" in backwards.output


def test_compliance_refuses_a_range_after_the_last_record_unless_asked() -> None:
    refused = run("compliance", str(DEMO), "--from", "2026-01-01", "--to", "2026-12-31", "--json")
    assert refused.exit_code == 2 and "2026-09-22" in refused.stderr and "--allow-future" in refused.stderr
    allowed = run("compliance", str(DEMO), "--from", "2026-01-01", "--to", "2026-12-31", "--allow-future", "--json")
    assert allowed.exit_code == 0 and isinstance(json.loads(allowed.stdout), list)
    fair = run("compliance", str(DEMO), "--from", "2022-01-01", "--to", "2022-12-31", "--json")
    plain = run("compliance", str(DEMO), "--from", "2022-01-01", "--to", "2022-12-31", "--no-prorate", "--json")
    prorated = [w for f in json.loads(fair.stdout) for w in f["details"].get("windows", []) if "held_days" in w]
    assert prorated and not any(
        "held_days" in w for f in json.loads(plain.stdout) for w in f["details"].get("windows", [])
    )
