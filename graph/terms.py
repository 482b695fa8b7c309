"""Vocabulary terms as people write them: the English key, the translation
table's Chinese and English labels, and a few common Chinese synonyms, folded
(full-width to half-width, case) and read back as vocabulary members.

Apart from :mod:`graph.schema` (which declares the vocabularies and imports
nothing of ours) and :mod:`graph.i18n` (which labels them).
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import TypeVar

from graph.i18n import term
from graph.schema import (
    AccountabilityForm,
    AccountabilityRole,
    BearerRole,
    DecisionRole,
    DutyKind,
    OrgKind,
    Role,
    SupervisionKind,
    TenureCapacity,
)

__all__ = ["normalize_term", "parse_term"]

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
