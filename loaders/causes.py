"""One cause, one report: the problems of an input grouped before they are shown.

A missing sheet or a mistyped id can break dozens of rows. A report that lists
each of them hides the one thing to fix, so:

- the very same problem in several rows of one file (same column, same message)
  is reported once, at its first row, naming the others;
- references to a kind of thing the data holds none of at all (no lists, so
  every clause's list id is unknown) are one problem: that table is missing;
- problems that only follow from another (a record naming a clause whose list
  was refused) are not listed; the report that caused them says how many.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from graph.errors import Problem
from graph.errors import ProblemCode as P
from graph.schema import NodeLabel

__all__ = ["Cause", "by_cause"]

#: Where a problem was reported: the file (or sheet) and the row.
Cause = tuple[str, int | None]
#: How many distinct values a grouped missing-table problem names.
_VALUES_SHOWN = 5


def by_cause(problems: Iterable[Problem], caused: Mapping[Cause, int], present: Collection[NodeLabel]) -> list[Problem]:
    """``problems`` with knock-on counts attached, repeated ones grouped, and
    references to a label the data holds none of (``present`` lacks it) made
    one problem per column.

    >>> from graph.errors import ProblemCode as P
    >>> same = [Problem("t.csv", r, "kind", P.BAD_VOCAB, {"value": "x"}) for r in (2, 3, 7)]
    >>> [(p.row, p.more_rows) for p in by_cause(same, {("t.csv", 3): 4}, ())]
    [(2, (3, 7))]
    >>> by_cause(same, {("t.csv", 3): 4}, ())[0].caused
    4
    """
    given = list(problems)
    counted: set[Cause] = set()
    with_counts = []
    for p in given:
        where = (p.file, p.row)
        if where in caused and where not in counted:  # counted once, on the first problem of its row
            counted.add(where)
            p = replace(p, caused=p.caused + caused[where])
        with_counts.append(p)
    return _group(_missing_tables(with_counts, present))


def _missing_tables(problems: list[Problem], present: Collection[NodeLabel]) -> list[Problem]:
    absent: dict[tuple[str, str | None, tuple[NodeLabel, ...]], list[Problem]] = defaultdict(list)
    kept = []
    for p in problems:
        expected = p.params.get("expected")
        if p.code is P.UNKNOWN_REF and isinstance(expected, tuple) and not set(expected) & set(present):
            absent[(p.file, p.column, expected)].append(p)
        else:
            kept.append(p)
    for (file, column, expected), same in absent.items():
        values = list(dict.fromkeys(str(p.params.get("value")) for p in same))
        shown = values[:_VALUES_SHOWN] + (["…"] if len(values) > _VALUES_SHOWN else [])
        first = same[0]
        kept.append(
            Problem(
                file,
                first.row,
                column,
                P.NONE_OF_LABEL,
                {"expected": expected, "count": len(same), "values": shown},
                first.severity,
                tuple(r for p in same[1:] for r in p.rows),
                sum(p.caused for p in same),
            )
        )
    return kept


def _group(problems: list[Problem]) -> list[Problem]:
    groups: dict[tuple[object, ...], list[Problem]] = defaultdict(list)
    order: dict[tuple[object, ...], int] = {}
    for i, p in enumerate(problems):
        key: tuple[object, ...] = (
            p.file,
            p.column,
            p.code,
            p.severity,
            tuple(sorted((k, repr(v)) for k, v in p.params.items())),
        )
        if p.row is None or p.code is P.NONE_OF_LABEL:
            key = (i,)  # not a row's problem, or grouped already
        groups[key].append(p)
        order.setdefault(key, i)
    out = []
    for key in sorted(groups, key=order.__getitem__):
        first, *rest = groups[key]
        if rest:
            first = replace(
                first,
                more_rows=(*first.more_rows, *(r for p in rest for r in p.rows)),
                caused=first.caused + sum(p.caused for p in rest),
            )
        out.append(first)
    return out
