"""The archives opened lately, newest first, as File > Open Recent lists them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from archive_gui.core.archive.folder import ARTICLES_DIR

RECENT_LIMIT = 10


@dataclass(frozen=True)
class RecentArchive:
    """One archive of the list, and whether it is still there to open."""

    path: Path
    exists: bool


def remember(recent: Sequence[str], opened: Path, limit: int = RECENT_LIMIT) -> list[str]:
    """The list with ``opened`` first, once; past ``limit``, archives that are gone go first,
    then the oldest."""
    path = str(opened)
    rest = [p for p in dict.fromkeys(recent) if p and p != path]
    while len(rest) >= limit:
        gone = [p for p in rest if not is_archive(Path(p))]
        rest.remove(gone[-1] if gone else rest[-1])
    return [path, *rest]


def recent_archives(recent: Iterable[str]) -> list[RecentArchive]:
    """Each remembered archive, marked as gone when its folder is no longer an archive."""
    return [RecentArchive(Path(p), is_archive(Path(p))) for p in dict.fromkeys(recent) if p]


def without_missing(recent: Iterable[str]) -> list[str]:
    return [p for p in dict.fromkeys(recent) if p and is_archive(Path(p))]


def is_archive(folder: Path) -> bool:
    return (folder / ARTICLES_DIR).is_dir()
