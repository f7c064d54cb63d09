"""The exceptions partyscreen raises. The CLI turns them into exit codes (see ``partyscreen.cli``)."""

from __future__ import annotations

from dataclasses import dataclass


class PartyscreenError(Exception):
    """Root of every error partyscreen raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell of an input file."""

    file: str
    row: int | None
    field: str | None
    message: str
    unit: str = "row"  # what ``row`` counts: "row" (CSV), "line" (JSON Lines), "record" (JSON array)

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"{self.unit} {self.row}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{', '.join(where)}: {self.message}"


MAX_PROBLEMS = 1000
"""Problems kept per import; the count of the rest is still reported."""


class InputError(PartyscreenError):
    """An input file is malformed; nothing from it was written.

    ``row`` is 1-based with the header as row 1, so the first data row is row 2. ``outcome`` is
    the closing sentence that says what did not happen ("Nothing was imported." for imports,
    "Nothing was screened." for screening input, …); :meth:`reworded` changes it.
    """

    MAX_SHOWN = 10
    IMPORTED = "Nothing was imported."
    SCREENED = "Nothing was screened."

    def __init__(self, problems: list[Problem] | Problem, total: int | None = None, outcome: str = IMPORTED) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.total = total if total is not None else len(self.problems)
        self.outcome = outcome
        super().__init__(self._render())

    @classmethod
    def at(cls, file: str, row: int | None, field: str | None, message: str, outcome: str = IMPORTED) -> "InputError":
        """An error about a single cell."""
        return cls(Problem(file, row, field, message), outcome=outcome)

    def reworded(self, outcome: str) -> "InputError":
        """The same problems closed by another sentence (a reader shared by imports and other commands)."""
        return InputError(self.problems, self.total, outcome)

    def _render(self) -> str:
        shown = self.problems[: self.MAX_SHOWN]
        lines = [str(p) for p in shown]
        if self.total > len(shown):
            lines.append(f"... and {self.total - len(shown)} more problem(s)")
        if self.outcome:
            lines.append(self.outcome)
        return "\n".join(lines)

    @property
    def first(self) -> Problem:
        return self.problems[0]


class UsageError(PartyscreenError):
    """The caller asked for something that cannot be done as asked (unknown policy, bad option value)."""


class SchemaOutdated(PartyscreenError):
    """The database schema is missing or older than this version of partyscreen expects."""


class NotFound(PartyscreenError):
    """An id named by the caller does not exist in the database."""


class ListsNotLoaded(UsageError):
    """A policy names lists that are not loaded, have no entries, or are unknown.

    Screening, ``match``, ``affiliates`` and ``explain`` refuse such a policy: every answer would
    be a silent "clear". ``problems`` holds one line per list, saying what loads it.
    """

    def __init__(self, policy: str, problems: list[str]) -> None:
        self.policy = policy
        self.problems = list(problems)
        lines = [f"policy {policy} cannot be applied: {len(problems)} of its lists cannot be screened against"]
        lines += [f"  - {p}" for p in problems]
        lines.append("Load them, or pass --lists (library: lists=[...]) naming only lists that are loaded.")
        super().__init__("\n".join(lines))
