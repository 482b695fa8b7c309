"""One search over everything: people, posts, organizations, duties, cases by
name, id or pinyin (initials ``xxd`` or the whole ``xuxiaodong`` for 许晓东),
and findings by their message or the names of the people they concern.

Hits are grouped by kind and ranked: an exact id or name first, then names,
initials or pinyin that begin with the text, then those that contain it;
shorter names before longer ones. The index of a graph is built once
(:meth:`graph.model.ResponsibilityGraph.derived`); pinyin is worked out once
per distinct name, and not for duties (their texts are searched as written).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel
from queries.findings import Finding
from queries.labels import post_label, short_text

__all__ = ["KINDS", "Hit", "pinyin_keys", "search_findings", "search_nodes"]

#: The kinds searched, in the order results are shown.
KINDS: tuple[str, ...] = ("Person", "Position", "Organization", "Duty", "Case", "finding")
_PINYIN_LABELS = (NodeLabel.PERSON, NodeLabel.POSITION, NodeLabel.ORGANIZATION, NodeLabel.CASE)


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: its kind (a node label's value, or ``finding``), the id it
    opens (a finding: its subject), the name shown and a line of detail."""

    kind: str
    id: str
    name: str
    detail: str
    rank: int


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str
    id: str
    name: str
    shown: str
    initials: str
    spelled: str


def _as_written(chars: str) -> str:
    """What has no pinyin (letters, digits) stays itself, one "syllable" per character."""
    return " ".join(chars)


@cache
def pinyin_keys(text: str) -> tuple[str, str]:
    """The initials and the whole pinyin of ``text`` (lower case, no tones;
    other characters kept as they are, lower-cased).

    >>> pinyin_keys("许晓东")
    ('xxd', 'xuxiaodong')
    """
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=_as_written)
    parts = [part for s in syllables for part in s.split(" ")]
    return "".join(p[:1] for p in parts).lower(), "".join(parts).lower()


@dataclass(frozen=True, slots=True)
class _Index:
    """Every entry, and all their search keys in one lower-case text (one
    line per entry), so finding the entries that hold a text is ``str.find``
    over one string, not a Python loop over every entry."""

    entries: list[_Entry]
    text: str
    starts: list[int]


def _index(G: ResponsibilityGraph) -> _Index:
    entries = []
    for label in (NodeLabel.PERSON, NodeLabel.POSITION, NodeLabel.ORGANIZATION, NodeLabel.DUTY, NodeLabel.CASE):
        for node in G.ids(label):
            name = G.name(node)
            shown = post_label(G, node) if label is NodeLabel.POSITION else name
            initials, spelled = pinyin_keys(name) if label in _PINYIN_LABELS else ("", "")
            entries.append(_Entry(label.value, node, name, shown, initials, spelled))
    lines = ["\t".join(_keys(e)).replace("\n", " ") for e in entries]
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return _Index(entries, "\n".join(lines), starts)


def _keys(e: _Entry) -> tuple[str, ...]:
    return e.id.lower(), e.name.lower(), e.shown.lower(), e.initials, e.spelled


#: The most entries one search looks at closely (where a text is very common).
MAX_CANDIDATES = 20_000


def _candidates(index: _Index, needle: str) -> list[int]:
    """The entries whose keys hold ``needle`` (up to :data:`MAX_CANDIDATES`), in order."""
    found: list[int] = []
    pos = index.text.find(needle)
    while pos >= 0 and len(found) < MAX_CANDIDATES:
        i = bisect_right(index.starts, pos) - 1
        found.append(i)
        nxt = index.starts[i + 1] if i + 1 < len(index.starts) else len(index.text)
        pos = index.text.find(needle, nxt)  # the next entry's line: one hit per entry
    return found


def _rank(text: str, *fields: str) -> int | None:
    """0 exact, 1 begins with, 2 contains; None when no field matches."""
    best: int | None = None
    for value in fields:
        if not value:
            continue
        if value == text:
            return 0
        if value.startswith(text):
            best = 1
        elif text in value and best is None:
            best = 2
    return best


def search_nodes(G: ResponsibilityGraph, text: str, *, limit: int = 8) -> dict[str, list[Hit]]:
    """Up to ``limit`` people, posts, organizations, duties and cases per
    kind for ``text`` (see the module); kinds with no hit are left out.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = GraphBuilder().person("P1", "许晓东").person("P2", "徐小丹").person("P3", "王芳").build()
    >>> [h.name for h in search_nodes(G, "xxd")["Person"]]
    ['许晓东', '徐小丹']
    >>> [h.id for h in search_nodes(G, "王")["Person"]]
    ['P3']
    """
    needle = text.strip().lower()
    if not needle:
        return {}
    ranked: dict[str, list[tuple[int, int, str, Hit]]] = {}
    index = G.derived("search_index", lambda: _index(G))
    if "\t" in needle or "\n" in needle:
        return {}
    for i in _candidates(index, needle):
        e = index.entries[i]
        rank = _rank(needle, *_keys(e))
        if rank is None:
            continue
        detail = e.id if e.kind != NodeLabel.DUTY.value else f"{e.id} · {short_text(e.name, 40)}"
        hit = Hit(e.kind, e.id, short_text(e.shown, 40), detail, rank)
        ranked.setdefault(e.kind, []).append((rank, len(e.name), e.id, hit))
    return _best(ranked, limit)


def search_findings(
    findings: Iterable[Finding], text: str, *, said: Mapping[Finding, tuple[str, str]], limit: int = 8
) -> list[Hit]:
    """Up to ``limit`` findings for ``text``: by an id they name, by the names
    of the people they concern, or by their message — ``said`` gives each
    finding's message and those names, as the reader sees them."""
    needle = text.strip().lower()
    if not needle:
        return []
    ranked: dict[str, list[tuple[int, int, str, Hit]]] = {}
    for finding in findings:
        message, names = said.get(finding) or (finding.message(), "")
        rank = _rank(needle, *(i.lower() for i in finding.ids), *(n.lower() for n in names.split("、") if n))
        if rank is None and needle in message.lower():
            rank = 2
        if rank is not None:
            hit = Hit("finding", finding.subject, short_text(message, 60), names, rank)
            ranked.setdefault("finding", []).append((rank, 0, finding.subject, hit))
    return _best(ranked, limit).get("finding", [])


def _best(ranked: dict[str, list[tuple[int, int, str, Hit]]], limit: int) -> dict[str, list[Hit]]:
    return {
        kind: [hit for *_, hit in sorted(ranked[kind], key=lambda r: r[:3])[:limit]] for kind in KINDS if kind in ranked
    }
