"""Reading a list's structure: numbered items, headings and clauses.

Chinese official documents number their levels ``第X章`` / ``第X节`` /
``第X条`` and ``一、`` / ``（一）`` / ``1.`` / ``（1）`` / ``①``. Chapters,
sections and articles nest in that fixed order; the other styles nest in the
order a document uses them (a style seen before closes the items opened after
it, a new style opens a level below), since real lists do not all follow the
convention. An item with numbered children is a heading; a numbered item
without children is a clause. Unnumbered lines belong to the item above them.

Headings say who the clauses under them apply to and which kind of duty they
are; sections that state aims or procedure (总体要求, 总则...) hold no duties
and are reported, not parsed into clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from graph.frequency import parse_chinese_number
from graph.schema import DutyKind, OrgKind, Role
from loaders.listimport.normalize import SENTENCE_END as _TERMINAL
from loaders.listimport.normalize import Line
from loaders.listimport.notes import ImportNote, NoteCode
from loaders.listimport.terms import Bearer, bearer_in, category_in, frequency_in, is_general_section, kind_in

__all__ = ["DraftClause", "Item", "Outline", "clause_from", "outline", "parse_outline", "starts_item"]

_N = r"[一二三四五六七八九十百零〇\d]+"
_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(rf"^第(?P<n>{_N})章\s*")),
    ("section", re.compile(rf"^第(?P<n>{_N})节\s*")),
    ("article", re.compile(rf"^第(?P<n>{_N})条\s*")),
    ("ordinal", re.compile(r"^第(?P<n>[一二三四五六七八九十]{1,3})\s*[、，,．.：:]\s*")),  # 第一、 (not 第一条)
    ("cn", re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})\s*[、．.]\s*")),
    ("cn_capital", re.compile(r"^(?P<f>[壹贰叁肆伍陆柒捌玖拾]{1,3})\s*[、．.]\s*")),  # 壹、 (financial numerals)
    ("shi", re.compile(r"^(?P<n>[一二三四五六七八九十]{1,2})是\s*")),  # 一是……二是…… run in a paragraph
    ("paren_cn", re.compile(r"^[（(]\s*(?P<n>[一二三四五六七八九十]{1,3})\s*[)）]\s*[、.．]?\s*")),
    ("num", re.compile(r"^(?P<n>\d{1,2})\s*[、．.。](?!\d)\s*")),  # 1、 1. and, in web copies, 1。
    ("paren_num", re.compile(r"^(?:[（(]\s*(?P<n>\d{1,2})\s*[)）]|(?P<p>[⑴-⒇]))\s*[、.．]?\s*")),
    ("circled", re.compile(r"^(?P<c>[①-⑳])\s*")),
]
#: Financial (capital) numerals as the common ones.
_CAPITALS = str.maketrans("壹贰叁肆伍陆柒捌玖拾", "一二三四五六七八九十")
#: Chapters, sections and articles close every item at or below their rank.
_FIXED_RANK = {"chapter": 0, "section": 1, "article": 2}
_SENTENCE_END = re.compile(r"[。：:；;！？]")
_SUBJECT_PREFIX = re.compile(r"^(?:各级|全[省市县区]各级|本级|本单位|各|县|市|区|乡镇)?$")


@dataclass(frozen=True, slots=True)
class Marker:
    style: str
    value: int
    text: str  # the marker as written: "（一）", "第五条"
    rest: str  # the line after it


def marker_of(text: str) -> Marker | None:
    """The list marker a line starts with.

    >>> marker_of("（三）选人用人责任。")
    Marker(style='paren_cn', value=3, text='（三）', rest='选人用人责任。')
    >>> marker_of("第十二条 党组应当..."), marker_of("2014年9月26日")
    (Marker(style='article', value=12, text='第十二条 ', rest='党组应当...'), None)
    """
    for style, pattern in _STYLES:
        m = pattern.match(text)
        if m is None:
            continue
        if m.groupdict().get("c"):
            value: int | None = ord(m["c"]) - ord("①") + 1
        elif m.groupdict().get("f"):
            value = parse_chinese_number(m["f"].translate(_CAPITALS))
        elif m.groupdict().get("p"):
            value = ord(m["p"]) - ord("⑴") + 1
        else:
            value = parse_chinese_number(m["n"])
        if value is None or value == 0:
            return None
        return Marker(style, value, m.group(), text[m.end() :].strip())
    return None


def starts_item(text: str) -> bool:
    """True when a line starts a numbered item."""
    return marker_of(text.strip()) is not None


@dataclass(eq=False)
class Item:
    """A numbered item (the root has no marker): its line, what follows the
    marker on that line, the unnumbered lines after it, and its children."""

    marker: Marker | None
    line: int
    body: list[Line] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    parent: Item | None = None

    @property
    def rest(self) -> str:
        return self.marker.rest if self.marker else ""

    @property
    def heading(self) -> str:
        """The text that names the item: the rest of its line, else its first line of body."""
        return self.rest or (self.body[0].text if self.body else "")

    @property
    def title(self) -> str:
        """The heading up to its first sentence mark: "政治领导责任" of "政治领导责任。以...".

        >>> Item(Marker("cn", 1, "一、", "政治领导责任。以鲜明的政治态度"), 1).title
        '政治领导责任'
        """
        return _SENTENCE_END.split(self.heading, maxsplit=1)[0]

    def ancestors(self) -> list[Item]:
        out, node = [], self.parent
        while node is not None and node.marker is not None:
            out.append(node)
            node = node.parent
        return out

    def lines(self) -> list[Line]:
        """Every line of the item and its descendants, in order."""
        out = [Line(self.line, self.marker.text + self.rest)] if self.marker else []
        out += self.body
        for child in self.children:
            out += child.lines()
        return out


@dataclass(frozen=True, slots=True)
class DraftClause:
    """A clause as the importer read it; every field may be edited by the reviewer."""

    clause: str
    text: str
    kind: DutyKind | None
    category: str
    frequency: str
    org_kinds: tuple[OrgKind, ...]
    role: Role | None
    line: int | None = None
    marker: str = ""


@dataclass
class Outline:
    """A document read: title, issuer and date where it states them, its clauses,
    and a note for every line not placed and every value left for review."""

    title: str = ""
    issuer: str = ""
    issued: date | None = None
    clauses: list[DraftClause] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)


def _markers(lines: list[Line]) -> list[Marker | None]:
    """The marker of each line; an unnumbered line that heads the items after it
    gets one of its own (style ``named``): a short line ("谈心谈话制度。",
    "党委书记") just before items numbered from 1 again (Word numbering restarted
    under unnumbered headings) or before a run of 一是……二是…….

    >>> [m.style if m else None for m in _markers([Line(1, "1.甲。"), Line(2, "党委书记"), Line(3, "1.乙。")])]
    ['num', 'named', 'num']
    """
    markers = [marker_of(line.text) for line in lines]
    seen: set[str] = set()
    heads: list[int] = []
    for i, line in enumerate(lines):
        marker = markers[i]
        if marker is not None:
            seen.add(marker.style)
            continue
        after = markers[i + 1] if i + 1 < len(markers) else None
        restarts = after is not None and after.value == 1 and (after.style == "shi" or after.style in seen)
        if restarts and _heading_like(line.text.rstrip("。：:")):
            heads.append(i)
    for style in {markers[i + 1].style for i in heads}:  # type: ignore[union-attr]
        # the line heading the first run of a style that restarts under headings is one of them
        first = next(i for i, m in enumerate(markers) if m is not None and m.style == style)
        if first > 0 and markers[first - 1] is None and _heading_like(lines[first - 1].text.rstrip("。：:")):
            heads.append(first - 1)
    for named, i in enumerate(sorted(set(heads)), start=1):
        markers[i] = Marker("named", named, "", lines[i].text)
    return markers


def outline(lines: list[Line]) -> tuple[Item, list[ImportNote]]:
    """The item tree of normalised lines, and a note for each numbering gap."""
    root = Item(None, 0)
    stack = [root]
    notes: list[ImportNote] = []
    last_article = 0
    markers = _markers(lines)
    for i, (line, marker) in enumerate(zip(lines, markers, strict=True)):
        if marker is None:
            stack[-1].body.append(line)
            continue
        if marker.style == "named" and markers[i + 1] is not None:
            # a heading over a numbering that starts again: it closes the run it restarts
            restarted = markers[i + 1].style  # type: ignore[union-attr]
            while any(it.marker is not None and it.marker.style == restarted for it in stack):
                stack.pop()
        rank = _FIXED_RANK.get(marker.style)
        if rank is not None:
            while len(stack) > 1 and _FIXED_RANK.get(stack[-1].marker.style, 99) >= rank:  # type: ignore[union-attr]
                stack.pop()
        elif any(it.marker is not None and it.marker.style == marker.style for it in stack):
            while stack[-1].marker is None or stack[-1].marker.style != marker.style:
                stack.pop()
            stack.pop()
        parent = stack[-1]
        if marker.style == "article":  # articles are numbered through the whole document
            expected = last_article + 1
            last_article = marker.value
        else:
            siblings = [c for c in parent.children if c.marker is not None and c.marker.style == marker.style]
            expected = siblings[-1].marker.value + 1 if siblings else 1  # type: ignore[union-attr]
        if marker.value != expected:
            notes.append(
                ImportNote(
                    NoteCode.NUMBERING_GAP,
                    line=line.number,
                    text=line.text,
                    params={"expected": expected, "found": marker.value},
                )
            )
        item = Item(marker, line.number, parent=parent)
        parent.children.append(item)
        stack.append(item)
    return root, notes


def _path(item: Item) -> list[Item]:
    chain = [item, *item.ancestors()][::-1]
    articles = [i for i, it in enumerate(chain) if it.marker and it.marker.style == "article"]
    if articles:
        return chain[articles[-1] :]
    return [it for it in chain if it.marker and it.marker.style not in ("chapter", "section")] or chain


def _number(item: Item) -> str:
    return ".".join(str(it.marker.value) for it in _path(item) if it.marker)


def _marker_label(item: Item) -> str:
    return "".join(it.marker.text.strip() for it in _path(item) if it.marker)


def _subject(text: str) -> Bearer | None:
    """The bearer a clause names as its grammatical subject ("党委(党组)主要负责同志要..."),
    not one it merely mentions ("支持纪委查处...", "重点监督乡镇党委...")."""
    bearer = bearer_in(text[:24])
    if bearer is None or not _SUBJECT_PREFIX.match(text[: bearer.at]):
        return None
    return bearer


def clause_from(
    number: str, text: str, headings: list[str], title: str, line: int | None, marker: str
) -> tuple[DraftClause, list[ImportNote]]:
    """One clause with who it applies to, its kind, category and frequency.

    Who: the clause's own subject ("党委主要负责同志要..."), else the nearest of
    ``headings`` (nearest first) naming an organisation. Kind: from the bearer,
    else the kind words of the clause's ``title`` and headings. A note is made
    for each value that could not be read.

    >>> c, notes = clause_from("5", "每半年至少主持召开1次党组会议。", ["党组（党委）书记"], "", 3, "5.")
    >>> c.org_kinds[0].value, c.role.value, c.kind.value, c.frequency
    ('party_group', 'secretary', 'first_responsible', '每半年至少主持召开1次党组会议')
    >>> [n.code.value for n in notes]
    ['alternative_kind']
    >>> text = "支持纪委查处违纪违法问题。"  # names the commission, but as an object, not the bearer
    >>> clause_from("2", text, ["党委领导班子"], "", 4, "2.")[0].org_kinds
    (<OrgKind.PARTY_COMMITTEE: 'party_committee'>,)
    """
    notes: list[ImportNote] = []
    org: OrgKind | None = None
    alternative: OrgKind | None = None
    role: Role | None = None
    found = [_subject(text), *(bearer_in(h) for h in headings)]
    for bearer in found:
        if bearer is None:
            continue
        if bearer.org_kind is None:
            role = role or bearer.role
            continue
        org, alternative = bearer.org_kind, bearer.alternative
        role = role or bearer.role
        break
    chosen = Bearer(org, role, alternative) if org or role else None
    kind = kind_in([title, *headings] if title else headings, chosen)
    reading = frequency_in(text)
    clause = DraftClause(
        number,
        text,
        kind,
        category_in(title, text),
        reading.text,
        (org,) if org else (),
        role if org else None,
        line,
        marker,
    )
    where = {"line": line, "clause": number}
    if org is None:
        notes.append(ImportNote(NoteCode.NO_APPLIES_TO, text=text, **where))  # type: ignore[arg-type]
    elif alternative is not None:
        notes.append(ImportNote(NoteCode.ALTERNATIVE_KIND, params={"kind": org, "alternative": alternative}, **where))  # type: ignore[arg-type]
    if kind is None:
        notes.append(ImportNote(NoteCode.NO_KIND, text=text, **where))  # type: ignore[arg-type]
    if reading.phrases and not reading.value:
        code = NoteCode.FREQUENCY_SEVERAL if len(reading.phrases) > 1 else NoteCode.FREQUENCY_UNPARSED
        notes.append(ImportNote(code, text=reading.text, **where))  # type: ignore[arg-type]
    return clause, notes


def _heading_like(text: str) -> bool:
    return 0 < len(text) <= 25 and not text.endswith(_TERMINAL)


def _leaf_clauses(item: Item, doc_title: str) -> tuple[list[DraftClause], list[ImportNote]]:
    assert item.marker is not None
    headings = [a.heading for a in item.ancestors()] + ([doc_title] if doc_title else [])
    number, label = _number(item), _marker_label(item)
    if _heading_like(item.rest) and item.body:
        # a short title over its own paragraphs: each paragraph is a clause under that title
        headings = [item.rest, *headings]
        if len(item.body) == 1:
            parts = [(number, label, item.body[0].text, item.body[0].number)]
        else:
            parts = [(f"{number}.{k}", f"{label}（{k}）", b.text, b.number) for k, b in enumerate(item.body, 1)]
    else:
        parts = [(number, label, item.rest + "".join(b.text for b in item.body), item.line)]
    clauses: list[DraftClause] = []
    notes: list[ImportNote] = []
    for clause_number, clause_label, text, line in parts:
        if not text:
            continue
        clause, clause_notes = clause_from(clause_number, text, headings, item.title, line, clause_label)
        clauses.append(clause)
        notes += clause_notes
    return clauses, notes


#: Words that make a short line a document's title; 机制 and 职责 only at its end
#: ("村务监督委员会主要职责"), as they also run through sentences.
_TITLE_WORDS = re.compile(r"清单|办法|意见|方案|规定|细则|制度|规则|(?:机制|职责)$")
_ISSUER = re.compile(r"^(中共.{1,14}?(?:委员会|党委|党组|工委|纪委|委)|.{2,20}?)(?=关于)")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _front_matter(lines: list[Line]) -> tuple[str, str, date | None, set[int]]:
    """Title, issuer and date from the lines before the first numbered item.

    The title is the first short line naming a kind of document (清单, 办法,
    意见...); a line before it joins it when the title plainly continues it
    ("中共XX县委" + "关于...", "...关于" + "落实...", "落实...责任" + "实施办法").
    """
    used: set[int] = set()
    title = ""
    issued = None
    for i, line in enumerate(lines[:6]):
        text = line.text
        if not title and len(text) <= 60 and _TITLE_WORDS.search(text) and not text.endswith(_TERMINAL):
            title, used = text, {i}
            prev = lines[i - 1].text if i > 0 else ""
            continues = text.startswith("关于") or prev.endswith("关于") or len(text) <= 12
            if prev and len(prev) <= 40 and not prev.endswith(_TERMINAL) and continues:
                title, used = prev + text, {i - 1, i}
            continue
        m = _DATE.search(text)
        if title and issued is None and m and len(text) <= 40:
            try:
                issued = date(int(m[1]), int(m[2]), int(m[3]))
                used.add(i)
            except ValueError:
                pass
    m = _ISSUER.match(title)
    return title, m[1] if m else "", issued, used


def _ends_midway(text: str) -> bool:
    return not text.rstrip().endswith((*_TERMINAL, "）", ")"))


def parse_outline(lines: list[Line], title: str = "") -> Outline:
    """Clauses and notes from normalised lines.

    ``title`` names the list when the text does not (its words still say who
    the clauses apply to); a title found in the text is used otherwise.

    Examples
    --------
    >>> from loaders.listimport.normalize import Line
    >>> text = ["XX委关于落实主体责任的清单", "一、党支部书记", "1.每季度至少讲1次党课。", "2.带头落实“三会一课”。",
    ...         "二、总体要求", "坚持问题导向。", "三、党支部", "1.严格党员教育管", ]
    >>> o = parse_outline([Line(i, s) for i, s in enumerate(text, 1)])
    >>> o.title, [c.clause for c in o.clauses]
    ('XX委关于落实主体责任的清单', ['1.1', '1.2'])
    >>> {(c.org_kinds[0].value, c.role.value, c.kind.value) for c in o.clauses}
    {('branch', 'secretary', 'first_responsible')}
    >>> [c.frequency for c in o.clauses]
    ['每季度至少讲1次党课', '']
    >>> sorted({n.code.value for n in o.notes if n.unplaced})
    ['broken_clause', 'general_section']
    """
    root, notes = outline(lines)
    found_title, issuer, issued, used = _front_matter(root.body)
    result = Outline(title or found_title, issuer, issued, notes=notes)
    for i, line in enumerate(root.body):
        if i not in used:
            result.notes.append(ImportNote(NoteCode.PREAMBLE, line=line.number, text=line.text))
    last_line = lines[-1] if lines else None
    broken_at = last_line.number if last_line is not None and _ends_midway(last_line.text) else None
    title_for_terms = re.sub(r"^.*?关于", "", result.title)

    def walk(item: Item) -> None:
        for child in item.children:
            if is_general_section(child.title):
                result.notes += [
                    ImportNote(NoteCode.GENERAL_SECTION, line=x.number, text=x.text) for x in child.lines()
                ]
            elif child.children:
                # a heading: its first line names who and what; further lines are explanation
                result.notes += [ImportNote(NoteCode.PREAMBLE, line=x.number, text=x.text) for x in child.body[1:]]
                walk(child)
            else:
                clauses, clause_notes = _leaf_clauses(child, title_for_terms)
                if broken_at is not None and any(x.number == broken_at for x in child.lines()) and clauses:
                    cut = clauses.pop()
                    clause_notes = [n for n in clause_notes if n.clause != cut.clause]
                    clause_notes.append(
                        ImportNote(NoteCode.BROKEN_CLAUSE, line=cut.line, clause=cut.clause, text=cut.text)
                    )
                result.clauses += clauses
                result.notes += clause_notes

    walk(root)
    if broken_at is not None and not any(n.code is NoteCode.BROKEN_CLAUSE for n in result.notes):
        result.notes.append(
            ImportNote(NoteCode.BROKEN_CLAUSE, line=broken_at, text=last_line.text if last_line else "")
        )
    return result
