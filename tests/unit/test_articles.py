"""Loading articles: the bundled five load faithfully; a bad file is named, line and problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive_gui.core.articles import load_articles
from tests.conftest import BUNDLED_ARTICLES, ArticleWriter

RAW = BUNDLED_ARTICLES / "raw"


def test_bundled_archive_loads_five_articles_in_date_order() -> None:
    loaded = load_articles(BUNDLED_ARTICLES)
    assert loaded.problems == []
    dates = [a.published for a in loaded.articles.values()]
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


BAD_FILES = [
    ("no front matter at all\n", 1, "missing front matter"),
    ("---\nid: a\ntitle: T\n", 1, "not closed"),
    (
        "---\nid: a\ntitle: [unclosed\npublished: 2015-01-01\nlanguage: fr\n---\ntext\n",
        4,
        "malformed",
    ),
    (
        "---\nid: a\ntitle: T\npublished: 2015-01-01\nlanguage: fr\ncolour: red\n---\ntext\n",
        6,
        "unknown field 'colour'",
    ),
    ("---\nid: a\ntitle: T\npublished: 2015-13-45\nlanguage: fr\n---\ntext\n", 4, "bad date"),
    ("---\nid: a\ntitle: T\npublished: soon\nlanguage: fr\n---\ntext\n", 4, "bad date"),
    ("---\nid: a\npublished: 2015-01-01\nlanguage: fr\n---\ntext\n", 1, "missing field 'title'"),
    ("---\nid: Not A Slug\ntitle: T\npublished: 2015-01-01\nlanguage: fr\n---\n", 2, "bad id"),
    ("---\n- a list\n---\ntext\n", 2, "must be a mapping"),
    (
        "---\nid: a\ntitle: T\npublished: 2015-01-01\nlanguage: fr\ninferred:\n  colour: x\n---\n",
        6,
        "not a metadata field",
    ),
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


def test_text_is_normalised_to_composed_accents(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    write_article("nfd", "he\u0301bergeur\n")
    article = load_articles(empty_archive / "articles").articles["nfd"]
    assert article.text == "hébergeur\n"
