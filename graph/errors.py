"""The project's errors: one base class, a few subclasses, messages from the
translation table.

``str(error)`` gives the Chinese message followed by the English one, so a log
or a ``pytest.raises(match=...)`` can use either; the CLI and the app call
:meth:`RespnetError.message` with the user's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from graph.i18n import DEFAULT_LANG, LANGS, Lang, t

__all__ = [
    "CaseNotFound",
    "DataSourceError",
    "DocumentError",
    "GraphError",
    "LoadError",
    "NoClausesFound",
    "NodeNotFound",
    "Problem",
    "ProblemCode",
    "RespnetError",
    "ScopeError",
    "Severity",
    "StoreError",
    "ViewTooLarge",
]


class RespnetError(Exception):
    """Base of every error respnet raises on purpose.

    Parameters
    ----------
    key
        A message key under ``error.`` in the translation table.
    **params
        Values for the message's placeholders.
    """

    key: str = "error.generic"
    #: The command line's exit status for this error: 2 bad input (the default), 3 the store.
    exit_code: int = 2

    def __init__(self, key: str | None = None, /, **params: object) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(self.message("zh") + " / " + self.message("en"))

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        """The error in ``lang``."""
        return t(self.key, lang, **self.params)

    def localize(self, lang: Lang = DEFAULT_LANG) -> str:
        """The error in ``lang``, when it is a parameter of another message."""
        return self.message(lang)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its state, whatever its constructor takes (an error
        raised in a worker process reaches the app whole)."""
        return (_restore, (type(self), dict(self.__dict__)))


def _restore(cls: type[RespnetError], state: dict[str, object]) -> RespnetError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error.message("zh") + " / " + error.message("en"))
    return error


class DataSourceError(RespnetError):
    """A data source that cannot be opened at all (missing path, wrong file type)."""

    key = "error.source_missing"


class NodeNotFound(RespnetError):
    """An id that names no node of the expected label."""

    key = "error.node_not_found"


class CaseNotFound(NodeNotFound):
    """A case id that names no case."""

    key = "error.case_not_found"


class ScopeError(RespnetError):
    """A user's scope names an organization the data does not hold: nothing is
    shown rather than guessing what the scope was meant to be."""

    key = "error.scope_unknown_org"


class ViewTooLarge(RespnetError):
    """A view would read more of a store's network than one picture may hold:
    nothing more is read, and the reader is asked to narrow it."""

    key = "error.view_too_large"


class GraphError(RespnetError):
    """The graph builder was handed records that break the schema (a bug upstream:
    the loaders report such input as a :class:`LoadError`)."""

    key = "error.graph_inconsistent"


class StoreError(RespnetError):
    """The shared store (Neo4j) could not do what was asked; the message says why
    (unreachable, wrong credentials, missing database, too old ...)."""

    key = "error.store_failed"
    exit_code = 3


class DocumentError(RespnetError):
    """A document given to the list importer cannot be read as a list: empty,
    too large, not the kind its name says, a scan without a text layer, or
    holding no clause; the message names which."""

    key = "error.document_unreadable"


class NoClausesFound(DocumentError):
    """A document was read but holds no numbered clause; ``notes`` says what
    became of each of its lines."""

    key = "error.document_no_clauses"

    def __init__(self, name: str, notes: Sequence[object]) -> None:
        self.notes = list(notes)
        super().__init__(name=name, lines=len(self.notes))


class ProblemCode(StrEnum):
    """Every kind of input problem; each names the message ``load.{code}``."""

    NO_HEADER = "no_header"
    MISSING_COLUMN = "missing_column"
    UNKNOWN_COLUMN = "unknown_column"
    DUPLICATE_COLUMN = "duplicate_column"
    DUPLICATE_TABLE = "duplicate_table"
    MISSING_TABLE = "missing_table"
    UNKNOWN_FILE = "unknown_file"
    UNKNOWN_SHEET = "unknown_sheet"
    NOT_UTF8 = "not_utf8"
    BAD_ENCODING = "bad_encoding"
    READ_AS_ENCODING = "read_as_encoding"
    ID_FOLDED = "id_folded"
    EXCEL_SERIAL_DATE = "excel_serial_date"
    EXAMPLE_ROW = "example_row"
    FORMULA_NO_VALUE = "formula_no_value"
    FORMULA_VALUES = "formula_values"
    SUBHEADER_MERGED = "subheader_merged"
    BAD_CSV = "bad_csv"
    BAD_WORKBOOK = "bad_workbook"
    BAD_ZIP = "bad_zip"
    BAD_ZIP_MEMBER = "bad_zip_member"
    ZIP_TOO_LARGE = "zip_too_large"
    TOO_LARGE = "too_large"
    ZIP_UNSAFE_NAME = "zip_unsafe_name"
    REQUIRED = "required"
    BAD_DATE_FORMAT = "bad_date_format"
    AMBIGUOUS_DATE = "ambiguous_date"
    DATE_WRITTEN = "date_written"
    BAD_DATE = "bad_date"
    BAD_VOCAB = "bad_vocab"
    ROLE_WITHOUT_KIND = "role_without_kind"
    YAML_SYNTAX = "yaml_syntax"
    YAML_EMPTY = "yaml_empty"
    YAML_NOT_MAPPING = "yaml_not_mapping"
    YAML_NOT_SCALAR = "yaml_not_scalar"
    YAML_DUPLICATE_KEY = "yaml_duplicate_key"
    YAML_NO_CLAUSES = "yaml_no_clauses"
    UNKNOWN_KEY = "unknown_key"
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_REF = "unknown_ref"
    WRONG_REF = "wrong_ref"
    END_BEFORE_START = "end_before_start"
    PARENT_CYCLE = "parent_cycle"
    DUTY_CYCLE = "duty_cycle"
    TENURE_OVERLAP = "tenure_overlap"
    TWO_HOLDERS = "two_holders"
    SELF_SUPERVISION = "self_supervision"
    DUPLICATE_LINK = "duplicate_link"
    DUPLICATE_CLAUSE = "duplicate_clause"
    DUPLICATE_ASSIGNMENT = "duplicate_assignment"
    DUPLICATE_DECISION = "duplicate_decision"
    CASE_CLAUSE_UNRESOLVED = "case_clause_unresolved"
    RECORD_CLAUSE_UNRESOLVED = "record_clause_unresolved"
    RECORD_CLAUSE_AMBIGUOUS = "record_clause_ambiguous"
    UNPARSED_FREQUENCY = "unparsed_frequency"
    NO_APPLIES_TO = "no_applies_to"
    BAD_LIST_ID = "bad_list_id"
    PERIOD_HALF = "period_half"
    NONE_OF_LABEL = "none_of_label"
    FORM_UNRECOGNISED = "form_unrecognised"
    FORM_FOR_LEADERS = "form_for_leaders"
    FORM_FOR_ORGANIZATIONS = "form_for_organizations"
    EXONERATED_NO_NOTE = "exonerated_no_note"


#: How many rows of a grouped problem its message names.
_ROWS_SHOWN = 5


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in the input, located as ``file:row:column``.

    ``file`` is the file's name inside the data folder, or the sheet's name for
    a workbook; ``row`` is the row as a spreadsheet shows it (the header is row
    1) or the line of a YAML file; ``column`` is the header as written in the
    file. ``code`` names the message ``load.{code}`` of the translation table.

    One cause is reported once: ``more_rows`` are the further rows of the same
    file with the very same problem (grouped under the first), ``caused`` the
    number of problems elsewhere that followed from this one and are not
    listed on their own (a row referring to a row that was refused).
    """

    file: str
    row: int | None
    column: str | None
    code: ProblemCode
    params: Mapping[str, object] = field(default_factory=dict)
    severity: Severity = Severity.ERROR
    more_rows: tuple[int, ...] = ()
    caused: int = 0

    @property
    def location(self) -> str:
        return f"{self.file}:{self.row if self.row is not None else '-'}:{self.column or '-'}"

    @property
    def rows(self) -> tuple[int, ...]:
        """Every row this problem stands for (its own first)."""
        return (*((self.row,) if self.row is not None else ()), *self.more_rows)

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        text = t(f"load.{self.code}", lang, **self.params)
        if self.more_rows:
            shown = self.rows[:_ROWS_SHOWN]
            more = len(self.rows) - len(shown)
            rest = t("load.grouped_more", lang, count=more) if more else ""
            text += t("load.grouped", lang, count=len(self.rows), rows=[str(r) for r in shown], more=rest)
        if self.caused:
            text += t("load.caused", lang, count=self.caused)
        return text

    def render(self, lang: Lang | None = None) -> str:
        """``file:row:column: message``; both languages when ``lang`` is None."""
        if lang is not None:
            return f"{self.location}: {self.message(lang)}"
        return f"{self.location}: {self.message('zh')} | {self.message('en')}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "code": self.code.value,
            "severity": self.severity.value,
            "rows": list(self.rows),
            "caused": self.caused,
            **{f"message_{lang}": self.message(lang) for lang in LANGS},
        }


class LoadError(RespnetError):
    """The input did not validate: every problem found, and nothing loaded."""

    key = "error.load_failed"

    def __init__(self, problems: Sequence[Problem], warnings: Sequence[Problem] = ()) -> None:
        self.problems = list(problems)
        self.warnings = list(warnings)
        super().__init__(count=len(self.problems))

    def report(self, lang: Lang | None = None) -> str:
        """The whole report: a summary line, then one line per problem."""
        head = self.message(lang or DEFAULT_LANG)
        if lang is None:
            head += " | " + self.message("en")
        return "\n".join([head, *(p.render(lang) for p in self.problems)])
