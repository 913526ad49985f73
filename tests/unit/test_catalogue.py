"""The copy of the parsed articles gives back exactly the articles the files hold, or none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive_gui.core.archive import catalogue as catalogue_module
from archive_gui.core.archive.articles import Article, load_articles
from archive_gui.core.archive.catalogue import ArticleCatalogue
from archive_gui.core.archive.problems import ProblemError
from archive_gui.core.library import Library
from tests.conftest import ArticleWriter


def opened(folder: Path, copy: Path, settle_ns: int = 0) -> dict[str, Article]:
    """The articles of ``folder`` loaded through the copy, which is then saved."""
    catalogue = ArticleCatalogue(copy, settle_ns)
    articles = load_articles(folder, load=catalogue.load).articles
    catalogue.save()
    return articles


def no_file_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> Article:
        raise AssertionError(f"{path.name} was parsed, not taken from the copy")

    monkeypatch.setattr(catalogue_module, "load_article", refuse)


def test_the_copy_gives_back_the_parsed_articles(
    bundled_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, copy = bundled_archive / "articles", tmp_path / "articles.json"
    parsed = load_articles(folder).articles
    assert opened(folder, copy) == parsed
    no_file_parsed(monkeypatch)
    again = opened(folder, copy)
    assert again == parsed
    assert [a.id for a in again.values()] == [a.id for a in parsed.values()]  # date order


def test_a_changed_file_is_parsed_again(
    write_article: ArticleWriter, empty_archive: Path, tmp_path: Path
) -> None:
    path = write_article("a", "Texte.", title="Premier titre")
    copy = tmp_path / "articles.json"
    assert opened(empty_archive / "articles", copy)["a"].title == "Premier titre"
    write_article("a", "Texte.", title="Second titre")
    assert opened(empty_archive / "articles", copy)["a"].title == "Second titre"
    path.unlink()
    assert opened(empty_archive / "articles", copy) == {}
    assert json.loads(copy.read_text("utf-8"))["articles"] == {}


def test_a_file_just_written_is_not_copied(
    write_article: ArticleWriter, empty_archive: Path, tmp_path: Path
) -> None:
    """A second write in the same clock tick could leave its times as they were: a file is
    copied once its times are SETTLE_NS old, at a later opening."""
    write_article("a", "Texte.")
    copy = tmp_path / "articles.json"
    assert "a" in opened(empty_archive / "articles", copy, settle_ns=10**12)
    assert not copy.exists()


def test_an_article_with_a_problem_is_parsed_and_reported_each_time(
    write_article: ArticleWriter, empty_archive: Path, tmp_path: Path
) -> None:
    write_article("a", "Texte.", colour="bleu")  # an unknown field: a warning
    write_article("b", "Texte.")
    folder, copy = empty_archive / "articles", tmp_path / "articles.json"
    for _ in range(2):
        catalogue = ArticleCatalogue(copy, 0)
        loaded = load_articles(folder, load=catalogue.load)
        catalogue.save()
        assert ["colour" in p.message for p in loaded.problems] == [True]
        assert set(loaded.articles) == {"a", "b"}
    assert list(json.loads(copy.read_text("utf-8"))["articles"]) == ["b.md"]


@pytest.mark.parametrize(
    "damage",
    [
        "not json at all {",
        '{"format": 1, "articles": []}',
        '{"format": 1, "articles": {"a.md": [[1, 2, 3, 4], ["a"]]}}',
        '{"format": 99, "articles": {}}',
    ],
)
def test_a_damaged_copy_is_ignored_and_made_again(
    damage: str, bundled_archive: Path, tmp_path: Path
) -> None:
    folder, copy = bundled_archive / "articles", tmp_path / "articles.json"
    copy.write_text(damage, "utf-8")
    assert opened(folder, copy) == load_articles(folder).articles
    assert len(json.loads(copy.read_text("utf-8"))["articles"]) == len(list(folder.glob("*.md")))


def test_an_entry_of_the_wrong_file_is_not_taken(
    write_article: ArticleWriter, empty_archive: Path, tmp_path: Path
) -> None:
    """An entry with the file's times but a damaged date is parsed from the file instead."""
    write_article("a", "Texte.", title="Vrai titre")
    folder, copy = empty_archive / "articles", tmp_path / "articles.json"
    opened(folder, copy)
    document = json.loads(copy.read_text("utf-8"))
    document["articles"]["a.md"][1][2] = "not a date"
    copy.write_text(json.dumps(document), "utf-8")
    assert opened(folder, copy)["a"].title == "Vrai titre"


def test_a_bad_file_is_still_a_problem_with_a_copy(empty_archive: Path, tmp_path: Path) -> None:
    bad = empty_archive / "articles" / "bad.md"
    bad.write_text("no front matter\n", "utf-8")
    with pytest.raises(ProblemError, match="front matter"):
        ArticleCatalogue(tmp_path / "articles.json", 0).load(bad)


def test_an_archive_opens_the_same_with_its_copy(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy lives in the user's cache folder; the archive's folder is not written."""
    monkeypatch.setattr(catalogue_module, "SETTLE_NS", 0)
    before = sorted(p.name for p in archive.iterdir())
    first = Library.open(archive).articles
    assert Library.open(archive).paths.articles_cache.is_file()
    assert sorted(p.name for p in archive.iterdir()) == before
    no_file_parsed(monkeypatch)
    assert Library.open(archive).articles == first


def test_a_copy_that_cannot_be_written_leaves_the_articles_loaded(
    write_article: ArticleWriter, empty_archive: Path, tmp_path: Path
) -> None:
    write_article("a", "Texte.")
    blocked = tmp_path / "a-file"
    blocked.write_text("", "utf-8")
    assert "a" in opened(empty_archive / "articles", blocked / "articles.json")
