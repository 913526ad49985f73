"""The facts file while the app edits it: every edit saved at once, changes on disk noticed.

Each edit is applied and saved under a lock on the file, so two instances on one archive take
turns; a save waits for the lock at most LOCK_TIMEOUT seconds. Reading takes no lock: saves
replace the file whole, by rename, so a reader sees one version or the other, and a process
that holds the lock (or hangs holding it) never stops another from opening the archive.

Before saving, the session compares the file with what it last wrote: if something else
changed it (another instance, a ``git pull``, an editor), the session reloads it and re-applies
the edit on top, unless the edit touches a record that was changed on disk too: that is a
conflict, reported to the user and never silently overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from archive_gui.core.archive.articles import Article
from archive_gui.core.archive.problems import Problem
from archive_gui.core.archive.yamlio import YamlItemCache
from archive_gui.core.facts.editing import EditError, RecordChange, apply_edit
from archive_gui.core.facts.file import (
    LoadedFacts,
    load_facts,
    parse_facts,
    record_dict,
    record_problems,
    save_facts,
)
from archive_gui.core.facts.records import FactStore, Record

LOCK_SUFFIX = ".lock"
# How long a save waits for another process's save: a save takes milliseconds, so a lock held
# this long belongs to a process that is stuck, and the user is told rather than left waiting.
LOCK_TIMEOUT = 5.0
LOCK_POLL = 0.05


class EditConflictError(Exception):
    """The file changed on disk in the records an edit touches; the edit was not made."""

    def __init__(self, record_ids: Sequence[str]) -> None:
        names = ", ".join(record_ids)
        super().__init__(
            f"{names} changed on disk since you opened it; your edit was not saved. "
            "The records now show the version on disk."
        )
        self.record_ids = list(record_ids)


class ReadOnlyError(EditError):
    """The facts file has errors: editing it would overwrite what its author meant."""


class FactsLockedError(EditError):
    """Another process held the facts file's lock for longer than a save waits."""


@contextlib.contextmanager
def file_lock(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """An exclusive lock beside ``path``, held by one process at a time (released on exit).

    filelock, not fcntl, so that the core imports on Windows and macOS too. Raises
    FactsLockedError, naming the lock file, if another process holds it for more than
    ``timeout`` seconds.
    """
    import filelock  # here, not at start-up: it takes 20 ms to import, and only saves lock

    lock_path = path.with_name(path.name + LOCK_SUFFIX)
    lock = filelock.FileLock(lock_path, timeout=timeout, mode=0o644)
    try:
        lock.acquire(poll_interval=LOCK_POLL)
    except filelock.Timeout:
        raise FactsLockedError(
            f"cannot save: another process has held {lock_path} for over "
            f"{timeout:g} s (another Archive Browser saving, or stuck); "
            "nothing was saved, try again"
        ) from None
    except OSError:
        # A folder we cannot write to: nobody can save there either.
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _same(a: Record | None, b: Record | None) -> bool:
    if a is None or b is None:
        return a is b
    return type(a) is type(b) and record_dict(a) == record_dict(b)


class FactsSession:
    """The records of an archive as the app edits them, kept in step with the file."""

    def __init__(
        self,
        path: Path,
        articles: Mapping[str, Article],
        loaded: LoadedFacts,
        digest: str | None,
        cache: Path | None = None,
    ) -> None:
        self.path = path
        self.cache = cache
        self.articles = articles
        self.store: FactStore = loaded.store
        self.problems: list[Problem] = loaded.problems
        # Article id -> passages re-anchored exactly since the file was saved: the next save
        # writes them.
        self.moved = loaded.moved
        self._disk = digest
        # How long a save waits for another process's lock (tests shorten it).
        self.lock_timeout = LOCK_TIMEOUT
        # Each record's text at the last save, by content: the next save writes again only
        # the records an edit changed.
        self._record_texts = YamlItemCache()

    @classmethod
    def open(
        cls, path: Path, articles: Mapping[str, Article], cache: Path | None = None
    ) -> FactsSession:
        """Loads the facts file, remembering exactly which version of it was loaded.

        ``cache`` keeps a large file's parsed YAML between runs (``factscache``)."""
        if not path.parent.is_dir():
            return cls(path, articles, LoadedFacts(FactStore()), None, cache)
        # No lock (see the module's docstring). The digest is taken before the load: should a
        # save come in between, the next commit sees a file newer than the digest and reloads.
        data = _read(path)
        return cls(path, articles, load_facts(path, articles, cache), _digest(data), cache)

    @property
    def read_only(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def read_only_reason(self) -> str:
        errors = [str(p) for p in self.problems if p.severity == "error"]
        return "; ".join(errors[:3]) + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else "")

    def commit(self, edit: Sequence[RecordChange], forward: bool = True) -> None:
        """Applies an edit (or undoes it, ``forward=False``) and saves the file at once.

        Raises ReadOnlyError for a file with errors, EditConflictError when the records the
        edit touches changed on disk (the store then holds the disk's version),
        FactsLockedError when another process holds the lock for over ``lock_timeout``.
        """
        if self.read_only:
            raise ReadOnlyError(
                f"the facts file has errors and is read-only: {self.read_only_reason()}"
            )
        with file_lock(self.path, self.lock_timeout):
            self._take_disk_changes(edit, forward)
            apply_edit(self.store, edit, forward)
            try:
                written = [c.new if forward else c.old for c in edit]
                problems = record_problems([r for r in written if r], self.store, self.path)
                if problems:
                    raise EditError("; ".join(problems))
                text = save_facts(self.path, self.store, self._record_texts)
            except BaseException:
                apply_edit(self.store, edit, not forward)  # memory stays what the disk holds
                raise
            self._disk = _digest(text.encode("utf-8"))
            self.moved = {}

    def save_moved(self) -> int:
        """Saves the passages re-anchored exactly (``check --fix``); returns how many.

        Only those: a proposal still waits for a person, an orphan stays as it was.
        """
        moved = sum(self.moved.values())
        if moved:
            self.commit([])
        return moved

    def _changed_on_disk(self) -> tuple[LoadedFacts, str | None] | None:
        """The file as it now is on disk and its digest, if it is not what was last read."""
        data = _read(self.path)
        digest = _digest(data)
        if digest == self._disk:
            return None
        text = (data or b"").decode("utf-8", "replace")
        return parse_facts(text, self.path, self.articles, self.cache), digest

    def _take(self, loaded: LoadedFacts, digest: str | None) -> None:
        self.store.reset(loaded.store)
        self.problems = loaded.problems
        self.moved = loaded.moved
        self._disk = digest

    def _take_disk_changes(self, edit: Sequence[RecordChange], forward: bool) -> None:
        changed = self._changed_on_disk()
        if changed is None:
            return
        loaded, digest = changed
        if loaded.errors:
            raise ReadOnlyError(
                f"{self.path} changed on disk and now has errors: {loaded.errors[0]}; "
                "fix it before editing"
            )
        conflicts = [
            c.record_id
            for c in edit
            if not _same(loaded.store.get(c.record_id), c.old if forward else c.new)
        ]
        self._take(loaded, digest)
        if conflicts:
            raise EditConflictError(conflicts)

    def reload_if_changed(self) -> bool:
        """Reloads the file if something else changed it; returns whether it did.

        It takes no lock: a save replaces the file whole, so what is read is one version.
        """
        changed = self._changed_on_disk()
        if changed is None:
            return False
        self._take(*changed)
        return True
