"""A damaged, read-only or locked index never ends a search in a traceback or wrong rankings.

Each test damages a real index on disk (a copy of one built once for the module) and checks
that searching gives exactly the results of the sound index, then again after reopening (the
repair is on disk, not only in memory).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive_gui.core.library import Library
from archive_gui.core.search.index import WhooshIndex
from tests.conftest import BUNDLED_ARTICLES

QUERIES = ("Cloudwatt", "numergy", "orange AND sfr", '"centres de données"', "heberg*", "lovera")
Results = list[tuple[int, list[tuple[str, float, tuple[tuple[int, int], ...]]]]]


def results(root: Path) -> Results:
    """What the queries give in the archive at ``root``: totals, ids, scores and offsets."""
    library = Library.open(root)
    try:
        found = []
        for query in QUERIES:
            r = library.search(query)
            hits = [
                (h.id, round(h.score, 6), tuple((s.start, s.end) for s in h.hits)) for h in r.hits
            ]
            found.append((r.total, hits))
        return found
    finally:
        library.close()


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Results]:
    """An archive with its index built, and what the queries give there."""
    root = tmp_path_factory.mktemp("sound") / "archive"
    shutil.copytree(BUNDLED_ARTICLES, root / "articles")
    return root, results(root)


@pytest.fixture
def archive(sound: tuple[Path, Results], tmp_path: Path) -> Path:
    """A copy of the sound archive and its index, for a test to damage."""
    root = tmp_path / "archive"
    shutil.copytree(sound[0], root, symlinks=True)
    return root


# -- kinds of damage to one file ------------------------------------------------------------


def truncate_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def truncate_empty(path: Path) -> None:
    path.write_bytes(b"")


def drop_last_byte(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-1])


def flip(at: Callable[[int], int]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        start = at(len(data))
        for i in range(start, min(len(data), start + 8)):
            data[i] ^= 0x55
        path.write_bytes(bytes(data))

    damage.__name__ = "flip"
    return damage


flip_start = flip(lambda size: 0)
flip_middle = flip(lambda size: size // 2)
flip_end = flip(lambda size: max(0, size - 8))


def one_bit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) * 3 // 4] ^= 0x01
    path.write_bytes(bytes(data))


def folder_instead(path: Path) -> None:
    path.unlink()
    path.mkdir()


def deleted(path: Path) -> None:
    path.unlink()


def symlink_loop(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.name)


DAMAGES = {
    "truncated to half": truncate_half,
    "truncated to nothing": truncate_empty,
    "last byte missing": drop_last_byte,
    "bytes flipped at the start": flip_start,
    "bytes flipped in the middle": flip_middle,
    "bytes flipped at the end": flip_end,
    "one bit flipped": one_bit,
    "a folder instead": folder_instead,
    "deleted": deleted,
    "a symlink loop": symlink_loop,
}
FILE_KINDS = (".pst", ".trm", "._stored.col", "._body_len.col", "._title_len.col", ".toc")


def index_file(root: Path, kind: str) -> Path:
    if kind == "manifest.json":
        return root / "index" / "manifest.json"
    (found,) = (p for p in (root / "index" / "whoosh").iterdir() if p.name.endswith(kind))
    return found


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
@pytest.mark.parametrize("kind", [*FILE_KINDS, "manifest.json"])
def test_a_damaged_index_file_never_changes_the_results(
    archive: Path, sound: tuple[Path, Results], kind: str, damage: Callable[[Path], None]
) -> None:
    damage(index_file(archive, kind))
    assert results(archive) == sound[1]
    assert results(archive) == sound[1]


def index_a_file(root: Path) -> None:
    shutil.rmtree(root / "index")
    (root / "index").write_text("not a folder", "utf-8")


def index_a_loop(root: Path) -> None:
    shutil.rmtree(root / "index")
    (root / "index").symlink_to("index")


def store_a_file(root: Path) -> None:
    shutil.rmtree(root / "index" / "whoosh")
    (root / "index" / "whoosh").write_text("not a folder", "utf-8")


def store_a_loop(root: Path) -> None:
    shutil.rmtree(root / "index" / "whoosh")
    (root / "index" / "whoosh").symlink_to("whoosh")


def store_unexpected_toc(root: Path) -> None:
    """A table of contents of a later generation, which Whoosh would read instead."""
    (toc,) = (root / "index" / "whoosh").glob("*.toc")
    shutil.copy(toc, toc.with_name("_MAIN_99.toc"))


FOLDER_DAMAGES = (index_a_file, index_a_loop, store_a_file, store_a_loop, store_unexpected_toc)


@pytest.mark.parametrize("damage", FOLDER_DAMAGES)
def test_a_damaged_index_folder_never_changes_the_results(
    archive: Path, sound: tuple[Path, Results], damage: Callable[[Path], None]
) -> None:
    damage(archive)
    assert results(archive) == sound[1]
    assert results(archive) == sound[1]


def test_damage_found_while_searching_rebuilds_the_index(
    archive: Path, sound: tuple[Path, Results], caplog: pytest.LogCaptureFixture
) -> None:
    """Bytes damaged in place after the index was opened and checked: the read that fails
    leads to a full check, a rebuild and the right results."""
    library = Library.open(archive)
    library.ensure_index()
    stored = index_file(archive, "._stored.col")
    size = stored.stat().st_size
    with stored.open("r+b") as handle:  # in place: the open index sees the damage
        handle.seek(size // 8)
        handle.write(b"\xff" * (size // 2))
    with caplog.at_level(logging.WARNING):
        hits = library.search(QUERIES[0])
    assert "the index was damaged" in caplog.text
    assert [h.id for h in hits.hits] == [h[0] for h in sound[1][0][1]]
    library.close()
    assert results(archive) == sound[1]


def test_a_full_check_reads_the_large_files_whole(archive: Path) -> None:
    """Opening checks the sizes of the large files only; ``archive-gui index`` reads them."""
    postings = index_file(archive, ".pst")
    data = bytearray(postings.read_bytes())
    data[len(data) // 3] ^= 0x01
    postings.write_bytes(bytes(data))
    library = Library.open(archive)
    report = library.ensure_index(full_check=True)
    assert report.rebuilt
    assert report.reason.endswith(".pst is damaged")
    assert not library.ensure_index(full_check=True).changed
    library.close()


# -- an index that cannot be written, or that another process is writing ------------------


@contextlib.contextmanager
def read_only(*folders: Path) -> Iterator[None]:
    """Makes ``folders`` read-only: by their mode, or, for root (whom modes do not stop),
    by the immutable attribute."""
    if os.geteuid() != 0:
        for folder in folders:
            folder.chmod(0o555)
        try:
            yield
        finally:
            for folder in folders:
                folder.chmod(0o755)
        return
    if not shutil.which("chattr"):
        pytest.skip("running as root without chattr: cannot make a folder read-only")
    done = []
    try:
        for folder in folders:
            if subprocess.run(["chattr", "+i", str(folder)], check=False).returncode:
                pytest.skip("this file system has no immutable attribute")
            done.append(folder)
        yield
    finally:
        for folder in done:
            subprocess.run(["chattr", "-i", str(folder)], check=True)


def change_article(root: Path) -> None:
    path = root / "articles" / "numergy-repris-par-sfr.md"
    path.write_text(path.read_text("utf-8") + "\nPostscriptum sur Ikoula.\n", "utf-8")


def test_a_read_only_index_that_needs_an_update_answers_as_it_is(
    archive: Path, sound: tuple[Path, Results], caplog: pytest.LogCaptureFixture
) -> None:
    change_article(archive)
    with read_only(archive / "index", archive / "index" / "whoosh"), caplog.at_level("WARNING"):
        assert results(archive) == sound[1]
    assert "cannot be updated now" in caplog.text
    library = Library.open(archive)
    assert library.search("ikoula").total == 1  # writable again: the update is made
    library.close()


def test_a_read_only_index_that_needs_a_rebuild_uses_a_temporary_one(
    archive: Path, sound: tuple[Path, Results], caplog: pytest.LogCaptureFixture
) -> None:
    truncate_half(index_file(archive, "._body_len.col"))
    with read_only(archive / "index", archive / "index" / "whoosh"), caplog.at_level("WARNING"):
        library = Library.open(archive)
        assert library.search("Cloudwatt").total == 3
        assert isinstance(library.index, WhooshIndex)
        temporary = library.index._temporary
        assert temporary is not None
        library.close()
        assert not temporary.exists()
        assert results(archive) == sound[1]
    assert "using a temporary index" in caplog.text


HOLD_WHOOSH_LOCK = """
import sys, time
from whoosh import index
writer = index.open_dir(sys.argv[1]).writer()
print("locked", flush=True)
time.sleep(60)
"""


@pytest.fixture
def whoosh_lock_held(archive: Path) -> Iterator[None]:
    """Another live process holding the index's write lock."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_WHOOSH_LOCK, str(archive / "index" / "whoosh")],
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "locked"
            yield
        finally:
            holder.kill()


@pytest.mark.usefixtures("whoosh_lock_held")
def test_a_write_lock_held_by_a_live_process_searches_the_index_as_it_is(
    archive: Path, sound: tuple[Path, Results], caplog: pytest.LogCaptureFixture
) -> None:
    change_article(archive)
    with caplog.at_level("WARNING"):
        library = Library.open(archive)
        assert library.search("Cloudwatt").total == 3
        assert library.search("ikoula").total == 0  # not indexed yet
        library.close()
    assert "another process is writing it" in caplog.text


def test_an_index_closed_without_a_sync_does_not_rebuild_from_nothing(archive: Path) -> None:
    """Damage found by an index that was never synced is an error: it has no articles to
    rebuild from (the library always syncs first)."""
    index = WhooshIndex(archive / "index")
    assert index.search("numergy").total > 0
    index.close()
