"""What a Cypher statement is: its name, text, access mode and parameters,
and the labels every respnet statement names. The statements themselves are in
:mod:`store.cypher` (the push, read-back and the trace) and
:mod:`store.cypher_scans` (what is answered inside the store)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["META_LABEL", "PROJECT_LABEL", "Statement", "in_force"]

#: The label every respnet node carries besides its own.
PROJECT_LABEL = "Respnet"
#: The label of the one node that records the last push (content hash, time).
META_LABEL = "RespnetMeta"

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True, slots=True)
class Statement:
    """One Cypher statement: its name, text and whether it writes."""

    name: str
    text: str
    write: bool = False
    params: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", frozenset(_PARAM.findall(self.text)))

    def check(self, params: Mapping[str, Any]) -> None:
        """Raise ``ValueError`` unless ``params`` names exactly the statement's parameters."""
        given = set(params)
        if given != self.params:
            raise ValueError(f"{self.name}: parameters {sorted(given)} != {sorted(self.params)}")


def in_force(var: str, day: str = "$at") -> str:
    """Cypher for "edge ``var`` is in force on ``day`` (``$at`` unless told; inclusive, open ends)."""
    return f"({var}.start IS NULL OR {var}.start <= {day}) AND ({var}.end IS NULL OR {var}.end >= {day})"
