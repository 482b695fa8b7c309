"""The column-by-column reading and typing give exactly what row-by-row does.

The fast paths (pyarrow for a rectangular CSV, typing a clean table one column
at a time, registering a table's ids in one update) must never change what is
loaded or what is reported: these tests hold them to the row-by-row readers.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from graph.core import bulk
from graph.errors import LoadError, Problem
from graph.errors import ProblemCode as P
from loaders import load_dataset, readers
from loaders.readers import RawInput, read_folder
from loaders.rows import _by_column, _by_row
from loaders.tables import table_for_name
from tests.helpers import copy_demo

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


def _read(data: bytes, table: str, monkeypatch: pytest.MonkeyPatch | None = None) -> RawInput:
    """``data`` read as the CSV of ``table``; row by row when ``monkeypatch`` is given."""
    if monkeypatch is not None:
        monkeypatch.setattr(readers, "_arrow_columns", lambda _data: None)
    raw = RawInput("t")
    spec = table_for_name(table)
    assert spec is not None
    readers._csv_table(raw, spec, f"{table}.csv", data, data.decode("utf-8-sig"))
    return raw


def _same(fast: RawInput, slow: RawInput) -> None:
    assert fast.problems == slow.problems
    assert fast.tables.keys() == slow.tables.keys()
    for key, table in fast.tables.items():
        other = slow.tables[key]
        assert (table.headers, table.numbers, table.cells) == (other.headers, other.numbers, other.cells)


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.csv")), ids=lambda p: p.stem)
def test_every_demo_table_reads_the_same_by_column_and_by_row(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    fast = _read(data, path.stem)
    assert fast.tables, path
    _same(fast, _read(data, path.stem, monkeypatch))


def test_arrow_strips_a_cell_as_str_strip_does_for_every_character() -> None:
    # the fast path trims cells with Arrow, the row-by-row one with str.strip
    import pyarrow as pa
    import pyarrow.compute as pc

    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    padded = [f"{c}{c}甲 {c}乙{c}" for c in chars]
    trimmed = pc.utf8_trim_whitespace(pa.array(padded)).to_pylist()
    assert [hex(ord(c)) for c, p, t in zip(chars, padded, trimmed, strict=True) if p.strip() != t] == []
    assert sum(c.isspace() for c in chars) > 20  # Unicode spaces were among them


TRICKY = (
    "\ufeffperson_id,position_id,start,end\n"
    " P1 ,X-S,2024-01-01,\n"  # padded cells
    ",,,\n"  # a blank row: skipped, later rows keep their numbers
    '"P2","X-S",2024-02-01,"2024-03-01"\n'
    '"P\n3",X-S,\u30002024-04-01\u3000,\n'  # a quoted line break stays in its cell; full-width spaces
    "P4,X-S,2024-05-01,\r\n"
)


def test_a_rectangular_file_with_padding_blank_rows_and_quoted_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    data = TRICKY.encode()
    fast = _read(data, "tenures")
    table = fast.tables["tenures"]
    assert table.numbers == [2, 4, 5, 6]
    assert table.cells["person_id"] == ["P1", "P2", "P\n3", "P4"]
    assert table.cells["start"][2] == "2024-04-01"
    assert table.cells["end"] == ["", "2024-03-01", "", ""]
    _same(fast, _read(data, "tenures", monkeypatch))


@pytest.mark.parametrize(
    ("text", "first_row"),
    [
        ("任职名单\nperson_id,position_id,start,end\nP1,X-S,2024-01-01,\n", 3),  # a title line above the header
        ("person_id,position_id,start,end\nP1,X-S,2024-01-01\nP2,X-S,2024-01-01,,extra\n", 2),  # ragged rows
        ("person_id,position_id,start,end\n\nP1,X-S,2024-01-01,\n", 3),  # an empty line
    ],
    ids=["title", "ragged", "empty-line"],
)
def test_files_pyarrow_cannot_read_as_a_rectangle_fall_back_to_rows(
    text: str, first_row: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = text.encode()
    fast = _read(data, "tenures")
    _same(fast, _read(data, "tenures", monkeypatch))
    assert fast.tables["tenures"].numbers[0] == first_row


def test_typing_by_column_gives_the_records_row_by_row_gives() -> None:
    raw = read_folder(DEMO)
    for table in raw.tables.values():
        if table.spec.record is None:
            continue
        problems: list[Problem] = []
        by_column = _by_column(table)
        by_row = _by_row(table, problems, {})
        assert by_column is not None and not problems, table.name
        assert by_column == by_row, table.name
        assert [r.src for r in by_column] == [r.src for r in by_row], table.name


def test_one_bad_cell_sends_the_table_row_by_row_and_is_reported_where_it_is(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)
    lines = (folder / "tenures.csv").read_text(encoding="utf-8").splitlines()
    head, first, *rest = lines
    bad = first.split(",")
    bad[2] = "2024年1月"
    (folder / "tenures.csv").write_text("\n".join([head, ",".join(bad), *rest]) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as e:
        load_dataset(folder)
    found = [(p.file, p.row, p.code) for p in e.value.problems]
    assert ("tenures.csv", 2, P.BAD_DATE_FORMAT) in found


def test_a_duplicate_id_is_still_reported_with_the_bulk_registry(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)
    lines = (folder / "people.csv").read_text(encoding="utf-8").splitlines()
    (folder / "people.csv").write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as e:
        load_dataset(folder)
    assert [(p.row, p.code) for p in e.value.problems] == [(len(lines) + 1, P.DUPLICATE_ID)]


def test_an_id_given_in_two_tables_names_where_it_was_first_given(tmp_path: Path) -> None:
    # the registry keeps where each id was given only once one repeats: both the
    # batch registered whole (organizations) and the one-by-one path (decisions) say it
    folder = copy_demo(tmp_path)
    orgs = (folder / "organizations.csv").read_text(encoding="utf-8").splitlines()
    org_row = next(i for i, line in enumerate(orgs, 1) if line.startswith("TJ,"))
    people = (folder / "people.csv").read_text(encoding="utf-8").splitlines()
    (folder / "people.csv").write_text("\n".join([*people, "TJ,撞号"]) + "\n", encoding="utf-8")
    duties = (folder / "duties.csv").read_text(encoding="utf-8").splitlines()
    clash = "C2026-05/P033/direct,撞号,principal" + "," * (duties[0].count(",") - 2)
    (folder / "duties.csv").write_text("\n".join([*duties, clash]) + "\n", encoding="utf-8")
    decisions = (folder / "decisions.csv").read_text(encoding="utf-8").splitlines()
    added = "C2026-05,P033,direct" + "," * (decisions[0].count(",") - 2)
    (folder / "decisions.csv").write_text("\n".join([*decisions, added]) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as e:
        load_dataset(folder)
    found = {(p.file, p.row): p.params.get("first") for p in e.value.problems if p.code is P.DUPLICATE_ID}
    assert found == {
        ("people.csv", len(people) + 1): f"organizations.csv:{org_row}",
        ("decisions.csv", len(decisions) + 1): f"duties.csv:{len(duties) + 1}",
    }


def test_bulk_pauses_the_collector_and_restores_it_nested() -> None:
    assert gc.isenabled()
    with bulk():
        assert not gc.isenabled()
        with bulk():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
