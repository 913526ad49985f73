"""Re-anchoring on a copy of the bundled archive: what a save may write after an article
changed, and what it must keep for a person to decide."""

from __future__ import annotations

from pathlib import Path

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.facts.editing import confirm_passage, set_review
from archive_gui.core.facts.records import CANDIDATE, CONFIRMED
from archive_gui.core.facts.session import FactsSession

NUMERGY = "numergy-repris-par-sfr"
SENTENCE = "Le premier a été racheté par Orange - l'un de ses trois actionnaires - en mars. "
THREE = "l'un de ses trois actionnaires"
FLUXUS = "fluxus-passe-sous-drapeau-anglais"
OPENING = "Avec l'apparition constante de nouveaux acteurs"
LONGER_OPENING = "Avec l'apparition de plus en plus constante de nouveaux acteurs"


def edit_article(archive: Path, article_id: str, old: str, new: str) -> str:
    """Replaces ``old`` by ``new`` in an article's file; returns the file's former text."""
    path = archive / "articles" / f"{article_id}.md"
    before = path.read_text("utf-8")
    assert before.count(old) == 1
    path.write_text(before.replace(old, new), "utf-8")
    return before


def open_session(archive: Path) -> FactsSession:
    return FactsSession.open(archive / "facts.yaml", load_articles(archive / "articles").articles)


def passage(session: FactsSession, record_id: str, quote: str) -> int:
    """The index of the record's passage that quoted ``quote`` when it was curated."""
    evidence = session.store[record_id].evidence
    [index] = [i for i, e in enumerate(evidence) if e.anchor.stored.quote == quote]
    return index


def touch_unrelated_record(session: FactsSession) -> None:
    """An edit that has nothing to do with the changed article: it saves the whole file."""
    session.commit([set_review(session.store, "att", CANDIDATE)])
    session.commit([set_review(session.store, "att", CONFIRMED)])


def test_a_deleted_sentence_does_not_move_its_figure_onto_another(archive: Path) -> None:
    original = edit_article(archive, NUMERGY, SENTENCE, "")
    session = open_session(archive)
    record = "cloudwatt-shareholder-count"
    anchor = session.store[record].evidence[passage(session, record, THREE)].anchor
    assert anchor.orphaned
    assert anchor.quote == THREE
    warnings = [p.message for p in session.problems if f"'{record}'" in p.message]
    assert len(warnings) == 1
    assert "orphaned" in warnings[0]

    touch_unrelated_record(session)
    saved = (archive / "facts.yaml").read_text("utf-8")
    assert f"quote: {THREE}\n" in saved

    (archive / "articles" / f"{NUMERGY}.md").write_text(original, "utf-8")
    restored = open_session(archive)
    back = restored.store[record].evidence[passage(restored, record, THREE)].anchor
    text = load_articles(archive / "articles").articles[NUMERGY].text
    assert not back.orphaned
    assert text[back.start : back.end] == THREE
    assert (back.start, back.end) == (389, 419)
    assert restored.problems == []


def test_passages_after_a_sentence_that_changed_length_are_moved_and_saved(
    archive: Path,
) -> None:
    edit_article(archive, FLUXUS, OPENING, LONGER_OPENING)
    session = open_session(archive)
    assert session.problems == []
    assert list(session.moved) == [FLUXUS]
    assert session.moved[FLUXUS] > 20
    text = load_articles(archive / "articles").articles[FLUXUS].text
    for record in session.store:
        for evidence in record.evidence:
            anchor = evidence.anchor
            if anchor.article == FLUXUS:
                assert text[anchor.start : anchor.end] == anchor.quote

    touch_unrelated_record(session)
    again = open_session(archive)
    assert (again.problems, again.moved) == ([], {})


def test_a_confirmed_proposal_is_saved_at_its_new_place(archive: Path) -> None:
    typo = "l'un de ses trois actionaires"
    edit_article(archive, NUMERGY, THREE, typo)
    session = open_session(archive)
    record = "cloudwatt-shareholder-count"
    index = passage(session, record, THREE)
    anchor = session.store[record].evidence[index].anchor
    assert anchor.awaiting_confirmation
    assert anchor.quote == typo

    touch_unrelated_record(session)
    assert f"quote: {THREE}\n" in (archive / "facts.yaml").read_text("utf-8")

    session.commit([confirm_passage(session.store, record, index)])
    assert f"quote: {typo}\n" in (archive / "facts.yaml").read_text("utf-8")
    # The deal's passage on the whole sentence still waits for its own confirmation.
    waiting = [p.message for p in open_session(archive).problems]
    assert waiting
    assert all(f"'{record}'" not in message for message in waiting)
