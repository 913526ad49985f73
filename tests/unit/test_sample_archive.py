"""The bundled sample is never written: the user works on their own copy of it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from archive_gui.core.archive.folder import (
    SAMPLE_COPY_DIR,
    NotAnArchiveError,
    default_archive,
    user_data_dir,
)
from archive_gui.core.facts.editing import edit_field
from archive_gui.core.library import Library
from tests.conftest import PROJECT


def fingerprint(root: Path) -> dict[str, str]:
    """Every file of the sample that an edit could change, with its content's hash."""
    files = [root / "facts.yaml", *sorted((root / "articles").rglob("*"))]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}


def test_opening_the_sample_opens_a_copy_in_the_data_folder(user_data_home: Path) -> None:
    library = Library.open(PROJECT)
    copy = library.paths.sample_copy
    assert copy is not None
    assert copy.created
    assert library.paths.root == user_data_home / "ArchiveBrowser" / "archive-gui" / SAMPLE_COPY_DIR
    assert str(library.paths.root) in copy.notice()
    assert set(library.articles) == {p.stem for p in (PROJECT / "articles").glob("*.md")}
    assert len(library.store) > 0


def test_an_edit_of_the_sample_goes_to_the_copy_and_stays_there() -> None:
    before = fingerprint(PROJECT)
    library = Library.open(PROJECT)
    library.commit([edit_field(library.store, "numergy", "notes", "Mon annotation.")])
    library.ensure_index()
    library.close()
    assert fingerprint(PROJECT) == before
    again = Library.open(PROJECT)
    assert again.paths.sample_copy is not None
    assert not again.paths.sample_copy.created
    assert again.store["numergy"].notes == "Mon annotation."


def test_the_sample_is_reached_from_a_folder_that_is_no_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    library = Library.open(default_archive())
    assert library.paths.sample_copy is not None
    assert library.paths.root.is_relative_to(user_data_dir())


def test_another_archive_is_opened_where_it_is(bundled_archive: Path) -> None:
    library = Library.open(bundled_archive)
    assert library.paths.sample_copy is None
    assert library.paths.root == bundled_archive.resolve()


def test_a_data_folder_that_cannot_be_made_is_one_clear_error(user_data_home: Path) -> None:
    (user_data_home / "ArchiveBrowser").write_text("a file where the folder should be")
    with pytest.raises(NotAnArchiveError, match="your copy of it cannot be made"):
        Library.open(PROJECT)
