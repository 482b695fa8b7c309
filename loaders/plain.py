"""Text from users and files, made safe for where it is written.

- :func:`one_line` for a YAML file (a value or a comment): YAML takes U+0085,
  U+2028 and U+2029 for line breaks as well as ``\\n`` and ``\\r``, so a file
  name carrying one would start a line of live YAML after a ``#``.
- :func:`printable` for a terminal: control characters (an escape sequence
  that recolours or clears the screen, a carriage return that hides what came
  before) are shown as ``\\uXXXX`` instead of acting.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["has_control", "one_line", "printable", "unprintable"]

_BIDI_AND_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _breaks(ch: str) -> bool:
    """A control character or a line or paragraph separator (U+2028, U+2029)."""
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp")


def unprintable(ch: str) -> bool:
    """A character no name should hold: a control, format or unassigned
    character, or a line or paragraph separator."""
    category = unicodedata.category(ch)
    return category[0] == "C" or category in ("Zl", "Zp")


def one_line(text: str) -> str:
    """``text`` on one line: every kind of line break (and any other control
    character) becomes a space.

    >>> one_line("a\\u2028users:\\n  x\\x85y\\tz")
    'a users:   x y z'
    """
    return "".join(" " if _breaks(ch) else ch for ch in " ".join(text.splitlines()))


def has_control(text: str) -> bool:
    """Whether ``text`` (a file name) holds a character no name should: a
    line break of any kind, a control or a format character.

    >>> has_control("清单.docx"), has_control("清单\\u2028.docx"), has_control("清单\\u202e.docx")
    (False, True, True)
    """
    return any(unprintable(ch) for ch in text)


def printable(text: str, keep: str = "") -> str:
    """``text`` with control and direction-changing characters shown as
    escapes, but for those in ``keep`` (a report's own line breaks).

    >>> printable("A1\\x1b[2J") == "A1\\\\u001b[2J"
    True
    >>> printable("王\\u202e敏")
    '王\\\\u202e敏'
    >>> printable("第一行\\n第二行\\r", keep="\\n")
    '第一行\\n第二行\\\\u000d'
    """
    return _BIDI_AND_CONTROL.sub(lambda m: m.group() if m.group() in keep else f"\\u{ord(m.group()):04x}", text)
