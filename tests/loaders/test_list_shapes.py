"""Lists in the shapes real documents come in, each from a fictional text in
that shape: run-in items (一是……二是……), a list flattened onto a line or two
with mixed markers, capital numerals (壹、贰、), ordinal items (第一、第二、), a
heading that names the body the clauses below it apply to, a Word table
(序号 | 责任主体 | 内容) and Word numbering that restarts under unnumbered headings."""

from __future__ import annotations

import io

from graph.frequency import Frequency, parse_frequency
from graph.schema import OrgKind, Role
from loaders.listimport import ListDraft, check_draft, import_list, import_text


def _reads(frequency: str) -> str:
    value = parse_frequency(frequency)
    return value.label() if isinstance(value, Frequency) else frequency


def _read(draft: ListDraft) -> list[tuple[str, str, str, str]]:
    """Each clause as (number, organization kind, post, frequency as read)."""
    problems, _ = check_draft(draft)
    assert not [p for p in problems if p.severity.value == "error"], [p.render("zh") for p in problems]
    return [
        (
            c.clause,
            "、".join(k.value for k in c.org_kinds),
            c.role.value if c.role else "",
            _reads(c.frequency),
        )
        for c in draft.clauses
    ]


def test_items_run_in_after_a_numbered_mechanism_name() -> None:
    text = (
        "溪口镇党委主体责任落实机制\n"
        "一、谈心谈话制度。一是书记每半年至少与班子成员谈心谈话1次。二是班子成员每年至少与分管单位负责人"
        "谈心谈话1次。三是对苗头性问题及时提醒。\n"
        "二、专题研究制度：一是每季度至少召开1次党委会议专题研究党风廉政建设。二是每年至少听取1次纪委工作汇报。\n"
    )
    assert _read(import_text(text, "XK-JZ")) == [
        ("1.1", "party_committee", "secretary", "每半年至少1次"),
        ("1.2", "party_committee", "member", "每年至少1次"),
        ("1.3", "party_committee", "", ""),
        ("2.1", "party_committee", "", "每季度至少1次"),
        ("2.2", "party_committee", "", "每年至少1次"),
    ]


def test_items_run_in_after_an_unnumbered_mechanism_name() -> None:
    text = (
        "溪口镇党委主体责任落实机制\n"
        "谈心谈话制度。一是书记每半年至少与班子成员谈心谈话1次。二是对苗头性问题及时提醒。\n"
        "专题研究制度。一是每季度至少召开1次党委会议研究党风廉政建设。二是每年至少听取1次纪委工作汇报。\n"
    )
    draft = import_text(text, "XK-JZ")
    assert [c.clause for c in draft.clauses] == ["1.1", "1.2", "2.1", "2.2"]
    assert [_reads(c.frequency) for c in draft.clauses] == ["每半年至少1次", "", "每季度至少1次", "每年至少1次"]
    assert all(c.org_kinds == (OrgKind.PARTY_COMMITTEE,) for c in draft.clauses)


def test_a_list_flattened_onto_one_or_two_lines_with_mixed_markers() -> None:
    text = (
        "溪口镇纪委监督责任清单\n"
        "1。每季度至少开展1次监督检查。2、每半年至少向镇党委报告1次监督工作情况。3.对苗头性问题及时谈话提醒。"
        "4.每年至少开展1次廉政风险排查。\n5、每年至少开展1次警示教育。"
    )
    assert _read(import_text(text, "XK-JW")) == [
        ("1", "discipline_commission", "", "每季度至少1次"),
        ("2", "discipline_commission", "", "每半年至少1次"),
        ("3", "discipline_commission", "", ""),
        ("4", "discipline_commission", "", "每年至少1次"),
        ("5", "discipline_commission", "", "每年至少1次"),
    ]


def test_headings_numbered_with_capital_numerals() -> None:
    text = (
        "溪口镇党委落实全面从严治党主体责任清单\n"
        "壹、党委领导班子\n1.每季度至少召开1次党委会议专题研究党风廉政建设。\n2.每年至少开展1次廉政警示教育。\n"
        "贰、党委书记\n1.每半年至少听取1次班子成员履行一岗双责情况汇报。\n"
    )
    assert _read(import_text(text, "XK-ZT")) == [
        ("1.1", "party_committee", "", "每季度至少1次"),
        ("1.2", "party_committee", "", "每年至少1次"),
        ("2.1", "party_committee", "secretary", "每半年至少1次"),
    ]


def test_items_numbered_first_second() -> None:
    text = (
        "溪口镇党委书记第一责任人责任清单\n"
        "第一、每季度至少主持召开1次党委会议研究党风廉政建设工作。\n第二、每年至少与班子成员开展1次廉政谈话。\n"
        "第三、带头落实中央八项规定精神。\n"
    )
    assert _read(import_text(text, "XK-DY")) == [
        ("1", "party_committee", "secretary", "每季度至少1次"),
        ("2", "party_committee", "secretary", "每年至少1次"),
        ("3", "party_committee", "secretary", ""),
    ]


def test_a_heading_that_names_the_body_gives_its_clauses_applies_to() -> None:
    alone = "村务监督委员会主要职责\n1.每季度至少列席1次村“两委”联席会议。\n2.监督村级财务收支情况。\n"
    assert {c.org_kinds for c in import_text(alone, "CJ").clauses} == {(OrgKind.VILLAGE_SUPERVISION,)}
    within = (
        "溪口镇村级组织责任清单\n"
        "一、村党支部书记主要职责\n1.每季度至少召开1次支部委员会。\n"
        "二、村务监督委员会主要职责\n1.每季度至少列席1次村“两委”联席会议。\n2.每年至少组织1次村务公开情况检查。\n"
    )
    draft = import_text(within, "CJ")
    kinds = {c.clause: c.org_kinds for c in draft.clauses}
    assert kinds["2.1"] == kinds["2.2"] == (OrgKind.VILLAGE_SUPERVISION,)
    assert draft.clauses[0].role is Role.SECRETARY


def _docx_table() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("溪口镇党委全面从严治党责任清单")
    table = document.add_table(rows=5, cols=4)
    rows = [
        ("序号", "责任主体", "责任内容", "完成时限"),
        ("1", "党委书记", "主持召开党委会议专题研究党风廉政建设。", "每季度至少1次"),
        ("2", "", "与班子成员开展廉政谈话。", "每年至少1次"),
        ("3", "纪委书记", "向镇党委报告监督工作情况。", "每半年至少1次"),
        ("4", "班子成员", "督促分管单位落实一岗双责。", ""),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(2, 1))  # 党委书记 over two rows, as offices merge it
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_table_of_subject_and_content() -> None:
    draft = import_list(io.BytesIO(_docx_table()), "清单.docx", "XK-BG")
    assert _read(draft) == [
        ("1", "party_committee", "secretary", "每季度至少1次"),
        ("2", "party_committee", "secretary", "每年至少1次"),
        ("3", "discipline_commission", "discipline_secretary", "每半年至少1次"),
        ("4", "party_committee", "member", ""),
    ]


def _docx_restarting() -> bytes:
    """Two auto-numbered lists under unnumbered headings, Word restarting the second at 1."""
    import copy

    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("溪口镇党委主体责任清单")
    document.add_paragraph("党委领导班子")
    first = [
        document.add_paragraph(t, style="List Number")
        for t in ("每季度至少召开1次党委会议。", "每年至少开展1次警示教育。")
    ]
    document.add_paragraph("党委书记")
    second = [
        document.add_paragraph(t, style="List Number") for t in ("每半年至少听取1次班子成员汇报。", "带头廉洁自律。")
    ]
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.find(qn("w:pPr")).find(qn("w:numPr")).find(qn("w:numId"))
    used = style_num.get(qn("w:val"))
    source = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == used)
    restarted = copy.deepcopy(source)
    restarted.set(qn("w:numId"), "99")
    override = restarted.makeelement(qn("w:lvlOverride"), {qn("w:ilvl"): "0"})
    override.append(override.makeelement(qn("w:startOverride"), {qn("w:val"): "1"}))
    restarted.append(override)
    numbering.append(restarted)
    for paragraph in second:  # the second list: numId 99, restarted at 1
        p_pr = paragraph._p.get_or_add_pPr()
        num_pr = p_pr.makeelement(qn("w:numPr"), {})
        num_pr.append(num_pr.makeelement(qn("w:ilvl"), {qn("w:val"): "0"}))
        num_pr.append(num_pr.makeelement(qn("w:numId"), {qn("w:val"): "99"}))
        p_pr.append(num_pr)
    assert first
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_numbering_that_restarts_under_unnumbered_headings() -> None:
    draft = import_list(io.BytesIO(_docx_restarting()), "清单.docx", "XK-CQ")
    assert _read(draft) == [
        ("1.1", "party_committee", "", "每季度至少1次"),
        ("1.2", "party_committee", "", "每年至少1次"),
        ("2.1", "party_committee", "secretary", "每半年至少1次"),
        ("2.2", "party_committee", "secretary", ""),
    ]
