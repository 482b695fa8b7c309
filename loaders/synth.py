"""A deterministic generator of a fictional province in the project's data format.

``synthesize(out, orgs=N, seed=S, years=Y)`` writes a data folder (the CSV
tables of DESIGN.md and one list template in ``lists/``) that ``respnet check``
accepts: a province committee over cities, counties, townships and villages
(levels 省/市/县/乡/村), each with the kinds of organization and the posts
DOMAIN.md describes; a responsibility list bound per unit; tenures with
turnover and vacancies over ``years`` years; oversight and supervision; duties
passed down the levels; performance records; cases with accountability
decisions. Gaps, overlaps and conflicts are planted at known rates, and what
was planted is written to ``.synth.json`` beside the tables (a dot file, which
the loaders skip), so a test can check the analyses find exactly that.

The same ``orgs``, ``seed`` and ``years`` always give the same bytes. All names
are made up.
"""

from __future__ import annotations

import csv
import heapq
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

__all__ = ["PLANTED_RATES", "SynthSummary", "synthesize"]

#: The share of candidates where each defect is planted.
PLANTED_RATES = {
    "unoverseen_unit": 0.04,  # a unit no member oversees
    "overlapping_oversight": 0.03,  # a unit two members oversee
    "conflict_of_interest": 0.005,  # a discipline secretary who oversees a unit
    "unsupervised_org": 0.02,  # a department no stationed team supervises
    "vacant_key_post": 0.03,  # a key post left empty at the end
    "missing_post": 0.01,  # a department without its party-group secretary post
    "orphan_duty": 0.02,  # a decomposed task nobody was assigned
    "multiple_leads": 0.02,  # a decomposed task with two leads
    "short_record": 0.08,  # a quarter a branch secretary skipped
}

LIST_ID = "SYN-2R"
#: The generated calendar ends here (fixed, so output does not depend on the day).
LAST_DAY = date(2026, 6, 30)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉健波宁建国志文斌海晨旭东亮林雪梅兰凤云峰龙浩宇欣怡佳琪晓丹楠帆"
_PLACE = "青云碧水清河石岭松柏桃源梅溪杏林竹山枫桥柳湾莲塘桂岭橡坪榆树枣园梨花杉木樟溪兰亭菊坡荷池蒲田芦洲苇塘"
_DEPTS = (
    "财政局", "住建局", "交通运输局", "自然资源局", "教育局", "卫生健康委", "民政局", "农业农村局",
    "水利局", "市场监管局", "生态环境局", "人社局", "商务局", "文旅局", "应急管理局", "审计局",
    "统计局", "林业局", "医保局", "信访局", "司法局", "科技局", "工信局", "发改委", "国资委",
    "退役军人事务局", "体育局", "城管局", "粮食和物资储备局", "公共资源交易中心",
)  # fmt: skip
_STATIONS = ("财政所", "农业服务中心", "社会事务办", "综合执法队")

# Posts by kind of organization: (suffix, title, role, how many).
_POSTS: dict[str, tuple[tuple[str, str, str, int], ...]] = {
    "party_committee": (
        ("S", "党委书记", "secretary", 1),
        ("DS", "党委副书记", "deputy_secretary", 2),
        ("M", "党委委员", "member", 5),
    ),
    "discipline_commission": (
        ("JS", "纪委书记", "discipline_secretary", 1),
        ("JM", "纪委委员", "discipline_member", 2),
    ),
    "stationed_team": (("TL", "纪检监察组组长", "team_leader", 1), ("TO", "纪检监察组干部", "other", 2)),
    "unit": (("S", "党组书记", "secretary", 1), ("M", "党组成员", "member", 3)),
    "station": (("O", "负责人", "other", 1),),
    "branch": (
        ("S", "支部书记", "secretary", 1),
        ("JM", "纪检委员", "discipline_member", 1),
        ("O", "支部委员", "other", 2),
    ),
    "village_supervision": (("O", "村务监督委员会委员", "other", 3),),
}

# The province-wide list: (org kind, role or "", duty kind, category, frequency, text). "station" is a
# township office, a unit on level 乡.
_Clause = tuple[str, str, str, str, str, str]


def _clauses(kind: str, role: str, duty_kind: str, items: str, frequency: str = "") -> list[_Clause]:
    """Clauses from ``category：text`` lines."""
    out = []
    for line in items.strip().splitlines():
        category, _, text = line.strip().partition("：")
        out.append((kind, role, duty_kind, category, frequency, text))
    return out


_CLAUSES: tuple[_Clause, ...] = (
    *_clauses("party_committee", "", "principal", """
        领导：研究部署本地区全面从严治党工作，年初制定任务分解方案。
        管理：选好用好干部，防止和纠正选人用人上的不正之风。
        落实：坚决纠正损害群众利益的不正之风和腐败问题。
        支持：支持纪委查处违纪违法问题，及时听取纪委工作汇报。
        教育：加强党性党风党纪教育和廉洁文化建设。
        监督检查：对下级党组织落实主体责任情况开展监督检查和考核。
        落实：层层签订党风廉政建设责任书。
        管理：建立健全权力运行制约和监督机制。
        报告：每年向上级党委和纪委报告落实主体责任情况。"""),
    *_clauses("party_committee", "secretary", "first_responsible", "领导督促：每年至少听取1次班子成员履行一岗双责情况汇报。", "每年至少1次"),
    *_clauses("party_committee", "secretary", "first_responsible", """
        落实：重要工作亲自部署、重大问题亲自过问。
        监督检查：与下级党组织书记开展履职约谈。
        落实：带头廉洁自律，管好亲属和身边工作人员。"""),
    *_clauses("party_committee", "deputy_secretary", "dual_duty", "落实：协助书记抓好全面从严治党工作。"),
    *_clauses("party_committee", "member", "dual_duty", "教育：每年与分管单位主要负责人开展廉政谈话不少于1次。", "每年不少于1次"),
    *_clauses("party_committee", "member", "dual_duty", """
        落实：对分管领域党风廉政建设负领导责任。
        监督检查：督促分管单位排查廉政风险。
        报告：向党委报告分管领域党风廉政建设情况。"""),
    *_clauses("discipline_commission", "", "supervisory", """
        维护协助：协助党委加强党风建设和组织协调反腐败工作。
        监督检查：对同级党委班子成员落实主体责任情况开展监督检查。
        执纪查处：严肃查处违纪违法案件，坚持一案双查。
        考核问责：对责任不落实的精准问责。
        监督检查：强化对权力运行的制约和监督。
        报告报备：向上级纪委报告监督执纪问责工作情况。"""),
    *_clauses("discipline_commission", "discipline_secretary", "supervisory", """
        监督检查：聚焦监督执纪问责主业，不分管其他业务工作。
        报告报备：向同级党委和上级纪委报告履行监督责任情况。"""),
    *_clauses("stationed_team", "", "supervisory", "监督检查：对驻在部门党组开展日常监督。"),
    *_clauses("stationed_team", "team_leader", "supervisory", "报告报备：每半年至少向派出机关报告1次监督情况。", "每半年至少1次"),
    *_clauses("unit", "", "principal", """
        政治建设：把党的政治建设摆在首位。
        推进：坚持党建工作与业务工作同谋划、同部署、同推进、同考核。
        管理：严格干部选拔任用工作程序。
        支持：支持派驻纪检监察组履行监督职责。
        教育：落实意识形态工作责任制。
        监督检查：开展廉政风险排查防控。"""),
    *_clauses("unit", "secretary", "first_responsible", "推进：每年至少主持召开1次全面从严治党专题会议。", "每年至少1次"),
    *_clauses("unit", "secretary", "first_responsible", "落实：带头廉洁自律，管好亲属和身边工作人员。"),
    *_clauses("unit", "member", "dual_duty", """
        落实：抓好分管业务范围内的党风廉政建设。
        监督检查：督促分管科室落实廉政风险防控措施。"""),
    *_clauses("station", "", "principal", """
        落实：落实站所廉政风险防控措施。
        管理：规范站所资金和资产管理。"""),
    *_clauses("branch", "", "principal", """
        教育：组织党员学习党的理论和路线方针政策。
        管理：严格党员日常教育管理监督。
        落实：落实“三会一课”制度。
        落实：按期进行换届选举。
        监督检查：监督党员干部遵纪守法。
        落实：做好发展党员工作。
        管理：规范党费收缴使用管理。
        落实：落实主题党日制度。
        教育：开展党员经常性警示教育。
        管理：加强党员档案管理。
        落实：联系服务群众，办好民生实事。
        监督检查：落实党务公开。"""),
    *_clauses("branch", "secretary", "first_responsible", "落实：每季度至少召开1次支部党员大会。", "每季度至少1次"),
    *_clauses("branch", "secretary", "first_responsible", "教育：每年至少讲1次党课。", "每年至少1次"),
    *_clauses("branch", "secretary", "first_responsible", """
        落实：组织开展民主评议党员。
        落实：组织召开组织生活会。
        监督检查：与支部委员开展谈心谈话。
        落实：带头廉洁自律。
        管理：抓好支部班子自身建设。
        落实：向上级党组织报告支部工作。"""),
    *_clauses("branch", "discipline_member", "supervisory", """
        监督检查：协助支部书记抓好党风廉政建设。
        监督检查：监督党员遵守党章党规党纪。
        报告报备：向上级纪委报告支部党员违纪线索。"""),
    *_clauses("branch", "other", "dual_duty", """
        落实：落实分工范围内的党建任务。
        教育：做好分工范围内党员教育。
        监督检查：督促分工范围内廉政风险防控。
        落实：参加支部集体决策。"""),
    *_clauses("village_supervision", "", "supervisory", """
        监督检查：监督村务决策和公开。
        监督检查：监督村级财务管理。
        监督检查：监督工程项目建设。
        监督检查：监督惠农政策落实。
        监督检查：监督村集体资产资源管理。
        监督检查：监督村干部履行职责。
        监督检查：监督村级重大事项“四议两公开”。
        监督检查：监督村级工程招投标。
        监督检查：监督低保、救助资金发放。
        监督检查：监督土地征收补偿。
        报告报备：向乡镇纪委报告监督情况。
        报告报备：向村民会议报告工作。"""),
    *_clauses("village_supervision", "other", "supervisory", """
        监督检查：参加村务监督例会。
        监督检查：列席村级重要会议。
        监督检查：审核村级财务票据。
        报告报备：收集反映村民意见。"""),
)  # fmt: skip


def _clause_no(kind: str, role: str = "", *, frequency: str | None = None) -> str:
    """The number of the first clause for ``kind`` and ``role`` (with ``frequency``, when given)."""
    for n, (k, r, _, _, f, _) in enumerate(_CLAUSES, start=1):
        if k == kind and r == role and (frequency is None or f == frequency):
            return str(n)
    raise LookupError((kind, role, frequency))


@dataclass
class SynthSummary:
    """What was written: rows per file and the defects planted."""

    out: Path
    rows: dict[str, int] = field(default_factory=dict)
    planted: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"rows": self.rows, "planted": self.planted, "rates": PLANTED_RATES}


@dataclass(slots=True)
class _Org:
    id: str
    name: str
    kind: str  # a schema kind, or "station" (a township office, written as kind unit)
    level: str
    parent: str | None
    commission: str | None = None  # the discipline body that supervises it on the same level


@dataclass
class _Writer:
    """Rows kept per table, written once at the end."""

    tables: dict[str, list[list[str]]] = field(default_factory=dict)

    def add(self, table: str, *row: str) -> None:
        self.tables.setdefault(table, []).append(list(row))


_HEADERS = {
    "organizations": ("id", "name", "kind", "level", "parent_id"),
    "positions": ("id", "org_id", "title", "role"),
    "people": ("id", "name"),
    "tenures": ("person_id", "position_id", "start", "end"),
    "oversight": ("position_id", "org_id", "start", "end"),
    "supervision": ("supervisor_id", "org_id", "kind", "start", "end"),
    "duties": ("id", "text", "kind", "category", "list_id", "clause", "frequency", "parent_id"),
    "assignments": ("duty_id", "bearer_id", "role"),
    "cases": ("id", "date", "org_id", "title", "category", "breached_duty_ids", "direct_person_ids"),
    "decisions": ("case_id", "target_id", "role", "form", "date"),
    "records": ("id", "duty_id", "person_id", "date", "kind", "note"),
}

Progress = Callable[[str, int], None]


def _quiet(phase: str, total: int) -> None:
    return None


class _Province:
    def __init__(self, orgs: int, seed: int, years: int) -> None:
        self.target = max(orgs, 10)
        self.rng = random.Random(seed)
        self.first_day = date(LAST_DAY.year - years + 1, 1, 1)
        self.years = years
        self.orgs: list[_Org] = []
        self.w = _Writer()
        self.planted: dict[str, int] = dict.fromkeys(PLANTED_RATES, 0)
        # post id -> [(person, start, end|None)]
        self.terms: dict[str, list[tuple[str, date, date | None]]] = {}
        self.posts_of: dict[str, list[tuple[str, str]]] = {}  # org -> [(post id, role)]
        self.people = 0

    # ------------------------------------------------------------ structure
    def _org(self, org: _Org) -> bool:
        if len(self.orgs) >= self.target:
            return False
        self.orgs.append(org)
        return True

    def _place(self, i: int) -> str:
        a, b = divmod(i, len(_PLACE))
        return _PLACE[b] + _PLACE[(a * 7 + b * 3 + 1) % len(_PLACE)]

    def _committee(self, oid: str, name: str, level: str, parent: str | None, parent_commission: str | None) -> str:
        """A party committee and its discipline commission; returns the commission's id."""
        self._org(_Org(oid, f"中共{name}委员会", "party_committee", level, parent, parent_commission))
        jid = f"{oid}J"
        self._org(_Org(jid, f"中共{name}纪律检查委员会", "discipline_commission", level, oid))
        return jid

    def _departments(self, prefix: str, place: str, level: str, parent: str, commission: str, count: int) -> None:
        teams = [f"{commission}T{t + 1}" for t in range(max(1, count // 6))]
        for t, team in enumerate(teams):
            self._org(_Org(team, f"{place}纪委监委派驻第{t + 1}纪检监察组", "stationed_team", level, commission))
        for d in range(count):
            did = f"{prefix}D{d + 1:02d}"
            supervised_by = teams[d % len(teams)]
            if not self._org(_Org(did, f"{place}{_DEPTS[d % len(_DEPTS)]}", "unit", level, parent, supervised_by)):
                return
            self._org(_Org(f"{did}B", f"{place}{_DEPTS[d % len(_DEPTS)]}机关党支部", "branch", level, did))

    def build_tree(self) -> None:
        """Province, cities, counties, townships, villages, in an order where
        every prefix is a whole tree (parents first), cut at the target."""
        jp = self._committee("P", "云岭省", "省", None, None)
        self._departments("P", "云岭省", "省", "P", jp, 40)
        city = 0
        while len(self.orgs) < self.target:
            city += 1
            cid, cname = f"C{city:02d}", f"{self._place(city)}市"
            jc = self._committee(cid, cname, "市", "P", jp)
            self._departments(cid, cname, "市", cid, jc, 30)
            for k in range(1, 9):
                kid, kname = f"{cid}K{k}", f"{self._place(city * 10 + k)}县"
                jk = self._committee(kid, kname, "县", cid, jc)
                self._departments(kid, kname, "县", kid, jk, 18)
                for t in range(1, 11):
                    tid, tname = f"{kid}T{t:02d}", f"{self._place(city * 100 + k * 10 + t)}镇"
                    jt = self._committee(tid, tname, "乡", kid, jk)
                    for s, station in enumerate(_STATIONS):
                        self._org(_Org(f"{tid}U{s + 1}", f"{tname}{station}", "station", "乡", tid, jt))
                    for v in range(1, 13):
                        vid, vname = f"{tid}V{v:02d}", f"{self._place(city + k * 31 + t * 7 + v)}村"
                        self._org(_Org(vid, f"中共{vname}支部委员会", "branch", "村", tid, jt))
                        self._org(_Org(f"{vid}S", f"{vname}村务监督委员会", "village_supervision", "村", vid))
                    if len(self.orgs) >= self.target:
                        return

    # ------------------------------------------------------------ people
    def _name(self) -> str:
        r = self.rng
        return r.choice(_SURNAMES) + r.choice(_GIVEN) + (r.choice(_GIVEN) if r.random() < 0.7 else "")

    def _person(self) -> str:
        self.people += 1
        pid = f"P{self.people:07d}"
        self.w.add("people", pid, self._name())
        return pid

    def _terms(self, post: str, key: bool, pool: list[tuple[date, str]]) -> None:
        """Tenures from before the first day to the last, with turnover, gaps
        and (for some key posts) a vacancy at the end."""
        r = self.rng
        day = self.first_day - timedelta(days=r.randint(0, 1500))
        terms: list[tuple[str, date, date | None]] = []
        vacant_at_end = key and r.random() < PLANTED_RATES["vacant_key_post"]
        while day <= LAST_DAY:
            end: date | None = day + timedelta(days=r.randint(700, 2600))
            last = end is not None and end >= LAST_DAY
            if last:
                end = max(day, LAST_DAY - timedelta(days=r.randint(10, 120))) if vacant_at_end else None
            reuse = pool and pool[0][0] < day and r.random() < 0.7
            person = heapq.heappop(pool)[1] if reuse else self._person()
            terms.append((person, day, end))
            if end is None or last:
                break
            heapq.heappush(pool, (end, person))
            day = end + timedelta(days=1 if r.random() < 0.85 else r.randint(20, 150))
        if vacant_at_end and terms and terms[-1][2] is not None:
            self.planted["vacant_key_post"] += 1
        self.terms[post] = terms
        for person, start, end in terms:
            self.w.add("tenures", person, post, start.isoformat(), end.isoformat() if end else "")

    def build_posts(self, tick: Callable[[], None]) -> None:
        pool: list[tuple[date, str]] = []
        r = self.rng
        for org in self.orgs:
            posts = []
            for suffix, title, role, count in _POSTS[org.kind]:
                for n in range(1, count + 1):
                    if org.kind == "unit" and role == "secretary" and r.random() < PLANTED_RATES["missing_post"]:
                        self.planted["missing_post"] += 1
                        continue
                    pid = f"{org.id}-{suffix}{n if count > 1 else ''}"
                    self.w.add("positions", pid, org.id, title, role)
                    posts.append((pid, role))
                    key = role in ("secretary", "discipline_secretary", "team_leader")
                    self._terms(pid, key, pool)
            self.posts_of[org.id] = posts
            tick()

    def holder(self, post: str, day: date) -> str | None:
        for person, start, end in self.terms.get(post, ()):
            if start <= day and (end is None or day <= end):
                return person
        return None

    # ------------------------------------------------------------ oversight and supervision
    def build_relations(self) -> None:
        r = self.rng
        start = self.first_day.isoformat()
        posts = self.posts_of
        for org in self.orgs:
            kind = "unit" if org.kind == "station" else org.kind
            self.w.add("organizations", org.id, org.name, kind, org.level, org.parent or "")
        for org in self.orgs:
            if org.kind in ("unit", "station"):
                members = [p for p, role in posts.get(org.parent or "", ()) if role in ("member", "deputy_secretary")]
                roll = r.random()
                if roll < PLANTED_RATES["unoverseen_unit"] or not members:
                    self.planted["unoverseen_unit"] += 1
                else:
                    first = r.choice(members)
                    self.w.add("oversight", first, org.id, start, "")
                    if roll < PLANTED_RATES["unoverseen_unit"] + PLANTED_RATES["overlapping_oversight"]:
                        other = [m for m in members if m != first]
                        if other:
                            self.w.add("oversight", r.choice(other), org.id, start, "")
                            self.planted["overlapping_oversight"] += 1
                    elif r.random() < PLANTED_RATES["conflict_of_interest"]:
                        js = [p for p, role in posts.get(f"{org.parent}J", ()) if role == "discipline_secretary"]
                        if js:
                            self.w.add("oversight", js[0], org.id, start, "")
                            self.planted["conflict_of_interest"] += 1
                            self.planted["overlapping_oversight"] += 1  # a member oversees it too
            if org.kind == "unit" and org.commission:
                has_secretary = any(role == "secretary" for _, role in posts.get(org.id, ()))
                if r.random() < PLANTED_RATES["unsupervised_org"]:
                    self.planted["unsupervised_org"] += has_secretary
                else:
                    self.w.add("supervision", org.commission, org.id, "stationed", start, "")
            elif org.kind == "party_committee":
                self.w.add("supervision", f"{org.id}J", org.id, "same_level", start, "")
                if org.commission:
                    self.w.add("supervision", org.commission, org.id, "upper", start, "")
            elif org.kind == "village_supervision" and org.parent:
                self.w.add("supervision", org.id, org.parent, "same_level", start, "")

    # ------------------------------------------------------------ duties, records, cases
    def build_duties(self) -> None:
        """Yearly tasks passed down from each committee to the committees below it."""
        r = self.rng
        committees = [o for o in self.orgs if o.kind == "party_committee"]
        for year in range(self.first_day.year, LAST_DAY.year + 1):
            for org in committees:
                did = f"D{year}-{org.id}"
                parent = f"D{year}-{org.parent}" if org.parent else ""
                text = f"{year}年度{org.name.removeprefix('中共').removesuffix('委员会')}党风廉政建设任务落实"
                self.w.add("duties", did, text, "principal", "落实", "", "", "", parent)
                roll = r.random()
                if roll < PLANTED_RATES["orphan_duty"]:
                    self.planted["orphan_duty"] += 1
                    continue
                self.w.add("assignments", did, org.id, "lead")
                self.w.add("assignments", did, f"{org.id}J", "assist")
                if roll < PLANTED_RATES["orphan_duty"] + PLANTED_RATES["multiple_leads"]:
                    self.w.add("assignments", did, f"{org.id}-S", "lead")
                    self.planted["multiple_leads"] += 1

    def build_records(self) -> None:
        """Records for every clause with a frequency, by whoever held each bearing
        post, over the last two years: one per window, a window skipped now and then."""
        r = self.rng
        n = 0
        first_year = max(self.first_day.year, LAST_DAY.year - 1)
        months = {"每季度至少1次": (2, 5, 8, 11), "每半年至少1次": (3, 9), "每年至少1次": (11,), "每年不少于1次": (10,)}
        days_of = {
            freq: [
                date(y, m, 15) for y in range(first_year, LAST_DAY.year + 1) for m in ms if date(y, m, 15) <= LAST_DAY
            ]
            for freq, ms in months.items()
        }
        by_kind: dict[str, list[tuple[str, str, str]]] = {}
        for number, (kind, role, _, _, frequency, _) in enumerate(_CLAUSES, start=1):
            if frequency:
                by_kind.setdefault(kind, []).append((str(number), role, frequency))
        for org in self.orgs:
            for clause, role, frequency in by_kind.get(org.kind, ()):
                duty = f"{LIST_ID}/{clause}@{org.id}"
                for post, post_role in self.posts_of.get(org.id, ()):
                    if post_role != role:
                        continue
                    for day in days_of[frequency]:
                        person = self.holder(post, day)
                        if person is None:
                            continue
                        if r.random() < PLANTED_RATES["short_record"]:
                            self.planted["short_record"] += 1
                            continue
                        n += 1
                        self.w.add("records", f"R{n:08d}", duty, person, day.isoformat(), "会议", "按期召开")

    def build_cases(self) -> None:
        r = self.rng
        span = (LAST_DAY - self.first_day).days
        count = max(1, len(self.orgs) // 5)
        candidates = [o for o in self.orgs if o.kind in ("unit", "station", "branch")]
        clause_for = {kind: _clause_no(kind) for kind in ("unit", "station", "branch")}
        categories = ("违反中央八项规定精神", "侵害群众利益", "违规发放津贴补贴", "优亲厚友", "工程项目违规")
        n = 0
        for _ in range(count):
            org = r.choice(candidates)
            day = self.first_day + timedelta(days=r.randint(0, span))
            staff = [p for p, _ in self.posts_of.get(org.id, ())]
            people = [h for h in (self.holder(p, day) for p in staff) if h]
            if not people:
                continue
            n += 1
            cid = f"K{n:06d}"
            person = r.choice(people)
            category = r.choice(categories)
            duty = f"{LIST_ID}/{clause_for[org.kind]}@{org.id}"
            self.w.add("cases", cid, day.isoformat(), org.id, f"{org.name}{category}问题", category, duty, person)
            if r.random() < 0.6:
                decided = (day + timedelta(days=r.randint(30, 200))).isoformat()
                self.w.add("decisions", cid, person, "direct", "党内警告", decided)
                leader = self.holder(f"{org.parent}-S", day) if org.parent else None
                if leader and r.random() < 0.5:
                    self.w.add("decisions", cid, leader, "principal_leadership", "诫勉", decided)


def _list_yaml() -> str:
    lines = [
        f"id: {LIST_ID}",
        "title: 云岭省落实全面从严治党“两个责任”清单（合成数据）",
        "issuer: 中共云岭省委（虚构）",
        "issued: 2020-01-01",
        "clauses:",
    ]
    for n, (kind, role, duty_kind, category, frequency, text) in enumerate(_CLAUSES, start=1):
        org_kind = "unit" if kind == "station" else kind
        levels = "[省, 市, 县]" if kind == "unit" else "[乡]" if kind == "station" else ""
        target = [
            f"org_kind: {org_kind}",
            *([f"role: {role}"] if role else []),
            *([f"level: {levels}"] if levels else []),
        ]
        fields = [f'clause: "{n}"', f"kind: {duty_kind}", f"category: {category}"]
        if frequency:
            fields.append(f"frequency: {frequency}")
        fields += [f"text: {text}", "applies_to: {" + ", ".join(target) + "}"]
        lines.append("  - {" + ", ".join(fields) + "}")
    return "\n".join(lines) + "\n"


def _write(out: Path, w: _Writer) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    rows = {}
    for table, header in _HEADERS.items():
        body = w.tables.get(table, [])
        with (out / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(body)
        rows[table] = len(body)
    (out / "lists").mkdir(exist_ok=True)
    (out / "lists" / f"{LIST_ID.lower()}.yaml").write_text(_list_yaml(), encoding="utf-8")
    return rows


def _phases(p: _Province, progress: Progress) -> Iterator[tuple[str, Callable[[], None]]]:
    yield "tree", p.build_tree
    yield "posts", lambda: p.build_posts(lambda: progress("posts", 1))
    yield "relations", p.build_relations
    yield "duties", p.build_duties
    yield "records", p.build_records
    yield "cases", p.build_cases


def synthesize(out: Path, *, orgs: int, seed: int = 1, years: int = 5, progress: Progress = _quiet) -> SynthSummary:
    """Write a generated province of about ``orgs`` organizations to ``out``.

    ``progress(phase, n)`` is called as work is done: once per phase with
    ``n = 0`` when the phase starts (``"posts"`` with the number of
    organizations as a negative total first), and per organization during the
    posts phase.
    """
    p = _Province(orgs, seed, years)
    for phase, run in _phases(p, progress):
        progress(phase, 0)
        if phase == "posts":
            progress("posts", -len(p.orgs))
        run()
    progress("write", 0)
    rows = _write(out, p.w)
    summary = SynthSummary(out, rows, p.planted)
    (out / ".synth.json").write_text(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return summary
