"""The core behind the desktop reader's extras: tags with counts, recent archives, captures."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import Article, load_articles
from archive_gui.core.archive.provenance import CaptureError, capture_path, read_capture
from archive_gui.core.archive.recent import recent_archives, remember, without_missing
from archive_gui.core.facts.editing import edit_field
from archive_gui.core.facts.records import ArticleNote, FactStore
from archive_gui.core.facts.tags import TagCount, tag_counts, tag_query
from archive_gui.core.library import Library
from tests.conftest import PROJECT

# -- tags ------------------------------------------------------------------------------------


@pytest.fixture
def library(archive: Path) -> Iterator[Library]:
    opened = Library.open(archive)
    yield opened
    opened.close()


def test_tags_are_counted_over_records_and_article_notes(library: Library) -> None:
    store = library.store
    library.commit([edit_field(store, "fluxus", "tags", "à suivre\nrachat-2001")])
    library.commit([edit_field(store, "sfr", "tags", "À Suivre\ncloud\ncloud")])
    store.add(ArticleNote(id="notes-x", article="orange-reprendrait-cloudwatt", tags=["cloud"]))
    counts = tag_counts(store)
    by_tag = {c.tag: c for c in counts}
    # One tag whatever its case and accents, as tag: searches it; a record counts once.
    assert by_tag["à suivre"].records == 2
    assert by_tag["cloud"].records == 2
    assert by_tag["cloud"].articles == len(
        {e.anchor.article for e in store["sfr"].evidence} | {"orange-reprendrait-cloudwatt"}
    )
    assert counts[-1] == TagCount("rachat-2001", 1, 2)  # least used last
    assert [c.tag for c in counts[:2]] == ["à suivre", "cloud"]  # then by name


def test_a_tag_query_finds_the_articles_of_its_records(library: Library) -> None:
    library.commit([edit_field(library.store, "fluxus", "tags", "à suivre\nrachat-2001")])
    (count,) = [c for c in tag_counts(library.store) if c.tag == "rachat-2001"]
    results = library.search(tag_query("rachat-2001"))
    assert results.total == count.articles == 2
    assert library.search(tag_query("à suivre")).total == 2


def test_tag_query_quotes_the_tag() -> None:
    assert tag_query("cloud") == 'tag:"cloud"'
    assert tag_query('  deux  "mots" ') == 'tag:"deux mots"'


def test_no_tags_no_counts() -> None:
    assert tag_counts(FactStore()) == []


# -- recent archives -------------------------------------------------------------------------


def make_archive(folder: Path) -> Path:
    (folder / "articles").mkdir(parents=True)
    return folder


def test_the_archive_opened_goes_first_once(tmp_path: Path) -> None:
    a, b = make_archive(tmp_path / "a"), make_archive(tmp_path / "b")
    recent = remember([], a)
    recent = remember(recent, b)
    recent = remember(recent, a)
    assert recent == [str(a), str(b)]


def test_past_the_limit_archives_that_are_gone_go_first(tmp_path: Path) -> None:
    live = [str(make_archive(tmp_path / f"live{i}")) for i in range(3)]
    gone = str(tmp_path / "gone")
    recent = remember([live[0], gone, live[1]], tmp_path / "live2", limit=3)
    assert recent == [live[2], live[0], live[1]]
    assert remember(live, tmp_path / "new", limit=3) == [str(tmp_path / "new"), *live[:2]]


def test_archives_that_are_gone_are_marked_and_can_be_dropped(tmp_path: Path) -> None:
    a = make_archive(tmp_path / "a")
    recent = [str(a), str(tmp_path / "gone")]
    assert [r.exists for r in recent_archives(recent)] == [True, False]
    assert without_missing(recent) == [str(a)]


# -- the raw capture an article was made from ------------------------------------------------


def article(source_file: str | None) -> Article:
    return Article("a", "A", dt.date(2020, 1, 1), "text", source_file=source_file)


def test_the_capture_is_read_as_it_is_stored(tmp_path: Path) -> None:
    raw = tmp_path / "articles" / "raw"
    raw.mkdir(parents=True)
    (raw / "x.txt").write_text("<b>gras</b> &amp; été\r\n", "utf-8")
    capture = read_capture(tmp_path / "articles", article("x.txt"))
    assert capture.text == "<b>gras</b> &amp; été\r\n"
    assert capture.encoding == "UTF-8"
    (raw / "old.txt").write_bytes("hébergeur".encode("cp1252"))
    assert read_capture(tmp_path / "articles", article("old.txt")).text == "hébergeur"


def test_the_bundled_articles_name_their_captures() -> None:
    articles = load_articles(PROJECT / "articles").articles
    for item in articles.values():
        assert read_capture(PROJECT / "articles", item).text.strip()


@pytest.mark.parametrize(
    "source_file", ["../secret.txt", "/etc/passwd", "raw/../../secret.txt", "missing.txt", None]
)
def test_a_capture_outside_the_raw_folder_is_refused(tmp_path: Path, source_file: str) -> None:
    (tmp_path / "articles" / "raw").mkdir(parents=True)
    (tmp_path / "articles" / "secret.txt").write_text("secret", "utf-8")
    with pytest.raises(CaptureError):
        capture_path(tmp_path / "articles", article(source_file))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_link_out_of_the_raw_folder_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "articles" / "raw"
    raw.mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    (raw / "link.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(CaptureError, match="not inside"):
        capture_path(tmp_path / "articles", article("link.txt"))
