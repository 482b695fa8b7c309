"""Template binding: how a province-wide responsibility list reaches each unit.

A clause with ``applies_to {org_kind, role, level}`` becomes one duty instance
per matching organization, with the id ``{list_id}/{clause}@{org_id}``, borne
(as lead) by every post of that role in the organization, or by the
organization itself when no role is given. When the organization has no post
of the role, the instance is still made, with no bearer: the gap analysis
reports it as ``missing_post``. A clause without ``applies_to`` becomes one
duty with the id ``{list_id}/{clause}``, borne by whatever the assignments say.

A province's lists bind to millions of instances and bearings. They are kept
as columns (:class:`BoundDuties`, :class:`BoundAssignments`: the written
records first, then the bound ones), made into :class:`~graph.records.Duty`
and :class:`~graph.records.Assignment` objects only when read one by one;
:func:`column` reads one field of them all at C speed, which is what
validation and the builder read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import replace
from itertools import chain
from operator import attrgetter
from typing import Any, NamedTuple, Self, TypeVar

import numpy as np
import numpy.typing as npt

from graph.made_on_read import MadeOnRead
from graph.records import AppliesTo, Assignment, Clause, Dataset, Duty, Organization, Position
from graph.schema import BearerRole, BearingSource, OrgKind, Role

__all__ = [
    "BoundAssignments",
    "BoundDuties",
    "Parts",
    "Placed",
    "bind_clauses",
    "column",
    "column_parts",
    "expand_templates",
    "instance_id",
    "split_instance_id",
]

T = TypeVar("T")


def instance_id(list_id: str, clause: str, org_id: str) -> str:
    """The id of a clause's instance at an organization.

    >>> instance_id("SC", "3", "ORG-7")
    'SC/3@ORG-7'
    """
    return f"{list_id}/{clause}@{org_id}"


def split_instance_id(duty_id: str) -> tuple[str, str] | None:
    """``(template_key, org_id)`` for an instance id, None for any other id.

    >>> split_instance_id("SC/3@ORG-7"), split_instance_id("D-12")
    (('SC/3', 'ORG-7'), None)
    """
    key, sep, org = duty_id.rpartition("@")
    return (key, org) if sep and "/" in key and org else None


class _Bound(MadeOnRead[T]):
    """``written`` records, then ``len(clause_of)`` made by binding (``clause_of``:
    the index in ``clauses`` of the clause each was bound from)."""

    __slots__ = ("_clause_index", "clause_of", "clauses", "written")

    def __init__(self, written: Sequence[T], clauses: list[Clause], clause_of: list[int]) -> None:
        self.written, self.clauses, self.clause_of = list(written), clauses, clause_of
        self._clause_index: npt.NDArray[np.int32] | None = None

    def __len__(self) -> int:
        return len(self.written) + len(self.clause_of)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.written)} written, {len(self.clause_of)} bound)"

    def after(self, written: Sequence[T]) -> Self:
        """The same bound records after ``written`` ones (instead of these)."""
        other = copy(self)  # the columns shared: neither changes them
        other.written = list(written)
        return other

    def clause_index(self) -> npt.NDArray[np.int32]:
        """``clause_of`` as an array (made once)."""
        if self._clause_index is None:
            self._clause_index = np.asarray(self.clause_of, dtype=np.int32)
        return self._clause_index

    def _item(self, k: int) -> T:
        w = len(self.written)
        return self.written[k] if k < w else self._made(k - w)

    def _made(self, k: int) -> T:
        """The ``k``-th bound record."""
        raise NotImplementedError

    def own(self, name: str) -> list[Any] | None:
        """Field ``name`` of every bound record when each has its own (an
        instance's id), None when its clause gives it."""
        raise NotImplementedError

    def of_clauses(self, name: str) -> list[Any]:
        """The value of field ``name`` each clause gives the records bound from it."""
        raise NotImplementedError

    def bound(self, name: str) -> list[Any]:
        """Field ``name`` of every bound record, in order: its own column, or the
        value each clause gives it, picked per record at C speed."""
        own = self.own(name)
        return own if own is not None else list(map(self.of_clauses(name).__getitem__, self.clause_of))


class BoundDuties(_Bound[Duty]):
    """The written duties, then one instance per clause and organization it
    binds to (``ids``, ``orgs``: the instance's id and organization; a clause
    without ``applies_to`` is one duty of its own key, of no organization)."""

    __slots__ = ("ids", "orgs")

    def __init__(
        self,
        written: Sequence[Duty],
        clauses: list[Clause],
        clause_of: list[int],
        ids: list[str],
        orgs: list[str | None],
    ) -> None:
        super().__init__(written, clauses, clause_of)
        self.ids, self.orgs = ids, orgs

    def _made(self, k: int) -> Duty:
        clause = self.clauses[self.clause_of[k]]
        return clause.duty(self.ids[k], self.orgs[k], _role(clause))

    def own(self, name: str) -> list[Any] | None:
        return self.ids if name == "id" else self.orgs if name == "bound_org" else None

    def of_clauses(self, name: str) -> list[Any]:
        # what Clause.duty gives each field, clause by clause (the same code makes an instance)
        return [getattr(c.duty("", "", _role(c)), name) for c in self.clauses]


class Placed(NamedTuple):
    """Where each template bearing's duty and bearer are (see :meth:`BoundAssignments.placed`)."""

    duties: npt.NDArray[np.int32]
    bearers: npt.NDArray[np.int32]
    org_borne: npt.NDArray[np.bool_]


class BoundAssignments(_Bound[Assignment]):
    """The written assignments, then each template bearing: ``duty_ids[k]``
    borne (as lead) by ``bearers[k]``. Where these are among the records bound
    is kept too: ``duty_at[k]``, the index of its duty among the instances
    (``instance_ids``), and ``bearer_at[k]``, its bearer's among the
    ``organizations`` or the ``positions`` bound over (``over``)."""

    __slots__ = ("bearer_at", "bearers", "duty_at", "duty_ids", "instance_ids", "over")

    def __init__(
        self,
        written: Sequence[Assignment],
        clauses: list[Clause],
        clause_of: list[int],
        duty_ids: list[str],
        bearers: list[str],
        *,
        placed: tuple[list[str], npt.NDArray[np.int32], npt.NDArray[np.int32], tuple[object, object] | None]
        | None = None,
    ) -> None:
        super().__init__(written, clauses, clause_of)
        self.duty_ids, self.bearers = duty_ids, bearers
        nowhere = np.zeros(0, dtype=np.int32)
        self.instance_ids, self.duty_at, self.bearer_at, self.over = placed or ([], nowhere, nowhere, None)

    def placed(
        self, duties: Sequence[Duty], organizations: Sequence[Organization], positions: Sequence[Position]
    ) -> Placed | None:
        """Each template bearing's duty as an index into ``duties`` and its bearer
        as one into ``organizations`` (where ``org_borne``) or ``positions``, when
        these are the very records it was bound from (so nothing is looked up by
        id); None when they are not (then read the ids)."""
        over = self.over
        if over is None or over[0] is not organizations or over[1] is not positions:
            return None
        if not isinstance(duties, BoundDuties) or duties.ids is not self.instance_ids:
            return None
        by_org = np.array([c.applies_to is not None and c.applies_to.role is None for c in self.clauses], dtype=bool)
        return Placed(
            self.duty_at + len(duties.written),
            self.bearer_at,
            by_org[self.clause_index()],
        )

    def _made(self, k: int) -> Assignment:
        src = self.clauses[self.clause_of[k]].src
        return Assignment(self.duty_ids[k], self.bearers[k], BearerRole.LEAD, BearingSource.TEMPLATE, src)

    def own(self, name: str) -> list[Any] | None:
        return self.duty_ids if name == "duty_id" else self.bearers if name == "bearer_id" else None

    def of_clauses(self, name: str) -> list[Any]:
        constant = {"role": BearerRole.LEAD, "source": BearingSource.TEMPLATE}
        if name in constant:
            return [constant[name]] * len(self.clauses)
        return [getattr(c, name) for c in self.clauses]  # src: the clause's


def column(records: Sequence[Any], name: str) -> list[Any]:
    """Field ``name`` of every record, in order (bound records read from their
    columns, not made one by one)."""
    if isinstance(records, _Bound):
        return [*map(attrgetter(name), records.written), *records.bound(name)]
    return list(map(attrgetter(name), records))


class Parts(NamedTuple):
    """A column in parts: ``head``, then ``of_group[g]`` for each ``g`` in ``group_of``."""

    head: list[Any]
    of_group: list[Any]
    group_of: npt.NDArray[np.int32]


def column_parts(records: Sequence[Any], name: str) -> Parts:
    """Field ``name`` of every record as :class:`Parts`: the written records'
    values, then for the bound ones the value of their clause (given once per
    clause, not per record). Records not bound, and fields each bound record has
    of its own, come whole as the head."""
    if isinstance(records, _Bound) and records.own(name) is None:
        return Parts(column(records.written, name), records.of_clauses(name), records.clause_index())
    return Parts(column(records, name), [], np.zeros(0, dtype=np.int32))


def _role(clause: Clause) -> Role | None:
    return clause.applies_to.role if clause.applies_to else None


def bind_clauses(
    clauses: Iterable[Clause], organizations: Iterable[Organization], positions: Iterable[Position]
) -> tuple[BoundDuties, BoundAssignments]:
    """The duties and bearings the clauses of responsibility lists produce (no
    written ones: :meth:`_Bound.after` puts those first).

    Runs in time linear in the number of clauses, organizations, posts and
    instances made.

    Examples
    --------
    >>> from graph.records import AppliesTo
    >>> orgs = [Organization("B1", "Branch 1", OrgKind.BRANCH), Organization("B2", "Branch 2", OrgKind.BRANCH)]
    >>> posts = [Position("B1-S", "B1", "Branch secretary", Role.SECRETARY)]
    >>> clause = Clause("L", "1", "Hold branch meetings", "first_responsible",
    ...                 applies_to=AppliesTo((OrgKind.BRANCH,), Role.SECRETARY))
    >>> duties, bearings = bind_clauses([clause], orgs, posts)
    >>> [d.id for d in duties], [(a.bearer_id, a.duty_id) for a in bearings]
    (['L/1@B1', 'L/1@B2'], [('B1-S', 'L/1@B1')])
    >>> duties[1].bound_org, column(duties, "text")
    ('B2', ['Hold branch meetings', 'Hold branch meetings'])
    """
    org_list, post_list = list(organizations), list(positions)
    org_ids, post_ids = [o.id for o in org_list], [p.id for p in post_list]
    # rows (indices into org_list, post_list), not ids: where each bearer is is kept
    by_kind: dict[OrgKind, list[int]] = defaultdict(list)
    for i, org in enumerate(org_list):
        by_kind[org.kind].append(i)
    posts: dict[Role, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, post in enumerate(post_list):
        posts[post.role][post.org_id].append(i)

    # what each ``applies_to`` binds to, found once: a list's clauses mostly
    # share a few (every branch, every town committee ...)
    matched: dict[AppliesTo, _Matched] = {}
    bound: list[Clause] = []
    duty_ids: list[str] = []
    duty_clause: list[int] = []
    duty_orgs: list[str | None] = []
    bearing_duty: list[str] = []
    bearing_clause: list[int] = []
    bearers: list[str] = []
    duty_at: list[npt.NDArray[np.int32]] = []  # per clause, joined at the end
    bearer_at: list[npt.NDArray[np.int32]] = []
    for clause in clauses:
        k = len(bound)
        bound.append(clause)
        target = clause.applies_to
        if target is None:  # one duty, by the clause's own key
            duty_ids.append(clause.key)
            duty_orgs.append(None)
            duty_clause.append(k)
            continue
        m = matched.get(target)
        if m is None:
            m = matched[target] = _matched(target, org_list, org_ids, by_kind, posts, post_ids)
        first = len(duty_ids)
        ids = list(map(f"{clause.key}@".__add__, m.orgs))  # instance_id, at C speed
        duty_ids += ids
        duty_orgs += m.orgs
        duty_clause += [k] * len(ids)
        bearing_duty += map(ids.__getitem__, m.instance)
        bearers += m.bearers
        bearing_clause += [k] * len(m.bearers)
        duty_at.append(m.instance_at + first)
        bearer_at.append(m.bearer_at)
    over = (organizations, positions) if isinstance(organizations, list) and isinstance(positions, list) else None
    return (
        BoundDuties([], bound, duty_clause, duty_ids, duty_orgs),
        BoundAssignments(
            [],
            bound,
            bearing_clause,
            bearing_duty,
            bearers,
            placed=(duty_ids, _joined(duty_at), _joined(bearer_at), over),
        ),
    )


class _Matched(NamedTuple):
    """What one ``applies_to`` binds to: the organizations it matches (``orgs``)
    and each bearing of a clause bound there, its bearer (an organization or a
    post: ``bearers``, and its row ``bearer_at``) and the instance it bears
    (``instance``: an index into ``orgs``, also as the array ``instance_at``)."""

    orgs: list[str]
    bearers: list[str]
    instance: list[int]
    instance_at: npt.NDArray[np.int32]
    bearer_at: npt.NDArray[np.int32]


def _matched(
    target: AppliesTo,
    org_list: list[Organization],
    org_ids: list[str],
    by_kind: dict[OrgKind, list[int]],
    posts: dict[Role, dict[str, list[int]]],
    post_ids: list[str],
) -> _Matched:
    rows = [
        i
        for kind in dict.fromkeys(target.org_kinds)
        for i in by_kind.get(kind, ())
        if not target.levels or org_list[i].level in target.levels
    ]
    orgs = list(map(org_ids.__getitem__, rows))
    if target.role is None:  # the organization bears it
        instance, bearer_rows, bearer_ids = list(range(len(rows))), rows, orgs
    else:
        of_role = posts.get(target.role, {})
        held = [of_role.get(org, ()) for org in orgs]  # the posts of the role in each organization
        instance = [m for m, these in enumerate(held) for _ in these]
        bearer_rows = list(chain.from_iterable(held))
        bearer_ids = list(map(post_ids.__getitem__, bearer_rows))
    return _Matched(
        orgs, bearer_ids, instance, np.array(instance, dtype=np.int32), np.array(bearer_rows, dtype=np.int32)
    )


def _joined(parts: list[npt.NDArray[np.int32]]) -> npt.NDArray[np.int32]:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)


def expand_templates(dataset: Dataset) -> Dataset:
    """A copy of ``dataset`` whose duties and assignments include what its list
    clauses bind to. Expanding an expanded dataset returns it unchanged."""
    if dataset.expanded:
        return dataset
    duties, bearings = bind_clauses(dataset.clauses, dataset.organizations, dataset.positions)
    return replace(
        dataset,
        duties=duties.after(dataset.duties),
        assignments=bearings.after(dataset.assignments),
        expanded=True,
    )
