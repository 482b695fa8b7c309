"""The graph schema: node labels, edge types and the domain vocabularies.

Labels and types are the same names in networkx (node attribute ``label``,
edge attribute ``type``) and in Neo4j (node label, relationship type), so a
graph read back from the shared store is the graph built from files.

Every vocabulary is a ``StrEnum`` whose value is the stable English key used
in files, JSON and Cypher (Chinese input is read by :mod:`graph.terms`).

The shape of the graph is declared once, here: :data:`NODES` (each label's
attributes) and :data:`EDGES` (each edge type's endpoints, dates, properties
and key). The builder, the columnar core, the model, a store's rows and
statements derive from them: adding an attribute or a dated edge type is a
change here plus its use. This module imports nothing else of respnet's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "DATED_EDGES",
    "DISCIPLINE_KINDS",
    "EDGES",
    "EDGE_ENDPOINTS",
    "EDGE_PROPS",
    "EDGE_VOCABULARIES",
    "HEAD_ROLES",
    "KEYED_EDGES",
    "KEY_POST_ROLES",
    "LABELS",
    "LABEL_CODE",
    "LEADER_FORMS",
    "LEVELS",
    "NAME_ATTR",
    "NODES",
    "ORG_FORMS",
    "SINGLE_HOLDER_ROLES",
    "SUPERVISORY_HEAD_ROLES",
    "UNSUPERVISED_EXEMPT_KINDS",
    "VOCABULARIES",
    "VOCABULARY_ATTRS",
    "AccountabilityForm",
    "AccountabilityRole",
    "Attr",
    "BearerRole",
    "BearingSource",
    "CaseOrgRole",
    "DecisionRole",
    "DutyKind",
    "EdgeSpec",
    "EdgeType",
    "NodeLabel",
    "NodeSpec",
    "OrgAccountabilityRole",
    "OrgKind",
    "Role",
    "SupervisionKind",
    "TenureCapacity",
    "level_rank",
]


class NodeLabel(StrEnum):
    """Node labels (Neo4j labels); every node carries one as ``label``."""

    ORGANIZATION = "Organization"
    POSITION = "Position"
    PERSON = "Person"
    DUTY = "Duty"
    LIST = "ResponsibilityList"
    CASE = "Case"
    DECISION = "Decision"
    RECORD = "Record"


#: The labels in their order, and each one's small code (its place in that order).
LABELS: tuple[NodeLabel, ...] = tuple(NodeLabel)
LABEL_CODE: dict[NodeLabel, int] = {label: i for i, label in enumerate(LABELS)}


class EdgeType(StrEnum):
    """Edge types (Neo4j relationship types); every edge carries one as ``type``."""

    REPORTS_TO = "REPORTS_TO"
    IN = "IN"
    HOLDS = "HOLDS"
    OVERSEES = "OVERSEES"
    SUPERVISES = "SUPERVISES"
    BEARS = "BEARS"
    DECOMPOSES = "DECOMPOSES"
    DEFINED_IN = "DEFINED_IN"
    OCCURRED_IN = "OCCURRED_IN"
    INVOLVES = "INVOLVES"
    BREACHES = "BREACHES"
    FULFILS = "FULFILS"
    PERFORMED = "PERFORMED"
    CONCERNS = "CONCERNS"
    TARGETS = "TARGETS"


class OrgKind(StrEnum):
    """Kinds of organization (组织类型)."""

    PARTY_COMMITTEE = "party_committee"
    PARTY_GROUP = "party_group"
    ORGAN_COMMITTEE = "organ_committee"
    GENERAL_BRANCH = "general_branch"
    BRANCH = "branch"
    DISCIPLINE_COMMISSION = "discipline_commission"
    ORGAN_DISCIPLINE_COMMISSION = "organ_discipline_commission"
    STATIONED_TEAM = "stationed_team"
    VILLAGE_SUPERVISION = "village_supervision"
    SUPERVISION_OFFICE = "supervision_office"
    UNIT = "unit"


class Role(StrEnum):
    """Categories of post (岗位类别)."""

    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    MEMBER = "member"
    DISCIPLINE_SECRETARY = "discipline_secretary"
    TEAM_LEADER = "team_leader"
    DISCIPLINE_MEMBER = "discipline_member"
    OFFICE_DIRECTOR = "office_director"
    OTHER = "other"


class DutyKind(StrEnum):
    """Kinds of responsibility (责任类型)."""

    PRINCIPAL = "principal"
    FIRST_RESPONSIBLE = "first_responsible"
    DUAL_DUTY = "dual_duty"
    SUPERVISORY = "supervisory"


class SupervisionKind(StrEnum):
    """How one organization supervises another (监督类型)."""

    SAME_LEVEL = "same_level"
    STATIONED = "stationed"
    ASSIGNED = "assigned"
    UPPER = "upper"


class BearerRole(StrEnum):
    """A bearer's part in a duty (牵头 / 配合)."""

    LEAD = "lead"
    ASSIST = "assist"


class BearingSource(StrEnum):
    """Where a BEARS edge came from: an explicit assignment or a template binding."""

    ASSIGNMENT = "assignment"
    TEMPLATE = "template"


class AccountabilityRole(StrEnum):
    """Roles in a case's accountability (问责条例), in the order a trace lists them."""

    DIRECT = "direct"
    PRINCIPAL_LEADERSHIP = "principal_leadership"
    IMPORTANT_LEADERSHIP = "important_leadership"
    SUPERVISORY = "supervisory"


class OrgAccountabilityRole(StrEnum):
    """Roles of an organization in a case's accountability (问责条例 arts. 5, 6)."""

    OVERALL_LEADERSHIP = "overall_leadership"
    SUPERVISORY = "supervisory"


class DecisionRole(StrEnum):
    """What an accountability decision finds: a person's or an organization's
    role, or that it is not held to account (不予问责 / 免予问责)."""

    DIRECT = "direct"
    PRINCIPAL_LEADERSHIP = "principal_leadership"
    IMPORTANT_LEADERSHIP = "important_leadership"
    SUPERVISORY = "supervisory"
    OVERALL_LEADERSHIP = "overall_leadership"
    EXONERATED = "exonerated"


class AccountabilityForm(StrEnum):
    """The forms of accountability of 问责条例 (2019) art. 8: for organizations
    检查, 通报, 改组; for leaders 通报, 诫勉, 组织调整或者组织处理, 纪律处分."""

    INSPECTION = "inspection"
    CIRCULATION = "circulation"
    REORGANIZATION = "reorganization"
    ADMONITION = "admonition"
    ORGANIZATIONAL = "organizational"
    DISCIPLINARY = "disciplinary"


#: The forms art. 8 gives for organizations, and for leaders.
ORG_FORMS = frozenset(
    {AccountabilityForm.INSPECTION, AccountabilityForm.CIRCULATION, AccountabilityForm.REORGANIZATION}
)
LEADER_FORMS = frozenset(
    {
        AccountabilityForm.CIRCULATION,
        AccountabilityForm.ADMONITION,
        AccountabilityForm.ORGANIZATIONAL,
        AccountabilityForm.DISCIPLINARY,
    }
)


class TenureCapacity(StrEnum):
    """How a post is held (任职方式); empty is 正式."""

    REGULAR = "regular"
    PRESIDING = "presiding"
    ACTING = "acting"


class CaseOrgRole(StrEnum):
    """An organization of a case besides its main one (OCCURRED_IN ``role``)."""

    ALSO = "also"


#: Posts that only one person may hold at a time.
SINGLE_HOLDER_ROLES = frozenset({Role.SECRETARY, Role.DISCIPLINE_SECRETARY, Role.TEAM_LEADER, Role.OFFICE_DIRECTOR})
#: Posts whose vacancy is a gap in itself (``vacant_key_post``).
KEY_POST_ROLES = SINGLE_HOLDER_ROLES
#: Heads of a discipline body: the bearers of its supervisory responsibility in a trace.
SUPERVISORY_HEAD_ROLES = frozenset({Role.DISCIPLINE_SECRETARY, Role.TEAM_LEADER, Role.OFFICE_DIRECTOR})
#: Heads of any organization (the person answering for a duty the organization bears).
HEAD_ROLES = frozenset({Role.SECRETARY, Role.DISCIPLINE_SECRETARY, Role.TEAM_LEADER, Role.OFFICE_DIRECTOR})
#: Discipline bodies: they supervise, and are not themselves expected to be supervised
#: by the ``unsupervised_org`` scan.
DISCIPLINE_KINDS = frozenset(
    {
        OrgKind.DISCIPLINE_COMMISSION,
        OrgKind.ORGAN_DISCIPLINE_COMMISSION,
        OrgKind.STATIONED_TEAM,
        OrgKind.SUPERVISION_OFFICE,
    }
)
#: Kinds the ``unsupervised_org`` scan leaves out even when they have a secretary post.
UNSUPERVISED_EXEMPT_KINDS = DISCIPLINE_KINDS | {
    OrgKind.BRANCH,
    OrgKind.GENERAL_BRANCH,
    OrgKind.VILLAGE_SUPERVISION,
}

#: Every vocabulary by the name used for it in files, messages and the translation table.
VOCABULARIES: dict[str, type[StrEnum]] = {
    "node_label": NodeLabel,
    "org_kind": OrgKind,
    "role": Role,
    "duty_kind": DutyKind,
    "supervision_kind": SupervisionKind,
    "bearer_role": BearerRole,
    "accountability_role": AccountabilityRole,
    "org_accountability_role": OrgAccountabilityRole,
    "decision_role": DecisionRole,
    "accountability_form": AccountabilityForm,
    "tenure_capacity": TenureCapacity,
    "case_org_role": CaseOrgRole,
}


# ---------------------------------------------------------------- the shape of the graph
@dataclass(frozen=True, slots=True)
class Attr:
    """A node attribute: its name (the same in records, the graph and a store) and,
    when it holds a member of a vocabulary, the vocabulary (a string in a store)."""

    name: str
    vocabulary: type[StrEnum] | None = None


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """The attributes of the nodes of one label, in order, and the one that names
    a node (``None``: the id names it)."""

    attrs: tuple[Attr, ...]
    names: str | None = None


@dataclass(frozen=True, slots=True)
class EdgeSpec:
    """One edge type: the labels it joins, whether it is in force between two
    dates (``start``, ``end``), the coded properties it carries (``role``,
    ``kind``, ``origin``) with their vocabularies, and what tells two edges of
    the type between the same nodes apart besides the type (``key``)."""

    sources: frozenset[NodeLabel]
    targets: frozenset[NodeLabel]
    dated: bool = False
    props: tuple[tuple[str, type[StrEnum]], ...] = ()
    key: tuple[str, ...] = ()


def _labels(*labels: NodeLabel) -> frozenset[NodeLabel]:
    return frozenset(labels)


_L, _A = NodeLabel, Attr
#: Every label's attributes: the builder makes them, a store writes and reads them back.
NODES: dict[NodeLabel, NodeSpec] = {
    _L.ORGANIZATION: NodeSpec((_A("name"), _A("kind", OrgKind), _A("level")), names="name"),
    _L.POSITION: NodeSpec((_A("title"), _A("role", Role)), names="title"),
    _L.PERSON: NodeSpec((_A("name"),), names="name"),
    _L.LIST: NodeSpec((_A("title"), _A("issuer"), _A("issued")), names="title"),
    _L.DUTY: NodeSpec(
        (
            _A("text"),
            _A("kind", DutyKind),
            _A("category"),
            _A("list_id"),
            _A("clause"),
            _A("frequency"),
            _A("frequency_period"),  # worked out from ``frequency`` by the builder
            _A("frequency_count"),
            _A("bound_org"),
            _A("bound_role", Role),
        ),
        names="text",
    ),
    _L.CASE: NodeSpec(
        tuple(map(_A, ("date", "title", "category", "period_start", "period_end", "investigated_by"))), names="title"
    ),
    _L.DECISION: NodeSpec((_A("role", DecisionRole), _A("form"), _A("date"), _A("note"))),
    _L.RECORD: NodeSpec((_A("date"), _A("kind"), _A("note"))),
}

#: Every edge type: endpoints, dates, properties, key.
EDGES: dict[EdgeType, EdgeSpec] = {
    EdgeType.REPORTS_TO: EdgeSpec(_labels(_L.ORGANIZATION), _labels(_L.ORGANIZATION)),
    EdgeType.IN: EdgeSpec(_labels(_L.POSITION), _labels(_L.ORGANIZATION)),
    EdgeType.HOLDS: EdgeSpec(
        _labels(_L.PERSON), _labels(_L.POSITION), dated=True, props=(("kind", TenureCapacity),), key=("start",)
    ),
    EdgeType.OVERSEES: EdgeSpec(_labels(_L.POSITION), _labels(_L.ORGANIZATION), dated=True, key=("start",)),
    EdgeType.SUPERVISES: EdgeSpec(
        _labels(_L.ORGANIZATION),
        _labels(_L.ORGANIZATION),
        dated=True,
        props=(("kind", SupervisionKind),),
        key=("kind", "start"),
    ),
    EdgeType.BEARS: EdgeSpec(
        _labels(_L.POSITION, _L.ORGANIZATION),
        _labels(_L.DUTY),
        props=(("role", BearerRole), ("origin", BearingSource)),
    ),
    EdgeType.DECOMPOSES: EdgeSpec(_labels(_L.DUTY), _labels(_L.DUTY)),
    EdgeType.DEFINED_IN: EdgeSpec(_labels(_L.DUTY), _labels(_L.LIST)),
    EdgeType.OCCURRED_IN: EdgeSpec(_labels(_L.CASE), _labels(_L.ORGANIZATION), props=(("role", CaseOrgRole),)),
    EdgeType.INVOLVES: EdgeSpec(
        _labels(_L.CASE), _labels(_L.PERSON), props=(("role", AccountabilityRole),), key=("role",)
    ),
    EdgeType.BREACHES: EdgeSpec(_labels(_L.CASE), _labels(_L.DUTY)),
    EdgeType.FULFILS: EdgeSpec(_labels(_L.RECORD), _labels(_L.DUTY)),
    EdgeType.PERFORMED: EdgeSpec(_labels(_L.PERSON), _labels(_L.RECORD)),
    EdgeType.CONCERNS: EdgeSpec(_labels(_L.DECISION), _labels(_L.CASE)),
    EdgeType.TARGETS: EdgeSpec(
        _labels(_L.DECISION), _labels(_L.PERSON, _L.ORGANIZATION), props=(("role", DecisionRole),)
    ),
}

#: Allowed (source labels, target labels) of every edge type.
EDGE_ENDPOINTS: dict[EdgeType, tuple[frozenset[NodeLabel], frozenset[NodeLabel]]] = {
    etype: (spec.sources, spec.targets) for etype, spec in EDGES.items()
}
#: The edge types in force between two dates: a term, an oversight, a supervision.
DATED_EDGES: frozenset[EdgeType] = frozenset(etype for etype, spec in EDGES.items() if spec.dated)
#: The edge types whose parallel edges are told apart by more than their type.
KEYED_EDGES: frozenset[EdgeType] = frozenset(etype for etype, spec in EDGES.items() if spec.key)
#: The coded edge properties (the columns of :class:`graph.core.EdgeTable`).
EDGE_PROPS: tuple[str, ...] = ("role", "kind", "origin")
#: The attribute that names a node of each label (the id names the others).
NAME_ATTR: dict[NodeLabel, str] = {label: spec.names for label, spec in NODES.items() if spec.names}
#: Node attributes held as vocabulary members in the graph (strings in a store).
VOCABULARY_ATTRS: dict[tuple[NodeLabel, str], type[StrEnum]] = {
    (label, a.name): a.vocabulary for label, spec in NODES.items() for a in spec.attrs if a.vocabulary
}
#: Every vocabulary an edge property takes, in the order edge codes are given (:data:`graph.core.CODES`).
EDGE_VOCABULARIES: tuple[type[StrEnum], ...] = tuple(
    dict.fromkeys(vocab for spec in EDGES.values() for _, vocab in spec.props)
)


#: The administrative levels from the top down. Levels are free text in the
#: data; these are the usual ones, and they order tables and charts.
LEVELS: tuple[str, ...] = ("中央", "省", "市", "县", "乡", "村")


def level_rank(level: str) -> tuple[int, str]:
    """A sort key putting known levels top-down and any other level after them.

    >>> sorted(["村", "市", "片区", "乡"], key=level_rank)
    ['市', '乡', '村', '片区']
    """
    return (LEVELS.index(level), "") if level in LEVELS else (len(LEVELS), level)
