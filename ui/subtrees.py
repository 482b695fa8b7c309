"""Findings by unit subtree: where in the tree they fall, and a way down it.

A province has tens of thousands of findings; read as one list they say
little. The findings page therefore opens on the whole tree, counted by the
subtrees right below its top (a city each, say), gravest first; choosing a row
goes down into that subtree, and the path back up stays above the table. The
chosen organization is the page's ``within`` parameter, so a link holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from graph.i18n import Lang
from graph.schema import NodeLabel
from queries.dossier import NamedFinding, Placed
from queries.findings import Severity
from ui.context import Context
from ui.data import Source, finding_places, named, named_findings
from ui.links import keep_in_url
from ui.loading import when_dropped

__all__ = ["Selection", "Within", "select", "subtree_table", "within"]

#: The group of the findings of the chosen organization itself (not of a unit below it).
ITSELF = ""
#: The group of the findings placed in no unit (only seen from the top).
UNPLACED = "\0"


@dataclass(frozen=True)
class Within:
    """The organization the page is narrowed to (None: the whole network) and
    the chain from the top down to the organization it is counted below (the
    chosen one; with none chosen, the top when there is one top)."""

    org: str | None
    chain: tuple[str, ...]

    def group(self, place: Placed | None) -> str | None:
        """The subtree right below the counted organization a unit falls in
        (:data:`ITSELF` for the organization itself, :data:`UNPLACED` for a
        finding in no unit), or None when outside the chosen organization."""
        if place is None:
            return None if self.org else UNPLACED
        depth = len(self.chain)
        if depth and place.chain[:depth] != self.chain:
            return None if self.org else UNPLACED
        return place.chain[depth] if len(place.chain) > depth else ITSELF


def within(ctx: Context, places: dict[str, Placed]) -> Within:
    """The organization chosen (the URL's ``within``, if it is a unit of the
    findings or above one), with the path back up drawn as buttons."""
    asked = st.query_params.get("within") or None
    chain: tuple[str, ...] = ()
    if asked:
        found = next((place.chain for place in places.values() if asked in place.chain), ())
        chain = found[: found.index(asked) + 1] if found else ()
    chosen = Within(asked if chain else None, chain)
    keep_in_url(within=chosen.org)
    if chosen.org is None:
        tops = {place.chain[0] for place in places.values()}
        return Within(None, tuple(tops)) if len(tops) == 1 else chosen
    names = {c.id: c.name for c in named(ctx.source.key, NodeLabel.ORGANIZATION, chain, ctx.source)}
    steps = st.columns(min(len(chain) + 1, 8))
    if steps[0].button(ctx.t("app.within_all"), key="within_top", icon=":material/account_tree:"):
        _go(None)
    for i, org in enumerate(chain[-7:], start=1):
        last = org == chosen.org
        if steps[i].button(
            names.get(org, org), key=f"within_{org}", disabled=last, type="primary" if last else "secondary"
        ):
            _go(org)
    return chosen


def _go(org: str | None) -> None:
    if org is None:
        st.query_params.pop("within", None)
    else:
        st.query_params["within"] = org
    st.rerun()


@dataclass(frozen=True)
class Selection:
    """The findings a page's filters keep, sorted by unit then gravity, and
    their counts by the subtree right below the counted organization."""

    shown: list[NamedFinding]
    counts: dict[str, dict[Severity, int]]


@st.cache_resource(show_spinner=False, max_entries=64)
def select(
    key: str,
    at: date,
    period: tuple[date, date],
    people: bool,
    wanted: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str, Lang],
    org: str | None,
    chain: tuple[str, ...],
    _source: Source,
) -> Selection:
    """The findings of ``at`` and ``period`` kept by ``wanted`` (kinds,
    severities, levels, text, language) within ``org``; worked out once per
    source, date and filters, so a page opened again only reads it."""
    kinds, severities, levels, text, lang = wanted
    named = named_findings(key, at, period, people, _source)
    places = finding_places(key, at, period, _source)
    chosen = Within(org, chain)
    rank = {s: i for i, s in enumerate(Severity)}
    shown: list[NamedFinding] = []
    counts: dict[str, dict[Severity, int]] = {}
    for n in named:
        f = n.finding
        place = places.get(n.unit) if n.unit else None
        if f.kind.value not in kinds or f.severity.value not in severities:
            continue
        if levels and (place is None or place.level not in levels):
            continue
        group = chosen.group(place)
        if group is None:
            continue
        if text and not (
            text in f.message(lang) or any(text in i for i in f.ids) or text in n.people() or text in n.unit_name
        ):
            continue
        shown.append(n)
        counts.setdefault(group, dict.fromkeys(Severity, 0))[f.severity] += 1
    shown.sort(key=lambda n: (n.unit_name, n.unit or "", rank[n.finding.severity]))
    return Selection(shown, counts)


when_dropped(select.clear)  # it holds findings, which hold their graph


def subtree_table(ctx: Context, chosen: Within, counts: dict[str, dict[Severity, int]]) -> None:
    """Findings counted by the subtree right below the chosen organization,
    gravest first; choosing a row goes down into it."""
    if not counts:
        return
    groups = sorted(counts, key=lambda g: (*(-counts[g][s] for s in Severity), g))
    asked = tuple(g for g in groups if g not in (ITSELF, UNPLACED)) + chosen.chain[-1:]
    names = {c.id: c.name for c in named(ctx.source.key, NodeLabel.ORGANIZATION, asked, ctx.source)}
    label = {
        ITSELF: ctx.t("app.within_itself", org=names.get(chosen.chain[-1], "") if chosen.chain else ""),
        UNPLACED: ctx.t("app.within_unplaced"),
    }
    title = "app.within_by_subtree" if chosen.org is None else "app.within_below"
    st.markdown(f"#### {ctx.t(title)}")
    frame = pd.DataFrame(
        [
            {
                ctx.t("app.col_subtree"): label[g] if g in label else names.get(g, g),
                **{ctx.t(f"severity.{s.value}"): counts[g][s] for s in Severity},
                ctx.t("app.col_total"): sum(counts[g].values()),
            }
            for g in groups
        ]
    )
    picked = st.dataframe(
        frame,
        hide_index=True,
        height=min(35 * (len(groups) + 1) + 3, 320),
        on_select="rerun",
        selection_mode="single-row",
        key=f"within_table_{chosen.org}",
    )
    rows = picked.selection.rows if picked is not None else []
    if rows and groups[rows[0]] not in (ITSELF, UNPLACED):
        _go(groups[rows[0]])
    st.caption(ctx.t("app.within_help"))
