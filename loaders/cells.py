"""Cell values: dates, vocabulary terms and id lists, each with a precise error.

Used by the table rows and the YAML templates alike, so the same mistake gets
the same message wherever it is made.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import TypeVar

from graph.errors import ProblemCode as P
from graph.i18n import term
from graph.schema import VOCABULARIES
from graph.terms import parse_term

__all__ = ["CellError", "accepted_terms", "parse_date", "parse_ids", "parse_vocab"]

E = TypeVar("E", bound=StrEnum)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID_SEPARATORS = re.compile(r"[;；]")
_VOCAB_NAMES = {vocab: name for name, vocab in VOCABULARIES.items()}


class CellError(ValueError):
    """A cell that cannot be read; ``code`` names the message ``load.{code}``."""

    def __init__(self, code: P, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def parse_date(text: str) -> date:
    """An ISO date ``YYYY-MM-DD``.

    >>> parse_date("2024-07-01")
    datetime.date(2024, 7, 1)
    >>> parse_date("2024/7/1")
    Traceback (most recent call last):
    ...
    loaders.cells.CellError: bad_date_format
    """
    if not _ISO_DATE.match(text):
        raise CellError(P.BAD_DATE_FORMAT, value=text)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CellError(P.BAD_DATE, value=text) from None


def accepted_terms(vocab: type[StrEnum]) -> str:
    """The accepted values of a vocabulary, as ``key（中文）`` pairs.

    >>> accepted_terms(VOCABULARIES["bearer_role"])
    'lead（牵头）, assist（配合）'
    """
    return ", ".join(f"{m.value}（{term(m, 'zh')}）" for m in vocab)


def parse_vocab(vocab: type[E], text: str) -> E:
    """A vocabulary member from its English key or Chinese label."""
    member = parse_term(vocab, text)
    if member is None:
        raise CellError(
            P.BAD_VOCAB, value=text, vocabulary=_VOCAB_NAMES.get(vocab, vocab.__name__), accepted=accepted_terms(vocab)
        )
    return member


def parse_ids(text: str) -> tuple[str, ...]:
    """``;``-separated ids (full-width ``；`` too), blanks dropped, order kept.

    >>> parse_ids("D1; D2；;D3")
    ('D1', 'D2', 'D3')
    """
    return tuple(part.strip() for part in _ID_SEPARATORS.split(text) if part.strip())
