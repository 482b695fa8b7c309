"""How findings name things: short duty texts, posts with their organization, levels."""

from __future__ import annotations

from graph.i18n import Lang, catalog, t
from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel

__all__ = ["bearer_label", "join_post", "level_label", "post_label", "short_text"]

#: Longest duty text quoted in a message; longer texts end in "…".
MAX_QUOTE = 40


def short_text(text: str, limit: int = MAX_QUOTE) -> str:
    """``text`` cut to ``limit`` characters.

    >>> short_text("每季度至少召开1次机关党委委员会议", 8)
    '每季度至少召开…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def post_label(G: ResponsibilityGraph, position_id: str) -> str:
    """A post as ``organization·title``."""
    return join_post(G.name(G.org_of(position_id)), G.name(position_id))


def join_post(org: str, title: str) -> str:
    """A post's label from its organization's name and its title (the store's
    ``handover_posts`` statement joins them the same way)."""
    return f"{org}·{title}"


def bearer_label(G: ResponsibilityGraph, bearer_id: str) -> str:
    """A post (``organization·title``) or an organization (its name)."""
    return post_label(G, bearer_id) if G.label(bearer_id) is NodeLabel.POSITION else G.name(bearer_id)


def level_label(level: str, lang: Lang) -> str:
    """A level's label in ``lang`` (a level the table does not know, as written).

    >>> level_label("乡", "en"), level_label("片区", "zh")
    ('township', '片区')
    """
    entry = catalog().get(f"level.{level}")
    return entry[lang] if entry else (level or t("app.level_unknown", lang))
