"""A copy of the parsed articles, so that a large archive opens without parsing every file.

Reading and parsing 100,000 articles took 32 to 38 s here; with this copy, opening them takes
6 to 8 s, 2 s of it reading the copy (docs/benchmarks.md). An article is taken from the copy
only while its file is the very file it was made from: same size, modification and change
times (to the nanosecond) and inode. A file changed within ``SETTLE_NS`` of being copied is not
copied (a second write in the same clock tick could leave its times as they were); it is
copied at a later opening. Articles with a problem (a bad value, a warning) are never copied:
they are parsed, and reported, each time.

Like the facts' copy (``core/facts/cache``), it lives in the user's cache folder, one per
archive, and is only ever a copy: a missing, stale or damaged one is ignored and made again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

from archive_gui.core.archive.articles import Article, load_article
from archive_gui.core.archive.fileio import atomic_write_text

FORMAT = 1
SETTLE_NS = 2_000_000_000
# What identifies a file's version: size, modification and change times, inode.
FileKey = tuple[int, int, int, int]


class ArticleCatalogue:
    """Loads articles through the copy at ``path`` and keeps it up to date (``save``)."""

    def __init__(self, path: Path, settle_ns: int | None = None) -> None:
        self.path = path
        self.settle_ns = SETTLE_NS if settle_ns is None else settle_ns
        self._copied = _read(path)
        self._kept: dict[str, list[Any]] = {}
        self._changed = False

    def load(self, file: Path) -> Article:
        """The article in ``file``, from the copy if the file has not changed since; raises
        ProblemError as ``load_article`` does."""
        key = _key(file)
        entry = self._copied.get(file.name)
        if key is not None and entry is not None and tuple(entry[0]) == key:
            with contextlib.suppress(ValueError, TypeError):  # else a damaged entry: parsed
                article = _article(entry[1], file)
                self._kept[file.name] = entry
                return article
        article = load_article(file)
        if key is not None and not article.flagged and _settled(key, self.settle_ns):
            self._kept[file.name] = [list(key), _fields(article)]
            self._changed = True
        return article

    def save(self) -> None:
        """Writes the copy if an article was added, changed or removed since it was read; a
        folder that cannot be written keeps the copy it has."""
        if not self._changed and self._kept.keys() == self._copied.keys():
            return
        text = json.dumps({"format": FORMAT, "articles": self._kept}, ensure_ascii=False)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, text)
        self._copied, self._kept, self._changed = self._kept, {}, False


def _key(file: Path) -> FileKey | None:
    try:
        found = file.stat()
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


def _settled(key: FileKey, settle_ns: int) -> bool:
    """Whether the file was last written long enough ago that a change would move its times."""
    return max(key[1], key[2]) < time.time_ns() - settle_ns


def _fields(article: Article) -> list[Any]:
    return [
        article.id,
        article.title,
        article.date_text or None,
        article.text,
        article.language,
        article.publication,
        article.author,
        article.source_file,
        dict(article.inferred),
        dict(article.printed),
        article.content_hash,
        list(article.missing),
    ]


def _article(fields: list[Any], file: Path) -> Article:
    (article_id, title, published, text, language, publication, author, source_file,
     inferred, printed, content_hash, missing) = fields  # fmt: skip
    return Article(
        id=article_id,
        title=title,
        published=dt.date.fromisoformat(published) if published else None,
        text=text,
        language=language,
        publication=publication,
        author=author,
        source_file=source_file,
        inferred=inferred,
        printed=printed,
        path=file,
        content_hash=content_hash,
        missing=tuple(missing),
    )


def _read(path: Path) -> dict[str, list[Any]]:
    """The copy's entries by file name, or none if it is missing, damaged or of another
    format."""
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return {}
    entries = document.get("articles")
    if not isinstance(entries, dict):
        return {}
    return {name: entry for name, entry in entries.items() if _well_formed(entry)}


def _well_formed(entry: Any) -> bool:
    """Whether an entry has the shape ``_fields`` writes (a damaged copy is not trusted)."""
    return (
        isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], list)
        and len(entry[0]) == 4
        and isinstance(entry[1], list)
        and len(entry[1]) == 12
        and all(isinstance(value, str) for value in (entry[1][0], entry[1][1], entry[1][3]))
    )
