"""The statements answered inside the store: the push-down scans, and what the
app's pages ask of a network too large to read — counts, coverage and
compliance by level, the pickers' choices. Each returns aggregates or ids,
never the network's rows; :class:`queries.network.StoreNetwork` turns them
into the same results the in-memory queries give.

Part of the registry of :mod:`store.cypher` (linted with it).
"""

from __future__ import annotations

from graph.schema import NAME_ATTR, NodeLabel
from store.statement import PROJECT_LABEL, Statement, in_force

__all__ = ["SCANS"]

_P = PROJECT_LABEL

_COUNTS = Statement(
    "label_counts",
    "\nUNION ALL\n".join(
        f"MATCH (n:{_P}:{label.value}) RETURN '{label.value}' AS label, count(n) AS n" for label in NodeLabel
    ),
)


def _name(var: str, label: NodeLabel) -> str:
    """Cypher for a node's display name, as :meth:`graph.model.ResponsibilityGraph.name` gives it."""
    attr = NAME_ATTR.get(label)
    if attr is None:  # named by its id
        return f"{var}.id"
    return f"CASE WHEN coalesce({var}.{attr}, '') = '' THEN {var}.id ELSE {var}.{attr} END"


def _pickers(label: NodeLabel) -> tuple[Statement, Statement]:
    """``pick_<Label>`` (by search text) and ``named_<Label>`` (by ids): id,
    shown name (a post with its organization) and, for a case, its date."""
    if label is NodeLabel.POSITION:
        body = (
            "OPTIONAL MATCH (n)-[:IN]->(o:Organization)\n"
            f"WITH n, {_name('o', NodeLabel.ORGANIZATION)} + '·' + {_name('n', label)} AS name\n"
        )
    else:
        body = f"WITH n, {_name('n', label)} AS name\n"
    found = "RETURN n.id AS id, name" + (", n.date AS date" if label is NodeLabel.CASE else "") + " ORDER BY id"
    return (
        Statement(
            f"pick_{label.value}",
            f"MATCH (n:{_P}:{label.value})\n{body}"
            f"WHERE $text = '' OR n.id CONTAINS $text OR name CONTAINS $text\n{found} LIMIT $limit",
        ),
        Statement(f"named_{label.value}", f"UNWIND $ids AS id\nMATCH (n:{_P}:{label.value} {{id: id}})\n{body}{found}"),
    )


def _covered(etype: str) -> str:
    """How many of the ``o`` counted have an ``etype`` edge in force on ``$at`` into them."""
    return f"       count(CASE WHEN EXISTS {{ MATCH ()-[r:{etype}]->(o) WHERE {in_force('r')} }} THEN 1 END) AS covered"


SCANS: tuple[Statement, ...] = (
    # ------------------------------------------------------------ push-down scans
    Statement(
        "orphan_duties",
        "MATCH (d:Duty)\nWHERE d.bound_role IS NULL AND NOT EXISTS { (d)<-[:BEARS]-() }\nRETURN d.id AS duty",
    ),
    Statement(
        "vacant_bearers",
        "MATCH (p:Position)-[:BEARS]->(d:Duty)\n"
        "WHERE NOT EXISTS { MATCH (o)-[:BEARS]->(d) WHERE NOT o:Position }\n"
        f"OPTIONAL MATCH (:Person)-[h:HOLDS]->(p) WHERE {in_force('h')}\n"
        "WITH d, p, count(h) AS holders\n"
        "WITH d, collect(p.id) AS posts, sum(holders) AS held\n"
        "WHERE held = 0\n"
        "RETURN d.id AS duty, posts",
    ),
    Statement(
        "missing_posts",
        "MATCH (d:Duty)\n"
        "WHERE d.bound_role IS NOT NULL AND NOT EXISTS { (d)<-[:BEARS]-() }\n"
        "RETURN d.bound_org AS org, d.bound_role AS role, collect(d.id) AS duties",
    ),
    Statement(
        "vacant_key_posts",
        "MATCH (p:Position)-[:IN]->(o:Organization)\n"
        "WHERE p.role IN $roles\n"
        f"OPTIONAL MATCH (:Person)-[h:HOLDS]->(p) WHERE {in_force('h')}\n"
        "WITH p, o, count(h) AS holders\n"
        "WHERE holders = 0\n"
        "RETURN p.id AS post, o.id AS org",
    ),
    Statement(
        "unoverseen_units",
        "MATCH (o:Organization {kind: $kind})\n"
        f"WHERE NOT EXISTS {{ MATCH ()-[r:OVERSEES]->(o) WHERE {in_force('r')} }}\n"
        "RETURN o.id AS org",
    ),
    Statement(
        "unsupervised_orgs",
        "MATCH (o:Organization)\n"
        "WHERE NOT o.kind IN $exempt\n"
        "  AND EXISTS { (:Position {role: $secretary})-[:IN]->(o) }\n"
        f"  AND NOT EXISTS {{ MATCH ()-[r:SUPERVISES]->(o) WHERE {in_force('r')} }}\n"
        "RETURN o.id AS org",
    ),
    Statement(
        "multiple_leads",
        "MATCH (b)-[r:BEARS {role: $lead}]->(d:Duty)\n"
        "WITH d, collect(b.id) AS bearers, collect(r.origin) AS origins\n"
        "WHERE size(bearers) > 1\n"
        "WITH d, bearers, origins,\n"
        "     d.bound_role IS NOT NULL AND NOT d.bound_role IN $single_roles AS shared\n"
        "WITH d, bearers,\n"
        "     size([o IN origins WHERE NOT (shared AND o = $template)])\n"
        "     + CASE WHEN shared AND $template IN origins THEN 1 ELSE 0 END AS parties\n"
        "WHERE parties > 1\n"
        "RETURN d.id AS duty, bearers",
    ),
    Statement(
        "overlapping_oversight",
        "MATCH (p:Position)-[r:OVERSEES]->(o:Organization)\n"
        f"WHERE {in_force('r')}\n"
        "WITH o, collect(DISTINCT p.id) AS posts\n"
        "WHERE size(posts) > 1\n"
        "RETURN o.id AS org, posts",
    ),
    Statement(
        "conflicts_of_interest",
        "MATCH (p:Position)-[r:OVERSEES]->(o:Organization)\n"
        f"WHERE p.role IN $roles AND {in_force('r')}\n"
        "RETURN p.id AS post, collect(DISTINCT o.id) AS orgs",
    ),
    # ------------------------------------------------------------ the app's pages
    _COUNTS,
    Statement(
        "org_counts",
        f"MATCH (o:{_P}:Organization) RETURN coalesce(o.level, '') AS level, o.kind AS kind, count(o) AS n",
    ),
    Statement(
        "coverage_units",
        f"MATCH (o:{_P}:Organization {{kind: $kind}})\n"
        "RETURN coalesce(o.level, '') AS level, count(o) AS total,\n" + _covered("OVERSEES"),
    ),
    Statement(
        "coverage_supervised",
        f"MATCH (o:{_P}:Organization)\n"
        "WHERE NOT o.kind IN $exempt AND EXISTS { (:Position {role: $secretary})-[:IN]->(o) }\n"
        "RETURN coalesce(o.level, '') AS level, count(o) AS total,\n" + _covered("SUPERVISES"),
    ),
    # each organization with duties (bound to it, borne by it or by its posts):
    # whether every one of them is borne on $at (by an organization, or a post with a holder)
    Statement(
        "coverage_duties",
        f"MATCH (d:{_P}:Duty)\n"
        f"OPTIONAL MATCH (b:{_P})-[:BEARS]->(d)\n"
        "OPTIONAL MATCH (b:Position)-[:IN]->(home:Organization)\n"
        "WITH d, coalesce(home, b) AS org,\n"
        f"     b IS NOT NULL AND (NOT b:Position OR EXISTS {{ MATCH (:Person)-[h:HOLDS]->(b) WHERE {in_force('h')} }})"
        " AS live\n"
        "WITH d, collect(org.id) AS orgs, true IN collect(live) AS borne\n"
        "UNWIND orgs + CASE WHEN d.bound_org IS NULL THEN [] ELSE [d.bound_org] END AS org\n"
        "WITH org, min(CASE WHEN borne THEN 1 ELSE 0 END) AS ok\n"
        f"MATCH (o:{_P}:Organization {{id: org}})\n"
        "RETURN coalesce(o.level, '') AS level, count(o) AS total, sum(ok) AS covered",
    ),
    # each lead bearing of a duty with a frequency rule that falls short in a
    # window ($windows: period -> [{start, end}] inside the range), with the
    # days of the duty's records in the range that count for it: all of them
    # for an organization, for a post those its holder on the day made
    Statement(
        "compliance_leads",
        f"MATCH (b:{_P})-[e:BEARS {{role: $lead}}]->(d:{_P}:Duty)\n"
        "WHERE d.frequency_period IS NOT NULL AND size($windows[d.frequency_period]) > 0\n"
        "OPTIONAL MATCH (r:Record)-[:FULFILS]->(d)\n"
        "WHERE r.date >= $start AND r.date <= $end\n"
        "  AND NOT (toLower(trim(coalesce(r.kind, ''))) = $handover OR coalesce(r.kind, '') CONTAINS $mark)\n"
        "  AND (b:Organization OR EXISTS {\n"
        f"    MATCH (p:Person)-[:PERFORMED]->(r) MATCH (p)-[h:HOLDS]->(b) WHERE {in_force('h', 'r.date')} }})\n"
        "WITH e, b, d, collect(r.date) AS days\n"
        "WHERE any(w IN $windows[d.frequency_period]\n"
        "          WHERE size([x IN days WHERE w.start <= x <= w.end]) < d.frequency_count)\n"
        "OPTIONAL MATCH (holder:Person)-[term:HOLDS]->(b)\n"
        "WITH b, d, days, collect({person: holder.id, start: term.start, end: term.end}) AS terms\n"
        "RETURN d.id AS duty, b.id AS bearer, d.frequency_period AS period, d.frequency_count AS count, days,\n"
        "       b:Position AS post, terms",
    ),
    # every post with a term ending in [$start, $end]: its label, all its terms (with the holders' names), how many
    # duties it bears, and the handover records of its holders that count for
    # it (queries.handover: kind $handover or naming $mark, on a duty the post
    # bears, or any when it bears none)
    Statement(
        "handover_posts",
        f"MATCH (:Person)-[h:HOLDS]->(post:{_P}:Position)\n"
        "WHERE h.end IS NOT NULL AND h.end >= $start AND h.end <= $end\n"
        "WITH DISTINCT post\n"
        "MATCH (p:Person)-[t:HOLDS]->(post)\n"
        f"WITH post, collect({{person: p.id, name: {_name('p', NodeLabel.PERSON)},\n"
        "                     start: t.start, end: t.end}) AS terms,\n"
        "     collect(DISTINCT p) AS people\n"
        "OPTIONAL MATCH (post)-[:BEARS]->(d:Duty)\n"
        "WITH post, terms, people, collect(d.id) AS duties\n"
        "UNWIND people AS p\n"
        "OPTIONAL MATCH (p)-[:PERFORMED]->(r:Record)-[:FULFILS]->(rd:Duty)\n"
        "WHERE (toLower(trim(coalesce(r.kind, ''))) = $handover OR coalesce(r.kind, '') CONTAINS $mark)\n"
        "  AND (size(duties) = 0 OR rd.id IN duties)\n"
        "WITH post, terms, duties,\n"
        "     collect(CASE WHEN r IS NULL THEN null ELSE {id: r.id, person: p.id, date: r.date} END) AS records\n"
        "OPTIONAL MATCH (post)-[:IN]->(o:Organization)\n"
        f"RETURN post.id AS post, {_name('o', NodeLabel.ORGANIZATION)} + '·' +\n"
        f"       {_name('post', NodeLabel.POSITION)} AS label,\n"
        "       terms, size(duties) AS duties, records",
    ),
    # the first and last dated fact, and the last record (queries.timeline.data_span)
    Statement(
        "data_span",
        f"OPTIONAL MATCH (:{_P})-[e:HOLDS|OVERSEES|SUPERVISES]->(:{_P})\n"
        "WITH min(e.start) AS s1, max(e.start) AS s2, min(e.end) AS e1, max(e.end) AS e2\n"
        f"OPTIONAL MATCH (c:{_P}:Case)\n"
        "WITH s1, s2, e1, e2, min(c.date) AS c1, max(c.date) AS c2\n"
        f"OPTIONAL MATCH (d:{_P}:Decision)\n"
        "WITH s1, s2, e1, e2, c1, c2, min(d.date) AS d1, max(d.date) AS d2\n"
        f"OPTIONAL MATCH (l:{_P}:ResponsibilityList)\n"
        "WITH s1, s2, e1, e2, c1, c2, d1, d2, min(l.issued) AS l1, max(l.issued) AS l2\n"
        f"OPTIONAL MATCH (r:{_P}:Record)\n"
        "WITH s1, s2, e1, e2, c1, c2, d1, d2, l1, l2, min(r.date) AS r1, max(r.date) AS r2\n"
        "RETURN [x IN [s1, e1, c1, d1, l1, r1] WHERE x IS NOT NULL] AS firsts,\n"
        "       [x IN [s2, e2, c2, d2, l2, r2] WHERE x IS NOT NULL] AS lasts, r2 AS latest_record",
    ),
    Statement(
        "unparsed_frequencies",
        f"MATCH (d:{_P}:Duty)\n"
        "WHERE d.frequency IS NOT NULL AND d.frequency <> '' AND d.frequency_period IS NULL\n"
        "RETURN d.id AS duty",
    ),
    # each organization with the chain from the top down to it (queries.dossier.unit_chains)
    Statement(
        "org_chains",
        "UNWIND $ids AS id\n"
        f"MATCH path = (o:{_P}:Organization {{id: id}})-[:REPORTS_TO*0..]->(top:{_P}:Organization)\n"
        "WHERE NOT (top)-[:REPORTS_TO]->(:Organization)\n"
        "RETURN id, o.level AS level, [n IN reverse(nodes(path)) | n.id] AS chain",
    ),
    # the organization each finding's subject belongs to (queries.dossier.home_org, in the store)
    Statement(
        "finding_units",
        "UNWIND $ids AS id\n"
        f"MATCH (n:{_P} {{id: id}})\n"
        "OPTIONAL MATCH (n)-[:IN]->(post_org:Organization)\n"
        f"OPTIONAL MATCH (bound:{_P}:Organization {{id: n.bound_org}})\n"
        "OPTIONAL MATCH (bearer)-[:BEARS]->(n)\n"
        "WITH n, post_org, bound, bearer ORDER BY bearer.id\n"
        "WITH n, post_org, bound, head(collect(bearer)) AS bearer\n"
        "OPTIONAL MATCH (bearer)-[:IN]->(bearer_org:Organization)\n"
        "OPTIONAL MATCH (n)-[occurred:OCCURRED_IN]->(place:Organization)\n"
        "WITH n, post_org, bound, bearer, bearer_org, place\n"
        "     ORDER BY CASE WHEN occurred.role IS NULL THEN 0 ELSE 1 END, place.id\n"
        "WITH n, post_org, bound, bearer, bearer_org, head(collect(place)) AS place\n"
        "OPTIONAL MATCH (n)-[:HOLDS]->(held:Position)\n"
        "WITH n, post_org, bound, bearer, bearer_org, place, held ORDER BY held.id\n"
        "WITH n, post_org, bound, bearer, bearer_org, place, head(collect(held)) AS held\n"
        "OPTIONAL MATCH (held)-[:IN]->(held_org:Organization)\n"
        "WITH n, CASE\n"
        "  WHEN n:Organization THEN n\n"
        "  WHEN n:Position THEN post_org\n"
        "  WHEN n:Duty THEN coalesce(bound, CASE WHEN bearer:Organization THEN bearer ELSE bearer_org END)\n"
        "  WHEN n:Case THEN place\n"
        "  WHEN n:Person THEN held_org\n"
        "END AS unit\n"
        f"RETURN n.id AS id, unit.id AS unit, {_name('unit', NodeLabel.ORGANIZATION)} AS name",
    ),
    Statement(
        "top_org",
        f"MATCH (o:{_P}:Organization) WHERE NOT EXISTS {{ (o)-[:REPORTS_TO]->(:Organization) }}\n"
        "RETURN o.id AS org ORDER BY org LIMIT 1",
    ),
    # the pickers: up to $limit nodes whose id or shown name holds $text, by
    # id; and the nodes named by $ids, as the pickers show them
    *(stmt for label in NodeLabel for stmt in _pickers(label)),
)
