"""Which encoding a text file is in: what Excel and Notepad on Chinese Windows write.

A byte-order mark decides (UTF-8, UTF-16, UTF-32); else UTF-8; else GB18030,
of which GBK and GB2312 are subsets. Used by the data-folder reader and the
list-document importer alike, so a file reads the same way in both.
"""

from __future__ import annotations

import codecs

__all__ = ["BOMS", "DISPLAY", "UndecodableText", "decode_text"]

#: Byte-order marks and the encodings they announce (UTF-32's before UTF-16's,
#: whose mark begins UTF-32 LE's).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: How messages name each encoding.
DISPLAY = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32", "gb18030": "GB18030"}


class UndecodableText(ValueError):
    """No encoding reads the bytes. ``encoding`` is the one a byte-order mark
    announced (None when there was none: neither UTF-8 nor GB18030 reads them);
    ``offset`` is where decoding first failed."""

    def __init__(self, encoding: str | None, offset: int) -> None:
        super().__init__(encoding, offset)
        self.encoding = encoding
        self.offset = offset


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of ``data`` (a mark is not part of the text).

    >>> decode_text("党委".encode("gbk")), decode_text(b"\\xef\\xbb\\xbfid")
    (('党委', 'gb18030'), ('id', 'utf-8-sig'))

    Raises
    ------
    UndecodableText
        Nothing reads the bytes.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise UndecodableText(encoding, e.start) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        offset = e.start
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise UndecodableText(None, offset) from None
