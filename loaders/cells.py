"""Cell values: dates, vocabulary terms and id lists, each with a precise error.

Used by the table rows and the YAML templates alike, so the same mistake gets
the same message wherever it is made.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import TypeVar

from graph.errors import ProblemCode as P
from graph.i18n import term
from graph.schema import VOCABULARIES
from graph.terms import parse_term

__all__ = [
    "CellError",
    "accepted_terms",
    "parse_date",
    "parse_ids",
    "parse_vocab",
    "parse_written_date",
    "written_date",
]

E = TypeVar("E", bound=StrEnum)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The other ways people write a date, year first: 2023/11/15, 2024.3.20, 2025-5-20, 2023年11月15日.
_WRITTEN_DATE = re.compile(
    r"^(\d{4})\s*(?:([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)$"
)
#: Forms that could mean two dates: a two-digit year, or the year last (15/11/2023 or 11/15/2023?).
_AMBIGUOUS_DATE = re.compile(
    r"^(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}(?:\d{2})?|\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}|\d{2}年\d{1,2}月\d{1,2}日)$"
)
#: What a date cell may hold, for the messages that refuse one.
ACCEPTED_DATES = "2024-07-01, 2024/7/1, 2024.7.1, 2024-7-1, 2024年7月1日"
_ID_SEPARATORS = re.compile(r"[;；]")
_VOCAB_NAMES = {vocab: name for name, vocab in VOCABULARIES.items()}


class CellError(ValueError):
    """A cell that cannot be read; ``code`` names the message ``load.{code}``."""

    def __init__(self, code: P, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def parse_date(text: str) -> date:
    """An ISO date ``YYYY-MM-DD`` (the other usual forms are rewritten to it
    before, with a notice: :func:`written_date`).

    >>> parse_date("2024-07-01")
    datetime.date(2024, 7, 1)
    >>> parse_date("2024/7/1")
    Traceback (most recent call last):
    ...
    loaders.cells.CellError: bad_date_format
    >>> parse_date("15/11/2023")
    Traceback (most recent call last):
    ...
    loaders.cells.CellError: ambiguous_date
    """
    if not _ISO_DATE.match(text):
        code = (
            P.AMBIGUOUS_DATE
            if _AMBIGUOUS_DATE.match(unicodedata.normalize("NFKC", text).strip())
            else P.BAD_DATE_FORMAT
        )
        raise CellError(code, value=text, accepted=ACCEPTED_DATES)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CellError(P.BAD_DATE, value=text) from None


def written_date(text: str) -> str | None:
    """The ISO form of a date written year first another usual way (full-width
    digits too); None when ``text`` is not such a date (ISO already, or not a date).

    >>> written_date("2023/11/15"), written_date("2024.3.20"), written_date("2025-5-20")
    ('2023-11-15', '2024-03-20', '2025-05-20')
    >>> written_date("２０２３年１１月１５日"), written_date("2023-11-15"), written_date("15/11/2023")
    ('2023-11-15', None, None)
    """
    if _ISO_DATE.match(text):
        return None
    found = _WRITTEN_DATE.match(unicodedata.normalize("NFKC", text).strip())
    if found is None:
        return None
    year, _, month, day, cn_month, cn_day = found.groups()
    return f"{year}-{int(month or cn_month):02d}-{int(day or cn_day):02d}"


def parse_written_date(text: str) -> date:
    """A date in ISO form or written year first another usual way (:func:`written_date`)."""
    return parse_date(written_date(text) or text)


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
