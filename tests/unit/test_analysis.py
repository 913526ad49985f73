"""The French analysis: what a user types meets what the article says."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.search.analysis import (
    WORD_MARK,
    analyze,
    french_analyzer,
    index_terms,
    normalize_query_numbers,
)
from tests.conftest import BUNDLED_ARTICLES


def terms(text: str) -> list[str]:
    return [term for term, _, _ in analyze(text)]


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("thales", "Thalès"),
        ("THALES", "Thalès"),
        ("hebergeurs", "hébergeurs"),
        ("hebergeur", "Hébergeurs"),
        ("donnees", "données"),
        ("etat", "l’État"),
        ("coeur", "cœur"),
        ("numergy", "NUMERGY"),
    ],
)
def test_case_and_accents_fold(typed: str, printed: str) -> None:
    assert terms(typed) == terms(printed)


@pytest.mark.parametrize(
    "elided",
    [
        "l'hébergeur",
        "l’hébergeur",
        "d'hébergeur",
        "d’hébergeur",
        "qu'hébergeur",
        "qu’hébergeur",
        "n'hébergeur",
        "s'hébergeur",
        "jusqu'hébergeur",
        "lorsqu’hébergeur",
    ],
)
def test_elisions_are_dropped_with_either_apostrophe(elided: str) -> None:
    assert terms(elided) == terms("hébergeur")


def test_elision_offsets_cover_the_word_only() -> None:
    text = "selon l’opérateur"
    [(_, start, end)] = [t for t in analyze(text) if t[0].startswith("oper")]
    assert text[start:end] == "opérateur"


def test_apostrophe_inside_a_word_is_kept() -> None:
    assert terms("aujourd'hui") == ["aujourd'hui"]


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"])
def test_no_break_spaces_separate_words(space: str) -> None:
    assert terms(f"cloud{space}souverain") == terms("cloud souverain")
    assert len(terms(f"cloud{space}souverain")) == 2


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("4 000 m2", "4000"),
        ("4\u00a0000 m2", "4000"),
        ("55\u202f000 km", "55000"),
        ("29 242 500 euros", "29242500"),
    ],
)
def test_thousands_written_with_spaces_match_digits_typed_without(printed: str, typed: str) -> None:
    assert terms(printed)[0] == terms(typed)[0] == typed


def test_number_offsets_cover_the_spaced_number() -> None:
    text = "un datacenter de 4\u00a0000 m2"
    [(_, start, end)] = [t for t in analyze(text) if t[0] == "4000"]
    assert text[start:end] == "4\u00a0000"


def test_query_numbers_typed_with_spaces_are_joined() -> None:
    assert normalize_query_numbers("4 000 m2") == "4000 m2"
    assert normalize_query_numbers("55\u00a0000 km") == "55000 km"
    assert normalize_query_numbers("en 2014 200 salariés") == "en 2014 200 salariés"


def test_decimal_numbers_stay_one_term() -> None:
    assert "16,3" in terms("16,3 millions")


def test_french_stop_words_are_dropped() -> None:
    assert terms("le la les de des du et à été était") == []


def test_plurals_and_singulars_share_a_stem() -> None:
    assert terms("salles blanches") == terms("salle blanche")
    assert terms("acteurs") == terms("acteur")


@pytest.mark.parametrize("form", ["rachète", "racheté", "racheter", "rachats"])
def test_forms_of_rachat_match(form: str) -> None:
    assert terms(form) == terms("rachat")


@pytest.mark.parametrize("form", ["reprendrait", "reprend", "repris"])
def test_forms_of_reprise_match(form: str) -> None:
    assert terms(form) == terms("reprise")


def test_decomposed_accents_make_one_word() -> None:
    assert terms("he\u0301bergeurs") == terms("hébergeurs")


def test_every_offset_points_at_its_word() -> None:
    text = "L’opérateur de Patrick Drahi annonce l'acquisition de 33 % détenue par l’État."
    for term, start, end in analyze(text):
        word = text[start:end]
        assert word.strip() == word
        assert terms(word) == [term]


def test_untokenized_query_text_is_not_stemmed() -> None:
    """Prefix text from the query parser must stay a prefix of words, not become a stem."""
    tokens = [t.text for t in french_analyzer()("Hébergeme", tokenize=False, mode="query")]
    assert tokens == [WORD_MARK + "hebergeme"]


def test_indexing_keeps_each_word_beside_its_stem() -> None:
    indexed = [(t.text, t.startchar) for t in french_analyzer()("Hébergements", chars=True)]
    assert indexed == [(WORD_MARK + "hebergements", 0), ("heberg", 0)]


def indexed_by_analyzer(text: str) -> dict[str, list[int]]:
    """Term -> [position, start, end, ...], as Whoosh's analyzer chain indexes ``text``."""
    found: defaultdict[str, list[int]] = defaultdict(list)
    for token in french_analyzer()(text, positions=True, chars=True, mode="index"):
        found[token.text] += (token.pos, token.startchar, token.endchar)
    return dict(found)


def test_fast_indexing_gives_the_analyzers_terms_on_the_articles() -> None:
    for article in load_articles(BUNDLED_ARTICLES).articles.values():
        assert index_terms(article.text) == indexed_by_analyzer(article.text)
        assert index_terms(article.title) == indexed_by_analyzer(article.title)


# Pieces of French text where analysis has cases: elisions, stop words, spaced thousands,
# decimals, accents, ligatures, no-break spaces, punctuation.
PIECES = st.sampled_from(
    [
        *("l'", "d’", "qu'", "jusqu’", "aujourd'hui", "L’État", "n'est", "s’est", "l'"),
        *("le", "la", "les", "de", "des", "et", "hébergeurs", "Hébergement", "cœur", "THALÈS"),
        *("4", "000", "29\u202f242\u00a0500", "1", "2345", "16,3", "%", "2015", "m2"),
        *("«", "»", ",", ".", "-", "salle", "blanche"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30), st.sampled_from([" ", "", "\u00a0", "\n"]))
def test_fast_indexing_gives_the_analyzers_terms(pieces: list[str], glue: str) -> None:
    text = glue.join(pieces)
    assert index_terms(text) == indexed_by_analyzer(text)
