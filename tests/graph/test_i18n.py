"""The translation table is complete: every key in both languages with the same
placeholders, and every message the code asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from graph.errors import ProblemCode
from graph.i18n import catalog
from queries.findings import FindingKind

ROOT = Path(__file__).resolve().parents[2]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, entry in catalog().items():
        assert entry["zh"].strip() and entry["en"].strip(), key
        assert placeholders(entry["zh"]) == placeholders(entry["en"]), key


def test_every_finding_kind_has_a_message_and_a_name() -> None:
    for kind in FindingKind:
        assert f"finding.{kind.value}" in catalog()
        assert f"finding_kind.{kind.value}" in catalog()


def test_every_message_key_used_in_the_code_exists() -> None:
    keys = set(catalog())
    sources = [p for d in ("access", "cli", "graph", "loaders", "queries", "ui") for p in (ROOT / d).rglob("*.py")]
    sources += [ROOT / "app.py"]
    used: set[str] = set()
    for path in sources:
        text = path.read_text("utf-8")
        used |= set(re.findall(r'"((?:error|cli|app|trace|finding|window|frequency|audit)\.[a-z_.0-9]+)"', text))
        used |= {f"trace.{c}" for c in re.findall(r'\.note\("([a-z_0-9]+)"', text)}
    used = {u for u in used if not u.endswith((".", ".json", ".jsonl"))}  # file names are not keys
    missing = sorted(u for u in used if u not in keys)
    assert not missing, missing
    assert len(used) > 40  # the scan did find the keys


def test_every_problem_code_has_a_message() -> None:
    assert {f"load.{code.value}" for code in ProblemCode} <= set(catalog())
