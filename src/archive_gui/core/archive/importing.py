"""Bringing a user's saved pages and text files into an archive, each whole or not at all.

Each file becomes two files of the archive: its untouched capture in ``articles/raw/``, named
by the hash of its bytes, and its article file. The capture's name is written to a journal
before the capture and struck from it once the article file is in place, so that a crash or a
kill in between leaves no orphan: the next import removes a journalled capture that no article
names, and importing the same file again finishes the job. The search index is derived from
the article files, so it catches up at the next sync.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from archive_gui.core.archive.articles import (
    ARTICLE_SUFFIX,
    Article,
    article_file_text,
    load_article,
)
from archive_gui.core.archive.capture import (
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    Capture,
    CaptureRefused,
    read_capture,
)
from archive_gui.core.archive.fileio import atomic_write_bytes, atomic_write_text
from archive_gui.core.archive.folder import ArchivePaths
from archive_gui.core.text import fold

RAW_DIR = "raw"
JOURNAL = ".import-journal"
SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES
# A saved page larger than this is not an article page (a capture of a whole site, a dump).
MAX_BYTES = 30 * 1024 * 1024
# Metadata an import fills in when the capture gives it; what it does not give is "missing".
IMPORTED_FIELDS = ("publication", "author", "published")
# Words per shingle, and how much of a new text's shingles an older one must hold for the
# two to be one article saved from two pages.
SHINGLE_WORDS = 8
SAME_ARTICLE = 0.8
SKETCH_SIZE = 24
MAX_ID_LENGTH = 60

Status = Literal["imported", "skipped", "failed"]


@dataclass(frozen=True)
class ImportOutcome:
    """What became of one file: imported as an article, skipped (and why), or failed."""

    source: Path
    status: Status
    article_id: str | None = None
    reason: str = ""
    # For an imported article: what the user should check (missing metadata, language).
    notes: tuple[str, ...] = ()


@dataclass
class ImportReport:
    """A batch's outcomes, in the order the files were taken, and the articles it made."""

    outcomes: list[ImportOutcome] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    cancelled: bool = False

    def of_status(self, status: Status) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def imported_ids(self) -> list[str]:
        return [o.article_id for o in self.of_status("imported") if o.article_id]

    def summary(self) -> str:
        counts = Counter(o.status for o in self.outcomes)
        parts = [f"{counts['imported']} imported", f"{counts['skipped']} skipped"]
        if counts["failed"]:
            parts.append(f"{counts['failed']} failed")
        return ", ".join(parts) + (" (cancelled)" if self.cancelled else "")


# Told of each file as an import takes it: (files done, files in all, the file's name).
ImportProgress = Callable[[int, int, str], None]


def import_paths(
    paths: ArchivePaths,
    articles: Mapping[str, Article],
    sources: Sequence[Path],
    progress: ImportProgress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportReport:
    """Imports saved pages and text files (folders walked) into the archive at ``paths``,
    whose loaded articles are ``articles`` (left as they are: the caller adds the report's).

    ``cancelled`` is asked between files; what is done stays done.
    """
    files, refused = importable_files(sources)
    report = ImportReport(list(refused))
    importer = Importer(paths, articles)
    for done, source in enumerate(files):
        if cancelled():
            report.cancelled = True
            break
        if progress is not None:
            progress(done, len(files), source.name)
        outcome, article = importer.import_file(source)
        report.outcomes.append(outcome)
        if article is not None:
            report.articles.append(load_article(importer.file_of(article.id)))
    return report


def recover_interrupted_import(paths: ArchivePaths, articles: Mapping[str, Article]) -> list[str]:
    """Removes the captures an interrupted import wrote with no article naming them, and
    returns their names; nothing to do (and nothing read but one name) after a clean import."""
    raw_dir = paths.articles_dir / RAW_DIR
    journal = raw_dir / JOURNAL
    try:
        journalled = journal.read_text("utf-8").split()
    except OSError:  # none: the last import finished (or this archive cannot be read)
        return []
    named = {a.source_file for a in articles.values()}
    orphans = [name for name in journalled if name not in named and "/" not in name]
    try:
        for name in orphans:
            with contextlib.suppress(FileNotFoundError):
                (raw_dir / name).unlink()
        journal.unlink()
    except OSError:  # a read-only archive: the next import that can write will do it
        return []
    return orphans


def importable_files(paths: Iterable[Path]) -> tuple[list[Path], list[ImportOutcome]]:
    """The files to import from the paths given (folders walked, in name order), and an
    outcome for each path given that cannot be imported. Inside a folder, other files and the
    ``NAME_files/`` folder a browser saves beside a complete page ``NAME.html`` are passed
    over in silence; hidden files and folders too."""
    files: list[Path] = []
    refused: list[ImportOutcome] = []
    for path in paths:
        if path.is_dir():
            files.extend(_walk(path))
        elif not path.exists():
            refused.append(ImportOutcome(path, "failed", reason="no such file or folder"))
        elif path.suffix.lower() not in SUFFIXES:
            kinds = ", ".join(SUFFIXES)
            reason = f"not a saved page or a text file (imports {kinds})"
            refused.append(ImportOutcome(path, "skipped", reason=reason))
        else:
            files.append(path)
    return files, refused


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    pages = {e.stem for e in entries if e.suffix.lower() in HTML_SUFFIXES}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            if not (entry.name.endswith("_files") and entry.name[: -len("_files")] in pages):
                yield from _walk(entry)
        elif entry.is_file() and entry.suffix.lower() in SUFFIXES:
            yield entry


class Importer:
    """Imports files into one archive, knowing its articles so as not to import one twice."""

    def __init__(self, paths: ArchivePaths, articles: Mapping[str, Article]) -> None:
        self.articles_dir = paths.articles_dir
        self.raw_dir = paths.articles_dir / RAW_DIR
        self.journal = self.raw_dir / JOURNAL
        self.ids = set(articles)
        self.by_capture = {a.source_file: a.id for a in articles.values() if a.source_file}
        self.by_text = {_fingerprint(a.text): a.id for a in articles.values()}
        self.texts = {a.id: a.text for a in articles.values()}
        self.sketches: dict[int, set[str]] = {}
        for article in articles.values():
            self._remember_sketch(article.id, article.text)
        self.raw_dir.mkdir(parents=True, exist_ok=True)
        recover_interrupted_import(paths, articles)

    def import_file(self, source: Path) -> tuple[ImportOutcome, Article | None]:
        """Imports one file; never raises for a bad file, but says why in the outcome."""
        try:
            if source.stat().st_size > MAX_BYTES:
                size = source.stat().st_size / 1e6
                return ImportOutcome(source, "skipped", reason=f"too large ({size:.0f} MB)"), None
            data = source.read_bytes()
        except OSError as exc:
            return ImportOutcome(source, "failed", reason=f"cannot read: {exc.strerror}"), None
        capture_name = f"{hashlib.sha256(data).hexdigest()[:16]}{source.suffix.lower()}"
        if capture_name in self.by_capture:
            known = self.by_capture[capture_name]
            return ImportOutcome(source, "skipped", known, f"already imported as {known}"), None
        try:
            capture = read_capture(source.name, data)
        except CaptureRefused as exc:
            return ImportOutcome(source, "skipped", reason=str(exc)), None
        same = self.same_article(capture.text)
        if same is not None:
            reason = f"the same article as {same}, already in the archive"
            return ImportOutcome(source, "skipped", same, reason), None
        article = self._article(capture, capture_name)
        self._write(article, data)
        return ImportOutcome(source, "imported", article.id, notes=_notes(capture)), article

    def same_article(self, text: str) -> str | None:
        """The id of an article of the archive with this text, saved from this page or from
        another one (the same words, other chrome around them), or None."""
        known = self.by_text.get(_fingerprint(text))
        if known is not None:
            return known
        shingles = _shingles(text)
        if not shingles:
            return None
        votes = Counter(
            article_id for h in _sketch(shingles) for article_id in self.sketches.get(h, ())
        )
        for article_id, _ in votes.most_common(3):
            theirs = _shingles(self.texts[article_id])
            if len(shingles & theirs) >= SAME_ARTICLE * min(len(shingles), len(theirs)):
                return article_id
        return None

    def _article(self, capture: Capture, capture_name: str) -> Article:
        inferred = {name: found.evidence for name, found in capture.metadata.items()}
        values = {name: found.value for name, found in capture.metadata.items()}
        language = values.get("language")
        if language is None:
            language = "fr"
            inferred["language"] = "the page gives no language and its words were unclear"
        published = values.get("published")
        return Article(
            id=self._new_id(capture.title),
            title=capture.title,
            published=dt.date.fromisoformat(published) if published else None,
            text=capture.text,
            language=language,
            publication=values.get("publication"),
            author=values.get("author"),
            source_file=capture_name,
            inferred={k: inferred[k] for k in sorted(inferred)},
            missing=tuple(name for name in IMPORTED_FIELDS if name not in values),
        )

    def _new_id(self, title: str) -> str:
        base = slug(title) or "article"
        candidate, number = base, 2
        while (
            candidate in self.ids or (self.articles_dir / f"{candidate}{ARTICLE_SUFFIX}").exists()
        ):
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def file_of(self, article_id: str) -> Path:
        return self.articles_dir / f"{article_id}{ARTICLE_SUFFIX}"

    def _write(self, article: Article, data: bytes) -> None:
        """The capture then the article file, each atomically, under the journal."""
        assert article.source_file is not None
        self._journal(article.source_file)
        atomic_write_bytes(self.raw_dir / article.source_file, data)
        atomic_write_text(self.file_of(article.id), article_file_text(article))
        self.journal.unlink()
        self.ids.add(article.id)
        self.by_capture[article.source_file] = article.id
        self.by_text[_fingerprint(article.text)] = article.id
        self.texts[article.id] = article.text
        self._remember_sketch(article.id, article.text)

    def _journal(self, capture_name: str) -> None:
        with open(self.journal, "w", encoding="utf-8") as handle:
            handle.write(capture_name + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def _remember_sketch(self, article_id: str, text: str) -> None:
        for h in _sketch(_shingles(text)):
            self.sketches.setdefault(h, set()).add(article_id)


def slug(title: str) -> str:
    """A readable id from a title: "SFR rachète Numergy" gives "sfr-rachete-numergy"."""
    words = re.findall(r"[a-z0-9]+", fold(title))
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > MAX_ID_LENGTH:
            break
        kept.append(word)
    return "-".join(kept) or "-".join(words)[:MAX_ID_LENGTH]


def _notes(capture: Capture) -> tuple[str, ...]:
    missing = [name for name in IMPORTED_FIELDS if name not in capture.metadata]
    notes = list(capture.notes)
    if missing:
        notes.append(f"to fill in: {', '.join(missing)} (not in the capture)")
    return tuple(notes)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def _fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(_words(text)).encode("utf-8")).hexdigest()


def _shingles(text: str) -> set[int]:
    words = _words(text)
    return {
        hash(" ".join(words[i : i + SHINGLE_WORDS]))
        for i in range(max(0, len(words) - SHINGLE_WORDS + 1))
    }


def _sketch(shingles: set[int]) -> list[int]:
    """The smallest hashes of a text's shingles: two texts that share most shingles share
    most of these too, so that the articles to compare with are found without a full pass."""
    return sorted(shingles)[:SKETCH_SIZE]
