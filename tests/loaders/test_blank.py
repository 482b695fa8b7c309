"""The template workbook: made by `respnet template`, filled in with openpyxl,
uploaded, and read as the data typed into it."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import queries
from graph.builder import build_graph
from loaders import load_dataset
from loaders.blank import template_workbook
from loaders.tables import TABLES
from tests.helpers import read_rows, template_rows

DEMO = Path("data/demo")
AT = date(2025, 6, 30)


def _demo_rows(key: str) -> list[dict[str, str]]:
    lists, clauses = template_rows(DEMO)
    if key in ("lists", "clauses"):
        return lists if key == "lists" else clauses
    path = DEMO / f"{key}.csv"
    return read_rows(path) if path.exists() else []


def _findings(ds):  # type: ignore[no-untyped-def]
    G = build_graph(ds)
    found = [
        *queries.orphans(G, at=AT),
        *queries.gaps(G, at=AT),
        *queries.overlaps(G, at=AT),
        *queries.compliance(G, start=date(2024, 1, 1), end=AT),
    ]
    return [f.to_dict("zh") for f in found]


def filled_template(folder: Path, lang: str) -> Path:
    """The template in ``lang`` with the demo's rows typed in through openpyxl,
    below the example rows (left in place)."""
    wb = openpyxl.load_workbook(io.BytesIO(template_workbook(lang)))  # type: ignore[arg-type]
    for spec in TABLES:
        ws = wb[spec.names[0] if lang == "zh" else spec.key]
        headers = [c.value for c in ws[1]]
        keys = [next(col.key for col in spec.columns if header in (col.key, col.headers[0])) for header in headers]
        for row in _demo_rows(spec.key):
            ws.append([row.get(k) or None for k in keys])
    filled = folder / "填报.xlsx"
    wb.save(filled)
    return filled


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_template_filled_with_the_demo_gives_the_demos_findings(tmp_path: Path, lang: str) -> None:
    ds = load_dataset(filled_template(tmp_path, lang))
    assert _findings(ds) == _findings(load_dataset(DEMO))
    assert len(ds.organizations) == len(read_rows(DEMO / "organizations.csv"))
    skipped = [w for w in ds.warnings if w.code == "example_row"]
    assert len(skipped) == len(TABLES)  # each example row left in place was skipped, with a notice
    assert not [w for w in ds.warnings if w.code == "unknown_sheet"]  # the notes and values sheets are no data


def test_the_template_explains_every_column_and_offers_every_vocabulary() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(template_workbook("zh")))  # type: ignore[arg-type]
    notes = wb["说明"]
    explained = {row[2] for row in notes.iter_rows(min_row=5, values_only=True) if row[2]}
    assert explained == {col.key for spec in TABLES for col in spec.columns}
    orgs = wb["组织"]
    assert [c.value for c in orgs[1]] == ["编码", "名称", "类型", "层级", "上级编码"]
    (kinds,) = [dv for dv in orgs.data_validations.dataValidation if "C2" in str(dv.sqref)]
    values = wb["取值"]
    assert values.sheet_state == "hidden"
    column = kinds.formula1.split("!")[1].split(":")[0].replace("$", "")[0]
    offered = [c.value for c in values[column][1:] if c.value]
    assert "党委" in offered and "纪委" in offered and len(offered) == 11
    assert wb["任职"]["C3"].number_format == "yyyy-mm-dd"


def test_respnet_template_writes_the_workbook(tmp_path: Path) -> None:
    from cli import main

    out = tmp_path / "模板.xlsx"
    done = CliRunner().invoke(main, ["template", str(out)])
    assert done.exit_code == 0, done.output
    assert "说明" in openpyxl.load_workbook(out).sheetnames
    again = CliRunner().invoke(main, ["template", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    assert CliRunner().invoke(main, ["--lang", "en", "template", str(out), "--force"]).exit_code == 0
    assert "notes" in openpyxl.load_workbook(out).sheetnames
