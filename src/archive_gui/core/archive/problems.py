"""Problems found in an archive's files, each naming the file, the line and what is wrong."""

from __future__ import annotations

from collections.abc import Sequence
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
        return f"{self.where()}: {self.message}"

    def where(self, root: Path | None = None) -> str:
        """``file:line``; the file relative to ``root`` when it lies inside it, so that a
        short status line still names which file and line."""
        path = self.path
        if root is not None and path.is_relative_to(root):
            path = path.relative_to(root)
        return f"{path}:{self.line}" if self.line is not None else str(path)


def summary(problems: Sequence[Problem], root: Path, first: Problem | None = None) -> str:
    """One line for a status bar: how many problems there are and the first one (or
    ``first``, the one that matters most) at its file, relative to ``root``, and line."""
    lead = first or problems[0]
    count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
    return f"{count} in the archive's files: {lead.where(root)}: {lead.message}"


class ProblemError(Exception):
    """Raised when a file cannot be used; carries the problem for the caller to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
