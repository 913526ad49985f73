"""A rebuild leaves the index in use searchable while it runs, and can be cancelled."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import Article, content_hash
from archive_gui.core.search.bulk import PARALLEL_FROM
from archive_gui.core.search.index import WhooshIndex
from archive_gui.core.search.results import BuildCancelled
from tests.conftest import mixed_articles


def index_files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def with_text(article: Article, text: str) -> Article:
    return dataclasses.replace(article, text=text, content_hash=content_hash(text.encode("utf-8")))


@pytest.mark.parametrize("processes", [1, 2])
def test_a_cancelled_rebuild_leaves_the_index_in_use_as_it_was(
    tmp_path: Path, processes: int
) -> None:
    articles = mixed_articles(PARALLEL_FROM + 100)
    index = WhooshIndex(tmp_path / "index", processes=processes)
    index.sync(articles)
    before = index.search("Cloudwatt", limit=5)
    files = index_files(tmp_path / "index")
    seen: list[int] = []
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done:
            cancel.set()

    with pytest.raises(BuildCancelled):
        index.rebuild(articles, progress, cancel=cancel.is_set)
    # It stopped early, and nothing of it is left: the index, its manifest and its folder
    # are those of before, and they answer as before.
    assert max(seen) < len(articles)
    assert index_files(tmp_path / "index") == files
    assert index.search("Cloudwatt", limit=5) == before
    index.close()
    reopened = WhooshIndex(tmp_path / "index")
    assert not reopened.sync(articles).changed
    assert reopened.search("Cloudwatt", limit=5) == before
    reopened.close()


def test_the_index_in_use_answers_searches_while_a_rebuild_runs(tmp_path: Path) -> None:
    articles = mixed_articles(300)
    index = WhooshIndex(tmp_path / "index", processes=1)
    index.sync(articles)
    answered: list[int] = []

    def search_from_another_thread(done: int, total: int) -> None:
        if answered:
            return
        # The rebuild is under way in this thread: another thread's search is not kept
        # waiting for it (it would be, were the index locked for the build).
        searcher = threading.Thread(target=lambda: answered.append(index.search("Fluxus").total))
        searcher.start()
        searcher.join(timeout=20)
        assert answered, "a search waited for the rebuild"

    index.rebuild(articles, search_from_another_thread)
    assert answered[0] == index.search("Fluxus").total > 0
    index.close()


def test_an_edit_made_during_a_rebuild_is_brought_in_by_the_next_sync(tmp_path: Path) -> None:
    articles = mixed_articles(300)
    index = WhooshIndex(tmp_path / "index", processes=1)
    index.sync(articles)
    edited = dict(articles)
    edited["mix-007"] = with_text(articles["mix-007"], "Un texte tout neuf sur Scaleway.")

    def edit_meanwhile(done: int, total: int) -> None:
        if done and index.search("Scaleway").total == 0:
            # The window's worker syncs an edit while the rebuild (of the articles as they
            # were when it started) runs in another thread.
            syncing = threading.Thread(target=lambda: index.sync(edited))
            syncing.start()
            syncing.join(timeout=20)
            assert [h.id for h in index.search("Scaleway").hits] == ["mix-007"]

    index.rebuild(articles, edit_meanwhile)
    # The rebuilt index is of the articles it was given; the sync that follows catches up.
    assert index.search("Scaleway").total == 0
    assert index.sync(edited).updated == ["mix-007"]
    assert [h.id for h in index.search("Scaleway").hits] == ["mix-007"]
    index.close()


def test_a_rebuild_of_another_archive_state_replaces_the_index(tmp_path: Path) -> None:
    articles = mixed_articles(50)
    index = WhooshIndex(tmp_path / "index", processes=1)
    index.sync(articles)
    fewer = {k: v for k, v in articles.items() if k != "mix-003"}
    index.rebuild(fewer)
    assert index.article_count == len(fewer)
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == ["manifest.json", "whoosh"]
    index.close()
