"""Every label and message of the app comes from the one translation table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from graph.i18n import catalog
from tests.helpers import ROOT

APP_FILES = sorted([ROOT / "app.py", *(ROOT / "ui").rglob("*.py")])
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
# joiners between names and list separators: punctuation, not words
PUNCTUATION = {"、", "；", "（", "）", "·", "：", "，"}
# a whole message key (an f-string's constant prefix such as "app.mode_" is not one)
KEY = r"(app|cli|finding_kind|edge_type|node_label|level)\.[a-z_]*[a-z]"


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_words_written_in_the_code(path: Path) -> None:
    words = [
        (line, text) for line, text in _strings(path) if CJK.search(text) and not set(CJK.findall(text)) <= PUNCTUATION
    ]
    assert words == [], f"{path.name}: text belongs in graph/messages.toml"


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_key_the_app_asks_for_exists(path: Path) -> None:
    keys = {text for _, text in _strings(path) if re.fullmatch(KEY, text)}
    assert not keys - set(catalog()), sorted(keys - set(catalog()))


def test_every_app_message_has_both_languages() -> None:
    for key, entry in catalog().items():
        if key.startswith("app."):
            assert entry["zh"] and entry["en"], key
