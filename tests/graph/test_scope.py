"""The scoped view (graph.scope): a unit inspector's analyses can only name
what lies inside their organization subtrees — traces, findings, views and
every export — checked against the names and ids of everything outside."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from docx import Document

from graph.errors import CaseNotFound, ScopeError
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from graph.scope import scope_ids, scoped_graph
from queries import compliance, gaps, orphans, overlaps, trace_case
from queries.dossier import name_findings
from queries.trace_report import namer, trace_sections
from queries.views import subtree
from reports.filed import trace_report
from reports.paper import namer as full_names
from reports.paper import paper
from ui.exports import findings_xlsx, trace_json, trace_xlsx

SCOPES = (("XK",), ("XK-V1",), ("CZ", "TJ"))


def _inside(G: ResponsibilityGraph, roots: tuple[str, ...]) -> set[str]:
    """What the scope should hold, worked out here from the whole graph's own
    lookups (not from graph.scope): the organizations below the roots, their
    posts, everyone who ever held one, their cases and the people involved."""
    orgs = {o for o in G.ids(NodeLabel.ORGANIZATION) if any(r in G.lineage(o) for r in roots)}
    posts = {p for p in G.ids(NodeLabel.POSITION) if G.org_of(p) in orgs}
    people = {p for p in G.ids(NodeLabel.PERSON) if any(link.target in posts for link in G.out(p, EdgeType.HOLDS))}
    cases = {c for c in G.ids(NodeLabel.CASE) if any(x.target in orgs for x in G.out(c, EdgeType.OCCURRED_IN))}
    people |= {x.target for c in cases for x in G.out(c, EdgeType.INVOLVES)}
    return orgs | posts | people | cases


def _outside_words(G: ResponsibilityGraph, roots: tuple[str, ...]) -> set[str]:
    """Ids and names of people, organizations, posts and cases outside the scope
    that are not part of any text inside it (so finding one in an output is a leak)."""
    inside = _inside(G, roots)
    # duties and lists are policy text, not about anyone: their ids (JY-2R/15@XK) may contain an outside id
    policy = [*G.ids(NodeLabel.DUTY), *G.ids(NodeLabel.LIST)]
    inside_text = "\n".join(f"{n} {G.name(n)}" for n in (*inside, *policy))
    words = set()
    for label in (NodeLabel.PERSON, NodeLabel.ORGANIZATION, NodeLabel.CASE, NodeLabel.POSITION):
        for node in G.ids(label):
            if node in inside:
                continue
            for word in (node, G.name(node)):
                if len(word) >= 2 and word not in inside_text:
                    words.add(word)
    return words


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


@pytest.mark.parametrize("roots", SCOPES)
def test_the_view_holds_only_the_subtrees_and_what_hangs_from_them(
    demo: ResponsibilityGraph, roots: tuple[str, ...]
) -> None:
    H = scoped_graph(demo, roots)
    keep = scope_ids(demo, roots)
    assert set(H.nx.nodes) == keep
    below = {o for o in demo.ids(NodeLabel.ORGANIZATION) if any(r in demo.lineage(o) for r in roots)}
    assert set(H.ids(NodeLabel.ORGANIZATION)) == below
    for post in H.ids(NodeLabel.POSITION):
        assert H.org_of(post) in below
    for case in H.ids(NodeLabel.CASE):
        assert next(iter(H.out(case, EdgeType.OCCURRED_IN))).target in below
    # every edge of the view is an edge of the whole, between two nodes of the view
    for etype in EdgeType:
        for link in H.links(etype):
            assert link.source in keep and link.target in keep
            assert link in demo.out(link.source, etype)


@pytest.mark.parametrize("roots", SCOPES)
def test_no_analysis_or_export_names_anything_outside_the_scope(
    demo: ResponsibilityGraph, demo_at: date, roots: tuple[str, ...]
) -> None:
    H = scoped_graph(demo, roots)
    keep = scope_ids(demo, roots)
    outside = _outside_words(demo, roots)
    assert outside, "the test needs something outside the scope to look for"
    findings = [
        *orphans(H, at=demo_at),
        *gaps(H, at=demo_at),
        *overlaps(H, at=demo_at),
        *compliance(H, start=date(2025, 1, 1), end=date(2025, 12, 31)),
    ]
    texts = [json.dumps([f.to_dict(lang) for f in findings for lang in ("zh", "en")], ensure_ascii=False)]
    for lang in ("zh", "en"):
        named = name_findings(H, findings, demo_at)  # with the holders they name: none outside the scope either
        texts.append(_xlsx_text(findings_xlsx(named, lang, at=demo_at, source="demo")))
    for f in findings:
        assert set(f.ids) <= keep, f
    for case in H.ids(NodeLabel.CASE):
        tr = trace_case(H, case)
        sections = trace_sections(tr, "zh", namer(H))
        texts += [
            trace_json(tr, "zh").decode(),
            _docx_text(trace_report(paper(tr.title, "审查员", tr.date, "demo", "zh"), tr, full_names(H), None)),
        ]
        texts.append(_xlsx_text(trace_xlsx(sections, "zh")))
    for root in roots:
        view = subtree(H, root, at=demo_at, depth=10)
        assert set(view.nodes) <= keep
    leaks = {word for word in outside for text in texts if word in text}
    assert not leaks


def test_a_case_outside_the_scope_is_not_found_at_all(demo: ResponsibilityGraph) -> None:
    H = scoped_graph(demo, ("XK",))
    assert "C2026-04" in demo and "C2026-04" not in H
    with pytest.raises(CaseNotFound):
        trace_case(H, "C2026-04")
    assert trace_case(H, "C2025-03").roles  # a case inside is traced


def test_decisions_naming_someone_outside_are_left_out(demo: ResponsibilityGraph) -> None:
    # C2024-02 in Xikou holds P035 (a township leader) to account: kept only when P035 is in scope
    whole = {d for d in demo.ids(NodeLabel.DECISION) if d.startswith("C2024-02/")}
    narrow = scope_ids(demo, ("XK-CZS",))
    assert whole and "C2024-02" in narrow
    kept = {d for d in whole if d in narrow}
    for decision in whole - kept:
        assert any(link.target not in narrow for link in demo.out(decision, EdgeType.TARGETS))
    for decision in kept:
        assert all(link.target in narrow for link in demo.out(decision, EdgeType.TARGETS))


def test_a_scope_naming_an_unknown_organization_shows_nothing(demo: ResponsibilityGraph) -> None:
    with pytest.raises(ScopeError) as caught:
        scoped_graph(demo, ("XK", "NOPE"))
    assert "NOPE" in caught.value.message("zh") and "NOPE" in caught.value.message("en")


def test_the_whole_network_as_scope_is_the_whole_graph(demo: ResponsibilityGraph) -> None:
    roots = tuple(o for o in demo.ids(NodeLabel.ORGANIZATION) if demo.parent(o) is None)
    H = scoped_graph(demo, roots)
    # everything reachable from the tops: only records by people outside every post could drop out
    assert set(H.ids(NodeLabel.ORGANIZATION)) == set(demo.ids(NodeLabel.ORGANIZATION))
    assert set(H.ids(NodeLabel.CASE)) == set(demo.ids(NodeLabel.CASE))
    assert H.edge_counts()[EdgeType.HOLDS] == demo.edge_counts()[EdgeType.HOLDS]
