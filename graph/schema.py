"""The graph schema: node labels, edge types and the domain vocabularies.

Labels and types are the same names in networkx (node attribute ``label``,
edge attribute ``type``) and in Neo4j (node label, relationship type), so a
graph read back from the shared store is the graph built from files.

Every vocabulary is a ``StrEnum`` whose value is the stable English key used
in files, JSON and Cypher; Chinese input is accepted through the labels of the
translation table (:mod:`graph.i18n`) plus a few common synonyms listed here.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import TypeVar

__all__ = [
    "DISCIPLINE_KINDS",
    "EDGE_ENDPOINTS",
    "HEAD_ROLES",
    "KEY_POST_ROLES",
    "LEADER_FORMS",
    "LEVELS",
    "ORG_FORMS",
    "SINGLE_HOLDER_ROLES",
    "SUPERVISORY_HEAD_ROLES",
    "UNSUPERVISED_EXEMPT_KINDS",
    "VOCABULARIES",
    "AccountabilityForm",
    "AccountabilityRole",
    "BearerRole",
    "BearingSource",
    "CaseOrgRole",
    "DecisionRole",
    "DutyKind",
    "EdgeType",
    "NodeLabel",
    "OrgAccountabilityRole",
    "OrgKind",
    "Role",
    "SupervisionKind",
    "TenureCapacity",
    "level_rank",
    "normalize_term",
    "parse_term",
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


_L = NodeLabel
#: Allowed (source labels, target labels) of every edge type.
EDGE_ENDPOINTS: dict[EdgeType, tuple[frozenset[NodeLabel], frozenset[NodeLabel]]] = {
    EdgeType.REPORTS_TO: (frozenset({_L.ORGANIZATION}), frozenset({_L.ORGANIZATION})),
    EdgeType.IN: (frozenset({_L.POSITION}), frozenset({_L.ORGANIZATION})),
    EdgeType.HOLDS: (frozenset({_L.PERSON}), frozenset({_L.POSITION})),
    EdgeType.OVERSEES: (frozenset({_L.POSITION}), frozenset({_L.ORGANIZATION})),
    EdgeType.SUPERVISES: (frozenset({_L.ORGANIZATION}), frozenset({_L.ORGANIZATION})),
    EdgeType.BEARS: (frozenset({_L.POSITION, _L.ORGANIZATION}), frozenset({_L.DUTY})),
    EdgeType.DECOMPOSES: (frozenset({_L.DUTY}), frozenset({_L.DUTY})),
    EdgeType.DEFINED_IN: (frozenset({_L.DUTY}), frozenset({_L.LIST})),
    EdgeType.OCCURRED_IN: (frozenset({_L.CASE}), frozenset({_L.ORGANIZATION})),
    EdgeType.INVOLVES: (frozenset({_L.CASE}), frozenset({_L.PERSON})),
    EdgeType.BREACHES: (frozenset({_L.CASE}), frozenset({_L.DUTY})),
    EdgeType.FULFILS: (frozenset({_L.RECORD}), frozenset({_L.DUTY})),
    EdgeType.PERFORMED: (frozenset({_L.PERSON}), frozenset({_L.RECORD})),
    EdgeType.CONCERNS: (frozenset({_L.DECISION}), frozenset({_L.CASE})),
    EdgeType.TARGETS: (frozenset({_L.DECISION}), frozenset({_L.PERSON, _L.ORGANIZATION})),
}


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

# Chinese spellings accepted on input besides the translation table's own label.
_SYNONYMS: dict[StrEnum, tuple[str, ...]] = {
    OrgKind.PARTY_COMMITTEE: ("党委(党组)", "党工委", "党委会"),
    OrgKind.PARTY_GROUP: ("党组(党委)",),
    OrgKind.ORGAN_COMMITTEE: ("机关党总支",),
    OrgKind.GENERAL_BRANCH: ("总支",),
    OrgKind.BRANCH: ("支部", "党小组"),
    OrgKind.DISCIPLINE_COMMISSION: ("纪委监委", "纪工委", "纪委(纪工委)"),
    OrgKind.STATIONED_TEAM: ("派驻纪检组", "纪检监察组", "派驻机构"),
    OrgKind.VILLAGE_SUPERVISION: ("村监委", "村(居)务监督委员会", "居务监督委员会"),
    OrgKind.SUPERVISION_OFFICE: ("监督检查室", "纪检监察室", "派出监督检查室", "纪委监委监督检查室"),
    OrgKind.UNIT: ("部门", "乡镇", "街道", "企业", "园区", "事业单位"),
    Role.SECRETARY: ("党委书记", "党组书记", "支部书记", "党支部书记", "第一书记"),
    Role.MEMBER: ("班子成员", "委员", "党组成员", "党委委员", "其他成员"),
    Role.DISCIPLINE_SECRETARY: ("纪工委书记", "纪检组长"),
    Role.TEAM_LEADER: ("组长", "派驻纪检监察组组长"),
    Role.DISCIPLINE_MEMBER: ("纪检员",),
    Role.OFFICE_DIRECTOR: ("室主任", "监督检查室主任"),
    DutyKind.FIRST_RESPONSIBLE: ("第一责任人职责", "第一责任"),
    DutyKind.DUAL_DUTY: ("一岗双责责任",),
    DutyKind.SUPERVISORY: ("监督专责",),
    SupervisionKind.SAME_LEVEL: ("同级监督",),
    SupervisionKind.STATIONED: ("派驻监督",),
    SupervisionKind.UPPER: ("上级监督",),
    SupervisionKind.ASSIGNED: ("联系监督", "分片监督", "联系"),
    BearerRole.LEAD: ("牵头单位", "负责", "主责"),
    BearerRole.ASSIST: ("配合单位", "协助"),
    AccountabilityRole.DIRECT: ("直接责任", "直接责任人"),
    AccountabilityRole.PRINCIPAL_LEADERSHIP: ("主要领导责任", "主要领导责任人"),
    AccountabilityRole.IMPORTANT_LEADERSHIP: ("重要领导责任", "重要领导责任人"),
    AccountabilityRole.SUPERVISORY: ("监督责任人", "监督责任者"),
    DecisionRole.DIRECT: ("直接责任", "直接责任人", "直接责任者"),
    DecisionRole.PRINCIPAL_LEADERSHIP: ("主要领导责任", "主要领导责任人", "主要领导责任者"),
    DecisionRole.IMPORTANT_LEADERSHIP: ("重要领导责任", "重要领导责任人", "重要领导责任者"),
    DecisionRole.SUPERVISORY: ("监督责任", "监督责任人", "监督责任者"),
    DecisionRole.OVERALL_LEADERSHIP: ("全面领导责任",),
    DecisionRole.EXONERATED: ("不予问责", "免予问责", "免责"),
    AccountabilityForm.INSPECTION: ("检查", "书面检查", "责令检查", "责令作出书面检查"),
    AccountabilityForm.CIRCULATION: ("通报", "通报批评", "通报问责"),
    AccountabilityForm.REORGANIZATION: ("改组",),
    AccountabilityForm.ADMONITION: ("诫勉", "诫勉谈话", "书面诫勉"),
    AccountabilityForm.ORGANIZATIONAL: (
        "组织调整",
        "组织处理",
        "停职检查",
        "调整职务",
        "责令辞职",
        "免职",
        "降职",
    ),
    AccountabilityForm.DISCIPLINARY: (
        "纪律处分",
        "党纪处分",
        "警告",
        "党内警告",
        "严重警告",
        "党内严重警告",
        "撤销党内职务",
        "留党察看",
        "开除党籍",
    ),
    TenureCapacity.REGULAR: ("正式", "任职", "正职"),
    TenureCapacity.PRESIDING: ("主持工作", "主持"),
    TenureCapacity.ACTING: ("代理",),
}

E = TypeVar("E", bound=StrEnum)
_LOOKUP: dict[type[StrEnum], dict[str, StrEnum]] = {}


def normalize_term(text: str) -> str:
    """Fold a vocabulary cell for comparison: NFKC (full-width brackets and letters
    become half-width), surrounding space removed, case folded.

    >>> normalize_term(" 党组（党委） ")
    '党组(党委)'
    """
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _lookup(vocab: type[StrEnum]) -> dict[str, StrEnum]:
    table = _LOOKUP.get(vocab)
    if table is None:
        from graph.i18n import term  # the translation table owns the Chinese labels

        table = {}
        for member in vocab:
            spellings = (member.value, term(member, "zh"), term(member, "en"))
            for spelling in spellings + _SYNONYMS.get(member, ()):
                table.setdefault(normalize_term(spelling), member)
        _LOOKUP[vocab] = table
    return table


def parse_term(vocab: type[E], text: str) -> E | None:
    """The member of ``vocab`` spelled ``text`` (English key or Chinese), or None.

    >>> parse_term(OrgKind, "党组（党委）")
    <OrgKind.PARTY_GROUP: 'party_group'>
    >>> parse_term(Role, "Secretary")
    <Role.SECRETARY: 'secretary'>
    >>> parse_term(Role, "局长") is None
    True
    """
    member = _lookup(vocab).get(normalize_term(text))
    return member  # type: ignore[return-value]


#: The administrative levels from the top down. Levels are free text in the
#: data; these are the usual ones, and they order tables and charts.
LEVELS: tuple[str, ...] = ("中央", "省", "市", "县", "乡", "村")


def level_rank(level: str) -> tuple[int, str]:
    """A sort key putting known levels top-down and any other level after them.

    >>> sorted(["村", "市", "片区", "乡"], key=level_rank)
    ['市', '乡', '村', '片区']
    """
    return (LEVELS.index(level), "") if level in LEVELS else (len(LEVELS), level)
