"""Long tables are sent a page at a time (``ui.links.paged``), the page kept in the link."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    from datetime import date

    import streamlit as st

    from ui.context import Context
    from ui.data import DEMO, folder_source
    from ui.links import paged

    ctx = Context("zh", date(2026, 1, 1), folder_source(str(DEMO)))
    rows, page = paged(ctx, list(range(450)), key="rows_page", size=200)
    st.write(f"page {page}: {rows[0]}..{rows[-1]} ({len(rows)})")


def test_a_long_list_is_paged_and_the_page_kept_in_the_url() -> None:
    at = AppTest.from_function(_script).run()
    assert not at.exception
    box = at.number_input(key="rows_page")
    assert box.proto.max == 3 and "共 450 条，分 3 页，每页 200 条" in box.label
    assert at.markdown[0].value == "page 1: 0..199 (200)" and "page" not in at.query_params
    box.set_value(3).run()
    assert at.markdown[0].value == "page 3: 400..449 (50)" and at.query_params["page"] == "3"
    linked = AppTest.from_function(_script)
    linked.query_params["page"] = "2"
    assert linked.run().markdown[0].value == "page 2: 200..399 (200)"
