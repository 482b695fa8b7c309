"""Nodes and edges as store rows, and store values back as the graph's own.

The encoding of nodes and edges as rows (:func:`node_row`, :func:`edge_row`)
and back (:func:`decode_node`, :func:`decode_edge`) lives in one place, so a
network pushed and read back is the network that was pushed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date  # noqa: F401 - the doctests use it
from enum import StrEnum
from typing import Any

from graph.errors import GraphError
from graph.schema import VOCABULARY_ATTRS, EdgeType, NodeLabel, OrgKind  # noqa: F401 - OrgKind: the doctests

__all__ = [
    "BUCKET_PROP",
    "decode_edge",
    "decode_node",
    "edge_row",
    "native",
    "node_label",
    "node_row",
    "plain",
]

_LABELS = {label.value: label for label in NodeLabel}
#: The property that holds a node's bucket in a store (see :mod:`store.push`); not part of the graph.
BUCKET_PROP = "_b"

NodeEntry = tuple[str, NodeLabel, dict[str, Any]]
EdgeEntry = tuple[str, str, str, dict[str, Any]]


def _store_value(value: Any) -> Any:
    return value.value if isinstance(value, StrEnum) else value


def node_row(node_id: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """A node as a store row: ``id`` and ``props`` (every attribute but the label,
    vocabulary members as their keys, dates as dates, the id included).

    >>> node_row("O1", {"label": NodeLabel.ORGANIZATION, "name": "Office", "kind": OrgKind.UNIT})
    {'id': 'O1', 'props': {'id': 'O1', 'name': 'Office', 'kind': 'unit'}}
    """
    props = {"id": node_id}
    props.update({k: _store_value(v) for k, v in attrs.items() if k != "label" and v is not None})
    return {"id": node_id, "props": props}


def edge_row(source: str, target: str, key: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """An edge as a store row: ``source``, ``target``, ``key`` and ``props`` (its
    attributes but the type, with the key).

    >>> row = edge_row("P1", "S1", "HOLDS:2024-01-01", {"type": EdgeType.HOLDS, "start": date(2024, 1, 1)})
    >>> row["key"], row["props"]["start"]
    ('HOLDS:2024-01-01', datetime.date(2024, 1, 1))
    """
    props: dict[str, Any] = {"key": key}
    props.update({k: _store_value(v) for k, v in attrs.items() if k != "type" and v is not None})
    return {"source": source, "target": target, "key": key, "props": props}


def native(value: Any) -> Any:
    """A store value as Python: the driver's dates become ``datetime.date``."""
    to_native: Callable[[], Any] | None = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value


def deep_native(value: Any) -> Any:
    """:func:`native` inside lists and maps too (what a read statement returns)."""
    if isinstance(value, list):
        return [deep_native(v) for v in value]
    if isinstance(value, dict):
        return {k: deep_native(v) for k, v in value.items()}
    return native(value)


def plain(props: Mapping[str, Any]) -> dict[str, Any]:
    """Store properties with the driver's values as Python (dates as ``datetime.date``)."""
    return {k: native(v) for k, v in props.items()}


def node_label(labels: Iterable[str]) -> NodeLabel | None:
    """The schema label among a store node's labels (None for a foreign node)."""
    found = [_LABELS[name] for name in labels if name in _LABELS]
    return found[0] if len(found) == 1 else None


def decode_node(labels: Iterable[str], props: Mapping[str, Any]) -> NodeEntry:
    """A store node as ``(id, label, attributes)``, attributes as the builder makes them.

    Raises
    ------
    GraphError
        The node has no id or not exactly one of the schema's labels.
    """
    names = list(labels)
    label = node_label(names)
    node_id = props.get("id")
    if label is None or not isinstance(node_id, str):
        raise GraphError("error.store_bad_node", node_id=node_id, labels=":".join(names))
    attrs: dict[str, Any] = {"label": label}
    for name, value in props.items():
        if name in ("id", BUCKET_PROP) or value is None:
            continue
        enum = VOCABULARY_ATTRS.get((label, name))
        attrs[name] = enum(value) if enum else native(value)
    return node_id, label, attrs


def decode_edge(etype: str, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """A store relationship's ``(key, attributes)``."""
    attrs: dict[str, Any] = {"type": EdgeType(etype)}
    attrs.update({k: native(v) for k, v in props.items() if k != "key" and v is not None})
    return str(props.get("key", etype)), attrs
