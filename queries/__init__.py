"""Analyses: pure functions over a ResponsibilityGraph.

Each takes the graph first and keyword options after, does no I/O and returns
findings (:class:`queries.findings.Finding`) or a :class:`queries.trace.Trace`.
Nothing here imports the loaders, streamlit or neo4j.
"""

from queries.compliance import compliance, underperformed_duties, unparsed_frequencies
from queries.findings import Finding, FindingKind, sort_findings
from queries.gaps import gaps, missing_posts, unoverseen_units, unsupervised_orgs, vacant_key_posts
from queries.handover import handover_gaps
from queries.orphans import orphaned_duties, orphans, vacant_bearers
from queries.overlaps import conflicts_of_interest, multiple_leads, overlapping_oversight, overlaps
from queries.trace import Trace, trace_case

__all__ = [
    "Finding",
    "FindingKind",
    "Trace",
    "compliance",
    "conflicts_of_interest",
    "gaps",
    "handover_gaps",
    "missing_posts",
    "multiple_leads",
    "orphaned_duties",
    "orphans",
    "overlapping_oversight",
    "overlaps",
    "sort_findings",
    "trace_case",
    "underperformed_duties",
    "unoverseen_units",
    "unparsed_frequencies",
    "unsupervised_orgs",
    "vacant_bearers",
    "vacant_key_posts",
]
