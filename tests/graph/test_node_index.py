"""The node index: a hash table of arrays that answers as a dict of the ids would."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.nodeindex import NodeIndex

ids_lists = st.lists(st.text(max_size=6), unique=True, max_size=60)


@given(ids_lists, st.lists(st.text(max_size=6), max_size=20))
def test_every_lookup_answers_as_a_dict_of_the_ids(ids: list[str], others: list[str]) -> None:
    index, whole = NodeIndex(ids), {node_id: i for i, node_id in enumerate(ids)}
    for key in [*ids, *others]:
        assert index.get(key) == whole.get(key)
        assert index.get(key, -1) == whole.get(key, -1)
        assert (key in index) == (key in whole)
    assert index.many([*ids, *others]).tolist() == [whole.get(k, -1) for k in [*ids, *others]]


def test_many_finds_ids_that_are_not_first_in_their_group() -> None:
    ids = [f"N{i}" for i in range(5000)]
    index = NodeIndex(ids)
    later = [
        ids[int(i)]
        for g in range(len(index.starts) - 1)
        for i in index.order[index.starts[g] + 1 : index.starts[g + 1]]
    ]
    assert len(later) > 500  # the test means something: many ids share a group
    assert index.many([*later, "none", *ids]).tolist() == [ids.index(k) for k in later] + [-1, *range(5000)]


def test_a_missing_id_raises_key_error_and_odd_keys_are_missing() -> None:
    index = NodeIndex(["甲", "乙"])
    assert index["乙"] == 1
    assert index.many(["乙", None, 1, "丙", "甲"]).tolist() == [1, -1, -1, -1, 0]
    assert NodeIndex([]).many(["甲"]).tolist() == [-1]
    for key in ("丙", None, 1, b"\xe7\x94\xb2"):
        assert key not in index
    try:
        index["丙"]
    except KeyError:
        pass
    else:
        raise AssertionError("a missing id was found")


def test_groups_hold_one_or_two_ids_mostly() -> None:
    ids = [f"D{i:07d}" for i in range(100_000)]
    index = NodeIndex(ids)
    sizes = np.diff(index.starts)
    assert len(sizes) >= len(ids) and sizes.sum() == len(ids)
    assert sizes.max() <= 12
    assert (sizes <= 2).mean() > 0.9


def test_a_graph_read_back_from_its_pickle_finds_every_id() -> None:
    from graph.builder import build_graph
    from loaders import load_dataset

    G = build_graph(load_dataset("data/demo"))
    again = pickle.loads(pickle.dumps(G))
    for i, node_id in enumerate(G.core.ids):
        assert again.core.pos[node_id] == i
    assert np.array_equal(again.core.pos.order, G.core.pos.order)


def test_what_is_remembered_is_bounded_and_forgetting_changes_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.nodeindex as module

    monkeypatch.setattr(module, "REMEMBERED", 8)
    ids = [f"P{i}" for i in range(100)]
    index = NodeIndex(ids)
    for _ in range(3):
        for i, node_id in enumerate(ids):
            assert index[node_id] == i
            assert len(index._seen) <= 8


#: Two ids with the same CRC-32 (found by a search over random ids)
TWINS = ("AC68G757", "D1FA6BA丁")


def test_the_twins_share_a_crc() -> None:
    import zlib

    assert len({zlib.crc32(t.encode()) for t in TWINS}) == 1 and TWINS[0] != TWINS[1]


@given(st.lists(st.sampled_from(["甲", "乙", "丙", *TWINS]) | st.text(max_size=3), max_size=30))
def test_an_id_given_twice_is_found_as_a_dict_would_find_it(ids: list[str]) -> None:
    # made with the table: the id whose second place comes first; ids that only
    # share a CRC are not taken for the same
    seen: set[str] = set()
    expected = next((i for i in ids if i in seen or seen.add(i)), None)  # type: ignore[func-returns-value]
    assert NodeIndex(ids).repeated == expected


def test_ids_sharing_a_crc_are_told_apart() -> None:
    ids = [*TWINS, "甲", TWINS[1]]
    index = NodeIndex(ids)
    assert index.repeated == TWINS[1]
    assert NodeIndex(list(TWINS)).repeated is None
    assert NodeIndex(list(TWINS)).many([TWINS[1], TWINS[0]]).tolist() == [1, 0]
