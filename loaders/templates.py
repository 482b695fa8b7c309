"""Responsibility-list templates in YAML (``lists/*.yaml``).

The format (DESIGN.md)::

    id: SC-3L5P
    title: ...
    issuer: ...
    issued: 2020-06-01
    clauses:
      - clause: "1"
        text: ...
        kind: principal            # principal | first_responsible | dual_duty | supervisory
        category: 推进
        frequency: 每季度至少1次
        applies_to: {org_kind: branch, role: secretary, level: 市}

``org_kind`` and ``level`` take one value or a list. The YAML is read as a node
tree so every problem points at its own line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import yaml

from graph.errors import Problem, Severity
from graph.errors import ProblemCode as P
from graph.records import AppliesTo, Clause, ResponsibilityList, Source
from graph.schema import DutyKind, OrgKind, Role
from loaders.cells import CellError, parse_vocab, parse_written_date
from loaders.readers import TemplateFile

__all__ = ["parse_template"]

_LIST_KEYS = {"id", "title", "issuer", "issued", "clauses"}
_CLAUSE_KEYS = {"clause", "text", "kind", "category", "frequency", "applies_to"}
_APPLIES_KEYS = {"org_kind", "role", "level"}


class _Reader:
    """Problems of one template file, located at YAML lines."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.name = name
        self.problems = problems
        self.failed = False

    def add(
        self, node: yaml.Node, key: str | None, code: P, severity: Severity = Severity.ERROR, **params: object
    ) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1, key, code, params, severity))
        if severity is Severity.ERROR:
            self.failed = True

    def mapping(self, node: yaml.Node, allowed: set[str], where: str | None) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.add(node, where, P.YAML_NOT_MAPPING)
            return None
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                self.add(key_node, key, P.YAML_DUPLICATE_KEY)
            elif key not in allowed:
                self.add(key_node, key, P.UNKNOWN_KEY, Severity.WARNING, allowed=", ".join(sorted(allowed)))
            else:
                out[key] = value_node
        return out

    def text(self, fields: dict[str, yaml.Node], key: str, parent: yaml.Node, required: bool = False) -> str:
        node = fields.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            if required:
                self.add(node or parent, key, P.REQUIRED)
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self.add(node, key, P.YAML_NOT_SCALAR)
            return ""
        value = str(node.value).strip()
        if required and not value:
            self.add(node, key, P.REQUIRED)
        return value

    def texts(self, fields: dict[str, yaml.Node], key: str) -> list[tuple[yaml.Node, str]]:
        node = fields.get(key)
        if node is None:
            return []
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out: list[tuple[yaml.Node, str]] = []
        for item in items:
            if isinstance(item, yaml.ScalarNode) and str(item.value).strip():
                out.append((item, str(item.value).strip()))
            else:
                self.add(item, key, P.YAML_NOT_SCALAR)
        return out

    def convert(self, node: yaml.Node | None, key: str, parse: Callable[[str], Any], text: str) -> Any:
        if not text:
            return None
        try:
            return parse(text)
        except CellError as e:
            assert node is not None
            self.add(node, key, e.code, Severity.ERROR, **e.params)
            return None


def _applies_to(r: _Reader, node: yaml.Node) -> AppliesTo | None:
    fields = r.mapping(node, _APPLIES_KEYS, "applies_to")
    if fields is None:
        return None
    kinds = [r.convert(n, "org_kind", lambda s: parse_vocab(OrgKind, s), s) for n, s in r.texts(fields, "org_kind")]
    if not kinds:
        r.add(node, "org_kind", P.REQUIRED)
    role_text = r.text(fields, "role", node)
    role = r.convert(fields.get("role"), "role", lambda s: parse_vocab(Role, s), role_text)
    levels = tuple(s for _, s in r.texts(fields, "level"))
    if None in kinds or (role_text and role is None) or not kinds:
        return None
    return AppliesTo(tuple(kinds), role, levels)


#: libyaml's parser when PyYAML was built with it (ten times faster; the same
#: nodes and marks), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_template(file: TemplateFile, problems: list[Problem]) -> tuple[ResponsibilityList | None, list[Clause]]:
    """The list and its clauses; problems are appended to ``problems``, and a
    file with any error yields nothing."""
    r = _Reader(file.name, problems)
    try:
        root = yaml.compose(file.text, Loader=_LOADER)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problems.append(
            Problem(
                file.name,
                mark.line + 1 if mark else None,
                None,
                P.YAML_SYNTAX,
                {"detail": getattr(e, "problem", None) or str(e)},
            )
        )
        return None, []
    if root is None:
        problems.append(Problem(file.name, None, None, P.YAML_EMPTY))
        return None, []
    top = r.mapping(root, _LIST_KEYS, None)
    if top is None:
        return None, []
    list_id = r.text(top, "id", root, required=True)
    title = r.text(top, "title", root, required=True)
    issued_text = r.text(top, "issued", root)
    issued: date | None = r.convert(top.get("issued"), "issued", parse_written_date, issued_text)
    the_list = ResponsibilityList(
        list_id, title, r.text(top, "issuer", root), issued, src=Source(file.name, root.start_mark.line + 1)
    )
    clauses_node = top.get("clauses")
    clauses: list[Clause] = []
    if not isinstance(clauses_node, yaml.SequenceNode) or not clauses_node.value:
        r.add(clauses_node or root, "clauses", P.YAML_NO_CLAUSES)
    else:
        for item in clauses_node.value:
            fields = r.mapping(item, _CLAUSE_KEYS, "clauses")
            if fields is None:
                continue
            number = r.text(fields, "clause", item, required=True)
            text = r.text(fields, "text", item, required=True)
            kind_text = r.text(fields, "kind", item, required=True)
            kind = r.convert(fields.get("kind"), "kind", lambda s: parse_vocab(DutyKind, s), kind_text)
            applies = _applies_to(r, fields["applies_to"]) if "applies_to" in fields else None
            if number and text and kind:
                clauses.append(
                    Clause(
                        list_id,
                        number,
                        text,
                        kind,
                        r.text(fields, "category", item),
                        r.text(fields, "frequency", item),
                        applies,
                        src=Source(file.name, item.start_mark.line + 1),
                    )
                )
    if r.failed:
        return None, []
    return the_list, clauses
