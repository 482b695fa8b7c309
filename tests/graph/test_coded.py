"""Coded columns read back exactly what the plain lists held."""

from __future__ import annotations

import pickle
from datetime import date

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import graph.coded as coded_module
from graph.builder import build_graph
from graph.coded import Coded, coded, coded_parts
from loaders import load_dataset
from tests.helpers import DEMO


@given(st.lists(st.none() | st.sampled_from(["甲", "乙", "丙", "会议"]), min_size=1, max_size=200))
def test_a_coded_column_reads_back_the_list(column: list[str | None]) -> None:
    made = coded(column)
    assert list(made) == column
    assert [made[i] for i in range(len(column))] == column
    assert made[1:5] == column[1:5]
    assert len(made) == len(column)
    assert list(pickle.loads(pickle.dumps(made))) == column


def test_what_is_coded_and_what_is_not() -> None:
    few = ["member", "secretary"] * 50
    made = coded(few)
    assert isinstance(made, Coded) and made.codes.dtype == np.uint8 and made.values == [None, "member", "secretary"]
    assert coded([f"P{i}" for i in range(100)]) == [f"P{i}" for i in range(100)]  # all distinct: a list
    assert not isinstance(coded([f"P{i}" for i in range(100)]), Coded)
    assert not isinstance(coded(["1", 1] * 50), Coded)  # two types
    assert not isinstance(coded([["a"], ["b"]] * 50), Coded)  # unhashable
    days = [date(2024, 1, 1 + i % 28) for i in range(1000)]
    assert isinstance(coded(days), Coded) and list(coded(days)) == days
    many = [str(i % 300) for i in range(2000)]
    assert coded(many).codes.dtype == np.uint16  # type: ignore[attr-defined]


def test_the_demo_reads_the_same_coded_or_not(monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = load_dataset(DEMO)
    G = build_graph(dataset)
    assert any(isinstance(col, Coded) for cols in G.core.cols.values() for col in cols.values())
    monkeypatch.setattr(coded_module, "DISTINCT_SHARE", -1.0)  # nothing coded
    plain = build_graph(dataset)
    assert not any(isinstance(col, Coded) for cols in plain.core.cols.values() for col in cols.values())
    for node_id in plain.core.ids:
        assert dict(G.node(node_id)) == dict(plain.node(node_id))
        assert G.name(node_id) == plain.name(node_id)


_VALUES = st.none() | st.sampled_from(["甲", "乙", "丙", ""]) | st.integers(0, 3) | st.lists(st.just(1), max_size=1)


@given(
    st.lists(_VALUES, max_size=6),
    st.lists(_VALUES, min_size=1, max_size=5).flatmap(
        lambda groups: st.tuples(st.just(groups), st.lists(st.integers(0, len(groups) - 1), max_size=40))
    ),
)
@example([], (["甲", "乙"], [1, 0, 1, 1, 1, 1, 1, 1]))  # values coded in the order rows first name them
@example(["丙"], ([None, "甲"], [0, 1, 0, 0, 0, 0, 0, 0]))  # a group of None
def test_a_column_in_parts_is_coded_as_the_whole_column(head: list[object], grouped: tuple) -> None:  # type: ignore[type-arg]
    # instances take most fields from their clause: coding the clauses' values once
    # must give what coding the whole column gives, codes, values and width alike
    of_group, group_of = grouped
    whole = [*head, *(of_group[g] for g in group_of)]
    got, expected = coded_parts(head, of_group, np.array(group_of, dtype=np.int32)), coded(whole)
    assert type(got) is type(expected) and list(got) == list(expected) == whole
    if isinstance(expected, Coded):
        assert isinstance(got, Coded)
        assert got.values == expected.values and got.codes.dtype == expected.codes.dtype
        assert got.codes.tolist() == expected.codes.tolist()
