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
from graph.schema import DATED_EDGES, AccountabilityRole, DecisionRole, TenureCapacity
from queries.labels import short_text
from queries.trace_result import Involvement, Trace

__all__ = ["Section", "link_text", "namer", "section_rows", "trace_sections"]

Namer = Callable[[str], str]


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
    >>> from graph.schema import EdgeType
    >>> from graph.temporal import Interval
    >>> link_text(Link("P1", "T-S", EdgeType.HOLDS, "k", Interval(date(2024, 7, 1))), "zh")
    'P1 —任职→ T-S [2024-07-01~…]'
    """
    text = f"{name(link.source)} —{t(f'edge_type.{link.type.value}', lang)}→ {name(link.target)}"
    if link.type in DATED_EDGES:
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
        return "、".join(term(DecisionRole(r), lang) for r in roles)

    if "roles" in entry:
        return names(entry["roles"])
    return t("cli.role_mismatch", lang, decided=names(entry["decided"]), traced=names(entry["traced"]))


def _paths_text(paths: Sequence[Sequence[Link]], lang: Lang, name: Namer) -> str:
    """Each path of a basis on a line of its own, its edges joined by " › "."""
    return "\n".join(" › ".join(link_text(link, lang, name) for link in path) for path in paths)


def _person(inv: Involvement) -> str:
    return f"{inv.person_name} ({inv.person})"


def _post(inv: Involvement, lang: Lang) -> str:
    """The post's title, with how it was held when not 正式 (主持工作, 代理)."""
    title = inv.position_title or "—"
    if inv.capacity and inv.capacity != TenureCapacity.REGULAR.value:
        title += f"（{term(TenureCapacity(inv.capacity), lang)}）"
    return title


def _now(inv: Involvement, lang: Lang) -> str:
    if not inv.now:
        return t("cli.no_post", lang)
    return "；".join(f"{p.org_name} {p.position_title}" for p in inv.now)


def _rules_rows(trace: Trace, lang: Lang) -> tuple[tuple[str, str], ...]:
    rows: list[tuple[str, str]] = []
    if trace.rule_set:
        rows += [
            (t("cli.rule_set_row", lang), trace.rule_set.rule_set.name(lang)),
            (t("cli.rule_set_why", lang), trace.rule_set.because(lang)),
        ]
    if trace.period:
        rows.append((t("cli.period", lang), trace.period.text()))
    if len(trace.orgs) > 1:
        rows.append((t("cli.case_orgs", lang), "、".join(f"{name} ({org})" for org, name in trace.orgs)))
    if trace.investigated_by:
        org, name = trace.investigated_by
        rows.append((t("cli.investigated_by", lang), f"{name} ({org})"))
    return tuple(rows)


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
    rules = _rules_rows(trace, lang)
    if rules:
        sections.append(Section("rule_set", t("cli.rule_set", lang), col("item", "value"), rules))
    period = trace.period is not None
    for role in AccountabilityRole:
        rows = tuple(
            (
                _person(inv),
                _post(inv, lang),
                inv.org_name or "—",
                *((inv.interval.text() if inv.interval else "—", _now(inv, lang)) if period else ()),
                inv.citation.text(lang) if inv.citation else "—",
                _paths_text(inv.paths, lang, name),
            )
            for inv in trace.roles[role]
        )
        # what an inspector reads first, the long basis last
        columns = col("person", "position", "org", *(("interval", "now") if period else ()), "citation", "basis")
        sections.append(
            Section(
                f"roles.{role.value}",
                term(role, lang),
                columns,
                rows or ((nobody, *[""] * (len(columns) - 1)),),
            )
        )
    if trace.organizations:
        sections.append(
            Section(
                "organizations",
                t("cli.organizations", lang),
                col("org", "role", "citation", "basis"),
                tuple(
                    (
                        f"{o.org_name} ({o.org})",
                        term(o.role, lang),
                        o.citation.text(lang),
                        _paths_text(o.paths, lang, name),
                    )
                    for o in trace.organizations
                ),
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
                col("person", "role", "form", "decision_note"),
                tuple(
                    (_who(d), term(DecisionRole(d["role"]), lang), d.get("form") or "—", d.get("note") or "—")
                    for d in trace.decisions
                ),
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
