"""``respnet rules``: the rule sets a trace can follow, and one of them with its citations."""

from __future__ import annotations

import click
from rich.table import Table

from cli import _JSON, _cell, _console, _emit_json, _help, _lang, main
from graph.i18n import t, term
from graph.schema import AccountabilityRole, OrgAccountabilityRole


@main.command(name="rules", help=_help("rules_help"))
@click.argument("name", metavar="[NAME|FILE]", required=False)
@_JSON
@click.pass_context
def rules_command(ctx: click.Context, name: str | None, as_json: bool) -> None:
    from access.settings import default_rule_set
    from rules import DEFAULT_RULE_SET, article_text, load_rule_set, rule_set_names, shipped

    lang = _lang(ctx)
    default = default_rule_set() or DEFAULT_RULE_SET
    if name is None:
        sets = [shipped(n) for n in rule_set_names()]
        if as_json:
            _emit_json(
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
        table = Table(title=_cell(t("cli.rules_title", lang)), title_justify="left")
        for key in ("rules_id", "rules_name", "rules_effective", "rules_default"):
            table.add_column(t(f"cli.{key}", lang), overflow="fold")
        for rs in sets:
            since = rs.effective_from.isoformat() if rs.effective_from else "—"
            table.add_row(rs.id, _cell(rs.name(lang)), since, "✓" if rs.id == default else "")
        _console().print(table)
        return
    rs = load_rule_set(name)
    if as_json:
        _emit_json(rs.to_dict())
        return
    console = _console()
    console.print(_cell(f"{rs.name(lang)} ({rs.id})"))
    if rs.description:
        console.print(_cell(rs.description))
    if rs.effective_note:
        console.print(_cell(rs.effective_note))
    table = Table(title=_cell(t("cli.rules_rules", lang)), title_justify="left")
    for key in ("rules_id", "role", "rules_find", "citation", "rules_note"):
        table.add_column(t(f"cli.{key}", lang), overflow="fold")
    for rule, vocab in [
        *((r, AccountabilityRole) for r in rs.rules),
        *((r, OrgAccountabilityRole) for r in rs.organizations),
    ]:
        role = term(vocab(rule.role), lang)
        where = article_text(rule.citation.article, rule.citation.paragraph, lang)
        cited = rule.citation.text(lang) + (f" [{rule.citation.source}]" if rule.citation.source else "")
        table.add_row(
            rule.id,
            _cell(role),
            _cell(t(f"rules.find_{rule.find}", lang)),
            _cell(cited or where),
            _cell(rule.citation.note),
        )
    console.print(table)
