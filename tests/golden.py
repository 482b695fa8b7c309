"""What the demo says, kept as it was before the house was rearranged (issue 19).

``python -m tests.golden --write`` stores the demo's findings and traces in
``tests/golden/demo.tsv``; ``tests/test_golden.py`` holds today's output to it, so
a move that changes anything a user sees fails. Write it again only for a change
meant to be seen (and say so in CHANGELOG.md).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STORED = ROOT / "tests" / "golden" / "demo.tsv"
DAYS = (date(2024, 6, 30), date(2026, 11, 21))
TODAY = date(2026, 11, 21)  # a trace's "post today", fixed


def current() -> dict[str, Any]:
    """The demo's findings on :data:`DAYS`, compliance over 2025 and every trace by every
    rule set, keyed ``findings/{scan}@{day}`` and ``traces/{case}/{rule set}``."""
    from graph.schema import NodeLabel
    from loaders import load_graph
    from queries import compliance, gaps, orphans, overlaps
    from queries.trace import trace_case
    from rules import rule_set_names

    G = load_graph(ROOT / "data" / "demo")
    out: dict[str, Any] = {}
    for day in DAYS:
        for scan in (orphans, gaps, overlaps):
            out[f"findings/{scan.__name__}@{day}"] = [f.to_dict("zh") for f in scan(G, at=day)]
    year = compliance(G, start=date(2025, 1, 1), end=date(2025, 12, 31))
    out["findings/compliance@2025"] = [f.to_dict("zh") for f in year]
    for case in G.ids(NodeLabel.CASE):
        for name in rule_set_names():
            out[f"traces/{case}/{name}"] = trace_case(G, case, name, today=TODAY).to_dict("zh")
    return {k: json.loads(json.dumps(v, ensure_ascii=False, default=str)) for k, v in out.items()}


def stored() -> dict[str, Any]:
    """The stored copy: one entry per line, ``key<TAB>compact JSON``."""
    lines = STORED.read_text("utf-8").splitlines()
    return {key: json.loads(value) for key, value in (line.split("\t", 1) for line in lines)}


if __name__ == "__main__":
    if "--write" in sys.argv:
        STORED.parent.mkdir(exist_ok=True)
        entries = sorted(current().items())
        STORED.write_text(
            "".join(f"{k}\t{json.dumps(v, ensure_ascii=False, sort_keys=True)}\n" for k, v in entries), "utf-8"
        )
    else:
        print(json.dumps(current(), ensure_ascii=False, sort_keys=True)[:2000])
