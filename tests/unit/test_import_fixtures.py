"""Saved pages in the styles of several French news sites and text files (tests/fixtures/
import/, written for these tests, not taken from the bundled articles): what an import makes
of each, text without chrome and metadata with where it came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import Article
from archive_gui.core.archive.capture import CaptureRefused, read_capture
from archive_gui.core.archive.importing import ImportReport
from archive_gui.core.library import Library
from tests.conftest import PROJECT

FIXTURES = PROJECT / "tests" / "fixtures" / "import"
PICARDIE = (
    "picardie-latin1-declared.html",
    "picardie-latin1-undeclared.html",
    "picardie-utf8-declared-latin1.html",
)

# file: (title, author, publication, date, where the date came from, first words, last words)
EXPECTED = {
    "journal-eco-jsonld.html": (
        "Datacentres : Hexanet investit 30 millions d'euros à Reims",
        "Claire Lefebvre, Julien Moreau",
        "Le Journal de l'Éco",
        dt.date(2019, 3, 14),
        "JSON-LD",
        "L'hébergeur rémois Hexanet va construire",
        "sur le terrain du service.",
    ),
    "tech-hebdo-meta-only.html": (
        "Logiciel : Datapilot rachète son concurrent nantais Qualinov",
        "Sophie Bernard",
        "Tech Hebdo",
        dt.date(2021, 6, 8),
        'meta tag "date"',
        "L'éditeur lyonnais Datapilot a annoncé mardi",
        "directeur général de Datapilot.",
    ),
    "blog-byline-only.html": (
        "La fin d'une époque pour Minitel Services",
        "Jeanne Martin",
        None,
        dt.date(2012, 2, 3),
        "byline",
        "Minitel Services, l'un des derniers",
        "revenus de l'entreprise.",
    ),
    "regional-date-in-url.html": (
        "Le fabricant de serveurs Calcul-Ouest placé en redressement judiciaire",
        None,
        "L'Ouest Quotidien",
        dt.date(2017, 6, 22),
        "address",
        "Le tribunal de commerce de Brest",
        "des constructeurs asiatiques.",
    ),
    "depeche.txt": (
        "Cloudéa supprime 25 postes à Montpellier",
        None,
        None,
        dt.date(2014, 11, 27),
        "printed in the text",
        "Publié le 27/11/2014",
        "données de santé.",
    ),
    "note de lecture (copie) é’.md": (
        "Le cloud souverain, dix ans après",
        None,
        None,
        dt.date(2021, 2, 3),
        "printed in the text",
        "Relu le 3 février 2021",
        "150 millions d'euros au total.",
    ),
}
CHROME = (
    "Accepter",
    "cookies",
    "Lire aussi",
    "lire aussi",
    "Newsletter",
    "commentaire",
    "Mentions légales",
    "Partager",
    "Publicité",
    "Abonnez-vous",
    "Accueil",
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, ImportReport]]:
    library = Library.create(tmp_path_factory.mktemp("fixtures") / "archive")
    yield library, library.import_files([FIXTURES])
    library.close()


def article_from(imported: tuple[Library, ImportReport], name: str) -> Article:
    library, report = imported
    (outcome,) = [o for o in report.outcomes if o.source.name == name]
    assert outcome.article_id is not None, outcome.reason
    return library.articles[outcome.article_id]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_page_gives_its_article_and_metadata(
    imported: tuple[Library, ImportReport], name: str
) -> None:
    title, author, publication, date, source, first, last = EXPECTED[name]
    article = article_from(imported, name)
    assert article.title == title
    assert article.author == author
    assert article.publication == publication
    assert article.published == date
    assert source in article.inferred["published"]
    assert article.text.startswith(first)
    assert article.text.endswith(last)
    for chrome in CHROME:
        assert chrome not in article.text, chrome
    for field in ("author", "publication"):
        assert (getattr(article, field) is None) == (field in article.missing)


def test_a_home_page_is_refused_as_no_article() -> None:
    with pytest.raises(CaptureRefused, match="no article text"):
        read_capture("home-page.html", (FIXTURES / "home-page.html").read_bytes())


@pytest.mark.parametrize("name", PICARDIE)
def test_latin_1_declared_undeclared_or_wrongly_declared_reads_right(name: str) -> None:
    capture = read_capture(name, (FIXTURES / name).read_bytes())
    assert capture.title == "Télécoms : la Fibre Picarde lève 8 millions d'euros"
    assert "sa présidente, Élise Fournier" in capture.text
    assert "Ã" not in capture.text
    # " : " is the headline's own, not a separator before the site's name.
    assert "publication" not in capture.metadata


def test_the_same_article_saved_three_ways_is_imported_once(
    imported: tuple[Library, ImportReport],
) -> None:
    library, report = imported
    ids = [a.id for a in library.articles.values() if a.title.startswith("Télécoms")]
    assert ids == ["telecoms-la-fibre-picarde-leve-8-millions-d-euros"]
    reasons = {o.source.name: o.reason for o in report.of_status("skipped")}
    for name in PICARDIE[1:]:
        assert reasons[name] == f"the same article as {ids[0]}, already in the archive"


def test_a_twenty_megabyte_page_is_imported_without_its_bulk(tmp_path: Path) -> None:
    page = (FIXTURES / "journal-eco-jsonld.html").read_text("utf-8")
    bulk = "<script>" + "var x=1;" * 2_500_000 + "</script>"
    big = tmp_path / "gros.html"
    big.write_text(page.replace("</head>", bulk + "</head>"), encoding="utf-8")
    assert big.stat().st_size > 20_000_000
    library = Library.create(tmp_path / "archive")
    report = library.import_files([big])
    (article,) = report.articles
    assert article.text.startswith("L'hébergeur rémois Hexanet")
    assert "var x" not in article.text
