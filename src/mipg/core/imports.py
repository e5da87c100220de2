"""Every import is all-or-nothing and reports every problem with its sheet, row and column."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ImportProblem:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("hoja «%(sheet)s»") % {"sheet": self.sheet})
        if self.row is not None:
            where.append(_("fila %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("columna «%(column)s»") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


class ImportRejected(Exception):
    """Raised with every problem found; the caller's transaction rolls back, so nothing is imported."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))

    @classmethod
    def single(cls, message: str, **where) -> "ImportRejected":
        return cls([ImportProblem(message=message, **where)])


class ProblemCollector:
    def __init__(self, sheet: str = ""):
        self.sheet = sheet
        self.problems: list[ImportProblem] = []

    def add(
        self, message: str, *, row: int | None = None, column: str = "", sheet: str | None = None
    ) -> None:
        self.problems.append(
            ImportProblem(
                message=message, sheet=self.sheet if sheet is None else sheet, row=row, column=column
            )
        )

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ImportRejected(self.problems)
