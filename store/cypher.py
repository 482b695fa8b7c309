"""Every Cypher statement respnet runs, in one registry (:data:`STATEMENTS`):
the push, the read-back and the trace's rounds here, what is answered inside
the store (scans, the app's counts and pickers) in :mod:`store.cypher_scans`.

Statements are parameterised: values (ids, dates, rows) always travel as
parameters, never formatted into the text. Labels and relationship types
cannot be parameters in Cypher 5, so the few statements made per label or per
type are written out here from the schema's own enums, never from input.

Every node respnet writes carries its label of :class:`~graph.schema.NodeLabel`
plus :data:`PROJECT_LABEL`; ids are unique across labels, so the project label
has its own uniqueness constraint and every lookup by id uses it. Deletions
and reads are scoped to project-labelled nodes and the schema's relationship
types, so nothing else in a shared database is read or touched.

``make test`` hands every statement to Neo4j's own Cypher front end
(``tests/cypher/lint.mjs``), with the labels, relationship types, property
keys and parameters below declared; any diagnostic fails the build.

>>> statement("orphan_duties").params
frozenset()
>>> sorted(statement("vacant_bearers").params)
['at']
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.schema import EDGE_ENDPOINTS, EDGE_PROPS, NODES, EdgeType, NodeLabel
from store.cypher_scans import SCANS
from store.statement import META_LABEL, PROJECT_LABEL, Statement, in_force

__all__ = [
    "CONSOLE_EXAMPLE",
    "META_LABEL",
    "PARAMETERS",
    "PROJECT_LABEL",
    "PROPERTY_KEYS",
    "SCHEMA",
    "STATEMENTS",
    "Statement",
    "bucket_rows",
    "delete_nodes",
    "graph_schema",
    "statement",
    "upsert_nodes",
    "upsert_rels",
]

#: Property keys respnet writes (declared to the linter, which flags any other): every
#: node attribute and edge property of the schema, then what only a store holds.
PROPERTY_KEYS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            "id",
            "key",
            *(a.name for spec in NODES.values() for a in spec.attrs),
            "start",
            "end",
            *EDGE_PROPS,
            # the dataset's mark: its content hash, when and what was pushed, a push under way
            *("hash", "pushed", "pushing", "name", "nodes", "edges"),
            # the bucket a node falls in (0..65535), by which a push compares and rewrites the data in parts
            "_b",
            # keys of the row maps a batch carries (``row.source`` ...), not stored
            *("source", "target", "props", "type"),
        ]
    )
)

#: Every parameter a statement may take, with what it holds (declared to the
#: linter, which flags any other ``$name``).
PARAMETERS: dict[str, str] = {
    "at": "date: the day edges must be in force (null: any day)",
    "rows": "list of maps: the rows of a batch",
    "ids": "list of node ids",
    "types": "list of relationship types",
    "case_id": "a case id",
    "orgs": "list of organization ids",
    "duties": "list of duty ids",
    "persons": "list of person ids",
    "posts": "list of position ids",
    "roles": "list of post roles",
    "kind": "an organization kind",
    "exempt": "list of organization kinds",
    "secretary": "the secretary role",
    "lead": "the lead bearer role",
    "single_roles": "list of single-holder roles",
    "template": "the template bearing source",
    "meta_id": "the id of the push record",
    "hash": "content hash of the pushed data",
    "name": "the pushed dataset's name",
    "pushed": "when the data last changed (ISO time)",
    "pushing": "when the push now writing began (ISO time)",
    "nodes": "number of nodes pushed",
    "edges": "number of relationships pushed",
    "org": "console example: an organization id",
    "text": "what a picker's search box holds (empty: anything)",
    "limit": "the most rows a picker lists",
    "start": "the first day of a compliance period",
    "end": "the last day of a compliance period",
    "handover": "the record kind of a handover (queries.handover)",
    "mark": "text in a record kind that makes it a handover (交接)",
    "windows": "map: frequency period -> the calendar windows [{start, end}] inside a compliance range",
    "lo": "the first bucket number of a bucket's range",
    "hi": "the bucket number after a bucket's range",
    "prefix": "the id prefix of a section's bucket records",
    "bucket_id": "the id of one bucket's record",
    "keep": "the ids of the bucket records to keep",
    "a": "test fixture: a foreign node's id",
    "b": "test fixture: a foreign node's id",
}

_P = PROJECT_LABEL
_TYPES = " | ".join(t.value for t in EdgeType)

_FIXED: tuple[Statement, ...] = (
    # ------------------------------------------------------------ server and schema
    Statement(
        "server_components",
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
    ),
    Statement(
        "project_constraint",
        f"CREATE CONSTRAINT respnet_node_id IF NOT EXISTS FOR (n:{_P}) REQUIRE n.id IS UNIQUE",
        write=True,
    ),
    Statement(
        "meta_constraint",
        f"CREATE CONSTRAINT respnet_meta_id IF NOT EXISTS FOR (m:{META_LABEL}) REQUIRE m.id IS UNIQUE",
        write=True,
    ),
    Statement(
        "index_org_kind",
        "CREATE INDEX respnet_org_kind IF NOT EXISTS FOR (n:Organization) ON (n.kind)",
        write=True,
    ),
    Statement(
        "index_position_role",
        "CREATE INDEX respnet_position_role IF NOT EXISTS FOR (n:Position) ON (n.role)",
        write=True,
    ),
    Statement(
        "index_case_date",
        "CREATE INDEX respnet_case_date IF NOT EXISTS FOR (n:Case) ON (n.date)",
        write=True,
    ),
    # ------------------------------------------------------------ the last push
    Statement(
        "index_bucket",
        f"CREATE INDEX respnet_bucket IF NOT EXISTS FOR (n:{_P}) ON (n._b)",
        write=True,
    ),
    # ------------------------------------------------------------ the push's bucket records
    Statement(
        "buckets_read",
        f"MATCH (m:{META_LABEL}) WHERE m.id STARTS WITH $prefix RETURN m.id AS id, m.hash AS hash",
    ),
    Statement(
        "bucket_write",
        f"MERGE (m:{META_LABEL} {{id: $bucket_id}}) SET m.hash = $hash",
        write=True,
    ),
    Statement(
        "buckets_drop",
        f"MATCH (m:{META_LABEL}) WHERE m.id STARTS WITH $prefix AND NOT m.id IN $keep DELETE m\n"
        "RETURN count(*) AS dropped",
        write=True,
    ),
    Statement(
        "unbucketed_drop",
        f"MATCH (n:{_P}) WHERE n._b IS NULL DETACH DELETE n",
        write=True,
    ),
    Statement(
        "meta_read",
        f"MATCH (m:{META_LABEL} {{id: $meta_id}}) "
        "RETURN m.hash AS hash, m.name AS name, m.pushed AS pushed, m.nodes AS nodes, m.edges AS edges, "
        "m.pushing AS pushing",
    ),
    Statement(
        "meta_begin",
        f"MERGE (m:{META_LABEL} {{id: $meta_id}}) SET m.pushing = $pushing",
        write=True,
    ),
    Statement(
        "meta_write",
        f"MERGE (m:{META_LABEL} {{id: $meta_id}})\n"
        "WITH m, coalesce(m.hash = $hash, false) AS same\n"
        "SET m.pushed = CASE WHEN same THEN m.pushed ELSE $pushed END,\n"
        "    m.hash = $hash, m.name = $name, m.nodes = $nodes, m.edges = $edges, m.pushing = null",
        write=True,
    ),
    # ------------------------------------------------------------ everything (sync and read back)
    Statement(
        "all_nodes",
        f"MATCH (n:{_P}) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
    ),
    Statement(
        "all_rels",
        f"MATCH (a:{_P})-[r:{_TYPES}]->(b:{_P})\n"
        "RETURN a.id AS source, type(r) AS type, r.key AS key, b.id AS target, properties(r) AS props",
    ),
    # ------------------------------------------------------------ sync: removals
    Statement(
        "delete_rels",
        "UNWIND $rows AS row\n"
        f"MATCH (a:{_P} {{id: row.source}})-[r:{_TYPES} {{key: row.key}}]->(b:{_P} {{id: row.target}})\n"
        "WHERE type(r) = row.type\n"
        "DELETE r\n"
        "RETURN count(*) AS deleted",
        write=True,
    ),
    # ------------------------------------------------------------ read back
    Statement(
        "count_nodes",
        f"MATCH (n:{_P}) RETURN count(n) AS nodes",
    ),
    Statement(
        "count_rels",
        f"MATCH (:{_P})-[r:{_TYPES}]->(:{_P}) RETURN count(r) AS rels",
    ),
    # Every statement below returns triples ``a, r, b``: a relationship with its
    # start and end node, or a node alone in ``a`` (``r`` and ``b`` null). Those
    # that start from nodes the caller holds (``expand``, ``among``) leave them
    # out (null) and name the relationship's ends in ``source`` and ``target``.
    Statement(
        "nodes_with_org",
        f"UNWIND $ids AS id\nMATCH (a:{_P} {{id: id}})\nOPTIONAL MATCH (a)-[r:IN]->(b:Organization)\nRETURN a, r, b",
    ),
    Statement(
        "expand",
        "UNWIND $ids AS id\n"
        f"MATCH (n:{_P} {{id: id}})-[r:{_TYPES}]-(m:{_P})\n"
        "WHERE type(r) IN $types\n"
        f"  AND ($at IS NULL OR ({in_force('r')}))\n"
        "WITH n, r, m, startNode(r) = n AS leaving\n"
        "RETURN CASE WHEN leaving THEN null ELSE m END AS a, r, CASE WHEN leaving THEN m END AS b,\n"
        "       startNode(r).id AS source, endNode(r).id AS target",
    ),
    Statement(
        "expand_count",
        "UNWIND $ids AS id\n"
        f"MATCH (:{_P} {{id: id}})-[r:{_TYPES}]-(m:{_P})\n"
        "WHERE type(r) IN $types\n"
        f"  AND ($at IS NULL OR ({in_force('r')}))\n"
        "RETURN count(DISTINCT m) AS nodes",
    ),
    Statement(
        "among",
        "UNWIND $ids AS id\n"
        f"MATCH (x:{_P} {{id: id}})-[r:{_TYPES}]->(y:{_P})\n"
        "WHERE type(r) IN $types AND y.id IN $ids\n"
        f"  AND ($at IS NULL OR ({in_force('r')}))\n"
        "RETURN null AS a, r, null AS b, x.id AS source, y.id AS target",
    ),
    Statement(
        "trace_case",
        "MATCH (a:Case {id: $case_id})\n"
        f"OPTIONAL MATCH (a)-[r:OCCURRED_IN | BREACHES | INVOLVES]->(b:{_P})\n"
        "RETURN a, r, b\n"
        "UNION ALL\n"
        "MATCH (a:Decision)-[r:CONCERNS]->(b:Case {id: $case_id})\n"
        "RETURN a, r, b\n"
        "UNION ALL\n"
        f"MATCH (:Case {{id: $case_id}})<-[:CONCERNS]-(a:Decision)-[r:TARGETS]->(b:{_P})\n"
        "RETURN a, r, b\n"
        "UNION ALL\n"
        "MATCH (:Case {id: $case_id})-[:OCCURRED_IN]->(:Organization)"
        "-[:REPORTS_TO*0..]->(a:Organization)-[r:REPORTS_TO]->(b:Organization)\n"
        "RETURN a, r, b",
    ),
    Statement(
        "trace_ring",
        "UNWIND $orgs AS id\n"
        "MATCH (a:Position)-[r:OVERSEES]->(b:Organization {id: id})\n"
        "RETURN a, r, b\n"
        "UNION ALL\n"
        "UNWIND $orgs AS id\n"
        "MATCH (a:Organization)-[r:SUPERVISES]->(b:Organization {id: id})\n"
        "RETURN a, r, b\n"
        "UNION ALL\n"
        "UNWIND $duties AS id\n"
        f"MATCH (a:{_P})-[r:BEARS]->(b:Duty {{id: id}})\n"
        "RETURN a, r, b\n"
        "UNION ALL\n"
        "UNWIND $persons AS id\n"
        "MATCH (a:Person {id: id})-[r:HOLDS]->(b:Position)\n"
        "RETURN a, r, b",
    ),
    Statement(
        "posts_in",
        "UNWIND $orgs AS id\nMATCH (a:Position)-[r:IN]->(b:Organization {id: id})\nRETURN a, r, b",
    ),
    Statement(
        "post_context",
        "UNWIND $posts AS id\n"
        "MATCH (a:Position {id: id})-[r:IN | OVERSEES]->(b:Organization)\n"
        "RETURN a, r, b\n"
        "UNION ALL\n"
        "UNWIND $posts AS id\n"
        "MATCH (a:Person)-[r:HOLDS]->(b:Position {id: id})\n"
        "RETURN a, r, b",
    ),
)


def _upsert_node(label: NodeLabel) -> Statement:
    """Write nodes of ``label``; a node that had another schema label loses it."""
    others = ", ".join(f"n:{other.value}" for other in NodeLabel if other is not label)
    return Statement(
        f"upsert_{label.value}",
        "UNWIND $rows AS row\n"
        f"MERGE (n:{_P} {{id: row.id}})\n"
        f"SET n = row.props, n:{label.value}\n"
        f"REMOVE {others}\n"
        "RETURN count(n) AS written",
        write=True,
    )


def _bucket_nodes(label: NodeLabel) -> Statement:
    """The nodes of ``label`` in one bucket range, as a push compares them."""
    return Statement(
        f"bucket_{label.value}",
        f"MATCH (n:{_P}:{label.value}) USING INDEX n:{_P}(_b) WHERE n._b >= $lo AND n._b < $hi\n"
        "RETURN n.id AS id, properties(n) AS props",
    )


def _bucket_rels(etype: EdgeType) -> Statement:
    """The relationships of ``etype`` whose start node is in one bucket range
    (the index is named: with no such relationships yet, the planner would
    otherwise scan the type, and keep that plan as they grow)."""
    return Statement(
        f"bucket_{etype.value}",
        f"MATCH (a:{_P}) USING INDEX a:{_P}(_b) WHERE a._b >= $lo AND a._b < $hi\n"
        f"MATCH (a)-[r:{etype.value}]->(b:{_P})\n"
        "RETURN a.id AS source, r.key AS key, b.id AS target, properties(r) AS props",
    )


def _upsert_rel(etype: EdgeType) -> Statement:
    return Statement(
        f"upsert_{etype.value}",
        "UNWIND $rows AS row\n"
        f"MATCH (a:{_P} {{id: row.source}})\n"
        f"MATCH (b:{_P} {{id: row.target}})\n"
        f"MERGE (a)-[r:{etype.value} {{key: row.key}}]->(b)\n"
        "SET r = row.props\n"
        "RETURN count(r) AS written",
        write=True,
    )


def _constraint(label: NodeLabel) -> Statement:
    return Statement(
        f"constraint_{label.value}",
        f"CREATE CONSTRAINT respnet_{label.value.lower()}_id IF NOT EXISTS "
        f"FOR (n:{label.value}) REQUIRE n.id IS UNIQUE",
        write=True,
    )


#: What the app's read-only console offers to start from.
CONSOLE_EXAMPLE = Statement(
    "console_example",
    "MATCH (o:Organization {id: $org})<-[r:IN]-(p:Position)\n"
    "OPTIONAL MATCH (h:Person)-[t:HOLDS]->(p)\n"
    "RETURN o, r, p, t, h\n"
    "LIMIT 100",
)

#: Fixtures of the store's integration tests: two organizations WITHOUT the
#: project label, joined by a relationship, that a push must never touch.
_FIXTURES: tuple[Statement, ...] = (
    Statement(
        "fixture_foreign_write",
        "MERGE (a:Organization {id: $a}) MERGE (b:Organization {id: $b}) MERGE (a)-[:REPORTS_TO {key: $a}]->(b)",
        write=True,
    ),
    Statement(
        "fixture_foreign_count",
        f"MATCH (n:Organization) WHERE n.id IN [$a, $b] AND NOT n:{_P} RETURN count(n) AS found",
    ),
    Statement(
        "fixture_foreign_rels",
        f"MATCH (a:Organization {{id: $a}})-[r:REPORTS_TO]->(b:Organization {{id: $b}}) WHERE NOT a:{_P} "
        "RETURN count(r) AS found",
    ),
    Statement(
        "fixture_clear",
        f"MATCH (n:{_P}) DETACH DELETE n WITH count(*) AS gone MATCH (m:{META_LABEL}) DELETE m",
        write=True,
    ),
    Statement(
        "fixture_foreign_drop",
        f"MATCH (n:Organization) WHERE n.id IN [$a, $b] AND NOT n:{_P} DETACH DELETE n",
        write=True,
    ),
)

_DELETE_NODES = Statement(
    "delete_nodes",
    f"UNWIND $ids AS id\nMATCH (n:{_P} {{id: id}})\nDETACH DELETE n\nRETURN count(*) AS deleted",
    write=True,
)

STATEMENTS: dict[str, Statement] = {
    s.name: s
    for s in (
        *_FIXED,
        *SCANS,
        *(_constraint(label) for label in NodeLabel),
        *(_upsert_node(label) for label in NodeLabel),
        *(_upsert_rel(etype) for etype in EdgeType),
        *(_bucket_nodes(label) for label in NodeLabel),
        *(_bucket_rels(etype) for etype in EdgeType),
        _DELETE_NODES,
        CONSOLE_EXAMPLE,
        *_FIXTURES,
    )
}

#: Statements that build the schema, in the order they run.
SCHEMA: tuple[Statement, ...] = (
    STATEMENTS["project_constraint"],
    STATEMENTS["meta_constraint"],
    *(STATEMENTS[f"constraint_{label.value}"] for label in NodeLabel),
    STATEMENTS["index_org_kind"],
    STATEMENTS["index_position_role"],
    STATEMENTS["index_case_date"],
    STATEMENTS["index_bucket"],
)


def statement(name: str) -> Statement:
    """The statement called ``name``."""
    return STATEMENTS[name]


def upsert_nodes(label: NodeLabel) -> Statement:
    return STATEMENTS[f"upsert_{label.value}"]


def upsert_rels(etype: EdgeType) -> Statement:
    return STATEMENTS[f"upsert_{etype.value}"]


def bucket_rows(kind: NodeLabel | EdgeType) -> Statement:
    return STATEMENTS[f"bucket_{kind.value}"]


def delete_nodes() -> Statement:
    return _DELETE_NODES


def graph_schema() -> Iterator[dict[str, str]]:
    """The (from label, relationship type, to label) triples the schema allows,
    for the linter's path checks; every node also carries the project label."""
    for etype, (sources, targets) in EDGE_ENDPOINTS.items():
        for s in sorted({*sources, _P}):
            for t in sorted({*targets, _P}):
                yield {"from": str(s), "relType": etype.value, "to": str(t)}
