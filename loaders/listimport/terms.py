"""The words of responsibility lists: who a heading names, which kind of duty,
which category, which frequency.

Each reader looks only at what the text says; where the words are not there,
it returns nothing and the importer asks the reviewer, rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.frequency import UNPARSED, Frequency, parse_frequency
from graph.schema import DISCIPLINE_KINDS, SUPERVISORY_HEAD_ROLES, DutyKind, OrgKind, Role

__all__ = [
    "CATEGORIES",
    "Bearer",
    "FrequencyReading",
    "bearer_in",
    "category_in",
    "frequency_in",
    "is_general_section",
    "kind_in",
]

_B = r"[（(]"
_E = r"[)）]"

#: Organisation terms, most specific first. A term may carry an alternative in
#: brackets (党组（党委）): the term outside the brackets decides, the one inside
#: is reported so the reviewer can add it.
_ORG_TERMS: list[tuple[str, OrgKind]] = [
    (r"机关纪委|机关纪律检查委员会", OrgKind.ORGAN_DISCIPLINE_COMMISSION),
    (rf"机关党委(?:{_B}[^)）]*{_E})?", OrgKind.ORGAN_COMMITTEE),
    (r"党总支", OrgKind.GENERAL_BRANCH),
    (r"党支部|支部", OrgKind.BRANCH),
    (r"派驻纪检监察组|派驻纪检组|纪检监察组|纪检组|派驻机构", OrgKind.STATIONED_TEAM),
    (r"村务监督委员会|村[(（]居[)）]务监督委员会|村监委", OrgKind.VILLAGE_SUPERVISION),
    (r"纪委监委|纪工委|纪委|纪律检查委员会|纪检监察机关", OrgKind.DISCIPLINE_COMMISSION),
    (rf"党组(?={_B}党委{_E})", OrgKind.PARTY_GROUP),
    (r"党委(?=[（(]党组[)）])", OrgKind.PARTY_COMMITTEE),
    (r"党组(?!织)", OrgKind.PARTY_GROUP),
    (r"党委|党工委|[省市县区州旗镇乡]委(?!员)|常委会", OrgKind.PARTY_COMMITTEE),
]
_ORG_RE = re.compile("|".join(f"(?P<o{i}>{p})" for i, (p, _) in enumerate(_ORG_TERMS)))
_ALTERNATIVE = re.compile(rf"^{_B}(党委|党组){_E}")

#: Post terms, most specific first; matched right after an organisation term or alone.
_ROLE_TERMS: list[tuple[str, Role]] = [
    (r"纪检监察组组长|纪检组组长|纪检组长|组长", Role.TEAM_LEADER),
    (r"纪委书记|纪工委书记", Role.DISCIPLINE_SECRETARY),
    (r"纪检委员", Role.DISCIPLINE_MEMBER),
    (r"副书记", Role.DEPUTY_SECRETARY),
    (r"书记|主要负责同志|主要负责人|主要领导|一把手|第一责任人", Role.SECRETARY),
    (r"其他成员|班子成员|领导班子其他成员|党组成员|党委委员|委员|分管领导|班子其他成员", Role.MEMBER),
]
_ROLE_RE = re.compile("|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(_ROLE_TERMS)))
#: A discipline body's secretary is its own role, not the party secretary.
_DISCIPLINE_SECRETARY = {
    OrgKind.DISCIPLINE_COMMISSION: Role.DISCIPLINE_SECRETARY,
    OrgKind.ORGAN_DISCIPLINE_COMMISSION: Role.DISCIPLINE_SECRETARY,
    OrgKind.STATIONED_TEAM: Role.TEAM_LEADER,
}
_BODY = re.compile(r"^(?:的)?(?:领导班子|班子)(?!成员|其他)")


@dataclass(frozen=True, slots=True)
class Bearer:
    """Who a text names: an organisation kind, perhaps a post in it, and the
    bracketed alternative kind the text also named (党组（党委） → party committee)."""

    org_kind: OrgKind | None
    role: Role | None = None
    alternative: OrgKind | None = None
    at: int = field(default=0, compare=False, repr=False)  # where in the text the term begins


def bearer_in(text: str) -> Bearer | None:
    """The first organisation (and post) a heading or subject names.

    >>> b = bearer_in("党组（党委）书记责任")
    >>> b.org_kind.value, b.role.value, b.alternative.value
    ('party_group', 'secretary', 'party_committee')
    >>> b = bearer_in("机关纪委书记")
    >>> b.org_kind.value, b.role.value, bearer_in("（一）党委(党组)领导班子的责任").role
    ('organ_discipline_commission', 'discipline_secretary', None)
    >>> bearer_in("班子成员").role.value, bearer_in("加强廉政教育")
    ('member', None)
    """
    org = _ORG_RE.search(text)
    role_match = _ROLE_RE.search(text, org.end() if org else 0)
    if org is None:
        if role_match is None or role_match.group() in ("委员", "组长"):
            return None
        return Bearer(None, _ROLE_TERMS[_group_index(role_match)][1], at=role_match.start())
    kind = _ORG_TERMS[_group_index(org)][1]
    rest = text[org.end() :]
    alt_match = _ALTERNATIVE.match(rest)
    alternative = None
    if alt_match:
        alternative = OrgKind.PARTY_COMMITTEE if alt_match[1] == "党委" else OrgKind.PARTY_GROUP
        rest = rest[alt_match.end() :]
    role = None
    if role_match is not None and role_match.start() - org.end() <= (alt_match.end() if alt_match else 0) + 4:
        role = _ROLE_TERMS[_group_index(role_match)][1]
        if role is Role.SECRETARY and role_match.group() == "书记":
            role = _DISCIPLINE_SECRETARY.get(kind, Role.SECRETARY)
        if _BODY.match(rest) and role is Role.MEMBER and "成员" not in role_match.group():
            role = None
    return Bearer(kind, role, alternative, at=org.start())


def _group_index(match: re.Match[str]) -> int:
    assert match.lastgroup is not None
    return int(match.lastgroup[1:])


#: Explicit duty-kind words, most specific first.
_KIND_WORDS = [
    ("第一责任人", DutyKind.FIRST_RESPONSIBLE),
    ("一岗双责", DutyKind.DUAL_DUTY),
    ("监督责任", DutyKind.SUPERVISORY),
    ("主体责任", DutyKind.PRINCIPAL),
]
#: Who bears supervisory duties: the discipline bodies and village supervision committees, and their posts.
_DISCIPLINE_KINDS = DISCIPLINE_KINDS | {OrgKind.VILLAGE_SUPERVISION}
_DISCIPLINE_ROLES = SUPERVISORY_HEAD_ROLES | {Role.DISCIPLINE_MEMBER}


def kind_in(headings: list[str], bearer: Bearer | None) -> DutyKind | None:
    """The duty kind: the bearer's post decides first (a secretary bears the
    first-responsible duty, a member the dual duty, a discipline body the
    supervisory one); then the kind words of the headings, nearest first.

    >>> kind_in(["主体责任"], Bearer(OrgKind.BRANCH, Role.SECRETARY)).value
    'first_responsible'
    >>> kind_in(["监督责任内容"], None).value, kind_in(["工作任务"], None)
    ('supervisory', None)
    """
    if bearer is not None:
        if bearer.role in _DISCIPLINE_ROLES or bearer.org_kind in _DISCIPLINE_KINDS:
            return DutyKind.SUPERVISORY
        if bearer.role is Role.SECRETARY:
            return DutyKind.FIRST_RESPONSIBLE
        if bearer.role in (Role.MEMBER, Role.DEPUTY_SECRETARY):
            return DutyKind.DUAL_DUTY
    for heading in headings:
        for word, kind in _KIND_WORDS:
            if word in heading:
                return kind
    if bearer is not None and bearer.org_kind is not None:
        return DutyKind.PRINCIPAL
    return None


#: The category words of the seeds, longest first so 维护协助 wins over 协助.
CATEGORIES = (
    "维护协助",
    "监督检查",
    "执纪查处",
    "考核问责",
    "领导督促",
    "报告报备",
    "协助",
    "推进",
    "教育",
    "支持",
    "落实",
    "管理",
)
_CATEGORY_TITLE = re.compile(rf"^(?:[^，。；]{{0,6}}?)({'|'.join(CATEGORIES)})(?:的)?责任")


def category_in(title: str, text: str) -> str:
    """A category word where the list states one: in a title of the form
    "协助责任" or as the verb the clause opens with; otherwise empty.

    >>> category_in("维护协助责任", ""), category_in("", "协助党委抓好党风廉政建设"), category_in("", "严格落实制度")
    ('维护协助', '协助', '')
    """
    m = _CATEGORY_TITLE.match(title)
    if m:
        return m[1]
    for word in CATEGORIES:
        if text.startswith(word):
            return word
    return ""


_GENERAL = re.compile(
    r"总体要求|指导思想|目标任务|目标要求|基本原则|工作原则|总则|附则|适用范围|组织领导|保障措施|工作要求|实施步骤|"
    r"主要做法|存在的?问题|思考与建议|重要意义|责任追究|责任考核|考核评价|监督检查与考核"
)


def is_general_section(title: str) -> bool:
    """True for a heading whose section states aims, principles or procedure,
    not duties (总体要求, 指导思想, 总则, 附则, 责任追究...).

    >>> is_general_section("一、落实党委主体责任的总体要求"), is_general_section("主体责任内容")
    (True, False)
    """
    return len(title) <= 40 and _GENERAL.search(title) is not None


_PERIOD_CUE = re.compile(
    r"每(?:[一二两三四五六七八九十\d]+)?个?(?:半年|季度|季|月|年度|年|周|星期|旬)|定期|不定期|经常性|按(?:月|季度|季|半年|年)"
)
_PHRASE_END = re.compile(r"[，。；;,！？、]")


@dataclass(frozen=True, slots=True)
class FrequencyReading:
    """The frequency phrase(s) of a clause and what they say.

    ``text`` goes into the template's ``frequency`` field; ``value`` is the
    parsed requirement, :data:`~graph.frequency.UNPARSED` when the text names a
    frequency that cannot be read without guessing, ``None`` when it names none.
    ``phrases`` are all the phrases found.
    """

    text: str
    value: Frequency | object | None
    phrases: tuple[str, ...]


def frequency_in(text: str) -> FrequencyReading:
    """Find the frequency requirement a clause states.

    Each phrase from a period word (每年, 每季度, 定期...) to the end of its
    clause part is read with :func:`graph.frequency.parse_frequency`. One
    readable requirement is taken; a vague word beside it (定期...每年不少于2次)
    adds nothing. Two different requirements, or only unreadable ones, leave the
    phrases in the text and the value UNPARSED.

    >>> frequency_in("每半年至少主持召开1次党组会议，专题研究").text
    '每半年至少主持召开1次党组会议'
    >>> r = frequency_in("定期研究党建工作，每年不少于2次")
    >>> r.text, r.value
    ('每年不少于2次', Frequency(period=<Period.YEAR: 'year'>, count=2))
    >>> frequency_in("每年安排1-2次专项整治").value, frequency_in("坚持抓作风建设").text
    (UNPARSED, '')
    """
    phrases: list[str] = []
    covered = 0  # where the last phrase ended: a cue inside it belongs to it
    for cue in _PERIOD_CUE.finditer(text):
        if cue.start() < covered:
            continue
        end = _PHRASE_END.search(text, cue.end())
        covered = end.start() if end else len(text)
        phrases.append(text[cue.start() : covered])
    if not phrases:
        return FrequencyReading("", None, ())
    readings = [(p, parse_frequency(p)) for p in phrases]
    readable = {v: p for p, v in readings if isinstance(v, Frequency)}
    if len(readable) == 1:
        value, phrase = next(iter(readable.items()))
        return FrequencyReading(phrase, value, tuple(phrases))
    return FrequencyReading("；".join(phrases), UNPARSED, tuple(phrases))
