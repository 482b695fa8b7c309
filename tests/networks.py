"""A generated network for tests that need more than the demo: a city of towns
with gaps, overlaps, vacancies and cases at known places."""

from __future__ import annotations

from datetime import date

from graph.builder import GraphBuilder
from graph.model import ResponsibilityGraph

D = date


def network(towns: int) -> ResponsibilityGraph:
    """A city of ``towns`` towns, each with a commission, 5 units, posts, tenures,
    oversight, supervision, duties with frequencies and records — and gaps."""
    b = (
        GraphBuilder()
        .organization("C", "市委", "party_committee")
        .organization("CJ", "市纪委", "discipline_commission", parent="C")
    )
    b.position("C-S", "C", "书记", "secretary").person("C-P", "书记").tenure("C-P", "C-S", D(2020, 1, 1))
    for t in range(towns):
        T, J = f"T{t}", f"T{t}-J"
        b.organization(T, f"镇{t}", "party_committee", parent="C").organization(
            J, f"镇{t}纪委", "discipline_commission", parent=T
        )
        b.supervision(J, T, "same_level", D(2020, 1, 1))
        for role, post in (("secretary", "S"), ("member", "M1"), ("member", "M2"), ("discipline_secretary", "JS")):
            org = J if post == "JS" else T
            b.position(f"{T}-{post}", org, post, role).person(f"{T}-{post}-p", post)
            if t % 7 or post != "JS":  # every seventh discipline secretary post is vacant
                b.tenure(f"{T}-{post}-p", f"{T}-{post}", D(2020, 1, 1))
        b.duty(f"{T}-D", "每季度至少1次", "first_responsible", frequency="每季度至少1次").bears(f"{T}-S", f"{T}-D")
        b.duty(f"{T}-O", "无人承担", "principal")
        for q, month in enumerate((2, 5, 8)):
            b.record(f"{T}-R{q}", f"{T}-D", f"{T}-S-p", D(2025, month, 10))
        for u in range(5):
            U = f"{T}-U{u}"
            b.organization(U, f"单位{u}", "unit", parent=T)
            if u < 4:
                b.oversight(f"{T}-M1", U, D(2020, 1, 1))
            if u == 3:
                b.oversight(f"{T}-M2", U, D(2020, 1, 1))
            b.duty(f"{U}-D", "单位责任", "principal").bears(U, f"{U}-D").bears(f"{T}-M1", f"{U}-D")
        b.case(f"{T}-K", D(2025, 3, 1), f"{T}-U0", "案件", breaches=[f"{T}-U0-D"], direct=[f"{T}-M2-p"])
    G = b.build()
    G.ids  # noqa: B018 - the index is built once per graph, not per scan
    return G
