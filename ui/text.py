"""Data shown inside Streamlit's Markdown (titles, captions, alerts) as the
plain text it is.

Streamlit never renders raw HTML from Markdown here, but Markdown itself would
still act on data: a name written as ``[点此](http://…)`` would become a link,
``![](http://…)`` an image fetched from outside, ``**x**`` bold, ``:red[x]``
colour. :func:`md` backslash-escapes every character Markdown (and Streamlit's
own directives, and LaTeX's ``$``) gives meaning to.
"""

from __future__ import annotations

import re

__all__ = ["md"]

#: Characters with a meaning anywhere in a line (links, images, code, emphasis,
#: HTML, strike-through, tables, LaTeX, Streamlit's ``:colour[...]`` and GFM's bare ``http://`` links).
_INLINE = re.compile(r"([\\`*\[\]<>~$|:])")
#: ``_`` starts emphasis only at a word's edge.
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
#: What makes a heading, a list, a quote or a rule at the start of a line.
_LINE_START = re.compile(r"^(\s*)([#>+\-=])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def md(value: object) -> str:
    """``value`` as text Markdown shows literally.

    >>> print(md("[点此](http://x.example) **粗** <b>"))
    \\[点此\\](http\\://x.example) \\*\\*粗\\*\\* \\<b\\>
    >>> print(md("- 1. 城市.zip a_b _c_"))
    \\- 1. 城市.zip a_b \\_c\\_
    >>> print(md("2024. 年度"))
    2024\\. 年度
    >>> md("江屿市财政局")
    '江屿市财政局'
    """
    text = _UNDERSCORE.sub(r"\\_", _INLINE.sub(r"\\\1", str(value)))
    text = _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
    return _ORDERED.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
