"""Problems found in an archive's files, each naming the file, the line and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file; ``line`` is 1-based, or None when no line applies."""

    path: Path
    line: int | None
    message: str
    # "error": the file cannot be trusted as it is; "warning": it was mended on load.
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.message}"


class ProblemError(Exception):
    """Raised when a file cannot be used; carries the problem for the caller to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
