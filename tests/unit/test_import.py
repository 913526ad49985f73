"""Importing a user's own files: a new archive, text files and pages in, each whole or not at
all, never twice, and searchable once the index is brought in step."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import corrected, load_articles, parse_metadata
from archive_gui.core.archive.folder import NotAnArchiveError
from archive_gui.core.archive.importing import JOURNAL, Importer, slug
from archive_gui.core.library import Library

PARAGRAPH = (
    "La start-up lyonnaise Nuagique annonce une levée de fonds de 12 millions d'euros auprès "
    "de plusieurs investisseurs. L'entreprise, fondée en 2016, emploie aujourd'hui 85 salariés "
    "et compte doubler ses effectifs d'ici deux ans, selon son président Marc Dubois."
)
SECOND = (
    "Le tour de table est mené par le fonds Horizon Capital, qui prend 18 % du capital. La "
    "société prévoit d'ouvrir un centre de données à Villeurbanne au printemps prochain."
)


def dispatch(title: str, date_line: str = "Publié le 27/11/2014") -> str:
    return f"{title}\n{date_line}\n\n{PARAGRAPH}\n\n{SECOND}\n"


def page(title: str, body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title} | Le '
        f"Journal</title>{head}</head><body><nav><a href='/'>Accueil</a><a href='/eco'>Éco"
        "</a></nav><div class='cookies'>Nous utilisons des cookies. Accepter les cookies</div>"
        f"<article><h1>{title}</h1>{body}<aside><h3>Lire aussi</h3><ul><li><a href='/a'>Un "
        "autre article</a></li></ul></aside></article><footer>© Le Journal — Mentions "
        "légales</footer></body></html>"
    )


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Library]:
    library = Library.create(tmp_path / "mine")
    yield library
    library.close()


def test_a_new_archive_opens_empty_and_is_not_made_twice(tmp_path: Path) -> None:
    root = tmp_path / "new"
    Library.create(root).close()
    assert (root / "articles" / "raw").is_dir()
    opened = Library.open(root)
    assert opened.articles == {}
    assert len(opened.store) == 0
    assert opened.problems == []
    opened.close()
    with pytest.raises(NotAnArchiveError, match="already an archive"):
        Library.create(root)


def test_a_text_file_becomes_an_article_with_its_printed_date_as_inferred(
    archive: Library, tmp_path: Path
) -> None:
    source = tmp_path / "depeche.txt"
    source.write_text(dispatch("Nuagique lève 12 millions d'euros"), encoding="utf-8")
    report = archive.import_files([source])
    assert [o.status for o in report.outcomes] == ["imported"]
    article = archive.articles[report.imported_ids[0]]
    assert article.id == "nuagique-leve-12-millions-d-euros"
    assert article.title == "Nuagique lève 12 millions d'euros"
    assert article.published == dt.date(2014, 11, 27)
    assert article.inferred["published"] == "printed in the text: «27/11/2014»"
    assert article.text.startswith("Publié le 27/11/2014\n\nLa start-up lyonnaise")
    assert "\n\nLe tour de table" in article.text
    raw = archive.paths.articles_dir / "raw" / str(article.source_file)
    assert raw.read_bytes() == source.read_bytes()
    # Author and publication are not in a text file: flagged to fill in, not a problem.
    assert set(article.missing) == {"author", "publication"}
    assert archive.article_problems == []
    reloaded = load_articles(archive.paths.articles_dir, archive.paths.root)
    assert reloaded.problems == []
    assert reloaded.articles[article.id].text == article.text


def test_a_page_gives_its_text_without_chrome_and_its_metadata_with_sources(
    archive: Library, tmp_path: Path
) -> None:
    head = (
        '<meta property="og:site_name" content="Le Journal">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
        '"NewsArticle", "headline": "Nuagique lève 12 millions", "datePublished": '
        '"2021-02-03T08:15:00+01:00", "author": [{"@type": "Person", "name": "Jeanne Martin"}, '
        '{"@type": "Person", "name": "Paul Roux"}]}</script>'
    )
    body = f"<p class='byline'>Par Jeanne Martin</p><p>{PARAGRAPH}</p><p>{SECOND}</p>"
    source = tmp_path / "page.html"
    source.write_text(page("Nuagique lève 12 millions", body, head), encoding="utf-8")
    (outcome,) = archive.import_files([source]).outcomes
    article = archive.articles[str(outcome.article_id)]
    assert article.title == "Nuagique lève 12 millions"
    assert article.author == "Jeanne Martin, Paul Roux"
    assert article.publication == "Le Journal"
    assert article.published == dt.date(2021, 2, 3)
    assert "JSON-LD" in article.inferred["published"]
    assert "og:site_name" in article.inferred["publication"]
    assert article.text == f"{PARAGRAPH}\n\n{SECOND}"
    for chrome in ("Accueil", "cookies", "Lire aussi", "Mentions légales", "Par Jeanne"):
        assert chrome not in article.text


def test_a_page_with_no_metadata_leaves_the_values_empty_and_flagged(
    archive: Library, tmp_path: Path
) -> None:
    source = tmp_path / "bare.html"
    body = f"<p>{PARAGRAPH}</p><p>{SECOND}</p>"
    source.write_text(page("Un titre seul", body), encoding="utf-8")
    (outcome,) = archive.import_files([source]).outcomes
    article = archive.articles[str(outcome.article_id)]
    assert article.author is None
    assert article.published is None
    assert "published" in article.missing
    assert any("to fill in" in note and "published" in note for note in outcome.notes)
    # Its title's site name is the only hint of the publication, and says so.
    assert article.publication == "Le Journal"
    assert "title" in article.inferred["publication"]


def test_the_same_file_or_the_same_text_is_not_imported_twice(
    archive: Library, tmp_path: Path
) -> None:
    first = tmp_path / "a.txt"
    first.write_text(dispatch("Nuagique lève des fonds"), encoding="utf-8")
    copy = tmp_path / "copie.txt"
    copy.write_bytes(first.read_bytes())
    body = f"<p>{PARAGRAPH}</p><p>{SECOND}</p>"
    other_site = tmp_path / "syndication.html"
    other_site.write_text(page("Nuagique boucle un tour de table", body), encoding="utf-8")
    archive.import_files([first])
    report = archive.import_files([copy, other_site])
    assert [o.status for o in report.outcomes] == ["skipped", "skipped"]
    assert report.outcomes[0].reason == "already imported as nuagique-leve-des-fonds"
    assert "the same article as nuagique-leve-des-fonds" in report.outcomes[1].reason
    assert len(archive.articles) == 1
    assert len(list((archive.paths.articles_dir / "raw").iterdir())) == 1


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("vide.txt", b"", "empty file"),
        ("blanc.txt", b"  \n\n \t\n", "empty file"),
        ("binaire.html", bytes(range(256)) * 8, "not text (binary data)"),
        (
            "accueil.html",
            page("Accueil", "<ul><li>Un titre court</li></ul>").encode(),
            "no article",
        ),
        ("rapport.pdf", b"%PDF-1.4", "not a saved page or a text file"),
    ],
)
def test_bad_files_are_one_clear_reason_and_the_batch_goes_on(
    archive: Library, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "bon.txt"
    good.write_text(dispatch("Un bon article"), encoding="utf-8")
    report = archive.import_files([bad, good])
    (skipped,) = report.of_status("skipped")
    assert skipped.source == bad
    assert skipped.reason.startswith(reason)
    assert report.imported_ids == ["un-bon-article"]
    assert sorted(p.name for p in archive.paths.articles_dir.glob("*.md")) == ["un-bon-article.md"]


def test_a_folder_is_walked_and_a_saved_page_folder_is_passed_over(
    archive: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    (folder / "2019" / "page_files").mkdir(parents=True)
    body = f"<p>{PARAGRAPH}</p><p>{SECOND}</p>"
    (folder / "2019" / "page.html").write_text(page("Sauvegardée complète", body), "utf-8")
    (folder / "2019" / "page_files" / "pub.html").write_text(page("Publicité", body), "utf-8")
    (folder / "2019" / "page_files" / "style.css").write_text("body {}", "utf-8")
    notes = "Notes de lecture\nle 3 février 2021\n\nUn livre sur l'histoire des centres de données."
    (folder / "notes.txt").write_text(notes, "utf-8")
    (folder / ".cache.txt").write_text(dispatch("Caché"), "utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    report = archive.import_files([folder])
    assert sorted(report.imported_ids) == ["notes-de-lecture", "sauvegardee-complete"]
    assert report.of_status("skipped") == []
    assert archive.articles["notes-de-lecture"].published == dt.date(2021, 2, 3)


def test_a_latin_1_file_and_an_english_one_are_imported_and_said_so(
    archive: Library, tmp_path: Path
) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes(dispatch("Été difficile pour Nuagique").encode("cp1252"))
    english = tmp_path / "english.txt"
    english.write_text(
        "Nuagique raises funds\n\nThe Lyon start-up Nuagique said on Monday that it has raised "
        "12 million euros from a group of investors led by Horizon Capital. The company was "
        "founded in 2016 and is planning to open a data centre in the spring.\n",
        encoding="utf-8",
    )
    report = archive.import_files([latin, english])
    assert archive.articles["ete-difficile-pour-nuagique"].title == "Été difficile pour Nuagique"
    assert "l'État" not in archive.articles["ete-difficile-pour-nuagique"].text
    assert "d'euros" in archive.articles["ete-difficile-pour-nuagique"].text
    article = archive.articles["nuagique-raises-funds"]
    assert article.language == "en"
    outcome = next(o for o in report.outcomes if o.article_id == article.id)
    assert "language 'en'" in outcome.notes[0]


def test_imported_articles_are_indexed_alone_and_found(archive: Library, tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text(dispatch("Nuagique lève des fonds"), encoding="utf-8")
    archive.import_files([first])
    assert archive.ensure_index().rebuilt
    second = tmp_path / "b.txt"
    second.write_text(
        "Horizon Capital investit à Villeurbanne\n\nLe fonds lyonnais s'installe à "
        "Villeurbanne, où il ouvrira ses bureaux en septembre.",
        encoding="utf-8",
    )
    archive.import_files([second])
    report = archive.ensure_index()
    assert not report.rebuilt
    assert report.added == ["horizon-capital-investit-a-villeurbanne"]
    hits = archive.search("villeurbanne").hits
    assert {hit.id for hit in hits} == {
        "nuagique-leve-des-fonds",
        "horizon-capital-investit-a-villeurbanne",
    }


def test_an_interrupted_import_leaves_no_orphan_capture_and_finishes_when_run_again(
    archive: Library, tmp_path: Path
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(dispatch("Nuagique lève des fonds"), encoding="utf-8")
    raw_dir = archive.paths.articles_dir / "raw"
    # As a kill between the capture and the article file leaves them: journalled capture only.
    orphan = raw_dir / "0123456789abcdef.txt"
    orphan.write_bytes(source.read_bytes())
    (raw_dir / JOURNAL).write_text(orphan.name + "\n", encoding="utf-8")
    reopened = Library.open(archive.paths.root)
    assert not orphan.exists()
    assert not (raw_dir / JOURNAL).exists()
    assert reopened.import_files([source]).imported_ids == ["nuagique-leve-des-fonds"]
    reopened.close()


def test_a_journalled_capture_an_article_names_is_kept(archive: Library, tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(dispatch("Nuagique lève des fonds"), encoding="utf-8")
    archive.import_files([source])
    capture = archive.articles["nuagique-leve-des-fonds"].source_file
    raw_dir = archive.paths.articles_dir / "raw"
    (raw_dir / JOURNAL).write_text(f"{capture}\n", encoding="utf-8")  # killed before striking it
    Importer(archive.paths, archive.articles)
    assert (raw_dir / str(capture)).exists()


def test_ids_are_readable_and_unique(archive: Library, tmp_path: Path) -> None:
    assert (
        slug("L’État cède 33 % de « Nuagique » à Horizon!")
        == "l-etat-cede-33-de-nuagique-a-horizon"
    )
    assert len(slug("mot " * 40)) <= 60
    bodies = [PARAGRAPH, SECOND, "Une troisième dépêche, brève, sur un autre sujet encore."]
    for number, body in enumerate(bodies):
        (tmp_path / f"{number}.txt").write_text(f"Même titre\n\n{body}", "utf-8")
    report = archive.import_files(sorted(tmp_path.glob("?.txt")))
    assert report.imported_ids == ["meme-titre", "meme-titre-2", "meme-titre-3"]


def test_metadata_a_person_corrects_or_confirms_is_no_longer_inferred_nor_missing(
    archive: Library, tmp_path: Path
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(dispatch("Nuagique lève des fonds"), encoding="utf-8")
    (article,) = archive.import_files([source]).articles
    assert "published" in article.inferred
    values = {
        "author": parse_metadata("author", "  Jeanne   Martin "),
        "published": parse_metadata("published", "2014-11-27"),  # confirmed as it was
    }
    saved = archive.save_article(corrected(article, values))
    assert saved.author == "Jeanne Martin"
    assert saved.published == dt.date(2014, 11, 27)
    assert "published" not in saved.inferred
    assert saved.missing == ("publication",)
    assert saved.text == article.text
    reopened = Library.open(archive.paths.root)
    assert reopened.articles[saved.id] == dataclasses.replace(saved, path=saved.path)
    assert reopened.article_problems == []
    reopened.close()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("published", "27/11/2014", "write it YYYY-MM-DD"),
        ("published", "2014-02-30", "is not a date"),
        ("language", "français", "not a language code"),
        ("title", "   ", "cannot be empty"),
    ],
)
def test_bad_metadata_is_refused_with_what_is_wrong(name: str, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_metadata(name, text)
