"""Every query form on the real index of the bundled articles, and exact hit offsets."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.library import Library
from archive_gui.core.search import index as search_index
from archive_gui.core.search.index import MAX_EXPANSIONS, WhooshIndex
from archive_gui.core.search.results import QueryError, SearchResults
from tests.conftest import ArticleWriter, mixed_articles


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    import shutil

    from tests.conftest import BUNDLED_ARTICLES

    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(BUNDLED_ARTICLES, root / "articles")
    opened = Library.open(root)
    opened.ensure_index()
    yield opened
    opened.close()


def ids(results: SearchResults) -> set[str]:
    return {hit.id for hit in results.hits}


def hit_words(results: SearchResults, article_id: str) -> list[str]:
    [hit] = [h for h in results.hits if h.id == article_id]
    return [span.text for span in hit.hits]


def test_one_word_finds_the_articles_that_say_it(library: Library) -> None:
    assert ids(library.search("Cloudwatt")) == {
        "orange-reprendrait-cloudwatt",
        "numergy-repris-par-sfr",
        "sfr-rachete-numergy",
    }


def test_accents_need_not_be_typed(library: Library) -> None:
    results = library.search("thales")
    assert ids(results) == {"orange-reprendrait-cloudwatt", "sfr-rachete-numergy"}
    assert hit_words(results, "sfr-rachete-numergy") == ["Thalès"]


def test_plural_typed_finds_singular_printed(library: Library) -> None:
    words = hit_words(library.search("hebergeurs"), "fluxus-passe-sous-drapeau-anglais")
    assert "hébergeur" in words
    assert "hébergeurs" in words


def test_elided_words_are_found(library: Library) -> None:
    # "l’opérateur" (typographic apostrophe) and "l'opérateur" (straight) in two articles.
    results = library.search("operateur")
    assert {"numergy-repris-par-sfr", "fluxus-passe-sous-drapeau-anglais"} <= ids(results)
    assert "opérateur" in hit_words(results, "sfr-rachete-numergy")


def test_numbers_typed_without_their_space(library: Library) -> None:
    for query in ("4000", "4 000"):
        results = library.search(query)
        assert hit_words(results, "fluxus-passe-sous-drapeau-anglais") == ["4\u00a0000"] * 2


def test_phrase_matches_adjacent_words_only(library: Library) -> None:
    results = library.search('"salle blanche"')
    assert ids(results) == {"fluxus-passe-sous-drapeau-anglais", "plan-social-chez-fluxus"}
    assert hit_words(results, "plan-social-chez-fluxus") == [
        "salle blanche",
        "salle blanche",
        "salles blanches",
    ]


def test_phrase_across_a_stop_word(library: Library) -> None:
    assert ids(library.search('"procédure de sauvegarde"')) == {
        "numergy-repris-par-sfr",
        "sfr-rachete-numergy",
    }


def test_and_or_not(library: Library) -> None:
    assert ids(library.search("Orange AND Thales")) == {
        "orange-reprendrait-cloudwatt",
        "sfr-rachete-numergy",
    }
    assert ids(library.search("fluxus OR numergy")) == {
        "fluxus-passe-sous-drapeau-anglais",
        "plan-social-chez-fluxus",
        "numergy-repris-par-sfr",
        "sfr-rachete-numergy",
        "orange-reprendrait-cloudwatt",
    }
    assert ids(library.search("numergy NOT Thales")) == {"numergy-repris-par-sfr"}


def test_words_are_all_required_by_default(library: Library) -> None:
    assert ids(library.search("Lovera fluxus")) == {
        "fluxus-passe-sous-drapeau-anglais",
        "plan-social-chez-fluxus",
    }
    assert ids(library.search("Lovera numergy")) == set()


def test_not_terms_are_not_highlighted(library: Library) -> None:
    words = hit_words(library.search("numergy NOT thales"), "numergy-repris-par-sfr")
    assert set(words) == {"Numergy"}


def test_prefix_matches_words_not_stems(library: Library) -> None:
    results = library.search("héberg*")
    words = set(hit_words(results, "fluxus-passe-sous-drapeau-anglais"))
    assert {"hébergement", "hébergeur", "hébergeurs"} <= words
    # "hébergem" is longer than the stem "heberg": it must still find "hébergement".
    results = library.search("hebergem*")
    assert ids(results) == {"fluxus-passe-sous-drapeau-anglais", "plan-social-chez-fluxus"}
    assert set(hit_words(results, "plan-social-chez-fluxus")) == {"hébergement"}


def test_fielded_queries(library: Library) -> None:
    assert ids(library.search("title:numergy")) == {"numergy-repris-par-sfr", "sfr-rachete-numergy"}
    assert ids(library.search("author:pontiroli")) == {"numergy-repris-par-sfr"}
    assert ids(library.search("author:morel")) == {"fluxus-passe-sous-drapeau-anglais"}
    assert ids(library.search('publication:"journal du net"')) == {
        "fluxus-passe-sous-drapeau-anglais",
        "plan-social-chez-fluxus",
    }


def test_title_hits_carry_title_offsets(library: Library) -> None:
    [hit] = library.search("title:fluxus AND title:social").hits
    title_spans = [s for s in hit.hits if s.field == "title"]
    assert [hit.title[s.start : s.end] for s in title_spans] == ["social", "Fluxus"]


def test_dates_and_date_ranges(library: Library) -> None:
    assert ids(library.search("date:2015")) == {
        "orange-reprendrait-cloudwatt",
        "numergy-repris-par-sfr",
        "sfr-rachete-numergy",
    }
    assert ids(library.search("date:[2001 TO 2002]")) == {
        "fluxus-passe-sous-drapeau-anglais",
        "plan-social-chez-fluxus",
    }
    assert ids(library.search("date:2015-12")) == {"numergy-repris-par-sfr", "sfr-rachete-numergy"}
    assert ids(library.search("cloud date:2015-01")) == {"orange-reprendrait-cloudwatt"}


def test_results_are_ranked_by_relevance(empty_archive: Path, write_article: ArticleWriter) -> None:
    """The article that is about the word comes first: said often in a short text, before
    said twice in a longer one, before said once in passing in a long one."""
    filler = " ".join(f"mot{i}" for i in range(300))
    write_article("en-passant", f"{filler} Le datacentre est cité une fois. {filler}")
    write_article("deux-fois", f"Un datacentre ici, un datacentre là. {filler}")
    write_article("sujet", "Le datacentre, le datacentre, encore le datacentre : datacentre.")
    write_article("hors-sujet", f"Rien à voir. {filler}")
    library = Library.open(empty_archive)
    try:
        results = library.search("datacentre")
        assert [hit.id for hit in results.hits] == ["sujet", "deux-fois", "en-passant"]
        scores = [hit.score for hit in results.hits]
        assert scores[0] > scores[1] > scores[2] > 0
    finally:
        library.close()


def test_limit_keeps_the_total(library: Library) -> None:
    results = library.search("cloud", limit=1)
    assert len(results.hits) == 1
    assert results.total == 3


def test_every_hit_is_returned_at_its_exact_offsets(library: Library) -> None:
    article = library.article("fluxus-passe-sous-drapeau-anglais")
    [hit] = [h for h in library.search("Lovera").hits if h.id == article.id]
    expected = [(m.start(), m.end()) for m in re.finditer("Lovera", article.text)]
    assert [(s.start, s.end) for s in hit.hits] == expected
    assert len(expected) == 4


def test_snippets_are_exact_slices_holding_their_hits(library: Library) -> None:
    for hit in library.search("cloud souverain").hits:
        text = library.article(hit.id).text
        assert hit.snippets
        for snippet in hit.snippets:
            assert text[snippet.start : snippet.end] == snippet.text
            for span in snippet.hits:
                assert snippet.start <= span.start < span.end <= snippet.end
                assert text[span.start : span.end] == span.text
        for span in hit.hits:
            assert text[span.start : span.end] == span.text


def test_without_highlight_no_offsets_are_computed(library: Library) -> None:
    [hit] = library.search("Lovera date:2002", highlight=False).hits
    assert hit.id == "plan-social-chez-fluxus"
    assert hit.hits == ()
    assert hit.snippets == ()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"salle blanche', "unbalanced quotes"),
        ("(cloud OR fluxus", "unbalanced '('"),
        ("date:[2014 TO 2016", "unbalanced '['"),
        ("colour:red", "unknown field 'colour:'"),
        ("date:demain", "Dates are written 2015"),
        ("   ", "empty query"),
        ("le la les", "only common words"),
        ("cloud OR", "'OR' needs a word on each side"),
        ("AND numergy", "'AND' needs a word on each side"),
        ("title:", "'title:' needs a word after it"),
        ("title: numergy", "'title:' needs a word after it"),
    ],
)
def test_bad_queries_get_a_message(library: Library, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        library.search(query)


def test_prefix_expansion_is_bounded_to_the_most_frequent_words(
    write_article: ArticleWriter, empty_archive: Path
) -> None:
    # One article per rare word "zeta000".."zeta099", and one common word in many articles.
    for i in range(100):
        write_article(f"a{i:03d}", f"zeta{i:03d} texte" + (" zetacommun" if i % 2 else ""))
    index = WhooshIndex(empty_archive / "index")
    index.sync(load_articles(empty_archive / "articles").articles)
    results = index.search("zeta*", limit=200)
    found = {span.text for hit in results.hits for span in hit.hits}
    assert "zetacommun" in found
    assert len(found) <= MAX_EXPANSIONS
    assert results.total >= 50
    index.close()


def test_an_archive_with_no_article_yet_finds_nothing_without_error(
    empty_archive: Path, write_article: ArticleWriter
) -> None:
    library = Library.open(empty_archive)
    try:
        library.ensure_index()
        results = library.search('cloud OR "cloud souverain" OR clou*')
        assert results.total == 0
        assert results.hits == ()
    finally:
        library.close()
    write_article("premier", "Le cloud souverain arrive.")
    reopened = Library.open(empty_archive)
    try:
        reopened.ensure_index()
        assert [hit.id for hit in reopened.search("cloud").hits] == ["premier"]
    finally:
        reopened.close()


def test_a_prefix_finds_a_word_of_one_small_segment_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words of a prefix are ranked on the largest segments; a word that only a later,
    small segment holds is still found."""
    monkeypatch.setattr(search_index, "PREFIX_SAMPLE", 10)  # the first segment is enough
    articles = mixed_articles(60)
    index = WhooshIndex(tmp_path / "index", processes=1)
    index.sync(articles)
    added = dataclasses.replace(
        articles["mix-001"],
        id="zorg",
        text="Le projet Zorglubien arrive.",
        content_hash="zorg",
    )
    assert index.sync({**articles, "zorg": added}).added == ["zorg"]
    assert [h.id for h in index.search("zorglub*").hits] == ["zorg"]
    index.close()
