from __future__ import annotations

import pytest

from graph.i18n import term
from graph.schema import EDGE_ENDPOINTS, VOCABULARIES, EdgeType, OrgKind, Role
from graph.terms import parse_term


def test_every_edge_type_declares_its_endpoints() -> None:
    assert set(EDGE_ENDPOINTS) == set(EdgeType)


@pytest.mark.parametrize(
    ("vocab", "text", "expected"),
    [
        (OrgKind, "party_committee", OrgKind.PARTY_COMMITTEE),
        (OrgKind, "党委", OrgKind.PARTY_COMMITTEE),
        (OrgKind, "党组（党委）", OrgKind.PARTY_GROUP),
        (OrgKind, " 村务监督委员会 ", OrgKind.VILLAGE_SUPERVISION),
        (OrgKind, "Stationed_Team", OrgKind.STATIONED_TEAM),
        (Role, "纪检监察组组长", Role.TEAM_LEADER),
        (Role, "班子成员", Role.MEMBER),
        (Role, "secretary", Role.SECRETARY),
        (Role, "局长", None),
        (OrgKind, "", None),
    ],
)
def test_parse_term_accepts_english_and_chinese(vocab, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert parse_term(vocab, text) is expected


def test_every_vocabulary_member_has_both_labels_and_parses_back() -> None:
    for vocab in VOCABULARIES.values():
        for member in vocab:
            assert term(member, "zh") and term(member, "en")
            assert parse_term(vocab, term(member, "zh")) is member
