"""Data shown inside Streamlit's Markdown (titles, captions, alerts) as the
plain text it is.

Streamlit never renders raw HTML from Markdown here, but Markdown itself would
still act on data: a name written as ``[点此](http://…)`` would become a link,
``![](http://…)`` an image fetched from outside, ``**x**`` bold, ``:red[x]``
colour. :func:`md` backslash-escapes every character Markdown (and Streamlit's
own directives, and LaTeX's ``$``) gives meaning to.

GitHub's "autolink literals" (``http://…``, ``www.…``, ``name@host``) are
found in the text *after* escapes are read, so no escape stops them: a word
joiner (U+2060, zero width, invisible) goes after ``http:``, ``www`` and
``@`` instead, so they no longer read as an address.
"""

from __future__ import annotations

import re

__all__ = ["md"]

#: Characters with a meaning anywhere in a line (links, images, code, emphasis,
#: HTML, strike-through, tables, LaTeX, Streamlit's ``:colour[...]``, GFM's bare
#: ``http://`` links and ``name@host`` e-mail links).
_INLINE = re.compile(r"([\\`*\[\]<>~$|:@])")
#: Where a bare address starts (GFM's autolink literals): a word joiner goes there.
_ADDRESS = re.compile(r"(?i)(https?:(?=//)|\bwww(?=\.)|@)")
_JOINER = "\u2060"
#: ``_`` starts emphasis only at a word's edge.
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
#: What makes a heading, a list, a quote or a rule at the start of a line.
_LINE_START = re.compile(r"^(\s*)([#>+\-=])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def md(value: object) -> str:
    """``value`` as text Markdown shows literally.

    >>> print(md("[点此](ftp://x.example) **粗** <b>"))
    \\[点此\\](ftp\\://x.example) \\*\\*粗\\*\\* \\<b\\>
    >>> print(md("- 1. 城市.zip a_b _c_"))
    \\- 1. 城市.zip a_b \\_c\\_
    >>> print(md("2024. 年度"))
    2024\\. 年度
    >>> md("江屿市财政局")
    '江屿市财政局'
    >>> md("http://evil.example www.evil.example a@evil.example").replace(_JOINER, "|")
    'http\\\\:|//evil.example www|.evil.example a\\\\@|evil.example'
    """
    text = _ADDRESS.sub(lambda m: m.group(1) + _JOINER, str(value))
    text = _UNDERSCORE.sub(r"\\_", _INLINE.sub(r"\\\1", text))
    text = _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
    return _ORDERED.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
