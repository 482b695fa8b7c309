"""The graph's edges as the analyses see them (:class:`Link`), and how they are
made from an edge table's columns (:class:`LinkMaker`).

A Link is a named tuple made directly (``tuple.__new__``: the named tuple's own
constructor is a Python function). What millions of edges share — a type's key,
the interval of a pair of days, a day's date — is made once and reused, and a
column no edge of a type sets is not read: a trace reads a few edges of many
nodes, and each column read is a cache miss on an array of millions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from graph.core import CODES, NO_START, EdgeTable, day_of
from graph.schema import DATED_EDGES, EDGES, KEYED_EDGES, EdgeType
from graph.temporal import Interval

__all__ = ["INTERVALS_KEPT", "Link", "LinkMaker", "edge_attrs", "edge_key", "in_force"]

#: How many intervals of pairs of days a maker keeps (then forgets all at once).
INTERVALS_KEPT = 200_000


_OPEN = Interval()


class Link(NamedTuple):
    """One edge of the graph, as the analyses see it.

    ``interval`` is unbounded for undated edges; ``role`` is the BEARS or
    INVOLVES role, ``kind`` the SUPERVISES kind, ``origin`` where a BEARS edge
    came from (an assignment or a template). A named tuple: a trace makes a few
    dozen of them, and a tuple is made in a tenth of a frozen dataclass's time.
    """

    source: str
    target: str
    type: EdgeType
    key: str
    interval: Interval = _OPEN
    role: str | None = None
    kind: str | None = None
    origin: str | None = None

    def in_force(self, day: date) -> bool:
        return self.interval.contains(day)

    def as_dict(self) -> dict[str, Any]:
        """The edge for JSON: ``type``, ``from``, ``to`` and whatever properties it has."""
        out: dict[str, Any] = {"type": self.type.value, "from": self.source, "to": self.target}
        if self.type in DATED_EDGES:
            out.update(self.interval.as_dict())
        for name in ("role", "kind"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out


_TYPE_KEY = {etype: etype.value for etype in EdgeType}


def edge_key(etype: EdgeType, *, start: date | None = None, kind: str | None = None, role: str | None = None) -> str:
    """The key of an edge among the edges between the same two nodes: its type,
    plus what tells parallel edges of that type apart (``key`` in
    :data:`graph.schema.EDGES`: a term's start, a supervision's kind and start,
    an involvement's role).

    >>> edge_key(EdgeType.HOLDS, start=date(2024, 7, 1))
    'HOLDS:2024-07-01'
    >>> edge_key(EdgeType.SUPERVISES, kind="stationed", start=date(2024, 7, 1))
    'SUPERVISES:stationed:2024-07-01'
    """
    if etype not in KEYED_EDGES:
        return _TYPE_KEY[etype]
    given = {"start": start.isoformat() if start else "", "kind": kind or "", "role": role or ""}
    return ":".join([_TYPE_KEY[etype], *(given[name] for name in EDGES[etype].key)])


def edge_attrs(link: Link) -> dict[str, Any]:
    """The attributes of the edge behind ``link``, as the builder takes them."""
    attrs: dict[str, Any] = {"type": link.type}
    for name, value in (
        ("start", link.interval.start),
        ("end", link.interval.end),
        ("role", link.role),
        ("kind", link.kind),
        ("origin", link.origin),
    ):
        if value is not None:
            attrs[name] = value
    return attrs


def in_force(links: Iterable[Link], day: date) -> list[Link]:
    """The links of ``links`` in force on ``day``."""
    return [link for link in links if link.interval.contains(day)]


_new_link = tuple.__new__


#: The date of each day ordinal met (a few thousand days among millions of edges).
_DAYS: dict[int, date | None] = {}
#: An Interval made without its dataclass ``__init__`` (a Python call): its slots set directly.
_new_object = object.__new__
_set_start, _set_end = vars(Interval)["start"].__set__, vars(Interval)["end"].__set__


def _interval(days: dict[int, date | None], s: int, t: int) -> Interval:
    """The Interval of day ordinals ``s`` to ``t`` (``days``: the dates met so far)."""
    a = days[s] if s in days else days.setdefault(s, day_of(s))
    b = days[t] if t in days else days.setdefault(t, day_of(t))
    if a is None and b is None:
        return _OPEN
    interval = _new_object(Interval)
    _set_start(interval, a)
    _set_end(interval, b)
    return interval


class _Shape(NamedTuple):
    """What the edges of one type need read: whether their dates, role, kind and
    origin vary, whether parallel ones are told apart (``keyed``), the type's key,
    whether none of that applies (``plain``), and the keys made so far by start,
    kind and role."""

    dated: bool
    roles: bool
    kinds: bool
    origins: bool
    keyed: bool
    key: str
    plain: bool
    keys: dict[tuple[int, str | None, str | None], str]


class LinkMaker:
    """Links made from the columns of the edge tables of one graph (``ids``: its
    node ids), with what edges share made once: per type, which columns vary and
    the keys made so far; the intervals of pairs of days."""

    __slots__ = ("_intervals", "_shapes", "ids")

    def __init__(self, ids: Sequence[str]) -> None:
        self.ids = ids
        self._shapes: dict[EdgeType, _Shape] = {}
        self._intervals: dict[tuple[int, int], Interval] = {}

    def _shape(self, etype: EdgeType, table: EdgeTable) -> _Shape:
        """What the edges of ``etype`` need read (found once per type)."""
        found = self._shapes.get(etype)
        if found is None:
            dated, roles, kinds, origins = table.varies()
            keyed, key = etype in KEYED_EDGES, _TYPE_KEY[etype]
            plain = not (dated or roles or kinds or origins or keyed)
            found = self._shapes[etype] = _Shape(dated, roles, kinds, origins, keyed, key, plain, {})
        return found

    def make(
        self, etype: EdgeType, table: EdgeTable, numbers: Iterable[int], end_id: tuple[str, bool] | None = None
    ) -> list[Link]:
        """The Links of edges ``numbers`` of ``etype``, read from the columns in one
        loop (a trace makes a few dozen, a view or an export many). With ``end_id``
        (an id, and whether it is the edges' source), every edge has that end: it is
        not read. Neither is a column no edge of the type sets (a trace reads a few
        edges of many nodes, and each column read is a cache miss)."""
        ids, codes = self.ids, CODES
        src, dst, start, end, role, kind, origin = table.row
        key: str | None
        interval: Interval | None
        dated, roles, kinds, origins, keyed, key, plain, keys = self._shapes.get(etype) or self._shape(etype, table)
        known, is_source = end_id if end_id else (None, False)
        other = dst if is_source else src  # the end not known
        # an edge's role, kind and origin as their texts (None: unset)
        interval, r, k, o = _OPEN, None, None, None
        # the keys and intervals edges share (a few thousand days among millions of
        # edges) are made once and reused: a third of the cost of a Link otherwise
        intervals, days = self._intervals, _DAYS
        if dated and len(intervals) >= INTERVALS_KEPT:
            intervals.clear()
        found = []
        for e in numbers:
            if not plain:
                if roles:
                    r = codes[role[e]]
                if kinds:
                    k = codes[kind[e]]
                if origins:
                    o = codes[origin[e]]
                if dated:
                    s, t = start[e], end[e]
                    interval = intervals.get((s, t))
                    if interval is None:
                        interval = intervals[(s, t)] = _interval(days, s, t)
                    if keyed:
                        key = keys.get((s, k, r))
                        if key is None:
                            key = keys[(s, k, r)] = edge_key(etype, start=day_of(s), kind=k, role=r)
                elif keyed:
                    key = keys.get((NO_START, k, r))
                    if key is None:
                        key = keys[(NO_START, k, r)] = edge_key(etype, kind=k, role=r)
            # the tuple made directly: Link(...) goes through a Python-level __new__
            if known is None:
                found.append(_new_link(Link, (ids[src[e]], ids[dst[e]], etype, key, interval, r, k, o)))
            elif is_source:
                found.append(_new_link(Link, (known, ids[other[e]], etype, key, interval, r, k, o)))
            else:
                found.append(_new_link(Link, (ids[other[e]], known, etype, key, interval, r, k, o)))
        return found
