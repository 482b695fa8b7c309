"""The draft a reviewer edits: the template YAML, and its checks.

The YAML is DESIGN.md's list format, with a comment above each clause naming
the source line and marker it came from and what the reviewer should look
at. Every text in it, comments included, is put on one line first
(:func:`loaders.plain.one_line`): nothing a document or a file name carries
can start a line of YAML of its own. :func:`check_draft` runs the very parser
the loader uses, so a draft that passes it loads; :func:`bind_counts` tells
how many units of a dataset each clause would reach; :func:`save_template`
is the one way a template is written into a data folder.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import yaml

from graph.binding import bind_clauses
from graph.errors import Problem, Severity
from graph.errors import ProblemCode as P
from graph.frequency import parse_frequency
from graph.i18n import DEFAULT_LANG, Lang, t
from graph.records import Clause, Dataset
from loaders.atomic import OutsideFolder, atomic_write
from loaders.listimport.notes import ImportNote
from loaders.listimport.structure import DraftClause
from loaders.plain import one_line
from loaders.readers import TemplateFile
from loaders.templates import parse_template

__all__ = [
    "LIST_ID",
    "ListDraft",
    "bind_counts",
    "check_draft",
    "draft_yaml",
    "list_id_for",
    "load_with_draft",
    "save_template",
    "valid_list_id",
]

#: A list id, which names its file (``lists/{id}.yaml``): a letter or digit,
#: then letters, digits, ``-``, ``_`` or ``.``; at most 64 characters. No
#: path separator, no leading dot, no space or control character.
LIST_ID = re.compile(r"[^\W_][\w.-]{0,63}")


@dataclass
class ListDraft:
    """A list as imported: what the template will say, and the notes for its reviewer."""

    id: str
    title: str
    issuer: str = ""
    issued: date | None = None
    clauses: list[DraftClause] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)
    source: str = ""

    @property
    def unplaced(self) -> list[ImportNote]:
        """Notes about source text the draft does not contain."""
        return [n for n in self.notes if n.unplaced]

    def notes_by_clause(self) -> dict[str | None, list[ImportNote]]:
        """The notes grouped by the clause they concern (one pass over them)."""
        grouped: dict[str | None, list[ImportNote]] = {}
        for note in self.notes:
            grouped.setdefault(note.clause, []).append(note)
        return grouped

    def with_clauses(self, clauses: list[DraftClause]) -> ListDraft:
        """The draft with the reviewer's clauses in place of the parsed ones."""
        return replace(self, clauses=clauses)


def valid_list_id(list_id: str) -> bool:
    """Whether ``list_id`` may name a list (and its file).

    >>> [valid_list_id(i) for i in ("SC-3L5P", "天水-清单", "v1.2_a")]
    [True, True, True]
    >>> [valid_list_id(i) for i in ("../users", ".hidden", "a/b", "a b", "", "x" * 65, "a\u2028b")]
    [False, False, False, False, False, False, False]
    """
    return LIST_ID.fullmatch(list_id) is not None


def list_id_for(name: str) -> str:
    """A list id from a file name: its stem, upper-cased, with anything but
    letters, digits and ``-`` made ``-``.

    >>> list_id_for("lists/sc 3l5p.yaml"), list_id_for("天水 清单.docx")
    ('SC-3L5P', '天水-清单')
    """
    stem = re.split(r"[\\/]", name)[-1].rsplit(".", 1)[0]
    made = re.sub(r"[^\w-]+", "-", stem, flags=re.UNICODE).strip("-_").upper()[:64].rstrip("-_")
    return made if valid_list_id(made) else "LIST"


def _clause_mapping(c: DraftClause) -> dict[str, object]:
    out: dict[str, object] = {
        "clause": one_line(c.clause),
        "text": one_line(c.text),
        "kind": c.kind.value if c.kind else "",
    }
    if c.category:
        out["category"] = one_line(c.category)
    if c.frequency:
        out["frequency"] = one_line(c.frequency)
    if c.org_kinds:
        kinds: object = c.org_kinds[0].value if len(c.org_kinds) == 1 else [k.value for k in c.org_kinds]
        applies: dict[str, object] = {"org_kind": kinds}
        if c.role:
            applies["role"] = c.role.value
        out["applies_to"] = applies
    return out


def _dump(value: object, flow: bool | None = None) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=10_000)


def draft_yaml(draft: ListDraft, lang: Lang = DEFAULT_LANG) -> str:
    """The template as YAML text, with the reviewer's comments.

    >>> from graph.schema import DutyKind, OrgKind, Role
    >>> c = DraftClause("1", "每季度至少讲1次党课。", DutyKind.FIRST_RESPONSIBLE, "", "每季度至少讲1次",
    ...                 (OrgKind.BRANCH,), Role.SECRETARY, 3, "1.")
    >>> print(draft_yaml(ListDraft("L", "清单", clauses=[c], source="a.txt"), "en"))  # doctest: +NORMALIZE_WHITESPACE
    # Draft made by respnet import-list from a.txt: check every clause before use.
    id: L
    title: 清单
    clauses:
    # 1. · line 3
    - clause: '1'
      text: 每季度至少讲1次党课。
      kind: first_responsible
      frequency: 每季度至少1次
      applies_to: {org_kind: branch, role: secretary}
    <BLANKLINE>
    """
    head = {"id": one_line(draft.id), "title": one_line(draft.title)}
    if draft.issuer:
        head["issuer"] = one_line(draft.issuer)
    if draft.issued:
        head["issued"] = draft.issued.isoformat()
    parts = [_comment(t("import.yaml_header", lang, source=draft.source or "—")), _dump(head, flow=False), "clauses:\n"]
    notes = draft.notes_by_clause()
    for c in draft.clauses:
        where = " · ".join(x for x in (c.marker, t("import.at_line", lang, line=c.line) if c.line else "") if x)
        parts.append(_comment(where) if where else "")
        for note in notes.get(c.clause, []):
            parts.append(_comment(t("import.yaml_check", lang) + note.message(lang)))
        mapping = _clause_mapping(c)
        frequency = parse_frequency(c.frequency) if c.frequency else None
        if frequency:
            mapping["frequency"] = frequency.label()  # type: ignore[union-attr]
        body = _dump([mapping])
        parts.append(body)
    return "".join(parts)


def _comment(text: str) -> str:
    """A YAML comment line holding ``text``, whatever line breaks it carried."""
    return f"# {one_line(text)}\n"


def clause_lines(text: str) -> list[int]:
    """The line (1-based) where each clause of a template's YAML ``text`` begins,
    in order: how a problem at a line of the template is traced to its clause.

    >>> clause_lines("id: L\\nclauses:\\n# 1.\\n- clause: '1'\\n  text: a\\n- {clause: '2', text: b}\\n")
    [4, 6]
    """
    return [i for i, line in enumerate(text.splitlines(), start=1) if line.startswith(("- clause:", "- {clause:"))]


def clause_at(lines: list[int], line: int | None) -> int | None:
    """The index of the clause whose entry holds ``line`` (None above the first)."""
    if line is None:
        return None
    found = [i for i, start in enumerate(lines) if start <= line]
    return found[-1] if found else None


def check_draft(draft: ListDraft, lang: Lang = DEFAULT_LANG) -> tuple[list[Problem], list[Clause]]:
    """The problems the loader would report for this draft (errors and
    warnings), and the clauses it would load.

    Besides the template parser's own checks: every clause needs who it
    applies to, clause numbers must be distinct, and a frequency that names a
    requirement no one can read is reported.
    """
    name = f"lists/{one_line(draft.id)}.yaml"
    problems: list[Problem] = []
    if not valid_list_id(draft.id):
        problems.append(Problem(name, None, "id", P.BAD_LIST_ID, {"value": one_line(draft.id)}))
    text = draft_yaml(draft, lang)
    the_list, clauses = parse_template(TemplateFile(name, text), problems)
    lines = clause_lines(text)  # each clause's own line in the template, where its problems are told
    first: dict[str, int] = {}
    for i, c in enumerate(draft.clauses):
        line = lines[i] if i < len(lines) else None
        where = t("import.at_clause", lang, clause=c.clause)
        if c.clause in first:
            problems.append(
                Problem(name, line, "clause", P.DUPLICATE_CLAUSE, {"clause": c.clause, "first": first[c.clause]})
            )
        first.setdefault(c.clause, line or 0)
        if not c.org_kinds:
            problems.append(Problem(name, line, "applies_to", P.NO_APPLIES_TO, {"clause": where}, Severity.WARNING))
        if c.frequency and not parse_frequency(c.frequency):
            problems.append(
                Problem(
                    name,
                    line,
                    "frequency",
                    P.UNPARSED_FREQUENCY,
                    {"duty": where, "value": c.frequency},
                    Severity.WARNING,
                )
            )
    if the_list is None:
        clauses = []
    return problems, clauses


def load_with_draft(folder: str | Path, list_id: str, text: str) -> Dataset:
    """The data folder loaded as it will be once the template ``text`` is
    saved in it as ``lists/{list_id}.yaml`` (replacing a file of that name).

    Raises
    ------
    LoadError
        The folder with the draft does not validate.
    """
    from loaders import parse_input
    from loaders.readers import read_folder

    raw = read_folder(Path(folder))
    name = f"lists/{list_id}.yaml"
    raw.templates = [f for f in raw.templates if f.name != name] + [TemplateFile(name, text)]
    return parse_input(raw)


def bind_counts(clauses: list[Clause], dataset: Dataset) -> dict[str, int]:
    """How many duty instances each clause would make at organizations of
    ``dataset``: 0 for a clause that binds nowhere (no applies_to, or no
    organization of its kind), which would load as one duty nobody bears."""
    duties, _ = bind_clauses(clauses, dataset.organizations, dataset.positions)
    counts = Counter(d.clause for d in duties if d.clause and d.bound_org)
    return {c.clause: counts.get(c.clause, 0) for c in clauses}


def save_template(folder: str | Path, list_id: str, text: str) -> Path:
    """Write the template ``text`` as ``lists/{list_id}.yaml`` in the data
    folder ``folder``, all at once (:func:`loaders.atomic.atomic_write`).

    Raises
    ------
    OutsideFolder
        ``list_id`` is not a valid list id (:func:`valid_list_id`), so the
        file could land elsewhere; nothing is written.
    """
    if not valid_list_id(list_id):
        raise OutsideFolder(name=one_line(list_id), folder=str(Path(folder) / "lists"))
    return atomic_write(Path(folder) / "lists", f"{list_id}.yaml", text.encode("utf-8"))
