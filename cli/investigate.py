"""``respnet path``, ``respnet person`` and ``respnet unit``: how two things are
linked on a date, and the dossier of a person or a unit."""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from rich.table import Table

from cli.base import AT, DATA, JSON, Run, cell, console, help_text, pass_run
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType
from queries.compliance import default_period
from queries.dossier import person_dossier, role_text, span_text, unit_dossier
from queries.findings import Finding
from queries.network import MemoryNetwork
from queries.paths import MAX_HOPS, PATH_EDGE_TYPES, paths
from queries.timeline import data_span

__all__ = ["path", "person", "unit"]


def _edge_kinds(run: Run, text: str | None) -> tuple[EdgeType, ...]:
    if not text:
        return PATH_EDGE_TYPES
    wanted = [part.strip().upper() for part in text.replace("，", ",").split(",") if part.strip()]
    known = {e.value for e in EdgeType}
    unknown = [w for w in wanted if w not in known]
    if unknown or not wanted:
        run.refuse("cli.bad_edge_kinds", given="、".join(unknown) or text, known=", ".join(sorted(known)))
    return tuple(EdgeType(w) for w in wanted)


@click.command(help=help_text("path_help"))
@DATA
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@AT
@click.option(
    "--max", "limit", type=click.IntRange(1, 50), default=3, show_default=True, help=help_text("path_max_help")
)
@click.option(
    "--hops", type=click.IntRange(1, 12), default=MAX_HOPS, show_default=True, help=help_text("path_hops_help")
)
@click.option("--edge-kinds", "edge_kinds", metavar="TYPE,…", default=None, help=help_text("path_edge_kinds_help"))
@JSON
@pass_run
def path(
    run: Run, data: str, source: str, target: str, at: date | None, limit: int, hops: int, edge_kinds: str | None
) -> None:
    types = _edge_kinds(run, edge_kinds)
    G = run.graph(data)
    day = at or date.today()
    run.warn_outside(data_span(G), day)
    found = paths(G, source, target, at=day, limit=limit, edge_types=types, max_hops=hops)
    if run.as_json:
        run.emit(
            {
                "from": source,
                "to": target,
                "at": day.isoformat(),
                "paths": [p.to_dict(G, run.lang) for p in found],
            }
        )
        return
    shown = console()
    if not found:
        shown.print(cell(run.t("cli.no_path", source=G.name(source), target=G.name(target), at=day, hops=hops)))
        return
    shown.print(cell(run.t("cli.paths_found", count=len(found), source=G.name(source), target=G.name(target), at=day)))
    for i, p in enumerate(found, 1):
        shown.print(cell(f"{i}. ({run.t('cli.steps', count=len(p))}) {p.sentence(G, run.lang)}"))


def _findings(G: ResponsibilityGraph, day: date) -> list[Finding]:
    start, end = default_period(day)
    return MemoryNetwork(G).findings(at=day, start=start, end=end)


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> Table | str:
    """A titled table, or the title and "(none)" when there are no rows."""
    if not rows:
        return cell(f"{title}：{Run.of(click.get_current_context(silent=True)).t('cli.nobody')}")
    table = Table(title=cell(title), title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(cell("" if c is None else str(c)) for c in row))
    return table


def _dossier(run: Run, make: Any, data: str, node: str, at: date | None) -> dict[str, Any] | None:
    """The dossier ``make`` gives of ``node``: printed as JSON (None returned),
    or returned after its title is printed."""
    G = run.graph(data)
    day = at or date.today()
    run.warn_outside(data_span(G), day)
    d: dict[str, Any] = make(G, node, at=day, findings=_findings(G, day), lang=run.lang)
    if run.as_json:
        run.emit(d)
        return None
    console().print(cell(run.t("cli.dossier_title", name=d["name"], id=node, at=day)))
    return d


def _show_person(run: Run, d: dict[str, Any]) -> None:
    shown, tr = console(), run.t
    shown.print(
        _table(
            tr("cli.dossier_posts"),
            [tr("cli.post"), tr("cli.dates"), tr("cli.current")],
            [[p["name"], span_text(p), "✓" if p["current"] else ""] for p in d["posts"]],
        )
    )
    if d["oversight"]:
        shown.print(
            _table(
                tr("cli.dossier_oversight"),
                [tr("cli.org"), tr("cli.dates")],
                [[o["name"], span_text(o)] for o in d["oversight"]],
            )
        )
    if d["cases"]:
        shown.print(
            _table(
                tr("cli.dossier_cases"),
                [tr("cli.case"), tr("cli.roles")],
                [
                    [f"{c['case']} {c['title']}", "、".join(role_text(r, run.lang) for r in c["roles"])]
                    for c in d["cases"]
                ],
            )
        )
    if d["decisions"]:
        shown.print(
            _table(
                tr("cli.dossier_decisions"),
                [tr("cli.case"), tr("cli.roles"), tr("cli.form"), tr("cli.date")],
                [
                    [x["case"], tr(f"decision_role.{x['role']}") if x["role"] else "", x["form"], x["date"]]
                    for x in d["decisions"]
                ],
            )
        )


def _show_unit(run: Run, d: dict[str, Any]) -> None:
    shown, tr = console(), run.t
    nobody = tr("cli.nobody")
    shown.print(
        _table(
            tr("cli.dossier_posts"),
            [tr("cli.post"), tr("cli.holders")],
            [[p["name"], "、".join(h["name"] for h in p["holders"]) or nobody] for p in d["posts"]],
        )
    )
    shown.print(
        _table(
            tr("cli.dossier_overseers"),
            [tr("cli.post"), tr("cli.holders"), tr("cli.dates")],
            [[o["name"], "、".join(h["name"] for h in o["holders"]) or nobody, span_text(o)] for o in d["overseers"]],
        )
    )
    shown.print(
        _table(
            tr("cli.dossier_supervisors"),
            [tr("cli.org"), tr("cli.dates")],
            [[s["name"], span_text(s)] for s in d["supervisors"]],
        )
    )
    cov = d["coverage"]
    shown.print(cell(tr("cli.dossier_coverage", borne=cov["borne"], duties=cov["duties"])))
    if d["cases"]:
        shown.print(
            _table(
                tr("cli.dossier_cases"),
                [tr("cli.case"), tr("cli.date")],
                [[f"{c['case']} {c['title']}", c["date"]] for c in d["cases"]],
            )
        )


def _dossier_command(name: str, make: Any, show: Any) -> click.Command:
    @click.command(name=name, help=help_text(f"{name}_help"))
    @DATA
    @click.argument("node", metavar="ID")
    @AT
    @JSON
    @pass_run
    def command(run: Run, data: str, node: str, at: date | None) -> None:
        d = _dossier(run, make, data, node, at)
        if d is not None:
            show(run, d)
            _print_findings(run, d["findings"], f"cli.dossier_findings_{name}")

    return command


def _print_findings(run: Run, findings: list[dict[str, Any]], title: str) -> None:
    if not findings:
        console().print(cell(run.t("cli.dossier_no_findings")))
        return
    console().print(
        _table(
            run.t(title),
            [run.t("cli.severity"), run.t("cli.message"), run.t("cli.holders")],
            [
                [
                    run.t(f"severity.{f['severity']}"),
                    f["message"],
                    "；".join(
                        f"{f['names'].get(p, p)}：{'、'.join(n) or run.t('cli.nobody')}"
                        for p, n in f["holders"].items()
                    ),
                ]
                for f in findings
            ],
        )
    )


person = _dossier_command("person", person_dossier, _show_person)
unit = _dossier_command("unit", unit_dossier, _show_unit)
