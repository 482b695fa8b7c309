"""The three reports an inspector files, in official-document form
(:func:`reports.official.official_docx`): a case's trace, the findings list and
a lead's summary with its ledger."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date

from casework.book import light
from casework.models import History, Lead
from graph.i18n import Lang, t
from graph.temporal import local_time
from queries.dossier import NamedFinding
from queries.escalation import Reach
from queries.findings import Severity
from queries.trace_report import Section, trace_sections
from queries.trace_result import Trace
from reports.official import Paper, official_docx
from rules import RuleSet

__all__ = ["citations", "findings_report", "lead_report", "lead_source", "trace_report"]

Namer = Callable[[str], str | None]


def citations(rule_set: RuleSet | None, lang: str = "zh") -> list[str]:
    """Each rule's citation in the rule set, once each, in the set's order."""
    if rule_set is None:
        return []
    return list(dict.fromkeys(r.citation.text(lang) for r in (*rule_set.rules, *rule_set.organizations)))  # type: ignore[arg-type]


def lead_source(lead: Lead, name: Namer, lang: Lang) -> str:
    """Where a lead came from, in words: ``问题清单：无人监督的组织（江屿市统计局）``."""
    kind, _, ref = lead.source_ref.partition(":") if lead.source_kind == "finding" else ("", "", lead.source_ref)
    text = t(f"lead_source.{lead.source_kind}", lang)
    if kind:
        text += "：" + t(f"finding_kind.{kind}", lang)
    return text + "（" + "、".join(name(i) or i for i in ref.split(",") if i) + "）"


def trace_report(paper: Paper, trace: Trace, name: Namer, rule_set: RuleSet | None) -> bytes:
    """A case's trace: the case and the duties breached in full, each role with
    its people, posts, citation and basis, the chain above, the decisions."""
    lang = paper.lang

    def full(node_id: str) -> str:
        return name(node_id) or node_id

    facts = [t("report.case_line", lang, date=trace.date, org=trace.org_name, title=trace.title)]
    facts += [t("report.breached_line", lang, duty=full(d)) for d, _ in trace.breached]
    sections = trace_sections(trace, lang, full)
    body = [Section("case", t("report.case_facts", lang), ("",), tuple((line,) for line in facts)), *sections[1:]]
    used = trace.rule_set.rule_set if trace.rule_set else rule_set
    return official_docx(paper, body, citations(used, lang), name=name)


def findings_report(paper: Paper, findings: Sequence[NamedFinding], name: Namer, rule_set: RuleSet | None) -> bytes:
    """The findings list: how many of each severity, then one row per finding
    with its unit, severity, message and the holders of the posts it names."""
    lang = paper.lang
    counts = Counter(n.finding.severity for n in findings)
    by_severity = "，".join(f"{t(f'severity.{s.value}', lang)}{counts[s]}个" for s in Severity if counts[s])
    summary = t("report.findings_count", lang, at=paper.evaluated, count=len(findings), by_severity=by_severity or "—")
    columns = tuple(
        t(f"app.{k}", lang) for k in ("col_number", "col_unit", "col_severity", "col_message", "col_holders")
    )
    rows = tuple(
        (
            str(i),
            n.unit_name or "—",
            t(f"severity.{n.finding.severity.value}", lang),
            n.finding.message(lang),
            "；".join(
                f"{n.names.get(post, name(post) or post)}：{'、'.join(people) or t('app.vacant', lang)}"
                for post, people in n.holders.items()
            )
            or "—",
        )
        for i, n in enumerate(findings, start=1)
    )
    sections = [
        Section("summary", t("report.summary", lang), ("",), ((summary,),)),
        Section("findings", t("app.page_findings", lang), columns, rows),
    ]
    return official_docx(paper, sections, citations(rule_set, lang), name=name)


def lead_report(
    paper: Paper,
    lead: Lead,
    name: Namer,
    rule_set: RuleSet | None,
    *,
    today: date,
    escalations: dict[int, list[Reach]],
    history: Sequence[History] = (),
) -> bytes:
    """A lead's summary: where it came from and stands, the notes, the ledger
    with each item's light and how far it has escalated, and its history."""
    lang = paper.lang
    L = lead
    source = lead_source(L, name, lang)
    facts = (
        (t("report.row_source", lang), source),
        (t("report.row_unit", lang), name(L.org_id) or L.org_id),
        (t("report.row_status", lang), t(f"lead_status.{L.status}", lang)),
        (t("report.row_assignee", lang), L.assignee or "—"),
        (t("report.row_due", lang), L.due.isoformat() if L.due else "—"),
        (t("report.row_files", lang), "、".join(f"{a.name}（SHA-256 {a.sha256[:12]}…）" for a in L.attachments) or "—"),
    )
    notes = tuple((f"{local_time(n.at)} {n.author}：{n.text}",) for n in L.notes) or ((t("report.no_notes", lang),),)
    item_rows = []
    for item in L.items:
        reached = [r for r in escalations.get(item.id, []) if r.reached]
        item_rows.append(
            (
                name(item.org_id) or item.org_id,
                item.measure,
                item.deadline.isoformat(),
                t(f"item_status.{item.status}", lang),
                t(f"light.{light(item, today).value}", lang),
                "；".join(f"{t(f'escalation.{r.step.value}', lang)}：{r.who(lang)}" for r in reached) or "—",
            )
        )
    item_columns = tuple(
        t(k, lang)
        for k in ("leads.col_org", "leads.col_measure", "leads.col_deadline", "leads.col_status", "leads.col_light")
    )
    sections = [
        Section("lead", t("report.lead_facts", lang), (t("cli.item", lang), t("cli.value", lang)), facts),
        Section("notes", t("report.lead_notes", lang), ("",), notes),
        Section(
            "items", t("report.lead_items", lang), (*item_columns, t("leads.col_escalated", lang)), tuple(item_rows)
        )
        if item_rows
        else Section("items", t("report.lead_items", lang), ("",), ((t("report.no_items", lang),),)),
    ]
    if history:
        sections.append(
            Section(
                "history",
                t("report.lead_history", lang),
                (t("leads.col_time", lang), t("leads.col_user", lang), t("leads.col_action", lang)),
                tuple((local_time(h.at), h.user, t(f"casework_action.{h.action}", lang)) for h in history),
            )
        )
    return official_docx(paper, sections, citations(rule_set, lang), name=name)
