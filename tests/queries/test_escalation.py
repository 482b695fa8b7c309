"""An overdue item reaches, step by step, whoever held the posts on its deadline."""

from __future__ import annotations

from datetime import date

import pytest

from graph.errors import RespnetError
from graph.model import ResponsibilityGraph
from loaders import load_graph
from queries.escalation import Step, escalation
from tests.helpers import DEMO, reshuffled_demo

FOUND = date(2026, 3, 1)  # the day the finding on TJ was made into a lead
DEADLINE = date(2026, 9, 30)  # the item's deadline: TJ's overseer changed on 2026-07-01 in between


@pytest.fixture(scope="module")
def G(tmp_path_factory: pytest.TempPathFactory) -> ResponsibilityGraph:
    return load_graph(reshuffled_demo(tmp_path_factory.mktemp("reshuffled")))


def _who(steps: list) -> dict[Step, list[str]]:  # type: ignore[type-arg]
    return {r.step: [p.name for p in r.people] for r in steps}


def test_each_step_names_who_held_the_post_on_the_deadline(G: ResponsibilityGraph) -> None:
    steps = escalation(G, "TJ", DEADLINE, date(2026, 12, 2), contact="P033")
    assert [r.step for r in steps] == list(Step)
    assert _who(steps) == {
        Step.CONTACT: ["萧红"],  # named on the item
        Step.OVERSEER: ["罗文斌"],  # JY-M3 from 2026-07-01, not 吴丽华 (JY-M1, to 2026-06-30)
        Step.SECRETARY: ["马骏"],  # TJ's own secretary (党组书记、局长): 整改第一责任人
        Step.COMMISSION: ["唐正清"],  # TJ has no supervisor: JY above it, supervised by JY-JW
    }
    overseer = steps[1].because(G)
    assert "市委常委、宣传部部长 —分管→ 江屿市统计局 [2026-07-01~…]" in overseer
    assert "罗文斌 —任职→ 市委常委、宣传部部长" in overseer
    assert "江屿市统计局 —隶属→ 中共江屿市委员会" in steps[3].because(G)
    assert all(r.reached for r in steps)  # 63 days late: past every step (1, 7, 14, 30)
    assert [r.on for r in steps] == [date(2026, 10, 1), date(2026, 10, 7), date(2026, 10, 14), date(2026, 10, 30)]
    assert steps[1].to_dict(G)["people"] == [
        {"id": "P007", "name": "罗文斌", "post": "中共江屿市委员会·市委常委、宣传部部长"}
    ]


def test_on_the_finding_day_the_overseer_was_another(G: ResponsibilityGraph) -> None:
    assert _who(escalation(G, "TJ", FOUND, FOUND))[Step.OVERSEER] == ["吴丽华"]


def test_steps_are_reached_day_by_day(G: ResponsibilityGraph) -> None:
    def reached(today: date, days: tuple[int, ...] = (1, 7, 14, 30)) -> list[bool]:
        return [r.reached for r in escalation(G, "TJ", DEADLINE, today, days=days)]

    assert reached(DEADLINE) == [False] * 4  # due today: not overdue
    assert reached(date(2026, 10, 1)) == [True, False, False, False]
    assert reached(date(2026, 10, 10)) == [True, True, False, False]
    assert reached(date(2026, 10, 10), (1, 2, 3, 10)) == [True, True, True, True]
    with pytest.raises(RespnetError):
        escalation(G, "TJ", DEADLINE, DEADLINE, days=(5, 1, 2, 3))
    with pytest.raises(RespnetError):
        escalation(G, "P007", DEADLINE, DEADLINE)


def test_nobody_when_nobody_held_the_post() -> None:
    plain = load_graph(DEMO)  # in the demo itself nobody oversees TJ after 2026-06-30
    steps = escalation(plain, "TJ", DEADLINE, date(2026, 12, 2))
    assert steps[0].people == () and steps[1].people == ()
    assert "无人" in steps[1].who()
