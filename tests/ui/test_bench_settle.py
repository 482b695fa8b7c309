"""What ``make bench-app`` calls a settled page is a page a person sees drawn.

Streamlit says its run is over before every element is drawn: an element
whose code has not loaded yet shows as a placeholder (``stSkeleton``) for a
while after. The benchmark timed pages at that moment until 2026-12-04; a
page of widgets, a table and a chart, opened in a fresh tab, must show none of
them as placeholders when the benchmark's test says it has settled.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.bench_app import SETTLED, server

_PAGE = """
import datetime
import streamlit as st

st.sidebar.radio("语言", ["中文", "English"], horizontal=True)
st.sidebar.date_input("评估日期", datetime.date(2026, 6, 30))
st.title("respnet")
st.metric("问题", 7)
st.dataframe({"单位": ["甲", "乙"], "问题": [3, 4]})
st.bar_chart({"问题": [3, 4]})
"""
_DRAWN = ("stRadio", "stDateInput", "stMetric", "stDataFrame", "stVegaLiteChart")


def test_a_settled_page_has_no_placeholder_left(browser: Any, tmp_path: Path) -> None:
    script = tmp_path / "page.py"
    script.write_text(_PAGE, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    with server(script, {**os.environ, "RESPNET_HOME": str(home)}) as (base, _, _):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            for _ in range(3):  # the first visit, and fresh tabs of a browser that has the code cached
                page = context.new_page()
                page.goto(base)
                page.wait_for_function(SETTLED, timeout=60_000, polling=50)
                placeholders = page.locator('[data-testid="stSkeleton"]').count()
                drawn = {name: page.locator(f'[data-testid="{name}"]').count() for name in _DRAWN}
                page.close()
                assert placeholders == 0
                assert all(drawn.values()), drawn
        finally:
            context.close()
