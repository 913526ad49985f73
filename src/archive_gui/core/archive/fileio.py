"""Atomic file writing: a crash mid-save leaves the last good file in place."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

# A save takes well under a second: a temporary file untouched for a minute is a dead save's.
STALE_AFTER = 60.0
# What keep_backup's staging file adds to the file's name before the writer's pid.
BACKUP_INFIX = ".bak."


def atomic_write_text(path: Path, text: str) -> None:
    """Writes ``text`` (UTF-8, ``\\n`` line ends) atomically: see ``atomic_write_bytes``."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Writes ``data`` to a temporary file beside ``path``, syncs it, then renames it over."""
    atomic_write_chunks(path, [data])


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """``atomic_write_bytes`` for data made piece by piece (a large export), which is never
    whole in memory; a failure while making it leaves the file as it was."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        _take_permissions(fd, path)
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def _take_permissions(fd: int, path: Path) -> None:
    """Gives the temporary file the mode and group of the file it replaces.

    ``mkstemp`` makes a private file (0600); renamed as it is, every save would lock the other
    readers of a shared archive out. A new file gets the mode the user's umask gives.
    """
    try:
        current = path.stat()
    except FileNotFoundError:
        os.fchmod(fd, 0o666 & ~current_umask())
        return
    os.fchmod(fd, stat.S_IMODE(current.st_mode))
    with contextlib.suppress(PermissionError):  # only the file's owner or root may change it
        os.fchown(fd, -1, current.st_gid)


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale_temporaries(path: Path, min_age: float = STALE_AFTER) -> list[Path]:
    """Removes the temporary files that killed saves of ``path`` left beside it.

    A save writes ``.<name>.<random>.tmp`` (and the backup ``.<name>.bak.<pid>.tmp``) and
    renames it over the file; a process killed in between leaves it there for good. A file
    that may still be being written is left alone: only one untouched for ``min_age``
    seconds, or named after a process that no longer runs, is removed. Returns those removed.
    """
    removed = []
    now = time.time()
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            stale = now - tmp.lstat().st_mtime >= min_age or not _writer_alive(tmp, path)
            if stale and tmp.is_file():
                tmp.unlink()
                removed.append(tmp)
        except OSError:  # gone already, or a folder we may not write to
            continue
    return removed


def _writer_alive(tmp: Path, path: Path) -> bool:
    """False when ``tmp`` names the pid of its writer (``keep_backup``'s staging file) and
    no process has that pid; True when it is alive or the name gives no pid."""
    pid = tmp.name.removesuffix(".tmp").rsplit(".", 1)[-1]
    if not tmp.name.startswith(f".{path.name}{BACKUP_INFIX}") or not pid.isdigit():
        return True
    return process_alive(int(pid))


def process_alive(pid: int) -> bool:
    """Whether a process with this pid runs (as any user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


def _fsync_dir(folder: Path) -> None:
    """Makes the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def keep_backup(path: Path, backup: Path) -> None:
    """Keeps the current ``path`` as ``backup`` before it is replaced.

    A hard link shares the file's content at no cost; where links are not possible, the file
    is copied. Either way the backup appears whole, by rename.
    """
    if not path.exists():
        return
    staging = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(staging)
    try:
        os.link(path, staging)
    except OSError:
        atomic_write_text(backup, path.read_text(encoding="utf-8"))
        return
    try:
        os.replace(staging, backup)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staging)
        raise
