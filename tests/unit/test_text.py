"""One way to fold text and read French numbers, whichever part asks."""

from __future__ import annotations

import pytest

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.editing import new_record
from archive_gui.core.facts.extraction import figure_in
from archive_gui.core.facts.records import FactStore, Figure
from archive_gui.core.text import fold, fold_in_place, number_in, parse_number


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("400 millions", 400e6),
        ("1,2 milliard", 1.2e9),
        ("3 Mds", 3e9),
        ("14 M€", 14e6),
        ("3\u00a0000\u00a0000", 3e6),
        ("29\u202f242\u202f500", 29_242_500),
        ("12 %", 12),
        ("16,3", 16.3),
        ("-4,5", -4.5),
        ("12 m de câble", 12),  # metres, not millions
    ],
)
def test_a_number_reads_with_its_scale(printed: str, value: float) -> None:
    assert number_in(printed) == pytest.approx(value)


def test_no_number_is_none_and_a_bad_one_an_error() -> None:
    assert number_in("aucun chiffre") is None
    with pytest.raises(ValueError, match="could not convert"):
        parse_number("douze")


@pytest.mark.parametrize(
    "passage",
    ["400 millions d'euros", "1,2 milliard d'euros", "3\u00a0000\u00a0000 euros", "14 M€"],
)
def test_a_selection_gives_the_value_extraction_gives(passage: str) -> None:
    """New Figure from a selection and extraction read the same passage alike."""
    article = Article(
        id="a", title="t", published=None, text=f"Le chiffre : {passage}.", source_file=""
    )
    start = article.text.index(passage)
    record = new_record(FactStore(), "figure", article, start, start + len(passage)).new
    found = figure_in(passage)
    assert isinstance(record, Figure)
    assert found is not None
    assert record.value == pytest.approx(found[1])
    assert record.value == pytest.approx(number_in(passage))


def test_folding() -> None:
    assert fold("Thalès") == fold("THALES") == "thales"
    assert fold("Œuvre") == "oeuvre"
    text = "Œuvre à Thalès"
    assert len(fold_in_place(text)) == len(text)
    assert fold_in_place(text).index("thales") == text.index("Thalès")
