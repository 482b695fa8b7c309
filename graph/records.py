"""Typed records: what the loaders produce and the builder turns into a graph.

One dataclass per input table (DESIGN.md's input format). Each record may
carry its :class:`Source` (file and row) so later checks can point at it; the
source takes no part in equality, so the same data read from CSV or from a
workbook compares equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from graph.errors import Problem
from graph.schema import (
    AccountabilityForm,
    BearerRole,
    BearingSource,
    DecisionRole,
    DutyKind,
    OrgKind,
    Role,
    SupervisionKind,
    TenureCapacity,
)
from graph.temporal import Interval
from graph.terms import parse_term

Day = date  # the type, where a record has a field named ``date``

__all__ = [
    "AppliesTo",
    "Assignment",
    "Case",
    "Clause",
    "Dataset",
    "Decision",
    "Duty",
    "Organization",
    "Oversight",
    "Person",
    "Position",
    "Record",
    "ResponsibilityList",
    "Source",
    "Supervision",
    "Tenure",
    "decision_id",
    "form_kind",
]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record was read: a file (or sheet) and a row (or YAML line)."""

    file: str
    row: int | None = None


class _Dated:
    """A record in force from ``start`` to ``end`` (inclusive; None is open)."""

    __slots__ = ()
    start: date | None
    end: date | None

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    kind: OrgKind
    level: str = ""
    parent_id: str | None = None
    src: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Position:
    id: str
    org_id: str
    title: str
    role: Role
    src: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    src: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Tenure(_Dated):
    """A person's term in a post; ``capacity`` says how it was held (None: 正式)."""

    person_id: str
    position_id: str
    start: date
    end: date | None = None
    capacity: TenureCapacity | None = None
    src: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Oversight(_Dated):
    position_id: str
    org_id: str
    start: date | None = None
    end: date | None = None
    src: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Supervision(_Dated):
    supervisor_id: str
    org_id: str
    kind: SupervisionKind
    start: date | None = None
    end: date | None = None
    src: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Duty:
    """A duty: written in the duties table, or an instance of a template clause.

    A template instance has the id ``{list_id}/{clause}@{org_id}`` and records
    the organization and role it was bound to (``bound_org``, ``bound_role``).
    """

    id: str
    text: str
    kind: DutyKind
    category: str = ""
    list_id: str | None = None
    clause: str = ""
    frequency: str = ""
    parent_id: str | None = None
    bound_org: str | None = None
    bound_role: Role | None = None
    src: Source | None = field(default=None, compare=False, repr=False)

    @property
    def template_key(self) -> str | None:
        """``{list_id}/{clause}`` for a template instance, else None."""
        return f"{self.list_id}/{self.clause}" if self.bound_org is not None else None


@dataclass(frozen=True, slots=True)
class Assignment:
    duty_id: str
    bearer_id: str
    role: BearerRole = BearerRole.LEAD
    source: BearingSource = BearingSource.ASSIGNMENT
    src: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Case:
    """A case. ``org_ids`` are the organizations it occurred in, the main one
    first; ``period_start``/``period_end`` the span of the misconduct (问题发生
    起止日期) when it ran over time; ``investigated_by`` the body that found it."""

    id: str
    date: date
    org_ids: tuple[str, ...]
    title: str
    category: str = ""
    breached_duty_ids: tuple[str, ...] = ()
    direct_person_ids: tuple[str, ...] = ()
    period_start: Day | None = None
    period_end: Day | None = None
    investigated_by: str | None = None
    src: Source | None = field(default=None, compare=False, repr=False)

    @property
    def org_id(self) -> str:
        """The main organization."""
        return self.org_ids[0]


def decision_id(case_id: str, target_id: str, role: DecisionRole) -> str:
    """The id of a decision: one per case, target and role.

    >>> decision_id("C1", "P7", DecisionRole.DIRECT)
    'C1/P7/direct'
    """
    return f"{case_id}/{target_id}/{role.value}"


@dataclass(frozen=True, slots=True)
class Decision:
    """An accountability decision on a case; ``role`` ``exonerated`` records a
    decision not to hold the target to account, with the reason in ``note``."""

    case_id: str
    target_id: str
    role: DecisionRole
    form: str = ""
    date: date | None = None
    note: str = ""
    src: Source | None = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        """``{case_id}/{target_id}/{role}``: one decision per target and role in a case."""
        return decision_id(self.case_id, self.target_id, self.role)

    @property
    def form_kind(self) -> AccountabilityForm | None:
        """The art. 8 form ``form`` names, None when the text names none."""
        return form_kind(self.form)


def form_kind(text: str) -> AccountabilityForm | None:
    """The form of 问责条例 art. 8 a decision's text names (``开除党籍`` is a
    纪律处分), None when it names none of them.

    >>> form_kind("党内警告"), form_kind("批评教育")
    (<AccountabilityForm.DISCIPLINARY: 'disciplinary'>, None)
    """
    return parse_term(AccountabilityForm, text) if text else None


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    duty_id: str
    person_id: str
    date: date
    kind: str = ""
    note: str = ""
    src: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ResponsibilityList:
    id: str
    title: str
    issuer: str = ""
    issued: date | None = None
    src: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class AppliesTo:
    """Who a template clause binds to: every organization of one of ``org_kinds``
    (and, when ``levels`` is given, of one of those levels); its posts of ``role``
    bear the duty, or the organization itself when ``role`` is None."""

    org_kinds: tuple[OrgKind, ...]
    role: Role | None = None
    levels: tuple[str, ...] = ()

    def matches(self, org: Organization) -> bool:
        return org.kind in self.org_kinds and (not self.levels or org.level in self.levels)


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a responsibility list (a template when ``applies_to`` is set)."""

    list_id: str
    clause: str
    text: str
    kind: DutyKind
    category: str = ""
    frequency: str = ""
    applies_to: AppliesTo | None = None
    src: Source | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        return f"{self.list_id}/{self.clause}"

    def duty(self, duty_id: str, bound_org: str | None = None, bound_role: Role | None = None) -> Duty:
        """The duty this clause becomes: a template instance when ``bound_org`` is given."""
        return Duty(
            duty_id,
            self.text,
            self.kind,
            self.category,
            self.list_id,
            self.clause,
            self.frequency,
            None,
            bound_org,
            bound_role,
            self.src,
        )


@dataclass
class Dataset:
    """Everything read from one data source.

    After :func:`graph.binding.expand_templates` (the loaders call it while
    validating) ``duties`` and ``assignments`` include the template instances
    and their bearings (held as columns: :class:`graph.binding.BoundDuties`,
    each made a record when read), and ``expanded`` is True. ``warnings`` holds notices
    that did not stop loading (an ignored column, an unreadable frequency).
    """

    organizations: list[Organization] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    tenures: list[Tenure] = field(default_factory=list)
    oversight: list[Oversight] = field(default_factory=list)
    supervision: list[Supervision] = field(default_factory=list)
    duties: Sequence[Duty] = field(default_factory=list)
    assignments: Sequence[Assignment] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    lists: list[ResponsibilityList] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    expanded: bool = False
    name: str = ""
    warnings: list[Problem] = field(default_factory=list)
