"""Random and mutated input: the loaders either load or raise :class:`LoadError`
listing the problems; never another exception, never a partial load.

Each example starts from the demo data and applies a few mutations of the kind
hand-made spreadsheets have: a cell changed to something odd, bytes broken, a
row repeated or lost, a column or file missing, the file re-encoded. What loads
must build into a graph (nothing half-checked got through); what does not must
say what is wrong, in both languages. The CSV folder is fed as a zip (reading
every file through the archive reader too), once with the small-file row reader
and once with pyarrow for every file; workbooks are fewer (each takes longer).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from graph.builder import build_graph
from graph.errors import LoadError, Problem
from loaders import load_dataset, readers

pytestmark = pytest.mark.slow  # generated inputs by the hundred (about 70 s)

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
FILES: dict[str, bytes] = {
    path.relative_to(DEMO).as_posix(): path.read_bytes() for path in sorted(DEMO.rglob("*")) if path.is_file()
}
IDS = sorted(
    {
        row[0]
        for name, data in FILES.items()
        if name.endswith(".csv")
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))
    }
)

#: Cell texts of the kinds that break hand-made tables.
ODD_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "\u3000",
            "2024-02-30",
            "2024/1/1",
            "45292",  # an Excel serial date
            "２０２４-０１-０１",
            "=1+1",
            "+86",
            "@SUM(A1)",
            '"',
            "a,b",
            "line\nbreak",
            "lead",
            "牵头",
            "secretary",
            "书记",
            "first_responsible",
            "party_committee",
            "P０１",
            ";;",
            "D1;D1",
            "每季度至少1次",
            "\x00",
            "\ufeff",
        ]
    ),
    st.sampled_from(IDS),
    st.text(max_size=12),
)


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace"), newline="")))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, bytes]:
    files = dict(FILES)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(files)))
        data = files[name]
        op = draw(
            st.sampled_from(
                ["cell", "cell", "cell", "bytes", "repeat", "drop_row", "drop_column", "drop_file", "encode"]
            )
        )
        if op == "drop_file":
            del files[name]
            continue
        if op == "bytes" or not name.endswith(".csv"):
            at = draw(st.integers(0, len(data)))
            cut = draw(st.integers(0, 8))
            files[name] = data[:at] + draw(st.binary(max_size=8)) + data[at + cut :]
            continue
        if op == "encode":
            encoding = draw(st.sampled_from(["gb18030", "utf-16", "utf-8-sig", "latin-1"]))
            files[name] = data.decode("utf-8-sig", errors="replace").encode(encoding, errors="replace")
            continue
        rows = _rows(data)
        if len(rows) < 2:
            continue
        i = draw(st.integers(0, len(rows) - 1))
        if op == "cell":
            j = draw(st.integers(0, max(len(rows[i]) - 1, 0)))
            if rows[i]:
                rows[i][j] = draw(ODD_CELLS)
        elif op == "repeat":
            rows.insert(draw(st.integers(1, len(rows))), list(rows[i]))
        elif op == "drop_row":
            del rows[i]
        elif op == "drop_column":
            j = draw(st.integers(0, max(len(rows[0]) - 1, 0)))
            rows = [r[:j] + r[j + 1 :] for r in rows]
        files[name] = _csv(rows)
    return files


def _zip(files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def _loads_whole_or_not_at_all(source: io.BytesIO, name: str) -> None:
    try:
        dataset = load_dataset(source, name)
    except LoadError as e:
        assert e.problems, "a load error must list its problems"
        assert all(isinstance(p, Problem) for p in [*e.problems, *e.warnings])
        for lang in ("zh", "en"):
            assert e.report(lang)
        return
    build_graph(dataset)  # what loaded is whole: it builds without a schema error


FUZZ = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("arrow", [False, True], ids=["rows", "pyarrow"])
@FUZZ
@given(files=mutated())
def test_mutated_folders_load_whole_or_report_problems(files: dict[str, bytes], arrow: bool) -> None:
    with pytest.MonkeyPatch.context() as mp:
        if arrow:
            mp.setattr(readers, "ARROW_MIN_BYTES", 0)
        _loads_whole_or_not_at_all(_zip(files), "demo.zip")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=mutated())
def test_mutated_workbooks_load_whole_or_report_problems(files: dict[str, bytes]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, data in files.items():
        if name.endswith(".csv"):
            ws = wb.create_sheet(Path(name).stem)
            for row in _rows(data):
                ws.append([_sheet_value(v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    _loads_whole_or_not_at_all(buffer, "demo.xlsx")


def _sheet_value(text: str) -> object:
    """What a hand-made sheet might hold for ``text``: numbers as numbers, and
    no control characters (a workbook cannot hold them)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    try:
        return int(text) if text.isdigit() and len(text) < 10 else text
    except ValueError:
        return text


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2048), name=st.sampled_from(["x.zip", "x.xlsx"]))
def test_random_bytes_are_refused_with_a_load_error(data: bytes, name: str) -> None:
    _loads_whole_or_not_at_all(io.BytesIO(data), name)
