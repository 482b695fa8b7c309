"""Where everything opens, and a page's state in its URL.

:func:`target` is the one answer to "which page shows this, with which query
parameters": a person or unit their dossier, a post its history, a case its
trace, a duty or a finding the graph around it. Pages read their state from
the URL with :func:`url_choice`, :func:`url_int` and :func:`url_list`, and
write it back, so a link or a saved view reopens the same page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

import streamlit as st

from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel
from queries.dossier import home_org
from ui.context import Context

T = TypeVar("T")

__all__ = [
    "PAGE_FILES",
    "dossier_link",
    "keep_in_url",
    "on_graph_at",
    "target",
    "url_choice",
    "url_date",
    "url_int",
    "url_list",
]

#: Each page's file, by its URL path.
PAGE_FILES = {
    "overview": "ui/pages/overview.py",
    "trace": "ui/pages/trace.py",
    "explore": "ui/pages/explore.py",
    "paths": "ui/pages/paths.py",
    "findings": "ui/pages/findings.py",
    "leads": "ui/pages/leads.py",
    "decisions": "ui/pages/decisions.py",
    "changes": "ui/pages/changes.py",
    "whatif": "ui/pages/whatif.py",
    "dossier": "ui/pages/dossier.py",
    "people": "ui/pages/people.py",
    "importer": "ui/pages/importer.py",
    "lists": "ui/pages/lists.py",
    "console": "ui/pages/console.py",
    "admin": "ui/pages/admin.py",
}


def target(G: ResponsibilityGraph, node: str, *, on_graph: bool = False) -> tuple[str, dict[str, str]] | None:
    """The page (URL path) and query parameters that show ``node``; with
    ``on_graph``, the graph around it (a finding opened on the graph)."""
    if node not in G:
        return None
    label = G.label(node)
    if not on_graph:
        if label is NodeLabel.PERSON:
            return "dossier", {"person": node}
        if label is NodeLabel.ORGANIZATION:
            return "dossier", {"org": node}
        if label is NodeLabel.POSITION:
            return "people", {"post": node}
        if label is NodeLabel.CASE:
            return "trace", {"case": node}
    org = home_org(G, node)
    return None if org is None else on_graph_at(org, node)


def on_graph_at(org: str, node: str) -> tuple[str, dict[str, str]]:
    """The explore page on ``org`` with ``node`` selected (and expanded, when it is not the organization)."""
    params = {"org": org, "select": node}
    if node != org:
        params["expand"] = node
    return "explore", params


def dossier_link(ctx: Context, G: ResponsibilityGraph, node: str, where: Any = st) -> None:
    """A link to the page of ``node`` (nothing when it has none)."""
    found = target(G, node)
    if found is None or found[0] == "explore":
        return
    page, params = found
    where.page_link(
        PAGE_FILES[page], label=ctx.t(f"app.open_{page}"), icon=":material/open_in_new:", query_params=params
    )


def url_choice(name: str, allowed: tuple[str, ...], default: str) -> str:
    """The query parameter ``name`` when it is one of ``allowed``, else ``default``."""
    value = st.query_params.get(name)
    return value if value in allowed else default


def url_int(name: str, default: int, low: int, high: int) -> int:
    """The query parameter ``name`` as a whole number within ``[low, high]``, else ``default``."""
    try:
        value = int(st.query_params.get(name, default))
    except ValueError:
        return default
    return value if low <= value <= high else default


def url_date(name: str) -> date | None:
    """The query parameter ``name`` as a date, None when absent or unreadable."""
    try:
        return date.fromisoformat(st.query_params.get(name, ""))
    except ValueError:
        return None


def keep_in_url(**params: str | None) -> None:
    """Write a page's state into its URL (a None drops the parameter)."""
    for name, value in params.items():
        if value is None:
            st.query_params.pop(name, None)
        elif st.query_params.get(name) != value:
            st.query_params[name] = value


def url_list(name: str) -> list[str]:
    """The query parameter ``name`` as a comma-separated list."""
    return [part for part in (st.query_params.get(name) or "").split(",") if part]


#: Rows of a long table sent to the browser at once.
TABLE_PAGE = 200


def paged(
    ctx: Context, items: Sequence[T], *, key: str, size: int = TABLE_PAGE, url: str = "page"
) -> tuple[Sequence[T], int]:
    """The page of ``items`` to show (``size`` a page) and its number: a page number box when
    there is more than one, kept in the URL's ``url`` parameter. A province's
    lists run to tens of thousands of rows; a browser is sent one page of them."""
    pages = max(1, -(-len(items) // size))
    page = 1
    if pages > 1:
        page = int(
            st.number_input(
                ctx.t("app.page_of", pages=pages, size=size, total=len(items)),
                1,
                pages,
                min(url_int(url, 1, 1, pages), pages),
                key=key,
            )
        )
    keep_in_url(**{url: str(page) if page > 1 else None})
    return items[(page - 1) * size : page * size], page
