"""Structure read from real published lists (../shared/real_lists, read in
place): clause counts, levels, who clauses apply to, kinds and frequencies,
each checked by reading the text; a text cut off mid-clause gives the clauses
before the break and reports the broken one."""

from __future__ import annotations

import pytest

from graph.errors import NoClausesFound
from graph.frequency import UNPARSED, parse_frequency
from loaders.listimport import ListDraft, NoteCode, import_text
from loaders.listimport.normalize import Line
from loaders.listimport.structure import parse_outline
from tests.loaders.list_samples import EXPECTED, SAMPLE, real_list


def _draft(name: str, title: str = "") -> ListDraft:
    return import_text(real_list(name), name, title=title, source=name)


def _row(c):  # type: ignore[no-untyped-def]
    value = parse_frequency(c.frequency) if c.frequency else None
    reads = value.label() if value else (None if value is UNPARSED else "")
    return (
        c.clause,
        c.org_kinds[0].value if c.org_kinds else None,
        c.role.value if c.role else None,
        c.kind.value if c.kind else None,
        c.category,
        reads,
    )


def _notes(draft: ListDraft, code: NoteCode) -> list[tuple[int | None, str | None]]:
    return [(n.line, n.clause) for n in draft.notes if n.code is code]


def test_sample_list_is_read_clause_by_clause() -> None:
    draft = import_text(SAMPLE, "JY-IMPORT")
    assert (draft.title, draft.issued.isoformat() if draft.issued else None) == (
        "江屿市机关党建责任清单（示例）",
        "2024-03-01",
    )
    assert [_row(c) for c in draft.clauses] == EXPECTED
    assert _notes(draft, NoteCode.GENERAL_SECTION) == [(3, None), (4, None)]
    assert _notes(draft, NoteCode.FREQUENCY_UNPARSED) == [(13, "4.2"), (21, "7.2")]
    assert _notes(draft, NoteCode.ALTERNATIVE_KIND) == [(6, "2.1"), (7, "2.2")]


def test_langfang_numbered_core_duties_and_the_cut_off_task() -> None:
    draft = _draft("L04")
    assert draft.title == "中共廊坊市委关于落实党风廉政建设主体责任的实施方案"
    assert draft.issuer == "中共廊坊市委"
    assert [c.clause for c in draft.clauses] == ["2.1", "2.2", "2.3", "2.4", "2.5"]
    assert next(c.marker for c in draft.clauses) == "二、1."
    # 二、主体责任的核心内容: principal duties that name no bearer, except 5 (主要负责同志: the secretary)
    assert {c.kind.value for c in draft.clauses[:4] if c.kind} == {"principal"}
    assert _notes(draft, NoteCode.NO_APPLIES_TO) == [(10, "2.1"), (11, "2.2"), (12, "2.3"), (13, "2.4")]
    assert _row(draft.clauses[4])[:4] == ("2.5", "party_committee", "secretary", "first_responsible")
    assert _notes(draft, NoteCode.BROKEN_CLAUSE) == [(17, "3.1")]  # 各级党委(党组)领导班子要切实担负统一领导、
    assert (7, None) in _notes(draft, NoteCode.GENERAL_SECTION)  # 一、总体要求


def test_procuratorate_articles_chapters_and_sections() -> None:
    draft = _draft("L11")
    assert draft.title == "落实党风廉政建设主体责任和监督责任实施办法(试行)"
    assert [(c.clause, c.marker) for c in draft.clauses] == [
        ("5.1", "第五条(一)"),
        ("5.2", "第五条(二)"),
        ("5.3", "第五条(三)"),
    ]
    assert {_row(c)[1:4] for c in draft.clauses} == {("party_group", None, "principal")}  # 党组应对…负…主体责任
    assert draft.clauses[1].text.startswith("直接主抓责任。对党风廉政建设工作直接抓")  # the run-on (二) split off
    assert _notes(draft, NoteCode.BROKEN_CLAUSE) == [(22, "5.4")]  # (四)整风肃纪责任。坚持抓作风建设,
    general = [line for line, _ in _notes(draft, NoteCode.GENERAL_SECTION)]
    assert general == list(range(3, 13))  # 第一章 总则, 第一条 … 第四条
    assert not _notes(draft, NoteCode.NUMBERING_GAP)  # articles count through chapters


def test_town_discipline_tasks_with_and_without_a_title() -> None:
    draft = _draft("L06")
    assert [c.clause for c in draft.clauses] == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
    ]  # 一、工作职责's two paragraphs
    assert not any(c.org_kinds for c in draft.clauses)  # the page never says whose duties these are
    assert _row(draft.clauses[4])[5] is None  # 每年安排1-2次: flagged, not guessed
    assert (7, "2.3") in _notes(draft, NoteCode.FREQUENCY_UNPARSED)
    assert (6, "2.2") in _notes(draft, NoteCode.FREQUENCY_UNPARSED)  # 定期召开专题会议
    assert _notes(draft, NoteCode.BROKEN_CLAUSE) == [(9, "2.5")]
    titled = _draft("L06", title="乡镇纪委工作职责与工作任务")
    assert {_row(c)[1:4] for c in titled.clauses} == {("discipline_commission", None, "supervisory")}


@pytest.mark.parametrize(
    ("name", "broken_line"),
    [("L05", 8), ("L08", 1), ("L12", 8), ("L14", None), ("L17", 4)],
)
def test_texts_without_a_complete_clause_say_so(name: str, broken_line: int | None) -> None:
    with pytest.raises(NoClausesFound) as caught:
        _draft(name)
    notes = caught.value.notes
    assert notes and all(getattr(n, "unplaced", False) or n.count is not None for n in notes)
    broken = [n.line for n in notes if n.code is NoteCode.BROKEN_CLAUSE]
    assert broken == ([broken_line] if broken_line else [])


def test_front_matter_of_the_cut_off_texts() -> None:
    for name, title, issuer, issued in [
        ("L05", "中共甘泉县委关于落实党风廉政建设党委主体责任的实施意见", "中共甘泉县委", None),
        ("L12", "中共天水市委关于落实党风廉政建设主体责任的实施办法", "中共天水市委", "2014-09-26"),
    ]:
        from loaders.listimport.normalize import normalize
        from loaders.listimport.structure import starts_item

        n = normalize(list(enumerate(real_list(name).splitlines(), start=1)), starts_item)
        found = parse_outline(n.lines)
        assert (found.title, found.issuer) == (title, issuer)
        assert (found.issued.isoformat() if found.issued else None) == issued
    found = parse_outline([Line(i, s) for i, s in enumerate(real_list("L05").splitlines(), 1)])
    assert [n.clause for n in found.notes if n.code is NoteCode.BROKEN_CLAUSE] == ["2.1"]  # (一)强化党员干部廉政教育…


def test_every_numbering_style_nests() -> None:
    text = "\n".join(
        [
            "第一章 党组责任",
            "第一节 主体责任",
            "第一条 党组书记责任：",
            "一、抓班子带队伍",
            "（一）每年至少听取2次班子成员汇报。",
            "（二）带头落实制度：",
            "1.每半年至少主持召开1次会议。",
            "2.定期研究：",
            "（1）研究干部工作。",
            "⑵研究作风建设。",
            "①每季度一次。",
            "第二节 监督责任",
            "第二条 机关纪委书记责任：",
            "一、每年至少听取2次纪检委员汇报。",
        ]
    )
    draft = import_text(text)
    assert [(c.clause, c.marker) for c in draft.clauses] == [
        ("1.1.1", "第一条一、（一）"),
        ("1.1.2.1", "第一条一、（二）1."),
        ("1.1.2.2.1", "第一条一、（二）2.（1）"),
        ("1.1.2.2.2.1", "第一条一、（二）2.⑵①"),
        ("2.1", "第二条一、"),
    ]
    assert [_row(c)[1:4] for c in draft.clauses] == [("party_group", "secretary", "first_responsible")] * 4 + [
        ("organ_discipline_commission", "discipline_secretary", "supervisory")
    ]
    assert [_row(c)[5] for c in draft.clauses] == ["每年至少2次", "每半年至少1次", "", "每季度至少1次", "每年至少2次"]


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("每年至少听取2次班子成员履职汇报。", "每年至少2次"),
        ("每半年至少主持召开1次党组会议。", "每半年至少1次"),
        ("每季度至少召开一次委员会议。", "每季度至少1次"),
        ("每月不少于两次开展谈心谈话。", "每月至少2次"),
        ("每年不少于1次向上级报告。", "每年至少1次"),
        ("定期研究党建工作，每年不少于2次。", "每年至少2次"),
        ("每年安排1-2次专项整治。", None),
        ("定期听取汇报。", None),
        ("每两年至少开展1次巡察。", None),
        ("每年不少于2次；每年到联系点指导不少于6次。", None),
        ("每年深入基层调研不少于90天。", None),
        ("严格落实“三会一课”制度。", ""),
    ],
)
def test_frequencies_are_read_or_flagged(text: str, reads: str | None) -> None:
    draft = import_text(f"一、党支部书记\n1.{text}")
    assert _row(draft.clauses[0])[5] == reads
    flagged = {n.code for n in draft.notes} & {NoteCode.FREQUENCY_UNPARSED, NoteCode.FREQUENCY_SEVERAL}
    assert bool(flagged) == (reads is None)
