"""Anchors survive edits of their article: exact, by quote and context, fuzzy, or orphaned."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archive_gui.core.anchors import make_anchor, reanchor
from archive_gui.core.articles import load_articles
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
    moved = reanchor(ANCHOR, edited)
    shift = len(inserted) if offset <= ANCHOR.start else 0
    assert not moved.orphaned
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
@settings(max_examples=150, deadline=None)
def test_small_edits_inside_the_passage_re_anchor_on_the_edited_words(
    at: int, removed: int, inserted: str
) -> None:
    cut = START + at
    edited = TEXT[:cut] + inserted + TEXT[cut + removed :]
    moved = reanchor(ANCHOR, edited)
    assert not moved.orphaned
    assert moved.quote == edited[moved.start : moved.end]
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
