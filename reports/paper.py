"""What the app and the command line share to make a filed report: the names
of a graph's nodes, the rule set in force, the paper's front matter, and a
lead's whole summary from the casebook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

from access.settings import default_rule_set
from casework.book import Actor, Casebook
from graph.i18n import Lang, t
from graph.model import ResponsibilityGraph
from queries.escalation import escalation
from reports.filed import lead_report
from reports.official import Paper
from rules import RuleSet, load_rule_set

__all__ = ["lead_document", "namer", "paper", "rules_in_force"]


def namer(G: ResponsibilityGraph) -> Callable[[str], str | None]:
    """A node's full name for report text (None for anything that is not a node's id)."""
    return lambda node_id: G.name(node_id) if G.has(node_id) else None


def rules_in_force() -> RuleSet:
    """The rule set an administrator chose as the default (else the shipped default)."""
    return load_rule_set(default_rule_set())


def paper(
    title: str, author: str, evaluated: date, source: str, lang: Lang, *, number: str = "", handler: str = ""
) -> Paper:
    """The front matter of a report made now by ``author``."""
    return Paper(
        title=title,
        author=author,
        made=datetime.now(UTC).astimezone(),
        evaluated=evaluated,
        source=source,
        number=number,
        handler=handler,
        lang=lang,
        subject=t("report.made_by", lang),
    )


def lead_document(
    book: Casebook,
    actor: Actor,
    lead_id: int,
    G: ResponsibilityGraph,
    lang: Lang,
    *,
    number: str = "",
    source: str = "",
    today: date | None = None,
    made: datetime | None = None,
    author: str | None = None,
) -> bytes:
    """A lead's summary (:func:`reports.filed.lead_report`), each ledger item's
    escalation read as of its deadline on ``G``; ``author`` (else the actor's
    name) signs it."""
    today = today or date.today()
    lead = book.lead(actor, lead_id)
    days = book.escalation_days()
    reached = {
        item.id: escalation(G, item.org_id, item.deadline, today, contact=item.contact, days=days)
        for item in lead.items
        if item.status == "open" and G.has(item.org_id)
    }
    title = t("report.lead_title", lang, title=lead.title)
    front = paper(title, author or actor.name, today, source, lang, number=number)
    if made is not None:
        front = replace(front, made=made)
    return lead_report(
        front,
        lead,
        namer(G),
        rules_in_force(),
        today=today,
        escalations=reached,
        history=book.history(actor, lead_id),
    )
