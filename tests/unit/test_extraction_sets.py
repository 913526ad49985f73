"""Extraction scored on the labelled sets of ``tests/data/extraction/``. Each set after ``dev``
was written as a held-out set by someone who never read the code, and measured once as it came
(the first runs are in docs/benchmarks.md); its misses were read afterwards and the patterns
worked on, so it is development material now, but for the newest, heldout10, which nothing
was changed for (a comparison printed its misses once, after its first run). These tests keep
every set from falling below what it reaches today, and hold issue 13's goal on the newest set,
which met it at its first run."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_gui.core.facts.evaluation import Evaluation, evaluate

SETS = Path(__file__).resolve().parents[1] / "data" / "extraction"

# set: deal precision and recall, share of deals found with the right sellers and stakes,
# share of figures found given to the right company, company recall, person recall
REACHED = {
    "dev": (0.95, 0.85, 0.8, 0.9, 0.95, 0.95),
    "heldout": (0.9, 0.85, 0.9, 1.0, 0.9, 1.0),
    "heldout-b": (1.0, 1.0, 0.9, 0.95, 0.9, 1.0),
    "heldout2": (1.0, 1.0, 1.0, 0.9, 1.0, 1.0),
    "heldout3": (0.8, 0.85, 0.9, 0.9, 0.95, 1.0),
    "heldout4": (0.95, 0.8, 0.9, 0.9, 0.9, 1.0),
    "heldout5": (1.0, 0.8, 0.85, 0.9, 0.9, 0.9),
    "heldout6": (1.0, 0.95, 0.85, 0.9, 0.9, 0.9),
    "heldout7": (0.95, 0.9, 0.9, 0.9, 0.95, 0.95),
    "heldout8": (0.95, 0.9, 0.85, 0.9, 0.95, 1.0),
    # first run (before anyone read it): 0.95 / 0.76, 0.60, 0.88, 0.95, 0.98
    "heldout9": (0.95, 0.95, 0.8, 0.85, 0.95, 0.95),
    # its first run (0.94 / 0.88, 0.81, 0.92, 0.93, 1.00); nothing tuned on it
    "heldout10": (0.9, 0.85, 0.8, 0.9, 0.9, 1.0),
}
NEWEST = "heldout10"


def measures(result: Evaluation) -> tuple[float, ...]:
    deals = result.scores["deal"]
    return (
        deals.precision,
        deals.recall,
        result.share(result.deal_details["sellers and stakes"]),
        result.share(result.figure_entities),
        result.scores["company"].recall,
        result.scores["person"].recall,
    )


@pytest.mark.parametrize("name", list(REACHED))
def test_a_set_keeps_what_extraction_reached_on_it(name: str) -> None:
    reached = measures(evaluate(SETS / name))
    assert all(now >= floor for now, floor in zip(reached, REACHED[name], strict=True)), reached


def test_the_newest_held_out_set_reaches_the_goal() -> None:
    result = evaluate(SETS / NEWEST)
    deals = result.scores["deal"]
    assert deals.precision >= 0.8
    assert deals.recall >= 0.8
    assert result.share(result.deal_details["sellers and stakes"]) >= 0.8
    assert result.share(result.figure_entities) >= 0.9
