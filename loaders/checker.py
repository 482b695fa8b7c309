"""The state of one validation (:mod:`loaders.validate`): the ids registered
per label, where problems go, and which rows were already reported."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graph.binding import column
from graph.errors import Problem, Severity
from graph.errors import ProblemCode as P
from graph.records import Source
from graph.schema import NodeLabel
from loaders.causes import Cause

__all__ = ["Checker", "cause_of", "where"]

T = TypeVar("T")


def cause_of(src: Source | None) -> Cause:
    return (src.file, src.row) if src is not None else ("?", None)


@dataclass
class Checker:
    """The state of one validation: the id registry and where problems go."""

    headers: Mapping[str, Mapping[str, str]]
    problems: list[Problem]
    warnings: list[Problem]
    #: the node ids registered, a set per label (a reference names the labels
    #: it may be of: it is looked for in those sets first)
    ids: dict[NodeLabel, set[str]]
    #: ids of rows already reported as broken, with where: references to them are
    #: not reported again but counted under that report
    broken: dict[str, Cause]
    #: people with a tenure already reported as broken: their clause references may not resolve
    unsure_people: dict[str, Cause]
    #: posts with a tenure already reported as broken: clauses they bear may not resolve
    unsure_posts: dict[str, Cause] = field(default_factory=dict)
    #: how many problems each reported row caused, not listed on their own
    caused: Counter[Cause] = field(default_factory=Counter)
    #: the records registered all at once, not yet in ``sources`` (read only when an id repeats)
    batches: list[Sequence[Any]] = field(default_factory=list)
    #: where an id was given: ids registered one by one, and the batches' once an id repeats
    sources: dict[str, Source | None] = field(default_factory=dict)

    def add(
        self, src: Source | None, key: str | None, code: P, severity: Severity = Severity.ERROR, **params: object
    ) -> None:
        """Report ``code`` at ``src`` in column ``key`` (shown as the file's own header)."""
        file, row = (src.file, src.row) if src else ("?", None)
        column = self.headers.get(file, {}).get(key, key) if key else None
        sink = self.warnings if severity is Severity.WARNING else self.problems
        sink.append(Problem(file, row, column, code, params, severity))

    def header(self, src: Source | None, key: str) -> str:
        """How the file at ``src`` spells column ``key``."""
        return self.headers.get(src.file if src else "?", {}).get(key, key)

    def label_of(self, node_id: str, likely: NodeLabel | None = None) -> NodeLabel | None:
        """The label ``node_id`` was registered with, None if it was not (the
        ``likely`` label's ids looked in first: a reference mostly names one)."""
        if likely is not None and node_id in self.ids.get(likely, ()):
            return likely
        return next((label for label, known in self.ids.items() if node_id in known), None)

    def register(self, node_id: str, label: NodeLabel, src: Source | None, key: str = "id") -> bool:
        if self.label_of(node_id) is not None:
            self.add(src, key, P.DUPLICATE_ID, value=node_id, first=where(self.first_given(node_id)))
            return False
        self.ids.setdefault(label, set()).add(node_id)
        self.sources[node_id] = src
        return True

    def register_all(self, records: Sequence[T], label: NodeLabel, key: str = "id") -> list[T] | Sequence[T]:
        """Register the ids of ``records``; the records whose id was new (``records``
        itself when every id is new, the usual case: then this is one set made and
        compared with the others', and where each id was given is looked up only
        if one repeats)."""
        ids = column(records, "id")
        fresh = set(ids)
        if len(fresh) == len(ids) and all(fresh.isdisjoint(known) for known in self.ids.values()):
            if fresh:
                own = self.ids.get(label, set())
                bigger, smaller = (fresh, own) if len(fresh) >= len(own) else (own, fresh)
                bigger |= smaller
                self.ids[label] = bigger
                self.batches.append(records)
            return list(records) if isinstance(records, list) else records  # bound records stay columns
        return [r for r in records if self.register(r.id, label, r.src, key)]  # type: ignore[attr-defined]

    def first_given(self, node_id: str) -> Source | None:
        """Where the registered ``node_id`` was given (the batches indexed the first time this is asked)."""
        for records in self.batches:
            for i, src in zip(column(records, "id"), column(records, "src"), strict=True):
                self.sources.setdefault(i, src)
        self.batches.clear()
        return self.sources.get(node_id)

    def all_known(self, values: Iterable[str | None], label: NodeLabel) -> bool:
        """Whether every one of ``values`` (None aside) names a node of ``label``
        (then :meth:`ref` would report none of them): one pass at C speed."""
        return self.ids.get(label, set()).issuperset(filter(None, values))

    def refs(self, records: Sequence[Any], name: str, label: NodeLabel) -> None:
        """:meth:`ref` on field ``name`` of each record, which should name a node of
        ``label``: checked all at once, one by one only when one does not."""
        if not self.all_known(column(records, name), label):
            for r in records:
                self.ref(getattr(r, name), (label,), r.src, name)

    def ref(self, value: str | None, labels: tuple[NodeLabel, ...], src: Source | None, key: str) -> bool:
        """Whether ``value`` (if given) names a node of one of ``labels``; report it if not."""
        if value is None:
            return True
        for label in labels:
            if value in self.ids.get(label, ()):
                return True
        found = self.label_of(value)
        if found is None:
            cause = self.broken.get(value) or self.broken.get(value.split("@", 1)[0])
            if cause is not None:  # the row it names was refused and reported: counted there
                self.caused[cause] += 1
                return False
            self.add(src, key, P.UNKNOWN_REF, value=value, expected=labels)
            return False
        self.add(src, key, P.WRONG_REF, value=value, actual=found, expected=labels)
        return False


def where(src: Source | None) -> str:
    if src is None:
        return "?"
    return f"{src.file}:{src.row}" if src.row is not None else src.file
