"""A scoped view of the graph: what a user limited to some organization
subtrees may see, as a graph of its own.

The analyses are handed this view instead of the whole graph, so whatever
they compute — traces, findings, views, exports — can only name what is in
it. The view holds:

- the roots and every organization below them (REPORTS_TO, any depth);
- the posts in those organizations and the people who ever held them;
- the duties those organizations and posts bear, and the lists defining them;
- the cases that occurred in those organizations and the people they involve;
- the decisions on those cases whose target is in the view;
- the records of duties in the view performed by people in the view;

and every edge whose two ends are both in it. Edges leaving the scope are
cut: a trace stops at the scope's top, and a supervisor or overseer seated
outside the scope is not seen — the app says so beside every scoped page.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.builder import GraphBuilder
from graph.errors import ScopeError
from graph.model import ResponsibilityGraph, edge_attrs
from graph.schema import EDGE_ENDPOINTS, EdgeType, NodeLabel

__all__ = ["scope_ids", "scoped_graph"]

_E = EdgeType
_L = NodeLabel
#: The edge types leaving a node of each label.
_LEAVING = {label: tuple(e for e, (sources, _) in EDGE_ENDPOINTS.items() if label in sources) for label in NodeLabel}


def scope_ids(G: ResponsibilityGraph, roots: Iterable[str]) -> frozenset[str]:
    """The ids of every node a user scoped to the subtrees under ``roots`` may see.

    Raises
    ------
    ScopeError
        A root is not an organization of ``G`` (the account names an
        organization this data does not hold).

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("C", "City", "party_committee")
    ...      .organization("A", "County A", "party_committee", parent="C")
    ...      .organization("B", "County B", "party_committee", parent="C").build())
    >>> sorted(scope_ids(G, ["A"]))
    ['A']
    >>> sorted(scope_ids(G, ["C"]))
    ['A', 'B', 'C']
    """
    orgs: set[str] = set()
    todo = []
    for root in roots:
        if not G.has(root, _L.ORGANIZATION):
            raise ScopeError(org_id=root)
        todo.append(root)
    while todo:
        org = todo.pop()
        if org not in orgs:
            orgs.add(org)
            todo.extend(G.children(org))
    posts = {p for o in orgs for p in G.positions_in(o)}
    people = {link.source for p in posts for link in G.into(p, _E.HOLDS)}
    duties = {link.target for b in (*orgs, *posts) for link in G.out(b, _E.BEARS)}
    lists = {link.target for d in duties for link in G.out(d, _E.DEFINED_IN)}
    cases = {link.source for o in orgs for link in G.into(o, _E.OCCURRED_IN)}
    people |= {link.target for c in cases for link in G.out(c, _E.INVOLVES)}
    seen = orgs | people
    decisions = {
        link.source
        for c in cases
        for link in G.into(c, _E.CONCERNS)
        if all(target.target in seen for target in G.out(link.source, _E.TARGETS))
    }
    records = {link.source for d in duties for link in G.into(d, _E.FULFILS) if G.performer(link.source) in people}
    return frozenset(seen | posts | duties | lists | cases | decisions | records)


def scoped_graph(G: ResponsibilityGraph, roots: Iterable[str]) -> ResponsibilityGraph:
    """The part of ``G`` a user scoped to the subtrees under ``roots`` may see,
    as a graph the analyses read like any other (see the module's docstring).

    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("C", "City", "party_committee")
    ...      .organization("A", "County A", "party_committee", parent="C")
    ...      .organization("B", "County B", "party_committee", parent="C").build())
    >>> H = scoped_graph(G, ["A"])
    >>> H.ids(NodeLabel.ORGANIZATION), H.parent("A")
    (['A'], None)
    """
    keep = scope_ids(G, roots)
    b = GraphBuilder()
    for node_id in sorted(keep):
        b.add_node(node_id, dict(G.node(node_id)))
    for node_id in sorted(keep):
        for etype in _LEAVING[G.label(node_id)]:
            for link in G.out(node_id, etype):
                if link.target in keep:
                    b.add_edge(link.source, link.target, link.key, edge_attrs(link))
    return b.build()
