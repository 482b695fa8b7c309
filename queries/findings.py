"""Findings: what the scans return.

A finding is a ``kind`` (a stable snake_case name), the ``ids`` of the entities
involved (the subject first) and the parameters of its message; the message
itself is rendered from the translation table in the reader's language, so
the same finding prints in Chinese or English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType, ModuleType
from typing import Any

from graph.core import bulk
from graph.i18n import DEFAULT_LANG, Lang, render_value, t

__all__ = [
    "SEVERITY",
    "Finding",
    "FindingKind",
    "Severity",
    "by_severity",
    "compare",
    "dated_scan",
    "sort_findings",
]


class FindingKind(StrEnum):
    """Every kind of finding, grouped by the scan that reports it."""

    # orphans
    ORPHAN_DUTY = "orphan_duty"
    VACANT_BEARER = "vacant_bearer"
    # gaps
    MISSING_POST = "missing_post"
    VACANT_KEY_POST = "vacant_key_post"
    UNOVERSEEN_UNIT = "unoverseen_unit"
    UNSUPERVISED_ORG = "unsupervised_org"
    # overlaps
    MULTIPLE_LEADS = "multiple_leads"
    OVERLAPPING_OVERSIGHT = "overlapping_oversight"
    CONFLICT_OF_INTEREST = "conflict_of_interest"
    # compliance
    UNDERPERFORMED_DUTY = "underperformed_duty"
    UNPARSED_FREQUENCY = "unparsed_frequency"
    # handovers
    HANDOVER_GAP = "handover_gap"


class Severity(StrEnum):
    """How much a finding weighs, for sorting and colour (documented in
    docs/findings.md): ``high`` — a duty or a body nobody answers for today;
    ``medium`` — a post, oversight or record missing where one is required;
    ``low`` — ownership unclear or a rule unreadable, but someone answers."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


#: The severity of every kind of finding (see :class:`Severity`).
SEVERITY: dict[FindingKind, Severity] = {
    FindingKind.ORPHAN_DUTY: Severity.HIGH,
    FindingKind.VACANT_BEARER: Severity.HIGH,
    FindingKind.UNSUPERVISED_ORG: Severity.HIGH,
    FindingKind.CONFLICT_OF_INTEREST: Severity.HIGH,
    FindingKind.VACANT_KEY_POST: Severity.MEDIUM,
    FindingKind.MISSING_POST: Severity.MEDIUM,
    FindingKind.UNOVERSEEN_UNIT: Severity.MEDIUM,
    FindingKind.UNDERPERFORMED_DUTY: Severity.MEDIUM,
    FindingKind.HANDOVER_GAP: Severity.MEDIUM,
    FindingKind.MULTIPLE_LEADS: Severity.LOW,
    FindingKind.OVERLAPPING_OVERSIGHT: Severity.LOW,
    FindingKind.UNPARSED_FREQUENCY: Severity.LOW,
}


class Finding:
    """One finding.

    ``params`` fills the message ``finding.{kind}`` of the translation table;
    vocabulary values and dates in it are rendered in the reader's language.
    ``details`` are extra facts for scripts (JSON), in stable English keys.
    Two findings are equal when their kind and ids are (their wording may differ).

    A scan decides which findings hold from the graph's columns; the wording of
    each (names, labels, the windows of a shortfall) can be left to
    :meth:`deferred`, made the first time ``params`` or ``details`` is read. A
    province has tens of thousands of findings and a page shows a hundred.

    >>> worded = Finding(FindingKind.ORPHAN_DUTY, ("D1",), {"duty": "x"})
    >>> f = Finding.deferred(FindingKind.ORPHAN_DUTY, ("D1",), lambda: worded)
    >>> f == Finding(FindingKind.ORPHAN_DUTY, ("D1",)), dict(f.params)
    (True, {'duty': 'x'})
    """

    __slots__ = ("_details", "_make", "_params", "ids", "kind")
    kind: FindingKind
    ids: tuple[str, ...]
    _params: Mapping[str, Any]  # None until worded, when deferred
    _details: Mapping[str, Any]
    _make: Callable[[], Finding] | None

    def __init__(
        self,
        kind: FindingKind,
        ids: tuple[str, ...],
        params: Mapping[str, Any] | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        _set(self, kind=kind, ids=ids, _make=None, _params=MappingProxyType(dict(params or {})))
        _set(self, _details=MappingProxyType(_jsonable(dict(details or {}))))

    @classmethod
    def deferred(cls, kind: FindingKind, ids: tuple[str, ...], make: Callable[[], Finding]) -> Finding:
        """The finding ``kind`` of ``ids`` whose wording ``make`` gives when first
        read (``make`` returns the same finding, worded; it must not fail)."""
        f = cls.__new__(cls)
        _put(f, "kind", kind)  # a province makes tens of thousands: no keyword loop here
        _put(f, "ids", ids)
        _put(f, "_make", make)
        _put(f, "_params", None)
        _put(f, "_details", None)
        return f

    def _worded(self) -> None:
        make = self._make
        if make is None:  # worded already (maybe by another thread just now)
            return
        made = make()
        if (made.kind, made.ids) != (self.kind, self.ids):
            raise AssertionError(f"the wording of {self!r} was made for {made!r}")
        _set(self, _params=made.params, _details=made.details)
        _set(self, _make=None)

    @property
    def params(self) -> Mapping[str, Any]:
        if self._make is not None:
            self._worded()
        return self._params

    @property
    def details(self) -> Mapping[str, Any]:
        if self._make is not None:
            self._worded()
        return self._details

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a finding cannot be changed ({name})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self.kind == other.kind and self.ids == other.ids

    def __hash__(self) -> int:
        return hash((self.kind, self.ids))

    def __repr__(self) -> str:
        return f"Finding(kind={self.kind!r}, ids={self.ids!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # the read-only mapping views cannot be pickled; rebuild (worded) from plain dicts
        return (Finding, (self.kind, self.ids, dict(self.params), dict(self.details)))

    @property
    def subject(self) -> str:
        return self.ids[0]

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.kind]

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        """The sentence an inspector can paste into a report."""
        return t(f"finding.{self.kind.value}", lang, **self.params)

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """The JSON form: ``kind``, ``ids``, ``message``, ``severity`` and ``details``."""
        return {
            "kind": self.kind.value,
            "ids": list(self.ids),
            "message": self.message(lang),
            "severity": self.severity.value,
            "details": dict(self.details),
        }


_put = object.__setattr__


def _set(finding: Finding, **values: Any) -> None:
    for name, value in values.items():
        _put(finding, name, value)


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _jsonable(value: Any) -> Any:
    """``value`` as plain JSON data (vocabulary terms as their keys, dates ISO)."""
    if type(value) in _PLAIN:  # the common case first, by exact type
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, (dict, Mapping)):  # dict first: the Mapping check is slow
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)):
        return value
    return render_value(value)


#: Each kind's place in the order findings are listed in (as declared).
_KIND_ORDER = {kind: i for i, kind in enumerate(FindingKind)}


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in a stable order: by kind (as declared), then by ids."""
    return sorted(findings, key=lambda f: (_KIND_ORDER[f.kind], f.ids))


def dated_scan(scans: ModuleType, source: object, *, at: date) -> list[Finding]:
    """The findings of the scans that look at one day (orphans, gaps, overlaps on
    ``at``), by the scans of ``scans`` (:mod:`queries` in memory, :mod:`queries.pushdown` in a store)."""
    with bulk():  # tens of thousands of small objects, no cycles
        return sort_findings(
            [*scans.orphans(source, at=at), *scans.gaps(source, at=at), *scans.overlaps(source, at=at)]
        )


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Findings gravest first, in their stable order inside a severity."""
    rank = {severity: i for i, severity in enumerate(Severity)}
    return sorted(sort_findings(findings), key=lambda f: rank[f.severity])


def compare(before: Iterable[Finding], after: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """The findings of ``after`` not in ``before`` (opened) and those of
    ``before`` not in ``after`` (closed), a finding being its kind and ids (its
    date and message may differ between the two); each list sorted.

    >>> a, b = Finding(FindingKind.ORPHAN_DUTY, ("D1",)), Finding(FindingKind.ORPHAN_DUTY, ("D2",))
    >>> [[f.ids for f in side] for side in compare([a], [b])]
    [[('D2',)], [('D1',)]]
    """
    was = {(f.kind, f.ids) for f in before}
    now = {(f.kind, f.ids): f for f in after}
    opened = [f for key, f in now.items() if key not in was]
    closed = [f for f in before if (f.kind, f.ids) not in now]
    return sort_findings(opened), sort_findings(closed)
