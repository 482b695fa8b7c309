"""The generated province: deterministic, valid, and its planted defects found."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from graph.builder import build_graph
from loaders import load_dataset
from loaders.synth import synthesize
from queries.compliance import compliance
from queries.gaps import gaps
from queries.orphans import orphans
from queries.overlaps import overlaps

pytestmark = pytest.mark.slow  # generates provinces

AT = date(2026, 6, 30)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "province"
    synthesize(out, orgs=3000, seed=5)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def test_same_options_same_bytes(province: Path, tmp_path: Path) -> None:
    synthesize(tmp_path / "again", orgs=3000, seed=5)
    assert _files(tmp_path / "again") == _files(province)
    synthesize(tmp_path / "other", orgs=3000, seed=6)
    assert _files(tmp_path / "other") != _files(province)


def test_levels_kinds_and_size(province: Path) -> None:
    ds = load_dataset(province)
    assert len(ds.organizations) == 3000
    assert {o.level for o in ds.organizations} == {"省", "市", "县", "乡", "村"}
    kinds = Counter(o.kind.value for o in ds.organizations)
    for kind in ("party_committee", "discipline_commission", "stationed_team", "unit", "branch", "village_supervision"):
        assert kinds[kind] > 0, kind
    assert ds.tenures and ds.cases and ds.decisions and ds.records and ds.clauses
    assert not ds.warnings


def test_planted_defects_are_found(province: Path) -> None:
    planted = json.loads((province / ".synth.json").read_text("utf-8"))["planted"]
    G = build_graph(load_dataset(province))
    found = Counter(f.kind.value for f in [*orphans(G, at=AT), *gaps(G, at=AT), *overlaps(G, at=AT)])
    for kind in ("unoverseen_unit", "overlapping_oversight", "unsupervised_org", "orphan_duty", "multiple_leads"):
        assert found[kind] == planted[kind], kind
    assert found["conflict_of_interest"] == planted["conflict_of_interest"]
    # key posts also fall vacant between terms, so at least the planted ones
    assert found["vacant_key_post"] >= planted["vacant_key_post"] > 0
    assert found["missing_post"] == planted["missing_post"]
    short = compliance(G, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert short, "skipped quarters show up as underperformed duties"


def test_cli_synth_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    runner = CliRunner()
    out = tmp_path / "p"
    result = runner.invoke(main, ["synth", str(out), "--orgs", "200", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "200" in result.output
    assert runner.invoke(main, ["check", str(out)]).exit_code == 0
    again = runner.invoke(main, ["synth", str(out), "--orgs", "200"])
    assert again.exit_code == 2
    assert "--force" in again.output
    assert runner.invoke(main, ["synth", str(out), "--orgs", "200", "--force"]).exit_code == 0
