"""An archive is a folder: ``articles/``, a facts file beside them and a built ``index/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ARTICLES_DIR = "articles"
FACTS_FILE = "facts.yaml"
INDEX_DIR = "index"


class NotAnArchiveError(Exception):
    """The folder does not exist or holds no ``articles/`` folder."""


@dataclass(frozen=True)
class ArchivePaths:
    """Where an archive keeps each of its parts."""

    root: Path

    @property
    def articles_dir(self) -> Path:
        return self.root / ARTICLES_DIR

    @property
    def facts_path(self) -> Path:
        return self.root / FACTS_FILE

    @property
    def index_dir(self) -> Path:
        return self.root / INDEX_DIR

    @classmethod
    def open(cls, root: Path) -> ArchivePaths:
        """Checks that ``root`` is an archive folder; raises NotAnArchiveError if not."""
        root = root.expanduser()
        if not root.is_dir():
            raise NotAnArchiveError(f"{root}: no such folder")
        if not (root / ARTICLES_DIR).is_dir():
            raise NotAnArchiveError(
                f"{root}: not an archive (it has no '{ARTICLES_DIR}/' folder of articles)"
            )
        return cls(root.resolve())


def bundled_archive() -> Path:
    """The archive that ships with the source tree: the project folder itself."""
    return Path(__file__).resolve().parents[3]


def default_archive() -> Path:
    """The current folder when it is an archive, otherwise the bundled one."""
    cwd = Path.cwd()
    return cwd if (cwd / ARTICLES_DIR).is_dir() else bundled_archive()
