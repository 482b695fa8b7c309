"""The normaliser on real scraped text: pinyin noise and traditional characters
gone, real brackets kept, page furniture and broken encodings reported."""

from __future__ import annotations

import re

import pytest

from loaders.listimport.normalize import normalize, normalize_line, to_simplified
from loaders.listimport.notes import NoteCode
from tests.loaders.list_samples import real_list, seed

_BRACKETED_PINYIN = re.compile(r"[\u4e00-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")


def _normalized(text: str) -> tuple[str, object]:
    n = normalize(list(enumerate(text.splitlines(), start=1)))
    return "\n".join(x.text for x in n.lines), n


@pytest.mark.parametrize(
    ("source", "pinyin", "brackets"),
    [
        (lambda: seed("003"), 525, ["党委(党组)", "乡镇(街道)"]),
        (lambda: seed("004"), 147, ["党组(党委)", "(试行)", "(以下简称《责任清单》)", "(含不设党委的党总支、党支部)"]),
        (lambda: real_list("L12"), 60, ["(2014年9月26日市委全委会议通过)"]),
        (lambda: real_list("L17"), 0, ["部门(单位)", "乡镇(街道)纪(工)委", "派驻(出)机构"]),
    ],
    ids=["seed003", "seed004", "L12", "L17"],
)
def test_messy_text_becomes_clean_simplified_with_real_brackets(source, pinyin: int, brackets: list[str]) -> None:  # type: ignore[no-untyped-def]
    raw = source()
    assert len(_BRACKETED_PINYIN.findall(raw)) == pinyin  # the count in the source, by an independent pattern
    text, n = _normalized(raw)
    assert n.pinyin_removed == pinyin  # type: ignore[attr-defined]
    assert not _BRACKETED_PINYIN.search(text)
    assert not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùü]{1,6}[)）]", text)
    assert to_simplified(text) == text  # nothing traditional left
    assert n.traditional_converted > 100  # type: ignore[attr-defined]
    for bracket in brackets:
        assert bracket in text


def test_traditional_pinyin_sentence_reads_as_it_should() -> None:
    text, _ = _normalized(real_list("L12"))
    assert "中共天水市委关于\n落实党风廉政建设主体责任的实施办法" in text
    assert "为全面落实党委主体责任，扎实推进全市党风廉政建设和反腐败工作" in text


def test_lines_with_lost_characters_are_reported_not_hidden() -> None:
    _, n = _normalized(seed("004"))
    garbled = [x for x in n.notes if x.code is NoteCode.GARBLED]  # type: ignore[attr-defined]
    assert [x.line for x in garbled] == [1, 9]  # 《责任清单》?!敦熑吻鍐巍… and 担当?shù)闹匾?…
    _, n = _normalized(seed("003"))
    assert {x.line for x in n.notes if x.code is NoteCode.GARBLED} == {6, 12}  # type: ignore[attr-defined]
    for name in ("L04", "L05", "L06", "L11", "L12", "L17"):  # clean copies: no false alarm
        _, n = _normalized(real_list(name))
        assert not [x for x in n.notes if x.code is NoteCode.GARBLED], name  # type: ignore[attr-defined]


def test_page_furniture_is_left_out_and_reported() -> None:
    text, n = _normalized(real_list("L04"))
    boiler = [x for x in n.notes if x.code is NoteCode.BOILERPLATE]  # type: ignore[attr-defined]
    assert [x.line for x in boiler] == [3, 4, 5]
    assert "点击关注官方微博" not in text and "当前位置" not in text
    assert "中共廊坊市委关于落实党风廉政建设主体责任的实施方案" in text  # the page title kept, the site name dropped
    assert "环京津新闻网" not in text
    text, _ = _normalized(seed("002"))
    assert "ICP备" not in text and "扫码下载" not in text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("责(zé)任和權(quán)力", "责任和权力"),  # the issue's own examples
        ("党的(de)建设", "党的建设"),  # a reading without a tone mark, checked against the character
        ("启用APP(APP)和附件(a)", "启用APP(APP)和附件(a)"),  # Latin that is not the character's reading stays
        ("党组（党委）书记(试行)", "党组（党委）书记(试行)"),
        ("（３）每季度至少１次", "（3）每季度至少1次"),  # full-width digits folded, brackets not
        ("要落实&党要管党、从严治党&要求", "要落实“党要管党、从严治党”要求"),
        ("精神,进一步落实;坚持", "精神，进一步落实；坚持"),
        ("党 风 廉 政 建 设 责 任", "党风廉政建设责任"),
        ("县委 第一责任人 户县在党建责任制中明确", "县委 第一责任人 户县在党建责任制中明确"),  # word spaces kept
        ("⼀、党⽀部", "一、党支部"),  # Kangxi radicals from a PDF text layer
    ],
)
def test_line_repairs(raw: str, clean: str) -> None:
    text, _ = _normalized(raw)
    assert text == clean


def test_pdf_wrapped_lines_are_joined_but_items_are_not() -> None:
    width = "一二三四五六七八九十" * 2
    lines = ["一、党支部书记", f"1.{width}", f"{width[:18]}。", f"2.{width}", "续行。", f"3.{width}", f"4.{width}。"]
    lines += ["二、党委", f"{width}"]
    n = normalize(list(enumerate(lines, start=1)), lambda s: bool(re.match(r"^(\d\.|[一二]、)", s)))
    assert [x.text for x in n.lines] == [
        "一、党支部书记",
        f"1.{width}{width[:18]}。",
        f"2.{width}续行。",
        f"3.{width}",  # the next line starts an item: not joined
        f"4.{width}。",
        "二、党委",
        width,
    ]
    assert [x.number for x in n.lines] == [1, 2, 4, 6, 7, 8, 9]
    assert normalize_line("  　 空格　") == "空格"
