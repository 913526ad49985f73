"""Where an article came from: the raw capture its text was made from, found safely."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

from archive_gui.core.archive.articles import Article

# Captures live in this folder of the articles' folder; an article's ``source_file`` names one.
RAW_DIR = "raw"
# A capture bigger than this is not a page of text: it is not shown.
MAX_CAPTURE_BYTES = 5_000_000


class CaptureError(Exception):
    """The article names no capture, or one that is missing or outside the captures' folder."""


@dataclass(frozen=True)
class Capture:
    """The raw text an article was made from, as read from its file."""

    path: Path
    text: str
    encoding: str


def capture_path(articles_dir: Path, article: Article) -> Path:
    """The file of the article's capture, which must be inside ``articles_dir/raw/``.

    A ``source_file`` that is absolute, climbs out with ``..`` or is a link leading elsewhere
    is refused: an article file must not be able to show any file of the machine.
    """
    name = article.source_file
    if not name:
        raise CaptureError(f"the article '{article.id}' names no source file")
    raw_dir = (articles_dir / RAW_DIR).resolve()
    relative = PurePath(name)
    if relative.is_absolute() or ".." in relative.parts:
        raise CaptureError(f"the source file '{name}' is not inside {raw_dir}")
    path = (raw_dir / relative).resolve()
    if not path.is_relative_to(raw_dir):
        raise CaptureError(f"the source file '{name}' is not inside {raw_dir}")
    if not path.is_file():
        raise CaptureError(f"the source file '{name}' is not in {raw_dir}")
    return path


def read_capture(articles_dir: Path, article: Article) -> Capture:
    """Reads the article's capture as text: UTF-8, else Windows-1252 (older French pages)."""
    path = capture_path(articles_dir, article)
    try:
        size = path.stat().st_size
        if size > MAX_CAPTURE_BYTES:
            raise CaptureError(
                f"the source file '{article.source_file}' is too big to show ({size:,} bytes)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise CaptureError(
            f"the source file '{article.source_file}' cannot be read: {exc.strerror or exc}"
        ) from None
    try:
        return Capture(path, data.decode("utf-8").removeprefix("\ufeff"), "UTF-8")
    except UnicodeDecodeError:
        return Capture(path, data.decode("cp1252", errors="replace"), "Windows-1252")
