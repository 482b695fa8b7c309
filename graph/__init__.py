"""The responsibility graph: schema, records, builder, time helpers and errors.

``graph`` is the core every other layer imports; it imports none of them.
"""

from graph.builder import GraphBuilder, build_graph
from graph.errors import CaseNotFound, DataSourceError, GraphError, LoadError, NodeNotFound, Problem, RespnetError
from graph.model import Link, ResponsibilityGraph, in_force
from graph.schema import (
    AccountabilityRole,
    BearerRole,
    BearingSource,
    DutyKind,
    EdgeType,
    NodeLabel,
    OrgKind,
    Role,
    SupervisionKind,
)
from graph.temporal import Interval

__all__ = [
    "AccountabilityRole",
    "BearerRole",
    "BearingSource",
    "CaseNotFound",
    "DataSourceError",
    "DutyKind",
    "EdgeType",
    "GraphBuilder",
    "GraphError",
    "Interval",
    "Link",
    "LoadError",
    "NodeLabel",
    "NodeNotFound",
    "OrgKind",
    "Problem",
    "RespnetError",
    "ResponsibilityGraph",
    "Role",
    "SupervisionKind",
    "build_graph",
    "in_force",
]
