"""The one translation table: every user-facing string, in Chinese and English.

The strings live in ``messages.toml`` beside this module, one table per key
with a ``zh`` and an ``en`` entry, so translators edit data, not code.
Vocabulary labels are keys of the form ``{vocabulary}.{value}``
(``role.secretary``), and the same labels are what the loaders accept as
Chinese input.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Literal

from graph.schema import VOCABULARIES

__all__ = ["DEFAULT_LANG", "LANGS", "Lang", "Phrase", "catalog", "render_value", "resolve_lang", "t", "term"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"

_VOCAB_NAME = {vocab: name for name, vocab in VOCABULARIES.items()}


@cache
def catalog() -> Mapping[str, Mapping[str, str]]:
    """All messages, flattened to ``{"section.key": {"zh": ..., "en": ...}}``."""
    raw = tomllib.loads(resources.files("graph").joinpath("messages.toml").read_text("utf-8"))
    flat: dict[str, Mapping[str, str]] = {}

    def walk(prefix: str, node: Mapping[str, Any]) -> None:
        if "zh" in node and "en" in node:
            flat[prefix] = {"zh": node["zh"], "en": node["en"]}
            return
        for name, child in node.items():
            walk(f"{prefix}.{name}" if prefix else name, child)

    walk("", raw)
    return flat


def resolve_lang(value: str | None = None) -> Lang:
    """The language for ``value`` ("zh", "zh-CN", "en_US", ...), else ``$RESPNET_LANG``,
    else Chinese.

    >>> resolve_lang("en-GB"), resolve_lang("zh_CN")
    ('en', 'zh')
    """
    for candidate in (value, os.environ.get("RESPNET_LANG")):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGS:
                return code
    return DEFAULT_LANG


def term(member: StrEnum, lang: Lang = DEFAULT_LANG) -> str:
    """The label of a vocabulary member.

    >>> from graph.schema import Role
    >>> term(Role.DISCIPLINE_SECRETARY), term(Role.DISCIPLINE_SECRETARY, "en")
    ('纪委书记', 'discipline secretary')
    """
    return catalog()[f"{_VOCAB_NAME[type(member)]}.{member.value}"][lang]


@dataclass(frozen=True, slots=True)
class Phrase:
    """A message parameter that is itself a message of the table (``key``),
    rendered in the reader's language: a reason, never an exception's class name."""

    key: str

    def localize(self, lang: Lang = DEFAULT_LANG) -> str:
        return t(self.key, lang)


def render_value(value: object, lang: Lang = DEFAULT_LANG) -> str:
    """A message parameter as text: vocabulary labels translated, objects with a
    ``localize(lang)`` method asked for their text, dates ISO, sequences joined
    with the language's list separator, ``None`` as a dash."""
    if value is None:
        return "—"
    localize = getattr(value, "localize", None)
    if callable(localize):
        return str(localize(lang))
    if isinstance(value, StrEnum) and type(value) in _VOCAB_NAME:
        return term(value, lang)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items: Iterable[object] = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ("、" if lang == "zh" else ", ").join(render_value(v, lang) for v in items)
    return str(value)


def t(key: str, lang: Lang = DEFAULT_LANG, /, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in.

    >>> t("finding.orphan_duty", "en", duty="Hold a meeting", duty_id="D1")
    'Duty "Hold a meeting" (D1) has no bearer: no organization or post is assigned to it.'
    """
    template = catalog()[key][lang]
    return template.format(**{name: render_value(v, lang) for name, v in params.items()})
