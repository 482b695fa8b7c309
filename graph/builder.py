"""The one place that adds nodes and edges: records in, a ResponsibilityGraph out.

:class:`GraphBuilder` collects nodes and edges and checks them against the
schema when :meth:`GraphBuilder.build` is called (every endpoint exists and has
a label the edge type allows, no edge is added twice). :func:`build_graph` feeds
it a validated :class:`~graph.records.Dataset`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any, Self, TypeVar

import numpy as np

from graph.binding import BoundAssignments, Parts, column, column_parts, expand_templates
from graph.coded import coded_parts
from graph.core import CODE, NO_END, NO_START, GraphCore, bulk, ordinal
from graph.errors import GraphError
from graph.frequency import Frequency, parse_frequency
from graph.given import EdgeColumns, Ends, NodeColumns
from graph.model import ResponsibilityGraph, edge_key
from graph.records import Dataset, decision_id
from graph.schema import (
    EDGES,
    LABEL_CODE,
    NODES,
    AccountabilityRole,
    BearerRole,
    BearingSource,
    CaseOrgRole,
    DecisionRole,
    DutyKind,
    EdgeType,
    NodeLabel,
    OrgKind,
    Role,
    SupervisionKind,
    TenureCapacity,
)

__all__ = ["GraphBuilder", "build_graph", "edge_key"]

M = TypeVar("M", bound=StrEnum)


class GraphBuilder:
    """Collects nodes and edges, then builds a :class:`ResponsibilityGraph`.

    Every method returns the builder, so a small graph reads as one expression.
    Vocabulary arguments take the enum member or its English value.

    Examples
    --------
    >>> G = (GraphBuilder()
    ...      .organization("C", "City committee", "party_committee")
    ...      .organization("D", "Finance bureau", "unit", parent="C")
    ...      .position("C-M1", "C", "Member", "member")
    ...      .oversight("C-M1", "D", start=date(2024, 1, 1))
    ...      .build())
    >>> G.parent("D"), [link.source for link in G.overseers_on("D", date(2024, 5, 1))]
    ('C', ['C-M1'])
    """

    def __init__(self) -> None:
        self._nodes: dict[str, dict[str, Any]] = {}
        self._edges: list[tuple[str, str, str, dict[str, Any]]] = []

    # ------------------------------------------------------------ nodes
    def _node(self, node_id: str, label: NodeLabel, **attrs: Any) -> Self:
        return self.add_node(node_id, {"label": label, **{k: v for k, v in attrs.items() if v is not None}})

    def _edge(self, u: str, v: str, etype: EdgeType, **attrs: Any) -> Self:
        key = edge_key(etype, start=attrs.get("start"), kind=attrs.get("kind"), role=attrs.get("role"))
        return self.add_edge(u, v, key, {"type": etype, **attrs})

    def add_node(self, node_id: str, attrs: dict[str, Any]) -> Self:
        """A node as the graph holds it: ``attrs`` has its ``label`` and attributes
        (what :mod:`graph.subgraph` reads back from a store)."""
        if node_id in self._nodes:
            raise GraphError("error.duplicate_node", node_id=node_id)
        self._nodes[node_id] = dict(attrs)
        return self

    def add_edge(self, source: str, target: str, key: str, attrs: dict[str, Any]) -> Self:
        """An edge as the graph holds it: its key and attributes (with ``type``)."""
        self._edges.append((source, target, key, dict(attrs)))
        return self

    def organization(
        self, org_id: str, name: str, kind: OrgKind | str, level: str = "", parent: str | None = None
    ) -> Self:
        self._node(org_id, NodeLabel.ORGANIZATION, name=name, kind=OrgKind(kind), level=level)
        return self._edge(org_id, parent, EdgeType.REPORTS_TO) if parent else self

    def position(self, position_id: str, org_id: str, title: str, role: Role | str) -> Self:
        self._node(position_id, NodeLabel.POSITION, title=title, role=Role(role))
        return self._edge(position_id, org_id, EdgeType.IN)

    def person(self, person_id: str, name: str) -> Self:
        return self._node(person_id, NodeLabel.PERSON, name=name)

    def tenure(
        self,
        person_id: str,
        position_id: str,
        start: date,
        end: date | None = None,
        capacity: TenureCapacity | str | None = None,
    ) -> Self:
        kind = TenureCapacity(capacity).value if capacity else None
        return self._edge(person_id, position_id, EdgeType.HOLDS, start=start, end=end, kind=kind)

    def oversight(self, position_id: str, org_id: str, start: date | None = None, end: date | None = None) -> Self:
        return self._edge(position_id, org_id, EdgeType.OVERSEES, start=start, end=end)

    def supervision(
        self,
        supervisor_id: str,
        org_id: str,
        kind: SupervisionKind | str,
        start: date | None = None,
        end: date | None = None,
    ) -> Self:
        return self._edge(
            supervisor_id, org_id, EdgeType.SUPERVISES, kind=SupervisionKind(kind).value, start=start, end=end
        )

    def responsibility_list(self, list_id: str, title: str, issuer: str = "", issued: date | None = None) -> Self:
        return self._node(list_id, NodeLabel.LIST, title=title, issuer=issuer, issued=issued)

    def duty(
        self,
        duty_id: str,
        text: str,
        kind: DutyKind | str,
        *,
        category: str = "",
        list_id: str | None = None,
        clause: str = "",
        frequency: str = "",
        parent: str | None = None,
        bound_org: str | None = None,
        bound_role: Role | str | None = None,
    ) -> Self:
        parsed = parse_frequency(frequency)
        self._node(
            duty_id,
            NodeLabel.DUTY,
            text=text,
            kind=DutyKind(kind),
            category=category,
            list_id=list_id,
            clause=clause,
            frequency=frequency,
            frequency_period=parsed.period.value if isinstance(parsed, Frequency) else None,
            frequency_count=parsed.count if isinstance(parsed, Frequency) else None,
            bound_org=bound_org,
            bound_role=Role(bound_role) if bound_role else None,
        )
        if list_id:
            self._edge(duty_id, list_id, EdgeType.DEFINED_IN)
        return self._edge(parent, duty_id, EdgeType.DECOMPOSES) if parent else self

    def bears(
        self,
        bearer_id: str,
        duty_id: str,
        role: BearerRole | str = BearerRole.LEAD,
        origin: BearingSource | str = BearingSource.ASSIGNMENT,
    ) -> Self:
        return self._edge(
            bearer_id, duty_id, EdgeType.BEARS, role=BearerRole(role).value, origin=BearingSource(origin).value
        )

    def case(
        self,
        case_id: str,
        day: date,
        org_id: str | Sequence[str],
        title: str,
        category: str = "",
        breaches: tuple[str, ...] | list[str] = (),
        direct: tuple[str, ...] | list[str] = (),
        *,
        period: tuple[date, date] | None = None,
        investigated_by: str | None = None,
    ) -> Self:
        """A case; ``org_id`` may list several organizations, the main one first."""
        start, end = period or (None, None)
        self._node(
            case_id,
            NodeLabel.CASE,
            date=day,
            title=title,
            category=category,
            period_start=start,
            period_end=end,
            investigated_by=investigated_by,
        )
        for i, org in enumerate([org_id] if isinstance(org_id, str) else org_id):
            self._edge(case_id, org, EdgeType.OCCURRED_IN, role=CaseOrgRole.ALSO.value if i else None)
        for duty_id in breaches:
            self._edge(case_id, duty_id, EdgeType.BREACHES)
        for person_id in direct:
            self._edge(case_id, person_id, EdgeType.INVOLVES, role=AccountabilityRole.DIRECT.value)
        return self

    def decision(
        self,
        case_id: str,
        target_id: str,
        role: DecisionRole | str,
        form: str = "",
        day: date | None = None,
        note: str = "",
    ) -> Self:
        role = DecisionRole(role)
        node_id = decision_id(case_id, target_id, role)
        self._node(node_id, NodeLabel.DECISION, role=role, form=form, date=day, note=note or None)
        self._edge(node_id, case_id, EdgeType.CONCERNS)
        return self._edge(node_id, target_id, EdgeType.TARGETS, role=role.value)

    def record(self, record_id: str, duty_id: str, person_id: str, day: date, kind: str = "", note: str = "") -> Self:
        self._node(record_id, NodeLabel.RECORD, date=day, kind=kind, note=note)
        self._edge(record_id, duty_id, EdgeType.FULFILS)
        return self._edge(person_id, record_id, EdgeType.PERFORMED)

    # ------------------------------------------------------------ build
    def build(self) -> ResponsibilityGraph:
        """Check every edge against the schema and return the graph.

        Raises
        ------
        GraphError
            An edge names a missing node, joins labels its type does not allow,
            or repeats an edge already added.
        """
        nodes: dict[NodeLabel, NodeColumns] = {}
        by_label: dict[NodeLabel, list[tuple[str, dict[str, Any]]]] = {}
        for node_id, attrs in self._nodes.items():
            by_label.setdefault(attrs["label"], []).append((node_id, attrs))
        for label, members in by_label.items():
            names = dict.fromkeys(k for _, attrs in members for k in attrs if k != "label")
            nodes[label] = NodeColumns(
                [node_id for node_id, _ in members],
                {name: [attrs.get(name) for _, attrs in members] for name in names},
            )
        edges: dict[EdgeType, EdgeColumns] = {}
        for etype in EdgeType:
            of_type = [(u, v, attrs) for u, v, _, attrs in self._edges if attrs["type"] is etype]
            if of_type:
                edges[etype] = _edge_columns(of_type)
        return ResponsibilityGraph(GraphCore.build(nodes, edges))


def _edge_columns(edges: list[tuple[str, str, dict[str, Any]]]) -> EdgeColumns:
    columns = _dated([(u, v, a.get("start"), a.get("end")) for u, v, a in edges])
    columns.role, columns.kind, columns.origin = (
        [CODE[_text(a.get(name))] for _, _, a in edges] for name in ("role", "kind", "origin")
    )
    return columns


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def build_graph(dataset: Dataset) -> ResponsibilityGraph:
    """Build the graph of a dataset (binding its templates first, if that has not
    been done), straight into columns: one pass over each table. The dataset
    should have passed the loaders' validation; a dataset that breaks the
    schema raises :class:`GraphError`."""
    with bulk():
        return _build(dataset)


def _build(dataset: Dataset) -> ResponsibilityGraph:
    ds = dataset if dataset.expanded else expand_templates(dataset)
    L, E = NodeLabel, EdgeType
    # each distinct frequency text parsed once (a province's millions of duties have a few dozen)
    texts = column_parts(ds.duties, "frequency")
    parsed = {text: parse_frequency(text) for text in {*texts.head, *texts.of_group}}
    period = {t: f.period.value if isinstance(f, Frequency) else None for t, f in parsed.items()}
    count = {t: f.count if isinstance(f, Frequency) else None for t, f in parsed.items()}
    records: dict[NodeLabel, Sequence[Any]] = {
        L.ORGANIZATION: ds.organizations,
        L.POSITION: ds.positions,
        L.PERSON: ds.people,
        L.LIST: ds.lists,
        L.DUTY: ds.duties,
        L.CASE: ds.cases,
        L.DECISION: ds.decisions,
        L.RECORD: ds.records,
    }
    worked_out: dict[tuple[NodeLabel, str], Parts] = {
        (L.DUTY, "frequency_period"): _mapped(texts, period),
        (L.DUTY, "frequency_count"): _mapped(texts, count),
    }
    nodes = {label: _node_columns(label, records[label], worked_out) for label in NodeLabel}
    # an edge's end that is the record's own node is given by place (Ends.of), not looked up by id
    parents = column(ds.organizations, "parent_id")
    with_parent = [i for i, parent in enumerate(parents) if parent]
    listed, parent_ids = column(ds.duties, "list_id"), column(ds.duties, "parent_id")
    breaches = [(k, duty) for k, c in enumerate(ds.cases) for duty in c.breached_duty_ids]
    involved = [(k, person) for k, c in enumerate(ds.cases) for person in c.direct_person_ids]
    places = [(k, org, i > 0) for k, c in enumerate(ds.cases) for i, org in enumerate(c.org_ids)]
    also = CODE[CaseOrgRole.ALSO.value]
    direct = CODE[AccountabilityRole.DIRECT.value]
    decisions, records_made = Ends.of(L.DECISION, range(len(ds.decisions))), Ends.of(L.RECORD, range(len(ds.records)))
    edges = {
        E.REPORTS_TO: EdgeColumns(Ends.of(L.ORGANIZATION, with_parent), [parents[i] for i in with_parent]),
        E.IN: EdgeColumns(Ends.of(L.POSITION, range(len(ds.positions))), column(ds.positions, "org_id")),
        E.HOLDS: _dated(
            [(t.person_id, t.position_id, t.start, t.end) for t in ds.tenures],
            kind=_codes((t.capacity for t in ds.tenures), E.HOLDS, "kind"),
        ),
        E.OVERSEES: _dated([(o.position_id, o.org_id, o.start, o.end) for o in ds.oversight]),
        E.SUPERVISES: _dated(
            [(s.supervisor_id, s.org_id, s.start, s.end) for s in ds.supervision],
            kind=_codes((s.kind for s in ds.supervision), E.SUPERVISES, "kind"),
        ),
        E.DEFINED_IN: EdgeColumns(
            Ends.of(L.DUTY, [i for i, in_list in enumerate(listed) if in_list]), [x for x in listed if x]
        ),
        E.DECOMPOSES: EdgeColumns(
            [x for x in parent_ids if x], Ends.of(L.DUTY, [i for i, parent in enumerate(parent_ids) if parent])
        ),
        E.BEARS: _bearings(ds),
        E.OCCURRED_IN: EdgeColumns(
            Ends.of(L.CASE, [c for c, _, _ in places]),
            [o for _, o, _ in places],
            role=[also if more else 0 for _, _, more in places],
        ),
        E.BREACHES: EdgeColumns(Ends.of(L.CASE, [c for c, _ in breaches]), [d for _, d in breaches]),
        E.INVOLVES: EdgeColumns(
            Ends.of(L.CASE, [c for c, _ in involved]), [p for _, p in involved], role=[direct] * len(involved)
        ),
        E.CONCERNS: EdgeColumns(decisions, column(ds.decisions, "case_id")),
        E.TARGETS: EdgeColumns(
            decisions,
            column(ds.decisions, "target_id"),
            role=_codes(column(ds.decisions, "role"), E.TARGETS, "role"),
        ),
        E.FULFILS: EdgeColumns(records_made, column(ds.records, "duty_id")),
        E.PERFORMED: EdgeColumns(column(ds.records, "person_id"), records_made),
    }
    return ResponsibilityGraph(GraphCore.build(nodes, edges))


def _bearings(ds: Dataset) -> EdgeColumns:
    """BEARS: the written assignments by id; the template bearings, when they
    were bound from this dataset's own records, by place (a province's millions
    of bearings, none looked up)."""
    bearings = ds.assignments
    role = _codes(column(bearings, "role"), EdgeType.BEARS, "role")
    origin = _codes(column(bearings, "source"), EdgeType.BEARS, "origin")
    if (
        not isinstance(bearings, BoundAssignments)
        or (placed := bearings.placed(ds.duties, ds.organizations, ds.positions)) is None
    ):
        return EdgeColumns(column(bearings, "bearer_id"), column(bearings, "duty_id"), role=role, origin=origin)
    written = bearings.written
    org, post = LABEL_CODE[NodeLabel.ORGANIZATION], LABEL_CODE[NodeLabel.POSITION]
    bearers = Ends(column(written, "bearer_id"), np.where(placed.org_borne, org, post).astype(np.int8), placed.bearers)
    duties = Ends.of(NodeLabel.DUTY, placed.duties, column(written, "duty_id"))
    return EdgeColumns(bearers, duties, role=role, origin=origin)


def _node_columns(
    label: NodeLabel, records: Sequence[Any], worked_out: Mapping[tuple[NodeLabel, str], Parts]
) -> NodeColumns:
    """The nodes of ``records``: their ids and a column per attribute of ``label``
    in :data:`graph.schema.NODES`: the record's field of that name (as members of
    its vocabulary, when it has one), or the values ``worked_out`` already. A
    field the bound records take from their clause is converted and coded once
    per clause (:func:`graph.coded.coded_parts`)."""
    cols: dict[str, Sequence[Any]] = {}
    for attr in NODES[label].attrs:
        parts = worked_out.get((label, attr.name)) or column_parts(records, attr.name)
        if attr.vocabulary is not None:
            parts = _mapped(parts, _members({*parts.head, *parts.of_group}, attr.vocabulary))
        cols[attr.name] = coded_parts(*parts) if len(parts.group_of) else parts.head
    return NodeColumns(column(records, "id"), cols)


def _mapped(parts: Parts, value: Mapping[Any, Any]) -> Parts:
    """``parts`` with each value replaced by ``value[it]``."""
    return Parts(list(map(value.__getitem__, parts.head)), list(map(value.__getitem__, parts.of_group)), parts.group_of)


def _members(values: Iterable[Any], enum: type[M]) -> dict[Any, M | None]:
    """Each of ``values`` with its member of ``enum`` (empty: None)."""
    return {v: enum(v) if v else None for v in values}


def _codes(values: Iterable[Any], etype: EdgeType, prop: str) -> list[int]:
    """Each value's edge code (:data:`graph.core.CODE`; empty is 0) as the property
    ``prop`` of ``etype`` (its vocabulary from :data:`graph.schema.EDGES`), each
    distinct value converted once."""
    enum = dict(EDGES[etype].props)[prop]
    given = list(values)
    code = {v: CODE[enum(v).value] if v else 0 for v in set(given)}
    return list(map(code.__getitem__, given))


def _dated(rows: list[tuple[str, str, date | None, date | None]], kind: list[int] | None = None) -> EdgeColumns:
    starts = [ordinal(start, NO_START) for _, _, start, _ in rows]
    ends = [ordinal(end, NO_END) for _, _, _, end in rows]
    return EdgeColumns([u for u, _, _, _ in rows], [v for _, v, _, _ in rows], starts, ends, kind=kind)
