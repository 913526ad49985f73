"""Anchors survive edits of their article: exact, moved with their context, proposed for a
person to confirm, or orphaned; never moved onto words that say something else."""

from __future__ import annotations

import dataclasses

from hypothesis import assume, event, example, given, settings
from hypothesis import strategies as st

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.facts.anchors import (
    MOVED,
    ORPHANED,
    PROPOSED,
    UNCHANGED,
    keeps_words,
    make_anchor,
    reanchor,
    relocate,
)
from tests.conftest import BUNDLED_ARTICLES

TEXT = load_articles(BUNDLED_ARTICLES).articles["numergy-repris-par-sfr"].text
# "l'acquisition de la participation de 33 % détenue par la Caisse des Dépôts"
QUOTE = "acquisition de la participation de 33 % détenue par la Caisse des Dépôts"
START = TEXT.index(QUOTE)
ANCHOR = make_anchor("numergy", TEXT, START, START + len(QUOTE))

insertions = st.text(alphabet="abcdéèàç ,.'’\n0123456789", min_size=1, max_size=60)


def test_unchanged_text_keeps_the_anchor() -> None:
    assert reanchor(ANCHOR, TEXT) == ANCHOR


@given(offset=st.integers(min_value=0, max_value=len(TEXT)), inserted=insertions)
@settings(max_examples=150, deadline=None)
def test_insertions_outside_the_passage_move_it_exactly(offset: int, inserted: str) -> None:
    if ANCHOR.start < offset < ANCHOR.end:
        offset = ANCHOR.start
    edited = TEXT[:offset] + inserted + TEXT[offset:]
    placement = relocate(ANCHOR, edited)
    moved = placement.anchor
    shift = len(inserted) if offset <= ANCHOR.start else 0
    assert placement.outcome in (UNCHANGED, MOVED)
    assert not moved.awaiting_confirmation
    assert (moved.start, moved.end) == (ANCHOR.start + shift, ANCHOR.end + shift)
    assert moved.quote == QUOTE


@given(
    a=st.integers(min_value=0, max_value=len(TEXT)), b=st.integers(min_value=0, max_value=len(TEXT))
)
@settings(max_examples=150, deadline=None)
def test_deletions_outside_the_passage_move_it_exactly(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    if hi > ANCHOR.start and lo < ANCHOR.end:
        return  # the deletion touches the passage: covered below
    edited = TEXT[:lo] + TEXT[hi:]
    moved = reanchor(ANCHOR, edited)
    shift = hi - lo if hi <= ANCHOR.start else 0
    assert (moved.start, moved.end, moved.quote) == (
        ANCHOR.start - shift,
        ANCHOR.end - shift,
        QUOTE,
    )


@given(
    at=st.integers(min_value=1, max_value=len(QUOTE) - 1),
    removed=st.integers(min_value=0, max_value=3),
    inserted=st.text(alphabet="xyzé ", max_size=3),
)
@example(at=2, removed=3, inserted=" ")  # "ac sition": a word cut, found a word too early
@settings(max_examples=150, deadline=None)
def test_small_edits_inside_the_passage_are_proposed_or_orphaned_never_saved(
    at: int, removed: int, inserted: str
) -> None:
    removed = min(removed, len(QUOTE) - at)  # the edit stays inside the passage
    cut = START + at
    edited = TEXT[:cut] + inserted + TEXT[cut + removed :]
    assume(edited != TEXT)  # an edit that changes nothing says nothing of the passage
    placement = relocate(ANCHOR, edited)
    moved = placement.anchor
    event(placement.outcome)
    if placement.outcome == ORPHANED:
        # Only an edit that loses a word of the quote is refused (a word run into the text
        # after the passage is lost too).
        end = START + len(QUOTE) + len(inserted) - removed
        while end < len(edited) and edited[end].isalnum() and edited[end - 1].isalnum():
            end += 1
        assert not keeps_words(QUOTE, edited[START:end])
        assert moved == dataclasses.replace(ANCHOR, orphaned=True)
    else:
        assert placement.outcome in (PROPOSED, UNCHANGED)
        assert moved.quote == edited[moved.start : moved.end]
        # Until a person confirms it, what is saved is the original passage.
        assert moved.stored == ANCHOR
        assert "33" in moved.quote
        # The new passage covers where the old one now stands, give or take the edit itself.
        slack = len(inserted) + removed + 2
        assert abs(moved.start - START) <= slack
        assert abs(moved.end - (START + len(QUOTE) + len(inserted) - removed)) <= slack


@given(edit=st.text(alphabet="qwxz", min_size=1, max_size=20), at=st.integers(0, len(TEXT)))
@settings(max_examples=50, deadline=None)
def test_an_anchor_is_never_dropped(edit: str, at: int) -> None:
    edited = TEXT[:at] + edit + TEXT[at + 200 :]
    moved = reanchor(ANCHOR, edited)
    assert moved.article == ANCHOR.article
    assert moved.orphaned or edited[moved.start : moved.end] == moved.quote


def test_a_rewritten_passage_is_orphaned_and_kept() -> None:
    edited = TEXT.replace(QUOTE, "un tout autre propos, sans rapport avec le rachat")
    moved = reanchor(ANCHOR, edited)
    assert moved.orphaned
    assert moved.quote == QUOTE


def test_an_orphan_finds_its_way_back_when_the_text_returns() -> None:
    orphan = reanchor(ANCHOR, "texte vidé")
    assert orphan.orphaned
    assert reanchor(orphan, TEXT) == ANCHOR


def test_the_right_occurrence_of_a_repeated_quote_is_chosen_by_its_context() -> None:
    text = "Orange rachète Cloudwatt. Puis SFR rachète Numergy. Enfin SFR rachète Altice."
    second = text.index("rachète", 30)
    anchor = make_anchor("a", text, second, second + len("rachète"))
    edited = "Préambule. " + text.replace("Orange rachète", "Orange acquiert")
    moved = reanchor(anchor, edited)
    assert edited[moved.start - 4 : moved.end + 8] == "SFR rachète Numergy"


def test_a_typo_fixed_in_the_article_is_proposed_and_the_original_kept_until_confirmed() -> None:
    typo = TEXT.replace("participation", "participaton", 1)
    anchor = make_anchor("numergy", typo, START, START + len(QUOTE) - 1)
    placement = relocate(anchor, TEXT)
    assert placement.outcome == PROPOSED
    assert placement.anchor.quote == QUOTE
    assert placement.anchor.stored == anchor
    assert placement.anchor.confirm().stored == ANCHOR
    # Restoring the text the passage was made on restores the passage.
    assert relocate(placement.anchor, typo).anchor == anchor


NUMERGY = load_articles(BUNDLED_ARTICLES).articles["numergy-repris-par-sfr"].text
SENTENCE = "Le premier a été racheté par Orange - l'un de ses trois actionnaires - en mars. "
THREE = "l'un de ses trois actionnaires"


def test_a_passage_is_not_moved_onto_words_that_drop_its_figure() -> None:
    start = NUMERGY.index(THREE)
    anchor = make_anchor("numergy-repris-par-sfr", NUMERGY, start, start + len(THREE))
    edited = NUMERGY.replace(SENTENCE, "")
    assert "l'un de ses actionnaires" in edited
    placement = relocate(anchor, edited)
    assert placement.outcome == ORPHANED
    assert placement.anchor == dataclasses.replace(anchor, orphaned=True)
    assert relocate(placement.anchor, NUMERGY).anchor == anchor


def test_the_passage_after_a_deleted_sentence_moves_with_its_suffix() -> None:
    quote = "C'est désormais au second de se faire absorber"
    start = NUMERGY.index(quote)
    anchor = make_anchor("n", NUMERGY, start, start + len(quote))
    edited = NUMERGY.replace(SENTENCE, "")
    placement = relocate(anchor, edited)
    assert placement.outcome == MOVED
    assert placement.anchor.start == start - len(SENTENCE)
    assert not placement.anchor.awaiting_confirmation


def test_a_short_quote_does_not_jump_to_another_mention_without_its_context() -> None:
    first = NUMERGY.index("Numergy")
    anchor = make_anchor("n", NUMERGY, first, first + len("Numergy"))
    sentence_end = NUMERGY.index(".", first) + 1
    edited = NUMERGY[: first - 20] + "Rien de tout cela." + NUMERGY[sentence_end:]
    assert edited.count("Numergy") >= 2
    assert relocate(anchor, edited).outcome == ORPHANED


def test_a_short_quote_moves_when_its_context_holds() -> None:
    first = NUMERGY.index("Numergy")
    anchor = make_anchor("n", NUMERGY, first, first + len("Numergy"))
    edited = "Un chapeau ajouté en tête de l'article. " + NUMERGY
    placement = relocate(anchor, edited)
    assert placement.outcome == MOVED
    assert placement.anchor.start == first + len("Un chapeau ajouté en tête de l'article. ")


def test_a_passage_at_the_start_of_the_text_does_not_vouch_for_another_occurrence() -> None:
    text = "Numergy ferme. Plus tard, Numergy rouvre ses portes au public."
    anchor = make_anchor("n", text, 0, len("Numergy"))
    edited = "Atos ferme. Plus tard, Numergy rouvre ses portes au public."
    assert relocate(anchor, edited).outcome == ORPHANED


def test_words_that_must_survive_a_fuzzy_match() -> None:
    assert keeps_words("l'un de ses trois actionnaires", "l'un de ses troiss actionnaires") is False
    assert keeps_words("l'un de ses trois actionnaires", "l'un de ses actionnaires") is False
    assert keeps_words("une part de 33 %", "une part de 35 %") is False
    assert keeps_words("racheté par Orange", "racheté par Orangé") is True  # accents do not count
    assert keeps_words("racheté par Orange", "racheté par SFR") is False
    assert keeps_words("racheté par Cloudwat", "racheté par Cloudwatt") is True
    assert keeps_words("racheté par SFR", "racheté par SNR") is False
    assert keeps_words("la participation détenue", "la participaton détenue") is True
    assert keeps_words("la participation détenue", "la participation qu'elle a détenue") is True
