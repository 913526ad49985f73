"""A facts file locked by another live process: reading goes on, saving waits a bounded time."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_gui.core.facts.editing import edit_field
from archive_gui.core.facts.session import FactsLockedError
from archive_gui.core.library import Library

HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""


@pytest.fixture
def lock_held(archive: Path) -> Iterator[Path]:
    """Another live process holding ``facts.yaml.lock``; yields the lock file."""
    lock = archive / "facts.yaml.lock"
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock)], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "locked"
            yield lock
        finally:
            holder.kill()


@pytest.mark.usefixtures("lock_held")
def test_reading_takes_no_lock(archive: Path) -> None:
    started = time.monotonic()
    library = Library.open(archive)
    assert library.search("Cloudwatt").total == 3
    assert library.store.get("numergy") is not None
    assert not library.facts.reload_if_changed()
    library.close()
    assert time.monotonic() - started < 30  # it did not wait on the lock (it would forever)


def test_saving_waits_a_bounded_time_and_names_the_lock(archive: Path, lock_held: Path) -> None:
    library = Library.open(archive)
    library.facts.lock_timeout = 0.5
    before = (archive / "facts.yaml").read_bytes()
    started = time.monotonic()
    with pytest.raises(FactsLockedError, match=str(lock_held)):
        library.commit([edit_field(library.store, "numergy", "notes", "Vérifié.")])
    assert 0.5 <= time.monotonic() - started < 5
    assert (archive / "facts.yaml").read_bytes() == before
    assert library.store["numergy"].notes != "Vérifié."  # memory stays what the disk holds
    library.close()


def test_saving_goes_on_once_the_lock_is_free(archive: Path) -> None:
    library = Library.open(archive)
    library.facts.lock_timeout = 0.5
    library.commit([edit_field(library.store, "numergy", "notes", "Vérifié.")])
    assert "Vérifié." in (archive / "facts.yaml").read_text("utf-8")
    library.close()
