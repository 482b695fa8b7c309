"""Accountability rule sets: which article puts whom in which role of a trace.

A rule set is a YAML file in this folder (or any file a user names): its id,
title, the regulation and version it follows, the dates it is in force, and
one entry per rule — the role it fills, how people (or organizations) are
found, what is excluded, and a citation (regulation, version, article, a short
phrase quoted from the stored text and the file it is quoted from). The trace
(:mod:`queries.trace`) does what the rules say and nothing else.

Shipped: ``wenze2019`` (the default), ``wenze2016``, ``chufen2023`` and
``basic`` (the first version's trace). ``sources.yaml`` says which stored
regulation text holds which articles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.errors import RespnetError
from graph.i18n import DEFAULT_LANG, Lang, t
from graph.schema import AccountabilityRole, OrgAccountabilityRole, Role

__all__ = [
    "DEFAULT_RULE_SET",
    "FINDERS",
    "ORG_FINDERS",
    "Choice",
    "Citation",
    "Rule",
    "RuleSet",
    "RuleSetError",
    "Source",
    "article_text",
    "choose",
    "load_rule_set",
    "rule_set_names",
    "shipped",
    "sources",
]

HOME = Path(__file__).parent
DEFAULT_RULE_SET = "wenze2019"

#: How people are found, by the name a rule gives (``find``).
FINDERS = frozenset({"named", "secretary", "overseers", "duty_leads", "duty_assists", "supervisor_heads"})
#: How organizations are found.
ORG_FINDERS = frozenset({"leading_body", "supervising_bodies"})
_SCOPES = frozenset({"nearest_level", "nearest_body"})
_FALLBACKS = frozenset({"presiding"})
_READS = ("period", "other_orgs", "investigated_by")


class RuleSetError(RespnetError):
    """A rule-set name or file that cannot be used (exit status 2, like bad data)."""

    key = "error.rule_set_bad"


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule comes from. ``quote`` occurs in ``source`` (a file of
    ``../shared/regulations``) when both are given; ``note`` says what the
    text does not settle."""

    regulation: str
    version: str
    article: int | None = None
    paragraph: int | None = None
    quote: str | None = None
    source: str | None = None
    note: str = ""

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        """``《问责条例》(2019) 第六条：「……」`` — the citation as one line."""
        where = article_text(self.article, self.paragraph, lang)
        head = f"《{self.regulation}》({self.version})" + (f" {where}" if where else "")
        return head + (
            f"：「{self.quote}」" if self.quote and lang == "zh" else f': "{self.quote}"' if self.quote else ""
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "regulation": self.regulation,
            "version": self.version,
            "article": self.article,
            "paragraph": self.paragraph,
            "quote": self.quote,
            "source": self.source,
            "note": self.note,
        }


_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """Chinese numerals up to 99 (articles of these regulations).

    >>> _chinese_number(6), _chinese_number(10), _chinese_number(38)
    ('六', '十', '三十八')
    """
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def article_text(article: int | None, paragraph: int | None = None, lang: Lang = DEFAULT_LANG) -> str:
    """An article (and paragraph) as a reader writes it.

    >>> article_text(6), article_text(4, 2), article_text(6, lang="en"), article_text(None)
    ('第六条', '第四条第二款', 'art. 6', '')
    """
    if article is None:
        return ""
    if lang != "zh":
        return f"art. {article}" + (f"({paragraph})" if paragraph else "")
    return f"第{_chinese_number(article)}条" + (f"第{_chinese_number(paragraph)}款" if paragraph else "")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: ``role`` is filled by whom ``find`` finds (see :data:`FINDERS`)."""

    id: str
    role: str
    find: str
    citation: Citation
    exclude: tuple[AccountabilityRole, ...] = ()
    fallback: str | None = None
    scope: str = "nearest_level"
    head_roles: tuple[Role, ...] = ()
    else_roles: tuple[Role, ...] = ()
    heads: tuple[Role, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    title: str
    title_en: str
    regulation: str
    version: str
    description: str
    rules: tuple[Rule, ...]
    organizations: tuple[Rule, ...] = ()
    family: str | None = None
    effective_from: date | None = None
    effective_note: str = ""
    reads: Mapping[str, bool] = field(default_factory=dict)
    examine_investigator: bool = True
    path: str = ""

    def name(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.title if lang == "zh" else self.title_en

    def localize(self, lang: Lang = DEFAULT_LANG) -> str:
        """The title in ``lang``, when the rule set is a parameter of a message."""
        return self.name(lang)

    def uses(self, what: str) -> bool:
        """Whether the trace reads the data field ``what`` (period, other_orgs, investigated_by)."""
        return bool(self.reads.get(what, False))

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in (*self.rules, *self.organizations) if r.id == rule_id)

    def to_dict(self) -> dict[str, Any]:
        def rule(r: Rule) -> dict[str, Any]:
            return {
                "id": r.id,
                "role": r.role,
                "find": r.find,
                "exclude": [e.value for e in r.exclude],
                "fallback": r.fallback,
                "scope": r.scope if r.find in ("supervisor_heads", "supervising_bodies") else None,
                "citation": r.citation.to_dict(),
            }

        return {
            "id": self.id,
            "title": self.title,
            "title_en": self.title_en,
            "regulation": self.regulation,
            "version": self.version,
            "family": self.family,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "effective_note": self.effective_note,
            "description": self.description,
            "reads": dict(self.reads),
            "examine_investigator": self.examine_investigator,
            "rules": [rule(r) for r in self.rules],
            "organizations": [rule(r) for r in self.organizations],
        }


# ------------------------------------------------------------ reading
class _Reader:
    """Turns one file's mapping into a :class:`RuleSet`, every problem as a
    :class:`RuleSetError` naming the file and the rule."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, detail: str) -> RuleSetError:
        return RuleSetError("error.rule_set_bad", file=self.path, where=where, detail=detail)

    def text(self, data: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise self.fail(where, f"{key}: 必填 / required")
            return ""
        return str(value)

    def roles(self, values: Any, where: str, vocab: type[Role] | type[AccountabilityRole]) -> tuple[Any, ...]:
        if values is None:
            return ()
        if not isinstance(values, list):
            raise self.fail(where, "应为列表 / a list is expected")
        try:
            return tuple(vocab(v) for v in values)
        except ValueError as e:
            raise self.fail(where, str(e)) from None

    def citation(self, data: Any, where: str) -> Citation:
        if not isinstance(data, Mapping):
            raise self.fail(where, "citation: 必填 / required")
        article, paragraph = data.get("article"), data.get("paragraph")
        for value in (article, paragraph):
            if value is not None and not isinstance(value, int):
                raise self.fail(where, "article / paragraph 应为整数 / must be integers")
        quote, source = data.get("quote"), data.get("source")
        if bool(quote) != bool(source):
            raise self.fail(where, "quote 与 source 须同时给出 / quote and source go together")
        return Citation(
            self.text(data, "regulation", where),
            self.text(data, "version", where),
            article,
            paragraph,
            str(quote) if quote else None,
            str(source) if source else None,
            str(data.get("note") or ""),
        )

    def rule(self, data: Any, index: int, for_orgs: bool) -> Rule:
        where = f"{'organizations' if for_orgs else 'rules'}[{index}]"
        if not isinstance(data, Mapping):
            raise self.fail(where, "应为键值映射 / a mapping is expected")
        unknown = set(data) - set(Rule.__slots__)
        if unknown:
            raise self.fail(where, f"未知的键 / unknown keys: {', '.join(sorted(unknown))}")
        rule_id = self.text(data, "id", where)
        where = f"{where} ({rule_id})"
        role, find = self.text(data, "role", where), self.text(data, "find", where)
        roles = OrgAccountabilityRole if for_orgs else AccountabilityRole
        finders = ORG_FINDERS if for_orgs else FINDERS
        if role not in {r.value for r in roles}:
            raise self.fail(where, f"role「{role}」; 可用 / known: {', '.join(r.value for r in roles)}")
        if find not in finders:
            raise self.fail(where, f"find「{find}」; 可用 / known: {', '.join(sorted(finders))}")
        scope = str(data.get("scope") or "nearest_level")
        if scope not in _SCOPES:
            raise self.fail(where, f"scope「{scope}」; 可用 / known: {', '.join(sorted(_SCOPES))}")
        fallback = data.get("fallback")
        if fallback is not None and (fallback not in _FALLBACKS or find != "secretary"):
            raise self.fail(
                where, f"fallback「{fallback}」: 仅 secretary 可用 presiding / only secretary takes presiding"
            )
        return Rule(
            rule_id,
            role,
            find,
            self.citation(data.get("citation"), where),
            self.roles(data.get("exclude"), where, AccountabilityRole),
            fallback,
            scope,
            self.roles(data.get("head_roles"), where, Role),
            self.roles(data.get("else_roles"), where, Role),
            self.roles(data.get("heads"), where, Role),
        )

    def rule_set(self, data: Any) -> RuleSet:
        if not isinstance(data, Mapping):
            raise self.fail("", "应为键值映射 / a mapping is expected")
        rules, orgs = data.get("rules"), data.get("organizations") or []
        if not isinstance(rules, list) or not rules or not isinstance(orgs, list):
            raise self.fail("rules", "应为非空列表 / a non-empty list is expected")
        effective = data.get("effective_from")
        if effective is not None and not isinstance(effective, date):
            raise self.fail("effective_from", "应为日期 YYYY-MM-DD / a date is expected")
        reads = data.get("reads") or {}
        if not isinstance(reads, Mapping) or set(reads) - set(_READS):
            raise self.fail("reads", f"可用 / known: {', '.join(_READS)}")
        parsed = RuleSet(
            self.text(data, "id", "id"),
            self.text(data, "title", "title"),
            self.text(data, "title_en", "title_en", required=False) or self.text(data, "title", "title"),
            self.text(data, "regulation", "regulation"),
            self.text(data, "version", "version"),
            self.text(data, "description", "description", required=False),
            tuple(self.rule(r, i, False) for i, r in enumerate(rules)),
            tuple(self.rule(r, i, True) for i, r in enumerate(orgs)),
            str(data["family"]) if data.get("family") else None,
            effective,
            self.text(data, "effective_note", "effective_note", required=False),
            {k: bool(reads.get(k, False)) for k in _READS},
            bool(data.get("examine_investigator", True)),
            self.path,
        )
        ids = [r.id for r in (*parsed.rules, *parsed.organizations)]
        if len(set(ids)) != len(ids):
            raise self.fail("rules", "规则编号重复 / a rule id repeats")
        return parsed


def _read(path: Path) -> RuleSet:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise RuleSetError("error.rule_set_bad", file=str(path), where="", detail=str(e)) from None
    return _Reader(str(path)).rule_set(data)


def rule_set_names() -> list[str]:
    """The shipped rule sets, the default first."""
    return list(_names())


@cache
def _names() -> tuple[str, ...]:
    names = sorted(p.stem for p in HOME.glob("*.yaml") if p.stem != "sources")
    return tuple(sorted(names, key=lambda n: (n != DEFAULT_RULE_SET, n)))


@cache
def shipped(name: str) -> RuleSet:
    """A shipped rule set by name."""
    if name not in rule_set_names():
        raise RuleSetError("error.rule_set_unknown", name=name, known=", ".join(rule_set_names()))
    return _read(HOME / f"{name}.yaml")


def load_rule_set(name_or_file: str | None = None) -> RuleSet:
    """A shipped rule set by name, or a rule-set file by path (None: the default)."""
    name = name_or_file or DEFAULT_RULE_SET
    if name in rule_set_names():
        return shipped(name)
    path = Path(name)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise RuleSetError("error.rule_set_bad", file=name, where="", detail="文件不存在 / no such file")
        return _read(path)
    raise RuleSetError("error.rule_set_unknown", name=name, known=", ".join(rule_set_names()))


# ------------------------------------------------------------ the version in force
@dataclass(frozen=True, slots=True)
class Choice:
    """The rule set a trace used, and why (``reason`` is a message key and its params)."""

    rule_set: RuleSet
    chosen: str
    reason: str
    params: Mapping[str, Any]

    def because(self, lang: Lang = DEFAULT_LANG) -> str:
        return t(f"rules.{self.reason}", lang, **self.params)

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        rs = self.rule_set
        return {
            "id": rs.id,
            "title": rs.name(lang),
            "regulation": rs.regulation,
            "version": rs.version,
            "chosen": self.chosen,
            "reason": self.because(lang),
        }


def choose(chosen: RuleSet, day: date) -> Choice:
    """The version of ``chosen``'s family in force on ``day`` (a case's date,
    or the end of its misconduct period). A rule set without a family (or a
    file outside the shipped ones) is used as it is."""
    if chosen.family is None or chosen.effective_from is None:
        return Choice(chosen, chosen.id, "undated", {"rules": chosen})
    family = list(_family(chosen.family))
    # the shipped version itself, mostly: found by identity before any (deep) comparison
    if not any(rs is chosen for rs in family) and chosen not in family:
        family = sorted([*family, chosen], key=lambda rs: rs.effective_from or date.min)
    in_force = [rs for rs in family if rs.effective_from and rs.effective_from <= day]
    params = {"day": day, "chosen": chosen}
    if not in_force:
        first = family[0]
        return Choice(first, chosen.id, "none_in_force", {**params, "used": first, "since": first.effective_from})
    used = in_force[-1]
    reason = "in_force" if used is chosen else "switched"
    return Choice(used, chosen.id, reason, {**params, "used": used, "since": used.effective_from})


@cache
def _family(name: str) -> tuple[RuleSet, ...]:
    """The shipped dated versions of a family, oldest first (asked by every trace)."""
    return tuple(
        sorted(
            (rs for rs in map(shipped, rule_set_names()) if rs.family == name and rs.effective_from),
            key=lambda rs: rs.effective_from or date.min,
        )
    )


# ------------------------------------------------------------ the stored texts
@dataclass(frozen=True, slots=True)
class Source:
    """One stored regulation text (``sources.yaml``)."""

    file: str
    regulation: str
    version: str
    articles: tuple[int, ...]
    kind: str
    complete: bool
    note: str

    def holds(self, citation: Citation) -> bool:
        """Whether this text holds the article ``citation`` cites (a text without
        article numbers holds citations without one)."""
        if (citation.regulation, citation.version) != (self.regulation, self.version):
            return False
        return citation.article in self.articles if self.articles else citation.article is None


@cache
def sources() -> tuple[Source, ...]:
    data = yaml.safe_load((HOME / "sources.yaml").read_text(encoding="utf-8"))
    return tuple(
        Source(
            d["file"],
            d["regulation"],
            str(d["version"]),
            tuple(d.get("articles") or ()),
            d.get("kind", "text"),
            bool(d.get("complete", False)),
            d.get("note", ""),
        )
        for d in data
    )
