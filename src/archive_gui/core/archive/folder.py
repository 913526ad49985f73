"""An archive is a folder: ``articles/``, a facts file beside them and a built ``index/``."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archive_gui.core.archive.fileio import current_umask

ARTICLES_DIR = "articles"
FACTS_FILE = "facts.yaml"
INDEX_DIR = "index"
# Annotations an import could not attach, kept for a person to look at.
KEPT_ASIDE_DIR = "kept-aside"
# Also Qt's organisation and application names, so QStandardPaths finds the same data folder.
ORGANISATION = "ArchiveBrowser"
APPLICATION = "archive-gui"
SAMPLE_COPY_DIR = "sample-archive"


class NotAnArchiveError(Exception):
    """The folder does not exist or holds no ``articles/`` folder."""


@dataclass(frozen=True)
class ArchivePaths:
    """Where an archive keeps each of its parts."""

    root: Path
    # Set when the folder asked for was the bundled sample and this is the user's copy of it.
    sample_copy: SampleCopy | None = None

    @property
    def articles_dir(self) -> Path:
        return self.root / ARTICLES_DIR

    @property
    def facts_path(self) -> Path:
        return self.root / FACTS_FILE

    @property
    def index_dir(self) -> Path:
        return self.root / INDEX_DIR

    @property
    def kept_aside_dir(self) -> Path:
        return self.root / KEPT_ASIDE_DIR

    @property
    def facts_cache(self) -> Path:
        """Where the parsed facts file is kept between runs (see ``factscache``): in the
        user's cache folder, so that a read-only archive gets one too, one file per archive."""
        return _cache_file("facts", self.facts_path)

    @property
    def articles_cache(self) -> Path:
        """Where the parsed articles are kept between runs (see ``catalogue``), beside the
        facts' copy."""
        return _cache_file("articles", self.articles_dir)

    @classmethod
    def open(cls, root: Path) -> ArchivePaths:
        """Checks that ``root`` is an archive folder; raises NotAnArchiveError if not.

        The bundled sample is never written: asked for, it opens the user's own copy of it.
        """
        root = root.expanduser()
        if not root.is_dir():
            raise NotAnArchiveError(f"{root}: no such folder")
        if not (root / ARTICLES_DIR).is_dir():
            raise NotAnArchiveError(
                f"{root}: not an archive (it has no '{ARTICLES_DIR}/' folder of articles)"
            )
        if is_sample(root):
            copy = copy_of_sample()
            return cls(copy.root, copy)
        return cls(root.resolve())


@dataclass(frozen=True)
class SampleCopy:
    """The user's working copy of the bundled sample archive, and whether it was just made."""

    root: Path
    created: bool

    def notice(self) -> str:
        """What to tell the user: their edits go to the copy, the sample stays as shipped."""
        made = "was copied to" if self.created else "is opened from your copy in"
        return f"The bundled sample archive {made} {self.root}; your edits are saved there."


def sample_archive() -> Path | None:
    """The sample archive shipped with the package (package data; in a checkout, links to
    the project's own ``articles/`` and ``facts.yaml``), or None if it was left out."""
    sample = Path(__file__).resolve().parents[2] / "sample"
    return sample if (sample / ARTICLES_DIR).is_dir() else None


def is_sample(root: Path) -> bool:
    """True for the bundled sample, however it is reached (the checkout or the package)."""
    sample = sample_archive()
    if sample is None:
        return False
    return (root / ARTICLES_DIR).resolve() == (sample / ARTICLES_DIR).resolve()


def user_data_dir() -> Path:
    """The platform's folder for this application's data, as Qt's QStandardPaths names it
    (AppDataLocation); computed here so that the command line, without Qt, finds it too."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share"
    return base / ORGANISATION / APPLICATION


def _cache_file(kind: str, source: Path) -> Path:
    """The file in the user's cache folder that keeps a parsed copy of ``source``."""
    key = hashlib.blake2b(str(source).encode("utf-8"), digest_size=8).hexdigest()
    return user_cache_dir() / f"{kind}-{key}.json"


def user_cache_dir() -> Path:
    """The platform's folder for this application's caches (Qt's CacheLocation)."""
    home = Path.home()
    if sys.platform == "win32":
        local = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return local / ORGANISATION / APPLICATION / "cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / ORGANISATION / APPLICATION
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else home / ".cache"
    return base / ORGANISATION / APPLICATION


def copy_of_sample() -> SampleCopy:
    """The user's copy of the sample archive, made whole (by rename) the first time."""
    sample = sample_archive()
    assert sample is not None, "only the sample has a copy"
    target = user_data_dir() / SAMPLE_COPY_DIR
    if (target / ARTICLES_DIR).is_dir():
        return SampleCopy(target, created=False)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{SAMPLE_COPY_DIR}.", dir=target.parent))
    except OSError as exc:
        raise NotAnArchiveError(
            f"the bundled sample archive is read-only, and your copy of it cannot be made in "
            f"{target.parent}: {exc.strerror or exc}"
        ) from None
    try:
        shutil.copytree(sample / ARTICLES_DIR, staging / ARTICLES_DIR)
        if (sample / FACTS_FILE).is_file():
            shutil.copyfile(sample / FACTS_FILE, staging / FACTS_FILE)
        staging.chmod(0o777 & ~current_umask())
        staging.rename(target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if (target / ARTICLES_DIR).is_dir():  # another process made it first
            return SampleCopy(target, created=False)
        raise
    return SampleCopy(target, created=True)


def default_archive() -> Path:
    """The current folder when it is an archive, otherwise the bundled sample."""
    cwd = Path.cwd()
    if (cwd / ARTICLES_DIR).is_dir():
        return cwd
    sample = sample_archive()
    if sample is None:
        raise NotAnArchiveError(
            f"{cwd}: not an archive, and no sample archive is installed; use --archive DIR"
        )
    return sample
