"""The kinds of record are declared once; everything that lists them agrees with it."""

from __future__ import annotations

from archive_gui.core.facts.records import RECORD_TYPES
from archive_gui.core.kinds import FACT_KINDS, KINDS, SECTIONS, TAB_KINDS, kind_title


def test_every_record_class_has_its_kind_and_every_kind_its_class() -> None:
    assert set(RECORD_TYPES) == {kind.name for kind in KINDS} == set(SECTIONS)


def test_the_fact_kinds_have_tabs_one_to_n_colours_and_their_own_shortcuts() -> None:
    assert [kind.tab for kind in TAB_KINDS] == list(range(1, len(FACT_KINDS) + 1))
    assert all(kind.colour is not None for kind in TAB_KINDS)
    shortcuts = [kind.new_shortcut for kind in TAB_KINDS]
    assert all(shortcuts)
    assert len(set(shortcuts)) == len(shortcuts)
    assert len({kind.section for kind in KINDS}) == len(KINDS)


def test_a_kind_has_a_title_and_an_unknown_one_its_name() -> None:
    assert kind_title("company") == "Company"
    assert kind_title("article_note") == "Article note"
    assert kind_title("some_new_kind") == "some new kind"
