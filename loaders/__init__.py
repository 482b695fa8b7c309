"""Loaders: a data folder or a workbook in, a validated Dataset (or graph) out.

Reading (:mod:`loaders.readers`), row parsing (:mod:`loaders.rows`), YAML
templates (:mod:`loaders.templates`) and checks across records
(:mod:`loaders.validate`) each collect problems; :func:`parse_input` raises
one :class:`~graph.errors.LoadError` listing them all, so nothing is ever
half-loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from graph.builder import build_graph
from graph.core import bulk
from graph.errors import LoadError, Problem, Severity
from graph.model import ResponsibilityGraph
from graph.records import Dataset
from loaders.blank import drop_examples
from loaders.causes import Cause
from loaders.readers import RawInput, read_folder
from loaders.rows import dates, fold_ids, parse_table
from loaders.sources import read_source
from loaders.tables import TABLES
from loaders.templates import parse_template
from loaders.validate import validate
from loaders.workbook import read_workbook

__all__ = ["load_dataset", "load_graph", "parse_input", "read_folder", "read_source", "read_workbook"]


def parse_input(raw: RawInput) -> Dataset:
    """Parse and validate what a reader read.

    Raises
    ------
    LoadError
        Listing every problem found, in file and row order.
    """
    with bulk():
        return _parse(raw)


def _parse(raw: RawInput) -> Dataset:
    problems = [p for p in raw.problems if p.severity is Severity.ERROR]
    warnings = [p for p in raw.problems if p.severity is Severity.WARNING]
    ds = Dataset(name=raw.name)
    broken: dict[str, dict[str, Cause]] = {}
    for spec in TABLES:
        table = raw.tables.get(spec.key)
        if table is not None:
            drop_examples(table, warnings)
            fold_ids(table, warnings)
            dates(table, warnings)
            getattr(ds, spec.key).extend(parse_table(table, problems, broken))
    template_problems: list[Problem] = []
    for file in raw.templates:
        the_list, clauses = parse_template(file, template_problems)
        if the_list is not None:
            ds.lists.append(the_list)
            ds.clauses.extend(clauses)
    problems += [p for p in template_problems if p.severity is Severity.ERROR]
    warnings += [p for p in template_problems if p.severity is Severity.WARNING]
    headers = {t.name: t.headers for t in raw.tables.values()}
    resolved = validate(
        ds,
        headers,
        problems,
        warnings,
        broken_ids=broken.get("id", {}),
        unsure_people=broken.get("person_id", {}),
    )
    if problems:
        raise LoadError(_ordered(problems), _ordered(warnings))
    resolved.warnings = _ordered(warnings)
    return resolved


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.row or 0))


def load_dataset(source: str | Path | IO[bytes], name: str | None = None) -> Dataset:
    """Read and validate a data folder, a workbook path or a workbook file object.

    Raises
    ------
    DataSourceError
        The source does not exist or is of a kind respnet does not read.
    LoadError
        The source was read but did not validate; nothing is returned.
    """
    return parse_input(read_source(source, name))


def load_graph(source: str | Path | IO[bytes], name: str | None = None) -> ResponsibilityGraph:
    """:func:`load_dataset`, then :func:`graph.builder.build_graph`."""
    with bulk(keep=True):
        return build_graph(load_dataset(source, name))
