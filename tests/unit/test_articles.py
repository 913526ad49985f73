"""Loading articles: the bundled five load faithfully; a bad file is named, line and problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import load_articles
from tests.conftest import BUNDLED_ARTICLES, ArticleWriter, article_file

RAW = BUNDLED_ARTICLES / "raw"


def test_bundled_archive_loads_five_articles_in_date_order() -> None:
    loaded = load_articles(BUNDLED_ARTICLES)
    assert loaded.problems == []
    dates = [a.published for a in loaded.articles.values() if a.published is not None]
    assert len(dates) == 5
    assert dates == sorted(dates)
    assert dates[0] == dt.date(2001, 4, 4)


def test_bundled_text_is_the_capture_s_own_words() -> None:
    """Every line of every article stands verbatim in its raw capture, typos included."""
    for article in load_articles(BUNDLED_ARTICLES).articles.values():
        assert article.source_file is not None
        raw_lines = {
            line.rstrip() for line in (RAW / article.source_file).read_text("utf-8").split("\n")
        }
        for line in article.text.split("\n"):
            assert line == "" or line in raw_lines, (article.id, line)


def test_bundled_typos_are_kept() -> None:
    text = load_articles(BUNDLED_ARTICLES).articles["plan-social-chez-fluxus"].text
    assert "con nu une année" in text
    assert "se tarrissait" in text


def test_site_chrome_is_left_out() -> None:
    articles = load_articles(BUNDLED_ARTICLES).articles
    assert "Sondage" not in articles["fluxus-passe-sous-drapeau-anglais"].text
    assert "Rejoignez la communauté" not in articles["numergy-repris-par-sfr"].text
    assert "Crédit photo" not in articles["orange-reprendrait-cloudwatt"].text
    assert "Pour approfondir" not in articles["sfr-rachete-numergy"].text


def test_inferred_metadata_is_marked_with_evidence() -> None:
    articles = load_articles(BUNDLED_ARTICLES).articles
    cloudwatt = articles["orange-reprendrait-cloudwatt"]
    assert cloudwatt.published == dt.date(2015, 1, 12)
    assert cloudwatt.is_inferred("published")
    assert cloudwatt.printed["published"] == "12.01.2014"
    assert "lundi" in cloudwatt.inferred["published"]
    assert not articles["fluxus-passe-sous-drapeau-anglais"].inferred
    assert articles["sfr-rachete-numergy"].is_inferred("publication")


def test_every_raw_capture_is_kept_and_used() -> None:
    used = {a.source_file for a in load_articles(BUNDLED_ARTICLES).articles.values()}
    assert used == {p.name for p in RAW.glob("*.txt")}


# Files that cannot be articles: nothing in them can be trusted, not even the id.
BAD_FILES = [
    ("no front matter at all\n", 1, "missing front matter"),
    ("---\nid: a\ntitle: T\n", 1, "not closed"),
    (
        "---\nid: a\ntitle: [unclosed\npublished: 2015-01-01\nlanguage: fr\n---\ntext\n",
        3,
        "malformed",
    ),
    ("---\nid: a\ntitle: 'unclosed\npublished: 2015-01-01\n---\ntext\n", 3, "malformed"),
    ("---\nid: a\ntitle\npublished: 2015-01-01\n---\ntext\n", 3, "expected ':'"),
    ("---\nid: Not A Slug\ntitle: T\npublished: 2015-01-01\nlanguage: fr\n---\n", 2, "bad id"),
    ("---\ntitle: T\npublished: 2015-01-01\nlanguage: fr\n---\n", 1, "missing field 'id'"),
    ("---\n- a list\n---\ntext\n", 2, "must be a mapping"),
]


@pytest.mark.parametrize(("content", "line", "message"), BAD_FILES)
def test_a_bad_file_is_named_with_its_line_and_problem(
    write_article: ArticleWriter, empty_archive: Path, content: str, line: int, message: str
) -> None:
    write_article("good", "Un bon article.")
    bad = empty_archive / "articles" / "bad.md"
    bad.write_text(content, encoding="utf-8")
    loaded = load_articles(empty_archive / "articles")
    assert list(loaded.articles) == ["good"]
    [problem] = loaded.problems
    assert problem.path == bad
    assert problem.line == line
    assert message in problem.message
    assert str(problem).startswith(f"{bad}:{line}: ")


# One bad value: (the front matter's lines, the line at fault, the field flagged, the message).
BAD_VALUES = [
    ("published: 2015-01-01\ncolour: red", 5, "colour", "unknown field 'colour'"),
    ("published: 2002-13-01", 4, "published", "bad date '2002-13-01'"),
    ("published: 2015-02-30", 4, "published", "bad date '2015-02-30'"),
    ("published: soon", 4, "published", "bad date 'soon'"),
    ("published: 2015-01-01\nauthor: [A, B]", 5, "author", "must be text"),
    ("published: 2015-01-01\ninferred:\n  colour: x", 5, "inferred", "not a metadata field"),
]


@pytest.mark.parametrize(("front", "line", "name", "message"), BAD_VALUES)
def test_one_bad_value_is_one_problem_at_its_line_and_the_article_still_loads(
    write_article: ArticleWriter, empty_archive: Path, front: str, line: int, name: str,
    message: str,
) -> None:  # fmt: skip
    bad = empty_archive / "articles" / "bad.md"
    bad.write_text(f"---\nid: bad\ntitle: T\n{front}\nlanguage: fr\n---\ntext\n", "utf-8")
    loaded = load_articles(empty_archive / "articles")
    [problem] = loaded.problems
    assert (problem.path, problem.line) == (bad, line)
    assert message in problem.message
    article = loaded.articles["bad"]
    assert article.text == "text\n"
    assert article.title == "T"
    assert article.flagged == {name: problem}


def test_an_article_without_a_valid_date_comes_last_and_keeps_its_other_fields(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    write_article("undated", "Sans date.", published="2002-13-01", author="Un auteur")
    write_article("dated", "Daté.", published="2020-01-01")
    loaded = load_articles(empty_archive / "articles")
    assert list(loaded.articles) == ["dated", "undated"]
    undated = loaded.articles["undated"]
    assert undated.published is None
    assert undated.date_text == ""
    assert undated.author == "Un auteur"
    [problem] = loaded.problems
    assert problem.line == 4


def test_a_missing_title_is_flagged_and_the_id_stands_in(empty_archive: Path) -> None:
    path = empty_archive / "articles" / "a.md"
    path.write_text("---\nid: a\npublished: 2015-01-01\nlanguage: fr\n---\ntext\n", "utf-8")
    loaded = load_articles(empty_archive / "articles")
    assert loaded.articles["a"].title == "a"
    [problem] = loaded.problems
    assert (problem.line, problem.message) == (1, "missing field 'title'")


def test_a_file_that_is_not_utf8_names_the_line(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    write_article("good", "Un bon article.")
    bad = empty_archive / "articles" / "latin1.md"
    bad.write_bytes(
        "---\nid: l\ntitle: T\npublished: 2015-01-01\nlanguage: fr\n---\nl'été\n".encode("latin-1")
    )
    loaded = load_articles(empty_archive / "articles")
    [problem] = loaded.problems
    assert (problem.path, problem.line) == (bad, 7)
    assert "not UTF-8" in problem.message
    assert list(loaded.articles) == ["good"]


def test_a_duplicate_id_is_reported_and_the_first_kept(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    write_article("same", "Le premier.")
    other = empty_archive / "articles" / "zz-copy.md"
    other.write_text((empty_archive / "articles" / "same.md").read_text("utf-8"), encoding="utf-8")
    loaded = load_articles(empty_archive / "articles")
    assert list(loaded.articles) == ["same"]
    [problem] = loaded.problems
    assert problem.path == other
    assert "duplicate id 'same'" in problem.message


def test_a_link_that_leaves_the_archive_is_refused_with_a_warning_naming_it(
    write_article: ArticleWriter, empty_archive: Path, tmp_path: Path
) -> None:
    write_article("good", "Un bon article.")
    secret = tmp_path / "elsewhere" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(article_file("secret", "Pas pour vous."), "utf-8")
    link = empty_archive / "articles" / "leak.md"
    link.symlink_to(secret)
    loaded = load_articles(empty_archive / "articles")
    assert list(loaded.articles) == ["good"]
    [problem] = loaded.problems
    assert (problem.path, problem.severity) == (link, "warning")
    assert "outside the archive" in problem.message
    assert str(secret) in problem.message


def test_a_link_within_the_archive_is_followed(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    drafts = empty_archive / "drafts"
    drafts.mkdir()
    (drafts / "draft.md").write_text(article_file("draft", "Un brouillon."), "utf-8")
    (empty_archive / "articles" / "draft.md").symlink_to(Path("..") / "drafts" / "draft.md")
    loaded = load_articles(empty_archive / "articles")
    assert list(loaded.articles) == ["draft"]
    assert loaded.problems == []


def test_a_dangling_link_and_a_link_loop_are_reported_not_skipped_in_silence(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    write_article("good", "Un bon article.")
    folder = empty_archive / "articles"
    (folder / "gone.md").symlink_to("removed.md")
    (folder / "loop-a.md").symlink_to("loop-b.md")
    (folder / "loop-b.md").symlink_to("loop-a.md")
    (folder / "folder.md").mkdir()
    loaded = load_articles(folder)
    assert list(loaded.articles) == ["good"]
    found = {p.path.name: p for p in loaded.problems}
    assert sorted(found) == ["folder.md", "gone.md", "loop-a.md", "loop-b.md"]
    assert all(p.severity == "warning" for p in loaded.problems)
    assert "broken link to removed.md" in found["gone.md"].message
    assert "link loop" in found["loop-a.md"].message
    assert "not a file" in found["folder.md"].message


def test_a_duplicate_id_keeps_the_article_the_chooser_picks_and_names_both_files(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    real = write_article("same", "Le vrai.")
    stray = empty_archive / "articles" / "a-copy.md"
    stray.write_text(article_file("same", "Une copie."), "utf-8")
    loaded = load_articles(
        empty_archive / "articles",
        choose=lambda found: next(a for a in found if a.text == "Le vrai."),
    )
    assert loaded.articles["same"].path == real
    [problem] = loaded.problems
    assert (problem.path, problem.line) == (stray, 2)
    assert "duplicate id 'same'" in problem.message
    assert "same.md" in problem.message


def test_text_is_normalised_to_composed_accents(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    write_article("nfd", "he\u0301bergeur\n")
    article = load_articles(empty_archive / "articles").articles["nfd"]
    assert article.text == "hébergeur\n"
