"""What the list importer tells its reviewer: every line it did not place,
every change it made to the text, every value it could not read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from graph.i18n import DEFAULT_LANG, LANGS, Lang, t

__all__ = ["ImportNote", "NoteCode"]

#: How much of a line a note quotes.
EXCERPT = 60


class NoteCode(StrEnum):
    """Each kind of note; the message is ``import.{code}``."""

    PINYIN_REMOVED = "pinyin_removed"
    TRADITIONAL_CONVERTED = "traditional_converted"
    LINES_JOINED = "lines_joined"
    BOILERPLATE = "boilerplate"
    GARBLED = "garbled"
    PREAMBLE = "preamble"
    GENERAL_SECTION = "general_section"
    BROKEN_CLAUSE = "broken_clause"
    NUMBERING_GAP = "numbering_gap"
    NO_APPLIES_TO = "no_applies_to"
    NO_KIND = "no_kind"
    FREQUENCY_UNPARSED = "frequency_unparsed"
    FREQUENCY_SEVERAL = "frequency_several"
    ALTERNATIVE_KIND = "alternative_kind"
    EMPTY_ROW = "empty_row"
    UNREAD_CELL = "unread_cell"


#: Notes about a line left out of the draft (the rest describe a change or a doubt).
UNPLACED = frozenset(
    {NoteCode.BOILERPLATE, NoteCode.PREAMBLE, NoteCode.GENERAL_SECTION, NoteCode.BROKEN_CLAUSE, NoteCode.EMPTY_ROW}
)


@dataclass(frozen=True, slots=True)
class ImportNote:
    """One note: where (source line, clause), what (code), and the text concerned."""

    code: NoteCode
    line: int | None = None
    clause: str | None = None
    text: str = ""
    count: int | None = None
    params: dict[str, object] = field(default_factory=dict)

    @property
    def unplaced(self) -> bool:
        """True when the note is about source text the draft does not contain."""
        return self.code in UNPLACED

    @property
    def excerpt(self) -> str:
        return self.text if len(self.text) <= EXCERPT else self.text[: EXCERPT - 1] + "…"

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return t(f"import.{self.code.value}", lang, count=self.count, clause=self.clause, **self.params)

    def render(self, lang: Lang = DEFAULT_LANG) -> str:
        """``line N [clause]: message — excerpt``."""
        where = t("import.at_line", lang, line=self.line) if self.line is not None else ""
        if self.clause:
            where += (" " if where else "") + t("import.at_clause", lang, clause=self.clause)
        text = f"{where}: {self.message(lang)}" if where else self.message(lang)
        return f"{text} — {self.excerpt}" if self.text else text

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code.value,
            "line": self.line,
            "clause": self.clause,
            "text": self.text,
            "unplaced": self.unplaced,
            **{f"message_{lang}": self.message(lang) for lang in LANGS},
        }
