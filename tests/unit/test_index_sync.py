"""The index is built on first use, kept in step with the articles, and rebuilt when damaged."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.library import Library
from archive_gui.core.search.index import WhooshIndex
from archive_gui.core.search.results import FactsEntry
from tests.conftest import ArticleWriter


def reopen(root: Path) -> Library:
    return Library.open(root)


def test_first_use_builds_the_index(bundled_archive: Path) -> None:
    library = reopen(bundled_archive)
    report = library.ensure_index()
    assert report.rebuilt
    assert report.reason == "no index yet"
    assert library.index.article_count == 5
    assert (bundled_archive / "index" / "manifest.json").exists()
    library.close()


def test_an_unchanged_archive_is_not_reindexed(bundled_archive: Path) -> None:
    reopen(bundled_archive).ensure_index()
    library = reopen(bundled_archive)
    report = library.ensure_index()
    assert not report.changed
    assert library.search("Cloudwatt").total == 3
    library.close()


def test_changing_one_article_reindexes_it_alone(bundled_archive: Path) -> None:
    reopen(bundled_archive).ensure_index()
    path = bundled_archive / "articles" / "plan-social-chez-fluxus.md"
    path.write_text(
        path.read_text("utf-8").replace("Pertes vertigineuses", "Pertes abyssales"), "utf-8"
    )
    library = reopen(bundled_archive)
    report = library.ensure_index()
    assert not report.rebuilt
    assert report.updated == ["plan-social-chez-fluxus"]
    assert report.added == report.removed == []
    assert [h.id for h in library.search("abyssales").hits] == ["plan-social-chez-fluxus"]
    assert library.search("vertigineuses").total == 0
    assert library.index.article_count == 5
    library.close()


def test_added_and_removed_articles(bundled_archive: Path) -> None:
    reopen(bundled_archive).ensure_index()
    articles = bundled_archive / "articles"
    (articles / "sfr-rachete-numergy.md").unlink()
    (articles / "nouveau.md").write_text(
        "---\nid: nouveau\ntitle: Nouveau\npublished: 2020-05-05\nlanguage: fr\n---\n"
        "Un article tout neuf sur Scaleway.\n",
        "utf-8",
    )
    library = reopen(bundled_archive)
    report = library.ensure_index()
    assert (report.added, report.removed) == (["nouveau"], ["sfr-rachete-numergy"])
    assert [h.id for h in library.search("scaleway").hits] == ["nouveau"]
    assert "sfr-rachete-numergy" not in {h.id for h in library.search("numergy").hits}
    library.close()


def test_update_article_reindexes_one_article(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    write_article("a", "Premier texte.")
    write_article("b", "Second texte.")
    index = WhooshIndex(empty_archive / "index")
    index.sync(load_articles(empty_archive / "articles").articles)
    write_article("a", "Premier texte réécrit sur Numergy.")
    index.update_article(load_articles(empty_archive / "articles").articles["a"])
    assert [h.id for h in index.search("numergy").hits] == ["a"]
    assert index.article_count == 2
    index.close()


def test_an_index_searched_before_a_change_finds_what_it_is_now(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    """The index the window keeps open: searched, then changed. A replaced article is found
    once, in its new words; a removed one is not found; a record renamed is not found by its
    old name (each was found by the searcher of before the change, whose segments' deleted
    documents it did not see)."""
    write_article("a", "Un hébergeur à Roubaix.")
    write_article("b", "Un autre hébergeur à Roubaix.")
    articles = load_articles(empty_archive / "articles").articles
    index = WhooshIndex(empty_archive / "index")
    facts = {"deal-1": FactsEntry(("a",), {"acquirer": "Fluxus"})}
    index.sync(articles, extra=facts)
    assert index.search("roubaix").total == 2
    assert index.search("acquirer:fluxus").total == 1
    write_article("a", "Un hébergeur à Lille.")
    changed = load_articles(empty_archive / "articles").articles
    del changed["b"]
    report = index.sync(changed, extra={"deal-1": FactsEntry(("a",), {"acquirer": "Atos"})})
    assert (report.updated, report.removed, report.facts) == (["a"], ["b"], ["deal-1"])
    assert [h.id for h in index.search("hebergeur").hits] == ["a"]
    assert index.search("roubaix").total == 0
    assert [h.id for h in index.search("lille").hits] == ["a"]
    assert index.search("acquirer:fluxus").total == 0
    assert index.search("acquirer:atos").total == 1
    index.close()


def damage_missing(index_dir: Path) -> None:
    for path in (index_dir / "whoosh").iterdir():
        path.unlink()


def damage_toc(index_dir: Path) -> None:
    for path in (index_dir / "whoosh").glob("*.toc"):
        path.write_bytes(b"garbage, not a table of contents")


def damage_segments(index_dir: Path) -> None:
    damaged = 0
    for path in (index_dir / "whoosh").glob("*"):
        if path.suffix in (".trm", ".pst", ".seg"):
            path.write_bytes(path.read_bytes()[:40])
            damaged += 1
    assert damaged


def damage_half_written(index_dir: Path) -> None:
    """A crash between writing segments and the table of contents."""
    for path in (index_dir / "whoosh").glob("*.toc"):
        path.unlink()


def damage_manifest(index_dir: Path) -> None:
    (index_dir / "manifest.json").write_text("{not json", "utf-8")


def damage_disagreeing_manifest(index_dir: Path) -> None:
    manifest_path = index_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["articles"]["ghost"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest), "utf-8")


def damage_old_version(index_dir: Path) -> None:
    manifest_path = index_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["schema"] = -1
    manifest_path.write_text(json.dumps(manifest), "utf-8")


def damage_other_codec(index_dir: Path) -> None:
    """As many documents, written by Whoosh's own codec (which the array engine cannot read)."""
    import shutil

    from whoosh import index as windex

    from archive_gui.core.search.index import build_schema

    store = index_dir / "whoosh"
    count = windex.open_dir(str(store)).doc_count()
    shutil.rmtree(store)
    store.mkdir()
    writer = windex.create_in(str(store), build_schema()).writer()
    for i in range(count):
        writer.add_document(id=f"doc-{i}", body="Cloudwatt")
    writer.commit()


def damage_whole_folder(index_dir: Path) -> None:
    import shutil

    shutil.rmtree(index_dir)


@pytest.mark.parametrize(
    "damage",
    [
        damage_missing,
        damage_toc,
        damage_segments,
        damage_half_written,
        damage_manifest,
        damage_disagreeing_manifest,
        damage_old_version,
        damage_other_codec,
        damage_whole_folder,
    ],
)
def test_a_damaged_index_is_rebuilt(bundled_archive: Path, damage: object) -> None:
    reopen(bundled_archive).ensure_index()
    damage(bundled_archive / "index")  # type: ignore[operator]
    library = reopen(bundled_archive)
    report = library.ensure_index()
    assert report.rebuilt
    assert library.search("Cloudwatt").total == 3
    assert library.index.article_count == 5
    library.close()


def test_a_stale_lock_does_not_block_updates(bundled_archive: Path) -> None:
    """A lock file left by a crashed process (it held no lock) must not stop the next writer."""
    reopen(bundled_archive).ensure_index()
    (bundled_archive / "index" / "whoosh" / "MAIN_WRITELOCK").write_text("12345", "utf-8")
    path = bundled_archive / "articles" / "numergy-repris-par-sfr.md"
    path.write_text(path.read_text("utf-8") + "\nPostscriptum sur Ikoula.\n", "utf-8")
    library = reopen(bundled_archive)
    report = library.ensure_index()
    assert report.updated == ["numergy-repris-par-sfr"]
    assert library.search("ikoula").total == 1
    library.close()


def test_search_builds_the_index_when_needed(bundled_archive: Path) -> None:
    library = reopen(bundled_archive)
    assert library.search("Lovera").total == 2
    library.close()


def test_an_edit_of_the_facts_reindexes_only_their_facts_document(archive: Path) -> None:

    from archive_gui.core.facts.editing import edit_field

    library = reopen(archive)
    library.ensure_index()
    library.commit([edit_field(library.store, "patrick-drahi", "tags", "actionnaire")])
    report = library.ensure_index()
    assert report.facts == ["patrick-drahi"]
    assert report.updated == []
    assert not library.ensure_index().changed
    assert not reopen(archive).ensure_index().changed
    library.close()


def test_a_long_session_of_edits_does_not_pile_up_segments(archive: Path) -> None:
    """Each edit's re-index deletes the record's old document through every segment: were the
    small segments left to pile up, every edit of a long session would be slower."""
    from archive_gui.core.facts.editing import edit_field

    library = reopen(archive)
    library.ensure_index()
    segments = []
    for n in range(60):
        library.commit([edit_field(library.store, "patrick-drahi", "notes", f"note {n}")])
        library.ensure_index()
        segments.append(len(list((archive / "index").rglob("*.trm"))))
    assert max(segments[30:]) <= max(segments[:30])
    assert library.search("note:59").total == 1
    library.close()


def test_a_build_removes_the_staging_folders_of_dead_builds_only(bundled_archive: Path) -> None:
    """A build killed before it could clean up (a crash, a worker process of a careless
    script) leaves its staging folder; the next build removes it, not a live one's."""
    index = bundled_archive / "index"
    index.mkdir()
    finished = subprocess.Popen(["true"])
    finished.wait()
    running = subprocess.Popen(["sleep", "30"])
    try:
        (index / f"whoosh.new-{finished.pid}").mkdir()
        (index / f"whoosh.new-{running.pid}").mkdir()
        reopen(bundled_archive).ensure_index(rebuild=True)
        left = sorted(p.name for p in index.iterdir())
        assert left == ["manifest.json", "whoosh", f"whoosh.new-{running.pid}"]
    finally:
        running.kill()
        running.wait()


def test_a_result_lists_the_article_as_it_is_now(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    """A result's title, date and publication (read from the index's listing column, not the
    stored text) follow an edit of the article, with or without snippets."""
    write_article("a", "Orange rachète Cloudwatt.", title="Avant", publication="Les Échos")
    library = reopen(empty_archive)
    library.ensure_index()
    write_article(
        "a", "Orange rachète Cloudwatt.", title="Après « l’accord »", published="2016-02-29"
    )
    library = reopen(empty_archive)
    library.ensure_index()
    for highlight in (True, False):
        (hit,) = library.index.search("cloudwatt", highlight=highlight).hits
        assert (hit.title, str(hit.published), hit.publication) == (
            "Après « l’accord »",
            "2016-02-29",
            None,
        )
    library.close()
