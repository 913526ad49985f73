"""The files of the Whoosh index folder, their sizes and checksums, and the check of them.

The manifest records the size and CRC-32 of every file of the index when it is written, so
that damage is noticed when the index is opened instead of ending a search in a traceback or,
worse, in rankings silently wrong (a damaged length column changes every score and raises no
error). Checking a file's CRC means reading it whole: at 10,000 articles the index is 102 MB,
which takes about 70 ms against 13 ms for opening it. So opening checks the list of files and
every size (one ``stat`` each), and the CRC of the small files only (the table of contents and
the length columns, under 1 MB), where silent damage did the most harm; the large files
(postings, terms, stored fields) are checked whole when a read of them fails and by
``archive-gui index`` (``full=True``).
"""

from __future__ import annotations

import os
import shutil
import zlib
from collections.abc import Mapping
from pathlib import Path

# Whoosh's write lock: it changes as writers come and go, and is not part of the index.
LOCK_FILE = "MAIN_WRITELOCK"
# Files smaller than this have their CRC checked whenever the index is opened.
CHECK_ON_OPEN_BELOW = 1 << 20
_CHUNK = 1 << 20

# File name -> (size in bytes, CRC-32).
FileSums = dict[str, tuple[int, int]]


def crc32_of(path: Path) -> int:
    """The CRC-32 of a file's content, read in chunks."""
    crc = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def file_sums(store: Path, known: Mapping[str, tuple[int, int]]) -> FileSums:
    """The size and CRC of each file of the index in ``store``.

    Whoosh writes each segment's files once and never changes them (a new table of contents
    has a new name), so a file ``known`` with the same name and size keeps its CRC unread:
    an update reads only the files it wrote.
    """
    sums: FileSums = {}
    for entry in os.scandir(store):
        if entry.name == LOCK_FILE or not entry.is_file(follow_symlinks=False):
            continue
        size = entry.stat(follow_symlinks=False).st_size
        before = known.get(entry.name)
        if before is not None and before[0] == size:
            sums[entry.name] = before
        else:
            sums[entry.name] = (size, crc32_of(Path(entry.path)))
    return sums


def damage(store: Path, recorded: Mapping[str, tuple[int, int]], full: bool = False) -> str:
    """Why the files in ``store`` are not those ``recorded``, or '' if they are.

    Sizes are always compared; CRCs of the small files, or of all of them with ``full``.
    """
    try:
        entries = {e.name: e for e in os.scandir(store) if e.name != LOCK_FILE}
    except OSError as exc:
        return f"unreadable index folder ({exc.strerror})"
    missing = sorted(set(recorded) - set(entries))
    if missing:
        return f"missing index file {missing[0]}"
    # Whoosh reads the table of contents of the latest generation, and only the segments it
    # lists: other files (those a live writer is writing, say) do not change the index.
    unexpected = sorted(name for name in set(entries) - set(recorded) if name.endswith(".toc"))
    if unexpected:
        return f"unexpected index file {unexpected[0]}"
    for name, (size, crc) in sorted(recorded.items()):
        path = store / name
        try:
            if not entries[name].is_file(follow_symlinks=False):
                return f"index file {name} is not a file"
            if entries[name].stat(follow_symlinks=False).st_size != size:
                return f"index file {name} has the wrong size"
            if (full or size < CHECK_ON_OPEN_BELOW) and crc32_of(path) != crc:
                return f"index file {name} is damaged"
        except OSError as exc:
            return f"unreadable index file {name} ({exc.strerror})"
    return ""


def parse_sums(value: object) -> FileSums | None:
    """The file sums of a manifest's JSON, or None if they are not well formed."""
    if not isinstance(value, dict):
        return None
    sums: FileSums = {}
    for name, pair in value.items():
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(n) is int for n in pair)):
            return None
        sums[str(name)] = (pair[0], pair[1])
    return sums


def clear(path: Path) -> None:
    """Removes whatever is at ``path`` (a file, a symbolic link, even a looping one, or a
    folder), so that the index can put its own folder or file there."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
