"""``respnet rules``: the rule sets a trace can follow, and one of them with its citations."""

from __future__ import annotations

import click
from rich.table import Table

from access.settings import default_rule_set
from cli.base import JSON, Run, cell, console, help_text, pass_run
from graph.i18n import term
from graph.schema import AccountabilityRole, OrgAccountabilityRole
from rules import DEFAULT_RULE_SET, article_text, load_rule_set, rule_set_names, shipped


@click.command(name="rules", help=help_text("rules_help"))
@click.argument("name", metavar="[NAME|FILE]", required=False)
@JSON
@pass_run
def rules(run: Run, name: str | None) -> None:
    lang = run.lang
    default = default_rule_set() or DEFAULT_RULE_SET
    if name is None:
        sets = [shipped(n) for n in rule_set_names()]
        if run.as_json:
            run.emit(
                [
                    {
                        "id": rs.id,
                        "title": rs.name(lang),
                        "regulation": rs.regulation,
                        "version": rs.version,
                        "effective_from": rs.effective_from.isoformat() if rs.effective_from else None,
                        "default": rs.id == default,
                    }
                    for rs in sets
                ]
            )
            return
        table = Table(title=cell(run.t("cli.rules_title")), title_justify="left")
        for key in ("rules_id", "rules_name", "rules_effective", "rules_default"):
            table.add_column(run.t(f"cli.{key}"), overflow="fold")
        for rs in sets:
            since = rs.effective_from.isoformat() if rs.effective_from else "—"
            table.add_row(rs.id, cell(rs.name(lang)), since, "✓" if rs.id == default else "")
        console().print(table)
        return
    rs = load_rule_set(name)
    if run.as_json:
        run.emit(rs.to_dict())
        return
    shown = console()
    shown.print(cell(f"{rs.name(lang)} ({rs.id})"))
    if rs.description:
        shown.print(cell(rs.description))
    if rs.effective_note:
        shown.print(cell(rs.effective_note))
    table = Table(title=cell(run.t("cli.rules_rules")), title_justify="left")
    for key in ("rules_id", "role", "rules_find", "citation", "rules_note"):
        table.add_column(run.t(f"cli.{key}"), overflow="fold")
    for rule, vocab in [
        *((r, AccountabilityRole) for r in rs.rules),
        *((r, OrgAccountabilityRole) for r in rs.organizations),
    ]:
        role = term(vocab(rule.role), lang)
        where = article_text(rule.citation.article, rule.citation.paragraph, lang)
        cited = rule.citation.text(lang) + (f" [{rule.citation.source}]" if rule.citation.source else "")
        table.add_row(
            rule.id,
            cell(role),
            cell(run.t(f"rules.find_{rule.find}")),
            cell(cited or where),
            cell(rule.citation.note),
        )
    shown.print(table)
