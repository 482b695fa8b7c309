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

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md(value: object) -> str:
    """``value`` as text Markdown shows literally.

    >>> print(md("[点此](http://x.example)"))
    \\[点此\\]\\(http\\://x\\.example\\)
    >>> md("江屿市财政局")
    '江屿市财政局'
    """
    return _SPECIAL.sub(r"\\\1", str(value))
