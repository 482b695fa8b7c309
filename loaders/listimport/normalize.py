"""Normalising scraped list text before its structure is read.

Web copies, PDF text layers and pasted pages of responsibility lists carry
noise that is not part of the text: pinyin after characters (``責(zé)任``),
traditional characters, full-width letters and digits, half-width commas
between Chinese words, letter-spaced lines, lines a PDF wrapped mid-sentence,
and page furniture (当前位置, 扫一扫, ICP备...). :func:`normalize` removes or
repairs each of them and notes what it did, so a reviewer can see that
nothing was silently dropped. Real brackets (``党组（党委）``, ``(试行)``)
are kept exactly as written.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from loaders.listimport.notes import ImportNote, NoteCode

__all__ = [
    "SENTENCE_END",
    "Line",
    "Normalized",
    "garbled",
    "normalize",
    "normalize_line",
    "summary_notes",
    "to_simplified",
]

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = rf"[a-zü{_TONED}]{{1,6}}"
#: A character followed by a bracketed pinyin syllable: ``責(zé)``, ``关（guān）``.
_PINYIN_NOISE = re.compile(rf"(?P<ch>[{CJK}])[(（](?P<py>{_PINYIN})[)）]")
#: Pinyin whose character and opening bracket were lost in copying: ``?guī)定``.
_DAMAGED_PINYIN = re.compile(rf"[?？](?P<py>[a-zü]*[{_TONED}][a-zü]*)[)）]")
#: Pinyin cut off by the end of the page: ``標(biāo`` at the very end.
_TRAILING_PINYIN = re.compile(rf"(?<=[{CJK}])[(（]{_PINYIN}$")
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0304\u030c"))
#: Characters whose NFKC form is the same text without a typographic variant:
#: full-width letters and digits, the ideographic space, Kangxi radicals and
#: compatibility ideographs (PDF text layers use both for ordinary characters).
#: Chinese punctuation (，。（）：；) is deliberately not folded.
_FOLD = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\u00a0\u2f00-\u2fdf\u2e80-\u2eff\uf900-\ufaff]")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
#: A half-width mark between Chinese text that a copy turned half-width.
_HALF_PUNCT = re.compile(rf"(?<=[{CJK}”’）)》])([,;:!])(?=\s*[{CJK}“‘（(《\d]|$)")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！"}
#: ``&党要管党&`` in some copies stands for quotation marks.
_AMP_QUOTES = re.compile(rf"&([^&\n]*[{CJK}][^&\n]*)&")
_LETTER_SPACED = re.compile(rf"(?<=[{CJK}，。、；：])[ \t]+(?=[{CJK}，。、；：])")
#: A page title followed by the site's name: "…实施方案--环京津新闻网-廊坊纪检监察网".
_SITE_SUFFIX = re.compile(r"^(?P<title>.{6,}?)\s*(?P<site>(?:--|__|——|\s[|_-]\s).{0,40}(?:网|网站|门户|在线))$")
#: A list marker that a copy ran on after the end of the previous sentence.
_RUN_ON_MARKER = re.compile(
    r"(?<=[。；;！？])\s*(?=[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十百零〇\d]+条|\d{1,2}[、．.。](?!\d))"
    # 一是……二是……: the items of a paragraph, run in after its lead (制度。一是 / 制度：一是)
    r"|(?<=[。；;：:])\s*(?=[一二三四五六七八九十]{1,2}是(?!否|不是))"
)
#: Marks that end a sentence: text ending otherwise was cut off or wrapped.
SENTENCE_END = tuple("。；;！!？?…”」』")
#: A line ending in one of these is whole (a sentence, a lead-in, a bracketed remark).
_TERMINAL = (*SENTENCE_END, "：", ":", "）", ")")
_GARBLED = re.compile(rf"[\ufffd\u3040-\u30ff\u2474-\u249b\ue000-\uf8ff□]|(?<=[{CJK}）)》”])\?(?=[!！]?[{CJK}])")


def _rare(ch: str) -> bool:
    """A Chinese character outside GB2312, the set ordinary simplified text uses."""
    if not ("\u3400" <= ch <= "\u9fff"):
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def garbled(text: str) -> bool:
    """True when a line shows signs of a broken encoding: replacement or
    Japanese kana characters amid Chinese, a half-width ``?`` standing for a
    lost character, or two rare characters close together (GBK bytes read out
    of step give such runs: ``敦熑吻鍐巍``).

    >>> garbled("《责任清单》?!敦熑吻鍐巍饭_发布之际"), garbled("党组（党委）书记责任清单")
    (True, False)
    """
    if _GARBLED.search(text):
        return True
    rare = [i for i, ch in enumerate(text) if _rare(ch)]
    return any(b - a <= 8 for a, b in itertools.pairwise(rare))


_BOILERPLATE = [
    re.compile(p)
    for p in (
        r"^(当前位置|所在位置|您的位置|你的位置|您现在的位置)\s*[:：]",
        r"^(来源|作者|发布时间|发布日期|更新时间|编辑|责任编辑|浏览次数|点击数|阅读数|字号)\s*[:：]?",
        r"(点击|扫一扫|扫码|长按).{0,12}(关注|下载|阅读|分享|二维码|客户端|微博|微信)",
        r"^(上一篇|下一篇|打印本页|打印|关闭窗口|关闭|收藏|我要举报|举报|查看更多|分享到|返回顶部|返回|评论)\s*[:：]?",
        r"ICP\s*备|公网安备|版权所有|Copyright|©|许可证[:：]",
        r"已有\s*\d+\s*人(发表了?)?评论|发表评论|网友评论",
        r"^第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?$",
        r"^[-—–]\s*\d+\s*[-—–]$",
        r"^\d{1,4}$",
        r"^[+＋]\d+$",
        r"^[•·]\s*[+＋]?\d*$",
        r"^字号\s*[大中小\s]*$",
        r"https?://|www\.",
        r"\.(docx?|pdf|pptx?|xlsx?)\b.{0,12}(文档|页数|格式)",
        r"^(格式|页数|大小)\s*[:：]",
    )
]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of normalised text and the line of the source it began on."""

    number: int
    text: str


@dataclass
class Normalized:
    """The lines that remain, and a note of every change made to reach them."""

    lines: list[Line]
    notes: list[ImportNote] = field(default_factory=list)
    pinyin_removed: int = 0
    traditional_converted: int = 0


@cache
def _converter() -> object:
    import opencc  # imported on first use: building the converter reads its dictionaries

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (OpenCC ``t2s``); simplified text is
    left as it is.

    >>> to_simplified("黨組(黨委)書記")
    '党组(党委)书记'
    """
    return str(_converter().convert(text))  # type: ignore[attr-defined]


def _toneless(syllable: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", syllable).translate(_TONE_MARKS))


@cache
def _readings(ch: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    readings = pinyin(ch, style=Style.TONE, heteronym=True, errors="ignore")
    return frozenset(_toneless(r) for group in readings for r in group)


def _is_noise(ch: str, syllable: str) -> bool:
    """A bracketed syllable is pinyin noise when it carries a tone mark (real
    bracketed text never does) or when it is a reading of the character."""
    return any(c in _TONED for c in syllable) or _toneless(syllable) in _readings(ch)


def _remove_pinyin(text: str) -> tuple[str, int, int]:
    removed = 0

    def strip(m: re.Match[str]) -> str:
        nonlocal removed
        if _is_noise(m["ch"], m["py"]):
            removed += 1
            return m["ch"]
        return m[0]

    text = _PINYIN_NOISE.sub(strip, text)
    text, damaged = _DAMAGED_PINYIN.subn("□", text)
    text, cut = _TRAILING_PINYIN.subn("", text)
    return text, removed + cut, damaged


def _fold(text: str) -> str:
    return _FOLD.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)


def normalize_line(text: str) -> str:
    """One line's characters made plain, without touching its structure:
    invisible characters dropped, full-width letters and digits folded,
    traditional characters simplified, half-width commas between Chinese words
    made full-width, letter-spacing removed. Pinyin noise is handled by
    :func:`normalize`, which also reports it.

    >>> normalize_line("（３）每季度至少召開１次會議, 聽取匯報")
    '（3）每季度至少召开1次会议，听取汇报'
    >>> normalize_line("党 组 书 记 责 任")
    '党组书记责任'
    """
    return _repair(to_simplified(_fold(_INVISIBLE.sub("", text))))


def _repair(text: str) -> str:
    text = _AMP_QUOTES.sub(r"“\1”", text)
    text = _HALF_PUNCT.sub(lambda m: _FULL[m[1]], text)
    text = re.sub(r"(?<=[，；：！])[ \t]+", "", text)
    if _letter_spaced(text):
        text = _LETTER_SPACED.sub("", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _letter_spaced(text: str) -> bool:
    chars = re.findall(rf"[{CJK}]", text)
    return len(chars) >= 4 and len(_LETTER_SPACED.findall(text)) >= 0.6 * (len(chars) - 1)


def _boilerplate(text: str) -> bool:
    return len(text) <= 80 and any(p.search(text) for p in _BOILERPLATE)


def _split_run_ons(lines: Iterable[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        out.extend(Line(line.number, part.strip()) for part in _RUN_ON_MARKER.split(line.text) if part.strip())
    return out


def _join_wrapped(lines: list[Line], starts_item: Callable[[str], bool]) -> tuple[list[Line], int]:
    """Join lines a fixed-width layout (a PDF page) broke mid-sentence.

    Only when most long lines share one width is the text taken to be wrapped;
    a line then continues onto the next when it is about that width, does not
    end a sentence, and the next line does not start a numbered item.
    """
    lengths = [len(x.text) for x in lines if len(x.text) >= 12]
    if len(lengths) < 4:
        return lines, 0
    width = statistics.median_high(lengths)
    if sum(1 for n in lengths if abs(n - width) <= 2) < 0.5 * len(lengths):
        return lines, 0
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(prev.text) >= width - 2
            and not prev.text.endswith(_TERMINAL)
            and not starts_item(line.text)
        ):
            out[-1] = Line(prev.number, prev.text + line.text)
        else:
            out.append(line)
    return out, len(lines) - len(out)


def normalize(raw_lines: Iterable[tuple[int, str]], starts_item: Callable[[str], bool] = lambda _: False) -> Normalized:
    """Normalise numbered source lines.

    Parameters
    ----------
    raw_lines
        ``(source line number, text)`` pairs, in order.
    starts_item
        A predicate telling whether a line starts a numbered item; wrapped
        lines are never joined onto such a line.

    Examples
    --------
    >>> n = normalize([(1, "落實黨風(fēng)廉政建設(shè)責(zé)任"), (2, "當前位置:首頁"), (3, "黨組（黨委）書記(試行)")])
    >>> [x.text for x in n.lines], n.pinyin_removed, [x.code.value for x in n.notes]
    (['落实党风廉政建设责任', '党组（党委）书记(试行)'], 3, ['pinyin_removed', 'traditional_converted', 'boilerplate'])
    """
    notes: list[ImportNote] = []
    kept: list[Line] = []
    pinyin = converted = 0
    for number, raw in raw_lines:
        text, removed, damaged = _remove_pinyin(_INVISIBLE.sub("", raw))
        pinyin += removed
        plain = _fold(text)
        simplified = to_simplified(plain)  # once per line: OpenCC is the costly step
        converted += sum(1 for a, b in zip(plain, simplified, strict=False) if a != b)
        text = _repair(simplified)
        if not text:
            continue
        if _boilerplate(text):
            notes.append(ImportNote(NoteCode.BOILERPLATE, line=number, text=text))
            continue
        site = _SITE_SUFFIX.match(text)
        if site:
            notes.append(ImportNote(NoteCode.BOILERPLATE, line=number, text=site["site"]))
            text = site["title"]
        if damaged or garbled(text):
            notes.append(ImportNote(NoteCode.GARBLED, line=number, text=text))
        kept.append(Line(number, text))
    lines, joined = _join_wrapped(_split_run_ons(kept), starts_item)
    return Normalized(lines, summary_notes(pinyin, converted, joined) + notes, pinyin, converted)


def summary_notes(pinyin: int, converted: int, joined: int = 0) -> list[ImportNote]:
    """The notes counting what normalising changed across a document."""
    counts = (
        (NoteCode.PINYIN_REMOVED, pinyin),
        (NoteCode.TRADITIONAL_CONVERTED, converted),
        (NoteCode.LINES_JOINED, joined),
    )
    return [ImportNote(code, count=n) for code, n in counts if n]
