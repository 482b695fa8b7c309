"""File uploaders that state respnet's own limit, in the reader's language.

Streamlit's uploader says "Upload" and "1GB per file": English, and its
server's ceiling (set high so that respnet refuses a larger file itself, in
the reader's language), not respnet's limits, which are lower and differ by
kind of file. :func:`uploader` draws the uploader with both words replaced
from the translation table: a style for that one uploader (Streamlit marks a
keyed widget's container ``st-key-{key}``) writes the button's word and the
line of limits in place of Streamlit's.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from graph.i18n import Lang, t

__all__ = ["uploader"]


def _quoted(text: str) -> str:
    """``text`` as a CSS string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def uploader(
    lang: Lang, label: str, *, key: str, limit_bytes: int, types: Sequence[str] | None = None
) -> UploadedFile | None:
    """``st.file_uploader`` under ``key``, saying "up to ``limit_bytes``" and ``types`` in ``lang``."""
    mb = f"{limit_bytes / 2**20:g}"
    line = (
        t("app.upload_limit_types", lang, mb=mb, types=t("app.upload_types_sep", lang).join(s.upper() for s in types))
        if types
        else t("app.upload_limit", lang, mb=mb)
    )
    zone = f'.st-key-{key} [data-testid="stFileUploaderDropzone"]'
    st.html(
        "<style>"
        f"{zone} button p, {zone} [data-testid='stFileUploaderDropzoneInstructions'] span {{ font-size: 0; }}"
        f"{zone} button p::after {{ content: {_quoted(t('app.upload_button', lang))}; font-size: 14px; }}"
        f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] span::after "
        f"{{ content: {_quoted(line)}; font-size: 14px; }}"
        "</style>"
    )
    found: UploadedFile | None = st.file_uploader(label, type=list(types) if types else None, key=key)
    return found
