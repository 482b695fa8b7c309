"""Test helpers: copies of the demo data to break, and the same data as a workbook."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import yaml

from loaders.tables import TABLES

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
#: The date the demo's date-based expectations are written for.
DEMO_AT = "2026-11-21"


def shared(holding: str) -> Path:
    """The shared folder of real documents that holds ``holding`` (``real_lists``,
    ``regulations`` ...), read in place: ``$RESPNET_SHARED``, else ``../shared``
    beside the repository, else ``../shared`` beside the repository this one was
    cloned from (a fresh clone made elsewhere, as CI does)."""
    candidates = [os.environ.get("RESPNET_SHARED"), ROOT.parent / "shared"]
    origin = subprocess.run(
        ["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if origin and "://" not in origin and not origin.startswith("git@"):
        candidates.append(Path(origin).resolve().parent / "shared")
    for candidate in candidates:
        if candidate and (Path(candidate) / holding).is_dir():
            return Path(candidate)
    looked = ", ".join(str(c) for c in candidates if c)
    raise FileNotFoundError(f"{holding} not found in {looked}: set RESPNET_SHARED to the shared folder")


def copy_demo(dest: Path) -> Path:
    """A writable copy of the demo data folder."""
    target = dest / "demo"
    shutil.copytree(DEMO, target)
    return target


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(
    path: Path, rows: list[dict[str, str]], fieldnames: list[str] | None = None, encoding: str = "utf-8"
) -> None:
    names = fieldnames or list(rows[0])
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def edit_rows(folder: Path, table: str, edit) -> None:  # type: ignore[no-untyped-def]
    """Rewrite ``folder/table.csv`` with ``edit(rows) -> rows``."""
    path = folder / f"{table}.csv"
    rows = read_rows(path)
    fieldnames = list(rows[0])
    write_rows(path, edit(rows), fieldnames)


def template_rows(folder: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The lists/*.yaml templates of a folder as rows of the lists and clauses tables."""
    lists, clauses = [], []
    for file in sorted((folder / "lists").glob("*.yaml")):
        doc = yaml.safe_load(file.read_text("utf-8"))
        lists.append(
            {
                "id": doc["id"],
                "title": doc["title"],
                "issuer": doc.get("issuer", ""),
                "issued": str(doc.get("issued", "")),
            }
        )
        for c in doc["clauses"]:
            applies = c.get("applies_to") or {}
            kinds = applies.get("org_kind", [])
            levels = applies.get("level", [])
            clauses.append(
                {
                    "list_id": doc["id"],
                    "clause": str(c["clause"]),
                    "text": c["text"],
                    "kind": c["kind"],
                    "category": c.get("category", ""),
                    "frequency": c.get("frequency", ""),
                    "org_kind": ";".join(kinds if isinstance(kinds, list) else [kinds]),
                    "role": applies.get("role", ""),
                    "level": ";".join(levels if isinstance(levels, list) else [levels]),
                }
            )
    return lists, clauses


def folder_to_workbook(folder: Path, out: Path, *, chinese: bool = True, title_row: bool = False) -> Path:
    """The data of a CSV folder (templates included, as the lists and clauses
    sheets) as one workbook, with Chinese or English sheet names and headers.
    ``title_row`` puts a merged title above each header, as offices often do."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    lists, clauses = template_rows(folder)
    for spec in TABLES:
        if spec.key == "lists":
            rows = lists
        elif spec.key == "clauses":
            rows = clauses
        else:
            path = folder / f"{spec.key}.csv"
            if not path.exists():
                continue
            rows = read_rows(path)
        ws = wb.create_sheet(spec.names[0] if chinese else spec.key)
        keys = [c.key for c in spec.columns if any(c.key in r for r in rows)]
        if title_row:
            ws.append([f"{spec.names[0]}（示例）"])
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(keys), 1))
        ws.append([spec.column(k).headers[0] if chinese else k for k in keys])
        for r in rows:
            ws.append([r.get(k, "") or None for k in keys])
    wb.save(out)
    return out


def folder_with_chinese_headers(folder: Path, dest: Path) -> Path:
    """The same CSV folder with Chinese file names and headers (templates kept as YAML)."""
    dest.mkdir()
    shutil.copytree(folder / "lists", dest / "lists")
    for spec in TABLES:
        path = folder / f"{spec.key}.csv"
        if not path.exists():
            continue
        rows = read_rows(path)
        renamed = [{spec.column(k).headers[0]: v for k, v in r.items()} for r in rows]
        write_rows(
            dest / f"{spec.names[0]}.csv", renamed, [spec.column(k).headers[0] for k in rows[0]], encoding="utf-8-sig"
        )
    return dest


def folder_to_zip(folder: Path, *, top: str | None = None) -> bytes:
    """The bytes of a zip of a data folder, its files at the top or under ``top``."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                inner = file.relative_to(folder).as_posix()
                archive.write(file, f"{top}/{inner}" if top else inner)
    return buffer.getvalue()


def graph_signature(G):  # type: ignore[no-untyped-def]
    """Everything a graph holds, as comparable sets: nodes with attributes, edges
    with keys and attributes."""
    nodes = {(n, tuple(sorted((k, str(v)) for k, v in d.items()))) for n, d in G.nx.nodes(data=True)}
    edges = {
        (u, v, k, tuple(sorted((a, str(b)) for a, b in d.items()))) for u, v, k, d in G.nx.edges(keys=True, data=True)
    }
    return nodes, edges


def reshuffled_demo(dest: Path) -> Path:
    """The demo with the statistics bureau's overseer changed: 吴丽华's post
    (JY-M1) oversees TJ to 2026-06-30 as in the demo, and 罗文斌's (JY-M3) from
    2026-07-01 — so a finding on TJ before July and a deadline after it name
    different overseers."""
    folder = copy_demo(dest)
    extra = {"position_id": "JY-M3", "org_id": "TJ", "start": "2026-07-01", "end": ""}
    edit_rows(folder, "oversight", lambda rows: [*rows, extra])
    return folder
