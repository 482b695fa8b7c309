"""A trace as report sections — titled tables of text in the reader's language.

The command line prints them, the app shows them and the .docx/.xlsx exports
write them, so a trace reads the same wherever an inspector meets it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.i18n import Lang, t, term
from graph.model import Link, ResponsibilityGraph
from graph.schema import AccountabilityRole, EdgeType
from queries.labels import short_text
from queries.trace_result import Involvement, Trace

__all__ = ["Section", "link_text", "namer", "section_rows", "trace_sections"]

Namer = Callable[[str], str]

_DATED = (EdgeType.HOLDS, EdgeType.OVERSEES, EdgeType.SUPERVISES)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled table; ``key`` names it for programs (``roles.direct``, ``chain`` ...)."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def link_text(link: Link, lang: Lang, name: Namer = str) -> str:
    """One edge as a phrase: ``source —kind→ target [start~end]``.

    >>> from datetime import date
    >>> from graph.temporal import Interval
    >>> link_text(Link("P1", "T-S", EdgeType.HOLDS, "k", Interval(date(2024, 7, 1))), "zh")
    'P1 —任职→ T-S [2024-07-01~…]'
    """
    text = f"{name(link.source)} —{t(f'edge_type.{link.type.value}', lang)}→ {name(link.target)}"
    if link.type in _DATED:
        text += f" [{link.interval.text()}]"
    return text


def namer(G: ResponsibilityGraph, limit: int = 16) -> Namer:
    """Names for report text: each node's name, long duty texts cut short."""
    return lambda node_id: short_text(G.name(node_id), limit)


def _who(entry: Mapping[str, Any]) -> str:
    person = entry.get("person") or entry.get("target")
    return f"{entry.get('person_name') or entry.get('target_name')} ({person})"


def _roles_text(entry: Mapping[str, Any], lang: Lang) -> str:
    def names(roles: Sequence[AccountabilityRole | str]) -> str:
        return "、".join(term(AccountabilityRole(r), lang) for r in roles)

    if "roles" in entry:
        return names(entry["roles"])
    return t("cli.role_mismatch", lang, decided=names(entry["decided"]), traced=names(entry["traced"]))


def _person(inv: Involvement) -> str:
    return f"{inv.person_name} ({inv.person})"


def trace_sections(trace: Trace, lang: Lang, name: Namer = str) -> list[Section]:
    """The report of a trace: the case, each role, the chain above, the
    decisions and how they compare with the chain, and the notes. Roles with
    nobody in them get one row saying so; sections about decisions appear
    only when decisions are recorded."""

    def col(*keys: str) -> tuple[str, ...]:
        return tuple(t(f"cli.{k}", lang) for k in keys)

    nobody = t("cli.nobody", lang)
    sections = [
        Section(
            "case",
            t("cli.case_header", lang, case=trace.case, title=trace.title, date=trace.date, org=trace.org_name),
            col("breached", "message"),
            tuple((d, text) for d, text in trace.breached) or ((nobody, ""),),
        )
    ]
    for role in AccountabilityRole:
        rows = tuple(
            (
                _person(inv),
                inv.position_title or "—",
                inv.org_name or "—",
                "\n".join(" › ".join(link_text(link, lang, name) for link in path) for path in inv.paths),
            )
            for inv in trace.roles[role]
        )
        sections.append(
            Section(
                f"roles.{role.value}",
                term(role, lang),
                col("person", "position", "org", "basis"),
                rows or ((nobody, "", "", ""),),
            )
        )
    chain_rows = tuple(
        (
            level.org_name,
            "、".join(_person(s) for s in level.secretary) or "—",
            "；".join(f"{s.org_name}: " + ("、".join(_person(h) for h in s.heads) or "—") for s in level.supervisors)
            or "—",
        )
        for level in trace.chain
    )
    sections.append(Section("chain", t("cli.chain", lang), col("org", "secretary", "supervisors"), chain_rows))
    if trace.decisions:
        sections.append(
            Section(
                "decisions",
                t("cli.decisions", lang),
                col("person", "role", "form"),
                tuple((_who(d), term(d["role"], lang), d.get("form") or "—") for d in trace.decisions),
            )
        )
        for key, items in (
            ("unexamined", trace.unexamined),
            ("unfounded", trace.unfounded),
            ("mismatched", trace.mismatched),
        ):
            rows2 = tuple((_who(i), _roles_text(i, lang)) for i in items or ())
            sections.append(Section(key, t(f"cli.{key}", lang), col("person", "role"), rows2 or ((nobody, ""),)))
    else:
        sections.append(
            Section("decisions", t("cli.decisions", lang), col("message"), ((t("cli.no_decisions", lang),),))
        )
    if trace.notes:
        sections.append(
            Section("notes", t("cli.notes", lang), col("message"), tuple((n.localize(lang),) for n in trace.notes))
        )
    return sections


def section_rows(section: Section) -> Sequence[dict[str, str]]:
    """A section's rows as records keyed by column title (for data frames)."""
    return [dict(zip(section.columns, row, strict=True)) for row in section.rows]
