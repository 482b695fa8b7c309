"""The input tables: file/sheet names, columns, Chinese headers and cell types.

One declaration serves the CSV folder and the workbook, the English keys and
the Chinese headers (DESIGN.md's input format). A column's ``key`` is also the
field name of the record it fills, so a parsed row becomes a record directly.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum, StrEnum

from graph import records as rec
from graph.schema import (
    BearerRole,
    DecisionRole,
    DutyKind,
    NodeLabel,
    OrgKind,
    Role,
    SupervisionKind,
    TenureCapacity,
)

__all__ = ["TABLES", "CellType", "Column", "Table", "fold_header", "table_for_name"]


class CellType(Enum):
    TEXT = "text"  # free text; empty is ""
    ID = "id"  # an identifier; empty is None
    DATE = "date"  # ISO YYYY-MM-DD; empty is None
    IDS = "ids"  # ";"-separated identifiers; empty is ()
    VOCAB = "vocab"  # a member of ``Column.vocab``


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    headers: tuple[str, ...]  # Chinese headers accepted; the first is the canonical one
    kind: CellType = CellType.TEXT
    required: bool = False
    vocab: type[StrEnum] | None = None
    default: object = None
    field: str = ""  # the record field it fills, when not ``key``

    @property
    def attr(self) -> str:
        """The field of the record the column fills."""
        return self.field or self.key

    @property
    def display(self) -> str:
        """How a report names the column when the file lacks it: ``key（中文）``."""
        return f"{self.key}（{self.headers[0]}）"


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    names: tuple[str, ...]  # Chinese file/sheet names accepted
    columns: tuple[Column, ...]
    record: type | None  # the record class a row becomes (None: built specially)
    label: NodeLabel | None = None  # the node label of the table's ids, if it defines nodes
    required: bool = False

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _c(
    key: str,
    *headers: str,
    t: CellType = CellType.TEXT,
    req: bool = False,
    vocab: type[StrEnum] | None = None,
    default: object = None,
    field: str = "",
) -> Column:
    if vocab is not None:
        t = CellType.VOCAB
    return Column(key, headers, t, req, vocab, default, field)


_ID, _DATE, _IDS = CellType.ID, CellType.DATE, CellType.IDS

TABLES: tuple[Table, ...] = (
    Table(
        "organizations",
        ("组织",),
        (
            _c("id", "编码", "组织编码", t=_ID, req=True),
            _c("name", "名称", "组织名称", req=True),
            _c("kind", "类型", "组织类型", vocab=OrgKind, req=True),
            _c("level", "层级"),
            _c("parent_id", "上级编码", "上级组织编码", "上级组织", t=_ID),
        ),
        rec.Organization,
        NodeLabel.ORGANIZATION,
        required=True,
    ),
    Table(
        "positions",
        ("岗位",),
        (
            _c("id", "编码", "岗位编码", t=_ID, req=True),
            _c("org_id", "所属组织", "所属组织编码", "组织编码", t=_ID, req=True),
            _c("title", "职务名称", "岗位名称", "职务", req=True),
            _c("role", "岗位类别", vocab=Role, req=True),
        ),
        rec.Position,
        NodeLabel.POSITION,
    ),
    Table(
        "people",
        ("人员",),
        (
            _c("id", "编码", "人员编码", t=_ID, req=True),
            _c("name", "姓名", req=True),
        ),
        rec.Person,
        NodeLabel.PERSON,
    ),
    Table(
        "tenures",
        ("任职",),
        (
            _c("person_id", "人员编码", t=_ID, req=True),
            _c("position_id", "岗位编码", t=_ID, req=True),
            _c("start", "起始日期", "任职日期", t=_DATE, req=True),
            _c("end", "终止日期", "离任日期", t=_DATE),
            _c("capacity", "任职方式", vocab=TenureCapacity),
        ),
        rec.Tenure,
    ),
    Table(
        "oversight",
        ("分管",),
        (
            _c("position_id", "岗位编码", "分管岗位编码", t=_ID, req=True),
            _c("org_id", "组织编码", "分管组织编码", "被分管组织编码", "分管单位", t=_ID, req=True),
            _c("start", "起始日期", t=_DATE),
            _c("end", "终止日期", t=_DATE),
        ),
        rec.Oversight,
    ),
    Table(
        "supervision",
        ("监督",),
        (
            _c("supervisor_id", "监督主体编码", "监督主体", t=_ID, req=True),
            _c("org_id", "被监督组织编码", "被监督组织", t=_ID, req=True),
            _c("kind", "监督类型", vocab=SupervisionKind, req=True),
            _c("start", "起始日期", t=_DATE),
            _c("end", "终止日期", t=_DATE),
        ),
        rec.Supervision,
    ),
    Table(
        "lists",
        ("责任清单", "清单"),
        (
            _c("id", "编码", "清单编码", t=_ID, req=True),
            _c("title", "标题", "名称", "清单名称", req=True),
            _c("issuer", "发布机关", "制发单位"),
            _c("issued", "发布日期", "印发日期", t=_DATE),
        ),
        rec.ResponsibilityList,
        NodeLabel.LIST,
    ),
    Table(
        "clauses",
        ("清单条款", "条款"),
        (
            _c("list_id", "清单编码", t=_ID, req=True),
            _c("clause", "条款号", req=True),
            _c("text", "内容", req=True),
            _c("kind", "责任类型", vocab=DutyKind, req=True),
            _c("category", "类别"),
            _c("frequency", "频次要求"),
            _c("org_kind", "适用组织类型", t=_IDS),
            _c("role", "适用岗位类别", vocab=Role),
            _c("level", "适用层级", t=_IDS),
        ),
        None,
    ),
    Table(
        "duties",
        ("责任事项",),
        (
            _c("id", "编码", "责任编码", t=_ID, req=True),
            _c("text", "内容", "责任内容", req=True),
            _c("kind", "责任类型", vocab=DutyKind, req=True),
            _c("category", "类别"),
            _c("list_id", "清单编码", t=_ID),
            _c("clause", "条款号"),
            _c("frequency", "频次要求"),
            _c("parent_id", "上级责任编码", t=_ID),
        ),
        rec.Duty,
        NodeLabel.DUTY,
    ),
    Table(
        "assignments",
        ("责任分工",),
        (
            _c("duty_id", "责任编码", "责任事项编码", t=_ID, req=True),
            _c("bearer_id", "承担主体编码", "承担主体", t=_ID, req=True),
            _c("role", "分工", "牵头/配合", "牵头配合", "角色", vocab=BearerRole, default=BearerRole.LEAD),
        ),
        rec.Assignment,
    ),
    Table(
        "cases",
        ("案件",),
        (
            _c("id", "编码", "案件编码", t=_ID, req=True),
            _c("date", "发生日期", t=_DATE, req=True),
            _c("org_id", "发生单位", "发生单位编码", t=_IDS, req=True, field="org_ids"),
            _c("title", "标题", "案件名称", req=True),
            _c("category", "问题类别"),
            _c("breached_duty_ids", "涉及责任", "涉及责任编码", t=_IDS),
            _c("direct_person_ids", "直接责任人", "直接责任人编码", t=_IDS),
            _c("period_start", "问题发生起始日期", "问题起始日期", "起始日期", t=_DATE),
            _c("period_end", "问题发生终止日期", "问题终止日期", "终止日期", t=_DATE),
            _c("investigated_by", "查办机关", "查办机关编码", "办案单位", t=_ID),
        ),
        rec.Case,
        NodeLabel.CASE,
    ),
    Table(
        "decisions",
        ("问责决定",),
        (
            _c("case_id", "案件编码", t=_ID, req=True),
            _c("target_id", "问责对象编码", "问责对象", t=_ID, req=True),
            _c("role", "责任认定", "责任类型", "问责角色", vocab=DecisionRole, req=True),
            _c("form", "问责方式"),
            _c("date", "决定日期", "问责日期", t=_DATE),
            _c("note", "说明", "备注", "理由"),
        ),
        rec.Decision,
    ),
    Table(
        "records",
        ("履责记录",),
        (
            _c("id", "编码", "记录编码", t=_ID, req=True),
            _c("duty_id", "责任编码", "责任事项编码", t=_ID, req=True),
            _c("person_id", "人员编码", "履责人编码", t=_ID, req=True),
            _c("date", "日期", "履责日期", t=_DATE, req=True),
            _c("kind", "类型", "记录类型"),
            _c("note", "说明", "备注"),
        ),
        rec.Record,
        NodeLabel.RECORD,
    ),
)


def fold_header(text: str) -> str:
    """Fold a header or file name for matching: NFKC, no spaces, case folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


_BY_NAME = {fold_header(name): table for table in TABLES for name in (table.key, *table.names)}


def table_for_name(name: str) -> Table | None:
    """The table a file stem or sheet name stands for (English or Chinese).

    >>> table_for_name("任职").key, table_for_name("Tenures").key, table_for_name("notes")
    ('tenures', 'tenures', None)
    """
    return _BY_NAME.get(fold_header(name))
